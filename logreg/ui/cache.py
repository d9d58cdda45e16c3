"""Cached wrappers around the engine (the only ``st.cache_data`` users).

Every cached function takes plain, hashable arguments that fully identify the result, so two
people's data can never be confused; nothing per-person goes into ``st.cache_resource``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from logreg.data import read_csv
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


@st.cache_data(max_entries=8, ttl=3600, show_spinner="Reading the file…")
def csv_table(digest: str, _raw: bytes) -> pd.DataFrame:
    """The table in an uploaded CSV file, cached by the file's content.

    ``digest`` is the sha256 hex digest of ``_raw``: the cache key, so the bytes are not hashed
    a second time. Raises :class:`~logreg.errors.DataError` for unusable files (not cached).
    """
    return read_csv(_raw)
