#!/usr/bin/env bash
# Serve a class: N `streamlit run app.py` processes behind nginx with sticky sessions.
#
#   deploy/classroom.sh start N [PORT]   N app processes on 127.0.0.1:8501..8500+N, nginx on PORT
#                                        (default 8080); returns once everything answers
#   deploy/classroom.sh stop             stop what `start` started (by the recorded process ids)
#   deploy/classroom.sh status           show what is running
#
# Environment:
#   LRL_RUN_DIR     where the rendered nginx config, pid files and logs go
#                   (default: ${TMPDIR:-/tmp}/lrl-classroom-$UID); one classroom per run dir
#   LRL_BASE_PORT   first app port minus one (default 8500: apps on 8501, 8502, ...)
#   LRL_BIND        address for nginx to listen on (default 127.0.0.1; see README before changing)
#   PYTHON          the interpreter that has Streamlit (default: python3)
#   LRL_NGINX       the nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
#
# nginx is Debian's package (`apt-get install nginx`); it runs from the run dir with its own pid
# file and logs, never as the system service. Everything listens on 127.0.0.1 unless LRL_BIND says
# otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${LRL_RUN_DIR:-${TMPDIR:-/tmp}/lrl-classroom-$(id -u)}"
BASE_PORT="${LRL_BASE_PORT:-8500}"
BIND="${LRL_BIND:-127.0.0.1}"
PYTHON="${PYTHON:-python3}"
NGINX_BIN="${LRL_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
unset NGINX # nginx reads this variable itself (sockets inherited during a binary upgrade)
TEMPLATE="$ROOT/deploy/nginx.conf.template"

die() {
  echo "classroom: $*" >&2
  exit 1
}

alive() { # a running (not zombie) process
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && ! grep -qs '^State:.*Z' "/proc/$1/status"
}

ours() { # ours PID WORD: the process is alive and its command line contains WORD (a pid file
  # left from an earlier boot could name an unrelated process by now)
  alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q -- "$2"
}

http_get() { # the body of URL, or nothing
  if command -v curl >/dev/null; then
    curl -s --max-time 2 "$1" 2>/dev/null || true
  else
    "$PYTHON" -c 'import sys, urllib.request as u; print(u.urlopen(sys.argv[1], timeout=2).read().decode(), end="")' "$1" 2>/dev/null || true
  fi
}

wait_for() { # wait_for URL EXPECTED SECONDS PID
  local url=$1 expected=$2 deadline=$((SECONDS + $3)) pid=${4:-}
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$(http_get "$url")" = "$expected" ]; then
      return 0
    fi
    if [ -n "$pid" ] && ! alive "$pid"; then
      return 1
    fi
    sleep 0.3
  done
  return 1
}

port_free() { # nobody answers on 127.0.0.1:PORT
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local n=${1:-} port=${2:-8080}
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "usage: $0 start N [PORT]   (N = number of app processes)"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  [ -x "$NGINX_BIN" ] || die "nginx not found ($NGINX_BIN); install it with: apt-get install -y nginx"
  "$PYTHON" -c "import streamlit" 2>/dev/null || die "$PYTHON cannot import streamlit"
  if ls "$RUN_DIR"/streamlit-*.pid >/dev/null 2>&1 || [ -f "$RUN_DIR/nginx.pid" ]; then
    die "already started from $RUN_DIR (run '$0 stop' first)"
  fi
  local p
  for ((i = 1; i <= n; i++)); do
    p=$((BASE_PORT + i))
    port_free "$p" || die "port $p is taken (set LRL_BASE_PORT)"
  done
  port_free "$port" || die "port $port is taken"

  mkdir -p "$RUN_DIR/tmp"
  chmod 755 "$RUN_DIR" "$RUN_DIR/tmp" # nginx's workers (user nobody when started as root)
  # One cookie secret shared by all processes: Streamlit's XSRF cookie then stays valid whichever
  # process a person is routed to (e.g. after one process is restarted). Passed by environment,
  # never on the command line.
  local secret
  secret="$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')"

  local servers="" pids=()
  for ((i = 1; i <= n; i++)); do
    p=$((BASE_PORT + i))
    (
      trap '' HUP # keep serving when the terminal that ran `start` closes
      cd "$ROOT"
      STREAMLIT_SERVER_COOKIE_SECRET="$secret" exec "$PYTHON" -m streamlit run app.py \
        --server.headless true --server.address 127.0.0.1 --server.port "$p" \
        --browser.gatherUsageStats false --server.fileWatcherType none \
        </dev/null >"$RUN_DIR/streamlit-$p.log" 2>&1
    ) &
    echo $! >"$RUN_DIR/streamlit-$p.pid"
    pids+=("$!")
    servers+="        server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'
  done

  local line
  while IFS= read -r line; do
    line="${line//@RUN_DIR@/$RUN_DIR}"
    line="${line//@LISTEN@/$BIND:$port}"
    if [ "$line" = "@SERVERS@" ]; then printf '%s' "$servers"; else printf '%s\n' "$line"; fi
  done <"$TEMPLATE" >"$RUN_DIR/nginx.conf"
  "$NGINX_BIN" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" </dev/null ||
    { stop >/dev/null; die "nginx rejected $RUN_DIR/nginx.conf"; }

  for ((i = 1; i <= n; i++)); do
    p=$((BASE_PORT + i))
    wait_for "http://127.0.0.1:$p/_stcore/health" ok 60 "${pids[i - 1]}" ||
      { stop >/dev/null; die "streamlit on port $p did not start; see $RUN_DIR/streamlit-$p.log"; }
  done

  # nginx daemonizes and writes $RUN_DIR/nginx.pid (its master process). Its output goes to its
  # log, so the daemon never holds the caller's terminal or pipes open.
  "$NGINX_BIN" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" </dev/null >>"$RUN_DIR/error.log" 2>&1 ||
    { stop >/dev/null; die "nginx did not start; see $RUN_DIR/error.log"; }
  wait_for "http://127.0.0.1:$port/_stcore/health" ok 20 ||
    { stop >/dev/null; die "nginx does not answer on port $port; see $RUN_DIR/error.log"; }
  echo "$port" >"$RUN_DIR/port"
  echo "classroom: $n app processes (127.0.0.1:$((BASE_PORT + 1))..$((BASE_PORT + n)))" \
    "behind nginx on http://$BIND:$port  (run dir $RUN_DIR)"
}

stop_pids() { # TERM every PID at once, wait up to 10 s for all, then KILL the rest
  local pid left
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    left=0
    for pid in "$@"; do alive "$pid" && left=1; done
    [ "$left" = 0 ] && return 0
    sleep 0.2
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
}

stop() {
  [ -d "$RUN_DIR" ] || { echo "classroom: nothing started from $RUN_DIR"; return 0; }
  local f pid pids=()
  # nginx first (QUIT: stop accepting, finish open requests), then the app processes.
  if [ -f "$RUN_DIR/nginx.pid" ]; then
    pid="$(cat "$RUN_DIR/nginx.pid")"
    if ours "$pid" nginx; then
      kill -QUIT "$pid" 2>/dev/null || true
      for _ in $(seq 1 25); do
        alive "$pid" || break
        sleep 0.2
      done
      stop_pids "$pid"
    fi
  fi
  for f in "$RUN_DIR"/streamlit-*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if ours "$pid" streamlit; then pids+=("$pid"); fi
  done
  [ "${#pids[@]}" = 0 ] || stop_pids "${pids[@]}"
  rm -f "$RUN_DIR"/streamlit-*.pid "$RUN_DIR/nginx.pid" "$RUN_DIR/port"
  echo "classroom: stopped (logs kept in $RUN_DIR)"
}

status() {
  local f pid any=0
  for f in "$RUN_DIR"/streamlit-*.pid "$RUN_DIR/nginx.pid"; do
    [ -f "$f" ] || continue
    any=1
    pid="$(cat "$f")"
    if alive "$pid"; then
      echo "$(basename "$f" .pid): running (pid $pid)"
    else
      echo "$(basename "$f" .pid): NOT running (pid $pid)"
    fi
  done
  [ "$any" = 1 ] || echo "classroom: nothing started from $RUN_DIR"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start N [PORT] | stop | status" ;;
esac
