"""Synthetic two-class data sets in the plane, and a stratified train/test split.

Every generator has the signature ``make_<kind>(n_samples, noise, rng, *, balance=0.5, ...)``
and returns ``(X, y)`` with ``X`` float64 of shape (n, 2) and ``y`` int64 in {0, 1} of
shape (n,). ``noise`` is the standard deviation of the Gaussian jitter added to every
coordinate, in data units; all data sets live roughly in [-6, 6] x [-6, 6] so one plotting
range fits all. Class 1 gets exactly ``round(n_samples * balance)`` points. Rows are shuffled.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DATASETS",
    "DATASET_LABELS",
    "MAX_SAMPLES",
    "class_counts",
    "make_blobs",
    "make_circles",
    "make_dataset",
    "make_moons",
    "make_spirals",
    "make_xor",
    "subsample_indices",
    "train_test_split",
]

RandomState = int | np.random.Generator | None
Dataset = tuple[NDArray[np.float64], NDArray[np.int64]]

MAX_SAMPLES = 2_000_000
MIN_SAMPLES = 4
MIN_PER_CLASS = 2


def _check_int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= int(value) <= high:
        raise ValueError(f"{name} must be between {low:_} and {high:_}, got {value!r}")
    return int(value)


MAX_NOISE = 1000.0  # data units; the data sets span about ±6, so this is already pure noise


def _check_noise(noise: Any) -> float:
    if isinstance(noise, bool) or not isinstance(noise, Real) or not math.isfinite(noise):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    if noise > MAX_NOISE:
        raise ValueError(f"noise must be at most {MAX_NOISE:g} (data units), got {noise!r}")
    return float(noise)


def _rng(random_state: Any) -> np.random.Generator:
    if random_state is None or isinstance(random_state, np.random.Generator):
        return np.random.default_rng(random_state)
    if isinstance(random_state, bool) or not isinstance(random_state, Integral):
        raise ValueError(
            "random_state must be None, a whole number >= 0 or a numpy Generator, "
            f"got {random_state!r}"
        )
    if random_state < 0:
        raise ValueError(f"random_state must be a whole number >= 0, got {random_state!r}")
    return np.random.default_rng(int(random_state))


def class_counts(n_samples: int, balance: float) -> tuple[int, int]:
    """Exact class sizes ``(n0, n1)`` with ``n1 = round(n_samples * balance)``.

    Raises ``ValueError`` unless ``0 < balance < 1`` and both classes get at least 2 points.
    """
    n_samples = _check_int("n_samples", n_samples, MIN_SAMPLES, MAX_SAMPLES)
    if (
        isinstance(balance, bool)
        or not isinstance(balance, Real)
        or not math.isfinite(balance)
        or not 0.0 < balance < 1.0
    ):
        raise ValueError(f"balance must be a fraction strictly between 0 and 1, got {balance!r}")
    n1 = round(n_samples * float(balance))
    n0 = n_samples - n1
    if min(n0, n1) < MIN_PER_CLASS:
        raise ValueError(
            f"balance={balance!r} with n_samples={n_samples} gives {n0} points of class 0 and "
            f"{n1} of class 1; each class needs at least {MIN_PER_CLASS}"
        )
    return n0, n1


def _finish(
    parts: tuple[NDArray[np.float64], NDArray[np.float64]],
    noise: float,
    rng: np.random.Generator,
) -> Dataset:
    """Stack class-0 and class-1 points, add jitter and shuffle the rows."""
    X = np.concatenate(parts).astype(np.float64, copy=False)
    y = np.concatenate([np.zeros(len(parts[0]), np.int64), np.ones(len(parts[1]), np.int64)])
    if noise > 0:
        X = X + rng.normal(0.0, noise, size=X.shape)
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order]), y[order]


def _setup(
    n_samples: int, noise: float, rng: RandomState, balance: float
) -> tuple[int, int, float, np.random.Generator]:
    n0, n1 = class_counts(n_samples, balance)
    return n0, n1, _check_noise(noise), _rng(rng)


def make_blobs(
    n_samples: int,
    noise: float,
    rng: RandomState,
    *,
    balance: float = 0.5,
    separation: float = 3.0,
) -> Dataset:
    """Two round Gaussian clouds (std 1) whose centers are ``separation`` apart.

    The centers sit on the diagonal at ``±separation / 2 · (1, 1) / √2``; ``noise`` adds
    extra jitter on top of the unit spread, so even ``noise=0`` gives overlapping clouds
    when ``separation`` is small. Class 1 is the upper-right cloud.
    """
    n0, n1, noise, rng = _setup(n_samples, noise, rng, balance)
    if not math.isfinite(separation) or separation < 0:
        raise ValueError(f"separation must be a finite number >= 0, got {separation!r}")
    center = np.full(2, separation / 2.0 / math.sqrt(2.0))
    X0 = rng.normal(0.0, 1.0, size=(n0, 2)) - center
    X1 = rng.normal(0.0, 1.0, size=(n1, 2)) + center
    return _finish((X0, X1), noise, rng)


def make_moons(
    n_samples: int,
    noise: float,
    rng: RandomState,
    *,
    balance: float = 0.5,
    scale: float = 2.0,
) -> Dataset:
    """Two interleaving half circles of radius ``scale``, centered on the origin.

    Class 0 is the upper moon, class 1 the lower one (as in scikit-learn, scaled by
    ``scale`` and shifted so the picture is centered). Spans about ±1.5·scale in x.
    """
    n0, n1, noise, rng = _setup(n_samples, noise, rng, balance)
    t0 = rng.uniform(0.0, np.pi, n0)
    t1 = rng.uniform(0.0, np.pi, n1)
    X0 = np.column_stack([np.cos(t0), np.sin(t0)])
    X1 = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    shift = np.array([0.5, 0.25])
    return _finish(((X0 - shift) * scale, (X1 - shift) * scale), noise, rng)


def make_circles(
    n_samples: int,
    noise: float,
    rng: RandomState,
    *,
    balance: float = 0.5,
    radius: float = 3.0,
    factor: float = 0.5,
) -> Dataset:
    """Two concentric rings: class 0 outer (``radius``), class 1 inner (``factor·radius``)."""
    n0, n1, noise, rng = _setup(n_samples, noise, rng, balance)
    if not 0.0 <= factor < 1.0:
        raise ValueError(f"factor must be in [0, 1), got {factor!r}")
    t0 = rng.uniform(0.0, 2.0 * np.pi, n0)
    t1 = rng.uniform(0.0, 2.0 * np.pi, n1)
    X0 = radius * np.column_stack([np.cos(t0), np.sin(t0)])
    X1 = factor * radius * np.column_stack([np.cos(t1), np.sin(t1)])
    return _finish((X0, X1), noise, rng)


def make_xor(
    n_samples: int,
    noise: float,
    rng: RandomState,
    *,
    balance: float = 0.5,
    extent: float = 4.0,
    margin: float = 0.25,
) -> Dataset:
    """XOR pattern: class 1 in quadrants (+,+) and (-,-), class 0 in (+,-) and (-,+).

    Coordinates have magnitudes uniform in [``margin``, ``extent``], so at ``noise=0`` a
    clean gap of width ``2·margin`` runs along both axes.
    """
    n0, n1, noise, rng = _setup(n_samples, noise, rng, balance)

    def quadrant_points(n: int, same_sign: bool) -> NDArray[np.float64]:
        magnitude = rng.uniform(margin, extent, size=(n, 2))
        sx = rng.choice([-1.0, 1.0], size=n)
        sy = sx if same_sign else -sx
        return magnitude * np.column_stack([sx, sy])

    return _finish((quadrant_points(n0, False), quadrant_points(n1, True)), noise, rng)


def make_spirals(
    n_samples: int,
    noise: float,
    rng: RandomState,
    *,
    balance: float = 0.5,
    turns: float = 1.5,
    radius: float = 5.0,
) -> Dataset:
    """Two interleaved Archimedean spiral arms (class 1 is class 0 rotated by 180°).

    Radius grows linearly from ``0.1·radius`` to ``radius`` over ``turns`` turns; points are
    spread roughly evenly along each arm.
    """
    n0, n1, noise, rng = _setup(n_samples, noise, rng, balance)

    def arm(n: int, phase: float) -> NDArray[np.float64]:
        s = np.sqrt(rng.uniform(0.0, 1.0, n))  # density grows with radius, like arc length
        r = radius * (0.1 + 0.9 * s)
        theta = 2.0 * np.pi * turns * s + phase
        return np.column_stack([r * np.cos(theta), r * np.sin(theta)])

    return _finish((arm(n0, 0.0), arm(n1, np.pi)), noise, rng)


DATASETS: dict[str, Callable[..., Dataset]] = {
    "blobs": make_blobs,
    "moons": make_moons,
    "circles": make_circles,
    "xor": make_xor,
    "spirals": make_spirals,
}

DATASET_LABELS: dict[str, str] = {
    "blobs": "Two blobs",
    "moons": "Two moons",
    "circles": "Circles (two rings)",
    "xor": "XOR (four quadrants)",
    "spirals": "Two spirals",
}


def make_dataset(
    kind: str,
    n_samples: int = 200,
    noise: float = 0.2,
    *,
    balance: float = 0.5,
    random_state: RandomState = None,
    **kwargs: Any,
) -> Dataset:
    """Generate a named synthetic data set.

    Parameters
    ----------
    kind : str
        One of ``DATASETS`` ("blobs", "moons", "circles", "xor", "spirals").
    n_samples : int
        Number of points, 4 to 2 000 000.
    noise : float
        Standard deviation of the Gaussian jitter, in data units (>= 0).
    balance : float
        Fraction of class 1, strictly between 0 and 1, with at least 2 points per class.
    random_state : int, Generator or None
        Seed; the same seed gives identical arrays.
    **kwargs
        Shape parameters of the chosen generator (e.g. ``separation`` for blobs).

    Returns
    -------
    X : ndarray of float64, shape (n_samples, 2)
    y : ndarray of int64, shape (n_samples,), values in {0, 1}
    """
    if not isinstance(kind, str) or kind not in DATASETS:
        valid = ", ".join(repr(k) for k in DATASETS)
        raise ValueError(f"unknown dataset kind {kind!r}; valid kinds are {valid}")
    return DATASETS[kind](n_samples, noise, random_state, balance=balance, **kwargs)


def subsample_indices(n: int, max_points: int, seed: int = 0) -> NDArray[np.intp]:
    """Sorted, seeded uniform subsample of ``range(n)`` of size ``min(n, max_points)``.

    Parameters
    ----------
    n : int
        Population size.
    max_points : int
        Maximum number of indices returned.
    seed : int
        Seed of ``numpy.random.default_rng``; the same inputs give the same subsample.

    Returns
    -------
    ndarray of intp, shape (min(n, max_points),)
    """
    if n <= max_points:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=max_points, replace=False))


def train_test_split(
    X: ArrayLike,
    y: ArrayLike,
    test_size: float = 0.25,
    *,
    random_state: RandomState = None,
    stratify: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split rows into a training and a test part.

    Parameters
    ----------
    X : array_like, shape (n, ...)
        Rows to split.
    y : array_like, shape (n,)
        Labels of any dtype; returned with their dtype unchanged.
    test_size : float
        Fraction of rows for the test part, in [0, 0.9]. The test part has
        ``round(test_size · n)`` rows, lowered if needed so every class keeps at least one
        training row.
    random_state : int, Generator or None
        Seed; the same seed gives the same split.
    stratify : bool
        If True, each class is split in the same proportion (largest-remainder rounding).

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        Rows in random order; with ``test_size=0`` the test arrays are empty with shapes
        (0, ...) and (0,).
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D, got shape {y.shape}")
    if X.ndim == 0 or len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows, got {X.shape} and {y.shape}")
    if (
        isinstance(test_size, bool)
        or not isinstance(test_size, Real)
        or not 0.0 <= test_size <= 0.9
    ):
        raise ValueError(f"test_size must be a fraction between 0 and 0.9, got {test_size!r}")
    rng = _rng(random_state)
    n = len(y)
    classes, codes = np.unique(y, return_inverse=True)
    sizes = np.bincount(codes, minlength=len(classes))
    n_test = min(round(test_size * n), n - len(classes))

    if stratify:
        quota = n_test * sizes / max(n, 1)
        per_class = np.minimum(np.floor(quota).astype(np.int64), sizes - 1)
        order = np.argsort(-(quota - per_class), kind="stable")  # largest remainder first
        while per_class.sum() < n_test:  # terminates: n_test <= sum(sizes - 1)
            for c in order:
                if per_class.sum() < n_test and per_class[c] < sizes[c] - 1:
                    per_class[c] += 1
        test_parts = []
        for c in range(len(classes)):
            members = rng.permutation(np.flatnonzero(codes == c))
            test_parts.append(members[: per_class[c]])
        test_idx = np.concatenate([np.zeros(0, np.int64), *test_parts])
    else:
        order = rng.permutation(n)
        _, first = np.unique(codes[order], return_index=True)
        reserved = np.zeros(n, dtype=bool)
        reserved[first] = True  # one training row per class, chosen at random
        test_idx = order[~reserved][:n_test]

    is_test = np.zeros(n, dtype=bool)
    is_test[test_idx] = True
    train_idx = rng.permutation(np.flatnonzero(~is_test))
    test_idx = rng.permutation(np.flatnonzero(is_test))
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]
