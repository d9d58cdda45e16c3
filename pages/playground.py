"""Playground: pick data and settings in the sidebar, press Play, watch the model learn."""

import streamlit as st

from logreg.ui import lessons_page, page, playground, runs

settings = page.setup()
st.title("Playground")
lessons_page.banner()
run = runs.ensure_run(settings)
if run is not None:
    playground.transport(run)
    playground.live(settings)
    playground.replay_slider(run)
