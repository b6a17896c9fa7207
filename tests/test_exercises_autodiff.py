"""Notebook 12's checkers accept right answers written several ways, name the usual mistakes, never raise."""

import numpy as np
import pytest

from bpcourse.autodiff import topological_order
from bpcourse.exercises import check_backward_sweep, check_bias_rule, check_matmul_rule

# -- the matrix product's rule ------------------------------------------------------------------


def test_matmul_rule_accepts_the_answer_and_an_index_loop():
    assert check_matmul_rule(lambda A, B, G: (G @ B.T, A.T @ G)).passed

    def loops(A, B, G):
        gA, gB = np.zeros(A.shape), np.zeros(B.shape)
        for i in range(A.shape[0]):
            for k in range(A.shape[1]):
                for j in range(B.shape[1]):
                    gA[i, k] += G[i, j] * B[k, j]
                    gB[k, j] += A[i, k] * G[i, j]
        return gA, gB
    assert check_matmul_rule(loops).passed


@pytest.mark.parametrize("wrong, name, advice", [
    (lambda A, B, G: (G @ B, A @ G), "no transposes", "G @ B.T"),
    (lambda A, B, G: (B.T @ G, G @ A.T), "wrong side", "A's shape"),
    (lambda A, B, G: (A.T @ G, G @ B.T), "swapped", "in that order"),
    (lambda A, B, G: (G * B, A * G), "entry-by-entry", "matrix product"),
])
def test_matmul_rule_names_mistakes(wrong, name, advice):
    result = check_matmul_rule(wrong)
    assert not result.passed and result.mistake is not None and name in result.mistake, str(result)
    assert advice in "\n".join(result.steps)


def test_matmul_rule_unknown_wrong_answer_gets_generic_feedback():
    result = check_matmul_rule(lambda A, B, G: (2 * G @ B.T, A.T @ G))
    assert not result.passed and result.mistake is None
    assert "numbers in grad_A are wrong" in result.message, result.message     # the part named, not numbered


# -- the bias rule --------------------------------------------------------------------------------


def test_bias_rule_accepts_the_sum_of_columns():
    assert check_bias_rule(lambda G: G.sum(axis=1, keepdims=True)).passed
    assert check_bias_rule(lambda G: G @ np.ones((G.shape[1], 1))).passed


@pytest.mark.parametrize("wrong, name, advice", [
    (lambda G: G.mean(axis=1, keepdims=True), "1/m twice", "SUM of the columns"),
    (lambda G: G.sum(axis=1), "shape (n,)", "keepdims=True"),
    (lambda G: G.sum(axis=0, keepdims=True), "wrong axis", "axis=1"),
    (lambda G: G, "not reduced", "b's shape"),
])
def test_bias_rule_names_mistakes(wrong, name, advice):
    result = check_bias_rule(wrong)
    assert not result.passed and name in (result.mistake or ""), str(result)
    assert advice in "\n".join(result.steps)


# -- the sweep ------------------------------------------------------------------------------------


def recursive_sweep(C):
    order, seen = [], set()

    def visit(node):
        if id(node) in seen:
            return
        seen.add(id(node))
        for p in node.parents:
            visit(p)
        order.append(node)
    visit(C)
    for node in order:
        node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in reversed(order):
        node.propagate()


def kahn_sweep(C):
    """Another correct sweep: count each node's users, release a node when all its users have run."""
    nodes, stack = {}, [C]
    while stack:
        n = stack.pop()
        if id(n) not in nodes:
            nodes[id(n)] = n
            stack.extend(n.parents)
    users = {i: 0 for i in nodes}
    for n in nodes.values():
        for p in n.parents:
            users[id(p)] += 1
    for n in nodes.values():
        n.grad = np.zeros_like(n.value)
    C.grad = np.ones_like(C.value)
    ready = [C]
    while ready:
        n = ready.pop()
        n.propagate()
        for p in n.parents:
            users[id(p)] -= 1
            if users[id(p)] == 0:
                ready.append(p)


@pytest.mark.parametrize("sweep", [recursive_sweep, kahn_sweep])
def test_sweep_accepts_correct_sweeps(sweep):
    result = check_backward_sweep(sweep)
    assert result.passed, str(result)


def test_sweep_refuses_the_engines_own_sweep():
    result = check_backward_sweep(lambda C: C.backward())
    assert not result.passed and "Tensor.backward" in result.message

    def with_the_engines_order(C):
        for node in topological_order(C):           # imported by name into this module
            node.grad = np.zeros_like(node.value)
        C.grad = np.ones_like(C.value)
        for node in reversed(topological_order(C)):
            node.propagate()
    result = check_backward_sweep(with_the_engines_order)
    assert not result.passed and "autodiff.topological_order" in result.message, str(result)


def test_sweep_with_the_wrong_parameters_says_how_to_define_it():
    result = check_backward_sweep(lambda C, extra: None)
    assert not result.passed and "def my_backward(C)" in "\n".join(result.steps)


def topological(C, memory=True):
    order, seen = [], set()

    def visit(node):
        if memory and id(node) in seen:
            return
        seen.add(id(node))
        for p in node.parents:
            visit(p)
        order.append(node)
    visit(C)
    return order


def sweep(C, *, memory=True, reverse=True, seed_one=True, reset=True):
    order = topological(C, memory)
    if reset:
        for node in order:
            node.grad = np.zeros_like(node.value)
    if seed_one:
        C.grad = np.ones_like(C.value)
    for node in (reversed(order) if reverse else order):
        node.propagate()


def no_memory(C):
    sweep(C, memory=False)


def forward_order(C):
    sweep(C, reverse=False)


def no_seed(C):
    sweep(C, seed_one=False)


def no_reset(C):
    sweep(C, reset=False)


def breadth_first(C):
    """Wrong: each node once, but in the order a queue from C reaches it, not a reverse topological order."""
    order, seen, queue = [], {id(C)}, [C]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for p in node.parents:
            if id(p) not in seen:
                seen.add(id(p))
                queue.append(p)
    for node in order:
        node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in order:
        node.propagate()


def skips_C(C):
    """Wrong: the reversed order without its first rule, C's own."""
    order = topological(C)
    for node in order:
        node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in reversed(order[:-1]):
        node.propagate()


@pytest.mark.parametrize("wrong, name, advice", [
    (no_memory, "processed twice", "visited"),
    (forward_order, "forward order", "REVERSED"),
    (no_seed, "never set to 1", "np.ones_like"),
    (no_reset, "not reset", "np.zeros_like"),
    (breadth_first, "breadth-first", "SHORTEST path"),
    (skips_C, "C's own rule never run", "C's own rule"),
])
def test_sweep_names_mistakes(wrong, name, advice):
    result = check_backward_sweep(wrong)
    assert not result.passed and name in (result.mistake or ""), str(result)
    assert advice in "\n".join(result.steps)


def test_sweep_names_what_it_reads():
    # the student returns nothing: the messages name the gradients read, counted as the course counts layers
    result = check_backward_sweep(breadth_first)
    assert "∂C/∂W² (W².grad)" in result.message and "answer[" not in result.message, result.message


def test_breadth_first_order_is_wrong_on_the_penalty_graphs_only():
    # the penalised graphs are what tell a breadth-first sweep from a right one: on the plain networks it agrees
    from bpcourse.exercises.autodiff import SWEEP, _sweep_variant
    wrong = _sweep_variant(breadth=True)
    for case, want in zip(SWEEP.cases, SWEEP.wants()):
        agrees = all(np.allclose(g, w) for g, w in zip(wrong(*case.args), want))
        assert agrees == (not case.args[0].startswith("penalty")), case.label


@pytest.mark.parametrize("check", [check_matmul_rule, check_bias_rule, check_backward_sweep])
def test_checkers_never_raise(check):
    def stub(*_):
        raise NotImplementedError
    result = check(stub)
    assert not result.passed and "not written yet" in result.message
    assert not check(lambda *_: 1 / 0).passed
    assert not check(None).passed
    assert "expected a function" in check("nope").message
    returns_none = check(lambda *args: None)
    assert not returns_none.passed
