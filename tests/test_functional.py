import math
import warnings

import numpy as np
import pytest

from logreg.functional import log1pexp, log_sigmoid, logit, sigmoid

Z = [-1e4, -745.0, -40.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 40.0, 745.0, 1e4]


def ref_sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def ref_log1pexp(z: float) -> float:
    return z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))


@pytest.mark.parametrize("z", Z)
def test_sigmoid_and_log1pexp_match_math_references_at_extremes(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = float(sigmoid(z))
        lp = float(log1pexp(z))
    assert s == pytest.approx(ref_sigmoid(z), rel=1e-15, abs=0)
    assert lp == pytest.approx(ref_log1pexp(z), rel=1e-15, abs=0)
    assert 0.0 <= s <= 1.0 and math.isfinite(lp)


def test_log_sigmoid_finite_where_naive_log_fails():
    z = np.array([-1e4, -800.0, 0.0, 800.0])
    with np.errstate(divide="ignore"):
        naive = np.log(sigmoid(z))
    assert np.isneginf(naive[0])  # the naive formula breaks ...
    out = log_sigmoid(z)
    assert np.all(np.isfinite(out))  # ... the stable one does not
    assert out[0] == pytest.approx(-1e4)
    assert out[2] == pytest.approx(-math.log(2))


def test_logit_inverts_sigmoid():
    z = np.linspace(-20, 20, 41)
    np.testing.assert_allclose(logit(sigmoid(z)), z, atol=1e-7)
