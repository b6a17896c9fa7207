"""The network's structure: layer numbers inside, one backward pass with replaceable steps,
the pairing table, public paths only, and lazily reachable submodules."""

import ast
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import bpcourse
from bpcourse import Network, activations, costs
from bpcourse.equations import bp1, bp2, bp3, bp4
from bpcourse.gradcheck import numerical_gradient, relative_error
from bpcourse.network import STEPS, Errors, ForwardCache, Steps

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture
def batch():
    rng = np.random.default_rng(0)
    net = Network([3, 5, 4, 2], seed=1)
    X = rng.uniform(0, 1, (3, 6))
    Y = np.eye(2)[:, rng.integers(0, 2, 6)]
    return net, X, Y


def test_the_cache_answers_with_the_courses_layer_numbers(batch):
    net, X, Y = batch
    cache = net.forward(X)
    zs, acts = cache                                   # still unpacks as the contract's pair
    assert isinstance(cache, ForwardCache) and len(cache) == 2
    assert cache.a(1) is X or np.array_equal(cache.a(1), X)
    for l in range(2, net.L + 1):
        z = net.W(l) @ cache.a(l - 1) + net.b(l)       # z^l = W^l a^{l-1} + b^l, computed here
        np.testing.assert_allclose(cache.z(l), z, rtol=1e-14)
        np.testing.assert_allclose(cache.a(l), activations.sigmoid.fn(z), rtol=1e-14)
        assert cache.z(l) is zs[l - 2] and cache.a(l) is acts[l - 1]
    for bad, what in [(1, "z"), (net.L + 1, "z"), (0, "a"), (2.0, "z"), (True, "a")]:
        with pytest.raises(ValueError, match="exists for layers"):
            getattr(cache, what)(bad)


def test_errors_are_bp1_then_bp2_by_layer_number(batch):
    net, X, Y = batch
    errors = net.errors(X, Y)
    zs, acts, deltas = errors
    assert isinstance(errors, Errors) and len(errors) == 3
    L = net.L
    delta_L = bp1(costs.quadratic.grad_a(errors.a(L), Y), errors.z(L), "sigmoid")
    np.testing.assert_allclose(errors.delta(L), delta_L, rtol=1e-14)
    for l in range(L - 1, 1, -1):
        np.testing.assert_allclose(errors.delta(l), bp2(net.W(l + 1), errors.delta(l + 1), errors.z(l)), rtol=1e-14)
    assert errors.delta(2) is deltas[0]
    with pytest.raises(ValueError):
        errors.delta(1)


def test_gradients_are_bp3_and_bp4_and_match_finite_differences(batch):
    net, X, Y = batch
    errors = net.errors(X, Y)
    grad_W, grad_b = net.gradients(errors, l2=0.3)
    for l in net.layers:
        np.testing.assert_allclose(grad_b[l - 2], bp3(errors.delta(l)), rtol=1e-14)
        np.testing.assert_allclose(grad_W[l - 2], bp4(errors.delta(l), errors.a(l - 1)) + 0.3 * net.W(l), rtol=1e-14)
    num = numerical_gradient(net, X, Y, l2=0.3)
    assert relative_error((grad_W, grad_b), num) < 1e-8


def test_one_step_replaced_changes_only_that_step(batch):
    """A known mistake is the real pass with one step replaced: here BP2 without the transpose
    (square layers so it runs) and BP4 with a^l for a^{l-1}."""
    net = Network([4, 4, 4, 4], seed=2)
    rng = np.random.default_rng(3)
    X, Y = rng.uniform(size=(4, 5)), np.eye(4)[:, rng.integers(0, 4, 5)]

    def no_transpose(net, cache, l, delta_next):
        return (net.W(l + 1) @ delta_next) * net.sigma(l).prime(cache.z(l))

    right = net.errors(X, Y)
    wrong = net.errors(X, Y, steps=Steps(hidden_error=no_transpose))
    np.testing.assert_array_equal(wrong.delta(4), right.delta(4))          # BP1 untouched
    assert not np.allclose(wrong.delta(3), right.delta(3))                 # BP2 replaced
    np.testing.assert_allclose(wrong.delta(3), no_transpose(net, right, 3, right.delta(4)))

    a_l = STEPS.replace(weight_gradient=lambda net, cache, l, delta: bp4(delta, cache.a(l)))
    gW, gb = net.backprop(X, Y, steps=a_l)
    rW, rb = net.backprop(X, Y)
    assert all(np.array_equal(p, q) for p, q in zip(gb, rb))               # BP3 untouched
    assert all(not np.allclose(p, q) for p, q in zip(gW, rW))
    with pytest.raises(TypeError):
        Steps(nonsense=lambda: 0)


def _computes_a_delta(node) -> bool:
    """An assignment to a name like ``delta`` whose value calls bp2 or multiplies matrices."""
    if not isinstance(node, ast.Assign):
        return False
    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
    if not any("delta" in n for n in names):
        return False
    for n in ast.walk(node.value):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult):
            return True
        if isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) == "bp2":
            return True
    return False


def test_no_second_backward_loop_in_the_package():
    """Only network.py runs the recursion δ^l from δ^{l+1}: no other module has a loop that
    computes a δ by bp2 or by a matrix product (a copy of the backward pass)."""
    offenders = []
    for path in (ROOT / "bpcourse").rglob("*.py"):
        if path.name == "network.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.For, ast.While)) and any(_computes_a_delta(n) for n in ast.walk(node)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_nothing_outside_network_calls_networks_private_methods():
    private = {name for name in vars(Network) if name.startswith("_") and not name.startswith("__")}
    private |= {"_delta_L"}
    found = []
    for path in list((ROOT / "bpcourse").rglob("*.py")) + list((ROOT / "tests").rglob("*.py")) \
            + list((ROOT / "benchmarks").glob("*.py")):
        if path.name == "network.py" or path.name == pathlib.Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in private:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert found == []


def test_the_pairing_table_decides_bp1():
    rng = np.random.default_rng(4)
    z = rng.normal(0, 3, (3, 5))
    y = rng.uniform(0, 1, (3, 5))
    a = activations.sigmoid.fn(z)
    rule = costs.output_error_rule("cross_entropy", "sigmoid")
    np.testing.assert_array_equal(rule(a, y, z), a - y)
    general = costs.output_error_rule("quadratic", "tanh")
    np.testing.assert_allclose(general(np.tanh(z), y, z), (np.tanh(z) - y) * activations.tanh.prime(z), rtol=1e-14)
    with pytest.raises(ValueError, match=r"the cross_entropy cost needs an output layer of 'sigmoid'"):
        Network([2, 2], activation="tanh", cost="cross_entropy")
    with pytest.raises(ValueError, match=r"log_likelihood cost needs an output layer of 'softmax'"):
        Network([2, 2], cost="log_likelihood")


def test_a_new_output_activation_is_one_entry(monkeypatch):
    """Write the activation, add one line to the table: the network trains with it and its
    gradient is right, with no edit to Network."""
    softplus = activations.Activation("softplus", lambda z: np.logaddexp(0, z), activations.sigmoid.fn)
    monkeypatch.setitem(activations.ACTIVATIONS, "softplus", softplus)
    with pytest.raises(ValueError, match="cross_entropy"):
        Network([3, 2], output_activation="softplus", cost="cross_entropy")
    net = Network([3, 4, 2], output_activation="softplus", cost="quadratic", seed=0)   # quadratic takes any
    rng = np.random.default_rng(0)
    X, Y = rng.uniform(size=(3, 4)), rng.uniform(size=(2, 4))
    assert relative_error(net.backprop(X, Y), numerical_gradient(net, X, Y)) < 1e-8
    # the entry that pairs it with a cost of its own, whose δ^L simplifies
    def simplified(a_L, y, z_L):
        return (a_L - y) * activations.sigmoid.fn(z_L)
    monkeypatch.setitem(costs.OUTPUT_LAYER, ("quadratic", "softplus"), simplified)
    assert Network([3, 2], output_activation="softplus").output_error(np.ones((2, 1)), np.zeros((2, 1)),
                                                                       np.zeros((2, 1)))[0, 0] == 0.5


def test_submodules_are_reachable_and_import_is_light():
    assert bpcourse.data.higham()[0].shape == (2, 10)
    assert bpcourse.gradcheck.relative_error(1.0, 1.0) == 0.0
    with pytest.raises(AttributeError):
        bpcourse.nonexistent
    code = ("import sys, bpcourse; heavy = [m for m in ('matplotlib', 'ipywidgets', 'sklearn', 'bpcourse.widgets')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out


def test_the_forward_pass_keeps_the_sigmoid_s_derivative_and_bp2_uses_the_very_same_numbers(batch):
    """σ(z^l) and σ'(z^l) come from one exponential in the forward pass; BP2 reads σ'(z^l) from the
    cache instead of evaluating it again, and gets the numbers σ'(z^l) would give, bit for bit."""
    _, X, Y = batch
    for activation in ("sigmoid", "tanh"):
        net = Network([3, 4, 5, 2], activation=activation, output_activation="sigmoid", seed=2)
        assert net.forward(X).primes == {}                   # a forward pass alone keeps nothing more
        errors = net.errors(X, Y)
        for l in range(2, net.L + 1):
            assert np.array_equal(errors.sigma_prime(l, net.sigma(l)), net.sigma(l).prime(errors.z(l)))
        assert (2 in errors.primes) == (activation == "sigmoid") and net.L in errors.primes
        for l in range(2, net.L):
            by_bp2 = bp2(net.W(l + 1), errors.delta(l + 1), errors.z(l), net.sigma(l))
            assert np.array_equal(errors.delta(l), by_bp2)


def test_bp2_refuses_a_prime_of_the_wrong_shape():
    W, d, z = np.ones((2, 3)), np.ones((2, 4)), np.zeros((3, 4))
    with pytest.raises(ValueError, match="prime must have the shape of z_l"):
        bp2(W, d, z, "sigmoid", prime=np.ones((4, 3)))
    assert np.array_equal(bp2(W, d, z, "sigmoid", prime=np.full((3, 4), 0.5)), np.full((3, 4), 1.0))
