"""Tests of the Plotly figure builders (no streamlit, no browser)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import numpy as np
import plotly.graph_objects as go
import pytest

from logreg import figures as F


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _blobs(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.5).astype(int)
    X = rng.normal(size=(n, 2)) + np.where(y == 1, 1.0, -1.0)[:, None]
    return X, y


def _grid(n: int = 60):
    xs = np.linspace(-4.0, 4.0, n)
    ys = np.linspace(-3.0, 3.0, n - 10)
    GX, GY = np.meshgrid(xs, ys)
    return xs, ys, _sigmoid(1.5 * GX + 1.0 * GY)


def _by_name(fig: go.Figure) -> dict[str, go.BaseTraceType]:
    return {t.name: t for t in fig.data}


def _points(fig: go.Figure) -> list[go.Scattergl]:
    return [t for t in fig.data if t.name and t.name.startswith("class ")]


@pytest.fixture
def decision():
    X, y = _blobs(400)
    Xtr, Xte, ytr, yte = X[:300], X[300:], y[:300], y[300:]
    xs, ys, P = _grid()
    w = np.array([1.5, 1.0])
    return dict(
        xs=xs,
        ys=ys,
        proba=P,
        X_train=Xtr,
        y_train=ytr,
        X_test=Xte,
        y_test=yte,
        p_train=_sigmoid(Xtr @ w),
        p_test=_sigmoid(Xte @ w),
    )


# --- decision_figure ----------------------------------------------------------------------


def test_decision_heatmap_float32_shape_colorbar(decision):
    fig = F.decision_figure(
        decision["xs"],
        decision["ys"],
        decision["proba"],
        **{k: v for k, v in decision.items() if k not in ("xs", "ys", "proba")},
        class_names=("A", "B"),
    )
    heat = [t for t in fig.data if t.type == "heatmap"]
    assert len(heat) == 1
    h = heat[0]
    assert h.z.dtype == np.float32
    assert h.z.shape == (len(decision["ys"]), len(decision["xs"]))
    assert (h.zmin, h.zmax) == (0.0, 1.0)
    assert h.colorbar.title.text == "P(B)"
    # diverging, light (near white) in the middle
    mid = dict((v, c) for v, c in h.colorscale)[0.5]
    assert all(int(mid[i : i + 2], 16) > 0xE0 for i in (1, 3, 5))
    # only one copy of the grid is sent (iso-lines are line traces, not Contour traces)
    assert sum(t.type in ("heatmap", "contour") for t in fig.data) == 1
    assert '"dtype":"f4"' in fig.to_json()


def test_decision_boundary_at_threshold(decision):
    xs = np.linspace(-3, 3, 81)
    ys = np.linspace(-2, 2, 41)
    P = np.broadcast_to(_sigmoid(2.0 * xs)[None, :], (ys.size, xs.size))
    for t in (0.5, 0.3):
        fig = F.decision_figure(
            xs, ys, P, X_train=decision["X_train"], y_train=decision["y_train"], threshold=t
        )
        b = next(t_ for t_ in fig.data if t_.name.startswith("boundary"))
        assert b.meta["levels"] == [t]
        assert f"{t:.2f}" in b.name
        x = np.asarray(b.x, dtype=float)
        x = x[np.isfinite(x)]
        assert x.size >= ys.size
        # linear interpolation between grid nodes: within one grid step of the true line
        assert np.allclose(x, np.log(t / (1 - t)) / 2.0, atol=xs[1] - xs[0])
        assert b.line.width >= 3


def test_decision_optional_contours(decision):
    fig = F.decision_figure(**decision)
    lines = [t for t in fig.data if t.meta and t.meta["levels"] == [0.1, 0.9]]
    assert len(lines) == 1
    assert lines[0].line.dash == "dash"
    assert np.isfinite(np.asarray(lines[0].x, dtype=float)).sum() > 0
    fig = F.decision_figure(**decision, show_contours=False)
    assert not [t for t in fig.data if t.meta and t.meta["levels"] == [0.1, 0.9]]


def test_decision_legend_symbols_and_split(decision):
    fig = F.decision_figure(**decision, class_names=("cat", "dog"))
    names = _by_name(fig)
    for split in ("train", "test"):
        for c in ("cat", "dog"):
            assert f"class {c} ({split})" in names
    sym = {n: names[n].marker.symbol for n in names if n.startswith("class ")}
    assert sym["class cat (train)"] != sym["class dog (train)"]
    assert sym["class cat (test)"] != sym["class dog (test)"]
    assert sym["class cat (test)"].endswith("-open")
    assert not sym["class cat (train)"].endswith("-open")
    colors = {n: names[n].marker.color for n in sym}
    assert colors["class cat (train)"] == colors["class cat (test)"] == F.CLASS_COLORS[0]
    assert colors["class dog (train)"] == colors["class dog (test)"] == F.CLASS_COLORS[1]
    assert all(t.type == "scatter" for t in _points(fig))  # 400 points: SVG, no WebGL needed
    # every point drawn exactly once, in the right trace
    n_train = sum(len(names[f"class {c} (train)"].x) for c in ("cat", "dog"))
    assert n_train == len(decision["X_train"])
    assert len(names["class dog (test)"].x) == int(decision["y_test"].sum())


def test_decision_hover_customdata_logloss(decision):
    fig = F.decision_figure(**decision)
    t = _by_name(fig)["class 1 (train)"]
    m = decision["y_train"] == 1
    p = decision["p_train"][m]
    assert t.customdata.dtype == np.float32
    assert t.customdata.shape == (m.sum(), 2)
    np.testing.assert_allclose(t.customdata[:, 0], p, rtol=1e-6)
    np.testing.assert_allclose(t.customdata[:, 1], -np.log(p), rtol=1e-5)
    t0 = _by_name(fig)["class 0 (train)"]
    p0 = decision["p_train"][~m]
    np.testing.assert_allclose(t0.customdata[:, 1], -np.log1p(-p0), rtol=1e-5)
    assert "x1" in t.hovertemplate and "x2" in t.hovertemplate
    assert "log-loss" in t.hovertemplate and "customdata[0]" in t.hovertemplate
    assert t.text is None  # no per-point text lists


def test_decision_live_frame_marks_what_changes_and_keeps_the_rest(decision):
    """A live frame tags the surface, iso-lines and rings for the live chart's canvases, and
    drops the per-point p (which changes every frame); everything else is the still figure."""
    still = F.decision_figure(**decision)
    live = F.decision_figure(**decision, live=True)
    assert all("live" not in (t.meta or {}) for t in still.data)
    roles = {t.name: (t.meta or {}).get("live") for t in live.data}
    assert roles["P(1)"] == "surface"
    assert roles["boundary (p = 0.50)"] == roles["p = 0.1 / 0.9"] == "under"
    assert roles["misclassified"] == "over"
    assert {roles[f"class {c} ({s})"] for c in (0, 1) for s in ("train", "test")} == {None}
    assert live.data[2].meta["levels"] == still.data[2].meta["levels"]
    for t_still, t_live in zip(still.data, live.data, strict=True):
        np.testing.assert_array_equal(t_live.x, t_still.x)  # same data, same order
        if (t_live.meta or {}).get("live") is None and t_live.mode == "markers":
            assert t_live.customdata is None and "customdata" not in t_live.hovertemplate
            assert t_still.customdata is not None
    assert live.layout.legend == still.layout.legend


def test_decision_live_traces_are_the_live_figures_own_traces_as_json(decision):
    """The earlier frames of a live rerun send only the live traces, made without a figure:
    the same JSON the live figure's own traces serialize to (numpy arrays as base64)."""
    fig = F.decision_figure(**decision, live=True)
    want = [t for t in json.loads(fig.to_json())["data"] if "live" in (t.get("meta") or {})]
    got = json.loads(json.dumps(F.decision_live_traces(**decision)))
    assert [t["meta"]["live"] for t in got] == ["surface", "under", "under", "over"]
    assert len(got) == len(want)

    def arrays(obj):  # the decoded numbers of every typed array, by path
        if isinstance(obj, dict) and "bdata" in obj:
            a = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            return a.reshape([int(n) for n in str(obj.get("shape", a.size)).split(",")])
        if isinstance(obj, dict):
            return {k: arrays(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [arrays(v) for v in obj]
        return obj

    for g, w in zip(got, want, strict=True):
        g, w = arrays(g), arrays(w)
        assert g.keys() == w.keys()
        for key in g:
            if isinstance(w[key], np.ndarray):
                np.testing.assert_array_equal(np.asarray(g[key], w[key].dtype), w[key])
            else:
                assert g[key] == w[key], key


def test_loss_live_frame_marks_its_curves():
    it = np.arange(50)
    fig = F.loss_figure(it, np.exp(-it / 10), np.exp(-it / 12), live=True)
    assert [t.meta["live"] for t in fig.data] == ["under", "under"]
    assert all(t.meta is None for t in F.loss_figure(it, np.exp(-it / 10)).data)


def test_decision_misclassified_overlay(decision):
    fig = F.decision_figure(**decision)
    over = _by_name(fig)["misclassified"]
    wrong = ((decision["p_train"] >= 0.5) != decision["y_train"]).sum() + (
        (decision["p_test"] >= 0.5) != decision["y_test"]
    ).sum()
    assert wrong > 0
    assert len(over.x) == wrong
    assert over.hoverinfo == "skip"
    fig = F.decision_figure(**decision, show_misclassified=False)
    assert "misclassified" not in _by_name(fig)
    # the threshold moves the predictions
    fig = F.decision_figure(**decision, threshold=0.9)
    wrong9 = ((decision["p_train"] >= 0.9) != decision["y_train"]).sum() + (
        (decision["p_test"] >= 0.9) != decision["y_test"]
    ).sum()
    assert len(_by_name(fig)["misclassified"].x) == wrong9


def test_decision_subsample_annotation_and_overlay():
    X, y = _blobs(20_000, seed=3)
    w = np.array([1.0, 0.7])
    p = _sigmoid(X @ w)
    xs, ys, P = _grid(40)
    kw = dict(X_train=X[:15_000], y_train=y[:15_000], X_test=X[15_000:], y_test=y[15_000:])
    kw.update(p_train=p[:15_000], p_test=p[15_000:])
    fig = F.decision_figure(xs, ys, P, **kw, max_points=5000)
    texts = [a.text for a in fig.layout.annotations]
    assert "showing 5,000 of 20,000 points" in texts
    shown = sum(len(t.x) for t in _points(fig))
    assert shown == 5000
    keep = F.subsample_indices(20_000, 5000, seed=0)
    wrong = ((p >= 0.5).astype(int) != y)[keep].sum()
    assert len(_by_name(fig)["misclassified"].x) == wrong
    # among thousands of points the rings are thin, tight and see-through (not one blob);
    # around a few points they stay bold
    ring = _by_name(fig)["misclassified"].marker
    point = _points(fig)[0].marker
    assert 150 < wrong <= 600  # hundreds of rings: thinner, tighter, a little see-through
    assert ring.size <= point.size + 6 and ring.line.width < 2 and ring.opacity < 1
    noisy = dict(kw, p_train=1 - kw["p_train"])  # most points misclassified
    many = F.decision_figure(xs, ys, P, **noisy, max_points=5000)
    assert len(_by_name(many)["misclassified"].x) > 600
    faint = _by_name(many)["misclassified"].marker
    assert faint.size <= point.size + 3 and faint.line.width <= 1 and faint.opacity < 0.5
    few = F.decision_figure(xs, ys, P, **kw, max_points=200)
    assert len(_by_name(few)["misclassified"].x) <= 150
    bold = _by_name(few)["misclassified"].marker
    assert bold.line.width >= 2 and bold.size >= _points(few)[0].marker.size + 8
    assert bold.opacity in (None, 1)
    # deterministic
    fig2 = F.decision_figure(xs, ys, P, **kw, max_points=5000)
    np.testing.assert_array_equal(fig.data[-2].x, fig2.data[-2].x)
    # below the limit: everything shown, no note
    fig3 = F.decision_figure(xs, ys, P, **kw, max_points=20_000)
    assert sum(len(t.x) for t in _points(fig3)) == 20_000
    assert not any("showing" in (a.text or "") for a in fig3.layout.annotations)


def test_a_small_multiple_has_no_legend_colour_bar_or_note_and_keeps_its_plot_wide():
    X, y = _blobs(20_000, seed=3)
    xs, ys, P = _grid(40)
    kw = dict(X_train=X, y_train=y, max_points=5000, title="Run A", height=380)
    full = F.decision_figure(xs, ys, P, **kw)
    small = F.decision_figure(xs, ys, P, **kw, show_legend=False)
    assert full.layout.showlegend and full.data[0].showscale is not False
    assert full.layout.annotations and full.layout.margin.r >= 90  # room for the colour bar
    assert small.layout.showlegend is False and small.data[0].showscale is False
    assert not small.layout.annotations  # the page says once how many points are drawn
    # a quarter-page chart (~220 px) keeps most of its width for the plot
    assert small.layout.margin.l + small.layout.margin.r <= 90
    assert small.layout.margin.b < full.layout.margin.b  # no legend rows below the axis


def test_subsample_indices():
    idx = F.subsample_indices(1_000_000, 5000)
    assert idx.shape == (5000,)
    assert np.all(np.diff(idx) > 0)
    np.testing.assert_array_equal(idx, F.subsample_indices(1_000_000, 5000))
    np.testing.assert_array_equal(F.subsample_indices(10, 5000), np.arange(10))


def test_decision_empty_state_points_only(decision):
    fig = F.decision_figure(
        None,
        None,
        None,
        X_train=decision["X_train"],
        y_train=decision["y_train"],
        feature_names=("age", "income"),
    )
    assert not [t for t in fig.data if t.type in ("heatmap", "contour")]
    assert not [t for t in fig.data if t.name.startswith("boundary")]
    assert "misclassified" not in _by_name(fig)  # no p: nothing to judge
    assert len(_points(fig)) == 2
    assert fig.layout.xaxis.title.text == "age"
    assert fig.layout.yaxis.title.text == "income"
    lo, hi = fig.layout.xaxis.range
    assert lo < decision["X_train"][:, 0].min() and hi > decision["X_train"][:, 0].max()
    # no data at all: a hint instead of an empty box
    fig = F.decision_figure(None, None, None, X_train=np.empty((0, 2)), y_train=[])
    assert len(fig.layout.annotations) == 1


def test_decision_layout_theme_neutral_and_fixed(decision):
    fig = F.decision_figure(**decision, x_range=(-5, 5), y_range=(-6, 6), title="hello")
    lay = fig.layout
    assert lay.xaxis.range == (-5, 5) and lay.yaxis.range == (-6, 6)
    assert lay.xaxis.autorange is False
    assert lay.uirevision == "decision"
    spec = json.loads(fig.to_json())["layout"]
    tpl = spec["template"]
    assert "data" not in tpl  # not Plotly's 6.5 KB default template
    assert tpl["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert tpl["layout"]["plot_bgcolor"] == "rgba(0,0,0,0)"
    assert "color" not in tpl["layout"].get("font", {})  # text colour left to the theme
    assert len(json.dumps(tpl)) < 600
    # default range = the grid
    fig = F.decision_figure(**decision)
    assert fig.layout.xaxis.range == (decision["xs"][0], decision["xs"][-1])


def test_decision_payload_small():
    X, y = _blobs(2000)
    p = _sigmoid(X @ np.array([1.0, 1.0]))
    xs = np.linspace(-4, 4, 200)
    ys = np.linspace(-4, 4, 200)
    GX, GY = np.meshgrid(xs, ys)
    P = _sigmoid(GX + GY)
    fig = F.decision_figure(
        xs, ys, P, X_train=X[:1500], y_train=y[:1500], X_test=X[1500:], y_test=y[1500:]
    )
    fig2 = F.decision_figure(
        xs,
        ys,
        P,
        X_train=X[:1500],
        y_train=y[:1500],
        X_test=X[1500:],
        y_test=y[1500:],
        p_train=p[:1500],
        p_test=p[1500:],
    )
    assert F.figure_bytes(fig) < 600_000
    assert F.figure_bytes(fig2) < 600_000
    assert F.figure_bytes(fig2) == len(fig2.to_json().encode())


def test_decision_validation(decision):
    with pytest.raises(ValueError, match="shape"):
        F.decision_figure(
            decision["xs"],
            decision["ys"],
            decision["proba"].T,
            X_train=decision["X_train"],
            y_train=decision["y_train"],
        )
    with pytest.raises(ValueError, match="0/1"):
        F.decision_figure(None, None, None, X_train=np.zeros((2, 2)), y_train=[0, 2])
    with pytest.raises(ValueError):
        F.decision_figure(None, None, None, X_train=np.zeros((2, 2)), y_train=[0, 1], p_train=[0.5])


# --- contour_lines --------------------------------------------------------------------------


def test_contour_lines_circle_closed():
    g = np.linspace(-2, 2, 101)
    GX, GY = np.meshgrid(g, g)
    x, y = F.contour_lines(g, g, GX**2 + GY**2, 1.0)
    assert x.dtype == np.float32
    assert np.isfinite(x).all()  # one polyline, no gaps
    assert x[0] == x[-1] and y[0] == y[-1]  # closed
    r = np.hypot(x, y)
    assert np.allclose(r, 1.0, atol=0.01)
    x, y = F.contour_lines(g, g, GX**2 + GY**2, 100.0)
    assert x.size == 0 and y.size == 0


def test_contour_lines_saddle_and_nan():
    g = np.linspace(-1, 1, 21)
    GX, GY = np.meshgrid(g, g)
    z = GX * GY
    z[0, 0] = np.nan
    x, y = F.contour_lines(g, g, z, 0.0)
    assert np.isfinite(x).sum() > 0
    assert np.all(np.abs(np.asarray(x)[np.isfinite(x)] * y[np.isfinite(y)]) < 0.02)


# --- loss curves ----------------------------------------------------------------------------


def test_loss_figure():
    it = np.arange(50)
    tr = np.exp(-it / 10) + 0.2
    fig = F.loss_figure(it, tr, tr + 0.05, current=20, x_max=100, y_max=1.5)
    names = _by_name(fig)
    assert set(names) == {"train", "test"}
    assert names["train"].line.dash in (None, "solid")
    assert names["test"].line.dash == "dash"
    assert names["train"].line.color != names["test"].line.color
    assert fig.layout.xaxis.title.text == "iteration"
    assert fig.layout.yaxis.title.text == "log-loss"
    assert fig.layout.xaxis.range == (0.0, 100.0)
    assert fig.layout.yaxis.range == (0.0, 1.5)
    assert [s.x0 for s in fig.layout.shapes] == [20.0]
    assert fig.layout.uirevision
    fig = F.loss_figure(it, tr, log_y=True, y_max=2.0)
    assert fig.layout.yaxis.type == "log"
    assert len(fig.data) == 1


def test_loss_figure_empty():
    fig = F.loss_figure(np.array([]), np.array([]), np.array([]))
    assert len(fig.layout.annotations) == 1
    assert "train" in fig.layout.annotations[0].text
    assert fig.layout.xaxis.title.text == "iteration"
    assert fig.layout.xaxis.range is not None and fig.layout.yaxis.range is not None
    assert F.figure_bytes(fig) < 3000


def test_compare_loss_figure():
    it = np.arange(10)
    curves = [(f"run {i}", it, np.exp(-it / (i + 1))) for i in range(4)]
    fig = F.compare_loss_figure(curves, y_max=1.0)
    assert [t.name for t in fig.data] == [c[0] for c in curves]
    assert len({t.line.color for t in fig.data}) == 4
    assert len({t.line.dash for t in fig.data}) == 4
    fig = F.compare_loss_figure([])
    assert len(fig.layout.annotations) == 1
    # the legend lists a run a row under the plot, in room of its own: the plot keeps its
    # height and the chart's whole width however long the labels (checked in Chromium:
    # tests/browser/test_journeys.py, charts laid out once, and no plot squeezed at 880 px)
    one = F.compare_loss_figure([("A: momentum, lr 0.3, L2 λ=0.001, degree 3", it, it)])
    four = F.compare_loss_figure(curves)
    for fig in (one, four):
        assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
        assert fig.layout.margin.r == F.MARGIN_RIGHT
        plot_h = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
        assert plot_h == F.COMPARE_LOSS_HEIGHT - F.MARGIN_TOP - F.MARGIN_BOTTOM
    assert four.layout.margin.b > one.layout.margin.b > F.MARGIN_BOTTOM


# --- evaluation curves ----------------------------------------------------------------------


def test_roc_figure():
    fpr = np.linspace(0, 1, 11)
    tpr = np.sqrt(fpr)
    fig = F.roc_figure(fpr, tpr, 0.8123, point=(0.2, 0.45), extra=[(fpr, fpr, 0.5, "test")])
    names = [t.name for t in fig.data]
    assert "train (AUC = 0.812)" in names
    assert "test (AUC = 0.500)" in names
    chance = next(t for t in fig.data if t.name.startswith("chance"))
    assert tuple(chance.x) == (0.0, 1.0) and tuple(chance.y) == (0.0, 1.0)
    pt = _by_name(fig)["threshold"]
    assert tuple(pt.x) == (0.2,) and tuple(pt.y) == (0.45,)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    assert fig.layout.xaxis.range[0] <= 0 and fig.layout.xaxis.range[1] >= 1


def test_roc_thins_long_curves():
    fpr = np.linspace(0, 1, 100_000)
    fig = F.roc_figure(fpr, fpr, 0.5)
    t = next(t for t in fig.data if t.name.startswith("train"))
    assert len(t.x) <= 2000
    assert t.x[0] == 0 and t.x[-1] == 1


def test_pr_figure():
    rec = np.linspace(1, 0, 20)
    prec = 0.5 + 0.5 * (1 - rec)
    fig = F.pr_figure(
        prec, rec, 0.75, point=(0.6, 0.7), base_rate=0.3, extra=[(prec, rec, 0.6, "t")]
    )
    names = _by_name(fig)
    assert "train (AP = 0.750)" in names and "t (AP = 0.600)" in names
    base = next(t for t in fig.data if "base rate" in t.name)
    assert tuple(base.y) == (0.3, 0.3)
    assert names["train (AP = 0.750)"].line.shape == "hv"  # steps, recall decreasing
    inc = F.pr_figure(prec[::-1], rec[::-1], 0.75)
    assert inc.data[0].line.shape == "vh"
    assert fig.layout.xaxis.title.text == "recall"
    assert fig.layout.yaxis.title.text == "precision"
    assert tuple(names["threshold"].x) == (0.6,)


def test_calibration_figure():
    pp = np.array([0.05, 0.15, np.nan, 0.55, 0.95])
    pt = np.array([0.02, 0.2, np.nan, 0.5, 0.9])
    cnt = np.array([50, 10, 0, 200, 5])
    fig = F.calibration_figure(pp, pt, cnt, extra=[(pp, pt, cnt, "test")])
    diag = _by_name(fig)["perfectly calibrated"]
    assert tuple(diag.x) == (0.0, 1.0)
    main = next(t for t in fig.data if t.name == "train" and t.type == "scatter")
    assert len(main.x) == 4  # the empty (NaN) bin is dropped
    sizes = np.asarray(main.marker.size)
    assert sizes[np.argmax(main.customdata)] == sizes.max()
    assert sizes[np.argmin(main.customdata)] == sizes.min()
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 2 and all(b.yaxis == "y2" for b in bars)
    fig = F.calibration_figure(pp, pt, cnt, show_hist=False)
    assert not [t for t in fig.data if t.type == "bar"]


def test_confusion_figure():
    cm = np.array([[90, 10], [25, 75]])
    fig = F.confusion_figure(cm, ("neg", "pos"))
    h = fig.data[0]
    assert h.type == "heatmap"
    assert tuple(h.x) == ("neg", "pos") and tuple(h.y) == ("neg", "pos")
    np.testing.assert_allclose(h.z, [[0.9, 0.1], [0.25, 0.75]], rtol=1e-6)
    flat = [s for row in h.text for s in row]
    assert "90" in flat[0] and "90.0%" in flat[0] and "TN" in flat[0]
    assert "75" in flat[3] and "75.0%" in flat[3] and "TP" in flat[3]
    assert fig.layout.xaxis.title.text == "predicted"
    assert fig.layout.yaxis.title.text == "actual"
    F.confusion_figure(np.zeros((2, 2), int), ("a", "b"))  # empty rows: no division error
    with pytest.raises(ValueError):
        F.confusion_figure(np.zeros((3, 3)), ("a", "b"))


def test_coef_figure():
    fig = F.coef_figure(["b", "x1", "x2"], [0.1, 1.5, -0.8], [0.0, 1.2, -1.1], [0.2, 1.8, -0.5])
    bar = fig.data[0]
    assert bar.orientation == "h"
    assert tuple(bar.y) == ("b", "x1", "x2")
    np.testing.assert_allclose(bar.error_x.array, [0.1, 0.3, 0.3], atol=1e-6)
    np.testing.assert_allclose(bar.error_x.arrayminus, [0.1, 0.3, 0.3], atol=1e-6)
    assert bar.marker.color[2] == F.CLASS_COLORS[0] and bar.marker.color[1] == F.CLASS_COLORS[1]
    assert [s.x0 for s in fig.layout.shapes] == [0.0]
    assert F.coef_figure(["a"], [1.0]).data[0].error_x.array is None


# --- teaching curves ------------------------------------------------------------------------


def test_sigmoid_figure():
    fig = F.sigmoid_figure(2.0)
    curve, point = fig.data
    assert curve.x[0] == -8 and curve.x[-1] == 8
    np.testing.assert_allclose(curve.y, _sigmoid(np.asarray(curve.x, float)), rtol=1e-6)
    assert point.x == (2.0,)
    assert point.y[0] == pytest.approx(_sigmoid(2.0))
    assert len(F.sigmoid_figure().data) == 1
    assert F.sigmoid_figure(50.0).data[1].x == (8.0,)  # clamped onto the drawn range


def test_logloss_figure():
    fig = F.logloss_figure(0.8)
    lines = [t for t in fig.data if t.mode == "lines"]
    marks = [t for t in fig.data if t.mode == "markers"]
    assert len(lines) == 2 and len(marks) == 2
    assert 0 < min(lines[0].x) and max(lines[0].x) < 1
    assert sorted(m.customdata[0] for m in marks) == pytest.approx([-np.log(0.8), -np.log(0.2)])
    assert marks[0].marker.symbol != marks[1].marker.symbol
    assert len(F.logloss_figure().data) == 2


def test_landscape_figure():
    w1 = np.linspace(-2, 2, 30)
    w2 = np.linspace(-1, 3, 20)
    W1, W2 = np.meshgrid(w1, w2)
    J = (W1 - 1) ** 2 + (W2 - 1) ** 2 + 0.1
    path = np.array([[-2.0, -1.0], [-1.0, 0.0], [0.5, 0.8], [1.0, 1.0]])
    fig = F.landscape_figure(w1, w2, J, path=path, names=("slope", "bias"))
    c = fig.data[0]
    assert c.type == "contour"
    assert c.z.shape == (20, 30) and c.z.dtype == np.float32
    names = _by_name(fig)
    np.testing.assert_allclose(names["optimiser path"].x, path[:, 0])
    assert names["start"].x == (-2.0,) and names["end"].y == (1.0,)
    assert fig.layout.xaxis.title.text == "slope"
    with pytest.raises(ValueError):
        F.landscape_figure(w1, w2, J.T)
    assert len(F.landscape_figure(w1, w2, J).data) == 1


# --- module hygiene -------------------------------------------------------------------------


def test_no_streamlit_import():
    code = "import sys, logreg.figures; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_figure_bytes():
    fig = F.sigmoid_figure()
    assert F.figure_bytes(fig) == len(fig.to_json().encode("utf-8"))
    assert F.figure_bytes(fig) < 4000


def test_many_points_switch_to_webgl_and_say_how_many_are_shown():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20_000, 2))
    y = (X[:, 0] > 0).astype(int)
    fig = F.decision_figure(None, None, None, X_train=X, y_train=y, max_points=5000)
    assert all(t.type == "scattergl" for t in _points(fig))
    assert sum(len(t.x) for t in _points(fig)) == 5000
    assert any("showing 5,000 of 20,000 points" in a.text for a in fig.layout.annotations)


@pytest.mark.parametrize("page", ["playground", "evaluate", "learn", "compare", "lessons", "data"])
def test_the_app_draws_the_same_charts_without_schema_validation(page, monkeypatch):
    """The app builds figures unvalidated (``figures.VALIDATE`` off: 3-4x cheaper); every chart
    a page sends must be what the validated figure would have sent, and validation must pass."""
    from streamlit.testing.v1 import AppTest

    def specs(validate: bool) -> list[dict]:
        monkeypatch.setattr(F, "VALIDATE", validate)
        at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        out = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        for spec in out:  # names a run by its id: differs between two runs of the page
            spec["layout"].pop("uirevision", None)
        return out

    fast, checked = specs(False), specs(True)
    assert fast == checked
    if page in ("playground", "evaluate", "compare"):
        assert len(fast) >= 2


def test_an_unvalidated_figure_is_marked_and_a_validated_one_rejects_bad_properties(monkeypatch):
    monkeypatch.setattr(F, "VALIDATE", False)
    assert F._figure([{"type": "scatter", "nonsense": 1}], {})._validate is False
    monkeypatch.setattr(F, "VALIDATE", True)
    with pytest.raises(ValueError):
        F._figure([{"type": "scatter", "nonsense": 1}], {})
