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
    forbidden=[Forbidden(autodiff, "matmul", "autodiff.matmul")], parts=("grad_A", "grad_B"))


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

#: What the sweep checker reads after the student's sweep, in this order (the names its messages use).
SWEEP_PARTS = ("∂C/∂W² (W².grad)", "∂C/∂b² (b².grad)", "∂C/∂W³ (W³.grad)", "∂C/∂b³ (b³.grad)", "∂C/∂C (C.grad)")


def _network_graph(kind: str, seed: int):
    """A 3-4-2 tanh network's cost as a graph, with a second user for one inner node or for each W^l.

    ``kind``: "network"; "network with L2" (W^l feeds z^l and the decay term); "penalty on z²" or
    "penalty on a²" (C = the mean cost + 0.1 Σ (z²)², or Σ (a²)²: that node feeds the next layer and,
    by a shorter path, the penalty, so a sweep in breadth-first order runs its rule too early).
    """
    net = Network([3, 4, 2], activation="tanh", seed=seed)
    rng = np.random.default_rng(seed)
    graph = autodiff.network_graph(net, rng.normal(size=(3, 5)), rng.normal(size=(2, 5)),
                                   l2=0.1 if kind == "network with L2" else 0.0)
    C = graph.cost
    if kind.startswith("penalty on"):
        node = graph.z[2] if kind == "penalty on z²" else graph.a[2]
        C = autodiff.add(C, autodiff.mul(0.1, autodiff.sum(autodiff.square(node))), name="C")
    return C, [graph.W[2], graph.b[2], graph.W[3], graph.b[3]]


def _sweep_cases() -> list[Case]:
    """(graph kind, seed, times): 'times' runs the sweep that many times on one graph, as training does."""
    labels = {"penalty on z²": "a 3-4-2 tanh network plus 0.1 Σ (z²)²: z² feeds both tanh and the penalty",
              "penalty on a²": "a 3-4-2 tanh network plus 0.1 Σ (a²)²: a² feeds W³a² and, by a shorter path, "
                               "the penalty",
              "network": "a 3-4-2 tanh network",
              "network with L2": "a 3-4-2 network with L2: W^l feeds z^l and the decay term"}
    return [Case((kind, seed, times), labels[kind] + (", swept twice" if times > 1 else ""))
            for kind, seed, times in [("penalty on z²", 1, 1), ("network", 2, 1), ("network with L2", 3, 1),
                                      ("penalty on a²", 4, 1), ("penalty on z²", 6, 2), ("network with L2", 5, 2)]]


def _grads(C, leaves):
    """What the check compares: ∂C/∂(each weight and bias), then C's own grad (1 after a sweep)."""
    return tuple([t.grad.copy() for t in leaves] + [np.array(C.grad, dtype=float)])


def _sweep_reference(kind, seed, times):
    C, leaves = _network_graph(kind, seed)
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


def _breadth_first(root):
    """Every node once, in the order a queue from ``root`` first reaches it (by its shortest path)."""
    order, seen, queue = [], {id(root)}, [root]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for p in node.parents:
            if id(p) not in seen:
                seen.add(id(p))
                queue.append(p)
    return order


def _sweep_variant(*, memory=True, reverse=True, seed_one=True, reset=True, breadth=False):
    """The sweep with one classic mistake switched on; all switches at their defaults is correct."""
    def wrong(kind, seed, times):
        C, leaves = _network_graph(kind, seed)
        for _ in range(times):
            if breadth:
                order = _breadth_first(C)[::-1]          # run from C, in the order the queue reached the nodes
            else:
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
                "A node used twice (z² feeding tanh and the penalty, or W feeding z and the L2 term) must run its "
                "rule ONCE, after both users have added their share to its grad. Keep a set of visited nodes "
                "(by id) so the order lists each node once.", "Is every node in your order exactly once?"),
        Mistake("the rules run in breadth-first order", _sweep_variant(breadth=True),
                "A queue from C reaches a node by its SHORTEST path (z² or a² by the penalty) and runs its rule "
                "before the users on the longer path (tanh, or W³a²) have added their share to its grad. List the "
                "nodes depth-first instead, appending a node after its parents, and run the rules in the reverse "
                "of that list: then every user of a node runs before it.",
                "Look at the cases with a penalty: when does the rule of z² (or a²) run, and have both its users "
                "run theirs by then?"),
        Mistake("the rules run in forward order (or C's own rule never run)", _sweep_variant(reverse=False),
                "Every weight's gradient stayed 0 although C.grad is 1: the 1 never got past C. Either the rules ran "
                "in forward order (a node's rule sends ∂C/∂(node) to its parents, so it may run only once its own "
                "grad is complete: start at C and go back, in REVERSED topological order), or C's own rule, the "
                "first of the sweep, never ran.", _ORDER_LOOK),
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
               Forbidden(autodiff, "topological_order", "autodiff.topological_order")],
    parts=SWEEP_PARTS)


def check_backward_sweep(my_backward) -> Result:
    r"""Check ``my_backward(C)``: after it runs, every node's ``.grad`` holds ∂C/∂(node).

    It must set every node's grad to zero, set ``C.grad`` to 1, and call each node's
    ``propagate()`` once, every node after all the nodes that use it (reverse topological order),
    without ``C.backward()`` or ``autodiff.topological_order``. The check reads the gradients of the
    weights and biases, then ``C.grad`` (named in its messages as in :data:`SWEEP_PARTS`), on graphs where
    a node with a rule has two users, one of them by a shorter path, and graphs swept twice.
    """
    if not callable(my_backward):
        return SWEEP.check(my_backward)                 # "expected a function"
    problem = signature_problem(my_backward, ("C",))
    if problem:
        return failed(SWEEP.name, problem, "Define it as def my_backward(C): …", mistake="wrong number of parameters")

    graph_of, grads_of = _network_graph, _grads          # closure cells: the wrapper needs no globals of its own

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
