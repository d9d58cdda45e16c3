"""Evaluate: how good is the model, at which threshold, and what do its coefficients say."""

import streamlit as st

from logreg.ui import evaluate_page, page, runs

settings = page.setup()
st.title("Evaluate")
run = runs.ensure_run(settings)
if run is not None:
    evaluate_page.show(run)
