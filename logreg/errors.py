"""Typed errors and warnings of the engine."""

from __future__ import annotations


class DataError(ValueError):
    """Input data that cannot be used, with a message written for a non-programmer."""


class NotFittedError(ValueError, AttributeError):
    """A model was used before ``fit`` was called."""


class ConvergenceWarning(UserWarning):
    """The solver stopped before reaching its tolerance."""


class DivergenceWarning(UserWarning):
    """Training blew up (learning rate too high); the last good parameters were kept."""


MAX_MAGNITUDE = 1e100
"""Largest usable absolute value of a feature (and of a polynomial term built from features).

Beyond it, products the engine forms (``X @ w``, ``X^T X``, squares in a standard deviation)
could overflow float64 (max 1.8e308); inputs are rejected with a clear message instead.
"""
