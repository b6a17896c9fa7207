r"""Checker for notebook 05 (BP3): ``check_bp3``."""

from __future__ import annotations

import numpy as np

from bpcourse import equations
from bpcourse.equations import bp3
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result

AXIS_HINT = ("δ^l has one row per neuron and one column per example. ∂C/∂b^l has one entry per neuron, so "
             "average ACROSS the columns (examples): axis=1, keepdims=True gives shape (n_l, 1).")
_AXIS_LOOK = "Look at the axis: which axis of δ^l runs over the examples?"
_MEAN_LOOK = "C is the mean of the per-example costs: what does that make of the gradient?"


def _bp3_cases() -> list[Case]:
    """δ^l batches of varied shapes, m > 1 first (with one column, a sum and a mean agree); one square."""
    rng = np.random.default_rng(7)
    return [Case((rng.standard_normal((n, m)),), f"δ^l of shape ({n}, {m}): {n} neurons, {m} examples", m=m)
            for n, m in [(3, 5), (4, 4), (2, 7), (6, 2), (3, 1), (5, 3)]]


BP3_MISTAKES = [
    Mistake("summing instead of averaging over the batch", lambda d: d.sum(axis=1, keepdims=True),
            "The cost is the MEAN of the per-example costs, C = (1/m) Σ_x C_x, so its gradient is the mean "
            "of the per-example gradients: divide the sum by m (or use .mean(axis=1, keepdims=True)).", _MEAN_LOOK),
    Mistake("summing instead of averaging, and shape (n,)", lambda d: d.sum(axis=1),
            "Average, do not sum (C is a mean over the batch), and keep the column shape: "
            ".mean(axis=1, keepdims=True) gives (n_l, 1).", _MEAN_LOOK),
    Mistake("returning shape (n,) instead of (n, 1)", lambda d: d.mean(axis=1),
            "The numbers are right, but b^l is a column of shape (n_l, 1), and so is ∂C/∂b^l: "
            "use keepdims=True (or .reshape(-1, 1)), or the update b - eta * grad would broadcast wrongly.",
            "Look at the shape of your result: the shape of b^l."),
    Mistake("averaging over the neurons (the wrong axis)", lambda d: d.mean(axis=0, keepdims=True), AXIS_HINT,
            _AXIS_LOOK),
    Mistake("averaging over the neurons (the wrong axis)", lambda d: d.mean(axis=0), AXIS_HINT, _AXIS_LOOK),
    Mistake("averaging over the neurons, transposed to a column", lambda d: d.mean(axis=0, keepdims=True).T,
            AXIS_HINT, _AXIS_LOOK),
    Mistake("dividing by the number of neurons instead of the number of examples",
            lambda d: d.sum(axis=1, keepdims=True) / d.shape[0],
            "m is the number of columns (examples): delta_l.shape[1], not delta_l.shape[0].", _MEAN_LOOK),
    Mistake("averaging over everything", lambda d: d.mean(),
            "np.mean(delta) averages over neurons AND examples, leaving one number. Average over the examples "
            "only: axis=1, keepdims=True.", _AXIS_LOOK),
    Mistake("no average over the batch", lambda d: d,
            "For one example ∂C/∂b^l = δ^l, but with a batch of m columns, average the columns: "
            "(1/m) Σ_x δ^{x,l}.", _MEAN_LOOK),
    Mistake("only the first example of the batch", lambda d: d[:, :1],
            "Each column of δ^l is one example; ∂C/∂b^l averages all m of them, not the first alone.", _MEAN_LOOK),
]

BP3 = Exercise(
    "BP3 over a batch: ∂C/∂b^l = (1/m) Σ_x δ^{x,l}", ("delta_l",), lambda d: bp3(d), _bp3_cases(), BP3_MISTAKES,
    hint="∂C/∂b^l is the mean of the columns of δ^l (one column per example): one number per neuron, "
         "kept as a column of shape (n_l, 1), like b^l.",
    success="∂C/∂b^l = (1/m) Σ_x δ^{x,l}, a column like b^l, on every batch.",
    forbidden=[Forbidden(equations, "bp3", "bp3")])


def check_bp3(my_bp3) -> Result:
    r"""Check ``my_bp3(delta_l)`` = ∂C/∂b^l = (1/m) Σ_x δ^{x,l}, the mean of δ^l's columns, shape (n_l, 1)."""
    return BP3.check(my_bp3)
