"""What every page does first: state, the shared sidebar, one-off notices."""

from __future__ import annotations

import streamlit as st

from logreg.lab import Settings
from logreg.ui import controls, share, state

# Our own constant CSS (never any person-supplied text): the projector-friendly look.
PRESENTER_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
html, .stMarkdown p, [data-testid="stMetricValue"] {font-size: 1.25rem;}
[data-testid="stMetricValue"] {font-size: 2.6rem;}
h1 {font-size: 3rem;}
</style>"""


def presenting() -> bool:
    """True when presenter mode is on (``app.py`` puts the page list at the top then)."""
    state.init()
    return bool(state.settings().present)


def _leave_presenter() -> None:
    state.update_settings(present=False)


def setup() -> Settings:
    """Initialize state (idempotent), draw the shared sidebar, show pending notices."""
    state.init()
    settings = controls.sidebar()
    if settings.present:
        st.html(PRESENTER_CSS)
        st.button(
            "Leave presenter mode",
            key="btn_leave_presenter",
            on_click=_leave_presenter,
            icon=":material/close_fullscreen:",
        )
    share.sync_url(settings)
    share.share_box(settings)
    notice = state.pop_notice()
    if notice:
        st.warning(notice, icon="⚠️")
    return settings
