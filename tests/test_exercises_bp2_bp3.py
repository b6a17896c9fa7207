"""The BP2 and BP3 checkers accept the right answer, name the usual mistakes, and never raise."""

import numpy as np
import pytest

from bpcourse.activations import sigmoid
from bpcourse.exercises import check_bp2, check_bp3, check_delta_product


def sp(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1 - s)


# -- check_bp2 ---------------------------------------------------------------------------------

def good_bp2(W_next, delta_next, z_l):
    return (W_next.T @ delta_next) * sp(z_l)


def test_bp2_accepts_reference():
    result = check_bp2(good_bp2)
    assert result.passed, str(result)


def test_bp2_accepts_component_loop():
    def loops(W, d, z):
        out = np.zeros(z.shape)
        for j in range(z.shape[0]):
            for x in range(z.shape[1]):
                out[j, x] = sum(W[k, j] * d[k, x] for k in range(W.shape[0])) * sp(z[j, x])
        return out
    assert check_bp2(loops).passed


@pytest.mark.parametrize("wrong, name, advice", [
    (lambda W, d, z: (W @ d) * sp(z), "missing transpose", "W_next.T"),
    (lambda W, d, z: (W.T @ d) * sigmoid.fn(z), "σ(z) in place of σ'(z)", "derivative"),
    (lambda W, d, z: W.T @ d, "forgotten σ'", "σ'(z^l)"),
    (lambda W, d, z: (W.T @ d) * z * (1 - z), "z(1 − z)", "a = σ(z"),
    (lambda W, d, z: W.T @ (d * sp(z)), "before the sum", "AFTER"),
])
def test_bp2_names_mistakes(wrong, name, advice):
    result = check_bp2(wrong)
    assert not result.passed
    assert result.mistake is not None and name in result.mistake, str(result)
    assert advice in "\n".join(result.steps)


def test_bp2_missing_transpose_that_raises_gets_transpose_hint():
    def only_fits_square(W, d, z):
        if W.shape[0] == W.shape[1]:
            return good_bp2(W, d, z)
        return (W @ d) * sp(z)          # raises: the shapes do not fit
    result = check_bp2(only_fits_square)
    assert not result.passed
    assert "raised" in result.message and "W_next.T" in result.steps[1]


@pytest.mark.parametrize("bad", [
    lambda W, d, z: None,
    lambda W, d, z: 1 / 0,
    lambda W, d, z: good_bp2(W, d, z).ravel(),
    lambda W, d, z: good_bp2(W, d, z).T,
    lambda W, d, z: "delta",
    lambda W, d, z: good_bp2(W, d, z) + 1.0,
])
def test_bp2_bad_answers_fail_without_raising(bad):
    result = check_bp2(bad)
    assert result.passed is False and result.message


def test_bp2_stub_is_not_written_yet():
    def stub(W, d, z):
        raise NotImplementedError
    result = check_bp2(stub)
    assert not result.passed and "not written yet" in result.message


def test_bp2_not_a_function():
    assert check_bp2(np.zeros(3)).passed is False


# -- check_delta_product ----------------------------------------------------------------------

def D(z):
    return np.diag(sp(z[:, 0]))


def product(net, x, l, *, D_layer=lambda k, L: k, transpose=True):
    """P^l = D^[l] (W^{l+1})^T ⋯ (W^L)^T D^[L], written here with the forward pass's list offsets."""
    zs, _ = net.forward(x)
    L = net.L
    P = D(zs[D_layer(L, L) - 2])
    for k in range(L, l, -1):
        W = net.W(k)
        P = D(zs[D_layer(k - 1, L) - 2]) @ ((W.T if transpose else W) @ P)
    return P


def test_product_accepts_reference():
    result = check_delta_product(product)
    assert result.passed, str(result)


def test_product_times_output_error_is_the_bias_gradient():
    # δ^l for one example is ∂C/∂b^l (BP3), measured by central differences: an independent oracle for the
    # checker's reference P^l, applied to a^L − y
    from bpcourse.exercises.bp2 import _product_cases, _product_reference
    from bpcourse.gradcheck import numerical_gradient
    rng = np.random.default_rng(7)
    for net, x, l in (case.args for case in _product_cases()):
        y = rng.uniform(0, 1, (net.sizes[-1], 1))
        _, grad_b = numerical_gradient(net, x, y)
        a_L = net.forward(x).a(net.L)
        assert np.allclose(_product_reference(net, x, l) @ (a_L - y), grad_b[l - 2], rtol=1e-6, atol=1e-10)
        assert np.allclose(product(net, x, l) @ (a_L - y), grad_b[l - 2], rtol=1e-6, atol=1e-10)
        assert _product_reference(net, x, l).shape == (net.sizes[l - 1], net.sizes[-1])


def test_product_refuses_the_hadamard_loop_on_a_column():
    # BP2 in a loop on a^L − y (exercise 1's answer) is δ^l, a column, not the product: it cannot pass
    def hadamard(net, x, l):
        c = net.forward(x)
        v = sp(c.z(net.L)) * (c.a(net.L) - np.zeros_like(c.a(net.L)))
        for k in range(net.L, l, -1):
            v = (net.W(k).T @ v) * sp(c.z(k - 1))
        return v
    result = check_delta_product(hadamard)
    assert not result.passed and result.mistake == "wrong shape", str(result)


@pytest.mark.parametrize("wrong, name", [
    (lambda n, x, l: product(n, x, l, D_layer=lambda k, L: L), "D^[L] in place of D^[l]"),
    (lambda n, x, l: product(n, x, l, transpose=False), "transpose"),
    (lambda n, x, l: product(n, x, l, D_layer=lambda k, L: min(k + 1, L)), "next layer"),
])
def test_product_names_mistakes(wrong, name):
    result = check_delta_product(wrong)
    assert not result.passed
    assert result.mistake is not None and name in result.mistake, str(result)


def test_product_forgotten_leading_D():
    def no_lead(net, x, l):
        zs, _ = net.forward(x)
        return np.linalg.solve(D(zs[l - 2]), product(net, x, l)) if l < net.L else product(net, x, l)
    result = check_delta_product(no_lead)
    assert not result.passed and "leading D^[l]" in result.mistake


def test_product_bad_answers_fail_without_raising():
    for bad in (lambda n, x, l: None, lambda n, x, l: n.W(l + 5),
                lambda n, x, l: product(n, x, l).ravel()):
        result = check_delta_product(bad)
        assert result.passed is False and result.message


# -- check_bp3 --------------------------------------------------------------------------------

def test_bp3_accepts_reference():
    result = check_bp3(lambda d: d.mean(axis=1, keepdims=True))
    assert result.passed, str(result)
    assert check_bp3(lambda d: d.sum(axis=1, keepdims=True) / d.shape[1]).passed


@pytest.mark.parametrize("wrong, name, advice", [
    (lambda d: d.sum(axis=1, keepdims=True), "summing instead of averaging", "MEAN"),
    (lambda d: d.mean(axis=0, keepdims=True), "wrong axis", "axis=1"),
    (lambda d: d.mean(axis=0), "wrong axis", "axis=1"),
    (lambda d: d.mean(axis=1), "shape (n,)", "keepdims=True"),
    (lambda d: d, "no average", "average the columns"),
    (lambda d: np.mean(d), "everything", "axis=1"),
])
def test_bp3_names_mistakes(wrong, name, advice):
    result = check_bp3(wrong)
    assert not result.passed
    assert result.mistake is not None and name in result.mistake, str(result)
    assert advice in "\n".join(result.steps)


@pytest.mark.parametrize("bad", [
    lambda d: None, lambda d: d[5, 5], lambda d: d.mean(axis=1, keepdims=True).T,
    lambda d: d.max(axis=1, keepdims=True), lambda d: [1, 2],
])
def test_bp3_bad_answers_fail_without_raising(bad):
    result = check_bp3(bad)
    assert result.passed is False and result.message


def test_bp3_stub_is_not_written_yet():
    def stub(d):
        raise NotImplementedError
    result = check_bp3(stub)
    assert not result.passed and "not written yet" in result.message


# -- check_bias_prediction --------------------------------------------------------------------

def test_prediction_reference_is_the_slope_of_the_true_change():
    # an oracle independent of BP1–BP3: the true change along the nudge, by central differences, has the
    # reference's value as its slope
    from bpcourse.exercises.bp3 import _prediction_cases, prediction_reference, true_change
    for net, x, y, db in (case.args for case in _prediction_cases()):
        h = 1e-5
        slope = (true_change(net, x, y, {l: h * d for l, d in db.items()})
                 - true_change(net, x, y, {l: -h * d for l, d in db.items()})) / (2 * h)
        assert np.isclose(prediction_reference(net, x, y, db), slope, rtol=1e-6, atol=1e-12)


def test_prediction_checker_passes_the_right_answer_and_names_the_true_change():
    from bpcourse.exercises import check_bias_prediction
    from bpcourse.exercises.bp3 import true_change

    def right(net, x, y, db):
        errors = net.errors(x, y)
        return sum(float(np.sum(errors.delta(l) * db[l])) for l in db)
    assert check_bias_prediction(right).passed
    result = check_bias_prediction(true_change)
    assert not result.passed and result.mistake.startswith("the true change")
