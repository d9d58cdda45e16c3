"""Learn: the maths of logistic regression, worked out on your own data and model."""

import streamlit as st

from logreg.ui import learn_page, page, runs

settings = page.setup()
st.title("Learn")
run = runs.ensure_run(settings)
if run is not None:
    learn_page.show(run)
