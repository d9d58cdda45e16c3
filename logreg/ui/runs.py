"""Which data and which training run the person is looking at (built on demand, kept in state)."""

from __future__ import annotations

import ctypes
import gc
from typing import Any

import streamlit as st

from logreg import lab
from logreg.lab import CUSTOM, DATA_FIELDS, MODEL_FIELDS, SPLIT_FIELDS, Dataset, Run, Settings
from logreg.ui import cache, state

CUSTOM_VERSION = "lab_custom_version"
TRAIN_BUDGET_S = 1.5  # train this long inside a rerun; a longer run continues live
# A replaced run over at least this many points is collected at once: Streamlit's collection
# after every run is off (.streamlit/config.toml), and a big run must not wait for Python's
# own, rare full collection to give its memory back.
COLLECT_FROM = 100_000


def _own_data(settings: Settings) -> bool:
    """Whether the settings select the person's own data (chosen and present)."""
    return settings.dataset == CUSTOM and state.custom_data() is not None


def current_data(settings: Settings) -> Dataset:
    """The person's own data when chosen and present, else the generated set."""
    custom = state.custom_data()
    if settings.dataset == CUSTOM and custom is not None:
        return custom
    if settings.dataset == CUSTOM:
        settings = settings.replace(dataset="blobs")
    return cache.generated(settings)


def replace_custom_data(data: Dataset | None) -> None:
    """Store the person's own data set (uploaded or edited) and select it."""
    state.set_custom_data(data)
    st.session_state[CUSTOM_VERSION] = st.session_state.get(CUSTOM_VERSION, 0) + 1
    if data is not None:
        state.update_settings(dataset=CUSTOM)


def data_key(settings: Settings) -> Any:
    """What identifies the data the settings select (generated settings, or the version of
    the person's own data)."""
    return _data_key(settings)


def _data_key(settings: Settings) -> Any:
    if _own_data(settings):
        return ("custom", st.session_state.get(CUSTOM_VERSION, 0))
    return settings.key(DATA_FIELDS)


def run_key(settings: Settings) -> Any:
    return (_data_key(settings), settings.key(SPLIT_FIELDS + MODEL_FIELDS))


def train_for(run: Run, budget_s: float = TRAIN_BUDGET_S) -> None:
    """Advance ``run`` until it is done or about ``budget_s`` seconds have passed."""
    lab.advance(run.trainer, 10**9, budget_s)


def _split(old: Run | None, data: Dataset, settings: Settings) -> lab.Split:
    """The split of ``data`` the settings ask for, reusing the old run's when it is the same
    (splitting 1e6 points takes ~0.5 s; a model setting change does not need a new one)."""
    old_key = state.run_key()
    if (
        old is not None
        and old_key is not None
        and old_key[0] == _data_key(settings)
        and old.settings.key(SPLIT_FIELDS) == settings.key(SPLIT_FIELDS)
    ):
        return old.split
    return lab.split(data, settings.test_fraction, settings.seed)


def ensure_run(settings: Settings) -> Run | None:
    """The run for the current settings, built and trained at once if settings changed.

    Returns None (after showing why) when the data cannot be trained on.
    """
    key = run_key(settings)
    run = state.current_run()
    if run is not None and state.run_key() == key:
        return run
    old_n = 0 if run is None else run.data.n  # the run this one replaces
    shared = not _own_data(settings)  # generated data: the same run for every person
    if shared and (done := cache.finished_runs().get(key)) is not None:
        _keep(done, key, old_n)
        return done
    data = current_data(settings)
    try:
        sp = _split(run, data, settings)
        refusal = lab.check_workload(settings, len(sp.y_train))
        if refusal:
            st.error(refusal, icon=":material/block:")
            return None
        run = Run.start(settings, data, sp)
    except ValueError as exc:
        st.error(f"This data and these settings cannot be trained on: {exc}")
        return None
    with st.spinner("Training…"):
        train_for(run)
    if shared:
        cache.finished_runs().put(key, run)
    _keep(run, key, old_n)
    return run


def _keep(run: Run, key: Any, old_n: int) -> None:
    """Make ``run`` the person's current run (playing on if it has not finished)."""
    state.set_run(run, key)
    state.set_running(not run.trainer.done)
    if old_n >= COLLECT_FROM:
        release_memory()


def release_memory() -> None:
    """Collect garbage and hand freed heap memory back to the system (glibc's ``malloc_trim``;
    a no-op elsewhere): after a big run is replaced, its arrays' memory would otherwise stay
    with the process, since glibc raises its mmap threshold after large frees."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
