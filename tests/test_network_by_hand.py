"""A tiny 2-3-2 sigmoid network whose every number is worked out by hand in the comments.

The weights are chosen so that every weighted input z is 0, ln 3 or −ln 3, where the
sigmoid has exact values:

    σ(0) = 1/2,     σ'(0) = 1/2 · 1/2 = 1/4
    σ(ln 3) = 1/(1 + 1/3) = 3/4,   σ'(ln 3) = 3/4 · 1/4 = 3/16
    σ(−ln 3) = 1/(1 + 3) = 1/4,    σ'(−ln 3) = 1/4 · 3/4 = 3/16

The layers are non-square (W^2 is 3×2, W^3 is 2×3), so a missing transpose in BP2 or
a^l used in place of a^{l-1} in BP4 gives an error of shape, or different numbers.
"""

import numpy as np
import pytest

from bpcourse import Network
from bpcourse.equations import bp1, bp2, bp3, bp4

LN3 = np.log(3.0)

# Input x = a^1 and target y, one column.
x = np.array([[1.0], [2.0]])
y = np.array([[1.0], [0.0]])

# W^2 x = [1·1 − 0.5·2, 0·1 + 1·2, −1·1 + 0·2] = [0, 2, −1];
# with b^2 = [0, ln3 − 2, 1 − ln3] that gives z^2 = [0, ln3, −ln3].
W2 = np.array([[1.0, -0.5], [0.0, 1.0], [-1.0, 0.0]])
b2 = np.array([[0.0], [LN3 - 2.0], [1.0 - LN3]])
# a^2 = σ(z^2) = [1/2, 3/4, 1/4];  σ'(z^2) = [1/4, 3/16, 3/16].
#
# W^3 a^2 = [2·1/2 − 4·3/4 + 4·1/4, 4·1/2 + 0·3/4 − 4·1/4] = [1 − 3 + 1, 2 − 1] = [−1, 1];
# with b^3 = [1, ln3 − 1] that gives z^3 = [0, ln3].
W3 = np.array([[2.0, -4.0, 4.0], [4.0, 0.0, -4.0]])
b3 = np.array([[1.0], [LN3 - 1.0]])
# a^3 = σ(z^3) = [1/2, 3/4];  σ'(z^3) = [1/4, 3/16].

Z2 = np.array([[0.0], [LN3], [-LN3]])
A2 = np.array([[1 / 2], [3 / 4], [1 / 4]])
Z3 = np.array([[0.0], [LN3]])
A3 = np.array([[1 / 2], [3 / 4]])

# --- quadratic cost -------------------------------------------------------------------
# C = ½ ‖a^3 − y‖² = ½ ((1/2 − 1)² + (3/4 − 0)²) = ½ (1/4 + 9/16) = ½ · 13/16 = 13/32.
C_QUAD = 13 / 32
# BP1: ∇_a C = a^3 − y = [−1/2, 3/4]  (the ½ cancels the 2 of the square);
#      δ^3 = ∇_a C ⊙ σ'(z^3) = [−1/2 · 1/4, 3/4 · 3/16] = [−1/8, 9/64].
NABLA_QUAD = np.array([[-1 / 2], [3 / 4]])
DELTA3_QUAD = np.array([[-1 / 8], [9 / 64]])
# BP2: (W^3)^T δ^3 = [ 2·(−1/8) + 4·(9/64),   −4·(−1/8) + 0·(9/64),   4·(−1/8) − 4·(9/64) ]
#                  = [ −1/4 + 9/16,           1/2,                    −1/2 − 9/16 ]
#                  = [ 5/16, 1/2, −17/16 ];
#      δ^2 = that ⊙ σ'(z^2) = [5/16 · 1/4, 1/2 · 3/16, −17/16 · 3/16] = [5/64, 3/32, −51/256].
DELTA2_QUAD = np.array([[5 / 64], [3 / 32], [-51 / 256]])
# BP3: ∂C/∂b^3 = δ^3, ∂C/∂b^2 = δ^2.
# BP4: ∂C/∂W^3 = δ^3 (a^2)^T = [[−1/8 · 1/2, −1/8 · 3/4, −1/8 · 1/4],
#                               [9/64 · 1/2, 9/64 · 3/4, 9/64 · 1/4]]
#                            = [[−1/16, −3/32, −1/32], [9/128, 27/256, 9/256]];
#      ∂C/∂W^2 = δ^2 (a^1)^T = δ^2 [1, 2] = [[5/64, 10/64], [3/32, 6/32], [−51/256, −102/256]].
GRAD_W3_QUAD = np.array([[-1 / 16, -3 / 32, -1 / 32], [9 / 128, 27 / 256, 9 / 256]])
GRAD_W2_QUAD = np.array([[5 / 64, 10 / 64], [3 / 32, 6 / 32], [-51 / 256, -102 / 256]])

# --- cross-entropy cost ---------------------------------------------------------------
# C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] = −[1·ln(1/2) + 1·ln(1 − 3/4)] = ln 2 + ln 4 = 3 ln 2.
C_CE = 3 * np.log(2.0)
# ∇_a C = (a − y) / (a(1 − a)) = [(−1/2)/(1/4), (3/4)/(3/16)] = [−2, 4];
# δ^3 = ∇_a C ⊙ σ'(z^3) = [−2 · 1/4, 4 · 3/16] = [−1/2, 3/4] = a^3 − y  (σ' cancels).
NABLA_CE = np.array([[-2.0], [4.0]])
DELTA3_CE = np.array([[-1 / 2], [3 / 4]])
# (W^3)^T δ^3 = [2·(−1/2) + 4·3/4, −4·(−1/2) + 0, 4·(−1/2) − 4·3/4] = [2, 2, −5];
# δ^2 = [2 · 1/4, 2 · 3/16, −5 · 3/16] = [1/2, 3/8, −15/16].
DELTA2_CE = np.array([[1 / 2], [3 / 8], [-15 / 16]])
# ∂C/∂W^3 = δ^3 (a^2)^T = [[−1/4, −3/8, −1/8], [3/8, 9/16, 3/16]];
# ∂C/∂W^2 = δ^2 [1, 2]   = [[1/2, 1], [3/8, 3/4], [−15/16, −15/8]].
GRAD_W3_CE = np.array([[-1 / 4, -3 / 8, -1 / 8], [3 / 8, 9 / 16, 3 / 16]])
GRAD_W2_CE = np.array([[1 / 2, 1.0], [3 / 8, 3 / 4], [-15 / 16, -15 / 8]])


def hand_network(cost="quadratic") -> Network:
    net = Network([2, 3, 2], activation="sigmoid", cost=cost, seed=0)
    net.weights = [W2.copy(), W3.copy()]
    net.biases = [b2.copy(), b3.copy()]
    return net


def test_forward_pass_by_hand():
    zs, acts = hand_network().forward(x)
    assert len(zs) == 2 and len(acts) == 3
    assert np.array_equal(acts[0], x)
    np.testing.assert_allclose(zs[0], Z2, atol=1e-15)
    np.testing.assert_allclose(acts[1], A2, rtol=1e-15)
    np.testing.assert_allclose(zs[1], Z3, atol=1e-15)
    np.testing.assert_allclose(acts[2], A3, rtol=1e-15)
    np.testing.assert_allclose(hand_network().feedforward(x), A3, rtol=1e-15)


def test_quadratic_cost_by_hand_keeps_the_half():
    assert hand_network().cost(x, y) == pytest.approx(C_QUAD, rel=1e-14)
    # Without the ½ it would be 13/16: make sure that is not what we compute.
    assert hand_network().cost(x, y) != pytest.approx(2 * C_QUAD)


def test_cross_entropy_cost_by_hand():
    assert hand_network("cross_entropy").cost(x, y) == pytest.approx(C_CE, rel=1e-14)


@pytest.mark.parametrize("cost, nabla, delta3, delta2", [
    ("quadratic", NABLA_QUAD, DELTA3_QUAD, DELTA2_QUAD),
    ("cross_entropy", NABLA_CE, DELTA3_CE, DELTA2_CE),
])
def test_every_delta_by_hand(cost, nabla, delta3, delta2):
    net = hand_network(cost)
    zs, acts = net.forward(x)
    np.testing.assert_allclose(net.cost_fn.grad_a(acts[-1], y), nabla, rtol=1e-14)
    d3 = bp1(net.cost_fn.grad_a(acts[-1], y), zs[1], "sigmoid")
    np.testing.assert_allclose(d3, delta3, rtol=1e-14)
    np.testing.assert_allclose(net.output_error(acts[-1], y, zs[1]), delta3, rtol=1e-14)
    d2 = bp2(net.W(3), d3, zs[0], "sigmoid")
    np.testing.assert_allclose(d2, delta2, rtol=1e-14)


@pytest.mark.parametrize("cost, delta3, delta2, gW3, gW2", [
    ("quadratic", DELTA3_QUAD, DELTA2_QUAD, GRAD_W3_QUAD, GRAD_W2_QUAD),
    ("cross_entropy", DELTA3_CE, DELTA2_CE, GRAD_W3_CE, GRAD_W2_CE),
])
def test_every_gradient_by_hand(cost, delta3, delta2, gW3, gW2):
    net = hand_network(cost)
    # Each equation on its own, fed the hand-worked δ.
    np.testing.assert_allclose(bp3(delta3), delta3, rtol=1e-15)
    np.testing.assert_allclose(bp4(delta3, A2), gW3, rtol=1e-14)
    np.testing.assert_allclose(bp4(delta2, x), gW2, rtol=1e-14)
    # And the whole backward pass.
    grad_W, grad_b = net.backprop(x, y)
    np.testing.assert_allclose(grad_W[1], gW3, rtol=1e-14)
    np.testing.assert_allclose(grad_W[0], gW2, rtol=1e-14)
    np.testing.assert_allclose(grad_b[1], delta3, rtol=1e-14)
    np.testing.assert_allclose(grad_b[0], delta2, rtol=1e-14)
    assert grad_W[0].shape == net.W(2).shape == (3, 2)
    assert grad_W[1].shape == net.W(3).shape == (2, 3)


def test_l2_term_by_hand():
    # C + (λ/2) Σ‖W‖² with λ = 0.1: ‖W^2‖² = 1 + 0.25 + 1 + 1 = 3.25, ‖W^3‖² = 4+16+16+16+16 = 68;
    # (0.1/2) · 71.25 = 3.5625. The gradient gains λ W^l.
    net = hand_network()
    assert net.cost(x, y, l2=0.1) == pytest.approx(C_QUAD + 3.5625, rel=1e-14)
    grad_W, grad_b = net.backprop(x, y, l2=0.1)
    np.testing.assert_allclose(grad_W[1], GRAD_W3_QUAD + 0.1 * W3, rtol=1e-14)
    np.testing.assert_allclose(grad_W[0], GRAD_W2_QUAD + 0.1 * W2, rtol=1e-14)
    np.testing.assert_allclose(grad_b[0], DELTA2_QUAD, rtol=1e-14)  # biases are not decayed


def test_batch_of_two_by_hand_averages():
    # The same x twice, with targets y and 1 − y = [0, 1]:
    # C_x for the second column = ½ ((1/2)² + (3/4 − 1)²) = ½ (1/4 + 1/16) = 5/32;
    # the batch cost is the mean (13/32 + 5/32)/2 = 9/32, not the sum 18/32.
    X = np.hstack([x, x])
    Y = np.hstack([y, 1 - y])
    net = hand_network()
    assert net.cost(X, Y) == pytest.approx(9 / 32, rel=1e-14)
    # The second column's δ^3 = [1/2 · 1/4, −1/4 · 3/16] = [1/8, −3/64];
    # ∂C/∂b^3 = mean of the two columns = [(−1/8 + 1/8)/2, (9/64 − 3/64)/2] = [0, 3/64].
    grad_W, grad_b = net.backprop(X, Y)
    np.testing.assert_allclose(grad_b[1], [[0.0], [3 / 64]], atol=1e-16)
