"""Checkers of notebook 11 accept right answers written in several ways and name the known mistakes."""

import numpy as np
import pytest

from bpcourse import costs
from bpcourse.activations import sigmoid, softmax
from bpcourse.equations import bp1
from bpcourse.exercises import (
    CHECKERS,
    check_bp1_jacobian,
    check_log_likelihood,
    check_softmax,
    check_softmax_jacobian,
    check_softmax_output_error,
)
from bpcourse.exercises.softmax import (
    Z_LARGE,
    bp1_jacobian_reference,
    log_likelihood_reference,
    softmax_jacobian_reference,
    softmax_output_error_reference,
    softmax_reference,
)

H = 1e-6


def naive_softmax(z):
    return np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)


def stable_softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


# -- the references are right, by numbers computed independently of the package --------------------

def test_softmax_reference_by_hand_and_at_z_1000():
    z = np.array([[0.0, 1000.0], [np.log(3.0), 1000.0 + np.log(3.0)]])
    # 1000 + ln 3 is stored to within 1.1e-13, which limits the second column to about that
    np.testing.assert_allclose(softmax_reference(z), [[0.25, 0.25], [0.75, 0.75]], rtol=2e-13)
    with np.errstate(over="raise", invalid="raise"):
        assert np.all(np.isfinite(softmax_reference(Z_LARGE)))
    with np.errstate(over="ignore", invalid="ignore"):
        assert not np.all(np.isfinite(naive_softmax(Z_LARGE)))        # the large case really overflows


def test_jacobian_reference_matches_finite_differences_entry_by_entry():
    z = np.random.default_rng(0).normal(size=(4, 1))
    J = softmax_jacobian_reference(z)
    for i in range(1, 5):
        for j in range(1, 5):
            e = np.zeros((4, 1))
            e[j - 1] = H
            fd = (stable_softmax(z + e)[i - 1, 0] - stable_softmax(z - e)[i - 1, 0]) / (2 * H)
            assert abs(J[i - 1, j - 1] - fd) < 1e-9


def test_output_error_and_general_bp1_references_match_finite_differences_of_a_cost():
    rng = np.random.default_rng(1)
    z, w = rng.normal(size=(3, 1)), rng.normal(size=(3, 1))        # C(a) = Σ_i w_i a_i², a gradient not aligned with a

    def C(z):
        return float(np.sum(w * stable_softmax(z) ** 2))

    nabla = 2 * w * stable_softmax(z)
    fd = np.array([[(C(z + H * e) - C(z - H * e)) / (2 * H)] for e in np.eye(3)[:, :, None]])
    np.testing.assert_allclose(softmax_output_error_reference(nabla, z), fd, atol=1e-9)

    # a vector function whose Jacobian is not symmetric: a = z / Σ z (positive z)
    z = rng.uniform(0.5, 2.0, (3, 1))

    def normalise(z):
        return z / z.sum()

    J = np.column_stack([(normalise(z + H * e) - normalise(z - H * e))[:, 0] / (2 * H) for e in np.eye(3)[:, :, None]])
    assert not np.allclose(J, J.T)
    w = rng.normal(size=(3, 1))

    def C2(z):
        return float(np.sum(w * normalise(z) ** 2))

    fd = np.array([[(C2(z + H * e) - C2(z - H * e)) / (2 * H)] for e in np.eye(3)[:, :, None]])
    np.testing.assert_allclose(bp1_jacobian_reference(J[None], 2 * w * normalise(z)), fd, atol=1e-8)


def test_log_likelihood_reference_by_hand():
    a = np.array([[0.5, 0.1], [0.25, 0.6], [0.25, 0.3]])
    y = np.array([[1.0, 0.0], [0.0, 0.5], [0.0, 0.5]])
    np.testing.assert_allclose(log_likelihood_reference(a, y), [np.log(2), -0.5 * np.log(0.6) - 0.5 * np.log(0.3)])


# -- right answers pass -------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    stable_softmax,
    lambda z: np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0),
    lambda z: np.column_stack([np.exp(c - c.max()) / np.exp(c - c.max()).sum() for c in z.T]),
])
def test_softmax_right_answers_pass(answer):
    result = check_softmax(answer)
    assert result.passed, str(result)


def jacobian_loop(z):
    a = stable_softmax(z)
    n = a.shape[0]
    J = np.zeros((n, n))
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            J[i - 1, j - 1] = a[i - 1, 0] * ((i == j) - a[j - 1, 0])
    return J


@pytest.mark.parametrize("answer", [
    jacobian_loop,
    lambda z: np.diag(stable_softmax(z)[:, 0]) - np.outer(stable_softmax(z), stable_softmax(z)),
    lambda z: np.diagflat(stable_softmax(z)) - stable_softmax(z) @ stable_softmax(z).T,
])
def test_softmax_jacobian_right_answers_pass(answer):
    result = check_softmax_jacobian(answer)
    assert result.passed, str(result)


def output_error_loop(nabla_a_C, z_L):
    out = np.zeros_like(nabla_a_C)
    for x in range(z_L.shape[1]):
        J = jacobian_loop(z_L[:, [x]])
        out[:, x] = J.T @ nabla_a_C[:, x]
    return out


@pytest.mark.parametrize("answer", [
    output_error_loop,
    lambda g, z: stable_softmax(z) * (g - np.sum(stable_softmax(z) * g, axis=0, keepdims=True)),
    lambda g, z: np.einsum("xij,ix->jx", softmax.jacobian(z), g),
])
def test_softmax_output_error_right_answers_pass(answer):
    result = check_softmax_output_error(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize("answer", [
    lambda J, g: np.column_stack([J[x].T @ g[:, x] for x in range(g.shape[1])]),
    lambda J, g: np.einsum("xij,ix->jx", J, g),
    lambda J, g: (np.transpose(J, (0, 2, 1)) @ g.T[:, :, None])[:, :, 0].T,
])
def test_general_bp1_right_answers_pass(answer):
    result = check_bp1_jacobian(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize("answer", [
    lambda a, y: -np.sum(y * np.log(a), axis=0),
    lambda a, y: -(y * np.log(a)).sum(axis=0),
    lambda a, y: np.array([-sum(y[j, x] * np.log(a[j, x]) for j in range(a.shape[0])) for x in range(a.shape[1])]),
])
def test_log_likelihood_right_answers_pass(answer):
    result = check_log_likelihood(answer)
    assert result.passed, str(result)


# -- the known mistakes are recognised and named -------------------------------------------------

def rows_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


SOFTMAX_MISTAKES = [
    (rows_softmax, "wrong axis", "axis=0"),
    (lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), "wrong axis", "down each column"),
    (lambda z: np.exp(z) / np.exp(z).sum(), "whole batch", "its own column"),
    (np.exp, "without the normalisation", "sum to 1"),
    (sigmoid.fn, "sigmoid", "sum to 1"),
    (naive_softmax, "no max-subtraction", "largest z"),
    (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=0, keepdims=True), "one maximum for the whole batch",
     "own maximum"),
]


@pytest.mark.parametrize("wrong, mistake, advice", SOFTMAX_MISTAKES)
def test_softmax_mistakes_named(wrong, mistake, advice):
    result = check_softmax(wrong)
    assert not result.passed
    assert mistake in result.mistake, str(result)
    assert advice in "\n".join(result.steps)


def test_overflow_at_z_1000_is_a_failure_even_when_it_raises_or_is_written_otherwise():
    def raises_on_overflow(z):
        with np.errstate(over="raise"):
            return naive_softmax(z)
    result = check_softmax(raises_on_overflow)
    steps = "\n".join(result.steps)
    assert not result.passed and "FloatingPointError" in result.message and result.mistake == "an overflow at z = 1000"
    assert "largest z" in steps

    def min_subtracted(z):                           # subtracting the minimum still overflows
        e = np.exp(z - z.min(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)
    result = check_softmax(min_subtracted)
    assert not result.passed and "1000" in result.message and "nan" in result.message
    assert result.mistake == "an overflow at z = 1000"

    def clipped(z):                                  # finite but wrong at large z: not an overflow
        return stable_softmax(np.clip(z, -50, 50))
    result = check_softmax(clipped)
    assert not result.passed and "numbers" in result.message and result.mistake is None


def a_of(z):
    return stable_softmax(z)[:, 0]


JACOBIAN_MISTAKES = [
    (lambda z: np.diag(a_of(z) * (1 - a_of(z))), "diagonal-only", "−a_i a_j"),
    (lambda z: np.diag(sigmoid.prime(z)[:, 0]), "σ'(z) applied entry by entry", "sigmoid's derivative"),
    (lambda z: np.diag(sigmoid.fn(z)[:, 0] * (1 - sigmoid.fn(z)[:, 0])), "σ'(z)", "a_i(δ_ij − a_j)"),
    (lambda z: -np.outer(a_of(z), a_of(z)), "diag(a) left out", "numerator"),
    (lambda z: np.diag(a_of(z)) + np.outer(a_of(z), a_of(z)), "plus sign", "lowers every other"),
    (lambda z: np.outer(a_of(z), a_of(z)) - np.diag(a_of(z)), "sign flipped", "positive"),
    (lambda z: np.diag(stable_softmax(z)) - stable_softmax(z) @ stable_softmax(z).T, "np.diag of the (n, 1) column",
     "Flatten first"),
    (lambda z: np.outer(a_of(z), 1 - a_of(z)), "off the diagonal too", "i ≠ j"),
]


@pytest.mark.parametrize("wrong, mistake, advice", JACOBIAN_MISTAKES)
def test_softmax_jacobian_mistakes_named(wrong, mistake, advice):
    result = check_softmax_jacobian(wrong)
    assert not result.passed
    assert mistake in result.mistake, str(result)
    assert advice in "\n".join(result.steps)


def weighted_mean(g, z):
    return np.sum(stable_softmax(z) * g, axis=0, keepdims=True)


OUTPUT_ERROR_MISTAKES = [
    (lambda g, z: g * stable_softmax(z) * (1 - stable_softmax(z)), "diagonal-only", "off-diagonal"),
    (lambda g, z: g * sigmoid.fn(z) * (1 - sigmoid.fn(z)), "σ'(z^L) applied entry by entry", "no σ'"),
    (lambda g, z: jacobian_loop(z[:, :1]).T @ g, "first example's Jacobian", "its own Jacobian"),
    (lambda g, z: rows_softmax(z) * (g - np.sum(rows_softmax(z) * g, axis=0, keepdims=True)), "wrong axis", "axis=0"),
    (lambda g, z: -stable_softmax(z) * weighted_mean(g, z), "left out", "two terms"),
    (lambda g, z: stable_softmax(z) * (g + weighted_mean(g, z)), "plus sign", "−a_i a_j"),
    (lambda g, z: g - weighted_mean(g, z), "factor a missing", "Both terms"),
    (lambda g, z: stable_softmax(z) * (g - np.sum(stable_softmax(z) * g)), "whole batch", "one number per example"),
]


@pytest.mark.parametrize("wrong, mistake, advice", OUTPUT_ERROR_MISTAKES)
def test_softmax_output_error_mistakes_named(wrong, mistake, advice):
    result = check_softmax_output_error(wrong)
    assert not result.passed
    assert mistake in result.mistake, str(result)
    assert advice in "\n".join(result.steps)


GENERAL_BP1_MISTAKES = [
    (lambda J, g: np.column_stack([J[x] @ g[:, x] for x in range(g.shape[1])]), "not transposed", "Jᵀ ∇_a C"),
    (lambda J, g: np.einsum("xij,jx->ix", J, g), "not transposed", "symmetric"),
    (lambda J, g: g * np.array([np.diag(Jx) for Jx in J]).T, "diagonal only", "Hadamard"),
    (lambda J, g: J[0].T @ g, "first example's Jacobian", "column x"),
    (lambda J, g: J.mean(axis=0).T @ g, "one Jacobian for the batch", "do not average"),
]


@pytest.mark.parametrize("wrong, mistake, advice", GENERAL_BP1_MISTAKES)
def test_general_bp1_mistakes_named(wrong, mistake, advice):
    result = check_bp1_jacobian(wrong)
    assert not result.passed
    assert mistake in result.mistake, str(result)
    assert advice in "\n".join(result.steps)


def test_the_transposed_jacobian_is_invisible_on_softmax_alone():
    """Why the general checker uses non-symmetric Jacobians: the softmax's own is symmetric."""
    z = np.random.default_rng(4).normal(size=(5, 3))
    J = softmax.jacobian(z)
    np.testing.assert_allclose(J, np.transpose(J, (0, 2, 1)), atol=1e-17)
    g = np.random.default_rng(5).normal(size=(5, 3))
    np.testing.assert_allclose(np.einsum("xij,jx->ix", J, g), bp1_jacobian_reference(J, g), atol=1e-15)


LOG_LIKELIHOOD_MISTAKES = [
    (lambda a, y: np.sum(y * np.log(a), axis=0), "without its minus sign", "negative"),
    (lambda a, y: np.mean(-np.sum(y * np.log(a), axis=0)), "averaging over the batch", "shape (m,)"),
    (lambda a, y: np.sum(-np.sum(y * np.log(a), axis=0)), "summing over the batch", "shape (m,)"),
    (lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0), "sigmoid outputs", "compete"),
    (lambda a, y: -np.sum(np.log(a), axis=0), "y left out", "Weight each"),
    (lambda a, y: -np.log(a[np.argmax(y, axis=0), np.arange(a.shape[1])]), "largest y_j", "soft labels"),
    (lambda a, y: -np.sum(y * np.log10(a), axis=0), "log base 10", "np.log"),
]


@pytest.mark.parametrize("wrong, mistake, advice", LOG_LIKELIHOOD_MISTAKES)
def test_log_likelihood_mistakes_named(wrong, mistake, advice):
    result = check_log_likelihood(wrong)
    assert not result.passed
    assert mistake in result.mistake, str(result)
    assert advice in "\n".join(result.steps)


# -- the package's own functions are refused ------------------------------------------------------

@pytest.mark.parametrize("checker, answer", [
    (check_softmax, softmax.fn),
    (check_softmax, lambda z: softmax.fn(z)),
    (check_softmax_jacobian, softmax.jacobian),
    (check_softmax_jacobian, lambda z: softmax.jacobian(z)[0]),
    (check_softmax_output_error, lambda g, z: bp1(g, z, "softmax")),
    (check_log_likelihood, costs.log_likelihood.fn),
    (check_log_likelihood, lambda a, y: costs.log_likelihood.fn(a, y)),
])
def test_the_packages_own_function_is_refused(checker, answer):
    result = checker(answer)
    assert not result.passed and result.mistake == "calling the package's own function", str(result)


# -- bad answers never raise --------------------------------------------------------------------

def _stub(*args):
    raise NotImplementedError


ALL = [check_softmax, check_softmax_jacobian, check_softmax_output_error, check_bp1_jacobian, check_log_likelihood]


def test_every_checker_is_registered():
    assert {c.__name__ for c in ALL} <= set(CHECKERS)


@pytest.mark.parametrize("checker", ALL, ids=lambda c: c.__name__)
def test_bad_answers_never_raise(checker):
    assert "not written yet" in checker(_stub).message
    r = checker(lambda *args: None)
    assert not r.passed and "None" in r.message
    r = checker(lambda *args: 1 / 0)
    assert not r.passed and "ZeroDivisionError" in r.message
    r = checker(lambda *args: args[0].ravel())
    assert not r.passed and "shape" in r.message
    r = checker(lambda *args: "a string")
    assert not r.passed and r.message
    r = checker("softmax")
    assert not r.passed and "function" in r.message
