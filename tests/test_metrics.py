"""logreg.metrics against scikit-learn (the oracle), plus edge cases and properties."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.calibration import calibration_curve as sk_calibration_curve

from logreg import metrics as M

SEEDS = [0, 1, 2, 3, 7]


def make_data(seed: int, n: int = 400, pos_rate: float = 0.3, ties: bool = True):
    """Labels, probabilities (rounded to create ties when asked) and weights."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < pos_rate).astype(int)
    logit = rng.normal(size=n) + 1.2 * y
    p = 1.0 / (1.0 + np.exp(-logit))
    if ties:
        p = np.round(p, 2)
    w = rng.uniform(0.0, 2.0, size=n)
    w[rng.random(n) < 0.05] = 0.0
    return y, p, w


CASES = [
    pytest.param(seed, pos_rate, ties, id=f"s{seed}-r{pos_rate}-t{int(ties)}")
    for seed in SEEDS
    for pos_rate, ties in [(0.5, True), (0.3, False), (0.05, True)]
]


@pytest.mark.parametrize(("seed", "pos_rate", "ties"), CASES)
@pytest.mark.parametrize("weighted", [False, True])
def test_curves_identical_to_sklearn(seed, pos_rate, ties, weighted):
    y, p, w = make_data(seed, pos_rate=pos_rate, ties=ties)
    sw = w if weighted else None
    for ours, theirs in zip(
        M.roc_curve(y, p, sample_weight=sw), skm.roc_curve(y, p, sample_weight=sw), strict=True
    ):
        np.testing.assert_array_equal(ours, theirs)
    for ours, theirs in zip(
        M.precision_recall_curve(y, p, sample_weight=sw),
        skm.precision_recall_curve(y, p, sample_weight=sw),
        strict=True,
    ):
        np.testing.assert_array_equal(ours, theirs)
    assert M.roc_auc(y, p, sample_weight=sw) == pytest.approx(
        skm.roc_auc_score(y, p, sample_weight=sw), rel=1e-12
    )
    assert M.average_precision(y, p, sample_weight=sw) == pytest.approx(
        skm.average_precision_score(y, p, sample_weight=sw), rel=1e-12
    )
    assert M.roc_curve(y, p)[2][0] == np.inf


@pytest.mark.parametrize(("seed", "pos_rate", "ties"), CASES)
@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.71])
@pytest.mark.parametrize("weighted", [False, True])
def test_threshold_metrics_match_sklearn(seed, pos_rate, ties, threshold, weighted):
    y, p, w = make_data(seed, pos_rate=pos_rate, ties=ties)
    sw = w if weighted else None
    yp = (p >= threshold).astype(int)
    assert M.accuracy(y, yp, sw) == pytest.approx(skm.accuracy_score(y, yp, sample_weight=sw))
    for ours, theirs in [
        (M.precision, skm.precision_score),
        (M.recall, skm.recall_score),
        (M.f1, skm.f1_score),
    ]:
        expected = theirs(y, yp, sample_weight=sw, zero_division=0)
        assert ours(y, yp, sw) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    cm = M.confusion_matrix(y, p, threshold, sample_weight=sw)
    np.testing.assert_allclose(cm, skm.confusion_matrix(y, yp, sample_weight=sw, labels=[0, 1]))
    assert cm.shape == (2, 2)
    assert cm.dtype == (np.float64 if weighted else np.int64)
    expected_ll = skm.log_loss(y, p.clip(1e-3, 1 - 1e-3), sample_weight=sw)
    assert M.log_loss(y, p.clip(1e-3, 1 - 1e-3), sample_weight=sw) == pytest.approx(
        expected_ll, rel=1e-12
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 5, 10, 23])
def test_calibration_curve_matches_sklearn(seed, strategy, n_bins):
    y, p, _ = make_data(seed, n=300, ties=seed % 2 == 0)
    prob_true, prob_pred, counts = M.calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    sk_true, sk_pred = sk_calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    np.testing.assert_allclose(prob_true, sk_true, rtol=1e-13)
    np.testing.assert_allclose(prob_pred, sk_pred, rtol=1e-13)
    assert counts.sum() == len(y)
    assert (counts > 0).all()
    assert counts.shape == prob_true.shape


def test_calibration_drops_empty_bins():
    y = np.array([0, 1, 0, 1])
    p = np.array([0.05, 0.06, 0.91, 0.95])
    prob_true, prob_pred, counts = M.calibration_curve(y, p, n_bins=10)
    np.testing.assert_allclose(prob_true, [0.5, 0.5])
    np.testing.assert_allclose(prob_pred, [0.055, 0.93])
    np.testing.assert_array_equal(counts, [2, 2])


def test_classification_report_values():
    y, p, _ = make_data(3)
    rep = M.classification_report(y, p, threshold=0.4)
    yp = (p >= 0.4).astype(int)
    assert set(rep) == {"accuracy", "precision", "recall", "f1", "log_loss", "auc"}
    assert all(isinstance(v, float) for v in rep.values())
    assert rep["accuracy"] == pytest.approx(skm.accuracy_score(y, yp))
    assert rep["precision"] == pytest.approx(skm.precision_score(y, yp))
    assert rep["recall"] == pytest.approx(skm.recall_score(y, yp))
    assert rep["f1"] == pytest.approx(skm.f1_score(y, yp))
    assert rep["log_loss"] == pytest.approx(skm.log_loss(y, p))
    assert rep["auc"] == pytest.approx(skm.roc_auc_score(y, p))


# ----------------------------------------------------------------------- edge cases


@pytest.mark.parametrize("label", [0, 1])
def test_single_class_does_not_raise(label):
    y = np.full(20, label)
    p = np.linspace(0.01, 0.99, 20)
    assert math.isnan(M.roc_auc(y, p))
    fpr, tpr, thr = M.roc_curve(y, p)
    assert np.isnan(fpr).all() if label == 1 else np.isnan(tpr).all()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for ours, theirs in zip((fpr, tpr, thr), skm.roc_curve(y, p), strict=True):
            np.testing.assert_array_equal(ours, theirs)
        for ours, theirs in zip(
            M.precision_recall_curve(y, p), skm.precision_recall_curve(y, p), strict=True
        ):
            np.testing.assert_array_equal(ours, theirs)
        assert M.average_precision(y, p) == pytest.approx(skm.average_precision_score(y, p))
        assert M.log_loss(y, p) == pytest.approx(skm.log_loss(y, p, labels=[0, 1]))
    rep = M.classification_report(y, p)
    assert rep["auc"] is None
    assert rep["log_loss"] == pytest.approx(M.log_loss(y, p))
    assert M.confusion_matrix(y, p).sum() == 20


def test_zero_division_gives_zero():
    y = np.array([0, 0, 0, 0])
    yp = np.array([0, 0, 0, 0])
    assert M.precision(y, yp) == 0.0
    assert M.recall(y, yp) == 0.0
    assert M.f1(y, yp) == 0.0
    assert M.accuracy(y, yp) == 1.0
    rep = M.classification_report(y, np.zeros(4))
    assert rep["precision"] == 0.0 and rep["f1"] == 0.0 and rep["auc"] is None


def test_perfect_scores():
    y = np.array([0, 0, 1, 1, 0, 1])
    p = np.array([0.1, 0.2, 0.8, 0.9, 0.3, 0.7])
    assert M.roc_auc(y, p) == 1.0
    assert M.average_precision(y, p) == 1.0
    assert M.roc_auc(y, 1 - p) == 0.0
    np.testing.assert_array_equal(M.confusion_matrix(y, p), [[3, 0], [0, 3]])
    rep = M.classification_report(y, p)
    assert rep["accuracy"] == rep["precision"] == rep["recall"] == rep["f1"] == 1.0


def test_threshold_is_inclusive_and_inputs_flexible():
    y = np.array([True, False, True])
    p = [0.5, 0.5, 0.2]
    np.testing.assert_array_equal(M.confusion_matrix(y, p, threshold=0.5), [[0, 1], [1, 1]])
    np.testing.assert_array_equal(M.confusion_matrix(y[:, None], p), [[0, 1], [1, 1]])
    assert M.accuracy([1.0, 0.0], [True, False]) == 1.0


def test_log_loss_clips_zero_and_one():
    y = np.array([1, 0])
    p = np.array([0.0, 1.0])
    # 1 - 1e-15 is not exactly representable, so the second term is log1p(-(1 - 1e-15))
    expected = -(math.log(1e-15) + math.log1p(-(1 - 1e-15))) / 2
    assert M.log_loss(y, p) == pytest.approx(expected, rel=1e-12)
    assert M.log_loss(y, p, eps=1e-6) == pytest.approx(-math.log(1e-6))


@pytest.mark.parametrize(
    ("func", "args", "match"),
    [
        (M.roc_auc, ([0, 1, 1], [0.1, 0.2]), r"shape \(3,\).*shape \(2,\)"),
        (M.accuracy, ([0, 1], [0, 1, 1]), r"shape \(2,\).*shape \(3,\)"),
        (M.confusion_matrix, ([], []), "empty"),
        (M.log_loss, ([0, 1], [0.5, np.nan]), "NaN"),
        (M.roc_curve, ([0, 1], [np.nan, 0.2]), "NaN"),
        (M.classification_report, ([0, 1], [0.5, np.nan]), "NaN"),
        (M.calibration_curve, ([0, 1], [np.nan, 0.2]), "NaN"),
        (M.log_loss, ([0, 1], [0.5, 1.5]), r"\[0, 1\]"),
        (M.roc_auc, ([0, 2], [0.5, 0.1]), "0 and 1"),
        (M.precision, ([0, 1], [0, 3]), "0 and 1"),
        (M.roc_auc, (np.zeros((2, 2)), [0.5, 0.1]), "1-D"),
        (M.roc_auc, ([0, 1], [0.5, 0.1], [1.0, -1.0]), "non-negative"),
        (M.calibration_curve, ([0, 1], [0.5, 0.1], 0), "n_bins"),
        (M.calibration_curve, ([0, 1], [0.5, 0.1], 5, "bogus"), "strategy"),
    ],
)
def test_validation_errors(func, args, match):
    with pytest.raises(ValueError, match=match):
        func(*args)


def test_large_input_is_fast_and_lean():
    rng = np.random.default_rng(0)
    n = 1_000_000
    y = rng.random(n) < 0.3
    p = rng.random(n)
    cm = M.confusion_matrix(y, p)
    assert cm.sum() == n
    rep = M.classification_report(y, p)
    assert 0.45 < rep["auc"] < 0.55
    # chunked counts add up to the whole
    chunks = sum(
        M.confusion_matrix(y[i : i + 250_000], p[i : i + 250_000]) for i in range(0, n, 250_000)
    )
    np.testing.assert_array_equal(chunks, cm)


# ------------------------------------------------------------------ property tests

labels_and_scores = st.integers(min_value=1, max_value=60).flatmap(
    lambda n: st.tuples(
        arrays(np.int64, n, elements=st.integers(0, 1)),
        arrays(np.float64, n, elements=st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]))
        | arrays(np.float64, n, elements=st.floats(0.0, 1.0)),
    )
)


@settings(max_examples=150, deadline=None)
@given(labels_and_scores)
def test_property_auc_in_unit_interval_and_matches_sklearn(data):
    y, p = data
    auc = M.roc_auc(y, p)
    if y.min() == y.max():
        assert math.isnan(auc)
        return
    assert 0.0 <= auc <= 1.0
    assert auc == pytest.approx(skm.roc_auc_score(y, p), rel=1e-12, abs=1e-12)
    assert M.roc_auc(y, -p) == pytest.approx(1.0 - auc, abs=1e-12)
    assert 0.0 <= M.average_precision(y, p) <= 1.0


@settings(max_examples=150, deadline=None)
@given(labels_and_scores, st.floats(0.0, 1.0))
def test_property_confusion_sums_to_n(data, threshold):
    y, p = data
    cm = M.confusion_matrix(y, p, threshold)
    assert cm.sum() == len(y)
    assert (cm >= 0).all()
    assert cm[1].sum() == y.sum()
    assert cm[:, 1].sum() == (p >= threshold).sum()
