r"""Checkers for notebook 05 (BP3): ``check_bp3`` and ``check_bias_prediction``."""

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


# -- what δ means: the tangent's prediction ΔC ≈ Σ_l Σ_j δ^l_j Δb^l_j -------------------------------------

def prediction_reference(net, x, y, db) -> float:
    r"""ΔC ≈ Σ_l Σ_j δ^l_j Δb^l_j: the first-order change of C_x when every b^l moves by ``db[l]`` at once."""
    errors = net.errors(x, y)
    return float(sum(np.sum(errors.delta(l) * db[l]) for l in db))


def true_change(net, x, y, db) -> float:
    """C_x after adding ``db[l]`` to every b^l, minus C_x before (on a copy of ``net``)."""
    nudged = net.copy()
    for l, d in db.items():
        nudged.b(l)[...] += d
    return float(nudged.cost(x, y) - net.cost(x, y))


def _prediction_cases() -> list[Case]:
    """(net, x, y, db) for one example: equal widths first (a layer mixed up gives wrong numbers, not an
    error), then varied widths; nudges of size 0.05–0.3, every bias of every layer nudged at once."""
    from bpcourse.network import Network
    rng = np.random.default_rng(51)
    out = []
    for seed, (sizes, scale) in enumerate([([3, 3, 3, 3], 0.2), ([2, 4, 3, 2], 0.1), ([3, 5, 2], 0.3),
                                           ([2, 3, 4, 3, 2], 0.05), ([4, 2, 3], 0.2)]):
        net = Network(sizes, activation="sigmoid", cost="quadratic", seed=300 + seed)
        x = rng.standard_normal((sizes[0], 1))
        y = rng.uniform(0.0, 1.0, (sizes[-1], 1))
        db = {l: scale * rng.standard_normal((sizes[l - 1], 1)) for l in range(2, len(sizes) + 1)}
        out.append(Case((net, x, y, db), f"sizes {sizes}, every Δb^l about {scale} in size"))
    return out


_LAYER_LOOK = "Look at which δ multiplies which Δb: both belong to the same layer l and the same neuron j."
PREDICTION_MISTAKES = [
    Mistake("the true change C(b + Δb) − C(b), not the tangent's prediction", true_change,
            "The exercise asks for the linear prediction Σ_l Σ_j δ^l_j Δb^l_j, which BP3 gives without running "
            "the network again; the true change differs from it by the second-order gap.",
            "Your numbers are close to the prediction but not equal to it: did you run the network again?"),
    Mistake("a reversed sign", lambda net, x, y, db: -prediction_reference(net, x, y, db),
            "ΔC ≈ + δ^l_j Δb^l_j: a nudge along the sign of δ^l_j raises the cost (it is gradient descent that "
            "moves against it).", "Look at the sign of your result."),
    Mistake("only the output layer's term", lambda net, x, y, db: float(np.sum(net.errors(x, y).delta(net.L)
                                                                              * db[net.L])),
            "Every bias of every layer is nudged at once: add the terms δ^l_j Δb^l_j of every layer l = 2, …, L, "
            "not only l = L.", "Are all the layers in your sum?"),
    Mistake("the activations a^l in place of δ^l",
            lambda net, x, y, db: float(sum(np.sum(net.forward(x).a(l) * db[l]) for l in db)),
            "∂C/∂b^l_j = δ^l_j (BP3): a bias enters only z^l_j, with coefficient 1. a^l belongs to BP4's weights.",
            _LAYER_LOOK),
    Mistake("the δ of the next layer", lambda net, x, y, db: float(sum(
                np.sum(net.errors(x, y).delta(min(l + 1, net.L)) * db[l]) for l in db)),
            "The bias b^l_j enters z^l_j, so its slope is δ^l_j of the same layer l, not δ^{l+1}.", _LAYER_LOOK),
    Mistake("the sizes |δ| |Δb|, without their signs", lambda net, x, y, db: float(sum(
                np.sum(np.abs(net.errors(x, y).delta(l) * db[l])) for l in db)),
            "Each term δ^l_j Δb^l_j keeps its sign: nudges along and against δ cancel in part.",
            "Look at the signs of your terms."),
]

PREDICTION = Exercise(
    "the tangent's prediction ΔC ≈ Σ_l Σ_j δ^l_j Δb^l_j", ("net", "x", "y", "db"), prediction_reference,
    _prediction_cases(), PREDICTION_MISTAKES,
    hint="errors = net.errors(x, y) gives δ^l as errors.delta(l), a column like b^l; multiply it entry by entry "
         "with db[l] and add everything up, over j and over the layers l in db.",
    success="ΔC ≈ Σ_l Σ_j δ^l_j Δb^l_j on every network: BP3 predicts the change of the cost without running "
            "the network again.", rtol=1e-9)


def check_bias_prediction(my_predicted_change) -> Result:
    r"""Check ``my_predicted_change(net, x, y, db)`` = Σ_l Σ_j δ^l_j Δb^l_j, one number.

    ``net`` is a sigmoid Network with the quadratic cost, ``x`` one input column, ``y`` its target,
    ``db`` a dict: layer l (2..L) → the nudge Δb^l of every bias of layer l, a column like b^l.
    """
    return PREDICTION.check(my_predicted_change)
