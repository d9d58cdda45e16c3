"""Load test: many people at once on one ``streamlit run app.py`` server.

Run: ``python scripts/load_test.py`` (defaults: 30 sessions, every 2nd one uploads a CSV).
Flags: ``--sessions N``, ``--uploads-every K`` (0 = nobody uploads), ``--timeout S`` (seconds
for each single wait), ``--concurrency C`` (page loads in flight at once), ``--json PATH``.

What it does, all on 127.0.0.1 (Chromium cannot resolve any other host):

1. Starts its own server (``python -m streamlit run app.py``, headless, free port) and one
   headless Chromium with one browser context (= one Streamlit session) per person.
2. Setup, all sessions at once (at most ``--concurrency`` loading at the same moment):
   session *i* either opens ``/?dataset=<kind>&seed=<1000+i>&n_samples=<n>&max_iter=1000``
   or uploads its own
   CSV (``session_<iii>.csv``, columns ``feature_a_<iii>``/``feature_b_<iii>``, labels
   ``no_<iii>``/``yes_<iii>``, ``60 + 7 i`` rows) on the Data page, presses *Use this data* and
   follows the Playground link. It waits until the Playground has trained and compares the
   shown iteration count and train loss with the same training done in this process.
3. With every session alive, the server's resident memory is read (``/proc/<pid>/status``).
4. Live (``--live-concurrency`` sessions at a time, all still open): Play (trains from 0),
   Pause after 25 iterations; nothing may move while paused and the paused model must be the
   expected one (websocket reconnects are counted: a new session loses uploaded data). Then
   each session reads its page text, sidebar, the decision chart's axis titles and the Data
   page summary: its own markers must be there and no other session's.
5. Closes the sessions, reads the memory again, stops the server by its own handle, prints a
   markdown table and a summary. Exit status 1 when any session saw an exception box, a
   browser error, a wrong result or somebody else's data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from logreg.ui.charts import SHOWN_ITERATION_JS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every host name fails to resolve: the only traffic possible is to 127.0.0.1.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
KINDS = ("blobs", "moons", "circles", "xor", "spirals")
SIZES = (100, 200, 300, 500)
VIEWPORT = {"width": 1280, "height": 1000}
LIVE_ITERATIONS = 25  # Pause once the live Playground shows at least this many iterations
# Every session trains this long (set in its URL) at 2 iterations per frame (24 a second): Play
# runs for up to 40 s, and a run that converges early (circles, degree 1: ~450 iterations)
# still plays ~18 s, so Pause is pressed while training still runs.
MAX_ITER = 1000
SPEED = 2
# Streamlit's frontend probes the page path first when a sub-page is opened directly
# (streamlit/streamlit#7074): two harmless 404s, not counted as errors.
KNOWN_404 = re.compile(r"/[^/]+/_stcore/(?:health|host-config)$")

# Markers that identify a session in what a page shows (three-digit session numbers).
MARKERS = {
    "column": re.compile(r"feature_[ab]_(\d{3})"),
    "label": re.compile(r"\b(?:no|yes)_(\d{3})\b"),
    "file": re.compile(r"session_(\d{3})\.csv"),
    "seed": re.compile(r"seed[ =](\d+)"),
}

IDLE_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll("[data-testid='stSkeleton']").length === 0;
}"""

# Trained and at rest: idle, Play shown (not Pause), both Playground charts drawn.
TRAINED_JS = (
    "() => (" + IDLE_JS + ")() && !!document.querySelector('.st-key-btn_play')"
    " && !document.querySelector('.st-key-btn_pause')"
    " && !!document.querySelector('.st-key-pg_decision .main-svg')"
    " && !!document.querySelector('.st-key-pg_loss .main-svg')"
)

# the Iteration number on show (in the live charts' frame while training plays)
ITER_JS = SHOWN_ITERATION_JS


# --------------------------------------------------------------------------- what each session does


@dataclass
class Spec:
    """What session ``i`` does and what it must see."""

    i: int
    upload: bool
    kind: str = ""  # generated sessions
    n_samples: int = 0
    seed: int = 0
    csv: str = ""  # upload sessions: path of the CSV file
    rows: int = 0
    expected_iteration: str = ""  # "300 / 300"
    expected_loss: str = ""  # "0.1234"

    @property
    def tag(self) -> str:
        return f"{self.i:03d}"

    @property
    def url_path(self) -> str:
        return (
            f"/?dataset={self.kind}&seed={self.seed}&n_samples={self.n_samples}"
            f"&max_iter={MAX_ITER}&speed={SPEED}"
        )


@dataclass
class Result:
    i: int
    kind: str
    first_chart_s: float = math.nan  # Playground requested -> both charts drawn
    trained_s: float = math.nan  # Playground requested -> trained result shown
    setup_s: float = math.nan  # session opened -> trained result shown (includes upload)
    live_its: float = math.nan  # iterations per second while playing (all sessions playing)
    shown: str = ""  # "iteration · train loss" when trained
    errors: list[str] = field(default_factory=list)  # exception boxes, wrong results, timeouts
    foreign: list[str] = field(default_factory=list)  # other sessions' markers seen
    console: list[str] = field(default_factory=list)  # browser console errors, page errors
    notes: list[str] = field(default_factory=list)  # retries and the like (not errors)
    websockets: int = 0  # Streamlit connections this tab opened (1 unless it reconnected)

    @property
    def ok(self) -> bool:
        return not (self.errors or self.foreign or self.console)


def make_specs(n: int, uploads_every: int, folder: Path) -> list[Spec]:
    specs = []
    for i in range(n):
        upload = uploads_every > 0 and i % uploads_every == uploads_every - 1
        if upload:
            spec = Spec(i, True, rows=60 + 7 * i, csv=str(folder / f"session_{i:03d}.csv"))
            write_csv(spec)
        else:
            spec = Spec(
                i, False, kind=KINDS[i % len(KINDS)], n_samples=SIZES[i % len(SIZES)], seed=1000 + i
            )
        spec.expected_iteration, spec.expected_loss = expected(spec)
        specs.append(spec)
    return specs


def write_csv(spec: Spec) -> None:
    """A CSV only session ``spec.i`` has: its own column names, labels, row count and points."""
    import numpy as np

    rng = np.random.default_rng(spec.i)
    t = spec.tag
    y = np.arange(spec.rows) % 2
    centre = np.where(y[:, None] == 1, 1.0, -1.0) * (0.6 + 0.05 * spec.i)
    X = centre + rng.normal(size=(spec.rows, 2)) + np.array([spec.i, -spec.i])
    lines = [f"feature_a_{t},feature_b_{t},outcome_{t}"]
    lines += [f"{a:.5f},{b:.5f},{('no', 'yes')[k]}_{t}" for (a, b), k in zip(X, y, strict=True)]
    Path(spec.csv).write_text("\n".join(lines) + "\n", encoding="utf-8")


def expected(spec: Spec, upto: int | None = None) -> tuple[str, str]:
    """The iteration and train loss the Playground must show after ``upto`` iterations (None:
    trained to the end), from the same training done in this process."""
    from logreg import lab
    from logreg.lab import CUSTOM, Run, Settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if spec.upload:
            from logreg import data as csv_data
            from logreg import editing

            table = csv_data.read_csv(Path(spec.csv).read_bytes())
            f1, f2, label = editing.default_columns(table)
            classes = csv_data.label_classes(table, label)
            prep = csv_data.prepare(table, [f1, f2], label, classes=(classes[0], classes[1]))
            data = editing.from_prepared(prep, Path(spec.csv).name)
            settings = Settings().replace(dataset=CUSTOM, max_iter=MAX_ITER)
        else:
            settings = Settings().replace(
                dataset=spec.kind, n_samples=spec.n_samples, seed=spec.seed, max_iter=MAX_ITER
            )
            data = lab.generate(settings)
        run = Run.start(settings, data, lab.split(data, settings.test_fraction, settings.seed))
        while not run.trainer.done and (upto is None or run.trainer.n_iter < upto):
            run.trainer.step(1 if upto is not None else 25)
        snap = lab.snapshot(run, None, grid=5)
    iteration = f"{snap.iteration:,} / {settings.max_iter:,}"
    return iteration, f"{snap.train_loss:.4f}"


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = open(log_path, "w")  # closed in stop_server()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    proc.log = log  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc, url
        except OSError:
            pass
        if time.time() > deadline or proc.poll() is not None:
            stop_server(proc)
            raise RuntimeError(f"streamlit did not start; see {log_path}")
        time.sleep(0.3)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)
    proc.log.close()  # type: ignore[attr-defined]


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) of process ``pid`` in MB."""
    try:
        import psutil  # optional

        info = psutil.Process(pid).memory_info()
        rss = info.rss / 2**20
        peak = getattr(info, "peak_wset", 0) / 2**20
    except ImportError:
        rss = peak = 0.0
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        rss = int(fields["VmRSS"].split()[0]) / 1024
        peak = int(fields["VmHWM"].split()[0]) / 1024
    return rss, peak


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return math.nan


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} CPUs ({model}){mem}, Python {platform.python_version()}"


# --------------------------------------------------------------------------- one browser session


class Session:
    def __init__(
        self,
        spec: Spec,
        url: str,
        timeout_s: float,
        *,
        verbose: bool = False,
        shots: Path | None = None,
        data_page: bool = True,
        ready=None,
    ) -> None:
        self.ready = ready  # called once this session's setup has ended (for the memory curve)
        self.spec = spec
        self.data_page = data_page  # end with a visit to the Data page (its summary line)
        self.verbose = verbose
        self.shots = shots
        self.step = "start"
        self.t_start = time.perf_counter()
        self.url = url
        self.ms = timeout_s * 1000
        self.result = Result(spec.i, "upload" if spec.upload else "url")
        self.context = None
        self.page = None

    # ---- helpers
    def at(self, step: str) -> None:
        """Remember (and with --verbose print) what this session is doing now."""
        self.step = step
        if self.verbose:
            print(f"{time.perf_counter() - self.t_start:7.1f} s  session {self.spec.i}: {step}")

    async def failed(self, exc: Exception) -> None:
        first = (str(exc).splitlines() or [""])[0][:200]
        self.result.errors.append(f"{self.step}: {type(exc).__name__}: {first}")
        if self.shots is not None and self.page is not None:
            try:
                self.shots.mkdir(parents=True, exist_ok=True)
                await self.page.screenshot(path=str(self.shots / f"session-{self.spec.tag}.png"))
            except Exception:
                pass

    async def idle(self) -> None:
        await self.page.wait_for_timeout(250)
        await self.page.wait_for_function(IDLE_JS, timeout=self.ms, polling=100)

    async def iteration(self) -> str:
        return await self.page.evaluate(ITER_JS) or ""

    async def metric(self, label: str) -> str:
        box = self.page.locator("[data-testid='stMetric']", has_text=label).first
        return (await box.locator("[data-testid='stMetricValue']").inner_text()).strip()

    async def exceptions(self, where: str) -> None:
        boxes = self.page.locator("[data-testid='stException']")
        if n := await boxes.count():
            text = (await boxes.first.inner_text())[:300]
            self.result.errors.append(f"{where}: {n} exception box(es): {text}")

    async def check_trained(self, where: str, want: tuple[str, str] | None = None) -> None:
        s, r = self.spec, self.result
        want_it, want_loss = want or (s.expected_iteration, s.expected_loss)
        it, loss = await self.iteration(), await self.metric("Train loss")
        if want is None:
            r.shown = f"{it} · {loss}"
        if it != want_it or loss != want_loss:
            r.errors.append(
                f"{where}: shows {it} / loss {loss}, expected {want_it} / loss {want_loss}"
            )
        try:
            finite = math.isfinite(float(loss))
        except ValueError:
            finite = False
        if not finite:
            r.errors.append(f"{where}: train loss is not a finite number: {loss!r}")

    # ---- phase 1: open, (upload,) train
    async def open(self, browser) -> None:
        self.context = await browser.new_context(viewport=VIEWPORT)
        self.context.set_default_timeout(self.ms)
        self.page = await self.context.new_page()
        r = self.result

        def console(m) -> None:
            where = (m.location or {}).get("url", "")
            if m.type == "error" and not (" 404 " in m.text and KNOWN_404.search(where)):
                r.console.append(f"console: {m.text[:200]} ({where[:120]})")

        def websocket(ws) -> None:
            if "/_stcore/stream" in ws.url:
                r.websockets += 1
                if r.websockets > 1:
                    r.notes.append(f"reconnected (websocket {r.websockets}) during '{self.step}'")

        self.page.on("console", console)
        self.page.on("pageerror", lambda e: r.console.append(f"page error: {str(e)[:200]}"))
        self.page.on("websocket", websocket)
        self.page.on("crash", lambda _: r.errors.append(f"the tab crashed during '{self.step}'"))

    async def upload(self) -> None:
        """Upload tab, choose the file, wait for "Use this data", press it, wait for the summary.

        Under heavy load the tab's own rerun can still be on its way when the file is chosen;
        the uploader then comes back empty. The file is chosen again (at most 3 times, each
        retry noted) only when the uploader shows no file.
        """
        page, name = self.page, Path(self.spec.csv).name
        self.at("setup: upload tab")
        tab = page.get_by_role("tab", name="Upload a CSV")
        await tab.click()
        await page.wait_for_function(
            "() => [...document.querySelectorAll('[role=tab]')].some(t =>"
            " t.innerText.includes('Upload a CSV') && t.getAttribute('aria-selected') === 'true')",
            timeout=self.ms,
        )
        await self.idle()
        use = page.get_by_role("button", name="Use this data")
        for attempt in range(3):
            self.at(f"setup: choosing the file (attempt {attempt + 1})")
            await page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(self.spec.csv)
            await self.idle()
            try:
                await use.wait_for(timeout=min(self.ms, 60_000))
                break
            except Exception:
                chips = page.locator("[data-testid=stFileChipName], [data-testid=stFileName]")
                shown = " ".join(await chips.all_inner_texts())
                if name in shown:  # the file is there, the app is just slow: keep waiting
                    await use.wait_for(timeout=self.ms)
                    break
                self.result.notes.append(f"upload: file chosen again (attempt {attempt + 2})")
        self.at("setup: Use this data")
        await use.click()
        await page.wait_for_function(
            "name => document.querySelector('[data-testid=stMain]').innerText"
            ".includes('Your data: ' + name)",
            arg=name,
            timeout=self.ms,
            polling=200,
        )
        await self.idle()

    async def setup(self, browser, gate: asyncio.Semaphore) -> None:
        s, r = self.spec, self.result
        try:
            self.at("setup: opening a browser context")
            await self.open(browser)
            async with gate:
                t0 = time.perf_counter()
                if s.upload:
                    self.at("setup: Data page")
                    await self.page.goto(self.url + f"/data?max_iter={MAX_ITER}", timeout=self.ms)
                    await self.idle()
                    await self.upload()
                    await self.exceptions("data page after upload")
                    await self.check_summary("after upload")
                    t1 = time.perf_counter()
                    self.at("setup: Playground link")
                    await self.page.get_by_role("link", name="Playground").click()
                else:
                    t1 = t0
                    self.at("setup: opening the Playground URL")
                    await self.page.goto(self.url + s.url_path, timeout=self.ms)
                self.at("setup: waiting for the charts")
                await self.page.wait_for_function(
                    "() => !!document.querySelector('.st-key-pg_decision .main-svg')"
                    " && !!document.querySelector('.st-key-pg_loss .main-svg')",
                    timeout=self.ms,
                    polling=100,
                )
                r.first_chart_s = time.perf_counter() - t1
                self.at("setup: waiting for the trained result")
                await self.page.wait_for_function(TRAINED_JS, timeout=self.ms, polling=100)
                now = time.perf_counter()
                r.trained_s, r.setup_s = now - t1, now - t0
            await self.exceptions("playground after training")
            await self.check_trained("first training")
            self.at("setup: done")
        except Exception as exc:  # a timeout or a missing element: this session failed
            await self.failed(exc)
        finally:
            if self.ready is not None:
                self.ready()

    # ---- phase 2: live training and the isolation check
    async def live(self, gate: asyncio.Semaphore) -> None:
        """Play (training restarts from 0), Pause after some iterations, nothing moves while
        paused, the paused model is the expected one; then the isolation checks."""
        r, page = self.result, self.page
        if r.errors or page is None:
            r.notes.append("live phase skipped: the setup failed")
            return
        async with gate:
            await self._live()

    async def _live(self) -> None:
        r, page = self.result, self.page
        try:
            self.at("live: Play")
            # the trained result on show before Play: it stays on the page until the first
            # live frame replaces it, and must not be taken for a live value
            stale = await self.iteration()
            await page.get_by_role("button", name="Play", exact=True).click()
            t0 = time.perf_counter()
            self.at("live: waiting for Pause to appear")
            await page.locator(".st-key-btn_pause").wait_for(timeout=self.ms)
            self.at(f"live: waiting for {LIVE_ITERATIONS} iterations")
            first: tuple[float, int] | None = None
            while True:  # the rate counts from the first frame drawn to the last one seen
                text = await self.iteration()
                n = int(text.split("/")[0].replace(",", "").strip() or 0) if text else 0
                now = time.perf_counter()
                if 0 < n < MAX_ITER and first is None and text != stale:  # a live value
                    first = (now, n)
                if n >= LIVE_ITERATIONS and first is not None and n > first[1]:
                    break  # (two different values seen: a rate)
                if (
                    n >= LIVE_ITERATIONS
                    and await page.locator(".st-key-btn_play").count()
                    and not await page.locator(".st-key-btn_pause").count()
                ):
                    break  # training ended (converged) before two live values were read
                if now - t0 > self.ms / 1000:
                    raise TimeoutError(f"only {text} after {self.ms / 1000:.0f} s of playing")
                await page.wait_for_timeout(100)
            if first is None or n <= first[1]:
                # The run ended between two readings of a page too busy to be read more often
                # (3 sessions and their browsers on 2 CPUs): no rate for this session; its end
                # state is still checked below.
                r.notes.append(f"training ended before two live values were read ({text})")
            else:
                r.live_its = (n - first[1]) / (now - first[0])
            self.at("live: Pause")
            try:
                await page.get_by_role("button", name="Pause", exact=True).click(timeout=self.ms)
            except Exception:  # the run may end first: a slow page takes bigger steps
                if not await page.locator(".st-key-btn_play").count():
                    raise
                r.notes.append("training ended before Pause was pressed")
            self.at("live: waiting for the rerun after Pause")
            await page.wait_for_function(TRAINED_JS, timeout=self.ms, polling=100)
            it = await self.iteration()
            await page.wait_for_timeout(1500)
            if (again := await self.iteration()) != it:
                r.errors.append(f"live: moved while paused ({it} -> {again})")
            n = int(it.split("/")[0].replace(",", ""))
            await self.check_trained("paused", expected(self.spec, n))
            self.at("live: checking the Playground")
            await self.exceptions("playground after Play and Pause")
            await self.check_playground()
            if not self.data_page:
                self.at("live: done")
                return
            self.at("live: going to the Data page")
            await page.get_by_role("link", name="Data").click()
            await page.get_by_role("heading", name="Data", exact=True).wait_for(timeout=self.ms)
            await self.idle()
            await self.exceptions("data page at the end")
            await self.check_summary("data page at the end")
            self.at("live: done")
        except Exception as exc:
            await self.failed(exc)

    async def visible_text(self) -> str:
        page = self.page
        parts = [page.url]
        for sel in ("[data-testid='stMain']", "[data-testid='stSidebar']"):
            loc = page.locator(sel)
            if await loc.count():
                parts.append(await loc.first.inner_text())
        parts += await page.locator(".st-key-w_seed input, .st-key-w_dataset input").evaluate_all(
            "els => els.map(e => e.value)"
        )
        return "\n".join(parts)

    def markers(self, text: str, where: str) -> None:
        """Record every marker in ``text`` that belongs to another session."""
        s = self.spec
        for name, rx in MARKERS.items():
            for found in set(rx.findall(text)):
                own = int(found) == (s.seed if name == "seed" else s.i)
                if name == "seed" and s.upload and int(found) == 0:
                    own = True  # the default seed of an upload session
                if not own:
                    self.result.foreign.append(f"{where}: {name} {found}")

    async def check_playground(self) -> None:
        s, r = self.spec, self.result
        titles = await self.page.locator(
            ".st-key-pg_decision .xtitle, .st-key-pg_decision .ytitle"
        ).all_text_contents()
        want = [f"feature_a_{s.tag}", f"feature_b_{s.tag}"] if s.upload else ["x1", "x2"]
        if sorted(titles) != sorted(want):
            r.errors.append(f"playground: decision chart axes {titles}, expected {want}")
        text = await self.visible_text()
        self.markers(text + "\n" + "\n".join(titles), "playground")
        dataset = await self.page.locator(".st-key-w_dataset input").input_value()
        if s.upload:
            if dataset != "Your data":
                r.errors.append(f"playground: Dataset box shows {dataset!r}, not 'Your data'")
        else:
            from logreg.datasets import DATASET_LABELS

            seed = await self.page.locator(".st-key-w_seed input").input_value()
            if dataset != DATASET_LABELS[s.kind] or seed != str(s.seed):
                r.errors.append(f"playground: sidebar shows {dataset!r}, seed {seed}")

    async def check_summary(self, where: str) -> None:
        """The Data page's first line names this session's data and its size."""
        s = self.spec
        text = await self.visible_text()
        self.markers(text, where)
        if s.upload:
            want = f"Your data: {Path(s.csv).name} · {s.rows:,} points"
        else:
            from logreg.datasets import DATASET_LABELS

            want = f"Generated points: {DATASET_LABELS[s.kind]}, seed {s.seed} · {s.n_samples:,}"
        if want not in text:
            line = next((x for x in text.splitlines() if " · " in x), "(no summary line)")
            self.result.errors.append(f"{where}: expected {want!r}, the page shows {line[:160]!r}")

    async def close(self) -> None:
        if self.context is not None:
            try:
                await self.context.close()
            except Exception as exc:
                self.result.errors.append(f"close: {type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------- the whole run


@dataclass
class Report:
    sessions: int
    uploads: int
    command: str
    machine: str
    memory_mb: dict[str, float]
    per_session_mb: float
    wall_s: float
    results: list[Result]
    server_log_tail: str = ""
    concurrency: int = 0
    live_concurrency: int = 0
    server_cpu: dict[str, float] = field(default_factory=dict)
    load: str = ""  # the machine's load average (1/5/15 min) before and after

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results) and len(self.results) == self.sessions


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    return kids


def browser_cpu_s(marker: str) -> float:
    """CPU seconds used so far by the Chromium started with ``marker`` and its live children."""
    try:
        roots = [
            int(d.name)
            for d in Path("/proc").iterdir()
            if d.name.isdigit() and marker.encode() in _read(d / "cmdline")
        ]
    except OSError:
        return math.nan
    kids, total, todo, seen = _children(), 0.0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += 0.0 if math.isnan(c := cpu_s(pid)) else c
        todo += kids.get(pid, [])
    return total if roots else math.nan


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


async def _drive(args, specs: list[Spec], url: str, pid: int) -> tuple[dict, dict, list[Result]]:
    from playwright.async_api import async_playwright

    mem: dict[str, float] = {}
    cpu: dict[str, float] = {}
    settle = 0 if args.quick else 1  # seconds x: let the server settle before reading memory
    marker = f"--load-test-run={os.getpid()}-{time.time_ns()}"  # finds our Chromium's processes
    mem["cold"], _ = memory_mb(pid)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, marker])
        sessions: list[Session] = []
        try:
            if not args.quick:
                # A warm-up visit (not counted) loads the app's imports, so the baseline is an
                # idle server that has served one page and the per-session figure is per session.
                warm = Session(
                    Spec(-1, False, kind="blobs", n_samples=200, seed=1), url, args.timeout
                )
                await warm.open(browser)
                await warm.page.goto(url + "/", timeout=warm.ms)
                await warm.page.wait_for_function(TRAINED_JS, timeout=warm.ms, polling=100)
                await warm.close()
                await asyncio.sleep(3)
            mem["baseline"], _ = memory_mb(pid)
            cpu["baseline"], cpu["browser_baseline"] = cpu_s(pid), browser_cpu_s(marker)

            curve: list[tuple[int, float]] = []  # (sessions set up, server RSS MB)

            def ready() -> None:
                curve.append((len(curve) + 1, memory_mb(pid)[0]))

            sessions = [
                Session(
                    s,
                    url,
                    args.timeout,
                    verbose=args.verbose,
                    shots=args.shots,
                    data_page=not args.quick,
                    ready=ready,
                )
                for s in specs
            ]
            gate = asyncio.Semaphore(max(1, args.concurrency))
            await asyncio.gather(*(s.setup(browser, gate) for s in sessions))
            await asyncio.sleep(2 * settle)
            mem["all_alive"], _ = memory_mb(pid)
            cpu["all_alive"], cpu["browser_all_alive"] = cpu_s(pid), browser_cpu_s(marker)
            live_gate = asyncio.Semaphore(max(1, args.live_concurrency or args.concurrency))
            await asyncio.gather(*(s.live(live_gate) for s in sessions))
            mem["after_live"], _ = memory_mb(pid)
            cpu["after_live"], cpu["browser_after_live"] = cpu_s(pid), browser_cpu_s(marker)
            await asyncio.gather(*(s.close() for s in sessions))
            await asyncio.sleep(5 * settle)
            mem["closed"], mem["peak"] = memory_mb(pid)
        finally:
            await browser.close()
    mem["curve"] = curve  # type: ignore[assignment]
    return mem, cpu, [s.result for s in sessions]


def run(args: argparse.Namespace) -> Report:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="logreg-load-") as tmp:
        folder = Path(tmp)
        specs = make_specs(args.sessions, args.uploads_every, folder)
        log_path = folder / "server.log"
        proc, url = start_server(log_path)
        try:
            load_before = load_average()
            mem, cpu, results = asyncio.run(_drive(args, specs, url, proc.pid))
        finally:
            stop_server(proc)
            tail = log_path.read_text(errors="replace")[-3000:]
    per = (mem["all_alive"] - mem["baseline"]) / max(1, args.sessions)
    curve = mem.pop("curve")
    mem["marginal_per_session"] = _slope(curve[len(curve) // 3 :])
    n = max(1, args.sessions)
    server_cpu = {
        "setup_per_session_s": (cpu["all_alive"] - cpu["baseline"]) / n,
        "live_per_session_s": (cpu["after_live"] - cpu["all_alive"]) / n,
        "browser_setup_per_session_s": (cpu["browser_all_alive"] - cpu["browser_baseline"]) / n,
        "browser_live_per_session_s": (cpu["browser_after_live"] - cpu["browser_all_alive"]) / n,
    }
    return Report(
        sessions=args.sessions,
        uploads=sum(s.upload for s in specs),
        command="python scripts/load_test.py " + " ".join(args.argv),
        machine=machine(),
        memory_mb=mem,
        per_session_mb=per,
        wall_s=time.perf_counter() - t0,
        results=results,
        server_log_tail=tail,
        server_cpu=server_cpu,
        load=f"{load_before} before, {load_average()} after",
        concurrency=args.concurrency,
        live_concurrency=args.live_concurrency or args.concurrency,
    )


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of RSS over the number of sessions set up (MB per extra session)."""
    if len(points) < 3:
        return math.nan
    xs, ys = [float(x) for x, _ in points], [y for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else math.nan


def _mb(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{x:.1f} MB"


def _s(x: float) -> str:
    return "–" if not math.isfinite(x) else f"{x:.1f}"


def table(report: Report) -> str:
    rows = [
        "| session | data | first chart s | trained s | live it/s | shown (iteration · loss) "
        "| own data only | reconnects | errors |",
        "|---:|---|---:|---:|---:|---|---|---:|---:|",
    ]
    for r in report.results:
        problems = r.errors + r.console
        rows.append(
            f"| {r.i} | {r.kind} | {_s(r.first_chart_s)} | {_s(r.trained_s)} | "
            f"{_s(r.live_its)} | {r.shown} | {'yes' if not r.foreign else 'NO'} | "
            f"{max(0, r.websockets - 1) or ''} | {len(problems) or ''} |"
        )
    return "\n".join(rows)


def summary(report: Report) -> str:
    res = report.results
    trained = [r.trained_s for r in res if math.isfinite(r.trained_s)]
    by_kind = {
        k: [r.trained_s for r in res if r.kind == k and math.isfinite(r.trained_s)]
        for k in ("url", "upload")
    }
    live = [r.live_its for r in res if math.isfinite(r.live_its)]
    m, c = report.memory_mb, report.server_cpu

    def med_max(xs: list[float]) -> str:
        return f"median {statistics.median(xs):.1f} s, max {max(xs):.1f} s" if xs else "n/a"

    lines = [
        f"- Sessions: {report.sessions} ({report.uploads} uploaded a CSV, "
        f"{report.sessions - report.uploads} generated data from the URL), all alive at once",
        f"- Server memory (RSS): cold {m['cold']:.0f} MB, idle baseline "
        f"{m['baseline']:.0f} MB (after a warm-up visit unless --quick), "
        f"with all {report.sessions} sessions trained "
        f"{m['all_alive']:.0f} MB, after live training {m['after_live']:.0f} MB, "
        f"5 s after closing them {m['closed']:.0f} MB (peak {m['peak']:.0f} MB)",
        f"- Memory per session: {report.per_session_mb:.1f} MB "
        "((all sessions alive − idle) / sessions); marginal: "
        f"{_mb(m.get('marginal_per_session', math.nan))} per extra session (slope of the "
        "server's memory over the last two thirds of the sessions as they were set up)",
        f"- Time from asking for the Playground to the trained result, under load: "
        f"{med_max(trained)} (URL sessions: {med_max(by_kind['url'])}; "
        f"after an upload: {med_max(by_kind['upload'])})",
        f"- Live training, up to {report.live_concurrency} sessions playing at once while all "
        f"are open: median {statistics.median(live):.1f} iterations/s per session (the app "
        "aims at 50: 5 iterations per frame, 10 frames per second)"
        if live
        else "- Live training: n/a",
        f"- Sessions whose websocket reconnected: {sum(r.websockets > 1 for r in res)}",
        f"- Sessions with errors: {sum(bool(r.errors or r.console) for r in res)}; "
        f"sessions that saw another session's data: {sum(bool(r.foreign) for r in res)}",
        f"- Server CPU time per session: {c.get('setup_per_session_s', math.nan):.2f} s to open "
        f"and train, {c.get('live_per_session_s', math.nan):.2f} s for Play and Pause "
        f"(Chromium, on the same CPUs: {c.get('browser_setup_per_session_s', math.nan):.1f} s "
        f"and {c.get('browser_live_per_session_s', math.nan):.1f} s)",
        f"- Wall time: {report.wall_s:.0f} s; machine: {report.machine}; "
        f"load average {report.load}",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=30, help="browser sessions (default 30)")
    ap.add_argument(
        "--uploads-every",
        type=int,
        default=2,
        help="every K-th session uploads a CSV, the others open a URL (0: none; default 2)",
    )
    ap.add_argument(
        "--timeout", type=float, default=240, help="seconds for each single wait (default 240)"
    )
    ap.add_argument(
        "--concurrency",
        type=int,
        default=8,
        help="sessions loading the app at the same moment (default 8); all stay open",
    )
    ap.add_argument(
        "--live-concurrency",
        type=int,
        default=0,
        help="sessions playing live at the same moment (default: --concurrency); all stay open",
    )
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--verbose", action="store_true", help="print every step of every session")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="no warm-up visit, no settling pauses, no final Data page visit (for the test "
        "suite; the memory per session then includes the app's first imports)",
    )
    ap.add_argument(
        "--shots", type=Path, default=None, help="save a screenshot of each failed session here"
    )
    argv = list(sys.argv[1:] if argv is None else argv)
    args = ap.parse_args(argv)
    if not 1 <= args.sessions <= 200:
        ap.error("--sessions must be between 1 and 200")
    args.argv = argv
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    print(table(report))
    print()
    print(summary(report))
    for r in report.results:
        for problem in r.errors + r.console + r.foreign:
            print(f"session {r.i}: {problem}")
        for note in r.notes:
            print(f"session {r.i} (note, not an error): {note}")
    if not report.ok:
        print("\nServer log (end):\n" + report.server_log_tail)
    if args.json is not None:
        data = asdict(report)
        data["ok"] = report.ok
        args.json.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    print("\nOK" if report.ok else "\nFAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
