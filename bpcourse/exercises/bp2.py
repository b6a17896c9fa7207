r"""Checkers for notebook 04 (BP2): ``check_bp2`` and ``check_delta_product``."""

from __future__ import annotations

import numpy as np

from bpcourse import Network
from bpcourse.activations import sigmoid
from bpcourse.equations import bp2
from bpcourse.exercises._core import Mistake, Result, check_function

TRANSPOSE_HINT = ("W^{l+1} has shape (n_{l+1}, n_l): it maps layer l forward to layer l+1. To carry "
                  "δ^{l+1} (n_{l+1} rows) back to layer l, multiply by its transpose: W_next.T @ delta_next. "
                  "In components, δ^l_j = Σ_k w^{l+1}_kj δ^{l+1}_k σ'(z^l_j) sums over the FIRST index of w.")


def _bp2_cases() -> list[tuple]:
    """(W_next, delta_next, z_l) with varied shapes; a square W first, so a missing transpose
    gives wrong numbers there rather than an exception."""
    rng = np.random.default_rng(42)
    out = []
    for n_next, n_l, m in [(3, 3, 1), (2, 4, 1), (3, 5, 4), (4, 4, 3), (5, 2, 2)]:
        out.append((rng.standard_normal((n_next, n_l)), rng.standard_normal((n_next, m)),
                    rng.standard_normal((n_l, m))))
    return out


def _bp2_reference(W_next, delta_next, z_l):
    return bp2(W_next, delta_next, z_l, "sigmoid")


def _with_shape_hint(result: Result) -> Result:
    """If the student's code raised because a matrix product did not fit, point at the transpose."""
    text = result.message.lower()
    if not result.passed and result.mistake is None and "raised" in text and (
            "matmul" in text or "align" in text or "shape" in text or "broadcast" in text):
        result.mistake = "matrix shapes that do not fit (a missing transpose?)"
        result.hint = TRANSPOSE_HINT
    return result


def check_bp2(my_bp2) -> Result:
    r"""Check ``my_bp2(W_next, delta_next, z_l)`` = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l) with σ the sigmoid."""
    sp = sigmoid.prime
    mistakes = [
        Mistake("a missing transpose", lambda W, d, z: (W @ d) * sp(z), TRANSPOSE_HINT),
        Mistake("σ(z) in place of σ'(z)", lambda W, d, z: (W.T @ d) * sigmoid.fn(z),
                "You multiplied by σ(z^l), the activation. BP2 needs the derivative σ'(z^l) = σ(z^l)(1 − σ(z^l))."),
        Mistake("a forgotten σ'(z^l)", lambda W, d, z: W.T @ d,
                "(W^{l+1})^T δ^{l+1} is ∂C/∂a^l. To get δ^l = ∂C/∂z^l you still need the step from z^l to a^l: "
                "multiply elementwise by σ'(z^l)."),
        Mistake("σ'(z) written as z(1 − z)", lambda W, d, z: (W.T @ d) * z * (1 - z),
                "z(1 − z) is σ'(z) only when written with a = σ(z): σ'(z) = a(1 − a). Compute a = σ(z^l) first."),
        Mistake("σ'(z^l) multiplied in before the sum over k", lambda W, d, z: W.T @ (d * sp(z)),
                "In δ^l_j = Σ_k w^{l+1}_kj δ^{l+1}_k σ'(z^l_j), the factor σ'(z^l_j) carries the index j of layer l, "
                "not k: apply it AFTER the product, ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)."),
    ]
    result = check_function("BP2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)", my_bp2, _bp2_reference,
                            _bp2_cases(), mistakes)
    return _with_shape_hint(result)


# -- the product form δ^l = D^l (W^{l+1})^T D^{l+1} ... (W^L)^T D^L (a^L − y) -----------------------

def _product(net, x, y, l, *, D_of=None, transpose=True, lead=True, last=True, sign=1.0):
    """δ^l by the unrolled product, with switches that reproduce the usual slips."""
    zs, acts = net.forward(x)
    L = net.L
    D_of = D_of or (lambda k: k)

    def D(k):
        return np.diag(sigmoid.prime(zs[D_of(k) - 2][:, 0]))

    v = sign * (acts[-1] - y)
    if last:
        v = D(L) @ v
    for k in range(L, l, -1):                         # k = L, ..., l+1: multiply by (W^k)^T then D^{k-1}
        W = net.W(k)
        v = (W.T if transpose else W) @ v
        if k - 1 > l or lead:
            v = D(k - 1) @ v
    return v


def _product_cases() -> list[tuple]:
    """(net, x, y, l): an equal-width network first, so slips that only mix up layers show up as
    wrong numbers, then networks of varied widths."""
    out = []
    for seed, (sizes, l) in enumerate([([3, 3, 3, 3], 2), ([2, 4, 3, 2], 2), ([3, 5, 4, 2], 3),
                                       ([2, 3, 3, 3, 2], 2), ([2, 3, 2], 3)]):
        net = Network(sizes, activation="sigmoid", cost="quadratic", seed=100 + seed)
        rng = np.random.default_rng(200 + seed)
        out.append((net, rng.standard_normal((sizes[0], 1)), rng.uniform(0, 1, (sizes[-1], 1)), l))
    return out


def _product_reference(net, x, y, l):
    return net.errors(x, y)[2][l - 2]


def check_delta_product(my_delta_product) -> Result:
    r"""Check ``my_delta_product(net, x, y, l)`` = D^l (W^{l+1})^T D^{l+1} ⋯ (W^L)^T D^L (a^L − y).

    ``net`` is a sigmoid Network with the quadratic cost, ``x`` one input column, ``y`` its
    target, ``l`` a layer from 2 to L; the answer is δ^l, shape (n_l, 1).
    """
    mistakes = [
        Mistake("D^[L] in place of D^[l]", lambda n, x, y, l: _product(n, x, y, l, D_of=lambda k: n.L),
                "Each factor D^[k] = diag(σ'(z^k)) belongs to its own layer k: the product reads "
                "D^l (W^{l+1})^T D^{l+1} … (W^L)^T D^L. Writing D^[L] everywhere is a known slip in one source."),
        Mistake("a missing transpose", lambda n, x, y, l: _product(n, x, y, l, transpose=False), TRANSPOSE_HINT),
        Mistake("a forgotten leading D^l", lambda n, x, y, l: _product(n, x, y, l, lead=False),
                "The product starts with D^l = diag(σ'(z^l)): δ^l = ∂C/∂z^l, so the last step goes from a^l to z^l."),
        Mistake("a forgotten D^L next to (a^L − y)", lambda n, x, y, l: _product(n, x, y, l, last=False),
                "δ^L = D^L (a^L − y) (BP1 for the quadratic cost): the rightmost factor is D^L."),
        Mistake("the D of the next layer", lambda n, x, y, l: _product(n, x, y, l, D_of=lambda k: min(k + 1, n.L)),
                "Use σ' of z^k in D^k: the D right after (W^{k+1})^T is D^k, built from z^k, not z^{k+1}."),
        Mistake("a sign error, y − a^L", lambda n, x, y, l: _product(n, x, y, l, sign=-1.0),
                "For C = ½‖a^L − y‖², ∇_a C = a^L − y (not y − a^L)."),
    ]
    result = check_function("δ^l as the product D^l (W^{l+1})^T ⋯ (W^L)^T D^L (a^L − y)", my_delta_product,
                            _product_reference, _product_cases(), mistakes)
    return _with_shape_hint(result)
