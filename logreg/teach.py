r"""The maths of the Learn page, computed on the person's own training run.

Everything here recomputes from the formulas what the engine does elsewhere (so the page can
show every intermediate number, and tests can check the two agree). With the parameters packed
as :math:`\theta = (b, w)`, :math:`\tilde X = [1, X]` (one row per training point),
:math:`z = \tilde X\theta`, :math:`p = \sigma(z)`, sample weights :math:`s` (ones without class
weights), :math:`\lambda_2 = \alpha(1-\rho)` and :math:`\lambda_1 = \alpha\rho`:

.. math::

    J(\theta) = \frac1n \sum_i s_i\,[\log(1 + e^{z_i}) - y_i z_i]
                + \tfrac{\lambda_2}{2}\|w\|^2 + \lambda_1 \|w\|_1

    \nabla f(\theta) = \tfrac1n \tilde X^\top (s \circ (p - y)) + \lambda_2\,[0, w]

    \theta' = \theta - \eta\,\nabla f(\theta), \quad
    w' \leftarrow \operatorname{sign}(w')\max(|w'| - \eta\lambda_1, 0) \text{ (L1 only)}

where :math:`f` is the smooth part (all but the L1 term). Numpy only; no UI.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from logreg.functional import log1pexp, sigmoid
from logreg.lab import _tex_name
from logreg.model import LogisticRegression, Trainer

Array = NDArray[np.float64]

__all__ = [
    "Conditioning",
    "Separation",
    "WorkedStep",
    "WorstPoint",
    "conditioning",
    "landscape",
    "logits",
    "param_names",
    "path",
    "point_loss",
    "reversals",
    "separation",
    "step_latex",
    "tex_number",
    "worked_step",
    "worst_point",
    "zigzag_pair",
]


# ---------------------------------------------------------------------------------------
# Small pieces: logits, per-point loss, names
# ---------------------------------------------------------------------------------------


def _data(trainer: Trainer) -> tuple[Array, Array, Array | None]:
    """``(Xt, y, s)`` of the trainer's objective: ``Xt`` is ``[1, X]`` feature-major."""
    obj = trainer.objective_
    return obj.Xt, obj.y, obj.s


def _theta(trainer: Trainer, theta: ArrayLike | None) -> Array:
    out = trainer.theta if theta is None else np.asarray(theta, dtype=np.float64)
    if out.shape != trainer.theta.shape:
        raise ValueError(f"theta must have shape {trainer.theta.shape}, got {out.shape}")
    return out.copy()


def logits(trainer: Trainer, theta: ArrayLike | None = None) -> Array:
    """``z_i = b + w·φ(x_i)`` of every training point, shape ``(n,)`` (default: current θ)."""
    Xt, _, _ = _data(trainer)
    return _theta(trainer, theta) @ Xt


def point_loss(p: ArrayLike) -> tuple[Array, Array]:
    """Log-loss of predicting ``p`` = P(class 1): ``(-log p, -log(1 - p))`` for y = 1 and y = 0."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-300, 1.0)
    with np.errstate(divide="ignore"):
        return -np.log(p), -np.log1p(-np.minimum(p, 1.0))


def _pointwise(z: Array, y: Array) -> Array:
    """``log(1 + e^z) - y z`` = ``-log σ(z)`` if y = 1 and ``-log(1 - σ(z))`` if y = 0."""
    return log1pexp(z) - y * z


def param_names(feature_names: list[str] | tuple[str, ...] | None, d: int) -> list[str]:
    """``["b", "w1 (x1)", ...]``: one readable name per entry of θ."""
    names = list(feature_names or [])
    if len(names) != d:
        names = [f"x{k + 1}" for k in range(d)]
    return ["b (intercept)"] + [f"w{k + 1} ({names[k]})" for k in range(d)]


# ---------------------------------------------------------------------------------------
# The worst-predicted point
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorstPoint:
    """The training point with the largest log-loss under θ."""

    index: int  # row in the training data
    y: int
    p: float  # model P(class 1)
    loss: float
    mean_loss: float  # plain mean log-loss over all training points
    n: int

    @property
    def share(self) -> float:
        """Share of the total training loss this one point is responsible for."""
        total = self.mean_loss * self.n
        return self.loss / total if total > 0 else math.nan


def worst_point(trainer: Trainer, theta: ArrayLike | None = None) -> WorstPoint:
    """The worst-predicted training point (largest ``-log`` probability of its actual class)."""
    Xt, y, _ = _data(trainer)
    z = _theta(trainer, theta) @ Xt
    loss = _pointwise(z, y)
    k = int(np.argmax(loss))
    return WorstPoint(
        index=k,
        y=int(y[k]),
        p=float(sigmoid(z[k])),
        loss=float(loss[k]),
        mean_loss=float(loss.mean()),
        n=int(y.size),
    )


# ---------------------------------------------------------------------------------------
# One gradient-descent step, worked out
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class WorkedStep:
    r"""One full-batch gradient step, every intermediate number kept.

    Arrays of shape ``(d + 1,)`` are indexed like θ: intercept first.
    ``grad = grad_data + grad_penalty``; ``theta_half = theta - lr * grad``; ``theta_new`` is
    ``theta_half`` soft-thresholded by ``lr * l1`` (intercept excluded) when ``l1 > 0``.
    """

    names: tuple[str, ...]
    iteration: int
    n: int
    theta: Array
    mean_error: float  # (1/n) Σ s_i (p_i - y_i): the intercept's data gradient
    grad_data: Array
    grad_penalty: Array
    grad: Array
    lr: float
    l2: float
    l1: float
    theta_half: Array
    theta_new: Array
    objective_before: float
    objective_after: float
    loss_before: float  # plain mean log-loss (no weights, no penalty)
    loss_after: float

    @property
    def change(self) -> Array:
        """``theta_new - theta``."""
        return self.theta_new - self.theta

    @property
    def settled(self) -> bool:
        """True when the step changes the loss by no more than rounding error (a relative
        ``1e-12``): the model is at the bottom of the valley, e.g. after Newton converged."""
        before, after = self.objective_before, self.objective_after
        return abs(after - before) <= 1e-12 * max(1.0, abs(before))

    @property
    def zeroed(self) -> list[int]:
        """Indices of θ that the L1 soft-threshold set exactly to zero in this step."""
        if self.l1 <= 0:
            return []
        hit = (self.theta_new == 0) & (self.theta_half != 0)
        hit[0] = False
        return [int(k) for k in np.flatnonzero(hit)]

    def rows(self) -> list[dict[str, Any]]:
        """One record per parameter, for a table."""
        out = []
        for k, name in enumerate(self.names):
            row: dict[str, Any] = {
                "parameter": name,
                "now θ": float(self.theta[k]),
                "data part": float(self.grad_data[k]),
                "penalty part": float(self.grad_penalty[k]),
                "gradient ∂J": float(self.grad[k]),
                "step −η∂J": float(-self.lr * self.grad[k]),
            }
            if self.l1 > 0:
                row["after soft-threshold"] = float(self.theta_new[k])
            else:
                row["new θ'"] = float(self.theta_new[k])
            out.append(row)
        return out


def worked_step(
    trainer: Trainer,
    theta: ArrayLike | None = None,
    *,
    iteration: int | None = None,
    feature_names: list[str] | tuple[str, ...] | None = None,
) -> WorkedStep:
    """The full-batch gradient-descent step from ``theta`` (default: the trainer's current θ).

    Computed from the formulas in the module docstring, not by calling the trainer; it equals
    the engine's own next step for solver "gd" on the full batch.

    Parameters
    ----------
    trainer : Trainer
        Supplies the data, the penalty strengths and the learning rate.
    theta : array_like, shape (d + 1,), optional
        Parameters to step from, intercept first.
    iteration : int, optional
        The iteration ``theta`` belongs to (for the learning-rate decay and the label);
        default: the trainer's current iteration.
    feature_names : sequence of str, optional
        Names of the d features, for :attr:`WorkedStep.names`.
    """
    Xt, y, s = _data(trainer)
    obj = trainer.objective_
    th = _theta(trainer, theta)
    it = trainer.n_iter if iteration is None else int(iteration)
    m = trainer.model
    lr = float(m.learning_rate) / (1.0 + float(m.lr_decay) * it)
    n = y.size
    l2, l1 = float(obj.l2), float(obj.l1)

    def evaluate(t: Array) -> tuple[float, float, Array]:
        z = t @ Xt
        loss_i = _pointwise(z, y)
        data = float(loss_i.mean() if s is None else (s * loss_i).mean())
        w = t[1:]
        pen = 0.5 * l2 * float(w @ w) + l1 * float(np.abs(w).sum())
        error = sigmoid(z) - y  # p - y
        if s is not None:
            error = s * error
        return data + pen, float(loss_i.mean()), error

    obj_before, loss_before, error = evaluate(th)
    grad_data = (Xt @ error) / n
    grad_penalty = np.zeros_like(th)
    grad_penalty[1:] = l2 * th[1:]
    grad = grad_data + grad_penalty
    half = th - lr * grad
    new = half.copy()
    if l1 > 0:
        t = lr * l1
        new[1:] = np.sign(half[1:]) * np.maximum(np.abs(half[1:]) - t, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        obj_after, loss_after, _ = (
            evaluate(new) if np.isfinite(new).all() else (math.inf, math.inf, error)
        )
    return WorkedStep(
        names=tuple(param_names(feature_names, th.size - 1)),
        iteration=it,
        n=n,
        theta=th,
        mean_error=float(error.mean()),
        grad_data=grad_data,
        grad_penalty=grad_penalty,
        grad=grad,
        lr=lr,
        l2=l2,
        l1=l1,
        theta_half=half,
        theta_new=new,
        objective_before=obj_before,
        objective_after=obj_after,
        loss_before=loss_before,
        loss_after=loss_after,
    )


# ---------------------------------------------------------------------------------------
# LaTeX with the numbers in
# ---------------------------------------------------------------------------------------


def tex_number(x: float, digits: int = 4) -> str:
    r"""``x`` for LaTeX: ``0.1234``, ``-3.2\times10^{-5}``, ``\infty``."""
    if not math.isfinite(x):
        return r"\text{NaN}" if math.isnan(x) else ("-" if x < 0 else "") + r"\infty"
    if x == 0:
        return "0"  # also for -0.0
    text = f"{x:.{digits}g}"
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant}\times10^{{{int(exp)}}}"
    return text


def _paren(x: float) -> str:
    t = tex_number(x)
    return f"({t})" if x < 0 else t


def _symbol(k: int) -> str:
    return "b" if k == 0 else f"w_{{{k}}}"


def step_latex(
    step: WorkedStep, feature_names: list[str] | tuple[str, ...] | None = None, max_rows: int = 6
) -> dict[str, str]:
    r"""LaTeX for ``st.latex``: the formulas with the step's numbers.

    Returns a dict with ``"gradient"`` (each partial derivative = data part + penalty part),
    ``"update"`` (each new value = old − η × gradient, with the soft-threshold for L1) and
    ``"loss"`` (J before → after). Only the first ``max_rows`` parameters are written out.
    Feature names are reduced to safe characters (see :func:`logreg.lab._tex_name`).
    """
    d = step.theta.size - 1
    names = list(feature_names or [])
    if len(names) != d:
        names = [f"x{k + 1}" for k in range(d)]
    ks = list(range(min(step.theta.size, max_rows)))
    more = step.theta.size - len(ks)
    n = step.n

    grad_lines = []
    for k in ks:
        x = "" if k == 0 else r"\," + _tex_name(names[k - 1])
        lhs = rf"\frac{{\partial J}}{{\partial {_symbol(k)}}}"
        data = rf"\tfrac{{1}}{{{n}}}\textstyle\sum_i (p_i - y_i){x}"
        if k > 0 and step.l2 > 0:
            pen = rf"{tex_number(step.l2)}\cdot {_paren(step.theta[k])}"
            line = (
                rf"{lhs} &= \underbrace{{{data}}}_{{{tex_number(step.grad_data[k])}}}"
                rf" + \underbrace{{{pen}}}_{{{tex_number(step.grad_penalty[k])}}}"
                rf" = {tex_number(step.grad[k])}"
            )
        else:
            line = rf"{lhs} &= {data} = {tex_number(step.grad[k])}"
        grad_lines.append(line)
    if more:
        grad_lines.append(rf"&\dots\ \text{{and {more} more}}")

    upd_lines = []
    for k in ks:
        sym = _symbol(k)
        core = rf"{tex_number(step.theta[k])} - {tex_number(step.lr)}\times {_paren(step.grad[k])}"
        if step.l1 > 0 and k > 0:
            thr = tex_number(step.lr * step.l1)
            line = (
                rf"{sym}' &= S_{{{thr}}}\!\left({core}\right) = "
                rf"S_{{{thr}}}({tex_number(step.theta_half[k])}) = {tex_number(step.theta_new[k])}"
            )
        else:
            line = rf"{sym}' &= {core} = {tex_number(step.theta_new[k])}"
        upd_lines.append(line)
    if more:
        upd_lines.append(rf"&\dots\ \text{{and {more} more}}")

    loss = (
        rf"J(\theta) = {tex_number(step.objective_before, 6)} \;\longrightarrow\; "
        rf"J(\theta') = {tex_number(step.objective_after, 6)}"
    )
    return {
        "gradient": r"\begin{aligned}" + r"\\[6pt]".join(grad_lines) + r"\end{aligned}",
        "update": r"\begin{aligned}" + r"\\[2pt]".join(upd_lines) + r"\end{aligned}",
        "loss": loss,
    }


# ---------------------------------------------------------------------------------------
# The loss landscape over two parameters
# ---------------------------------------------------------------------------------------


def path(trainer: Trainer, i: int, j: int) -> Array:
    """The recorded parameter path in coordinates ``(θ_i, θ_j)``, shape ``(k, 2)``."""
    P = trainer.history.params
    return P[:, [i, j]].copy()


def _axis(values: Array, center: float, pad: float = 0.35, min_span: float = 0.5) -> tuple:
    v = values[np.isfinite(values)]
    lo = min(float(v.min()) if v.size else center, center, 0.0)
    hi = max(float(v.max()) if v.size else center, center, 0.0)
    span = max(hi - lo, min_span)
    mid = 0.5 * (lo + hi)
    half = 0.5 * span * (1 + 2 * pad)
    return mid - half, mid + half


def landscape(
    trainer: Trainer,
    i: int,
    j: int,
    grid: int = 41,
    *,
    theta: ArrayLike | None = None,
    ranges: tuple[tuple[float, float], tuple[float, float]] | None = None,
    max_points: int | None = None,
) -> tuple[Array, Array, Array]:
    """The objective ``J`` on a grid over ``θ_i`` and ``θ_j``, every other entry held at ``theta``.

    Parameters
    ----------
    trainer : Trainer
        Supplies the data and the penalty (its ``objective_``).
    i, j : int
        Indices into θ (0 is the intercept, ``k`` the weight of feature ``k``); ``i != j``.
    grid : int
        Points per axis.
    theta : array_like, shape (d + 1,), optional
        Where the other parameters are held (default: the trainer's current θ).
    ranges : ((lo_i, hi_i), (lo_j, hi_j)), optional
        Axis ranges; default: the recorded path, the current point and 0, padded, and
        widened (up to twice) while the lowest grid value lies near an edge.
    max_points : int, optional
        Average the loss over an evenly spread sample of at most this many training points
        (a 41 x 41 grid over 1e6 points costs ~1e11 operations; the picture barely changes).

    Returns
    -------
    gi : ndarray, shape (grid,)
    gj : ndarray, shape (grid,)
    J : ndarray, shape (grid, grid)
        ``J[a, c]`` is the objective at ``θ_i = gi[c]``, ``θ_j = gj[a]`` (rows follow ``gj``).
    """
    d1 = trainer.objective_.Xt.shape[0]
    if not (0 <= i < d1 and 0 <= j < d1) or i == j:
        raise ValueError(f"i and j must be two different indices in 0..{d1 - 1}, got {i}, {j}")
    th = _theta(trainer, theta)
    if ranges is not None:
        return _landscape(trainer, i, j, th, ranges, grid, max_points)
    P = path(trainer, i, j)
    ri, rj = _axis(P[:, 0], th[i]), _axis(P[:, 1], th[j])
    # The ranges are found on a smaller sample (the lowest point barely moves), the picture
    # is then drawn on the full one: up to three passes on a big sample took most of the time.
    search = _SEARCH_POINTS if max_points is None else min(max_points, _SEARCH_POINTS)
    n = trainer.objective_.n
    final = n if max_points is None else min(n, max_points)
    for _ in range(3):  # widen towards the slice's lowest point when near an edge
        used = (ri, rj)
        gi, gj, J = _landscape(trainer, i, j, th, used, grid, search)
        if not np.isfinite(J).any():
            break
        a, c = np.unravel_index(int(np.nanargmin(J)), J.shape)
        edge = max(1, grid // 8)
        lo_a, hi_a, lo_c, hi_c = a < edge, a >= grid - edge, c < edge, c >= grid - edge
        if not (lo_a or hi_a or lo_c or hi_c):
            break
        wi, wj = 0.5 * (ri[1] - ri[0]), 0.5 * (rj[1] - rj[0])
        ri = (ri[0] - wi * lo_c, ri[1] + wi * hi_c)
        rj = (rj[0] - wj * lo_a, rj[1] + wj * hi_a)
    if final > search:
        return _landscape(trainer, i, j, th, used, grid, max_points)
    return gi, gj, J


_SEARCH_POINTS = 1_000  # landscape(): points used to choose the axis ranges


def _landscape(
    trainer: Trainer,
    i: int,
    j: int,
    th: Array,
    ranges: tuple[tuple[float, float], tuple[float, float]],
    grid: int,
    max_points: int | None = None,
) -> tuple[Array, Array, Array]:
    Xt, y, s = _data(trainer)
    if max_points is not None and y.size > max_points:  # an evenly spread sample of the points
        rows = np.linspace(0, y.size - 1, max_points).round().astype(np.intp)
        Xt, y, s = Xt[:, rows], y[rows], None if s is None else s[rows]
    d1 = Xt.shape[0]
    gi = np.linspace(*ranges[0], grid)
    gj = np.linspace(*ranges[1], grid)
    obj = trainer.objective_
    n = y.size
    xi, xj = Xt[i], Xt[j]
    z0 = th @ Xt - th[i] * xi - th[j] * xj
    # Penalty: constant part from the other weights, plus the two varying ones.
    w_mask = np.ones(d1, bool)
    w_mask[[0, i, j]] = False
    rest = th[w_mask]
    pen0 = 0.5 * obj.l2 * float(rest @ rest) + obj.l1 * float(np.abs(rest).sum())

    def pen(v: Array, k: int) -> Array:
        return np.zeros_like(v) if k == 0 else 0.5 * obj.l2 * v * v + obj.l1 * np.abs(v)

    J = np.empty((grid, grid))
    rows = max(1, 2_000_000 // max(grid * n, 1))
    weights = np.ones(n) if s is None else s
    for a in range(0, grid, rows):
        b = min(a + rows, grid)
        Z = (
            z0[None, None, :]
            + gi[None, :, None] * xi[None, None, :]
            + gj[a:b, None, None] * xj[None, None, :]
        )
        J[a:b] = (_pointwise(Z, y) @ weights) / n
    J += pen0 + pen(gi, i)[None, :] + pen(gj, j)[:, None]
    return gi, gj, J


def reversals(P: ArrayLike) -> float:
    """Share of consecutive steps of a path that turn back (angle above 90°): zig-zag.

    Parameters
    ----------
    P : array_like, shape (k, m)
        Successive points. Returns NaN with fewer than 3 moving steps.
    """
    P = np.asarray(P, dtype=np.float64)
    steps = np.diff(P, axis=0)
    steps = steps[np.linalg.norm(steps, axis=1) > 0]
    if len(steps) < 2:
        return math.nan
    dots = np.einsum("ij,ij->i", steps[1:], steps[:-1])
    return float(np.mean(dots < 0))


def zigzag_pair(params: ArrayLike, max_params: int = 30) -> tuple[float, int, int]:
    """The pair of coordinates in which a path zig-zags most: ``(share, i, j)``.

    ``share`` is :func:`reversals` of the path projected on ``(θ_i, θ_j)``, maximized over all
    pairs ``i < j`` among the first ``max_params`` coordinates; ``(nan, 0, 1)`` when the path
    is too short.

    Parameters
    ----------
    params : array_like, shape (k, m)
        The recorded parameters (e.g. ``trainer.history.params``), m >= 2.
    """
    P = np.asarray(params, dtype=np.float64)
    best = (math.nan, 0, 1)
    m = min(P.shape[1], max_params)
    for i in range(m):
        for j in range(i + 1, m):
            r = reversals(P[:, [i, j]])
            if math.isfinite(r) and not r <= best[0]:
                best = (r, i, j)
    return best


# ---------------------------------------------------------------------------------------
# Conditioning: why scaling matters
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conditioning:
    r"""Curvature of the loss at θ = 0, with and without standardization.

    At θ = 0 every p is 1/2, so the Hessian of the data term is
    :math:`H_0 = \tfrac14 \cdot \tfrac1n \tilde X^\top \tilde X`; its largest eigenvalue ``L``
    bounds the curvature everywhere (p(1-p) ≤ 1/4), so gradient descent cannot overshoot for
    learning rates below ``2 / L``. The condition number ``L / μ`` (largest over smallest
    eigenvalue) says roughly how many steps gradient descent needs.
    """

    cond_raw: float
    cond_std: float
    L_raw: float
    L_std: float
    scales: Array  # standard deviation of each raw feature
    means: Array

    @property
    def max_lr_raw(self) -> float:
        return 2.0 / self.L_raw if self.L_raw > 0 else math.inf

    @property
    def max_lr_std(self) -> float:
        return 2.0 / self.L_std if self.L_std > 0 else math.inf

    @property
    def ratio(self) -> float:
        """How many times worse conditioned the raw features are."""
        return self.cond_raw / self.cond_std if self.cond_std > 0 else math.inf


def _curvature(X: Array) -> tuple[float, float]:
    """(largest eigenvalue, condition number) of ``¼ (1/n) [1, X]^T [1, X]``."""
    n = X.shape[0]
    A = np.column_stack([np.ones(n), X])
    H = 0.25 * (A.T @ A) / n
    ev = np.linalg.eigvalsh(H)
    top = float(ev[-1])
    low = float(ev[0])
    cond = top / low if low > 1e-15 * max(top, 1e-300) else math.inf
    return top, cond


def conditioning(X: ArrayLike) -> Conditioning:
    """Condition number and curvature bound of the logistic loss on ``X`` as is and standardized.

    Parameters
    ----------
    X : array_like, shape (n, d)
        The features before standardization (e.g. the raw polynomial terms).
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty 2-D array, got shape {X.shape}")
    mean = X.mean(axis=0)
    sd = X.std(axis=0)
    tiny = 10.0 * np.finfo(np.float64).eps * np.maximum(np.abs(mean), 1.0)
    scale = np.where(sd > tiny, sd, 1.0)
    L_raw, cond_raw = _curvature(X)
    L_std, cond_std = _curvature((X - mean) / scale)
    return Conditioning(cond_raw, cond_std, L_raw, L_std, sd, mean)


# ---------------------------------------------------------------------------------------
# Perfect separation
# ---------------------------------------------------------------------------------------

SCALES = (1.0, 2.0, 4.0, 8.0, 16.0)


@dataclass(frozen=True, eq=False)
class Separation:
    """Whether a hyperplane splits the training classes perfectly (in feature space).

    ``status`` is "separable" (a separating θ was found: ``witness``), "not separable" (the
    unpenalized fit converged to finite weights that still misclassify ``n_wrong`` points) or
    "unclear" (neither within the iteration budget). For separable data ``scaled_loss[k]`` is
    the training loss of ``SCALES[k] * witness``: it keeps falling as the weights grow, so the
    unpenalized optimum lies at infinity.
    """

    status: str
    witness: Array | None
    theta_unpenalized: Array
    n_wrong: int
    margin: float  # smallest y-signed distance to the witness hyperplane (separable only)
    iterations: int
    scales: tuple[float, ...] = SCALES
    scaled_loss: tuple[float, ...] = ()

    @property
    def separable(self) -> bool:
        return self.status == "separable"


def separation(
    X: ArrayLike, y: ArrayLike, *, max_iter: int = 60, class_weight: str | None = None
) -> Separation:
    """Detect perfect (linear) separation of ``y`` by the features ``X``.

    Fits the *unpenalized* model with the engine's Newton solver one step at a time. If some
    iterate classifies every point strictly correctly (``(2y - 1) z_i > 0`` for all i), that
    θ is a certificate: the data are separable. If instead the fit converges (zero gradient:
    a finite optimum) the data are not separable, since a strictly separating optimum could
    always be improved by doubling it.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features as the model sees them.
    y : array_like of {0, 1}, shape (n,)
    max_iter : int
        Newton iterations at most.
    class_weight : None or "balanced"
    """
    X = np.asarray(X, dtype=np.float64)
    y01 = np.asarray(y, dtype=np.float64)
    sign = 2.0 * y01 - 1.0
    model = LogisticRegression(
        penalty="none", solver="newton", max_iter=max_iter, tol=1e-9, class_weight=class_weight
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = Trainer(model, X, y01, record_every=max_iter + 1)
        Xt = t.objective_.Xt
        witness = None
        while True:
            m = sign * (t.theta @ Xt)
            if np.all(m > 0):
                witness = t.theta.copy()
                break
            if t.done or t.step(1) == 0:
                break
    theta = t.theta.copy()
    wrong = int(np.sum(sign * (theta @ Xt) <= 0))
    if witness is not None:
        norm = float(np.linalg.norm(witness[1:]))
        margin = float((sign * (witness @ Xt)).min() / norm) if norm > 0 else math.inf
        with np.errstate(over="ignore"):
            scaled = tuple(float(_pointwise(c * (witness @ Xt), y01).mean()) for c in SCALES)
        return Separation("separable", witness, theta, 0, margin, t.n_iter, SCALES, scaled)
    status = "not separable" if t.converged else "unclear"
    return Separation(status, None, theta, wrong, math.nan, t.n_iter)
