"""Shared fixtures: small data sets made by the tests themselves."""

from __future__ import annotations

import copy
import json

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import settings

from logreg import figures

# Every figure a test builds (directly or through a page under AppTest) is checked against
# Plotly's schema; the app skips that check (see figures.VALIDATE).
figures.VALIDATE = True


@pytest.fixture(autouse=True)
def _figures_are_the_same_unvalidated(monkeypatch):
    """Every figure a test builds is also built the app's way (unvalidated): both must give
    the same JSON, so skipping validation in the app changes nothing a person sees."""
    real = figures._figure

    def both(data, layout):
        if not figures.VALIDATE:
            return real(data, layout)
        fast = go.Figure(data=copy.deepcopy(data), layout=copy.deepcopy(layout), _validate=False)
        fig = real(data, layout)
        a, b = json.loads(fast.to_json()), json.loads(fig.to_json())
        assert a == b, f"unvalidated figure differs: {_first_difference(a, b)}"
        return fig

    monkeypatch.setattr(figures, "_figure", both)


def _first_difference(a, b, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}/{k}: {a.get(k, '<missing>')!r:.80} vs {b.get(k, '<missing>')!r:.80}"
            if a[k] != b[k]:
                return _first_difference(a[k], b[k], f"{path}/{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {a!r:.80} vs {b!r:.80}"


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
