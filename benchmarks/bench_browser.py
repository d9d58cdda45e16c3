"""What a person sees in a real browser: first-chart time, live update rate, a 1e6-row upload.

Run: ``python benchmarks/bench_browser.py`` (``--loads N``, ``--skip-big``; ``--help``).
Needs Debian's Chromium at ``/usr/bin/chromium`` and Playwright's Python package.

* First chart: headless Chromium (fresh browser context each load: empty cache, so every
  load fetches Streamlit's JS and the Plotly bundle) opens the Playground of ``streamlit run
  app.py``, and, interleaved, a bare Streamlit page that draws one small Plotly chart, served
  by its own ``streamlit run`` process. The time is from navigation start to the first
  ``.js-plotly-plot .main-svg`` in the page (a MutationObserver notes ``performance.now()``);
  on the Playground, the first one in its decision chart (``.st-key-pg_decision``).
  Median of ``--loads`` loads each (after one warm-up load per server); the ratio is
  Playground / bare page.
* Live rate: open the Playground (``?max_iter=2000`` in the URL so it runs long enough),
  press Play as soon as it is drawn (time from the click to the first frame drawn), let it
  play 2 s, then sample the Iteration number on show every 10 ms (while training plays it is
  drawn in the live charts' frame). Updates per second = the number of distinct values the
  page showed per second; iterations per second = how fast training moved (the app asks for
  12 frames of 5 iterations a second; a page that draws fewer gets more iterations in each,
  so this stays near 60 where compute allows).
* Big data (skip with ``--skip-big``): a 1e6-row CSV (~40 MB) is uploaded on the Data page,
  used, and trained on the Playground (default settings: live training starts by itself);
  the time from choosing the file to the first charts and to the end of training, the live
  rate while it trains, and the server's resident memory (``/proc/PID/status``) before, after
  this upload, after a second different 1e6-row upload replaces it, after a third (the first
  file again) replaces that, and after the tab closes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_app import machine, markdown, write_csv  # noqa: E402

from logreg.ui.charts import SHOWN_ITERATION_JS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [  # as tests/browser/conftest.py: quiet on a closed network, runs as root
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BARE_PAGE = """\
import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
"""
# The Playground's decision chart is drawn: Streamlit's chart, or while training plays, the
# live component frame's (logreg/ui/charts.py).
PLAYGROUND_DRAWN = """() =>
  document.querySelectorAll('.st-key-pg_decision .js-plotly-plot .main-svg').length > 0
  || !!document.querySelector('.st-key-pg_live iframe')?.contentDocument?.querySelector('.main-svg')
"""
FIRST_CHART_JS = """
(() => {
  const seen = () => {
    if (window.__firstChart === undefined && document.querySelector(SELECTOR)) {
      window.__firstChart = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true});
})();
"""
# The bare page's only chart; on the Playground its decision chart (not any hidden element).
BARE_CHART = ".js-plotly-plot .main-svg"
APP_CHART = ".st-key-pg_decision .js-plotly-plot .main-svg"
SAMPLER_JS = (
    """
() => {
  window.__samples = [];
  const shown = """
    + SHOWN_ITERATION_JS
    + """;
  const read = () => {
    const v = shown();
    if (v !== null) window.__samples.push([performance.now(), v]);
  };
  window.__sampler = setInterval(read, 10);
}
"""
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(script: Path, cwd: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run script`` on a free port; stopped by its own handle afterwards."""
    port = _free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError(f"streamlit did not start: {script}")
            time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_idle(page: Any, timeout: float = 180_000) -> None:
    """Streamlit's own e2e recipe: connected, script not running, no skeletons."""
    page.wait_for_timeout(250)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )
    page.wait_for_function(
        "document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0", timeout=timeout
    )


def first_chart_ms(browser: Any, url: str, selector: str = BARE_CHART) -> float:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.add_init_script(FIRST_CHART_JS.replace("SELECTOR", repr(selector)))
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__firstChart !== undefined", timeout=180_000)
        return float(page.evaluate("window.__firstChart"))
    finally:
        ctx.close()


def first_chart_rows(browser: Any, app: str, bare: str, loads: int) -> list[dict[str, Any]]:
    first_chart_ms(browser, app, APP_CHART)  # warm-up: imports and caches on each server
    first_chart_ms(browser, bare)
    times: dict[str, list[float]] = {"app": [], "bare": []}
    for i in range(loads):
        order = ("app", "bare") if i % 2 == 0 else ("bare", "app")
        for name in order:
            if name == "app":
                times[name].append(first_chart_ms(browser, app, APP_CHART))
            else:
                times[name].append(first_chart_ms(browser, bare))
    a, b = statistics.median(times["app"]), statistics.median(times["bare"])
    return [
        {
            "page": "Playground (app.py)",
            "median (ms)": a,
            "min (ms)": min(times["app"]),
            "max (ms)": max(times["app"]),
            "ratio to bare": a / b,
        },
        {
            "page": "bare page, one small Plotly chart",
            "median (ms)": b,
            "min (ms)": min(times["bare"]),
            "max (ms)": max(times["bare"]),
            "ratio to bare": 1.0,
        },
    ]


def _iteration(text: str) -> int:
    return int(text.split("/")[0].replace(",", "").strip())


def live_rate(page: Any, seconds: float, until_done: bool = False) -> dict[str, Any]:
    """Sample the Iteration metric for ``seconds`` (or until training stops)."""
    page.evaluate(SAMPLER_JS)
    start = time.time()
    while time.time() - start < seconds:
        page.wait_for_timeout(250)
        if until_done and page.locator(".st-key-btn_play").count():
            break
    samples = page.evaluate("() => { clearInterval(window.__sampler); return window.__samples; }")
    points = []
    for t, text in samples:
        with contextlib.suppress(ValueError):
            points.append((t / 1000.0, _iteration(text)))
    changes = [points[k] for k in range(1, len(points)) if points[k][1] != points[k - 1][1]]
    if len(changes) < 2:
        return {"updates seen": len(changes)}
    (t0, i0), (t1, i1) = changes[0], changes[-1]
    span = t1 - t0
    return {
        "seconds sampled": span,
        "updates per second (distinct values shown)": (len(changes) - 1) / span,
        "iterations per second": (i1 - i0) / span,
    }


# Click Play (inside the page, timed with performance.now()) and resolve once a number below
# the trained end (training restarted) is on show: Play to the first frame drawn.
PLAY_TO_FRAME_JS = (
    """async () => {
  const shown = """
    + SHOWN_ITERATION_JS
    + """;
  const btn = document.querySelector('.st-key-btn_play button');
  const t0 = performance.now();
  btn.click();
  return await new Promise((resolve) => {
    const poll = setInterval(() => {
      const v = shown();
      const n = v === null ? NaN : parseInt(v.split('/')[0].replace(/,/g, ''));
      if (n > 0 && n < 2000) { clearInterval(poll); resolve(performance.now() - t0); }
    }, 5);
    setTimeout(() => { clearInterval(poll); resolve(-1); }, 60000);
  });
}"""
)


def live_rows(browser: Any, app: str, seconds: float, settle: float = 2.0) -> list[dict[str, Any]]:
    """Play on a freshly opened Playground: Play to first frame, then the update rate over
    ``seconds`` after ``settle`` s of playing (a page opened a moment ago first loads the live
    frame's plotly.js: the settle time keeps that one-off out of the steady rate)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.goto(app + "/?max_iter=2000")
        page.locator(".st-key-btn_play, .st-key-btn_pause").first.wait_for(timeout=180_000)
        wait_idle(page)
        if not page.locator(".st-key-btn_play button").count():  # playing by itself: pause
            page.locator(".st-key-btn_pause button").first.click()
            page.locator(".st-key-btn_play button").first.wait_for(timeout=60_000)
            wait_idle(page)
        first_ms = page.evaluate(PLAY_TO_FRAME_JS)
        page.locator(".st-key-btn_pause").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000 * settle)
        row: dict[str, Any] = {
            "data": "default (blobs, 200 points, gd, 2000 iterations)",
            "Play -> first frame drawn (ms)": first_ms,
        }
        row.update(live_rate(page, seconds))
        return [row]
    finally:
        ctx.close()


def _upload(page: Any, app: str, path: Path, first: bool) -> float:
    """Choose ``path`` on the Data page and press *Use this data*; seconds taken."""
    if first:
        page.goto(app + "/data")
    else:
        page.get_by_role("link", name="Data").click()
    wait_idle(page)
    page.get_by_role("tab", name="Upload a CSV").click()
    wait_idle(page)
    start = time.time()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    page.locator(".st-key-upload_use button").first.wait_for(timeout=300_000)
    wait_idle(page, timeout=300_000)
    page.locator(".st-key-upload_use button").first.click()
    wait_idle(page, timeout=300_000)
    return time.time() - start


def big_rows(
    browser: Any, app: str, pid: int, folder: Path, n: int
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    first, second = folder / "first.csv", folder / "second.csv"
    size = write_csv(first, n, seed=1) / 1e6
    write_csv(second, n, seed=2)
    memory = {"server RSS, fresh (MB)": rss_mb(pid)}
    rows: list[dict[str, Any]] = []
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.goto(app + "/")
        wait_idle(page)
        memory["server RSS, app open (MB)"] = rss_mb(pid)
        for k, path in enumerate((first, second, first)):  # the third shows a plateau
            print(f"  big upload {k + 1} ...", file=sys.stderr, flush=True)
            start = time.time()
            used = _upload(page, app, path, first=False)
            page.get_by_role("link", name="Playground").click()
            page.wait_for_function(PLAYGROUND_DRAWN, timeout=300_000)
            charts = time.time() - start
            rate = live_rate(page, 600, until_done=True)
            page.locator(".st-key-btn_play").first.wait_for(timeout=600_000)
            wait_idle(page, timeout=300_000)
            trained = time.time() - start
            it = page.locator("[data-testid='stMetric']", has_text="Iteration").first
            value = it.locator("[data-testid='stMetricValue']").inner_text()
            page.get_by_role("link", name="Evaluate").click()
            wait_idle(page, timeout=300_000)
            page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=300_000)
            evaluated = time.time() - start
            rows.append(
                {
                    "upload": f"{('first', 'second (replaces)', 'third (replaces)')[k]}: "
                    f"{n:,} rows, {size:.0f} MB",
                    "file chosen → data used (s)": used,
                    "→ Playground charts drawn (s)": charts,
                    "→ trained (s)": trained,
                    "iterations": value,
                    "live updates/s while training": rate.get(
                        "updates per second (distinct values shown)"
                    ),
                    "→ Evaluate drawn (s)": evaluated,
                }
            )
            time.sleep(3)
            memory[f"server RSS after upload {k + 1}, trained, Evaluate (MB)"] = rss_mb(pid)
            print(f"  {rows[-1]} {memory}", file=sys.stderr, flush=True)
    finally:
        ctx.close()
    time.sleep(5)
    memory["server RSS 5 s after the tab closed (MB)"] = rss_mb(pid)
    return rows, memory


def _progress(what: str, rows: list[dict[str, Any]]) -> None:
    """Each table as soon as it is measured (stderr), so a run cut short still reports."""
    print(f"  measured {what}:\n{markdown(rows)}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loads", type=int, default=7, help="fresh loads per page (median)")
    ap.add_argument("--live-seconds", type=float, default=10.0)
    ap.add_argument("--rows", type=float, default=1e6, help="rows of the big upload")
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--skip-live", action="store_true", help="only the first-chart table")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    command = "python benchmarks/bench_browser.py " + shlex.join(argv or sys.argv[1:])
    result: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare_script = folder / "bare.py"
        bare_script.write_text(BARE_PAGE)
        with (
            serve(ROOT / "app.py", ROOT) as (app, _),
            serve(bare_script, folder) as (bare, _bare),
            sync_playwright() as p,
        ):
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                result["first_chart"] = first_chart_rows(browser, app, bare, args.loads)
                _progress("first charts", result["first_chart"])
                if not args.skip_live:
                    result["live"] = live_rows(browser, app, args.live_seconds)
                    _progress("live rate", result["live"])
            finally:
                browser.close()
        if not args.skip_big:  # a server of its own, so its memory is this session's
            with serve(ROOT / "app.py", ROOT) as (app, proc), sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                try:
                    rows, memory = big_rows(browser, app, proc.pid, folder, int(args.rows))
                finally:
                    browser.close()
            result["big"], result["big_memory"] = rows, memory
            result["big_rows"] = int(args.rows)
            _progress("big upload", rows)
    result["machine"]["loadavg after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(report(result, command))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))
    return result


def report(result: dict[str, Any], command: str) -> str:
    m = result["machine"]
    out = [
        f"command: `{command}`",
        "",
        f"machine: nproc={m['nproc']}, CPU {m['cpu']}, load average {m['loadavg']} before and "
        f"{m.get('loadavg after', '?')} after; Chromium {CHROMIUM} (headless, no GPU)",
        "",
        "### First drawn Plotly chart after navigation (fresh browser context each load)",
        "",
        markdown(result["first_chart"]),
    ]
    if "live" in result:
        out += ["", "### Live training seen in the browser (Play on the Playground)", ""]
        out.append(markdown(result["live"]))
    if "big" in result:
        out += ["", "### A 1e6-row upload in the browser", "", markdown(result["big"]), ""]
        out.append("memory: " + ", ".join(f"{k} {v:,.0f}" for k, v in result["big_memory"].items()))
    return "\n".join(out)


if __name__ == "__main__":
    main()
