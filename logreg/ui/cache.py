"""Cached wrappers around the engine (the only ``st.cache_data`` / ``st.cache_resource`` users).

Every cached function takes plain, hashable arguments that fully identify the result, so two
people's data can never be confused; nothing per-person goes into ``st.cache_resource``.
An uploaded file is not cached here: the Data page keeps what it read from the file in the
person's session, for that one file only, so a big upload's table never outlives it (a
process-wide cache kept up to 8 of them, ~27 MB each for 1e6 rows, for an hour).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Hashable

import streamlit as st

from logreg.lab import Dataset, Run, Settings, generate

# Finished runs on generated data kept for every session: the default run is ~0.1 MB, the
# largest (5,000 points, degree 6) ~3.5 MB, so at most ~60 MB however people play.
FINISHED_RUNS = 16


@st.cache_data(max_entries=64, show_spinner=False)
def _generated(kind: str, n_samples: int, noise: float, balance: float, seed: int) -> Dataset:
    settings = Settings(dataset=kind, n_samples=n_samples, noise=noise, balance=balance, seed=seed)
    return generate(settings)


def generated(settings: Settings) -> Dataset:
    """The generated data set for ``settings`` (cached per data setting)."""
    return _generated(
        settings.dataset, settings.n_samples, settings.noise, settings.balance, settings.seed
    )


class FinishedRuns:
    """Finished training runs on generated data, shared by every session of the process.

    A run on generated data is a pure function of the settings (the data, the split and the
    training are all seeded), so the second person to ask for the same settings, or the same
    person coming back to them, gets a copy of the finished run instead of training again (a
    new visitor's first Playground run: 0.59 -> 0.12 s of server time while their browser
    loads the page; benchmarks/README.md, session 8). Each caller gets
    its own deep copy (~2-6 ms); the stored runs are never handed out. Only finished runs are
    kept: how far an unfinished one got depends on the machine's speed, not on the settings.
    Least recently used runs are dropped beyond ``max_entries``.
    """

    def __init__(self, max_entries: int = FINISHED_RUNS) -> None:
        self.max_entries = max_entries
        self._runs: OrderedDict[Hashable, Run] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._runs)

    def get(self, key: Hashable) -> Run | None:
        """A copy of the finished run stored under ``key``, or None."""
        with self._lock:
            run = self._runs.get(key)
            if run is None:
                return None
            self._runs.move_to_end(key)
            return copy.deepcopy(run)

    def put(self, key: Hashable, run: Run) -> None:
        """Keep a copy of ``run`` under ``key`` if it has finished training."""
        if not run.trainer.done:
            return
        kept = copy.deepcopy(run)
        with self._lock:
            self._runs[key] = kept
            self._runs.move_to_end(key)
            while len(self._runs) > self.max_entries:
                self._runs.popitem(last=False)


@st.cache_resource(show_spinner=False)
def finished_runs() -> FinishedRuns:
    """The process's one store of finished runs on generated data (see :class:`FinishedRuns`)."""
    return FinishedRuns()
