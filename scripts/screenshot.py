"""Screenshot app pages in headless Chromium: ``python scripts/screenshot.py URL OUT.png [...]``.

Starts nothing: point it at a running app (``streamlit run app.py``). Waits for Streamlit to
finish its run (the recipe in shared/TESTING.md) before taking each picture.
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def wait_idle(page, timeout: float = 90_000) -> None:
    """Wait until Streamlit has drawn the page: no loading skeletons left, and either the run
    finished or (while training plays live) the charts are on the page."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "(document.querySelector(\"[data-testid='stApp'][data-test-script-state='notRunning']\")"
        " || document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"
        # live training draws its charts in a component frame (logreg/ui/charts.py)
        " || !!document.querySelector('.st-key-pg_live iframe')?.contentDocument"
        "?.querySelector('.main-svg'))"
        " && document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
        timeout=timeout,
    )


def main(pairs: list[str], dark: bool = False) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(
            viewport={"width": 1400, "height": 1500}, color_scheme="dark" if dark else "light"
        )
        for url, out in zip(pairs[::2], pairs[1::2], strict=True):
            page.goto(url)
            wait_idle(page)
            page.wait_for_timeout(1500)
            page.screenshot(path=out)
            print("saved", out)
        browser.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    dark = "--dark" in args
    main([a for a in args if a != "--dark"], dark=dark)
