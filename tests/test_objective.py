import numpy as np
import pytest

from logreg.objective import Objective, add_intercept_row, soft_threshold
from tests.conftest import make_logistic


def make_objective(seed, l2=0.1, l1=0.0, weighted=False):
    X, y = make_logistic(seed, n=200, d=3)
    s = np.random.default_rng(seed).uniform(0.5, 2, size=y.size) if weighted else None
    return Objective(add_intercept_row(X), y.astype(float), s, l2, l1), X, y


def reference_value(theta, X, y, s, l2, l1):
    z = X @ theta[1:] + theta[0]
    ell = np.logaddexp(0, z) - y * z
    s = np.ones_like(ell) if s is None else s
    w = theta[1:]
    return np.mean(s * ell) + 0.5 * l2 * w @ w + l1 * np.abs(w).sum()


@pytest.mark.parametrize("weighted", [False, True])
def test_fused_evaluation_matches_separate_reference(seed, weighted):
    obj, X, y = make_objective(seed, l2=0.3, l1=0.05, weighted=weighted)
    theta = np.random.default_rng(seed).normal(size=4)
    ev = obj.evaluate(theta)
    assert ev.objective == pytest.approx(reference_value(theta, X, y, obj.s, 0.3, 0.05), rel=1e-13)
    np.testing.assert_allclose(ev.grad, obj.grad(theta), rtol=1e-14)
    assert obj.value(theta) == ev.objective
    z = X @ theta[1:] + theta[0]
    assert ev.loss == pytest.approx(np.mean(np.logaddexp(0, z) - y * z), rel=1e-13)


@pytest.mark.parametrize("weighted", [False, True])
def test_gradient_and_hessian_match_finite_differences(seed, weighted):
    obj, _, _ = make_objective(seed, l2=0.2, weighted=weighted)
    theta = np.random.default_rng(seed + 10).normal(size=4)
    h = 1e-6
    eye = np.eye(4)
    fd_grad = np.array(
        [(obj.value(theta + h * e) - obj.value(theta - h * e)) / (2 * h) for e in eye]
    )
    np.testing.assert_allclose(obj.grad(theta), fd_grad, rtol=1e-6, atol=1e-9)
    fd_hess = np.array([obj.grad(theta + h * e) - obj.grad(theta - h * e) for e in eye]) / (2 * h)
    np.testing.assert_allclose(obj.hess(theta), fd_hess, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(obj.hess(theta), obj.hess(theta).T)


def test_intercept_is_never_penalized():
    obj, _, _ = make_objective(0, l2=5.0, l1=3.0)
    theta = np.array([7.0, 0.0, 0.0, 0.0])
    assert obj.penalty(theta) == 0.0
    plain = Objective(obj.Xt, obj.y)
    np.testing.assert_allclose(obj.grad(theta)[0], plain.grad(theta)[0])
    assert obj.hess(theta)[0, 0] == pytest.approx(plain.hess(theta)[0, 0])


def test_batch_gradient_on_full_range_equals_full_gradient():
    obj, _, _ = make_objective(1, l2=0.1, weighted=True)
    theta = np.array([0.1, -0.2, 0.3, 0.4])
    np.testing.assert_allclose(obj.batch_grad(theta, 0, obj.n), obj.grad(theta), rtol=1e-12)


def test_soft_threshold_gives_exact_zeros():
    out = soft_threshold(np.array([-2.0, -0.5, 0.0, 0.3, 1.5]), 0.5)
    np.testing.assert_array_equal(out, [-1.5, 0.0, 0.0, 0.0, 1.0])


def test_loss_is_finite_and_accurate_for_huge_logits():
    Xt = add_intercept_row(np.array([[1.0], [-1.0]]))
    obj = Objective(Xt, np.array([0.0, 1.0]))
    ev = obj.evaluate(np.array([0.0, 1e4]))  # both points wrong with margin 1e4
    assert ev.objective == pytest.approx(1e4, rel=1e-15)
    assert np.all(np.isfinite(ev.grad))
    ev = obj.evaluate(np.array([0.0, -1e4]))  # both right with margin 1e4
    assert ev.objective == 0.0 and np.all(np.isfinite(ev.grad))


@pytest.mark.parametrize("n", [1, 7, 200, 512, 513, 3000])
def test_the_few_calls_path_for_small_data_matches_the_chunked_path_and_the_reference(
    n, monkeypatch
):
    """Up to 512 unweighted samples an evaluation takes a path with fewer numpy calls; it must
    give what the chunked path and a plain reference give, also for huge logits."""
    import logreg.objective as O

    X, y = make_logistic(n, n=n, d=3)
    rng = np.random.default_rng(n)
    thetas = [rng.normal(size=4), np.array([0.5, 800.0, -900.0, 3.0])]

    def build(small_n):
        monkeypatch.setattr(O, "_SMALL_N", small_n)
        obj = Objective(add_intercept_row(X), y.astype(float), None, 0.2, 0.03)
        obj._work()  # the path is chosen when the work arrays are made
        return obj

    fast, chunked = build(512), build(0)
    assert fast._work().small == (n <= 512) and not chunked._work().small
    for theta in thetas:
        a, b, c = fast.evaluate(theta), chunked.evaluate(theta), fast.evaluate_checked(theta)
        ref = reference_value(theta, X, y, None, 0.2, 0.03)
        for ev in (a, b, c):
            assert ev.objective == pytest.approx(ref, rel=1e-12)
            np.testing.assert_allclose(ev.grad, a.grad, rtol=1e-12, atol=1e-15)
        z = X @ theta[1:] + theta[0]
        plain = np.mean(np.logaddexp(0, z) - y * z)
        assert fast.mean_loss(theta) == pytest.approx(plain, rel=1e-12)
        assert chunked.mean_loss(theta) == pytest.approx(plain, rel=1e-12)
        with np.errstate(over="ignore"):
            p = 1 / (1 + np.exp(-z))
        grad = np.r_[np.mean(p - y), X.T @ (p - y) / n] + np.r_[0.0, 0.2 * theta[1:]]
        np.testing.assert_allclose(a.grad, grad, rtol=1e-9, atol=1e-12)
