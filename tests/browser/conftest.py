"""Browser fixtures: a real ``streamlit run`` server and headless Debian Chromium (Playwright)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        return  # in CI a missing browser must fail loudly, not skip
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def app_url():
    """Start ``streamlit run app.py`` on a free port; stop it by its own handle afterwards."""
    yield from _serve()


@pytest.fixture
def fresh_app_url():
    """A server of its own that no session has visited yet."""
    yield from _serve()


@pytest.fixture
def small_upload_app_url():
    """A server of its own whose upload limit is 1 MB (``server.maxUploadSize``), so the
    over-limit message can be tested with a small file instead of a 200 MB one."""
    yield from _serve("--server.maxUploadSize", "1")


def _serve(*extra: str):
    port = _free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", *extra,
    ]  # fmt: skip
    log = open(ROOT / "artifacts" / "streamlit-test.log", "w") if _mkdirs() else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("streamlit did not start; see artifacts/streamlit-test.log")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _mkdirs() -> bool:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return True


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def sized_page(chromium, width: int, height: int):
    """A page in a fresh browser context of ``width`` x ``height`` px (its dialogs recorded in
    ``page.dialogs`` and dismissed); the context is closed afterwards."""
    context = chromium.new_context(viewport={"width": width, "height": height})
    try:
        pg = context.new_page()
        pg.dialogs: list[str] = []
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        yield pg
    finally:
        context.close()


@pytest.fixture
def tab(chromium):
    with sized_page(chromium, 1400, 1600) as pg:
        yield pg


def wait_idle(page, timeout: float = 60_000) -> None:
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


def shot(page, name: str) -> Path:
    _mkdirs()
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def no_exception(page) -> None:
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()


def shutil_which_chromium() -> str | None:
    return shutil.which("chromium")
