"""App costs: server time per rerun, bytes per rerun, live-update rate and payload.

Run: ``python benchmarks/bench_app.py`` (add ``--repeat N``). Prints markdown tables.

* Rerun time: ``AppTest`` runs of each page at default settings (first run, then a rerun with
  nothing changed, then a rerun after a widget change), median of repeats. AppTest executes the
  page script in-process exactly as the server does, minus the websocket.
* Bytes: the JSON of every Plotly figure the rerun sends (``el.proto.spec``).
* Live updates: one Playground frame = 5 training iterations + snapshot + both figures + JSON,
  timed in a loop; the app schedules a frame every 0.1 s, so the rate is min(10, 1/frame time).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from logreg import figures, lab  # noqa: E402
from logreg.ui import state  # noqa: E402

PAGES = ["pages/playground.py", "pages/data.py", "pages/evaluate.py"]


def _chart_bytes(at: AppTest) -> int:
    return sum(len(el.proto.spec.encode()) for el in at.get("plotly_chart"))


def rerun_table(repeat: int) -> list[dict]:
    rows = []
    for page in PAGES:
        if not (ROOT / page).exists():
            continue
        first, again, changed, sizes = [], [], [], []
        for _ in range(repeat):
            at = AppTest.from_file(str(ROOT / page), default_timeout=120)
            t = time.perf_counter()
            at.run()
            first.append(time.perf_counter() - t)
            t = time.perf_counter()
            at.run()
            again.append(time.perf_counter() - t)
            sizes.append(_chart_bytes(at))
            sl = at.select_slider(key=state.widget_key("n_samples"))
            sl.set_value(300)
            t = time.perf_counter()
            at.run()
            changed.append(time.perf_counter() - t)
            assert not at.exception, [e.value for e in at.exception]
        rows.append(
            {
                "page": page,
                "first run (ms)": 1000 * statistics.median(first),
                "rerun, no change (ms)": 1000 * statistics.median(again),
                "rerun after a widget change (ms)": 1000 * statistics.median(changed),
                "chart JSON per rerun (KB)": statistics.median(sizes) / 1024,
            }
        )
    return rows


def live_table(frames: int = 60) -> list[dict]:
    rows = []
    for name, settings in [
        ("default (blobs, 200 pts, gd)", lab.Settings()),
        ("circles, degree 3, 1000 pts", lab.Settings(dataset="circles", degree=3, n_samples=1000)),
        ("spirals, degree 6, 5000 pts", lab.Settings(dataset="spirals", degree=6, n_samples=5000)),
    ]:
        data = lab.generate(settings)
        run = lab.Run.start(settings, data, lab.split(data, settings.test_fraction, settings.seed))
        times, sizes = [], []
        xr, yr = lab.view_ranges(data.X)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(frames):
                t = time.perf_counter()
                run.trainer.step(settings.speed)
                snap = lab.snapshot(run, grid=60)
                sp = run.split
                f1 = figures.decision_figure(
                    snap.xs, snap.ys, snap.proba, X_train=sp.X_train, y_train=sp.y_train,
                    X_test=sp.X_test, y_test=sp.y_test, p_train=snap.p_train,
                    p_test=snap.p_test, x_range=xr, y_range=yr,
                )  # fmt: skip
                h = run.trainer.history
                f2 = figures.loss_figure(h.iteration, h.loss, h.test_loss, current=snap.iteration)
                payload = len(f1.to_json()) + len(f2.to_json())
                times.append(time.perf_counter() - t)
                sizes.append(payload)
        frame = statistics.median(times)
        rows.append(
            {
                "data": name,
                "server time per frame (ms)": 1000 * frame,
                "updates per second (frame every 0.1 s)": min(10.0, 1.0 / frame),
                "payload per update (KB)": statistics.median(sizes) / 1024,
            }
        )
    return rows


def markdown(rows: list[dict]) -> str:
    if not rows:
        return "(nothing measured)"
    cols = list(rows[0])
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        cells = [f"{v:,.1f}" if isinstance(v, float) else str(v) for v in r.values()]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--frames", type=int, default=60)
    args = ap.parse_args(argv)
    result = {"reruns": rerun_table(args.repeat), "live": live_table(args.frames)}
    print("## Page reruns (AppTest, default settings)\n")
    print(markdown(result["reruns"]))
    print("\n## Live training updates (Playground fragment)\n")
    print(markdown(result["live"]))
    return result


if __name__ == "__main__":
    json.dumps(main())
