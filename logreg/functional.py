"""Numerically stable scalar functions of the logit ``z``.

Everything here is elementwise on float arrays and stays finite and accurate for
``|z|`` up to 1e300: ``log(sigmoid(z))`` is never formed. ``±inf`` give the limits and NaN
propagates. Underflow of ``exp(-|z|)`` to 0 (or a subnormal) is expected and never reported,
even under ``np.errstate(all="raise")``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def sigmoid(z: ArrayLike) -> NDArray[np.float64]:
    """Logistic function ``1 / (1 + exp(-z))``, computed through ``exp(-|z|)``.

    Parameters
    ----------
    z : array_like
        Logits, any shape.

    Returns
    -------
    ndarray
        Probabilities in [0, 1], same shape as ``z``.
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(under="ignore"):  # exp(-|z|) -> 0 for |z| > 745 is exact enough
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log1pexp(z: ArrayLike) -> NDArray[np.float64]:
    """``log(1 + exp(z))`` (softplus) as ``max(z, 0) + log1p(exp(-|z|))``.

    Parameters
    ----------
    z : array_like
        Logits, any shape.

    Returns
    -------
    ndarray
        Non-negative values, same shape as ``z``; equals ``z`` for large ``z``.
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(under="ignore"):
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def log_sigmoid(z: ArrayLike) -> NDArray[np.float64]:
    """``log(sigmoid(z)) = -log1pexp(-z)``, finite for every finite ``z``."""
    return -log1pexp(-np.asarray(z, dtype=np.float64))


def logit(p: ArrayLike, eps: float = 1e-15) -> NDArray[np.float64]:
    """Inverse of :func:`sigmoid`, with ``p`` clipped to ``[eps, 1 - eps]``."""
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    return np.log(p) - np.log1p(-p)
