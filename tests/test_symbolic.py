"""bpcourse.symbolic: the symbolic network is the numeric one, and SymPy's derivatives of it are the gradients."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from bpcourse import Network
from bpcourse.gradcheck import numerical_gradient
from bpcourse.symbolic import SymbolicNetwork, sigma, sigma_prime


def _data(sizes, m, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1, (sizes[0], m)), rng.uniform(0.05, 0.95, (sizes[-1], m))


def _value(expr, values) -> float:
    return float(expr.xreplace(values))


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("m", [1, 3])
def test_symbolic_cost_is_the_network_cost(cost, m):
    sizes = [2, 3, 2]
    sym = SymbolicNetwork(sizes, activation="sigmoid", cost=cost, examples=m)
    net = Network(sizes, cost=cost, seed=4)
    X, Y = _data(sizes, m, seed=5)
    assert _value(sym.cost(), sym.values(net, X, Y)) == pytest.approx(net.cost(X, Y), rel=1e-12)


def test_sympy_gradient_of_the_symbolic_cost_matches_finite_differences():
    sizes = [2, 2, 2]
    sym = SymbolicNetwork(sizes, activation="sigmoid", examples=2)
    net = Network(sizes, seed=6)
    X, Y = _data(sizes, 2, seed=7)
    values = sym.values(net, X, Y)
    C = sym.cost()
    num_W, num_b = numerical_gradient(net, X, Y)
    for l in net.layers:
        exact_W = np.array([[_value(sp.diff(C, w), values) for w in sym.W(l).row(r)] for r in range(sym.W(l).rows)])
        exact_b = np.array([[_value(sp.diff(C, b), values)] for b in sym.b(l)])
        np.testing.assert_allclose(exact_W, num_W[l - 2], rtol=1e-6, atol=1e-10)   # num_W[l - 2] is layer l
        np.testing.assert_allclose(exact_b, num_b[l - 2], rtol=1e-6, atol=1e-10)


def test_symbols_are_named_with_the_course_indices():
    sym = SymbolicNetwork([3, 2, 12], examples=2)
    assert sym.W(2)[1, 2] == sp.Symbol("w^2_23")              # w^l_jk is W(l)[j-1, k-1]
    assert sym.W(3)[10, 1] == sp.Symbol("w^3_11,2")           # two-digit indices get a comma
    assert sym.b(3)[4] == sp.Symbol("b^3_5")
    assert sym.X[2, 1] == sp.Symbol("x_3,2") and sym.Y.shape == (12, 2)
    assert len(sym.parameters) == 3 * 2 + 2 + 2 * 12 + 12


def test_the_abstract_activation_knows_only_its_derivative():
    t = sp.Symbol("t")
    assert sp.diff(sigma(3 * t), t) == 3 * sigma_prime(3 * t)
    assert sp.diff(sigma_prime(t), t) != 0                      # σ'' is left unevaluated, not zero
    assert "σ'" in str(sigma_prime(t)) and r"\sigma'" in sp.latex(sigma_prime(t))


def test_sigmoid_derivative_formula_is_sympys_derivative():
    sym = SymbolicNetwork([1, 1], activation="sigmoid")
    z = sp.Symbol("z")
    by_sympy = sp.diff(sym.sigma(sp.Matrix([z]))[0], z)
    assert sp.simplify(by_sympy - sym.sigma_prime(sp.Matrix([z]))[0]) == 0


def test_a_nudge_adds_to_one_weighted_input_only():
    sym = SymbolicNetwork([2, 3, 2], examples=2)
    dz = sp.Symbol("dz")
    z, _ = sym.forward()
    z_nudged, _ = sym.forward(nudge=(2, 3, dz))
    assert sp.expand(z_nudged[2] - z[2]) == sp.Matrix([[0, 0], [0, 0], [dz, dz]])
    assert sym.cost(nudge=(2, 3, 0)) == sym.cost()


def test_bp1_and_bp2_agree_with_sympys_derivative_and_a_missing_transpose_does_not():
    sym = SymbolicNetwork([2, 2, 2])
    z, a = sym.forward()
    d3 = (a[3] - sym.Y).multiply_elementwise(sym.sigma_prime(z[3]))
    d2 = (sym.W(3).T * d3).multiply_elementwise(sym.sigma_prime(z[2]))
    wrong = (sym.W(3) * d3).multiply_elementwise(sym.sigma_prime(z[2]))
    dz = sp.Symbol("dz")
    for j in (1, 2):
        exact = sp.diff(sym.cost(nudge=(2, j, dz)), dz).subs(dz, 0)
        assert sp.expand(exact - d2[j - 1]) == 0
        assert sp.expand(exact - wrong[j - 1]) != 0


@pytest.mark.parametrize("kwargs, message", [
    (dict(sizes=[2]), "at least two"),
    (dict(sizes="23"), "at least two"),
    (dict(sizes=[2, 0]), "layer 2"),
    (dict(sizes=[2, 1.5]), "layer 2"),
    (dict(sizes=[2, 2], activation="tanh"), "activation"),
    (dict(sizes=[2, 2], cost="hinge"), "cost"),
    (dict(sizes=[2, 2], examples=0), "examples"),
])
def test_bad_arguments_say_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SymbolicNetwork(**kwargs)


def test_bad_layer_nudge_and_values_say_what_is_wrong():
    sym = SymbolicNetwork([2, 2])
    with pytest.raises(ValueError, match="layer l"):
        sym.W(1)
    with pytest.raises(ValueError, match="neurons j = 1..2"):
        sym.forward(nudge=(2, 3, 0.1))
    with pytest.raises(ValueError, match="sizes"):
        sym.values(Network([2, 3]), np.zeros((2, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="X must have shape"):
        sym.values(Network([2, 2]), np.zeros((2, 2)), np.zeros((2, 1)))
