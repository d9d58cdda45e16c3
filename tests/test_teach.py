"""The Learn page's maths (``logreg.teach``) against the engine it explains."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from logreg import teach
from logreg.functional import sigmoid
from logreg.model import LogisticRegression, Trainer
from tests.conftest import make_logistic


def _data(seed: int = 0, n: int = 120):
    """Logistic data with 3 informative columns and one pure-noise column (for L1 zeros)."""
    X, y = make_logistic(seed, n=n, d=3)
    noise = np.random.default_rng(seed + 100).normal(size=(n, 1)) * 0.5
    return np.hstack([X, noise]), y


def _trainer(penalty: str = "l2", steps: int = 7, **kw) -> Trainer:
    X, y = _data()
    params = {
        "solver": "gd",
        "penalty": penalty,
        "alpha": 0.05,
        "learning_rate": 0.5,
        "max_iter": 100,
        "tol": 0.0,
    } | kw
    t = Trainer(LogisticRegression(**params), X, y)
    t.step(steps)
    return t


def _engine_next(t: Trainer) -> Trainer:
    nxt = copy.deepcopy(t)
    assert nxt.step(1) == 1
    return nxt


# --- one worked gradient step ---------------------------------------------------------------


@pytest.mark.parametrize("penalty", ["none", "l2", "l1", "elasticnet"])
def test_worked_step_equals_the_engines_next_gd_step(penalty):
    t = _trainer(penalty)
    ws = teach.worked_step(t)
    nxt = _engine_next(t)
    np.testing.assert_allclose(ws.theta_new, nxt.theta, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ws.theta, t.theta, rtol=0, atol=0)
    assert ws.objective_before == pytest.approx(t.current.objective, abs=1e-12)
    assert ws.objective_after == pytest.approx(nxt.current.objective, abs=1e-12)
    assert ws.loss_after == pytest.approx(nxt.current.loss, abs=1e-12)
    assert ws.lr == 0.5
    assert ws.iteration == t.n_iter


def test_worked_step_l1_soft_threshold_gives_exact_zeros_like_the_engine():
    t = _trainer("l1", alpha=0.2, steps=20)
    ws = teach.worked_step(t)
    nxt = _engine_next(t)
    assert ws.zeroed, "a strong L1 penalty should hold the noise column at exactly 0"
    assert all(ws.theta_new[k] == 0.0 == nxt.theta[k] for k in ws.zeroed)
    assert 0 not in ws.zeroed  # the intercept is never thresholded
    np.testing.assert_allclose(ws.theta_new, nxt.theta, rtol=0, atol=1e-12)
    # theta_new is the soft-threshold of theta_half by lr * l1
    t_ = ws.lr * ws.l1
    expect = np.sign(ws.theta_half[1:]) * np.maximum(np.abs(ws.theta_half[1:]) - t_, 0)
    np.testing.assert_array_equal(ws.theta_new[1:], expect)


def test_worked_step_with_class_weights_and_lr_decay_at_a_chosen_iteration():
    X, y = _data(n=90)
    y = np.where(np.arange(90) < 70, 0, y)  # unbalanced
    model = LogisticRegression(
        solver="gd",
        penalty="l2",
        alpha=0.01,
        learning_rate=1.0,
        lr_decay=0.3,
        max_iter=50,
        tol=0.0,
        class_weight="balanced",
    )
    t = Trainer(model, X, y)
    t.step(12)
    k = 5
    ws = teach.worked_step(t, t.history.params_at(k), iteration=k)
    again = Trainer(model, X, y)
    again.step(k)
    nxt = _engine_next(again)
    assert ws.lr == pytest.approx(1.0 / (1 + 0.3 * k))
    np.testing.assert_allclose(ws.theta_new, nxt.theta, rtol=0, atol=1e-12)
    assert ws.objective_after == pytest.approx(nxt.current.objective, abs=1e-12)


def test_gradient_components_sum_and_match_the_engine_and_a_loop_over_points():
    t = _trainer("l2", alpha=0.3)
    ws = teach.worked_step(t, feature_names=["a", "b", "c", "noise"])
    np.testing.assert_array_equal(ws.grad, ws.grad_data + ws.grad_penalty)
    assert ws.grad_penalty[0] == 0.0  # the intercept is not penalized
    np.testing.assert_allclose(ws.grad_penalty[1:], 0.3 * t.theta[1:], rtol=1e-15)
    np.testing.assert_allclose(ws.grad, t.current.grad, rtol=0, atol=1e-13)
    assert ws.grad_data[0] == pytest.approx(ws.mean_error, abs=1e-15)
    # (1/n) Σ_i (p_i − y_i) x̃_i, one point at a time
    X, y = _data()
    total = np.zeros(X.shape[1] + 1)
    for xi, yi in zip(X, y, strict=True):
        xt = np.r_[1.0, xi]
        total += (float(sigmoid(xt @ t.theta)) - yi) * xt
    np.testing.assert_allclose(ws.grad_data, total / len(y), rtol=0, atol=1e-13)
    rows = ws.rows()
    assert [r["parameter"] for r in rows] == [
        "b (intercept)",
        "w1 (a)",
        "w2 (b)",
        "w3 (c)",
        "w4 (noise)",
    ]
    for r, g, new in zip(rows, ws.grad, ws.theta_new, strict=True):
        assert r["data part"] + r["penalty part"] == pytest.approx(r["gradient ∂J"], abs=1e-15)
        assert r["step −η∂J"] == pytest.approx(-0.5 * g)
        assert r["now θ"] + r["step −η∂J"] == pytest.approx(new, abs=1e-15)


def test_step_latex_has_the_numbers_and_only_safe_names():
    t = _trainer("l2")
    names = [r"x1", r"\input{/etc/passwd}", "$evil$", "ok_name"]
    ws = teach.worked_step(t, feature_names=names)
    tex = teach.step_latex(ws, names, max_rows=4)
    assert r"\input" not in tex["gradient"] and "$" not in tex["gradient"]
    assert r"\text{inputetcpasswd}" in tex["gradient"]
    assert teach.tex_number(ws.grad[1]) in tex["gradient"]
    assert teach.tex_number(ws.theta_new[2]) in tex["update"]
    assert r"\text{and 1 more}" in tex["update"]
    assert teach.tex_number(ws.objective_after, 6) in tex["loss"]
    l1 = teach.step_latex(teach.worked_step(_trainer("l1")))
    assert "S_{" in l1["update"]


def test_tex_number():
    assert teach.tex_number(0.5) == "0.5"
    assert teach.tex_number(-0.0) == "0"
    assert teach.tex_number(3.2e-5) == r"3.2\times10^{-5}"
    assert teach.tex_number(math.inf) == r"\infty"
    assert teach.tex_number(math.nan) == r"\text{NaN}"


# --- per-point loss and the worst point ------------------------------------------------------


def test_point_loss_and_worst_point():
    l1, l0 = teach.point_loss(np.array([0.5, 0.01]))
    np.testing.assert_allclose(l1, [math.log(2), -math.log(0.01)])
    np.testing.assert_allclose(l0, [math.log(2), -math.log(0.99)])
    t = _trainer("l2", steps=30)
    wp = teach.worst_point(t)
    X, y = _data()
    p = sigmoid(t.theta[0] + X @ t.theta[1:])
    loss = -np.log(np.where(y == 1, p, 1 - p))
    assert wp.index == int(np.argmax(loss))
    assert wp.loss == pytest.approx(loss.max())
    assert wp.mean_loss == pytest.approx(loss.mean())
    assert wp.p == pytest.approx(p[wp.index])
    assert wp.y == y[wp.index]
    assert wp.share == pytest.approx(loss.max() / loss.sum())
    np.testing.assert_allclose(teach.logits(t), t.theta[0] + X @ t.theta[1:], atol=1e-12)


# --- the loss landscape ----------------------------------------------------------------------


@pytest.mark.parametrize("penalty", ["l2", "l1", "none"])
def test_landscape_at_the_fitted_point_equals_the_objective(penalty):
    t = _trainer(penalty, steps=40)
    th = t.theta
    ranges = ((th[1], th[1] + 1.0), (th[3], th[3] + 2.0))
    gi, gj, J = teach.landscape(t, 1, 3, grid=9, ranges=ranges)
    assert gi[0] == th[1] and gj[0] == th[3] and J.shape == (9, 9)
    assert J[0, 0] == pytest.approx(t.current.objective, abs=1e-12)
    # every grid value is the objective with those two entries replaced
    for a, c in [(4, 7), (8, 0), (3, 3)]:
        theta = th.copy()
        theta[1], theta[3] = gi[c], gj[a]
        assert J[a, c] == pytest.approx(t.objective_.value(theta), abs=1e-12)


def test_landscape_default_range_holds_the_path_and_the_intercept_axis_works():
    t = _trainer("l2", steps=40)
    gi, gj, J = teach.landscape(t, 0, 2, grid=21)
    P = teach.path(t, 0, 2)
    assert gi.min() <= P[:, 0].min() and P[:, 0].max() <= gi.max()
    assert gj.min() <= P[:, 1].min() and P[:, 1].max() <= gj.max()
    assert np.isfinite(J).all() and J.shape == (21, 21)
    with pytest.raises(ValueError, match="two different indices"):
        teach.landscape(t, 2, 2)


def test_landscape_with_many_points_is_chunked_and_agrees():
    X, y = make_logistic(3, n=6000, d=2)
    t = Trainer(LogisticRegression(solver="gd", max_iter=10, tol=0.0), X, y)
    t.step(10)
    gi, gj, J = teach.landscape(t, 1, 2, grid=30)
    theta = t.theta.copy()
    theta[1], theta[2] = gi[17], gj[29]
    assert J[29, 17] == pytest.approx(t.objective_.value(theta), abs=1e-12)


def test_reversals_and_zigzag_pair():
    straight = np.outer(np.arange(10.0), [1.0, 2.0])
    assert teach.reversals(straight) == 0.0
    zig = np.column_stack([np.arange(10.0), (-1.0) ** np.arange(10)])
    assert teach.reversals(zig[:, [1]]) == 1.0
    assert math.isnan(teach.reversals(np.zeros((5, 2))))
    P = np.column_stack(
        [0.1 * np.arange(12.0), 0.01 * np.arange(12.0), 5 * (-1.0) ** np.arange(12)]
    )
    share, i, j = teach.zigzag_pair(P)
    assert share == 1.0 and 2 in (i, j)


# --- conditioning ---------------------------------------------------------------------------


def test_conditioning_much_worse_for_features_of_different_scales():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2)) * [1.0, 1000.0] + [0.0, 500.0]
    c = teach.conditioning(X)
    assert c.cond_raw > 1e4 * c.cond_std
    assert c.cond_std < 3
    np.testing.assert_allclose(c.scales, X.std(axis=0))
    # standardizing makes the condition number independent of the units
    assert teach.conditioning(X / [1.0, 1000.0]).cond_std == pytest.approx(c.cond_std)
    assert c.max_lr_raw == pytest.approx(2 / c.L_raw)


def test_curvature_bound_holds_at_any_theta():
    X, y = _data()
    c = teach.conditioning(X)
    t = Trainer(LogisticRegression(solver="gd", penalty="none"), X, y)
    rng = np.random.default_rng(1)
    for _ in range(5):
        H = t.objective_.hess(rng.normal(size=X.shape[1] + 1) * 3)
        assert np.linalg.eigvalsh(H)[-1] <= c.L_raw * (1 + 1e-12)
    H0 = t.objective_.hess(np.zeros(X.shape[1] + 1))
    assert np.linalg.eigvalsh(H0)[-1] == pytest.approx(c.L_raw)


# --- perfect separation ----------------------------------------------------------------------


def test_separation_detected_on_separable_data():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(40, 2)) - 4, rng.normal(size=(40, 2)) + 4])
    y = np.r_[np.zeros(40), np.ones(40)]
    sep = teach.separation(X, y)
    assert sep.separable and sep.status == "separable"
    z = sep.witness[0] + X @ sep.witness[1:]
    assert np.all((2 * y - 1) * z > 0)
    assert sep.margin > 0 and sep.n_wrong == 0
    losses = np.array(sep.scaled_loss)
    assert np.all(np.diff(losses) < 0) and losses[-1] < 1e-3


def test_separation_not_detected_on_overlapping_data():
    X, y = make_logistic(0, n=300, d=2)
    sep = teach.separation(X, y)
    assert sep.status == "not separable" and not sep.separable
    assert sep.witness is None and sep.n_wrong > 0
    assert np.isfinite(sep.theta_unpenalized).all()


def test_xor_separable_only_with_the_product_feature():
    rng = np.random.default_rng(2)
    X = rng.uniform(0.2, 3, size=(80, 2)) * rng.choice([-1, 1], size=(80, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    assert not teach.separation(X, y).separable
    assert teach.separation(np.column_stack([X, X[:, 0] * X[:, 1]]), y).separable


def test_equation_html_shows_the_model_with_indices_powers_and_escaped_names():
    """The Playground's equation: numbers as the TeX one, names made safe for HTML."""
    from logreg import lab

    w = np.array([1.92, -1.7, 2e-5, 3.0, 0.5, 1.0, 2.0])
    names = ["x1", "x2", "x1²", "x1·x2", "<img src=x onerror=alert(1)>", "a" * 40, "z"]
    out = lab.equation_html(names, w, -0.0405)
    assert out.startswith('<div class="lr-equation"') and out.endswith(")</div>")
    assert "<i>p</i> = &sigma;(&minus;0.0405 + 1.92&thinsp;<i>x</i><sub>1</sub> " in out
    assert "&minus; 1.7&thinsp;<i>x</i><sub>2</sub>" in out  # a negative weight: minus sign
    assert "+ 2&times;10<sup>&minus;5</sup>&thinsp;<i>x</i><sub>1</sub><sup>2</sup>" in out
    assert "+ 3&thinsp;<i>x</i><sub>1</sub>&thinsp;<i>x</i><sub>2</sub>" in out  # a product
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "a" * 29 + "…" in out and "a" * 30 not in out  # long names are cut
    assert "+ &hellip; (1 more))" in out  # six terms shown, the seventh counted
    assert lab.equation_html(["x1"], np.array([0.5]), 0.0, max_terms=6).count("<sub>") == 1


def test_a_step_at_the_optimum_is_settled_and_an_ordinary_step_is_not():
    X, y = _data()
    done = Trainer(LogisticRegression(solver="newton", penalty="l2", alpha=0.05), X, y)
    done.step(50)
    assert done.converged
    assert teach.worked_step(done).settled
    assert not teach.worked_step(_trainer("l2", steps=3)).settled  # the loss still falls
    assert not teach.worked_step(_trainer("l2", steps=3, learning_rate=60.0)).settled
