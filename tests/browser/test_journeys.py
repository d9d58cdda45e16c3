"""The main user journeys in a real headless Chromium against ``streamlit run app.py``."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import no_exception, shot, wait_idle

pytestmark = pytest.mark.browser


def metric_value(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']", has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text()


def charts_drawn(page, at_least: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {at_least}",
        timeout=30_000,
    )


@pytest.mark.parametrize(("path", "name"), [("/", "playground"), ("/evaluate", "evaluate")])
def test_every_page_loads_with_charts_and_no_exception(app_url, tab, path, name):
    page = tab
    page.goto(app_url + path)
    wait_idle(page)
    charts_drawn(page, 2)
    no_exception(page)
    shot(page, name)


def test_play_pause_and_replay(app_url, tab):
    page = tab
    page.goto(app_url + "/")
    wait_idle(page)
    assert metric_value(page, "Iteration") == "300 / 300"
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(
        "() => { const m = [...document.querySelectorAll('[data-testid=stMetricValue]')];"
        " const n = parseInt(m.length ? m[0].innerText : ''); return n > 20 && n < 300; }",
        timeout=30_000,
    )
    first = int(metric_value(page, "Iteration").split("/")[0].replace(",", ""))
    page.wait_for_timeout(1000)
    second = int(metric_value(page, "Iteration").split("/")[0].replace(",", ""))
    assert second > first, "training should advance while playing"
    shot(page, "playground-playing")
    page.get_by_role("button", name="Pause", exact=True).click()
    wait_idle(page)
    paused = metric_value(page, "Iteration")
    page.wait_for_timeout(1200)
    assert metric_value(page, "Iteration") == paused, "nothing moves while paused"
    no_exception(page)


def test_moving_a_slider_retrains(app_url, tab):
    page = tab
    page.goto(app_url + "/")
    wait_idle(page)
    before = metric_value(page, "Train loss")
    slider = page.get_by_role("slider", name="Iterations")
    slider.focus()
    for _ in range(3):
        slider.press("ArrowLeft")
    wait_idle(page)
    page.wait_for_timeout(500)
    wait_idle(page)
    assert re.match(r"\d+ / 50$", metric_value(page, "Iteration")), metric_value(page, "Iteration")
    assert float(metric_value(page, "Train loss")) > float(before)
    no_exception(page)


def test_threshold_moves_the_confusion_matrix(app_url, tab):
    page = tab
    page.goto(app_url + "/evaluate")
    wait_idle(page)
    charts_drawn(page, 4)
    matrix = page.locator(".st-key-ev_cm_train")
    before = matrix.inner_text()
    slider = page.get_by_role("slider", name="Decision threshold")
    slider.focus()
    for _ in range(30):
        slider.press("ArrowRight")
    wait_idle(page)
    page.wait_for_timeout(500)
    wait_idle(page)
    shown = page.locator(".st-key-w_threshold").inner_text().split()
    assert float(shown[2]) >= 0.7, shown  # key presses during a rerun may be dropped
    assert matrix.inner_text() != before, "the confusion matrix should change with the threshold"
    no_exception(page)
    shot(page, "evaluate-threshold")
