"""Activations and costs: each derivative against finite differences, and the numerics."""

import warnings

import numpy as np
import pytest

from bpcourse import activations, costs
from bpcourse.equations import bp1

H = 1e-6


def central_difference(f, z, h=H):
    return (f(z + h) - f(z - h)) / (2 * h)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_activation_prime_matches_finite_differences(name):
    sigma = activations.get(name)
    z = np.random.default_rng(0).uniform(-4, 4, size=(5, 7))
    z = z[np.abs(z) > 1e-3].reshape(-1, 1)  # keep away from relu's kink at 0
    np.testing.assert_allclose(sigma.prime(z), central_difference(sigma.fn, z), rtol=1e-7, atol=1e-9)


def test_activation_values():
    z = np.array([[-2.0], [0.0], [3.0]])
    np.testing.assert_allclose(activations.sigmoid.fn(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_array_equal(activations.relu.fn(z), [[0.0], [0.0], [3.0]])
    np.testing.assert_array_equal(activations.relu.prime(z), [[0.0], [0.0], [1.0]])
    np.testing.assert_array_equal(activations.identity.fn(z), z)
    np.testing.assert_array_equal(activations.identity.prime(z), np.ones_like(z))
    np.testing.assert_allclose(activations.tanh.fn(z), np.tanh(z))


def test_get_accepts_names_and_objects():
    assert activations.get("sigmoid") is activations.sigmoid
    assert activations.get("ReLU") is activations.relu
    assert activations.get(activations.tanh) is activations.tanh
    assert costs.get("quadratic") is costs.quadratic
    assert costs.get("cross-entropy") is costs.cross_entropy
    assert costs.get(costs.cross_entropy) is costs.cross_entropy


def test_sigmoid_at_plus_minus_1000_gives_no_warning_and_the_right_values():
    z = np.array([[-1000.0], [-745.0], [0.0], [40.0], [1000.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        s = activations.sigmoid.fn(z)
        sp = activations.sigmoid.prime(z)
    assert s[0, 0] == 0.0 and s[-1, 0] == 1.0 and s[2, 0] == 0.5
    assert 0 < s[1, 0] < 1e-300          # e^{-745}, a subnormal, not rounded to 0 early
    assert s[3, 0] == pytest.approx(1 - np.exp(-40), abs=1e-16)
    np.testing.assert_array_equal(sp[[0, -1]], [[0.0], [0.0]])
    assert sp[2, 0] == 0.25
    assert np.all(np.isfinite(sp))


def test_sigmoid_prime_keeps_small_values_where_1_minus_sigma_rounds_to_zero():
    # σ(40) rounds to 1 − 4e-18 ≈ 1 in float64, so σ(1 − σ) would give 0; σ(z)σ(−z) does not.
    assert activations.sigmoid.prime(np.array([[40.0]]))[0, 0] == pytest.approx(np.exp(-40), rel=1e-12)


@pytest.mark.parametrize("cost", [costs.quadratic, costs.cross_entropy])
def test_cost_gradient_matches_finite_differences(cost):
    rng = np.random.default_rng(1)
    a = rng.uniform(0.05, 0.95, size=(4, 3))
    y = rng.uniform(0, 1, size=(4, 3))
    numeric = np.empty_like(a)
    for idx in np.ndindex(a.shape):
        e = np.zeros_like(a)
        e[idx] = H
        numeric[idx] = (cost.fn(a + e, y) - cost.fn(a - e, y))[idx[1]] / (2 * H)
    np.testing.assert_allclose(cost.grad_a(a, y), numeric, rtol=1e-7)


def test_quadratic_cost_has_the_half_and_is_per_example():
    a = np.array([[1.0, 3.0], [0.0, 4.0]])
    y = np.zeros((2, 2))
    # column 0: ½(1² + 0²) = 0.5; column 1: ½(3² + 4²) = 12.5
    np.testing.assert_array_equal(costs.quadratic.fn(a, y), [0.5, 12.5])
    np.testing.assert_array_equal(costs.quadratic.grad_a(a, y), a)   # not 2a
    assert costs.quadratic.fn(a, y).shape == (2,)


def test_cross_entropy_values():
    a = np.array([[0.5], [0.25]])
    y = np.array([[1.0], [0.0]])
    # −[ln 0.5 + ln 0.75]
    assert costs.cross_entropy.fn(a, y)[0] == pytest.approx(-(np.log(0.5) + np.log(0.75)), rel=1e-15)


def test_cross_entropy_is_finite_at_a_equal_y_in_0_1_and_inf_where_truly_infinite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exact = costs.cross_entropy.fn(np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]))
        np.testing.assert_array_equal(exact, [0.0, 0.0])
        wrong = costs.cross_entropy.fn(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]]))
        assert wrong[0] == np.inf
        half_wrong = costs.cross_entropy.fn(np.array([[1.0]]), np.array([[0.0]]))
        assert half_wrong[0] == np.inf
        # gradient at a = y ∈ {0, 1}: d/da −ln(1 − a) = 1 at a = 0; d/da −ln a = −1 at a = 1
        np.testing.assert_array_equal(
            costs.cross_entropy.grad_a(np.array([[0.0], [1.0]]), np.array([[0.0], [1.0]])), [[1.0], [-1.0]])
        # soft target y = 0.3 with a = 0 is truly infinite too
        assert costs.cross_entropy.fn(np.array([[0.0]]), np.array([[0.3]]))[0] == np.inf


def test_sigma_prime_cancels_with_cross_entropy():
    """Network's shortcut δ^L = a − y equals bp1 with the general ∇_a C, for a sigmoid output."""
    from bpcourse import Network

    rng = np.random.default_rng(2)
    net = Network([3, 4], cost="cross_entropy", seed=0)
    z = rng.normal(0, 3, size=(4, 6))
    a = activations.sigmoid.fn(z)
    y = rng.uniform(0, 1, size=(4, 6))
    general = bp1(costs.cross_entropy.grad_a(a, y), z, "sigmoid")
    shortcut = net.output_error(a, y, z)
    np.testing.assert_allclose(shortcut, a - y, rtol=0, atol=0)
    np.testing.assert_allclose(general, shortcut, rtol=1e-9, atol=1e-12)
    # Where σ(z) rounds to 1, ∇_a C = (1 − y)/(1 − a) is infinite; the shortcut stays finite: a − y = 1.
    z_sat = np.array([[40.0]])
    a_sat = activations.sigmoid.fn(z_sat)
    assert np.isinf(costs.cross_entropy.grad_a(a_sat, np.array([[0.0]])))[0, 0]
    assert net.output_error(a_sat, np.array([[0.0]]), z_sat)[0, 0] == 1.0


def test_quadratic_output_error_keeps_sigma_prime():
    """With the quadratic cost σ' does not cancel: δ^L = (a − y) ⊙ σ'(z)."""
    from bpcourse import Network

    net = Network([3, 2], cost="quadratic", seed=0)
    z = np.array([[0.5], [-1.0]])
    a = activations.sigmoid.fn(z)
    y = np.array([[1.0], [0.0]])
    np.testing.assert_allclose(net.output_error(a, y, z), (a - y) * activations.sigmoid.prime(z), rtol=1e-15)


def test_evaluate_checks_shapes():
    with pytest.raises(ValueError, match="a has shape .* but y has shape"):
        costs.evaluate("quadratic", np.ones((2, 3)), np.ones((3, 2)))
    np.testing.assert_array_equal(costs.evaluate("quadratic", [[1.0]], [[0.0]]), [0.5])


def test_tanh_prime_keeps_its_precision_where_tanh_rounds_to_one():
    # 1 − tanh²(z) would cancel: at z = 15 it is off by 1e-4 relative, from z ≈ 19 it is exactly 0.
    z = np.array([[-20.0], [-15.0], [-10.0], [0.5], [10.0], [15.0], [20.0]])
    exact = 1.0 / np.cosh(z) ** 2
    np.testing.assert_allclose(activations.tanh.prime(z), exact, rtol=1e-14)
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        np.testing.assert_array_equal(activations.tanh.prime(np.array([[-1000.0], [1000.0]])), [[0.0], [0.0]])
