"""Checkers for notebook 08: one gradient-descent step, and cutting an epoch into mini-batches."""

from __future__ import annotations

import copy
import traceback

import numpy as np

from bpcourse.exercises._core import Mistake, Result, check_function

# -- one step: p ← p − η ∇C -------------------------------------------------------------------


def sgd_step(weights, biases, grad_W, grad_b, eta):
    """W^l ← W^l − η ∂C/∂W^l and b^l ← b^l − η ∂C/∂b^l for every layer; returns new lists."""
    new_weights = [W - eta * gW for W, gW in zip(weights, grad_W)]
    new_biases = [b - eta * gb for b, gb in zip(biases, grad_b)]
    return new_weights, new_biases


def _step_cases():
    rng = np.random.default_rng(80)
    cases = []
    for sizes, eta in (([2, 3, 2], 0.5), ([4, 5, 3, 1], 0.05), ([2, 2, 3, 2], 3.0)):
        shapes = list(zip(sizes[1:], sizes[:-1]))
        weights = [rng.standard_normal(s) for s in shapes]
        biases = [rng.standard_normal((n, 1)) for n, _ in shapes]
        grad_W = [rng.standard_normal(s) for s in shapes]
        grad_b = [rng.standard_normal((n, 1)) for n, _ in shapes]
        cases.append((weights, biases, grad_W, grad_b, eta))
    return cases


_STEP_MISTAKES = [
    Mistake("a plus sign (p + η∇C climbs the cost instead of descending)",
            lambda W, b, gW, gb, eta: ([w + eta * g for w, g in zip(W, gW)], [c + eta * g for c, g in zip(b, gb)]),
            "The gradient points uphill. Step against it: W - eta * grad_W (and the same for b)."),
    Mistake("forgetting the biases (they come back unchanged)",
            lambda W, b, gW, gb, eta: ([w - eta * g for w, g in zip(W, gW)], [c.copy() for c in b]),
            "The biases are parameters too: b^l ← b^l − η ∂C/∂b^l, with grad_b."),
    Mistake("forgetting the biases' step size η",
            lambda W, b, gW, gb, eta: ([w - eta * g for w, g in zip(W, gW)], [c - g for c, g in zip(b, gb)]),
            "Multiply the bias gradient by eta as well: b - eta * grad_b."),
    Mistake("forgetting η (a step of the whole gradient)",
            lambda W, b, gW, gb, eta: ([w - g for w, g in zip(W, gW)], [c - g for c, g in zip(b, gb)]),
            "The step is η times the gradient: W - eta * grad_W."),
    Mistake("returning the biases first and the weights second",
            lambda W, b, gW, gb, eta: tuple(reversed(sgd_step(W, b, gW, gb, eta))),
            "Return (new_weights, new_biases), in that order."),
]


def _on_copies(student):
    """Call ``student`` on deep copies of its arguments, so it cannot change the checker's cases."""
    def run(*args):
        return student(*copy.deepcopy(args))
    return run


def _changes_inputs(student, case) -> bool:
    """True if ``student(*case)`` modifies the lists or arrays it is given."""
    given = copy.deepcopy(case)
    try:
        with np.errstate(all="ignore"):
            student(*given)
    except Exception:
        return False
    for before, after in zip(case[:4], given[:4]):
        if len(before) != len(after) or not all(
                np.shape(x) == np.shape(y) and np.array_equal(x, y) for x, y in zip(before, after)):
            return True
    return False


def check_sgd_step(my_sgd_step) -> Result:
    """Check ``my_sgd_step(weights, biases, grad_W, grad_b, eta) -> (new_weights, new_biases)``.

    The answer must return new lists and leave the lists and arrays it is given unchanged.
    """
    name = "my_sgd_step"
    if not callable(my_sgd_step):
        return check_function(name, my_sgd_step, sgd_step, [])
    cases = _step_cases()
    result = check_function(name, _on_copies(my_sgd_step), sgd_step, cases, _STEP_MISTAKES,
                            success="W ← W − η ∇_W C and b ← b − η ∇_b C, right for every layer.")
    if not result.passed:
        return result
    if _changes_inputs(my_sgd_step, cases[0]):
        return Result(False, name, "the numbers are right, but your function changes the arrays it was given.",
                      hint="`W -= eta * gW` (or `weights[i] = ...`) overwrites the old parameters, which the "
                           "caller may still need (to compare costs before and after, or to undo a bad step). "
                           "Build new arrays: `[W - eta * gW for W, gW in zip(weights, grad_W)]`.",
                      mistake="changing the inputs in place (aliasing)")
    return result


# -- an epoch cut into mini-batches -------------------------------------------------------------


def mini_batches(m, batch_size, rng):
    """Shuffle 0..m−1 with ``rng`` and cut the order into consecutive batches (the last may be smaller)."""
    order = rng.permutation(m)
    return [order[k:k + batch_size] for k in range(0, m, batch_size)]


_BATCH_CASES = ((10, 3), (12, 4), (23, 5), (7, 7), (9, 2), (5, 1))


def _call(student, m, batch_size, seed):
    """(batches as a list of int arrays, None) or (None, Result explaining the problem)."""
    name = "my_mini_batches"
    try:
        with np.errstate(all="ignore"):
            got = student(m, batch_size, np.random.default_rng(seed))
    except NotImplementedError:
        return None, Result(False, name, "not written yet (the function raises NotImplementedError).",
                            hint="Replace the `raise NotImplementedError` line with your code.")
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return None, Result(False, name, f"your function raised {type(exc).__name__}: {exc}",
                            hint=f"It happened on line {where.lineno} ({where.line!r}) "
                                 f"with m={m}, batch_size={batch_size}.")
    if got is None:
        return None, Result(False, name, "your function returned None.", hint="Did you forget the `return`?")
    try:
        batches = [np.asarray(b) for b in got]
        ok = all(b.ndim == 1 and (b.size == 0 or np.issubdtype(b.dtype, np.integer)) for b in batches)
    except Exception:
        ok = False
    if not ok:
        return None, Result(False, name, "expected a list of 1-D arrays of integer indices.",
                            hint="Return e.g. [order[0:3], order[3:6], ...], where order = rng.permutation(m).")
    return batches, None


def check_mini_batches(my_mini_batches) -> Result:
    """Check ``my_mini_batches(m, batch_size, rng) -> list of index arrays``.

    One epoch: every index 0..m−1 exactly once, in an order shuffled by ``rng``, cut into
    batches of ``batch_size`` (the last one holds what is left over).
    """
    name = "my_mini_batches"
    if not callable(my_mini_batches):
        return check_function(name, my_mini_batches, mini_batches, [])
    in_order = 0
    differs_by_seed = False
    for m, bs in _BATCH_CASES:
        batches, problem = _call(my_mini_batches, m, bs, seed=m)
        if problem is not None:
            return problem
        case = f"m={m}, batch_size={bs}: got sizes {[b.size for b in batches]}"
        if any(b.size == 0 for b in batches):
            return Result(False, name, "one of your batches is empty.", details=[case],
                          hint="Step k over range(0, m, batch_size), so every slice starts inside the data.")
        flat = np.concatenate(batches)
        if flat.min() < 0 or flat.max() >= m:
            return Result(False, name, f"an index lies outside 0..{m - 1}.", details=[case],
                          hint="Shuffle the indices 0..m−1 (rng.permutation(m)), not the values 1..m.")
        if np.unique(flat).size < flat.size:
            return Result(False, name, "an example appears twice in one epoch.", details=[case],
                          mistake="sampling with replacement",
                          hint="Mini-batch SGD uses each example once per epoch: shuffle with "
                               "rng.permutation(m) and slice, instead of drawing indices at random.")
        if flat.size < m:
            full = all(b.size == bs for b in batches)
            if full and m - flat.size == m % bs:
                return Result(False, name, f"the last {m % bs} example(s) never get used.", details=[case],
                              mistake="dropping the last partial batch",
                              hint="When batch_size does not divide m, keep the smaller last batch: "
                                   "slice order[k:k + batch_size] for k in range(0, m, batch_size).")
            return Result(False, name, f"{m - flat.size} example(s) are missing from the epoch.", details=[case],
                          hint="Every index 0..m−1 must appear in exactly one batch.")
        sizes = [b.size for b in batches]
        if sizes[:-1] != [bs] * (len(sizes) - 1) or sizes[-1] > bs:
            return Result(False, name, "the batches have the wrong sizes.", details=[case],
                          hint=f"Every batch holds batch_size examples except perhaps the last "
                               f"(here {[bs] * (m // bs) + ([m % bs] if m % bs else [])}).")
        if m > 1 and np.array_equal(flat, np.arange(m)):
            in_order += 1
        again, _ = _call(my_mini_batches, m, bs, seed=m)
        if again is None or not all(np.array_equal(x, y) for x, y in zip(batches, again)):
            return Result(False, name, "two calls with the same seeded rng gave different batches.",
                          mistake="not using the rng argument",
                          hint="Shuffle with the generator you are given, rng.permutation(m), not np.random "
                               "(then a seed makes the run repeatable).")
        other, _ = _call(my_mini_batches, m, bs, seed=m + 1000)
        if other is not None and not np.array_equal(np.concatenate(other), flat):
            differs_by_seed = True
    if in_order:
        return Result(False, name, "the batches take the examples in their stored order.",
                      mistake="no shuffling",
                      hint="Shuffle first (order = rng.permutation(m)): data sets are often sorted by class, "
                           "and unshuffled batches then each see one class only.")
    if not differs_by_seed:
        return Result(False, name, "your batches are the same whatever rng you pass.",
                      mistake="not using the rng argument",
                      hint="Shuffle with the generator you are given: order = rng.permutation(m).")
    return Result(True, name, "every example once per epoch, shuffled by rng, in batches of batch_size "
                              "(the last one smaller when needed).")
