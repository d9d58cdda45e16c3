"""Compare: two to four configurations on the same data, loss curves overlaid, boundaries."""

from __future__ import annotations

import time
from typing import Any

import pandas as pd
import streamlit as st

from logreg import figures, lab
from logreg.lab import ALPHAS, BATCH_SIZES, LEARNING_RATES, MODEL_FIELDS, SPLIT_FIELDS, Settings
from logreg.model import PENALTIES, SOLVERS
from logreg.ui import page, runs
from logreg.ui.state import COMPARE_MEMO, COMPARE_SPLIT
from logreg.ui.text import md

ALL_ROWS = "cmp_all_rows"  # widget: train on every training row however many there are
# Training rows a comparison uses unless the person asks for all: four runs on 750,000 rows
# take ~10 s of training (18-29 s in a browser); on a seeded sample of 100,000 ~1.6 s,
# with curves and boundaries that look the same at this size.
COMPARE_ROWS = 100_000
POINTS = 5000  # training points drawn in each boundary chart
PRESETS = {
    "Optimizers": [
        {"solver": "gd", "learning_rate": 0.3},
        {"solver": "momentum", "learning_rate": 0.3},
        {"solver": "adam", "learning_rate": 0.1},
        {"solver": "newton"},
    ],
    "Learning rates": [
        {"solver": "gd", "learning_rate": 0.01},
        {"solver": "gd", "learning_rate": 0.1},
        {"solver": "gd", "learning_rate": 1.0},
        {"solver": "gd", "learning_rate": 30.0},
    ],
    "Penalties": [
        {"penalty": "none"},
        {"penalty": "l2", "alpha": 0.03},
        {"penalty": "l1", "alpha": 0.03},
        {"penalty": "elasticnet", "alpha": 0.03},
    ],
}


def _column(i: int, base: Settings, preset: dict, family: str) -> Settings:
    """Controls for configuration ``i`` (defaults from the preset over the sidebar settings)."""
    start = base.replace(**preset)
    k = f"cmp_{family}_{i}_"  # a new preset family starts from its own values
    solver = st.selectbox(
        "Optimizer", list(SOLVERS), index=list(SOLVERS).index(start.solver),
        format_func=SOLVERS.get, key=k + "solver",
    )  # fmt: skip
    values: dict = {"solver": solver}
    if solver != "newton":
        values["learning_rate"] = st.select_slider(
            "Learning rate", LEARNING_RATES, value=start.learning_rate, key=k + "lr",
            format_func=lambda v: f"{v:g}",
        )  # fmt: skip
        values["batch_size"] = st.select_slider(
            "Batch size", BATCH_SIZES, value=start.batch_size, key=k + "batch",
            format_func=lambda b: "all" if b == 0 else str(b),
        )  # fmt: skip
    penalties = [p for p in PENALTIES if solver != "newton" or p in ("none", "l2")]
    pen = start.penalty if start.penalty in penalties else "l2"
    values["penalty"] = st.selectbox(
        "Regularization", penalties, index=penalties.index(pen), format_func=PENALTIES.get,
        key=k + "penalty",
    )  # fmt: skip
    if values["penalty"] != "none":
        values["alpha"] = st.select_slider(
            "λ", ALPHAS, value=start.alpha, key=k + "alpha", format_func=lambda v: f"{v:g}"
        )
    values["degree"] = st.slider("Degree", 1, 6, value=start.degree, key=k + "degree")
    return base.replace(**values)


def show(settings: Settings) -> None:
    data = runs.current_data(settings)
    st.write(
        "Train up to four configurations on the same data and split (chosen in the sidebar) "
        "and compare how fast and how well they learn."
    )
    top = st.columns([2, 1])
    preset = top[0].radio(
        "Start from", list(PRESETS), horizontal=True, key="cmp_preset",
        help="Fills the columns below; change any of them afterwards.",
    )  # fmt: skip
    n = top[1].select_slider("How many", [2, 3, 4], value=4, key="cmp_n")
    cols = page.columns(n, layout="cards", key="cmp_runs")
    configs = []
    for i, col in enumerate(cols):
        with col.container(border=True):
            st.markdown(f"**Run {chr(65 + i)}**")
            configs.append(_column(i, settings, PRESETS[preset][i], preset))
    split_key, full = _split(settings, data)
    n_train = len(full.y_train)
    all_rows = n_train <= COMPARE_ROWS or st.toggle(
        f"Train on all {n_train:,} training rows",
        key=ALL_ROWS,
        help=f"Off: every run trains on the same random {COMPARE_ROWS:,} of them: much "
        "quicker, and at this size the curves and boundaries look the same. The test numbers "
        "always use every test row; the Playground and Evaluate always train on all rows.",
    )
    if not all_rows:
        st.caption(
            f"Every run trains on the same random {COMPARE_ROWS:,} of the {n_train:,} training "
            "rows; test numbers use all test rows."
        )
    try:
        sp, results = _trained(settings, data, (split_key, full), configs, all_rows)
    except ValueError as exc:
        st.error(f"These settings cannot be trained: {exc}")
        return
    curves = [
        (
            f"{chr(65 + i)}: {lab.describe(r.settings)}",
            r.trainer.history.iteration,
            r.trainer.history.loss,
        )
        for i, r in enumerate(results)
    ]
    st.markdown("**Training loss, all runs**")
    x_max = max(max(len(c[1]) - 1 for c in curves), 1)
    st.plotly_chart(
        figures.compare_loss_figure(curves, x_max=x_max, y_min=0.0),
        key="cmp_loss",
        config={"displaylogo": False},
    )
    snaps = [lab.snapshot(r, grid=80) for r in results]  # the table's numbers and the charts
    table = []
    for i, (r, snap) in enumerate(zip(results, snaps, strict=True)):
        t = r.trainer
        final = float(t.history.loss[-1])
        near = lab.iterations_to_reach(t.history.loss, final + 0.01 * abs(final) + 1e-4)
        status = "diverged" if t.diverged else "converged" if t.converged else "max iterations"
        table.append(
            {
                "run": chr(65 + i),
                "configuration": lab.describe(r.settings),
                "iterations": t.n_iter,
                "status": status,
                "iterations to within 1% of final loss": near,
                "train loss": snap.train_loss,
                "test loss": snap.test_loss,
                "train accuracy": snap.train_acc,
                "test accuracy": snap.test_acc,
            }
        )
    numbers = ("train loss", "test loss", "train accuracy", "test accuracy")
    st.dataframe(  # column formats, not a pandas Styler (~40 ms a rerun)
        pd.DataFrame(table),
        hide_index=True,
        width="stretch",
        column_config={c: st.column_config.NumberColumn(format="%.3f") for c in numbers},
    )
    st.markdown("**Decision boundaries**")
    c0, c1 = (md(c) for c in data.class_names)
    note = (
        f"Shading: the model's probability of **{c1}** (blue: likely {c1}, orange: likely {c0}); "
        "the line is where it is 0.5."
    )
    if len(sp.y_train) > POINTS:
        note += f" Each chart draws the same random {POINTS:,} of the {len(sp.y_train):,} points."
    st.caption(note)
    xr, yr = data.view_ranges()
    cols = page.columns(len(results), layout="cards", key="cmp_boundaries")
    for i, (col, snap) in enumerate(zip(cols, snaps, strict=True)):
        if snap.proba is None:
            col.info("Boundaries are drawn for two inputs only.")
            continue
        fig = figures.decision_figure(
            snap.xs, snap.ys, snap.proba, X_train=sp.X_train, y_train=sp.y_train,
            p_train=snap.p_train, class_names=data.class_names,
            feature_names=data.feature_names[:2], show_contours=False, x_range=xr, y_range=yr,
            title=f"Run {chr(65 + i)}", uirevision=f"cmp{i}", height=380, show_legend=False,
            max_points=POINTS,
        )  # fmt: skip
        col.plotly_chart(fig, key=f"cmp_boundary_{i}", config={"displaylogo": False})


def _split(settings: Settings, data: lab.Dataset) -> tuple[Any, lab.Split]:
    """(key, split): the train/test split of the sidebar's data, kept while the data and the
    split settings (the key) stay."""
    key = (runs.data_key(settings), settings.key(SPLIT_FIELDS))
    kept = st.session_state.get(COMPARE_SPLIT)
    if kept is None or kept[0] != key:
        kept = (key, lab.split(data, settings.test_fraction, settings.seed))
        st.session_state[COMPARE_SPLIT] = kept
    return kept


def _trained(
    settings: Settings,
    data: lab.Dataset,
    keyed_split: tuple[Any, lab.Split],
    configs: list[Settings],
    all_rows: bool,
) -> tuple[Any, Any]:
    """The split the runs train on (the ``(key, split)`` of :func:`_split`, or a sample of
    its training rows unless ``all_rows``) and the trained runs. Each configuration's run is
    kept in the session (for the current data, split and rows only), so a rerun trains just
    the configurations that changed: moving one column's slider retrains that column, a view
    setting retrains nothing."""
    split_key, full = keyed_split
    base = (split_key, all_rows)
    memo = st.session_state.get(COMPARE_MEMO)
    if memo is None or memo[0] != base:
        st.session_state.pop(COMPARE_MEMO, None)  # other data: drop the old runs first
        sp = full if all_rows else lab.sample_split(full, COMPARE_ROWS, seed=settings.seed)
        memo = (base, sp, {})
    _, sp, done = memo
    keys = [c.key(MODEL_FIELDS) for c in configs]  # not view settings: they train nothing
    todo = {k: c for k, c in zip(keys, configs, strict=True) if k not in done}
    if todo:
        progress = _Progress([chr(65 + keys.index(k)) for k in todo])
        with st.spinner("Training the configurations…"):
            fresh = lab.compare(list(todo.values()), data, sp, progress=progress)
        progress.close()
        for r in fresh:  # the page needs each run's probabilities once, not its features
            r.memo.pop("features", None)
        done = {**done, **dict(zip(todo, fresh, strict=True))}
    kept = {k: done[k] for k in keys}  # only the shown configurations stay in memory
    st.session_state[COMPARE_MEMO] = (base, sp, kept)
    return sp, [kept[k] for k in keys]


PROGRESS_AFTER_S = 0.5  # training that takes longer shows a progress bar


class _Progress:
    """A ``lab.compare`` progress callback: after ``PROGRESS_AFTER_S`` a bar says which run
    trains and how far it is (on a million rows four runs take seconds). Each update is also
    where a click on any widget interrupts the training, so the page never holds a person up.
    """

    def __init__(self, names: list[str]) -> None:
        self.names, self.clock = names, time.perf_counter
        self.start = self.clock()
        self.bar: Any = None

    def __call__(self, i: int, run: lab.Run) -> None:
        if self.clock() - self.start < PROGRESS_AFTER_S:
            return
        t, cap = run.trainer, max(run.settings.max_iter, 1)
        done = (i + (1.0 if t.done else min(t.n_iter / cap, 1.0))) / len(self.names)
        text = (
            f"Training run {self.names[i]} ({lab.describe(run.settings)}): iteration "
            f"{t.n_iter:,} of at most {cap:,}"
        )
        if self.bar is None:
            self.bar = st.progress(done, text=text)
        else:
            self.bar.progress(done, text=text)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.empty()
