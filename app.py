"""Logistic Regression Lab: the entry point. Pages live in ``pages/``; state in ``logreg.ui``."""

import streamlit as st

from logreg.ui import page

st.set_page_config(
    page_title="Logistic Regression Lab",
    page_icon="📈",
    layout="wide",
    initial_sidebar_state="auto",  # open on a laptop or projector, closed on a phone
)

pages = [
    st.Page("pages/playground.py", title="Playground", icon=":material/tune:", default=True),
    st.Page("pages/data.py", title="Data", icon=":material/scatter_plot:"),
    st.Page("pages/evaluate.py", title="Evaluate", icon=":material/analytics:"),
    st.Page("pages/learn.py", title="Learn", icon=":material/functions:"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("pages/lessons.py", title="Lessons", icon=":material/school:"),
]
st.navigation(pages, position="top" if page.presenting() else "sidebar").run()
