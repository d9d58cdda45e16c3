import json

import numpy as np
import pytest

from logreg import DataError, serialize
from logreg.datasets import make_dataset
from logreg.model import LogisticRegression
from logreg.pipeline import make_pipeline


@pytest.fixture
def fitted():
    X, y = make_dataset("circles", 300, 0.1, random_state=0)
    return make_pipeline(3, True, alpha=1e-3, tol=1e-10).fit(X, y), X, y


def test_degree_three_pipeline_separates_circles(fitted):
    pipe, X, y = fitted
    assert pipe.score(X, y) > 0.95
    assert pipe.feature_names_[:5] == ["x1", "x2", "x1²", "x1·x2", "x2²"]


def test_grid_proba_equals_predict_proba_on_grid_points(fitted):
    pipe, _, _ = fitted
    xs, ys = np.linspace(-3, 3, 7), np.linspace(-2, 2, 5)
    G = pipe.grid_proba(xs, ys)
    XX, YY = np.meshgrid(xs, ys)
    P = pipe.predict_proba(np.c_[XX.ravel(), YY.ravel()])[:, 1].reshape(G.shape)
    assert G.shape == (5, 7)
    np.testing.assert_allclose(G, P, rtol=1e-9, atol=1e-12)


def test_json_round_trip_predicts_identically(fitted):
    pipe, X, _ = fitted
    text = serialize.to_json(pipe, {"dataset": "circles"})
    assert "pickle" not in text
    back = serialize.from_json(text)
    np.testing.assert_array_equal(back.predict_proba(X), pipe.predict_proba(X))
    assert list(back.classes_) == list(pipe.classes_)
    assert back.feature_names_ == pipe.feature_names_


def test_plain_model_round_trip_with_string_labels():
    X, y01 = make_dataset("blobs", 100, 0.5, random_state=1)
    y = np.array(["no", "yes"], dtype=object)[y01]
    m = LogisticRegression().fit(X, y)
    back = serialize.from_json(serialize.to_json(m))
    assert isinstance(back, LogisticRegression)
    np.testing.assert_array_equal(back.predict(X), m.predict(X))


def _doc(fitted):
    return json.loads(serialize.to_json(fitted[0]))


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d.update(format="other"), "not a Logistic Regression Lab model"),
        (lambda d: d.update(version=99), "version 99"),
        (lambda d: d.pop("coef"), "'coef' is missing"),
        (lambda d: d.update(coef="abc"), "'coef' must be a list of numbers"),
        (lambda d: d.update(coef=[1.0, 2.0]), "'coef' has 2"),
        (lambda d: d["coef"].__setitem__(0, "x"), "only finite numbers, found 'x'"),
        (lambda d: d.update(intercept=True), "'intercept' must be a number"),
        (lambda d: d.update(classes=["a"]), "exactly two different labels"),
        (lambda d: d.update(classes=[{"a": 1}, 2]), "short text or a number"),
        (lambda d: d["params"].update(alpha=-5), "alpha must be between"),
        (lambda d: d["params"].update(evil="x"), "unknown settings"),
        (lambda d: d["feature_map"].update(degree=60), "'degree' must be between 1 and 6"),
        (lambda d: d["feature_map"].update(n_inputs=10**9), "'n_inputs' must be between"),
        (lambda d: d["feature_map"].update(scale=[0.0] * 9), "only positive numbers"),
        (lambda d: d.update(coef=[0.0] * 50_000), "more than the 10,000 allowed"),
    ],
)
def test_tampered_model_files_are_refused_clearly(fitted, mutate, match):
    doc = _doc(fitted)
    mutate(doc)
    with pytest.raises(DataError, match=match):
        serialize.from_json(json.dumps(doc))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text"),
        ("{not json", "not valid JSON"),
        ('{"coef": [NaN]}', "NaN, which is not a number"),
        ("[1, 2]", "not a JSON object"),
        ("[" * 100_000, "nested too deeply|not valid JSON"),
        (" " * 3_000_000, "larger than"),
    ],
)
def test_broken_files_are_refused_clearly(text, match):
    with pytest.raises(DataError, match=match):
        serialize.from_json(text)
