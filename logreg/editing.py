"""Pure helpers behind the Data page: build, edit and export a person's own data set.

No streamlit here: these take and return :class:`~logreg.lab.Dataset` objects (never mutated),
plain arrays, pandas tables and the plain dictionaries a Plotly selection event produces, so
they are tested without a browser. Every problem a person can cause raises a
:class:`~logreg.errors.DataError` whose message says what to fix.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from logreg.data import Prepared
from logreg.errors import DataError
from logreg.lab import Dataset

Array = NDArray[np.float64]

TABLE_COLUMNS = ("x1", "x2", "label")  # fixed names of the editable table's columns
MAX_SHOWN_PROBLEMS = 5
DEFAULT_RANGE = (-3.0, 3.0)  # view of an empty data set
NUMERIC_SAMPLE = 20_000  # filled cells of a text column looked at to call it numeric


# --------------------------------------------------------------------------- building


def from_prepared(prep: Prepared, source: str) -> Dataset:
    """The :class:`Dataset` of a prepared table: column names as features, labels as class names."""
    if prep.X.shape[1] != 2:
        raise DataError(f"Pick exactly two feature columns, got {prep.X.shape[1]}.")
    neg, pos = (str(c) for c in prep.classes)
    return Dataset(
        X=np.array(prep.X, dtype=np.float64),
        y=np.array(prep.y, dtype=np.int64),
        class_names=(neg, pos),
        feature_names=tuple(str(f) for f in prep.feature_names),
        source=source,
    )


def copy_of(data: Dataset, source: str | None = None) -> Dataset:
    """An independent copy (arrays copied) to edit as the person's own data."""
    return dataclasses.replace(
        data, X=data.X.copy(), y=data.y.copy(), source=data.source if source is None else source
    )


def class_label(k: int, name: str) -> str:
    """How class ``k`` is called on screen: its name, or "class k" when the name is just k."""
    return f"class {k}" if str(name) in (str(k), f"class {k}") else str(name)


def empty_like(data: Dataset | None = None) -> Dataset:
    """No points, with the class and feature names of ``data`` (if given)."""
    names = {} if data is None else {"class_names": data.class_names}
    feats = {} if data is None else {"feature_names": data.feature_names}
    return Dataset(
        np.zeros((0, 2)), np.zeros(0, np.int64), **names, **feats, source="drawn by hand"
    )


def add_points(data: Dataset, points: ArrayLike, label: int) -> Dataset:
    """``data`` plus ``points`` (shape (k, 2)), all of class ``label`` (0 or 1)."""
    P = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if label not in (0, 1):
        raise ValueError(f"label must be 0 or 1, got {label!r}")
    if not np.isfinite(P).all():
        raise DataError("A new point needs two finite numbers as coordinates.")
    X = np.concatenate([data.X, P])
    y = np.concatenate([data.y, np.full(len(P), label, dtype=np.int64)])
    return dataclasses.replace(data, X=X, y=y)


def remove_points(data: Dataset, mask: ArrayLike) -> Dataset:
    """``data`` without the points where ``mask`` is True."""
    m = np.asarray(mask, dtype=bool)
    if m.shape != (data.n,):
        raise ValueError(f"mask has shape {m.shape}, expected ({data.n},)")
    return dataclasses.replace(data, X=data.X[~m].copy(), y=data.y[~m].copy())


def class_counts(data: Dataset) -> pd.DataFrame:
    """One row per class: its number (0/1), its name and how many points it has."""
    counts = np.bincount(data.y, minlength=2)[:2] if data.n else np.zeros(2, int)
    return pd.DataFrame(
        {
            "class": [0, 1],
            "name": list(data.class_names),
            "points": [int(c) for c in counts],
        }
    )


def too_few(data: Dataset, minimum: int = 2) -> list[int]:
    """The classes (0, 1) with fewer than ``minimum`` points (training needs both)."""
    counts = class_counts(data)["points"].tolist()
    return [k for k in (0, 1) if counts[k] < minimum]


# --------------------------------------------------------------------------- geometry


def view_ranges(
    X: Array, pad: float = 0.25, min_span: float = 1.0
) -> tuple[list[float], list[float]]:
    """Axis ranges around ``X`` with room to add points; :data:`DEFAULT_RANGE` when empty."""
    if len(X) == 0:
        return list(DEFAULT_RANGE), list(DEFAULT_RANGE)
    out = []
    for j in (0, 1):
        lo, hi = float(np.min(X[:, j])), float(np.max(X[:, j]))
        mid, half = (lo + hi) / 2, max(hi - lo, min_span) / 2 * (1 + 2 * pad)
        out.append([mid - half, mid + half])
    return out[0], out[1]


def union_range(a: Sequence[float], b: Sequence[float]) -> list[float]:
    """The smallest range that holds both ranges ``a`` and ``b``."""
    return [min(a[0], b[0]), max(a[1], b[1])]


def click_grid(
    x_range: Sequence[float], y_range: Sequence[float], n: int = 50
) -> tuple[Array, Array]:
    """Flattened ``n`` x ``n`` grid covering the ranges (an invisible, clickable trace).

    Coordinates are rounded to one digit finer than the grid step, so clicked points get
    readable numbers (1.23, not 1.2345678).
    """
    axes = []
    for lo, hi in (x_range, y_range):
        step = (hi - lo) / max(n - 1, 1)
        digits = max(0, math.ceil(-math.log10(step)) + 1) if step > 0 else 6
        axes.append(np.round(np.linspace(lo, hi, n), digits))
    gx, gy = np.meshgrid(*axes)
    return gx.ravel(), gy.ravel()


def in_box(X: Array, xs: Sequence[float], ys: Sequence[float]) -> NDArray[np.bool_]:
    """Points of ``X`` inside the axis-aligned box spanned by ``xs`` and ``ys`` (edges in)."""
    (x0, x1), (y0, y1) = sorted(xs[:2]), sorted(ys[:2])
    return (X[:, 0] >= x0) & (X[:, 0] <= x1) & (X[:, 1] >= y0) & (X[:, 1] <= y1)


def in_polygon(X: Array, xs: Sequence[float], ys: Sequence[float]) -> NDArray[np.bool_]:
    """Points of ``X`` inside the polygon with vertices ``(xs[i], ys[i])`` (even-odd rule)."""
    px, py = np.asarray(xs, np.float64), np.asarray(ys, np.float64)
    inside = np.zeros(len(X), dtype=bool)
    if len(px) < 3:
        return inside
    x, y = X[:, 0][:, None], X[:, 1][:, None]
    ax, ay = px[None, :], py[None, :]
    bx, by = np.roll(px, 1)[None, :], np.roll(py, 1)[None, :]
    crosses = (ay > y) != (by > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = ax + (y - ay) * (bx - ax) / (by - ay)
    hits = crosses & (x < x_cross)
    return np.asarray(hits.sum(axis=1) % 2 == 1)


# --------------------------------------------------------------------------- chart selections


def _selection(event: Any) -> Mapping[str, Any]:
    if not isinstance(event, Mapping):
        return {}
    sel = event.get("selection", event)
    return sel if isinstance(sel, Mapping) else {}


def is_region(event: Any) -> bool:
    """True when the selection came from a box or lasso drag (not a click)."""
    sel = _selection(event)
    return bool(sel.get("box")) or bool(sel.get("lasso"))


def clicked_points(event: Any, limit: int = 20) -> Array:
    """Coordinates of the points picked by clicking (not by a box or lasso), shape (k, 2).

    ``event`` is what ``st.plotly_chart(on_select=...)`` returns (or its ``selection``);
    entries without two finite numbers are skipped.
    """
    sel = _selection(event)
    if is_region(sel):
        return np.zeros((0, 2))
    out = []
    for p in list(sel.get("points") or [])[:limit]:
        if not isinstance(p, Mapping):
            continue
        try:
            xy = (float(p["x"]), float(p["y"]))
        except (KeyError, TypeError, ValueError):
            continue
        if all(math.isfinite(v) for v in xy):
            out.append(xy)
    return np.array(out, dtype=np.float64).reshape(-1, 2)


def region_mask(X: Array, event: Any) -> NDArray[np.bool_]:
    """Points of ``X`` inside any box or lasso of the selection."""
    sel = _selection(event)
    mask = np.zeros(len(X), dtype=bool)
    for shape, test in (("box", in_box), ("lasso", in_polygon)):
        for region in sel.get(shape) or []:
            try:
                xs = [float(v) for v in region["x"]]
                ys = [float(v) for v in region["y"]]
            except (KeyError, TypeError, ValueError):
                continue
            if len(xs) >= 2 and len(xs) == len(ys) and all(map(math.isfinite, xs + ys)):
                mask |= test(X, xs, ys)
    return mask


def signature(event: Any) -> str | None:
    """A short text that identifies a non-empty selection (to handle each one once)."""
    sel = _selection(event)
    if not (sel.get("points") or sel.get("box") or sel.get("lasso")):
        return None
    if is_region(sel):
        return repr(("region", sel.get("box"), sel.get("lasso")))
    return repr(("points", clicked_points(sel).round(12).tolist()))


# --------------------------------------------------------------------------- table editing


def to_table(data: Dataset) -> pd.DataFrame:
    """The points as an editable table with columns ``x1``, ``x2`` and ``label`` (class name)."""
    return pd.DataFrame(
        {
            "x1": data.X[:, 0].astype(np.float64),
            "x2": data.X[:, 1].astype(np.float64),
            "label": pd.Series(np.asarray(data.class_names, dtype=object)[data.y], dtype=object),
        }
    )


def from_table(table: pd.DataFrame, like: Dataset) -> Dataset:
    """The data set an edited :func:`to_table` table describes (names taken from ``like``).

    Raises
    ------
    DataError
        A coordinate that is empty, not a number or infinite, or a label that is not one of
        the two class names; the message lists the first few rows (counted from 1).
    """
    missing = [c for c in TABLE_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(f"The table lost its column(s) {', '.join(missing)}; reload the page.")
    problems: list[str] = []
    coords = []
    for j, col in enumerate(("x1", "x2")):
        name = like.feature_names[j] if j < len(like.feature_names) else col
        values = pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=np.float64)
        raw = table[col].to_numpy(dtype=object)
        for i in np.flatnonzero(~np.isfinite(values)):
            cell = raw[i]
            empty = cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell == ""
            what = "is empty" if empty else f"is not a finite number ({str(cell)[:20]!r})"
            problems.append(f"row {i + 1}: {name} {what}")
        coords.append(values)
    labels = table["label"].to_numpy(dtype=object)
    names = [str(c) for c in like.class_names]
    y = np.zeros(len(table), dtype=np.int64)
    for i, label in enumerate(labels):
        text = "" if label is None or (isinstance(label, float) and math.isnan(label)) else label
        text = str(text).strip()
        if text in names:
            y[i] = names.index(text)
        elif not text:
            problems.append(f"row {i + 1}: the label is empty")
        else:
            problems.append(f"row {i + 1}: label {text[:20]!r} is not {names[0]!r} or {names[1]!r}")
    if problems:
        shown = "; ".join(problems[:MAX_SHOWN_PROBLEMS])
        more = len(problems) - MAX_SHOWN_PROBLEMS
        raise DataError(
            f"The table has {len(problems)} problem{'s' if len(problems) != 1 else ''}: {shown}"
            + (f" … and {more} more" if more > 0 else "")
            + ". Fix them and apply again; your data has not changed."
        )
    X = np.column_stack(coords) if len(table) else np.zeros((0, 2))
    return dataclasses.replace(like, X=X.astype(np.float64), y=y)


# --------------------------------------------------------------------------- files and text


def to_frame(data: Dataset) -> pd.DataFrame:
    """:meth:`Dataset.to_frame` (features, then ``label``) with every column kept apart, even
    when a feature is itself called "label" (it then becomes ``"label (2)"`` for the class)."""
    if "label" not in data.feature_names and len(set(data.feature_names)) == len(
        data.feature_names
    ):
        return data.to_frame()
    frame = pd.DataFrame(data.X, columns=[f"column {j + 1}" for j in range(data.X.shape[1])])
    frame["label"] = np.asarray(data.class_names, dtype=object)[data.y]
    frame.columns = _unique([*data.feature_names, "label"])
    return frame


def to_csv_bytes(data: Dataset) -> bytes:
    """The data set as UTF-8 CSV: one column per feature, then the class name (:func:`to_frame`)."""
    return to_frame(data).to_csv(index=False, lineterminator="\n").encode("utf-8")


def _unique(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        unique, k = name, 1
        while unique in out:
            k += 1
            unique = f"{name} ({k})"
        out.append(unique)
    return out


def numeric_first(df: pd.DataFrame) -> list[Any]:
    """Column names, numeric columns first, each group in file order.

    A text column counts as numeric when at least half of its filled cells are numbers (so a
    few typos or "n/a" do not hide it); :func:`logreg.data.prepare` drops the other rows.
    """
    numeric = [c for c in df.columns if is_numeric(df[c])]
    return numeric + [c for c in df.columns if c not in numeric]


def is_numeric(col: pd.Series) -> bool:
    """True for a column of numbers, or of text that is mostly numbers."""
    if pd.api.types.is_bool_dtype(col):
        return False
    if pd.api.types.is_numeric_dtype(col):
        return True
    filled = col.dropna()
    if len(filled) > NUMERIC_SAMPLE:  # evenly spaced cells decide: parsing 1e6 texts takes ~4 s
        filled = filled.iloc[:: -(-len(filled) // NUMERIC_SAMPLE)]
    text = filled.astype(str).str.strip()
    text = text[text != ""]
    if text.empty:
        return False
    numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    return bool(numbers.notna().mean() >= 0.5)


def default_columns(df: pd.DataFrame) -> tuple[Any, Any, Any]:
    """Default (feature 1, feature 2, label): the first two numeric columns, and the last
    column that is not one of them. A table needs at least three columns."""
    if df.shape[1] < 3:
        raise DataError(
            f"The file has {df.shape[1]} columns, but the lab needs three: two columns of "
            "numbers to plot (x1 and x2) and a label column with the class of each row."
        )
    ordered = numeric_first(df)
    f1, f2 = ordered[0], ordered[1]
    rest = [c for c in df.columns if c not in (f1, f2)]
    return f1, f2, rest[-1]
