"""What every page does first: state, the shared sidebar, one-off notices."""

from __future__ import annotations

import streamlit as st

from logreg.lab import Settings
from logreg.ui import controls, share, state


def setup() -> Settings:
    """Initialize state (idempotent), draw the shared sidebar, show pending notices."""
    state.init()
    settings = controls.sidebar()
    share.sync_url(settings)
    share.share_box(settings)
    notice = state.pop_notice()
    if notice:
        st.warning(notice, icon="⚠️")
    return settings
