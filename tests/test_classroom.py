"""Serving a class: two app processes behind nginx, each person stays on one process.

Starts ``deploy/classroom.sh start 2 PORT`` (Debian's nginx in front of two ``streamlit run``
processes), opens two people at once in headless Chromium with different settings in the URL, lets
both train live, and checks from nginx's access log that every request of a person, the
``/_stcore/stream`` websocket included, reached one process, and that the two people were served by
different processes. Each must see exactly their own data and no exception box.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pytest

from logreg import lab
from logreg.ui.charts import SHOWN_ITERATION_JS
from tests.browser.conftest import ARGS, CHROMIUM, no_exception, wait_idle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "deploy" / "classroom.sh"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if Path(p).exists()), None
)
MAX_ITER = 300  # the default; at 50 iterations per frame a replay is 6 frames (0.5 s)
PEOPLE = {  # two people, two different demos
    "ada": {"dataset": "moons", "seed": 11, "speed": 50},
    "bob": {"dataset": "circles", "seed": 22, "speed": 50},
}
# Record the lowest Iteration shown from now on (polled every 10 ms; while training plays the
# number is drawn in the live charts' frame), so a fast replay is seen.
WATCH = f"""() => {{
  const shown = {SHOWN_ITERATION_JS};
  const read = () => {{
    const text = shown();
    const n = text ? parseInt(text.split('/')[0].replace(/,/g, '')) : NaN;
    if (!Number.isNaN(n)) window.__lowest = Math.min(window.__lowest ?? Infinity, n);
    return n;
  }};
  window.__iteration = read;
  setInterval(read, 10);
}}"""
# True once live training has restarted (Iteration dipped below the end) and come back to the end
# with the Play button shown again.
REPLAYED = """(end) => window.__iteration() === end && window.__lowest < end
  && !!document.querySelector('.st-key-btn_play') && !document.querySelector('.st-key-btn_pause')
"""
STATE = """() => `lowest ${window.__lowest}, now ${window.__iteration()},
  play ${!!document.querySelector('.st-key-btn_play')},
  pause ${!!document.querySelector('.st-key-btn_pause')}`"""
LOG_LINE = re.compile(r"route=(\S*) upstream=(\S*) status=(\d+) rt=\S+ \"(\S+) (\S+)")


def _need(what: str, present: bool, install: str) -> None:
    """Skip when a system tool is missing, except in CI, where that must fail."""
    if present:
        return
    message = f"{what} is not installed ({install})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must install it")
    pytest.skip(message)


def _free_ports() -> tuple[int, int]:
    """A port for nginx and a base port with the next two free (apps on base+1, base+2)."""

    def free(port: int) -> bool:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
        return True

    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(20_000, 40_000)
        front = base + 10
        if all(free(p) for p in (base + 1, base + 2, front)):
            return front, base
    raise RuntimeError("no free ports")


@pytest.fixture
def classroom(tmp_path):
    """Two app processes behind nginx; stopped afterwards by their recorded process ids."""
    _need("nginx", NGINX is not None, "apt-get install -y nginx")
    _need("Chromium", Path(CHROMIUM).exists(), "apt-get install -y chromium")
    front, base = _free_ports()
    run_dir = tmp_path / "classroom"
    env = {
        **os.environ,
        "LRL_RUN_DIR": str(run_dir),
        "LRL_BASE_PORT": str(base),
        "PYTHON": sys.executable,
        "LRL_NGINX": NGINX,
    }
    out = tmp_path / "classroom.out"
    try:
        with out.open("w") as sink:  # a file, not a pipe: nothing can hold the test up
            code = subprocess.call(
                ["bash", str(SCRIPT), "start", "2", str(front)],
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                timeout=120,
            )
        assert code == 0, out.read_text()
        yield {"url": f"http://127.0.0.1:{front}", "dir": run_dir, "apps": [base + 1, base + 2]}
    finally:
        pids = [int(p.read_text()) for p in run_dir.glob("*.pid")]
        with out.open("a") as sink:
            subprocess.call(
                ["bash", str(SCRIPT), "stop"], env=env, stdout=sink, stderr=sink, timeout=60
            )
        for pid in pids:  # stop must really have ended every process it started
            assert not _alive(pid), f"process {pid} still running after classroom.sh stop"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in _status(pid)


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return ""


def _log(run_dir: Path) -> list[tuple[str, str, int, str, str]]:
    text = (run_dir / "access.log").read_text()
    return [
        (m[1], m[2], int(m[3]), m[4], m[5]) for m in map(LOG_LINE.search, text.splitlines()) if m
    ]


def _route_to(url: str, run_dir: Path, backend: str) -> str:
    """A route cookie value that nginx hashes to ``backend`` (found by asking nginx)."""
    for i in range(200):
        route = f"probe{i:03d}"
        req = urllib.request.Request(
            url + "/_stcore/health", headers={"Cookie": f"lrl_route={route}"}
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.read() == b"ok"
            routes = [c for c in r.headers.get_all("Set-Cookie", []) if "lrl_route" in c]
            assert not routes, "a person who has a route must keep it"
        hits = _wait_for_route(run_dir, route)
        if hits and hits[0] == backend:
            return route
    raise AssertionError(f"no route found for {backend}")


def _wait_for_route(run_dir: Path, route: str, seconds: float = 5) -> list[str]:
    """The upstreams nginx logged for ``route`` (a line is written as its response ends)."""
    deadline = time.time() + seconds
    while True:
        hits = [u for r, u, *_ in _log(run_dir) if r == route]
        if hits or time.time() > deadline:
            return hits
        time.sleep(0.05)


def _expected_points(dataset: str, seed: int) -> np.ndarray:
    """Every point the person's chart must show (train and test), sorted."""
    data = lab.generate(lab.Settings(dataset=dataset, seed=seed))
    return np.sort(np.round(data.X[:, 0], 3))


def _shown_points(page) -> np.ndarray:
    xs = page.evaluate(
        """() => {
          const gd = document.querySelector('.st-key-pg_decision .js-plotly-plot');
          return gd._fullData.filter(t => /^class /.test(t.name)).flatMap(t => Array.from(t.x));
        }"""
    )
    return np.sort(np.round(np.asarray(xs, dtype=float), 3))


def _iteration(page) -> int:
    box = page.locator("[data-testid='stMetric']", has_text="Iteration").first
    text = box.locator("[data-testid='stMetricValue']").inner_text()
    return int(text.split("/")[0].replace(",", ""))


def _in_thread(fn, timeout: float):
    """Run ``fn`` in a thread of its own: Playwright's sync API cannot nest in one thread, and the
    browser journeys' session-wide Chromium may still be open when this test runs."""
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the test's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"browser part did not finish in {timeout:.0f} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _two_people(url: str, run_dir: Path) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    seen: dict[str, dict] = {}
    t0 = time.time()

    def say(what: str) -> None:  # shown by pytest when the test fails: where the time went
        print(f"[{time.time() - t0:5.1f} s] {what}", flush=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pages = {}
            for name in PEOPLE:
                context = browser.new_context(viewport={"width": 1400, "height": 1600})
                pages[name] = context.new_page()

            # Ada arrives with no cookie: nginx picks her process and sets her route cookie on
            # the very first response (the HTML), before the websocket opens.
            ada, bob = pages["ada"], pages["bob"]
            ada.goto(f"{url}/?{urlencode(PEOPLE['ada'])}", wait_until="commit")
            say("ada: first response")
            cookie = {c["name"]: c["value"] for c in ada.context.cookies()}
            assert "lrl_route" in cookie, ada.context.cookies()
            first = _wait_for_route(run_dir, cookie["lrl_route"])
            assert first, "the first response must already carry the person's route"
            other = next(f"127.0.0.1:{a}" for a in _apps(run_dir) if f"127.0.0.1:{a}" != first[0])
            # Bob (another laptop in a real class) happens to get a route on the other process.
            bob.context.add_cookies(
                [{"name": "lrl_route", "value": _route_to(url, run_dir, other), "url": url}]
            )
            bob.goto(f"{url}/?{urlencode(PEOPLE['bob'])}", wait_until="commit")
            say("bob: first response")

            for page in pages.values():  # both load at the same time
                wait_idle(page, timeout=60_000)
                page.wait_for_function(
                    "document.querySelectorAll('.st-key-pg_decision .js-plotly-plot').length",
                    timeout=60_000,
                )
            say("both trained and drawn")
            for name, page in pages.items():
                seen[name] = {
                    "route": {c["name"]: c["value"] for c in page.context.cookies()}["lrl_route"],
                    "dataset": page.locator(".st-key-w_dataset input").input_value(),
                    "points": _shown_points(page),
                    "trained": _iteration(page),
                }
                no_exception(page)

            # Both play at once (live training is what loads a process most) and watch their
            # model train again from iteration 0 to the end (the browser samples every frame).
            for page in pages.values():
                page.evaluate(WATCH)
                page.get_by_role("button", name="Play", exact=True).click()
            for name, page in pages.items():
                try:
                    page.wait_for_function(REPLAYED, arg=MAX_ITER, polling=100, timeout=60_000)
                except Exception:
                    say(f"{name}: " + page.evaluate(STATE))
                    raise
                seen[name]["played"] = page.evaluate("() => window.__lowest")
            say("both played to the end")
            for name, page in pages.items():
                wait_idle(page, timeout=30_000)
                seen[name]["points_after"] = _shown_points(page)
                seen[name]["url"] = page.url
                no_exception(page)
            for page in pages.values():
                page.context.close()  # closes the websockets: nginx logs them now
        finally:
            browser.close()
    return seen


def _apps(run_dir: Path) -> list[int]:
    return sorted(int(p.stem.split("-")[1]) for p in run_dir.glob("streamlit-*.pid"))


def test_two_processes_behind_nginx_keep_each_person_on_one_process(classroom):
    seen = _in_thread(lambda: _two_people(classroom["url"], classroom["dir"]), timeout=240)

    for name, want in PEOPLE.items():
        got = seen[name]
        assert want["dataset"] in got["dataset"].lower(), (name, got["dataset"])
        assert f"seed={want['seed']}" in got["url"], got["url"]
        expected = _expected_points(want["dataset"], want["seed"])
        assert np.array_equal(got["points"], expected), f"{name} does not see their own data"
        assert np.array_equal(got["points_after"], expected), f"{name}'s data changed"
        assert got["trained"] > 0, f"{name}'s model did not train"
        assert got["played"] < MAX_ITER, f"{name}'s live training did not run"
    assert not np.array_equal(seen["ada"]["points"], seen["bob"]["points"])

    # nginx's log, now complete (websocket lines are written when they close): one process each.
    deadline = time.time() + 10
    while True:
        log = _log(classroom["dir"])
        sockets = {
            r for r, _, status, _, path in log if path == "/_stcore/stream" and status == 101
        }
        if all(seen[n]["route"] in sockets for n in PEOPLE) or time.time() > deadline:
            break
        time.sleep(0.2)
    backends = {}
    for name in PEOPLE:
        route = seen[name]["route"]
        mine = [(u, status, path) for r, u, status, _, path in log if r == route]
        paths = {path.split("?")[0] for _, _, path in mine}
        assert {"/", "/_stcore/host-config", "/_stcore/stream"} <= paths, (name, sorted(paths))
        assert any(p == "/_stcore/stream" and s == 101 for _, s, p in mine), "no websocket"
        used = {u for u, _, _ in mine}
        assert len(used) == 1, f"{name} was served by several processes: {used}"
        backends[name] = used.pop()
    assert backends["ada"] != backends["bob"], backends
    assert set(backends.values()) == {f"127.0.0.1:{p}" for p in classroom["apps"]}
