r"""Checkers for notebook 06 (BP4): the weight gradient δ^l (a^{l-1})^T, averaged over a batch."""

from __future__ import annotations

import numpy as np

from bpcourse import equations
from bpcourse.equations import bp4
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result
from bpcourse.network import Network

_SHAPE_LOOK = "Look at the order of the product: ∂C/∂W^l has the shape of W^l, (n_l, n_{l-1})."
_MEAN_LOOK = "C is the mean of the per-example costs: what does that make of the gradient?"


def _bp4_cases(seed: int = 6) -> list[Case]:
    """(delta_l, a_prev) pairs: batches of m ≥ 2 first (so summing ≠ averaging), square and non-square shapes."""
    rng = np.random.default_rng(seed)
    cases = []
    for n_l, n_prev, m in [(3, 4, 5), (2, 5, 3), (4, 2, 7), (3, 3, 4), (1, 3, 2), (4, 6, 1), (3, 3, 3)]:
        cases.append(Case((rng.normal(0.0, 0.2, (n_l, m)), rng.uniform(0.0, 1.0, (n_prev, m))),
                          f"n_l = {n_l}, n_(l-1) = {n_prev}, m = {m}", m=m))
    return cases


BP4_MISTAKES = [
    Mistake("the transposed product a^{l-1} (δ^l)^T", lambda d, a: a @ d.T / d.shape[1],
            "∂C/∂W^l must have the shape of W^l, (n_l, n_{l-1}): row j belongs to neuron j of layer l. "
            "Put δ^l first: delta_l @ a_prev.T.", _SHAPE_LOOK),
    Mistake("summing over the batch instead of averaging", lambda d, a: d @ a.T,
            "The cost is the mean of the per-example costs, so its gradient is the mean too: "
            "divide δ^l (a^{l-1})^T by m, the number of columns.", _MEAN_LOOK),
    Mistake("using only the first example of the batch", lambda d, a: d[:, :1] @ a[:, :1].T,
            "Each column is one example; the product delta_l @ a_prev.T sums over all of them at once. "
            "Then divide by m.", _MEAN_LOOK),
    Mistake("dividing by the number of rows instead of the number of examples",
            lambda d, a: d @ a.T / d.shape[0], "m is the number of columns (examples): delta_l.shape[1].",
            _MEAN_LOOK),
    Mistake("an entry-by-entry product in place of the outer product",
            lambda d, a: np.mean(d * a, axis=1, keepdims=True),
            "∂C/∂w^l_jk = δ^l_j a^{l-1}_k pairs EVERY j with EVERY k: that is the outer product "
            "delta_l @ a_prev.T (summed over the examples), not an entry-by-entry product.", _SHAPE_LOOK),
]

BP4 = Exercise(
    "my_bp4", ("delta_l", "a_prev"), lambda d, a: bp4(d, a), _bp4_cases(), BP4_MISTAKES,
    hint="∂C/∂w^l_jk = (1/m) Σ_x δ^l_j a^{l-1}_k: the matrix product delta_l @ a_prev.T, (n_l, m) @ (m, n_{l-1}), "
         "sums over the examples; divide by m = delta_l.shape[1].",
    success="∂C/∂W^l = (1/m) δ^l (a^{l−1})^T on every batch.",
    forbidden=[Forbidden(equations, "bp4", "bp4")])


def check_bp4(my_bp4) -> Result:
    r"""Check ``my_bp4(delta_l, a_prev)`` → ∂C/∂W^l = (1/m) δ^l (a^{l-1})^T, shape (n_l, n_{l-1})."""
    return BP4.check(my_bp4)


def _weight_gradient_cases(seed: int = 7) -> list[Case]:
    """(delta_l, activations, l) from real forward passes; a^l and a^{l-1} differ in size first."""
    rng = np.random.default_rng(seed)
    cases = []
    for sizes, l, m in [([2, 4, 3], 2, 4), ([3, 5, 2, 4], 3, 3), ([4, 3, 2], 3, 5), ([2, 3, 3, 2], 3, 2),
                        ([3, 2, 4], 2, 1), ([3, 3, 3, 3], 4, 3), ([2, 4, 4, 3], 3, 4)]:
        net = Network(sizes, seed=int(rng.integers(1 << 30)))
        X = rng.uniform(0.0, 1.0, (sizes[0], m))
        _, acts = net.forward(X)
        delta = rng.normal(0.0, 0.2, (sizes[l - 1], m))
        cases.append(Case((delta, acts, l), f"sizes {sizes}, l = {l}, m = {m}", m=m))
    return cases


def _reference_weight_gradient(delta_l, activations, l):
    """BP4 with a^{l-1} = activations[l - 2] (activations[0] is a^1, the input)."""
    return bp4(delta_l, activations[l - 2])


_PICK_LOOK = "Look at which entry of the list you take: activations[0] is a^1; where is a^{l−1}?"
WEIGHT_GRADIENT_MISTAKES = [
    Mistake("a^l in place of a^{l-1}", lambda d, acts, l: d @ acts[l - 1].T / d.shape[1],
            "w^l_jk joins neuron k of layer l−1 to neuron j of layer l, so BP4 uses the activation "
            "that feeds the weight: a^{l−1}. With activations[0] = a^1, that is activations[l - 2].", _PICK_LOOK),
    Mistake("a^{l-2} in place of a^{l-1} (one index too far back)",
            lambda d, acts, l: d @ acts[l - 3].T / d.shape[1],
            "activations[0] is a^1, so a^{l−1} is activations[l - 2], not activations[l - 3].", _PICK_LOOK),
    Mistake("the transposed product a^{l-1} (δ^l)^T", lambda d, acts, l: acts[l - 2] @ d.T / d.shape[1],
            "∂C/∂W^l has the shape of W^l, (n_l, n_{l-1}): delta_l @ a_prev.T.", _SHAPE_LOOK),
    Mistake("summing over the batch instead of averaging", lambda d, acts, l: d @ acts[l - 2].T,
            "The cost is a mean over the batch: divide by m = delta_l.shape[1].", _MEAN_LOOK),
    Mistake("the input a^1 in every layer", lambda d, acts, l: d @ acts[0].T / d.shape[1],
            "activations[0] is the input a^1; layer l needs the activation that feeds W^l, a^{l−1} = "
            "activations[l - 2].", _PICK_LOOK),
]

WEIGHT_GRADIENT = Exercise(
    "my_weight_gradient", ("delta_l", "activations", "l"), _reference_weight_gradient, _weight_gradient_cases(),
    WEIGHT_GRADIENT_MISTAKES,
    hint="BP4 needs a^{l−1}, the activation that feeds W^l. The list starts at a^1 (activations[0]) and "
         "numpy counts from 0; then (1/m) δ^l (a^{l−1})^T as in exercise 1.",
    success="you picked a^{l−1} = activations[l − 2] and averaged δ^l (a^{l−1})^T.",
    forbidden=[Forbidden(equations, "bp4", "bp4"), Forbidden(Network, "backprop", "Network.backprop"),
               Forbidden(Network, "gradients", "Network.gradients")])


def check_weight_gradient(my_weight_gradient) -> Result:
    r"""Check ``my_weight_gradient(delta_l, activations, l)`` → ∂C/∂W^l, picking a^{l-1} from the cache.

    ``activations`` is the list from ``net.forward(X)``: ``activations[0]`` is a^1 = X, so a^{l-1}
    is ``activations[l - 2]``.
    """
    return WEIGHT_GRADIENT.check(my_weight_gradient)
