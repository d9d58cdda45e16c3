"""Shared fixtures: small data sets made by the tests themselves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import settings

from logreg import figures

# Every figure a test builds (directly or through a page under AppTest) is checked against
# Plotly's schema; the app skips that check (see figures.VALIDATE).
figures.VALIDATE = True

# Property tests are derandomized: the same examples every run, so CI cannot flip on luck.
settings.register_profile("lab", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("lab")


def make_logistic(seed: int, n: int = 500, d: int = 3, scale: float = 1.0):
    """Data drawn from a true logistic model, standardized-ish features."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * scale
    w = rng.normal(size=d)
    y = (X @ w + 0.3 + rng.logistic(size=n) > 0).astype(int)
    return X, y


@pytest.fixture(params=[0, 1, 2])
def seed(request):
    return request.param
