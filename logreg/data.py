"""Reading a person's CSV file and turning chosen columns into ``(X, y)``.

:func:`read_csv` guesses encoding, delimiter and decimal mark, and refuses unusable files
with a :class:`~logreg.errors.DataError` whose message says what is wrong and what to do.
:func:`prepare` picks feature and label columns, drops unusable rows (and counts why), and
encodes the two chosen classes as 0 and 1. Nothing in a file is ever executed: text such as
``=1+2`` stays text.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .errors import MAX_MAGNITUDE, DataError

__all__ = ["MAX_ROWS", "Prepared", "label_classes", "prepare", "read_csv"]

MAX_ROWS = 2_000_000
MIN_PER_CLASS = 2
_DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_SAMPLE_CHARS = 64_000
_SAMPLE_LINES = 50

_SAVE_AS_CSV = (
    "Open it in Excel, LibreOffice or Google Sheets and save or download it as "
    "'CSV (comma-separated values)', then upload that .csv file."
)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zipped file"),
    (b"\xd0\xcf\x11\xe0", "an old-style Excel workbook (.xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
)
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?(\d+,\d*|,\d+)\s*$")
_DECIMAL_DOT = re.compile(r"^\s*[+-]?(\d+\.\d*|\.\d+)\s*$")
_BAD_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_SEP_LINE = re.compile(r'^\s*"?sep=(.?)"?\s*$', re.IGNORECASE)  # Excel's delimiter hint line
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_ONE_COLUMN = (
    "Only one column was found. The lab needs at least two columns (a feature and a label). "
    "Check that values are separated by commas, semicolons or tabs."
)
_TOO_LARGE = f"number too large (beyond ±{MAX_MAGNITUDE:.0e})".replace("e+", "e")
_MAX_CONTROL_SHARE = 0.05  # more control characters than this: binary, not text


# --------------------------------------------------------------------------- reading


def _raw_content(source: Any) -> bytes | str:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as f:
                return f.read()
        except FileNotFoundError:
            raise DataError(
                f"Could not find the file '{source}'. Check the name and folder."
            ) from None
        except IsADirectoryError:
            raise DataError(f"'{source}' is a folder, not a file. Pick a .csv file.") from None
    if hasattr(source, "getvalue"):
        return source.getvalue()
    if hasattr(source, "read"):
        return source.read()
    raise TypeError(f"read_csv expects a path, bytes or a file object, got {type(source).__name__}")


def _decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name), refusing binary files."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            advice = "" if "Excel" in what else "The lab needs the table of data itself. "
            raise DataError(f"This looks like {what}, not a CSV text file. {advice}{_SAVE_AS_CSV}")
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
        _refuse_binary_text(text)
        return text, "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DataError(
                "The file says it is UTF-16 text but could not be read as such. "
                "Save it again as 'CSV UTF-8' and upload it."
            ) from None
    head = data[:_SAMPLE_CHARS]
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if len(head) >= 4 and not zeros.strip(b"\x00"):  # UTF-16 text without a BOM
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    if b"\x00" in head:
        raise DataError(
            f"This file contains binary data, so it is not a plain-text CSV file. {_SAVE_AS_CSV}"
        )
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _refuse_binary_text(text)
        return text, encoding
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _refuse_binary_text(text: str) -> None:
    """Bytes that decode, but mostly to control characters, are not a table of text."""
    head = text[:_SAMPLE_CHARS]
    control = sum(
        1 for c in head if (c < " " and c not in "\t\n\r") or "\x7f" <= c < "\xa0" or c == "\ufffd"
    )
    if control > _MAX_CONTROL_SHARE * len(head):
        raise DataError(
            f"This file contains binary data, so it is not a plain-text CSV file. {_SAVE_AS_CSV}"
        )


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        lines = text.splitlines()
    else:
        lines = text[: text.rfind("\n", 0, _SAMPLE_CHARS) + 1 or _SAMPLE_CHARS].splitlines()
    return "\n".join([ln for ln in lines if ln.strip()][:_SAMPLE_LINES])


def _rows(sample: str, delimiter: str, skipinitialspace: bool = False) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, skipinitialspace=skipinitialspace)
    return [r for r in reader if r]


def _consistency(sample: str, delimiter: str) -> tuple[float, int]:
    """(fraction of rows with as many fields as the header, header field count)."""
    rows = _rows(sample, delimiter)
    if not rows or len(rows[0]) < 2:
        return 0.0, len(rows[0]) if rows else 0
    n = len(rows[0])
    return sum(len(r) == n for r in rows) / len(rows), n


def _detect_delimiter(sample: str) -> str:
    scores = {d: _consistency(sample, d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: scores[d])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in scores and scores[sniffed][1] >= 2 and scores[sniffed][0] >= scores[best][0]:
        return sniffed
    return best if scores[best][1] >= 2 else ","


def _detect_decimal(sample: str, delimiter: str) -> str:
    if delimiter == ",":
        return "."
    fields = [f for r in _rows(sample, delimiter)[1:] for f in r]
    commas = sum(bool(_DECIMAL_COMMA.match(f)) for f in fields)
    dots = sum(bool(_DECIMAL_DOT.match(f)) for f in fields)
    return "," if commas > 0 and commas >= dots else "."


def _column_names(raw: Sequence[str]) -> list[str]:
    """Strip names, name blank ones 'column k', and suffix duplicates ' (2)', ' (3)', ..."""
    stripped = [name.strip() for name in raw]
    names = [name or f"column {i + 1}" for i, name in enumerate(stripped)]
    taken: set[str] = set()
    out = []
    for name in names:
        unique, k = name, 1
        while unique in taken:
            k += 1
            unique = f"{name} ({k})"
        taken.add(unique)
        out.append(unique)
    return out


def _line_error(line: int, saw: int, expected: int, delimiter: str) -> DataError:
    separator = _DELIMITER_NAMES.get(delimiter, f"'{delimiter}'")
    return DataError(
        f"Line {line} of the file has {saw} values, but the header has {expected} "
        f"column{'s' if expected != 1 else ''}. Fix that line (often a stray {separator} or a "
        "missing quote) and upload the file again."
    )


def _extra_values(row: Sequence[str], width: int) -> bool:
    return len(row) > width and any(f.strip() for f in row[width:])


def _check_first_rows(text: str, sample: str, delimiter: str, line_offset: int) -> None:
    """Refuse what pandas would quietly cut off: values beyond the header's columns in the
    first data row (pandas only reports longer rows further down)."""
    rows = _rows(sample, delimiter, skipinitialspace=True)  # as pandas reads it
    header, data = rows[0], rows[1:]
    width = len(header)
    if not data:
        return
    if width < 2:
        raise DataError(_ONE_COLUMN)
    if not _extra_values(data[0], width):
        return
    if all(_extra_values(row, width) for row in data):
        raise DataError(
            f"The header row names {width} column{'s' if width != 1 else ''}, but the rows "
            f"below it have {len(data[0])} values. Give every column a name in the first row "
            "(the header), then upload the file again."
        )
    lines = [i for i, ln in enumerate(text[:_SAMPLE_CHARS].splitlines(), 1) if ln.strip()]
    line = lines[1] if len(lines) > 1 else 2
    raise _line_error(line + line_offset, len(data[0]), width, delimiter)


def _refuse_headerless(header: Sequence[str]) -> None:
    cells = [f.strip() for f in header]
    if len(cells) >= 2 and all(_NUMBER.match(c) for c in cells):
        shown = ", ".join(cells[:5]) + (", …" if len(cells) > 5 else "")
        raise DataError(
            f"The first row holds only numbers ({shown}), so it looks like data, not column "
            "names. Add a header row with a name for each column as the first line (for "
            "example x1,x2,label), then upload the file again."
        )


def _split_sep_line(text: str) -> tuple[str, str | None, int]:
    """Remove Excel's ``sep=;`` first line: (rest of the text, its delimiter, lines removed)."""
    stripped = text.lstrip("\r\n")
    first, _, rest = stripped.partition("\n")
    match = _SEP_LINE.match(first)
    if not match:
        return text, None, 0
    removed = text[: len(text) - len(stripped)].count("\n") + 1
    sep = match.group(1)
    return rest, (sep if sep in _DELIMITERS else None), removed


def read_csv(source: Any) -> pd.DataFrame:
    """Read a CSV file into a table, guessing encoding, delimiter and decimal mark.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file-like
        A path, the raw bytes, or an object with ``getvalue()`` or ``read()`` (for example a
        Streamlit ``UploadedFile`` or ``io.BytesIO``/``io.StringIO``).

    Returns
    -------
    pandas.DataFrame
        Columns with numbers are numeric; other columns are text. Column names are
        stripped, blank names become ``"column k"`` (k counted from 1) and repeated names
        get ``" (2)"``, ``" (3)"``. Columns with a blank name and no values at all (from
        trailing delimiters) are removed. ``df.attrs`` holds ``"encoding"``,
        ``"delimiter"`` and ``"decimal"``.

    Raises
    ------
    DataError
        Empty or binary file (or an image, workbook, PDF or web page), only a header, no
        header (a first row of numbers only), rows with more values than the header, a
        quote mark that is never closed, or one column. An Excel ``sep=;`` first line is
        read as the delimiter.
    """
    content = _raw_content(source)
    if isinstance(content, str):
        text, encoding = content.removeprefix("\ufeff"), "text"
    else:
        if not content.strip():
            raise DataError("The file is empty. Pick a CSV file that contains a table.")
        text, encoding = _decode(content)
    if not text.strip():
        raise DataError("The file is empty. Pick a CSV file that contains a table.")
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        raise DataError(
            "This looks like a web page (HTML), not a CSV file. If it came from a website or "
            "Google Sheets, download the table again as 'CSV (comma-separated values)'."
        )
    text, hinted, line_offset = _split_sep_line(text)
    if not text.strip():
        raise DataError("The file has no header row and no data. Add the table to the file.")

    sample = _sample(text)
    delimiter = hinted or _detect_delimiter(sample)
    decimal = _detect_decimal(sample, delimiter)
    header = next(r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r)
    _refuse_headerless(header)
    _check_first_rows(text, sample, delimiter, line_offset)
    names = _column_names(header)

    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            decimal=decimal,
            header=0,
            names=names,
            index_col=False,
            skipinitialspace=True,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        match = _BAD_LINE.search(str(exc))
        if match:
            expected, line, saw = (int(g) for g in match.groups())
            raise _line_error(line + line_offset, saw, expected, delimiter) from None
        match = _OPEN_QUOTE.search(str(exc))
        if match:
            line = int(match.group(1)) + 1 + line_offset
            raise DataError(
                f'A quote mark (") in line {line} of the file is never closed, so the rest of '
                "the file would be read as one value. Remove that quote mark or add the closing "
                "one, then upload the file again."
            ) from None
        raise DataError(
            "The file could not be read as a table: its lines do not split into the same "
            "columns. Check that it is a CSV file with a header row and one row per line."
        ) from None
    except pd.errors.EmptyDataError:
        raise DataError("The file is empty. Pick a CSV file that contains a table.") from None

    blank_and_empty = [
        name
        for name, raw in zip(names, header, strict=True)
        if not raw.strip() and df[name].isna().all()
    ]
    df = df.drop(columns=blank_and_empty)
    if len(df) == 0:
        raise DataError(
            "The file has a header row but no data rows. Add the data below the header."
        )
    if not df.notna().to_numpy().any():
        raise DataError(
            "The file has no values in it, only separators (commas, semicolons or tabs) and "
            "maybe column names. Pick a CSV file that contains a table of data."
        )
    if df.shape[1] < 2:
        raise DataError(_ONE_COLUMN)
    df.attrs.update(encoding=encoding, delimiter=delimiter, decimal=decimal)
    return df


# --------------------------------------------------------------------------- preparing


@dataclass(frozen=True, eq=False)
class Prepared:
    """Model-ready arrays and a record of what was dropped.

    Attributes
    ----------
    X : ndarray of float64, shape (n, d)
    y : ndarray of int64, shape (n,), 1 for ``classes[1]`` and 0 for ``classes[0]``
    classes : tuple
        ``(negative, positive)`` original label values (Python scalars).
    feature_names : tuple of str, length d
    n_dropped : int
    drop_reasons : dict of str to int
        Reason → number of rows dropped for it (each row counted once, first reason wins).
    dropped_index : ndarray
        Index labels (``df.index``) of the dropped rows.
    """

    X: NDArray[np.float64]
    y: NDArray[np.int64]
    classes: tuple[Any, Any]
    feature_names: tuple[str, ...]
    n_dropped: int
    drop_reasons: dict[str, int] = field(default_factory=dict)
    dropped_index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


def _to_numbers(col: pd.Series) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Coerce a column to float; returns (values, missing). Non-numbers become NaN."""
    missing = col.isna().to_numpy()
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        return col.to_numpy(dtype=np.float64, na_value=np.nan), missing
    text = col.astype("str").where(~missing, "").str.strip()
    missing = missing | (text == "").to_numpy(dtype=bool)
    text = text.where(~text.str.match(_DECIMAL_COMMA), text.str.replace(",", "."))
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return values, missing


def _label_keys(col: pd.Series) -> tuple[str, np.ndarray, NDArray[np.bool_]]:
    """(kind, keys, missing): kind 'bool', 'number' or 'text'; keys comparable with ``==``.

    Keys are a bool, float64 or object (stripped str) array of shape (n,); entries where
    ``missing`` is True are placeholders.
    """
    missing = col.isna().to_numpy(dtype=bool)
    present = col[~missing] if col.dtype == object else col.iloc[:0]
    if pd.api.types.is_bool_dtype(col) or (
        len(present) and all(isinstance(v, bool | np.bool_) for v in present)
    ):
        return "bool", col.fillna(False).to_numpy(dtype=bool), missing
    if pd.api.types.is_numeric_dtype(col) or (
        len(present)
        and all(isinstance(v, Real) and not isinstance(v, bool | np.bool_) for v in present)
    ):
        keys = col.to_numpy(dtype=np.float64, na_value=np.nan)
        return "number", keys, missing | np.isnan(keys)
    text = col.where(~missing, "").astype(str).str.strip().to_numpy(dtype=object)
    return "text", text, missing | (text == "")


def _found_classes(keys: np.ndarray, missing: NDArray[np.bool_]) -> list[Any]:
    """Sorted distinct keys as Python scalars."""
    return sorted(pd.unique(keys[~missing]).tolist())


def _display(key: Any) -> Any:
    if isinstance(key, float) and key.is_integer():
        return int(key)
    return key


def _normalize_class(value: Any, kind: str) -> Any:
    if kind == "text":
        return str(value).strip()
    if kind == "bool":
        if isinstance(value, str):
            return {"true": True, "false": False}.get(value.strip().lower(), value)
        return bool(value) if isinstance(value, Real) else value
    try:
        return float(value.replace(",", ".") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return value


def _quote_list(values: Sequence[Any], limit: int = 10) -> str:
    shown = ", ".join(f"'{v}'" for v in values[:limit])
    return shown + (f" … and {len(values) - limit} more" if len(values) > limit else "")


def label_classes(df: pd.DataFrame, label: Hashable) -> tuple[Any, ...]:
    """Distinct non-missing values of column ``label``, sorted, as :func:`prepare` sees them.

    Text is compared after stripping spaces; whole numbers are returned as ``int``.
    """
    if label not in df.columns:
        raise DataError(
            f"There is no column named '{label}'. Columns are: {_quote_list(df.columns)}."
        )
    _, keys, missing = _label_keys(df[label])
    return tuple(_display(k) for k in _found_classes(keys, missing))


def prepare(
    df: pd.DataFrame,
    features: Sequence[Hashable],
    label: Hashable,
    *,
    classes: tuple[Any, Any] | None = None,
) -> Prepared:
    """Select feature and label columns and encode them for a binary classifier.

    Parameters
    ----------
    df : pandas.DataFrame
        The table, e.g. from :func:`read_csv`; at most 2 000 000 rows.
    features : sequence of column names
        Distinct existing columns with numbers (``"1,5"`` is read as 1.5).
    label : column name
        Existing column, not among ``features``; numbers, text or booleans.
    classes : (negative, positive), optional
        The two label values to compare; rows with other labels are dropped. By default the
        label must have exactly two values; sorted, the second one is the positive class.

    Returns
    -------
    Prepared
        ``X`` (n, d) float64, ``y`` (n,) int64 in {0, 1}, and what was dropped and why.

    Raises
    ------
    DataError
        Unknown or repeated columns, a feature column without numbers, a label with one or
        more than two classes (and ``classes`` not given), fewer than 2 usable rows per
        class, or too many rows.
    """
    if isinstance(features, str) or not isinstance(features, Sequence):
        features = [features]
    features = list(features)
    columns = list(df.columns)
    if not features:
        raise DataError("Pick at least one feature column.")
    for name in [*features, label]:
        if name not in columns:
            raise DataError(
                f"There is no column named '{name}'. Columns are: {_quote_list(columns)}."
            )
    for i, name in enumerate(features):
        if name in features[:i]:
            raise DataError(f"Column '{name}' is picked twice as a feature; pick it once.")
    if label in features:
        raise DataError(
            f"Column '{label}' can't be both a feature and the label; "
            "remove it from the features or pick another label."
        )
    if len(df) > MAX_ROWS:
        raise DataError(
            f"The table has {len(df):,} rows; the lab handles at most {MAX_ROWS:,}. "
            "Use a random sample of the rows."
        )

    n = len(df)
    X = np.empty((n, len(features)), dtype=np.float64)
    feat_missing = np.zeros(n, dtype=bool)
    feat_text = np.zeros(n, dtype=bool)
    for j, name in enumerate(features):
        values, missing = _to_numbers(df[name])
        if not np.any(~np.isnan(values)):
            raise DataError(f"Column '{name}' has no numbers in it; pick a numeric column.")
        X[:, j] = values
        feat_missing |= missing
        feat_text |= np.isnan(values) & ~missing
    feat_inf = np.isinf(X).any(axis=1)
    with np.errstate(invalid="ignore"):
        feat_huge = (np.abs(X) > MAX_MAGNITUDE).any(axis=1) & ~feat_inf

    kind, keys, label_missing = _label_keys(df[label])
    found = _found_classes(keys, label_missing)
    if not found:
        raise DataError(f"Column '{label}' has no values; pick another label column.")
    if classes is None:
        if len(found) == 1:
            raise DataError(
                f"Column '{label}' has only one value ('{_display(found[0])}'); a classifier "
                "needs two different values to learn from. Pick another label column."
            )
        if len(found) > 2:
            raise DataError(
                f"Column '{label}' has {len(found)} different values: "
                f"{_quote_list([_display(k) for k in found])}. Logistic regression compares "
                "two classes; pick which two to use."
            )
        chosen = (found[0], found[1])
    else:
        if len(classes) != 2:
            raise DataError(f"Pick exactly two classes, got {len(classes)}.")
        chosen = (_normalize_class(classes[0], kind), _normalize_class(classes[1], kind))
        for given, key in zip(classes, chosen, strict=True):
            if key not in found:
                raise DataError(
                    f"Class '{given}' does not appear in column '{label}'. Values found: "
                    f"{_quote_list([_display(k) for k in found])}."
                )
        if chosen[0] == chosen[1]:
            raise DataError(f"Pick two different classes, got '{classes[0]}' twice.")

    y_key = np.asarray(keys == chosen[1], dtype=bool)
    other = (keys != chosen[0]) & (keys != chosen[1]) & ~label_missing

    reasons = {
        "missing value": feat_missing,
        "not a number": feat_text,
        "infinite value": feat_inf,
        _TOO_LARGE: feat_huge,
        "missing label": label_missing,
        "label not one of the two chosen classes": other,
    }
    dropped = np.zeros(n, dtype=bool)
    drop_reasons: dict[str, int] = {}
    for reason, mask in reasons.items():
        new = mask & ~dropped
        if new.any():
            drop_reasons[reason] = int(new.sum())
        dropped |= new

    keep = ~dropped
    y = y_key[keep].astype(np.int64)
    display = (_display(chosen[0]), _display(chosen[1]))
    for c, cls in enumerate(display):
        count = int(np.sum(y == c))
        if count < MIN_PER_CLASS:
            raise DataError(
                f"After removing rows with problems, class '{cls}' has {count} usable "
                f"row{'s' if count != 1 else ''}; each class needs at least {MIN_PER_CLASS}. "
                + (f"Rows removed: {_reasons_text(drop_reasons)}." if drop_reasons else "")
            )
    return Prepared(
        X=np.ascontiguousarray(X[keep]),
        y=y,
        classes=display,
        feature_names=tuple(str(f) for f in features),
        n_dropped=int(dropped.sum()),
        drop_reasons=drop_reasons,
        dropped_index=df.index[dropped].to_numpy(),
    )


def _reasons_text(reasons: dict[str, int]) -> str:
    return ", ".join(f"{reason}: {count}" for reason, count in reasons.items())
