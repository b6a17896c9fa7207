r"""Checker for notebook 05 (BP3): ``check_bp3``."""

from __future__ import annotations

import numpy as np

from bpcourse.equations import bp3
from bpcourse.exercises._core import Mistake, Result, check_function

AXIS_HINT = ("δ^l has one row per neuron and one column per example. ∂C/∂b^l has one entry per neuron, so "
             "average ACROSS the columns (examples): axis=1, keepdims=True gives shape (n_l, 1).")


def _bp3_cases() -> list[tuple]:
    """δ^l batches of varied shapes, m > 1 first (with one column, a sum and a mean agree)."""
    rng = np.random.default_rng(7)
    return [(rng.standard_normal(shape),) for shape in [(3, 5), (4, 4), (2, 7), (6, 2), (3, 1)]]


def check_bp3(my_bp3) -> Result:
    r"""Check ``my_bp3(delta_l)`` = ∂C/∂b^l = (1/m) Σ_x δ^{l,x}, the mean of δ^l's columns, shape (n_l, 1)."""
    mistakes = [
        Mistake("summing instead of averaging over the batch", lambda d: d.sum(axis=1, keepdims=True),
                "The cost is the MEAN of the per-example costs, C = (1/m) Σ_x C_x, so its gradient is the mean "
                "of the per-example gradients: divide the sum by m (or use .mean(axis=1, keepdims=True))."),
        Mistake("summing instead of averaging, and shape (n,)", lambda d: d.sum(axis=1),
                "Average, do not sum (C is a mean over the batch), and keep the column shape: "
                ".mean(axis=1, keepdims=True) gives (n_l, 1)."),
        Mistake("returning shape (n,) instead of (n, 1)", lambda d: d.mean(axis=1),
                "The numbers are right, but b^l is a column of shape (n_l, 1), and so is ∂C/∂b^l: "
                "use keepdims=True (or .reshape(-1, 1)), or the update b - eta * grad would broadcast wrongly."),
        Mistake("averaging over the neurons (the wrong axis)", lambda d: d.mean(axis=0, keepdims=True), AXIS_HINT),
        Mistake("averaging over the neurons (the wrong axis)", lambda d: d.mean(axis=0), AXIS_HINT),
        Mistake("averaging over everything", lambda d: d.mean(),
                "np.mean(delta) averages over neurons AND examples, leaving one number. Average over the examples "
                "only: axis=1, keepdims=True."),
        Mistake("no average over the batch", lambda d: d,
                "For one example ∂C/∂b^l = δ^l, but with a batch of m columns, average the columns: "
                "(1/m) Σ_x δ^{l,x}."),
    ]
    return check_function("BP3 over a batch: ∂C/∂b^l = (1/m) Σ_x δ^{l,x}", my_bp3, lambda d: bp3(d),
                          _bp3_cases(), mistakes)
