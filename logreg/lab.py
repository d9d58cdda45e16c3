"""The app's model of a session, without any UI: settings, data sets, training runs, views.

``Settings`` is a frozen record of every knob a person can turn; ``FIELDS`` is its typed field
table (a whitelist), used by the controls and to read settings from a URL safely. ``Dataset``
holds the points; ``Run`` bundles the data split, the pipeline and its ``Trainer``;
``Snapshot`` holds everything a chart needs at one iteration (arrays, not models).
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from logreg import metrics
from logreg.datasets import (
    DATASET_LABELS,
    DATASETS,
    make_dataset,
    subsample_indices,
    train_test_split,
)
from logreg.features import FeatureMap
from logreg.model import PENALTIES, SOLVERS, LogisticRegression, Trainer, check_X
from logreg.pipeline import Pipeline, grid_proba

Array = NDArray[np.float64]

CUSTOM = "custom"
ALPHAS = (0.0, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
ITERATIONS = (0, 10, 25, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10000)
BATCH_SIZES = (0, 1, 4, 8, 16, 32, 64, 128, 256, 1024)  # 0 = the full batch
SAMPLE_SIZES = (20, 50, 100, 200, 300, 500, 1000, 2000, 5000)
SPEEDS = (1, 2, 5, 10, 20, 50)  # iterations per live frame


@dataclass(frozen=True)
class Field:
    """One setting: its default and what values are allowed."""

    default: Any
    options: tuple[Any, ...] | None = None  # exact whitelist
    low: float | None = None
    high: float | None = None
    kind: type = float
    label: str = ""
    help: str = ""

    def parse(self, value: Any) -> Any:
        """Coerce ``value`` (possibly a URL string) to this field; ``ValueError`` if not allowed."""
        if self.kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"{value!r} is not true/false")
        if self.kind is str:
            out: Any = str(value)
        else:
            if isinstance(value, bool):
                raise ValueError(f"{value!r} is not a number")
            num = float(value)
            if not math.isfinite(num):
                raise ValueError(f"{value!r} is not a finite number")
            if self.kind is int:
                if num != int(num):
                    raise ValueError(f"{value!r} is not a whole number")
                out = int(num)
            else:
                out = num
        if self.options is not None:
            if out not in self.options:
                raise ValueError(f"{value!r} is not one of the allowed values")
            return self.options[self.options.index(out)]
        if (self.low is not None and out < self.low) or (self.high is not None and out > self.high):
            raise ValueError(f"{value!r} is outside {self.low}..{self.high}")
        return out


FIELDS: dict[str, Field] = {
    # data
    "dataset": Field("blobs", (*DATASETS, CUSTOM), kind=str, label="Dataset"),
    "n_samples": Field(200, SAMPLE_SIZES, kind=int, label="Number of points"),
    "noise": Field(0.2, low=0.0, high=2.0, label="Noise"),
    "balance": Field(0.5, low=0.1, high=0.9, label="Share of class 1"),
    "test_fraction": Field(0.25, low=0.0, high=0.5, label="Test fraction"),
    "seed": Field(0, low=0, high=1_000_000, kind=int, label="Seed"),
    # features
    "degree": Field(1, low=1, high=6, kind=int, label="Polynomial degree"),
    "standardize": Field(True, kind=bool, label="Standardize features"),
    # model
    "solver": Field("gd", tuple(SOLVERS), kind=str, label="Optimizer"),
    "learning_rate": Field(0.1, LEARNING_RATES, label="Learning rate"),
    "max_iter": Field(300, ITERATIONS, kind=int, label="Iterations"),
    "batch_size": Field(0, BATCH_SIZES, kind=int, label="Batch size"),
    "penalty": Field("l2", tuple(PENALTIES), kind=str, label="Regularization"),
    "alpha": Field(1e-3, ALPHAS, label="Regularization strength λ"),
    "l1_ratio": Field(0.5, low=0.0, high=1.0, label="L1 share (elastic-net)"),
    "class_weight": Field(False, kind=bool, label="Balance class weights"),
    # view
    "speed": Field(5, SPEEDS, kind=int, label="Iterations per frame"),
    "threshold": Field(0.5, low=0.01, high=0.99, label="Decision threshold"),
    "show_test": Field(True, kind=bool, label="Show test points"),
    "show_contours": Field(True, kind=bool, label="Show 0.1 / 0.9 contours"),
    "present": Field(False, kind=bool, label="Presenter mode"),
}

DATA_FIELDS = ("dataset", "n_samples", "noise", "balance", "seed")
SPLIT_FIELDS = ("test_fraction", "seed")
MODEL_FIELDS = (
    "degree",
    "standardize",
    "solver",
    "learning_rate",
    "max_iter",
    "batch_size",
    "penalty",
    "alpha",
    "l1_ratio",
    "class_weight",
)


@dataclass(frozen=True)
class Settings:
    """Every knob of the app; defaults come from :data:`FIELDS`."""

    dataset: str = FIELDS["dataset"].default
    n_samples: int = FIELDS["n_samples"].default
    noise: float = FIELDS["noise"].default
    balance: float = FIELDS["balance"].default
    test_fraction: float = FIELDS["test_fraction"].default
    seed: int = FIELDS["seed"].default
    degree: int = FIELDS["degree"].default
    standardize: bool = FIELDS["standardize"].default
    solver: str = FIELDS["solver"].default
    learning_rate: float = FIELDS["learning_rate"].default
    max_iter: int = FIELDS["max_iter"].default
    batch_size: int = FIELDS["batch_size"].default
    penalty: str = FIELDS["penalty"].default
    alpha: float = FIELDS["alpha"].default
    l1_ratio: float = FIELDS["l1_ratio"].default
    class_weight: bool = FIELDS["class_weight"].default
    speed: int = FIELDS["speed"].default
    threshold: float = FIELDS["threshold"].default
    show_test: bool = FIELDS["show_test"].default
    show_contours: bool = FIELDS["show_contours"].default
    present: bool = FIELDS["present"].default

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied, each parsed through its field (bad values raise)."""
        parsed = {k: FIELDS[k].parse(v) for k, v in changes.items()}
        return dataclasses.replace(self, **parsed)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def key(self, names: tuple[str, ...]) -> tuple[Any, ...]:
        """The values of ``names``: a hashable key for caching."""
        return tuple(getattr(self, n) for n in names)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> tuple[Settings, list[str]]:
        """Settings from untrusted text values (e.g. URL query parameters).

        Unknown names are ignored; each invalid value falls back to its default and is named
        in the returned list of problems.
        """
        good: dict[str, Any] = {}
        problems: list[str] = []
        for name, raw in values.items():
            if name not in FIELDS:
                continue
            try:
                good[name] = FIELDS[name].parse(raw)
            except (TypeError, ValueError):
                problems.append(f"{FIELDS[name].label or name} = {str(raw)[:40]!r}")
        return cls(**good), problems

    def to_query(self) -> dict[str, str]:
        """The settings that differ from the defaults, as URL query text."""
        default = Settings()
        out = {}
        for name in FIELDS:
            value = getattr(self, name)
            if value != getattr(default, name):
                out[name] = _query_text(value)
        return out

    def model(self) -> LogisticRegression:
        """The estimator these settings describe."""
        return LogisticRegression(
            penalty=self.penalty,
            alpha=self.alpha,
            l1_ratio=self.l1_ratio,
            solver=self.solver,
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            batch_size=self.batch_size or None,
            tol=1e-6,
            class_weight="balanced" if self.class_weight else None,
            random_state=self.seed,
        )

    def pipeline(self) -> Pipeline:
        return Pipeline(FeatureMap(self.degree, self.standardize), self.model())


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A labelled 2-D (or d-D) point set as people see it.

    ``y`` holds 0/1; ``class_names`` the labels shown for 0 and 1; ``source`` a short
    description ("moons, 200 points, seed 0" or the uploaded file's name).
    """

    X: Array
    y: NDArray[np.int64]
    class_names: tuple[str, str] = ("0", "1")
    feature_names: tuple[str, ...] = ("x1", "x2")
    source: str = ""

    @property
    def n(self) -> int:
        return int(self.X.shape[0])

    @cached_property
    def _ranges(self) -> tuple[tuple[float, float], tuple[float, float]]:
        xr, yr = view_ranges(self.X)
        return (xr[0], xr[1]), (yr[0], yr[1])

    def view_ranges(self) -> tuple[list[float], list[float]]:
        """:func:`view_ranges` of the points, computed once (a min/max pass over 1e6 rows
        costs ~0.1 s, and every chart of every rerun needs it)."""
        xr, yr = self._ranges
        return list(xr), list(yr)

    def to_frame(self) -> Any:
        """A pandas DataFrame with the feature columns and a ``label`` column."""
        import pandas as pd

        df = pd.DataFrame(self.X, columns=list(self.feature_names))
        name = "label"
        while name in df.columns:  # never overwrite a feature that happens to be called so
            name = f"{name}_"
        df[name] = np.asarray(self.class_names, dtype=object)[self.y]
        return df


def generate(settings: Settings) -> Dataset:
    """The generated data set the settings describe (``dataset`` must not be ``custom``)."""
    X, y = make_dataset(
        settings.dataset,
        settings.n_samples,
        settings.noise,
        balance=settings.balance,
        random_state=settings.seed,
    )
    label = DATASET_LABELS.get(settings.dataset, settings.dataset)
    return Dataset(X, y, ("0", "1"), ("x1", "x2"), f"{label}, seed {settings.seed}")


@dataclass(frozen=True, eq=False)
class Split:
    X_train: Array
    y_train: NDArray[np.int64]
    X_test: Array
    y_test: NDArray[np.int64]


def split(data: Dataset, test_fraction: float, seed: int) -> Split:
    """Stratified, seeded train/test split of ``data``."""
    if test_fraction <= 0 or data.n < 8:
        return Split(data.X, data.y, data.X[:0], data.y[:0])
    X_tr, X_te, y_tr, y_te = train_test_split(
        data.X, data.y, test_fraction, random_state=seed, stratify=True
    )
    return Split(X_tr, y_tr, X_te, y_te)


def sample_split(sp: Split, max_train: int, seed: int = 0) -> Split:
    """``sp`` with at most ``max_train`` of its training rows (seeded, uniform, kept in their
    order) and all its test rows: for work that compares settings on big data quickly."""
    if len(sp.y_train) <= max_train:
        return sp
    keep = subsample_indices(len(sp.y_train), max_train, seed=seed)
    return Split(sp.X_train[keep], sp.y_train[keep], sp.X_test, sp.y_test)


def view_ranges(X: Array, pad: float = 0.1) -> tuple[list[float], list[float]]:
    """Fixed axis ranges around the first two columns of ``X`` (so charts never jump)."""
    lo, hi = X[:, :2].min(axis=0), X[:, :2].max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    lo, hi = lo - pad * span, hi + pad * span
    return [float(lo[0]), float(hi[0])], [float(lo[1]), float(hi[1])]


@dataclass
class Run:
    """One training run on one split: the pipeline (feature map fitted) and its ``Trainer``.

    A run also remembers what is costly to recompute on large data and never changes for
    its parameters: the model features of the split (computed once, when small enough), the
    per-point probabilities and the threshold-free evaluation curves of the last parameters
    asked for. They live as long as the run, so a new run (other data or settings) drops them.
    """

    settings: Settings
    data: Dataset
    split: Split
    pipeline: Pipeline
    trainer: Trainer
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def start(cls, settings: Settings, data: Dataset, sp: Split, test_curve: bool = True) -> Run:
        """Fit the feature map on the training points and set up the trainer at iteration 0.

        ``test_curve=False`` records no test loss per iteration (a run whose test loss is only
        wanted at the end: the snapshot then computes it from the model, ~12-25 % less work).
        """
        pipe = settings.pipeline()
        fmap = pipe.feature_map
        Phi = fmap.fit_transform(check_X(sp.X_train), list(data.feature_names))
        Phi_te = fmap.transform(check_X(sp.X_test, "X_test")) if len(sp.y_test) else None
        trainer = _trainer(pipe.model, Phi, Phi_te if test_curve else None, sp)
        run = cls(settings, data, sp, pipe, trainer)
        run._keep_features(Phi, Phi_te)
        return run

    def restart(self) -> Run:
        """The same run back at iteration 0 (reusing the fitted feature map and features)."""
        feats = self.memo.get("features")
        if feats is None:
            return Run.start(self.settings, self.data, self.split)
        model = self.settings.model()
        pipe = Pipeline(self.pipeline.feature_map, model)
        run = Run(self.settings, self.data, self.split, pipe, _trainer(model, *feats, self.split))
        run.memo["features"] = feats
        return run

    def _keep_features(self, Phi: Array, Phi_te: Array | None) -> None:
        if Phi.size + (0 if Phi_te is None else Phi_te.size) <= MAX_KEPT_FEATURES:
            self.memo["features"] = (Phi, Phi_te)

    def features(self) -> tuple[Array, Array | None]:
        """The model's features of the train and test points (``None``: no test points)."""
        feats = self.memo.get("features")
        if feats is not None:
            return feats
        fmap, sp = self.pipeline.feature_map, self.split
        return fmap.transform(sp.X_train), fmap.transform(sp.X_test) if len(sp.y_test) else None

    def params(self, iteration: int | None = None) -> tuple[Array, float]:
        """(w, b) now, or at a recorded ``iteration``."""
        if iteration is None or iteration >= self.trainer.n_iter:
            theta = self.trainer.theta
        else:
            theta = self.trainer.history.params_at(iteration)
        return theta[1:].copy(), float(theta[0])

    def probabilities(self, w: Array, b: float) -> tuple[Array, Array]:
        """P(class 1) of every train and test point under (w, b); the last answer is kept."""
        key = (w.tobytes(), b)
        got = self.memo.get("proba")
        if got is not None and got[0] == key:
            return got[1]
        Phi, Phi_te = self.features()
        p_train = _proba(Phi, w, b)
        p_test = _proba(Phi_te, w, b) if Phi_te is not None else np.zeros(0)
        self.memo["proba"] = (key, (p_train, p_test))
        self.memo.pop("curves", None)
        return p_train, p_test

    def fitted(self, iteration: int | None = None) -> Pipeline:
        """A fitted pipeline at the current (or a recorded) iteration."""
        model = self.trainer.finalize()
        w, b = self.params(iteration)
        model.coef_ = w.reshape(1, -1)
        model.intercept_ = np.array([b])
        return Pipeline(self.pipeline.feature_map, model)


# Features of the split are kept with the run up to this many numbers (64 MB as float64):
# all of a 1e6-row data set at degree 1-3; beyond it they are recomputed when needed.
MAX_KEPT_FEATURES = 8_000_000
_CHUNK = 1 << 16  # rows per block when computing probabilities (bounded temporaries)


def _trainer(model: LogisticRegression, Phi: Array, Phi_te: Array | None, sp: Split) -> Trainer:
    ev = (Phi_te, sp.y_test) if Phi_te is not None else None
    return Trainer(model, Phi, sp.y_train, eval_set=ev)


def _proba(Phi: Array, w: Array, b: float) -> Array:
    """``sigmoid(Phi @ w + b)`` in blocks of rows, in place: no temporary beyond the output.

    ``1 / (1 + exp(-z))`` overflows to ``1 / inf = 0`` for very negative z, the right limit;
    it agrees with :func:`logreg.functional.sigmoid` to 2e-16 at half its cost (1e6 points:
    ~9 ms instead of ~20 ms, in every live frame).
    """
    out = np.empty(Phi.shape[0])
    with np.errstate(over="ignore", under="ignore"):
        for a in range(0, Phi.shape[0], _CHUNK):
            z = out[a : a + _CHUNK]
            np.matmul(Phi[a : a + _CHUNK], w, out=z)
            z += b
            np.negative(z, out=z)
            np.exp(z, out=z)
            z += 1.0
            np.reciprocal(z, out=z)
    return out


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Everything the Playground draws at one iteration (arrays only)."""

    iteration: int
    w: Array
    b: float
    xs: Array
    ys: Array
    proba: Array | None
    p_train: Array
    p_test: Array
    train_loss: float
    test_loss: float
    train_acc: float
    test_acc: float


def snapshot(run: Run, iteration: int | None = None, grid: int = 100) -> Snapshot:
    """Probability grid and per-point probabilities at ``iteration`` (default: now).

    Per-point probabilities cover every point (the accuracies and the Evaluate page need
    them); the features behind them are computed once per run, so on 1e6 points this costs
    a few ms. The losses are the ones the trainer recorded at that iteration (the loss
    chart's values), not recomputed.
    """
    w, b = run.params(iteration)
    sp = run.split
    xr, yr = run.data.view_ranges()
    xs = np.linspace(xr[0], xr[1], grid)
    ys = np.linspace(yr[0], yr[1], grid)
    fmap = run.pipeline.feature_map
    proba = grid_proba(fmap, w, b, xs, ys) if run.data.X.shape[1] == 2 else None
    p_train, p_test = run.probabilities(w, b)
    it = run.trainer.n_iter if iteration is None else min(iteration, run.trainer.n_iter)
    train_loss, test_loss = _recorded_losses(run, it)
    if train_loss is None:
        train_loss, test_loss = _loss(sp.y_train, p_train), _loss(sp.y_test, p_test)
    elif math.isnan(test_loss) and len(sp.y_test):  # a run without a recorded test curve
        test_loss = _loss(sp.y_test, p_test)
    return Snapshot(
        iteration=it,
        w=w,
        b=b,
        xs=xs,
        ys=ys,
        proba=proba,
        p_train=p_train,
        p_test=p_test,
        train_loss=train_loss,
        test_loss=test_loss,
        train_acc=_acc(sp.y_train, p_train),
        test_acc=_acc(sp.y_test, p_test),
    )


def _recorded_losses(run: Run, it: int) -> tuple[float | None, float]:
    """(train, test) mean log-loss the trainer recorded at iteration ``it`` (None if not)."""
    h = run.trainer.history
    if it >= len(h.loss):
        return None, math.nan
    test = float(h.test_loss[it]) if len(run.split.y_test) else math.nan
    return float(h.loss[it]), test


def _loss(y: NDArray[Any], p: Array) -> float:
    return metrics.log_loss(y, p) if len(y) else math.nan


def _acc(y: NDArray[Any], p: Array) -> float:
    if not len(y):
        return math.nan
    right = 0
    for a in range(0, len(y), _CHUNK):
        right += int(np.count_nonzero((p[a : a + _CHUNK] >= 0.5) == (y[a : a + _CHUNK] == 1)))
    return right / len(y)


def equation_latex(names: list[str], w: Array, b: float, max_terms: int = 6) -> str:
    r"""``p = \sigma(b + w_1 x_1 + ...)`` with numbers, for ``st.latex``."""
    terms = [f"{b:.3g}"]
    for name, wi in list(zip(names, w, strict=False))[:max_terms]:
        sign = "-" if wi < 0 else "+"
        terms.append(f"{sign} {abs(wi):.3g}\\,{_tex_name(name)}")
    if len(w) > max_terms:
        terms.append(f"+ \\dots\\ ({len(w) - max_terms}\\ \\text{{more}})")
    return r"p = \sigma\left(" + " ".join(terms) + r"\right)"


def equation_html(names: list[str], w: Array, b: float, max_terms: int = 6) -> str:
    """The same equation as :func:`equation_latex` as a small HTML fragment (no TeX engine).

    Names are HTML-escaped (they may be a file's column names): ``x1`` shows as an italic x
    with subscript 1, ``x1²·x2`` as a product with a superscript, other names upright. A
    browser draws it without loading a maths typesetter (the Playground's first load)."""
    terms = [_html_number(b)]
    for name, wi in list(zip(names, w, strict=False))[:max_terms]:
        sign = "&minus;" if wi < 0 else "+"
        terms.append(f"{sign} {_html_number(abs(wi))}&thinsp;{_html_name(name)}")
    if len(w) > max_terms:
        terms.append(f"+ &hellip; ({len(w) - max_terms} more)")
    return (
        '<div class="lr-equation" style="text-align: center; font-family: KaTeX_Main, '
        "'Times New Roman', serif; font-size: 1.3rem; margin: 0.25rem 0 0.75rem\">"
        "<i>p</i> = &sigma;(" + " ".join(terms) + ")</div>"
    )


def _html_number(x: float) -> str:
    text = f"{x:.3g}"
    if "e" in text:  # 1.5e-05 -> 1.5 x 10^-5, as TeX draws it
        mantissa, exp = text.split("e")
        text = f"{mantissa}&times;10<sup>{int(exp)}</sup>"
    return text.replace("-", "&minus;")


def _html_name(name: str) -> str:
    out = []
    for base, symbol, index, power in _name_factors(name):
        if index and symbol and len(symbol) <= 3 and symbol.isalpha():  # x1, z12
            piece = f"<i>{html.escape(symbol)}</i><sub>{index}</sub>"
        else:
            piece = html.escape(base if len(base) <= 30 else base[:29] + "…")
        out.append(piece + (f"<sup>{power}</sup>" if power else ""))
    return "&thinsp;".join(out)


_SUPERSCRIPTS = {"²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6"}


def _name_factors(name: str) -> list[tuple[str, str, str, str]]:
    """A feature name's factors (``x1²·x2`` has two): each as ``(base, symbol, index,
    power)``, e.g. ``("x1", "x", "1", "2")``; index and power may be empty."""
    out = []
    for part in name.split("·"):
        base, power = part, ""
        for sup, digit in _SUPERSCRIPTS.items():
            if part.endswith(sup):
                base, power = part[: -len(sup)], digit
        symbol = base.rstrip("0123456789")
        out.append((base, symbol, base[len(symbol) :], power))
    return out


def _tex_name(name: str) -> str:
    out = []
    for base, symbol, index, power in _name_factors(name):
        if index and symbol:
            tex = f"{_escape_tex(symbol)}_{{{index}}}"
        else:
            tex = r"\text{" + _escape_tex(base) + "}"
        out.append(tex + (f"^{{{power}}}" if power else ""))
    return r"\,".join(out)


def _escape_tex(text: str) -> str:
    keep = "".join(c if c.isalnum() or c in " _-" else "" for c in text)[:30]
    return keep.replace("_", r"\_")


@dataclass(frozen=True, eq=False)
class SplitEvaluation:
    """Metrics and curves of one split (train or test) at one threshold."""

    name: str
    y: NDArray[np.int64]
    p: Array
    report: dict[str, float | None]
    confusion: NDArray[np.int64]
    roc: tuple[Array, Array, Array]
    auc: float
    pr: tuple[Array, Array, Array]
    ap: float
    calibration: tuple[Array, Array, Array]

    @property
    def roc_point(self) -> tuple[float, float]:
        """(false-positive rate, true-positive rate) at the threshold."""
        (tn, fp), (fn, tp) = self.confusion
        return _ratio(fp, fp + tn), _ratio(tp, tp + fn)

    @property
    def pr_point(self) -> tuple[float, float]:
        """(recall, precision) at the threshold."""
        (_, fp), (fn, tp) = self.confusion
        return _ratio(tp, tp + fn), _ratio(tp, tp + fp)


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b else math.nan


@dataclass(frozen=True, eq=False)
class Curves:
    """The threshold-free part of one split's evaluation, on all of its points.

    ``roc`` and ``pr`` are thinned to at most :data:`MAX_CURVE_POINTS` vertices for drawing;
    ``auc`` and ``ap`` come from the full curves.
    """

    roc: tuple[Array, Array, Array]
    auc: float
    pr: tuple[Array, Array, Array]
    ap: float
    calibration: tuple[Array, Array, Array]
    log_loss: float


MAX_CURVE_POINTS = 10_001  # curve vertices kept (a chart draws at most 2,000 of them)


def split_curves(y: NDArray[Any], p: Array) -> Curves:
    """ROC, precision-recall and calibration curves, AUC, AP and log-loss of ``p`` for ``y``.

    The scores are sorted once (a plain quicksort: the curves only use the positions where
    the score changes, so the order within ties does not matter) and the curve functions of
    :mod:`logreg.metrics` then run on sorted input, where their own stable sort is linear.
    The values are those of the metrics functions on the unsorted arrays.
    """
    both = bool(np.any(y != y[0]))  # both classes present (labels are 0/1)
    nan3 = (np.array([0.0, 1.0]), np.array([0.0, 1.0]), np.array([np.inf, 0.0]))
    if both:
        order = np.argsort(-p)
        ys, ps = y[order], p[order]
        del order
        roc, pr = metrics.roc_curve(ys, ps), metrics.precision_recall_curve(ys, ps)
        auc, ap = metrics.roc_auc(ys, ps), metrics.average_precision(ys, ps)
        del ys, ps
    else:
        roc, pr, auc, ap = nan3, nan3, math.nan, math.nan
    return Curves(
        roc=_thin_curve(roc),
        auc=auc,
        pr=_thin_curve(pr),
        ap=ap,
        calibration=metrics.calibration_curve(y, p, n_bins=10),
        log_loss=metrics.log_loss(y, p),
    )


def _thin_curve(curve: tuple[Array, Array, Array]) -> tuple[Array, Array, Array]:
    """Evenly spaced vertices (first and last kept) of a long curve; thresholds may be one
    shorter than the rates (precision-recall) and are thinned on their own index range."""
    if len(curve[0]) <= MAX_CURVE_POINTS:
        return curve
    out = []
    for arr in curve:
        keep = np.unique(np.linspace(0, len(arr) - 1, MAX_CURVE_POINTS).round().astype(np.intp))
        out.append(arr[keep])
    return out[0], out[1], out[2]


def evaluate_split(
    name: str, y: NDArray[Any], p: Array, threshold: float, curves: Curves | None = None
) -> SplitEvaluation | None:
    """Everything the Evaluate page shows for one split; None when the split is empty.

    ``curves`` (from :func:`split_curves` of the same ``y`` and ``p``) skips the costly,
    threshold-free part: only the confusion matrix depends on ``threshold``.
    """
    if len(y) == 0:
        return None
    c = split_curves(y, p) if curves is None else curves
    cm = metrics.confusion_matrix(y, p, threshold).astype(np.int64)
    return SplitEvaluation(
        name=name,
        y=y,
        p=p,
        report=_report(cm, c),
        confusion=cm,
        roc=c.roc,
        auc=c.auc,
        pr=c.pr,
        ap=c.ap,
        calibration=c.calibration,
    )


def _report(cm: NDArray[np.int64], c: Curves) -> dict[str, float | None]:
    """:func:`logreg.metrics.classification_report` from the confusion matrix and curves."""
    tn, fp, fn, tp = (float(v) for v in cm.ravel())

    def ratio(num: float, den: float) -> float:
        return num / den if den > 0 else 0.0

    out = {
        "accuracy": ratio(tn + tp, tn + fp + fn + tp),
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "f1": ratio(2.0 * tp, 2.0 * tp + fp + fn),
        "log_loss": c.log_loss,
        "auc": c.auc,
    }
    return {k: (None if v is None or math.isnan(v) else float(v)) for k, v in out.items()}


def evaluation(run: Run, threshold: float) -> tuple[SplitEvaluation, SplitEvaluation | None]:
    """Train and test evaluation of the run's current model at ``threshold``, on all points.

    The threshold-free curves are kept with the run for its current parameters, so moving
    the threshold only recounts the confusion matrices.
    """
    w, b = run.params()
    p_train, p_test = run.probabilities(w, b)
    sp = run.split
    got = run.memo.get("curves")
    if got is None or got[0] is not p_train:
        curves = (
            split_curves(sp.y_train, p_train),
            split_curves(sp.y_test, p_test) if len(sp.y_test) else None,
        )
        run.memo["curves"] = got = (p_train, curves)
    c_train, c_test = got[1]
    train = evaluate_split("train", sp.y_train, p_train, threshold, c_train)
    test = evaluate_split("test", sp.y_test, p_test, threshold, c_test)
    assert train is not None
    return train, test


def instability(trainer: Trainer) -> str | None:
    """A plain-language warning when the loss jumps around (learning rate too high), else None.

    Divergence itself is reported by the trainer; this catches the milder case where the loss
    overshoots: it peaks well above where it started, or it rises in many full-batch steps.
    """
    if trainer.diverged or trainer.solver == "newton":
        return None
    J = trainer.history.objective
    if J.size < 3:
        return None
    steps = np.diff(J)
    ups = int(np.sum(steps > 1e-9 * np.abs(J[:-1])))
    full_batch = trainer.batch_size is None
    peak = float(J.max())
    if peak > 1.5 * J[0] or (full_batch and ups > 0.25 * steps.size):
        return (
            f"The loss went up in {ups:,} of {steps.size:,} steps and peaked at {peak:.3g} "
            f"(it started at {J[0]:.3g}): the learning rate is probably too high, so steps "
            "overshoot the minimum. Try a 3–10× smaller learning rate."
        )
    return None


COMPARE_FIELDS = ("solver", "learning_rate", "batch_size", "penalty", "alpha", "degree")


def compare(
    settings: list[Settings],
    data: Dataset,
    sp: Split,
    progress: Callable[[int, Run], None] | None = None,
    every_s: float = 0.25,
) -> list[Run]:
    """Train every configuration to completion on the same data and split.

    ``progress(i, run)``, if given, is called about every ``every_s`` seconds while
    configuration ``i`` trains and once when it is done (``run.trainer.n_iter`` says how far
    it is): a page can show progress, and a person's click can interrupt there.
    """
    import warnings

    runs = []
    for i, s in enumerate(settings):
        run = Run.start(s, data, sp, test_curve=False)  # compared on train loss curves
        if progress is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                run.trainer.run()
        else:
            while not run.trainer.done:
                if advance(run.trainer, run.trainer.model.max_iter, every_s) == 0:
                    break
                progress(i, run)
        runs.append(run)
    return runs


def iterations_to_reach(loss: Array, target: float) -> int | None:
    """First iteration whose loss is at most ``target`` (None if never)."""
    hit = np.flatnonzero(loss <= target)
    return int(hit[0]) if hit.size else None


def describe(s: Settings) -> str:
    """A short label for a configuration, e.g. 'adam, lr 0.1, L2 λ=0.001, degree 3'."""
    parts = [s.solver]
    if s.solver != "newton":
        parts.append(f"lr {s.learning_rate:g}")
        if s.batch_size:
            parts.append(f"batch {s.batch_size}")
    short = {"none": "no penalty", "l2": "L2", "l1": "L1", "elasticnet": "elastic-net"}
    name = short.get(s.penalty, s.penalty)
    parts.append(name if s.penalty == "none" else f"{name} λ={s.alpha:g}")
    if s.degree > 1:
        parts.append(f"degree {s.degree}")
    return ", ".join(parts)


def predictions_frame(run: Run, threshold: float = 0.5) -> Any:
    """Every point with its split, probability of the positive class and predicted class."""
    import pandas as pd

    snap = snapshot(run, grid=2)
    sp, data = run.split, run.data
    frames = []
    for name, X, y, p in (
        ("train", sp.X_train, sp.y_train, snap.p_train),
        ("test", sp.X_test, sp.y_test, snap.p_test),
    ):
        if len(y) == 0:
            continue
        df = pd.DataFrame(X, columns=list(data.feature_names))
        df["label"] = np.asarray(data.class_names, dtype=object)[y]
        df["split"] = name
        df[f"p({data.class_names[1]})"] = p
        df["predicted"] = np.asarray(data.class_names, dtype=object)[(p >= threshold).astype(int)]
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def model_json(run: Run) -> str:
    """The current model (feature map, scaler, weights, classes, settings) as JSON text."""
    from logreg import serialize

    meta = {
        "app": "Logistic Regression Lab",
        "settings": run.settings.as_dict(),
        "class_names": list(run.data.class_names),
        "feature_names": list(run.data.feature_names),
        "data_source": run.data.source,
    }
    fitted = run.fitted()
    fitted.model.classes_ = np.array(list(run.data.class_names), dtype=object)
    return serialize.to_json(fitted, meta)


MAX_UPDATES_PER_ITERATION = 100_000


def check_workload(settings: Settings, n_train: int) -> str | None:
    """Refuse, before any work starts, settings that would freeze the page; else None."""
    if settings.solver != "newton" and settings.batch_size and n_train > 0:
        per_pass = math.ceil(n_train / settings.batch_size)
        if per_pass > MAX_UPDATES_PER_ITERATION:
            smallest = math.ceil(n_train / MAX_UPDATES_PER_ITERATION)
            return (
                f"A batch size of {settings.batch_size} on {n_train:,} training points means "
                f"{per_pass:,} updates per iteration, far too slow to watch. Choose a batch "
                f"size of at least {smallest:,}, or 'all'."
            )
    return None


def advance(trainer: Trainer, max_iters: int, budget_s: float) -> int:
    """Step ``trainer`` up to ``max_iters`` iterations, stopping after about ``budget_s`` s.

    Iterations are taken in chunks sized from the measured time per iteration, so a slow
    iteration (a large data set, small batches) never holds the page for long.
    """
    import time
    import warnings

    start = time.perf_counter()
    done, chunk = 0, 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        while done < max_iters and not trainer.done:
            t0 = time.perf_counter()
            k = trainer.step(min(chunk, max_iters - done))
            done += k
            elapsed = time.perf_counter() - start
            if k == 0 or elapsed >= budget_s:
                break
            per = (time.perf_counter() - t0) / k
            chunk = max(1, min(1000, int(0.05 / max(per, 1e-7))))
    return done
