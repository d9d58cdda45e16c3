"""logreg.inference against statsmodels (the oracle), with fake fitted models.

The fake models carry statsmodels' own estimates, so the comparison isolates the
inference code from any solver.
"""

from __future__ import annotations

import math
import types
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from logreg.errors import DataError, NotFittedError
from logreg.inference import COLUMNS, coef_table, normal_quantile, summary_text


def fake_model(params, classes=(0, 1), penalty="none", alpha=0.0, l1_ratio=None, cw=None):
    params = np.asarray(params, dtype=float)
    return types.SimpleNamespace(
        coef_=params[1:][None, :],
        intercept_=params[:1],
        classes_=np.asarray(classes),
        penalty=penalty,
        alpha=alpha,
        l1_ratio=l1_ratio,
        class_weight=cw,
    )


def make_data(seed: int, d: int, n: int = 250, pos_shift: float = 0.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d)
    beta = rng.normal(size=d) * 0.7
    eta = (X - X.mean(0)) @ beta + pos_shift
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-eta))).astype(int)
    return X, y


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_matches_statsmodels_logit(seed, d):
    X, y = make_data(seed, d, pos_shift=0.8 * (seed - 1.5))
    res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    table = coef_table(fake_model(res.params), X, y)

    assert list(table.columns) == COLUMNS
    assert list(table.index) == ["intercept"] + [f"x{j + 1}" for j in range(d)]
    np.testing.assert_allclose(table["coef"], res.params, rtol=1e-12)
    np.testing.assert_allclose(table["std_err"], res.bse, rtol=1e-8)
    np.testing.assert_allclose(table["z"], res.tvalues, rtol=1e-8)
    np.testing.assert_allclose(table["p_value"], res.pvalues, rtol=1e-6, atol=1e-12)
    ci = res.conf_int()
    np.testing.assert_allclose(table["ci_low"], ci[:, 0], rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(table["ci_high"], ci[:, 1], rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(table["odds_ratio"], np.exp(res.params), rtol=1e-12)
    np.testing.assert_allclose(table["or_low"], np.exp(ci[:, 0]), rtol=1e-8)
    np.testing.assert_allclose(table["or_high"], np.exp(ci[:, 1]), rtol=1e-8)
    assert "note" not in table.attrs
    assert table.attrs["positive_class"] == 1


@pytest.mark.parametrize("level", [0.8, 0.9, 0.99])
def test_other_levels_match_statsmodels(level):
    X, y = make_data(5, 2)
    res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    table = coef_table(fake_model(res.params), X, y, level=level)
    ci = res.conf_int(alpha=1 - level)
    np.testing.assert_allclose(table[["ci_low", "ci_high"]].to_numpy(), ci, rtol=1e-8)
    assert table.attrs["level"] == level


def test_string_labels_dataframe_names_and_explicit_names():
    X, y = make_data(11, 2)
    res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    labels = np.where(y == 1, "yes", "no")
    model = fake_model(res.params, classes=("no", "yes"))
    df = pd.DataFrame(X, columns=["age", "income"])
    table = coef_table(model, df, labels)
    assert list(table.index) == ["intercept", "age", "income"]
    np.testing.assert_allclose(table["std_err"], res.bse, rtol=1e-8)
    assert table.attrs["positive_class"] == "yes"
    named = coef_table(model, X, labels, feature_names=["a", "b"])
    assert list(named.index) == ["intercept", "a", "b"]
    # reversed positive class: same data seen from the other side
    flipped = fake_model(-res.params, classes=("yes", "no"))
    np.testing.assert_allclose(coef_table(flipped, X, labels)["std_err"], res.bse, rtol=1e-8)


def test_normal_quantile_matches_statistics():
    nd = NormalDist()
    rng = np.random.default_rng(0)
    ps = np.concatenate(
        [
            rng.random(5000),
            10.0 ** -rng.uniform(0, 250, 1000),
            1.0 - 10.0 ** -rng.uniform(0, 15, 1000),
            [0.5, 0.025, 0.975, 0.02425, 1 - 0.02425, 1e-300],
        ]
    )
    for p in ps:
        if 0.0 < p < 1.0:
            assert normal_quantile(p) == pytest.approx(nd.inv_cdf(p), rel=1e-12, abs=1e-12)
    assert normal_quantile(0.975) == pytest.approx(1.959963984540054, abs=1e-15)
    for bad in (0.0, 1.0, -0.1, math.nan):
        with pytest.raises(ValueError):
            normal_quantile(bad)


def test_separated_data_raises_clear_message():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 1))
    y = (x[:, 0] > 0).astype(int)
    # a large-coefficient unpenalized fit, like a solver running off to infinity
    with pytest.raises(ValueError, match="(?i)perfectly separated.*add L2 regularization"):
        coef_table(fake_model([0.0, 40.0]), x, y)
    # quasi-separation: one point on the boundary, all curvature elsewhere underflows
    xq = np.array([[-3.0], [-2.0], [-1.0], [0.0], [1.0], [2.0], [3.0]])
    yq = np.array([0, 0, 0, 1, 1, 1, 1])
    with pytest.raises(ValueError, match="perfectly separated"):
        coef_table(fake_model([0.0, 2000.0]), xq, yq)


def test_separated_data_is_fine_with_l2():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 1))
    y = (x[:, 0] > 0).astype(int)
    alpha = 0.05
    sk = SkLogisticRegression(C=1.0 / (len(y) * alpha), tol=1e-12, max_iter=10_000).fit(x, y)
    model = fake_model(np.r_[sk.intercept_, sk.coef_.ravel()], penalty="l2", alpha=alpha)
    table = coef_table(model, x, y)
    assert np.isfinite(table.to_numpy()).all()
    assert "regularization" in table.attrs["note"]


def test_collinear_features_raise_clear_message():
    X, y = make_data(2, 1)
    res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    doubled = np.hstack([X, 2.0 * X])
    with pytest.raises(DataError, match="perfectly collinear"):
        coef_table(fake_model([*res.params, 0.0]), doubled, y, feature_names=["a", "b"])
    constant = np.hstack([X, np.full_like(X, 3.0)])
    with pytest.raises(DataError, match="perfectly collinear.*'c' is constant"):
        coef_table(fake_model([*res.params, 0.0]), constant, y, feature_names=["a", "c"])
    zeros = np.hstack([X, np.zeros_like(X)])
    with pytest.raises(ValueError, match="perfectly collinear.*'z' is always 0"):
        coef_table(fake_model([*res.params, 0.0]), zeros, y, feature_names=["a", "z"])


@pytest.mark.parametrize(("penalty", "l1_ratio"), [("l1", None), ("elasticnet", 0.5)])
def test_l1_and_elasticnet_refuse(penalty, l1_ratio):
    X, y = make_data(0, 2)
    model = fake_model([0.1, 0.2, 0.3], penalty=penalty, alpha=0.1, l1_ratio=l1_ratio)
    with pytest.raises(ValueError, match="not defined for L1 / elastic-net.*without L1"):
        coef_table(model, X, y)
    # with alpha = 0 the penalty is inactive: the ordinary table is returned
    res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    plain = fake_model(res.params, penalty=penalty, alpha=0.0, l1_ratio=l1_ratio)
    np.testing.assert_allclose(coef_table(plain, X, y)["std_err"], res.bse, rtol=1e-8)


@pytest.mark.parametrize("seed", [0, 1])
def test_l2_uses_penalized_information_and_notes_it(seed):
    X, y = make_data(seed, 3)
    n = len(y)
    alpha = 0.02
    sk = SkLogisticRegression(C=1.0 / (n * alpha), tol=1e-12, max_iter=10_000).fit(X, y)
    params = np.r_[sk.intercept_, sk.coef_.ravel()]
    table = coef_table(fake_model(params, penalty="l2", alpha=alpha), X, y)

    X1 = np.column_stack([np.ones(n), X])
    p = 1.0 / (1.0 + np.exp(-X1 @ params))
    info = X1.T @ (X1 * (p * (1 - p))[:, None]) + n * alpha * np.diag([0.0, 1.0, 1.0, 1.0])
    se = np.sqrt(np.diag(np.linalg.inv(info)))
    np.testing.assert_allclose(table["std_err"], se, rtol=1e-10)
    unpenalized_info = X1.T @ (X1 * (p * (1 - p))[:, None])
    assert (
        table["std_err"].to_numpy()[1:] < np.sqrt(np.diag(np.linalg.inv(unpenalized_info)))[1:]
    ).all()
    note = table.attrs["note"]
    assert "L2 regularization" in note and "approximate" in note and "toward zero" in note
    # elastic-net with l1_ratio = 0 is pure L2
    enet = fake_model(params, penalty="elasticnet", alpha=alpha, l1_ratio=0.0)
    np.testing.assert_allclose(coef_table(enet, X, y)["std_err"], se, rtol=1e-10)


def test_balanced_class_weight_uses_weighted_information():
    X, y = make_data(4, 2, n=300, pos_shift=-1.5)
    n, n1 = len(y), y.sum()
    s = np.where(y == 1, n / (2 * n1), n / (2 * (n - n1)))
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial(), freq_weights=s).fit(
        tol=1e-14
    )
    table = coef_table(fake_model(glm.params, cw="balanced"), X, y)
    np.testing.assert_allclose(table["coef"], glm.params, rtol=1e-12)
    np.testing.assert_allclose(table["std_err"], glm.bse, rtol=1e-7)
    np.testing.assert_allclose(table["p_value"], glm.pvalues, rtol=1e-6, atol=1e-12)
    assert "Class weights" in table.attrs["note"]


def test_bad_inputs():
    X, y = make_data(0, 2)
    unfitted = types.SimpleNamespace(coef_=None, intercept_=None, classes_=None)
    with pytest.raises(NotFittedError):
        coef_table(unfitted, X, y)
    model = fake_model([0.0, 0.1, 0.2])
    with pytest.raises(DataError, match="'intercept'"):
        coef_table(model, X, y, feature_names=["intercept", "b"])
    with pytest.raises(ValueError, match="coefficient"):
        coef_table(model, X[:, :1], y)
    with pytest.raises(ValueError, match="lengths differ"):
        coef_table(model, X, y[:-1])
    with pytest.raises(DataError, match="only one class"):
        coef_table(model, X, np.zeros_like(y))


def _row(coef, se, level=0.95):
    q = normal_quantile(0.5 + level / 2)
    z = coef / se
    lo, hi = coef - q * se, coef + q * se
    return {
        "coef": coef,
        "std_err": se,
        "z": z,
        "p_value": math.erfc(abs(z) / math.sqrt(2)),
        "ci_low": lo,
        "ci_high": hi,
        "odds_ratio": math.exp(coef),
        "or_low": math.exp(lo),
        "or_high": math.exp(hi),
    }


def test_summary_text_known_case():
    rows = {
        "intercept": _row(-0.5, 0.2),
        "x1": _row(math.log(2.31), 0.125),
        "dose": _row(-0.40, 0.185),  # p ≈ 0.031
        "noise": _row(0.05, 0.2),  # p ≈ 0.80
        "mild": _row(0.30, 0.11),  # p ≈ 0.0064
        "weak": _row(0.30, 0.17),  # p ≈ 0.078
    }
    table = pd.DataFrame.from_dict(rows, orient="index")[COLUMNS]
    table.attrs.update(level=0.95, positive_class="yes")
    lines = summary_text(table)
    assert len(lines) == len(table)
    assert lines[0] == (
        "When every feature equals 0, the predicted probability of class 'yes' is 0.38 "
        "(95% CI 0.29–0.47), i.e. odds of 0.61."
    )
    assert lines[1] == (
        "Each unit increase in x1 multiplies the odds of class 'yes' by 2.31 "
        "(95% CI 1.81–2.95); p < 0.001, strong evidence of an effect."
    )
    assert lines[2].startswith(
        "Each unit increase in dose multiplies the odds of class 'yes' by 0.67"
    )
    assert lines[2].endswith("p = 0.031, moderate evidence of an effect.")
    assert lines[3].endswith("p = 0.80, little or no evidence of an effect.")
    assert lines[4].endswith("p = 0.006, strong evidence of an effect.")
    assert lines[5].endswith("p = 0.078, weak evidence of an effect.")


def test_summary_text_from_coef_table():
    X, y = make_data(1, 2)
    res = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    table = coef_table(fake_model(res.params, classes=("no", "yes")), X, np.where(y, "yes", "no"))
    lines = summary_text(table)
    assert len(lines) == 3
    assert lines[0].startswith("When every feature equals 0")
    assert all("class 'yes'" in line for line in lines)
    assert lines[1].startswith("Each unit increase in x1 multiplies the odds")
    table.attrs.clear()
    assert "the positive class" in summary_text(table)[1]
