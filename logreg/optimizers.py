"""First-order optimizers as pure ``(init, update)`` pairs, in the style of optax.

``init(params) -> state`` and ``update(grad, state, params, lr) -> (delta, state)``: the state is
a NamedTuple that is returned, never mutated, so a training loop can pause, resume and replay by
keeping it. ``prox_scale(state, lr)`` is the per-coordinate step length the last update used,
which the proximal (soft-threshold) step for l1 needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


class Optimizer(NamedTuple):
    """A pure optimizer: three functions and no hidden state."""

    init: Callable[[Array], Any]
    update: Callable[[Array, Any, Array, float], tuple[Array, Any]]
    prox_scale: Callable[[Any, float], float | Array]


class GDState(NamedTuple):
    count: int


class MomentumState(NamedTuple):
    count: int
    velocity: Array


class AdamState(NamedTuple):
    count: int
    m: Array
    v: Array


def gd() -> Optimizer:
    """Plain gradient descent: ``delta = -lr * grad``."""

    def init(params: Array) -> GDState:
        return GDState(0)

    def update(grad: Array, state: GDState, params: Array, lr: float) -> tuple[Array, GDState]:
        return -lr * grad, GDState(state.count + 1)

    return Optimizer(init, update, lambda state, lr: lr)


def momentum(beta: float = 0.9) -> Optimizer:
    """Heavy-ball momentum: ``v = beta * v + grad``, ``delta = -lr * v``."""

    def init(params: Array) -> MomentumState:
        return MomentumState(0, np.zeros_like(params))

    def update(
        grad: Array, state: MomentumState, params: Array, lr: float
    ) -> tuple[Array, MomentumState]:
        v = beta * state.velocity + grad
        return -lr * v, MomentumState(state.count + 1, v)

    return Optimizer(init, update, lambda state, lr: lr)


def adam(b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    """Adam with bias correction: ``delta = -lr * m_hat / (sqrt(v_hat) + eps)``."""

    def init(params: Array) -> AdamState:
        return AdamState(0, np.zeros_like(params), np.zeros_like(params))

    def update(grad: Array, state: AdamState, params: Array, lr: float) -> tuple[Array, AdamState]:
        t = state.count + 1
        m = b1 * state.m + (1 - b1) * grad
        v = b2 * state.v + (1 - b2) * grad * grad
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        return -lr * m_hat / (np.sqrt(v_hat) + eps), AdamState(t, m, v)

    def prox_scale(state: AdamState, lr: float) -> Array:
        v_hat = state.v / (1 - b2 ** max(state.count, 1))
        return lr / (np.sqrt(v_hat) + eps)

    return Optimizer(init, update, prox_scale)
