"""How many people can one Streamlit process serve? Latency of a rerun as sessions are added.

Run: ``python deploy/loadtest.py`` (``--sessions 1,2,4,8,12,16``, ``--client browser|ws``;
``--help`` for the rest). Prints markdown tables.

For each k it opens k people at once against ONE ``streamlit run app.py`` process, each with their
own data (moons, seed i, 10,000 iterations at 5 per frame, so training never ends during the
measurement). Such a long run starts playing by itself once the page has trained for a moment;
live training (a fragment rerun every 1/3 s per person, carrying 4 frames the browser plays in
turn) is the app's heaviest load. Then:

* live updates (frames shown) per second per person, over ``--window`` s (the app asks for 12);
* server CPU: share of one core used by the Streamlit process, and CPU ms per live update;
* rerun latency: people take turns pressing Pause and then Play; each press is a full app rerun,
  queued behind everybody's live frames. The figure is the largest k whose median stays <= 1 s.

Two kinds of people (``--client``):

* ``browser`` (default): k contexts in one headless Chromium (/usr/bin/chromium, Playwright); the
  latency is click to new button on the page, timed inside the page with ``performance.now()``
  (Playwright's own overhead not counted), so it includes the browser drawing the charts. A
  newcomer also opens the app while the k play (navigation to charts).
* ``ws``: k websocket clients speaking Streamlit's protocol as the browser does (rerun requests
  with the query string and button triggers, fragment auto-reruns as the app asks, the
  cached-message list), with no drawing; the latency is request to ``script_finished``. This is
  the server alone, and scales to more people than one Chromium can draw on a small machine.

Setup matters (printed with the results): with 2+ CPUs the server is pinned to CPU 0 and the
clients (Chromium or this script) to the others (``--no-pin`` shares all). A Streamlit process runs
Python one thread at a time, so one process per core is the unit ``deploy/classroom.sh`` spreads
people over with nginx.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from logreg.ui.charts import SHOWN_ITERATION_JS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [  # as in tests/browser/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIMIT_S = 1.0

# Counts changes of the Iteration number shown (one per live frame; while training plays it is
# drawn in the live charts' frame, polled every 10 ms) and remembers the value.
WATCH = f"""() => {{
  if (window.__frames !== undefined) return;
  window.__frames = 0; window.__last = null;
  const shown = {SHOWN_ITERATION_JS};
  const read = () => {{
    const v = shown();
    if (v !== null && v !== window.__last) {{ window.__last = v; window.__frames += 1; }}
  }};
  setInterval(read, 10);
}}"""
# Click one transport button and time until the other one replaced it (a full rerun, drawn).
TOGGLE = """async ([click, want, timeoutMs]) => {
  const btn = document.querySelector(`.st-key-${click} button`);
  if (!btn) return null;
  const done = () => document.querySelector(`.st-key-${want}`)
    && !document.querySelector(`.st-key-${click}`);
  const t0 = performance.now();
  btn.click();
  return await new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      if (done()) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(document.body, {subtree: true, childList: true});
    setTimeout(() => { obs.disconnect(); resolve(-1); }, timeoutMs);
  });
}"""
# Connected, charts drawn (live pages are never "notRunning" for long: a rerun every 1/3 s).
IDLE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return app && app.dataset.testConnectionState === 'CONNECTED'
    && !document.querySelector("[data-testid='stSkeleton']")
    && (document.querySelectorAll('.st-key-pg_decision .js-plotly-plot .main-svg').length > 0
        // live training draws its charts in a component frame (logreg/ui/charts.py)
        || !!document.querySelector('.st-key-pg_live iframe')?.contentDocument
             ?.querySelector('.main-svg'))
    && (!!document.querySelector("[data-testid='stMetricValue']")
        || !!document.querySelector('.st-key-pg_live iframe')?.contentDocument
             ?.querySelector("[data-metric='Iteration']"));
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, cpus: set[int] | None) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=pin
    )
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc
        except OSError:
            pass
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("streamlit did not start")
        time.sleep(0.3)


def _query(seed: int) -> str:
    """A person's settings: their own data, and a training that outlasts the measurement."""
    return f"dataset=moons&seed={seed}&max_iter=10000&speed=5&n_samples=200"


def open_people(browser, url: str, k: int, first_seed: int, timeout_ms: int) -> tuple[list, list]:
    """k people at once, each with their own data and a long live training."""
    pages, loads = [], []
    t0 = time.perf_counter()
    for i in range(k):
        ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = ctx.new_page()
        page.goto(f"{url}/?{_query(first_seed + i)}", wait_until="commit")
        pages.append(page)
    for page in pages:
        page.wait_for_function(IDLE, polling=100, timeout=timeout_ms)
        loads.append(time.perf_counter() - t0)
    return pages, loads


def toggle(page, click: str, want: str, timeout_ms: int) -> float | None:
    ms = page.evaluate(TOGGLE, [click, want, timeout_ms])
    if ms is None:
        return None
    return float("inf") if ms < 0 else ms / 1000


def ensure_playing(page, timeout_ms: int) -> None:
    if page.query_selector(".st-key-btn_play button"):
        toggle(page, "btn_play", "btn_pause", timeout_ms)


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of process ``pid`` so far (0 when unknown)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_browser(browser, url: str, k: int, args, server_pid: int | None) -> dict:
    timeout_ms = int(args.timeout * 1000)
    load_before = os.getloadavg()[0]
    pages: list = []
    try:
        pages, loads = open_people(browser, url, k, 1000 * k, timeout_ms)
        for page in pages:
            page.evaluate(WATCH)
            ensure_playing(page, timeout_ms)
        time.sleep(args.warmup)

        # Live updates per second, per person.
        before = [page.evaluate("() => window.__frames") for page in pages]
        cpu0, t = cpu_seconds(server_pid), time.perf_counter()
        time.sleep(args.window)
        cpu1, span = cpu_seconds(server_pid), time.perf_counter() - t
        after = [page.evaluate("() => window.__frames") for page in pages]
        fps = [(b - a) / span for a, b in zip(before, after, strict=True)]
        frames = sum(after) - sum(before)

        # Rerun latency: people take turns pressing Pause, then Play.
        lat: list[float] = []
        probes = pages[: max(1, min(k, args.probes))]
        for _ in range(args.rounds):
            for page in probes:
                ensure_playing(page, timeout_ms)
                for click, want in (("btn_pause", "btn_play"), ("btn_play", "btn_pause")):
                    s = toggle(page, click, want, timeout_ms)
                    if s is not None:
                        lat.append(s)
                time.sleep(args.pause)

        # A newcomer while everyone plays.
        t = time.perf_counter()
        extra, _ = open_people(browser, url, 1, 999_999, timeout_ms)
        newcomer = time.perf_counter() - t
        extra[0].context.close()
        errors = sum(page.locator("[data-testid='stException']").count() for page in pages)
    except Exception as exc:  # a wait timed out: this k is past what the machine can do
        print(f"k = {k}: {type(exc).__name__}: {str(exc).splitlines()[0]}", flush=True)
        return {"sessions": k, "rerun latency median (s)": float("inf"), "failed": True}
    finally:
        for page in pages:
            page.context.close()
    lat.sort()
    return {
        "sessions": k,
        "rerun latency median (s)": statistics.median(lat) if lat else float("nan"),
        "p90 (s)": lat[min(len(lat) - 1, int(0.9 * len(lat)))] if lat else float("nan"),
        "samples": len(lat),
        "live updates/s per person (of 12)": statistics.median(fps),
        "server CPU (% of a core)": 100 * (cpu1 - cpu0) / span,
        "server CPU per update (ms)": 1000 * (cpu1 - cpu0) / frames if frames else float("nan"),
        "all k trained and drawn (s)": max(loads),
        "newcomer: page to charts (s)": newcomer,
        "exceptions": errors,
        "load avg before": load_before,
    }


# --- protocol-level people (--client ws) ---


class WsPerson:
    """One person as Streamlit's frontend behaves, without drawing anything."""

    def __init__(self, url: str, query: str):
        self.url, self.query = url, query
        self.ws = None
        self.page_hash = ""
        self.buttons: dict[str, str] = {}  # label -> widget id
        self.cached: dict[str, None] = {}  # hashes of cacheable messages (insertion-ordered)
        self.timers: dict[str, asyncio.Task] = {}  # fragment id -> auto-rerun task
        self.frames = 0  # live frames received (a fragment run carries several)
        self.pending = 0  # frames in the fragment run being received
        self.full_runs = 0  # full app runs finished
        self.errors = 0  # exception elements received
        self.full_done = asyncio.Event()
        self.reader: asyncio.Task | None = None

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await connect(
            ws_url, origin=self.url, subprotocols=["streamlit"], max_size=None, ping_interval=None
        )
        self.reader = asyncio.create_task(self._read())
        await self.rerun()

    async def close(self) -> None:
        for task in self.timers.values():
            task.cancel()
        if self.reader:
            self.reader.cancel()
        if self.ws:
            await self.ws.close()

    async def rerun(self, trigger: str | None = None, fragment: str | None = None) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        if fragment:
            cs.fragment_id, cs.is_auto_rerun = fragment, True
        if trigger:
            w = cs.widget_states.widgets.add()
            w.id, w.trigger_value = self.buttons[trigger], True
        cs.cached_message_hashes.extend(list(self.cached)[-400:])
        if not fragment:
            self.full_done.clear()
        await self.ws.send(msg.SerializeToString())

    async def click(self, label: str, timeout: float) -> float:
        """Seconds from the button press to the end of the full rerun (inf on timeout)."""
        t = time.perf_counter()
        await self.rerun(trigger=label)
        try:
            await asyncio.wait_for(self.full_done.wait(), timeout)
        except TimeoutError:
            return float("inf")
        return time.perf_counter() - t

    async def _auto(self, fragment: str, interval: float) -> None:
        while True:  # like the frontend's setInterval: does not wait for the previous run
            await asyncio.sleep(interval)
            await self.rerun(fragment=fragment)

    async def _read(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        finished = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].enum_type
        full = finished.values_by_name["FINISHED_SUCCESSFULLY"].number
        frag = finished.values_by_name["FINISHED_FRAGMENT_RUN_SUCCESSFULLY"].number
        async for data in self.ws:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if msg.metadata.cacheable and msg.hash:
                self.cached[msg.hash] = None
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                if msg.new_session.page_script_hash:
                    self.page_hash = msg.new_session.page_script_hash
                if not msg.metadata.run.fragment_ids:  # a full run: the frontend drops timers
                    for task in self.timers.values():
                        task.cancel()
                    self.timers.clear()
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                el = msg.delta.new_element
                which = el.WhichOneof("type")
                if which == "button":
                    self.buttons[el.button.label] = el.button.id
                elif which == "exception":
                    self.errors += 1
                elif which == "component_instance":  # the live charts: this run's frames
                    args = json.loads(el.component_instance.json_args or "{}")
                    self.pending = 1 + len(args.get("frames", []))
            elif kind == "auto_rerun":
                fid, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
                if fid and fid not in self.timers:
                    self.timers[fid] = asyncio.create_task(self._auto(fid, interval))
            elif kind == "stop_auto_rerun":
                for fid in msg.stop_auto_rerun.fragment_ids:
                    task = self.timers.pop(fid, None)
                    if task:
                        task.cancel()
            elif kind == "script_finished":
                if msg.script_finished == full:
                    self.full_runs += 1
                    self.full_done.set()
                elif msg.script_finished == frag:
                    self.frames += self.pending or 1
                    self.pending = 0

    @property
    def playing(self) -> bool:
        return "Pause" in self.buttons and bool(self.timers)


async def _measure_ws(url: str, k: int, args, server_pid: int | None) -> dict:
    timeout = args.timeout
    load_before = os.getloadavg()[0]
    people = [WsPerson(url, _query(1000 * k + i)) for i in range(k)]
    t0 = time.perf_counter()
    try:
        await asyncio.gather(*(p.open() for p in people))
        await asyncio.wait_for(asyncio.gather(*(p.full_done.wait() for p in people)), timeout)
        loads = time.perf_counter() - t0
        for p in people:
            if not p.timers and "Play" in p.buttons:
                await p.click("Play", timeout)
        await asyncio.sleep(args.warmup)

        before = [p.frames for p in people]
        cpu0, t = cpu_seconds(server_pid), time.perf_counter()
        await asyncio.sleep(args.window)
        cpu1, span = cpu_seconds(server_pid), time.perf_counter() - t
        after = [p.frames for p in people]
        fps = [(b - a) / span for a, b in zip(before, after, strict=True)]
        frames = sum(after) - sum(before)

        lat: list[float] = []
        probes = people[: max(1, min(k, args.probes))]
        for _ in range(args.rounds):
            for p in probes:
                for label in ("Pause", "Play"):
                    if label in p.buttons:
                        lat.append(await p.click(label, timeout))
                await asyncio.sleep(args.pause)
        errors = sum(p.errors for p in people)
    except Exception as exc:  # a timeout: this k is past what the machine can do
        print(f"k = {k}: {type(exc).__name__}: {exc}", flush=True)
        return {"sessions": k, "rerun latency median (s)": float("inf"), "failed": True}
    finally:
        await asyncio.gather(*(p.close() for p in people), return_exceptions=True)
    lat.sort()
    return {
        "sessions": k,
        "rerun latency median (s)": statistics.median(lat) if lat else float("nan"),
        "p90 (s)": lat[min(len(lat) - 1, int(0.9 * len(lat)))] if lat else float("nan"),
        "samples": len(lat),
        "live updates/s per person (of 12)": statistics.median(fps),
        "server CPU (% of a core)": 100 * (cpu1 - cpu0) / span,
        "server CPU per update (ms)": 1000 * (cpu1 - cpu0) / frames if frames else float("nan"),
        "all k trained (s)": loads,
        "exceptions": errors,
        "load avg before": load_before,
    }


def measure_ws(url: str, k: int, args, server_pid: int | None) -> dict:
    return asyncio.run(_measure_ws(url, k, args, server_pid))


def markdown(rows: list[dict]) -> str:
    if not rows:
        return "(nothing measured)"
    cols = list(rows[0])
    out = ["| " + " | ".join(cols) + " |", "|" + "---:|" * len(cols)]
    for r in rows:
        cells = [f"{v:.2f}" if isinstance(v, float) else str(v) for v in r.values()]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sessions", default="1,2,4,8,12,16", help="k values, comma-separated")
    ap.add_argument("--client", choices=("browser", "ws"), default="browser", help="see above")
    ap.add_argument("--url", help="measure a running server instead of starting one")
    ap.add_argument("--no-pin", action="store_true", help="do not pin server and browser")
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds of playing before timing")
    ap.add_argument("--window", type=float, default=5.0, help="seconds to count live updates")
    ap.add_argument("--rounds", type=int, default=2, help="Pause+Play turns per probing person")
    ap.add_argument("--probes", type=int, default=4, help="people who take turns (at most k)")
    ap.add_argument("--pause", type=float, default=0.5, help="seconds between turns")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a wait fails")
    ap.add_argument("--stop-after", type=int, default=2, help="stop after this many k over 1 s")
    ap.add_argument("--json", type=Path, help="also write the rows to this file")
    args = ap.parse_args(argv)
    ks = [int(k) for k in args.sessions.split(",")]

    cpus = sorted(os.sched_getaffinity(0))
    server_cpus = client_cpus = None
    if not args.no_pin and len(cpus) >= 2 and not args.url:
        server_cpus, client_cpus = {cpus[0]}, set(cpus[1:])
    clients = "Chromium" if args.client == "browser" else "the websocket clients"
    setup = (
        f"--client {args.client}; {len(cpus)} CPUs; "
        + (
            f"server pinned to CPU {sorted(server_cpus)}, {clients} to {sorted(client_cpus)}"
            if server_cpus
            else f"server and {clients} share all CPUs"
        )
        + f"; load average at start {os.getloadavg()[0]:.1f}"
    )
    print(setup, flush=True)

    proc = None
    url = args.url
    if url is None:
        port = _free_port()
        proc = start_server(port, server_cpus)
        url = f"http://127.0.0.1:{port}"
    if client_cpus:
        os.sched_setaffinity(0, client_cpus)  # Playwright's driver and Chromium inherit it
    pid = proc.pid if proc else None
    rows: list[dict] = []

    def run_all(measure_one) -> None:
        over = 0
        for k in ks:
            row = measure_one(k)
            rows.append(row)
            print(json.dumps(row), flush=True)
            over += row["rerun latency median (s)"] > LIMIT_S
            if over >= args.stop_after:
                break

    try:
        if args.client == "ws":
            run_all(lambda k: measure_ws(url, k, args, pid))
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                try:
                    run_all(lambda k: measure_browser(browser, url, k, args, pid))
                finally:
                    browser.close()
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    first_over = next(
        (r["sessions"] for r in rows if r["rerun latency median (s)"] > LIMIT_S), None
    )
    ok = [r["sessions"] for r in rows if first_over is None or r["sessions"] < first_over]
    print("\n" + setup + "\n")
    print(markdown([r for r in rows if not r.get("failed")]))
    for r in rows:
        if r.get("failed"):
            print(f"k = {r['sessions']}: did not complete (a wait passed --timeout)")
    print(
        f"\nSessions per process with median rerun latency <= {LIMIT_S:g} s: "
        f"{max(ok) if ok else 0}"
        + (f" (passes {LIMIT_S:g} s at k = {first_over})" if first_over else " (never passed)")
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"setup": setup, "rows": rows}, indent=2))
    return rows


if __name__ == "__main__":
    main()
