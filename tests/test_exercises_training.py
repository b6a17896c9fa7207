"""The checkers of notebooks 08 and 09 accept the right answers and name the usual mistakes."""

import numpy as np
import pytest

from bpcourse.exercises import check_accuracy, check_cross_entropy, check_mini_batches, check_sgd_step
from bpcourse.exercises.descent import mini_batches, sgd_step
from bpcourse.exercises.digits import accuracy, cross_entropy

# -- my_sgd_step ------------------------------------------------------------------------------


def test_sgd_step_accepts_reference_and_a_loop():
    assert check_sgd_step(sgd_step).passed

    def loop(weights, biases, grad_W, grad_b, eta):
        new_W, new_b = [], []
        for W, gW in zip(weights, grad_W):
            new_W.append(W - eta * gW)
        for b, gb in zip(biases, grad_b):
            new_b.append(b - eta * gb)
        return new_W, new_b

    assert check_sgd_step(loop).passed


def _plus(weights, biases, grad_W, grad_b, eta):
    return [W + eta * g for W, g in zip(weights, grad_W)], [b + eta * g for b, g in zip(biases, grad_b)]


def _no_bias(weights, biases, grad_W, grad_b, eta):
    return [W - eta * g for W, g in zip(weights, grad_W)], biases


def _no_eta(weights, biases, grad_W, grad_b, eta):
    return [W - g for W, g in zip(weights, grad_W)], [b - g for b, g in zip(biases, grad_b)]


def _swapped(weights, biases, grad_W, grad_b, eta):
    return [b - eta * g for b, g in zip(biases, grad_b)], [W - eta * g for W, g in zip(weights, grad_W)]


def _in_place(weights, biases, grad_W, grad_b, eta):
    for W, gW in zip(weights, grad_W):
        W -= eta * gW
    for b, gb in zip(biases, grad_b):
        b -= eta * gb
    return weights, biases


def _replaces_list_items(weights, biases, grad_W, grad_b, eta):
    new_weights, new_biases = weights, biases          # the same lists, not copies
    for i in range(len(weights)):
        new_weights[i] = weights[i] - eta * grad_W[i]
        new_biases[i] = biases[i] - eta * grad_b[i]
    return new_weights, new_biases


@pytest.mark.parametrize("wrong, mistake, advice", [
    (_plus, "plus sign", "W - eta * grad_W"),
    (_no_bias, "forgetting the biases", "grad_b"),
    (_no_eta, "forgetting η", "eta"),
    (_swapped, "biases first", "(new_weights, new_biases)"),
    (_in_place, "changing the given arrays in place", "new arrays"),
    (_replaces_list_items, "changing the given lists (not the arrays)", "Build a new one"),
])
def test_sgd_step_names_mistakes(wrong, mistake, advice):
    result = check_sgd_step(wrong)
    assert not result.passed
    assert result.mistake is not None and mistake in result.mistake
    assert advice in "\n".join(result.steps)


def test_sgd_step_never_raises():
    def stub(*args):
        raise NotImplementedError

    def boom(weights, biases, grad_W, grad_b, eta):
        return weights[0] @ grad_W[0]

    assert "not written yet" in check_sgd_step(stub).message
    for bad in (boom, lambda *a: None, lambda *a: ([], []), 42):
        result = check_sgd_step(bad)
        assert not result.passed and result.message


# -- my_mini_batches --------------------------------------------------------------------------


def test_mini_batches_accepts_reference_and_an_index_loop():
    assert check_mini_batches(mini_batches).passed

    def with_split(m, batch_size, rng):
        order = rng.permutation(m)
        return np.array_split(order, range(batch_size, m, batch_size))

    assert check_mini_batches(with_split).passed

    def sorted_within(n, batch_size, rng):      # shuffled across batches, then each batch sorted
        order = rng.permutation(n)
        return [np.sort(order[k:k + batch_size]) for k in range(0, n, batch_size)]

    assert check_mini_batches(sorted_within).passed


def _drops_last(m, batch_size, rng):
    order = rng.permutation(m)
    return [order[k * batch_size:(k + 1) * batch_size] for k in range(m // batch_size)]


def _unshuffled(m, batch_size, rng):
    order = np.arange(m)
    return [order[k:k + batch_size] for k in range(0, m, batch_size)]


def _with_replacement(m, batch_size, rng):
    return [rng.integers(0, m, size=min(batch_size, m - k)) for k in range(0, m, batch_size)]


def _global_rng(m, batch_size, rng):
    order = np.random.permutation(m)
    return [order[k:k + batch_size] for k in range(0, m, batch_size)]


def _fixed_rng(m, batch_size, rng):
    order = np.random.default_rng(0).permutation(m)
    return [order[k:k + batch_size] for k in range(0, m, batch_size)]


@pytest.mark.parametrize("wrong, mistake, advice", [
    (_drops_last, "dropping the last partial batch", "range(0, n, batch_size)"),
    (_unshuffled, "no shuffling", "rng.permutation(n)"),
    (_with_replacement, "sampling with replacement", "rng.permutation(n)"),
    (_global_rng, "not using the rng argument", "rng.permutation(n)"),
    (_fixed_rng, "not using the rng argument", "rng.permutation(n)"),
])
def test_mini_batches_names_mistakes(wrong, mistake, advice):
    result = check_mini_batches(wrong)
    assert not result.passed
    assert result.mistake == mistake
    assert advice in "\n".join(result.steps)


def test_mini_batches_never_raises():
    def stub(m, batch_size, rng):
        raise NotImplementedError

    assert "not written yet" in check_mini_batches(stub).message
    bad_answers = (lambda m, bs, rng: None, lambda m, bs, rng: 1 / 0, lambda m, bs, rng: [["a"]],
                   lambda m, bs, rng: [rng.permutation(m)], lambda m, bs, rng: [np.arange(1, m + 1)], "text")
    for bad in bad_answers:
        result = check_mini_batches(bad)
        assert not result.passed and result.message


# -- my_accuracy ------------------------------------------------------------------------------


def test_accuracy_reference_is_the_argmax_fraction():
    A = np.array([[0.9, 0.1, 0.3], [0.2, 0.8, 0.6]])
    Y = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert accuracy(A, Y) == pytest.approx(2 / 3)
    assert check_accuracy(accuracy).passed
    assert check_accuracy(lambda A, Y: np.count_nonzero(A.argmax(0) == Y.argmax(0)) / A.shape[1]).passed


@pytest.mark.parametrize("wrong, mistake, advice", [
    (lambda A, Y: np.mean(np.argmax(A, axis=1) == np.argmax(Y, axis=1)), "wrong axis", "axis=0"),
    (lambda A, Y: np.mean((A == A.max(axis=0)) == Y), "one-hot arrays entry by entry", "np.argmax(A, axis=0)"),
    (lambda A, Y: np.mean(A.round() == Y), "rounded", "argmax"),
    (lambda A, Y: np.sum(A.argmax(0) == Y.argmax(0)), "counting", "np.mean"),
    (lambda A, Y: 100 * np.mean(A.argmax(0) == Y.argmax(0)), "percentage", "fraction"),
])
def test_accuracy_names_mistakes(wrong, mistake, advice):
    result = check_accuracy(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


def test_accuracy_never_raises():
    for bad in (lambda A, Y: None, lambda A, Y: A @ Y, lambda A, Y: A.argmax(0) == Y.argmax(0), None):
        result = check_accuracy(bad)
        assert not result.passed and result.message


# -- my_cross_entropy -------------------------------------------------------------------------


def test_cross_entropy_reference_and_a_student_version():
    a, y = np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])
    assert cross_entropy(a, y)[0] == pytest.approx(-(np.log(0.8) + np.log(0.7)))
    assert not check_cross_entropy(cross_entropy).passed            # the package's own function is refused
    assert check_cross_entropy(lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0)).passed


@pytest.mark.parametrize("wrong, mistake, advice", [
    (lambda a, y: -np.sum(y * np.log(a), axis=0), "missing (1 − y) ln(1 − a)", "second"),
    (lambda a, y: np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0), "sign", "minus"),
    (lambda a, y: -np.mean(np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0)), "averaging over the batch",
     "shape (m,)"),
    (lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)), "summing over the batch", "shape (m,)"),
    (lambda a, y: -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0), "averaging over the output neurons",
     "np.sum(..., axis=0)"),
    (lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=1), "wrong axis", "axis=0"),
])
def test_cross_entropy_names_mistakes(wrong, mistake, advice):
    result = check_cross_entropy(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


def test_cross_entropy_never_raises():
    def stub(a, y):
        raise NotImplementedError

    assert "not written yet" in check_cross_entropy(stub).message
    for bad in (lambda a, y: None, lambda a, y: a @ y, lambda a, y: np.zeros((3, 3, 3))):
        result = check_cross_entropy(bad)
        assert not result.passed and result.message
