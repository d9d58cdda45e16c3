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

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def soft_threshold(w: Array, t: float | Array) -> Array:
    """Proximal operator of ``t * ||w||_1``: ``sign(w) * max(|w| - t, 0)`` (exact zeros)."""
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0)


def add_intercept_row(X: Array) -> Array:
    """Return ``[1, X]`` transposed to feature-major layout, shape ``(d + 1, n)``, C-contiguous."""
    n, d = X.shape
    Xt = np.empty((d + 1, n), dtype=np.float64)
    Xt[0] = 1.0
    Xt[1:] = X.T
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


def sum_log1p(e: Array, work: Array) -> float:
    """``sum(log1p(e))`` for ``e`` in [0, 1] via block products (one ``log`` per 256 values).

    Accurate to a few ulps per block; ``work`` is a scratch array of the same size.
    """
    np.add(e, 1.0, out=work)
    k = e.size // _BLOCK * _BLOCK
    total = float(np.log(work[:k].reshape(-1, _BLOCK).prod(axis=1)).sum())
    return total + float(np.log1p(e[k:]).sum())


class _Scratch:
    """Work arrays reused between evaluations (fresh large allocations cost page faults)."""

    def __init__(self, n: int, d1: int) -> None:
        self.z = np.empty(n)
        self.e = np.empty(n)
        self.inv = np.empty(n)
        self.r = np.empty(n)
        self.xh: Array | None = None
        self.d1 = d1


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
    """

    Xt: Array
    y: Array
    s: Array | None = None
    l2: float = 0.0
    l1: float = 0.0
    _scratch: list[_Scratch] = field(default_factory=list, repr=False, compare=False)

    @property
    def n(self) -> int:
        return self.Xt.shape[1]

    def _work(self) -> _Scratch:
        if not self._scratch:
            self._scratch.append(_Scratch(self.n, self.Xt.shape[0]))
        return self._scratch[0]

    def penalty(self, theta: Array) -> float:
        """Penalty value ``l2/2 ||w||^2 + l1 ||w||_1`` (intercept excluded)."""
        w = theta[1:]
        return 0.5 * self.l2 * float(w @ w) + self.l1 * float(np.abs(w).sum())

    def evaluate(self, theta: Array, hess: bool = False) -> Evaluation:
        """Objective, mean log-loss, gradient (and Hessian) at ``theta`` from one ``X @ theta``.

        Uses ``log(1 + e^z) = max(z, 0) + log1p(e^{-|z|})`` and ``p = sigma(z)`` built from the
        same ``e^{-|z|}``; ``p (1 - p) = e^{-|z|} / (1 + e^{-|z|})^2`` for the Hessian.
        """
        w = self._work()
        n = self.n
        z = np.matmul(theta, self.Xt, out=w.z)
        e = np.abs(z, out=w.e)
        np.negative(e, out=e)
        np.exp(e, out=e)
        inv = np.add(e, 1.0, out=w.inv)
        np.reciprocal(inv, out=inv)
        # data loss pieces: sum max(z, 0) + sum log1p(e) - y.z  (weighted by s when given)
        r = w.r
        log_part = sum_log1p(e, r)
        pos = np.maximum(z, 0.0, out=r)
        loss = (float(pos.sum()) + log_part - float(self.y @ z)) / n
        if self.s is None:
            data = loss
        else:
            ell = np.log1p(e, out=r)  # per-sample loss, needed for the weighted sum
            ell += np.maximum(z, 0.0)
            data = (float(self.s @ ell) - float((self.s * self.y) @ z)) / n
        # p = sigma(z) = q for z < 0 and 1 - q for z >= 0, with q = e * inv (no cancellation)
        q = np.multiply(e, inv, out=r)
        step = np.greater_equal(z, 0.0, out=w.z)  # z is not needed below this line
        t = np.multiply(q, -2.0, out=w.inv if not hess else None)
        t += 1.0
        t *= step
        p = np.add(q, t, out=r)
        H = None
        if hess:
            h = np.multiply(e, inv, out=w.e)  # e * inv * inv = p (1 - p); e is not needed again
            np.multiply(h, inv, out=h)
            if self.s is not None:
                h *= self.s
            if w.xh is None:
                w.xh = np.empty_like(self.Xt)
            xh = np.multiply(self.Xt, h, out=w.xh)
            H = (xh @ self.Xt.T) / n
            H[np.diag_indices_from(H)] += self.l2 * np.r_[0.0, np.ones(H.shape[0] - 1)]
        np.subtract(p, self.y, out=p)
        if self.s is not None:
            p *= self.s
        grad = (self.Xt @ p) / n
        grad[1:] += self.l2 * theta[1:]
        return Evaluation(data + self.penalty(theta), loss, grad, H)

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
        """Smooth gradient on the rows ``start:stop`` (a mini-batch, as a view, no copy)."""
        Xb = self.Xt[:, start:stop]
        r = _sigmoid(theta @ Xb) - self.y[start:stop]
        if self.s is not None:
            r *= self.s[start:stop]
        grad = (Xb @ r) / (stop - start)
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


def _sigmoid(z: Array) -> Array:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
