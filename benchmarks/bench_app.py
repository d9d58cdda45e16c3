"""App costs: server time and bytes per rerun, live-update rate, and the 1e6-row path.

Run: ``python benchmarks/bench_app.py`` (``--quick`` for a smoke run; ``--help``). Prints
markdown tables, the machine and the command; ``--json PATH`` also saves the numbers.

* Page reruns: ``AppTest`` runs of every page with the default settings, and with 1e5 and
  1e6 rows of "your data" (a 2-feature data set put into the session, as an upload does).
  Each page script runs inside a thin wrapper that times it: wall-clock time and the CPU
  time of the script thread, i.e. the server's work for the rerun without AppTest's own
  overhead (AppTest executes the page in-process exactly as ``streamlit run`` does, minus
  the websocket). Per page: the first visit (which trains), the next person's first visit
  (a finished run on generated data is shared between sessions), a rerun with nothing changed,
  and a rerun after a widget that needs no retraining (the Evaluate threshold slider, the
  sidebar's "Show test points" elsewhere; with the default settings, "Number of points",
  which retrains). A live Playground is paused first, so reruns are comparable. Every page
  runs once untimed first: the one-off costs of a fresh server process (imports, caches)
  fall on its very first visitor only.
* Bytes: the JSON of every Plotly figure a rerun sends (``el.proto.spec``): the bulk of it.
* Live updates: the Playground fragment's own work per rerun (``playground._play`` then
  ``playground.draw``, the same code), called in a loop; the page asks for a rerun every
  ``RERUN_S`` (1/3 s) carrying 4 frames' worth of training (``FRAME_S``: 12 frames a second),
  so the rate is ``frames per rerun / max(RERUN_S, rerun time)``. Payload: the live charts
  component's arguments (JSON) per rerun.
* Big data: a 1e6-row CSV (two numeric columns and a yes/no label, ~40 MB) written to a
  temporary folder, timed stage by stage in-process (read, prepare, split, train, draw,
  evaluate), then once through the app (``AppTest``: Data page upload, *Use this data*,
  Playground until trained) with the memory one session holds.

Wall times depend on what else runs on the machine; CPU times much less so. The tables
print both, with the load average before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import io
import json
import logging
import os
import platform
import shlex
import statistics
import sys
import tempfile
import time
import types
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import plotly  # noqa: E402
import plotly.io  # noqa: E402
import streamlit  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from logreg import data as csv_data  # noqa: E402
from logreg import editing, figures, lab  # noqa: E402
from logreg.lab import Dataset, Settings  # noqa: E402
from logreg.ui import cache, data_page, state  # noqa: E402

PAGES = ("playground", "data", "evaluate", "learn", "compare", "lessons")
CLOCK = "_bench_app_clock"  # a module the wrapped page scripts report their times to
WRAPPER = """\
import runpy, sys, time
_clock = sys.modules[{clock!r}]
_w, _c = time.perf_counter(), time.thread_time()
try:
    runpy.run_path({path!r}, run_name="__main__")
finally:
    _clock.runs.append((time.perf_counter() - _w, time.thread_time() - _c))
"""


# --------------------------------------------------------------------------- helpers


def machine() -> dict[str, Any]:
    """nproc, CPU model, load average and versions (printed with every report)."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
    }


def rss_mb() -> float:
    """Resident memory of this process (Linux), MB."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def trimmed_rss_mb() -> float:
    """RSS after a full garbage collection and ``malloc_trim`` (freed memory given back)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_mb()


def held_bytes(root: Any) -> int:
    """Bytes of the arrays, tables and byte strings reachable from ``root`` (each buffer
    once): what a session holds, without the allocator's noise."""
    seen: set[int] = set()
    total = 0
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is None or isinstance(obj, int | float | str | bool):
            continue
        seen.add(id(obj))
        if isinstance(obj, np.ndarray):
            base = obj
            while isinstance(base.base, np.ndarray):
                base = base.base
            if id(base) not in seen or base is obj:
                seen.add(id(base))
                total += base.nbytes
            continue
        if isinstance(obj, bytes | bytearray):
            total += len(obj)
            continue
        if isinstance(obj, io.BytesIO):  # an uploaded file
            total += obj.getbuffer().nbytes
            continue
        if isinstance(obj, type | types.ModuleType | types.FunctionType | types.MethodType):
            continue
        if isinstance(obj, pd.DataFrame | pd.Series):
            total += int(obj.memory_usage(deep=True).sum()) if obj.ndim == 2 else obj.nbytes
            continue
        if isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        elif dataclasses.is_dataclass(obj) or hasattr(obj, "__dict__"):
            stack.extend(vars(obj).values())
    return total


def session_bytes(at: AppTest) -> int:
    """:func:`held_bytes` of everything in an AppTest session's state."""
    return held_bytes(at.session_state.to_dict())


def custom_data(n: int, seed: int = 0) -> Dataset:
    """Two overlapping Gaussian blobs, ``n`` points, labels 'no'/'yes' (like an upload)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)) * [10.0, 12.0] + [170.0, 70.0]
    z = 0.15 * (X[:, 0] - 170) - 0.2 * (X[:, 1] - 70) + 0.8 * rng.logistic(size=n)
    return Dataset(X, (z > 0).astype(np.int64), ("no", "yes"), ("height", "weight"), "bench")


def write_csv(path: Path, n: int, seed: int) -> int:
    """A CSV like a person's export: ``height_cm, weight_kg, label`` (yes/no); bytes."""
    rng = np.random.default_rng(seed)
    h = rng.normal(170, 10, n)
    w = rng.normal(70, 12, n) + 0.5 * (h - 170)
    z = 0.15 * (h - 170) - 0.2 * (w - 70) + 0.8 * rng.logistic(size=n)
    label = np.where(z > 0, "yes", "no")
    pd.DataFrame({"height_cm": h, "weight_kg": w, "label": label}).to_csv(path, index=False)
    return path.stat().st_size


def chart_bytes(at: AppTest) -> int:
    return sum(len(el.proto.spec.encode()) for el in at.get("plotly_chart"))


def _quiet() -> None:
    warnings.simplefilter("ignore")
    for name in ("streamlit", "streamlit.runtime", "streamlit.runtime.scriptrunner_utils"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from streamlit import logger as st_logger

    st_logger.set_log_level("error")


class PageRunner:
    """Page scripts wrapped so every rerun reports its own wall and CPU time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.clock = sys.modules.setdefault(CLOCK, types.ModuleType(CLOCK))
        self.clock.runs = []  # type: ignore[attr-defined]

    def app(self, page: str) -> AppTest:
        path = self.folder / f"timed_{page}.py"
        if not path.exists():
            target = ROOT / "pages" / f"{page}.py"
            path.write_text(WRAPPER.format(clock=CLOCK, path=str(target)))
        return AppTest.from_file(str(path), default_timeout=900)

    def run(self, at: AppTest) -> tuple[float, float]:
        """One ``at.run()``: (wall s, CPU s) of the script, summed over ``st.rerun`` restarts."""
        runs = self.clock.runs  # type: ignore[attr-defined]
        start = len(runs)
        at.run()
        if at.exception:
            raise RuntimeError(f"exception on the page: {[e.value for e in at.exception]}")
        done = runs[start:]
        return sum(w for w, _ in done), sum(c for _, c in done)


# --------------------------------------------------------------------------- page reruns


def _widget_change(at: AppTest, page: str, default: bool, k: int) -> str:
    """Move a widget that (with custom data) needs no retraining; return its name."""
    if page == "evaluate":
        at.slider(key=state.widget_key("threshold")).set_value(0.5 + 0.05 * (k % 2 + 1))
        return "threshold"
    if default:
        at.select_slider(key=state.widget_key("n_samples")).set_value((300, 500)[k % 2])
        return "number of points (retrains)"
    box = at.checkbox(key=state.widget_key("show_test"))
    box.set_value(not box.value)
    return "show test points"


def rerun_rows(
    runner: PageRunner, label: str, data: Dataset | None, repeat: int, reruns: int
) -> list[dict[str, Any]]:
    rows = []
    for page in PAGES:
        first, same, changed, same_cpu, changed_cpu, sizes = [], [], [], [], [], []
        widget, note = "", ""
        shared = []

        def visit(page: str = page) -> AppTest:
            at = runner.app(page)
            if data is not None:
                at.session_state[state.CUSTOM_DATA] = data
                at.session_state[state.SETTINGS] = Settings(dataset=lab.CUSTOM)
                at.session_state[state.VIEW_OPEN] = True  # 'Show test points' is in View
            return at

        for _ in range(repeat):
            at = visit()
            # Runs on generated data are shared between sessions (logreg.ui.cache): emptied
            # before every timed run that trains, these are the times of the first person to
            # ask for the settings; "run shared" is the next person's first visit.
            cache.finished_runs.clear()
            first.append(runner.run(at)[0])
            shared.append(runner.run(visit())[0])
            if at.session_state[state.RUNNING]:
                note = "paused after the first run (training was still live)"
                at.session_state[state.RUNNING] = False
                runner.run(at)
            for _ in range(reruns):
                w, c = runner.run(at)
                same.append(w)
                same_cpu.append(c)
                sizes.append(chart_bytes(at))
            for k in range(reruns):
                widget = _widget_change(at, page, data is None, k)
                cache.finished_runs.clear()
                w, c = runner.run(at)
                changed.append(w)
                changed_cpu.append(c)
            del at
            gc.collect()
        rows.append(
            {
                "data": label,
                "page": page,
                "first visit (ms)": 1000 * statistics.median(first),
                "first visit, run shared (ms)": 1000 * statistics.median(shared),
                "rerun, nothing changed: wall (ms)": 1000 * statistics.median(same),
                "CPU (ms)": 1000 * statistics.median(same_cpu),
                "rerun after a widget: wall (ms)": 1000 * statistics.median(changed),
                "CPU (ms) ": 1000 * statistics.median(changed_cpu),
                "widget": widget,
                "chart JSON per rerun (KB)": statistics.median(sizes) / 1024,
                "note": note,
            }
        )
        print(f"  measured {label} / {page}", file=sys.stderr, flush=True)
    return rows


# --------------------------------------------------------------------------- live updates


@contextlib.contextmanager
def counting_json() -> Iterator[list[int]]:
    """Count the bytes of every figure Streamlit serializes (``plotly.io.to_json``)."""
    sizes: list[int] = []
    original = plotly.io.to_json

    def counted(*args: Any, **kwargs: Any) -> str:
        out = original(*args, **kwargs)
        sizes.append(len(out))
        return out

    plotly.io.to_json = counted
    try:
        yield sizes
    finally:
        plotly.io.to_json = original


@contextlib.contextmanager
def counting_component() -> Iterator[list[int]]:
    """Record the JSON size of every live charts component call (what a live rerun sends)."""
    from logreg.ui import charts

    sizes: list[int] = []
    original = charts._get_component

    def wrapped() -> Any:
        real = original()
        if real is None:
            return None

        def call(**kwargs: Any) -> Any:
            sizes.append(len(json.dumps(kwargs)))
            return real(**kwargs)

        return call

    charts._get_component = wrapped
    try:
        yield sizes
    finally:
        charts._get_component = original


def live_rows(frames: int, sizes: list[int]) -> list[dict[str, Any]]:
    """The Playground fragment's work per live rerun, run outside a server (Streamlit's bare
    mode executes every element call, Plotly serialization included, and sends nothing)."""
    from logreg.ui import playground

    state.init()
    cases: list[tuple[str, Settings, Dataset | None]] = [
        ("default (blobs, 200 points, gd)", Settings(), None),
        ("circles, degree 3, 1,000 points",
         Settings(dataset="circles", degree=3, n_samples=1000), None),
        ("your data, 100,000 rows, gd", Settings(dataset=lab.CUSTOM), custom_data(10**5)),
    ]  # fmt: skip
    for n in sizes:
        data = custom_data(n)
        for solver, extra in (("gd", {}), ("sgd", {"batch_size": 256}), ("newton", {})):
            name = f"your data, {n:,} rows, {solver}" + (" batch 256" if extra else "")
            cases.append((name, Settings(dataset=lab.CUSTOM, solver=solver, **extra), data))
    periods = playground.RERUN_S / playground.FRAME_S  # a rerun on time: 4 frames' worth
    asked = round(periods * Settings().speed)
    rows = []
    for name, settings, data in cases:
        data = data if data is not None else lab.generate(settings)
        sp = lab.split(data, settings.test_fraction, settings.seed)
        run = lab.Run.start(settings, data, sp)
        state.set_settings(settings)
        state.set_run(run, None)
        state.set_running(True)
        walls, cpus, payload, iters, shown = [], [], [], [], []
        with warnings.catch_warnings(), counting_component() as sizes_seen:
            warnings.simplefilter("ignore")
            for _ in range(frames):
                if run.trainer.done:  # start over, as Play does after the end
                    run = run.restart()
                    state.set_run(run, None)
                before = run.trainer.n_iter
                del sizes_seen[:]
                w, c = time.perf_counter(), time.thread_time()
                shots = playground._play(run, periods)
                playground.draw(run, settings, shots)
                walls.append(time.perf_counter() - w)
                cpus.append(time.thread_time() - c)
                payload.append(sum(sizes_seen))
                iters.append(run.trainer.n_iter - before)
                shown.append(len(shots) + 1)
        rerun = statistics.median(walls)
        per_rerun = statistics.median(shown)
        rows.append(
            {
                "data": name,
                "server time per rerun: wall (ms)": 1000 * rerun,
                "CPU (ms)": 1000 * statistics.median(cpus),
                f"iterations per rerun (asked {asked})": statistics.median(iters),
                "frames per rerun": per_rerun,
                "updates per second": per_rerun / max(playground.RERUN_S, rerun),
                "payload per rerun (KB)": statistics.median(payload) / 1024,
            }
        )
        print(f"  measured live: {name}", file=sys.stderr, flush=True)
    state.set_run(None)
    return rows


# --------------------------------------------------------------------------- big data


def _timed(rows: list[dict[str, Any]], stage: str, fn: Callable[[], Any], note: str = "") -> Any:
    gc.collect()
    w, c = time.perf_counter(), time.thread_time()
    out = fn()
    rows.append(
        {
            "stage": stage,
            "wall (s)": time.perf_counter() - w,
            "CPU (s)": time.thread_time() - c,
            "note": note,
        }
    )
    return out


def big_stage_rows(csv: Path) -> list[dict[str, Any]]:
    """read_csv -> prepare -> split -> train -> snapshot + figures -> evaluation, in-process."""
    rows: list[dict[str, Any]] = []
    box: dict[str, Any] = {}  # the data flowing from stage to stage
    _timed(rows, "read the file's bytes", lambda: box.update(raw=csv.read_bytes()))
    _timed(
        rows, "logreg.data.read_csv", lambda: box.update(table=csv_data.read_csv(box.pop("raw")))
    )
    table = box["table"]
    f1, f2, label = _timed(rows, "editing.default_columns", lambda: editing.default_columns(table))
    classes = _timed(rows, "label_classes", lambda: csv_data.label_classes(table, label))
    prep = _timed(
        rows,
        "prepare",
        lambda: csv_data.prepare(table, [f1, f2], label, classes=(classes[0], classes[1])),
    )
    data = _timed(rows, "editing.from_prepared", lambda: editing.from_prepared(prep, csv.name))
    box.clear()
    upto_data = sum(r["wall (s)"] for r in rows)
    rows.append({"stage": "= file to data set", "wall (s)": upto_data, "CPU (s)": None})
    settings = Settings(dataset=lab.CUSTOM, solver="newton")
    sp = _timed(rows, "lab.split (stratified 75/25)", lambda: lab.split(data, 0.25, 0))
    for solver, extra in (("newton", {}), ("gd", {}), ("sgd", {"batch_size": 256})):
        settings = Settings(dataset=lab.CUSTOM, solver=solver, **extra)
        run = _timed(rows, f"Run.start ({solver})", lambda s=settings: lab.Run.start(s, data, sp))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if solver == "sgd":
                k = 3
                _timed(rows, f"{k} iterations of sgd batch 256", lambda t=run.trainer: t.step(3))
                per = rows[-1]["wall (s)"] / k
                rows[-1]["note"] = (
                    f"{per:.2f} s per iteration (one pass, {int(np.ceil(len(sp.y_train) / 256)):,} "
                    f"updates): 300 iterations would take ~{300 * per:.0f} s"
                )
            else:
                _timed(rows, f"train to the end ({solver})", run.trainer.run)
                t = run.trainer
                rows[-1]["note"] = f"{t.n_iter} iterations, converged={t.converged}"
        if solver == "newton":
            newton = run
    run = newton
    snap = _timed(rows, "lab.snapshot (grid 140, p for all points)", lambda: lab.snapshot(run))
    xr, yr = data.view_ranges()

    note: list[str] = []

    def charts() -> int:
        fig = figures.decision_figure(
            snap.xs, snap.ys, snap.proba, X_train=sp.X_train, y_train=sp.y_train,
            X_test=sp.X_test, y_test=sp.y_test, p_train=snap.p_train, p_test=snap.p_test,
            class_names=data.class_names, feature_names=data.feature_names, x_range=xr,
            y_range=yr,
        )  # fmt: skip
        h = run.trainer.history
        loss = figures.loss_figure(h.iteration, h.loss, h.test_loss, current=snap.iteration)
        sizes = [len(plotly.io.to_json(f, validate=False)) for f in (fig, loss)]
        kinds = ", ".join(sorted({t.type for t in fig.data}))
        shown = "; ".join(a.text for a in fig.layout.annotations)
        note.append(f"decision chart {sizes[0] / 1024:.0f} KB ({kinds}; '{shown}')")
        return sum(sizes)

    _timed(rows, "decision + loss figures, JSON", charts)
    rows[-1]["note"] = note[0]
    _timed(rows, "lab.evaluation (all points, cached curves)", lambda: lab.evaluation(run, 0.5))
    _timed(rows, "lab.evaluation again, threshold 0.6", lambda: lab.evaluation(run, 0.6))
    return rows


def big_app_rows(csv: Path, solver: str, n: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The same file through the app: Data page upload, *Use this data*, Playground until
    trained (each rerun of a live Playground is one frame), then Evaluate; then a second
    file of ``n`` rows replaces it. Memory: RSS of this process (after ``gc`` and
    ``malloc_trim``) and the bytes the session holds, before and after."""
    rows: list[dict[str, Any]] = []
    memory: dict[str, Any] = {"RSS before (MB)": trimmed_rss_mb()}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    memory["RSS, app open (MB)"] = trimmed_rss_mb()

    def step(name: str, action: Callable[[], Any]) -> None:
        w = time.perf_counter()
        action()
        at.run()
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
        rows.append({"step": name, "wall (s)": time.perf_counter() - w})

    def upload(path: Path) -> None:
        raw = path.read_bytes()
        at.file_uploader(key=data_page.UPLOAD_KEY).set_value((path.name, raw, "text/csv"))

    def to_playground() -> None:
        s = at.session_state[state.SETTINGS].replace(solver=solver)
        at.session_state[state.SETTINGS] = s
        at.session_state[state.PENDING] = set(at.session_state[state.PENDING]) | {"solver"}
        at.switch_page("pages/playground.py")

    def until_trained() -> int:
        frames = 0
        while at.session_state[state.RUNNING] and frames < 5000:
            at.run()
            frames += 1
        return frames

    step("upload on the Data page (read, columns, prepare)", lambda: upload(csv))
    step("press 'Use this data'", lambda: at.button(key="upload_use").click())
    step(f"open the Playground ({solver}): split, train 1.5 s, draw", to_playground)
    w = time.perf_counter()
    frames = until_trained()
    rows.append(
        {"step": f"live frames until trained ({frames})", "wall (s)": time.perf_counter() - w}
    )
    t = at.session_state[state.RUN].trainer
    rows.append(
        {
            "step": f"= upload to trained model and drawn charts ({t.n_iter} iterations, "
            f"converged={t.converged})",
            "wall (s)": sum(r["wall (s)"] for r in rows),
        }
    )
    step("open Evaluate (metrics on all points)", lambda: at.switch_page("pages/evaluate.py"))
    step("move the threshold", lambda: at.slider(key=state.widget_key("threshold")).set_value(0.6))
    memory["session holds after upload 1 (MB)"] = session_bytes(at) / 1e6
    memory["RSS after upload 1 (MB)"] = trimmed_rss_mb()
    at.switch_page("pages/data.py")
    at.run()
    with tempfile.TemporaryDirectory() as tmp:  # a second, different file replaces the first
        other = Path(tmp) / "second.csv"
        write_csv(other, n, seed=2)
        step("upload a second, different file", lambda: upload(other))
    step("press 'Use this data' (replaces the first)", lambda: at.button(key="upload_use").click())
    step("open the Playground", lambda: at.switch_page("pages/playground.py"))
    until_trained()
    step("open Evaluate", lambda: at.switch_page("pages/evaluate.py"))
    memory["session holds after upload 2 (MB)"] = session_bytes(at) / 1e6
    memory["RSS after upload 2 (MB)"] = trimmed_rss_mb()
    return rows, memory


# --------------------------------------------------------------------------- report


def markdown(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "(nothing measured)"
    cols = list(rows[0])
    out = ["| " + " | ".join(c.strip() for c in cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c)
            if v is None:
                cells.append("")
            elif isinstance(v, float):
                cells.append(f"{v:,.2f}" if abs(v) < 10 else f"{v:,.0f}")
            else:
                cells.append(str(v))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="fresh sessions per page (default data)")
    ap.add_argument("--reruns", type=int, default=5, help="reruns per session and kind")
    ap.add_argument("--frames", type=int, default=30, help="live frames per data set")
    ap.add_argument("--sizes", default="1e5,1e6", help="rows of 'your data' for the page tables")
    ap.add_argument("--skip", default="", help="comma list of: reruns,live,big")
    ap.add_argument("--quick", action="store_true", help="1 repeat, 2 reruns, 5 frames, 1e4 rows")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)
    if args.quick:
        args.repeat, args.reruns, args.frames, args.sizes = 1, 2, 5, "1e4"
    skip = set(filter(None, args.skip.split(",")))
    sizes = [int(float(s)) for s in args.sizes.split(",") if s]
    _quiet()
    os.chdir(ROOT)
    result: dict[str, Any] = {"machine": machine()}
    command = "python benchmarks/bench_app.py " + shlex.join(argv or sys.argv[1:])
    with tempfile.TemporaryDirectory() as tmp:
        runner = PageRunner(Path(tmp))
        if "reruns" not in skip:
            for page in PAGES:  # untimed: the process's one-off imports and caches
                runner.run(runner.app(page))
            rows = rerun_rows(runner, "default settings", None, args.repeat, args.reruns)
            for n in sizes:
                rows += rerun_rows(runner, f"your data, {n:,} rows", custom_data(n), 1, args.reruns)
            result["reruns"] = rows
        if "live" not in skip:
            result["live"] = live_rows(args.frames, [n for n in sizes if n >= 10**6])
        if "big" not in skip:
            n = max(sizes) if args.quick else 10**6
            csv = Path(tmp) / "big.csv"
            size = write_csv(csv, n, seed=1)
            result["big_file"] = {"rows": n, "MB": size / 1e6}
            result["big_stages"] = big_stage_rows(csv)
            for solver in ("newton", "gd"):
                steps, memory = big_app_rows(csv, solver, n)
                memory["RSS after the session is gone (MB)"] = trimmed_rss_mb()
                result[f"big_app_{solver}"] = steps
                result[f"big_memory_{solver}"] = memory
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
        f"{m.get('loadavg after', '?')} after; Python {m['python']}, numpy {m['numpy']}, "
        f"pandas {m['pandas']}, streamlit {m['streamlit']}, plotly {m['plotly']}, "
        f"OPENBLAS_NUM_THREADS={m['OPENBLAS_NUM_THREADS']}",
    ]
    if "reruns" in result:
        out += ["", "### Page reruns (AppTest, server time of the page script)", ""]
        out.append(markdown(result["reruns"]))
    if "live" in result:
        out += ["", "### Live training (the Playground fragment, per rerun)", ""]
        out.append(markdown(result["live"]))
    if "big_stages" in result:
        f = result["big_file"]
        out += ["", f"### {f['rows']:,}-row CSV ({f['MB']:.1f} MB), stage by stage", ""]
        out.append(markdown(result["big_stages"]))
    for solver in ("newton", "gd"):
        if f"big_app_{solver}" in result:
            out += ["", f"### The same file through the app ({solver})", ""]
            out.append(markdown(result[f"big_app_{solver}"]))
            mem = result[f"big_memory_{solver}"]
            out += ["", "memory: " + ", ".join(f"{k} {v:,.0f}" for k, v in mem.items())]
    return "\n".join(out)


if __name__ == "__main__":
    main()
