"""Compare: several configurations on the same data, side by side."""

import streamlit as st

from logreg.ui import compare_page, page

settings = page.setup()
st.title("Compare")
compare_page.show(settings)
