"""The checkers of notebooks 00 and 01 accept right answers, name wrong ones, and never raise."""

import numpy as np
import pytest

from bpcourse import Network
from bpcourse.activations import sigmoid
from bpcourse.exercises import (
    Result,
    check_feedforward,
    check_layer_forward,
    check_rowmajor_index,
    check_rowmajor_z,
)
from bpcourse.exercises.forward import _layer_cases, _net_cases, feedforward, layer_forward
from bpcourse.exercises.notation import INDEX_CASES, _z_cases, rowmajor_index, rowmajor_z

# -- the references agree with the package ------------------------------------------------


@pytest.mark.parametrize("sizes, m", [([3, 4, 2], 1), ([2, 3, 3, 2], 5), ([5, 1, 4], 3)])
def test_references_match_network(sizes, m):
    net = Network(sizes, seed=3)
    X = np.random.default_rng(4).standard_normal((sizes[0], m))
    zs, acts = net.forward(X)
    assert np.allclose(feedforward(net.weights, net.biases, X), acts[-1])
    for l in range(2, net.L + 1):
        assert np.allclose(layer_forward(net.W(l), acts[l - 2], net.b(l), sigmoid.fn), acts[l - 1])
        # row-major: one example per row, Z = A W^T + b^T is zs transposed
        assert np.allclose(rowmajor_z(acts[l - 2].T, net.W(l), net.b(l)), zs[l - 2].T)


def test_rowmajor_index_points_at_the_same_number():
    net = Network([3, 4, 2, 6, 5], seed=0)
    weights_rm = [W.T for W in net.weights]
    for l in range(2, net.L + 1):
        for j in range(1, net.sizes[l - 1] + 1):
            for k in range(1, net.sizes[l - 2] + 1):
                i, r, c = rowmajor_index(l, j, k)
                assert weights_rm[i][r, c] == net.W(l)[j - 1, k - 1]


def test_cases_are_valid_for_the_references():
    for case in _layer_cases():
        args = case.args
        assert layer_forward(*args).shape == (args[0].shape[0], args[1].shape[1])
    for Ws, bs, X in (c.args for c in _net_cases()):
        assert feedforward(Ws, bs, X).shape == (Ws[-1].shape[0], X.shape[1])
    assert any(c.args[2].shape[1] > 1 for c in _net_cases())
    for A, W, b in (c.args for c in _z_cases()):
        assert rowmajor_z(A, W, b).shape == (A.shape[0], W.shape[0])
    assert len(INDEX_CASES) >= 4


# -- right answers pass ---------------------------------------------------------------


def test_right_answers_pass():
    def my_layer_forward(W, a_prev, b, sigma):
        return sigma(np.dot(W, a_prev) + b)

    def my_feedforward(weights, biases, X):
        a = X
        for W, b in zip(weights, biases):
            a = 1.0 / (1.0 + np.exp(-(W @ a + b)))
        return a

    def my_rowmajor_z(A_prev, W, b):
        return (W @ A_prev.T + b).T

    for check, fn in [(check_layer_forward, my_layer_forward), (check_feedforward, my_feedforward),
                      (check_rowmajor_index, lambda l, j, k: [l - 2, k - 1, j - 1]),
                      (check_rowmajor_z, my_rowmajor_z)]:
        result = check(fn)
        assert isinstance(result, Result)
        assert result.passed, str(result)
        assert result.mistake is None


# -- known mistakes are named ---------------------------------------------------------------

LAYER_WRONG = {
    "W transposed": (lambda W, a, b, s: s(W.T @ a + b), "no transpose"),
    "forgotten bias": (lambda W, a, b, s: s(W @ a), "add b"),
    "σ applied twice": (lambda W, a, b, s: s(s(W @ a + b)), "once"),
    "σ not applied": (lambda W, a, b, s: W @ a + b, "sigma(z)"),
    "bias added after σ": (lambda W, a, b, s: s(W @ a) + b, "inside σ"),
    "hard-coded sigmoid": (lambda W, a, b, s: 1 / (1 + np.exp(-(W @ a + b))), "tanh"),
}


@pytest.mark.parametrize("name", sorted(LAYER_WRONG))
def test_layer_mistakes_are_named(name):
    wrong, advice = LAYER_WRONG[name]
    result = check_layer_forward(wrong)
    assert not result.passed
    assert result.mistake is not None and name.split()[-1] in result.mistake
    assert advice in "\n".join(result.steps)


def _ff(layer, last=None):
    def f(weights, biases, X):
        a = X
        for i, (W, b) in enumerate(zip(weights, biases)):
            a = (last if last and i == len(weights) - 1 else layer)(W, a, b)
        return a
    return f


def _return_in_loop(weights, biases, X):
    a = X
    for W, b in zip(weights, biases):
        a = sigmoid.fn(W @ a + b)
        return a


def _cache(weights, biases, X):
    zs, activations = [], [X]
    for W, b in zip(weights, biases):
        zs.append(W @ activations[-1] + b)
        activations.append(1 / (1 + np.exp(-zs[-1])))
    return zs, activations


FF_WRONG = {
    "transposed": (_ff(lambda W, a, b: sigmoid.fn(W.T @ a + b)), "no transpose"),
    "biases": (_ff(lambda W, a, b: sigmoid.fn(W @ a)), "bias"),
    "twice": (_ff(lambda W, a, b: sigmoid.fn(sigmoid.fn(W @ a + b))), "once per layer"),
    "never applied": (_ff(lambda W, a, b: W @ a + b), "not z"),
    "output layer": (_ff(lambda W, a, b: sigmoid.fn(W @ a + b), last=lambda W, a, b: W @ a + b), "σ(z^L)"),
    "return inside the loop": (_return_in_loop, "out of the for loop"),
    "list of all activations": (lambda Ws, bs, X: _cache(Ws, bs, X)[1], "the last one"),
    "like Network.forward": (_cache, "activations[-1]"),
}


@pytest.mark.parametrize("name", sorted(FF_WRONG))
def test_feedforward_mistakes_are_named(name):
    wrong, advice = FF_WRONG[name]
    result = check_feedforward(wrong)
    assert not result.passed
    assert result.mistake is not None and name in result.mistake
    assert advice in "\n".join(result.steps)


INDEX_WRONG = {
    "j and k swapped": (lambda l, j, k: (l - 2, j - 1, k - 1), "row k"),
    "off by one (l - 1)": (lambda l, j, k: (l - 1, k - 1, j - 1), "l - 2"),
    "off by one (l)": (lambda l, j, k: (l, k - 1, j - 1), "l - 2"),
    "counted from 1": (lambda l, j, k: (l - 2, k, j), "counts from 0"),
}


@pytest.mark.parametrize("name", sorted(INDEX_WRONG))
def test_index_mistakes_are_named(name):
    wrong, advice = INDEX_WRONG[name]
    result = check_rowmajor_index(wrong)
    assert not result.passed
    assert result.mistake is not None and name in result.mistake
    assert advice in "\n".join(result.steps)


Z_WRONG = {
    "not transposed": (lambda A, W, b: A @ W + b.T, "A_prev @ W.T"),
    "column-form": (lambda A, W, b: W @ A.T + b, "one example per row"),
    "forgotten bias": (lambda A, W, b: A @ W.T, "b.T"),
    "as a column": (lambda A, W, b: A @ W.T + b, "b.T"),
    "σ applied": (lambda A, W, b: 1 / (1 + np.exp(-(A @ W.T + b.T))), "before σ"),
}


@pytest.mark.parametrize("name", sorted(Z_WRONG))
def test_rowmajor_z_mistakes_are_named(name):
    wrong, advice = Z_WRONG[name]
    result = check_rowmajor_z(wrong)
    assert not result.passed
    assert result.mistake is not None and name in result.mistake
    assert advice in "\n".join(result.steps)


# -- broken answers give feedback, never an exception ------------------------------------------


def _raises(*args):
    raise KeyError("oops")


def _stub(*args):
    raise NotImplementedError


BROKEN = {
    "raises": (_raises, "raised KeyError"),
    "stub": (_stub, "not written yet"),
    "returns None": (lambda *args: None, "None"),
    "not a function": (42, "expected a function"),
}


@pytest.mark.parametrize("check", [check_layer_forward, check_feedforward, check_rowmajor_index, check_rowmajor_z])
@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_answers_get_a_message(check, kind):
    fn, words = BROKEN[kind]
    result = check(fn)
    assert not result.passed
    assert words in result.message
    assert len(result.steps) > 1


def test_index_answer_may_be_a_list_or_an_array():
    assert check_rowmajor_index(lambda l, j, k: np.array([l - 2, k - 1, j - 1])).passed
    assert check_rowmajor_index(lambda l, j, k: [l - 2, k - 1, j - 1]).passed
    result = check_rowmajor_index(lambda l, j, k: np.array([l - 2, j - 1, k - 1]))
    assert not result.passed and result.mistake == "j and k swapped"


def test_wrong_shapes_get_a_message():
    result = check_layer_forward(lambda W, a, b, s: s(W @ a + b).T)          # (m, n) instead of (n, m)
    assert not result.passed and result.mistake == "wrong shape"
    result = check_feedforward(lambda Ws, bs, X: np.zeros((1, 1)))
    assert not result.passed and "wrong shape" in result.message
    result = check_rowmajor_index(lambda l, j, k: (l - 2, k - 1))
    assert not result.passed
    result = check_layer_forward(lambda W, a, b, s: np.full((W.shape[0], a.shape[1]), np.nan))
    assert not result.passed and "got nan" in result.message
