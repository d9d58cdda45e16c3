"""Logistic Regression Lab: the entry point. Pages live in ``pages/``; state in ``logreg.ui``."""

import streamlit as st

st.set_page_config(
    page_title="Logistic Regression Lab",
    page_icon="📈",
    layout="wide",
    initial_sidebar_state="expanded",
)

pages = [
    st.Page("pages/playground.py", title="Playground", icon=":material/tune:", default=True),
    st.Page("pages/evaluate.py", title="Evaluate", icon=":material/analytics:"),
]
st.navigation(pages).run()
