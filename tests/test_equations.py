"""BP1–BP4 each on its own against finite differences of the cost, and the Network around them.

For each equation the inputs that come from other equations (δ^{l+1} for BP2, δ^l for BP3
and BP4) are themselves taken from finite differences, so a test fails only if that one
equation is wrong. The cost is a mean over the m columns and column x of z^l changes only
C_x, so δ^l (one column per example) = m · ∂C/∂z^l.
"""

import numpy as np
import pytest

from bpcourse import Network, activations
from bpcourse.equations import bp1, bp2, bp3, bp4
from bpcourse.gradcheck import check, numerical_gradient, relative_error

H = 1e-6
SIZES = [3, 5, 4, 2]  # non-square everywhere
M = 3


def make(activation="sigmoid", cost="quadratic", output_activation=None, seed=0):
    rng = np.random.default_rng(seed + 100)
    net = Network(SIZES, activation=activation, cost=cost, seed=seed, output_activation=output_activation)
    X = rng.normal(size=(SIZES[0], M))
    Y = rng.uniform(0, 1, size=(SIZES[-1], M))
    return net, X, Y


def cost_from_z(net, l, z, Y):
    """C as a function of z^l alone: run the layers l..L from z^l."""
    a = net.sigma(l).fn(z)
    for k in range(l + 1, net.L + 1):
        a = net.sigma(k).fn(net.W(k) @ a + net.b(k))
    return np.mean(net.cost_fn.fn(a, Y))


def numerical_delta(net, X, Y, l):
    """δ^l = m ∂C/∂z^l by central differences."""
    zs, _ = net.forward(X)
    z = zs[l - 2]
    D = np.empty_like(z)
    for idx in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += H
        zm[idx] -= H
        D[idx] = (cost_from_z(net, l, zp, Y) - cost_from_z(net, l, zm, Y)) / (2 * H)
    return X.shape[1] * D


CASES = [("sigmoid", "quadratic", None), ("tanh", "quadratic", None), ("relu", "quadratic", None),
         ("identity", "quadratic", None), ("tanh", "cross_entropy", "sigmoid"),
         ("relu", "cross_entropy", "sigmoid"), ("sigmoid", "cross_entropy", "sigmoid")]


@pytest.mark.parametrize("activation, cost, out", CASES)
def test_bp1_against_finite_differences_in_z_L(activation, cost, out):
    net, X, Y = make(activation, cost, out)
    zs, acts = net.forward(X)
    L = net.L
    delta_L = bp1(net.cost_fn.grad_a(acts[-1], Y), zs[-1], net.sigma(L))
    assert delta_L.shape == (SIZES[-1], M)
    assert relative_error(delta_L, numerical_delta(net, X, Y, L)) < 1e-7


@pytest.mark.parametrize("activation, cost, out", CASES)
def test_bp2_against_finite_differences_in_z_l(activation, cost, out):
    net, X, Y = make(activation, cost, out)
    zs, _ = net.forward(X)
    for l in range(net.L - 1, 1, -1):
        delta_next = numerical_delta(net, X, Y, l + 1)
        delta_l = bp2(net.W(l + 1), delta_next, zs[l - 2], net.sigma(l))
        assert delta_l.shape == (SIZES[l - 1], M)
        assert relative_error(delta_l, numerical_delta(net, X, Y, l)) < 1e-7, f"layer {l}"


@pytest.mark.parametrize("activation, cost, out", CASES)
def test_bp3_and_bp4_against_finite_differences_in_b_and_W(activation, cost, out):
    net, X, Y = make(activation, cost, out)
    _, acts = net.forward(X)
    num_W, num_b = numerical_gradient(net, X, Y)
    for l in range(2, net.L + 1):
        delta_l = numerical_delta(net, X, Y, l)
        grad_b = bp3(delta_l)
        grad_W = bp4(delta_l, acts[l - 2])          # acts[l - 2] is a^{l-1}
        assert grad_b.shape == net.b(l).shape and grad_W.shape == net.W(l).shape
        assert relative_error(grad_b, num_b[l - 2]) < 1e-7, f"BP3 at layer {l}"
        assert relative_error(grad_W, num_W[l - 2]) < 1e-7, f"BP4 at layer {l}"


def test_bp2_needs_the_transpose():
    """On a square, non-symmetric W^{l+1}, W δ (no transpose) is a different, wrong answer."""
    net = Network([3, 4, 4, 2], seed=3)
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(3, 2)), rng.uniform(size=(2, 2))
    zs, _ = net.forward(X)
    delta_4 = numerical_delta(net, X, Y, 4)
    delta_3 = bp2(net.W(4), delta_4, zs[1])
    truth_2 = numerical_delta(net, X, Y, 2)
    W3 = net.W(3)
    assert not np.allclose(W3, W3.T)
    assert relative_error(bp2(W3, delta_3, zs[0]), truth_2) < 1e-7
    no_transpose = (W3 @ delta_3) * activations.sigmoid.prime(zs[0])
    assert relative_error(no_transpose, truth_2) > 1e-2


def test_bp4_uses_a_of_the_previous_layer():
    """∂C/∂W^l = δ^l (a^{l-1})^T: with a^l in place of a^{l-1} the numbers (or the shape) are wrong."""
    net = Network([4, 4, 4], seed=4)
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(4, 3)), rng.uniform(size=(4, 3))
    _, acts = net.forward(X)
    num_W, _ = numerical_gradient(net, X, Y)
    delta_3 = numerical_delta(net, X, Y, 3)
    assert relative_error(bp4(delta_3, acts[1]), num_W[1]) < 1e-7     # a^2
    assert relative_error(bp4(delta_3, acts[2]), num_W[1]) > 1e-2     # a^3: wrong
    # With non-square layers the wrong choice does not even have W^l's shape.
    net2, X2, Y2 = make()
    _, acts2 = net2.forward(X2)
    d = numerical_delta(net2, X2, Y2, 3)
    assert bp4(d, acts2[1]).shape == net2.W(3).shape
    assert bp4(d, acts2[2]).shape != net2.W(3).shape


def test_bp3_and_bp4_average_over_the_batch():
    rng = np.random.default_rng(5)
    delta = rng.normal(size=(3, 4))
    a_prev = rng.normal(size=(2, 4))
    singles_b = [bp3(delta[:, [i]]) for i in range(4)]
    singles_W = [bp4(delta[:, [i]], a_prev[:, [i]]) for i in range(4)]
    np.testing.assert_allclose(bp3(delta), np.mean(singles_b, axis=0), rtol=1e-14)
    np.testing.assert_allclose(bp4(delta, a_prev), np.mean(singles_W, axis=0), rtol=1e-14)
    # One column: exactly the textbook forms δ and δ a^T.
    np.testing.assert_array_equal(bp3(delta[:, [0]]), delta[:, [0]])
    np.testing.assert_allclose(bp4(delta[:, [0]], a_prev[:, [0]]), np.outer(delta[:, 0], a_prev[:, 0]), rtol=1e-15)


@pytest.mark.parametrize("activation, cost, out", CASES)
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_batch_gradient_is_the_mean_of_single_example_gradients(activation, cost, out, l2):
    net, _, _ = make(activation, cost, out, seed=7)
    rng = np.random.default_rng(7)
    m = 6
    X, Y = rng.normal(size=(SIZES[0], m)), rng.uniform(size=(SIZES[-1], m))
    gW, gb = net.backprop(X, Y, l2=l2)
    singles = [net.backprop(X[:, [i]], Y[:, [i]], l2=l2) for i in range(m)]
    for i in range(net.L - 1):
        np.testing.assert_allclose(gW[i], np.mean([s[0][i] for s in singles], axis=0), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(gb[i], np.mean([s[1][i] for s in singles], axis=0), rtol=1e-12, atol=1e-15)
    assert net.cost(X, Y, l2=l2) == pytest.approx(np.mean([net.cost(X[:, [i]], Y[:, [i]], l2=l2)
                                                           for i in range(m)]), rel=1e-12)


@pytest.mark.parametrize("activation, cost, out", CASES)
def test_cost_and_backprop_with_l2_are_consistent(activation, cost, out):
    net, X, Y = make(activation, cost, out, seed=8)
    # ε = 1e-5, not the default 1e-6: λ = 0.7 makes C large, and the rounding of C(θ ± ε),
    # about ε_mach·C/ε, would otherwise reach 1e-7 of the smallest layer gradient.
    assert check(net, X, Y, l2=0.7, eps=1e-5) < 1e-7
    # and the decay term really is there: the gradient changes by λ W^l
    g0, _ = net.backprop(X, Y)
    g1, _ = net.backprop(X, Y, l2=0.7)
    for l in range(2, net.L + 1):
        np.testing.assert_allclose(g1[l - 2] - g0[l - 2], 0.7 * net.W(l), rtol=1e-12, atol=1e-14)


# -- the Network's accessors and cache -------------------------------------------------

def test_W_and_b_use_the_course_layer_numbers():
    net = Network([3, 5, 4, 2], seed=0)
    assert net.L == 4
    for l in range(2, 5):
        assert net.W(l) is net.weights[l - 2]
        assert net.b(l) is net.biases[l - 2]
        assert net.W(l).shape == (net.sizes[l - 1], net.sizes[l - 2])
        assert net.b(l).shape == (net.sizes[l - 1], 1)
        assert net.W(l).dtype == np.float64


@pytest.mark.parametrize("l", [1, 0, -1, 5, 2.0, "2", True])
def test_W_and_b_out_of_range_say_so(l):
    net = Network([3, 5, 4, 2], seed=0)
    for accessor in (net.W, net.b):
        with pytest.raises(ValueError, match=r"layer l must be an integer from 2 to L = 4"):
            accessor(l)


def test_forward_returns_zs_and_activations_with_X_first():
    net, X, _ = make("tanh", "quadratic", "identity")
    zs, acts = net.forward(X)
    assert len(zs) == net.L - 1 and len(acts) == net.L
    np.testing.assert_array_equal(acts[0], X)
    for l in range(2, net.L + 1):
        np.testing.assert_allclose(zs[l - 2], net.W(l) @ acts[l - 2] + net.b(l), rtol=1e-15)
        np.testing.assert_allclose(acts[l - 1], net.sigma(l).fn(zs[l - 2]), rtol=1e-15)
    np.testing.assert_allclose(acts[-1], zs[-1])            # identity output
    np.testing.assert_array_equal(net.feedforward(X), acts[-1])
    # nothing is cached on the network: a second call gives the same, fresh arrays
    zs2, acts2 = net.forward(X)
    assert zs2[0] is not zs[0]
    np.testing.assert_array_equal(zs2[0], zs[0])


def test_seed_makes_the_initial_weights_reproducible():
    a, b, c = Network([4, 3, 2], seed=1), Network([4, 3, 2], seed=1), Network([4, 3, 2], seed=2)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))
    assert not np.array_equal(a.W(2), c.W(2))


def test_copy_is_deep():
    net = Network([2, 3, 1], seed=0)
    twin = net.copy()
    twin.W(2)[0, 0] += 1.0
    assert twin.W(2)[0, 0] != net.W(2)[0, 0]
    assert twin.sizes == net.sizes and twin.cost_fn is net.cost_fn


def test_predict_and_accuracy():
    net = Network([2, 3, 2], seed=0)
    X = np.random.default_rng(0).normal(size=(2, 8))
    pred = net.predict(X)
    np.testing.assert_array_equal(pred, np.argmax(net.feedforward(X), axis=0))
    Y = np.eye(2)[:, pred]
    assert net.accuracy(X, Y) == 1.0
    assert net.accuracy(X, 1 - Y) == 0.0
