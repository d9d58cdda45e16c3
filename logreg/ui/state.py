"""The one place that owns session-state keys.

Durable state lives under keys no widget owns (switching pages deletes the keys of widgets that
are not on the new page). Widgets use ``w_<field>`` keys and are restored from the durable
:class:`~logreg.lab.Settings` before they are drawn.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from logreg.lab import FIELDS, Dataset, Run, Settings
from logreg.ui.text import md

SETTINGS = "lab_settings"  # Settings
CUSTOM_DATA = "lab_custom_data"  # Dataset | None: uploaded or edited points
RUN = "lab_run"  # Run | None: the current training run
RUN_KEY = "lab_run_key"  # what the run was built from
RUNNING = "lab_running"  # bool: live training is playing
LAST_FRAME = "lab_last_frame"  # float | None: perf_counter() of the last live frame
REPLAY = "lab_replay"  # int | None: iteration shown by the replay slider
NOTICE = "lab_notice"  # str | None: a one-off message for the next run
URL_READ = "lab_url_read"  # bool: query parameters were read once
PENDING = "lab_pending"  # set[str]: settings changed by code that widgets must pick up
LESSON = "lab_lesson"  # str | None: the active lesson's key
GO_PLAYGROUND = "lab_go_playground"  # bool: switch to the Playground on this run
DATA_HISTORY = "lab_data_history"  # list of (Dataset | None, dataset setting): undo steps
DATA_SEEN = "lab_data_seen"  # str | None: the Data page's chart selection already acted on
SHARE_OPEN = "w_share_open"  # bool: the sidebar's "Share this demo" box is open (widget)
VIEW_OPEN = "w_view_open"  # bool: the sidebar's "View" section is open (widget)
VIEW_KEPT = "lab_view_open"  # bool: VIEW_OPEN as last seen (widgets restart on a new page)
COMPARE_SPLIT = "lab_compare_split"  # (data and split key, Split): the Compare page's split
COMPARE_MEMO = "lab_compare_memo"  # (data, split and rows key, Split, {model key: Run})
DATA_VIEW = "lab_data_view"  # (source, x range, y range) | None: edit chart view


def widget_key(name: str) -> str:
    """Session key of the widget that edits setting ``name``."""
    return f"w_{name}"


def init() -> None:
    """Create the durable keys once per session (idempotent; every page calls it)."""
    ss = st.session_state
    if SETTINGS not in ss:
        settings, problems = Settings.from_mapping(dict(st.query_params))
        if problems:
            ss[NOTICE] = (
                "Some settings in the link were not valid and were reset to their defaults: "
                + ", ".join(md(p) for p in problems)
            )
        if settings.dataset == "custom":
            settings = settings.replace(dataset=FIELDS["dataset"].default)
        ss[SETTINGS] = settings
    ss.setdefault(CUSTOM_DATA, None)
    ss.setdefault(RUN, None)
    ss.setdefault(RUN_KEY, None)
    ss.setdefault(RUNNING, False)
    ss.setdefault(REPLAY, None)
    ss.setdefault(NOTICE, None)
    ss.setdefault(LESSON, None)
    ss.setdefault(DATA_HISTORY, [])
    ss.setdefault(DATA_SEEN, None)
    ss.setdefault(DATA_VIEW, None)


def settings() -> Settings:
    return st.session_state[SETTINGS]


def set_settings(new: Settings) -> None:
    st.session_state[SETTINGS] = new


def update_settings(**changes: Any) -> Settings:
    """Apply ``changes`` to the durable settings; their widgets take them on the next draw."""
    new = settings().replace(**changes)
    st.session_state[SETTINGS] = new
    st.session_state.setdefault(PENDING, set()).update(changes)
    return new


def take_pending(name: str) -> bool:
    """True (once) when setting ``name`` was changed by code and its widget must follow."""
    pending = st.session_state.setdefault(PENDING, set())
    if name in pending:
        pending.discard(name)
        return True
    return False


def apply_settings(new: Settings) -> None:
    """Replace every setting (a lesson, a loaded file); widgets pick the values up."""
    st.session_state[SETTINGS] = new
    st.session_state.setdefault(PENDING, set()).update(FIELDS)


def custom_data() -> Dataset | None:
    return st.session_state[CUSTOM_DATA]


def set_custom_data(data: Dataset | None) -> None:
    st.session_state[CUSTOM_DATA] = data
    # The Compare page's split and runs belong to the data they were made from: dropped now,
    # so replaced data (75 MB and more at 1e6 rows) is not kept alive until Compare is next
    # opened.
    st.session_state.pop(COMPARE_SPLIT, None)
    st.session_state.pop(COMPARE_MEMO, None)


def current_run() -> Run | None:
    return st.session_state[RUN]


def set_run(run: Run | None, key: Any = None) -> None:
    st.session_state[RUN] = run
    st.session_state[RUN_KEY] = key
    st.session_state[REPLAY] = None


def run_key() -> Any:
    return st.session_state[RUN_KEY]


def running() -> bool:
    return bool(st.session_state[RUNNING])


def set_running(flag: bool) -> None:
    st.session_state[RUNNING] = flag
    st.session_state[LAST_FRAME] = None  # the next live frame starts a fresh pace


def pop_notice() -> str | None:
    return st.session_state.pop(NOTICE, None)
