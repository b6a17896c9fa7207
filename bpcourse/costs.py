"""Cost functions C_x of one example, each kept together with its gradient ∇_a C_x.

``fn(a, y)`` returns the per-example costs, shape (m,); the network's cost is
their mean over the batch. ``grad_a(a, y)`` returns ∇_a C_x, shape (n_L, m),
one column per example (not divided by m: :func:`bpcourse.equations.bp3` and
``bp4`` do the averaging).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from bpcourse import _checks

Array = np.ndarray


@dataclass(frozen=True)
class Cost:
    """A per-example cost C_x(a, y) and its gradient with respect to a."""

    name: str
    fn: Callable[[Array, Array], Array]
    grad_a: Callable[[Array, Array], Array]
    needs_unit_interval: bool = False

    def __repr__(self) -> str:
        return f"<cost {self.name}>"


def _quadratic(a: Array, y: Array) -> Array:
    """C_x = ½ ‖a − y‖², one value per column."""
    return 0.5 * np.sum((a - y) ** 2, axis=0)


def _quadratic_grad(a: Array, y: Array) -> Array:
    """∇_a C_x = a − y (the ½ cancels the 2 from the square)."""
    return a - y


def _xlogy(x: Array, y: Array) -> Array:
    """x · ln y, taken as 0 where x == 0 (so 0 · ln 0 = 0, as in the limit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1.0, y)))


def _xdivy(x: Array, y: Array) -> Array:
    """x / y, taken as 0 where x == 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x / np.where(x == 0, 1.0, y))


def _cross_entropy(a: Array, y: Array) -> Array:
    """C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], one value per column.

    Terms whose coefficient is 0 count as 0, so a = y = 0 or a = y = 1 costs
    nothing; a confident wrong answer (a = 0 where y = 1) really costs +inf.
    """
    return -np.sum(_xlogy(y, a) + _xlogy(1 - y, 1 - a), axis=0)


def _cross_entropy_grad(a: Array, y: Array) -> Array:
    """∇_a C_x = (1 − y)/(1 − a) − y/a = (a − y) / (a(1 − a))."""
    return _xdivy(1 - y, 1 - a) - _xdivy(y, a)


quadratic = Cost("quadratic", _quadratic, _quadratic_grad)
cross_entropy = Cost("cross_entropy", _cross_entropy, _cross_entropy_grad, needs_unit_interval=True)

COSTS = {c.name: c for c in (quadratic, cross_entropy)}
_ALIASES = {"mse": "quadratic", "crossentropy": "cross_entropy", "cross-entropy": "cross_entropy"}


def get(cost) -> Cost:
    """Return the cost named ``cost`` (or ``cost`` itself if it is one)."""
    if isinstance(cost, Cost):
        return cost
    if isinstance(cost, str):
        key = _ALIASES.get(cost.lower(), cost.lower())
        try:
            return COSTS[key]
        except KeyError:
            raise ValueError(f"unknown cost {cost!r}; choose one of {sorted(COSTS)}") from None
    if callable(getattr(cost, "fn", None)) and callable(getattr(cost, "grad_a", None)):
        return cost
    raise TypeError(f"cost must be a name such as 'quadratic' or an object with .fn and .grad_a, got {cost!r}")


def check_targets(cost: Cost, Y: Array, name: str = "Y") -> None:
    """Raise ValueError if targets ``Y`` are outside [0, 1] for a cost that needs it."""
    if getattr(cost, "needs_unit_interval", False):
        Yr = np.real(Y)
        if Yr.min() < 0 or Yr.max() > 1:
            raise ValueError(
                f"{name} must lie in [0, 1] for the {cost.name} cost, "
                f"got values from {Yr.min():g} to {Yr.max():g}"
            )


def evaluate(cost, a, y) -> Array:
    """Checked ``cost.fn(a, y)`` for use from notebooks: validates shapes first."""
    cost = get(cost)
    a = _checks.as_matrix(a, "a")
    y = _checks.as_matrix(y, "y")
    _checks.same_shape(a, "a", y, "y")
    check_targets(cost, y, "y")
    return cost.fn(a, y)
