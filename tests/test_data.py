"""Tests of logreg.data: reading CSV files people upload and preparing (X, y)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from logreg.data import MAX_ROWS, Prepared, label_classes, prepare, read_csv
from logreg.errors import DataError

SIMPLE = "x,y,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n"


class FakeUpload:
    """Mimics streamlit's UploadedFile (a BytesIO with a name)."""

    def __init__(self, data: bytes, name: str = "data.csv") -> None:
        self._data, self.name = data, name

    def getvalue(self) -> bytes:
        return self._data

    def read(self) -> bytes:
        return self._data


# ------------------------------------------------------------------------------ read_csv


@pytest.mark.parametrize(
    "make_source",
    [
        lambda p: p,
        lambda p: str(p),
        lambda p: p.read_bytes(),
        lambda p: io.BytesIO(p.read_bytes()),
        lambda p: io.StringIO(p.read_text()),
        lambda p: FakeUpload(p.read_bytes()),
    ],
    ids=["path", "str", "bytes", "bytesio", "stringio", "upload"],
)
def test_sources(tmp_path: Path, make_source) -> None:
    path = tmp_path / "simple.csv"
    path.write_text(SIMPLE, encoding="utf-8")
    df = read_csv(make_source(path))
    assert list(df.columns) == ["x", "y", "label"]
    assert df["x"].tolist() == [1, 3, 5, 7]
    assert pd.api.types.is_numeric_dtype(df["y"])
    assert df["label"].tolist() == ["a", "b", "a", "b"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(delimiter: str) -> None:
    text = SIMPLE.replace(",", delimiter)
    df = read_csv(text.encode())
    assert list(df.columns) == ["x", "y", "label"] and len(df) == 4
    assert df.attrs["delimiter"] == delimiter


@pytest.mark.parametrize(
    "encoded, encoding",
    [
        (("\ufeff" + SIMPLE).encode("utf-8"), "utf-8-sig"),
        (SIMPLE.encode("utf-16"), "utf-16"),  # with BOM
        (SIMPLE.encode("utf-16-le"), "utf-16-le"),  # without BOM
        (SIMPLE.encode("utf-8"), "utf-8"),
    ],
)
def test_encodings(encoded: bytes, encoding: str) -> None:
    df = read_csv(encoded)
    assert list(df.columns) == ["x", "y", "label"]  # no BOM glued to the first name
    assert df.attrs["encoding"] == encoding


def test_latin1_and_utf8_names(tmp_path: Path) -> None:
    text = "Größe;Gewicht;Stadt\n1;2;Köln\n3;4;Zürich\n"
    for encoding in ("latin-1", "utf-8", "utf-16"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        df = read_csv(path)
        assert list(df.columns) == ["Größe", "Gewicht", "Stadt"], encoding
        assert df["Stadt"].tolist() == ["Köln", "Zürich"]


def test_decimal_commas_with_semicolons() -> None:
    df = read_csv(b"a;b;label\n1,5;-2,25;x\n3;4,0;y\n")
    assert df.attrs["decimal"] == ","
    assert df["a"].tolist() == [1.5, 3.0]
    assert df["b"].tolist() == [-2.25, 4.0]


def test_comma_file_with_decimal_points_and_quotes() -> None:
    df = read_csv(b'name,x,label\n"Smith, John",1.5,yes\n"Doe, Jane",-2.5,no\n')
    assert df["name"].tolist() == ["Smith, John", "Doe, Jane"]
    assert df["x"].tolist() == [1.5, -2.5]
    assert df.attrs["decimal"] == "."


def test_semicolon_file_with_quoted_commas() -> None:
    df = read_csv(b'city;"note, with comma";y\nA;"1,2,3";0\nB;"x, y";1\n')
    assert list(df.columns) == ["city", "note, with comma", "y"]
    assert df["note, with comma"].tolist() == ["1,2,3", "x, y"]


def test_header_names_are_cleaned() -> None:
    df = read_csv(b" x , ,x,label,x\n1,2,3,a,4\n5,6,7,b,8\n")
    assert list(df.columns) == ["x", "column 2", "x (2)", "label", "x (3)"]
    assert df["column 2"].tolist() == [2, 6]


def test_trailing_delimiters_do_not_make_columns() -> None:
    df = read_csv(b"a;b;\n1;2;\n3;4;\n")
    assert list(df.columns) == ["a", "b"]


def test_formulas_stay_text() -> None:
    df = read_csv(b'x,f\n1,=1+2\n2,"=HYPERLINK(""http://x"")"\n3,@SUM(A1)\n')
    assert df["f"].tolist() == ["=1+2", '=HYPERLINK("http://x")', "@SUM(A1)"]


def test_windows_line_endings_and_blank_lines() -> None:
    df = read_csv(b"a,b\r\n1,2\r\n\r\n3,4\r\n")
    assert df.to_dict("list") == {"a": [1, 3], "b": [2, 4]}


def test_missing_values_become_nan() -> None:
    df = read_csv(b"a,b\n1,\n,4\n5,6\n")
    assert df["a"].isna().tolist() == [False, True, False]
    assert df["b"].isna().tolist() == [True, False, False]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", r"The file is empty"),
        (b"  \n\r\n ", r"The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"looks like a PNG image.*save .* as 'CSV"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", r"looks like a JPEG image"),
        (b"%PDF-1.7\n", r"looks like a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", r"looks like an Excel workbook.*save .* as 'CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"old-style Excel workbook \(\.xls\)"),
        (b"a,b\n1,\x002\n3,4\n", r"binary data.*not a plain-text CSV"),
        (b"a,b,c\n", r"header row but no data rows"),
        (b"a,b\n1,2\n3,4\n5,6,7\n8,9\n", r"Line 4 of the file has 3 values, but the header has 2"),
        (b"only\n1\n2\n", r"Only one column was found"),
    ],
    ids=[
        "empty",
        "blank",
        "png",
        "jpeg",
        "pdf",
        "xlsx",
        "xls",
        "nul",
        "header-only",
        "ragged",
        "one-column",
    ],
)
def test_refused_files(data: bytes, message: str) -> None:
    with pytest.raises(DataError, match=message):
        read_csv(data)


def test_png_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(DataError, match="PNG image"):
        read_csv(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="Could not find the file"):
        read_csv(tmp_path / "nope.csv")


# ------------------------------------------------------------------------------- prepare


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "a": [1, 2, None, "x", 5, "inf", "1,5", 3, 4, "7", 8],
            "b": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            "lab": [" yes", "no", "yes", "no", "yes", None, "no", "maybe", "yes", "no ", ""],
        }
    )


def test_prepare_two_classes_basic() -> None:
    df = read_csv(SIMPLE.encode())
    p = prepare(df, ["x", "y"], "label")
    assert isinstance(p, Prepared)
    assert p.X.dtype == np.float64 and p.X.shape == (4, 2)
    assert p.y.dtype == np.int64 and p.y.tolist() == [0, 1, 0, 1]
    assert p.classes == ("a", "b")
    assert p.feature_names == ("x", "y")
    assert p.n_dropped == 0 and p.drop_reasons == {} and len(p.dropped_index) == 0
    with pytest.raises(AttributeError):
        p.n_dropped = 3  # type: ignore[misc]


def test_prepare_drops_and_counts_rows() -> None:
    df = _frame()
    p = prepare(df, ["a", "b"], "lab", classes=("no", "yes"))
    assert p.classes == ("no", "yes")
    assert p.drop_reasons == {
        "missing value": 1,
        "not a number": 1,
        "infinite value": 1,  # that row also misses its label; the first reason wins
        "missing label": 1,
        "label not one of the two chosen classes": 1,
    }
    assert p.n_dropped == 5
    assert p.dropped_index.tolist() == [2, 3, 5, 7, 10]
    np.testing.assert_array_equal(p.X[:, 0], [1, 2, 5, 1.5, 4, 7])
    assert p.y.tolist() == [1, 0, 1, 0, 1, 0]  # " yes" and "no " compared after stripping


def test_prepare_explicit_classes_choose_positive() -> None:
    df = read_csv(SIMPLE.encode())
    p = prepare(df, ["x"], "label", classes=("b", "a"))
    assert p.classes == ("b", "a")
    assert p.y.tolist() == [1, 0, 1, 0]


def test_prepare_numeric_and_boolean_labels() -> None:
    df = pd.DataFrame(
        {"f": [1.0, 2, 3, 4, 5], "n": [0, 1, 0, 1, np.nan], "b": [True, False] * 2 + [True]}
    )
    p = prepare(df, ["f"], "n")
    assert p.classes == (0, 1) and isinstance(p.classes[0], int)
    assert p.y.tolist() == [0, 1, 0, 1] and p.drop_reasons == {"missing label": 1}
    p = prepare(df, ["f"], "b")
    assert p.classes == (False, True) and p.y.tolist() == [1, 0, 1, 0, 1]
    df = pd.DataFrame({"f": [1.0, 2, 3, 4, 5], "k": [2, 7, 2, 9, 7]})
    p = prepare(df, ["f"], "k", classes=(7, "2"))
    assert p.classes == (7, 2) and p.y.tolist() == [1, 0, 1, 0]
    assert p.drop_reasons == {"label not one of the two chosen classes": 1}


def test_prepare_from_csv_with_decimal_commas_and_text_numbers() -> None:
    df = read_csv(
        "Größe;Gewicht;Klasse\n1,5;2;ja\n2,5;x;nein\n3;4;ja\n4,5;5;nein\n5;6,5;nein\n".encode(
            "latin-1"
        )
    )
    p = prepare(df, ["Größe", "Gewicht"], "Klasse")
    assert p.classes == ("ja", "nein")
    np.testing.assert_array_equal(p.X, [[1.5, 2.0], [3.0, 4.0], [4.5, 5.0], [5.0, 6.5]])
    assert p.drop_reasons == {"not a number": 1}


def test_label_classes_helper() -> None:
    assert label_classes(_frame(), "lab") == ("maybe", "no", "yes")


@pytest.mark.parametrize(
    "features, label, message",
    [
        (["zz"], "lab", r"There is no column named 'zz'\. Columns are: 'a', 'b', 'lab'"),
        (["a"], "nope", r"There is no column named 'nope'"),
        (["a", "a"], "lab", r"Column 'a' is picked twice"),
        (["a", "lab"], "lab", r"Column 'lab' can't be both a feature and the label"),
        ([], "lab", r"Pick at least one feature column"),
    ],
)
def test_prepare_bad_columns(features: list[str], label: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        prepare(_frame(), features, label, classes=("no", "yes"))


def test_prepare_non_numeric_feature_column() -> None:
    df = pd.DataFrame({"name": ["ann", "bob", "cy", "di"], "y": [0, 1, 0, 1]})
    with pytest.raises(
        DataError, match=r"Column 'name' has no numbers in it; pick a numeric column"
    ):
        prepare(df, ["name"], "y")


def test_prepare_single_class() -> None:
    df = pd.DataFrame({"f": [1.0, 2, 3], "y": ["a", "a", " a"]})
    with pytest.raises(DataError, match=r"Column 'y' has only one value \('a'\)"):
        prepare(df, ["f"], "y")


def test_prepare_no_labels() -> None:
    df = pd.DataFrame({"f": [1.0, 2, 3], "y": [None, "", " "]})
    with pytest.raises(DataError, match=r"Column 'y' has no values"):
        prepare(df, ["f"], "y")


def test_prepare_many_classes_lists_them() -> None:
    df = pd.DataFrame({"f": range(12), "y": [f"c{i:02d}" for i in range(12)]})
    with pytest.raises(
        DataError, match=r"12 different values: 'c00', .*'c09' … and 2 more\. .*pick which two"
    ):
        prepare(df, ["f"], "y")
    with pytest.raises(DataError, match=r"3 different values: 'maybe', 'no', 'yes'"):
        prepare(_frame(), ["b"], "lab")


def test_prepare_bad_explicit_classes() -> None:
    with pytest.raises(
        DataError, match=r"Class 'perhaps' does not appear in column 'lab'.*'maybe', 'no', 'yes'"
    ):
        prepare(_frame(), ["b"], "lab", classes=("no", "perhaps"))
    with pytest.raises(DataError, match=r"Pick two different classes"):
        prepare(_frame(), ["b"], "lab", classes=("no", " no"))


def test_prepare_too_few_rows_per_class() -> None:
    df = pd.DataFrame({"f": [1.0, 2, None, 4], "y": ["a", "a", "b", "b"]})
    with pytest.raises(
        DataError,
        match=r"class 'b' has 1 usable row; each class needs at least 2.*missing value: 1",
    ):
        prepare(df, ["f"], "y")


def test_prepare_row_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    import logreg.data

    monkeypatch.setattr(logreg.data, "MAX_ROWS", 5)
    df = pd.DataFrame({"f": range(6), "y": [0, 1] * 3})
    with pytest.raises(DataError, match=r"The table has 6 rows; the lab handles at most 5"):
        prepare(df, ["f"], "y")
    assert MAX_ROWS == 2_000_000
