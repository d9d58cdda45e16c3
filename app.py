"""Logistic Regression Lab — entry point (placeholder until the app lands)."""

import streamlit as st

st.set_page_config(page_title="Logistic Regression Lab", page_icon="📈", layout="wide")
st.title("Logistic Regression Lab")
st.write("The engine is ready; the interactive pages are on their way.")
