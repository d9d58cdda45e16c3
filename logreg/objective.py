r"""The penalized, weighted logistic objective and its derivatives.

With :math:`\theta = (b, w)` packed as one vector of length ``d + 1`` (intercept first),
:math:`z_i = b + x_i \cdot w`, class weights :math:`s_i` (1 without) and
:math:`\rho` = 1 for l1, 0 for l2, ``l1_ratio`` for elastic-net:

.. math::

    J(w, b) = \frac1n \sum_i s_i [\log(1 + e^{z_i}) - y_i z_i]
              + \alpha [\tfrac{1-\rho}{2} \|w\|^2 + \rho \|w\|_1]

The smooth part :math:`f` (everything but the l1 term) has

.. math::

    \nabla f = \tfrac1n \tilde X^T (s \circ (p - y)) + \alpha(1-\rho)\,[0, w]

    \nabla^2 f = \tfrac1n \tilde X^T \mathrm{diag}(s\,p(1-p)) \tilde X
                 + \alpha(1-\rho)\,\mathrm{diag}(0, 1, \dots, 1)

where :math:`\tilde X = [1, X]` and :math:`p = \sigma(z)`. The intercept is never penalized.
The l1 term is handled by solvers through :func:`soft_threshold` (a proximal step).

Data are stored feature-major (``Xt`` of shape ``(d + 1, n)``, first row ones): products
``theta @ Xt`` and ``Xt @ r`` then stream memory contiguously.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def soft_threshold(w: Array, t: float | Array) -> Array:
    """Proximal operator of ``t * ||w||_1``: ``sign(w) * max(|w| - t, 0)`` (exact zeros)."""
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0)


_TRANSPOSE_BYTES = 1 << 18  # rows of X per block of the transposition: ~256 KiB, in cache


def add_intercept_row(X: Array) -> Array:
    """Return ``[1, X]`` transposed to feature-major layout, shape ``(d + 1, n)``, C-contiguous.

    The transposition runs in row blocks that fit in cache: a whole-array ``X.T`` copy reads
    ``X`` once per column with a stride, which is several times slower for d > 2.
    """
    n, d = X.shape
    Xt = np.empty((d + 1, n), dtype=np.float64)
    Xt[0] = 1.0
    if d <= 2 or not X.flags.c_contiguous:
        Xt[1:] = X.T
        return Xt
    step = max(256, _TRANSPOSE_BYTES // (8 * d))
    for a in range(0, n, step):
        Xt[1:, a : a + step] = X[a : a + step].T
    return Xt


@dataclass(frozen=True)
class Evaluation:
    """Quantities at one parameter vector.

    ``objective`` is ``J``; ``loss`` the plain (unweighted) mean log-loss; ``grad`` the gradient
    of the smooth part, shape ``(d + 1,)``; ``hess`` its Hessian ``(d + 1, d + 1)`` when asked for.
    """

    objective: float
    loss: float
    grad: Array
    hess: Array | None = None


_BLOCK = 256  # 2**256 < 1.8e308: a product of 256 factors in [1, 2] cannot overflow
# The columns of ``Xt`` are processed in chunks so that a chunk of data and the few work vectors
# stay in the CPU cache: every elementwise pass then runs from cache instead of streaming
# n-long temporaries through memory, and no n-long temporary is ever allocated (fresh large
# allocations also cost page faults).
_CHUNK_BYTES = 1 << 21
# Up to this many rows of Xt the Hessian is accumulated row by row (BLAS gemv on cached data),
# beyond it as one symmetric rank-k update per chunk (BLAS syrk on sqrt-weighted data).
_HESS_ROWS_MAX = 4
_QUIET = {"over": "ignore", "under": "ignore", "invalid": "ignore"}
# Up to this many samples (one chunk at any width: chunks are at least 256 long) an evaluation
# without weights or Hessian takes the few-calls path; beyond it the cost is in the data passes.
_SMALL_N = 2 * _BLOCK


def sum_log1p(e: Array, work: Array) -> float:
    """``sum(log1p(e))`` for ``e`` in [0, 1] via block products (one ``log`` per 256 values).

    Accurate to a few ulps per block; ``work`` is a scratch array of the same size.
    """
    np.add(e, 1.0, out=work)
    k = e.size // _BLOCK * _BLOCK
    total = float(np.log(work[:k].reshape(-1, _BLOCK).prod(axis=1)).sum())
    return total + float(np.log1p(e[k:]).sum())


def chunk_length(n: int, d1: int) -> int:
    """Columns per chunk: a multiple of 256, the chunk of ``Xt`` plus 4 work vectors ~2 MiB."""
    c = max(_BLOCK, _CHUNK_BYTES // (8 * (d1 + 4)) // _BLOCK * _BLOCK)
    return min(c, -(-n // _BLOCK) * _BLOCK)


class _Work:
    """Chunk-sized work arrays and data constants, reused by every evaluation.

    ``c0 = Xt @ (1/2 - y)`` (``c0w = Xt @ (s (1/2 - y))`` with weights) turns the gradient into
    ``(c0 + Xt @ t) / n`` with ``t = sigma(z) - 1/2``, and the summed ``max((1 - 2y) z, 0)`` of
    the loss into ``theta @ c0 + sum|z| / 2``: no pass over ``y`` is needed per evaluation.
    """

    def __init__(self, Xt: Array, y: Array, s: Array | None, gram: bool = False) -> None:
        d1, n = Xt.shape
        if n == 0:
            raise ValueError("the objective needs at least one sample (Xt has no columns)")
        self.chunk = c = chunk_length(n, d1)
        self.small = s is None and n <= min(c, _SMALL_N)  # see Objective._evaluate_small
        self.z = np.empty(c)
        self.e = np.empty(c)
        self.w = np.empty(c)
        self.g = np.empty(d1)
        self.hd = np.empty((d1, d1))
        self.prods = np.empty(n // _BLOCK + 1)
        self.xb: Array | None = None
        self.gram: Array | None = np.zeros((d1, d1)) if gram else None
        self.c0 = np.zeros(d1)
        self.c0w = None if s is None else np.zeros(d1)
        for a in range(0, n, c):  # one pass over the data for the constants (and X X^T)
            b = min(a + c, n)
            Xc = Xt[:, a:b]
            half = np.subtract(0.5, y[a:b], out=self.w[: b - a])
            self.c0 += np.matmul(Xc, half, out=self.g)
            if s is not None and self.c0w is not None:
                half *= s[a:b]
                self.c0w += np.matmul(Xc, half, out=self.g)
            if self.gram is not None:
                self.add_gram(Xc, self.gram)

    def add_gram(self, Xc: Array, out: Array) -> None:
        """``out += Xc @ Xc.T`` (upper triangle only when ``d + 1 <= _HESS_ROWS_MAX``)."""
        d1 = Xc.shape[0]
        if d1 <= _HESS_ROWS_MAX:
            for i in range(d1):
                out[i, i:] += np.matmul(Xc[i:], Xc[i], out=self.hd[i, i:])
        else:
            out += np.matmul(Xc, Xc.T, out=self.hd)

    def xbuf(self, d1: int) -> Array:
        if self.xb is None:
            self.xb = np.empty((d1, self.chunk))
        return self.xb


def _check_theta(theta: Array, d1: int) -> tuple[Array, bool]:
    """``theta`` as float64 and whether it is all zeros; ``ValueError`` if unusable."""
    theta = np.asarray(theta, dtype=np.float64)
    if theta.shape != (d1,):
        raise ValueError(f"theta must have shape ({d1},) (intercept first), got {theta.shape}")
    values = theta.tolist()
    if not all(map(math.isfinite, values)):
        raise ValueError(f"theta must be finite, got {theta!r}")
    return theta, not any(values)


@dataclass(frozen=True)
class Objective:
    """Logistic objective on fixed data.

    Parameters
    ----------
    Xt : ndarray, shape (d + 1, n)
        Feature-major data with a leading row of ones (see :func:`add_intercept_row`).
    y : ndarray, shape (n,)
        Targets in {0, 1} as float64.
    s : ndarray, shape (n,), or None
        Sample (class) weights; None means all ones.
    l2 : float
        ``alpha * (1 - rho)``, the ridge strength on ``w``.
    l1 : float
        ``alpha * rho``, the lasso strength on ``w``.

    The arrays must not be modified in place after the first evaluation: constants derived
    from them are cached.
    """

    Xt: Array
    y: Array
    s: Array | None = None
    l2: float = 0.0
    l1: float = 0.0
    _scratch: list[_Work] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        return self.Xt.shape[1]

    def _work(self, gram: bool = False) -> _Work:
        if not self._scratch:
            self._scratch.append(_Work(self.Xt, self.y, self.s, gram))
        return self._scratch[0]

    def penalty(self, theta: Array) -> float:
        """Penalty value ``l2/2 ||w||^2 + l1 ||w||_1`` (intercept excluded)."""
        w = theta[1:]
        value = 0.5 * self.l2 * float(w @ w) if self.l2 else 0.0
        return value + self.l1 * float(np.abs(w).sum()) if self.l1 else value

    def evaluate(self, theta: Array, hess: bool = False) -> Evaluation:
        """Objective, mean log-loss, gradient (and Hessian) at ``theta`` from one ``X @ theta``.

        With ``e = exp(-|z|)`` and ``u = (1 - 2y) z``: the per-sample loss is
        ``max(u, 0) + log1p(e)``; ``sigma(|z|) = 1 / (1 + e)``; ``sigma(z) - 1/2`` is
        ``copysign(sigma(|z|) - 1/2, z)`` (that subtraction is exact) and
        ``p (1 - p) = e / (1 + e)^2``. ``sum log1p(e)`` is the log of block products of
        ``1 + e`` (one ``log`` per 256 samples). The work runs chunk by chunk in cache; at
        ``theta = 0`` no exponentials are needed at all.

        Raises ``ValueError`` for a non-finite ``theta``. Only astronomically large
        ``theta @ x`` (beyond 1e308) overflows, to an infinite or NaN objective and without
        warnings; the trainer treats that as divergence.
        """
        theta, zero = _check_theta(theta, self.Xt.shape[0])
        with np.errstate(**_QUIET):
            if zero and self.s is None:
                return self._at_zero(theta, hess)
            if not hess:
                return self.evaluate_checked(theta)
            return self._evaluate(theta, hess)

    def mean_loss(self, theta: Array) -> float:
        """The plain mean log-loss at ``theta`` (no weights, penalty or gradient): cheaper."""
        theta, _ = _check_theta(theta, self.Xt.shape[0])
        with np.errstate(**_QUIET):
            return self._loss_only(theta)

    def _finish(
        self, theta: Array, loss: float, data: float, g: Array, H: Array | None
    ) -> Evaluation:
        n = self.n
        g /= n
        if self.l2:
            g[1:] += self.l2 * theta[1:]
        if H is not None:
            H /= n
            if self.l2:
                H.flat[H.shape[0] + 1 :: H.shape[0] + 1] += self.l2  # diagonal, intercept excluded
        return Evaluation(data + self.penalty(theta), loss, g, H)

    def _at_zero(self, theta: Array, hess: bool) -> Evaluation:
        """At ``theta = 0`` every ``p`` is 1/2: the loss is log 2 and the Hessian a Gram matrix."""
        w = self._work(gram=hess)
        H = None
        if hess:
            if w.gram is None:
                w.gram = np.zeros_like(w.hd)
                for a in range(0, self.n, w.chunk):
                    w.add_gram(self.Xt[:, a : a + w.chunk], w.gram)
            H = 0.25 * w.gram
            if self.Xt.shape[0] <= _HESS_ROWS_MAX:
                il = np.tril_indices(H.shape[0], -1)
                H[il] = H.T[il]
        loss = math.log(2.0)
        return self._finish(theta, loss, loss, w.c0.copy(), H)

    def _loss_only(self, theta: Array) -> float:
        w = self._work()
        Xt, n, c = self.Xt, self.n, w.chunk
        if w.small:  # one chunk: the same formula in the fewest numpy calls
            return self._small_terms(theta)[2]
        sum_abs = 0.0
        nb = 0
        for a in range(0, n, c):
            b = min(a + c, n)
            m = b - a
            z = np.matmul(theta, Xt[:, a:b], out=w.z[:m])
            e = np.abs(z, out=w.e[:m])
            sum_abs += float(np.add.reduce(e))
            np.negative(e, out=e)
            np.exp(e, out=e)
            nb = self._block_products(w, e, m, nb)
        log_part = float(np.log(w.prods[:nb]).sum())
        return (max(float(theta @ w.c0) + 0.5 * sum_abs, 0.0) + log_part) / n

    @staticmethod
    def _block_products(w: _Work, e: Array, m: int, nb: int) -> int:
        """Store products of ``1 + e`` over groups of 256 in ``w.prods[nb:]``; ``1 + e`` stays
        in ``w.w[:m]``. A partial chunk is padded with ones. Returns the new group count."""
        k = -(-m // _BLOCK)
        np.add(e, 1.0, out=w.w[:m])
        if k * _BLOCK > m:
            w.w[m : k * _BLOCK] = 1.0
        # column products of a (256, k) view: vectorized across columns (no dependency chain)
        np.multiply.reduce(w.w[: k * _BLOCK].reshape(_BLOCK, k), axis=0, out=w.prods[nb : nb + k])
        return nb + k

    def evaluate_checked(self, theta: Array) -> Evaluation:
        """:meth:`evaluate` (no Hessian) for a caller that has already checked ``theta``
        (float64, shape ``(d + 1,)``, finite) and silenced floating-point warnings: a training
        loop evaluating thousands of small problems saves the checks' fixed cost."""
        if self._work().small:
            return self._evaluate_small(theta)
        return self._evaluate(theta, False)

    def _small_terms(self, theta: Array) -> tuple[Array, Array, float]:
        """One chunk, no weights: ``z``, ``e = exp(-|z|)`` and the mean log-loss, in the fewest
        numpy calls (on a few hundred samples their fixed cost is all the time)."""
        w = self._work()
        n = self.n
        z = np.matmul(theta, self.Xt, out=w.z[:n])
        e = np.abs(z, out=w.e[:n])
        sum_abs = float(np.add.reduce(e))
        np.negative(e, out=e)
        np.exp(e, out=e)  # e = exp(-|z|) in (0, 1]
        log_part = float(np.add.reduce(np.log1p(e, out=w.w[:n])))
        return z, e, (max(float(theta @ w.c0) + 0.5 * sum_abs, 0.0) + log_part) / n

    def _evaluate_small(self, theta: Array) -> Evaluation:
        """One chunk, no weights, no Hessian: the same formulas as :meth:`_evaluate`."""
        w = self._work()
        z, e, loss = self._small_terms(theta)
        n = self.n
        inv = np.reciprocal(np.add(e, 1.0, out=w.w[:n]), out=w.w[:n])  # sigma(|z|)
        t = np.subtract(inv, 0.5, out=inv)
        np.copysign(t, z, out=t)  # sigma(z) - 1/2
        g = np.matmul(self.Xt, t)
        g += w.c0
        return self._finish(theta, loss, loss, g, None)

    def _evaluate(self, theta: Array, hess: bool) -> Evaluation:
        w = self._work()
        Xt, s, n, c = self.Xt, self.s, self.n, w.chunk
        d1 = Xt.shape[0]
        g = np.zeros(d1)
        H = np.zeros((d1, d1)) if hess else None
        rows = d1 <= _HESS_ROWS_MAX
        xb = w.xbuf(d1) if hess else None
        hd = w.hd
        sum_abs = sum_abs_w = log_w = 0.0
        nb = 0
        for a in range(0, n, c):
            b = min(a + c, n)
            m = b - a
            Xc = Xt[:, a:b]
            z = np.matmul(theta, Xc, out=w.z[:m])
            e = np.abs(z, out=w.e[:m])
            sum_abs += float(np.add.reduce(e))
            if s is not None:
                sum_abs_w += float(s[a:b] @ e)
            np.negative(e, out=e)
            np.exp(e, out=e)  # e = exp(-|z|) in (0, 1]
            if s is not None:
                log_w += float(s[a:b] @ np.log1p(e, out=w.w[:m]))
            nb = self._block_products(w, e, m, nb)
            inv = np.reciprocal(w.w[:m], out=w.w[:m])  # sigma(|z|)
            if H is not None and xb is not None:
                h = np.multiply(e, inv, out=e)
                h *= inv  # p (1 - p)
                if s is not None:
                    h *= s[a:b]
                if rows:  # H[i, i:] += Xc[i:] @ (Xc[i] h)
                    for i in range(d1):
                        v = np.multiply(Xc[i], h, out=xb[i, :m])
                        np.matmul(Xc[i:], v, out=hd[i, i:])
                        H[i, i:] += hd[i, i:]
                else:
                    np.sqrt(h, out=h)
                    xh = np.multiply(Xc, h, out=xb[:, :m])
                    H += np.matmul(xh, xh.T, out=hd)  # symmetric rank-m update (syrk)
            t = np.subtract(inv, 0.5, out=inv)
            np.copysign(t, z, out=t)  # sigma(z) - 1/2
            if s is not None:
                t *= s[a:b]
            g += np.matmul(Xc, t, out=w.g)
        if H is not None and rows:
            il = np.tril_indices(d1, -1)
            H[il] = H.T[il]
        log_part = float(np.log(w.prods[:nb]).sum())
        loss = (max(float(theta @ w.c0) + 0.5 * sum_abs, 0.0) + log_part) / n
        if s is None or w.c0w is None:
            data = loss
            g += w.c0
        else:
            data = (max(float(theta @ w.c0w) + 0.5 * sum_abs_w, 0.0) + log_w) / n
            g += w.c0w
        return self._finish(theta, loss, data, g, H)

    def value(self, theta: Array) -> float:
        """The objective ``J(theta)`` including the l1 term."""
        return self.evaluate(theta).objective

    def grad(self, theta: Array) -> Array:
        """Gradient of the smooth part ``f``, shape ``(d + 1,)``."""
        return self.evaluate(theta).grad

    def hess(self, theta: Array) -> Array:
        """Hessian of the smooth part, shape ``(d + 1, d + 1)``."""
        H = self.evaluate(theta, hess=True).hess
        assert H is not None
        return H

    def batch_grad(self, theta: Array, start: int, stop: int) -> Array:
        """Smooth gradient on the rows ``start:stop`` (a mini-batch, as a view, no copy).

        Few numpy calls (mini-batches are small, so call overhead dominates):
        ``p = 1 / (1 + exp(-z))`` is exact to rounding for every ``z``; ``exp`` overflowing to
        ``inf`` for ``z < -709`` gives ``p = 0`` (the correct rounded value), quietly.
        """
        Xb = self.Xt[:, start:stop]
        with np.errstate(**_QUIET):
            r = np.negative(theta @ Xb)
            np.exp(r, out=r)
            r += 1.0
            np.reciprocal(r, out=r)  # sigma(z)
            r -= self.y[start:stop]
            if self.s is not None:
                r *= self.s[start:stop]
            grad = Xb @ r
        grad /= stop - start
        if self.l2:
            grad[1:] += self.l2 * theta[1:]
        return grad

    def permuted(self, perm: NDArray[np.intp]) -> Objective:
        """The same objective with rows reordered (one copy), so mini-batches are slices."""
        s = None if self.s is None else self.s[perm]
        Xt = np.take(self.Xt, perm, axis=1)
        return Objective(Xt, self.y[perm], s, self.l2, self.l1)

    def optimality(self, theta: Array, grad: Array) -> float:
        """Max-norm of the minimum-norm subgradient of ``J`` (0 exactly at the optimum)."""
        if self.l1 == 0.0:
            return float(np.abs(grad).max())
        w, gw = theta[1:], grad[1:]
        sub = np.where(w != 0, gw + self.l1 * np.sign(w), np.maximum(np.abs(gw) - self.l1, 0.0))
        return float(max(abs(grad[0]), np.abs(sub).max(initial=0.0)))
