r"""Checkers for notebook 12: two local backward rules and the backward sweep itself.

The references are the engine's own rules (:mod:`bpcourse.autodiff`), run on the same inputs.
"""

from __future__ import annotations

import types

import numpy as np

from bpcourse import autodiff
from bpcourse.autodiff import Tensor
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result, failed
from bpcourse.exercises._run import signature_problem
from bpcourse.network import Network


def _rule_of(make, *values, G):
    """Run one operation's local rule: the gradients its inputs receive when its output's is G."""
    inputs = [Tensor(v) for v in values]
    out = make(*inputs)
    out.grad = np.array(G, dtype=float)
    out.propagate()
    return tuple(t.grad for t in inputs)


# -- the matrix product ----------------------------------------------------------------------------

def _matmul_cases(seed: int = 12) -> list[Case]:
    """(A, B, G): square first (so a forgotten transpose still runs and is recognised), then not."""
    rng = np.random.default_rng(seed)
    cases = []
    for n, k, m in [(3, 3, 3), (2, 2, 2), (3, 4, 5), (1, 3, 2), (4, 2, 1)]:
        label = f"A {n}×{k}, B {k}×{m}" + (" (all square)" if n == k == m else "")
        cases.append(Case((rng.normal(size=(n, k)), rng.normal(size=(k, m)), rng.normal(size=(n, m))), label))
    return cases


def _matmul_reference(A, B, G):
    return _rule_of(autodiff.matmul, A, B, G=G)


_PRODUCT_LOOK = "Write Z_ij = Σ_k A_ik B_kj and ask which entries of Z each A_ik and each B_kj enters."
MATMUL = Exercise(
    "the matrix product's rule", ("A", "B", "G"), _matmul_reference, _matmul_cases(), [
        Mistake("no transposes: G B and A G", lambda A, B, G: (G @ B, A @ G),
                "∂C/∂A_ik = Σ_j G_ij B_kj, a sum over j, the second index of B: that is G @ B.T. Likewise "
                "∂C/∂B = A.T @ G.", _PRODUCT_LOOK),
        Mistake("the transposes on the wrong side: Bᵀ G and G Aᵀ", lambda A, B, G: (B.T @ G, G @ A.T),
                "∂C/∂A must have A's shape, (n, k): G is (n, m) and B is (k, m), so G @ B.T is the product "
                "that fits. ∂C/∂B = A.T @ G, of B's shape (k, m).", _PRODUCT_LOOK),
        Mistake("the two gradients swapped", lambda A, B, G: (A.T @ G, G @ B.T),
                "Return (grad_A, grad_B) in that order: grad_A = G @ B.T has A's shape, grad_B = A.T @ G has B's.",
                "Look at the order of what you return."),
        Mistake("entry-by-entry products instead of matrix products", lambda A, B, G: (G * B, A * G),
                "Each entry of Z = A B mixes a whole row of A with a whole column of B, so the rule is a matrix "
                "product too: G @ B.T and A.T @ G, not G * B.", _PRODUCT_LOOK),
    ],
    hint="Each gradient has the shape of its input and is a matrix product of G with the OTHER factor: "
         "∂C/∂A = G Bᵀ, ∂C/∂B = Aᵀ G.",
    success="∂C/∂A = G Bᵀ and ∂C/∂B = Aᵀ G on every case.",
    forbidden=[Forbidden(autodiff, "matmul", "autodiff.matmul")])


def check_matmul_rule(my_matmul_backward) -> Result:
    r"""Check ``my_matmul_backward(A, B, G)`` → ``(grad_A, grad_B)`` for Z = A B with ∂C/∂Z = G.

    The answer is ∂C/∂A = G Bᵀ and ∂C/∂B = Aᵀ G (shapes of A and of B).
    """
    return MATMUL.check(my_matmul_backward)


# -- the bias, broadcast over the columns ------------------------------------------------------------

def _bias_cases(seed: int = 13) -> list[Case]:
    """G of shape (n, m), several columns first (one column hides a missing sum); one square."""
    rng = np.random.default_rng(seed)
    return [Case((rng.normal(size=(n, m)),), f"G of shape ({n}, {m}): {n} neurons, {m} examples", m=m)
            for n, m in [(3, 5), (4, 4), (2, 7), (5, 2), (3, 1)]]


def _bias_reference(G):
    n, m = G.shape
    return _rule_of(autodiff.add, np.zeros((n, m)), np.zeros((n, 1)), G=G)[1]


_COPIES_LOOK = "b was copied into every column of z: how many paths lead from b_j to C?"
BIAS = Exercise(
    "the bias rule", ("G",), _bias_reference, _bias_cases(), [
        Mistake("the mean of G's columns: 1/m twice", lambda G: G.mean(axis=1, keepdims=True),
                "BP3 averages δ^l over the batch, but here G is ∂C/∂z for the MEAN cost: the mean node's rule has "
                "already put the 1/m in it. The bias is used once per column, so it collects the SUM of the columns.",
                "Where did the 1/m of the mean cost enter the sweep already?"),
        Mistake("the sum with shape (n,)", lambda G: G.sum(axis=1),
                "The numbers are right; keep b's shape (n, 1) with keepdims=True.",
                "Look at the shape of your result: the shape of b."),
        Mistake("summing over the neurons (the wrong axis)", lambda G: G.sum(axis=0, keepdims=True),
                "b has one entry per neuron (row). Sum ACROSS the columns (examples): axis=1, keepdims=True.",
                "Which axis of G runs over the examples?"),
        Mistake("G itself, not reduced", lambda G: G,
                "∂C/∂b must have b's shape (n, 1). b was copied into every column, so add up what every column "
                "sends back: G.sum(axis=1, keepdims=True).", _COPIES_LOOK),
    ],
    hint="b_j feeds z_j1, …, z_jm (one path per column), so ∂C/∂b_j adds up row j of G: a column of shape (n, 1).",
    success="∂C/∂b = Σ of G's columns, shape (n, 1), on every case.")


def check_bias_rule(my_bias_backward) -> Result:
    r"""Check ``my_bias_backward(G)`` → ∂C/∂b for z = u + b, where the column b (n, 1) is added to
    each of the m columns of u and G = ∂C/∂z has shape (n, m). The answer is the sum of G's columns,
    shape (n, 1): the 1/m of the mean cost is already inside G.
    """
    return BIAS.check(my_bias_backward)


# -- the sweep -----------------------------------------------------------------------------------------

def _shared_node_graph(seed: int):
    """z = W x + b used twice: C = mean of ½‖σ(z) − y‖² + 0.1 Σ z² (z has a rule and two users)."""
    rng = np.random.default_rng(seed)
    W, b = Tensor(rng.normal(size=(3, 2)), name="W"), Tensor(rng.normal(size=(3, 1)), name="b")
    x = Tensor(rng.normal(size=(2, 4)), requires_grad=False, name="x")
    z = autodiff.add(W @ x, b, name="z")
    fit = autodiff.mean(autodiff.quadratic(autodiff.sigmoid(z), rng.uniform(size=(3, 4))))
    C = autodiff.add(fit, autodiff.mul(0.1, autodiff.sum(autodiff.square(z))), name="C")
    return C, [W, b]


def _network_graph(seed: int, l2: float):
    net = Network([3, 4, 2], activation="tanh", seed=seed)
    rng = np.random.default_rng(seed)
    graph = autodiff.network_graph(net, rng.normal(size=(3, 5)), rng.normal(size=(2, 5)), l2=l2)
    return graph.cost, [graph.W[2], graph.b[2], graph.W[3], graph.b[3]]


def _graph(kind: str, seed: int):
    if kind == "shared node":
        return _shared_node_graph(seed)
    return _network_graph(seed, l2=0.1 if kind == "network with L2" else 0.0)


def _sweep_cases() -> list[Case]:
    """(graph kind, seed, times): 'times' runs the sweep that many times on one graph, as training does."""
    labels = {"shared node": "z = W x + b feeds both σ and a square",
              "network": "a 3-4-2 tanh network",
              "network with L2": "a 3-4-2 network with L2: W^l feeds z^l and the decay term"}
    return [Case((kind, seed, times), labels[kind] + (", swept twice" if times > 1 else ""))
            for kind, seed, times in [("shared node", 1, 1), ("network", 2, 1), ("network with L2", 3, 1),
                                      ("shared node", 4, 2), ("network with L2", 5, 2)]]


def _grads(C, leaves):
    """What the check compares: ∂C/∂(each weight and bias), then C's own grad (1 after a sweep)."""
    return [t.grad.copy() for t in leaves] + [np.array(C.grad, dtype=float)]


def _sweep_reference(kind, seed, times):
    C, leaves = _graph(kind, seed)
    for _ in range(times):
        C.backward()
    return _grads(C, leaves)


def _order_without_memory(root):
    """A depth-first order that lists a node once per path that reaches it."""
    order = []

    def visit(node):
        for p in node.parents:
            visit(p)
        order.append(node)
    visit(root)
    return order


def _sweep_variant(*, memory=True, reverse=True, seed_one=True, reset=True):
    """The sweep with one classic mistake switched on; all switches at their defaults is correct."""
    def wrong(kind, seed, times):
        C, leaves = _graph(kind, seed)
        for _ in range(times):
            order = autodiff.topological_order(C) if memory else _order_without_memory(C)
            if reset:
                for node in order:
                    node.grad = np.zeros_like(node.value)
            if seed_one:
                C.grad = np.ones_like(C.value)
            for node in (reversed(order) if reverse else order):
                node.propagate()
        return _grads(C, leaves)
    return wrong


_ORDER_LOOK = "When may a node's rule run? Look at the order of your sweep."
SWEEP = Exercise(
    "the backward sweep", ("kind", "seed", "times"), _sweep_reference, _sweep_cases(), [
        Mistake("a node reached by two paths processed twice", _sweep_variant(memory=False),
                "A node used twice (z feeding σ and the square, or W feeding z and the L2 term) must run its "
                "rule ONCE, after both users have added their share to its grad. Keep a set of visited nodes "
                "(by id) so the order lists each node once.", "Is every node in your order exactly once?"),
        Mistake("the rules run in forward order", _sweep_variant(reverse=False),
                "A node's rule sends ∂C/∂(node) to its parents, so it may run only once its own grad is complete: "
                "start at C and go back, i.e. run the rules in REVERSED topological order.", _ORDER_LOOK),
        Mistake("no gradient at all: C.grad never set to 1, or no rule run", _sweep_variant(seed_one=False),
                "The sweep starts from ∂C/∂C = 1: set C.grad = np.ones_like(C.value), then call propagate() on "
                "every node, from C back; without the 1 every rule passes on zeros.",
                "What is ∂C/∂C, and where does your sweep say so?"),
        Mistake("grads not reset: a second sweep adds onto the first", _sweep_variant(reset=False),
                "Rules ADD into .grad (a node may have several users), so a second sweep doubles everything unless "
                "you first set every node's grad to np.zeros_like(node.value).",
                "Look at the cases swept twice: what is in .grad when the second sweep starts?"),
    ],
    hint="List the nodes once each, every node after its parents (depth-first, appending a node after its "
         "parents); zero every grad; set C.grad to ones; then call propagate() in the REVERSE of that order.",
    success="every weight and bias holds ∂C/∂(it), shared nodes and repeated sweeps included.",
    forbidden=[Forbidden(Tensor, "backward", "Tensor.backward"),
               Forbidden(autodiff, "topological_order", "autodiff.topological_order")])


def check_backward_sweep(my_backward) -> Result:
    r"""Check ``my_backward(C)``: after it runs, every node's ``.grad`` holds ∂C/∂(node).

    It must set every node's grad to zero, set ``C.grad`` to 1, and call each node's
    ``propagate()`` once, every node after all the nodes that use it (reverse topological order),
    without ``C.backward()`` or ``autodiff.topological_order``. The check reads the gradients of the
    weights and biases, on graphs where a node with a rule has two users and graphs swept twice.
    """
    if not callable(my_backward):
        return SWEEP.check(my_backward)                 # "expected a function"
    problem = signature_problem(my_backward, ("C",))
    if problem:
        return failed(SWEEP.name, problem, "Define it as def my_backward(C): …", mistake="wrong number of parameters")

    graph_of, grads_of = _graph, _grads           # closure cells: the wrapper needs no globals of its own

    def on_a_fresh_graph(kind, seed, times):
        C, leaves = graph_of(kind, seed)
        for _ in range(times):
            my_backward(C)
        return grads_of(C, leaves)
    # The checker calls the wrapper; giving it the student's globals lets the tripwires for the forbidden
    # functions reach names the student imported (from bpcourse.autodiff import topological_order).
    namespace = getattr(my_backward, "__globals__", None)
    if isinstance(namespace, dict):
        on_a_fresh_graph = types.FunctionType(on_a_fresh_graph.__code__, namespace, "on_a_fresh_graph",
                                              None, on_a_fresh_graph.__closure__)
    return SWEEP.check(on_a_fresh_graph)
