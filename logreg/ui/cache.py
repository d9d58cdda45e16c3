"""Cached wrappers around the engine (the only ``st.cache_data`` users).

Every cached function takes plain, hashable arguments that fully identify the result, so two
people's data can never be confused; nothing per-person goes into ``st.cache_resource``.
An uploaded file is not cached here: the Data page keeps what it read from the file in the
person's session, for that one file only, so a big upload's table never outlives it (a
process-wide cache kept up to 8 of them, ~27 MB each for 1e6 rows, for an hour).
"""

from __future__ import annotations

import streamlit as st

from logreg.lab import Dataset, Settings, generate


@st.cache_data(max_entries=64, show_spinner=False)
def _generated(kind: str, n_samples: int, noise: float, balance: float, seed: int) -> Dataset:
    settings = Settings(dataset=kind, n_samples=n_samples, noise=noise, balance=balance, seed=seed)
    return generate(settings)


def generated(settings: Settings) -> Dataset:
    """The generated data set for ``settings`` (cached per data setting)."""
    return _generated(
        settings.dataset, settings.n_samples, settings.noise, settings.balance, settings.seed
    )
