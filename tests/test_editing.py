"""The Data page's pure helpers: building, editing, selecting and exporting data sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from logreg import data, editing
from logreg.errors import DataError
from logreg.lab import Dataset


def small(n0: int = 3, n1: int = 2) -> Dataset:
    X = np.arange(2 * (n0 + n1), dtype=np.float64).reshape(-1, 2)
    y = np.array([0] * n0 + [1] * n1, dtype=np.int64)
    return Dataset(X, y, ("no", "yes"), ("hours", "sleep"), "people.csv")


def click(x, y):
    return {
        "selection": {
            "points": [{"curve_number": 0, "point_index": 7, "x": x, "y": y}],
            "point_indices": [7],
            "box": [],
            "lasso": [],
        }
    }


# --------------------------------------------------------------------------- building


def test_from_prepared_uses_column_names_and_labels_as_text():
    df = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [5.0, 6, 7, 8], "c": [0, 1, 0, 1]})
    prep = data.prepare(df, ["b", "a"], "c")
    ds = editing.from_prepared(prep, "f.csv")
    assert ds.class_names == ("0", "1")
    assert ds.feature_names == ("b", "a")
    assert ds.source == "f.csv"
    np.testing.assert_array_equal(ds.X[:, 0], [5, 6, 7, 8])
    assert ds.X.dtype == np.float64 and ds.y.dtype == np.int64


def test_from_prepared_refuses_other_than_two_features():
    df = pd.DataFrame({"a": [1.0, 2, 3, 4], "c": ["x", "y", "x", "y"]})
    with pytest.raises(DataError, match="exactly two feature columns"):
        editing.from_prepared(data.prepare(df, ["a"], "c"), "f.csv")


def test_add_and_remove_points_return_new_data_sets():
    ds = small()
    more = editing.add_points(ds, [[9.5, -1.0]], 1)
    assert (ds.n, more.n) == (5, 6)
    np.testing.assert_array_equal(more.X[-1], [9.5, -1.0])
    assert more.y[-1] == 1 and more.class_names == ds.class_names
    fewer = editing.remove_points(more, more.y == 1)
    assert fewer.n == 3 and (fewer.y == 0).all()
    assert ds.n == 5  # the original is untouched


def test_add_points_refuses_bad_coordinates_and_labels():
    with pytest.raises(DataError, match="finite"):
        editing.add_points(small(), [[np.nan, 1.0]], 0)
    with pytest.raises(ValueError, match="0 or 1"):
        editing.add_points(small(), [[0.0, 1.0]], 2)


def test_copy_of_is_independent_and_can_rename():
    ds = small()
    cp = editing.copy_of(ds, source="copy")
    cp.X[0, 0] = 100.0
    assert ds.X[0, 0] == 0.0 and cp.source == "copy"
    assert editing.copy_of(ds).source == "people.csv"


def test_empty_like_keeps_names():
    e = editing.empty_like(small())
    assert e.n == 0 and e.X.shape == (0, 2) and e.class_names == ("no", "yes")


def test_class_counts_too_few_and_labels():
    ds = small(3, 1)
    counts = editing.class_counts(ds)
    assert counts["points"].tolist() == [3, 1]
    assert counts["name"].tolist() == ["no", "yes"]
    assert editing.too_few(ds) == [1]
    assert editing.too_few(editing.empty_like(ds)) == [0, 1]
    assert editing.class_label(0, "0") == "class 0"
    assert editing.class_label(1, "class 1") == "class 1"
    assert editing.class_label(1, "yes") == "yes"


# --------------------------------------------------------------------------- geometry


def test_view_ranges_pad_and_default():
    xr, yr = editing.view_ranges(np.array([[0.0, 0.0], [4.0, 2.0]]), pad=0.25)
    assert xr == pytest.approx([-1.0, 5.0])
    assert yr == pytest.approx([-0.5, 2.5])
    assert editing.view_ranges(np.zeros((0, 2))) == ([-3.0, 3.0], [-3.0, 3.0])
    xr, _ = editing.view_ranges(np.array([[1.0, 1.0]]), pad=0.0, min_span=2.0)
    assert xr == pytest.approx([0.0, 2.0])  # one point still gets a usable view


def test_click_grid_covers_the_ranges_with_readable_numbers():
    gx, gy = editing.click_grid([-3.0, 3.0], [0.0, 12.0], n=61)
    assert gx.shape == gy.shape == (61 * 61,)
    assert (gx.min(), gx.max(), gy.min(), gy.max()) == (-3.0, 3.0, 0.0, 12.0)
    assert np.allclose(gx, np.round(gx, 2))


def test_in_box_and_in_polygon():
    X = np.array([[0.5, 0.5], [2.0, 2.0], [1.0, 0.0], [0.9, 0.2]])
    np.testing.assert_array_equal(editing.in_box(X, [1, 0], [0, 1]), [True, False, True, True])
    triangle = ([0.0, 2.0, 0.0], [0.0, 0.0, 2.0])  # x + y < 2
    np.testing.assert_array_equal(editing.in_polygon(X, *triangle), [True, False, True, True])
    # concave "U": the notch is outside
    u = ([0, 3, 3, 2, 2, 1, 1, 0], [0, 0, 3, 3, 1, 1, 3, 3])
    inside = editing.in_polygon(np.array([[0.5, 2.0], [1.5, 2.0], [2.5, 2.0]]), *u)
    np.testing.assert_array_equal(inside, [True, False, True])
    assert not editing.in_polygon(X, [0, 1], [0, 1]).any()  # not a polygon


# --------------------------------------------------------------------------- selections


def test_clicked_points_reads_clicks_not_regions():
    np.testing.assert_array_equal(editing.clicked_points(click(1.5, -2)), [[1.5, -2.0]])
    region = click(1.5, -2)
    region["selection"]["box"] = [{"x": [0, 1], "y": [0, 1]}]
    assert editing.clicked_points(region).shape == (0, 2)
    assert editing.is_region(region) and not editing.is_region(click(0, 0))
    assert editing.clicked_points(None).shape == (0, 2)
    bad = {"selection": {"points": [{"x": "a", "y": 1}, {"y": 2}, {"x": np.inf, "y": 0}]}}
    assert editing.clicked_points(bad).shape == (0, 2)
    # a bare selection (without the "selection" wrapper) works too
    assert editing.clicked_points(click(3, 4)["selection"]).tolist() == [[3.0, 4.0]]


def test_region_mask_from_box_and_lasso():
    X = np.array([[0.5, 0.5], [5.0, 5.0], [9.0, 9.0]])
    event = {
        "selection": {
            "points": [],
            "box": [{"x": [0, 1], "y": [1, 0]}],
            "lasso": [{"x": [4, 6, 6, 4], "y": [4, 4, 6, 6]}],
        }
    }
    np.testing.assert_array_equal(editing.region_mask(X, event), [True, True, False])
    broken = {"selection": {"box": [{"x": ["a", 1], "y": [0, 1]}, {"y": [0]}]}}
    assert not editing.region_mask(X, broken).any()
    assert not editing.region_mask(X, click(0.5, 0.5)).any()


def test_signature_identifies_selections():
    assert editing.signature(None) is None
    assert editing.signature({"selection": {"points": [], "box": [], "lasso": []}}) is None
    assert editing.signature(click(1, 2)) == editing.signature(click(1.0, 2.0))
    assert editing.signature(click(1, 2)) != editing.signature(click(1, 3))


# --------------------------------------------------------------------------- table


def test_table_round_trip():
    ds = small()
    table = editing.to_table(ds)
    assert list(table.columns) == ["x1", "x2", "label"]
    assert table["label"].tolist() == ["no", "no", "no", "yes", "yes"]
    back = editing.from_table(table, ds)
    np.testing.assert_array_equal(back.X, ds.X)
    np.testing.assert_array_equal(back.y, ds.y)
    assert back.feature_names == ds.feature_names and back.source == ds.source


def test_from_table_applies_edits_added_and_deleted_rows():
    ds = small()
    table = editing.to_table(ds).drop(index=[0])
    table.loc[1, "label"] = "yes"
    table["x2"] = table["x2"].astype(object)
    table.loc[99] = [7.5, "8", " no "]  # an added row; numbers as text, label with spaces
    new = editing.from_table(table, ds)
    assert new.n == 5
    assert new.y.tolist() == [1, 0, 1, 1, 0]
    np.testing.assert_array_equal(new.X[-1], [7.5, 8.0])


def test_from_table_lists_problems_by_row_and_keeps_nothing():
    ds = small()
    table = editing.to_table(ds)
    table["x1"] = table["x1"].astype(object)
    table.loc[0, "x1"] = None
    table.loc[1, "x2"] = np.inf
    table.loc[2, "x1"] = "abc"
    table.loc[3, "label"] = "maybe"
    table.loc[4, "label"] = None
    with pytest.raises(DataError) as err:
        editing.from_table(table, ds)
    msg = str(err.value)
    assert msg.startswith("The table has 5 problems")
    assert "row 1: hours is empty" in msg
    assert "row 2: sleep is not a finite number" in msg
    assert "row 3: hours is not a finite number ('abc')" in msg
    assert "row 4: label 'maybe' is not 'no' or 'yes'" in msg
    assert "row 5: the label is empty" in msg
    assert "your data has not changed" in msg


def test_from_table_shortens_long_problem_lists():
    ds = small(10, 10)
    table = editing.to_table(ds)
    table["label"] = "?"
    with pytest.raises(DataError, match=r"20 problems: .* … and 15 more"):
        editing.from_table(table, ds)


def test_from_table_accepts_an_empty_table():
    ds = small()
    new = editing.from_table(editing.to_table(ds).iloc[:0], ds)
    assert new.n == 0 and new.X.shape == (0, 2)


def test_from_table_needs_its_columns():
    with pytest.raises(DataError, match="label"):
        editing.from_table(editing.to_table(small()).drop(columns="label"), small())


# --------------------------------------------------------------------------- files


def test_csv_export_reads_back_to_the_same_data():
    ds = small()
    raw = editing.to_csv_bytes(ds)
    assert raw.splitlines()[0] == b"hours,sleep,label"
    df = data.read_csv(raw)
    f1, f2, label = editing.default_columns(df)
    prep = data.prepare(df, [f1, f2], label, classes=("no", "yes"))
    back = editing.from_prepared(prep, "x")
    np.testing.assert_array_equal(back.X, ds.X)
    np.testing.assert_array_equal(back.y, ds.y)


def test_csv_export_keeps_a_feature_named_label():
    ds = Dataset(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 1]), ("a", "b"), ("label", "x"))
    df = pd.read_csv(pd.io.common.BytesIO(editing.to_csv_bytes(ds)))
    assert list(df.columns) == ["label", "x", "label (2)"]
    assert df["label"].tolist() == [1.0, 3.0] and df["label (2)"].tolist() == ["a", "b"]


def test_numeric_columns_come_first_and_defaults():
    df = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d"],
            "h": ["1.5", "abc", "2", "3,5"],  # mostly numbers, read as text
            "s": [1.0, 2, 3, 4],
            "flag": [True, False, True, False],
            "passed": ["y", "n", "y", "n"],
        }
    )
    assert editing.numeric_first(df) == ["h", "s", "name", "flag", "passed"]
    assert editing.default_columns(df) == ("h", "s", "passed")
    assert not editing.is_numeric(pd.Series(["", None, "x"], dtype=object))


def test_default_columns_need_three_columns():
    with pytest.raises(DataError, match="needs three"):
        editing.default_columns(pd.DataFrame({"a": [1], "b": [2]}))


def test_union_range():
    assert editing.union_range([0, 1], [-1, 0.5]) == [-1, 1]
