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

from dataclasses import dataclass

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
    """Quantities at one parameter vector: objective, plain mean log-loss, gradient, ``p``."""

    objective: float
    loss: float
    grad: Array
    p: Array
    z: Array


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

    @property
    def n(self) -> int:
        return self.Xt.shape[1]

    def penalty(self, theta: Array) -> float:
        """Penalty value ``l2/2 ||w||^2 + l1 ||w||_1`` (intercept excluded)."""
        w = theta[1:]
        return 0.5 * self.l2 * float(w @ w) + self.l1 * float(np.abs(w).sum())

    def evaluate(self, theta: Array) -> Evaluation:
        """Objective, mean log-loss and smooth gradient at ``theta`` sharing one ``X @ theta``."""
        z = theta @ self.Xt
        e = np.exp(-np.abs(z))
        inv = 1.0 / (1.0 + e)
        p = np.where(z >= 0, inv, e * inv)
        ell = np.maximum(z, 0.0) + np.log1p(e) - self.y * z
        loss = float(ell.mean())
        r = p - self.y
        if self.s is None:
            data = loss
        else:
            data = float((self.s * ell).mean())
            r *= self.s
        grad = (self.Xt @ r) / self.n
        grad[1:] += self.l2 * theta[1:]
        return Evaluation(data + self.penalty(theta), loss, grad, p, z)

    def value(self, theta: Array) -> float:
        """The objective ``J(theta)`` including the l1 term."""
        return self.evaluate(theta).objective

    def grad(self, theta: Array) -> Array:
        """Gradient of the smooth part ``f``, shape ``(d + 1,)``."""
        return self.evaluate(theta).grad

    def hess(self, theta: Array, p: Array | None = None) -> Array:
        """Hessian of the smooth part, shape ``(d + 1, d + 1)``; pass ``p`` to reuse it."""
        if p is None:
            p = self.evaluate(theta).p
        h = p * (1.0 - p)
        if self.s is not None:
            h = h * self.s
        H = (self.Xt * h) @ self.Xt.T / self.n
        H[np.diag_indices_from(H)] += self.l2 * np.r_[0.0, np.ones(H.shape[0] - 1)]
        return H

    def batch_grad(self, theta: Array, start: int, stop: int) -> Array:
        """Smooth gradient on the rows ``start:stop`` (a mini-batch, as a view, no copy)."""
        Xb = self.Xt[:, start:stop]
        z = theta @ Xb
        r = _sigmoid_inplace(z) - self.y[start:stop]
        if self.s is not None:
            r *= self.s[start:stop]
        grad = (Xb @ r) / (stop - start)
        grad[1:] += self.l2 * theta[1:]
        return grad

    def permuted(self, perm: NDArray[np.intp]) -> Objective:
        """The same objective with rows reordered (one copy), so mini-batches are slices."""
        s = None if self.s is None else self.s[perm]
        return Objective(np.ascontiguousarray(self.Xt[:, perm]), self.y[perm], s, self.l2, self.l1)

    def optimality(self, theta: Array, grad: Array) -> float:
        """Max-norm of the minimum-norm subgradient of ``J`` (0 exactly at the optimum)."""
        if self.l1 == 0.0:
            return float(np.abs(grad).max())
        w, gw = theta[1:], grad[1:]
        sub = np.where(w != 0, gw + self.l1 * np.sign(w), np.maximum(np.abs(gw) - self.l1, 0.0))
        return float(max(abs(grad[0]), np.abs(sub).max(initial=0.0)))


def _sigmoid_inplace(z: Array) -> Array:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
