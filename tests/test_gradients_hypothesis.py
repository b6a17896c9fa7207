"""Backprop against numerical gradients for every activation × cost pair, over random networks.

Hypothesis draws the architecture (2 to 5 layers of 1 to 6 neurons), the batch size
(1 to 8), the L2 strength and a seed for the weights and data. Two independent numerical
gradients are used:

* central differences with ε = 1e-5: relative error ≤ 1e-7. Their error is O(ε²)
  truncation plus rounding of about ε_mach·C/ε in each entry (C(θ ± ε) are each rounded
  to ε_mach·C, then divided by 2ε). A layer whose gradient is not far above that floor
  (a vanishing gradient deep in a sigmoid network, an input near 0) cannot be resolved
  to 1e-7 by any ε in float64, so this test skips (``assume``) the few problems whose
  smallest non-zero layer gradient is below 1e7 × the floor — about 8 % of them;
* the complex step Im C(θ + iε)/ε with ε = 1e-20, which has no subtraction and so no
  floor: backprop must agree to 1e-12 on every problem, those skipped above included,
  except where the gradient itself is ill-conditioned: with an output a within 1e-4 of
  its target y, a − y has lost 4 digits to the rounding of a (and the complex path of σ
  rounds a differently from the real one); cross-entropy computes ln(1 − a) from a
  rounded a, so an output a ≈ 1 with a target y < 1 carries a relative error of about
  ε_mach/(1 − a) into C (backprop's δ^L = a − y does not). Those rare problems
  (|a − y| < 1e-4, or 1 − a < 1e-4 with cross-entropy) are skipped.

The settings are derandomized so CI sees the same examples every run.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bpcourse import Network
from bpcourse.gradcheck import check, numerical_gradient, relative_error

ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"]
# Every pair the package allows: any hidden activation with either cost; cross-entropy
# needs a sigmoid output layer, the quadratic cost takes the hidden activation at the output too.
PAIRS = [(act, "quadratic", act) for act in ACTIVATIONS] + \
        [(act, "cross_entropy", "sigmoid") for act in ACTIVATIONS]

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw):
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=5))
    m = draw(st.integers(1, 8))
    l2 = draw(st.sampled_from([0.0, 0.01, 0.5]))
    seed = draw(st.integers(0, 2**32 - 1))
    return sizes, m, l2, seed


def build(pair, sizes, m, seed):
    activation, cost, output = pair
    rng = np.random.default_rng(seed)
    net = Network(sizes, activation=activation, cost=cost, output_activation=output, seed=seed)
    X = rng.normal(size=(sizes[0], m))
    if cost == "cross_entropy" or output == "sigmoid":
        Y = rng.uniform(0, 1, size=(sizes[-1], m))
        Y[:, ::2] = np.round(Y[:, ::2])          # some one-hot-like 0/1 targets too
    else:
        Y = rng.normal(size=(sizes[-1], m))
    return net, X, Y


def resolvable_by_central_differences(net, X, Y, l2, eps) -> bool:
    """True if every non-zero layer gradient is ≥ 1e7 × the rounding floor ε_mach·|C|/ε (per entry)."""
    floor = np.finfo(float).eps * abs(net.cost(X, Y, l2=l2)) / eps
    gW, gb = net.backprop(X, Y, l2=l2)
    return all(np.linalg.norm(g) == 0 or np.linalg.norm(g) >= 1e7 * floor * np.sqrt(g.size) for g in gW + gb)


@pytest.mark.parametrize("pair", PAIRS, ids=["-".join(p) for p in PAIRS])
@SETTINGS
@given(problem=problems())
def test_backprop_matches_central_differences(pair, problem):
    sizes, m, l2, seed = problem
    net, X, Y = build(pair, sizes, m, seed)
    eps = 1e-5
    assume(resolvable_by_central_differences(net, X, Y, l2, eps))
    assert check(net, X, Y, l2=l2, method="central", eps=eps) <= 1e-7


def cost_well_conditioned(net, X, Y) -> bool:
    """False if an output is within 1e-4 of its target, or (cross-entropy) within 1e-4 of 1 with y < 1."""
    A = net.feedforward(X)
    if np.any(np.abs(A - Y) < 1e-4):
        return False
    return net.cost_fn.name != "cross_entropy" or bool(np.all((1 - A)[Y < 1] >= 1e-4))


@pytest.mark.parametrize("pair", PAIRS, ids=["-".join(p) for p in PAIRS])
@SETTINGS
@given(problem=problems())
def test_backprop_matches_the_complex_step(pair, problem):
    sizes, m, l2, seed = problem
    net, X, Y = build(pair, sizes, m, seed)
    assume(cost_well_conditioned(net, X, Y))
    gW, gb = net.backprop(X, Y, l2=l2)
    nW, nb = numerical_gradient(net, X, Y, l2=l2, method="complex")
    for l, (g, n) in enumerate(zip(gW, nW), start=2):
        assert relative_error(g, n) <= 1e-12, f"W^{l}"
    for l, (g, n) in enumerate(zip(gb, nb), start=2):
        assert relative_error(g, n) <= 1e-12, f"b^{l}"


def test_gradient_check_catches_a_wrong_backprop():
    """The check is not vacuous: a backprop that drops BP2's σ' fails it by far."""
    from bpcourse.gradcheck import numerical_gradient, relative_error
    from bpcourse.network import Steps

    net, X, Y = build(("sigmoid", "quadratic", "sigmoid"), [3, 4, 2], 5, 0)
    good = check(net, X, Y, eps=1e-5)
    no_sigma_prime = Steps(hidden_error=lambda net, cache, l, delta_next: net.W(l + 1).T @ delta_next)
    wrong_W, wrong_b = net.backprop(X, Y, steps=no_sigma_prime)
    num_W, num_b = numerical_gradient(net, X, Y, eps=1e-5)
    bad = max(relative_error(g, n) for g, n in zip(wrong_W + wrong_b, num_W + num_b))
    assert good < 1e-7 < 1e-2 < bad
