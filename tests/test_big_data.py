"""Big data through the pages: 200,000 points upload, train, draw and evaluate correctly.

The decision chart shows a WebGL subsample and says so; every number (accuracy, loss,
confusion counts, AUC) is computed on all the points; reruns that change nothing or only the
threshold retrain nothing; an upload is read once, however often the page reruns.
"""

from __future__ import annotations

import base64
import json
import time

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from logreg import data as csv_data
from logreg import lab, metrics
from logreg.lab import Dataset, Settings
from logreg.ui import data_page, state

pytestmark = pytest.mark.slow

N = 200_000
TIMEOUT = 120


@pytest.fixture(scope="module")
def big() -> Dataset:
    rng = np.random.default_rng(7)
    X = rng.normal(size=(N, 2)) * [10.0, 12.0] + [170.0, 70.0]
    z = 0.15 * (X[:, 0] - 170) - 0.2 * (X[:, 1] - 70) + 0.8 * rng.logistic(size=N)
    return Dataset(X, (z > 0).astype(np.int64), ("no", "yes"), ("height", "weight"), "big.csv")


def open_page(page: str, data: Dataset, **settings) -> AppTest:
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=TIMEOUT)
    at.session_state[state.CUSTOM_DATA] = data
    at.session_state[state.SETTINGS] = Settings(dataset=lab.CUSTOM, solver="newton", **settings)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures_of(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def decision_chart(at: AppTest) -> dict:
    return next(f for f in figures_of(at) if any(t["type"] == "heatmap" for t in f["data"]))


def array(value) -> np.ndarray:
    """A Plotly JSON array: a list, or numpy's base64 typed-array encoding."""
    if isinstance(value, dict) and "bdata" in value:
        out = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return out.reshape([int(k) for k in str(shape).split(",")]) if shape else out
    return np.asarray(value)


def full_probabilities(run: lab.Run) -> tuple[np.ndarray, np.ndarray]:
    """P(class 1) of every train and test point, computed afresh from the fitted model."""
    model = run.fitted()
    sp = run.split
    return model.predict_proba(sp.X_train)[:, 1], model.predict_proba(sp.X_test)[:, 1]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_playground_draws_a_webgl_subsample_and_measures_every_point(big):
    at = open_page("playground", big)
    run = at.session_state[state.RUN]
    assert run.trainer.converged and run.data is big
    fig = decision_chart(at)
    notes = [a["text"] for a in fig["layout"].get("annotations", [])]
    assert "showing 5,000 of 200,000 points" in notes
    points = [t for t in fig["data"] if t["name"].startswith("class ")]
    assert points and all(t["type"] == "scattergl" for t in points)
    assert sum(len(array(t["x"])) for t in points) == 5000
    # The surface and the numbers use every point.
    p_train, p_test = full_probabilities(run)
    sp = run.split
    assert len(sp.y_train) + len(sp.y_test) == N
    acc = metrics.accuracy(sp.y_train, (p_train >= 0.5).astype(int))
    assert metric(at, "Train accuracy") == f"{100 * acc:.1f}%"
    test_acc = metrics.accuracy(sp.y_test, (p_test >= 0.5).astype(int))
    assert metric(at, "Test accuracy") == f"{100 * test_acc:.1f}%"
    assert metric(at, "Train loss") == f"{metrics.log_loss(sp.y_train, p_train):.4f}"
    assert metric(at, "Test loss") == f"{metrics.log_loss(sp.y_test, p_test):.4f}"
    # A rerun that changes nothing trains nothing and keeps the run.
    trainer, n_iter = run.trainer, run.trainer.n_iter
    at.run()
    assert not at.exception
    assert at.session_state[state.RUN].trainer is trainer and trainer.n_iter == n_iter


def test_evaluate_counts_every_point_and_the_threshold_retrains_nothing(big):
    at = open_page("evaluate", big)
    run = at.session_state[state.RUN]
    p_train, p_test = full_probabilities(run)
    sp = run.split
    table = at.dataframe[0].value.set_index("metric")
    want = metrics.classification_report(sp.y_train, p_train, 0.5)
    assert table.loc["Accuracy", "train"] == f"{want['accuracy']:.3f}"
    assert table.loc["ROC AUC", "train"] == f"{want['auc']:.3f}"
    assert table.loc["Log-loss", "train"] == f"{want['log_loss']:.3f}"
    test = metrics.classification_report(sp.y_test, p_test, 0.5)
    assert table.loc["F1", "test"] == f"{test['f1']:.3f}"

    cms = [
        array(f["data"][0]["customdata"]).reshape(2, 2)
        for f in figures_of(at)
        if f["layout"].get("uirevision") == "confusion"
    ]
    assert len(cms) == 2
    np.testing.assert_array_equal(cms[0], metrics.confusion_matrix(sp.y_train, p_train, 0.5))
    np.testing.assert_array_equal(cms[1], metrics.confusion_matrix(sp.y_test, p_test, 0.5))
    assert cms[0].sum() + cms[1].sum() == N
    # The chart still shows a subsample, and the threshold moves only the counts.
    notes = [a["text"] for a in decision_chart(at)["layout"].get("annotations", [])]
    assert "showing 5,000 of 200,000 points" in notes
    trainer, n_iter = run.trainer, run.trainer.n_iter
    at.slider(key=state.widget_key("threshold")).set_value(0.7)
    start = time.perf_counter()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert time.perf_counter() - start < 20
    assert at.session_state[state.RUN].trainer is trainer and trainer.n_iter == n_iter
    cm = next(
        array(f["data"][0]["customdata"]).reshape(2, 2)
        for f in figures_of(at)
        if f["layout"].get("uirevision") == "confusion"
    )
    np.testing.assert_array_equal(cm, metrics.confusion_matrix(sp.y_train, p_train, 0.7))


def test_evaluation_on_all_points_matches_the_metrics_functions(big):
    s = Settings(dataset=lab.CUSTOM, solver="newton")
    run = lab.Run.start(s, big, lab.split(big, 0.25, 0))
    run.trainer.run()
    train, test = lab.evaluation(run, 0.4)
    p_train, p_test = full_probabilities(run)
    np.testing.assert_allclose(train.p, p_train, rtol=0, atol=1e-12)
    y = run.split.y_train
    assert train.auc == pytest.approx(metrics.roc_auc(y, p_train), abs=1e-12)
    assert train.ap == pytest.approx(metrics.average_precision(y, p_train), abs=1e-12)
    report = metrics.classification_report(y, p_train, 0.4)
    for key, value in report.items():
        assert train.report[key] == pytest.approx(value, abs=1e-12), key
    for curve in (train.roc, train.pr, test.roc, test.pr):
        assert len(curve[0]) <= lab.MAX_CURVE_POINTS  # thinned for drawing
    assert test.report["accuracy"] == pytest.approx(
        metrics.accuracy(run.split.y_test, (p_test >= 0.4).astype(int))
    )


@pytest.mark.parametrize(
    ("rows", "solver", "expected"),
    [(2_000, "gd", "gd"), (data_page.BIG_UPLOAD_ROWS, "sgd", "sgd")],
)
def test_a_small_upload_or_a_chosen_optimizer_is_left_alone(tmp_path, rows, solver, expected):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(rows, 2))
    path = tmp_path / "small.csv"
    pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "y": (X.sum(1) > 0).astype(int)}).to_csv(
        path, index=False
    )
    at = AppTest.from_file("../pages/data.py", default_timeout=TIMEOUT)
    at.session_state[state.SETTINGS] = lab.Settings(solver=solver, batch_size=256)
    at.run()
    at.file_uploader(key=data_page.UPLOAD_KEY).set_value(("s.csv", path.read_bytes(), "text/csv"))
    at.run()
    at.button(key="upload_use").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[state.CUSTOM_DATA].n == rows
    assert at.session_state[state.SETTINGS].solver == expected
    assert not [w for w in at.warning if "Newton" in w.value]


def test_an_upload_is_read_once_and_becomes_the_data(tmp_path, monkeypatch):
    rng = np.random.default_rng(3)
    h = rng.normal(170, 10, N)
    w = rng.normal(70, 12, N)
    label = np.where(0.15 * (h - 170) - 0.2 * (w - 70) + rng.logistic(size=N) > 0, "yes", "no")
    path = tmp_path / "people.csv"
    pd.DataFrame({"height_cm": h, "weight_kg": w, "label": label}).to_csv(path, index=False)
    reads = []
    real = csv_data.read_csv
    monkeypatch.setattr(csv_data, "read_csv", lambda raw: reads.append(1) or real(raw))
    at = AppTest.from_file("../pages/data.py", default_timeout=TIMEOUT)
    at.run()
    at.file_uploader(key=data_page.UPLOAD_KEY).set_value(
        ("people.csv", path.read_bytes(), "text/csv")
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.run()
    at.button(key="upload_use").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(reads) == 1  # three reruns with the file in the uploader, one read
    data = at.session_state[state.CUSTOM_DATA]
    assert data.n == N and data.class_names == ("no", "yes")
    assert at.session_state[state.SETTINGS].dataset == lab.CUSTOM
    assert at.session_state[state.DATA_HISTORY] == [(None, "blobs")]
    # 200,000 rows with the default optimizer: Newton instead of gradient descent, said once
    assert at.session_state[state.SETTINGS].solver == "newton"
    (notice,) = at.warning
    assert "200,000 rows" in notice.value and "Newton" in notice.value
    at.run()
    assert not at.warning
    assert at.selectbox(key=state.widget_key("solver")).value == "newton"


def test_sample_split_keeps_every_test_row_and_a_seeded_sample_of_training_rows():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(1000, 2))
    y = (X[:, 0] > 0).astype(np.int64)
    sp = lab.split(lab.Dataset(X, y), 0.25, seed=0)
    small = lab.sample_split(sp, 100, seed=5)
    assert len(small.y_train) == 100
    assert small.X_test is sp.X_test and small.y_test is sp.y_test
    # rows of the training split, in their order, each with its own label
    rows = {tuple(r): int(t) for r, t in zip(sp.X_train, sp.y_train, strict=True)}
    assert all(rows[tuple(r)] == t for r, t in zip(small.X_train, small.y_train, strict=True))
    order = [np.flatnonzero((sp.X_train == r).all(axis=1))[0] for r in small.X_train]
    assert order == sorted(order) and len(set(order)) == 100
    again = lab.sample_split(sp, 100, seed=5)
    np.testing.assert_array_equal(again.X_train, small.X_train)
    assert not np.array_equal(lab.sample_split(sp, 100, seed=6).X_train, small.X_train)
    assert lab.sample_split(sp, 750, seed=5) is sp  # nothing to drop
