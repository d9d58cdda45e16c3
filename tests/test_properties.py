"""Property tests of the engine's public functions on adversarial arrays.

Every call runs strictly: RuntimeWarnings are errors and numpy raises on overflow, division by
zero and invalid operations (``np.errstate(all="raise")``). The engine must then either raise a
``ValueError`` (``DataError`` is one) whose message names the problem, or return correct,
finite results. Adversarial inputs: NaN, ±inf, 1e300, 1e-300, subnormals, constant columns,
duplicated rows, n = 1, d = 0, a single class.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from logreg import (
    FeatureMap,
    LogisticRegression,
    log1pexp,
    make_dataset,
    metrics,
    sigmoid,
    train_test_split,
)
from logreg.errors import MAX_MAGNITUDE
from logreg.objective import Objective, add_intercept_row

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPECIALS = [
    math.nan,
    math.inf,
    -math.inf,
    1e300,
    -1e300,
    1e-300,
    -1e-300,
    5e-324,
    0.0,
    -0.0,
    1.7e308,
]
NONFINITE = re.compile(r"NaN|nan|infinite|missing", re.IGNORECASE)
TOO_LARGE = re.compile(r"large|magnitude|overflow|rescale", re.IGNORECASE)


@contextmanager
def strict(under: str = "raise") -> Iterator[None]:
    """RuntimeWarnings become errors; numpy raises on floating-point exceptions.

    Underflow (a result rounded to 0 or a subnormal) is the correct IEEE answer and numpy
    ignores it by default; the model, the objective, the stable functions and the feature map
    stay quiet even when it raises, the metrics are checked with numpy's default for it.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(all="raise", under=under):
            yield


def outcome(
    fn: Callable[..., Any], *args: Any, under: str = "raise", **kwargs: Any
) -> tuple[Any, ValueError | None]:
    """``(result, None)`` or ``(None, error)`` for a ValueError with a meaningful message."""
    with strict(under):
        try:
            return fn(*args, **kwargs), None
        except ValueError as exc:
            message = str(exc).strip()
            assert len(message) >= 15, f"unhelpful error message {message!r}"
            return None, exc


def assert_error_mentions(err: ValueError | None, *patterns: re.Pattern[str] | str) -> None:
    assert err is not None, "expected a ValueError"
    message = str(err)
    assert any(re.search(p, message) for p in patterns), f"unspecific message: {message!r}"


# -------------------------------------------------------------------------- strategies

special_or_small = st.one_of(
    st.sampled_from(SPECIALS), st.floats(-5, 5, allow_nan=False, allow_infinity=False)
)
moderate = st.floats(-5, 5, allow_nan=False, allow_infinity=False)


@st.composite
def feature_matrices(
    draw: st.DrawFn, min_rows: int = 0, max_rows: int = 10, max_cols: int = 3, finite: bool = False
) -> np.ndarray:
    """Small matrices with adversarial values, constant columns and duplicated rows."""
    n = draw(st.integers(min_rows, max_rows))
    d = draw(st.integers(0, max_cols))
    X = draw(arrays(np.float64, (n, d), elements=moderate))
    if n and d:
        if draw(st.booleans()):  # a constant column
            X[:, draw(st.integers(0, d - 1))] = draw(moderate)
        if n > 1 and draw(st.booleans()):  # duplicated rows
            X[draw(st.integers(1, n - 1)) :] = X[0]
        if draw(st.integers(0, 2)) == 0:  # sprinkle adversarial values (a third of the time)
            k = draw(st.integers(1, min(3, n * d)))
            pool = [v for v in SPECIALS if math.isfinite(v)] if finite else SPECIALS
            for _ in range(k):
                X[draw(st.integers(0, n - 1)), draw(st.integers(0, d - 1))] = draw(
                    st.sampled_from(pool)
                )
        if draw(st.booleans()):  # rescale everything (tiny or huge but usable features)
            with np.errstate(all="ignore"):
                X *= draw(st.sampled_from([1e-300, 1e-150, 1e-8, 1e8, 1e50]))
    return X


def labels_for(n: int) -> st.SearchStrategy[np.ndarray]:
    """Labels of several types; mostly two classes, sometimes one or three."""
    both = np.arange(n) % 2
    return st.one_of(
        arrays(np.int64, (n,), elements=st.integers(0, 1)).map(
            lambda y: np.where(np.arange(n) < 2, both, y)
        ),
        arrays(np.int64, (n,), elements=st.integers(0, 1)),
        st.just(np.where(both == 1, 7, -3)),
        st.just(np.array(["no", "yes"] * n, dtype=object)[:n]),
        arrays(np.float64, (n,), elements=st.sampled_from([0.0, 1.0, 2.5])),
    )


def defects(X: np.ndarray) -> dict[str, bool]:
    with np.errstate(all="ignore"):
        finite = bool(np.isfinite(X).all())
        big = finite and X.size > 0 and float(np.abs(X).max()) > MAX_MAGNITUDE
    return {
        "empty": X.shape[0] == 0,
        "no_cols": X.shape[1] == 0,
        "nonfinite": not finite,
        "too_large": big,
    }


# ------------------------------------------------------------------- stable functions


@FAST
@given(
    z=arrays(
        np.float64, st.integers(0, 20), elements=st.one_of(special_or_small, st.floats(-1e4, 1e4))
    )
)
def test_sigmoid_and_log1pexp_are_finite_accurate_and_quiet(z: np.ndarray) -> None:
    p, err = outcome(sigmoid, z)
    assert err is None
    s, err = outcome(log1pexp, z)
    assert err is None
    assert p.shape == z.shape and s.shape == z.shape
    nan = np.isnan(z)
    assert np.array_equal(np.isnan(p), nan) and np.array_equal(np.isnan(s), nan)
    ok = ~nan
    assert np.all((p[ok] >= 0) & (p[ok] <= 1))
    assert np.all(s[ok] >= np.maximum(z[ok], 0))  # softplus(z) >= max(z, 0), also at ±inf
    fin = np.isfinite(z)
    assert np.all(np.isfinite(p[fin])) and np.all(np.isfinite(s[fin]))
    with strict():
        q = sigmoid(-z[fin])
        np.testing.assert_allclose(p[fin] + q, 1.0, rtol=0, atol=5e-16)
        small = fin & (np.abs(z) < 30)
        np.testing.assert_allclose(p[small], 1.0 / (1.0 + np.exp(-z[small])), rtol=1e-14)
        np.testing.assert_allclose(s[small], np.log1p(np.exp(z[small])), rtol=1e-14)
    assert np.array_equal(p[z == np.inf], np.ones((z == np.inf).sum()))
    assert np.array_equal(p[z == -np.inf], np.zeros((z == -np.inf).sum()))


# ----------------------------------------------------------------------- the objective


@FAST
@given(
    X=feature_matrices(min_rows=1, max_rows=12, max_cols=5, finite=True),
    data=st.data(),
    l2=st.sampled_from([0.0, 1e-3, 1.0]),
    weighted=st.booleans(),
    at_zero=st.booleans(),
)
def test_objective_evaluate_matches_a_direct_reference(
    X: np.ndarray, data: st.DataObject, l2: float, weighted: bool, at_zero: bool
) -> None:
    assume(np.abs(X).max(initial=0.0) <= MAX_MAGNITUDE)
    n, d = X.shape
    y = data.draw(arrays(np.float64, (n,), elements=st.sampled_from([0.0, 1.0])))
    s = data.draw(arrays(np.float64, (n,), elements=st.floats(0.1, 3.0))) if weighted else None
    theta = data.draw(
        arrays(
            np.float64,
            (d + 1,),
            elements=st.one_of(moderate, st.sampled_from([0.0, 1e-300, 30.0, -800.0, 1e4])),
        )
    )
    scale = max(1.0, float(np.abs(X).max(initial=0.0)))
    theta = theta / scale  # keep theta @ x within a few thousand (no genuine overflow)
    if at_zero:  # the starting point of every fit has its own fast path
        theta[:] = 0.0
    obj = Objective(add_intercept_row(X), y, s, l2, 0.0)
    ev, err = outcome(obj.evaluate, theta, hess=True)
    assert err is None
    assert math.isfinite(ev.objective) and math.isfinite(ev.loss) and ev.loss >= 0
    assert np.all(np.isfinite(ev.grad)) and np.all(np.isfinite(ev.hess))
    np.testing.assert_allclose(ev.hess, ev.hess.T, rtol=1e-12, atol=0)
    assert np.linalg.eigvalsh(ev.hess).min() >= -1e-12 * max(1.0, np.abs(ev.hess).max())
    # reference, written the plain way (np.logaddexp, stable sigmoid from np.where)
    with np.errstate(under="ignore"):
        z = X @ theta[1:] + theta[0]
        ell = np.logaddexp(0.0, z) - y * z
        p = np.where(
            z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z)))
        )
    w = np.ones(n) if s is None else s
    A = np.column_stack([np.ones(n), X])
    ref_obj = np.mean(w * ell) + 0.5 * l2 * float(theta[1:] @ theta[1:])
    ref_grad = A.T @ (w * (p - y)) / n + l2 * np.r_[0.0, theta[1:]]
    tol_abs = 1e-13 * max(1.0, float(np.abs(z).max(initial=0.0)))
    assert ev.objective == pytest.approx(ref_obj, rel=1e-10, abs=tol_abs)
    assert ev.loss == pytest.approx(float(np.mean(ell)), rel=1e-10, abs=tol_abs)
    grad_scale = float((np.abs(A).T @ w).max()) / n
    np.testing.assert_allclose(ev.grad, ref_grad, rtol=1e-9, atol=1e-13 * grad_scale)
    ref_hess = (A.T * (w * p * (1 - p))) @ A / n + l2 * np.diag(np.r_[0.0, np.ones(d)])
    hess_scale = float((np.abs(A.T) ** 2 @ w).max()) / n + l2
    np.testing.assert_allclose(ev.hess, ref_hess, rtol=1e-9, atol=1e-13 * hess_scale)
    loss, err = outcome(obj.mean_loss, theta)
    assert err is None and loss == pytest.approx(ev.loss, rel=1e-12, abs=tol_abs)


@FAST
@given(bad=st.sampled_from([math.nan, math.inf, -math.inf]), where=st.integers(0, 2))
def test_objective_rejects_nonfinite_theta(bad: float, where: int) -> None:
    obj = Objective(add_intercept_row(np.array([[1.0, 2.0], [3.0, -1.0]])), np.array([0.0, 1.0]))
    theta = np.zeros(3)
    theta[where] = bad
    _, err = outcome(obj.evaluate, theta)
    assert_error_mentions(err, "theta")
    _, err = outcome(obj.evaluate, np.zeros(4))
    assert_error_mentions(err, "shape")


def test_objective_overflow_is_quiet_and_reported_as_non_finite() -> None:
    obj = Objective(add_intercept_row(np.array([[1e100], [-1e100]])), np.array([0.0, 1.0]))
    ev, err = outcome(obj.evaluate, np.array([0.0, 1e300]), hess=True)
    assert err is None and ev.objective == math.inf


# ------------------------------------------------------------------ LogisticRegression

SOLVER_SETTINGS = {
    "newton": {"solver": "newton", "max_iter": 30},
    "gd": {"solver": "gd", "max_iter": 30, "learning_rate": 0.5},
    "sgd": {"solver": "sgd", "max_iter": 3, "batch_size": 2, "random_state": 0},
    "momentum": {"solver": "momentum", "max_iter": 30, "learning_rate": 0.1},
    "adam": {"solver": "adam", "max_iter": 30, "learning_rate": 0.1},
}


@settings(FAST, max_examples=80)
@given(
    X=feature_matrices(min_rows=0, max_rows=10),
    data=st.data(),
    solver=st.sampled_from(sorted(SOLVER_SETTINGS)),
    penalty=st.sampled_from(["l2", "none", "l1"]),
)
def test_fit_and_predict_give_clear_errors_or_finite_probabilities(
    X: np.ndarray, data: st.DataObject, solver: str, penalty: str
) -> None:
    if solver == "newton" and penalty == "l1":
        penalty = "l2"
    n = X.shape[0]
    y = data.draw(labels_for(n))
    model = LogisticRegression(penalty=penalty, alpha=0.01, **SOLVER_SETTINGS[solver])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Convergence/DivergenceWarning are fine
        fitted, err = outcome(model.fit, X, y)
    bad = defects(X)
    classes = np.unique(y) if n else np.array([])
    event("fitted" if err is None else str(err)[:40])
    if bad["empty"] or bad["no_cols"]:
        assert_error_mentions(err, "no rows", "no feature columns")
        return
    if bad["nonfinite"]:
        assert_error_mentions(err, NONFINITE)
        return
    if bad["too_large"]:
        assert_error_mentions(err, TOO_LARGE)
        return
    if len(classes) != 2:
        assert_error_mentions(err, "2 classes")
        return
    assert err is None, f"unexpected error: {err}"
    assert np.all(np.isfinite(fitted.coef_)) and np.all(np.isfinite(fitted.intercept_))
    assert set(fitted.classes_.tolist()) == set(classes.tolist())
    proba, err = outcome(fitted.predict_proba, X)
    assert err is None
    assert proba.shape == (n, 2) and np.all(np.isfinite(proba))
    assert np.all((proba >= 0) & (proba <= 1))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    pred, err = outcome(fitted.predict, X)
    assert err is None and set(pred.tolist()) <= set(classes.tolist())
    hist = fitted.history_
    assert np.all(np.isfinite(hist.objective)) and np.all(np.isfinite(hist.grad_norm))
    # new data with defects: a clear error
    X_new = X.copy()
    X_new[0, 0] = data.draw(st.sampled_from([math.nan, math.inf, 1e300]))
    _, err = outcome(fitted.predict_proba, X_new)
    assert_error_mentions(err, NONFINITE, TOO_LARGE)
    _, err = outcome(fitted.predict_proba, np.zeros((2, X.shape[1] + 1)))
    assert_error_mentions(err, "feature")


@FAST
@given(
    scale=st.sampled_from([1e-300, 1e-100, 1.0, 1e50, 1e99]),
    solver=st.sampled_from(sorted(SOLVER_SETTINGS)),
    separable=st.booleans(),
)
def test_extreme_but_usable_scales_fit_quietly(scale: float, solver: str, separable: bool) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 2))
    y = (X[:, 0] > 0).astype(int) if separable else rng.integers(0, 2, 12)
    y[:2] = [0, 1]
    model = LogisticRegression(penalty="none", **SOLVER_SETTINGS[solver])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fitted, err = outcome(model.fit, X * scale, y)
    assert err is None
    proba, err = outcome(fitted.predict_proba, X * scale)
    assert err is None and np.all(np.isfinite(proba))


# --------------------------------------------------------------------------- FeatureMap


@FAST
@given(
    X=feature_matrices(min_rows=0, max_rows=8, max_cols=3),
    degree=st.integers(1, 6),
    standardize=st.booleans(),
)
def test_feature_map_gives_clear_errors_or_finite_features(
    X: np.ndarray, degree: int, standardize: bool
) -> None:
    fmap = FeatureMap(degree, standardize=standardize)
    Phi, err = outcome(fmap.fit_transform, X)
    bad = defects(X)
    if bad["no_cols"]:
        assert_error_mentions(err, "no columns")
        return
    if bad["empty"]:  # nothing to learn from: a clear error, or (without scaling) no rows out
        if err is not None or standardize:
            assert_error_mentions(err, "no rows", "empty")
        else:
            assert Phi.shape == (0, math.comb(X.shape[1] + degree, degree) - 1)
        return
    if bad["nonfinite"]:
        assert_error_mentions(err, NONFINITE)
        return
    if err is not None:  # values so large that the monomials would overflow
        assert_error_mentions(err, TOO_LARGE)
        assert degree * math.log10(float(np.abs(X).max())) > 100 - 1e-9
        return
    n, d = X.shape
    assert Phi.shape == (n, math.comb(d + degree, degree) - 1)
    assert np.all(np.isfinite(Phi))
    again, err = outcome(fmap.transform, X)
    assert err is None
    np.testing.assert_array_equal(Phi, again)
    if standardize:
        assert np.all(np.abs(Phi.mean(axis=0)) <= 1e-6 * max(1.0, np.abs(Phi).max()))


# ------------------------------------------------------------------------------ metrics


@FAST
@given(data=st.data(), n=st.integers(0, 12))
def test_metrics_give_clear_errors_or_finite_values(data: st.DataObject, n: int) -> None:
    y_true = data.draw(
        st.one_of(
            arrays(np.int64, (n,), elements=st.integers(0, 1)),
            arrays(np.float64, (n,), elements=st.sampled_from([0.0, 1.0, math.nan, 2.0])),
            arrays(np.bool_, (n,)),
        )
    )
    y_prob = data.draw(
        arrays(
            np.float64,
            (n,),
            elements=st.one_of(
                st.floats(0, 1), st.sampled_from([0.0, 1.0, 5e-324, 1 - 1e-16, math.nan, -0.5, 1.5])
            ),
        )
    )
    y_score = data.draw(arrays(np.float64, (n,), elements=special_or_small))
    weights = data.draw(
        st.one_of(
            st.none(),
            arrays(
                np.float64,
                (n,),
                elements=st.one_of(
                    st.floats(0, 10), st.sampled_from([0.0, 1e-300, 1e300, math.nan, -1.0])
                ),
            ),
        )
    )
    y_pred = (np.nan_to_num(y_prob) >= 0.5).astype(int)
    labels_ok = n > 0 and bool(np.isin(y_true, [0, 1]).all())
    probs_ok = bool(np.all((y_prob >= 0) & (y_prob <= 1)))
    scores_ok = bool(np.isfinite(y_score).all())
    with np.errstate(all="ignore"):
        w_ok = weights is None or bool(
            np.isfinite(weights).all() and (weights >= 0).all() and np.isfinite(weights.sum())
        )
    single_class = labels_ok and len(np.unique(y_true)) == 1
    calls: list[tuple[str, Callable[[], Any], bool]] = [
        ("accuracy", lambda: metrics.accuracy(y_true, y_pred, weights), labels_ok and w_ok),
        ("precision", lambda: metrics.precision(y_true, y_pred, weights), labels_ok and w_ok),
        ("recall", lambda: metrics.recall(y_true, y_pred, weights), labels_ok and w_ok),
        ("f1", lambda: metrics.f1(y_true, y_pred, weights), labels_ok and w_ok),
        (
            "log_loss",
            lambda: metrics.log_loss(y_true, y_prob, sample_weight=weights),
            labels_ok and probs_ok and w_ok,
        ),
        (
            "confusion",
            lambda: metrics.confusion_matrix(y_true, y_score, 0.5, weights),
            labels_ok and scores_ok and w_ok,
        ),
        (
            "roc_auc",
            lambda: metrics.roc_auc(y_true, y_score, weights),
            labels_ok and scores_ok and w_ok,
        ),
        (
            "average_precision",
            lambda: metrics.average_precision(y_true, y_score, weights),
            labels_ok and scores_ok and w_ok,
        ),
        (
            "calibration",
            lambda: metrics.calibration_curve(y_true, y_prob, 5),
            labels_ok and probs_ok,
        ),
        (
            "report",
            lambda: metrics.classification_report(y_true, y_prob, 0.5, weights),
            labels_ok and probs_ok and w_ok,
        ),
    ]
    for name, call, valid in calls:
        result, err = outcome(call, under="ignore")
        if not valid:
            assert err is not None, f"{name} accepted invalid input"
            continue
        if err is not None:  # e.g. all weights zero: a documented clear error
            assert re.search(r"weight", str(err)), f"{name}: {err}"
            continue
        if name == "report":
            values = [v for k, v in result.items() if not (k == "auc" and v is None)]
            assert (result["auc"] is None) == (single_class or result["auc"] is None)
        elif name == "roc_auc":
            assert math.isnan(result) == single_class or (
                weights is not None and math.isnan(result)
            )
            values = [] if math.isnan(result) else [result]
        elif name == "calibration":
            values = [v for arr in result for v in np.ravel(arr)]
        else:
            values = list(np.ravel(result))
        assert all(math.isfinite(float(v)) for v in values), f"{name} gave {result!r}"


# ------------------------------------------------------------------ datasets and split


@FAST
@given(
    kind=st.sampled_from(["blobs", "moons", "circles", "xor", "spirals", "nope"]),
    n_samples=st.one_of(st.integers(-2, 60), st.sampled_from([10**9, 3.5, True])),
    noise=st.one_of(st.floats(0, 3), st.sampled_from([math.nan, math.inf, -1.0, 1e300, 1e-300])),
    balance=st.one_of(st.floats(0, 1), st.sampled_from([math.nan, 0.0, 1.0, 0.01])),
    seed=st.one_of(st.integers(0, 2**32), st.sampled_from([-1, None])),
)
def test_make_dataset_gives_clear_errors_or_finite_data(
    kind: str, n_samples: Any, noise: float, balance: float, seed: Any
) -> None:
    result, err = outcome(make_dataset, kind, n_samples, noise, balance=balance, random_state=seed)
    if err is not None:
        assert re.search(r"kind|n_samples|noise|balance|class|random_state|seed", str(err)), err
        return
    X, y = result
    assert X.shape == (n_samples, 2) and y.shape == (n_samples,)
    assert np.all(np.isfinite(X)) and set(np.unique(y).tolist()) == {0, 1}
    assert int(y.sum()) == round(n_samples * balance)


@FAST
@given(
    X=feature_matrices(min_rows=0, max_rows=12, max_cols=2),
    data=st.data(),
    test_size=st.one_of(st.floats(0, 0.9), st.sampled_from([math.nan, -0.1, 1.0, 0.95, True])),
    stratify=st.booleans(),
)
def test_train_test_split_partitions_rows_or_errors_clearly(
    X: np.ndarray, data: st.DataObject, test_size: float, stratify: bool
) -> None:
    n = X.shape[0]
    y = data.draw(arrays(np.int64, (n,), elements=st.integers(0, 2)))
    ids = np.arange(n)
    result, err = outcome(train_test_split, ids, y, test_size, random_state=0, stratify=stratify)
    if err is not None:
        assert re.search(r"test_size|rows|empty|class|sample", str(err)), err
        return
    i_tr, i_te, y_tr, y_te = result
    assert sorted(np.r_[i_tr, i_te].tolist()) == ids.tolist()  # a partition of the rows
    np.testing.assert_array_equal(y[i_tr], y_tr)
    np.testing.assert_array_equal(y[i_te], y_te)
    assert set(np.unique(y_tr).tolist()) == set(np.unique(y).tolist())  # no class lost
    # the same split applied to the adversarial feature rows keeps them intact
    Xs = train_test_split(X, y, test_size, random_state=0, stratify=stratify)
    np.testing.assert_array_equal(Xs[0], X[i_tr])
    np.testing.assert_array_equal(Xs[1], X[i_te])
