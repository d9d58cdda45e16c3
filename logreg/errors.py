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
