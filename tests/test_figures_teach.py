"""Tests of the figure builders added for the Learn page (no streamlit, no browser)."""

from __future__ import annotations

import numpy as np
import pytest

from logreg import figures as F


def _scores(n: int = 60, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.5).astype(int)
    z = rng.normal(size=n) + np.where(y == 1, 1.5, -1.5)
    return z, y


def test_logit_figure_curve_points_and_marker():
    z, y = _scores()
    fig = F.logit_figure(z, y, class_names=("no", "yes"), z_point=1.0)
    curve, c0, c1, mark = fig.data
    assert curve.name == "σ(z)"
    np.testing.assert_allclose(curve.y, 1 / (1 + np.exp(-np.asarray(curve.x, float))), atol=1e-6)
    assert len(c0.x) == (y == 0).sum() and len(c1.x) == (y == 1).sum()
    np.testing.assert_allclose(np.sort(c1.x), np.sort(z[y == 1]), rtol=1e-6)
    # class 1 drawn near 1, class 0 near 0 (jitter at most 0.05)
    assert np.all(np.abs(np.asarray(c1.y) - 1) <= 0.05 + 1e-6)
    assert np.all(np.abs(np.asarray(c0.y)) <= 0.05 + 1e-6)
    np.testing.assert_allclose(c1.customdata, 1 / (1 + np.exp(-np.asarray(c1.x, float))), 1e-5)
    wrong1 = int(((z <= 0) & (y == 1)).sum())
    assert c1.name == f"class yes ({wrong1} on the wrong side)"
    assert c0.marker.symbol != c1.marker.symbol
    assert mark.name == "your z" and mark.x == (1.0,)
    assert mark.y[0] == pytest.approx(1 / (1 + np.exp(-1.0)))
    assert fig.layout.shapes[0].x0 == 0.0  # the boundary z = 0
    reach = max(6.0, 1.05 * np.abs(z).max())
    assert list(fig.layout.xaxis.range) == pytest.approx([-reach, reach])


def test_logit_figure_range_follows_large_scores_and_jitter_is_seeded():
    z, y = _scores()
    big = F.logit_figure(40 * z, y)
    assert big.layout.xaxis.range[1] >= 40 * np.abs(z).max()
    assert len(big.data) == 3  # no marker without z_point
    again = F.logit_figure(40 * z, y)
    np.testing.assert_array_equal(big.data[1].y, again.data[1].y)


def test_logit_figure_escapes_names_subsamples_and_validates():
    z, y = _scores(n=500)
    fig = F.logit_figure(z, y, class_names=("<b>a</b>", "b&c"), max_points=100, height=300)
    assert "<b>" not in fig.data[1].name and "&lt;b&gt;" in fig.data[1].name
    assert sum(len(t.x) for t in fig.data[1:3]) == 100
    assert "showing 100 of 500" in fig.layout.annotations[0].text
    assert fig.layout.height == 300
    with pytest.raises(ValueError):
        F.logit_figure(z, y[:-1])
    with pytest.raises(ValueError):
        F.logit_figure(z, y + 1)
