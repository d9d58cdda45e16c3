"""Smoke tests of the benchmark scripts on tiny configurations."""

from __future__ import annotations

import pytest

from tests.benchmark_scripts import benchmark_script


@pytest.fixture(scope="module")
def bench():
    with benchmark_script("bench_engine") as module:
        yield module


def table_rows(report: str, header_start: str) -> tuple[list[str], list[list[str]]]:
    lines = report.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith(header_start))
    header = [c.strip() for c in lines[i].strip("|").split("|")]
    rows = []
    for line in lines[i + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return header, rows


def test_tiny_run_prints_the_expected_tables(bench, capsys):
    report = bench.main(
        [
            "--sizes",
            "1e3",
            "--repeats",
            "1",
            "--no-warmup",
            "--step-n",
            "2e4",
            "--step-repeats",
            "2",
        ]
    )
    assert report in capsys.readouterr().out
    assert "nproc=" in report and "numpy" in report and "command:" in report
    header, rows = table_rows(report, "| data |")
    assert tuple(header) == bench.COLUMNS
    solvers = {row[3] for row in rows}
    assert solvers == {*bench.OUR_SOLVERS, *(f"sklearn {s}" for s in bench.SK_SOLVERS)}
    assert {row[0] for row in rows} == set(bench.DATASETS) and {row[1] for row in rows} == {"1e3"}
    for row in rows:
        assert float(row[6]) > 0 and float(row[7]) > 0  # time, ratio to the best sklearn
    newton = [row for row in rows if row[3] == "newton"]
    assert all(row[8] == "< 1e-12" or float(row[8]) < 1e-6 for row in newton)
    header, rows = table_rows(report, "| n | d+1 |")
    assert tuple(header) == bench.STEP_COLUMNS and len(rows) == 3
    assert float(rows[0][4]) > 0 and rows[1][4] == "1.00"


def test_app_benchmark_times_every_page_with_generated_and_uploaded_data(capsys):
    """bench_app.py's page-rerun table on a tiny configuration: every page, both kinds of
    data, each with the widget it moves (a page change that hides that widget breaks this)."""
    with benchmark_script("bench_app") as module:
        args = ["--repeat", "1", "--reruns", "1", "--sizes", "2e3", "--skip", "live,big"]
        result = module.main(args)
    assert "### Page reruns" in capsys.readouterr().out
    rows = result["reruns"]
    pages = {"playground", "data", "evaluate", "learn", "compare", "lessons"}
    for data in ("default settings", "your data, 2,000 rows"):
        mine = [r for r in rows if r["data"] == data]
        assert {r["page"] for r in mine} == pages
        for r in mine:
            assert r["first visit (ms)"] > 0 and r["rerun after a widget: wall (ms)"] > 0
            assert r["widget"]
