"""The shared sidebar: every control, with plain-language help, drawn the same way on each page.

``sidebar()`` draws the widgets (restored from the durable settings, so nothing is lost when
pages switch), stores the resulting :class:`~logreg.lab.Settings` and returns it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from logreg.datasets import DATASET_LABELS
from logreg.lab import (
    ALPHAS,
    BATCH_SIZES,
    CUSTOM,
    FIELDS,
    ITERATIONS,
    LEARNING_RATES,
    SAMPLE_SIZES,
    SPEEDS,
    Settings,
)
from logreg.model import PENALTIES, SOLVERS
from logreg.ui import state

HELP = {
    "dataset": "Which points to classify. Two blobs: two clouds a straight line almost "
    "separates. Two moons: interlocking half circles. Circles: a small ring inside a larger "
    "one. XOR: opposite quadrants share a class. Two spirals: arms wound around each other. "
    "Only the blobs suit a straight boundary; the others need polynomial features. 'Your data' "
    "appears once you upload a CSV or edit points on the Data page.",
    "n_samples": "How many points to generate.",
    "noise": "How much random jitter is added to each point. More noise = classes overlap more.",
    "balance": "Share of the points that belong to class 1 (0.5 = equal classes).",
    "seed": "The random seed: the same seed always gives the same points and the same split.",
    "test_fraction": "Share of points held back as a test set. The model never trains on them; "
    "they show how well it generalizes.",
    "degree": "Adds products and powers of x1 and x2 (x1², x1·x2, …) as extra inputs, so the "
    "boundary can curve. Degree 1 = a straight line.",
    "standardize": "Rescale every input to mean 0 and standard deviation 1 before training. "
    "Makes gradient descent much faster and steadier.",
    "solver": "How the weights are updated. Gradient descent takes small steps downhill using "
    "all points; SGD (stochastic gradient descent) steps on a small random batch at a time; "
    "Momentum is gradient descent that keeps part of the last step's direction; Adam adapts "
    "each weight's step size. Newton's method jumps using curvature: few, big, exact steps "
    "(not with L1).",
    "learning_rate": "Size of each gradient step. Too small: slow. Too large: the loss jumps "
    "around or blows up.",
    "max_iter": "How many update steps to take (for mini-batches: passes over the data).",
    "batch_size": "How many points each step looks at. 'all' = the whole training set; small "
    "batches give noisy but cheap steps (stochastic gradient descent).",
    "penalty": "Regularization keeps weights small to avoid overfitting. L2 (ridge) shrinks "
    "all weights; L1 (lasso) pushes some exactly to zero; Elastic-net mixes the two (how much "
    "of each: 'L1 share').",
    "alpha": "How strongly the penalty pulls the weights toward zero (λ). 0 = no pull.",
    "l1_ratio": "For elastic-net: the share of the penalty that is L1 (the rest is L2).",
    "class_weight": "Give the rarer class more weight, so the model does not ignore it.",
    "speed": "How many iterations happen between two frames of the animation (12 frames a "
    "second; when your browser or a big data set draws fewer, each frame takes more, so "
    "training keeps this pace).",
    "show_test": "Draw the held-back test points (hollow markers).",
    "show_contours": "Draw dashed lines where the model is 10% and 90% sure.",
    "threshold": "A point is predicted as the positive class when its probability is at least "
    "this value. Moving it trades false positives against false negatives.",
    "present": "For a projector: larger text and markers, the sidebar hidden, pages listed at "
    "the top. Leave it with the button at the top of the page.",
}


def _fmt_number(v: float) -> str:
    return f"{v:g}"


def widget(name: str, draw: Callable[..., Any], **kwargs: Any) -> Any:
    """Draw the widget for setting ``name`` with its label and help, restored from state."""
    key = state.widget_key(name)
    # Re-assign on every run: on another page the same key is a new widget, which would
    # otherwise start from its default instead of the person's value.
    durable = getattr(state.settings(), name)
    if state.take_pending(name):
        st.session_state[key] = durable
    else:
        st.session_state[key] = st.session_state.get(key, durable)
    return draw(FIELDS[name].label, key=key, help=HELP.get(name), **kwargs)


def data_controls(has_custom: bool) -> dict[str, Any]:
    """Dataset, size, noise, balance, seed, test fraction."""
    options = [*DATASET_LABELS, *([CUSTOM] if has_custom else [])]
    key = state.widget_key("dataset")
    if st.session_state.get(key, state.settings().dataset) not in options:
        st.session_state[key] = options[0]
    labels = {**DATASET_LABELS, CUSTOM: "Your data"}
    values: dict[str, Any] = {
        "dataset": widget("dataset", st.selectbox, options=options, format_func=labels.get)
    }
    if values["dataset"] != CUSTOM:
        values["n_samples"] = widget("n_samples", st.select_slider, options=SAMPLE_SIZES)
        values["noise"] = widget("noise", st.slider, min_value=0.0, max_value=2.0, step=0.05)
        values["balance"] = widget("balance", st.slider, min_value=0.1, max_value=0.9, step=0.05)
    values["test_fraction"] = widget(
        "test_fraction", st.slider, min_value=0.0, max_value=0.5, step=0.05
    )
    values["seed"] = widget("seed", st.number_input, min_value=0, max_value=1_000_000, step=1)
    return values


def model_controls() -> dict[str, Any]:
    """Features, optimizer and regularization."""
    v: dict[str, Any] = {}
    v["degree"] = widget("degree", st.slider, min_value=1, max_value=6, step=1)
    v["standardize"] = widget("standardize", st.checkbox)
    v["solver"] = widget("solver", st.selectbox, options=list(SOLVERS), format_func=SOLVERS.get)
    if v["solver"] != "newton":
        v["learning_rate"] = widget(
            "learning_rate", st.select_slider, options=LEARNING_RATES, format_func=_fmt_number
        )
        v["batch_size"] = widget(
            "batch_size",
            st.select_slider,
            options=BATCH_SIZES,
            format_func=lambda b: "all" if b == 0 else str(b),
        )
    v["max_iter"] = widget("max_iter", st.select_slider, options=ITERATIONS)
    penalties = [p for p in PENALTIES if v["solver"] != "newton" or p in ("none", "l2")]
    key = state.widget_key("penalty")
    if st.session_state.get(key, state.settings().penalty) not in penalties:
        st.session_state[key] = "l2"
    v["penalty"] = widget("penalty", st.selectbox, options=penalties, format_func=PENALTIES.get)
    if v["penalty"] != "none":
        v["alpha"] = widget("alpha", st.select_slider, options=ALPHAS, format_func=_fmt_number)
    if v["penalty"] == "elasticnet":
        v["l1_ratio"] = widget("l1_ratio", st.slider, min_value=0.0, max_value=1.0, step=0.05)
    v["class_weight"] = widget("class_weight", st.checkbox)
    return v


def view_controls() -> dict[str, Any]:
    v: dict[str, Any] = {}
    v["speed"] = widget("speed", st.select_slider, options=SPEEDS)
    v["show_test"] = widget("show_test", st.checkbox)
    v["show_contours"] = widget("show_contours", st.checkbox)
    v["present"] = widget("present", st.checkbox)
    return v


def sidebar() -> Settings:
    """Draw the shared sidebar and return the settings it describes."""
    values: dict[str, Any] = {}
    with st.sidebar:
        with st.expander("Data", expanded=True):
            values |= data_controls(state.custom_data() is not None)
        with st.expander("Features and model", expanded=True):
            values |= model_controls()
        # Closed, the View section draws nothing (its settings keep their values): four
        # fewer widgets for a browser to build on every page's first load (~60 ms each).
        kept = st.session_state.get(state.VIEW_KEPT, False)  # open stays open across pages
        st.session_state[state.VIEW_OPEN] = st.session_state.get(state.VIEW_OPEN, kept)
        view = st.expander("View", key=state.VIEW_OPEN, on_change="rerun")
        st.session_state[state.VIEW_KEPT] = bool(view.open)
        if view.open:
            with view:
                values |= view_controls()
    current = state.settings()
    try:
        new = current.replace(**values)
    except ValueError as exc:  # a widget cannot produce this; keep the last good settings
        st.sidebar.error(f"A setting was not valid and was ignored: {exc}")
        return current
    if new != current:
        state.set_settings(new)
    return new
