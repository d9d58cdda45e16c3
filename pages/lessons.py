"""Lessons: ready-made scenarios that each show one idea."""

import streamlit as st

from logreg.ui import lessons_page, page

page.setup()
st.title("Lessons")
lessons_page.catalogue()
