"""The Data page: see the points, upload a CSV, draw and edit points, download them.

Everything the person makes goes through :func:`logreg.ui.runs.replace_custom_data`, after
the previous data set was pushed on an undo stack, so no action loses earlier work. Text from
a person (file and column names, labels) is shown through :func:`logreg.ui.text.md` or in
tables, never as HTML. The maths lives in :mod:`logreg.editing`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from logreg import data as csv_data
from logreg import editing, figures
from logreg.errors import DataError
from logreg.lab import CUSTOM, FIELDS, Dataset, Settings
from logreg.ui import page, runs, state
from logreg.ui.text import md

TABS = ("Preview", "Upload a CSV", "Draw and edit")
TAB_KEY = "data_tab"
UPLOAD_KEY = "upload_csv"
UPLOAD_MEMO = "lab_upload_memo"  # dict: what was read from the file in the uploader
CLICK_KEY = "data_click"
CLASS_KEY = "data_new_class"
EDITOR_KEY = "data_editor"
FILE_NAME = "logreg-lab-data.csv"
PREVIEW_ROWS = 10
MAX_EDITOR_ROWS = 5000  # bigger tables are downloaded and edited elsewhere
MAX_HISTORY = 20
# Undo never holds more points than this in total (12 MB): a big data set that is replaced is
# not kept (with everything before it), so a second 1e6-row upload frees the first.
MAX_HISTORY_POINTS = 500_000
MANY_CLASSES = 20
GRID_N = 60
_CONFIG = {"displaylogo": False}
MARKERS = ("orange circles", "blue squares")  # how figures.decision_figure draws each class


# --------------------------------------------------------------------------- state changes


def _using_custom(settings: Settings) -> bool:
    return settings.dataset == CUSTOM and state.custom_data() is not None


def editable(settings: Settings) -> Dataset:
    """The points the person sees, as the data set an edit starts from."""
    if _using_custom(settings):
        custom = state.custom_data()
        assert custom is not None
        return custom
    shown = runs.current_data(settings)
    return editing.copy_of(shown, source=f"{shown.source}, edited")


def _store(new: Dataset | None) -> None:
    """Make ``new`` the person's data; the data it replaces goes on the undo stack."""
    ss = st.session_state
    history: list[tuple[Dataset | None, str]] = list(ss.get(state.DATA_HISTORY, []))
    history.append((state.custom_data(), state.settings().dataset))
    kept, total = [], 0
    for entry in reversed(history[-MAX_HISTORY:]):
        total += entry[0].n if entry[0] is not None else 0
        if total > MAX_HISTORY_POINTS:
            break
        kept.append(entry)
    ss[state.DATA_HISTORY] = kept[::-1]
    runs.replace_custom_data(new)


def undo() -> None:
    """Go back to the data set before the last change (callback)."""
    history = list(st.session_state.get(state.DATA_HISTORY, []))
    if not history:
        return
    previous, dataset = history.pop()
    st.session_state[state.DATA_HISTORY] = history
    runs.replace_custom_data(previous)
    if previous is None or dataset != CUSTOM:
        state.update_settings(dataset=dataset)


def _use_points(data: Dataset) -> None:
    """Callback of "Use these points as my own data"."""
    _store(editing.copy_of(data, source=f"{data.source}, copied"))
    st.session_state[TAB_KEY] = TABS[2]
    st.toast(
        "These points are now your data: click the chart to add points.", icon=":material/edit:"
    )


# From this many rows on, an upload that would train with the default optimizer (gradient
# descent: hundreds of passes over the data, ~20 s for 1e6 rows in a browser) switches to
# Newton's method (a handful of passes: ~3 s), and says so; any other choice is kept.
BIG_UPLOAD_ROWS = 100_000


def _use_upload(data: Dataset) -> None:
    """Callback of "Use this data" (upload)."""
    _store(data)
    st.toast(
        f"Your data: {data.n:,} points from {md(data.source)}.", icon=":material/check_circle:"
    )
    s = state.settings()
    if (
        data.n >= BIG_UPLOAD_ROWS
        and s.solver == FIELDS["solver"].default
        and s.penalty in ("none", "l2")
    ):
        state.update_settings(solver="newton")
        st.session_state[state.NOTICE] = (
            f"Your data has {data.n:,} rows, so the optimizer is now **Newton's method**: it "
            "reaches the best model in a handful of passes over the data, where gradient "
            "descent needs hundreds. To watch gradient descent learn step by step, choose it "
            "under Optimizer in the sidebar (slower at this size)."
        )


def _remove_selected(settings: Settings) -> None:
    """Callback: drop the points inside the chart's box or lasso selection."""
    base = editable(settings)
    mask = editing.region_mask(base.X, st.session_state.get(CLICK_KEY))
    if mask.any():
        _store(editing.remove_points(base, mask))


def _clear(settings: Settings) -> None:
    """Callback: start again from an empty chart (Undo brings the points back)."""
    _store(editing.empty_like(editable(settings)))
    st.session_state[TAB_KEY] = TABS[2]


def handle_click(settings: Settings) -> None:
    """Add the point(s) a click on the edit chart picked (each selection once).

    Call right after ``page.setup()``: a click on generated data copies it into the person's
    own data. The run then restarts, so the sidebar drawn before the change shows "Your data"
    (storing data resets the sidebar's Dataset widget).
    """
    ss = st.session_state
    event = ss.get(CLICK_KEY)
    sig = editing.signature(event)
    if sig is None or editing.is_region(event):
        if sig is None:
            ss[state.DATA_SEEN] = None
        return
    if sig == ss.get(state.DATA_SEEN):
        return
    ss[state.DATA_SEEN] = sig
    points = editing.clicked_points(event)
    if not len(points):
        return
    label = 1 if ss.get(CLASS_KEY) == 1 else 0
    _store(editing.add_points(editable(settings), points, label))
    st.rerun()  # the sidebar was drawn before the change (and now shows "Your data")


# --------------------------------------------------------------------------- shared pieces


def _scatter(data: Dataset, *, uirevision: str, ranges: Any = None) -> go.Figure:
    """The points, without a model (no train/test split here, so no "(train)" in names)."""
    xr, yr = ranges if ranges is not None else (None, None)
    fig = figures.decision_figure(
        None,
        None,
        None,
        X_train=data.X,
        y_train=data.y,
        class_names=data.class_names,
        feature_names=data.feature_names[:2],
        x_range=xr,
        y_range=yr,
        uirevision=uirevision,
    )
    for trace in fig.data:
        if trace.name and trace.name.endswith(" (train)"):
            trace.name = trace.name.removesuffix(" (train)")
            if trace.hovertemplate:
                trace.hovertemplate = trace.hovertemplate.replace(" (train)", "")
    return fig


def _name(data: Dataset, k: int) -> str:
    """Class ``k`` of ``data`` as safe Markdown."""
    return md(editing.class_label(k, data.class_names[k]), 30)


def _counts(data: Dataset) -> None:
    st.dataframe(
        editing.class_counts(data),
        hide_index=True,
        column_config={
            "class": st.column_config.NumberColumn("class", width="small"),
            "name": st.column_config.TextColumn("label"),
            "points": st.column_config.NumberColumn("points", format="%d"),
        },
    )


def summary(settings: Settings) -> Dataset:
    """What the other pages train on, a download button, and what to do when nothing is yours."""
    data = runs.current_data(settings)
    custom = state.custom_data()
    counts = editing.class_counts(data)["points"].tolist()
    which = "Your data" if _using_custom(settings) else "Generated points"
    st.markdown(
        f"**{which}**: {md(data.source or 'unnamed')} · {data.n:,} points "
        f"({_name(data, 0)}: {counts[0]:,}, {_name(data, 1)}: {counts[1]:,})"
    )
    # Under the summary, not beside it: a narrow window cut its label ("Downl…").
    st.download_button(
        "Download CSV",
        data=functools.partial(editing.to_csv_bytes, data),
        file_name=FILE_NAME,
        mime="text/csv",
        key="data_download",
        icon=":material/download:",
        on_click="ignore",
        help="These points as a CSV file: one column per feature and a 'label' column. "
        "Upload it again later to continue where you left off.",
    )
    if custom is None:
        st.info(
            "You are looking at generated points (change them in the sidebar). To work with "
            "your own points, **upload a CSV file** (tab *Upload a CSV*), **click on the chart** "
            "in *Draw and edit* to add points, or press **Use these points as my own data** "
            "under *Preview* and edit them.",
            icon=":material/lightbulb:",
        )
    elif not _using_custom(settings):
        st.caption(
            f"Your own data ({custom.n:,} points) is kept: pick *Your data* in the sidebar's "
            "Dataset box to use it again. Editing the points below replaces it (Undo brings "
            "it back)."
        )
    elif short := editing.too_few(data):
        st.warning(
            "The model needs at least two points of each class; add points of "
            + " and ".join(f"**{_name(data, k)}**" for k in short)
            + ".",
            icon=":material/warning:",
        )
    return data


def tabs() -> tuple[Any, ...]:
    """The three tabs (their state is kept so actions can switch tab)."""
    return tuple(st.tabs(list(TABS), key=TAB_KEY, on_change="rerun"))


# --------------------------------------------------------------------------- Preview


def preview(settings: Settings, data: Dataset, chart: bool = True) -> None:
    """The points (scatter, unless ``chart`` is False), counts per class and the first rows."""
    left, right = page.columns([3, 2], layout="chart_side", key="data_preview")
    with left:
        if chart:
            st.plotly_chart(
                _scatter(data, uirevision="data_preview"),
                key="data_preview",
                width="stretch",
                config=_CONFIG,
            )
    with right:
        st.markdown("**Points per class**")
        _counts(data)
        st.markdown(f"**First {min(PREVIEW_ROWS, data.n)} rows**")
        first = dataclasses.replace(data, X=data.X[:PREVIEW_ROWS], y=data.y[:PREVIEW_ROWS])
        st.dataframe(editing.to_frame(first), hide_index=True)
        if _using_custom(settings):
            st.caption(
                "This is your data. To go back to generated points, pick a shape in the "
                "sidebar's Dataset box; your data stays there as *Your data*."
            )
        else:
            st.button(
                "Use these points as my own data",
                key="data_use_generated",
                type="primary",
                icon=":material/edit:",
                on_click=_use_points,
                args=(data,),
                help="Copy these generated points into your own data set, so you can add, "
                "remove and edit points (and the sidebar's shape settings no longer change "
                "them).",
            )
            st.caption("Change the shape, number of points, noise and seed in the sidebar.")


# --------------------------------------------------------------------------- Upload


def pick_key(name: str, *parts: Any) -> str:
    """Key of a column or class picker: new for every file (and label column), so each file
    starts from the default choices (popping a key would not reset what the browser shows)."""
    tag = hashlib.sha256(repr(parts).encode()).hexdigest()[:12]
    return f"upload_{name}_{tag}"


def _error(exc: Exception) -> None:
    st.error(md(str(exc), limit=1000), icon=":material/error:")


def upload() -> None:
    """Upload a CSV, choose columns and classes, see what is dropped, use it."""
    uploaded = st.file_uploader(
        "Upload a CSV file",
        key=UPLOAD_KEY,
        type=["csv", "txt", "tsv"],
        help="A table saved as CSV (from Excel: 'Save as… CSV'), with a header row. It needs "
        "two columns of numbers and a label column; values may be separated by commas, "
        "semicolons or tabs.",
    )
    if uploaded is None:
        st.session_state.pop(UPLOAD_MEMO, None)
        st.caption(
            "For example a file with the columns `hours_studied, hours_slept, passed`. Rows "
            "with missing or non-numeric values are skipped (you will see which and why). "
            "Your current data stays until you press *Use this data*."
        )
        limit = st.get_option("server.maxUploadSize")
        st.caption(
            f"Files up to **{limit:g} MB** are read (a CSV of 1,000,000 rows and three numeric "
            "columns is about 40 MB). A bigger file is marked with a red sign and not read: "
            "save fewer rows or only the columns you need, then upload it again."
        )
        return
    memo = _read_upload(uploaded)
    digest = memo["digest"]
    if "error" in memo:
        _error(memo["error"])
        _kept_note()
        return
    table = memo["table"]
    f1, f2, label = memo["defaults"]
    delimiter = {",": "commas", ";": "semicolons", "\t": "tabs"}.get(
        table.attrs.get("delimiter", ","), "commas"
    )
    st.caption(
        f"{md(uploaded.name)}: {len(table):,} rows and {table.shape[1]} columns, "
        f"separated by {delimiter}."
    )
    with st.expander(f"The file (first {min(PREVIEW_ROWS, len(table))} rows)", expanded=True):
        st.dataframe(table.head(PREVIEW_ROWS), hide_index=True)

    columns = memo["columns"]
    c1, c2, c3 = page.columns(3, layout="cards", key="data_pick")
    x1 = c1.selectbox(
        "Feature 1 (x-axis)",
        columns,
        index=columns.index(f1),
        key=pick_key("x1", digest),
        format_func=str,
        help="A column of numbers. Numeric columns are listed first.",
    )
    x2 = c2.selectbox(
        "Feature 2 (y-axis)",
        columns,
        index=columns.index(f2),
        key=pick_key("x2", digest),
        format_func=str,
        help="A second column of numbers.",
    )
    all_columns = list(table.columns)
    y_col = c3.selectbox(
        "Label (the class of each row)",
        all_columns,
        index=all_columns.index(label),
        key=pick_key("label", digest),
        format_func=str,
        help="The column the model learns to predict: text, numbers or true/false.",
    )
    try:
        classes = _once(memo, "classes", y_col, lambda: csv_data.label_classes(table, y_col))
        chosen = _pick_classes(classes, (digest, str(y_col)))
        prep, dataset = _once(
            memo,
            "prepared",
            (x1, x2, y_col, chosen, uploaded.name),
            lambda: _prepare(table, x1, x2, y_col, chosen, uploaded.name),
        )
    except DataError as exc:
        _error(exc)
        _kept_note()
        return
    _explain(table, prep)
    st.button(
        "Use this data",
        key="upload_use",
        type="primary",
        icon=":material/check:",
        on_click=_use_upload,
        args=(dataset,),
        help="Make these points your data: every page then trains on them. Undo (under "
        "Draw and edit) brings back what you had before.",
    )


def _read_upload(uploaded: Any) -> dict[str, Any]:
    """The file in the uploader, read once: ``digest``, and ``table``, ``defaults`` (feature
    and label columns) and ``columns`` (numeric first), or ``error``.

    Kept in the session for that one file (a new file replaces it, no file drops it), so a
    rerun neither hashes nor parses again: on a 1e6-row file those take seconds.
    """
    memo = st.session_state.get(UPLOAD_MEMO)
    if memo is not None and memo["file_id"] == uploaded.file_id:
        return memo
    st.session_state.pop(UPLOAD_MEMO, None)  # let the previous file's table go first
    raw = uploaded.getvalue()
    memo = {"file_id": uploaded.file_id, "digest": hashlib.sha256(raw).hexdigest()}
    try:
        with st.spinner("Reading the file…"):
            table = csv_data.read_csv(raw)
            del raw
            memo["defaults"] = editing.default_columns(table)
            memo["columns"] = editing.numeric_first(table)
        memo["table"] = table
    except DataError as exc:  # a fresh copy: the original's traceback holds the file's bytes
        memo["error"] = DataError(str(exc))
    st.session_state[UPLOAD_MEMO] = memo
    return memo


def _once(memo: dict[str, Any], kind: str, key: Any, make: Any) -> Any:
    """``make()`` for this upload, remembered for the last ``key`` of each ``kind`` (a
    :class:`DataError` is remembered by its message and raised again)."""
    got = memo.get(kind)
    if got is None or got[0] != key:
        try:
            got = (key, make(), None)
        except DataError as exc:
            got = (key, None, str(exc))
        memo[kind] = got
    if got[2] is not None:
        raise DataError(got[2])
    return got[1]


def _prepare(table: Any, x1: Any, x2: Any, y_col: Any, chosen: Any, name: str) -> tuple[Any, Any]:
    prep = csv_data.prepare(table, [x1, x2], y_col, classes=chosen)
    dataset = editing.from_prepared(prep, name)
    # The data set holds copies of the arrays: keep one copy (24 MB for 1e6 rows), not two.
    return dataclasses.replace(prep, X=dataset.X, y=dataset.y), dataset


def _pick_classes(classes: tuple[Any, ...], parts: tuple[str, ...]) -> tuple[Any, Any] | None:
    """Two selectboxes for the negative and positive class (None: let prepare() complain)."""
    if len(classes) < 2:
        return None
    if len(classes) > 2:
        many = (
            " That is a lot for a label: is this really the class column?"
            if len(classes) > MANY_CLASSES
            else ""
        )
        st.info(
            f"The label column has {len(classes)} different values. Logistic regression "
            "compares two classes: pick them below. Rows with any other label are dropped." + many,
            icon=":material/info:",
        )
    c1, c2 = st.columns(2)
    neg = c1.selectbox(
        "Class 0 (negative)",
        classes,
        index=0,
        key=pick_key("neg", *parts),
        format_func=str,
        help="Label value that becomes class 0.",
    )
    pos = c2.selectbox(
        "Class 1 (positive)",
        classes,
        index=1,
        key=pick_key("pos", *parts),
        format_func=str,
        help="Label value that becomes class 1: the model predicts the probability of this class.",
    )
    return neg, pos


def _explain(table: Any, prep: csv_data.Prepared) -> None:
    """How labels map to classes, and which rows were dropped and why."""
    neg, pos = prep.classes
    n1 = int(prep.y.sum())
    n0 = len(prep.y) - n1
    st.markdown(
        f"**{md(pos, 40)}** → class 1 (positive, {n1:,} rows) · "
        f"**{md(neg, 40)}** → class 0 (negative, {n0:,} rows)"
    )
    if not prep.n_dropped:
        st.caption(f"All {len(table):,} rows are used.")
        return
    reasons = "; ".join(f"{reason}: {count:,}" for reason, count in prep.drop_reasons.items())
    st.warning(
        f"{prep.n_dropped:,} of {len(table):,} rows are dropped ({reasons}).",
        icon=":material/filter_alt:",
    )
    with st.expander("Dropped rows"):
        shown = prep.dropped_index[:PREVIEW_ROWS]
        first = f"The first {len(shown)} dropped rows. " if prep.n_dropped > len(shown) else ""
        st.caption(first + "Row 0 is the first row under the header.")
        st.dataframe(table.loc[shown])


def _kept_note() -> None:
    custom = state.custom_data()
    if custom is not None:
        st.caption(
            f"Your current data ({md(custom.source or 'unnamed')}, {custom.n:,} points) has "
            "not changed."
        )


# --------------------------------------------------------------------------- Draw and edit


def _edit_view(data: Dataset) -> tuple[list[float], list[float]]:
    """Axis ranges of the edit chart: they grow to hold new points but never jump or shrink
    while the same data set is edited (so drawing from an empty chart stays put)."""
    xr, yr = editing.view_ranges(data.X)
    kept = st.session_state.get(state.DATA_VIEW)
    if kept is not None and kept[0] == data.source:
        xr, yr = editing.union_range(kept[1], xr), editing.union_range(kept[2], yr)
    st.session_state[state.DATA_VIEW] = (data.source, xr, yr)
    return xr, yr


def _edit_figure(data: Dataset) -> go.Figure:
    """The data with an invisible, clickable grid underneath (a click picks a grid point)."""
    xr, yr = _edit_view(data)
    fig = _scatter(data, uirevision="data_edit", ranges=(xr, yr))
    gx, gy = editing.click_grid(xr, yr, GRID_N)
    grid = go.Scatter(
        x=gx,
        y=gy,
        mode="markers",
        name="click to add",
        showlegend=False,
        marker={"size": 12, "opacity": 0, "color": "#808080"},
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        hoverinfo="none",  # not "skip": skipped traces fire no click events
    )
    out = go.Figure(data=[grid, *fig.data], layout=fig.layout)
    # No dragmode/clickmode: Streamlit then pans on drag and selects on click ("event+select");
    # in box or lasso mode it turns click selection off.
    out.update_layout(height=520)
    if data.n == 0:
        out.layout.annotations = ()  # replace the figure's "no data yet" hint
        out.add_annotation(
            text="click anywhere to add a point",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 16, "color": "rgba(128,128,128,0.8)"},
        )
    return out


def edit(settings: Settings, chart: bool = True) -> None:
    """Click to add points, drag to select and remove, undo, and an editable table (the
    chart only when ``chart``)."""
    base = editable(settings)
    if not _using_custom(settings):
        st.caption(
            "You are looking at generated points: the first change makes a copy of them your "
            "own data (the sidebar then shows *Your data*)."
        )
    left, right = page.columns([3, 1], layout="chart_tools", key="data_edit")
    with right:
        names = base.class_names
        st.radio(
            "Class of new points",
            (0, 1),
            key=CLASS_KEY,
            format_func=lambda k: md(editing.class_label(k, names[k]), 40),
            captions=[
                MARKERS[k]
                if editing.class_label(k, names[k]) == f"class {k}"
                else f"class {k}: {MARKERS[k]}"
                for k in (0, 1)
            ],
            help="Clicking on the chart adds a point of this class.",
        )
        history = st.session_state.get(state.DATA_HISTORY, [])
        st.button(
            "Undo last change",
            key="data_undo",
            icon=":material/undo:",
            on_click=undo,
            disabled=not history,
            width="stretch",
            help="Go back one step: the last added point, removal, table edit or upload. "
            f"Undo keeps at most {MAX_HISTORY_POINTS:,} points: a bigger data set that is "
            "replaced cannot be brought back (upload it again).",
        )
        selected = editing.region_mask(base.X, st.session_state.get(CLICK_KEY))
        n_sel = int(selected.sum())
        st.button(
            f"Remove {n_sel:,} selected point{'s' if n_sel != 1 else ''}",
            key="data_remove",
            icon=":material/delete:",
            on_click=_remove_selected,
            args=(settings,),
            disabled=n_sel == 0,
            width="stretch",
            help="Pick Box select or Lasso select in the chart's toolbar and drag around points.",
        )
        st.button(
            "Remove all points",
            key="data_clear",
            icon=":material/restart_alt:",
            on_click=_clear,
            args=(settings,),
            disabled=base.n == 0,
            width="stretch",
            help="Start from an empty chart and draw your own data (Undo brings them back).",
        )
    if chart:
        with left:
            _click_chart(base)
    table_editor(base)


def _click_chart(base: Dataset) -> None:
    """The chart a click adds points to (box/lasso select points to remove) and its caption."""
    event = st.plotly_chart(
        _edit_figure(base),
        key=CLICK_KEY,
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        width="stretch",
        config=_CONFIG,
    )
    if editing.signature(event) is None:
        # A changed figure comes back without a selection: the next click counts, even
        # on the grid point clicked last time.
        st.session_state[state.DATA_SEEN] = None
    st.caption(
        "**Click** anywhere to add a point of the chosen class. To remove points, pick "
        "*Box select* or *Lasso select* in the chart's toolbar, drag around them and press "
        "*Remove selected points*; pick *Pan* again to go back to adding points."
    )


def table_editor(base: Dataset) -> None:
    """The points as an editable table; edits are checked and applied with a button."""
    st.markdown("**Edit the points as a table**")
    if base.n > MAX_EDITOR_ROWS:
        st.info(
            f"The table is shown for up to {MAX_EDITOR_ROWS:,} points (this data has "
            f"{base.n:,}). Download the CSV to edit it elsewhere and upload it again.",
            icon=":material/info:",
        )
        return
    names = [str(c) for c in base.class_names]
    f1, f2 = (str(f) for f in base.feature_names[:2])
    edited = st.data_editor(
        editing.to_table(base),
        key=EDITOR_KEY,
        num_rows="dynamic",
        hide_index=True,
        height=min(400, 38 + 35 * (base.n + 1)),
        column_config={
            "x1": st.column_config.NumberColumn(f1, required=True),
            "x2": st.column_config.NumberColumn(f2, required=True),
            "label": st.column_config.SelectboxColumn("label", options=names, required=True),
        },
    )
    changes = st.session_state.get(EDITOR_KEY) or {}
    dirty = any(changes.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))
    if st.button(
        "Apply table edits",
        key="data_apply",
        icon=":material/done_all:",
        disabled=not dirty,
        help="Check the edited table and make it your data. Nothing changes until you press "
        "this; a table with problems is not applied.",
    ):
        try:
            new = editing.from_table(edited, base)
        except DataError as exc:
            _error(exc)
            return
        _store(new)
        st.rerun()
    st.caption(
        "Change numbers or labels, add rows at the bottom, or select rows and delete them; "
        "then press *Apply table edits*. Unapplied edits are discarded when the points change."
        if not dirty
        else "You have edits that are not applied yet."
    )


def show(settings: Settings) -> None:
    """The whole page body (after ``page.setup()``)."""
    handle_click(settings)
    settings = state.settings()
    data = summary(settings)
    t_preview, t_upload, t_edit = tabs()
    # A chart in a closed tab is not sent (opening a tab reruns the page and draws it): a
    # browser would build both scatters of a 1e6-row upload, WebGL and all, for nothing
    # (seconds in a software-rendered browser). Widgets stay, so nothing typed is lost.
    with t_preview:
        preview(settings, data, chart=t_preview.open is not False)
    with t_upload:
        upload()
    with t_edit:
        edit(settings, chart=t_edit.open is not False)
