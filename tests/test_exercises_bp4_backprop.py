"""The checkers of notebooks 06 and 07 accept right answers, name wrong ones, and never raise."""

from __future__ import annotations

import numpy as np
import pytest

from bpcourse.activations import sigmoid
from bpcourse.exercises import check_backprop, check_bp4, check_relative_error, check_weight_gradient
from bpcourse.gradcheck import relative_error

# ---------------------------------------------------------------- my_bp4(delta_l, a_prev)


def right_bp4(delta_l, a_prev):
    return delta_l @ a_prev.T / delta_l.shape[1]


def right_bp4_loop(delta_l, a_prev):
    """The same gradient written as a mean of per-example outer products."""
    m = delta_l.shape[1]
    return sum(np.outer(delta_l[:, i], a_prev[:, i]) for i in range(m)) / m


@pytest.mark.parametrize("answer", [right_bp4, right_bp4_loop])
def test_check_bp4_accepts_right_answers(answer):
    result = check_bp4(answer)
    assert result.passed, str(result)
    assert result.mistake is None


@pytest.mark.parametrize("wrong, mistake, advice", [
    (lambda d, a: a @ d.T / d.shape[1], "transposed", "delta_l @ a_prev.T"),
    (lambda d, a: d @ a.T, "summing", "divide"),
    (lambda d, a: d[:, :1] @ a[:, :1].T, "first example", "Each column is one example"),
    (lambda d, a: d @ a.T / d.shape[0], "number of rows", "delta_l.shape[1]"),
])
def test_check_bp4_names_each_mistake(wrong, mistake, advice):
    result = check_bp4(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


def test_check_bp4_reports_a_wrong_shape():
    result = check_bp4(lambda d, a: np.outer(d, a))
    assert not result.passed and result.mistake == "wrong shape"
    assert "(3, 4)" in result.message


# ------------------------------------------------- my_weight_gradient(delta_l, activations, l)


def right_weight_gradient(delta_l, activations, l):
    a_prev = activations[l - 2]
    return delta_l @ a_prev.T / delta_l.shape[1]


def test_check_weight_gradient_accepts_the_right_answer():
    result = check_weight_gradient(right_weight_gradient)
    assert result.passed, str(result)


@pytest.mark.parametrize("wrong, mistake, advice", [
    (lambda d, acts, l: d @ acts[l - 1].T / d.shape[1], "a^l in place of a^{l-1}", "activations[l - 2]"),
    (lambda d, acts, l: d @ acts[l - 3].T / d.shape[1], "a^{l-2}", "activations[l - 2]"),
    (lambda d, acts, l: acts[l - 2] @ d.T / d.shape[1], "transposed", "delta_l @ a_prev.T"),
    (lambda d, acts, l: d @ acts[l - 2].T, "summing", "divide by m"),
])
def test_check_weight_gradient_names_each_mistake(wrong, mistake, advice):
    result = check_weight_gradient(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


def test_check_weight_gradient_still_names_the_mistake_when_the_list_is_changed_in_place():
    def wrong_and_untidy(delta_l, activations, l):
        out = delta_l @ activations[l - 1].T / delta_l.shape[1]     # a^l in place of a^{l-1}
        activations.clear()
        return out
    result = check_weight_gradient(wrong_and_untidy)
    assert not result.passed and result.mistake == "a^l in place of a^{l-1}"


# ------------------------------------------------------ my_backprop(weights, biases, X, Y)


def right_backprop(weights, biases, X, Y):
    """The algorithm as notebook 07 writes it, independent of the package's Network."""
    zs, acts = [], [X]
    for W, b in zip(weights, biases):
        zs.append(W @ acts[-1] + b)
        acts.append(sigmoid.fn(zs[-1]))
    m = X.shape[1]
    delta = (acts[-1] - Y) * sigmoid.prime(zs[-1])
    grad_W, grad_b = [], []
    for i in range(len(weights) - 1, -1, -1):
        grad_W.insert(0, delta @ acts[i].T / m)
        grad_b.insert(0, delta.mean(axis=1, keepdims=True))
        if i > 0:
            delta = (weights[i].T @ delta) * sigmoid.prime(zs[i - 1])
    return grad_W, grad_b


def right_backprop_per_example(weights, biases, X, Y):
    """The per-example loop, averaged: must be accepted too."""
    m = X.shape[1]
    total_W = [np.zeros_like(W) for W in weights]
    total_b = [np.zeros_like(b) for b in biases]
    for i in range(m):
        gW, gb = right_backprop(weights, biases, X[:, i:i + 1], Y[:, i:i + 1])
        total_W = [t + g for t, g in zip(total_W, gW)]
        total_b = [t + g for t, g in zip(total_b, gb)]
    return [t / m for t in total_W], [t / m for t in total_b]


@pytest.mark.parametrize("answer", [right_backprop, right_backprop_per_example])
def test_check_backprop_accepts_right_answers(answer):
    result = check_backprop(answer)
    assert result.passed, str(result)


def _mutate(**changes):
    """right_backprop with one classic mistake switched on."""
    def wrong(weights, biases, X, Y):
        zs, acts = [], [X]
        for W, b in zip(weights, biases):
            zs.append(W @ acts[-1] + b)
            acts.append(sigmoid.fn(zs[-1]))
        d_sigma = sigmoid.fn if changes.get("sigma") else sigmoid.prime
        if changes.get("sigma_of_a"):
            d_sigma = lambda z: sigmoid.prime(sigmoid.fn(z))  # noqa: E731
        m = 1 if changes.get("sum") else X.shape[1]
        sign = -1.0 if changes.get("sign") else 1.0
        delta = sign * (acts[-1] - Y) * d_sigma(zs[-1])
        grad_W, grad_b = [], []
        for i in range(len(weights) - 1, -1, -1):
            a_in = acts[i + 1] if changes.get("a_l") else acts[i]
            grad_W.append(a_in @ delta.T / m if changes.get("outer") else delta @ a_in.T / m)
            grad_b.append(delta.sum(axis=1, keepdims=True) / m)
            if i > 0:
                W_back = weights[i] if changes.get("no_transpose") else weights[i].T
                delta = (W_back @ delta) * (1.0 if changes.get("no_bp2_prime") else d_sigma(zs[i - 1]))
        if not changes.get("reversed"):
            grad_W, grad_b = grad_W[::-1], grad_b[::-1]
        return grad_W, grad_b
    return wrong


@pytest.mark.parametrize("change, mistake, advice", [
    ("no_transpose", "missing transpose in BP2", "(W^{l+1})^T"),
    ("sum", "summing", "divide the summed gradients by m"),
    ("a_l", "a^l in place of a^{l-1}", "activations[l-2]"),
    ("sigma", "σ(z) in place of σ'(z)", "σ'(z) = σ(z)(1 − σ(z))"),
    ("reversed", "reverse order", "grad_W[0] belongs to W^2"),
    ("sigma_of_a", "σ'(a) in place of σ'(z)", "the derivative at the wrong point"),
    ("no_bp2_prime", "a missing σ'(z^l) in BP2", "⊙ σ'(z^l)"),
    ("sign", "a reversed sign", "a^L − y"),
    ("outer", "the transposed weight gradient", "delta @ a_prev.T"),
])
def test_check_backprop_names_each_mistake(change, mistake, advice):
    result = check_backprop(_mutate(**{change: True}))
    assert not result.passed
    assert mistake in result.mistake, result.mistake
    assert advice in "\n".join(result.steps)


def test_check_backprop_recognises_a_factor_of_two():
    def doubled(weights, biases, X, Y):
        gW, gb = right_backprop(weights, biases, X, Y)
        return [2 * g for g in gW], [2 * g for g in gb]
    result = check_backprop(doubled)
    assert not result.passed and "factor of 2" in result.mistake


def test_check_backprop_reports_wrong_shapes_of_bias_gradients():
    def flat_biases(weights, biases, X, Y):
        gW, gb = right_backprop(weights, biases, X, Y)
        return gW, [g.ravel() for g in gb]
    result = check_backprop(flat_biases)
    assert not result.passed and result.mistake == "wrong shape"


def test_check_backprop_still_names_the_mistake_when_the_inputs_are_changed_in_place():
    summing = _mutate(sum=True)

    def wrong_and_untidy(weights, biases, X, Y):
        out = summing(weights, biases, X, Y)
        for W in weights:
            W[...] = 0.0
        weights.clear()
        return out
    result = check_backprop(wrong_and_untidy)
    assert not result.passed and "summing" in result.mistake


# ----------------------------------------------------------- my_relative_error(a, b)


def right_relative_error(a, b):
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else np.linalg.norm(a - b) / denom


@pytest.mark.parametrize("answer", [
    right_relative_error,
    lambda a, b: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-12),
    lambda a, b: np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b)),
])
def test_check_relative_error_accepts_right_answers(answer):
    assert check_relative_error(answer).passed


def test_check_relative_error_refuses_the_package_function():
    result = check_relative_error(relative_error)
    assert not result.passed and result.mistake == "calling the package's own function"


@pytest.mark.parametrize("wrong, mistake", [
    (lambda a, b: np.linalg.norm(a - b), "absolute error"),
    (lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a), "‖a‖ only"),
    (lambda a, b: np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))), "entry-wise"),
])
def test_check_relative_error_names_each_mistake(wrong, mistake):
    result = check_relative_error(wrong)
    assert not result.passed and mistake in result.mistake


def test_check_relative_error_wants_zero_for_two_zero_arrays():
    naive = lambda a, b: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))  # noqa: E731
    result = check_relative_error(naive)
    assert not result.passed and result.mistake == "dividing 0 by 0 when a = b = 0"
    assert "return 0.0" in "\n".join(result.steps)


# ------------------------------------------------------- every checker survives bad answers

CHECKERS = [check_bp4, check_weight_gradient, check_backprop, check_relative_error]


def _raises(*args):
    raise ValueError("boom")


def _not_written(*args):
    raise NotImplementedError


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("answer, words", [
    (_not_written, "not written yet"),
    (_raises, "raised ValueError"),
    (lambda *args: None, "returned None"),
    (lambda *args: np.zeros((7, 7, 7)), ""),
    (lambda *args: "text", ""),
    (42, "expected a function"),
])
def test_checkers_never_raise_and_say_what_is_wrong(checker, answer, words):
    result = checker(answer)
    assert result.passed is False
    assert result.message
    assert words in result.message
    assert str(result) and result._repr_html_()


def test_check_backprop_reports_wrong_numbers_in_a_nested_answer_without_raising():
    def scaled(weights, biases, X, Y):
        gW, gb = right_backprop(weights, biases, X, Y)
        return [1.5 * g for g in gW], [1.5 * g for g in gb]
    result = check_backprop(scaled)
    assert not result.passed and result.mistake is None
    assert "numbers in your answer[0][0] are wrong" in result.message
    assert "1.5 times the right one" in result.steps[2]
