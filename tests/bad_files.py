"""A collection of broken and odd CSV files, made in code, with what the lab must do with each.

Every :class:`Case` holds a file name, the file's bytes (deterministic, nothing is committed)
and the expected outcome, as ``("ok", expectations)`` or ``("error", regex)``:

* ``read``: of :func:`logreg.data.read_csv` (regex: the :class:`~logreg.errors.DataError`
  message must match it);
* ``prepare``: of :func:`logreg.data.prepare` for given feature and label columns (and classes);
* ``page``: on the Data page with its default choices (the first two numeric columns, the last
  other column as label, the first two label values as classes); ``None`` means "the same
  error as ``read``".
* ``train``: for files that load, per ``standardize`` setting, the lowest training accuracy
  (a float) or a regex the trainer's message must match (a blow-up).

Write the files to a folder for manual testing (e.g. uploading them in the running app)::

    python tests/bad_files.py /tmp/bad-csv
"""

from __future__ import annotations

import codecs
import io
import random
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Expect = tuple[str, Any]  # ("ok", dict of expectations) or ("error", regex)


def ok(**expectations: Any) -> Expect:
    return ("ok", expectations)


def error(regex: str) -> Expect:
    return ("error", regex)


@dataclass(frozen=True)
class Prep:
    """One call ``prepare(df, features, label, classes=classes)`` and its expected outcome."""

    features: tuple[str, ...]
    label: str
    expect: Expect
    classes: tuple[Any, Any] | None = None


@dataclass(frozen=True)
class Case:
    name: str
    raw: bytes
    about: str
    read: Expect
    prepare: tuple[Prep, ...] = ()
    page: Expect | None = None
    train: tuple[tuple[bool, float | str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.name.removesuffix(".csv")


# --------------------------------------------------------------------------- building blocks


def _csv(rows: list[list[Any]], sep: str = ",", eol: str = "\n") -> str:
    return "".join(sep.join(str(v) for v in row) + eol for row in rows)


def _points(n: int = 40) -> list[tuple[float, float, int]]:
    """``n`` seeded random points in [-1, 1]², class 1 where u + v > 0 (kept 0.1 away from it)."""
    rng = random.Random(3)
    out: list[tuple[float, float, int]] = []
    while len(out) < n:
        u, v = round(rng.uniform(-1, 1), 3), round(rng.uniform(-1, 1), 3)
        if abs(u + v) > 0.1:
            out.append((u, v, int(u + v > 0)))
    return out


def _table(scale: float = 1.0, shift: float = 0.0, n: int = 40) -> tuple[str, list[float]]:
    """A 2-feature table scaled by ``scale``: (CSV text, the first column's values)."""
    rows: list[list[Any]] = [["u", "v", "label"]]
    firsts = []
    for u, v, k in _points(n):
        a, b = u * scale + shift, v * scale + shift
        firsts.append(a)
        rows.append([repr(a), repr(b), ("neg", "pos")[k]])
    return _csv(rows), firsts


def _png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
        b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
        b"\x00\x00\x00IEND\xaeB`\x82"
    )


def _jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(40)


def _xlsx() -> bytes:
    """A zip with the parts of a workbook (enough to look like one)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in ("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # deterministic
            z.writestr(info, "<?xml version='1.0'?><x/>")
    return buf.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def _junk(n: int, seed: int, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(n))


# --------------------------------------------------------------------------- the collection

SIMPLE = "height,weight,label\n1.5,60,yes\n1.6,62,no\n1.7,64,yes\n1.8,66,no\n"
_HUGE, _HUGE_FIRST = _table(1e12, 5e12)
_TINY, _TINY_FIRST = _table(1e-12)
_FLOWERS = "length,width,species\n" + "".join(
    f"{5 + i % 3}.{i},{3 + i % 2}.{i},{('setosa', 'versicolor', 'virginica')[i % 3]}\n"
    for i in range(9)
)
_MANY = "a,b,code\n" + "".join(f"{i},{i % 7},c{i % 25:02d}\n" for i in range(50))
_GERMAN = "Größe;Temperatur °C;Klasse\n1,5;20,25;ja\n2,5;21;nein\n3;22,5;ja\n4,75;-3,5;nein\n"

CASES: tuple[Case, ...] = (
    # ---- nothing to read
    Case("empty.csv", b"", "a file with no bytes at all", error(r"^The file is empty\.")),
    Case(
        "blank-lines.csv",
        b" \r\n\n\t\n",
        "only spaces, tabs and line breaks",
        error(r"^The file is empty\."),
    ),
    Case(
        "header-only.csv",
        b"height,weight,label\r\n",
        "a header row and nothing else",
        error(r"header row but no data rows\. Add the data below the header"),
    ),
    Case(
        "only-separators.csv",
        b",,\n,,\n,,\n",
        "rows of commas without any values",
        error(r"no values in it, only separators"),
    ),
    Case(
        "one-row.csv",
        b"height,weight,label\n1.5,60,yes\n",
        "a single data row",
        ok(shape=(1, 3), columns=["height", "weight", "label"]),
        (Prep(("height", "weight"), "label", error(r"only one value \('yes'\).*two different")),),
        page=error(r"only one value \('yes'\)"),
    ),
    Case(
        "two-rows.csv",
        b"height,weight,label\n1.5,60,yes\n1.6,62,no\n",
        "one row of each class",
        ok(shape=(2, 3)),
        (
            Prep(
                ("height", "weight"),
                "label",
                error(r"class 'no' has 1 usable row; each class needs at least 2"),
            ),
        ),
        page=error(r"class 'no' has 1 usable row"),
    ),
    Case(
        "one-column.csv",
        b"height\n1.5\n1.6\n1.7\n",
        "a single column",
        error(r"Only one column was found.*commas, semicolons or tabs"),
    ),
    Case(
        "one-column-decimal-commas.csv",
        b"height\n1,5\n1,6\n1,7\n",
        "a single column of numbers with decimal commas",
        error(r"Only one column was found"),
    ),
    Case(
        "two-columns.csv",
        b"height,label\n1.5,yes\n1.6,no\n1.7,yes\n1.8,no\n",
        "one feature and a label: fine for prepare, but the page plots two features",
        ok(shape=(4, 2), columns=["height", "label"]),
        (Prep(("height",), "label", ok(n=4, classes=("no", "yes"), n_dropped=0)),),
        page=error(r"The file has 2 columns, but the lab needs three"),
    ),
    # ---- labels
    Case(
        "single-class.csv",
        b"height,weight,label\n1.5,60,yes\n1.6,62,yes\n1.7,64,yes\n1.8,66, yes\n",
        "every row has the same label",
        ok(shape=(4, 3)),
        (Prep(("height", "weight"), "label", error(r"only one value \('yes'\)")),),
        page=error(r"Column 'label' has only one value \('yes'\).*Pick another label column"),
    ),
    Case(
        "three-classes.csv",
        _FLOWERS.encode(),
        "three species: pick two, the rest is dropped",
        ok(shape=(9, 3), values={"species": ["setosa", "versicolor", "virginica"]}),
        (
            Prep(
                ("length", "width"),
                "species",
                error(r"3 different values: 'setosa', 'versicolor', 'virginica'.*pick which two"),
            ),
            Prep(
                ("length", "width"),
                "species",
                ok(
                    n=6,
                    classes=("setosa", "virginica"),
                    n_dropped=3,
                    reasons={"label not one of the two chosen classes": 3},
                ),
                classes=("setosa", "virginica"),
            ),
        ),
        page=ok(
            n=6,
            classes=("setosa", "versicolor"),
            features=("length", "width"),
            info=r"The label column has 3 different values.*Rows with any other label are dropped",
            warning=r"3 of 9 rows are dropped \(label not one of the two chosen classes: 3\)",
        ),
    ),
    Case(
        "many-classes.csv",
        _MANY.encode(),
        "a label with 25 different values (probably not a label)",
        ok(shape=(50, 3)),
        (Prep(("a", "b"), "code", error(r"25 different values: 'c00', .* and 15 more")),),
        page=ok(
            n=4,
            classes=("c00", "c01"),
            info=r"25 different values.*That is a lot for a label",
            warning=r"46 of 50 rows are dropped \(label not one of the two chosen classes: 46\)",
        ),
    ),
    Case(
        "true-false-labels.csv",
        b"a,b,passed\n1,2,TRUE\n3,4,FALSE\n5,6,true\n7,8,False\n",
        "a spreadsheet's TRUE/FALSE label",
        ok(shape=(4, 3), values={"passed": [True, False, True, False]}),
        (
            Prep(
                ("a", "b"),
                "passed",
                ok(n=4, classes=(False, True), y=[1, 0, 1, 0]),
            ),
        ),
        page=ok(n=4, classes=("False", "True")),
    ),
    Case(
        "zero-one-labels.csv",
        b"a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,9,\n",
        "numeric 0/1 labels (one missing)",
        ok(shape=(5, 3)),
        (
            Prep(
                ("a", "b"),
                "y",
                ok(n=4, classes=(0, 1), y=[0, 1, 0, 1], reasons={"missing label": 1}),
            ),
        ),
        page=ok(n=4, classes=("0", "1"), features=("a", "b"), warning=r"missing label: 1"),
    ),
    Case(
        "minus-one-one-labels.csv",
        b"a,b,y\n1,2,-1\n3,4,1\n5,6,-1\n7,8,1\n",
        "labels -1 and 1 (as in SVM textbooks)",
        ok(shape=(4, 3), values={"y": [-1, 1, -1, 1]}),
        (Prep(("a", "b"), "y", ok(n=4, classes=(-1, 1), y=[0, 1, 0, 1])),),
        page=ok(n=4, classes=("-1", "1")),
    ),
    Case(
        "formula-labels.csv",
        b"a,b,label\n"
        b"1,2,=1+2\n3,4,+cmd\n5,6,-2+3\n7,8,@SUM(A1)\n"
        b"2,1,=1+2\n4,3,+cmd\n6,5,-2+3\n8,7,@SUM(A1)\n"
        b"=1+2,9,=1+2\n",
        "labels (and a cell) that look like spreadsheet formulas stay text",
        ok(
            shape=(9, 3),
            values={"label": ["=1+2", "+cmd", "-2+3", "@SUM(A1)"], "a": ["1", "3"]},
        ),
        (
            Prep(("a", "b"), "label", error(r"4 different values: '\+cmd', '-2\+3', '=1\+2'")),
            Prep(
                ("a", "b"),
                "label",
                ok(
                    n=4,
                    classes=("=1+2", "@SUM(A1)"),
                    n_dropped=5,
                    reasons={"not a number": 1, "label not one of the two chosen classes": 4},
                ),
                classes=("=1+2", "@SUM(A1)"),
            ),
        ),
        page=ok(n=4, classes=("+cmd", "-2+3"), warning=r"not a number: 1"),
    ),
    # ---- cells
    Case(
        "text-in-numbers.csv",
        b"height,weight,label\n1.5,60,yes\n1.6,abc,no\n1.7,62,yes\n?,63,no\n"
        b"1.8,64,yes\n1.9,12kg,no\n2.0,66,no\n2.1,67,yes\n2.2,68,no\n",
        "words in a column of numbers",
        ok(shape=(9, 3), values={"weight": ["60", "abc"]}),
        (
            Prep(
                ("height", "weight"),
                "label",
                ok(n=6, classes=("no", "yes"), reasons={"not a number": 3}, first=[1.5, 60.0]),
            ),
        ),
        page=ok(n=6, features=("height", "weight"), warning=r"3 of 9 rows .*not a number: 3"),
    ),
    Case(
        "words-only-feature.csv",
        b"name,city,age,label\nann,Oslo,31,yes\nbob,Rome,42,no\ncid,Lima,25,yes\ndan,Pune,38,no\n",
        "only one numeric column: the page's second feature is a column of words",
        ok(shape=(4, 4)),
        (
            Prep(
                ("age", "name"),
                "label",
                error(r"Column 'name' has no numbers in it; pick a numeric column"),
            ),
            Prep(("age",), "label", ok(n=4, classes=("no", "yes"))),
        ),
        page=error(r"Column 'name' has no numbers in it; pick a numeric column"),
    ),
    Case(
        "missing-values.csv",
        b"a,b,label\n1,2,x\n,3,y\n4,NA,x\n5,6,\n7,8,y\n9,n/a,x\n10,11,y\n12,13,x\n",
        "empty cells, NA and n/a",
        ok(shape=(8, 3)),
        (
            Prep(
                ("a", "b"),
                "label",
                ok(n=4, n_dropped=4, reasons={"missing value": 3, "missing label": 1}),
            ),
        ),
        page=ok(n=4, warning=r"4 of 8 rows are dropped \(missing value: 3; missing label: 1\)"),
    ),
    Case(
        "spreadsheet-errors.csv",
        b"a,b,label\n#DIV/0!,2,x\n3,#N/A,y\n5,6,x\n7,8,y\n1,1,x\n9,9,y\n",
        "#DIV/0! and #N/A cells copied from a spreadsheet",
        ok(shape=(6, 3)),
        (Prep(("a", "b"), "label", ok(n=4, reasons={"not a number": 1, "missing value": 1})),),
        page=ok(n=4, warning=r"2 of 6 rows are dropped \(missing value: 1; not a number: 1\)"),
    ),
    Case(
        "infinity.csv",
        b"a,b,label\n1,inf,x\n2,-inf,y\n3,Infinity,x\n4,-Infinity,y\n1e999,5,x\n"
        b"5,6,x\n6,7,y\n7,8,x\n8,9,y\n",
        "inf, -inf, Infinity and a number too big for a computer (1e999)",
        ok(shape=(9, 3), values={"b": [float("inf"), float("-inf"), float("inf")]}),
        (
            Prep(
                ("a", "b"),
                "label",
                ok(n=4, n_dropped=5, reasons={"infinite value": 5}, first=[5.0, 6.0]),
            ),
        ),
        page=ok(n=4, warning=r"infinite value: 5"),
    ),
    Case(
        "too-large-numbers.csv",
        b"a,b,label\n1e200,2,x\n3,-1.5e150,y\n5,6,x\n7,8,y\n1,1,x\n9,9,y\n",
        "numbers the model could not compute with (beyond 1e100)",
        ok(shape=(6, 3)),
        (
            Prep(
                ("a", "b"),
                "label",
                ok(n=4, reasons={"number too large (beyond ±1e100)": 2}),
            ),
        ),
        page=ok(n=4, warning=r"number too large \(beyond ±1e100\): 2"),
    ),
    Case(
        "huge-numbers.csv",
        _HUGE.encode(),
        "values around 5e12 (feature scaling copes; without it training blows up)",
        ok(shape=(40, 3), values={"u": _HUGE_FIRST[:3]}),
        (Prep(("u", "v"), "label", ok(n=40, classes=("neg", "pos"))),),
        page=ok(n=40, classes=("neg", "pos")),
        train=((True, 0.9), (False, r"Training diverged")),
    ),
    Case(
        "tiny-numbers.csv",
        _TINY.encode(),
        "values around 1e-12",
        ok(shape=(40, 3), values={"u": _TINY_FIRST[:3]}),
        (Prep(("u", "v"), "label", ok(n=40, classes=("neg", "pos"))),),
        page=ok(n=40),
        train=((True, 0.9), (False, 0.0)),
    ),
    Case(
        "constant-column.csv",
        (
            "u,always 7,label\n" + "".join(f"{u!r},7,{int(u > 0)}\n" for u, _, _ in _points())
        ).encode(),
        "one feature never changes (the other one decides the class)",
        ok(shape=(40, 3), values={"always 7": [7, 7]}),
        (Prep(("u", "always 7"), "label", ok(n=40, classes=(0, 1))),),
        page=ok(n=40, features=("u", "always 7"), classes=("0", "1")),
        train=((True, 0.9), (False, 0.9)),
    ),
    Case(
        "constant-columns.csv",
        ("a,b,label\n" + "".join(f"3,-2,{k}\n" for _, _, k in _points())).encode(),
        "neither feature changes: only the share of each class can be learnt",
        ok(shape=(40, 3)),
        (Prep(("a", "b"), "label", ok(n=40, classes=(0, 1))),),
        page=ok(n=40),
        train=((True, 0.5), (False, 0.5)),
    ),
    Case(
        "whitespace.csv",
        b"  height , weight ,label \n 1.5 , 60 , yes \n1.6,  62 ,no\n"
        b" 1.7 ,64, yes\n1.8 , 66 ,no \n",
        "spaces around names and values",
        ok(
            shape=(4, 3),
            columns=["height", "weight", "label"],
            values={"height": [1.5, 1.6, 1.7, 1.8], "weight": [60, 62, 64, 66]},
        ),
        (
            Prep(
                ("height", "weight"),
                "label",
                ok(n=4, classes=("no", "yes"), y=[1, 0, 1, 0], n_dropped=0),
            ),
        ),
        page=ok(n=4, classes=("no", "yes")),
    ),
    # ---- rows and quoting
    Case(
        "ragged-long-row.csv",
        b"a,b,label\n1,2,x\n3,4,y\n5,6,x,oops\n7,8,y\n",
        "a row further down has one value too many",
        error(r"Line 4 of the file has 4 values, but the header has 3 columns\. Fix that line"),
    ),
    Case(
        "ragged-long-first-row.csv",
        b"a,b,label\n1,2,x,oops\n3,4,y\n5,6,x\n7,8,y\n",
        "the first data row has one value too many (was silently cut off)",
        error(r"Line 2 of the file has 4 values, but the header has 3 columns"),
    ),
    Case(
        "ragged-short-row.csv",
        b"a,b,label\n1,2,x\n3,4\n5,6,x\n7,8,y\n9,9,y\n",
        "a row with one value too few",
        ok(shape=(5, 3)),
        (Prep(("a", "b"), "label", ok(n=4, reasons={"missing label": 1})),),
        page=ok(n=4, warning=r"missing label: 1"),
    ),
    Case(
        "unclosed-quote.csv",
        b'a,b,label\n1,2,x\n3,4,"y\n5,6,x\n7,8,y\n',
        "a quote mark that is never closed (was a message about 'tokenizing' and 'C error')",
        error(r"A quote mark \(\"\) in line 3 of the file is never closed"),
    ),
    Case(
        "short-header.csv",
        b"a,b\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n",
        "the header names fewer columns than the rows have (was silently cut off)",
        error(r"The header row names 2 columns, but the rows below it have 3 values"),
    ),
    Case(
        "no-header.csv",
        b"1.5,60,1\n1.6,62,0\n1.7,64,1\n1.8,66,0\n",
        "numbers only: the first row is data, not names (was silently used as names)",
        error(r"first row holds only numbers \(1\.5, 60, 1\).*Add a header row"),
    ),
    Case(
        "quoted-fields.csv",
        b'name,a,b,label\n"Smith, John",1,2,"yes, sure"\n"two\nlines",3,4,no\n'
        b'"say ""hi""",5,6,"yes, sure"\nd,7,8,no\n',
        "quoted fields with commas, line breaks and doubled quotes",
        ok(
            shape=(4, 4),
            values={"name": ["Smith, John", "two\nlines", 'say "hi"'], "a": [1, 3, 5]},
        ),
        (Prep(("a", "b"), "label", ok(n=4, classes=("no", "yes, sure"))),),
        page=ok(n=4, classes=("no", "yes, sure"), features=("a", "b")),
    ),
    Case(
        "spaces-before-quotes.csv",
        b'name, city, height, weight, label\nann, "Oslo, NO", 1.5, 60, yes\n'
        b'bob, "Rome, IT", 1.6, 62, no\ncid, Lima, 1.7, 64, yes\ndan, "Pune, IN", 1.8, 66, no\n',
        "a space after each comma, then a quoted field with a comma in it",
        ok(shape=(4, 5), values={"city": ["Oslo, NO", "Rome, IT", "Lima"]}),
        page=ok(n=4, features=("height", "weight"), classes=("no", "yes")),
    ),
    Case(
        "crlf.csv",
        SIMPLE.replace("\n", "\r\n").encode(),
        "Windows line endings",
        ok(shape=(4, 3), values={"label": ["yes", "no"]}),
        (Prep(("height", "weight"), "label", ok(n=4, classes=("no", "yes"))),),
        page=ok(n=4),
    ),
    Case(
        "old-mac-cr.csv",
        SIMPLE.replace("\n", "\r").encode(),
        "classic Mac line endings (CR only)",
        ok(shape=(4, 3), values={"label": ["yes", "no"]}),
        page=ok(n=4),
    ),
    Case(
        "trailing-separators.csv",
        b"height,weight,label,\n1.5,60,yes,\n1.6,62,no,\n1.7,64,yes,\n1.8,66,no,\n",
        "every line ends with a comma",
        ok(shape=(4, 3), columns=["height", "weight", "label"]),
        page=ok(n=4),
    ),
    # ---- separators, decimal marks, encodings
    Case(
        "semicolons.csv",
        SIMPLE.replace(",", ";").encode(),
        "semicolon-separated with decimal points",
        ok(shape=(4, 3), values={"height": [1.5, 1.6]}, attrs={"delimiter": ";", "decimal": "."}),
        page=ok(n=4),
    ),
    Case(
        "tabs.csv",
        SIMPLE.replace(",", "\t").encode(),
        "tab-separated",
        ok(shape=(4, 3), values={"height": [1.5, 1.6]}, attrs={"delimiter": "\t"}),
        page=ok(n=4),
    ),
    Case(
        "decimal-commas.csv",
        b"height;weight;label\n1,5;60,25;yes\n1,6;-62,5;no\n1,7;64;yes\n1,8;66,75;no\n",
        "European numbers: 1,5 means one and a half",
        ok(
            values={"height": [1.5, 1.6, 1.7, 1.8], "weight": [60.25, -62.5, 64.0, 66.75]},
            attrs={"delimiter": ";", "decimal": ","},
        ),
        (Prep(("height", "weight"), "label", ok(n=4, first=[1.5, 60.25])),),
        page=ok(n=4),
    ),
    Case(
        "excel-sep-line.csv",
        b"sep=;\r\nheight;weight;label\r\n1,5;60;yes\r\n1,6;62;no\r\n1,7;64;yes\r\n1,8;66;no\r\n",
        "Excel's 'sep=;' first line (was read as the header)",
        ok(
            shape=(4, 3),
            columns=["height", "weight", "label"],
            values={"height": [1.5, 1.6]},
            attrs={"delimiter": ";"},
        ),
        page=ok(n=4, features=("height", "weight")),
    ),
    Case(
        "utf8-bom.csv",
        codecs.BOM_UTF8 + SIMPLE.encode(),
        "UTF-8 with a byte-order mark (Excel's 'CSV UTF-8')",
        ok(columns=["height", "weight", "label"], attrs={"encoding": "utf-8-sig"}),
        page=ok(n=4, features=("height", "weight")),
    ),
    Case(
        "utf16-semicolons-decimal-commas.csv",
        codecs.BOM_UTF16_LE + _GERMAN.encode("utf-16-le"),
        "UTF-16 (little-endian, with BOM), semicolons, decimal commas, German names",
        ok(
            shape=(4, 3),
            columns=["Größe", "Temperatur °C", "Klasse"],
            values={"Größe": [1.5, 2.5, 3.0, 4.75], "Temperatur °C": [20.25, 21.0, 22.5, -3.5]},
            attrs={"encoding": "utf-16", "delimiter": ";", "decimal": ","},
        ),
        (Prep(("Größe", "Temperatur °C"), "Klasse", ok(n=4, classes=("ja", "nein"))),),
        page=ok(n=4, classes=("ja", "nein"), features=("Größe", "Temperatur °C")),
    ),
    Case(
        "latin1.csv",
        "Größe,Temperatur °C,Klasse\n1.5,20,ja\n2.5,21,nein\n3,22,ja\n4,23,nein\n".encode(
            "latin-1"
        ),
        "Latin-1 (old Windows/Excel) encoding",
        ok(
            columns=["Größe", "Temperatur °C", "Klasse"],
            values={"Klasse": ["ja", "nein"]},
        ),
        page=ok(n=4, features=("Größe", "Temperatur °C")),
    ),
    Case(
        "windows-1252.csv",
        "Preis €;Menge;Qualität\n1,5;2;gut\n2,5;3;schlecht\n3;4;gut\n4;5;schlecht\n".encode(
            "cp1252"
        ),
        "Windows-1252 with a euro sign",
        ok(columns=["Preis €", "Menge", "Qualität"], values={"Preis €": [1.5, 2.5]}),
        page=ok(n=4, classes=("gut", "schlecht")),
    ),
    # ---- column names
    Case(
        "duplicate-names.csv",
        b"x,x,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n",
        "two columns with the same name",
        ok(columns=["x", "x (2)", "label"], values={"x (2)": [2, 4]}),
        (Prep(("x", "x (2)"), "label", ok(n=4, first=[1.0, 2.0])),),
        page=ok(n=4, features=("x", "x (2)")),
    ),
    Case(
        "blank-names.csv",
        b",weight,\n1.5,60,yes\n1.6,62,no\n1.7,64,yes\n1.8,66,no\n",
        "columns without a name",
        ok(columns=["column 1", "weight", "column 3"]),
        page=ok(n=4, features=("column 1", "weight"), classes=("no", "yes")),
    ),
    Case(
        "html-names.csv",
        b"<script>alert(1)</script>,<img src=x onerror=alert(2)>,<b>label</b>\n"
        b"1,2,<i>yes</i>\n3,4,no\n5,6,<i>yes</i>\n7,8,no\n",
        "column names and labels full of HTML and script (shown as text, never run)",
        ok(
            columns=["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<b>label</b>"],
            values={"<b>label</b>": ["<i>yes</i>", "no"]},
        ),
        page=ok(
            n=4,
            classes=("<i>yes</i>", "no"),
            features=("<script>alert(1)</script>", "<img src=x onerror=alert(2)>"),
        ),
    ),
    # ---- not CSV at all
    Case(
        "binary-junk.csv",
        _junk(3000, seed=1),
        "random bytes",
        error(r"binary data, so it is not a plain-text CSV file"),
    ),
    Case(
        "binary-junk-no-zero-bytes.csv",
        _junk(3000, seed=2, low=1),
        "random bytes without zero bytes (was reported as a bad line 3)",
        error(r"binary data, so it is not a plain-text CSV file"),
    ),
    Case(
        "photo.csv",
        _png(),
        "a PNG image renamed to .csv",
        error(r"This looks like a PNG image, not a CSV text file.*save or download it as 'CSV"),
    ),
    Case(
        "photo-jpeg.csv",
        _jpeg(),
        "a JPEG photo renamed to .csv",
        error(r"This looks like a JPEG image"),
    ),
    Case(
        "workbook.csv",
        _xlsx(),
        "an Excel workbook (.xlsx, a zip) renamed to .csv",
        error(r"This looks like an Excel workbook \(\.xlsx\).*save or download it as 'CSV"),
    ),
    Case(
        "old-workbook.csv",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200),
        "an old .xls workbook renamed to .csv",
        error(r"old-style Excel workbook \(\.xls\)"),
    ),
    Case(
        "document.csv",
        _pdf(),
        "a PDF renamed to .csv",
        error(r"This looks like a PDF document"),
    ),
    Case(
        "archive.csv",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(30),
        "a gzip file renamed to .csv",
        error(r"compressed \(gzip\) file"),
    ),
    Case(
        "web-page.csv",
        b"<!DOCTYPE html>\n<html><head><title>Sheet</title></head>\n"
        b"<body><table><tr><td>1</td><td>2</td></tr></table></body></html>\n",
        "a web page saved instead of the CSV download",
        error(r"This looks like a web page \(HTML\), not a CSV file"),
    ),
)

BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "file names must be unique"


def page_expect(case: Case) -> Expect:
    """What the Data page must show for ``case`` (a read error unless said otherwise)."""
    if case.page is not None:
        return case.page
    assert case.read[0] == "error", case.name
    return case.read


def main(argv: list[str] | None = None) -> int:
    """Write every file (and a list of what to expect) into the folder given."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tests/bad_files.py FOLDER", file=sys.stderr)
        return 2
    folder = Path(args[0])
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for case in CASES:
        (folder / case.name).write_bytes(case.raw)
        kind, what = page_expect(case)
        shown = what if kind == "error" else ", ".join(f"{k}={v!r}" for k, v in what.items())
        lines.append(f"{case.name}: {case.about}\n    on the Data page: {kind}: {shown}\n")
    (folder / "EXPECTED.txt").write_text("".join(lines), encoding="utf-8")
    print(f"wrote {len(CASES)} files and EXPECTED.txt to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
