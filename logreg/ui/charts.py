"""Plotly charts that update in place, for the Playground's live frames.

``st.plotly_chart`` gives a chart an element id computed from its whole figure, so every changed
figure is a new element: the browser throws the old chart away and builds a new one
(``Plotly.newPlot``; the frontend keeps the first figure for as long as an id stays). During
live training that rebuild was most of the browser's work (300-450 ms per update in a
software-rendered headless Chromium: 2.6 updates a second instead of 10).

:func:`live_charts` draws figures side by side in a small custom component
(``assets/live_chart.html``: Streamlit's component protocol without its JS library) that keeps
one iframe per ``key`` and calls ``Plotly.react`` with each new figure. A rerun costs a
software-rendered browser ~100 ms of React rendering, so one rerun carries several frames
(``earlier``) that the frame plays in turn, with the numbers above the charts and the model's
equation under them drawn in the frame too: 3 reruns a second show 12 frames. While paused,
:func:`standby` keeps the frame in its place, unseen, with plotly.js loaded. What changes on
every frame (the probability surface, boundary lines, misclassified rings, loss curves: the traces
marked ``meta.live``) it draws on canvases in Plotly's axes, so Plotly itself redraws only when
the rest changes (axes, points, legend, a person's zoom). The iframe loads the plotly.js that
ships with the ``plotly`` Python package, copied once into a temporary folder (a component
serves the files of one folder). Without that file :func:`live_charts` falls back to
``st.plotly_chart`` (correct, only slower).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
import streamlit.components.v1 as components

_HTML = Path(__file__).with_name("assets") / "live_chart.html"
_lock = threading.Lock()
_component: Any = None
_ready: bool | None = None


def _asset_dir() -> Path | None:
    """A folder with ``index.html`` and ``plotly.min.js``, made once per version."""
    js = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
    if not js.is_file() or not _HTML.is_file():
        return None
    html = _HTML.read_bytes()
    tag = hashlib.sha256(html + plotly.__version__.encode()).hexdigest()[:12]
    owner = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"logreg-live-chart-{owner}-{tag}"
    if not (folder / "index.html").is_file():
        _make(folder, js, html)
    # only a folder this user made (a shared /tmp: never serve another user's files)
    ok = (folder / "index.html").is_file() and folder.stat().st_uid == owner
    return folder if ok else None


def _make(folder: Path, js: Path, html: bytes) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="logreg-live-chart-", dir=tempfile.gettempdir()))
    try:
        shutil.copyfile(js, tmp / "plotly.min.js")
        (tmp / "index.html").write_bytes(html)
        os.chmod(tmp, 0o755)
        os.replace(tmp, folder)  # atomic; another process may have been first
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _get_component() -> Any:
    global _component, _ready
    with _lock:
        if _ready is None:
            try:
                folder = _asset_dir()
            except OSError:
                folder = None
            if folder is not None:
                _component = components.declare_component("logreg_live_chart", path=str(folder))
            _ready = folder is not None
        return _component


def available() -> bool:
    """True when :func:`live_charts` draws its own frame (not the ``st.plotly_chart`` fallback)."""
    return _get_component() is not None


# For tests, benchmarks and load scripts (browser JS, no arguments): the text of the Iteration
# number on show, or null. While training plays the live frame draws it (``data-metric`` in
# ``assets/live_chart.html``); paused, Streamlit's ``st.metric`` does.
SHOWN_ITERATION_JS = """() => {
  const doc = document.querySelector('.st-key-pg_live iframe')?.contentDocument;
  const live = doc?.querySelector("[data-metric='Iteration'] .value");
  if (live) return live.textContent;
  const box = [...document.querySelectorAll("[data-testid='stMetric']")]
    .find((m) => m.innerText.includes('Iteration'));
  const v = box?.querySelector("[data-testid='stMetricValue']");
  return v ? v.innerText : null;
}"""


# Our own constant CSS: a frame on standby (zero height) takes no room and adds no gap.
STANDBY_CSS = """<style>
.stElementContainer:has(> div > iframe.stCustomComponentV1[height="0"]) {
  position: absolute; height: 0; overflow: hidden; visibility: hidden;
}
</style>"""


def standby(key: str) -> None:
    """An unseen, zero-height frame where ``live_charts(key=key)`` will draw: kept in the page
    while nothing plays, it has plotly.js loaded (when the browser is idle) and its charts
    kept, so Play draws at once instead of after a new frame has loaded (about 2 s in a
    software-rendered Chromium). Nothing without the component."""
    component = _get_component()
    if component is not None:
        component(standby=True, key=key, default=None)
        st.html(STANDBY_CSS)


Stats = Sequence[tuple[str, str]]
Earlier = Sequence[go.Figure | list[dict[str, Any]] | float]


def live_traces(fig: go.Figure) -> list[dict[str, Any]]:
    """The ``meta.live`` traces of ``fig`` as plain JSON (numpy arrays as base64 typed arrays)."""
    data = json.loads(pio.to_json(fig, validate=False)).get("data", [])
    return [t for t in data if isinstance(t.get("meta"), dict) and t["meta"].get("live")]


def compact(traces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Live surfaces (JSON traces) with ``z`` as bytes: 0-255 between ``zmin`` and ``zmax``
    (``meta.zq = 255``), a quarter of float32's size and more than the 256 colours a canvas
    shows anyway. Other traces are left as they are (changed in place and returned)."""
    for t in traces:
        z, meta = t.get("z"), t.get("meta")
        if not (isinstance(meta, dict) and meta.get("live") == "surface" and isinstance(z, dict)):
            continue
        if z.get("dtype") not in ("f4", "f8") or "bdata" not in z:
            continue
        lo, hi = float(t.get("zmin", 0.0)), float(t.get("zmax", 1.0))
        v = np.frombuffer(base64.b64decode(z["bdata"]), dtype=np.dtype(z["dtype"]))
        q = np.rint(np.clip((v - lo) / ((hi - lo) or 1.0), 0.0, 1.0) * 255).astype(np.uint8)
        t["z"] = {**z, "dtype": "u1", "bdata": base64.b64encode(q.tobytes()).decode()}
        t["meta"] = {**meta, "zq": 255}
    return traces


def _entry(e: go.Figure | list[dict[str, Any]] | float) -> list[dict[str, Any]] | float:
    """An earlier frame's entry for one chart, as the frame takes it."""
    if isinstance(e, int | float):
        return e
    return compact(live_traces(e) if isinstance(e, go.Figure) else e)


def _spec(fig: go.Figure) -> str:
    """A figure's JSON for the frame, its live surface compacted."""
    d = json.loads(pio.to_json(fig, validate=False))
    compact(d.get("data", []))
    return json.dumps(d, separators=(",", ":"))


def live_charts(
    figs: Sequence[go.Figure],
    *,
    key: str,
    widths: Sequence[float] | None = None,
    min_widths: Sequence[int] | None = None,
    config: dict[str, Any] | None = None,
    stats: Stats | None = None,
    footer: str | None = None,
    earlier: Sequence[tuple[Earlier, Stats | None] | tuple[Earlier, Stats | None, str]] = (),
    seq: str = "",
    period_s: float = 0.25,
    present: bool = False,
) -> None:
    """Draw ``figs`` side by side so that a rerun with new figures updates them in place.

    A rerun can carry several frames: ``earlier`` frames are played first, evenly spaced over
    the time between reruns, and ``figs``/``stats`` last, so a page rerun a few times a second
    still moves ten or more times a second.

    Parameters
    ----------
    figs : sequence of plotly.graph_objects.Figure
        The figures, left to right; a figure's ``layout.height`` (default 450 px) is its
        height, and the row is as tall as the tallest. ``layout.uirevision`` keeps a person's
        zoom while it stays the same. Traces with ``meta.live`` are drawn on a canvas (see
        :func:`logreg.figures.decision_figure`).
    key : str
        One row of charts per key; the same key on the next rerun updates that row.
    widths : sequence of float, optional
        Relative widths (default equal), like ``st.columns``.
    min_widths : sequence of int, optional
        Each chart's minimum width in px: charts wrap under each other in a frame narrower
        than these (as the page's own columns, :data:`logreg.ui.page.COLUMN_LAYOUTS`).
    config : dict, optional
        Plotly config (toolbar), for every chart.
    stats : sequence of (label, value), optional
        A row of numbers above the charts, drawn like ``st.metric`` (the last frame's).
    footer : str, optional
        HTML drawn under the charts (the last frame's): the app's own markup, with anything
        a person supplied already escaped (:func:`logreg.lab.equation_html`).
    earlier : sequence of (per-figure entries, stats[, footer])
        Frames shown before ``figs``, oldest first. An entry per figure is a figure (its
        ``meta.live`` traces are drawn, the rest comes from ``figs``), those traces already
        as JSON (:func:`logreg.figures.decision_live_traces`), or a number ``x``: the last
        frame's live traces cut at ``x`` (a loss curve that had not got that far yet).
    seq : str
        Names this rerun's frames: a render with the same ``seq`` (a resize, a theme change)
        shows the last frame without playing the earlier ones again.
    period_s : float
        Expected seconds between reruns, to space the first rerun's frames (later ones are
        spaced by the measured time between reruns).
    present : bool
        Presenter mode: the numbers' row in the larger type the page uses then.
    """
    component = _get_component()
    if component is None:
        if stats:
            for col, (label, value) in zip(st.columns(len(stats)), stats, strict=True):
                col.metric(label, value)
        cols = st.columns(list(widths) if widths is not None else len(figs))
        for i, (col, fig) in enumerate(zip(cols, figs, strict=True)):
            col.plotly_chart(fig, key=f"{key}_{i}", width="stretch", config=config)
        if footer:
            st.html(footer)
        return
    frames = []
    for entries, frame_stats, *rest in earlier:
        live = [_entry(e) for e in entries]
        frame = {"live": live, "stats": [list(s) for s in frame_stats or []]}
        if rest and rest[0]:
            frame["footer"] = rest[0]
        frames.append(frame)
    component(
        specs=[_spec(fig) for fig in figs],
        widths=list(widths) if widths is not None else [1] * len(figs),
        min_widths=list(min_widths or []),
        config=config or {},
        stats=[list(s) for s in stats or []],
        footer=footer or "",
        frames=frames,
        seq=seq,
        period=period_s,
        present=present,
        key=key,
        default=None,
    )
