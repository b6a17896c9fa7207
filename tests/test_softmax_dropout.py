"""Softmax and the log-likelihood (BP1 in its Jacobian form), and dropout in training."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcourse import Network, activations, costs, data
from bpcourse.equations import bp1
from bpcourse.gradcheck import numerical_gradient, relative_error
from bpcourse.train import sgd

softmax = activations.softmax


def test_softmax_columns_sum_to_one_and_do_not_overflow():
    z = np.array([[1000.0, -1000.0, 0.0], [999.0, -1001.0, 0.0], [0.0, 0.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # e^-2000 may underflow to 0
        a = softmax.fn(z)
    np.testing.assert_allclose(a.sum(axis=0), 1.0, rtol=1e-15)
    e = np.exp(1.0)
    np.testing.assert_allclose(a[:, 0], [e / (1 + e), 1 / (1 + e), 0.0], rtol=1e-15, atol=1e-300)
    np.testing.assert_allclose(a[:, 2], [1 / 3] * 3, rtol=1e-15)


def test_softmax_jacobian_is_diag_a_minus_a_a_t_and_matches_finite_differences():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    J = softmax.jacobian(z)
    assert J.shape == (3, 4, 4)
    for x in range(3):
        a = softmax.fn(z[:, [x]])[:, 0]
        np.testing.assert_allclose(J[x], np.diag(a) - np.outer(a, a), rtol=1e-14)
        h = 1e-6
        fd = np.column_stack([(softmax.fn(z[:, [x]] + h * np.eye(4)[:, [j]]) -
                               softmax.fn(z[:, [x]] - h * np.eye(4)[:, [j]]))[:, 0] / (2 * h) for j in range(4)])
        np.testing.assert_allclose(J[x], fd, atol=1e-9)
    with pytest.raises(TypeError, match="softmax is not elementwise"):
        softmax.prime(z)


def test_bp1_for_softmax_is_the_jacobian_form_not_the_hadamard_product():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(3, 5))
    nabla = rng.normal(size=(3, 5))
    delta = bp1(nabla, z, "softmax")
    J = softmax.jacobian(z)
    for x in range(5):
        np.testing.assert_allclose(delta[:, x], J[x].T @ nabla[:, x], rtol=1e-13)
    a = softmax.fn(z)
    diagonal_only = nabla * a * (1 - a)          # the Hadamard form some libraries shipped
    assert not np.allclose(delta, diagonal_only)


def test_softmax_with_log_likelihood_gives_a_minus_y():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(4, 6))
    y = np.eye(4)[:, rng.integers(0, 4, 6)]
    a = softmax.fn(z)
    general = bp1(costs.log_likelihood.grad_a(a, y), z, "softmax")
    np.testing.assert_allclose(general, a - y, atol=1e-14)
    net = Network([3, 4], output_activation="softmax", cost="log_likelihood")
    np.testing.assert_array_equal(net.output_error(a, y, z), a - y)
    # with the quadratic cost there is no such cancellation
    quad = bp1(costs.quadratic.grad_a(a, y), z, "softmax")
    assert not np.allclose(quad, a - y)


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=1, max_size=2), n_out=st.integers(2, 4), m=st.integers(1, 4),
       cost=st.sampled_from(["log_likelihood", "quadratic"]), hidden=st.sampled_from(["sigmoid", "tanh"]),
       seed=st.integers(0, 10_000))
def test_softmax_networks_agree_with_finite_differences_and_the_complex_step(sizes, n_out, m, cost, hidden, seed):
    rng = np.random.default_rng(seed)
    net = Network([3] + sizes + [n_out], activation=hidden, output_activation="softmax", cost=cost, seed=seed)
    X = rng.uniform(-1, 1, (3, m))
    Y = np.eye(n_out)[:, rng.integers(0, n_out, m)]
    bp = net.backprop(X, Y, l2=0.1)
    assert relative_error(bp, numerical_gradient(net, X, Y, l2=0.1)) < 1e-7
    assert relative_error(bp, numerical_gradient(net, X, Y, l2=0.1, method="complex")) < 1e-12


def test_log_likelihood_targets_must_be_distributions():
    net = Network([2, 3], output_activation="softmax", cost="log_likelihood", seed=0)
    X = np.ones((2, 2))
    with pytest.raises(ValueError, match=r"each column of Y must sum to 1 for the log_likelihood cost"):
        net.cost(X, np.array([[1.0, 0.5], [0.0, 0.0], [0.0, 0.0]]))
    with pytest.raises(ValueError, match=r"Y must lie in \[0, 1\]"):
        net.cost(X, np.array([[2.0, 1.0], [-1.0, 0.0], [0.0, 0.0]]))


def test_a_softmax_network_learns_the_digits():
    X_train, Y_train, X_test, Y_test = data.digits()
    net = Network([64, 30, 10], output_activation="softmax", cost="log_likelihood", seed=0)
    before = net.accuracy(X_test, Y_test)
    sgd(net, X_train, Y_train, epochs=5, batch_size=10, eta=0.5, seed=0, progress=False)
    assert before < 0.3 and net.accuracy(X_test, Y_test) > 0.9


# -- dropout --------------------------------------------------------------------------------

def test_dropout_zero_trains_bit_for_bit_as_without_it():
    X, Y = data.higham()
    a, b = Network([2, 4, 3, 2], seed=0), Network([2, 4, 3, 2], seed=0)
    ha = sgd(a, X, Y, epochs=20, batch_size=3, eta=1.0, seed=1, progress=False)
    hb = sgd(b, X, Y, epochs=20, batch_size=3, eta=1.0, seed=1, progress=False, dropout=0)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))
    assert ha.cost == hb.cost


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_outside_zero_one_is_a_clear_error(p):
    X, Y = data.higham()
    with pytest.raises(ValueError, match=r"dropout must be a probability p with 0 <= p < 1"):
        sgd(Network([2, 3, 2], seed=0), X, Y, epochs=1, batch_size=2, eta=1.0, progress=False, dropout=p)
    with pytest.raises(TypeError, match="dropout"):
        sgd(Network([2, 3, 2], seed=0), X, Y, epochs=1, batch_size=2, eta=1.0, progress=False, dropout="half")


def test_dropout_masks_change_the_forward_pass_and_bp2_and_the_gradient_checks_with_the_mask_fixed():
    rng = np.random.default_rng(3)
    net = Network([3, 5, 4, 2], seed=3)
    X, Y = rng.uniform(size=(3, 6)), np.eye(2)[:, rng.integers(0, 2, 6)]
    p = 0.5
    masks = {l: (rng.random((net.sizes[l - 1], 6)) >= p) / (1 - p) for l in (2, 3)}
    cache = net.forward(X, masks=masks)
    np.testing.assert_allclose(cache.a(2), activations.sigmoid.fn(cache.z(2)) * masks[2], rtol=1e-15)
    assert np.all(cache.a(2)[masks[2] == 0] == 0)
    errors = net.errors(X, Y, masks=masks)
    assert np.all(errors.delta(2)[masks[2] == 0] == 0)        # a dropped neuron passes no error back
    bp = net.backprop(X, Y, masks=masks)
    assert relative_error(bp, numerical_gradient(net, X, Y, masks=masks)) < 1e-8
    assert relative_error(bp, net.backprop(X, Y)) > 1e-3      # the mask really changed the gradient
    with pytest.raises(ValueError, match="dropout masks are for hidden layers"):
        net.forward(X, masks={4: np.ones((2, 6))})
    with pytest.raises(ValueError, match=r"masks\[2\] has shape"):
        net.forward(X, masks={2: np.ones((5, 5))})


def test_dropout_training_draws_masks_with_the_seed_and_learns():
    X_train, Y_train, X_test, Y_test = data.digits()
    runs = []
    for _ in range(2):
        net = Network([64, 40, 10], cost="cross_entropy", seed=0)
        sgd(net, X_train, Y_train, epochs=4, batch_size=10, eta=0.5, seed=2, progress=False, dropout=0.3)
        runs.append(net)
    assert all(np.array_equal(p, q) for p, q in zip(runs[0].weights, runs[1].weights))
    plain = Network([64, 40, 10], cost="cross_entropy", seed=0)
    sgd(plain, X_train, Y_train, epochs=4, batch_size=10, eta=0.5, seed=2, progress=False)
    assert not np.allclose(plain.W(2), runs[0].W(2))
    assert runs[0].accuracy(X_test, Y_test) > 0.9
