"""Browser journey through a lesson and the Compare page (screenshots in artifacts/)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import no_exception, shot, wait_idle
from tests.browser.test_journeys import charts_drawn, metric_value

pytestmark = pytest.mark.browser


def test_a_lesson_then_its_suggested_change_then_compare(app_url, tab):
    page = tab
    page.goto(app_url + "/lessons")
    wait_idle(page)
    page.locator(".st-key-lesson_not_a_line").get_by_role("button").click()
    page.get_by_text("Lesson: A straight line is not enough").wait_for(timeout=90_000)
    wait_idle(page)
    charts_drawn(page, 2)
    line = float(metric_value(page, "Test accuracy").rstrip("%"))
    assert line < 75, line
    shot(page, "lesson-straight-line")
    page.locator(".st-key-lesson_try").get_by_role("button").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".some(m => m.innerText.includes('Test accuracy') && parseFloat(m.innerText.split('\\n')"
        ".pop()) > 90)",
        timeout=90_000,
    )
    wait_idle(page)
    no_exception(page)
    shot(page, "lesson-degree-three")
    page.get_by_role("link", name="Compare").click()
    wait_idle(page)
    charts_drawn(page, 5)  # the overlay and four boundaries
    assert "newton" in page.locator("[data-testid='stMain']").inner_text()
    no_exception(page)
    shot(page, "compare")
