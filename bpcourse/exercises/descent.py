"""Checkers for notebook 08: one gradient-descent step, and cutting an epoch into mini-batches."""

from __future__ import annotations

import copy

import numpy as np

from bpcourse import train
from bpcourse.exercises import _values
from bpcourse.exercises._core import (
    NOT_WRITTEN,
    Case,
    Exercise,
    Forbidden,
    Mistake,
    Result,
    failed,
    passed,
    raised_text,
)
from bpcourse.exercises._run import run, signature_problem

# -- one step: p ← p − η ∇C -------------------------------------------------------------------

_LISTS = ("weights", "biases", "grad_W", "grad_b")


def sgd_step(weights, biases, grad_W, grad_b, eta):
    """W^l ← W^l − η ∂C/∂W^l and b^l ← b^l − η ∂C/∂b^l for every layer; returns new lists."""
    new_weights = [W - eta * gW for W, gW in zip(weights, grad_W)]
    new_biases = [b - eta * gb for b, gb in zip(biases, grad_b)]
    return new_weights, new_biases


def _step_cases() -> list[Case]:
    rng = np.random.default_rng(80)
    cases = []
    for sizes, eta in (([2, 3, 2], 0.5), ([4, 5, 3, 1], 0.05), ([2, 2, 3, 2], 3.0), ([3, 3], 0.1),
                       ([2, 4, 4, 3, 2], 1.0)):
        shapes = list(zip(sizes[1:], sizes[:-1]))
        weights = [rng.standard_normal(s) for s in shapes]
        biases = [rng.standard_normal((n, 1)) for n, _ in shapes]
        grad_W = [rng.standard_normal(s) for s in shapes]
        grad_b = [rng.standard_normal((n, 1)) for n, _ in shapes]
        cases.append(Case((weights, biases, grad_W, grad_b, eta), f"sizes {sizes}, η = {eta}"))
    return cases


def _step(rule_W, rule_b):
    return lambda W, b, gW, gb, eta: ([rule_W(w, g, eta) for w, g in zip(W, gW)],
                                      [rule_b(c, g, eta) for c, g in zip(b, gb)])


_SIGN_LOOK = "Look at the direction of your step: does it go up or down the cost?"
_STEP_MISTAKES = [
    Mistake("a plus sign (p + η∇C climbs the cost instead of descending)",
            _step(lambda w, g, e: w + e * g, lambda c, g, e: c + e * g),
            "The gradient points uphill. Step against it: W - eta * grad_W (and the same for b).", _SIGN_LOOK),
    Mistake("a plus sign for the biases only", _step(lambda w, g, e: w - e * g, lambda c, g, e: c + e * g),
            "The biases step downhill too: b - eta * grad_b.", _SIGN_LOOK),
    Mistake("forgetting the biases (they come back unchanged)",
            _step(lambda w, g, e: w - e * g, lambda c, g, e: c.copy()),
            "The biases are parameters too: b^l ← b^l − η ∂C/∂b^l, with grad_b.",
            "Look at the biases: do they move?"),
    Mistake("forgetting the biases' step size η", _step(lambda w, g, e: w - e * g, lambda c, g, e: c - g),
            "Multiply the bias gradient by eta as well: b - eta * grad_b.", "Look at the size of the biases' step."),
    Mistake("forgetting η (a step of the whole gradient)", _step(lambda w, g, e: w - g, lambda c, g, e: c - g),
            "The step is η times the gradient: W - eta * grad_W.", "Look at the size of your step."),
    Mistake("dividing by η instead of multiplying", _step(lambda w, g, e: w - g / e, lambda c, g, e: c - g / e),
            "The step is η times the gradient: W - eta * grad_W.", "Look at the size of your step."),
    Mistake("the weight gradients used for the biases too (or the other way round)",
            lambda W, b, gW, gb, eta: _swap_grads(W, b, gW, gb, eta),
            "Each parameter steps along its own gradient: W with grad_W, b with grad_b.",
            "Look at which gradient each parameter uses."),
    Mistake("returning the biases first and the weights second",
            lambda W, b, gW, gb, eta: tuple(reversed(sgd_step(W, b, gW, gb, eta))),
            "Return (new_weights, new_biases), in that order.", "Look at the order of what you return."),
]


def _swap_grads(W, b, gW, gb, eta):
    return [w - eta * g for w, g in zip(W, gb)], [c - eta * g for c, g in zip(b, gW)]


def _changes(student, case: Case) -> tuple[set, set]:
    """Which of the four input lists ``student`` changes: (arrays written in place, lists altered)."""
    given = copy.deepcopy(case.args)
    objects = [list(lst) for lst in given[:4]]
    before = copy.deepcopy(given[:4])
    run(student, given, deep_copy=False)
    arrays, lists = set(), set()
    for name, lst, objs, old in zip(_LISTS, given[:4], objects, before):
        if len(lst) != len(objs) or any(x is not o for x, o in zip(lst, objs)):
            lists.add(name)
        for o, v in zip(objs, old):
            if not (isinstance(o, np.ndarray) and o.shape == v.shape and np.array_equal(o, v)):
                arrays.add(name)
    return arrays, lists


def _leaves_inputs_alone(student, cases) -> Result | None:
    """After the numbers are right: the function must change neither the arrays nor the lists it is given."""
    for k, case in enumerate(cases, start=1):
        arrays, lists = _changes(student, case)
        which = f" (test case {k}, {case.label})"
        if arrays:
            names = ", ".join(n for n in _LISTS if n in arrays)
            return failed(STEP.name, f"the numbers are right, but your function writes into the arrays it was given: "
                                     f"{names}{which}.",
                          "The caller may still need the old parameters (to compare costs before and after, or to "
                          "undo a bad step): build new arrays instead of changing the old ones.",
                          "`W -= eta * gW` (and W[...] = ...) overwrites the caller's array. Write "
                          "`new_weights = [W - eta * gW for W, gW in zip(weights, grad_W)]`.",
                          mistake="changing the given arrays in place")
        if lists:
            names = ", ".join(n for n in _LISTS if n in lists)
            return failed(STEP.name, f"the numbers are right and the old arrays are untouched, but your function "
                                     f"changes the lists it was given: {names}{which}.",
                          "After the call the caller's list holds the new arrays, so the old parameters are lost "
                          "to it all the same. Return new lists and leave the given ones as they were.",
                          "`weights[i] = weights[i] - eta * grad_W[i]` (or append/pop on a given list) changes the "
                          "caller's list. Build a new one: `[W - eta * gW for W, gW in zip(weights, grad_W)]`.",
                          mistake="changing the given lists (not the arrays)")
    return None


STEP = Exercise(
    "my_sgd_step", ("weights", "biases", "grad_W", "grad_b", "eta"), sgd_step, _step_cases(), _STEP_MISTAKES,
    hint="For every layer: W^l − η ∂C/∂W^l and b^l − η ∂C/∂b^l, collected in two new lists, returned as "
         "(new_weights, new_biases).",
    success="W ← W − η ∇_W C and b ← b − η ∇_b C for every layer, and the given lists and arrays left unchanged.",
    after=_leaves_inputs_alone)


def check_sgd_step(my_sgd_step) -> Result:
    """Check ``my_sgd_step(weights, biases, grad_W, grad_b, eta) -> (new_weights, new_biases)``.

    The answer must return new lists and leave the lists and arrays it is given unchanged, on
    every test case.
    """
    return STEP.check(my_sgd_step)


# -- an epoch cut into mini-batches -------------------------------------------------------------

def mini_batches(n, batch_size, rng):
    """Shuffle 0..n−1 with ``rng`` and cut the order into consecutive batches (the last may be smaller)."""
    order = rng.permutation(n)
    return [order[k:k + batch_size] for k in range(0, n, batch_size)]


_BATCH_CASES = ((10, 3), (12, 4), (23, 5), (7, 7), (9, 2), (5, 1), (6, 8), (1, 1))
_BATCH_NAME = "my_mini_batches"
_BATCH_HINT = ("Shuffle once, order = rng.permutation(n); then slice order[k:k + batch_size] "
               "for k in range(0, n, batch_size).")
_FORBIDDEN = [Forbidden(train, name, f"train.{name}") for name in ("_batches", "batches", "mini_batches")]


def _read_batches(got, n, bs):
    """(list of 1-D int arrays, None) or (None, the problem in words)."""
    where = f"with n={n}, batch_size={bs}"
    if got is None:
        return None, "your function returned None: did you forget the `return` statement?"
    if _values.inspect_generator(got) or isinstance(got, (str, bytes, dict, set, map, filter, zip)):
        return None, f"{where} your function returned {_values.describe(got)}; expected a list of index arrays."
    if isinstance(got, np.ndarray) and got.ndim != 2:
        return None, f"{where} your function returned {_values.describe(got)}; expected a list of index arrays."
    if not isinstance(got, (list, tuple, np.ndarray)):
        return None, f"{where} your function returned {_values.describe(got)}; expected a list of index arrays."
    batches = []
    for i, b in enumerate(got):
        if isinstance(b, (int, np.integer)) and not isinstance(b, bool):
            return None, (f"{where} item {i} of your list is the single index {int(b)}; each item must be a batch "
                          "(an array of indices).")
        try:
            arr = _values._real_array(b, "an array of integer indices", f"batch {i}") if not isinstance(b, range) \
                else np.asarray(b)
        except _values.Problem as p:
            return None, f"{where} {p.path}: {p}"
        if arr.ndim != 1:
            return None, f"{where} batch {i} has shape {arr.shape}; each batch is a 1-D array of indices."
        if arr.size and arr.dtype.kind == "f":
            return None, (f"{where} batch {i} holds floats ({arr.dtype}); indices must be integers: "
                          "X[:, idx] with float indices raises IndexError.")
        batches.append(arr.astype(int) if arr.size else arr.astype(int))
    return batches, None


def _call(student, n, bs, seed):
    """(batches, None) or (None, a failing Result)."""
    o = run(student, (n, bs, np.random.default_rng(seed)), _FORBIDDEN)
    if o.not_written:
        return None, Result(False, _BATCH_NAME, [NOT_WRITTEN, "Replace the `raise NotImplementedError` line with "
                                                 "your code, run that cell, then run this check again."])
    if o.forbidden:
        return None, failed(_BATCH_NAME, f"your function calls the package's {o.forbidden}.",
                            "This exercise asks you to write the batching yourself.",
                            mistake="calling the package's own function")
    if o.raised:
        return None, failed(_BATCH_NAME, f"with n={n}, batch_size={bs}, {raised_text(o)}", _BATCH_HINT,
                            ("At that line: " + "; ".join(o.arrays) + ".") if o.arrays else "")
    batches, problem = _read_batches(o.value, n, bs)
    if problem:
        return None, failed(_BATCH_NAME, problem, "Return a list such as [order[0:3], order[3:6], ...].", _BATCH_HINT)
    return batches, None


def _epoch_problem(batches, n, bs) -> Result | None:
    case = f"n={n}, batch_size={bs}: got batch sizes {[b.size for b in batches]}"
    if any(b.size == 0 for b in batches):
        return failed(_BATCH_NAME, f"one of your batches is empty ({case}).", _BATCH_HINT,
                      "Step k over range(0, n, batch_size), so every slice starts inside the data.")
    flat = np.concatenate(batches) if batches else np.zeros(0, dtype=int)
    if flat.size and (flat.min() < 0 or flat.max() >= n):
        return failed(_BATCH_NAME, f"an index lies outside 0..{n - 1} ({case}).", _BATCH_HINT,
                      "Shuffle the indices 0..n−1 (rng.permutation(n)), not the values 1..n.")
    if np.unique(flat).size < flat.size:
        return failed(_BATCH_NAME, f"an example appears twice in one epoch ({case}).",
                      "Mini-batch SGD uses each example once per epoch.",
                      "Drawing indices at random (with replacement) repeats some: shuffle with rng.permutation(n) "
                      "and slice instead.", mistake="sampling with replacement")
    if flat.size < n:
        if all(b.size == bs for b in batches) and n - flat.size == n % bs:
            return failed(_BATCH_NAME, f"the last {n % bs} example(s) never get used ({case}).",
                          "Every example must be used once per epoch, also when batch_size does not divide n.",
                          "Keep the smaller last batch: slice order[k:k + batch_size] for k in "
                          "range(0, n, batch_size), and do not stop at n // batch_size batches.",
                          mistake="dropping the last partial batch")
        return failed(_BATCH_NAME, f"{n - flat.size} example(s) are missing from the epoch ({case}).",
                      "Every index 0..n−1 must appear in exactly one batch.", _BATCH_HINT)
    sizes = [b.size for b in batches]
    if sizes[:-1] != [bs] * (len(sizes) - 1) or sizes[-1] > bs:
        want = [bs] * (n // bs) + ([n % bs] if n % bs else [])
        return failed(_BATCH_NAME, f"the batches have the wrong sizes ({case}).",
                      "Every batch holds batch_size examples except perhaps the last.", f"Here: {want}.")
    return None


def check_mini_batches(my_mini_batches) -> Result:
    """Check ``my_mini_batches(n, batch_size, rng) -> list of index arrays``.

    One epoch: every index 0..n−1 exactly once, in an order shuffled by ``rng``, cut into
    batches of ``batch_size`` (the last one holds what is left over).
    """
    if not callable(my_mini_batches):
        return failed(_BATCH_NAME, f"expected a function, got {_values.describe(my_mini_batches)}.",
                      "Pass the function itself, without calling it: check(my_fn), not check(my_fn()).")
    problem = signature_problem(my_mini_batches, ("n", "batch_size", "rng"))
    if problem:
        return failed(_BATCH_NAME, problem, "Define it as def my_mini_batches(n, batch_size, rng): …",
                      mistake="wrong number of parameters")
    in_order = blocks = 0
    differs_by_seed = False
    for n, bs in _BATCH_CASES:
        batches, bad = _call(my_mini_batches, n, bs, seed=n)
        if bad is None:
            bad = _epoch_problem(batches, n, bs)
        if bad is not None:
            return bad
        flat = np.concatenate(batches)
        # with one batch (batch_size ≥ n) the order inside it changes nothing: the batch's gradient is the
        # same, so an answer that sorts each batch after shuffling is not called unshuffled for it
        if n > bs and np.array_equal(flat, np.arange(n)):
            in_order += 1
        elif n > bs > 1 and all(np.array_equal(np.sort(b), np.arange(b.min(), b.min() + b.size)) for b in batches):
            blocks += 1
        again, bad = _call(my_mini_batches, n, bs, seed=n)
        if bad is not None:
            return bad
        if len(again) != len(batches) or not all(np.array_equal(x, y) for x, y in zip(batches, again)):
            return failed(_BATCH_NAME, "two calls with the same seeded rng gave different batches.",
                          "A run should be repeatable: the same seed must give the same batches.",
                          "Shuffle with the generator you are given, rng.permutation(n), not np.random.",
                          mistake="not using the rng argument")
        other, _ = _call(my_mini_batches, n, bs, seed=n + 1000)
        if other is not None and not np.array_equal(np.concatenate(other) if other else [], flat):
            differs_by_seed = True
    if blocks:
        return failed(_BATCH_NAME, "each batch holds consecutive examples (only the order inside a batch, or of the "
                                   "batches, is shuffled).",
                      "The examples must be mixed across batches: a batch of sorted data then holds one class only.",
                      "Shuffle the indices first, then cut: order = rng.permutation(n), then slice order.",
                      mistake="shuffling within batches only")
    if in_order:
        return failed(_BATCH_NAME, "the batches take the examples in their stored order.",
                      "Data sets are often sorted by class, and unshuffled batches then each see one class only.",
                      "Shuffle first: order = rng.permutation(n).", mistake="no shuffling")
    if not differs_by_seed:
        return failed(_BATCH_NAME, "your batches are the same whatever rng you pass.",
                      "The generator you are given decides the shuffle.",
                      "Shuffle with it: order = rng.permutation(n).", mistake="not using the rng argument")
    return passed(_BATCH_NAME, "every example once per epoch, shuffled by rng, in batches of batch_size "
                               "(the last one smaller when needed).")
