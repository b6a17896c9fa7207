r"""Checkers for notebook 02: the quadratic cost, the directional derivative, the chain rule over paths."""

from __future__ import annotations

import numpy as np

from bpcourse import costs, equations, gradcheck
from bpcourse.activations import sigmoid
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result, near_miss
from bpcourse.network import Network

Array = np.ndarray


# -- quadratic cost of a batch ---------------------------------------------------------------

def quadratic_cost_reference(A: Array, Y: Array) -> float:
    r"""C = (1/m) Σ_x ½ ‖y(x) − a(x)‖², for A and Y of shape (n_L, m) (columns are examples)."""
    m = A.shape[1]
    return float(np.sum(0.5 * np.sum((Y - A) ** 2, axis=0)) / m)


def _cost_cases() -> list[Case]:
    rng = np.random.default_rng(20)
    cases = []
    for n_L, m in [(3, 5), (2, 1), (4, 7), (1, 6), (3, 3)]:
        A = rng.uniform(0.0, 1.0, (n_L, m))
        Y = rng.uniform(0.0, 1.0, (n_L, m))           # soft targets
        cases.append(Case((A, Y), f"n_L = {n_L} outputs, m = {m} example{'s' if m > 1 else ''}, soft targets", m=m))
    A = rng.uniform(0.0, 1.0, (4, 6))
    Y = np.eye(4)[:, rng.integers(0, 4, 6)]          # one-hot targets
    cases.append(Case((A, Y), "n_L = 4 outputs, m = 6 examples, one-hot targets", m=6))
    return cases


_COST_MISTAKES = [
    Mistake("the per-example costs C_x (no average over the batch)",
            lambda A, Y: 0.5 * np.sum((Y - A) ** 2, axis=0),
            "Those are the costs C_x of each example; the cost of the batch is their mean, one number: "
            "average over the m columns.", "The exercise asks for one number for the whole batch."),
    Mistake("a missing ½ (your cost is twice the right one)",
            lambda A, Y: float(np.mean(np.sum((Y - A) ** 2, axis=0))),
            "C_x = ½‖y − a‖²: the ½ is there so that the derivative a − y has no factor 2."),
    Mistake("summing over the batch instead of averaging",
            lambda A, Y: float(np.sum(0.5 * np.sum((Y - A) ** 2, axis=0))),
            "C is the mean of C_x over the m examples (columns): divide the sum by m = A.shape[1]."),
    Mistake("averaging over the wrong axis (over the output neurons instead of the examples)",
            lambda A, Y: float(np.mean(0.5 * np.sum((Y - A) ** 2, axis=1))),
            "Columns are examples: ‖y − a‖² sums over the rows (axis=0) of each column; then average "
            "over the m columns, not over the n_L rows."),
    Mistake("a mean over every entry (dividing by n_L · m instead of m)",
            lambda A, Y: float(np.mean(0.5 * (Y - A) ** 2)),
            "np.mean over the whole array also divides by the number of output neurons n_L. Sum over the "
            "neurons of each example first (axis=0), then average over the examples."),
    Mistake("a missing square (‖y − a‖ instead of ‖y − a‖²)",
            lambda A, Y: float(np.mean(0.5 * np.sqrt(np.sum((Y - A) ** 2, axis=0)))),
            "The quadratic cost uses the squared norm: ½ Σ_j (y_j − a_j)²."),
    Mistake("a missing ½ and a mean over every entry",
            lambda A, Y: float(np.mean((Y - A) ** 2)),
            "That is the 'mean squared error' of other libraries: it divides by n_L · m and has no ½. "
            "Ours is (1/m) Σ_x ½‖y − a‖²."),
]


QUADRATIC_COST = Exercise(
    "quadratic cost of a batch", ("A", "Y"), quadratic_cost_reference, _cost_cases(), _COST_MISTAKES,
    hint="C = (1/m) Σ_x ½‖y(x) − a(x)‖²: square the differences, sum them over the neurons of each column "
         "(axis=0), halve, then average over the m columns.",
    success="C = (1/m) Σ_x ½‖y(x) − a(x)‖² on every batch.",
    forbidden=[Forbidden(costs, "quadratic", "costs.quadratic"), Forbidden(Network, "cost", "Network.cost")])


def check_quadratic_cost(student) -> Result:
    """Check ``student(A, Y)`` → C = (1/m) Σ_x ½‖y(x) − a(x)‖², a number, for batches of shape (n_L, m)."""
    return QUADRATIC_COST.check(student)


# -- directional derivative -------------------------------------------------------------------

def directional_derivative_reference(grad_C: Array, v: Array) -> float:
    r"""D_u C = ∇C · u with u = v / ‖v‖; ``grad_C`` and ``v`` have the same shape (any shape)."""
    u = v / np.sqrt(np.sum(v ** 2))
    return float(np.sum(grad_C * u))


def _directional_cases() -> list[Case]:
    rng = np.random.default_rng(21)
    cases = []
    for shape, label in [((2,), "vectors of shape (2,)"), ((3, 1), "columns of shape (3, 1)"),
                         ((5,), "vectors of shape (5,)"), ((2, 3), "matrices of shape (2, 3), like a W")]:
        grad = rng.standard_normal(shape)
        v = rng.standard_normal(shape) * 2.5          # not a unit vector: the student must normalise
        cases.append(Case((grad, v), label))
    return cases


_DIRECTIONAL_MISTAKES = [
    Mistake("forgetting to normalise v", lambda g, v: float(np.sum(g * v)),
            "D_u C uses a UNIT vector u = v / ‖v‖; ∇C · v is ‖v‖ times too large."),
    Mistake("dividing by ‖v‖² instead of ‖v‖", lambda g, v: float(np.sum(g * v) / np.sum(v ** 2)),
            "u = v / ‖v‖ with ‖v‖ = sqrt(Σ v_i²): divide by the norm, not by its square."),
    Mistake("a wrong sign", lambda g, v: -directional_derivative_reference(g, v),
            "D_u C = +∇C · u: the minus sign belongs to the step −η∇C, not to the derivative."),
    Mistake("returning the elementwise products instead of their sum",
            lambda g, v: g * v / np.sqrt(np.sum(v ** 2)),
            "A dot product is one number: Σ_i (∇C)_i u_i. Sum the products (np.sum(grad_C * u))."),
    Mistake("returning ‖∇C‖ (the steepest slope) whatever the direction",
            lambda g, v: float(np.sqrt(np.sum(g ** 2))),
            "‖∇C‖ is the largest D_u C, reached only for u along ∇C. Use the given direction v."),
]


DIRECTIONAL = Exercise(
    "directional derivative", ("grad_C", "v"), directional_derivative_reference, _directional_cases(),
    _DIRECTIONAL_MISTAKES,
    hint="D_u C = ∇C · u = Σ_i (∇C)_i u_i with the unit vector u = v / ‖v‖, ‖v‖ = sqrt(Σ_i v_i²), summed over "
         "every entry whatever the arrays' shape.",
    success="D_u C = ∇C · v/‖v‖ for vectors, columns and matrices.")


def check_directional_derivative(student) -> Result:
    """Check ``student(grad_C, v)`` → D_u C = ∇C · u with u = v / ‖v‖ (arrays of any equal shape)."""
    return DIRECTIONAL.check(student)


# -- chain rule as a sum over paths ------------------------------------------------------------

def chain_rule_network(seed: int = 0) -> Network:
    """The tiny 2-2-2 sigmoid network with quadratic cost used for the sum over paths."""
    return Network([2, 2, 2], activation="sigmoid", cost="quadratic", seed=seed)


def dC_dw2_11_reference(net: Network, x: Array, y: Array) -> float:
    r"""∂C/∂w^2_11 = Σ_k (a^3_k − y_k) σ'(z^3_k) w^3_k1 σ'(z^2_1) x_1: one term per path through output k.

    For one example x (shape (2, 1)) and C = ½‖a^3 − y‖² in a 2-2-2 sigmoid network.
    """
    cache = net.forward(x)
    a3, z3, z2, a1 = cache.a(3), cache.z(3), cache.z(2), cache.a(1)
    W3 = net.W(3)
    return float(sum((a3[k, 0] - y[k, 0]) * sigmoid.prime(z3[k, 0]) * W3[k, 0] * sigmoid.prime(z2[0, 0]) * a1[0, 0]
                     for k in range(2)))          # k = 0, 1: the paths through output neurons 1 and 2


def _path_terms(net, x, y, *, sp3=None, w3=None, sp2=None, factor=1.0, paths=(0, 1)):
    cache = net.forward(x)
    a3, z3, z2, a1 = cache.a(3), cache.z(3), cache.z(2), cache.a(1)
    W3 = net.W(3)
    sp3 = sp3 or (lambda z: sigmoid.prime(z))
    sp2 = sp2 or (lambda z: sigmoid.prime(z))
    w3 = w3 or (lambda k: W3[k, 0])
    return float(sum(factor * (a3[k, 0] - y[k, 0]) * sp3(z3[k, 0]) * w3(k) * sp2(z2[0, 0]) * a1[0, 0]
                     for k in paths))


def _paths_cases() -> list[Case]:
    rng = np.random.default_rng(22)
    cases = []
    for seed in (3, 11, 27, 40):
        net = chain_rule_network(seed)
        net.W(3)[:] += np.array([[0.0, 0.7], [-0.9, 0.0]])     # make w^3_12 and w^3_21 clearly differ
        x = rng.uniform(-1.0, 1.0, (2, 1))
        y = rng.uniform(0.0, 1.0, (2, 1))
        cases.append(Case((net, x, y), f"network seed {seed}"))
    return cases


_PATHS_MISTAKES = [
    Mistake("only the path through output neuron 1",
            lambda net, x, y: _path_terms(net, x, y, paths=(0,)),
            "a^2_1 feeds BOTH output neurons, so w^2_11 reaches C along two paths: add the term "
            "through z^3_2 as well (sum over k of the path products)."),
    Mistake("only the path through output neuron 2",
            lambda net, x, y: _path_terms(net, x, y, paths=(1,)),
            "Sum over both output neurons k = 1, 2: every path from w^2_11 to C contributes."),
    Mistake("the weight with its indices swapped (w^3_1k instead of w^3_k1)",
            lambda net, x, y: _path_terms(net, x, y, w3=lambda k: net.W(3)[0, k]),
            "w^3_{jk} joins neuron k of layer 2 to neuron j of layer 3. The path from a^2_1 to z^3_k "
            "uses w^3_{k1} = W3[k, 0], a column of W^3, not a row."),
    Mistake("a missing σ'(z^2_1) on the hidden neuron",
            lambda net, x, y: _path_terms(net, x, y, sp2=lambda z: 1.0),
            "Each path passes through a^2_1 = σ(z^2_1): its local derivative ∂a^2_1/∂z^2_1 = σ'(z^2_1) is a factor."),
    Mistake("a missing σ'(z^3_k) on the output neurons",
            lambda net, x, y: _path_terms(net, x, y, sp3=lambda z: 1.0),
            "Each path passes through a^3_k = σ(z^3_k): multiply by σ'(z^3_k)."),
    Mistake("σ'(a) in place of σ'(z) (the derivative taken at the activation)",
            lambda net, x, y: _path_terms(net, x, y, sp3=lambda z: sigmoid.prime(sigmoid.fn(z)),
                                          sp2=lambda z: sigmoid.prime(sigmoid.fn(z))),
            "σ' is evaluated at the weighted input: σ'(z) = σ(z)(1 − σ(z)) = a(1 − a). sigmoid.prime(a) is "
            "σ'(σ(z)), the derivative at the wrong point: use sigmoid.prime(z), or a * (1 - a)."),
    Mistake("σ(z) in place of σ'(z)",
            lambda net, x, y: _path_terms(net, x, y, sp3=sigmoid.fn, sp2=sigmoid.fn),
            "The local derivative of a = σ(z) is σ'(z) = σ(z)(1 − σ(z)), not σ(z)."),
    Mistake("a factor 2 (the ½ of the cost forgotten)",
            lambda net, x, y: _path_terms(net, x, y, factor=2.0),
            "C = ½‖a^3 − y‖², so ∂C/∂a^3_k = a^3_k − y_k with no factor 2."),
    Mistake("a wrong sign (y − a instead of a − y)",
            lambda net, x, y: _path_terms(net, x, y, factor=-1.0),
            "∂C/∂a^3_k = a^3_k − y_k: the derivative of ½(a − y)² with respect to a."),
    Mistake("a^2_1 in place of x_1 at the start of the path",
            lambda net, x, y: _path_terms(net, x, y) / x[0, 0] * net.forward(x).a(2)[0, 0],
            "z^2_1 = w^2_11 x_1 + w^2_12 x_2 + b^2_1, so ∂z^2_1/∂w^2_11 = x_1 = a^1_1, the input."),
    Mistake("an approximation (a finite difference?) where the exact value is asked for", None,
            "Your numbers agree with the exact ones to several digits, but not to the precision of the chain rule: "
            "a finite-difference estimate is off by its truncation and rounding errors (notebook 07). The exercise "
            "asks for the exact derivative, the product of the local derivatives.",
            "Your numbers are close, but not exact: how did you compute them?", test=near_miss()),
]


CHAIN_RULE = Exercise(
    "chain rule: sum over paths", ("net", "x", "y"), dC_dw2_11_reference, _paths_cases(), _PATHS_MISTAKES,
    hint="w^2_11 → z^2_1 → a^2_1 → z^3_k → a^3_k → C for k = 1, 2: multiply the local derivatives along "
         "each path (x_1, σ'(z^2_1), w^3_k1, σ'(z^3_k), a^3_k − y_k) and add the two paths.",
    success="∂C/∂w^2_11 as the sum of the two path products, on every network.", rtol=1e-9,
    forbidden=[Forbidden(Network, "backprop", "Network.backprop"), Forbidden(Network, "errors", "Network.errors"),
               Forbidden(Network, "gradients", "Network.gradients"),
               Forbidden(gradcheck, "numerical_gradient", "gradcheck.numerical_gradient"),
               Forbidden(Network, "output_error", "Network.output_error"),
               Forbidden(equations, "bp1", "bp1"), Forbidden(equations, "bp2", "bp2"),
               Forbidden(equations, "bp4", "bp4")])


def check_chain_rule_paths(student) -> Result:
    """Check ``student(net, x, y)`` → ∂C/∂w^2_11 for a 2-2-2 sigmoid network and one example.

    ``net`` is a ``Network([2, 2, 2])`` with quadratic cost; x, y have shape (2, 1). Each call
    gets its own copy of the network, so changing it does no harm. ``net.backprop``, ``net.errors``,
    ``net.gradients``, ``net.output_error``, the equations ``bp1``, ``bp2``, ``bp4`` and
    ``numerical_gradient`` are off limits: the answer is the sum of the path products.
    """
    return CHAIN_RULE.check(student)
