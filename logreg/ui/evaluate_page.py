"""Evaluate: metrics side by side, a threshold that moves everything, curves, coefficients."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from logreg import figures, inference, lab
from logreg.lab import Run, SplitEvaluation
from logreg.ui import controls, export, page, state
from logreg.ui.text import md

_CONFIG = {"displaylogo": False}
METRIC_NAMES = {
    "accuracy": "Accuracy",
    "precision": "Precision",
    "recall": "Recall",
    "f1": "F1",
    "log_loss": "Log-loss",
    "auc": "ROC AUC",
}
METRIC_HELP = {
    "accuracy": "Share of points classified correctly.",
    "precision": "Of the points predicted as the positive class, the share that really are.",
    "recall": "Of the points that really are the positive class, the share the model finds.",
    "f1": "Balance of precision and recall (their harmonic mean).",
    "log_loss": "Average penalty for the predicted probabilities; lower is better.",
    "auc": "Chance that a random positive point gets a higher probability than a random "
    "negative one (0.5 = guessing, 1 = perfect). Does not depend on the threshold.",
}


def threshold_slider() -> float:
    value = controls.widget("threshold", st.slider, min_value=0.01, max_value=0.99, step=0.01)
    if value != state.settings().threshold:
        state.set_settings(state.settings().replace(threshold=value))
    return float(value)


def metrics_table(train: SplitEvaluation, test: SplitEvaluation | None) -> None:
    rows = []
    for key, name in METRIC_NAMES.items():
        rows.append(
            {
                "metric": name,
                "train": _num(train.report.get(key)),
                "test": _num(test.report.get(key)) if test else "no test set",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    with st.expander("What do these numbers mean?"):
        for key, name in METRIC_NAMES.items():
            st.markdown(f"**{name}**: {METRIC_HELP[key]}")


def _num(v: float | None) -> str:
    return "n/a" if v is None or not math.isfinite(v) else f"{v:.3f}"


def curves(train: SplitEvaluation, test: SplitEvaluation | None) -> None:
    c1, c2 = page.columns(2, layout="pair", key="ev_curves")
    extra_roc = [(test.roc[0], test.roc[1], test.auc, "test")] if test else None
    fig = figures.roc_figure(
        train.roc[0], train.roc[1], train.auc, point=train.roc_point, extra=extra_roc
    )
    c1.markdown("**ROC curve** — the dot is the current threshold")
    c1.plotly_chart(fig, key="ev_roc", config=_CONFIG)
    extra_pr = [(test.pr[0], test.pr[1], test.ap, "test")] if test else None
    fig = figures.pr_figure(
        train.pr[0],
        train.pr[1],
        train.ap,
        point=train.pr_point,
        base_rate=float(train.y.mean()),
        extra=extra_pr,
    )
    c2.markdown("**Precision–recall curve** — the dot is the current threshold")
    c2.plotly_chart(fig, key="ev_pr", config=_CONFIG)


def calibration(train: SplitEvaluation, test: SplitEvaluation | None) -> None:
    pt, pp, cnt = train.calibration
    extra = (
        [(test.calibration[1], test.calibration[0], test.calibration[2], "test")] if test else None
    )
    st.markdown("**Calibration (reliability)**")
    st.plotly_chart(
        figures.calibration_figure(pp, pt, cnt, extra=extra), key="ev_cal", config=_CONFIG
    )
    st.caption(
        "Each dot groups points with similar predicted probability: on the diagonal, "
        "the probabilities can be taken at face value."
    )


def confusion(train: SplitEvaluation, test: SplitEvaluation | None, class_names) -> None:
    cols = page.columns(2, layout="pair", key="ev_confusion")
    for col, ev in zip(cols, [train, test], strict=True):
        if ev is None:
            col.info("No test set: raise the test fraction in the sidebar to hold points back.")
            continue
        col.markdown(f"**Confusion matrix — {ev.name}**")
        col.plotly_chart(
            figures.confusion_figure(ev.confusion, class_names),
            key=f"ev_cm_{ev.name}",
            config=_CONFIG,
        )


def _coef_table(run: Run, model: Any) -> pd.DataFrame | str:
    """The coefficient table of the run's current ``model`` (or why there is none), kept with
    the run for its current parameters: it costs a pass over every training point."""
    key = (model.coef_.tobytes(), float(model.intercept_[0]))
    got = run.memo.get("coef_table")
    if got is not None and got[0] == key:
        return got[1]
    X, _ = run.features()
    try:
        table: pd.DataFrame | str = inference.coef_table(
            model, X, run.split.y_train, feature_names=run.pipeline.feature_names_
        )
    except ValueError as exc:
        table = str(exc)
    run.memo["coef_table"] = (key, table)
    return table


def coefficients(run: Run) -> None:
    st.subheader("Coefficients")
    model = run.fitted().model
    names = run.pipeline.feature_names_
    table = _coef_table(run, model)
    if isinstance(table, str):
        st.warning(f"Standard errors and p-values are not available here: {table}")
        table = pd.DataFrame(
            {"coef": [model.intercept_[0], *model.coef_[0]]}, index=["intercept", *names]
        )
        table["odds_ratio"] = table["coef"].map(math.exp)
        st.dataframe(table, width="stretch")
        return
    std = (
        " (inputs standardized: one unit = one standard deviation)"
        if run.settings.standardize
        else ""
    )
    st.caption(
        "Each coefficient is the change in the log-odds of the positive class for a one-unit "
        f"increase of that input{std}; the odds ratio is e^coefficient."
    )
    if table.attrs.get("note"):
        st.info(table.attrs["note"])
    shown = pd.DataFrame(table)
    shown.attrs = {}
    # Formatted by the browser (a pandas Styler took ~15 % of this page's rerun on the server).
    number = st.column_config.NumberColumn(format="%.4g")
    st.dataframe(shown, width="stretch", column_config=dict.fromkeys(shown.columns, number))
    fig = figures.coef_figure(
        list(table.index[1:]),
        table["coef"].to_numpy()[1:],
        table["ci_low"].to_numpy()[1:],
        table["ci_high"].to_numpy()[1:],
        class_names=run.data.class_names,
    )
    left, right = page.columns(2, layout="pair", key="ev_coef")
    left.plotly_chart(fig, key="ev_coef", config=_CONFIG)
    with right:
        st.markdown("**In plain words**")
        for sentence in inference.summary_text(table):
            st.markdown("- " + md(sentence, limit=400))


def show(run: Run) -> None:
    data = run.data
    threshold = threshold_slider()
    train, test = lab.evaluation(run, threshold)
    st.caption(
        f"Positive class: **{md(data.class_names[1])}**. Model at iteration "
        f"{run.trainer.n_iter:,}; change settings in the sidebar or on the Playground."
    )
    left, right = page.columns([3, 2], layout="chart_side", key="ev_top")
    with left:
        snap = lab.snapshot(run, grid=120)
        xr, yr = data.view_ranges()
        if snap.proba is not None:
            fig = figures.decision_figure(
                snap.xs,
                snap.ys,
                snap.proba,
                X_train=run.split.X_train,
                y_train=run.split.y_train,
                X_test=run.split.X_test,
                y_test=run.split.y_test,
                p_train=snap.p_train,
                p_test=snap.p_test,
                class_names=data.class_names,
                feature_names=data.feature_names[:2],
                threshold=threshold,
                show_contours=False,
                x_range=xr,
                y_range=yr,
                uirevision="evaluate",
            )
            st.plotly_chart(fig, key="ev_decision", config=_CONFIG)
    with right:
        metrics_table(train, test)
    confusion(train, test, data.class_names)
    curves(train, test)
    left, right = page.columns(2, layout="pair", key="ev_calibration")
    with left:
        calibration(train, test)
    coefficients(run)
    st.subheader("Save and load")
    export.downloads(run, threshold)
    export.load_model(run)
