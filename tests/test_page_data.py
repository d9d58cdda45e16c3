"""The Data page through AppTest: preview, CSV upload, clicking points in, editing, undo."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from logreg.lab import Dataset
from logreg.ui import data_page, state

PAGE = "../pages/data.py"
TIMEOUT = 30

PEOPLE = (
    b"name,hours studied,hours slept,passed\n"
    b"ann,1.0,8.0,no\n"
    b"bob,2.0,7.5,no\n"
    b"cid,3.5,,no\n"  # missing value: dropped
    b"dan,6.0,6.0,yes\n"
    b"eve,8.0,5.0,yes\n"
    b"fay,abc,5.0,yes\n"  # not a number: dropped
    b"gus,7.0,7.0,yes\n"
)
FLOWERS = b"length;width;species\n" + b"".join(
    f"{5 + i % 3},{i};{3 + i % 2},5;{('setosa', 'versicolor', 'virginica')[i % 3]}\n".encode()
    for i in range(12)
)


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, name: str, raw: bytes) -> AppTest:
    at.file_uploader(key=data_page.UPLOAD_KEY).set_value((name, raw, "text/csv"))
    return rerun(at)


def selectbox(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def custom(at: AppTest) -> Dataset | None:
    return at.session_state[state.CUSTOM_DATA]


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def click(x: float, y: float) -> dict:
    """What ``st.plotly_chart(on_select="rerun")`` stores after a click on a grid point."""
    point = {"curve_number": 0, "point_number": 5, "point_index": 5, "x": x, "y": y}
    return {"selection": {"points": [point], "point_indices": [5], "box": [], "lasso": []}}


def test_page_runs_at_defaults_and_says_what_to_do():
    at = run_page()
    assert not at.error
    assert [t.label for t in at.tabs] == list(data_page.TABS)
    # Only the open tab's chart is sent: the preview; the clickable chart when its tab opens
    assert [c.key for c in at.get("plotly_chart")] == ["data_preview"]
    at.session_state[data_page.TAB_KEY] = "Draw and edit"
    at.run()
    assert [c.key for c in at.get("plotly_chart")] == [data_page.CLICK_KEY]
    assert at.button(key="data_clear")  # the tabs' widgets are all there either way
    at.session_state[data_page.TAB_KEY] = "Upload a CSV"
    at.run()
    assert not at.get("plotly_chart") and at.button(key="data_clear")
    at.session_state[data_page.TAB_KEY] = "Preview"
    at.run()
    assert len(at.get("download_button")) == 1
    assert "upload a CSV file" in at.info[0].value  # empty state: what the person can do
    assert "Generated points" in markdown_text(at)
    assert custom(at) is None


def test_upload_pick_columns_and_use_this_data():
    at = upload(run_page(), "people.csv", PEOPLE)
    assert not at.error
    assert selectbox(at, "Feature 1 (x-axis)").value == "hours studied"
    assert selectbox(at, "Feature 2 (y-axis)").value == "hours slept"
    assert selectbox(at, "Label (the class of each row)").value == "passed"
    text = markdown_text(at)
    assert "**yes** → class 1 (positive, 3 rows)" in text
    assert "**no** → class 0 (negative, 2 rows)" in text
    warning = at.warning[0].value
    assert "2 of 7 rows are dropped" in warning
    assert "missing value: 1" in warning and "not a number: 1" in warning

    # swap the features, then use the data
    selectbox(at, "Feature 1 (x-axis)").set_value("hours slept")
    selectbox(at, "Feature 2 (y-axis)").set_value("hours studied")
    rerun(at)
    button(at, "Use this data").click()
    rerun(at)
    data = custom(at)
    assert data is not None and data.X.shape == (5, 2)
    assert data.feature_names == ("hours slept", "hours studied")
    assert data.class_names == ("no", "yes")
    assert data.source == "people.csv"
    np.testing.assert_array_equal(data.y, [0, 0, 1, 1, 1])
    np.testing.assert_array_equal(data.X[0], [8.0, 1.0])
    assert at.session_state[state.SETTINGS].dataset == "custom"
    assert at.selectbox(key=state.widget_key("dataset")).value == "custom"
    assert "Your data" in markdown_text(at)
    assert not at.info  # the empty-state hint is gone


def test_three_classes_pick_two_and_drop_the_rest():
    at = upload(run_page(), "flowers.csv", FLOWERS)
    assert not at.error
    (info,) = [i.value for i in at.info if "different values" in i.value]
    assert "The label column has 3 different values" in info
    assert "Rows with any other label are dropped" in info
    selectbox(at, "Class 0 (negative)").set_value("setosa")
    selectbox(at, "Class 1 (positive)").set_value("virginica")
    rerun(at)
    assert "4 of 12 rows are dropped (label not one of the two chosen classes: 4)" in (
        at.warning[0].value
    )
    button(at, "Use this data").click()
    rerun(at)
    data = custom(at)
    assert data.n == 8 and data.class_names == ("setosa", "virginica")
    assert data.X[0].tolist() == [5.0, 3.5]  # decimal commas read as numbers


def test_same_class_twice_is_an_error_not_a_crash():
    at = upload(run_page(), "flowers.csv", FLOWERS)
    selectbox(at, "Class 1 (positive)").set_value("setosa")
    rerun(at)
    assert "Pick two different classes" in at.error[0].value
    assert not [b for b in at.button if b.label == "Use this data"]


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(64), "This looks like a PNG image"),
        ("empty.csv", b"", "The file is empty"),
        ("one.csv", b"a,b,c\n1,2,x\n3,4,x\n5,6,x\n", "has only one value"),
        ("two.csv", b"a,b\n1,2\n3,4\n", "the lab needs three"),
        ("header.csv", b"a,b,c\n", "no data rows"),
    ],
)
def test_broken_files_show_the_specific_message(name, raw, message):
    at = upload(run_page(), name, raw)
    assert len(at.error) == 1
    # Messages are Markdown-escaped: compare without the escapes.
    assert message in at.error[0].value.replace("\\", "")
    assert not [b for b in at.button if b.label == "Use this data"]
    assert custom(at) is None


def test_failed_upload_keeps_the_previous_data():
    at = upload(run_page(), "people.csv", PEOPLE)
    button(at, "Use this data").click()
    rerun(at)
    before = custom(at)
    at = upload(at, "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert "PNG image" in at.error[0].value
    assert custom(at) is before
    assert at.session_state[state.SETTINGS].dataset == "custom"
    assert any("has not changed" in c.value for c in at.caption)


def test_names_from_the_file_are_escaped_in_markdown():
    raw = b"**a**,[b](http://x.test),label\n1,2,<b>yes</b>\n3,4,no\n5,6,<b>yes</b>\n7,8,no\n"
    at = upload(run_page(), "**evil**.csv", raw)
    assert not at.error
    text = markdown_text(at)
    assert "**\\<b\\>yes\\</b\\>**" in text  # the label, escaped, inside our bold
    assert "<b>" not in text
    assert any(c.value.startswith("\\*\\*evil\\*\\*\\.csv: 4 rows") for c in at.caption)
    button(at, "Use this data").click()
    rerun(at)
    assert custom(at).feature_names == ("**a**", "[b](http://x.test)")
    summary = markdown_text(at)
    assert "\\*\\*evil\\*\\*\\.csv" in summary and "\\<b\\>yes\\</b\\>: 2" in summary
    assert "<b>" not in summary


def test_click_adds_a_point_of_the_chosen_class_to_a_copy_of_generated_data():
    at = run_page()
    n = at.session_state[state.SETTINGS].n_samples
    at.radio(key=data_page.CLASS_KEY).set_value(1)
    at.session_state[data_page.CLICK_KEY] = click(1.25, -0.5)
    rerun(at)
    data = custom(at)
    assert data is not None and data.n == n + 1
    assert data.y[-1] == 1 and data.X[-1].tolist() == [1.25, -0.5]
    assert at.session_state[state.SETTINGS].dataset == "custom"
    assert at.selectbox(key=state.widget_key("dataset")).value == "custom"
    # the same selection is acted on once, however often the page reruns
    rerun(at)
    assert custom(at).n == n + 1
    # after the chart came back empty, a click on the same grid point adds again
    at.session_state[data_page.CLICK_KEY] = {"selection": {"points": [], "box": [], "lasso": []}}
    rerun(at)
    at.session_state[data_page.CLICK_KEY] = click(1.25, -0.5)
    rerun(at)
    assert custom(at).n == n + 2


def test_click_on_own_data_adds_class_zero_then_undo():
    at = upload(run_page(), "people.csv", PEOPLE)
    button(at, "Use this data").click()
    rerun(at)
    at.session_state[data_page.CLICK_KEY] = click(4.0, 4.0)
    rerun(at)
    data = custom(at)
    assert data.n == 6 and data.y[-1] == 0 and data.source == "people.csv"
    button(at, "Undo last change").click()
    rerun(at)
    assert custom(at).n == 5
    button(at, "Undo last change").click()  # back to before the upload: no own data
    rerun(at)
    assert custom(at) is None
    assert at.session_state[state.SETTINGS].dataset != "custom"
    assert button(at, "Undo last change").disabled


def test_box_selection_removes_the_points_inside():
    at = upload(run_page(), "people.csv", PEOPLE)
    button(at, "Use this data").click()
    rerun(at)
    at.session_state[data_page.CLICK_KEY] = {
        "selection": {
            "points": [],
            "point_indices": [],
            "box": [{"x": [0.0, 2.5], "y": [7.0, 9.0], "xref": "x", "yref": "y"}],
            "lasso": [],
        }
    }
    rerun(at)
    assert custom(at).n == 5  # a box alone changes nothing
    remove = button(at, "Remove 2 selected points")
    assert not remove.disabled
    remove.click()
    rerun(at)
    assert custom(at).n == 3 and (custom(at).y == 1).all()


def test_use_generated_points_copies_them_and_opens_the_editor():
    at = run_page()
    button(at, "Use these points as my own data").click()
    rerun(at)
    data = custom(at)
    assert data is not None and data.n == at.session_state[state.SETTINGS].n_samples
    assert at.session_state[data_page.TAB_KEY] == "Draw and edit"
    assert at.session_state[state.SETTINGS].dataset == "custom"
    assert "Your data" in markdown_text(at)


def test_remove_all_points_leaves_an_empty_chart_and_a_warning():
    at = run_page()
    button(at, "Remove all points").click()
    rerun(at)
    assert custom(at).n == 0
    assert "at least two points of each class" in at.warning[0].value
    at.session_state[data_page.CLICK_KEY] = click(0.0, 0.0)
    rerun(at)
    assert custom(at).n == 1


def test_download_button_offers_the_csv():
    at = run_page()
    (download,) = at.get("download_button")
    assert download.proto.label == "Download CSV"


def test_new_data_drops_the_compare_pages_split_and_runs_of_the_old_data():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT).run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert state.COMPARE_MEMO in at.session_state and state.COMPARE_SPLIT in at.session_state
    at.switch_page("pages/data.py").run()
    upload(at, "people.csv", PEOPLE)
    button(at, "Use this data").click()
    rerun(at)
    assert custom(at) is not None
    assert state.COMPARE_MEMO not in at.session_state  # nothing keeps the old data alive
    assert state.COMPARE_SPLIT not in at.session_state
