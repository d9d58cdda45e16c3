"""Every odd or broken CSV in :mod:`tests.bad_files` loads correctly or gets a specific,
plain-language message: through :mod:`logreg.data`, on the Data page (AppTest), and, for odd
magnitudes and constant columns, through training."""

from __future__ import annotations

import math
import re
import warnings
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from logreg import editing, lab
from logreg.data import prepare, read_csv
from logreg.errors import DataError
from logreg.lab import Dataset, Settings
from logreg.ui import data_page, state
from tests import bad_files
from tests.bad_files import CASES, Case, Prep, page_expect

TIMEOUT = 60

# Words a person should never meet in a message: Python internals, not plain language.
JARGON = re.compile(
    r"Traceback|Exception|\w+Error\b|\bdtype|NoneType|\bNone\b|\bnan\b|\bNaN\b|ndarray|pandas"
    r"|numpy|object of type|\bline \d+, in\b|<class|index \d|0x[0-9a-f]{4}|tokeniz|C error"
    r"|\bEOF\b|codec|errno"
)


def plain(text: str) -> str:
    """A message shown through ``md()`` without its Markdown escapes."""
    return text.replace("\\", "")


def assert_plain_language(message: str) -> None:
    assert not JARGON.search(message), f"jargon in: {message}"
    assert message[:1].isupper() and message.rstrip().endswith("."), message
    assert 20 < len(message) < 600, message


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def by_case(cases=CASES):
    return pytest.mark.parametrize("case", cases, ids=[c.id for c in cases])


# --------------------------------------------------------------------------- the collection


def test_the_collection_covers_the_kinds_of_file_people_bring():
    names = set(bad_files.BY_NAME)
    for needed in (
        "empty.csv",
        "header-only.csv",
        "one-row.csv",
        "one-column.csv",
        "single-class.csv",
        "three-classes.csv",
        "text-in-numbers.csv",
        "missing-values.csv",
        "infinity.csv",
        "ragged-long-row.csv",
        "binary-junk.csv",
        "photo.csv",
        "photo-jpeg.csv",
        "workbook.csv",
        "document.csv",
        "utf16-semicolons-decimal-commas.csv",
        "latin1.csv",
        "semicolons.csv",
        "tabs.csv",
        "decimal-commas.csv",
        "utf8-bom.csv",
        "duplicate-names.csv",
        "blank-names.csv",
        "html-names.csv",
        "formula-labels.csv",
        "huge-numbers.csv",
        "tiny-numbers.csv",
        "constant-column.csv",
        "crlf.csv",
        "quoted-fields.csv",
        "trailing-separators.csv",
        "true-false-labels.csv",
        "zero-one-labels.csv",
        "minus-one-one-labels.csv",
        "whitespace.csv",
    ):
        assert needed in names
    assert bad_files.CASES == tuple(bad_files.CASES)  # made the same way every time
    assert bad_files.BY_NAME["workbook.csv"].raw == bad_files._xlsx()


def test_main_writes_every_file(tmp_path):
    assert bad_files.main([str(tmp_path)]) == 0
    for case in CASES:
        assert (tmp_path / case.name).read_bytes() == case.raw
    listing = (tmp_path / "EXPECTED.txt").read_text(encoding="utf-8")
    assert "photo.csv: a PNG image renamed to .csv" in listing
    assert bad_files.main([]) == 2


# --------------------------------------------------------------------------- logreg.data


@by_case()
def test_read_csv(case: Case):
    kind, what = case.read
    if kind == "error":
        with pytest.raises(DataError) as info:
            read_csv(case.raw)
        assert isinstance(info.value, ValueError)
        message = str(info.value)
        assert re.search(what, message), message
        assert_plain_language(message)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no parser warning about lost data either
        df = read_csv(case.raw)
    if "shape" in what:
        assert df.shape == what["shape"]
    if "columns" in what:
        assert list(df.columns) == what["columns"]
    for column, values in what.get("values", {}).items():
        got = df[column].tolist()[: len(values)]
        assert len(got) == len(values) and all(map(same, got, values)), (column, got)
    for key, value in what.get("attrs", {}).items():
        assert df.attrs[key] == value, key


PREPS = [(case, i, prep) for case in CASES for i, prep in enumerate(case.prepare)]


@pytest.mark.parametrize(("case", "i", "prep"), PREPS, ids=[f"{c.id}-{i}" for c, i, _ in PREPS])
def test_prepare(case: Case, i: int, prep: Prep):
    df = read_csv(case.raw)
    kind, what = prep.expect
    if kind == "error":
        with pytest.raises(DataError) as info:
            prepare(df, list(prep.features), prep.label, classes=prep.classes)
        message = str(info.value)
        assert re.search(what, message), message
        assert_plain_language(message)
        return
    p = prepare(df, list(prep.features), prep.label, classes=prep.classes)
    assert p.X.dtype == np.float64 and p.X.shape == (len(p.y), len(prep.features))
    assert np.isfinite(p.X).all() and set(np.unique(p.y)) == {0, 1}
    assert p.n_dropped + len(p.y) == len(df) == p.n_dropped + p.X.shape[0]
    assert p.n_dropped == sum(p.drop_reasons.values()) == len(p.dropped_index)
    if "n" in what:
        assert len(p.y) == what["n"]
    if "classes" in what:
        assert p.classes == what["classes"]
        assert [type(c) for c in p.classes] == [type(c) for c in what["classes"]]
    if "n_dropped" in what:
        assert p.n_dropped == what["n_dropped"]
    if "reasons" in what:
        assert p.drop_reasons == what["reasons"]
    if "first" in what:
        assert p.X[0].tolist() == what["first"]
    if "y" in what:
        assert p.y.tolist() == what["y"]


def test_formulas_are_never_evaluated():
    df = read_csv(bad_files.BY_NAME["formula-labels.csv"].raw)
    assert sorted(set(df["label"])) == ["+cmd", "-2+3", "=1+2", "@SUM(A1)"]
    assert df["a"].iloc[-1] == "=1+2"  # not 3


# --------------------------------------------------------------------------- training


TRAINED = [c for c in CASES if c.train]


def _dataset(case: Case) -> Dataset:
    prep = case.prepare[0]
    p = prepare(read_csv(case.raw), list(prep.features), prep.label, classes=prep.classes)
    return editing.from_prepared(p, case.name)


@by_case(TRAINED)
def test_odd_magnitudes_and_constant_columns_train_without_nan(case: Case):
    data = _dataset(case)
    for standardize, expect in case.train:
        s = Settings(dataset=lab.CUSTOM, standardize=standardize)
        run = lab.Run.start(s, data, lab.split(data, s.test_fraction, s.seed))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run.trainer.run()
        snap = lab.snapshot(run, grid=20)
        t = run.trainer
        assert np.isfinite(t.theta).all(), (standardize, t.theta)
        assert np.isfinite([snap.train_loss, snap.test_loss, snap.b]).all()
        assert np.isfinite(snap.p_train).all() and np.isfinite(snap.p_test).all()
        assert snap.proba is not None and np.isfinite(snap.proba).all()
        assert np.isfinite(t.history.objective).all()
        if isinstance(expect, str):
            assert t.diverged, (standardize, t.message)
            assert re.search(expect, t.message), t.message
            assert_plain_language(t.message)
        else:
            assert not t.diverged, (standardize, t.message)
            assert snap.train_acc >= expect, (standardize, snap.train_acc)


def test_huge_numbers_in_the_playground():
    """Standardized, 5e12-sized features train; unstandardized, the blow-up is an error
    message with numbers (not NaN) on screen."""
    data = _dataset(bad_files.BY_NAME["huge-numbers.csv"])
    at = AppTest.from_file("../pages/playground.py", default_timeout=TIMEOUT)
    at.session_state[state.CUSTOM_DATA] = data
    at.session_state[state.SETTINGS] = Settings(dataset=lab.CUSTOM)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    metrics = {m.label: m.value for m in at.metric}
    assert float(metrics["Train accuracy"].rstrip("%")) >= 90, metrics

    at.checkbox(key=state.widget_key("standardize")).uncheck()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[state.SETTINGS].standardize is False
    errors = [plain(e.value) for e in at.error]
    assert len(errors) == 1 and "Training diverged" in errors[0], errors
    for m in at.metric:
        assert "nan" not in m.value.lower() and "inf" not in m.value.lower(), (m.label, m.value)


# --------------------------------------------------------------------------- the Data page


@pytest.fixture(scope="module")
def data_app():
    """One Data page session for every file (each upload is one rerun: fast)."""
    at = AppTest.from_file("../pages/data.py", default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def _custom(at: AppTest) -> Dataset | None:
    return at.session_state[state.CUSTOM_DATA]


def _use_button(at: AppTest):
    return [b for b in at.button if b.label == "Use this data"]


@by_case()
def test_data_page(data_app: AppTest, case: Case):
    at = data_app
    before = _custom(at)
    at.file_uploader(key=data_page.UPLOAD_KEY).set_value((case.name, case.raw, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    kind, what = page_expect(case)
    errors = [plain(e.value) for e in at.error]
    if kind == "error":
        assert len(errors) == 1, errors
        assert re.search(what, errors[0]), errors[0]
        assert_plain_language(errors[0])
        assert not _use_button(at)
        assert _custom(at) is before  # the data in use did not change
        return

    assert not errors, errors
    infos = [plain(i.value) for i in at.info]
    warns = [plain(w.value) for w in at.warning]
    if "info" in what:
        assert any(re.search(what["info"], i) for i in infos), infos
    if "warning" in what:
        assert any(re.search(what["warning"], w) for w in warns), warns
    else:
        assert not any("rows are dropped" in w for w in warns), warns
    (use,) = _use_button(at)
    use.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    data = _custom(at)
    assert data is not None and data is not before and data.source == case.name
    assert data.X.shape[1] == 2 and np.isfinite(data.X).all()
    assert at.session_state[state.SETTINGS].dataset == lab.CUSTOM
    if "n" in what:
        assert data.n == what["n"]
    if "classes" in what:
        assert data.class_names == what["classes"]
    if "features" in what:
        assert data.feature_names == what["features"]
    assert set(np.unique(data.y)) == {0, 1}


def test_three_classes_pick_any_two_on_the_page():
    case = bad_files.BY_NAME["three-classes.csv"]
    at = AppTest.from_file("../pages/data.py", default_timeout=TIMEOUT)
    at.run()
    at.file_uploader(key=data_page.UPLOAD_KEY).set_value((case.name, case.raw, "text/csv"))
    at.run()
    boxes = {s.label: s for s in at.selectbox}
    assert boxes["Class 0 (negative)"].options == ["setosa", "versicolor", "virginica"]
    boxes["Class 0 (negative)"].set_value("versicolor")
    boxes["Class 1 (positive)"].set_value("virginica")
    at.run()
    assert not at.exception and not at.error
    (warning,) = [plain(w.value) for w in at.warning]
    assert "3 of 9 rows are dropped (label not one of the two chosen classes: 3)" in warning
    text = plain("\n".join(m.value for m in at.markdown))
    assert "virginica** → class 1 (positive, 3 rows)" in text
    assert "versicolor** → class 0 (negative, 3 rows)" in text
    _use_button(at)[0].click()
    at.run()
    data = _custom(at)
    assert data.class_names == ("versicolor", "virginica") and data.n == 6


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"sep=;\na;b;c\n1;2;3\n4;5;6;7\n", r"^Line 4 of the file has 4 values.*stray semicolon"),
        (b"\n\nsep=,\na,b,c\n1,2,x,y\n4,5,6\n", r"^Line 5 of the file has 4 values"),
        (b"a,b\n1,2\n\n3,4,5\n", r"^Line 4 of the file has 3 values, but the header has 2 "),
        (b"a b,c\n1,2,3\n", r"header row names 2 columns, but the rows below it have 3 values"),
    ],
)
def test_line_numbers_count_every_line_of_the_file(raw: bytes, message: str):
    with pytest.raises(DataError, match=message):
        read_csv(raw)


def test_empty_values_past_the_header_are_not_lost_data():
    df = read_csv(b"a,b,c\n1,2,x,\n3,4,y,\n")  # trailing commas only under the header
    assert list(df.columns) == ["a", "b", "c"] and df["c"].tolist() == ["x", "y"]
