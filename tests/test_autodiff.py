"""The reverse-mode engine: each local rule, the sweep, and a network's gradient without BP1–BP4.

Three tiers, as for backprop: a one-neuron network worked by hand; every operation's rule
against central differences of its own value; ``network_gradient`` against ``net.backprop``
and against the complex step over random architectures (hypothesis) and every
activation × cost pair the Network accepts. A proxy network with nothing but the public
surface, and the four equations patched to raise, prove the engine uses neither.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import bpcourse.equations as equations
import bpcourse.network as network_module
from bpcourse import Network, activations, autodiff, costs
from bpcourse.autodiff import Tensor
from bpcourse.gradcheck import numerical_gradient, relative_error

ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"]
PAIRS = [(act, "quadratic", act) for act in ACTIVATIONS] + \
        [(act, "cross_entropy", "sigmoid") for act in ACTIVATIONS] + \
        [(act, cost, "softmax") for act in ACTIVATIONS for cost in ("log_likelihood", "quadratic")]


def network_accepts(pair) -> bool:
    """True if this package's Network takes the pair (softmax and log-likelihood came later)."""
    activation, cost, output = pair
    try:
        Network([2, 2], activation=activation, cost=cost, output_activation=output)
    except ValueError:
        return False
    return True


def build(pair, sizes, m, seed, scale=None):
    activation, cost, output = pair
    if not network_accepts(pair):
        pytest.skip(f"Network does not accept {pair} here")
    rng = np.random.default_rng(seed)
    net = Network(sizes, activation=activation, cost=cost, output_activation=output, seed=seed, scale=scale)
    X = rng.normal(size=(sizes[0], m))
    if output == "softmax":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]
    elif cost == "cross_entropy" or output == "sigmoid":
        Y = rng.uniform(0, 1, size=(sizes[-1], m))
        Y[:, ::2] = np.round(Y[:, ::2])
    else:
        Y = rng.normal(size=(sizes[-1], m))
    return net, X, Y


# -- tier 1: one neuron by hand --------------------------------------------------------------

def test_one_neuron_by_hand():
    """z = w x + b = 0, a = σ(0) = ½, C = ½(a − y)² with x = 2, y = 1:
    ∂C/∂z = (a − y) σ'(0) = (−½)(¼) = −⅛, ∂C/∂w = −⅛ · 2 = −¼, ∂C/∂b = −⅛."""
    w, b = Tensor([[0.0]], name="w"), Tensor([[0.0]], name="b")
    x = Tensor([[2.0]], requires_grad=False)
    z = w @ x + b
    a = autodiff.sigmoid(z)
    C = autodiff.mean(autodiff.quadratic(a, np.array([[1.0]])))
    C.backward()
    assert C.value == 0.125
    assert z.grad[0, 0] == -0.125 and w.grad[0, 0] == -0.25 and b.grad[0, 0] == -0.125
    assert x.grad[0, 0] == 0.0, "an input that needs no gradient gets none"


def test_a_node_used_twice_collects_both_contributions():
    """C = Σ u ⊙ u: u feeds the product twice, so ∂C/∂u = 2u (not u)."""
    u = Tensor([[1.5, -2.0]])
    C = autodiff.sum(u * u)
    C.backward()
    np.testing.assert_array_equal(u.grad, [[3.0, -4.0]])


def test_l2_weight_collects_the_forward_and_the_decay_paths():
    """W^l feeds z^l and the L2 term: its gradient is the data part plus λ W^l, as Network.backprop's."""
    net, X, Y = build(("sigmoid", "quadratic", "sigmoid"), [3, 4, 2], 5, 0)
    gW0, _ = autodiff.network_gradient(net, X, Y)
    gW, gb = autodiff.network_gradient(net, X, Y, l2=0.3)
    for l in (2, 3):
        np.testing.assert_allclose(gW[l - 2], gW0[l - 2] + 0.3 * net.W(l), rtol=1e-13, atol=1e-15)


# -- tier 2: each operation's rule against central differences of its value --------------------

def numeric_vjp(f, u, R, eps=1e-6):
    """∂/∂u of Σ R ⊙ f(u), entry by entry, by central differences."""
    g = np.zeros_like(u)
    for idx in np.ndindex(u.shape):
        up, down = u.copy(), u.copy()
        up[idx] += eps
        down[idx] -= eps
        g[idx] = (np.sum(R * f(up)) - np.sum(R * f(down))) / (2 * eps)
    return g


RNG = np.random.default_rng(3)
Z = RNG.normal(size=(4, 3))
POSITIVE = RNG.uniform(0.2, 0.8, size=(4, 3))
ONE_HOT = np.eye(4)[:, [0, 2, 3]]
SOFT_TARGETS = RNG.uniform(0, 1, size=(4, 3))

UNARY = {
    "sigmoid": (autodiff.sigmoid, Z), "tanh": (autodiff.tanh, Z), "relu": (autodiff.relu, Z),
    "identity": (autodiff.identity, Z), "softmax": (autodiff.softmax, Z), "neg": (autodiff.neg, Z),
    "square": (autodiff.square, Z), "log": (autodiff.log, POSITIVE), "mean": (autodiff.mean, Z),
    "sum": (autodiff.sum, Z), "sum over columns": (lambda u: autodiff.sum(u, axis=0), Z),
    "sum over rows": (lambda u: autodiff.sum(u, axis=1), Z), "sum of squares": (autodiff.sum_of_squares, Z),
    "quadratic": (lambda a: autodiff.quadratic(a, SOFT_TARGETS), POSITIVE),
    "cross_entropy": (lambda a: autodiff.cross_entropy(a, SOFT_TARGETS), POSITIVE),
    "cross_entropy, 0/1 targets": (lambda a: autodiff.cross_entropy(a, ONE_HOT), POSITIVE),
    "log_likelihood": (lambda a: autodiff.log_likelihood(a, ONE_HOT), POSITIVE),
}


@pytest.mark.parametrize("name", UNARY)
def test_each_rule_matches_central_differences(name):
    op, u0 = UNARY[name]
    u = Tensor(u0)
    out = op(u)
    R = np.random.default_rng(5).normal(size=out.value.shape)
    autodiff.sum(out * R).backward()
    want = numeric_vjp(lambda v: op(Tensor(v)).value, u0, R)
    np.testing.assert_allclose(u.grad, want, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("shapes", [((3, 4), (4, 5)), ((1, 3), (3, 1)), ((4, 1), (1, 6))])
def test_matrix_product_rule(shapes):
    rng = np.random.default_rng(1)
    A0, B0 = rng.normal(size=shapes[0]), rng.normal(size=shapes[1])
    A, B = Tensor(A0), Tensor(B0)
    R = rng.normal(size=(shapes[0][0], shapes[1][1]))
    autodiff.sum((A @ B) * R).backward()
    np.testing.assert_allclose(A.grad, numeric_vjp(lambda v: v @ B0, A0, R), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(B.grad, numeric_vjp(lambda v: A0 @ v, B0, R), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("op", ["add", "mul"])
def test_broadcast_bias_column_receives_the_sum_over_columns(op):
    """z = u + b with b of shape (n, 1): b is used by all m columns, so ∂C/∂b sums G's columns."""
    rng = np.random.default_rng(2)
    u0, b0, R = rng.normal(size=(3, 5)), rng.normal(size=(3, 1)), rng.normal(size=(3, 5))
    f = np.add if op == "add" else np.multiply
    u, b = Tensor(u0), Tensor(b0)
    out = autodiff.add(u, b) if op == "add" else autodiff.mul(u, b)
    autodiff.sum(out * R).backward()
    assert b.grad.shape == (3, 1)
    np.testing.assert_allclose(b.grad, numeric_vjp(lambda v: f(u0, v), b0, R), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(u.grad, numeric_vjp(lambda v: f(v, b0), u0, R), rtol=1e-7, atol=1e-9)
    if op == "add":
        np.testing.assert_allclose(b.grad, R.sum(axis=1, keepdims=True), rtol=1e-14)


def test_forward_values_match_the_package():
    """The engine computes its own values; they agree with bpcourse.activations and bpcourse.costs."""
    z = np.linspace(-40, 40, 33).reshape(3, 11)
    for name in ACTIVATIONS:
        np.testing.assert_allclose(autodiff.ACTIVATIONS[name](z).value, activations.get(name).fn(z), rtol=1e-14)
    for name in ("quadratic", "cross_entropy"):
        np.testing.assert_allclose(autodiff.COSTS[name](POSITIVE, SOFT_TARGETS).value[0],
                                   costs.get(name).fn(POSITIVE, SOFT_TARGETS), rtol=1e-14)


def test_softmax_does_not_overflow_and_its_rule_is_the_full_jacobian():
    z = np.array([[1000.0, -3.0], [999.0, 2.0], [-1000.0, 0.5]])
    zt = Tensor(z)
    a = autodiff.softmax(zt)
    assert np.all(np.isfinite(a.value)) and np.allclose(a.value.sum(axis=0), 1.0)
    G = np.array([[1.0, -2.0], [0.5, 0.0], [3.0, 1.0]])
    autodiff.sum(a * G).backward()
    for x in range(2):
        av = a.value[:, x]
        jacobian = np.diag(av) - np.outer(av, av)
        np.testing.assert_allclose(zt.grad[:, x], jacobian.T @ G[:, x], rtol=1e-12, atol=1e-300)


def test_saturated_sigmoid_and_tanh_keep_their_derivative_digits():
    """At z = 30 the derivative is about 9.4e-14: σ(z)σ(−z) keeps it, 1 − σ(z) would round it away."""
    z = np.array([[30.0, -30.0, 12.0]])
    for name in ("sigmoid", "tanh"):
        zt = Tensor(z)
        autodiff.sum(autodiff.ACTIVATIONS[name](zt)).backward()
        np.testing.assert_allclose(zt.grad, activations.get(name).prime(z), rtol=1e-13)


# -- the sweep ------------------------------------------------------------------------------

def diamond():
    """u → (v = σ(u), w = u²) → s = v + w → C = Σ s: u is reached by two paths."""
    u = Tensor([[0.3, -1.2]], name="u")
    v = autodiff.sigmoid(u, name="v")
    w = autodiff.square(u, name="w")
    s = autodiff.add(v, w, name="s")
    return u, v, w, s, autodiff.sum(s, name="C")


def test_topological_order_lists_each_node_once_after_its_parents():
    u, v, w, s, C = diamond()
    order = autodiff.topological_order(C)
    assert len(order) == len({id(n) for n in order}) == 5
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for p in node.parents:
            assert position[id(p)] < position[id(node)], f"{p!r} must come before {node!r}"
    assert order[-1] is C and order[0] is u


def test_backward_runs_each_rule_once_from_the_cost_back():
    u, v, w, s, C = diamond()
    ran = C.backward()
    assert ran[0] is C and ran[1] is s and {id(n) for n in ran[2:]} == {id(v), id(w)}
    sig = 1 / (1 + np.exp(-u.value))
    np.testing.assert_allclose(u.grad, sig * (1 - sig) + 2 * u.value, rtol=1e-14)


def test_backward_twice_gives_the_same_gradient_not_double():
    u, *_, C = diamond()
    C.backward()
    first = u.grad.copy()
    C.backward()
    np.testing.assert_array_equal(u.grad, first)


def test_backward_in_steps_stops_part_way():
    u, v, w, s, C = diamond()
    ran = C.backward(steps=2)
    assert [n.name for n in ran] == ["C", "s"]
    assert np.all(u.grad == 0) and np.all(v.grad == 1) and np.all(w.grad == 1)
    assert C.backward(steps=0) == []


def test_a_deep_chain_does_not_hit_the_recursion_limit():
    x = Tensor([[0.5]])
    y = x
    for _ in range(5000):
        y = autodiff.identity(y)
    autodiff.sum(y).backward()
    assert x.grad[0, 0] == 1.0


# -- tier 3: a network's gradient -----------------------------------------------------------

SETTINGS = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw):
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=5))
    m = draw(st.integers(1, 8))
    l2 = draw(st.sampled_from([0.0, 0.01, 0.5]))
    seed = draw(st.integers(0, 2**32 - 1))
    return sizes, m, l2, seed


def ids(pair):
    return "-".join(pair)


def well_conditioned(net, X, Y) -> bool:
    """As in the backprop tests: no output within 1e-4 of its target (or, for cross-entropy, of 1).

    With cross-entropy and an output a within 1e-4 of 1, the engine's rule (1 − y)/(1 − a) divides
    by 1 − a computed from a rounded a, a relative error of about ε_mach/(1 − a); backprop's fused
    δ^L = a − y has no such division (see test_cross_entropy_near_one_costs_the_engine_digits).
    """
    A = net.feedforward(X)
    if np.any(np.abs(A - Y) < 1e-4):
        return False
    return net.cost_fn.name != "cross_entropy" or bool(np.all((1 - A)[Y < 1] >= 1e-4))


@pytest.mark.parametrize("pair", PAIRS, ids=ids)
@SETTINGS
@given(problem=problems())
def test_engine_matches_backprop(pair, problem):
    sizes, m, l2, seed = problem
    net, X, Y = build(pair, sizes, m, seed)
    assume(well_conditioned(net, X, Y))
    engine = autodiff.network_gradient(net, X, Y, l2=l2)
    package = net.backprop(X, Y, l2=l2)
    for g, p in zip(engine[0] + engine[1], package[0] + package[1]):
        assert g.shape == p.shape
        assert relative_error(g, p) <= 1e-12


@pytest.mark.parametrize("pair", PAIRS, ids=ids)
@SETTINGS
@given(problem=problems())
def test_engine_matches_the_complex_step(pair, problem):
    sizes, m, l2, seed = problem
    net, X, Y = build(pair, sizes, m, seed)
    assume(well_conditioned(net, X, Y))
    engine = autodiff.network_gradient(net, X, Y, l2=l2)
    numeric = numerical_gradient(net, X, Y, l2=l2, method="complex")
    for g, n in zip(engine[0] + engine[1], numeric[0] + numeric[1]):
        assert relative_error(g, n) <= 1e-12


@pytest.mark.parametrize("pair", PAIRS, ids=ids)
def test_engine_matches_central_differences(pair):
    net, X, Y = build(pair, [3, 5, 4, 3], 6, 11)
    engine = autodiff.network_gradient(net, X, Y, l2=0.1)
    numeric = numerical_gradient(net, X, Y, l2=0.1, eps=1e-5, method="central")
    assert relative_error(engine, numeric) <= 1e-8


@pytest.mark.parametrize("pair", PAIRS, ids=ids)
def test_gradient_of_z_is_delta_over_m(pair):
    """∂C/∂z^l, column x, is (1/m) δ^l_x: the sweep computes BP1 and BP2's errors, scaled by the mean."""
    net, X, Y = build(pair, [3, 4, 4, 2], 5, 4)
    graph = autodiff.network_graph(net, X, Y)
    graph.backward()
    errors = net.errors(X, Y)
    for l in range(2, net.L + 1):
        np.testing.assert_allclose(5 * graph.z[l].grad, errors.delta(l), rtol=1e-12, atol=1e-15)


def test_batch_gradient_is_the_mean_of_single_example_gradients():
    net, X, Y = build(("tanh", "quadratic", "tanh"), [3, 4, 2], 6, 8)
    batch = autodiff.network_gradient(net, X, Y)
    singles = [autodiff.network_gradient(net, X[:, [i]], Y[:, [i]]) for i in range(6)]
    for k, g in enumerate(batch[0]):
        np.testing.assert_allclose(g, np.mean([s[0][k] for s in singles], axis=0), rtol=1e-12, atol=1e-15)


def test_the_network_is_left_unchanged():
    net, X, Y = build(("sigmoid", "quadratic", "sigmoid"), [3, 4, 2], 5, 0)
    before = [W.copy() for W in net.weights] + [b.copy() for b in net.biases]
    autodiff.network_gradient(net, X, Y, l2=0.5)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


# -- the engine alone ----------------------------------------------------------------------

class PublicSurface:
    """A network reduced to what the engine may read: sizes, W(l), b(l), σ's name, the cost's name."""

    class Named:
        def __init__(self, name):
            self.name = name

    def __init__(self, net):
        self.sizes = list(net.sizes)
        self._W = {l: net.W(l).copy() for l in range(2, net.L + 1)}
        self._b = {l: net.b(l).copy() for l in range(2, net.L + 1)}
        self._sigma = {l: self.Named(net.sigma(l).name) for l in range(2, net.L + 1)}
        self.cost_fn = self.Named(net.cost_fn.name)

    def W(self, l):
        return self._W[l]

    def b(self, l):
        return self._b[l]

    def sigma(self, l):
        return self._sigma[l]


def forbid(*_args, **_kwargs):
    raise AssertionError("the engine called backprop or one of BP1–BP4")


@pytest.mark.parametrize("pair", PAIRS, ids=ids)
def test_engine_uses_no_equation_and_no_backprop(pair, monkeypatch):
    net, X, Y = build(pair, [3, 4, 4, 2], 5, 9)
    want = net.backprop(X, Y, l2=0.2)
    for name in ("bp1", "bp2", "bp3", "bp4"):
        monkeypatch.setattr(equations, name, forbid)
        monkeypatch.setattr(network_module, name, forbid, raising=False)
    for name in dir(Network):
        if any(word in name for word in ("backprop", "errors", "output_error", "gradients")):
            monkeypatch.setattr(Network, name, forbid)
    with pytest.raises(AssertionError, match="the engine called"):
        net.backprop(X, Y)  # the patches are in force
    got = autodiff.network_gradient(PublicSurface(net), X, Y, l2=0.2)
    assert relative_error(got, want) <= 1e-12


# -- bad input -----------------------------------------------------------------------------

def small():
    return build(("sigmoid", "quadratic", "sigmoid"), [3, 4, 2], 5, 0)


class CustomActivation:
    def fn(self, z):
        return z

    def prime(self, z):
        return np.ones_like(z)


def custom_named():
    a = CustomActivation()
    a.name = "swish"
    return a


@pytest.mark.parametrize("make, match", [
    (lambda net, X, Y: (net, X[:2], Y, 0.0), "X has 2 rows but the input layer has 3"),
    (lambda net, X, Y: (net, X, Y[:1], 0.0), "Y has 1 rows but the output layer has 2"),
    (lambda net, X, Y: (net, X, Y[:, :3], 0.0), "X has 5 columns .* Y has 3"),
    (lambda net, X, Y: (net, np.where(X > 0, np.nan, X), Y, 0.0), "X contains NaN"),
    (lambda net, X, Y: (net, X[:, 0], Y, 0.0), "2-D array"),
    (lambda net, X, Y: (net, X[:, :0], Y[:, :0], 0.0), "empty batch"),
    (lambda net, X, Y: (net, X, Y, -1.0), "l2 must be >= 0"),
])
def test_bad_data_gets_a_clear_error(make, match):
    net, X, Y = small()
    args = make(net, X, Y)
    with pytest.raises((ValueError, TypeError), match=match):
        autodiff.network_gradient(*args)


def test_bad_networks_get_a_clear_error():
    net, X, Y = small()
    net.weights[1] = np.ones((2, 5))
    with pytest.raises(ValueError, match=r"W\^3 has shape \(2, 5\) but sizes=\[3, 4, 2\] needs \(2, 4\)"):
        autodiff.network_gradient(net, X, Y)
    net, X, Y = small()
    net.biases[0] = np.ones(4)
    with pytest.raises(ValueError, match=r"b\^2 has shape \(4,\) but must be \(4, 1\)"):
        autodiff.network_gradient(net, X, Y)
    net = Network([3, 4, 2], activation=custom_named(), seed=0)
    with pytest.raises(ValueError, match="no rule for the activation 'swish' of layer 2"):
        autodiff.network_gradient(net, X, Y)
    net = Network([3, 4, 2], activation=CustomActivation(), seed=0)
    with pytest.raises(ValueError, match="no rule for the activation 'CustomActivation' of layer 2"):
        autodiff.network_gradient(net, X, Y)
    proxy = PublicSurface(small()[0])
    proxy._sigma[3] = CustomActivation()                      # an activation without a name at all
    with pytest.raises(TypeError, match="needs a named activation"):
        autodiff.network_gradient(proxy, X, Y)


def test_cross_entropy_targets_out_of_range():
    net, X, _ = build(("sigmoid", "cross_entropy", "sigmoid"), [3, 4, 2], 5, 0)
    with pytest.raises(ValueError, match=r"Y must lie in \[0, 1\] for the cross_entropy cost"):
        autodiff.network_gradient(net, X, np.full((2, 5), 2.0))


def test_engine_misuse_gets_a_clear_error():
    A, B = Tensor(np.ones((2, 3))), Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"needs shapes \(n, k\) and \(k, m\), got \(2, 3\) and \(2, 3\)"):
        A @ B
    with pytest.raises(ValueError, match="starts from a single number"):
        (A + B).backward()
    with pytest.raises(ValueError, match=r"cannot add shapes \(2, 3\) and \(4, 1\)"):
        A + Tensor(np.ones((4, 1)))
    with pytest.raises(ValueError, match="must match"):
        autodiff.quadratic(A, np.ones((3, 2)))
    with pytest.raises(ValueError, match="NaN or inf"):
        Tensor([[np.inf]])
    with pytest.raises(TypeError, match="cannot use a str in the graph"):
        A + "1"
    with pytest.raises(ValueError, match="log of a non-positive"):
        autodiff.log(Tensor([[0.0]]))
    with pytest.raises(ValueError, match="axis must be None, 0 or 1"):
        autodiff.sum(A, axis=2)


def test_worst_relative_error_against_the_package_over_many_networks():
    """The figure the course reports: the engine against net.backprop, every pair, 25 networks each.

    Over the well-conditioned problems (see ``well_conditioned``) the worst measured, with 100
    networks per pair, was 1.6e-14.
    """
    rng = np.random.default_rng(2024)
    worst, counted = 0.0, 0
    for pair in PAIRS:
        if not network_accepts(pair):
            continue
        for _ in range(25):
            sizes = [int(n) for n in rng.integers(1, 7, size=rng.integers(2, 6))]
            net, X, Y = build(pair, sizes, int(rng.integers(1, 9)), int(rng.integers(2**31)))
            l2 = float(rng.choice([0.0, 0.01, 0.5]))
            if well_conditioned(net, X, Y):
                counted += 1
                worst = max(worst, relative_error(autodiff.network_gradient(net, X, Y, l2), net.backprop(X, Y, l2)))
    assert counted >= 22 * len([p for p in PAIRS if network_accepts(p)])
    assert worst <= 1e-13, worst


def test_cross_entropy_near_one_costs_the_engine_digits():
    """One sigmoid neuron, z = 12 so a = 1 − 6e-6, target 0.3: ∂C/∂z = a − y exactly (BP1 with σ' cancelled).

    The engine multiplies (1 − y)/(1 − a) − y/a by σ'(z); 1 − a comes from a rounded a, so it is
    off by about ε_mach/(1 − a) ≈ 4e-11 relative. Backprop's fused a − y keeps every digit.
    """
    net = Network([1, 1], activation="sigmoid", cost="cross_entropy", seed=0)
    net.W(2)[0, 0], net.b(2)[0, 0] = 10.0, 2.0
    X, Y = np.array([[1.0]]), np.array([[0.3]])
    a = activations.sigmoid.fn(np.array([[12.0]]))
    exact = float(a[0, 0] - 0.3)                 # ∂C/∂w = (a − y) x with x = 1
    bound = np.finfo(float).eps / float(1 - a[0, 0])
    engine = autodiff.network_gradient(net, X, Y)[0][0][0, 0]
    package = net.backprop(X, Y)[0][0][0, 0]
    assert abs(package - exact) <= 1e-15 * abs(exact)
    assert abs(engine - exact) <= 10 * bound * abs(exact)


def test_dropout_masks_are_one_more_product_in_the_graph():
    """With a^l = σ(z^l) ⊙ r^l the engine's gradient is Network.backprop's with the same masks."""
    net, X, Y = build(("relu", "quadratic", "relu"), [3, 5, 4, 2], 6, 21)
    rng = np.random.default_rng(0)
    masks = {l: (rng.uniform(size=(net.sizes[l - 1], 6)) > 0.4) / 0.6 for l in (2, 3)}
    engine = autodiff.network_gradient(net, X, Y, l2=0.1, masks=masks)
    assert relative_error(engine, net.backprop(X, Y, l2=0.1, masks=masks)) <= 1e-13
    assert relative_error(engine, autodiff.network_gradient(net, X, Y, l2=0.1)) > 1e-2
    with pytest.raises(ValueError, match=r"masks\[2\] has shape \(5, 5\) but layer 2 with a batch of 6 needs"):
        autodiff.network_gradient(net, X, Y, masks={2: np.ones((5, 5))})
    with pytest.raises(ValueError, match="dropout masks are for hidden layers l = 2..3, got l = 4"):
        autodiff.network_gradient(net, X, Y, masks={4: np.ones((2, 6))})


def test_a_root_gradient_set_by_hand_as_a_number_works():
    """A sweep written by hand may seed C.grad = 1.0 (a Python float), as micrograd does."""
    net, X, Y = small()
    graph = autodiff.network_graph(net, X, Y, l2=0.1)
    order = autodiff.topological_order(graph.cost)
    for node in order:
        node.grad = np.zeros_like(node.value)
    graph.cost.grad = 1.0
    for node in reversed(order):
        node.propagate()
    assert relative_error(graph.gradient(), net.backprop(X, Y, l2=0.1)) <= 1e-13
