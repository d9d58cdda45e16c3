"""``benchmarks/bench_all.py``: every benchmark script in one run, one report with the targets."""

from __future__ import annotations

import pytest

from tests.benchmark_scripts import benchmark_script

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bench_all():
    with benchmark_script("bench_all") as module:
        yield module


def _targets(report: str) -> dict[str, tuple[str, str]]:
    table = report.split("## Targets", 1)[1].strip().split("\n\n", 1)[0]
    rows = [line.strip("|").split(" | ") for line in table.splitlines()[2:]]
    return {r[0].strip(): (r[1].strip(), r[2].strip()) for r in rows}


def test_one_run_reports_every_script_and_the_targets(bench_all, tmp_path, capsys):
    """Tiny configurations of the three scripts, each in its own process, one report."""
    out = tmp_path / "report.md"
    report = bench_all.main(
        [
            "--engine",
            "--sizes 1e3,1e5 --repeats 1 --no-warmup --step-n 2e4 --step-repeats 2 --threads 1"
            " --datasets blobs",
            "--app",
            "--repeat 1 --reruns 1 --sizes 2e3 --skip live,big",
            "--browser",
            "--loads 1 --skip-live --skip-big",
            "--out",
            str(out),
        ]
    )
    assert report in capsys.readouterr().out and out.read_text().strip() == report.strip()
    for title in ("## Engine", "## App, server side", "## App in headless Chromium"):
        assert title in report
    # each script's own tables are in, not just the summary
    assert "| blobs | 1e5 | 3 | newton |" in report
    assert "| default settings | compare |" in report
    assert "| Playground (app.py) |" in report
    targets = _targets(report)
    newton = targets["newton at most 0.5x scikit-learn's faster solver at n >= 1e5"]
    assert newton[0].startswith("worst ") and "blobs 1e5" in newton[0]
    assert newton[1] in ("yes", "**no**")
    rerun = targets["no rerun at default settings above 250 ms of server time"]
    assert rerun[0].startswith("slowest ") and " ms (" in rerun[0]
    first = targets["first chart at most 1.3x a bare Streamlit page"]
    ratio = float(first[0].split("x", 1)[0])
    assert 0.5 < ratio < 10 and first[1] == ("yes" if ratio <= 1.3 else "**no**")
    assert len(targets) == 4  # live, big upload and memory were skipped: no rows for them


def test_a_failing_script_is_reported_and_the_others_still_run(bench_all, capsys):
    report = bench_all.main(
        [
            "--skip",
            "browser",
            "--engine=--no-such-option",
            "--app",
            "--repeat 1 --reruns 1 --sizes 2e3 --skip live,big",
        ]
    )
    assert "**bench_engine.py failed** (exit 2)" in report
    assert "Not measured (the script failed): engine." in report
    assert "| default settings | compare |" in report  # the app script still ran
    assert _targets(report)["no rerun at default settings above 250 ms of server time"]


RESULTS = {
    "engine": {
        "fits": [
            {"data": "blobs", "n": "1e5", "solver": "newton", "ours / best sklearn": "0.31"},
            {"data": "blobs", "n": "1e6", "solver": "newton", "ours / best sklearn": "0.45"},
            {"data": "blobs", "n": "1e4", "solver": "newton", "ours / best sklearn": "0.90"},
            {"data": "blobs", "n": "1e6", "solver": "gd", "ours / best sklearn": "3.10"},
        ],
        "step": [
            {
                "n": "1e6",
                "what": "gradient step (`evaluate` + update)",
                "time (ms)": "23.4",
                "ratio to bound": "5.65",
            },
        ],
    },
    "app": {
        "reruns": [
            {
                "data": "default settings",
                "page": "playground",
                "first visit (ms)": 90.0,
                "rerun, nothing changed: wall (ms)": 40.0,
                "rerun after a widget: wall (ms)": 120.0,
            },
            {
                "data": "default settings",
                "page": "compare",
                "first visit (ms)": 140.0,
                "rerun, nothing changed: wall (ms)": 60.0,
                "rerun after a widget: wall (ms)": 149.0,
            },
            {
                "data": "your data, 1,000,000 rows",
                "page": "compare",
                "first visit (ms)": 3000.0,
                "rerun, nothing changed: wall (ms)": 900.0,
                "rerun after a widget: wall (ms)": 900.0,
            },
        ],
        "big_file": {"rows": 1_000_000, "MB": 40.0},
        "big_memory_newton": {
            "session holds after upload 1 (MB)": 133.0,
            "session holds after upload 2 (MB)": 134.0,
        },
    },
    "browser": {
        "first_chart": [
            {"ratio to bare": 1.45, "median (ms)": 5880.0},
            {"ratio to bare": 1.0, "median (ms)": 4062.0},
        ],
        "live": [{"updates per second (distinct values shown)": 13.0}],
        "big": [{"→ trained (s)": 10.0}, {"→ trained (s)": 9.6}, {"→ trained (s)": 8.4}],
        "big_rows": 1_000_000,
    },
}


def test_targets_read_each_scripts_numbers_and_judge_them(bench_all):
    rows = {r["target"]: r for r in bench_all.targets(RESULTS)}
    assert len(rows) == 7
    newton = rows["newton at most 0.5x scikit-learn's faster solver at n >= 1e5"]
    assert newton["measured"].startswith("worst 0.45x") and newton["met?"] == "yes"
    assert "1e4" not in newton["measured"]  # only n >= 1e5 counts
    step = rows["one gradient step at n = 1e6 within 2x of the bandwidth bound"]
    assert step["measured"].startswith("5.65x") and step["met?"] == "**no**"
    rerun = rows["no rerun at default settings above 250 ms of server time"]
    assert rerun["measured"] == "slowest 149 ms (compare, rerun after a widget)"  # not 1e6
    assert rerun["met?"] == "yes"
    first = rows["first chart at most 1.3x a bare Streamlit page"]
    assert first["measured"].startswith("1.45x") and first["met?"] == "**no**"
    assert rows["live training at least 10 updates per second"]["met?"] == "yes"
    big = rows["1,000,000 rows from upload to trained model and drawn charts in at most 15 s"]
    assert big["measured"].startswith("10.0 s, 9.6 s, 8.4 s") and big["met?"] == "yes"
    memory = next(r for t, r in rows.items() if t.startswith("server memory"))
    assert "(3.33x the file)" in memory["measured"] and memory["met?"] == "yes"


def test_targets_flip_when_the_numbers_cross_them(bench_all):
    import copy

    worse = copy.deepcopy(RESULTS)
    worse["engine"]["fits"][1]["ours / best sklearn"] = "0.51"
    worse["app"]["reruns"][0]["first visit (ms)"] = 251.0
    worse["browser"]["first_chart"][0]["ratio to bare"] = 1.29
    worse["browser"]["live"][0]["updates per second (distinct values shown)"] = 9.9
    worse["browser"]["big"][1]["→ trained (s)"] = 15.5
    worse["app"]["big_memory_newton"]["session holds after upload 2 (MB)"] = 300.0
    met = {r["target"].split(" ")[0]: r["met?"] for r in bench_all.targets(worse)}
    assert met == {
        "newton": "**no**",
        "one": "**no**",
        "no": "**no**",
        "first": "yes",
        "live": "**no**",
        "1,000,000": "**no**",
        "server": "**no**",
    }
    small = copy.deepcopy(RESULTS)
    small["app"]["big_file"] = {"rows": 10_000, "MB": 0.4}
    memory = [r for r in bench_all.targets(small) if r["target"].startswith("server memory")]
    assert memory[0]["met?"] == "n/a"  # fixed costs dominate a small file
    assert bench_all.targets({}) == []
