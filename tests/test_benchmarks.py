"""Smoke test of the engine benchmark script on a tiny configuration."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_engine.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_engine", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_engine"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench_engine", None)


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
