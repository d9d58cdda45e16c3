"""Lessons: one-click scenarios, and the banner that guides the person on the Playground."""

from __future__ import annotations

import streamlit as st

from logreg.lessons import LESSONS, Lesson
from logreg.ui import page, state


def _start(key: str) -> None:  # a callback: runs before the script, so widgets take the values
    state.apply_settings(LESSONS[key].settings())
    st.session_state[state.LESSON] = key
    st.session_state[state.GO_PLAYGROUND] = True


def _try_next(key: str) -> None:
    lesson = LESSONS[key]
    state.apply_settings(lesson.follow_up())


def catalogue() -> None:
    """Cards for every lesson with a Start button."""
    st.write(
        "Each lesson sets up data and controls to show one idea. Read what to look for, watch "
        "the Playground, then try the suggested change."
    )
    cols = page.columns(2, layout="pair", key="lessons")
    for i, (key, lesson) in enumerate(LESSONS.items()):
        with cols[i % 2].container(border=True):
            st.subheader(lesson.title)
            st.write(lesson.look_for)
            st.caption("Then: " + lesson.try_next)
            st.button(
                "Start this lesson",
                key=f"lesson_{key}",
                on_click=_start,
                args=(key,),
                icon=":material/school:",
                type="primary",
            )
    if st.session_state.pop(state.GO_PLAYGROUND, False):
        try:
            st.switch_page("pages/playground.py")
        except Exception:  # the page is running on its own (no navigation): offer a link
            st.success("Lesson ready: open the Playground to watch it.")


def banner() -> None:
    """On the Playground: the active lesson's text and its one-click follow-up."""
    key = st.session_state.get(state.LESSON)
    if key not in LESSONS:
        return
    lesson: Lesson = LESSONS[key]
    with st.container(border=True):
        left, right = st.columns([5, 1])
        left.markdown(f"**Lesson: {lesson.title}.** {lesson.look_for}")
        left.caption("Try next: " + lesson.try_next)
        right.button(
            "Try it",
            key="lesson_try",
            on_click=_try_next,
            args=(key,),
            help="Apply the suggested change.",
            width="stretch",
        )
        if right.button("Close", key="lesson_close", width="stretch"):
            st.session_state[state.LESSON] = None
            st.rerun()
