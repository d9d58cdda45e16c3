"""Save and load: the model as JSON (never pickle), predictions as CSV, a model file loaded back."""

from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from logreg import DataError, metrics, serialize
from logreg.lab import Run
from logreg.pipeline import Pipeline
from logreg.ui.text import md

MAX_MODEL_BYTES = serialize.MAX_BYTES


def downloads(run: Run, threshold: float) -> None:
    from logreg import lab

    c1, c2 = st.columns(2)
    c1.download_button(
        "Download the model (JSON)",
        data=lab.model_json(run),
        file_name="logreg-lab-model.json",
        mime="application/json",
        key="dl_model",
        icon=":material/download:",
        help="Coefficients, feature map, scaler, classes and settings. Load it back below.",
    )
    # Built only when pressed: on 1e6 points the CSV is ~60 MB and takes seconds to write.
    c2.download_button(
        "Download predictions (CSV)",
        data=functools.partial(_predictions_csv, run, threshold),
        file_name="logreg-lab-predictions.csv",
        mime="text/csv",
        key="dl_predictions",
        icon=":material/download:",
        on_click="ignore",
    )
    st.caption("Any chart can be saved as a PNG with the camera button in its toolbar.")


def _predictions_csv(run: Run, threshold: float) -> str:
    from logreg import lab

    return lab.predictions_frame(run, threshold).to_csv(index=False)


def load_model(run: Run) -> None:
    """Upload a model file, validate it field by field, and predict the current data with it."""
    up = st.file_uploader(
        "Load a model file (.json) and predict the current data with it",
        type=["json"],
        key="upload_model",
    )
    if up is None:
        return
    if up.size > MAX_MODEL_BYTES:
        st.error(f"This file is {up.size / 1e6:.1f} MB; a model file is at most 2 MB.")
        return
    try:
        loaded = serialize.from_json(up.getvalue())
    except DataError as exc:
        st.error(str(exc))
        return
    model = loaded.model if isinstance(loaded, Pipeline) else loaded
    n_in = (
        loaded.feature_map.n_input_features_ if isinstance(loaded, Pipeline) else model.coef_.size
    )
    X = run.data.X
    if n_in != X.shape[1]:
        st.error(
            f"This model expects {n_in} input column(s), but the current data has {X.shape[1]}."
        )
        return
    p = loaded.predict_proba(X)[:, 1]
    y = run.data.y
    acc = metrics.accuracy(y, (p >= 0.5).astype(int))
    meta = getattr(model, "metadata_", {}) or {}
    src = meta.get("data_source", "unknown data")
    st.success(
        f"Loaded a model trained on {md(src)} with {model.coef_.size} feature(s). "
        f"On the current {len(y):,} points its accuracy is {100 * acc:.1f}%."
    )
    same = np.allclose(p, run.fitted().predict_proba(X)[:, 1], atol=1e-12)
    if same:
        st.caption("Its predictions are identical to the current model's.")
