"""Every benchmark in one run: the engine, the app's server side and the browser, one report.

Run: ``python benchmarks/bench_all.py`` (about 7 minutes here; ``--quick`` for a smoke run of a
few minutes; ``--help``). Prints one markdown report: first the targets of the engine and app
issues with what this run measured and whether each is met, then the full tables of

* ``bench_engine.py --threads 1``: fit times and objective gaps against scikit-learn measured
  in the same process, and one gradient step against the memory-bandwidth bound;
* ``bench_app.py``: server time and chart bytes per rerun of every page at default settings
  and with 1e5 / 1e6 rows, the live update rate and payload, a 1e6-row file stage by stage
  and through the app, with the memory one session holds;
* ``bench_browser.py``: in headless Chromium, the first chart of the Playground beside a bare
  Streamlit page (ratio), the live update rate seen, a 1e6-row upload timed to trained.

Each script runs in a process of its own (its memory figures are its own; BLAS threads are set
before numpy loads) and also writes its numbers as JSON, from which the targets are read.
``--engine``, ``--app`` and ``--browser`` replace a script's arguments (one quoted string;
a single option needs the ``=`` form: ``--engine=--quick``); ``--skip`` leaves scripts out.
``--out PATH`` also saves the report. A script that fails is reported as such and the others
still run; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCRIPTS = ("engine", "app", "browser")
FULL = {
    "engine": "--threads 1",
    "app": "--repeat 2 --reruns 3 --frames 20",
    "browser": "--loads 7",
}
QUICK = {
    "engine": "--quick --threads 1",
    "app": "--quick",
    "browser": "--loads 3 --rows 1e5",
}


def run_script(name: str, args: list[str], folder: Path) -> tuple[str, dict[str, Any], float]:
    """Run ``bench_<name>.py args --json`` in its own process; its report, numbers, seconds."""
    out = folder / f"{name}.json"
    cmd = [sys.executable, str(HERE / f"bench_{name}.py"), *args, "--json", str(out)]
    print(f"== {shlex.join(cmd)}", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=HERE.parent)
    seconds = time.perf_counter() - t0
    if done.returncode != 0 or not out.exists():
        # the other scripts still report; this one's section says what happened
        text = f"**bench_{name}.py failed** (exit {done.returncode}); its messages are above."
        return text + "\n\n" + done.stdout, {}, seconds
    return done.stdout, json.loads(out.read_text()), seconds


def _num(text: Any) -> float:
    return float(str(text).replace(",", ""))


def _fmt(x: float, unit: str = "") -> str:
    s = f"{x:,.2f}" if abs(x) < 10 else f"{x:,.0f}"
    return s + unit


def targets(results: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """The issues' targets, each with what ``results`` measured and whether it is met.

    ``results`` maps "engine", "app", "browser" to each script's JSON; a script left out
    gives no rows."""
    rows: list[dict[str, str]] = []

    def add(target: str, measured: str, met: bool | None, source: str) -> None:
        rows.append(
            {
                "target": target,
                "measured": measured,
                "met?": "n/a" if met is None else "yes" if met else "**no**",
                "from": source,
            }
        )

    engine = results.get("engine")
    if engine:
        big = [r for r in engine["fits"] if r["solver"] == "newton" and _num(r["n"]) >= 1e5]
        if big:
            worst = max(_num(r["ours / best sklearn"]) for r in big)
            add(
                "newton at most 0.5x scikit-learn's faster solver at n >= 1e5",
                "worst "
                + _fmt(worst, "x")
                + " over "
                + ", ".join(f"{r['data']} {r['n']}" for r in big),
                worst <= 0.5,
                "engine",
            )
        step = next(r for r in engine["step"] if r["what"].startswith("gradient step"))
        ratio = _num(step["ratio to bound"])
        add(
            f"one gradient step at n = {step['n']} within 2x of the bandwidth bound",
            f"{_fmt(ratio, 'x')} the bound ({step['time (ms)']} ms)",
            ratio <= 2.0,
            "engine",
        )
    app = results.get("app")
    if app and app.get("reruns"):
        default = [r for r in app["reruns"] if r["data"] == "default settings"]
        kinds = (
            "first visit (ms)",
            "rerun, nothing changed: wall (ms)",
            "rerun after a widget: wall (ms)",
        )
        worst_ms, page, kind = max(
            (r[k], r["page"], k.split(":")[0].split(" (")[0]) for r in default for k in kinds
        )
        add(
            "no rerun at default settings above 250 ms of server time",
            f"slowest {_fmt(worst_ms, ' ms')} ({page}, {kind})",
            worst_ms <= 250,
            "app",
        )
    browser = results.get("browser")
    if browser:
        first = browser["first_chart"][0]
        add(
            "first chart at most 1.3x a bare Streamlit page",
            f"{_fmt(first['ratio to bare'], 'x')} ({_fmt(first['median (ms)'], ' ms')} vs "
            f"{_fmt(browser['first_chart'][1]['median (ms)'], ' ms')})",
            first["ratio to bare"] <= 1.3,
            "browser",
        )
        if browser.get("live"):
            rate = browser["live"][0]["updates per second (distinct values shown)"]
            add(
                "live training at least 10 updates per second",
                _fmt(rate, " a second"),
                rate >= 10,
                "browser",
            )
        if browser.get("big"):
            big = browser["big"]
            worst = max(r["→ trained (s)"] for r in big)
            add(
                f"{browser['big_rows']:,} rows from upload to trained "
                "model and drawn charts in at most 15 s",
                ", ".join(f"{r['→ trained (s)']:.1f} s" for r in big) + " over successive uploads",
                worst <= 15,
                "browser",
            )
    if app:
        mem = app.get("big_memory_newton")
        file = app.get("big_file")
        if mem and file:
            one = mem["session holds after upload 1 (MB)"]
            two = mem["session holds after upload 2 (MB)"]
            add(
                "server memory of one big session a few times the data size; a second "
                "upload replaces the first",
                f"{file['rows']:,}-row file of {_fmt(file['MB'], ' MB')}: the session holds "
                f"{_fmt(one, ' MB')} ({_fmt(one / file['MB'], 'x')} the file), "
                f"{_fmt(two, ' MB')} after a second upload",
                # below ~10 MB the session's fixed costs dominate: nothing to judge
                None if file["MB"] < 10 else one <= 5 * file["MB"] and two <= 1.2 * one,
                "app",
            )
    return rows


def markdown(rows: list[dict[str, str]]) -> str:
    if not rows:
        return "(nothing measured)"
    cols = list(rows[0])
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    out += ["| " + " | ".join(r[c] for c in cols) + " |" for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    ap.add_argument("--skip", default="", help="comma list of: engine,app,browser")
    for name in SCRIPTS:
        ap.add_argument(f"--{name}", help=f"arguments of bench_{name}.py (quote them)")
    ap.add_argument("--out", help="also write the report here")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    if unknown := skip - set(SCRIPTS):
        ap.error(f"unknown in --skip: {', '.join(sorted(unknown))}")
    preset = QUICK if args.quick else FULL
    command = "python benchmarks/bench_all.py " + shlex.join(argv or sys.argv[1:])
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    reports: dict[str, str] = {}
    results: dict[str, dict[str, Any]] = {}
    took: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in SCRIPTS:
            if name in skip:
                continue
            given = getattr(args, name)
            script_args = shlex.split(given if given is not None else preset[name])
            reports[name], results[name], took[name] = run_script(name, script_args, Path(tmp))
    titles = {
        "engine": "Engine (bench_engine.py)",
        "app": "App, server side (bench_app.py)",
        "browser": "App in headless Chromium (bench_browser.py)",
    }
    out = [
        "# Benchmarks, one run",
        "",
        f"command: `{command}`; load average {load} at the start, "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
        + " at the end; "
        + ", ".join(f"{name} {took[name]:.0f} s" for name in took),
        "",
        "## Targets",
        "",
        markdown(targets(results)),
    ]
    failed = [name for name in reports if not results[name]]
    if failed:
        out += ["", "Not measured (the script failed): " + ", ".join(failed) + "."]
    for name, text in reports.items():
        out += ["", f"## {titles[name]}", "", text.strip()]
    report = "\n".join(out)
    print(report, flush=True)
    if args.out:
        Path(args.out).write_text(report + "\n")
    return report


if __name__ == "__main__":
    sys.exit(1 if "Not measured (the script failed)" in main() else 0)
