"""The Playground view: transport buttons, the live fragment with charts, replay."""

from __future__ import annotations

import math
import time

import numpy as np
import streamlit as st

from logreg import figures, lab
from logreg.lab import Run, Settings
from logreg.ui import page, state
from logreg.ui.charts import available as live_charts_available
from logreg.ui.charts import live_charts
from logreg.ui.charts import standby as live_standby
from logreg.ui.text import md

FRAME_S = 1 / 12  # one live frame: 'Iterations per frame' of training, 12 frames a second
# The live fragment runs RERUN_S apart and sends the frames of that time (4) in one go; the
# browser plays them in turn. A Streamlit rerun costs a browser far more than a frame does
# (~100 ms of rendering in a software-rendered Chromium), so 3 reruns carry 12 frames a second.
RERUN_S = 1 / 3
MAX_FRAMES = 6  # frames sent by one rerun (a slow page gets more iterations in each)
# A rerun stops taking snapshots for its earlier frames once it has worked this long (on 1e6
# rows a snapshot costs ~0.1 s), so a Pause is answered as promptly as before.
SHOTS_BUDGET_S = 0.15
# Training time per frame: on large data 'Iterations per frame' is cut short here, so the
# page keeps its pace (a full-batch step on 1e6 rows takes ~20 ms).
STEP_BUDGET_S = 0.05
# When reruns come further apart than RERUN_S (a slow browser, a big data set), a rerun
# catches up: it takes the iterations of the frame periods that passed (the pace people chose,
# 'Iterations per frame' x 12 a second), at most MAX_CATCH_UP periods' worth, and trains for at
# most TRAIN_SHARE of the time those periods took (never over MAX_STEP_S): drawing keeps the
# rest, and a Pause is answered within about MAX_STEP_S.
MAX_CATCH_UP = 24
TRAIN_SHARE = 0.6
MAX_STEP_S = 1.5
STALE_S = 10.0
GRID_LIVE = 60  # probability grid while training runs
GRID_STILL = 140  # and when paused
BUTTON_W = 150  # px: Play / Pause, Step, Reset
# Points drawn while training runs (SVG): a chart is drawn anew on every live frame, and a
# WebGL chart costs a slow browser ~0.6 s just to set up (5,000 points: 0.8 s a frame, 1,500
# in SVG: 0.3 s). Paused, the chart shows up to 5,000 (WebGL above figures.WEBGL_FROM).
POINTS_LIVE = figures.WEBGL_FROM
POINTS_STILL = 5000


def transport(run: Run) -> None:
    """Play / Pause, Step, Reset: each a full rerun so the live timer starts or stops."""
    t = run.trainer
    # One row of fixed-width buttons that wraps on a narrow screen: never a cut label ("Re…").
    row = st.container(horizontal=True)
    if state.running():
        if row.button("Pause", key="btn_pause", icon=":material/pause:", width=BUTTON_W):
            state.set_running(False)
            st.rerun()
    elif row.button(
        "Play",
        key="btn_play",
        icon=":material/play_arrow:",
        type="primary",
        width=BUTTON_W,
        help="Train from the start (or continue) and watch the model learn.",
    ):
        if t.done:
            run = run.restart()
            state.set_run(run, state.run_key())
        state.set_running(True)
        st.rerun()
    if row.button(
        "Step",
        key="btn_step",
        icon=":material/skip_next:",
        width=BUTTON_W,
        help="Pause and take the next few iterations (as many as 'Iterations per frame').",
    ):
        state.set_running(False)
        if t.done and not t.diverged:
            run = run.restart()
            state.set_run(run, state.run_key())
        _step(run)
        st.rerun()
    if row.button(
        "Reset",
        key="btn_reset",
        icon=":material/replay:",
        width=BUTTON_W,
        help="Back to iteration 0.",
    ):
        state.set_running(False)
        state.set_run(run.restart(), state.run_key())
        st.rerun()


def _step(run: Run, periods: float = 1.0) -> None:
    """``periods`` frames' worth of training: 'Iterations per frame' each, in at most about
    ``TRAIN_SHARE`` of those periods' time (a single frame's: ``STEP_BUDGET_S``)."""
    iters = max(1, round(run.settings.speed * periods))
    budget = min(max(STEP_BUDGET_S, TRAIN_SHARE * periods * FRAME_S), MAX_STEP_S)
    lab.advance(run.trainer, iters, budget_s=budget)


def _play(run: Run, periods: float) -> list[lab.Snapshot]:
    """Train ``periods`` frames' worth in up to ``MAX_FRAMES`` parts; the snapshots after each
    part but the last (the last is drawn as the page's own state)."""
    t = run.trainer
    n = min(max(1, round(periods)), MAX_FRAMES)
    total = max(1, round(run.settings.speed * periods))
    budget = min(max(STEP_BUDGET_S, TRAIN_SHARE * periods * FRAME_S), MAX_STEP_S)
    shots: list[lab.Snapshot] = []
    start = time.perf_counter()
    for k in range(n):
        if k and time.perf_counter() - start > budget:
            break  # slow iterations (an sgd pass over 1e6 rows): the pace is what compute allows
        want = round(total * (k + 1) / n) - round(total * k / n)
        if want:
            lab.advance(t, want, budget_s=budget / n)
        if t.done:
            break
        if (
            k < n - 1
            and (not shots or shots[-1].iteration != t.n_iter)
            and time.perf_counter() - start < SHOTS_BUDGET_S  # big data: fewer, larger frames
        ):
            shots.append(lab.snapshot(run, grid=GRID_LIVE))
    return shots


def frame_periods(now: float, last: float | None) -> float:
    """How many frame periods a live rerun stands for: the time since the last one, in
    periods of ``FRAME_S``, between 1 and ``MAX_CATCH_UP`` (``RERUN_S`` worth for the first
    rerun, and after a pause of more than ``STALE_S``, e.g. a visit to another page while
    playing)."""
    if last is None or now - last > STALE_S:
        return RERUN_S / FRAME_S
    return min(max((now - last) / FRAME_S, 1.0), float(MAX_CATCH_UP))


def live(settings: Settings) -> None:
    """The fragment that advances training and redraws, ``RERUN_S`` apart while playing."""

    scheduled = state.running()  # this definition's timer: on while training plays

    @st.fragment(run_every=RERUN_S if scheduled else None)
    def frame() -> None:
        run = state.current_run()
        if run is None:
            return
        if scheduled and not state.running():
            # A live timer that outlived the Pause (the full rerun that should have replaced
            # this definition never reached the page, seen once under load: a Pause button
            # over paused charts, frames firing forever). Redraw the whole page so buttons,
            # charts and timer agree again.
            st.rerun(scope="app")
        shots: list[lab.Snapshot] = []
        if state.running():
            now = time.perf_counter()
            shots = _play(run, frame_periods(now, st.session_state.get(state.LAST_FRAME)))
            st.session_state[state.LAST_FRAME] = now
            if run.trainer.done:
                state.set_running(False)
                st.rerun(scope="app")
        draw(run, settings, shots)

    frame()


def draw(run: Run, settings: Settings, earlier: list[lab.Snapshot] | None = None) -> None:
    """Metrics, boundary chart, loss chart and the equation at the shown iteration; while
    playing, the ``earlier`` snapshots of this rerun are played first (see :func:`live`)."""
    t = run.trainer
    playing = state.running()
    replay = None if playing else st.session_state.get(state.REPLAY)
    if replay is not None and replay >= t.n_iter:
        replay = None
    snap = lab.snapshot(run, replay, grid=GRID_LIVE if playing else GRID_STILL)
    stats = _stats(snap, settings)
    decision = _decision(run, settings, snap, playing)
    loss = _loss(run, settings, snap, playing)
    names = run.pipeline.feature_names_
    framed = playing and decision is not None and live_charts_available()
    if framed:
        # One frame for the numbers, both charts and the equation; this rerun's frames play
        # in turn.
        live_charts(
            [decision, loss],
            widths=[3, 2],
            min_widths=page.COLUMN_LAYOUTS["chart_side"],  # as the paused page's columns
            key="pg_live",
            config=_CONFIG,
            stats=stats,
            footer=lab.equation_html(names, snap.w, snap.b),
            earlier=[
                (
                    (_decision_live(run, settings, s), float(s.iteration)),
                    _stats(s, settings),
                    lab.equation_html(names, s.w, s.b),
                )
                for s in earlier or []
            ],
            seq=f"{id(t)}-{snap.iteration}",
            period_s=RERUN_S,
            present=settings.present,
        )
    else:
        if decision is not None and live_charts_available():
            # the live frame's place, unseen: loaded before Play (same key, same position)
            live_standby(key="pg_live")
        m = st.columns(len(stats))
        for col, (label, value) in zip(m, stats, strict=True):
            col.metric(label, value)
        left, right = page.columns([3, 2], layout="chart_side", key="pg_charts")
        with left:
            if decision is None:
                st.info("The boundary can be drawn for two input columns only.")
            elif playing:  # no live component: Streamlit's chart, redrawn on every rerun
                live_charts([decision], key="pg_live_decision", config=_CONFIG)
            else:
                st.plotly_chart(decision, key="pg_decision", width="stretch", config=_CONFIG)
        with right:
            if playing:
                live_charts(
                    [loss],
                    key="pg_live_loss",
                    config=_CONFIG,
                    earlier=[((float(s.iteration),), None) for s in earlier or []],
                    seq=f"{id(t)}-{snap.iteration}",
                    period_s=RERUN_S,
                )
            else:
                st.plotly_chart(loss, key="pg_loss", width="stretch", config=_CONFIG)
    if not framed:  # (while the live frame plays, it draws the equation of every frame)
        # HTML, not st.latex: the same equation without the TeX engine's code, which a first
        # load of the page would fetch and run before drawing any chart (~0.2 s; benchmarks/)
        st.html(lab.equation_html(names, snap.w, snap.b))
    st.caption(
        f"The model right now: the probability of class **{md(run.data.class_names[1])}** is the "
        "sigmoid σ of a weighted sum of the inputs"
        + (" (standardized)." if settings.standardize else ".")
    )

    if t.diverged:
        hint = (
            ""
            if settings.standardize
            else " Your inputs are not standardized: large or very different scales make any "
            "step too big, so ticking 'Standardize features' is usually the real fix."
        )
        st.error(f"{t.message} The chart shows the last good model.{hint}", icon=":material/error:")
    elif (warning := lab.instability(t)) is not None:
        st.warning(warning, icon=":material/warning:")
    elif t.done and not playing:
        if t.converged:
            st.success(t.message, icon=":material/check_circle:")
        elif settings.max_iter > 0:
            st.info(t.message, icon=":material/info:")


def _stats(snap: lab.Snapshot, settings: Settings) -> list[tuple[str, str]]:
    return [
        ("Iteration", f"{snap.iteration:,} / {settings.max_iter:,}"),
        ("Train loss", _fmt(snap.train_loss)),
        ("Test loss", _fmt(snap.test_loss)),
        ("Train accuracy", _pct(snap.train_acc)),
        ("Test accuracy", _pct(snap.test_acc)),
    ]


def _decision_args(run: Run, settings: Settings, snap: lab.Snapshot, playing: bool) -> dict:
    data, sp = run.data, run.split
    xr, yr = data.view_ranges()
    return {
        "xs": snap.xs,
        "ys": snap.ys,
        "proba": snap.proba,
        "X_train": sp.X_train,
        "y_train": sp.y_train,
        "X_test": sp.X_test if settings.show_test else None,
        "y_test": sp.y_test if settings.show_test else None,
        "p_train": snap.p_train,
        "p_test": snap.p_test if settings.show_test else None,
        "class_names": data.class_names,
        "feature_names": data.feature_names[:2],
        "show_contours": settings.show_contours,
        "x_range": xr,
        "y_range": yr,
        "max_points": POINTS_LIVE if playing else POINTS_STILL,
        "uirevision": f"decision-{id(data)}",  # zoom kept while the data stay
        "live": playing,
    }


def _decision(run: Run, settings: Settings, snap: lab.Snapshot, playing: bool):
    """The boundary chart at ``snap`` (None unless the data have two input columns)."""
    if snap.proba is None:
        return None
    fig = figures.decision_figure(**_decision_args(run, settings, snap, playing))
    if settings.present:
        _enlarge(fig)
    return fig


def _decision_live(run: Run, settings: Settings, snap: lab.Snapshot) -> list[dict]:
    """Only what an earlier live frame changes: the boundary chart's ``meta.live`` traces."""
    traces = figures.decision_live_traces(**_decision_args(run, settings, snap, True))
    if settings.present:  # as _enlarge does to the figure
        for t in traces:
            if t.get("mode") == "markers":
                t.setdefault("marker", {})["size"] = 13
            elif t.get("mode") == "lines":
                t.setdefault("line", {})["width"] = 4
    return traces


def _loss(run: Run, settings: Settings, snap: lab.Snapshot, playing: bool):
    """The loss chart up to ``snap``'s iteration."""
    h = run.trainer.history
    upto = snap.iteration + 1
    y_top = float(np.nanmax(h.loss[:1])) if len(h.loss) else 1.0
    test = h.test_loss[:upto] if np.isfinite(h.test_loss).any() else None
    if test is not None and np.isfinite(test[:1]).all():
        y_top = max(y_top, float(test[0]))
    fig = figures.loss_figure(
        h.iteration[:upto],
        h.loss[:upto],
        test,
        current=None if playing else snap.iteration,  # the Iteration metric says it live
        x_max=max(settings.max_iter, 1),
        y_max=1.15 * y_top if math.isfinite(y_top) else None,
        y_min=0.0,
        uirevision=f"loss-{id(run.trainer)}",  # zoom kept while this run trains
        live=playing,
    )
    if settings.present:
        _enlarge(fig)
    return fig


def _enlarge(fig) -> None:
    """Projector look: larger text, thicker lines, bigger markers."""
    fig.update_layout(font={"size": 18}, height=720)
    fig.update_traces(marker_size=13, selector={"mode": "markers"})
    fig.update_traces(line_width=4, selector={"mode": "lines"})


_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def replay_slider(run: Run) -> None:
    """After training (or while paused), show any recorded iteration."""
    t = run.trainer
    if state.running() or t.n_iter == 0:
        return
    stride = max(1, int(t.stride))
    value = st.session_state.get(state.REPLAY)
    value = t.n_iter if value is None else min(value, t.n_iter)
    key = f"w_replay_{id(t)}_{t.n_iter}"

    st.slider(
        "Replay: show the model at iteration",
        min_value=0,
        max_value=t.n_iter,
        value=value,
        step=stride,
        key=key,
        on_change=_replay_chosen,
        args=(key, t.n_iter),  # plain values: Streamlit may keep a callback after its widget
        help="Drag to see the boundary and the loss at any recorded iteration.",
    )


def _replay_chosen(key: str, n_iter: int) -> None:
    """Callback of the replay slider; runs before the script, so the charts show it at once.

    It gets the slider's key and the run's length, never the run: Streamlit keeps a widget's
    callback and arguments after the widget is gone, and a closure over the trainer kept every
    replaced run (75 MB for 1e6 rows) alive until the session ended."""
    it = st.session_state[key]
    st.session_state[state.REPLAY] = None if it >= n_iter else it


def _fmt(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{x:.4f}"


def _pct(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{100 * x:.1f}%"
