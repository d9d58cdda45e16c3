"""Feature maps: standardization, polynomial expansion, and their composition.

A :class:`FeatureMap` turns raw inputs ``x`` (n, d) into model features ``φ(x)`` (n, p):
all monomials up to a degree, then standardized with statistics of the training data.
:func:`poly_grid_logits` evaluates ``b + w·φ(x, y)`` on a 2-D grid without forming φ.
"""

from __future__ import annotations

from itertools import combinations_with_replacement
from numbers import Integral
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import MAX_MAGNITUDE, DataError, NotFittedError

__all__ = ["FeatureMap", "PolynomialFeatures", "StandardScaler", "poly_grid_logits"]

MAX_DEGREE = 6
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _as_2d_finite(X: ArrayLike, name: str = "X") -> NDArray[np.float64]:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise DataError(f"{name} must be a 2-D table (rows × columns), got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise DataError(f"{name} contains missing or infinite values; remove those rows first")
    return X


def _check_columns(X: NDArray[np.float64], name: str = "X") -> None:
    if X.shape[1] == 0:
        raise DataError(f"{name} has no columns (shape {X.shape}); at least one input is needed")


def _check_magnitude(X: NDArray[np.float64], limit: float, what: str, name: str = "X") -> None:
    """``DataError`` naming the column when some ``|X|`` exceeds ``limit``."""
    if X.size == 0:
        return
    big = np.abs(X).max(axis=0)
    if float(big.max()) > limit:
        j = int(np.argmax(big))
        raise DataError(
            f"{name} has values as large as {big[j]:.3g} in absolute value (column index {j}); "
            f"{what} must stay below {limit:.3g}. Rescale that column (for example change its "
            "units) first"
        )


def _check_n_features(X: NDArray[np.float64], expected: int, who: str) -> None:
    if X.shape[1] != expected:
        raise ValueError(f"{who} was fitted on {expected} columns, got {X.shape[1]}")


class StandardScaler:
    """Center each column and divide by its standard deviation (``ddof=0``).

    Attributes
    ----------
    mean_ : ndarray, shape (d,)
        Column means of the training data.
    scale_ : ndarray, shape (d,)
        Column standard deviations; 1.0 for (near-)constant columns, so the result stays
        finite.
    """

    def __init__(self) -> None:
        self.mean_: NDArray[np.float64] | None = None
        self.scale_: NDArray[np.float64] | None = None

    @property
    def n_features_in_(self) -> int:
        return len(self._fitted()[0])

    def _fitted(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        if self.mean_ is None or self.scale_ is None:
            raise NotFittedError("StandardScaler is not fitted yet; call fit first")
        return self.mean_, self.scale_

    def fit(self, X: ArrayLike) -> StandardScaler:
        """Learn ``mean_`` and ``scale_`` from ``X`` of shape (n, d), n >= 1."""
        X = _as_2d_finite(X)
        if len(X) == 0:
            raise DataError("cannot standardize an empty table (no rows)")
        _check_columns(X)
        _check_magnitude(X, MAX_MAGNITUDE, "values to standardize")
        with np.errstate(under="ignore"):  # tiny values: squares underflow harmlessly
            mean = X.mean(axis=0)
            scale = X.std(axis=0)
        # A constant column is centered exactly (its rounded mean can be an ulp off, and an ulp
        # of 1e25 is 1e9); with scale 1 it then maps to exact zeros.
        constant = X.min(axis=0) == X.max(axis=0)
        mean = np.where(constant, X[0], mean)
        tiny = 10.0 * np.finfo(np.float64).eps * np.maximum(np.abs(mean), 1.0)
        self.mean_ = mean
        self.scale_ = np.where(scale > tiny, scale, 1.0)
        return self

    def transform(self, X: ArrayLike) -> NDArray[np.float64]:
        """Return ``(X - mean_) / scale_``, shape (n, d)."""
        mean, scale = self._fitted()
        X = _as_2d_finite(X)
        _check_n_features(X, len(mean), "StandardScaler")
        _check_magnitude(X, MAX_MAGNITUDE, "values to standardize")
        with np.errstate(under="ignore"):
            return (X - mean) / scale

    def fit_transform(self, X: ArrayLike) -> NDArray[np.float64]:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z: ArrayLike) -> NDArray[np.float64]:
        """Return ``Z * scale_ + mean_``, shape (n, d)."""
        mean, scale = self._fitted()
        Z = _as_2d_finite(Z, "Z")
        _check_n_features(Z, len(mean), "StandardScaler")
        return Z * scale + mean

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready state (plain lists, ``None`` when unfitted)."""
        return {
            "type": "StandardScaler",
            "mean": None if self.mean_ is None else self.mean_.tolist(),
            "scale": None if self.scale_ is None else self.scale_.tolist(),
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> StandardScaler:
        """Rebuild from :meth:`to_dict` output."""
        scaler = cls()
        if state.get("mean") is not None:
            scaler.mean_ = np.asarray(state["mean"], dtype=np.float64)
            scaler.scale_ = np.asarray(state["scale"], dtype=np.float64)
        return scaler


def monomial_powers(n_inputs: int, degree: int, include_bias: bool = False) -> NDArray[np.int64]:
    """Exponents of all monomials of ``n_inputs`` variables up to ``degree``.

    Rows are ordered by total degree, then like scikit-learn
    (``combinations_with_replacement``): for 2 inputs x1, x2, x1², x1·x2, x2², x1³, ...

    Returns
    -------
    ndarray of int64, shape (n_out, n_inputs)
    """
    rows = [np.zeros(n_inputs, np.int64)] if include_bias else []
    for k in range(1, degree + 1):
        for combo in combinations_with_replacement(range(n_inputs), k):
            rows.append(np.bincount(combo, minlength=n_inputs).astype(np.int64))
    return np.array(rows, dtype=np.int64).reshape(-1, n_inputs)


def _monomial_name(powers: NDArray[np.int64], names: list[str]) -> str:
    factors = [
        name + (str(p).translate(_SUPERSCRIPTS) if p > 1 else "")
        for name, p in zip(names, powers, strict=True)
        if p > 0
    ]
    return "·".join(factors) if factors else "1"


class PolynomialFeatures:
    """All monomials of the inputs up to ``degree`` (1 to 6).

    Column order matches ``sklearn.preprocessing.PolynomialFeatures``.

    Attributes
    ----------
    n_features_in_ : int
        Number of inputs d seen in ``fit``.
    powers_ : ndarray of int64, shape (n_output_features_, d)
        Exponent of each input in each output column.
    """

    def __init__(self, degree: int = 1, include_bias: bool = False) -> None:
        if isinstance(degree, bool) or not isinstance(degree, Integral):
            raise ValueError(
                f"degree must be a whole number from 1 to {MAX_DEGREE}, got {degree!r}"
            )
        if not 1 <= degree <= MAX_DEGREE:
            raise ValueError(f"degree must be from 1 to {MAX_DEGREE}, got {degree!r}")
        self.degree = int(degree)
        self.include_bias = bool(include_bias)
        self.n_features_in_: int | None = None
        self.powers_: NDArray[np.int64] | None = None
        self._parents: list[tuple[int, int]] = []

    @property
    def n_output_features_(self) -> int:
        return len(self._fitted())

    def _fitted(self) -> NDArray[np.int64]:
        if self.powers_ is None:
            raise NotFittedError("PolynomialFeatures is not fitted yet; call fit first")
        return self.powers_

    def _set_inputs(self, n_inputs: int) -> None:
        self.n_features_in_ = n_inputs
        self.powers_ = monomial_powers(n_inputs, self.degree, self.include_bias)
        # Each monomial of degree k >= 2 = (earlier monomial of degree k-1) * one input.
        index = {tuple(p): i for i, p in enumerate(self.powers_)}
        self._parents = []
        for p in self.powers_:
            if p.sum() < 2:
                self._parents.append((-1, -1))
                continue
            j = int(np.flatnonzero(p)[-1])
            parent = p.copy()
            parent[j] -= 1
            self._parents.append((index[tuple(parent)], j))

    def fit(self, X: ArrayLike) -> PolynomialFeatures:
        """Record the number of inputs of ``X`` (n, d)."""
        X = _as_2d_finite(X)
        _check_columns(X)
        self._set_inputs(X.shape[1])
        return self

    def transform(self, X: ArrayLike) -> NDArray[np.float64]:
        """Return the monomials of ``X`` (n, d) as an array of shape (n, n_output_features_)."""
        powers = self._fitted()
        X = _as_2d_finite(X)
        _check_n_features(X, powers.shape[1], "PolynomialFeatures")
        # every monomial must stay within MAX_MAGNITUDE: |x| <= MAX_MAGNITUDE ** (1 / degree)
        limit = MAX_MAGNITUDE ** (1.0 / self.degree) if self.degree > 1 else MAX_MAGNITUDE
        _check_magnitude(X, limit, f"for degree-{self.degree} terms, values")
        out = np.empty((len(X), len(powers)), dtype=np.float64)
        with np.errstate(under="ignore"):  # products of tiny values underflow harmlessly
            for i, (p, (parent, j)) in enumerate(zip(powers, self._parents, strict=True)):
                if parent >= 0:
                    np.multiply(out[:, parent], X[:, j], out=out[:, i])
                elif p.sum() == 0:
                    out[:, i] = 1.0
                else:
                    out[:, i] = X[:, int(np.argmax(p))]
        return out

    def fit_transform(self, X: ArrayLike) -> NDArray[np.float64]:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def get_feature_names_out(self, input_names: list[str] | None = None) -> list[str]:
        """Readable column names such as ``"x1"``, ``"x1²"``, ``"x1·x2"``.

        ``input_names`` (length d) replace the default names ``x1 … xd``.
        """
        powers = self._fitted()
        d = powers.shape[1]
        names = [f"x{i + 1}" for i in range(d)] if input_names is None else list(input_names)
        if len(names) != d:
            raise ValueError(f"expected {d} input names, got {len(names)}")
        return [_monomial_name(p, [str(n) for n in names]) for p in powers]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready state."""
        return {
            "type": "PolynomialFeatures",
            "degree": self.degree,
            "include_bias": self.include_bias,
            "n_features_in": self.n_features_in_,
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> PolynomialFeatures:
        """Rebuild from :meth:`to_dict` output."""
        poly = cls(state["degree"], include_bias=state.get("include_bias", False))
        if state.get("n_features_in") is not None:
            poly._set_inputs(int(state["n_features_in"]))
        return poly


class FeatureMap:
    """Polynomial expansion followed (optionally) by standardization.

    The scaler is fitted on the training data only; ``transform`` reuses it.

    Attributes
    ----------
    n_input_features_ : int
        Number of raw inputs d.
    n_output_features_ : int
        Number of model features p.
    input_names_ : list of str
        Names of the raw inputs (default ``x1 … xd``).
    feature_names_ : list of str
        Names of the model features, e.g. ``["x1", "x2", "x1²", "x1·x2", "x2²"]``.
    """

    def __init__(self, degree: int = 1, standardize: bool = True) -> None:
        self.poly = PolynomialFeatures(degree, include_bias=False)
        self.standardize = bool(standardize)
        self.scaler: StandardScaler | None = StandardScaler() if self.standardize else None
        self.input_names_: list[str] | None = None
        self.feature_names_: list[str] | None = None

    @property
    def degree(self) -> int:
        return self.poly.degree

    @property
    def n_input_features_(self) -> int:
        return self._fitted_poly().shape[1]

    @property
    def n_output_features_(self) -> int:
        return self._fitted_poly().shape[0]

    def _fitted_poly(self) -> NDArray[np.int64]:
        if self.poly.powers_ is None:
            raise NotFittedError("FeatureMap is not fitted yet; call fit first")
        return self.poly.powers_

    def fit(self, X: ArrayLike, input_names: list[str] | None = None) -> FeatureMap:
        """Fit on training inputs ``X`` (n, d) with optional column names (length d)."""
        Phi = self.poly.fit_transform(X)
        if self.scaler is not None:
            self.scaler.fit(Phi)
        d = self.poly.powers_.shape[1]
        self.input_names_ = (
            [f"x{i + 1}" for i in range(d)] if input_names is None else list(map(str, input_names))
        )
        self.feature_names_ = self.poly.get_feature_names_out(self.input_names_)
        return self

    def transform(self, X: ArrayLike) -> NDArray[np.float64]:
        """Map inputs ``X`` (n, d) to features of shape (n, n_output_features_)."""
        self._fitted_poly()
        Phi = self.poly.transform(X)
        return Phi if self.scaler is None else self.scaler.transform(Phi)

    def fit_transform(
        self, X: ArrayLike, input_names: list[str] | None = None
    ) -> NDArray[np.float64]:
        """``fit(X, input_names)`` then ``transform(X)``."""
        return self.fit(X, input_names).transform(X)

    def folded_coefficients(
        self, coef: ArrayLike, intercept: float
    ) -> tuple[NDArray[np.float64], float]:
        """Weights on the raw (unstandardized) monomials giving the same logit.

        ``b + Σ w_j (m_j - μ_j)/σ_j = (b - Σ w_j μ_j/σ_j) + Σ (w_j/σ_j) m_j``.

        Returns
        -------
        coef_raw : ndarray, shape (n_output_features_,)
        intercept_raw : float
        """
        powers = self._fitted_poly()
        w = np.asarray(coef, dtype=np.float64).ravel()
        if w.shape != (len(powers),):
            raise ValueError(f"expected {len(powers)} coefficients, got {w.size}")
        if self.scaler is None:
            return w.copy(), float(intercept)
        mean, scale = self.scaler._fitted()
        w_raw = w / scale
        return w_raw, float(intercept) - float(w_raw @ mean)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready state."""
        return {
            "type": "FeatureMap",
            "degree": self.degree,
            "standardize": self.standardize,
            "poly": self.poly.to_dict(),
            "scaler": None if self.scaler is None else self.scaler.to_dict(),
            "input_names": self.input_names_,
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> FeatureMap:
        """Rebuild from :meth:`to_dict` output."""
        fmap = cls(state["degree"], standardize=state["standardize"])
        fmap.poly = PolynomialFeatures.from_dict(state["poly"])
        if state.get("scaler") is not None:
            fmap.scaler = StandardScaler.from_dict(state["scaler"])
        if state.get("input_names") is not None:
            fmap.input_names_ = list(state["input_names"])
            fmap.feature_names_ = fmap.poly.get_feature_names_out(fmap.input_names_)
        return fmap


def poly_grid_logits(
    feature_map: FeatureMap,
    coef: ArrayLike,
    intercept: float,
    xs: ArrayLike,
    ys: ArrayLike,
) -> NDArray[np.float64]:
    """Logit ``b + w·φ(x, y)`` on the grid ``xs × ys`` for a 2-input feature map.

    The standardization is folded into the weights, which are arranged in a
    (degree+1) × (degree+1) matrix ``C[b, a]`` (weight of ``x^a y^b``), so that
    ``Z = Vy @ C @ Vx.T`` with Vandermonde matrices ``Vx[i, a] = xs[i]**a``.
    Cost O((len(xs) + len(ys)) · degree²) plus one small matrix product; no (m² × p) matrix.

    Parameters
    ----------
    feature_map : FeatureMap
        Fitted on 2 inputs.
    coef : array_like, shape (p,)
        Model weights on the (standardized) features.
    intercept : float
        Model intercept.
    xs, ys : array_like, shapes (mx,), (my,)
        Grid axes, in raw input units.

    Returns
    -------
    ndarray, shape (my, mx)
        ``Z[j, i]`` is the logit at ``(xs[i], ys[j])``.
    """
    powers = feature_map._fitted_poly()
    if powers.shape[1] != 2:
        raise ValueError(f"poly_grid_logits needs a 2-input feature map, got {powers.shape[1]}")
    w_raw, b_raw = feature_map.folded_coefficients(coef, intercept)
    k = feature_map.degree + 1
    C = np.zeros((k, k), dtype=np.float64)
    np.add.at(C, (powers[:, 1], powers[:, 0]), w_raw)
    C[0, 0] += b_raw
    xs = np.asarray(xs, dtype=np.float64).ravel()
    ys = np.asarray(ys, dtype=np.float64).ravel()
    Vx = np.vander(xs, k, increasing=True)
    Vy = np.vander(ys, k, increasing=True)
    return Vy @ C @ Vx.T
