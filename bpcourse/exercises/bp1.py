r"""Checkers for notebook 03: BP1 for a sigmoid output layer, and δ^L for sigmoid + cross-entropy.

Both checkers' test cases include saturated neurons (|z| up to 40), where σ(z) rounds to 1 in
float64: there the uncancelled cross-entropy form (a − y)/(a(1 − a)) · σ'(z) turns into nan or
inf, and a correct formula such as σ(z)(1 − σ(z)) for σ'(z) still agrees to the precision of
the largest entries.
"""

from __future__ import annotations

import numpy as np

from bpcourse import costs, equations
from bpcourse.activations import sigmoid
from bpcourse.equations import bp1
from bpcourse.exercises import _values
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result, near_miss
from bpcourse.network import Network

Array = np.ndarray
sp = sigmoid.prime


def bp1_reference(nabla_a_C: Array, z_L: Array) -> Array:
    r"""BP1: δ^L = ∇_a C ⊙ σ'(z^L) for a sigmoid output layer; arrays of shape (n_L, m)."""
    return bp1(nabla_a_C, z_L, "sigmoid")


def _saturate(z: Array, rng) -> Array:
    """``z`` with a third of its entries pushed to ±(30..40), one of them to +40 (where σ(z) rounds to 1),
    the rest left in the sensitive range."""
    z = z.copy()
    flat = z.reshape(-1)
    picks = rng.choice(flat.size, size=max(1, flat.size // 3), replace=False)
    flat[picks] = rng.choice([-1.0, 1.0], size=picks.size) * rng.uniform(30.0, 40.0, picks.size)
    flat[picks[0]] = 40.0
    return z


def _bp1_cases() -> list[Case]:
    rng = np.random.default_rng(30)
    cases = []
    for n_L, m, saturated in [(3, 1, False), (2, 5, False), (4, 3, False), (1, 4, False), (3, 3, False),
                              (4, 6, True), (3, 3, True)]:
        nabla = rng.standard_normal((n_L, m))
        z = rng.uniform(-3.0, 3.0, (n_L, m))
        label = f"n_L = {n_L}, m = {m}"
        if saturated:
            z, label = _saturate(z, rng), label + ", some neurons saturated (|z| up to 40)"
        cases.append(Case((nabla, z), label, m=m, tags=frozenset({"saturated"} if saturated else ())))
    return cases


_SP_LOOK = "Look at the derivative factor: which function, evaluated where, does BP1 multiply ∇_a C by?"
_BP1_MISTAKES = [
    Mistake("σ(z) in place of σ'(z)", lambda g, z: g * sigmoid.fn(z),
            "BP1 multiplies by the DERIVATIVE σ'(z^L) = σ(z^L)(1 − σ(z^L)), not by σ(z^L) itself.", _SP_LOOK),
    Mistake("σ'(a) in place of σ'(z) (the derivative taken at the activation)",
            lambda g, z: g * sp(sigmoid.fn(z)),
            "σ' is evaluated at the weighted input z^L: σ'(z^L) = σ(z^L)(1 − σ(z^L)). You took σ' of "
            "σ(z^L), the derivative at the wrong point. With a = σ(z), σ'(z) = a(1 − a), not σ'(a).", _SP_LOOK),
    Mistake("a missing σ'(z^L) (returning ∇_a C alone)", lambda g, z: g,
            "δ^L = ∂C/∂z^L, and z^L reaches C through a^L = σ(z^L): multiply ∂C/∂a^L by σ'(z^L).",
            "δ^L is ∂C/∂z^L, not ∂C/∂a^L: what links z^L to a^L?"),
    Mistake("σ'(z) written as σ(z)(1 + σ(z))", lambda g, z: g * sigmoid.fn(z) * (1 + sigmoid.fn(z)),
            "σ'(z) = σ(z)(1 − σ(z)): check the sign inside the bracket.", _SP_LOOK),
    Mistake("σ'(z) written as 1 − σ(z)² (the tanh formula)", lambda g, z: g * (1 - sigmoid.fn(z) ** 2),
            "1 − tanh² is the derivative of tanh. For the sigmoid, σ'(z) = σ(z)(1 − σ(z)).", _SP_LOOK),
    Mistake("σ'(z) written as z(1 − z)", lambda g, z: g * z * (1 - z),
            "σ'(z) = σ(z)(1 − σ(z)): apply σ first, then use the formula (a(1 − a) holds for a = σ(z)).", _SP_LOOK),
    Mistake("a wrong sign", lambda g, z: -g * sp(z),
            "BP1 has no minus sign: δ^L = ∇_a C ⊙ σ'(z^L).", "Look at the sign of your result."),
    Mistake("a matrix product in place of ⊙", lambda g, z: g @ sp(z).T,
            "⊙ is the entry-by-entry product (* in numpy), not the matrix product @: δ^L_j = (∇_a C)_j σ'(z^L_j).",
            "Look at the product: entry by entry, or matrix?"),
    Mistake("an approximate σ' (a finite difference?) where the exact formula is asked for", None,
            "Your numbers agree with BP1 to several digits, but not to the precision of the formula: a "
            "finite-difference σ' is off by its truncation and rounding errors. Use the exact derivative, "
            "σ'(z) = σ(z)(1 − σ(z)).",
            "Your numbers are close, but not exact: how did you compute σ'?", test=near_miss(rtol=1e-7)),
]

BP1 = Exercise(
    "BP1: δ^L = ∇_a C ⊙ σ'(z^L)", ("nabla_a_C", "z_L"), bp1_reference, _bp1_cases(), _BP1_MISTAKES,
    hint="δ^L = ∇_a C ⊙ σ'(z^L): compute σ'(z^L) = σ(z^L)(1 − σ(z^L)) with sigmoid.fn, then multiply entry by "
         "entry (*) with nabla_a_C; the result has the shape (n_L, m) of both arguments.",
    success="δ^L = ∇_a C ⊙ σ'(z^L) on every case, saturated neurons included.", rtol=1e-12, atol=1e-13,
    forbidden=[Forbidden(equations, "bp1", "bp1")])


def check_bp1(student) -> Result:
    """Check ``student(nabla_a_C, z_L)`` → δ^L = ∇_a C ⊙ σ'(z^L) for sigmoid, shapes (n_L, m), without ``bp1``."""
    return BP1.check(student)


def output_error_cross_entropy_reference(a: Array, y: Array, z: Array) -> Array:
    r"""δ^L = a^L − y for a sigmoid output layer with the cross-entropy cost (σ' has cancelled)."""
    return a - y


def _ce_cases() -> list[Case]:
    rng = np.random.default_rng(31)
    cases = []
    for n_L, m, targets, saturated in [(3, 1, "one-hot", False), (2, 5, "soft", False), (4, 3, "one-hot", False),
                                       (10, 2, "one-hot", False), (3, 4, "soft", True), (4, 4, "one-hot", True)]:
        z = rng.uniform(-3.0, 3.0, (n_L, m))
        if saturated:
            z = _saturate(z, rng)
        a = sigmoid.fn(z)
        if targets == "one-hot":
            y = np.eye(n_L)[:, rng.integers(0, n_L, m)]        # one column per example
        else:
            y = rng.uniform(0.0, 1.0, (n_L, m))
        label = f"n_L = {n_L}, m = {m}, {targets} targets" + (", some neurons saturated (|z| up to 40)"
                                                               if saturated else "")
        cases.append(Case((a, y, z), label, m=m, tags=frozenset({"saturated"} if saturated else ())))
    return cases


def uncancelled_signature(right, cases, values, exercise=None) -> bool:
    """The trace the uncancelled form leaves, for arguments (a, y, z): nan or inf wherever a = σ(z)
    rounded to exactly 1 (or 0); anything where |z| > 20 (there 1 − a has lost its digits to
    cancellation); and a − y everywhere else. A wrong number elsewhere is some other mistake."""
    if all(right):
        return False
    seen = False
    for case, value in zip(cases, values):
        a, y, z = case.args
        try:
            got = _values.conform(value, a - y).astype(float)
        except Exception:
            return False
        broken = (a == 1.0) | (a == 0.0)
        sound = np.abs(z) <= 20.0
        seen = seen or bool(broken.any())
        if np.any(np.isfinite(got[broken])) or not _values.leaf_close(got[sound], (a - y)[sound],
                                                                         _values.RTOL, _values.ATOL):
            return False
    return seen


_CE_LOOK = "Look at what is left after the cancellation: does any σ' survive?"
_CE_MISTAKES = [
    Mistake("the uncancelled form (a − y)/(a(1 − a)) · σ'(z)", None,
            "On paper (a − y)/(a(1 − a)) · σ'(z) equals a − y, but in floating point a = σ(z) rounds to exactly 1 "
            "once z ≳ 37, so a(1 − a) is 0 and the formula gives 0/0 or ∞ · 0. Do the cancellation by hand, "
            "σ'(z) = a(1 − a), and return a − y: that form never breaks, which is why BP1 for cross-entropy is "
            "written so.", "Your formula is right on paper: look at the test cases it fails on.",
            test=uncancelled_signature),
    Mistake("an extra σ'(z) (the quadratic cost's δ^L)", lambda a, y, z: (a - y) * sp(z),
            "With cross-entropy, ∂C/∂a = (a − y)/(a(1 − a)) and σ'(z) = a(1 − a) cancel it: δ^L = a − y, "
            "with no σ' left over.", _CE_LOOK),
    Mistake("σ(z) in place of σ'(z)", lambda a, y, z: (a - y) * sigmoid.fn(z),
            "There is no σ factor at all: σ'(z) = a(1 − a) cancels the denominator of ∂C/∂a, leaving a − y.",
            _CE_LOOK),
    Mistake("the gradient ∂C/∂a without σ'(z)", lambda a, y, z: (a - y) / (a * (1 - a)),
            "BP1 multiplies ∂C/∂a by σ'(z) = a(1 − a), which cancels the denominator.",
            "δ^L is ∂C/∂z^L, not ∂C/∂a^L."),
    Mistake("a factor 2 (2(a − y))", lambda a, y, z: 2 * (a - y),
            "The cross-entropy has no square, so no factor 2 appears: δ^L = a − y.", "Look at the constant factor."),
    Mistake("a factor ½ ((a − y)/2)", lambda a, y, z: (a - y) / 2,
            "δ^L = a − y exactly: no ½ (the ½ belongs to the quadratic cost, where it cancels a 2).",
            "Look at the constant factor."),
    Mistake("a wrong sign (y − a)", lambda a, y, z: y - a,
            "δ^L = a − y: output minus target. With y − a, gradient descent would climb the cost.",
            "Look at the sign of your result."),
    Mistake("summing over the batch (one column instead of one per example)",
            lambda a, y, z: np.sum(a - y, axis=1, keepdims=True),
            "δ^L has one column per example, shape (n_L, m), like a and y: do not sum over axis 1.",
            "Look at the shape: one column per example."),
    Mistake("averaging over the batch (one column instead of one per example)",
            lambda a, y, z: np.mean(a - y, axis=1, keepdims=True),
            "δ^L has one column per example, shape (n_L, m); the averaging over the batch happens later, in BP3/BP4.",
            "Look at the shape: one column per example."),
]

OUTPUT_ERROR_CE = Exercise(
    "δ^L for sigmoid + cross-entropy", ("a", "y", "z"), output_error_cross_entropy_reference, _ce_cases(),
    _CE_MISTAKES,
    hint="BP1: δ^L = ∇_a C ⊙ σ'(z^L). Work out ∂C/∂a_j = (a_j − y_j)/(a_j(1 − a_j)) for cross-entropy, write "
         "σ'(z) = a(1 − a), and cancel before you write any code.",
    success="δ^L = a^L − y: σ'(z^L) cancelled, and the result stays finite for saturated neurons.",
    forbidden=[Forbidden(Network, "output_error", "Network.output_error"),
               Forbidden(costs, "output_error_rule", "costs.output_error_rule")])


def check_output_error_cross_entropy(student) -> Result:
    """Check ``student(a, y, z)`` → δ^L = a − y for sigmoid + cross-entropy (a = σ(z), shapes (n_L, m))."""
    return OUTPUT_ERROR_CE.check(student)
