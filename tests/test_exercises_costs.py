"""Checkers of notebook 02 accept the right answers and name the usual mistakes."""

import numpy as np
import pytest

from bpcourse.activations import sigmoid
from bpcourse.exercises import check_chain_rule_paths, check_directional_derivative, check_quadratic_cost
from bpcourse.exercises.costs import chain_rule_network, dC_dw2_11_reference, quadratic_cost_reference

ALL_CHECKERS = [check_quadratic_cost, check_directional_derivative, check_chain_rule_paths]


# -- the references are right ------------------------------------------------------------------

def test_quadratic_reference_is_networks_cost():
    from bpcourse import Network
    rng = np.random.default_rng(1)
    net = Network([3, 4, 2], seed=5)
    X, Y = rng.uniform(-1, 1, (3, 7)), rng.uniform(0, 1, (2, 7))
    assert np.isclose(quadratic_cost_reference(net.feedforward(X), Y), net.cost(X, Y))


def test_chain_rule_reference_is_backprop():
    rng = np.random.default_rng(2)
    for seed in range(4):
        net = chain_rule_network(seed)
        x, y = rng.uniform(-1, 1, (2, 1)), rng.uniform(0, 1, (2, 1))
        assert np.isclose(dC_dw2_11_reference(net, x, y), net.backprop(x, y)[0][0][0, 0])


# -- right answers pass ------------------------------------------------------------------------

def quadratic_ok(A, Y):
    return np.mean(0.5 * np.linalg.norm(Y - A, axis=0) ** 2)


def directional_ok(grad_C, v):
    return float(np.vdot(grad_C, v) / np.linalg.norm(v.ravel()))


def paths_ok(net, x, y):
    zs, acts = net.forward(x)
    z2, z3 = zs
    a3 = acts[2]
    delta3 = (a3 - y) * sigmoid.prime(z3)                       # shared end of both paths
    return float(np.sum(delta3[:, 0] * net.W(3)[:, 0]) * sigmoid.prime(z2[0, 0]) * x[0, 0])


@pytest.mark.parametrize("checker, answer", [(check_quadratic_cost, quadratic_ok),
                                             (check_directional_derivative, directional_ok),
                                             (check_chain_rule_paths, paths_ok)])
def test_correct_answers_pass(checker, answer):
    result = checker(answer)
    assert result.passed, str(result)
    assert result.mistake is None


# -- mistakes are named ------------------------------------------------------------------------

QUADRATIC_MISTAKES = [
    (lambda A, Y: np.mean(np.sum((A - Y) ** 2, axis=0)), "missing ½", "½"),
    (lambda A, Y: np.sum(0.5 * np.sum((A - Y) ** 2, axis=0)), "summing over the batch", "divide the sum by m"),
    (lambda A, Y: np.mean(0.5 * np.sum((A - Y) ** 2, axis=1)), "wrong axis", "axis=0"),
    (lambda A, Y: 0.5 * np.mean((A - Y) ** 2), "mean over every entry", "n_L"),
    (lambda A, Y: np.mean((A - Y) ** 2), "mean over every entry", "n_L · m"),
    (lambda A, Y: 0.5 * np.mean(np.linalg.norm(A - Y, axis=0)), "missing square", "squared"),
]


@pytest.mark.parametrize("wrong, mistake, advice", QUADRATIC_MISTAKES)
def test_quadratic_mistakes_named(wrong, mistake, advice):
    result = check_quadratic_cost(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


DIRECTIONAL_MISTAKES = [
    (lambda g, v: np.sum(g * v), "forgetting to normalise", "v / ‖v‖"),
    (lambda g, v: np.sum(g * v) / np.sum(v * v), "‖v‖²", "not by its square"),
    (lambda g, v: -np.sum(g * v) / np.linalg.norm(v), "wrong sign", "+∇C · u"),
    (lambda g, v: g * v / np.linalg.norm(v), "elementwise products", "np.sum"),
    (lambda g, v: np.linalg.norm(g), "steepest slope", "largest"),
]


@pytest.mark.parametrize("wrong, mistake, advice", DIRECTIONAL_MISTAKES)
def test_directional_mistakes_named(wrong, mistake, advice):
    result = check_directional_derivative(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


def _paths(net, x, y, *, ks=(0, 1), w=None, sp_hidden=True, sp_out=True, use_sigma=False, factor=1.0,
           start=None):
    (z2, z3), (a1, a2, a3) = net.forward(x)
    d = sigmoid.fn if use_sigma else sigmoid.prime
    W3 = net.W(3)
    total = 0.0
    for k in ks:
        weight = W3[k, 0] if w is None else w(W3, k)
        term = factor * (a3[k, 0] - y[k, 0]) * weight
        term *= d(z3[k, 0]) if sp_out else 1.0
        term *= d(z2[0, 0]) if sp_hidden else 1.0
        term *= x[0, 0] if start is None else start(a2)
        total += term
    return total


PATHS_MISTAKES = [
    (lambda n, x, y: _paths(n, x, y, ks=(0,)), "only the path through output neuron 1", "two paths"),
    (lambda n, x, y: _paths(n, x, y, ks=(1,)), "only the path through output neuron 2", "Sum over both"),
    (lambda n, x, y: _paths(n, x, y, w=lambda W, k: W[0, k]), "indices swapped", "W3[k, 0]"),
    (lambda n, x, y: _paths(n, x, y, sp_hidden=False), "missing σ'(z^2_1)", "σ'(z^2_1)"),
    (lambda n, x, y: _paths(n, x, y, sp_out=False), "missing σ'(z^3_k)", "σ'(z^3_k)"),
    (lambda n, x, y: _paths(n, x, y, use_sigma=True), "σ(z) in place of σ'(z)", "σ(z)(1 − σ(z))"),
    (lambda n, x, y: _paths(n, x, y, factor=2.0), "factor 2", "no factor 2"),
    (lambda n, x, y: _paths(n, x, y, factor=-1.0), "wrong sign", "a^3_k − y_k"),
    (lambda n, x, y: _paths(n, x, y, start=lambda a2: a2[0, 0]), "a^2_1 in place of x_1", "x_1"),
]


@pytest.mark.parametrize("wrong, mistake, advice", PATHS_MISTAKES)
def test_chain_rule_mistakes_named(wrong, mistake, advice):
    result = check_chain_rule_paths(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


def test_student_may_modify_the_network_without_harm():
    def vandal(net, x, y):
        value = dC_dw2_11_reference(net, x, y)
        net.W(3)[:] = 0.0                                        # changes only its own copy
        return value
    assert check_chain_rule_paths(vandal).passed


# -- bad answers never raise -------------------------------------------------------------------

def _raises(*args):
    raise ValueError("operands could not be broadcast together")


def _stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("checker", ALL_CHECKERS)
def test_stub_raising_none_and_not_callable(checker):
    stub = checker(_stub)
    assert not stub.passed and "not written yet" in stub.message
    raised = checker(_raises)
    assert not raised.passed and "ValueError" in raised.message
    none = checker(lambda *args: None)
    assert not none.passed and "None" in none.message
    not_fn = checker(3.0)
    assert not not_fn.passed and "function" in not_fn.message
    html = raised._repr_html_()
    assert "Not yet" in html


def test_wrong_shapes_get_a_message():
    r = check_quadratic_cost(lambda A, Y: 0.5 * np.sum((A - Y) ** 2, axis=0))      # per-example costs, not C
    assert not r.passed and r.mistake.startswith("the per-example costs") and "shape (5,)" in r.message
    r = check_directional_derivative(lambda g, v: np.array([[1.0, 2.0]]))
    assert not r.passed and "shape" in r.message
    r = check_chain_rule_paths(lambda net, x, y: np.zeros((2, 2)))
    assert not r.passed and "shape" in r.message


def test_unrecognised_wrong_numbers_get_a_generic_hint():
    r = check_quadratic_cost(lambda A, Y: 0.123)
    assert not r.passed and r.mistake is None and "numbers are wrong" in r.message
