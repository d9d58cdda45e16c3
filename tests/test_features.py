"""Tests of logreg.features, with scikit-learn as the oracle."""

from __future__ import annotations

import json
from math import comb

import numpy as np
import pytest
import sklearn.preprocessing as skp
from hypothesis import given, settings
from hypothesis import strategies as st

from logreg.errors import DataError, NotFittedError
from logreg.features import (
    FeatureMap,
    PolynomialFeatures,
    StandardScaler,
    monomial_powers,
    poly_grid_logits,
)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


def _json_roundtrip(state: dict) -> dict:
    return json.loads(json.dumps(state))


# ------------------------------------------------------------------------- StandardScaler


def test_scaler_matches_sklearn(rng: np.random.Generator) -> None:
    X = rng.normal(3.0, [1.0, 10.0, 0.01], size=(50, 3))
    ours, theirs = StandardScaler().fit(X), skp.StandardScaler().fit(X)
    np.testing.assert_allclose(ours.mean_, theirs.mean_, rtol=1e-12)
    np.testing.assert_allclose(ours.scale_, theirs.scale_, rtol=1e-12)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), atol=1e-12)
    np.testing.assert_allclose(StandardScaler().fit_transform(X), theirs.transform(X), atol=1e-12)
    assert ours.n_features_in_ == 3


def test_scaler_constant_column_gets_scale_one() -> None:
    X = np.column_stack([np.full(5, 7.3), np.arange(5.0)])
    scaler = StandardScaler().fit(X)
    assert scaler.scale_[0] == 1.0
    Z = scaler.transform(X)
    assert np.all(np.isfinite(Z))
    np.testing.assert_allclose(Z[:, 0], 0.0, atol=1e-12)


def test_scaler_inverse_roundtrip(rng: np.random.Generator) -> None:
    X = rng.normal(size=(20, 4)) * 5 + 2
    scaler = StandardScaler().fit(X)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, rtol=1e-12)


def test_scaler_validation() -> None:
    with pytest.raises(NotFittedError, match="not fitted"):
        StandardScaler().transform(np.zeros((2, 2)))
    with pytest.raises(DataError, match="2-D"):
        StandardScaler().fit(np.zeros(3))
    with pytest.raises(DataError, match="missing or infinite"):
        StandardScaler().fit(np.array([[1.0, np.nan], [2.0, 3.0]]))
    with pytest.raises(DataError, match="missing or infinite"):
        StandardScaler().fit(np.array([[1.0, np.inf], [2.0, 3.0]]))
    with pytest.raises(DataError, match="empty"):
        StandardScaler().fit(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="fitted on 2 columns, got 3"):
        StandardScaler().fit(np.ones((3, 2))).transform(np.ones((3, 3)))


def test_scaler_dict_roundtrip(rng: np.random.Generator) -> None:
    X = rng.normal(size=(10, 2))
    scaler = StandardScaler().fit(X)
    state = _json_roundtrip(scaler.to_dict())
    assert isinstance(state["mean"], list)
    again = StandardScaler.from_dict(state)
    np.testing.assert_array_equal(again.transform(X), scaler.transform(X))
    assert StandardScaler.from_dict(StandardScaler().to_dict()).mean_ is None


@settings(max_examples=50, deadline=None)
@given(
    value=st.floats(-1e12, 1e12, allow_nan=False),
    n=st.integers(1, 30),
)
def test_scaler_constant_column_always_finite(value: float, n: int) -> None:
    X = np.full((n, 1), value)
    Z = StandardScaler().fit_transform(X)
    assert np.all(np.isfinite(Z))
    assert np.all(np.abs(Z) < 1e-3)


# --------------------------------------------------------------------- PolynomialFeatures


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("degree", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("include_bias", [False, True])
def test_poly_matches_sklearn(d: int, degree: int, include_bias: bool) -> None:
    X = np.random.default_rng(d * 10 + degree).normal(size=(15, d))
    ours = PolynomialFeatures(degree, include_bias=include_bias).fit_transform(X)
    oracle = skp.PolynomialFeatures(degree, include_bias=include_bias)
    theirs = oracle.fit_transform(X)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    np.testing.assert_array_equal(
        PolynomialFeatures(degree, include_bias=include_bias).fit(X).powers_, oracle.powers_
    )


def test_poly_feature_names() -> None:
    poly = PolynomialFeatures(3).fit(np.zeros((1, 2)))
    assert poly.get_feature_names_out() == [
        "x1",
        "x2",
        "x1²",
        "x1·x2",
        "x2²",
        "x1³",
        "x1²·x2",
        "x1·x2²",
        "x2³",
    ]
    assert poly.get_feature_names_out(["age", "income"])[:5] == [
        "age",
        "income",
        "age²",
        "age·income",
        "income²",
    ]
    names6 = PolynomialFeatures(6, include_bias=True).fit(np.zeros((1, 2))).get_feature_names_out()
    assert names6[0] == "1" and names6[-1] == "x2⁶" and "x1³·x2³" in names6
    with pytest.raises(ValueError, match="expected 2 input names, got 1"):
        poly.get_feature_names_out(["a"])


def test_poly_names_three_inputs_follow_columns() -> None:
    poly = PolynomialFeatures(2).fit(np.zeros((1, 3)))
    names = poly.get_feature_names_out(["a", "b", "c"])
    assert names == ["a", "b", "c", "a²", "a·b", "a·c", "b²", "b·c", "c²"]


@pytest.mark.parametrize("degree", [0, 7, -1, 2.5, True, "2"])
def test_poly_degree_validation(degree: object) -> None:
    with pytest.raises(ValueError, match=r"degree must be .*1 to 6, got"):
        PolynomialFeatures(degree)  # type: ignore[arg-type]


def test_poly_validation_and_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        PolynomialFeatures(2).transform(np.zeros((2, 2)))
    poly = PolynomialFeatures(2).fit(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="fitted on 2 columns, got 3"):
        poly.transform(np.zeros((2, 3)))
    with pytest.raises(DataError, match="missing or infinite"):
        poly.transform(np.array([[np.nan, 1.0]]))


def test_poly_dict_roundtrip() -> None:
    X = np.random.default_rng(1).normal(size=(5, 3))
    poly = PolynomialFeatures(4).fit(X)
    again = PolynomialFeatures.from_dict(_json_roundtrip(poly.to_dict()))
    np.testing.assert_array_equal(again.transform(X), poly.transform(X))


@settings(max_examples=60, deadline=None)
@given(d=st.integers(1, 5), degree=st.integers(1, 6))
def test_poly_column_count(d: int, degree: int) -> None:
    powers = monomial_powers(d, degree)
    assert powers.shape == (comb(d + degree, degree) - 1, d)
    assert len({tuple(p) for p in powers}) == len(powers)
    totals = powers.sum(axis=1)
    assert totals.min() == 1 and totals.max() == degree
    assert np.all(np.diff(totals) >= 0)  # ordered by total degree


# ---------------------------------------------------------------------------- FeatureMap


def test_feature_map_fits_scaler_on_training_data_only(rng: np.random.Generator) -> None:
    X_train = rng.normal(size=(40, 2))
    X_test = rng.normal(5.0, 1.0, size=(10, 2))
    fmap = FeatureMap(degree=2).fit(X_train)
    expected = skp.StandardScaler().fit(
        skp.PolynomialFeatures(2, include_bias=False).fit_transform(X_train)
    )
    raw_test = skp.PolynomialFeatures(2, include_bias=False).fit_transform(X_test)
    np.testing.assert_allclose(fmap.transform(X_test), expected.transform(raw_test), rtol=1e-10)
    Z = fmap.fit_transform(X_train)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1.0, rtol=1e-12)


def test_feature_map_attributes(rng: np.random.Generator) -> None:
    fmap = FeatureMap(degree=2).fit(rng.normal(size=(8, 2)), input_names=["Größe", "Gewicht"])
    assert fmap.n_input_features_ == 2
    assert fmap.n_output_features_ == 5
    assert fmap.feature_names_ == ["Größe", "Gewicht", "Größe²", "Größe·Gewicht", "Gewicht²"]
    assert FeatureMap(1).fit(np.zeros((3, 3))).feature_names_ == ["x1", "x2", "x3"]
    with pytest.raises(NotFittedError):
        FeatureMap(2).transform(np.zeros((2, 2)))
    with pytest.raises(NotFittedError):
        _ = FeatureMap(2).n_input_features_


def test_feature_map_without_standardization_is_plain_poly(rng: np.random.Generator) -> None:
    X = rng.normal(size=(6, 2))
    fmap = FeatureMap(degree=3, standardize=False).fit(X)
    np.testing.assert_array_equal(fmap.transform(X), PolynomialFeatures(3).fit_transform(X))
    assert fmap.scaler is None


@pytest.mark.parametrize("standardize", [True, False])
def test_feature_map_dict_roundtrip(rng: np.random.Generator, standardize: bool) -> None:
    X = rng.normal(size=(12, 2))
    fmap = FeatureMap(degree=3, standardize=standardize).fit(X, input_names=["a", "b"])
    again = FeatureMap.from_dict(_json_roundtrip(fmap.to_dict()))
    np.testing.assert_array_equal(again.transform(X), fmap.transform(X))
    assert again.feature_names_ == fmap.feature_names_
    assert again.degree == 3 and again.standardize == standardize


# ----------------------------------------------------------------------- poly_grid_logits


def _naive_grid(fmap: FeatureMap, w: np.ndarray, b: float, xs: np.ndarray, ys: np.ndarray):
    XX, YY = np.meshgrid(xs, ys)
    Phi = fmap.transform(np.column_stack([XX.ravel(), YY.ravel()]))
    return (Phi @ w + b).reshape(XX.shape)


@pytest.mark.parametrize("degree", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("standardize", [True, False])
def test_grid_logits_equal_naive(degree: int, standardize: bool) -> None:
    rng = np.random.default_rng(degree)
    X = rng.normal(0.5, 2.0, size=(100, 2))
    fmap = FeatureMap(degree, standardize=standardize).fit(X)
    w = rng.normal(size=fmap.n_output_features_)
    b = 0.7
    xs, ys = np.linspace(-6, 6, 41), np.linspace(-5, 4, 37)
    Z = poly_grid_logits(fmap, w, b, xs, ys)
    naive = _naive_grid(fmap, w, b, xs, ys)
    assert Z.shape == (37, 41)
    np.testing.assert_allclose(Z, naive, rtol=1e-9, atol=1e-9 * np.abs(naive).max())


def test_grid_logits_accepts_row_coef_and_orientation() -> None:
    fmap = FeatureMap(1, standardize=False).fit(np.zeros((2, 2)))
    Z = poly_grid_logits(fmap, np.array([[1.0, 10.0]]), 0.5, [0.0, 1.0, 2.0], [0.0, 1.0])
    np.testing.assert_allclose(Z, [[0.5, 1.5, 2.5], [10.5, 11.5, 12.5]])  # Z[j, i] at (x_i, y_j)


def test_grid_logits_validation() -> None:
    fmap3 = FeatureMap(2).fit(np.random.default_rng(0).normal(size=(5, 3)))
    with pytest.raises(ValueError, match="2-input"):
        poly_grid_logits(fmap3, np.zeros(9), 0.0, [0.0], [0.0])
    fmap2 = FeatureMap(2).fit(np.random.default_rng(0).normal(size=(5, 2)))
    with pytest.raises(ValueError, match="expected 5 coefficients, got 4"):
        poly_grid_logits(fmap2, np.zeros(4), 0.0, [0.0], [0.0])
