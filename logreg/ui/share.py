"""Settings in the URL: every knob that shapes the demo, so a link reproduces it."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from logreg.lab import CUSTOM, Settings
from logreg.ui import state


def query_for(settings: Settings) -> dict[str, str]:
    """The URL query for ``settings`` (non-default values; never the person's raw points)."""
    q = settings.to_query()
    if settings.dataset == CUSTOM:
        q.pop("dataset", None)
    return q


def sync_url(settings: Settings) -> None:
    """Keep the address bar's query in step with the settings."""
    q = query_for(settings)
    if dict(st.query_params) != q:
        st.query_params.from_dict(q)


def link(settings: Settings) -> str:
    """A full link to the current page with these settings."""
    try:
        base = st.context.url or ""
    except Exception:  # outside a browser session (AppTest) there may be no URL
        base = ""
    parts = urlsplit(base)
    query = urlencode(query_for(settings))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")) or f"?{query}"


def share_box(settings: Settings) -> None:
    """A sidebar box with the link (Streamlit's code block has a copy button).

    The box runs its content only when opened: a code block loads Streamlit's syntax
    highlighter (1.5 MB of JavaScript, ~0.6 s of a slow browser's time before the first chart).
    """
    box = st.sidebar.expander(
        "Share this demo", icon=":material/share:", key=state.SHARE_OPEN, on_change="rerun"
    )
    if not box.open:
        return
    with box:
        st.caption(
            "This link reproduces the current settings (generated data by name and seed; "
            "uploaded or edited points are never put in a link). Use the copy button."
        )
        if settings.dataset == CUSTOM:
            st.caption("Note: your own data is not part of the link; it opens with blobs.")
        st.code(link(settings), language=None, wrap_lines=True)
