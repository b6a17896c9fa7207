r"""Checkers for notebook 03: BP1 for a sigmoid output layer, and δ^L for sigmoid + cross-entropy."""

from __future__ import annotations

import numpy as np

from bpcourse.activations import sigmoid
from bpcourse.equations import bp1
from bpcourse.exercises._core import Mistake, Result, check_function

Array = np.ndarray


def bp1_reference(nabla_a_C: Array, z_L: Array) -> Array:
    r"""BP1: δ^L = ∇_a C ⊙ σ'(z^L) for a sigmoid output layer; arrays of shape (n_L, m)."""
    return bp1(nabla_a_C, z_L, "sigmoid")


def _bp1_cases() -> list[tuple]:
    rng = np.random.default_rng(30)
    cases = []
    for n_L, m in [(3, 1), (2, 5), (4, 3), (1, 4)]:
        nabla = rng.standard_normal((n_L, m))
        z = rng.uniform(-3.0, 3.0, (n_L, m))
        cases.append((nabla, z))
    return cases


_BP1_MISTAKES = [
    Mistake("σ(z) in place of σ'(z)", lambda g, z: g * sigmoid.fn(z),
            "BP1 multiplies by the DERIVATIVE σ'(z^L) = σ(z^L)(1 − σ(z^L)), not by σ(z^L) itself."),
    Mistake("a missing σ'(z^L) (returning ∇_a C alone)", lambda g, z: g,
            "δ^L = ∂C/∂z^L, and z^L reaches C through a^L = σ(z^L): multiply ∂C/∂a^L by σ'(z^L)."),
    Mistake("σ'(z) written as σ(z)(1 + σ(z))", lambda g, z: g * sigmoid.fn(z) * (1 + sigmoid.fn(z)),
            "σ'(z) = σ(z)(1 − σ(z)): check the sign inside the bracket."),
    Mistake("σ'(z) written as 1 − σ(z)² (the tanh formula)", lambda g, z: g * (1 - sigmoid.fn(z) ** 2),
            "1 − tanh² is the derivative of tanh. For the sigmoid, σ'(z) = σ(z)(1 − σ(z))."),
    Mistake("σ'(z) written as z(1 − z)", lambda g, z: g * z * (1 - z),
            "σ'(z) = σ(z)(1 − σ(z)): apply σ first, then use the formula (a(1 − a) holds for a = σ(z))."),
    Mistake("a wrong sign", lambda g, z: -g * sigmoid.prime(z),
            "BP1 has no minus sign: δ^L = ∇_a C ⊙ σ'(z^L)."),
]


def check_bp1(student) -> Result:
    """Check ``student(nabla_a_C, z_L)`` → δ^L = ∇_a C ⊙ σ'(z^L) for sigmoid, shapes (n_L, m)."""
    return check_function("BP1: δ^L = ∇_a C ⊙ σ'(z^L)", student, bp1_reference, _bp1_cases(),
                          mistakes=_BP1_MISTAKES)


def output_error_cross_entropy_reference(a: Array, y: Array, z: Array) -> Array:
    r"""δ^L = a^L − y for a sigmoid output layer with the cross-entropy cost (σ' has cancelled)."""
    return a - y


def _ce_cases() -> list[tuple]:
    rng = np.random.default_rng(31)
    cases = []
    for n_L, m in [(3, 1), (2, 5), (4, 3), (10, 2)]:
        z = rng.uniform(-3.0, 3.0, (n_L, m))
        a = sigmoid.fn(z)
        y = np.eye(n_L)[:, rng.integers(0, n_L, m)]           # one-hot targets, one column per example
        cases.append((a, y, z))
    return cases


def _col_sum(a, y, z):
    return np.sum(a - y, axis=1, keepdims=True)


_CE_MISTAKES = [
    Mistake("an extra σ'(z) (the quadratic cost's δ^L)", lambda a, y, z: (a - y) * sigmoid.prime(z),
            "With cross-entropy, ∂C/∂a = (a − y)/(a(1 − a)) and σ'(z) = a(1 − a) cancel it: δ^L = a − y, "
            "with no σ' left over."),
    Mistake("σ(z) in place of σ'(z)", lambda a, y, z: (a - y) * sigmoid.fn(z),
            "There is no σ factor at all: σ'(z) = a(1 − a) cancels the denominator of ∂C/∂a, leaving a − y."),
    Mistake("the gradient ∂C/∂a without σ'(z)", lambda a, y, z: (a - y) / (a * (1 - a)),
            "(a − y)/(a(1 − a)) is ∂C/∂a. BP1 multiplies it by σ'(z) = a(1 − a), which cancels the denominator."),
    Mistake("a factor 2 (2(a − y))", lambda a, y, z: 2 * (a - y),
            "The cross-entropy has no square, so no factor 2 appears: δ^L = a − y."),
    Mistake("a factor ½ ((a − y)/2)", lambda a, y, z: (a - y) / 2,
            "δ^L = a − y exactly: no ½ (the ½ belongs to the quadratic cost, where it cancels a 2)."),
    Mistake("a wrong sign (y − a)", lambda a, y, z: y - a,
            "δ^L = a − y: output minus target. With y − a, gradient descent would climb the cost."),
    Mistake("summing over the batch (one column instead of one per example)", _col_sum,
            "δ^L has one column per example, shape (n_L, m), like a and y: do not sum over axis 1."),
    Mistake("averaging over the batch (one column instead of one per example)",
            lambda a, y, z: np.mean(a - y, axis=1, keepdims=True),
            "δ^L has one column per example, shape (n_L, m); the averaging over the batch happens later, in BP3/BP4."),
]


def check_output_error_cross_entropy(student) -> Result:
    """Check ``student(a, y, z)`` → δ^L = a − y for sigmoid + cross-entropy (a = σ(z), shapes (n_L, m))."""
    return check_function("δ^L for sigmoid + cross-entropy", student, output_error_cross_entropy_reference,
                          _ce_cases(), mistakes=_CE_MISTAKES)
