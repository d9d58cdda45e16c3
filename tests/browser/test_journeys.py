"""The main user journeys in a real headless Chromium against ``streamlit run app.py``."""

from __future__ import annotations

import re

import pytest

from logreg.ui.charts import SHOWN_ITERATION_JS
from tests.browser.conftest import no_exception, shot, sized_page, wait_idle

pytestmark = pytest.mark.browser


def metric_value(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']", has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text()


# The Iteration number on show, as a number (logreg/ui/charts.py reads its text).
SHOWN_ITERATION_NUMBER_JS = f"""() => {{
  const text = ({SHOWN_ITERATION_JS})();
  return text ? parseInt(text.split('/')[0].replace(/,/g, '')) : null;
}}"""


def shown_iteration(page) -> int | None:
    return page.evaluate(SHOWN_ITERATION_NUMBER_JS)


def charts_drawn(page, at_least: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {at_least}",
        timeout=90_000,  # generous: a loaded CI machine draws slowly, a broken page never does
    )


# Each chart's margins as asked for (layout.margin) and as Plotly laid the chart out. When
# tick labels, titles, legend or colorbar need more room than asked for, Plotly lays the whole
# chart out a second time (logreg/figures.py: MARGIN_LEFT).
MARGINS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const m = gd._fullLayout.margin, s = gd._fullLayout._size;
  const key = (gd.closest('[class*="st-key-"]') || {className: ''}).className.match(/st-key-\\S+/);
  return {chart: key ? key[0] : '?', asked: [m.l, m.r, m.t, m.b], laid_out: [s.l, s.r, s.t, s.b]};
})"""


@pytest.mark.parametrize(
    ("path", "name"),
    [("/", "playground"), ("/evaluate", "evaluate"), ("/learn", "learn"), ("/compare", "compare")],
)
def test_every_page_loads_with_charts_laid_out_once_and_no_exception(app_url, tab, path, name):
    page = tab
    page.goto(app_url + path)
    wait_idle(page)
    charts_drawn(page, 2)
    no_exception(page)
    shot(page, name)
    charts = page.evaluate(MARGINS_JS)
    assert len(charts) >= 2
    # A few px of slack for font metrics that differ between machines; a figure whose
    # margins no longer hold its axes or legend grows them by tens of px.
    grown = [
        c for c in charts if max(b - a for a, b in zip(c["asked"], c["laid_out"], strict=True)) > 4
    ]
    assert not grown, f"charts laid out twice (margins grew): {grown}"


# While training runs, the two charts live in one component frame (logreg/ui/charts.py): Plotly
# draws axes, points and legend; canvases under and over it draw the probability surface, the
# boundary, the rings and the loss curves, frame after frame.
LIVE_CHARTS_JS = """
(mark) => {
  const f = document.querySelector('.st-key-pg_live iframe');
  const d = f && f.contentDocument;
  if (!d) return {frame: false, marked: false, charts: 0, surface: 0, loss: 0, equation: ''};
  if (mark) f.__liveMark = true;
  const plots = [...d.querySelectorAll('.js-plotly-plot')];
  const inked = (plot) => {  // share of the plot area's pixels painted on the under-canvas
    const c = plot && plot.querySelector('canvas.live');
    if (!c || !c.width) return 0;
    const s = plot._fullLayout._size, r = c.width / plot._fullLayout.width;
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n / (s.w * s.h * r * r);
  };
  const counts = f.contentWindow.liveCounts || {renders: 0, shown: 0};
  return {frame: true, marked: !!f.__liveMark, charts: plots.length,
          surface: inked(plots[0]), loss: inked(plots[1]),
          renders: counts.renders, shown: counts.shown,
          equation: d.querySelector('#footer .lr-equation')?.textContent || '',
          equationBottom: d.querySelector('#footer')?.getBoundingClientRect().bottom || 0,
          frameHeight: f.getBoundingClientRect().height};
}
"""


def test_play_pause_and_replay(app_url, tab):
    page = tab
    # 2,000 iterations: about 33 s of playing at the app's pace (5 per frame, 12 frames a
    # second; a slow browser gets more iterations per frame, not a slower run)
    page.goto(app_url + "/?max_iter=2000")
    wait_idle(page)
    assert metric_value(page, "Iteration") == "2,000 / 2,000"
    # Paused, the live frame already waits in its place (unseen); Play draws in that same frame.
    standby = page.evaluate(LIVE_CHARTS_JS, True)
    assert standby["frame"] and standby["marked"], standby
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(
        f"() => {{ const n = ({SHOWN_ITERATION_NUMBER_JS})(); return n > 20 && n < 1500; }}",
        timeout=30_000,
    )
    # The live frame is drawn (surface and loss curve painted), and later frames update that
    # same frame in place: the marked iframe stays and its loss curve grows.
    page.wait_for_function(
        f"() => {{ const s = ({LIVE_CHARTS_JS})(false); return s.charts === 2 && s.loss > 0; }}",
        timeout=30_000,
    )
    before = page.evaluate(LIVE_CHARTS_JS, False)
    first = shown_iteration(page)
    page.wait_for_timeout(1500)
    second = shown_iteration(page)
    after = page.evaluate(LIVE_CHARTS_JS, False)
    assert second > first, "training should advance while playing"
    # each rerun brings several frames, and the frame plays the earlier ones before the last
    assert after["renders"] > before["renders"], f"new frames arrive: {before} {after}"
    assert after["shown"] - before["shown"] > after["renders"] - before["renders"], (
        f"more frames shown than reruns: {before} {after}"
    )
    assert after["marked"], f"the live frame was made anew instead of kept: {after}"
    assert after["charts"] == 2
    assert after["surface"] > 0.9, f"the probability surface is painted: {after}"
    assert after["loss"] > before["loss"], f"the loss curves grow: {before} {after}"
    # the model's equation follows the frames, inside the frame, and fits in it
    assert before["equation"].startswith("p = σ(") and after["equation"] != before["equation"]
    assert 0 < after["equationBottom"] <= after["frameHeight"] + 1, after
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
        page.wait_for_timeout(300)
    # key presses that land during a rerun may be dropped: wait for any smaller maximum
    page.wait_for_function(
        "() => { const m = [...document.querySelectorAll('[data-testid=stMetricValue]')];"
        " const v = m.length ? m[0].innerText : ''; const top = parseInt(v.split('/')[1]);"
        " return top < 300 && parseInt(v) === top; }",
        timeout=90_000,
    )
    wait_idle(page)
    shown = metric_value(page, "Iteration")
    assert re.match(r"\d+ / (200|100|50)$", shown), shown
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


def _csv(path, header: list[str], labels: tuple[str, str], n: int = 120) -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] - X[:, 1] + 0.5 * rng.normal(size=n) > 0).astype(int)
    rows = [",".join(f'"{h}"' for h in header)]
    rows += [f"{a:.4f},{b:.4f},{labels[k]}" for (a, b), k in zip(X, y, strict=True)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _upload(page, app_url, path) -> None:
    page.goto(app_url + "/data")
    wait_idle(page)
    page.get_by_role("tab", name="Upload a CSV").click()
    wait_idle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    wait_idle(page)
    page.get_by_role("button", name="Use this data").click()
    wait_idle(page)


def test_uploaded_csv_flows_to_a_trained_model(app_url, tab, tmp_path):
    page = tab
    path = tmp_path / "exam.csv"
    _csv(path, ["hours studied", "hours slept", "passed"], ("no", "yes"))
    _upload(page, app_url, path)
    no_exception(page)
    shot(page, "data-uploaded")
    page.get_by_role("link", name="Playground").click()
    wait_idle(page)
    charts_drawn(page, 2)
    shot(page, "playground-uploaded")
    chosen = page.locator(".st-key-w_dataset input").input_value()
    assert chosen == "Your data", page.locator(".st-key-w_dataset").inner_html()[:2000]
    acc = float(metric_value(page, "Train accuracy").rstrip("%"))
    assert acc > 80, acc
    assert "hours studied" in page.locator(".st-key-pg_decision").inner_text()
    no_exception(page)
    shot(page, "playground-uploaded")


def test_html_and_script_in_a_csv_are_shown_literally_and_never_run(app_url, tab, tmp_path):
    page = tab
    path = tmp_path / "evil.csv"
    evil = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "<b>label</b>"]
    _csv(path, evil, ("=cmd|' /C calc'!A0", "<i onmouseover=alert(3)>yes</i>"))
    _upload(page, app_url, path)
    shot(page, "data-html-names")
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "<i onmouseover=alert(3)>yes</i>" in text  # a label, shown as plain text
    assert "=cmd|' /C calc'!A0" in text  # a formula-looking label stays text
    for where in ("Playground", "Evaluate", "Data"):  # links keep the session (goto would not)
        page.get_by_role("link", name=where).click()
        wait_idle(page)
        page.wait_for_timeout(500)
        no_exception(page)
        assert page.dialogs == [], page.dialogs  # no alert() ever fired
        injected = page.evaluate(
            "() => [document.querySelectorAll('img[src=x]').length,"
            " [...document.querySelectorAll('script')]"
            ".filter(s => s.text.includes('alert')).length,"
            " document.querySelectorAll('i[onmouseover]').length]"
        )
        assert injected == [0, 0, 0], injected
        shot(page, f"html-names-{where.lower()}")


def test_a_deep_link_as_a_fresh_servers_first_visit_gets_the_real_app(fresh_app_url, tab):
    page = tab
    page.goto(fresh_app_url + "/evaluate?threshold=0.7")
    page.get_by_test_id("stSidebarNav").get_by_text("Lessons").wait_for(timeout=90_000)
    wait_idle(page)
    charts_drawn(page, 2)
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Lessons" in nav and "app" not in nav.split(), nav  # not the raw pages/ folder list
    slider = page.locator(".st-key-w_threshold")
    try:  # read once the page has settled (a loaded machine may still be redrawing it)
        page.wait_for_function(
            "document.querySelector('.st-key-w_threshold')?.innerText.includes('0.70')",
            timeout=30_000,
        )
    except Exception:
        shot(page, "deep-link-threshold")
    assert "0.70" in slider.inner_text(), (slider.inner_text(), page.url)
    no_exception(page)


def test_a_broken_file_gets_its_message_and_an_odd_one_loads(app_url, tab, tmp_path):
    from tests.bad_files import BY_NAME

    page = tab
    photo = tmp_path / "photo.csv"  # PNG bytes renamed to .csv
    photo.write_bytes(BY_NAME["photo.csv"].raw)
    page.goto(app_url + "/data")
    wait_idle(page)
    page.get_by_role("tab", name="Upload a CSV").click()
    wait_idle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(photo))
    wait_idle(page)
    alert = page.locator("[data-testid='stAlert']", has_text="This looks like a PNG image")
    alert.wait_for(timeout=30_000)
    assert "save or download it as 'CSV" in alert.inner_text()
    assert page.get_by_role("button", name="Use this data").count() == 0
    no_exception(page)
    shot(page, "data-broken-file")

    case = BY_NAME["utf16-semicolons-decimal-commas.csv"]
    path = tmp_path / case.name
    path.write_bytes(case.raw)
    _upload(page, app_url, path)
    no_exception(page)
    main = page.locator("[data-testid='stMain']")
    page.wait_for_function(
        "document.querySelector(\"[data-testid='stMain']\").innerText.includes('Your data')",
        timeout=30_000,
    )
    text = main.inner_text()
    assert f"{case.name}: 4 rows and 3 columns, separated by semicolons" in text, text[:2000]
    assert "nein → class 1 (positive, 2 rows)" in text and "ja → class 0" in text, text[:2000]
    assert f"{case.name} · 4 points" in text, text[:2000]
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    shot(page, "data-utf16-loaded")


def test_a_file_over_the_upload_limit_gets_a_clear_message_and_nothing_is_lost(
    small_upload_app_url, tab, tmp_path
):
    """The limit is ``server.maxUploadSize`` (200 MB in .streamlit/config.toml); this server
    runs with 1 MB so that a 1.6 MB file is over it."""
    page = tab
    big = tmp_path / "too_big.csv"
    rows = "\n".join(f"{i * 0.001:.6f},{i * 0.002:.6f},{i % 2}" for i in range(80_000))
    big.write_text("a,b,label\n" + rows + "\n")
    assert big.stat().st_size > 1.5e6
    page.goto(small_upload_app_url + "/data?dataset=moons&n_samples=100")
    wait_idle(page)
    page.wait_for_function(
        "document.querySelector(\"[data-testid='stMain']\").innerText.includes('100 points')",
        timeout=60_000,
    )
    page.get_by_role("tab", name="Upload a CSV").click()
    wait_idle(page)
    main = page.locator("[data-testid='stMain']")
    assert "Files up to 1 MB are read" in main.inner_text(), main.inner_text()[:2000]
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
    wait_idle(page)
    box = page.locator(".st-key-upload_csv")
    box.get_by_test_id("stFileChipIconError").wait_for(timeout=30_000)  # the red sign
    assert "File must be 1.0MB or smaller" in box.inner_html()  # Streamlit's message...
    box.get_by_test_id("stTooltipErrorHoverTarget").hover()  # ...shown on hover
    page.get_by_text(re.compile(r"File must be 1\.0MB or smaller")).last.wait_for(timeout=10_000)
    assert "Files up to 1 MB are read" in main.inner_text()  # and ours stays on the page
    shot(page, "data-upload-over-limit")
    no_exception(page)
    assert page.get_by_role("button", name="Use this data").count() == 0
    page.get_by_role("link", name="Playground").click()  # the data made before is still there
    wait_idle(page)
    assert page.locator(".st-key-w_dataset input").input_value() == "Two moons"
    no_exception(page)


def test_opening_draw_and_edit_draws_its_chart_and_a_click_adds_a_point(app_url, tab):
    """Charts of closed tabs are not sent: opening the tab must draw its chart at once, and
    that chart must still take clicks (a point of the chosen class appears)."""
    page = tab
    page.goto(app_url + "/data")
    wait_idle(page)
    page.locator(".st-key-data_preview .js-plotly-plot .main-svg").first.wait_for(timeout=90_000)
    assert page.locator(".st-key-data_click").count() == 0
    main = page.locator("[data-testid='stMain']")
    assert "Generated points" in main.inner_text() and "200 points" in main.inner_text()
    page.get_by_role("tab", name="Draw and edit").click()
    chart = page.locator(".st-key-data_click .js-plotly-plot")
    chart.locator(".main-svg").first.wait_for(timeout=90_000)
    wait_idle(page)
    box = chart.locator(".nsewdrag").first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.4)
    page.wait_for_function(
        "document.querySelector(\"[data-testid='stMain']\").innerText.includes('201 points')",
        timeout=60_000,
    )
    wait_idle(page)
    assert "Your data" in main.inner_text()
    chart.locator(".main-svg").first.wait_for(timeout=90_000)  # still drawn in its open tab
    no_exception(page)
    shot(page, "data-draw-and-edit")


def test_compare_shows_which_run_trains_then_clears_the_bar(app_url, tab):
    """Long training on Compare shows which run trains and how far; the bar goes once the
    runs are trained, and another preset chosen afterwards is trained and shown."""
    page = tab
    page.goto(app_url + "/compare?dataset=moons&n_samples=5000&degree=6&max_iter=10000")
    bar = page.locator("[data-testid='stProgress']").first
    bar.wait_for(timeout=90_000)
    text = bar.inner_text()
    assert text.startswith("Training run ") and "of at most 10,000" in text, text
    shot(page, "compare-progress")
    wait_idle(page, timeout=300_000)
    charts_drawn(page, 5)
    assert page.locator("[data-testid='stProgress']").count() == 0
    page.get_by_text("Learning rates", exact=True).click()
    table = page.locator("[data-testid='stDataFrame']").first
    page.wait_for_function(
        "document.querySelector(\"[data-testid='stMain']\").innerText.includes('lr 30')",
        timeout=120_000,
    )
    wait_idle(page, timeout=300_000)
    assert table.count() == 1 and page.locator("[data-testid='stProgress']").count() == 0
    no_exception(page)


# Every text Streamlit or the live frame would cut with "…" (text-overflow: ellipsis) that is
# cut now: the metrics' numbers and labels, button labels, on the page and in the live frame.
CUT_TEXT_JS = """() => {
  const cut = (doc, where) => [...doc.querySelectorAll('[data-testid="stMain"] *, #stats *')]
    .filter(e => getComputedStyle(e).textOverflow === 'ellipsis' && e.offsetParent !== null
                 && e.scrollWidth > e.clientWidth + 1)
    .map(e => where + ': ' + e.textContent.trim());
  const frame = document.querySelector('.st-key-pg_live iframe')?.contentDocument;
  return [...cut(document, 'page'), ...(frame ? cut(frame, 'live frame') : [])];
}"""
METRIC_SIZE_JS = """() => {
  const frame = document.querySelector('.st-key-pg_live iframe')?.contentDocument;
  const live = frame?.querySelector("[data-metric='Iteration'] .value");
  const own = document.querySelector("[data-testid='stMetricValue']");
  const el = live && live.offsetParent !== null ? live : own;
  return el ? getComputedStyle(el).fontSize : null;
}"""


@pytest.mark.parametrize("present", [False, True], ids=["sidebar", "presenter"])
def test_a_1024_px_projector_shows_whole_numbers_and_labels_paused_and_playing(
    app_url, chromium, present
):
    """A 1024 x 768 projector: no number, label or button text ends in "…" (the Iteration
    number and the Reset button did with the sidebar open), and the numbers keep their size
    when Play hands them to the live frame."""
    with sized_page(chromium, 1024, 768) as page:
        page.goto(app_url + "/?max_iter=2000" + ("&present=1" if present else ""))
        wait_idle(page)
        assert page.locator("[data-testid='stSidebar']").is_visible() is not present
        assert page.evaluate(CUT_TEXT_JS) == []
        paused_size = page.evaluate(METRIC_SIZE_JS)
        page.get_by_role("button", name="Play", exact=True).click()
        page.wait_for_function(
            f"() => {{ const n = ({SHOWN_ITERATION_NUMBER_JS})(); return n > 20 && n < 1500; }}",
            timeout=30_000,
        )
        assert page.evaluate(CUT_TEXT_JS) == []
        assert page.evaluate(METRIC_SIZE_JS) == paused_size
        shot(page, f"playground-1024-{'presenter' if present else 'sidebar'}-playing")
        page.get_by_role("button", name="Pause", exact=True).click()
        no_exception(page)


def test_a_phone_opens_on_the_page_with_the_sidebar_closed(app_url, chromium):
    """On a phone the sidebar starts closed (it would cover the whole page) and opens with
    its button."""
    with sized_page(chromium, 390, 844) as page:
        page.goto(app_url + "/")
        wait_idle(page)
        assert page.get_by_role("button", name="Play", exact=True).is_visible()
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.get_attribute("data-collapsed") == "true"
        page.locator("[data-testid='stExpandSidebarButton']").click()
        page.wait_for_function(
            "document.querySelector(\"[data-testid='stSidebar']\").dataset.collapsed === 'false'"
        )
        no_exception(page)


def test_no_page_cuts_its_text_on_a_1024_px_projector(app_url, chromium):
    """Every page at 1024 x 768 with the sidebar open: no button label, metric or number ends
    in "…" (the Data page's "Download CSV" and "Use these points as my own data" did)."""
    with sized_page(chromium, 1024, 768) as page:
        for path in ("/", "/data", "/evaluate", "/learn", "/compare", "/lessons"):
            page.goto(app_url + path)
            wait_idle(page)
            cut = [c for c in page.evaluate(CUT_TEXT_JS) if c.split(": ", 1)[1]]  # visible text
            assert cut == [], f"{path}: {cut}"
            no_exception(page)


# Each Plotly chart in the main area: the key of its element and its plot's width (px).
PLOT_WIDTHS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd._fullLayout)
  .map(gd => [[...(gd.closest('[class*="st-key-"]')?.classList || [])]
                .find(c => c.startsWith('st-key-')) || '?', Math.round(gd._fullLayout._size.w)])"""


def test_a_narrow_window_stacks_side_by_side_charts_instead_of_squeezing_them(app_url, chromium):
    """880 x 800 with the sidebar open (a laptop at 150 % zoom; a 1024-px projector at 125 %)
    leaves a 420-px main area. Columns without room for their charts wrap under each other, so
    every plot is at least 240 px wide, Compare's small multiples (two a row) 100 px. Before:
    the Playground's boundary plot was 73 px wide, Evaluate's calibration 64, Compare's loss
    chart (its legend beside the plot) 102 and its small multiples 64."""
    with sized_page(chromium, 880, 800) as page:
        for path in ("/", "/data", "/evaluate", "/learn", "/compare"):
            page.goto(app_url + path)
            wait_idle(page)
            widths = page.evaluate(PLOT_WIDTHS_JS)
            assert widths, path
            for key, w in widths:
                least = 100 if key.startswith("st-key-cmp_boundary") else 240
                assert w >= least, f"{path}: {key} plot is {w} px wide"
            no_exception(page)


# The tops and bottoms (px) of the Playground's two charts: the page's own while paused, the
# live frame's while playing (null when that frame is not on show).
PLAYGROUND_CHARTS_JS = """(live) => {
  let boxes;
  if (live) {
    const frame = document.querySelector('.st-key-pg_live iframe');
    if (!frame || frame.clientHeight === 0) return null;
    const doc = frame.contentDocument;
    boxes = [...doc.querySelectorAll('#row .chart')].map(c => c.getBoundingClientRect());
    const row = doc.getElementById('row').getBoundingClientRect();
    if (row.bottom > frame.clientHeight + 1) return 'the frame cuts its charts off';
  } else {
    boxes = ['pg_decision', 'pg_loss'].map(
      k => document.querySelector('.st-key-' + k).getBoundingClientRect());
  }
  return boxes.map(b => [Math.round(b.top), Math.round(b.bottom)]);
}"""


@pytest.mark.parametrize("width,stacked", [(880, True), (1024, False)])
def test_the_playground_charts_stack_on_a_narrow_window_paused_and_playing(
    app_url, chromium, width, stacked
):
    """Side by side at 1024 px with the sidebar open, the loss chart under the boundary chart
    at 880 px: the same while training plays (the live frame wraps its charts as the page
    does, and grows to hold them)."""
    with sized_page(chromium, width, 800) as page:
        page.goto(app_url + "/?max_iter=2000")
        wait_idle(page)
        for live in (False, True):
            if live:
                page.get_by_role("button", name="Play", exact=True).click()
                page.wait_for_function(  # the frame on show, at the height it asked for
                    f"(live) => Array.isArray(({PLAYGROUND_CHARTS_JS})(live))",
                    arg=True,
                    timeout=30_000,
                )
            boxes = page.evaluate(PLAYGROUND_CHARTS_JS, live)
            assert isinstance(boxes, list) and len(boxes) == 2, boxes
            (top1, bottom1), (top2, _) = boxes
            if stacked:
                assert top2 >= bottom1 - 1, boxes
            else:
                assert abs(top2 - top1) <= 1, boxes
        shot(page, f"playground-{width}-playing")
        page.get_by_role("button", name="Pause", exact=True).click()
        no_exception(page)


@pytest.mark.parametrize("width,per_row", [(1024, 2), (1400, 4)])
def test_compare_lays_its_run_cards_out_to_fit(app_url, chromium, width, per_row):
    """Four run cards: two a row on a 1024-px screen with the sidebar open (four in a row
    were 130 px wide and cut their choices: 'Gradien'), four in a row at 1400 px."""
    with sized_page(chromium, width, 900) as page:
        page.goto(app_url + "/compare")
        wait_idle(page, timeout=120_000)
        tops = page.evaluate(
            """() => [...document.querySelectorAll(
                 '.st-key-cols-cards-cmp_runs [data-testid="stColumn"]')]
               .map(c => Math.round(c.getBoundingClientRect().top))"""
        )
        assert len(tops) == 4
        assert [tops.count(t) for t in sorted(set(tops))] == [per_row] * (4 // per_row)
        no_exception(page)


# The widest text of ``labels`` in the font of the narrowest select box under ``scope``, and
# the room that box has for its text (px).
LABELS_FIT_JS = """([scope, labels]) => {
  const inputs = [...document.querySelectorAll(scope + ' [data-testid="stSelectbox"] input')];
  const narrowest = inputs.sort((a, b) => a.clientWidth - b.clientWidth)[0];
  const cs = getComputedStyle(narrowest);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = cs.font;
  const room = narrowest.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  return [Math.max(...labels.map(l => ctx.measureText(l).width)), room];
}"""


def test_every_choice_of_a_select_box_is_shown_whole(app_url, chromium):
    """A select box shows its choice in one line and cuts what does not fit ('Two blobs
    (linearly separat', 'Gradient descent with momentu'): every choice of the sidebar's and of
    Compare's select boxes fits the narrowest of them (Compare at 1280 px: four cards a row)."""
    from logreg.datasets import DATASET_LABELS
    from logreg.model import PENALTIES, SOLVERS

    model = [*SOLVERS.values(), *PENALTIES.values()]
    with sized_page(chromium, 1280, 900) as page:
        for path, scope, labels in (
            ("/", '[data-testid="stSidebar"]', [*DATASET_LABELS.values(), "Your data", *model]),
            ("/compare", ".st-key-cols-cards-cmp_runs", model),
        ):
            page.goto(app_url + path)
            wait_idle(page, timeout=120_000)
            widest, room = page.evaluate(LABELS_FIT_JS, [scope, labels])
            assert widest <= room, f"{path}: {widest:.0f} px of text in {room:.0f} px"


def test_the_edit_tools_stay_beside_their_chart_on_a_1024_px_projector(app_url, chromium):
    """Draw and edit at 1024 px with the sidebar open: the class of new points is chosen
    beside the chart a click adds them to, not a screen further down."""
    with sized_page(chromium, 1024, 768) as page:
        page.goto(app_url + "/data")
        wait_idle(page)
        page.get_by_role("tab", name="Draw and edit").click()
        chart = page.locator(".st-key-data_click .js-plotly-plot")
        chart.locator(".main-svg").first.wait_for(timeout=90_000)
        wait_idle(page)
        radio = page.locator("[data-testid='stRadio']").filter(has_text="Class of new points")
        c, r = chart.bounding_box(), radio.bounding_box()
        assert c is not None and r is not None
        assert r["x"] >= c["x"] + c["width"] - 1 and r["y"] < c["y"] + c["height"], (c, r)
        no_exception(page)
