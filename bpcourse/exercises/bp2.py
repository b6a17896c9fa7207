r"""Checkers for notebook 04 (BP2): ``check_bp2`` and ``check_delta_product``."""

from __future__ import annotations

import numpy as np

from bpcourse import equations
from bpcourse.activations import sigmoid
from bpcourse.equations import bp2
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result
from bpcourse.network import Network

sp = sigmoid.prime
TRANSPOSE_HINT = ("W^{l+1} has shape (n_{l+1}, n_l): it maps layer l forward to layer l+1. To carry "
                  "δ^{l+1} (n_{l+1} rows) back to layer l, multiply by its transpose: W_next.T @ delta_next. "
                  "In components, δ^l_j = Σ_k w^{l+1}_kj δ^{l+1}_k σ'(z^l_j) sums over the FIRST index of w.")
_TRANSPOSE_LOOK = "Look at the matrix product: which index of w^{l+1}_kj does BP2 sum over?"
_SP_LOOK = "Look at the derivative factor: which function, evaluated where, multiplies (W^{l+1})^T δ^{l+1}?"


def _bp2_cases() -> list[Case]:
    """(W_next, delta_next, z_l): square W first (so a missing transpose gives wrong numbers there
    rather than an exception), then varied shapes, then a batch with saturated neurons."""
    rng = np.random.default_rng(42)
    out = []
    for n_next, n_l, m in [(3, 3, 1), (2, 4, 1), (3, 5, 4), (4, 4, 3), (5, 2, 2), (3, 4, 4)]:
        label = f"W^(l+1) of shape ({n_next}, {n_l}), m = {m}"
        out.append(Case((rng.standard_normal((n_next, n_l)), rng.standard_normal((n_next, m)),
                         rng.standard_normal((n_l, m))), label, m=m))
    z = rng.standard_normal((4, 5))
    z[0, :2], z[2, 3] = (40.0, -35.0), 30.0
    out.append(Case((rng.standard_normal((3, 4)), rng.standard_normal((3, 5)), z),
                    "W^(l+1) of shape (3, 4), m = 5, some neurons saturated (|z| up to 40)", m=5))
    return out


def _bp2_reference(W_next, delta_next, z_l):
    return bp2(W_next, delta_next, z_l, "sigmoid")


BP2_MISTAKES = [
    Mistake("a missing transpose", lambda W, d, z: (W @ d) * sp(z), TRANSPOSE_HINT, _TRANSPOSE_LOOK),
    Mistake("a forgotten σ'(z^l) (a missing σ')", lambda W, d, z: W.T @ d,
            "(W^{l+1})^T δ^{l+1} is ∂C/∂a^l. To get δ^l = ∂C/∂z^l you still need the step from z^l to a^l: "
            "multiply elementwise by σ'(z^l).", "δ^l is ∂C/∂z^l: what links z^l to a^l?"),
    Mistake("σ'(a) in place of σ'(z) (the derivative taken at the activation)",
            lambda W, d, z: (W.T @ d) * sp(sigmoid.fn(z)),
            "σ' is evaluated at the weighted input z^l: σ'(z^l) = σ(z^l)(1 − σ(z^l)). You took σ' of σ(z^l), "
            "the derivative at the wrong point. With a = σ(z), σ'(z) = a(1 − a), not σ'(a).", _SP_LOOK),
    Mistake("σ(z) in place of σ'(z)", lambda W, d, z: (W.T @ d) * sigmoid.fn(z),
            "You multiplied by σ(z^l), the activation. BP2 needs the derivative σ'(z^l) = σ(z^l)(1 − σ(z^l)).",
            _SP_LOOK),
    Mistake("a reversed sign", lambda W, d, z: -(W.T @ d) * sp(z),
            "BP2 has no minus sign: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l). The signs of the errors come from "
            "δ^{l+1} alone.", "Look at the sign of your result."),
    Mistake("σ'(z) written as z(1 − z)", lambda W, d, z: (W.T @ d) * z * (1 - z),
            "z(1 − z) is σ'(z) only when written with a = σ(z): σ'(z) = a(1 − a). Compute a = σ(z^l) first.",
            _SP_LOOK),
    Mistake("σ'(z^l) multiplied in before the sum over k", lambda W, d, z: W.T @ (d * sp(z)),
            "In δ^l_j = Σ_k w^{l+1}_kj δ^{l+1}_k σ'(z^l_j), the factor σ'(z^l_j) carries the index j of layer l, "
            "not k: apply it AFTER the product, ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l).",
            "Look at the order: which index does σ'(z^l_j) carry?"),
]

BP2 = Exercise(
    "BP2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)", ("W_next", "delta_next", "z_l"), _bp2_reference,
    _bp2_cases(), BP2_MISTAKES,
    hint="Two steps: carry δ^{l+1} back with the transpose, W_next.T @ delta_next, shape (n_l, m); then "
         "multiply entry by entry by σ'(z^l) = σ(z^l)(1 − σ(z^l)).",
    success="δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l) on square and non-square layers, saturated neurons included.",
    shape_hint=TRANSPOSE_HINT,
    forbidden=[Forbidden(equations, "bp2", "bp2")])


def check_bp2(my_bp2) -> Result:
    r"""Check ``my_bp2(W_next, delta_next, z_l)`` = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l) with σ the sigmoid."""
    return BP2.check(my_bp2)


# -- the product form δ^[l] = D^[l] (W^{l+1})^T D^[l+1] ... (W^L)^T D^[L] (a^L − y) ----------------------
# The answer is the matrix P^l = D^[l] (W^{l+1})^T ⋯ (W^L)^T D^[L], shape (n_l, n_L), the product itself: a
# Hadamard loop on the column a^L − y (BP2 again) does not give it, and δ^l = P^l (a^L − y) follows.

def _product(net, x, l, *, D_of=None, transpose=True, lead=True, last=True, prime=None):
    """P^l, the unrolled product of the D^[k] and (W^k)^T, with switches that reproduce the usual slips."""
    cache = net.forward(x)
    L = net.L
    D_of = D_of or (lambda k: k)
    prime = prime or sp

    def D(k):
        return np.diag(prime(cache.z(D_of(k))[:, 0]))

    P = D(L) if last else np.eye(net.sizes[L - 1])
    for k in range(L, l, -1):                         # k = L, ..., l+1: multiply by (W^k)^T then D^[k-1]
        W = net.W(k)
        P = (W.T if transpose else W) @ P
        if k - 1 > l or lead:
            P = D(k - 1) @ P
    return P


def _product_cases() -> list[Case]:
    """(net, x, l): an equal-width network first, so slips that only mix up layers show up as
    wrong numbers, then networks of varied widths (and l = L, where the product is D^[L] alone)."""
    out = []
    for seed, (sizes, l) in enumerate([([3, 3, 3, 3], 2), ([2, 4, 3, 2], 2), ([3, 5, 4, 2], 3),
                                       ([2, 3, 3, 3, 2], 2), ([2, 3, 2], 3), ([3, 3, 3, 3], 3)]):
        net = Network(sizes, activation="sigmoid", cost="quadratic", seed=100 + seed)
        rng = np.random.default_rng(200 + seed)
        out.append(Case((net, rng.standard_normal((sizes[0], 1)), l), f"sizes {sizes}, l = {l}"))
    return out


def _product_reference(net, x, l):
    return _product(net, x, l)


_D_LOOK = "Look at the diagonal matrices: which layer's z builds each D, and is there one for every layer?"
PRODUCT_MISTAKES = [
    Mistake("D^[L] in place of D^[l]", lambda n, x, l: _product(n, x, l, D_of=lambda k: n.L),
            "Each factor D^[k] = diag(σ'(z^k)) belongs to its own layer k: the product reads "
            "D^[l] (W^{l+1})^T D^[l+1] … (W^L)^T D^[L]. Writing D^[L] everywhere is a known slip in one source.",
            _D_LOOK),
    Mistake("a missing transpose", lambda n, x, l: _product(n, x, l, transpose=False), TRANSPOSE_HINT,
            "Look at each weight matrix in the product: W^k or its transpose?"),
    Mistake("a forgotten leading D^[l]", lambda n, x, l: _product(n, x, l, lead=False),
            "The product starts with D^[l] = diag(σ'(z^l)): δ^l = ∂C/∂z^l, so the last step goes from a^l to z^l.",
            _D_LOOK),
    Mistake("a forgotten D^[L] at the right end", lambda n, x, l: _product(n, x, l, last=False),
            "δ^L = D^[L] (a^L − y) (BP1 for the quadratic cost): the rightmost factor is D^[L].", _D_LOOK),
    Mistake("the D of the next layer", lambda n, x, l: _product(n, x, l, D_of=lambda k: min(k + 1, n.L)),
            "Use σ' of z^k in D^[k]: the D right after (W^{k+1})^T is D^[k], built from z^k, not z^{k+1}.", _D_LOOK),
    Mistake("σ'(a) in place of σ'(z) in the D matrices",
            lambda n, x, l: _product(n, x, l, prime=lambda z: sp(sigmoid.fn(z))),
            "D^[k] = diag(σ'(z^k)), σ' evaluated at the weighted input z^k. You took σ' of the activation "
            "a^k = σ(z^k), the derivative at the wrong point: use sigmoid.prime(z), or a * (1 - a).",
            "Look at what you pass to σ' when you build each D."),
]

DELTA_PRODUCT = Exercise(
    "the product D^[l] (W^{l+1})^T ⋯ (W^L)^T D^[L], whose product with a^L − y is δ^l", ("net", "x", "l"),
    _product_reference, _product_cases(), PRODUCT_MISTAKES,
    hint="Work from the right: P = D^[L]; then for k = L, …, l+1, P = D^[k-1] (W^k)^T P. Each "
         "D^[k] = np.diag(σ'(z^k) as a 1-D vector), with z^k = net.forward(x).z(k). The result is a matrix of "
         "shape (n_l, n_L); leave a^L − y out.",
    success="the product of the D^[k] and (W^k)^T is right on every network and layer; applied to a^L − y it "
            "gives δ^l.",
    shape_hint=TRANSPOSE_HINT + " The answer is the matrix, of shape (n_l, n_L). Each D^[k] is square, "
               "(n_k, n_k): np.diag needs a 1-D vector (z[:, 0]); given a column (n_k, 1) it returns the "
               "diagonal of that column instead.",
    forbidden=[Forbidden(Network, "errors", "Network.errors"), Forbidden(Network, "backprop", "Network.backprop"),
               Forbidden(Network, "gradients", "Network.gradients"), Forbidden(equations, "bp2", "bp2")])


def check_delta_product(my_delta_product) -> Result:
    r"""Check ``my_delta_product(net, x, l)`` = D^[l] (W^{l+1})^T D^[l+1] ⋯ (W^L)^T D^[L], shape (n_l, n_L).

    ``net`` is a sigmoid Network with the quadratic cost, ``x`` one input column, ``l`` a layer
    from 2 to L. The answer is the matrix (the product without a^L − y); δ^l is that matrix
    times a^L − y.
    """
    return DELTA_PRODUCT.check(my_delta_product)
