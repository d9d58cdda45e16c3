"""Playground: pick data and settings in the sidebar, press Play, watch the model learn."""

import streamlit as st

from logreg.ui import page, playground, runs

settings = page.setup()
st.title("Playground")
run = runs.ensure_run(settings)
if run is not None:
    playground.transport(run)
    playground.live(settings)
    playground.replay_slider(run)
