"""Tests of logreg.datasets: synthetic generators and the stratified split."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logreg.datasets import (
    DATASET_LABELS,
    DATASETS,
    class_counts,
    make_blobs,
    make_circles,
    make_dataset,
    make_moons,
    make_xor,
    train_test_split,
)

KINDS = ["blobs", "moons", "circles", "xor", "spirals"]


def test_registry_is_the_whitelist() -> None:
    assert list(DATASETS) == KINDS
    assert set(DATASET_LABELS) == set(DATASETS)
    assert all(isinstance(v, str) and v for v in DATASET_LABELS.values())


@pytest.mark.parametrize("kind", KINDS)
def test_shapes_dtypes_and_range(kind: str) -> None:
    X, y = make_dataset(kind, 500, 0.2, random_state=0)
    assert X.shape == (500, 2) and X.dtype == np.float64
    assert y.shape == (500,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    assert np.all(np.isfinite(X))
    assert np.abs(X).max() < 8.0  # one plotting range fits all
    assert np.abs(X).max() > 1.5  # and none is tiny


@pytest.mark.parametrize("kind", KINDS)
def test_same_seed_same_arrays(kind: str) -> None:
    X1, y1 = make_dataset(kind, 100, 0.3, random_state=42)
    X2, y2 = make_dataset(kind, 100, 0.3, random_state=42)
    X3, _ = make_dataset(kind, 100, 0.3, random_state=43)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    X4, y4 = DATASETS[kind](100, 0.3, np.random.default_rng(42))
    np.testing.assert_array_equal(X1, X4)
    np.testing.assert_array_equal(y1, y4)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n, balance", [(200, 0.5), (200, 0.05), (200, 0.95), (101, 0.3)])
def test_exact_class_counts(kind: str, n: int, balance: float) -> None:
    _, y = make_dataset(kind, n, 0.1, balance=balance, random_state=1)
    assert y.sum() == round(n * balance)
    assert len(y) == n


def test_rows_are_shuffled() -> None:
    _, y = make_dataset("blobs", 200, 0.1, random_state=0)
    assert not np.array_equal(y, np.sort(y))


def test_noise_zero_is_clean() -> None:
    X, y = make_circles(400, 0.0, 0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 3.0)
    np.testing.assert_allclose(r[y == 1], 1.5)

    X, y = make_xor(400, 0.0, 0)
    assert np.all(np.abs(X) >= 0.25)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(np.int64))

    X, y = make_moons(400, 0.0, 0)
    scale, shift = 2.0, np.array([0.5, 0.25])
    U = X / scale + shift
    np.testing.assert_allclose(np.hypot(U[y == 0, 0], U[y == 0, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(1 - U[y == 1, 0], 0.5 - U[y == 1, 1]), 1.0)


def test_noise_is_jitter_std_in_data_units() -> None:
    X, y = make_circles(20_000, 0.3, 0)
    r = np.hypot(X[y == 0, 0], X[y == 0, 1])
    assert abs(np.std(r - 3.0) - 0.3) < 0.02


@pytest.mark.parametrize("separation", [0.0, 3.0, 6.0])
def test_blob_separation_is_center_distance(separation: float) -> None:
    X, y = make_blobs(20_000, 0.0, 0, separation=separation)
    gap = np.linalg.norm(X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0))
    assert abs(gap - separation) < 0.1
    X, y = make_dataset("blobs", 50, random_state=0, separation=separation)  # kwargs pass on
    assert X.shape == (50, 2)


def test_unknown_kind_names_value_and_valid_kinds() -> None:
    with pytest.raises(ValueError, match=r"'swirl'.*'blobs', 'moons', 'circles', 'xor', 'spirals'"):
        make_dataset("swirl")


@pytest.mark.parametrize("n", [3, 0, -5, 2_000_001])
def test_n_samples_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match=rf"n_samples must be between 4 and 2_000_000, got {n}"):
        make_dataset("moons", n)


@pytest.mark.parametrize("n", [4.5, "100", True, None])
def test_n_samples_not_an_int(n: object) -> None:
    with pytest.raises(ValueError, match=r"n_samples must be a whole number, got"):
        make_dataset("moons", n)  # type: ignore[arg-type]


def test_n_samples_accepts_numpy_int_and_minimum() -> None:
    X, y = make_dataset("xor", np.int64(4), random_state=0)
    assert X.shape == (4, 2) and y.sum() == 2


@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf"), "0.1"])
def test_bad_noise(noise: object) -> None:
    with pytest.raises(ValueError, match=r"noise must be"):
        make_dataset("moons", 100, noise)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=repr(noise).replace("(", r"\(").replace(")", r"\)")):
        make_dataset("moons", 100, noise)  # type: ignore[arg-type]


@pytest.mark.parametrize("balance", [0.0, 1.0, -0.2, 1.5, float("nan")])
def test_balance_outside_open_interval(balance: float) -> None:
    with pytest.raises(ValueError, match=r"balance must be a fraction strictly between 0 and 1"):
        make_dataset("blobs", 100, balance=balance)


def test_balance_leaving_a_class_too_small() -> None:
    with pytest.raises(ValueError, match=r"balance=0.05 with n_samples=20 gives 19 .* and 1 "):
        make_dataset("blobs", 20, balance=0.05)
    assert class_counts(20, 0.1) == (18, 2)


# --------------------------------------------------------------------- train_test_split


def _ids(n: int, n1: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.arange(2 * n, dtype=np.float64).reshape(n, 2)
    y = np.zeros(n, dtype=np.int64)
    y[:n1] = 1
    return X, y


def test_split_partitions_rows_and_stratifies() -> None:
    X, y = _ids(200, 40)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, 0.25, random_state=0)
    assert len(X_te) == 50 and len(X_tr) == 150
    assert y_te.sum() == 10 and y_tr.sum() == 30  # 20 % positives in both parts
    rows = np.concatenate([X_tr[:, 0], X_te[:, 0]])
    np.testing.assert_array_equal(np.sort(rows), X[:, 0])
    # labels stay attached to their rows
    np.testing.assert_array_equal(y_tr, y[(X_tr[:, 0] // 2).astype(int)])
    np.testing.assert_array_equal(y_te, y[(X_te[:, 0] // 2).astype(int)])


def test_split_is_deterministic() -> None:
    X, y = make_dataset("moons", 100, random_state=0)
    a = train_test_split(X, y, 0.3, random_state=7)
    b = train_test_split(X, y, 0.3, random_state=7)
    c = train_test_split(X, y, 0.3, random_state=8)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[1], c[1])


def test_split_test_size_zero_gives_empty_test() -> None:
    X, y = _ids(10, 5)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, 0.0, random_state=0)
    assert X_tr.shape == (10, 2) and X_te.shape == (0, 2)
    assert y_tr.shape == (10,) and y_te.shape == (0,)
    assert X_te.dtype == X.dtype and y_te.dtype == y.dtype


@pytest.mark.parametrize("stratify", [True, False])
def test_split_keeps_a_training_point_per_class(stratify: bool) -> None:
    X, y = _ids(10, 1)
    for seed in range(20):
        _, _, y_tr, y_te = train_test_split(X, y, 0.9, random_state=seed, stratify=stratify)
        assert set(y_tr) == {0, 1}
        assert len(y_te) == 8  # round(9) lowered so both classes keep a training row


def test_split_any_label_dtype() -> None:
    X = np.arange(12.0).reshape(6, 2)
    y = np.array(["cat", "dog", "cat", "dog", "cat", "dog"])
    _, _, y_tr, y_te = train_test_split(X, y, 0.34, random_state=0)
    assert y_tr.dtype == y.dtype
    assert sorted(y_te) == ["cat", "dog"]


@pytest.mark.parametrize("test_size", [-0.1, 0.95, 1.0, float("nan"), True, "0.2"])
def test_split_bad_test_size(test_size: object) -> None:
    X, y = _ids(10, 5)
    with pytest.raises(ValueError, match=r"test_size must be a fraction between 0 and 0.9"):
        train_test_split(X, y, test_size)  # type: ignore[arg-type]


def test_split_shape_mismatch() -> None:
    with pytest.raises(ValueError, match=r"same number of rows"):
        train_test_split(np.zeros((5, 2)), np.zeros(4))


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 30), min_size=2, max_size=4),
    test_size=st.floats(0.0, 0.9),
    seed=st.integers(0, 2**32 - 1),
)
def test_split_properties(sizes: list[int], test_size: float, seed: int) -> None:
    y = np.repeat(np.arange(len(sizes)), sizes)
    X = np.arange(len(y), dtype=np.float64)[:, None]
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size, random_state=seed)
    n = len(y)
    assert len(y_te) == min(round(test_size * n), n - len(sizes))
    assert set(y_tr) == set(y)
    assert sorted(np.concatenate([X_tr, X_te])[:, 0]) == list(range(n))
    # stratified: each class's test count is within 1 of its proportional share, unless some
    # class is capped (it must keep one training row) and the others absorb its quota
    capped = any(np.sum(y_tr == k) == 1 for k in range(len(sizes)))
    for c, size in enumerate(sizes):
        share = len(y_te) * size / n
        assert abs(np.sum(y_te == c) - share) < 1.0 + 1e-9 or capped
