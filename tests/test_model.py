"""LogisticRegression against scikit-learn on data the tests make."""

import math
import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogReg

from logreg import (
    ConvergenceWarning,
    DivergenceWarning,
    LogisticRegression,
    NotFittedError,
    Trainer,
)
from logreg.model import build_objective, encode_labels
from tests.conftest import make_logistic


def sk_fit(X, y, alpha, l1_ratio=0.0, solver="newton-cholesky", class_weight=None):
    C = np.inf if alpha == 0 else 1.0 / (alpha * len(y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SkLogReg(
            C=C,
            l1_ratio=l1_ratio,
            solver=solver,
            tol=1e-12,
            max_iter=100_000,
            class_weight=class_weight,
        ).fit(X, y)


def objective_at(model_settings, X, y, coef, intercept):
    obj, _ = build_objective(model_settings, X, encode_labels(y, np.unique(y)))
    return obj.value(np.r_[intercept, coef])


@pytest.mark.parametrize("alpha", [1e-3, 0.05])
def test_newton_l2_equals_sklearn_newton_cholesky(seed, alpha):
    X, y = make_logistic(seed, n=400, d=4)
    ours = LogisticRegression(penalty="l2", alpha=alpha, solver="newton", tol=1e-12).fit(X, y)
    ref = sk_fit(X, y, alpha)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-6)
    assert ours.converged_ and ours.coef_.shape == (1, 4) and ours.intercept_.shape == (1,)


def test_newton_without_penalty_equals_sklearn(seed):
    X, y = make_logistic(seed, n=300, d=2)
    ours = LogisticRegression(penalty="none", solver="newton", tol=1e-12).fit(X, y)
    ref = sk_fit(X, y, 0.0)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-6)


@pytest.mark.parametrize(("solver", "lr"), [("gd", 1.0), ("momentum", 0.3), ("adam", 0.05)])
def test_full_batch_first_order_reach_sklearn_objective(seed, solver, lr):
    X, y = make_logistic(seed, n=400, d=3)
    X = (X - X.mean(0)) / X.std(0)
    alpha = 0.01
    ref = sk_fit(X, y, alpha)
    settings = LogisticRegression(penalty="l2", alpha=alpha)
    j_ref = objective_at(settings, X, y, ref.coef_[0], ref.intercept_[0])
    ours = LogisticRegression(
        penalty="l2", alpha=alpha, solver=solver, learning_rate=lr, max_iter=20_000, tol=1e-9
    ).fit(X, y)
    assert ours.converged_
    assert ours.objective(X, y) <= j_ref * (1 + 1e-5)


@pytest.mark.parametrize(("solver", "lr"), [("sgd", 0.5), ("adam", 0.02), ("momentum", 0.05)])
def test_mini_batch_with_decaying_step_reaches_sklearn_objective(solver, lr):
    X, y = make_logistic(3, n=600, d=3)
    X = (X - X.mean(0)) / X.std(0)
    alpha = 0.01
    ref = sk_fit(X, y, alpha)
    settings = LogisticRegression(penalty="l2", alpha=alpha)
    j_ref = objective_at(settings, X, y, ref.coef_[0], ref.intercept_[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = LogisticRegression(
            penalty="l2",
            alpha=alpha,
            solver=solver,
            batch_size=50,
            learning_rate=lr,
            lr_decay=0.05,
            max_iter=300,
            random_state=0,
        ).fit(X, y)
    assert ours.objective(X, y) <= j_ref * (1 + 1e-3)


@pytest.mark.parametrize("penalty", ["l1", "elasticnet"])
def test_l1_and_elastic_net_match_sklearn_saga_objective_and_zeros(seed, penalty):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(300, 6))
    y = (X[:, 0] - 2 * X[:, 1] + 0.5 * rng.logistic(size=300) > 0).astype(int)
    alpha, ratio = 0.05, 0.7
    l1_ratio = 1.0 if penalty == "l1" else ratio
    ref = sk_fit(X, y, alpha, l1_ratio=l1_ratio, solver="saga")
    ours = LogisticRegression(
        penalty=penalty,
        alpha=alpha,
        l1_ratio=ratio,
        solver="gd",
        learning_rate=1.0,
        max_iter=20_000,
        tol=1e-10,
    ).fit(X, y)
    j_ref = objective_at(ours, X, y, ref.coef_[0], ref.intercept_[0])
    assert ours.objective(X, y) <= j_ref + 1e-6
    np.testing.assert_array_equal(ours.coef_[0] == 0, np.abs(ref.coef_[0]) < 1e-8)
    assert (ours.coef_[0] == 0).sum() >= 2  # the noise features are exactly zero


def test_balanced_class_weight_equals_sklearn():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(500, 2))
    y = (X[:, 0] + rng.logistic(size=500) > 2.0).astype(int)  # about 15 % positives
    alpha = 0.01
    ours = LogisticRegression(alpha=alpha, class_weight="balanced", tol=1e-12).fit(X, y)
    ref = sk_fit(X, y, alpha, class_weight="balanced")
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-6)


@pytest.mark.parametrize(
    "labels",
    [(0, 1), (-1, 1), ("no", "yes"), (False, True), (2.5, 7.0)],
    ids=["01", "pm1", "str", "bool", "float"],
)
def test_any_two_labels_are_kept_in_classes(labels):
    X, y01 = make_logistic(0, n=200, d=2)
    y = np.array(labels, dtype=object if isinstance(labels[0], str) else None)[y01]
    m = LogisticRegression().fit(X, y)
    assert list(m.classes_) == sorted(labels)
    ref = LogisticRegression().fit(X, y01)
    np.testing.assert_allclose(m.coef_, ref.coef_)
    assert set(m.predict(X)) <= set(labels)


def test_predict_proba_rows_sum_to_one_and_argmax_is_predict(seed):
    X, y = make_logistic(seed, n=300, d=3)
    m = LogisticRegression(alpha=0.01, tol=1e-10).fit(X, y)
    P = m.predict_proba(X)
    assert P.shape == (300, 2)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    assert np.all((P >= 0) & (P <= 1))
    np.testing.assert_array_equal(m.classes_[P.argmax(axis=1)], m.predict(X))
    assert m.score(X, y) == pytest.approx(np.mean(m.predict(X) == y))
    ref = sk_fit(X, y, 0.01)
    np.testing.assert_allclose(P, ref.predict_proba(X), atol=1e-8)


def test_unfitted_model_raises_clear_error():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        LogisticRegression().predict(np.zeros((2, 2)))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"penalty": "l3"}, "penalty must be one of .* got 'l3'"),
        ({"solver": "lbfgs"}, "solver must be one of .* got 'lbfgs'"),
        ({"alpha": -1.0}, "alpha must be between .* got -1.0"),
        ({"alpha": float("nan")}, "alpha must be a finite number, got nan"),
        ({"l1_ratio": 1.5}, "l1_ratio must be between 0.0 and 1.0, got 1.5"),
        ({"learning_rate": 0.0}, "learning_rate must be greater than 0, got 0.0"),
        ({"max_iter": 2.5}, "max_iter must be a whole number, got 2.5"),
        ({"batch_size": 0}, "batch_size must be at least 1, got 0"),
        ({"class_weight": "auto"}, "class_weight must be None or 'balanced', got 'auto'"),
        ({"solver": "newton", "penalty": "l1"}, "'newton' supports penalty 'none' and 'l2' only"),
    ],
)
def test_invalid_settings_raise_value_error_quoting_the_value(kwargs, match):
    X, y = make_logistic(0, n=50, d=2)
    with pytest.raises(ValueError, match=match):
        LogisticRegression(**kwargs).fit(X, y)


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.array([[1.0, np.nan], [0.0, 1.0]]), [0, 1], "NaN or infinite values in 1 row"),
        (np.zeros((3, 2)), [0, 1], "one label per row of X: X has 3 rows"),
        (np.zeros((3, 2)), [1, 1, 1], "exactly 2 classes, found 1"),
        (np.zeros((3, 2)), [0, 1, 2], "exactly 2 classes, found 3"),
        (np.zeros(3), [0, 1, 0], "must be 2-D"),
        (np.zeros((3, 0)), [0, 1, 0], "no feature columns"),
        ([["a", "b"], ["c", "d"]], [0, 1], "only numbers"),
    ],
)
def test_bad_data_raises_clear_value_error(X, y, match):
    with pytest.raises(ValueError, match=match):
        LogisticRegression().fit(X, y)


def test_predict_with_wrong_number_of_features_says_so():
    X, y = make_logistic(0, n=50, d=2)
    m = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 feature.* fitted with 2"):
        m.predict(np.zeros((1, 3)))


def test_get_and_set_params_round_trip():
    m = LogisticRegression(alpha=0.5, solver="adam")
    params = m.get_params()
    assert params["alpha"] == 0.5 and params["solver"] == "adam"
    m2 = LogisticRegression().set_params(**params)
    assert m2.get_params() == params
    with pytest.raises(ValueError, match="unknown parameter 'C'"):
        m.set_params(C=1.0)
    assert "solver='adam'" in repr(m)


@pytest.mark.parametrize("solver", ["gd", "momentum", "adam", "sgd"])
def test_diverging_run_stops_flags_and_keeps_last_finite_parameters(solver):
    X, y = make_logistic(0, n=200, d=2, scale=10.0)
    with pytest.warns(DivergenceWarning, match="learning rate .* too high"):
        m = LogisticRegression(solver=solver, learning_rate=1e6, max_iter=500).fit(X, y)
    assert m.diverged_ and not m.converged_
    assert np.all(np.isfinite(m.coef_)) and np.isfinite(m.intercept_).all()
    assert m.n_iter_ < 500
    assert np.all(np.isfinite(m.history_.objective))


@pytest.mark.parametrize("solver", ["newton", "gd", "adam"])
def test_separable_data_without_penalty_never_gives_inf_or_nan(solver):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    y = (X[:, 0] > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        m = LogisticRegression(penalty="none", solver=solver, learning_rate=1.0, max_iter=2000)
        with np.errstate(all="raise"):
            m.fit(X, y)
    assert np.all(np.isfinite(m.coef_)) and np.isfinite(m.intercept_[0])
    assert m.score(X, y) == 1.0
    assert np.all(np.isfinite(m.predict_proba(X)))


def test_non_convergence_warns_with_advice():
    X, y = make_logistic(0, n=200, d=2)
    with pytest.warns(ConvergenceWarning, match="Increase the number of iterations"):
        m = LogisticRegression(solver="gd", learning_rate=0.01, max_iter=5).fit(X, y)
    assert m.n_iter_ == 5 and not m.converged_


def test_deterministic_under_random_state():
    X, y = make_logistic(1, n=300, d=2)
    kw = dict(solver="sgd", batch_size=16, learning_rate=0.1, max_iter=20, random_state=42)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = LogisticRegression(**kw).fit(X, y)
        b = LogisticRegression(**kw).fit(X, y)
        c = LogisticRegression(**{**kw, "random_state": 7}).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert not np.array_equal(a.coef_, c.coef_)


def test_trainer_step_by_step_equals_fit_and_records_history():
    X, y = make_logistic(2, n=300, d=2)
    Xte, yte = make_logistic(3, n=100, d=2)
    settings = LogisticRegression(solver="gd", learning_rate=0.5, max_iter=60, tol=0.0)
    t = Trainer(settings, X, y, eval_set=(Xte, yte))
    assert t.step(10) == 10 and t.n_iter == 10 and not t.done
    mid = t.coef
    while not t.done:
        t.step(7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = LogisticRegression(**settings.get_params()).fit(X, y)
    np.testing.assert_array_equal(t.coef, fitted.coef_[0])
    h = t.history
    assert h.objective.shape == (61,) and np.all(np.isfinite(h.test_loss))
    assert np.all(np.diff(h.objective) <= 1e-12)  # gd with a safe step only goes down
    np.testing.assert_array_equal(h.params_at(10)[1:], mid)
    assert h.params.shape[1] == 3
    model = t.finalize()
    assert model.n_iter_ == 60 and model.history_.loss.shape == (61,)


def test_history_stride_bounds_recorded_parameters():
    X, y = make_logistic(0, n=100, d=2)
    t = Trainer(LogisticRegression(solver="gd", max_iter=5000, tol=0.0), X, y)
    t.run()
    h = t.history
    assert len(h.param_iteration) <= 1002
    assert h.param_iteration[-1] == 5000
    assert h.objective.shape == (5001,)


def test_zero_iterations_gives_zero_model_without_warning():
    X, y = make_logistic(0, n=50, d=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = LogisticRegression(solver="gd", max_iter=0).fit(X, y)
    assert m.n_iter_ == 0 and np.all(m.coef_ == 0)
    assert m.history_.loss[0] == pytest.approx(math.log(2))
