"""Cost functions C_x of one example, each kept together with its gradient ∇_a C_x,
and the table of which output layer each cost accepts.

``fn(a, y)`` returns the per-example costs, shape (m,); the network's cost is
their mean over the batch. ``grad_a(a, y)`` returns ∇_a C_x, shape (n_L, m),
one column per example (not divided by m: :func:`bpcourse.equations.bp3` and
``bp4`` do the averaging). Both check their arguments first (shapes, finite
values, the range of ``y`` and ``a`` the cost needs) and raise an error that
names the problem; ``check=False`` skips that inside a training loop.

:data:`OUTPUT_LAYER` is the pairing table: for each cost, the output activations
it accepts, and for each pair whether BP1 is used as it stands
(δ^L = (∂a^L/∂z^L)^T ∇_a C) or simplifies (sigmoid with cross-entropy, and softmax
with the log-likelihood, give δ^L = a^L − y: the derivative of σ cancels).
:class:`bpcourse.Network` reads the table; a new pairing is one entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from bpcourse import _checks, activations
from bpcourse.equations import bp1

Array = np.ndarray


@dataclass(frozen=True)
class Cost:
    """A per-example cost C_x(a, y) and its gradient with respect to a.

    ``per_example`` and ``gradient`` are the bare formulas; :meth:`fn` and :meth:`grad_a`
    check their arguments and call them. ``targets`` says what ``y`` may hold:
    ``"any"`` (finite numbers), ``"unit_interval"`` (each y_j in [0, 1]) or
    ``"distribution"`` (y_j ≥ 0, each column summing to 1).
    """

    name: str
    per_example: Callable[[Array, Array], Array]
    gradient: Callable[[Array, Array], Array]
    targets: str = "any"
    outputs: str = "any"          # what a may hold: "any", "unit_interval" or "distribution"

    def fn(self, a, y, *, check: bool = True) -> Array:
        """C_x for each column: shape (m,)."""
        if check:
            a, y = self.check(a, y)
        return self.per_example(a, y)

    def grad_a(self, a, y, *, check: bool = True) -> Array:
        """∇_a C_x for each column: shape (n_L, m)."""
        if check:
            a, y = self.check(a, y)
        return self.gradient(a, y)

    def check(self, a, y, a_name: str = "a", y_name: str = "y") -> tuple[Array, Array]:
        """``a`` and ``y`` as checked 2-D arrays of one shape, in the ranges this cost needs."""
        a = _checks.as_matrix(a, a_name, allow_complex=True)
        y = _checks.as_matrix(y, y_name, allow_complex=True)
        _checks.same_shape(a, a_name, y, y_name)
        check_targets(self, y, y_name)
        _check_range(self, self.outputs, a, a_name, "output")
        return a, y

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


def _log_likelihood(a: Array, y: Array) -> Array:
    """C_x = −Σ_j y_j ln a_j, one value per column (with one-hot y: −ln of the right class's a)."""
    return -np.sum(_xlogy(y, a), axis=0)


def _log_likelihood_grad(a: Array, y: Array) -> Array:
    """∇_a C_x = −y / a (entry by entry; 0 where y_j = 0)."""
    return -_xdivy(y, a)


quadratic = Cost("quadratic", _quadratic, _quadratic_grad)
cross_entropy = Cost("cross_entropy", _cross_entropy, _cross_entropy_grad,
                     targets="unit_interval", outputs="unit_interval")
log_likelihood = Cost("log_likelihood", _log_likelihood, _log_likelihood_grad,
                      targets="distribution", outputs="unit_interval")

COSTS = {c.name: c for c in (quadratic, cross_entropy, log_likelihood)}
_ALIASES = {"mse": "quadratic", "crossentropy": "cross_entropy", "cross-entropy": "cross_entropy",
            "log-likelihood": "log_likelihood", "nll": "log_likelihood"}


def get(cost) -> Cost:
    """Return the cost named ``cost`` (or ``cost`` itself if it is one).

    An object with ``.fn(a, y)`` and ``.grad_a(a, y)`` (and optionally ``.name``) is wrapped
    in a :class:`Cost`, so the rest of the package can treat every cost alike.
    """
    if isinstance(cost, Cost):
        return cost
    if isinstance(cost, str):
        key = _ALIASES.get(cost.lower(), cost.lower())
        try:
            return COSTS[key]
        except KeyError:
            raise ValueError(f"unknown cost {cost!r}; choose one of {sorted(COSTS)}") from None
    if callable(getattr(cost, "fn", None)) and callable(getattr(cost, "grad_a", None)):
        return Cost(str(getattr(cost, "name", type(cost).__name__)), cost.fn, cost.grad_a)
    raise TypeError(f"cost must be a name such as 'quadratic' or an object with .fn and .grad_a, got {cost!r}")


# -- the ranges a cost needs ---------------------------------------------------------------

def check_targets(cost: Cost, Y: Array, name: str = "Y") -> None:
    """Raise ValueError if targets ``Y`` are outside what ``cost`` needs."""
    _check_range(cost, getattr(cost, "targets", "any"), Y, name, "target")


def _check_range(cost: Cost, kind: str, A: Array, name: str, what: str) -> None:
    if kind == "any":
        return
    Ar = np.real(A)
    lo, hi = float(Ar.min()), float(Ar.max())
    if lo < 0 or hi > 1:
        raise ValueError(f"{name} must lie in [0, 1] for the {cost.name} cost ({what}s are probabilities), "
                         f"got values from {lo:g} to {hi:g}")
    if kind == "distribution":
        sums = Ar.sum(axis=0)
        worst = int(np.argmax(np.abs(sums - 1)))
        if abs(sums[worst] - 1) > 1e-6:
            raise ValueError(f"each column of {name} must sum to 1 for the {cost.name} cost "
                             f"(a probability distribution over the classes, e.g. one-hot); "
                             f"column {worst + 1} (counted from 1) sums to {sums[worst]:g}")


def evaluate(cost, a, y) -> Array:
    """Checked ``cost.fn(a, y)``; kept for code that calls it (``get(cost).fn(a, y)`` does the same)."""
    return get(cost).fn(a, y)


# -- the pairing table: which output layer each cost accepts, and what BP1 becomes ----------

#: BP1 as it stands: δ^L = (∂a^L/∂z^L)^T ∇_a C, which is ∇_a C ⊙ σ'(z^L) for an elementwise σ.
GENERAL = "general"
#: In a key, any output activation.
ANY = "*"


def _a_minus_y(a_L: Array, y: Array, z_L: Array) -> Array:
    """δ^L = a^L − y: BP1 after σ' has cancelled against ∇_a C.

    Sigmoid with cross-entropy: ∇_a C = (a − y)/(a(1 − a)) and σ'(z) = a(1 − a).
    Softmax with the log-likelihood: (∂a/∂z)^T (−y/a) = a Σ_j y_j − y = a − y, as Σ_j y_j = 1.
    The cancelled form stays finite where σ(z) rounds to 0 or 1 and ∇_a C alone would not.
    """
    return a_L - y


#: (cost, output activation) → how BP1 reads for that pair: GENERAL, or a function (a_L, y, z_L) → δ^L.
#: A cost that appears here accepts only the output activations listed with it (ANY: every one).
OUTPUT_LAYER: dict[tuple[str, str], object] = {
    ("quadratic", ANY): GENERAL,
    ("cross_entropy", "sigmoid"): _a_minus_y,
    ("log_likelihood", "softmax"): _a_minus_y,
}


def output_error_rule(cost, activation) -> Callable[[Array, Array, Array], Array]:
    """The function (a_L, y, z_L) → δ^L for a network whose output layer has ``activation``
    and whose cost is ``cost``, read from :data:`OUTPUT_LAYER`.

    Raises ValueError, naming the activations the cost accepts, for a pair the table rules out.
    A cost the table does not mention accepts any output activation and uses BP1 as it stands.
    """
    cost, sigma = get(cost), activations.get(activation)
    rule = OUTPUT_LAYER.get((cost.name, sigma.name), OUTPUT_LAYER.get((cost.name, ANY)))
    if rule is None:
        accepted = sorted(a for c, a in OUTPUT_LAYER if c == cost.name)
        if accepted:
            choices = " or ".join(repr(a) for a in accepted)
            raise ValueError(f"the {cost.name} cost needs an output layer of {choices} "
                             f"(output_activation={accepted[0]!r}), not {sigma.name!r}")
        rule = GENERAL
    if rule == GENERAL:
        def bp1_as_it_stands(a_L, y, z_L):
            """BP1: δ^L = (∂a^L/∂z^L)^T ∇_a C (= ∇_a C ⊙ σ'(z^L) for an elementwise σ)."""
            return bp1(cost.grad_a(a_L, y, check=False), z_L, sigma, check=False)
        return bp1_as_it_stands
    return rule
