"""Data: see the points, upload a CSV, draw and edit points, download them."""

import streamlit as st

from logreg.ui import data_page, page

settings = page.setup()
st.title("Data")
data_page.show(settings)
