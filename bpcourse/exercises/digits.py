"""Checkers for notebook 09: classification accuracy, and the per-example cross-entropy cost."""

from __future__ import annotations

import numpy as np

from bpcourse import costs
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result
from bpcourse.network import Network


def accuracy(A, Y):
    """The fraction of columns where argmax_j a_j (the predicted class) equals argmax_j y_j."""
    return float(np.mean(np.argmax(A, axis=0) == np.argmax(Y, axis=0)))


def _accuracy_cases() -> list[Case]:
    rng = np.random.default_rng(90)
    cases = []
    for n, m, share in ((10, 13, 0.7), (10, 40, 0.7), (3, 8, 0.7), (10, 1, 0.7), (4, 4, 0.5), (3, 6, 1.0)):
        labels = rng.integers(0, n, size=m)
        Y = np.zeros((n, m))
        Y[labels, np.arange(m)] = 1.0
        A = rng.uniform(0.0, 0.6, size=(n, m))
        boost = rng.random(m) < share                       # about this share of the columns predicted right
        A[labels[boost], np.flatnonzero(boost)] += 0.5
        cases.append(Case((A, Y), f"{n} classes, {m} example{'s' if m > 1 else ''}", m=m))
    return cases


def _one_hot_of_argmax(A):
    return (A == A.max(axis=0, keepdims=True)).astype(float)


_AXIS_LOOK = "Look at the axis of your argmax: which axis holds the examples?"
_ACCURACY_MISTAKES = [
    Mistake("the argmax over the wrong axis (axis=1 runs along the examples)",
            lambda A, Y: float(np.mean(np.argmax(A, axis=1) == np.argmax(Y, axis=1))),
            "Each column is one example and its rows are the output neurons: the predicted class of "
            "example i is np.argmax(A[:, i]), so take np.argmax(A, axis=0).", _AXIS_LOOK),
    Mistake("the argmax of the whole array (no axis)",
            lambda A, Y: float(np.mean(np.argmax(A) == np.argmax(Y))),
            "np.argmax without an axis gives ONE position in the flattened array. You need one class per "
            "example: np.argmax(A, axis=0).", _AXIS_LOOK),
    Mistake("comparing one-hot arrays entry by entry",
            lambda A, Y: float(np.mean(_one_hot_of_argmax(A) == Y)),
            "Entry-by-entry, every correct 0 counts as a hit, so a wrong answer still scores 8 of 10 entries. "
            "Compare one class per example: np.argmax(A, axis=0) == np.argmax(Y, axis=0).",
            "Look at what you compare: one class per example, or every entry?"),
    Mistake("comparing rounded activations with Y entry by entry",
            lambda A, Y: float(np.mean(np.round(A) == Y)),
            "Rounding a^L and comparing entries counts the zeros too. Compare the argmax of each column.",
            "Look at what you compare: one class per example, or every entry?"),
    Mistake("counting the right answers instead of taking the fraction",
            lambda A, Y: float(np.sum(np.argmax(A, axis=0) == np.argmax(Y, axis=0))),
            "Divide by the number of examples (np.mean of the boolean array does it).",
            "The exercise asks for a fraction between 0 and 1."),
    Mistake("a percentage instead of a fraction",
            lambda A, Y: 100.0 * accuracy(A, Y),
            "Return a fraction between 0 and 1, not a percentage.",
            "The exercise asks for a fraction between 0 and 1."),
    Mistake("the error rate (the fraction wrong) instead of the accuracy",
            lambda A, Y: 1.0 - accuracy(A, Y),
            "You counted the images the network gets wrong: the accuracy is the fraction it gets right.",
            "Which images does the accuracy count?"),
]

ACCURACY = Exercise(
    "my_accuracy", ("A", "Y"), accuracy, _accuracy_cases(), _ACCURACY_MISTAKES,
    hint="The predicted class of each column is np.argmax(A, axis=0), the true one np.argmax(Y, axis=0); "
         "the accuracy is the mean of their equality over the m columns.",
    success="the argmax of each column, compared with the label, averaged over examples.",
    forbidden=[Forbidden(Network, "accuracy", "Network.accuracy")])


def check_accuracy(my_accuracy) -> Result:
    """Check ``my_accuracy(A, Y)``: A is a^L, shape (n_L, m); Y one-hot, same shape; returns a fraction."""
    return ACCURACY.check(my_accuracy)


def cross_entropy(a, y):
    """C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], one value per column; shape (m,)."""
    return costs.cross_entropy.fn(a, y)


def _cross_entropy_cases() -> list[Case]:
    rng = np.random.default_rng(91)
    cases = []
    for n, m in ((10, 5), (3, 7), (1, 4), (4, 4)):
        a = rng.uniform(0.02, 0.98, size=(n, m))
        y = np.zeros((n, m))
        if n == 1:
            y[0] = rng.integers(0, 2, size=m)
        else:
            y[rng.integers(0, n, size=m), np.arange(m)] = 1.0
        cases.append(Case((a, y), f"n_L = {n}, m = {m}, {'0/1' if n == 1 else 'one-hot'} targets", m=m))
    cases.append(Case((rng.uniform(0.05, 0.95, size=(2, 6)), rng.uniform(0.0, 1.0, size=(2, 6))),
                      "n_L = 2, m = 6, soft targets", m=6))
    cases.append(Case((rng.uniform(0.05, 0.95, size=(3, 3)), rng.uniform(0.0, 1.0, size=(3, 3))),
                      "n_L = 3, m = 3, soft targets", m=3))
    return cases


_TERMS_LOOK = "Look at the two terms inside the sum, and at their signs."
_AXIS_CE_LOOK = "Look at the shape: one cost per example (column)."
_CE_MISTAKES = [
    Mistake("a missing (1 − y) ln(1 − a) term",
            lambda a, y: -np.sum(y * np.log(a), axis=0),
            "Cross-entropy for sigmoid outputs has two terms: y ln a rewards a → 1 where y = 1, and "
            "(1 − y) ln(1 − a) rewards a → 0 where y = 0. Add the second.", _TERMS_LOOK),
    Mistake("a sign error (the cost comes out negative)",
            lambda a, y: np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0),
            "ln of a number in (0, 1) is negative, so the minus sign in front makes the cost positive.", _TERMS_LOOK),
    Mistake("ln(1 − y) in place of ln(1 − a)",
            lambda a, y: -np.sum(y * np.log(a) + (1 - a) * np.log(1 - y), axis=0),
            "The second term is (1 − y) ln(1 − a): the logarithm is of the output, the weight is the target.",
            _TERMS_LOOK),
    Mistake("averaging over the batch (one number instead of one per example)",
            lambda a, y: float(np.mean(cross_entropy(a, y))),
            "Return the per-example costs C_x, shape (m,): sum over the neurons j (axis=0) only. "
            "The network averages over the batch later.", _AXIS_CE_LOOK),
    Mistake("summing over the batch (one number instead of one per example)",
            lambda a, y: float(np.sum(cross_entropy(a, y))),
            "Return the per-example costs C_x, shape (m,): sum over the neurons j (axis=0) only.", _AXIS_CE_LOOK),
    Mistake("averaging over the output neurons instead of summing",
            lambda a, y: -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0),
            "C_x sums over the output neurons j: use np.sum(..., axis=0), not np.mean.", _AXIS_CE_LOOK),
    Mistake("summing over the wrong axis (over the examples)",
            lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=1),
            "Rows are neurons, columns are examples: sum over axis=0 to get one cost per column.", _AXIS_CE_LOOK),
    Mistake("no sum over the neurons (one cost per entry)",
            lambda a, y: -(y * np.log(a) + (1 - y) * np.log(1 - a)),
            "C_x = −Σ_j [...] adds the terms of every output neuron j: sum over axis=0.", _AXIS_CE_LOOK),
    Mistake("log base 10 instead of the natural log",
            lambda a, y: -np.sum(y * np.log10(a) + (1 - y) * np.log10(1 - a), axis=0),
            "Use np.log (the natural log, ln); np.log10 scales the cost by 1/ln 10.", "Which logarithm is ln?"),
]

CROSS_ENTROPY = Exercise(
    "my_cross_entropy", ("a", "y"), cross_entropy, _cross_entropy_cases(), _CE_MISTAKES,
    hint="Entry by entry y ln a + (1 − y) ln(1 − a) (np.log is ln); sum over the neurons of each column "
         "(axis=0); a minus sign in front. The result has one value per example, shape (m,).",
    success="−Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], one value per example, one-hot and soft targets.",
    forbidden=[Forbidden(costs, "cross_entropy", "costs.cross_entropy",
                         code_of=(costs.cross_entropy.per_example,))])


def check_cross_entropy(my_cross_entropy) -> Result:
    """Check ``my_cross_entropy(a, y)`` → C_x for each column, shape (m,)."""
    return CROSS_ENTROPY.check(my_cross_entropy)
