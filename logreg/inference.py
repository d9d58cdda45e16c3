"""Standard errors, p-values and confidence intervals for a fitted logistic regression.

The covariance of the estimates is the inverse of the Fisher information at the fit,
``I = X1' diag(s p (1 - p)) X1`` with ``X1 = [1, X]`` (``s`` = class weights), plus
``n alpha (1 - l1_ratio)`` on the diagonal of the penalized coefficients for an L2 fit.
Normal (Wald) tails and quantiles are computed with :mod:`math` only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from logreg.errors import DataError, NotFittedError
from logreg.functional import sigmoid

__all__ = ["coef_table", "normal_quantile", "summary_text"]

COLUMNS = [
    "coef",
    "std_err",
    "z",
    "p_value",
    "ci_low",
    "ci_high",
    "odds_ratio",
    "or_low",
    "or_high",
]

# Largest acceptable condition number of the (diagonally scaled) information matrix.
_MAX_COND = 1e12

_SEPARATED = (
    "The classes are perfectly separated (a combination of the features predicts every "
    "training label exactly), so the coefficients grow without bound and their standard "
    "errors are infinite. Add L2 regularization (alpha > 0) to read approximate ones."
)


# ----------------------------------------------------------------- normal distribution

# Acklam's rational approximation of the inverse normal CDF (relative error < 1.2e-9),
# refined below with one Halley step on the exact CDF written with math.erfc.
_A = (-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
      -30.66479806614716, 2.506628277459239)  # fmt: skip
_B = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
      -13.28068155288572)  # fmt: skip
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838, -2.549732539343734,
      4.374664141464968, 2.938163982698783)  # fmt: skip
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996, 3.754408661907416)
_P_LOW = 0.02425


def _acklam(p: float) -> float:
    if p < _P_LOW:
        q = math.sqrt(-2.0 * math.log(p))
        num = ((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]
        return num / ((((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0)
    q = p - 0.5
    r = q * q
    num = ((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]
    return num * q / (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0)


def normal_quantile(p: float) -> float:
    """Inverse CDF of the standard normal distribution.

    Parameters
    ----------
    p : float
        Probability in (0, 1).

    Returns
    -------
    float
        ``x`` with ``P(Z <= x) = p``; accurate to about 1e-15 (relative).
    """
    p = float(p)
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be strictly between 0 and 1, got {p!r}.")
    if p > 0.5:  # 1 - p is exact here; work in the lower tail where the CDF is accurate
        return -normal_quantile(1.0 - p)
    if p == 0.5:
        return 0.0
    x = _acklam(p)
    if 0.5 * x * x > 700.0:  # p below ~1e-300: the density underflows, keep Acklam's value
        return x
    err = 0.5 * math.erfc(-x / math.sqrt(2.0)) - p
    u = err * math.sqrt(2.0 * math.pi) * math.exp(0.5 * x * x)
    return x - u / (1.0 + 0.5 * x * u)


def _two_sided_p(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.array([math.erfc(abs(v) / math.sqrt(2.0)) for v in z], dtype=np.float64)


# ---------------------------------------------------------------------------- helpers


def _penalty(model: Any) -> tuple[float, str]:
    """L2 strength ``alpha (1 - rho)`` of the objective; refuse L1 terms."""
    penalty = getattr(model, "penalty", "none")
    penalty = "none" if penalty is None else str(penalty).lower()
    alpha = float(getattr(model, "alpha", 0.0) or 0.0)
    if penalty == "none" or alpha == 0.0:
        return 0.0, "none"
    if penalty == "l2":
        return alpha, "l2"
    if penalty in ("l1", "elasticnet"):
        rho = 1.0 if penalty == "l1" else float(getattr(model, "l1_ratio", 0.5) or 0.0)
        if rho > 0.0:
            kind = "L1" if penalty == "l1" else "elastic-net"
            raise ValueError(
                f"p-values are not defined for L1 / elastic-net fits (this model uses {kind} "
                f"with alpha = {alpha:g}): the L1 penalty sets some coefficients exactly to "
                "zero, and no standard error describes that. Refit without L1 "
                "(penalty 'none' or 'l2') to read them."
            )
        return alpha * (1.0 - rho), "l2"
    raise ValueError(f"unknown penalty {penalty!r}; expected 'none', 'l2', 'l1' or 'elasticnet'.")


def _sample_weights(model: Any, y01: NDArray[np.float64]) -> NDArray[np.float64] | None:
    cw = getattr(model, "class_weight", None)
    if cw is None:
        return None
    n = y01.shape[0]
    n1 = float(y01.sum())
    if isinstance(cw, str):
        if cw != "balanced":
            raise ValueError(f"unknown class_weight {cw!r}; expected None or 'balanced'.")
        return np.where(y01 == 1.0, n / (2.0 * n1), n / (2.0 * (n - n1)))
    classes = model.classes_
    w0, w1 = float(cw.get(classes[0], 1.0)), float(cw.get(classes[1], 1.0))
    return np.where(y01 == 1.0, w1, w0)


def _feature_names(X: Any, d: int, feature_names: Sequence[str] | None, model: Any) -> list[str]:
    if feature_names is None:
        if isinstance(X, pd.DataFrame):
            feature_names = [str(c) for c in X.columns]
        elif getattr(model, "feature_names_in_", None) is not None:
            feature_names = [str(c) for c in model.feature_names_in_]
        else:
            feature_names = [f"x{j + 1}" for j in range(d)]
    names = [str(c) for c in feature_names]
    if len(names) != d:
        raise ValueError(f"got {len(names)} feature names for {d} features (X has {d} columns).")
    if "intercept" in names:
        raise DataError(
            "A feature is named 'intercept', which clashes with the intercept row of the "
            "table; rename that column."
        )
    if len(set(names)) != d:
        raise DataError("Two features have the same name; feature names must be unique.")
    return names


def _collinear_message(null_vec: NDArray[np.float64], names: list[str]) -> str:
    big = np.flatnonzero(np.abs(null_vec) > 0.1 * np.abs(null_vec).max())
    involved = [("intercept" if j == 0 else repr(names[j - 1])) for j in big]
    if involved == ["intercept"] or len(involved) == 0:
        detail = ""
    elif len(involved) == 1:
        detail = f" ({involved[0]} is always 0)"
    elif "intercept" in involved and len(involved) == 2:
        other = involved[1] if involved[0] == "intercept" else involved[0]
        detail = f" ({other} is constant, so it duplicates the intercept)"
    else:
        detail = " (involved: " + ", ".join(involved) + ")"
    return (
        f"The features are perfectly collinear{detail}: one of them is an exact linear "
        "combination of the others, so their separate effects cannot be estimated and the "
        "standard errors are undefined. Drop one of them, or add L2 regularization."
    )


def _scaled_inverse(mat: NDArray[np.float64]) -> tuple[NDArray[np.float64] | None, Any]:
    """Inverse of a symmetric PSD matrix via Jacobi scaling, or ``(None, null vector)``."""
    diag = np.diag(mat).copy()
    if np.any(diag <= 0) or not np.all(np.isfinite(mat)):
        null = (diag <= 0).astype(np.float64)
        return None, null if null.any() else np.ones_like(diag)
    scale = 1.0 / np.sqrt(diag)
    a = mat * np.outer(scale, scale)
    evals, evecs = np.linalg.eigh(a)
    if evals[0] <= evals[-1] / _MAX_COND:
        return None, evecs[:, 0]
    inv = (evecs / evals) @ evecs.T
    return inv * np.outer(scale, scale), None


# ------------------------------------------------------------------------- main table


def coef_table(
    model: Any,
    X: ArrayLike,
    y: ArrayLike,
    feature_names: Sequence[str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Coefficient table with Wald standard errors, p-values and confidence intervals.

    Parameters
    ----------
    model : fitted ``logreg.model.LogisticRegression``
        Uses ``coef_`` (1, d), ``intercept_`` (1,), ``classes_`` (2,), ``penalty``,
        ``alpha``, ``l1_ratio`` and ``class_weight``.
    X : array_like of shape (n, d)
        The training features (a DataFrame's columns give the default names).
    y : array_like of shape (n,)
        The training labels, in the model's original label values.
    feature_names : sequence of str, optional
        ``d`` names; default DataFrame columns, else ``x1 .. xd``.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame of shape (d + 1, 9)
        Index ``["intercept", *feature_names]``; columns ``coef, std_err, z, p_value,
        ci_low, ci_high, odds_ratio, or_low, or_high``. ``attrs`` holds ``level``,
        ``positive_class`` and, for L2 or class-weighted fits, a plain-words ``note``.

    Raises
    ------
    ValueError
        For L1 / elastic-net fits, perfectly separated classes (unpenalized fits) or
        perfectly collinear features (``DataError``, a ``ValueError``, for bad data).
    """
    if getattr(model, "coef_", None) is None or getattr(model, "intercept_", None) is None:
        raise NotFittedError("The model is not fitted yet; fit it before asking for p-values.")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level!r}.")
    l2, kind = _penalty(model)

    coef = np.asarray(model.coef_, dtype=np.float64).ravel()
    b = float(np.asarray(model.intercept_, dtype=np.float64).ravel()[0])
    d = coef.shape[0]
    Xa = np.asarray(X, dtype=np.float64)
    if Xa.ndim == 1 and d == 1:
        Xa = Xa[:, None]
    if Xa.ndim != 2 or Xa.shape[1] != d:
        raise ValueError(f"X has shape {Xa.shape}, but the model has {d} coefficient(s).")
    ya = np.asarray(y).ravel()
    n = Xa.shape[0]
    if ya.shape[0] != n:
        raise ValueError(f"X has shape {Xa.shape} but y has shape {ya.shape}; lengths differ.")
    if n == 0:
        raise ValueError("X is empty (shape (0, d)); at least one sample is needed.")
    if not np.all(np.isfinite(Xa)):
        raise DataError("X contains missing or infinite values; clean them before inference.")
    names = _feature_names(X, d, feature_names, model)

    classes = list(model.classes_)
    y01 = (ya == classes[1]).astype(np.float64)
    if y01.min() == y01.max():
        raise DataError("y contains only one class, so the coefficients cannot be estimated.")
    s = _sample_weights(model, y01)

    X1 = np.hstack([np.ones((n, 1)), Xa])
    eta = Xa @ coef + b
    if l2 == 0.0 and np.all((eta > 0) == (y01 == 1.0)) and np.all(eta != 0):
        raise ValueError(_SEPARATED)
    curv = sigmoid(eta) * sigmoid(-eta)  # p (1 - p) without cancellation
    if s is not None:
        curv = curv * s
    info = (X1 * curv[:, None]).T @ X1
    if l2 > 0.0:
        info[1:, 1:] += n * l2 * np.eye(d)

    cov, _ = _scaled_inverse(info)
    if cov is None:
        gram = X1.T @ X1
        if l2 > 0.0:
            gram[1:, 1:] += n * l2 * np.eye(d)
        gram_inv, gram_null = _scaled_inverse(gram)
        if gram_inv is None:
            raise DataError(_collinear_message(gram_null, names))
        raise ValueError(_SEPARATED)

    params = np.concatenate(([b], coef))
    se = np.sqrt(np.diag(cov))
    z = params / se
    q = normal_quantile(0.5 + float(level) / 2.0)
    lo, hi = params - q * se, params + q * se
    with np.errstate(over="ignore"):
        table = pd.DataFrame(
            {
                "coef": params,
                "std_err": se,
                "z": z,
                "p_value": _two_sided_p(z),
                "ci_low": lo,
                "ci_high": hi,
                "odds_ratio": np.exp(params),
                "or_low": np.exp(lo),
                "or_high": np.exp(hi),
            },
            index=pd.Index(["intercept", *names], name="term"),
        )

    notes = []
    if kind == "l2":
        notes.append(
            f"This model was fitted with L2 regularization (alpha = {model.alpha:g}), which "
            "shrinks the coefficients toward zero. The standard errors, p-values and "
            "intervals are therefore approximate (a Bayesian / Laplace approximation around "
            "the penalized fit), not classical ones."
        )
    if s is not None:
        notes.append(
            "Class weights were used: the standard errors come from the weighted likelihood, "
            "which treats the reweighted sample as if it were real data, so they are "
            "approximate."
        )
    table.attrs["level"] = float(level)
    table.attrs["positive_class"] = classes[1]
    if notes:
        table.attrs["note"] = " ".join(notes)
    return table


# --------------------------------------------------------------------- plain language


def _num(x: float) -> str:
    if not math.isfinite(x):
        return "∞" if x > 0 else "−∞" if x < 0 else "n/a"
    if x == 0 or 0.01 <= abs(x) < 1000:
        return f"{x:.2f}"
    return f"{x:.3g}"


def _evidence(p: float) -> str:
    if p < 0.001:
        return "p < 0.001, strong evidence of an effect."
    shown = f"{p:.3f}" if p < 0.1 else f"{p:.2f}"
    if p < 0.01:
        words = "strong evidence of an effect"
    elif p < 0.05:
        words = "moderate evidence of an effect"
    elif p < 0.1:
        words = "weak evidence of an effect"
    else:
        words = "little or no evidence of an effect"
    return f"p = {shown}, {words}."


def summary_text(table: pd.DataFrame) -> list[str]:
    """One plain-language sentence per row of a :func:`coef_table` result.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`coef_table` (uses ``attrs["level"]`` and
        ``attrs["positive_class"]`` when present).

    Returns
    -------
    list of str
        ``len(table)`` sentences, in the table's row order.
    """
    level = float(table.attrs.get("level", 0.95))
    pos = table.attrs.get("positive_class")
    target = f"class {str(pos)!r}" if pos is not None else "the positive class"
    ci = f"{level * 100:g}% CI"
    out = []
    for name, row in table.iterrows():
        if name == "intercept":
            prob = float(sigmoid(row["coef"]))
            p_lo, p_hi = float(sigmoid(row["ci_low"])), float(sigmoid(row["ci_high"]))
            out.append(
                f"When every feature equals 0, the predicted probability of {target} is "
                f"{_num(prob)} ({ci} {_num(p_lo)}–{_num(p_hi)}), i.e. odds of "
                f"{_num(row['odds_ratio'])}."
            )
            continue
        out.append(
            f"Each unit increase in {name} multiplies the odds of {target} by "
            f"{_num(row['odds_ratio'])} ({ci} {_num(row['or_low'])}–{_num(row['or_high'])}); "
            + _evidence(float(row["p_value"]))
        )
    return out
