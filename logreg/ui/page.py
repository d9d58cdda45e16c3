"""What every page does first: state, the shared sidebar, one-off notices."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from logreg.lab import Settings
from logreg.ui import controls, share, state

# Metrics' numbers and labels and buttons' labels wrap instead of ending in "…" when their
# column is narrow (a 1024-px projector).
_WRAP = """[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricValue"] p, [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricLabel"] p, [data-testid^="stBaseButton"] [data-testid="stMarkdownContainer"],
[data-testid^="stBaseButton"] p {white-space: normal;}"""

# Side-by-side columns that wrap under each other when the main area is too narrow for them (a
# laptop or a 1024-px projector with the sidebar open, a zoomed-in browser): each layout gives
# its columns a minimum width in px, one for all of them or one per column. Measured main-area
# widths with the sidebar open: 420 px at a 880-px window, 564 px at 1024, 820 px at 1280.
COLUMN_LAYOUTS: dict[str, tuple[int, ...]] = {
    "cards": (190,),  # Compare's run cards and small multiples: 2 x 2 at 1024, 4 at 1280
    "pair": (240,),  # two charts of equal weight: side by side from ~500 px
    "chart_side": (300, 200),  # a main chart and what goes beside it: from 1024 px
    "chart_tools": (300, 120),  # a chart and a narrow column of its tools: from 1024 px
    "text_chart": (220, 300),  # an explanation and its chart: from 1024 px
}


def _columns_css() -> str:
    rules = []
    for name, widths in COLUMN_LAYOUTS.items():
        col = (
            f'[class*="st-key-cols-{name}-"] > [data-testid="stLayoutWrapper"] > '
            '[data-testid="stHorizontalBlock"] > [data-testid="stColumn"]'
        )
        if len(widths) == 1:
            rules.append(f"{col} {{min-width: min(100%, {widths[0]}px);}}")
        else:
            for i, w in enumerate(widths, start=1):
                rules.append(f"{col}:nth-child({i}) {{min-width: min(100%, {w}px);}}")
    return "\n".join(rules)


_COLUMNS_CSS = _columns_css()


def columns(
    spec: int | Sequence[float], *, layout: str, key: str, **kwargs
) -> list[DeltaGenerator]:
    """``st.columns(spec)`` that wrap under each other when the main area has no room for them.

    Parameters
    ----------
    spec : int or sequence of float
        As ``st.columns``: a number of equal columns or their relative widths.
    layout : str
        A key of :data:`COLUMN_LAYOUTS`: the columns' minimum widths.
    key : str
        Unique on the page (the columns' container gets ``cols-<layout>-<key>``).
    """
    if layout not in COLUMN_LAYOUTS:
        raise ValueError(f"unknown column layout {layout!r}")
    return st.container(key=f"cols-{layout}-{key}").columns(spec, **kwargs)


# Our own constant CSS (never any person-supplied text): the projector-friendly look.
PRESENTER_CSS = f"""<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {{display: none;}}
html, .stMarkdown p, [data-testid="stMetricValue"] {{font-size: 1.25rem;}}
[data-testid="stMetricValue"] {{font-size: 2.6rem;}}
@media (max-width: 1100px) {{[data-testid="stMetricValue"] {{font-size: 1.8rem;}}}}
h1 {{font-size: 3rem;}}
.lr-equation {{font-size: 2.1rem !important;}}
{_WRAP}
{_COLUMNS_CSS}
</style>"""

# And on every page out of presenter mode: a narrow main area (a 1024-px projector with the
# sidebar open) gets smaller metric numbers (the live frame does the same:
# assets/live_chart.html).
NARROW_CSS = f"""<style>
{_WRAP}
{_COLUMNS_CSS}
@media (max-width: 1100px) {{
  body:has([data-testid="stSidebar"][data-collapsed="false"]) [data-testid="stMetricValue"] {{
    font-size: 1.6rem;
  }}
}}
</style>"""


def presenting() -> bool:
    """True when presenter mode is on (``app.py`` puts the page list at the top then)."""
    state.init()
    return bool(state.settings().present)


def _leave_presenter() -> None:
    state.update_settings(present=False)


def _leave_legacy_mode() -> None:
    """Run through ``app.py``'s navigation even when a deep link is a fresh server's first visit.

    Until some session has called ``st.navigation``, Streamlit treats the ``pages/`` folder as a
    legacy multipage app and runs a deep-linked page (``/evaluate``) without ``app.py``: no page
    config, a raw file list as navigation. Turning the flag off and rerunning puts the visit
    back on the normal path (the flag is process-wide and ``st.navigation`` sets it anyway).
    AppTest resets the flag before every run, so an AppTest of ``app.py`` takes this rerun every
    time and a button clicked in it is lost (the rerun drops the click): tests click buttons on
    a ``pages/`` script (``AppTest.from_file("../pages/playground.py")``).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a Streamlit without this internal
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def setup() -> Settings:
    """Initialize state (idempotent), draw the shared sidebar, show pending notices."""
    _leave_legacy_mode()
    state.init()
    settings = controls.sidebar()
    if not settings.present:
        st.html(NARROW_CSS)
    else:
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
