"""Plotly figure builders: plain numpy arrays in, ``plotly.graph_objects.Figure`` out.

Renderers take arrays, not models: nothing here imports streamlit, reads app state or
calls a model. Every figure

* uses a colour-blind-safe palette (Okabe–Ito orange ``#E69F00`` for class 0, blue
  ``#0072B2`` for class 1) *and* a different marker shape per class;
* has transparent paper/plot backgrounds and never sets a text colour, so it reads in
  light and dark themes alike;
* carries a tiny template instead of Plotly's default one (which adds ~6.5 KB);
* sends numeric data as numpy arrays (Plotly ≥ 6 base64-encodes typed arrays), grids
  as float32;
* sets ``uirevision`` so zoom and legend toggles survive re-renders while training.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.colors as pc
import plotly.graph_objects as go
from numpy.typing import ArrayLike, NDArray

from logreg.datasets import subsample_indices

__all__ = [
    "CLASS_COLORS",
    "CLASS_SYMBOLS",
    "PROBA_COLORSCALE",
    "SERIES_COLORS",
    "SERIES_DASHES",
    "calibration_figure",
    "coef_figure",
    "compare_loss_figure",
    "confusion_figure",
    "contour_lines",
    "decision_figure",
    "figure_bytes",
    "landscape_figure",
    "logloss_figure",
    "loss_figure",
    "pr_figure",
    "roc_figure",
    "sigmoid_figure",
    "subsample_indices",
]

# ---------------------------------------------------------------------------------------
# Palette and shared styling
# ---------------------------------------------------------------------------------------

#: Okabe–Ito orange (class 0) and blue (class 1).
CLASS_COLORS: tuple[str, str] = ("#E69F00", "#0072B2")
#: Marker shape per class (train); test points use the "-open" variant.
CLASS_SYMBOLS: tuple[str, str] = ("circle", "square")
#: Okabe–Ito colours for series that are *not* classes (train/test, optimisers, …).
SERIES_COLORS: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#E69F00",
    "#000000",
)
SERIES_DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")

_GREY = "rgba(128,128,128,0.8)"  # reads on light and dark backgrounds
_GRID = "rgba(128,128,128,0.22)"
# Iso-lines and marker outlines: dark on the pale probability surface, yet >= 3:1 contrast
# on a dark page so their legend icons stay visible in a dark theme.
_INK = "#5f5f5f"
_TRANSPARENT = "rgba(0,0,0,0)"


def _mix(hex_color: str, amount: float) -> str:
    """``amount`` of ``hex_color`` mixed with white, as ``#rrggbb``."""
    rgb = np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    out = np.rint(255.0 - amount * (255.0 - rgb)).astype(int)
    return "#{:02x}{:02x}{:02x}".format(*out)


#: Diverging orange → near-white (p = 0.5) → blue; pale so saturated markers stand out.
PROBA_COLORSCALE: list[list[float | str]] = [
    [0.0, _mix(CLASS_COLORS[0], 0.62)],
    [0.25, _mix(CLASS_COLORS[0], 0.32)],
    [0.5, "#f7f7f7"],
    [0.75, _mix(CLASS_COLORS[1], 0.25)],
    [1.0, _mix(CLASS_COLORS[1], 0.50)],
]

# A few hundred bytes instead of Plotly's ~6.5 KB default template. No font colour, no
# backgrounds: the host theme (Streamlit light/dark) decides those.
_TEMPLATE = go.layout.Template(
    layout={
        "font": {"size": 14},
        "hovermode": "closest",
        "paper_bgcolor": _TRANSPARENT,
        "plot_bgcolor": _TRANSPARENT,
        # Tick labels may overflow the chart's div: the margins leave them room, and checking
        # (Plotly's default) measures every label again: ~0.1 s of a first draw in a big page.
        "xaxis": {
            "gridcolor": _GRID,
            "zerolinecolor": _GRID,
            "linecolor": _GRID,
            "ticklabeloverflow": "allow",
        },
        "yaxis": {
            "gridcolor": _GRID,
            "zerolinecolor": _GRID,
            "linecolor": _GRID,
            "ticklabeloverflow": "allow",
        },
        "legend": {"bgcolor": _TRANSPARENT},
    }
)


def _layout(
    fig: go.Figure | _Draft, *, uirevision: str, title: str | None = None, **kw: object
) -> None:
    """Apply the shared minimal layout."""
    fig.update_layout(**{"title": None, **_layout_dict(uirevision=uirevision, title=title, **kw)})


# Margins (px) that already hold what the axes need in the usual case: tick labels and titles
# at Streamlit's chart fonts (its theme turns axis ``automargin`` on). Plotly lays a chart out,
# measures what pushes on the margins, and lays it all out again when a margin has to grow:
# starting from room enough halves a chart's first draw (Playground boundary chart in Chromium:
# 228 -> 80 ms). Margins still grow where more is needed (long tick labels, big fonts).
MARGIN_LEFT = 76
MARGIN_BOTTOM = 76
MARGIN_RIGHT = 22
MARGIN_TOP = 30
# A horizontal legend row (12 px font), the room for a colorbar with its title, and for a
# one-row legend above the plot.
_LEGEND_ROW = 26
_COLORBAR = 95
_LEGEND_ABOVE = 36
# One entry of a legend listed an entry a row (12 px font); the Compare loss chart's height
# without its legend.
_LEGEND_LINE = 20
COMPARE_LOSS_HEIGHT = 450


def _layout_dict(*, uirevision: str, title: str | None = None, **kw: object) -> dict[str, Any]:
    """The shared minimal layout as a dict, to build a figure in one validated step (each
    ``update_layout``/``add_trace`` call costs ~1-3 ms of Plotly validation; a live rerun
    builds five or six figures three times a second)."""
    out: dict[str, Any] = {
        "template": _TEMPLATE,
        "uirevision": uirevision,
        "margin": {
            "l": MARGIN_LEFT,
            "r": MARGIN_RIGHT,
            "t": MARGIN_TOP + (20 if title else 0),
            "b": MARGIN_BOTTOM,
        },
    }
    if title:
        out["title"] = {"text": title, "x": 0.0, "xanchor": "left"}
    return {**out, **kw}


class _Draft:
    """Collects traces and layout like a ``go.Figure`` and validates them once in
    :meth:`figure`: every ``add_trace``/``update_layout`` on a real figure pays Plotly's
    validation again (1-10 ms each), and a page draws many figures per rerun."""

    def __init__(self) -> None:
        self.data: list[Any] = []
        self.layout: dict[str, Any] = {}

    def add_trace(self, trace: Any) -> None:
        self.data.append(trace)

    def update_layout(self, **kw: Any) -> None:
        _merge(self.layout, kw)

    def add_vline(self, x: float, line: dict[str, Any]) -> None:
        """What ``go.Figure.add_vline(x, line=line)`` adds (a full-height line at ``x``)."""
        shape = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1}
        self.layout.setdefault("shapes", []).append({**shape, "yref": "y domain", "line": line})

    def add_hline(self, y: float, line: dict[str, Any]) -> None:
        """What ``go.Figure.add_hline(y, line=line)`` adds (a full-width line at ``y``)."""
        shape = {"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": y, "y1": y}
        self.layout.setdefault("shapes", []).append({**shape, "yref": "y", "line": line})

    def add_traces(self, traces: Sequence[Any]) -> None:
        self.data.extend(traces)

    def figure(self) -> go.Figure:
        return _figure(self.data, self.layout)


#: Whether figures are checked against Plotly's schema when built. Off in the app: validation
#: costs 3-4 times the rest of building a figure (e.g. 9 vs 2.4 ms for a boundary chart; a page
#: draws up to a dozen per rerun) and only ever catches a mistake in this module's code, never in
#: anyone's data. The tests switch it on (``tests/conftest.py``), so every figure they build is
#: checked, and ``tests/test_figures.py`` checks unvalidated and validated figures are the same.
VALIDATE = False


def _figure(data: list[Any], layout: dict[str, Any]) -> go.Figure:
    """``go.Figure(data=data, layout=layout)``, schema-checked only when :data:`VALIDATE`."""
    return go.Figure(data=data, layout=layout, _validate=VALIDATE)


#: Plotly's named "Viridis" spelled out, as schema validation would expand it.
_VIRIDIS = [[i / (len(pc.sequential.Viridis) - 1), c] for i, c in enumerate(pc.sequential.Viridis)]


def _trace(kind: str, **props: Any) -> dict[str, Any]:
    """A trace as a plain dict (``{"type": kind, ...}``; ``None`` values left out, as Plotly
    does): ``go.Figure(data=...)`` validates it at most once, where a ``go.Scatter(...)``
    object is validated whenever it is made."""
    return {"type": kind, **{k: v for k, v in props.items() if v is not None}}


def _jsonable(obj: Any) -> Any:
    """``obj`` with numpy arrays as Plotly's typed-array specs (as ``plotly.io.to_json`` writes
    them: ``{"dtype": "f4", "bdata": base64, "shape": "ny, nx"}``) and numpy scalars as numbers."""
    if isinstance(obj, np.ndarray):
        a = np.ascontiguousarray(obj)
        if a.dtype.kind not in "fiu" or a.dtype.itemsize > 8 or a.dtype == np.int64:
            a = a.astype(np.float64)
        spec = {"dtype": a.dtype.str.lstrip("<|="), "bdata": base64.b64encode(a.tobytes()).decode()}
        if a.ndim > 1:
            spec["shape"] = ", ".join(str(n) for n in a.shape)
        return spec
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    """Recursive dict update (nested dicts merge, anything else replaces), as Plotly's
    ``update_layout`` does."""
    for k, v in new.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v


def _hint(fig: go.Figure, text: str) -> None:
    """Centred grey hint for empty states (grey reads on light and dark themes)."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 16, "color": _GREY},
    )


def _f32(a: ArrayLike | None) -> NDArray[np.float32]:
    return np.asarray(a if a is not None else [], dtype=np.float32)


def _thin(n: int, max_n: int) -> NDArray[np.intp]:
    """Evenly spaced indices (first and last kept) to draw at most ``max_n`` of ``n``."""
    if n <= max_n:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_n).round().astype(np.intp))


def _series(i: int) -> tuple[str, str]:
    return SERIES_COLORS[i % len(SERIES_COLORS)], SERIES_DASHES[i % len(SERIES_DASHES)]


def figure_bytes(fig: go.Figure) -> int:
    """Size of the figure's JSON payload in bytes (what is sent to the browser)."""
    return len(fig.to_json().encode("utf-8"))


# ---------------------------------------------------------------------------------------
# Decision surface
# ---------------------------------------------------------------------------------------


WEBGL_FROM = 1500  # points shown; above this the scatter uses WebGL (Scattergl)


def contour_lines(
    xs: ArrayLike, ys: ArrayLike, z: ArrayLike, level: float
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Iso-line ``z == level`` by marching squares, as polylines separated by NaN.

    Drawing the boundary as a line trace instead of a second Contour trace avoids
    sending the grid to the browser twice (or three times with the 0.1/0.9 lines).

    Parameters
    ----------
    xs : array_like, shape (nx,)
        Grid x coordinates (increasing).
    ys : array_like, shape (ny,)
        Grid y coordinates (increasing).
    z : array_like, shape (ny, nx)
        Values on the grid; cells touching a non-finite value are skipped.
    level : float
        Iso-value.

    Returns
    -------
    x, y : ndarray of float32, shape (m,)
        Vertices of the polylines, consecutive polylines separated by one NaN; empty
        when the level is not crossed.
    """
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    ny, nx = z.shape
    if nx < 2 or ny < 2:
        return np.empty(0, np.float32), np.empty(0, np.float32)
    ok = np.isfinite(z)
    above = np.where(ok, z, -np.inf) >= level

    # Crossed horizontal edges (i, j)-(i, j+1) and vertical edges (i, j)-(i+1, j).
    with np.errstate(invalid="ignore", divide="ignore"):
        th = (level - z[:, :-1]) / (z[:, 1:] - z[:, :-1])
        tv = (level - z[:-1, :]) / (z[1:, :] - z[:-1, :])
    hx = xs[:-1][None, :] + np.clip(th, 0, 1) * np.diff(xs)[None, :]
    vy = ys[:-1][:, None] + np.clip(tv, 0, 1) * np.diff(ys)[:, None]
    n_h = ny * (nx - 1)
    node_x = np.concatenate([hx.ravel(), np.broadcast_to(xs[None, :], (ny - 1, nx)).ravel()])
    node_y = np.concatenate([np.broadcast_to(ys[:, None], (ny, nx - 1)).ravel(), vy.ravel()])

    a, b, c, d = above[:-1, :-1], above[:-1, 1:], above[1:, 1:], above[1:, :-1]
    cell_ok = ok[:-1, :-1] & ok[:-1, 1:] & ok[1:, 1:] & ok[1:, :-1]
    ii, jj = np.indices((ny - 1, nx - 1))
    edge_id = {
        "b": ii * (nx - 1) + jj,
        "t": (ii + 1) * (nx - 1) + jj,
        "l": n_h + ii * nx + jj,
        "r": n_h + ii * nx + jj + 1,
    }
    crossed = {"b": a != b, "r": b != c, "t": d != c, "l": a != d}
    for k in crossed:
        crossed[k] &= cell_ok
    count = sum(v.astype(np.int8) for v in crossed.values())

    pairs = []
    two = count == 2
    for e1, e2 in (("b", "r"), ("b", "t"), ("b", "l"), ("r", "t"), ("r", "l"), ("t", "l")):
        m = two & crossed[e1] & crossed[e2]
        pairs.append(np.stack([edge_id[e1][m], edge_id[e2][m]], axis=1))
    saddle = count == 4
    if saddle.any():
        zc = (z[:-1, :-1] + z[:-1, 1:] + z[1:, 1:] + z[1:, :-1]) / 4.0
        same = saddle & ((zc >= level) == a)  # centre joins corners a and c
        diff = saddle & ~((zc >= level) == a)
        for m, combos in ((same, (("b", "r"), ("t", "l"))), (diff, (("l", "b"), ("r", "t")))):
            for e1, e2 in combos:
                pairs.append(np.stack([edge_id[e1][m], edge_id[e2][m]], axis=1))
    seg = np.concatenate(pairs, axis=0)
    if len(seg) == 0:
        return np.empty(0, np.float32), np.empty(0, np.float32)

    # Chain segments into polylines: every edge node has degree <= 2.
    adj: dict[int, list[int]] = {}
    for p, q in seg.tolist():
        adj.setdefault(p, []).append(q)
        adj.setdefault(q, []).append(p)
    seen: set[int] = set()
    paths: list[list[int]] = []

    def walk(start: int) -> list[int]:
        path, prev, cur = [start], -1, start
        seen.add(start)
        while True:
            nxt = [n for n in adj[cur] if n != prev and n not in seen]
            if not nxt:
                if len(path) > 2 and start in adj[cur] and cur != start:
                    path.append(start)  # close a loop
                return path
            prev, cur = cur, nxt[0]
            seen.add(cur)
            path.append(cur)

    for node in sorted(adj, key=lambda n: len(adj[n])):  # open ends (degree 1) first
        if node not in seen:
            paths.append(walk(node))
    idx: list[float] = []
    for path in paths:
        idx.extend(path)
        idx.append(-1)
    order = np.asarray(idx[:-1], dtype=np.intp)
    gap = order < 0
    x = np.where(gap, np.nan, node_x[np.where(gap, 0, order)]).astype(np.float32)
    y = np.where(gap, np.nan, node_y[np.where(gap, 0, order)]).astype(np.float32)
    return x, y


def _labels01(y: ArrayLike, n: int, what: str) -> NDArray[np.int8]:
    y = np.asarray(y).ravel()
    if y.shape[0] != n:
        raise ValueError(f"{what} has {y.shape[0]} labels for {n} points")
    if y.dtype.kind in "biu":  # two reductions instead of a set test (1e6 labels: 1 ms, not 15)
        ok = not y.size or (int(y.min()) >= 0 and int(y.max()) <= 1)
    else:
        ok = not y.size or bool(np.isin(y, (0, 1)).all())
    if not ok:
        raise ValueError(f"{what} must hold 0/1 labels")
    return y.astype(np.int8)


def _pad_range(v: NDArray[np.floating], frac: float = 0.05) -> list[float]:
    v = v[np.isfinite(v)]
    if v.size == 0:
        return [0.0, 1.0]
    lo, hi = float(v.min()), float(v.max())
    pad = (hi - lo) * frac or 0.5
    return [lo - pad, hi + pad]


def _marker_size(n: int) -> int:
    return 10 if n <= 300 else 8 if n <= 1500 else 6


def _ring_marker(n_wrong: int, size: int) -> dict[str, Any]:
    """The rings around ``n_wrong`` shown misclassified points: bold around a few; thinner,
    tighter and see-through around hundreds or thousands, where bold rings merged into one
    orange blob that hid the points and the surface (1,500 of 5,000 points misclassified)."""
    if n_wrong <= 150:
        grow, width, opacity = 9, 2.2, 1.0
    elif n_wrong <= 600:
        grow, width, opacity = 6, 1.6, 0.8
    else:
        grow, width, opacity = 3, 1.0, 0.45
    return {
        "symbol": "circle-open",
        "size": size + grow,
        "color": "#D55E00",
        "line": {"width": width},
        "opacity": opacity,
    }


def _decision_margin(*, colorbar: bool, legend_items: int) -> dict[str, int]:
    """Room for the boundary chart's colorbar (right) and its legend below the x axis: about
    four entries a row in a half-page-wide chart (see ``MARGIN_LEFT``)."""
    rows = -(-legend_items // 4)
    return {
        "t": MARGIN_TOP,
        "l": MARGIN_LEFT,
        "r": _COLORBAR if colorbar else 10,
        "b": MARGIN_BOTTOM + (_LEGEND_ROW * rows + 20 if rows else 0),
    }


def decision_figure(
    xs: ArrayLike | None,
    ys: ArrayLike | None,
    proba: ArrayLike | None,
    *,
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_test: ArrayLike | None = None,
    y_test: ArrayLike | None = None,
    p_train: ArrayLike | None = None,
    p_test: ArrayLike | None = None,
    class_names: Sequence[str] = ("0", "1"),
    feature_names: Sequence[str] = ("x1", "x2"),
    threshold: float = 0.5,
    show_contours: bool = True,
    show_misclassified: bool = True,
    x_range: Sequence[float] | None = None,
    y_range: Sequence[float] | None = None,
    max_points: int = 5000,
    title: str | None = None,
    uirevision: str = "decision",
    live: bool = False,
    height: int = 600,
    show_legend: bool = True,
) -> go.Figure:
    """Probability surface, decision boundary and data points of a 2-feature model.

    Parameters
    ----------
    xs : array_like, shape (nx,) or None
        Grid x coordinates (feature 1), increasing.
    ys : array_like, shape (ny,) or None
        Grid y coordinates (feature 2), increasing.
    proba : array_like, shape (ny, nx) or None
        P(class 1) on the grid; ``None`` draws the points only (no model yet).
    X_train, X_test : array_like, shape (n, 2)
        Points; ``X_test`` optional.
    y_train, y_test : array_like of {0, 1}, shape (n,)
        Labels.
    p_train, p_test : array_like, shape (n,), optional
        Model P(class 1) per point, for the hover (p and log-loss) and the
        misclassified overlay (prediction ``p >= threshold``).
    class_names, feature_names : pair of str
        Legend/hover names and axis titles.
    threshold : float
        Decision threshold: the bold contour line.
    show_contours : bool
        Also draw dashed p = 0.1 and p = 0.9 lines.
    show_misclassified : bool
        Ring the points whose prediction differs from their label.
    x_range, y_range : pair of float, optional
        Fixed axis ranges (default: the grid, else the data with 5 % padding).
    max_points : int
        At most this many points (train + test) are drawn, a seeded (0) uniform subsample,
        announced by a "showing … of … points" note.
    title : str, optional
    uirevision : str
        Plotly ``uirevision``; keep it constant to preserve zoom across updates.
    live : bool
        A frame of live training: the traces that change on every frame (surface, iso-lines,
        misclassified rings) carry ``meta.live`` (``"surface"``, ``"under"``, ``"over"``) for
        the live chart component to draw on a canvas, and the points' hover leaves out p and
        log-loss, so the rest of the figure stays the same from frame to frame.
    height : int
        Figure height in px.
    show_legend : bool
        Draw the legend, the probability colour bar and the "showing n of N points" note.
        Small multiples leave them out (the page says once what they would have said): in
        a quarter-width chart they would leave the plot a few dozen pixels.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    traces, layout, empty = _decision_parts(**locals())
    fig = _figure(traces, layout)
    if empty:
        _hint(fig, "no data yet — choose or upload a dataset")
    return fig


def decision_live_traces(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    """The ``meta.live`` traces of ``decision_figure(..., live=True)`` (same arguments) as
    JSON-ready dicts, numpy arrays as Plotly typed-array specs (``{dtype, bdata, shape}``),
    without building or validating a figure: the earlier frames of a live rerun need only
    these (about 4x cheaper than the figure)."""
    traces, _, _ = _decision_parts(*args, **{**kwargs, "live": True})
    return [
        _jsonable(t) for t in traces if isinstance(t.get("meta"), dict) and t["meta"].get("live")
    ]


def _decision_parts(
    xs: ArrayLike | None,
    ys: ArrayLike | None,
    proba: ArrayLike | None,
    *,
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_test: ArrayLike | None = None,
    y_test: ArrayLike | None = None,
    p_train: ArrayLike | None = None,
    p_test: ArrayLike | None = None,
    class_names: Sequence[str] = ("0", "1"),
    feature_names: Sequence[str] = ("x1", "x2"),
    threshold: float = 0.5,
    show_contours: bool = True,
    show_misclassified: bool = True,
    x_range: Sequence[float] | None = None,
    y_range: Sequence[float] | None = None,
    max_points: int = 5000,
    title: str | None = None,
    uirevision: str = "decision",
    live: bool = False,
    height: int = 600,
    show_legend: bool = True,
) -> tuple[list[dict[str, Any]], dict[str, Any], bool]:
    """Traces, layout and "no data at all" of :func:`decision_figure`."""
    f1, f2 = (html.escape(str(s)) for s in feature_names)
    c0, c1 = (html.escape(str(s)) for s in class_names)
    names = (c0, c1)

    X_tr = np.asarray(X_train, dtype=np.float64).reshape(-1, 2)
    y_tr = _labels01(y_train, len(X_tr), "y_train")
    has_test = X_test is not None and y_test is not None
    X_te = np.asarray(X_test if has_test else np.empty((0, 2)), dtype=np.float64).reshape(-1, 2)
    y_te = _labels01(y_test if has_test else [], len(X_te), "y_test")
    p_tr = None if p_train is None else np.asarray(p_train, dtype=np.float64).ravel()
    p_te = None if p_test is None else np.asarray(p_test, dtype=np.float64).ravel()
    if p_tr is not None and p_tr.shape[0] != len(X_tr):
        raise ValueError("p_train must have one value per training point")
    if p_te is not None and p_te.shape[0] != len(X_te):
        raise ValueError("p_test must have one value per test point")

    traces: list[Any] = []

    # --- probability surface and iso-lines --------------------------------------------
    if proba is not None:
        if xs is None or ys is None:
            raise ValueError("xs and ys are required with proba")
        gx = np.asarray(xs, dtype=np.float32).ravel()
        gy = np.asarray(ys, dtype=np.float32).ravel()
        z = np.asarray(proba, dtype=np.float32)
        if z.shape != (gy.size, gx.size):
            raise ValueError(f"proba has shape {z.shape}, expected (len(ys), len(xs))")
        traces.append(
            _trace(
                "heatmap",
                x=gx,
                y=gy,
                z=z,
                zmin=0.0,
                zmax=1.0,
                colorscale=PROBA_COLORSCALE,
                showscale=None if show_legend else False,
                colorbar={
                    "title": {"text": f"P({c1})", "side": "right"},
                    "tickvals": [0, 0.25, 0.5, 0.75, 1],
                    "thickness": 14,
                    "len": 0.5,
                    "y": 0.0,
                    "yanchor": "bottom",
                    "outlinewidth": 0,
                },
                hovertemplate=f"{f1} = %{{x:.3g}}<br>{f2} = %{{y:.3g}}<br>"
                f"P({c1}) = %{{z:.3f}}<extra>model</extra>",
                name=f"P({c1})",
                **({"meta": {"live": "surface"}} if live else {}),
            )
        )
        if show_contours:
            xl, yl = [], []
            for lv in (0.1, 0.9):
                cx, cy = contour_lines(gx, gy, z, lv)
                if cx.size:
                    xl += [cx, np.full(1, np.nan, np.float32)]
                    yl += [cy, np.full(1, np.nan, np.float32)]
            cx = np.concatenate(xl) if xl else np.empty(0, np.float32)
            cy = np.concatenate(yl) if yl else np.empty(0, np.float32)
            traces.append(
                _trace(
                    "scatter",
                    x=cx,
                    y=cy,
                    mode="lines",
                    line={"color": _INK, "width": 1.5, "dash": "dash"},
                    name="p = 0.1 / 0.9",
                    legendrank=1100,
                    hoverinfo="skip",
                    meta={"levels": [0.1, 0.9], **({"live": "under"} if live else {})},
                )
            )
        bx, by = contour_lines(gx, gy, z, threshold)
        traces.append(
            _trace(
                "scatter",
                x=bx,
                y=by,
                mode="lines",
                line={"color": _INK, "width": 3.5},
                name=f"boundary (p = {threshold:.2f})",
                legendrank=1050,
                hoverinfo="skip",
                meta={"levels": [float(threshold)], **({"live": "under"} if live else {})},
            )
        )

    # --- points (seeded subsample over train + test) ----------------------------------
    n_tr, n_te = len(X_tr), len(X_te)
    total = n_tr + n_te
    keep = subsample_indices(total, max_points, seed=0)
    k_tr, k_te = keep[keep < n_tr], keep[keep >= n_tr] - n_tr
    size = _marker_size(len(keep))
    # SVG is cheaper to draw (and needs no GPU) for a few points; WebGL scales to many.
    kind = "scattergl" if len(keep) > WEBGL_FROM else "scatter"

    splits = [("train", X_tr[k_tr], y_tr[k_tr], None if p_tr is None else p_tr[k_tr])]
    if has_test:
        splits.append(("test", X_te[k_te], y_te[k_te], None if p_te is None else p_te[k_te]))

    wrong_x: list[NDArray[np.float64]] = []
    wrong_y: list[NDArray[np.float64]] = []
    for split, Xs, ys_, ps in splits:
        for k in (0, 1):
            m = ys_ == k
            label = f"class {names[k]} ({split})"
            hover = f"{f1} = %{{x:.4g}}<br>{f2} = %{{y:.4g}}<br>{label}"
            custom = None
            if ps is not None and not live:
                pk = np.clip(ps[m], 1e-16, 1.0 - 1e-16)
                ll = -np.log(pk) if k == 1 else -np.log1p(-pk)
                custom = np.stack([ps[m], ll], axis=1).astype(np.float32)
                hover += (
                    f"<br>p({c1}) = %{{customdata[0]:.3f}}<br>log-loss = %{{customdata[1]:.3f}}"
                )
            test = split == "test"
            marker = {
                "symbol": CLASS_SYMBOLS[k] + ("-open" if test else ""),
                "size": size + (1 if test else 0),
                "color": CLASS_COLORS[k],
                "line": {"width": 2.2, "color": CLASS_COLORS[k]}
                if test
                else {"width": 0.8, "color": _INK},
                "opacity": 0.95,
            }
            traces.append(
                _trace(
                    kind,
                    x=Xs[m, 0].astype(np.float32),
                    y=Xs[m, 1].astype(np.float32),
                    mode="markers",
                    name=label,
                    legendgroup=split,
                    legendrank=1000,
                    marker=marker,
                    customdata=custom,
                    hovertemplate=hover + "<extra></extra>",
                )
            )
        if ps is not None:
            wrong = (ps >= threshold).astype(np.int8) != ys_
            wrong_x.append(Xs[wrong, 0])
            wrong_y.append(Xs[wrong, 1])

    if show_misclassified and wrong_x:
        traces.append(
            _trace(
                kind,
                x=np.concatenate(wrong_x).astype(np.float32),
                y=np.concatenate(wrong_y).astype(np.float32),
                mode="markers",
                name="misclassified",
                legendrank=1010,
                marker=_ring_marker(sum(len(w) for w in wrong_x), size),
                hoverinfo="skip",
                **({"meta": {"live": "over"}} if live else {}),
            )
        )

    # --- layout -------------------------------------------------------------------------
    if x_range is None:
        all_x = np.concatenate([X_tr[:, 0], X_te[:, 0]])
        x_range = [float(np.min(xs)), float(np.max(xs))] if proba is not None else _pad_range(all_x)
    if y_range is None:
        all_y = np.concatenate([X_tr[:, 1], X_te[:, 1]])
        y_range = [float(np.min(ys)), float(np.max(ys))] if proba is not None else _pad_range(all_y)
    layout = _layout_dict(uirevision=uirevision, title=title)
    layout.update(
        xaxis={"title": {"text": f1}, "range": list(x_range), "autorange": False},
        yaxis={"title": {"text": f2}, "range": list(y_range), "autorange": False},
        legend={
            "orientation": "h",
            "x": 0.0,
            "y": -0.14,
            "xanchor": "left",
            "yanchor": "top",
            "itemsizing": "constant",
        },
        height=height,
        showlegend=show_legend,
        margin=_decision_margin(
            colorbar=proba is not None and show_legend,
            legend_items=len(traces) if show_legend else 0,
        ),
    )
    if total > len(keep) and show_legend:
        layout["annotations"] = [
            {
                "text": f"showing {len(keep):,} of {total:,} points",
                "xref": "paper",
                "yref": "paper",
                "x": 1.0,
                "y": 1.0,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13, "color": _GREY},
            }
        ]
    return traces, layout, total == 0 and proba is None


# ---------------------------------------------------------------------------------------
# Training curves
# ---------------------------------------------------------------------------------------


def _loss_axes(
    fig: go.Figure | _Draft,
    *,
    x_max: float | None,
    y_max: float | None,
    y_min: float | None,
    log_y: bool,
    x_min: float = 0.0,
) -> None:
    fig.update_layout(
        **_loss_axes_dict(x_max=x_max, y_max=y_max, y_min=y_min, log_y=log_y, x_min=x_min)
    )


def _loss_axes_dict(
    *,
    x_max: float | None,
    y_max: float | None,
    y_min: float | None,
    log_y: bool,
    x_min: float = 0.0,
) -> dict[str, Any]:
    xaxis: dict[str, object] = {"title": {"text": "iteration"}}
    yaxis: dict[str, object] = {"title": {"text": "log-loss"}}
    if x_max is not None:
        xaxis.update(range=[x_min, float(x_max)], autorange=False)
    if log_y:
        yaxis["type"] = "log"
        if y_max is not None:
            lo = y_min if y_min is not None and y_min > 0 else float(y_max) / 1e3
            yaxis.update(range=[np.log10(lo), np.log10(float(y_max))], autorange=False)
    elif y_max is not None:
        yaxis.update(range=[y_min or 0.0, float(y_max)], autorange=False)
    return {"xaxis": xaxis, "yaxis": yaxis}


def loss_figure(
    iterations: ArrayLike,
    train_loss: ArrayLike,
    test_loss: ArrayLike | None = None,
    *,
    current: float | None = None,
    x_max: float | None = None,
    y_max: float | None = None,
    y_min: float | None = None,
    log_y: bool = False,
    uirevision: str = "loss",
    live: bool = False,
) -> go.Figure:
    """Train (and test) log-loss against iteration.

    Parameters
    ----------
    iterations : array_like, shape (n,)
    train_loss : array_like, shape (n,)
    test_loss : array_like, shape (n,), optional
        NaN where the test loss was not evaluated.
    current : float, optional
        Iteration marked by a vertical line (replay position).
    x_max, y_max : float, optional
        Fixed upper axis limits, so the chart does not rescale while training.
    y_min : float, optional
        Lower y limit (default 0; with ``log_y``, ``y_max / 1000``).
    log_y : bool
        Logarithmic loss axis.
    uirevision : str
    live : bool
        A frame of live training: the curves carry ``meta.live = "under"`` for the live chart
        component to draw on a canvas (see :func:`decision_figure`).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    it = _f32(iterations).ravel()
    meta = {"meta": {"live": "under"}} if live else {}
    tr = _f32(train_loss).ravel()
    hover = "iteration %{x:.0f}<br>log-loss %{y:.4f}"
    traces = [
        _trace(
            "scatter",
            x=it,
            y=tr,
            mode="lines",
            name="train",
            line={"color": SERIES_COLORS[0], "width": 2.5},
            hovertemplate=hover + "<extra>train</extra>",
            **meta,
        )
    ]
    if test_loss is not None:
        traces.append(
            _trace(
                "scatter",
                x=it,
                y=_f32(test_loss).ravel(),
                mode="lines",
                name="test",
                line={"color": SERIES_COLORS[1], "width": 2.5, "dash": "dash"},
                hovertemplate=hover + "<extra>test</extra>",
                **meta,
            )
        )
    layout = _layout_dict(uirevision=uirevision)
    layout.update(_loss_axes_dict(x_max=x_max, y_max=y_max, y_min=y_min, log_y=log_y))
    layout["legend"] = {
        "orientation": "h",
        "x": 1.0,
        "y": 1.0,
        "xanchor": "right",
        "yanchor": "bottom",
    }
    layout["margin"] = {**layout["margin"], "t": MARGIN_TOP + 15}  # the legend's row
    if current is not None:
        # What ``fig.add_vline(..., annotation_position=...)`` makes, without its ~10 ms.
        x = float(current)
        left = x_max is not None and current > 0.6 * float(x_max)
        layout["shapes"] = [
            {
                "type": "line",
                "x0": x,
                "x1": x,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": {"color": _GREY, "width": 1.5, "dash": "dot"},
            }
        ]
        layout["annotations"] = [
            {
                "text": f"iteration {current:,.0f}",
                "font": {"color": _GREY},
                "showarrow": False,
                "x": x,
                "xref": "x",
                "xanchor": "right" if left else "left",
                "y": 1,
                "yref": "y domain",
                "yanchor": "top",
            }
        ]
    fig = _figure(traces, layout)
    if it.size == 0:
        if x_max is None:
            fig.update_xaxes(range=[0, 100], autorange=False)
        if y_max is None and not log_y:
            fig.update_yaxes(range=[0, 1], autorange=False)
        _hint(fig, "train a model to see its loss curve")
    return fig


def compare_loss_figure(
    curves: Sequence[tuple[str, ArrayLike, ArrayLike]],
    *,
    x_max: float | None = None,
    y_max: float | None = None,
    y_min: float | None = None,
    log_y: bool = False,
    uirevision: str = "compare",
) -> go.Figure:
    """Several loss curves overlaid, each with its own colour *and* dash style.

    Parameters
    ----------
    curves : sequence of (label, iterations (n_i,), loss (n_i,))
    x_max, y_max, y_min, log_y, uirevision
        As in :func:`loss_figure`.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    draft = _Draft()  # validated once (a go.Scatter per curve cost ~5 ms each)
    for i, (label, it, loss) in enumerate(curves):
        color, dash = _series(i)
        name = html.escape(str(label))
        draft.add_trace(
            _trace(
                "scatter",
                x=_f32(it).ravel(),
                y=_f32(loss).ravel(),
                mode="lines",
                name=name,
                line={"color": color, "width": 2.5, "dash": dash},
                hovertemplate=f"iteration %{{x:.0f}}<br>log-loss %{{y:.4f}}<extra>{name}</extra>",
            )
        )
    _layout(draft, uirevision=uirevision)
    if curves:
        # The legend under the plot, an entry a row, in room of its own (the plot keeps its
        # height): the plot has the chart's whole width at any screen width (beside the plot,
        # four long run labels left a 420-px chart a 100-px plot).
        extra = _LEGEND_LINE * len(curves) + 12
        draft.update_layout(
            height=COMPARE_LOSS_HEIGHT + extra,
            margin={"b": MARGIN_BOTTOM + extra},
            legend={
                "orientation": "v",
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "bottom",
                "yref": "container",
            },
        )
    _loss_axes(draft, x_max=x_max, y_max=y_max, y_min=y_min, log_y=log_y)
    fig = draft.figure()
    if not curves:
        if x_max is None:
            fig.update_xaxes(range=[0, 100], autorange=False)
        if y_max is None and not log_y:
            fig.update_yaxes(range=[0, 1], autorange=False)
        _hint(fig, "run at least one model to compare")
    return fig


# ---------------------------------------------------------------------------------------
# Evaluation curves
# ---------------------------------------------------------------------------------------


def _unit_square(fig: go.Figure | _Draft, xtitle: str, ytitle: str) -> None:
    fig.update_layout(
        xaxis={
            "title": {"text": xtitle},
            "range": [-0.01, 1.01],
            "autorange": False,
            "constrain": "domain",
            "dtick": 0.2,
        },
        yaxis={
            "title": {"text": ytitle},
            "range": [-0.01, 1.01],
            "autorange": False,
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
            "dtick": 0.2,
        },
        # Above the plot: with an equal aspect the axes shrink inside the paper, so a
        # legend placed in paper coordinates could land on the curves or the tick labels.
        legend={"orientation": "h", "x": 0.5, "y": 1.02, "xanchor": "center", "yanchor": "bottom"},
        margin={"t": MARGIN_TOP + _LEGEND_ABOVE},
    )


def _curve(
    fig: go.Figure | _Draft,
    x: ArrayLike,
    y: ArrayLike,
    *,
    name: str,
    i: int,
    hover: str,
    fill: bool = False,
    shape: str = "linear",
    max_points: int = 2000,
) -> None:
    x = _f32(x).ravel()
    y = _f32(y).ravel()
    keep = _thin(x.size, max_points)
    color, dash = _series(i)
    fig.add_trace(
        _trace(
            "scatter",
            x=x[keep],
            y=y[keep],
            mode="lines",
            name=name,
            line={"color": color, "width": 2.5, "dash": dash, "shape": shape},
            fill="tozeroy" if fill else None,
            fillcolor=_rgba(color, 0.12) if fill else None,
            hovertemplate=hover,
        )
    )


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _point(fig: go.Figure | _Draft, point: Sequence[float], *, i: int, hover: str) -> None:
    color, _ = _series(i)
    fig.add_trace(
        _trace(
            "scatter",
            x=[float(point[0])],
            y=[float(point[1])],
            mode="markers",
            name="threshold",
            marker={"size": 14, "color": color, "line": {"color": "white", "width": 2}},
            hovertemplate=hover,
        )
    )


def roc_figure(
    fpr: ArrayLike,
    tpr: ArrayLike,
    auc: float,
    *,
    point: Sequence[float] | None = None,
    label: str = "train",
    extra: Sequence[tuple[ArrayLike, ArrayLike, float, str]] | None = None,
    uirevision: str = "roc",
) -> go.Figure:
    """ROC curve with the chance diagonal; the area under the main curve is shaded.

    Parameters
    ----------
    fpr, tpr : array_like, shape (n,)
        Curve vertices (x = false-positive rate, y = true-positive rate).
    auc : float
        Shown in the legend.
    point : (fpr, tpr), optional
        Marker for the current threshold.
    label : str
        Legend label of the main curve.
    extra : sequence of (fpr, tpr, auc, label), optional
        More curves (e.g. the test set), overlaid in other colours and dash styles.
    uirevision : str

    Returns
    -------
    plotly.graph_objects.Figure
    """
    fig = _Draft()
    fig.add_trace(
        _trace(
            "scatter",
            x=[0.0, 1.0],
            y=[0.0, 1.0],
            mode="lines",
            name="chance (AUC = 0.5)",
            line={"color": _GREY, "width": 1.5, "dash": "dot"},
            hoverinfo="skip",
        )
    )
    hover = "FPR %{x:.3f}<br>TPR %{y:.3f}<extra>%{fullData.name}</extra>"
    _curve(fig, fpr, tpr, name=f"{label} (AUC = {auc:.3f})", i=0, hover=hover, fill=True)
    for j, (f, t, a, lab) in enumerate(extra or (), start=1):
        _curve(fig, f, t, name=f"{lab} (AUC = {a:.3f})", i=j, hover=hover)
    if point is not None:
        _point(fig, point, i=0, hover="threshold<br>FPR %{x:.3f}<br>TPR %{y:.3f}<extra></extra>")
    _layout(fig, uirevision=uirevision)
    _unit_square(fig, "false-positive rate", "true-positive rate (recall)")
    return fig.figure()


def pr_figure(
    precision: ArrayLike,
    recall: ArrayLike,
    ap: float,
    *,
    point: Sequence[float] | None = None,
    base_rate: float | None = None,
    label: str = "train",
    extra: Sequence[tuple[ArrayLike, ArrayLike, float, str]] | None = None,
    uirevision: str = "pr",
) -> go.Figure:
    """Precision–recall curve (recall on x) drawn as steps, with the base-rate line.

    Parameters
    ----------
    precision, recall : array_like, shape (n,)
        Curve vertices, in either order of recall.
    ap : float
        Average precision, shown in the legend.
    point : (recall, precision), optional
        Marker for the current threshold, in (x, y) order.
    base_rate : float, optional
        Fraction of positives: precision of a no-skill classifier.
    label : str
    extra : sequence of (precision, recall, ap, label), optional
    uirevision : str

    Returns
    -------
    plotly.graph_objects.Figure
    """
    fig = _Draft()
    if base_rate is not None:
        fig.add_trace(
            _trace(
                "scatter",
                x=[0.0, 1.0],
                y=[float(base_rate)] * 2,
                mode="lines",
                name=f"no skill (base rate {base_rate:.2f})",
                line={"color": _GREY, "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    hover = "recall %{x:.3f}<br>precision %{y:.3f}<extra>%{fullData.name}</extra>"
    # Average precision is a step integral: precision is constant between recall values.
    for j, (p, r, a, lab) in enumerate([(precision, recall, ap, label), *(extra or ())]):
        r = _f32(r).ravel()
        shape = "vh" if r.size > 1 and r[0] < r[-1] else "hv"
        _curve(fig, r, p, name=f"{lab} (AP = {a:.3f})", i=j, hover=hover, shape=shape)
    if point is not None:
        _point(
            fig,
            point,
            i=0,
            hover="threshold<br>recall %{x:.3f}<br>precision %{y:.3f}<extra></extra>",
        )
    _layout(fig, uirevision=uirevision)
    _unit_square(fig, "recall", "precision")
    return fig.figure()


def calibration_figure(
    prob_pred: ArrayLike,
    prob_true: ArrayLike,
    counts: ArrayLike,
    *,
    label: str = "train",
    extra: Sequence[tuple[ArrayLike, ArrayLike, ArrayLike, str]] | None = None,
    show_hist: bool = True,
    uirevision: str = "calibration",
) -> go.Figure:
    """Reliability diagram: observed frequency of class 1 against mean predicted p per bin.

    Parameters
    ----------
    prob_pred : array_like, shape (b,)
        Mean predicted probability per bin.
    prob_true : array_like, shape (b,)
        Observed fraction of class 1 per bin.
    counts : array_like, shape (b,)
        Points per bin: marker area and hover; bins with 0 points or NaN are dropped.
    label : str
    extra : sequence of (prob_pred, prob_true, counts, label), optional
    show_hist : bool
        A small bar chart of the counts under the diagram.
    uirevision : str

    Returns
    -------
    plotly.graph_objects.Figure
    """
    fig = _Draft()
    fig.add_trace(
        _trace(
            "scatter",
            x=[0.0, 1.0],
            y=[0.0, 1.0],
            mode="lines",
            name="perfectly calibrated",
            line={"color": _GREY, "width": 1.5, "dash": "dot"},
            hoverinfo="skip",
        )
    )
    series = [(prob_pred, prob_true, counts, label), *(extra or ())]
    n_max = max((float(np.nanmax(_f32(c))) for _, _, c, _ in series if _f32(c).size), default=1.0)
    for j, (pp, pt, cnt, lab) in enumerate(series):
        pp, pt, cnt = _f32(pp).ravel(), _f32(pt).ravel(), _f32(cnt).ravel()
        ok = np.isfinite(pp) & np.isfinite(pt) & (cnt > 0)
        color, dash = _series(j)
        sizes = 7 + 17 * np.sqrt(cnt[ok] / max(n_max, 1.0))
        fig.add_trace(
            _trace(
                "scatter",
                x=pp[ok],
                y=pt[ok],
                mode="lines+markers",
                name=html.escape(str(lab)),
                legendgroup=str(j),
                line={"color": color, "width": 2, "dash": dash},
                marker={"size": sizes.astype(np.float32), "color": color, "line": {"width": 0}},
                customdata=cnt[ok].astype(np.int32),
                hovertemplate="mean predicted p %{x:.3f}<br>observed frequency %{y:.3f}"
                "<br>%{customdata:,} points<extra>%{fullData.name}</extra>",
            )
        )
        if show_hist:
            width = 0.8 / max(int(ok.sum()), 10) / max(len(series), 1)
            fig.add_trace(
                _trace(
                    "bar",
                    x=pp[ok] + (j - (len(series) - 1) / 2) * width,
                    y=cnt[ok].astype(np.int32),
                    width=width,
                    yaxis="y2",
                    marker={"color": color, "line": {"width": 0}},
                    name=html.escape(str(lab)),
                    legendgroup=str(j),
                    showlegend=False,
                    hovertemplate="%{y:,} points<extra>%{fullData.name}</extra>",
                )
            )
    _layout(fig, uirevision=uirevision)
    top = [0.3, 1.0] if show_hist else [0.0, 1.0]
    fig.update_layout(
        xaxis={
            "title": {"text": "mean predicted probability"},
            "range": [0, 1],
            "autorange": False,
            "anchor": "y2" if show_hist else "y",
            "dtick": 0.2,
        },
        yaxis={
            "title": {"text": "observed frequency"},
            "range": [0, 1],
            "autorange": False,
            "domain": top,
            "dtick": 0.2,
        },
        legend={"x": 0.02, "y": 1.0, "xanchor": "left", "yanchor": "top"},
        bargap=0,
    )
    if show_hist:
        fig.update_layout(
            yaxis2={"domain": [0.0, 0.2], "title": {"text": "count"}, "rangemode": "tozero"}
        )
    return fig.figure()


def confusion_figure(cm: ArrayLike, class_names: Sequence[str] = ("0", "1")) -> go.Figure:
    """Annotated 2×2 confusion matrix: counts and row (actual-class) percentages.

    Parameters
    ----------
    cm : array_like of int, shape (2, 2)
        ``cm[i, j]`` = number of points of actual class i predicted as class j.
    class_names : pair of str

    Returns
    -------
    plotly.graph_objects.Figure
        Cell colour is the row fraction, so the diagonal shows per-class recall.
    """
    cm = np.asarray(cm, dtype=np.int64)
    if cm.shape != (2, 2):
        raise ValueError(f"cm must have shape (2, 2), got {cm.shape}")
    rows = cm.sum(axis=1, keepdims=True)
    frac = np.divide(cm, rows, out=np.zeros((2, 2)), where=rows > 0)
    names = [html.escape(str(s)) for s in class_names]
    tags = np.array([["TN", "FP"], ["FN", "TP"]])
    text = [
        [f"{tags[i, j]}<br><b>{cm[i, j]:,}</b><br>{100 * frac[i, j]:.1f}%" for j in (0, 1)]
        for i in (0, 1)
    ]
    fig = _Draft()
    fig.add_trace(
        _trace(
            "heatmap",
            z=frac.astype(np.float32),
            x=names,
            y=names,
            zmin=0,
            zmax=1,
            colorscale=[[0.0, "#f7f7f7"], [1.0, SERIES_COLORS[0]]],
            showscale=False,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 18},
            xgap=3,
            ygap=3,
            customdata=cm,
            hovertemplate="actual %{y}<br>predicted %{x}<br>%{customdata:,} points"
            "<br>%{z:.1%} of actual %{y}<extra></extra>",
        )
    )
    _layout(fig, uirevision="confusion")
    fig.update_layout(
        height=320,
        xaxis={
            "title": {"text": "predicted"},
            "side": "bottom",
            "showgrid": False,
            "type": "category",
        },
        yaxis={
            "title": {"text": "actual"},
            "autorange": "reversed",
            "showgrid": False,
            "type": "category",
        },
    )
    return fig.figure()


def coef_figure(
    names: Sequence[str],
    coef: ArrayLike,
    ci_low: ArrayLike | None = None,
    ci_high: ArrayLike | None = None,
    *,
    class_names: Sequence[str] = ("0", "1"),
) -> go.Figure:
    """Horizontal bars of the coefficients with optional confidence intervals.

    Bars pointing right (positive) push towards class 1 and are drawn in its colour;
    negative ones in the class-0 colour.

    Parameters
    ----------
    names : sequence of str, length d
    coef : array_like, shape (d,)
    ci_low, ci_high : array_like, shape (d,), optional
        Interval bounds, drawn as error bars.
    class_names : pair of str
        For the hover text.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    coef = np.asarray(coef, dtype=np.float64).ravel()
    labels = [html.escape(str(s)) for s in names]
    if len(labels) != coef.size:
        raise ValueError("names and coef must have the same length")
    colors = np.where(coef >= 0, CLASS_COLORS[1], CLASS_COLORS[0])
    error_x = None
    custom = None
    if ci_low is not None and ci_high is not None:
        lo = np.asarray(ci_low, dtype=np.float64).ravel()
        hi = np.asarray(ci_high, dtype=np.float64).ravel()
        error_x = {
            "type": "data",
            "symmetric": False,
            "array": (hi - coef).astype(np.float32),
            "arrayminus": (coef - lo).astype(np.float32),
            "color": _GREY,
            "thickness": 2,
            "width": 6,
        }
        custom = np.stack([lo, hi], axis=1).astype(np.float32)
    c0, c1 = (html.escape(str(s)) for s in class_names)
    hover = "%{y}<br>coefficient %{x:.4g}"
    if custom is not None:
        hover += "<br>interval [%{customdata[0]:.4g}, %{customdata[1]:.4g}]"
    fig = _Draft()
    fig.add_trace(
        _trace(
            "bar",
            x=coef.astype(np.float32),
            y=labels,
            orientation="h",
            marker={"color": colors.tolist(), "line": {"width": 0}},
            error_x=error_x,
            customdata=custom,
            hovertemplate=hover + "<extra></extra>",
            name="coefficient",
        )
    )
    _layout(fig, uirevision="coef")
    fig.add_vline(x=0.0, line={"color": _GREY, "width": 1.5})
    fig.update_layout(
        xaxis={
            "title": {"text": f"coefficient   (← towards {c0}  ·  towards {c1} →)"},
            "zeroline": False,
        },
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(220, 90 + 34 * coef.size),
        showlegend=False,
    )
    return fig.figure()


# ---------------------------------------------------------------------------------------
# Teaching curves
# ---------------------------------------------------------------------------------------


def sigmoid_figure(z_point: float | None = None) -> go.Figure:
    """The logistic function σ(z) = 1 / (1 + e^(−z)) on z ∈ [−8, 8].

    Parameters
    ----------
    z_point : float, optional
        Marked on the curve with its value.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    z = np.linspace(-8.0, 8.0, 161)
    s = 1.0 / (1.0 + np.exp(-z))
    fig = _Draft()
    fig.add_hline(y=0.5, line={"color": _GREY, "width": 1, "dash": "dot"})
    fig.add_trace(
        _trace(
            "scatter",
            x=z.astype(np.float32),
            y=s.astype(np.float32),
            mode="lines",
            name="σ(z)",
            line={"color": SERIES_COLORS[0], "width": 3},
            hovertemplate="z = %{x:.2f}<br>σ(z) = %{y:.3f}<extra></extra>",
        )
    )
    if z_point is not None:
        zp = float(z_point)
        sp = 1.0 / (1.0 + np.exp(-np.clip(zp, -700, 700)))
        fig.add_trace(
            _trace(
                "scatter",
                x=[float(np.clip(zp, -8, 8))],
                y=[sp],
                mode="markers+text",
                text=[f"σ({zp:.2f}) = {sp:.3f}"],
                textposition="middle right" if zp < 0 else "middle left",
                marker={
                    "size": 13,
                    "color": SERIES_COLORS[1],
                    "line": {"color": "white", "width": 2},
                },
                name="your z",
                hovertemplate="z = %{x:.2f}<br>σ(z) = %{y:.3f}<extra></extra>",
            )
        )
    _layout(fig, uirevision="sigmoid")
    fig.update_layout(
        xaxis={"title": {"text": "z = w·x + b"}, "range": [-8, 8], "autorange": False},
        yaxis={"title": {"text": "σ(z) = P(class 1)"}, "range": [-0.03, 1.03], "autorange": False},
        showlegend=False,
    )
    return fig.figure()


def logloss_figure(
    p_point: float | None = None, *, class_names: Sequence[str] = ("0", "1")
) -> go.Figure:
    """Per-point log-loss: −log p if the label is 1, −log(1 − p) if it is 0, for p ∈ (0, 1).

    Parameters
    ----------
    p_point : float, optional
        A predicted P(class 1), marked on both curves.
    class_names : pair of str

    Returns
    -------
    plotly.graph_objects.Figure
    """
    c0, c1 = (html.escape(str(s)) for s in class_names)
    p = np.linspace(0.002, 0.998, 250)
    fig = _Draft()
    curves = (
        (1, -np.log(p), f"label {c1}: −log p", "solid"),
        (0, -np.log1p(-p), f"label {c0}: −log(1 − p)", "dash"),
    )
    for k, loss, name, dash in curves:
        fig.add_trace(
            _trace(
                "scatter",
                x=p.astype(np.float32),
                y=loss.astype(np.float32),
                mode="lines",
                name=name,
                line={"color": CLASS_COLORS[k], "width": 3, "dash": dash},
                hovertemplate="p = %{x:.3f}<br>loss = %{y:.3f}<extra>%{fullData.name}</extra>",
            )
        )
    if p_point is not None:
        pp = float(np.clip(p_point, 1e-12, 1 - 1e-12))
        for k, loss in ((1, -np.log(pp)), (0, -np.log1p(-pp))):
            fig.add_trace(
                _trace(
                    "scatter",
                    x=[pp],
                    y=[float(min(loss, 6.5))],
                    mode="markers",
                    marker={
                        "size": 13,
                        "symbol": CLASS_SYMBOLS[k],
                        "color": CLASS_COLORS[k],
                        "line": {"color": "white", "width": 2},
                    },
                    name=f"label {(c0, c1)[k]} at p = {pp:.3f}",
                    customdata=[float(loss)],
                    hovertemplate="p = %{x:.3f}<br>loss = %{customdata:.3f}<extra></extra>",
                    showlegend=False,
                )
            )
    _layout(fig, uirevision="logloss")
    fig.update_layout(
        xaxis={"title": {"text": f"predicted p = P({c1})"}, "range": [0, 1], "autorange": False},
        yaxis={"title": {"text": "log-loss"}, "range": [0, 6.5], "autorange": False},
        legend={"x": 0.5, "y": 1.0, "xanchor": "center", "yanchor": "top"},
    )
    return fig.figure()


def landscape_figure(
    w1_grid: ArrayLike,
    w2_grid: ArrayLike,
    J: ArrayLike,
    *,
    path: ArrayLike | None = None,
    names: Sequence[str] = ("w1", "w2"),
    log_color: bool = True,
    max_path: int = 2000,
    uirevision: str = "landscape",
) -> go.Figure:
    """Filled contour map of the loss surface with an optimiser path.

    Parameters
    ----------
    w1_grid : array_like, shape (n1,)
    w2_grid : array_like, shape (n2,)
    J : array_like, shape (n2, n1)
        Loss at ``(w1_grid[j], w2_grid[i])`` in ``J[i, j]``.
    path : array_like, shape (k, 2), optional
        Successive (w1, w2) of the optimiser; thinned to ``max_path`` vertices.
    names : pair of str
        Axis titles.
    log_color : bool
        Space the contour levels on log10(J) (losses span decades); hover shows J.
    max_path : int
    uirevision : str

    Returns
    -------
    plotly.graph_objects.Figure
    """
    g1 = _f32(w1_grid).ravel()
    g2 = _f32(w2_grid).ravel()
    J = np.asarray(J, dtype=np.float64)
    if J.shape != (g2.size, g1.size):
        raise ValueError(f"J has shape {J.shape}, expected (len(w2_grid), len(w1_grid))")
    n1, n2 = (html.escape(str(s)) for s in names)
    positive = bool(np.all(J[np.isfinite(J)] > 0))
    use_log = log_color and positive and J.size > 0
    z = np.log10(J) if use_log else J
    colorbar: dict[str, object] = {"title": {"text": "loss J", "side": "right"}, "thickness": 14}
    if use_log and np.isfinite(z).any():
        lo, hi = np.floor(np.nanmin(z)), np.ceil(np.nanmax(z))
        ticks = np.arange(lo, hi + 1)
        vals = np.concatenate([ticks, ticks + np.log10(3)])
        vals = np.sort(vals[(vals >= np.nanmin(z)) & (vals <= np.nanmax(z))])
        colorbar.update(tickvals=vals.tolist(), ticktext=[f"{10**v:.3g}" for v in vals])
    fig = _Draft()
    fig.add_trace(
        _trace(
            "contour",
            x=g1,
            y=g2,
            z=z.astype(np.float32),
            colorscale=_VIRIDIS,
            reversescale=True,
            ncontours=24,
            contours={"coloring": "heatmap", "showlines": True},
            line={"width": 0.5, "color": "rgba(255,255,255,0.35)"},
            colorbar=colorbar,
            customdata=J.astype(np.float32) if use_log else None,
            hovertemplate=f"{n1} = %{{x:.3g}}<br>{n2} = %{{y:.3g}}<br>J = "
            + ("%{customdata:.4f}" if use_log else "%{z:.4f}")
            + "<extra></extra>",
            name="loss",
        )
    )
    if path is not None:
        P = np.asarray(path, dtype=np.float64).reshape(-1, 2)
        if len(P):
            keep = _thin(len(P), max_path)
            Q = P[keep].astype(np.float32)
            fig.add_trace(
                _trace(
                    "scatter",
                    x=Q[:, 0],
                    y=Q[:, 1],
                    mode="lines+markers",
                    name="optimiser path",
                    line={"color": SERIES_COLORS[1], "width": 2.5},
                    marker={"size": 5, "color": SERIES_COLORS[1]},
                    customdata=keep.astype(np.int32),
                    hovertemplate=f"step %{{customdata}}<br>{n1} = %{{x:.4g}}<br>"
                    f"{n2} = %{{y:.4g}}<extra></extra>",
                )
            )
            for label, row, symbol in (("start", P[0], "square"), ("end", P[-1], "star")):
                fig.add_trace(
                    _trace(
                        "scatter",
                        x=[float(row[0])],
                        y=[float(row[1])],
                        mode="markers",
                        name=label,
                        marker={
                            "symbol": symbol,
                            "size": 16,
                            "color": "white",
                            "line": {"color": "black", "width": 2},
                        },
                        hovertemplate=f"{label}<br>{n1} = %{{x:.4g}}<br>{n2} = %{{y:.4g}}"
                        "<extra></extra>",
                    )
                )
    _layout(fig, uirevision=uirevision)
    fig.update_layout(
        xaxis={
            "title": {"text": n1},
            "range": [float(g1.min()), float(g1.max())] if g1.size else None,
        },
        yaxis={
            "title": {"text": n2},
            "range": [float(g2.min()), float(g2.max())] if g2.size else None,
        },
        legend={"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom"},
        margin={"t": MARGIN_TOP + 15, "l": MARGIN_LEFT + 8, "r": 84},  # legend row, colorbar
    )
    return fig.figure()


# ---------------------------------------------------------------------------------------
# Teaching: the data seen through the model's score
# ---------------------------------------------------------------------------------------


def logit_figure(
    z: ArrayLike,
    y: ArrayLike,
    *,
    class_names: Sequence[str] = ("0", "1"),
    z_point: float | None = None,
    jitter: float = 0.05,
    max_points: int = 2000,
    height: int | None = None,
    uirevision: str = "logit",
) -> go.Figure:
    """The "logit view": each point at its score z on the x-axis, its class on the y-axis.

    The sigmoid σ(z) is drawn over the points: a class-1 point (drawn near y = 1) far to the
    right and a class-0 point (near y = 0) far to the left are predicted confidently and
    correctly; points on the wrong side of z = 0 are the model's mistakes.

    Parameters
    ----------
    z : array_like, shape (n,)
        Scores ``b + w·φ(x)`` of the points.
    y : array_like of {0, 1}, shape (n,)
        Labels; each point is drawn at ``y`` plus a seeded vertical jitter of ±``jitter``.
    class_names : pair of str
    z_point : float, optional
        A score to mark on the curve (the person's z slider).
    jitter : float
        Half-height of the vertical spread, so points with similar z do not hide each other.
    max_points : int
        At most this many points are drawn (a seeded uniform subsample), announced by a note.
    height : int, optional
        Figure height in pixels.
    uirevision : str

    Returns
    -------
    plotly.graph_objects.Figure
        Traces: the curve "σ(z)", one marker trace per class (named with how many of that
        class lie on the wrong side of z = 0), and "your z" when ``z_point`` is given.
    """
    z = np.asarray(z, dtype=np.float64).ravel()
    lab = _labels01(y, z.size, "y")
    names = [html.escape(str(s)) for s in class_names]
    keep = subsample_indices(z.size, max_points, seed=0)
    zk, yk = z[keep], lab[keep]
    rng = np.random.default_rng(0)
    yj = yk + rng.uniform(-jitter, jitter, size=zk.size)
    finite = zk[np.isfinite(zk)]
    reach = max(6.0, float(np.abs(finite).max()) * 1.05 if finite.size else 6.0)
    reach = min(reach, 1e6)
    zc = np.linspace(-reach, reach, 401)
    traces: list[dict[str, Any]] = [
        _trace(
            "scatter",
            x=zc.astype(np.float32),
            y=(1.0 / (1.0 + np.exp(-np.clip(zc, -700, 700)))).astype(np.float32),
            mode="lines",
            name="σ(z)",
            line={"color": SERIES_COLORS[6], "width": 2.5},
            hovertemplate="z = %{x:.2f}<br>σ(z) = %{y:.3f}<extra></extra>",
        )
    ]
    size = _marker_size(zk.size)
    for k in (0, 1):
        m = yk == k
        p = 1.0 / (1.0 + np.exp(-np.clip(zk[m], -700, 700)))
        wrong = int(np.sum((z[lab == k] > 0) != (k == 1)))
        traces.append(
            _trace(
                "scatter",
                x=zk[m].astype(np.float32),
                y=yj[m].astype(np.float32),
                mode="markers",
                name=f"class {names[k]} ({wrong} on the wrong side)",
                marker={
                    "symbol": CLASS_SYMBOLS[k],
                    "size": size,
                    "color": CLASS_COLORS[k],
                    "opacity": 0.75,
                    "line": {"color": "white", "width": 0.5},
                },
                customdata=p.astype(np.float32),
                hovertemplate=f"class {names[k]}<br>z = %{{x:.3f}}<br>"
                f"P({names[1]}) = %{{customdata:.3f}}<extra></extra>",
            )
        )
    if z_point is not None and np.isfinite(z_point):
        zp = float(np.clip(z_point, -reach, reach))
        traces.append(
            _trace(
                "scatter",
                x=[zp],
                y=[float(1.0 / (1.0 + np.exp(-np.clip(zp, -700.0, 700.0))))],
                mode="markers",
                name="your z",
                marker={
                    "size": 14,
                    "color": SERIES_COLORS[1],
                    "symbol": "diamond",
                    "line": {"color": "white", "width": 2},
                },
                hovertemplate="your z = %{x:.2f}<br>σ(z) = %{y:.3f}<extra></extra>",
            )
        )
    annotations = []
    if keep.size < z.size:
        annotations.append(
            {
                "text": f"showing {keep.size:,} of {z.size:,} points",
                "xref": "paper",
                "yref": "paper",
                "x": 1.0,
                "y": 0.0,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12, "color": _GREY},
            }
        )
    fig = _Draft()
    _layout(fig, uirevision=uirevision)
    fig.update_layout(
        xaxis={"title": {"text": "score z = b + w·φ(x)"}, "range": [-reach, reach]},
        yaxis={
            "title": {"text": f"P({names[1]})  ·  actual class"},
            "range": [-0.1 - jitter, 1.1 + jitter],
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
        },
        shapes=[
            {
                "type": "line",
                "x0": 0.0,
                "x1": 0.0,
                "xref": "x",
                "y0": 0.0,
                "y1": 1.0,
                "yref": "paper",
                "line": {"color": _GREY, "width": 1, "dash": "dot"},
            }
        ],
        legend={"orientation": "h", "x": 0.0, "y": 1.0, "yanchor": "bottom"},
        margin={"t": MARGIN_TOP + 30},  # the legend's row and the annotations above the plot
        height=height,
    )
    if annotations:
        fig.update_layout(annotations=annotations)
    fig.add_traces(traces)
    return fig.figure()
