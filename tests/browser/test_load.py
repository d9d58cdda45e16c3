"""A short load test: three people at once on one server, each sees only their own data.

The full version (30 sessions, memory per session, time per training under load) is
``python scripts/load_test.py``; this runs the same script with 3 sessions (one uploads a CSV,
two open the Playground from a URL with their own data settings), in a process of its own as a
person would run it (the script drives Chromium with its own asyncio loop).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "load_test.py"


def test_three_sessions_at_once_each_see_only_their_own_data(tmp_path):
    out = tmp_path / "load.json"
    argv = ["--sessions", "3", "--uploads-every", "2", "--timeout", "120", "--quick"]
    argv += ["--concurrency", "3", "--json", str(out), "--shots", str(tmp_path / "shots")]
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    results = report["results"]
    problems = {r["i"]: r["errors"] + r["console"] + r["foreign"] + r["notes"] for r in results}
    assert proc.returncode == 0, (problems, proc.stdout[-3000:])
    assert report["ok"] and len(results) == 3
    assert [r["kind"] for r in results] == ["url", "upload", "url"]
    shown = [r["shown"] for r in results]
    assert len(set(shown)) == 3, shown  # three different data sets, three different results
    for r in results:
        assert r["errors"] == [] and r["console"] == [] and r["foreign"] == [], r
        assert r["trained_s"] > 0 and r["live_its"] > 0, r
    assert report["memory_mb"]["all_alive"] > 0
    assert "Memory per session" in proc.stdout
