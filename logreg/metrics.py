"""Binary classification metrics in plain numpy.

Conventions
-----------
``y_true`` holds the labels 0/1 (int, float or bool arrays), ``y_pred`` hard 0/1
predictions, ``y_score`` any real-valued ranking score and ``y_prob`` probabilities in
[0, 1]. All inputs are 1-D of shape (n,) (an (n, 1) column is accepted). Curves match
scikit-learn's output exactly; every curve sorts the scores once (O(n log n)), the
threshold metrics are O(n) and allocate only a few boolean arrays of length n, so the
counts of :func:`confusion_matrix` can be summed over chunks of a large data set.

Undefined values never raise: ROC quantities with only one class present are NaN and
precision / recall / F1 with an empty denominator are 0.0 (scikit-learn's
``zero_division=0``).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "accuracy",
    "average_precision",
    "calibration_curve",
    "classification_report",
    "confusion_matrix",
    "f1",
    "log_loss",
    "precision",
    "precision_recall_curve",
    "recall",
    "roc_auc",
    "roc_curve",
]

FloatArray = NDArray[np.float64]


# --------------------------------------------------------------------------- validation


def _as_1d(name: str, a: ArrayLike) -> np.ndarray:
    arr = np.asarray(a)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, but it has shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); at least one sample is needed.")
    return arr


def _same_length(names: tuple[str, ...], arrays: tuple[np.ndarray, ...]) -> None:
    n = arrays[0].shape[0]
    for name, arr in zip(names[1:], arrays[1:], strict=True):
        if arr.shape[0] != n:
            raise ValueError(
                f"{names[0]} has shape {arrays[0].shape} but {name} has shape {arr.shape}; "
                "they must have the same length."
            )


def _labels(name: str, y: ArrayLike) -> NDArray[np.bool_]:
    """Validate 0/1 labels and return them as a boolean array of shape (n,)."""
    arr = _as_1d(name, y)
    if arr.dtype == np.bool_:
        return arr
    if arr.dtype.kind not in "iuf":
        raise ValueError(
            f"{name} must contain only the labels 0 and 1, but it has dtype {arr.dtype}."
        )
    lo, hi = arr.min(), arr.max()
    if arr.dtype.kind == "f":
        ok = bool(np.all((arr == 0) | (arr == 1)))
    else:
        ok = bool(lo >= 0 and hi <= 1)
    if not ok:
        bad = np.unique(arr[(arr != 0) & (arr != 1)])[:5]
        raise ValueError(
            f"{name} must contain only the labels 0 and 1; found other values such as "
            f"{bad.tolist()} (shape {arr.shape})."
        )
    return arr.astype(bool)


def _scores(name: str, s: ArrayLike, *, probability: bool) -> FloatArray:
    """Validate finite scores (in [0, 1] if ``probability``) as float64, shape (n,)."""
    arr = _as_1d(name, s)
    if arr.dtype.kind not in "iufb":
        raise ValueError(f"{name} must be numeric, but it has dtype {arr.dtype}.")
    arr = arr.astype(np.float64, copy=False)
    lo, hi = float(arr.min()), float(arr.max())  # min/max propagate NaN: no extra array
    if math.isnan(lo) or math.isnan(hi):
        k = int(np.count_nonzero(np.isnan(arr)))
        raise ValueError(f"{name} contains {k} NaN value(s) (shape {arr.shape}).")
    if probability and (lo < 0.0 or hi > 1.0):
        raise ValueError(
            f"{name} must be probabilities in [0, 1], but its values range from {lo:g} to "
            f"{hi:g} (shape {arr.shape})."
        )
    if math.isinf(lo) or math.isinf(hi):
        raise ValueError(f"{name} contains infinite values (shape {arr.shape}).")
    return arr


def _weights(sample_weight: ArrayLike | None, n_ref: np.ndarray) -> FloatArray | None:
    if sample_weight is None:
        return None
    w = _as_1d("sample_weight", sample_weight).astype(np.float64, copy=False)
    _same_length(("y_true", "sample_weight"), (n_ref, w))
    lo, hi = float(w.min()), float(w.max())
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo < 0:
        raise ValueError(
            f"sample_weight must be finite and non-negative (shape {w.shape}); "
            f"its values range from {lo:g} to {hi:g}."
        )
    return w


def _check_pair(
    y_true: ArrayLike,
    other: ArrayLike,
    other_name: str,
    kind: Literal["labels", "score", "prob"],
    sample_weight: ArrayLike | None = None,
) -> tuple[NDArray[np.bool_], np.ndarray, FloatArray | None]:
    y = _labels("y_true", y_true)
    if kind == "labels":
        o: np.ndarray = _labels(other_name, other)
    else:
        o = _scores(other_name, other, probability=kind == "prob")
    _same_length(("y_true", other_name), (y, o))
    return y, o, _weights(sample_weight, y)


# ----------------------------------------------------------------- threshold metrics


def _counts(
    y: NDArray[np.bool_], pred: NDArray[np.bool_], w: FloatArray | None
) -> tuple[float, float, float, float]:
    """(tn, fp, fn, tp) allocating one extra boolean array of shape (n,)."""
    if w is None:
        n = float(y.shape[0])
        pos = float(np.count_nonzero(y))
        pp = float(np.count_nonzero(pred))
        tp = float(np.count_nonzero(pred & y))
    else:
        n = float(w.sum())
        pos = float(w @ y)
        pp = float(w @ pred)
        tp = float(w @ (pred & y))
    fp = pp - tp
    fn = pos - tp
    tn = n - tp - fp - fn
    return tn, fp, fn, tp


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else 0.0


def confusion_matrix(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    threshold: float = 0.5,
    sample_weight: ArrayLike | None = None,
) -> NDArray:
    """Confusion matrix of the rule "predict 1 when ``y_prob >= threshold``".

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Labels 0/1.
    y_prob : array_like of shape (n,)
        Scores or probabilities (any finite values; compared with ``threshold``).
    threshold : float, default 0.5
    sample_weight : array_like of shape (n,), optional

    Returns
    -------
    ndarray of shape (2, 2)
        ``[[tn, fp], [fn, tp]]``; int64 counts, or float64 weighted counts. Counts are
        additive, so chunks of a large array can be summed.
    """
    y, p, w = _check_pair(y_true, y_prob, "y_prob", "score", sample_weight)
    tn, fp, fn, tp = _counts(y, p >= threshold, w)
    out = np.array([[tn, fp], [fn, tp]], dtype=np.float64)
    return out if w is not None else out.astype(np.int64)


def accuracy(y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
    """Fraction of correct hard predictions; ``y_true``, ``y_pred`` of shape (n,)."""
    y, yp, w = _check_pair(y_true, y_pred, "y_pred", "labels", sample_weight)
    tn, fp, fn, tp = _counts(y, yp, w)
    return _ratio(tn + tp, tn + fp + fn + tp)


def precision(
    y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None
) -> float:
    """``tp / (tp + fp)`` for hard 0/1 predictions of shape (n,); 0.0 if nothing is predicted 1."""
    y, yp, w = _check_pair(y_true, y_pred, "y_pred", "labels", sample_weight)
    _, fp, _, tp = _counts(y, yp, w)
    return _ratio(tp, tp + fp)


def recall(y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
    """``tp / (tp + fn)`` for hard 0/1 predictions of shape (n,); 0.0 if there are no positives."""
    y, yp, w = _check_pair(y_true, y_pred, "y_pred", "labels", sample_weight)
    _, _, fn, tp = _counts(y, yp, w)
    return _ratio(tp, tp + fn)


def f1(y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
    """Harmonic mean of precision and recall, ``2tp / (2tp + fp + fn)``; 0.0 when undefined."""
    y, yp, w = _check_pair(y_true, y_pred, "y_pred", "labels", sample_weight)
    _, fp, fn, tp = _counts(y, yp, w)
    return _ratio(2.0 * tp, 2.0 * tp + fp + fn)


def log_loss(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    eps: float = 1e-15,
    sample_weight: ArrayLike | None = None,
) -> float:
    """Mean negative log-likelihood (cross-entropy) of probabilities for class 1.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Labels 0/1.
    y_prob : array_like of shape (n,)
        Predicted probabilities of class 1, clipped to ``[eps, 1 - eps]``.
    eps : float, default 1e-15
    sample_weight : array_like of shape (n,), optional

    Returns
    -------
    float
        Defined (finite) even when only one class is present.
    """
    y, p, w = _check_pair(y_true, y_prob, "y_prob", "prob", sample_weight)
    p = np.clip(p, eps, 1.0 - eps)
    loss = np.where(y, np.log(p), np.log1p(-p))
    if w is None:
        return float(-loss.mean())
    total = float(w.sum())
    if total <= 0:
        raise ValueError("sample_weight sums to zero; the weighted log-loss is undefined.")
    return float(-(w @ loss) / total)


# ---------------------------------------------------------------------------- curves


def _argsort_desc(s: FloatArray) -> NDArray[np.intp]:
    """Stable descending argsort (ties keep their original order), like scikit-learn."""
    n = s.shape[0]
    idx = np.argsort(s[::-1], kind="stable")[::-1]
    return (n - 1) - idx


def _binary_clf_curve(
    y: NDArray[np.bool_], s: FloatArray, w: FloatArray | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """False/true positive counts at each distinct score, highest score first.

    Returns
    -------
    fps, tps, thresholds : ndarrays of shape (k,)
        ``k`` = number of distinct scores (among samples with non-zero weight).
    """
    if w is not None:
        keep = w != 0
        if not keep.all():
            y, s, w = y[keep], s[keep], w[keep]
        if w.shape[0] == 0:
            raise ValueError("all sample weights are zero; the curve is undefined.")
    order = _argsort_desc(s)
    s = s[order]
    y = y[order]
    idx = np.append(np.flatnonzero(np.diff(s)), s.shape[0] - 1)
    if w is None:
        tps = np.cumsum(y, dtype=np.float64)[idx]
        fps = 1.0 + idx.astype(np.float64) - tps
    else:
        w = w[order]
        yf = y.astype(np.float64)
        tps = np.cumsum(yf * w)[idx]
        fps = np.cumsum((1.0 - yf) * w)[idx]
    return fps, tps, s[idx]


def roc_curve(
    y_true: ArrayLike, y_score: ArrayLike, sample_weight: ArrayLike | None = None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """ROC curve, identical to ``sklearn.metrics.roc_curve(drop_intermediate=True)``.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Labels 0/1.
    y_score : array_like of shape (n,)
        Finite scores; higher means more likely class 1.
    sample_weight : array_like of shape (n,), optional

    Returns
    -------
    fpr, tpr : ndarrays of shape (m,)
        Increasing rates; all NaN if the corresponding class is absent.
    thresholds : ndarray of shape (m,)
        Decreasing; ``thresholds[0] = inf`` (the point (0, 0)).
    """
    y, s, w = _check_pair(y_true, y_score, "y_score", "score", sample_weight)
    fps, tps, thr = _binary_clf_curve(y, s, w)
    if fps.shape[0] > 2:
        corner = np.logical_or(np.diff(fps, 2), np.diff(tps, 2))
        keep = np.flatnonzero(np.concatenate(([True], corner, [True])))
        fps, tps, thr = fps[keep], tps[keep], thr[keep]
    fps = np.concatenate(([0.0], fps))
    tps = np.concatenate(([0.0], tps))
    thr = np.concatenate(([np.inf], thr))
    fpr = fps / fps[-1] if fps[-1] > 0 else np.full(fps.shape, np.nan)
    tpr = tps / tps[-1] if tps[-1] > 0 else np.full(tps.shape, np.nan)
    return fpr, tpr, thr


def roc_auc(y_true: ArrayLike, y_score: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
    """Area under the ROC curve (trapezoids; ties count one half).

    Parameters
    ----------
    y_true, y_score, sample_weight : array_like of shape (n,)
        As in :func:`roc_curve`.

    Returns
    -------
    float
        In [0, 1]; NaN (no error) when ``y_true`` holds a single class.
    """
    fpr, tpr, _ = roc_curve(y_true, y_score, sample_weight)
    if np.isnan(fpr[-1]) or np.isnan(tpr[-1]):
        return math.nan
    return float(np.trapezoid(tpr, fpr))


def precision_recall_curve(
    y_true: ArrayLike, y_score: ArrayLike, sample_weight: ArrayLike | None = None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Precision-recall pairs, identical to ``sklearn.metrics.precision_recall_curve``.

    Parameters
    ----------
    y_true, y_score, sample_weight : array_like of shape (n,)
        As in :func:`roc_curve`.

    Returns
    -------
    precision : ndarray of shape (k + 1,)
        Last element is 1.
    recall : ndarray of shape (k + 1,)
        Decreasing, last element 0 (all ones before that if there are no positives).
    thresholds : ndarray of shape (k,)
        The distinct scores, increasing.
    """
    y, s, w = _check_pair(y_true, y_score, "y_score", "score", sample_weight)
    fps, tps, thr = _binary_clf_curve(y, s, w)
    ps = tps + fps
    prec = np.divide(tps, ps, out=np.zeros_like(tps), where=ps != 0)
    rec = tps / tps[-1] if tps[-1] != 0 else np.ones_like(tps)
    return (
        np.concatenate((prec[::-1], [1.0])),
        np.concatenate((rec[::-1], [0.0])),
        thr[::-1].copy(),
    )


def average_precision(
    y_true: ArrayLike, y_score: ArrayLike, sample_weight: ArrayLike | None = None
) -> float:
    """Average precision ``sum_k (R_k - R_{k-1}) P_k``, as sklearn's ``average_precision_score``.

    Parameters
    ----------
    y_true, y_score, sample_weight : array_like of shape (n,)
        As in :func:`roc_curve`.

    Returns
    -------
    float
        In [0, 1]; 0.0 when there are no positives.
    """
    prec, rec, _ = precision_recall_curve(y_true, y_score, sample_weight)
    return float(max(0.0, -np.sum(np.diff(rec) * prec[:-1])))


def calibration_curve(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    n_bins: int = 10,
    strategy: Literal["uniform", "quantile"] = "uniform",
) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """Reliability diagram data, as ``sklearn.calibration.calibration_curve`` plus counts.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Labels 0/1.
    y_prob : array_like of shape (n,)
        Probabilities in [0, 1].
    n_bins : int, default 10
    strategy : {"uniform", "quantile"}
        Equal-width bins on [0, 1], or bins holding equal numbers of samples.

    Returns
    -------
    prob_true, prob_pred : ndarrays of shape (k,)
        Observed fraction of class 1 and mean predicted probability per non-empty bin
        (``k <= n_bins``; empty bins are dropped).
    counts : ndarray of shape (k,)
        Number of samples in each of those bins.
    """
    if isinstance(n_bins, bool) or not isinstance(n_bins, int | np.integer) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}.")
    n_bins = int(n_bins)
    y, p, _ = _check_pair(y_true, y_prob, "y_prob", "prob")
    if strategy == "quantile":
        bins = np.percentile(p, np.linspace(0.0, 1.0, n_bins + 1) * 100)
    elif strategy == "uniform":
        bins = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}.")
    ids = np.searchsorted(bins[1:-1], p)
    sums = np.bincount(ids, weights=p, minlength=n_bins)
    trues = np.bincount(ids, weights=y, minlength=n_bins)
    totals = np.bincount(ids, minlength=n_bins)
    nz = totals != 0
    return trues[nz] / totals[nz], sums[nz] / totals[nz], totals[nz].astype(np.int64)


# ---------------------------------------------------------------------------- report


def classification_report(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    threshold: float = 0.5,
    sample_weight: ArrayLike | None = None,
) -> dict[str, float | None]:
    """The headline metrics of probabilities ``y_prob`` at a decision threshold.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Labels 0/1.
    y_prob : array_like of shape (n,)
        Probabilities of class 1 in [0, 1]; predict 1 when ``y_prob >= threshold``.
    threshold : float, default 0.5
    sample_weight : array_like of shape (n,), optional

    Returns
    -------
    dict
        Keys ``accuracy``, ``precision``, ``recall``, ``f1``, ``log_loss``, ``auc`` with
        Python floats; a value that is undefined (e.g. ``auc`` when only one class is
        present) is ``None`` instead of NaN, so it can be shown as "n/a".
    """
    y, p, w = _check_pair(y_true, y_prob, "y_prob", "prob", sample_weight)
    tn, fp, fn, tp = _counts(y, p >= threshold, w)
    out: dict[str, float | None] = {
        "accuracy": _ratio(tn + tp, tn + fp + fn + tp),
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "f1": _ratio(2.0 * tp, 2.0 * tp + fp + fn),
        "log_loss": log_loss(y, p, sample_weight=w),
        "auc": roc_auc(y, p, sample_weight=w),
    }
    return {k: (None if v is None or math.isnan(v) else float(v)) for k, v in out.items()}
