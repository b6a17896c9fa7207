"""Checkers of notebook 03 accept the right answers and name the usual mistakes."""

import numpy as np
import pytest

from bpcourse import costs
from bpcourse.activations import sigmoid
from bpcourse.exercises import check_bp1, check_output_error_cross_entropy
from bpcourse.exercises.bp1 import bp1_reference, output_error_cross_entropy_reference


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_references_agree_with_finite_differences():
    rng = np.random.default_rng(3)
    z = rng.uniform(-3, 3, (3, 1))
    y = np.array([[0.0], [1.0], [0.0]])
    h = 1e-6
    for cost, ref in [(costs.quadratic, lambda: bp1_reference(costs.quadratic.grad_a(sig(z), y), z)),
                      (costs.cross_entropy, lambda: output_error_cross_entropy_reference(sig(z), y, z))]:
        fd = np.zeros_like(z)
        for j in range(3):
            e = np.zeros_like(z)
            e[j] = h
            fd[j] = (cost.fn(sig(z + e), y)[0] - cost.fn(sig(z - e), y)[0]) / (2 * h)
        assert np.allclose(ref(), fd, atol=1e-8)


@pytest.mark.parametrize("answer", [
    lambda g, z: g * sig(z) * (1 - sig(z)),
    lambda g, z: np.multiply(g, np.exp(-z) / (1 + np.exp(-z)) ** 2),
    lambda g, z: g * sigmoid.prime(z),
])
def test_bp1_correct_answers_pass(answer):
    result = check_bp1(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize("answer", [
    lambda a, y, z: a - y,
    lambda a, y, z: sig(z) - y,
])
def test_cross_entropy_correct_answers_pass(answer):
    result = check_output_error_cross_entropy(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize("answer", [
    lambda a, y, z: (a - y) / (a * (1 - a)) * (a * (1 - a)),
    lambda a, y, z: (a - y) / (a * (1 - a)) * sigmoid.prime(z),
    lambda a, y, z: (-y / a + (1 - y) / (1 - a)) * sig(z) * (1 - sig(z)),
])
def test_the_uncancelled_form_fails_at_saturation_and_is_named(answer):
    """Equal to a − y on paper; in floating point it breaks where σ(z) rounds to 1 (z = 40 in the cases)."""
    result = check_output_error_cross_entropy(answer)
    assert not result.passed
    assert result.mistake.startswith("the uncancelled form")
    assert "saturated" in result.message

BP1_MISTAKES = [
    (lambda g, z: g * sig(z), "σ(z) in place of σ'(z)", "DERIVATIVE"),
    (lambda g, z: g, "missing σ'(z^L)", "multiply ∂C/∂a^L by σ'(z^L)"),
    (lambda g, z: g * sig(z) * (1 + sig(z)), "σ(z)(1 + σ(z))", "sign inside the bracket"),
    (lambda g, z: g * (1 - sig(z) ** 2), "tanh", "1 − tanh²"),
    (lambda g, z: g * z * (1 - z), "z(1 − z)", "apply σ first"),
    (lambda g, z: -g * sig(z) * (1 - sig(z)), "wrong sign", "no minus sign"),
]


@pytest.mark.parametrize("wrong, mistake, advice", BP1_MISTAKES)
def test_bp1_mistakes_named(wrong, mistake, advice):
    result = check_bp1(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


CE_MISTAKES = [
    (lambda a, y, z: (a - y) * sig(z) * (1 - sig(z)), "extra σ'(z)", "cancel"),
    (lambda a, y, z: (a - y) * a * (1 - a), "extra σ'(z)", "no σ' left over"),
    (lambda a, y, z: (a - y) * sig(z), "σ(z) in place of σ'(z)", "no σ factor"),
    (lambda a, y, z: (a - y) / (a * (1 - a)), "without σ'(z)", "cancels the denominator"),
    (lambda a, y, z: 2 * (a - y), "factor 2", "no factor 2"),
    (lambda a, y, z: 0.5 * (a - y), "factor ½", "no ½"),
    (lambda a, y, z: y - a, "wrong sign", "output minus target"),
    (lambda a, y, z: (a - y).sum(axis=1, keepdims=True), "summing over the batch", "(n_L, m)"),
    (lambda a, y, z: (a - y).mean(axis=1, keepdims=True), "averaging over the batch", "BP3/BP4"),
]


@pytest.mark.parametrize("wrong, mistake, advice", CE_MISTAKES)
def test_cross_entropy_mistakes_named(wrong, mistake, advice):
    result = check_output_error_cross_entropy(wrong)
    assert not result.passed
    assert mistake in result.mistake
    assert advice in "\n".join(result.steps)


def _stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("checker", [check_bp1, check_output_error_cross_entropy])
def test_bad_answers_never_raise(checker):
    assert "not written yet" in checker(_stub).message
    r = checker(lambda *args: args[0] @ args[-1])                 # a matrix product: raises or wrong shape
    assert not r.passed and r.message
    r = checker(lambda *args: None)
    assert not r.passed and "None" in r.message
    r = checker(lambda *args: args[0][:, 0])                      # a 1-D slice: wrong shape
    assert not r.passed and "shape" in r.message
    r = checker(lambda *args: 1 / 0)
    assert not r.passed and "ZeroDivisionError" in r.message
    r = checker("a - y")
    assert not r.passed and "function" in r.message


def test_bp1_matrix_product_is_reported_with_the_failing_line():
    def my_bp1(nabla_a_C, z_L):
        return nabla_a_C @ (sig(z_L) * (1 - sig(z_L)))            # @ instead of *
    r = check_bp1(my_bp1)
    assert not r.passed
    assert "raised" in r.message or "shape" in r.message
