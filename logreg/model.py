"""``LogisticRegression``: a scikit-learn-like estimator, and ``Trainer`` to fit it step by step.

The estimator minimizes the objective of :mod:`logreg.objective`; ``Trainer`` owns the parameters,
the optimizer state and the history, so training can be advanced, paused, resumed and replayed
(the app keeps a ``Trainer`` in session state).
"""

from __future__ import annotations

import copy
import inspect
import math
import numbers
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from logreg import optimizers
from logreg.errors import MAX_MAGNITUDE, ConvergenceWarning, DivergenceWarning, NotFittedError
from logreg.functional import sigmoid
from logreg.objective import Evaluation, Objective, add_intercept_row, soft_threshold

Array = NDArray[np.float64]

# PENALTIES and SOLVERS: names short enough to show whole in a select box (the sidebar, Compare's
# cards); what each one does is in the controls' help (logreg/ui/controls.py HELP).
PENALTIES = {
    "none": "No penalty",
    "l2": "L2 (ridge)",
    "l1": "L1 (lasso)",
    "elasticnet": "Elastic-net",
}
SOLVERS = {
    "gd": "Gradient descent",
    "sgd": "SGD (mini-batch)",
    "momentum": "Momentum",
    "adam": "Adam",
    "newton": "Newton's method",
}
FIRST_ORDER = ("gd", "sgd", "momentum", "adam")
DEFAULT_SGD_BATCH = 32
MAX_RECORDED = 1000
# A run is declared diverged when its objective exceeds this many times the starting objective.
DIVERGENCE_FACTOR = 100.0
_QUIET = {"over": "ignore", "under": "ignore", "invalid": "ignore"}


def _check_real(name: str, value: Any, low: float, high: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value!r}")
    return float(value)


def _check_int(name: str, value: Any, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"at least {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return int(value)


def check_X(X: ArrayLike, name: str = "X") -> Array:
    """Validate a feature matrix: 2-D, numeric, finite, at least one row and one column.

    Values must also lie within ``±MAX_MAGNITUDE`` (1e100): beyond that products such as
    ``X^T X`` could overflow float64.
    """
    try:
        A = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must contain only numbers ({exc})") from None
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D (rows × features), got shape {A.shape}")
    if A.shape[0] == 0:
        raise ValueError(f"{name} has no rows (shape {A.shape})")
    if A.shape[1] == 0:
        raise ValueError(f"{name} has no feature columns (shape {A.shape})")
    # One fast streaming pass: the sum of squares is finite and small only if every value is
    # finite and within the bound (NaN and inf propagate); otherwise find out which.
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        if A.flags.c_contiguous or A.flags.f_contiguous:
            flat = A.ravel(order="K")
            ok = float(np.dot(flat, flat)) <= MAX_MAGNITUDE**2
        else:
            ok = False
    if not ok:
        finite = np.isfinite(A)
        if not finite.all():
            bad = int((~finite).any(axis=1).sum())
            raise ValueError(f"{name} contains NaN or infinite values in {bad} row(s); remove them")
        big = np.abs(A).max(axis=0)
        if big.max() > MAX_MAGNITUDE:
            j = int(np.argmax(big))
            raise ValueError(
                f"{name} has values as large as {big[j]:.3g} in absolute value (column index "
                f"{j}); "
                f"the largest usable magnitude is {MAX_MAGNITUDE:.0e}. Rescale that column "
                "(for example change its units) or standardize it"
            )
    return A


@dataclass(frozen=True)
class History:
    """What happened during training.

    ``iteration``, ``objective``, ``loss``, ``grad_norm`` and ``test_loss`` have one entry per
    iteration ``0 .. n_iter`` (the state *before* each update, plus the final one); ``loss`` is
    the plain mean log-loss on the training data and ``test_loss`` the same on the evaluation
    set (NaN without one). ``params`` (shape ``(m, d + 1)``, intercept first) holds the
    parameters at the iterations ``param_iteration`` (every ``stride``-th and the last).
    """

    iteration: NDArray[np.int64]
    objective: Array
    loss: Array
    grad_norm: Array
    test_loss: Array
    param_iteration: NDArray[np.int64]
    params: Array

    def params_at(self, iteration: int) -> Array:
        """Parameters recorded at the latest iteration ``<= iteration``, shape ``(d + 1,)``."""
        k = int(np.searchsorted(self.param_iteration, iteration, side="right")) - 1
        return self.params[max(k, 0)]


class LogisticRegression:
    """Binary logistic regression, written from scratch in numpy.

    Minimizes ``J(w, b) = (1/n) Σ s_i [log(1 + e^{z_i}) − y_i z_i] + α[(1−ρ)/2‖w‖² + ρ‖w‖₁]``
    with ``z = X w + b``; the intercept is never penalized. ``alpha = 1 / (C n)`` reproduces
    scikit-learn's ``C``.

    Parameters
    ----------
    penalty : {"none", "l2", "l1", "elasticnet"}
    alpha : float
        Regularization strength λ ≥ 0.
    l1_ratio : float
        ρ in [0, 1], used by "elasticnet".
    solver : {"newton", "gd", "sgd", "momentum", "adam"}
        "newton" supports penalties "none" and "l2". "sgd" is gradient descent on mini-batches.
    learning_rate : float
        Step size of the first-order solvers (ignored by "newton", which line-searches).
    max_iter : int
        Maximum iterations; for mini-batch runs one iteration is one pass over the data (epoch).
    batch_size : int or None
        Mini-batch size for first-order solvers; None is the full batch (32 for "sgd").
    tol : float
        Stop when the largest component of the (sub)gradient of ``J`` is at most ``tol``.
    class_weight : None or "balanced"
        "balanced" weights each sample by ``n / (2 n_class)``.
    random_state : int, numpy.random.Generator or None
        Seed of the mini-batch shuffling.
    momentum : float
        β of the momentum solver.
    lr_decay : float
        Learning rate at epoch ``t`` is ``learning_rate / (1 + lr_decay t)``.
    """

    def __init__(
        self,
        *,
        penalty: str = "l2",
        alpha: float = 1e-4,
        l1_ratio: float = 0.5,
        solver: str = "newton",
        learning_rate: float = 0.1,
        max_iter: int = 100,
        batch_size: int | None = None,
        tol: float = 1e-6,
        class_weight: str | None = None,
        random_state: int | np.random.Generator | None = None,
        momentum: float = 0.9,
        lr_decay: float = 0.0,
    ) -> None:
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.tol = tol
        self.class_weight = class_weight
        self.random_state = random_state
        self.momentum = momentum
        self.lr_decay = lr_decay

    # -- scikit-learn estimator contract -------------------------------------------------------
    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [p for p in sig.parameters if p != "self"]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Constructor arguments as a dict."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> LogisticRegression:
        """Set constructor arguments; unknown names raise ``ValueError``."""
        valid = self._param_names()
        for key, value in params.items():
            if key not in valid:
                raise ValueError(f"unknown parameter {key!r}; valid parameters: {valid}")
            setattr(self, key, value)
        return self

    def __repr__(self) -> str:
        defaults = type(self)().get_params()
        changed = {k: v for k, v in self.get_params().items() if v != defaults[k]}
        args = ", ".join(f"{k}={v!r}" for k, v in changed.items())
        return f"LogisticRegression({args})"

    def validate_params(self) -> None:
        """Check every constructor argument; raise ``ValueError`` naming the bad value."""
        penalty = "none" if self.penalty is None else self.penalty
        if penalty not in PENALTIES:
            raise ValueError(f"penalty must be one of {list(PENALTIES)}, got {self.penalty!r}")
        if self.solver not in SOLVERS:
            raise ValueError(f"solver must be one of {list(SOLVERS)}, got {self.solver!r}")
        _check_real("alpha", self.alpha, 0.0)
        _check_real("l1_ratio", self.l1_ratio, 0.0, 1.0)
        lr = _check_real("learning_rate", self.learning_rate, 0.0)
        if lr == 0.0:
            raise ValueError(f"learning_rate must be greater than 0, got {self.learning_rate!r}")
        _check_int("max_iter", self.max_iter, 0)
        if self.batch_size is not None:
            _check_int("batch_size", self.batch_size, 1)
        _check_real("tol", self.tol, 0.0)
        _check_real("momentum", self.momentum, 0.0, 0.999999)
        _check_real("lr_decay", self.lr_decay, 0.0)
        if self.class_weight not in (None, "balanced"):
            raise ValueError(f"class_weight must be None or 'balanced', got {self.class_weight!r}")
        if self.solver == "newton" and penalty in ("l1", "elasticnet"):
            raise ValueError(
                f"solver 'newton' supports penalty 'none' and 'l2' only, got penalty={penalty!r}; "
                "use solver 'gd', 'sgd', 'momentum' or 'adam' for L1 and elastic-net"
            )
        rs = self.random_state
        if rs is not None and not isinstance(rs, np.random.Generator):
            _check_int("random_state", rs, 0)

    @property
    def rho(self) -> float:
        """Share of the penalty that is L1: 1 for l1, 0 for l2/none, ``l1_ratio`` otherwise."""
        return {"l1": 1.0, "elasticnet": float(self.l1_ratio)}.get(self.penalty, 0.0)

    @property
    def effective_alpha(self) -> float:
        """λ actually applied (0 for penalty "none")."""
        return 0.0 if self.penalty in (None, "none") else float(self.alpha)

    # -- fitting -------------------------------------------------------------------------------
    def fit(
        self, X: ArrayLike, y: ArrayLike, *, eval_set: tuple[ArrayLike, ArrayLike] | None = None
    ) -> LogisticRegression:
        """Fit to ``X`` (n, d) and ``y`` (n,) with any two distinct labels; returns ``self``.

        Warns ``ConvergenceWarning`` when ``max_iter`` ran out and ``DivergenceWarning`` when
        training blew up (the last good parameters are kept).
        """
        trainer = Trainer(self, X, y, eval_set=eval_set)
        trainer.run()
        trainer.finalize(self)
        if trainer.diverged:
            warnings.warn(trainer.message, DivergenceWarning, stacklevel=2)
        elif not trainer.converged and self.max_iter > 0:
            warnings.warn(trainer.message, ConvergenceWarning, stacklevel=2)
        return self

    # -- prediction ----------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise NotFittedError(
                "This LogisticRegression is not fitted yet: call fit(X, y) before using it"
            )

    def decision_function(self, X: ArrayLike) -> Array:
        """Logits ``z = X w + b``, shape ``(n,)``."""
        self._check_fitted()
        A = check_X(X)
        if A.shape[1] != self.coef_.shape[1]:
            raise ValueError(
                f"X has {A.shape[1]} feature(s) but the model was fitted with {self.coef_.shape[1]}"
            )
        with np.errstate(**_QUIET):
            z = A @ self.coef_[0] + self.intercept_[0]
        if np.isnan(z).any():
            raise ValueError(
                "the logits X @ coef + intercept overflowed: |X| times the coefficients exceeds "
                "1e308; rescale the features of X"
            )
        return z

    def predict_proba(self, X: ArrayLike) -> Array:
        """Class probabilities, shape ``(n, 2)``; column 1 is ``classes_[1]``."""
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: ArrayLike) -> NDArray[Any]:
        """Predicted labels (from ``classes_``), shape ``(n,)``."""
        z = self.decision_function(X)
        return self.classes_[(z > 0).astype(np.intp)]

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """Accuracy of :meth:`predict` against ``y``."""
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def objective(self, X: ArrayLike, y: ArrayLike) -> float:
        """The value of ``J`` at the fitted parameters on data ``(X, y)``."""
        self._check_fitted()
        obj, _ = build_objective(self, check_X(X), encode_labels(y, self.classes_))
        return obj.value(np.r_[self.intercept_, self.coef_[0]])


def unique_labels(y: NDArray[Any]) -> NDArray[Any]:
    """Sorted distinct labels; numeric arrays with two values take an O(n) path (no sort)."""
    if y.dtype.kind in "biuf" and y.size:
        lo, hi = y.min(), y.max()
        if y.dtype.kind in "biu" and int(hi) - int(lo) <= 1:
            return np.unique(np.array([lo, hi], dtype=y.dtype))  # integers: nothing in between
        if lo == hi or np.logical_or(y == lo, y == hi).all():
            return np.unique(np.array([lo, hi], dtype=y.dtype))
    return np.unique(y)


def encode_labels(y: ArrayLike, classes: NDArray[Any] | None = None) -> Array:
    """Map labels to 0/1 floats; with ``classes`` given, ``classes[1]`` becomes 1."""
    y = np.asarray(y)
    if classes is None:
        classes = np.unique(y)
    return (y == classes[1]).astype(np.float64)


def build_objective(model: LogisticRegression, X: Array, y01: Array) -> tuple[Objective, Array]:
    """The :class:`Objective` the model minimizes on ``X`` and 0/1 targets; also ``s`` or None."""
    alpha = model.effective_alpha
    rho = model.rho
    s = None
    if model.class_weight == "balanced":
        n = y01.size
        n1 = float(y01.sum())
        s = np.where(y01 == 1, n / (2 * n1), n / (2 * (n - n1)))
    return Objective(add_intercept_row(X), y01, s, alpha * (1 - rho), alpha * rho), s


class Trainer:
    """Train a :class:`LogisticRegression` one iteration at a time.

    Parameters
    ----------
    model : LogisticRegression
        Supplies the settings; it is not modified until :meth:`finalize`.
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
        Any two distinct labels.
    eval_set : (X_test, y_test), optional
        Data whose log-loss is recorded at every iteration.
    record_every : int, optional
        Stride of the recorded parameters; default keeps at most 1000 snapshots.

    Examples
    --------
    >>> t = Trainer(LogisticRegression(solver="gd"), X, y)   # doctest: +SKIP
    >>> while not t.done:
    ...     t.step(10)   # draw t.coef, t.intercept, t.history between steps
    """

    def __init__(
        self,
        model: LogisticRegression,
        X: ArrayLike,
        y: ArrayLike,
        *,
        eval_set: tuple[ArrayLike, ArrayLike] | None = None,
        record_every: int | None = None,
    ) -> None:
        model.validate_params()
        self.settings = model.get_params()
        self.model = copy.deepcopy(model)
        A = check_X(X)
        labels = np.asarray(y)
        if labels.ndim != 1 or labels.shape[0] != A.shape[0]:
            raise ValueError(
                f"y must be 1-D with one label per row of X: X has {A.shape[0]} rows, "
                f"y has shape {labels.shape}"
            )
        if labels.dtype.kind == "f" and not np.isfinite(labels).all():
            raise ValueError("y contains NaN or infinite labels; remove those rows")
        classes = unique_labels(labels)
        if classes.size != 2:
            shown = ", ".join(repr(c) for c in classes[:5].tolist())
            raise ValueError(
                f"y must have exactly 2 classes, found {classes.size} ({shown}); "
                "logistic regression separates two classes"
            )
        self.classes = classes
        self.n_features = A.shape[1]
        if labels.dtype.kind in "biu" and classes[0] == 0 and classes[1] == 1:
            y01 = labels.astype(np.float64)  # already 0/1: one conversion pass
        else:
            y01 = encode_labels(labels, classes)
        self.objective_, _ = build_objective(self.model, A, y01)
        self.eval_Xt: Array | None = None
        self.eval_y: Array | None = None
        self.eval_objective_: Objective | None = None
        if eval_set is not None and len(eval_set[0]) > 0:
            Xe = check_X(eval_set[0], "X_test")
            if Xe.shape[1] != A.shape[1]:
                raise ValueError("X_test must have as many columns as X")
            ye = np.asarray(eval_set[1])
            if ye.ndim != 1 or ye.shape[0] != Xe.shape[0]:
                raise ValueError(
                    f"y_test must be 1-D with one label per row of X_test: X_test has "
                    f"{Xe.shape[0]} rows, y_test has shape {ye.shape}"
                )
            known = (ye == classes[0]) | (ye == classes[1])
            if not known.all():
                shown = ", ".join(repr(c) for c in ye[~known][:5].tolist())
                first, second = classes.tolist()
                raise ValueError(
                    f"y_test contains label(s) not seen in training ({shown}); the model "
                    f"knows only {first!r} and {second!r}"
                )
            self.eval_Xt = add_intercept_row(Xe)
            self.eval_y = encode_labels(ye, classes)
            self.eval_objective_ = Objective(self.eval_Xt, self.eval_y)

        m = self.model
        self.solver = m.solver
        n = A.shape[0]
        batch = m.batch_size if m.batch_size is not None else None
        if m.solver == "sgd" and batch is None:
            batch = DEFAULT_SGD_BATCH
        self.batch_size = None if batch is None or batch >= n else int(batch)
        self.optimizer = {
            "gd": optimizers.gd,
            "sgd": optimizers.gd,
            "momentum": lambda: optimizers.momentum(m.momentum),
            "adam": optimizers.adam,
            "newton": optimizers.gd,
        }[m.solver]()
        self.rng = np.random.default_rng(m.random_state)
        self.stride = record_every or max(1, math.ceil(max(m.max_iter, 1) / MAX_RECORDED))

        self.theta = np.zeros(A.shape[1] + 1)
        self.opt_state = self.optimizer.init(self.theta)
        self.n_iter = 0
        self.converged = False
        self.diverged = False
        self.message = ""
        self._eval = self.objective_.evaluate(self.theta, hess=m.solver == "newton")
        self._start_objective = self._eval.objective
        self._hist: dict[str, list[float]] = {
            k: [] for k in ("objective", "loss", "grad_norm", "test_loss")
        }
        self._param_iter: list[int] = []
        self._params: list[Array] = []
        self._record(self._eval)
        self._check_converged()

    # -- state -------------------------------------------------------------------------------
    @property
    def done(self) -> bool:
        """True once converged, diverged or out of iterations."""
        return self.converged or self.diverged or self.n_iter >= self.model.max_iter

    @property
    def coef(self) -> Array:
        """Current weights, shape ``(d,)``."""
        return self.theta[1:].copy()

    @property
    def intercept(self) -> float:
        """Current intercept."""
        return float(self.theta[0])

    @property
    def current(self) -> Evaluation:
        """Objective, loss and gradient at the current parameters."""
        return self._eval

    def test_loss(self, theta: Array | None = None) -> float:
        """Mean log-loss on the evaluation set (NaN without one)."""
        if self.eval_objective_ is None:
            return math.nan
        return self.eval_objective_.mean_loss(self.theta if theta is None else theta)

    @property
    def history(self) -> History:
        """Everything recorded so far (a snapshot; later steps do not change it)."""
        h = self._hist
        k = len(h["objective"])
        return History(
            iteration=np.arange(k, dtype=np.int64),
            objective=np.array(h["objective"]),
            loss=np.array(h["loss"]),
            grad_norm=np.array(h["grad_norm"]),
            test_loss=np.array(h["test_loss"]),
            param_iteration=np.array(self._param_iter, dtype=np.int64),
            params=np.array(self._params),
        )

    def _record(self, ev: Evaluation) -> None:
        h = self._hist
        h["objective"].append(ev.objective)
        h["loss"].append(ev.loss)
        h["grad_norm"].append(self.objective_.optimality(self.theta, ev.grad))
        h["test_loss"].append(self.test_loss())
        if self._param_iter and self._param_iter[-1] % self.stride != 0:
            self._param_iter.pop()  # keep the strided snapshots plus only the latest one
            self._params.pop()
        self._param_iter.append(self.n_iter)
        self._params.append(self.theta.copy())

    def _check_converged(self, stalled: bool = False) -> None:
        if self._hist["grad_norm"][-1] <= self.model.tol or stalled:
            self.converged = True
            self.message = (
                f"Converged after {self.n_iter} iteration(s): the gradient is below "
                f"tol={self.model.tol:g}."
            )
        elif self.n_iter >= self.model.max_iter:
            self.message = (
                f"Stopped after max_iter={self.model.max_iter} iteration(s) before converging "
                f"(gradient size {self._hist['grad_norm'][-1]:.3g}, tolerance {self.model.tol:g}). "
                "Increase the number of iterations or the learning rate to get closer to the "
                "best fit; standardizing the features also helps."
            )

    # -- stepping ------------------------------------------------------------------------------
    def step(self, n_steps: int = 1) -> int:
        """Advance up to ``n_steps`` iterations; return how many were done."""
        done = 0
        while done < n_steps and not self.done:
            # Overflow (a blow-up) and underflow (vanishing terms) are handled explicitly:
            # non-finite parameters or objective values mean divergence.
            with np.errstate(**_QUIET):
                theta_new, opt_state, ev = self._propose()
                if ev is None and np.isfinite(theta_new).all():
                    ev = self.objective_.evaluate_checked(theta_new)
            if ev is None or not self._acceptable(ev):
                self.diverged = True
                self.message = (
                    f"Training diverged at iteration {self.n_iter + 1}: the loss blew up, which "
                    f"usually means the learning rate ({self.model.learning_rate:g}) is too high. "
                    "The last good model is kept; try a learning rate 10× smaller."
                )
                break
            stalled = self.solver == "newton" and ev is self._eval
            self.theta, self.opt_state, self._eval = theta_new, opt_state, ev
            self.n_iter += 1
            done += 1
            self._record(ev)
            self._check_converged(stalled)
        return done

    def run(self) -> Trainer:
        """Step until converged, diverged or out of iterations."""
        while not self.done:
            self.step(1_000_000)
        return self

    def _acceptable(self, ev: Evaluation) -> bool:
        if not (math.isfinite(ev.objective) and np.isfinite(ev.grad).all()):
            return False
        return ev.objective <= DIVERGENCE_FACTOR * max(self._start_objective, 1.0)

    def _propose(self) -> tuple[Array, Any, Evaluation | None]:
        if self.solver == "newton":
            theta, ev = self._newton_step()
            return theta, self.opt_state, ev
        if self.batch_size is None:
            theta, state = self._first_order_step(self.objective_, self._eval.grad, self.theta)
            return theta, state, None
        return (*self._epoch(), None)

    def _first_order_step(self, obj: Objective, grad: Array, theta: Array) -> tuple[Array, Any]:
        lr = self.model.learning_rate / (1.0 + self.model.lr_decay * self.n_iter)
        delta, state = self.optimizer.update(grad, self.opt_state, theta, lr)
        new = theta + delta
        if obj.l1 > 0:
            new[1:] = soft_threshold(new[1:], obj.l1 * self._prox(state, lr))
        return new, state

    def _prox(self, state: Any, lr: float) -> float | Array:
        scale = self.optimizer.prox_scale(state, lr)
        return scale[1:] if isinstance(scale, np.ndarray) else scale

    def _epoch(self) -> tuple[Array, Any]:
        obj = self.objective_.permuted(self.rng.permutation(self.objective_.n))
        theta, saved = self.theta.copy(), self.opt_state
        bs = self.batch_size or obj.n
        for start in range(0, obj.n, bs):
            grad = obj.batch_grad(theta, start, min(start + bs, obj.n))
            theta, self.opt_state = self._first_order_step(obj, grad, theta)
            if not np.isfinite(theta).all():
                break
        state, self.opt_state = self.opt_state, saved
        return theta, state

    def _newton_step(self) -> tuple[Array, Evaluation]:
        obj, ev, theta = self.objective_, self._eval, self.theta
        H = ev.hess if ev.hess is not None else obj.hess(theta)
        g = ev.grad
        try:
            step = -np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            step = -np.linalg.lstsq(H, g, rcond=None)[0]
        if not np.isfinite(step).all() or g @ step >= 0:
            step = -g
        t, slope = 1.0, float(g @ step)
        if -slope <= 1e-15 * max(abs(ev.objective), 1.0):
            # Newton decrement at rounding level: no float64 progress is possible any more.
            return theta, ev
        need_hess = self._hessian_needed_next()
        while t > 1e-10:
            cand = theta + t * step
            new = obj.evaluate(cand, hess=need_hess or t < 1.0)
            if new.objective <= ev.objective + 1e-4 * t * slope:
                return cand, new
            t *= 0.5
        # No decrease is possible any more: the optimum is reached to machine precision.
        return theta, ev

    def _hessian_needed_next(self) -> bool:
        """Whether the next iterate (after a full Newton step) will need its Hessian.

        Not if it is the last allowed iteration, nor if quadratic convergence predicts its
        gradient below ``tol / 10``: ``g_next ~ C g^2`` with ``C = g / g_prev^2`` from the last
        step. A wrong guess only costs one extra evaluation (``_newton_step`` recomputes it).
        """
        m = self.model
        if self.n_iter + 1 >= m.max_iter:
            return False
        norms = self._hist["grad_norm"]
        if len(norms) < 2 or m.tol <= 0:
            return True
        g_prev, g = norms[-2], norms[-1]
        if not 0.0 < g < g_prev:
            return True
        return g**3 / g_prev**2 > 0.1 * m.tol

    def finalize(self, model: LogisticRegression | None = None) -> LogisticRegression:
        """Write the current parameters into ``model`` (default: a copy of the settings)."""
        m = model if model is not None else copy.deepcopy(self.model)
        m.classes_ = self.classes
        m.coef_ = self.theta[1:].copy().reshape(1, -1)
        m.intercept_ = self.theta[:1].copy()
        m.n_iter_ = self.n_iter
        m.converged_ = self.converged
        m.diverged_ = self.diverged
        m.message_ = self.message
        m.history_ = self.history
        m.n_features_in_ = self.n_features
        return m
