r"""Notebook 10, "find the slip": nine case files, each a derivation with one planted slip.

Each case file is a :class:`CaseFile`: a claim written as a small function (``claim``,
the code that follows the slipped derivation), the reference it should equal (``fix``),
the derivation's lines (a), (b), (c), … of which exactly one holds the slip, and a small
network on which the claim is checked against finite differences.

The slip in each case is the kind found in published derivations of backpropagation:

====  ======================================================================
case  the piece of backprop it replaces
====  ======================================================================
1     the output error δ^L (quadratic cost)
2     the output error δ^L, derived as a sum over paths
3     the hidden error δ^l (BP2), indices of w^{l+1}
4     the hidden error δ^l (BP2), derived as a sum over paths
5     the hidden error δ^l in the diagonal-matrix form D^l = diag σ'(z^l)
6     the weight gradient ∂C/∂W^l (BP4), translated from the UFLDL notation
7     the output error δ^L with the cross-entropy cost
8     the weight gradient over a mini-batch of m examples
9     the gradient-descent step p → p − η∇C
====  ======================================================================

(The table says *where* each slip lives, not *what* it is; the checkers say that, after a
correct answer.)

Tools
-----
:func:`case_network` gives each case's network and batch; :func:`gradient_with` runs backprop
with the case's piece replaced by a function of yours and returns ``(grad_W, grad_b)``;
:func:`error_table` compares that with :func:`bpcourse.gradcheck.numerical_gradient` block by
block. :func:`check_slip` checks which line you picked, :func:`check_fix` checks your
corrected function. Neither ever raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from bpcourse import activations
from bpcourse.equations import bp2, bp4
from bpcourse.exercises._core import Mistake, Result, check_function
from bpcourse.gradcheck import numerical_gradient, relative_error
from bpcourse.network import Network

Array = np.ndarray
sigma = activations.sigmoid.fn
sigma_prime = activations.sigmoid.prime

#: The size of every case's network. All layers have four neurons, so every W^l is square and
#: every slip below runs without a shape error: the only way to catch it is with numbers.
SIZES = (4, 4, 4, 4)
#: The number of examples in each case's batch (more than one, so averaging matters).
BATCH = 5
#: The step size η used by case 9.
ETA = 0.5


# ---------------------------------------------------------------------------------------------
# The claims (code that follows each slipped derivation) and the references.
# ---------------------------------------------------------------------------------------------

def claim_1(a_L, y, z_L):
    """Case 1 as claimed: δ^L = (y − a^L) ⊙ σ'(z^L)."""
    return (y - a_L) * sigma_prime(z_L)


def claim_2(a_L, y, z_L):
    """Case 2 as claimed: δ^L_j = σ'(z^L_j) Σ_k (a^L_k − y_k)."""
    return np.sum(a_L - y, axis=0, keepdims=True) * sigma_prime(z_L)


def claim_3(W_next, delta_next, z_l):
    """Case 3 as claimed: δ^l = (W^{l+1} δ^{l+1}) ⊙ σ'(z^l)."""
    return (W_next @ delta_next) * sigma_prime(z_l)


def claim_4(W_next, delta_next, z_l):
    """Case 4 as claimed: δ^l_j = w^{l+1}_{jj} δ^{l+1}_j σ'(z^l_j)."""
    return np.diag(W_next)[:, None] * delta_next * sigma_prime(z_l)


def claim_5(W_next, delta_next, z_l, z_L):
    """Case 5 as claimed: δ^l = D^L (W^{l+1})^T δ^{l+1}, with D^L = diag σ'(z^L)."""
    return sigma_prime(z_L) * (W_next.T @ delta_next)


def claim_6(delta_l, a_prev, a_l):
    """Case 6 as claimed: ∂C/∂W^l = (1/m) δ^l (a^l)^T."""
    return delta_l @ a_l.T / delta_l.shape[1]


def claim_7(a_L, y, z_L):
    """Case 7 as claimed (cross-entropy cost): δ^L = (a^L − y) ⊙ σ'(z^L)."""
    return (a_L - y) * sigma_prime(z_L)


def claim_8(delta_l, a_prev):
    """Case 8 as claimed: ∂C/∂W^l = Δ^l (A^{l−1})^T over a batch of m columns."""
    return delta_l @ a_prev.T


def claim_9(p, grad, eta):
    """Case 9 as claimed: the gradient-descent step p → p + η ∇C."""
    return p + eta * grad


def _output_error_quadratic(a_L, y, z_L):
    """δ^L = (a^L − y) ⊙ σ'(z^L)."""
    return (a_L - y) * sigma_prime(z_L)


def _output_error_cross_entropy(a_L, y, z_L):
    """δ^L = a^L − y (σ' cancels)."""
    return a_L - y


def _hidden_error(W_next, delta_next, z_l):
    """δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)."""
    return (W_next.T @ delta_next) * sigma_prime(z_l)


def _hidden_error_D(W_next, delta_next, z_l, z_L):
    """δ^l = D^l (W^{l+1})^T δ^{l+1}; z^L is not needed."""
    return sigma_prime(z_l) * (W_next.T @ delta_next)


def _weight_gradient_6(delta_l, a_prev, a_l):
    """∂C/∂W^l = (1/m) δ^l (a^{l−1})^T."""
    return delta_l @ a_prev.T / delta_l.shape[1]


def _weight_gradient_8(delta_l, a_prev):
    """∂C/∂W^l = (1/m) Δ^l (A^{l−1})^T."""
    return delta_l @ a_prev.T / delta_l.shape[1]


def _step(p, grad, eta):
    """p → p − η ∇C."""
    return p - eta * grad


# ---------------------------------------------------------------------------------------------
# The case files.
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseFile:
    """One derivation with one planted slip.

    ``kind`` says which piece of backprop the claim replaces (it decides the arguments):
    ``"output_error"`` (a_L, y, z_L) → δ^L; ``"hidden_error"`` (W_next, delta_next, z_l) → δ^l;
    ``"hidden_error_D"`` (W_next, delta_next, z_l, z_L) → δ^l; ``"weight_gradient_6"``
    (delta_l, a_prev, a_l) → ∂C/∂W^l; ``"weight_gradient"`` (delta_l, a_prev) → ∂C/∂W^l;
    ``"step"`` (p, grad, eta) → the updated p.
    """

    number: int
    title: str
    kind: str
    claim: Callable
    fix: Callable
    cost: str
    lines: tuple                 # the letters of the derivation's lines, e.g. ("a", "b", "c", "d")
    slip_line: str               # the letter of the line that holds the slip
    line_hints: dict             # letter → feedback for a wrong pick (never names the answer)
    explanation: str             # shown after a correct pick or a correct fix
    mistakes: tuple = field(default_factory=tuple)   # (name, wrong_fn, hint) besides the claim itself
    claim_hint: str = ""         # feedback when the student hands back the claim unchanged


_LATER = "This line follows correctly from the lines before it: the slip is earlier."

CASES: dict[int, CaseFile] = {}


def _add(case: CaseFile) -> None:
    CASES[case.number] = case


_add(CaseFile(
    1, "The output error, quadratic cost", "output_error", claim_1, _output_error_quadratic, "quadratic",
    ("a", "b", "c", "d"), "c",
    {"a": "Line (a) is the chain rule with the single path z^L_j → a^L_j → C; it is right.",
     "b": "Line (b) is right: a^L_j = σ(z^L_j), so its derivative is σ'(z^L_j).",
     "d": _LATER},
    "Line (c) differentiates ½(y_j − a_j)² with respect to a_j and forgets the inner derivative "
    "∂(y_j − a_j)/∂a_j = −1. The result is (a_j − y_j), not (y_j − a_j). With the wrong sign every "
    "gradient points exactly the wrong way (relative error 1), and gradient descent climbs the cost.",
    mistakes=(("the slip without σ'", lambda a_L, y, z_L: y - a_L,
               "The sign is still the claim's, and σ'(z^L) is gone as well."),
              ("the sign fixed but σ' dropped", lambda a_L, y, z_L: a_L - y,
               "The sign is right now, but line (b) still holds: BP1 multiplies by σ'(z^L)."),),
    claim_hint="Redo line (c) slowly: what is the derivative of (y_j − a_j)² with respect to a_j?",
))

_add(CaseFile(
    2, "The output error as a sum over paths", "output_error", claim_2, _output_error_quadratic, "quadratic",
    ("a", "b", "c", "d"), "b",
    {"a": "Line (a) is the multivariable chain rule, summed over every output activation a^L_k; "
          "summing over all k is never wrong (terms that vanish simply vanish).",
     "c": _LATER,
     "d": "Line (d) is right: the derivative of ½ Σ_k (a_k − y_k)² with respect to a_k is a_k − y_k."},
    "Line (b) says ∂a^L_k/∂z^L_j = σ'(z^L_j) for every k. But a^L_k = σ(z^L_k) depends on z^L_j only "
    "when k = j; for k ≠ j the derivative is 0. The sum in (a) collapses to its k = j term, and "
    "δ^L_j = (a^L_j − y_j) σ'(z^L_j). Keeping every k mixes all the output errors into each neuron.",
    mistakes=(("the sum over k kept, without σ'", lambda a_L, y, z_L: np.sum(a_L - y, axis=0, keepdims=True)
               * np.ones_like(z_L), "Still summing over every output neuron k, and σ' is gone."),
              ("the sum collapsed but σ' dropped", lambda a_L, y, z_L: a_L - y,
               "The sum is gone, as it should be, but the surviving k = j term still carries σ'(z^L_j)."),),
    claim_hint="Your function still adds up the errors of every output neuron. Which terms of the sum in (a) "
               "really survive?",
))

_add(CaseFile(
    3, "The hidden error: which index goes first", "hidden_error", claim_3, _hidden_error, "quadratic",
    ("a", "b", "c", "d"), "c",
    {"a": "Line (a) is the chain rule through every weighted input z^{l+1}_k of the next layer; it is right.",
     "b": "Line (b) is right: it is z^{l+1} = W^{l+1} a^l + b^{l+1} written out for row k.",
     "d": _LATER},
    "Line (c) swaps the indices of the weight. In z^{l+1}_k = Σ_i w^{l+1}_{ki} σ(z^l_i) + b^{l+1}_k the "
    "term with i = j is w^{l+1}_{kj} σ(z^l_j), so ∂z^{l+1}_k/∂z^l_j = w^{l+1}_{kj} σ'(z^l_j). Summing "
    "w_{kj} δ_k over k is row j of (W^{l+1})^T δ^{l+1}: BP2 needs the transpose. With square weight "
    "matrices the slip runs without a shape error, which is how it survives.",
    mistakes=(("the transpose fixed but σ'(z^l) dropped", lambda W_next, delta_next, z_l: W_next.T @ delta_next,
               "The transpose is right now; the factor σ'(z^l_j) from line (c) is missing."),
              ("σ(z) in place of σ'(z)", lambda W_next, delta_next, z_l: (W_next.T @ delta_next) * sigma(z_l),
               "The transpose is right now, but you multiply by σ(z^l), not its derivative σ'(z^l).")),
    claim_hint="This is the claim as it stands. Look at which index of w^{l+1} runs over the sum.",
))

_add(CaseFile(
    4, "The hidden error: one path or all of them", "hidden_error", claim_4, _hidden_error, "quadratic",
    ("a", "b", "c", "d"), "c",
    {"a": "Line (a) is right: z^l_j reaches the cost only through a^l_j = σ(z^l_j).",
     "b": "Line (b) is a true statement about one of the weighted inputs of layer l+1.",
     "d": _LATER},
    "Line (c) keeps a single path, through z^{l+1}_j. But a^l_j feeds every neuron of layer l+1: "
    "z^{l+1}_k = Σ_i w^{l+1}_{ki} a^l_i + b^{l+1}_k contains a^l_j for every k. The chain rule must "
    "sum over all of them: δ^l_j = Σ_k δ^{l+1}_k w^{l+1}_{kj} σ'(z^l_j), which is BP2.",
    mistakes=(("a sum over k without the transpose", claim_3,
               "You sum over all paths now, but with w_{jk} where the path from neuron j of layer l to "
               "neuron k of layer l+1 has weight w^{l+1}_{kj}: a transpose is missing."),),
    claim_hint="Your function still uses only the diagonal weights w^{l+1}_{jj}. How many neurons of "
               "layer l+1 does a^l_j feed?",
))

_add(CaseFile(
    5, "The hidden error with diagonal matrices", "hidden_error_D", claim_5, _hidden_error_D, "quadratic",
    ("a", "b", "c", "d"), "c",
    {"a": "Line (a) is right: multiplying by a diagonal matrix scales each entry, which is the ⊙ product.",
     "b": "Line (b) is right: it is BP1 for the quadratic cost, δ^L = (a^L − y) ⊙ σ'(z^L).",
     "d": "Line (d) is BP3 and BP4, which are right; and the bias and weight gradients of layer L "
          "(which use only line (b)) pass the check."},
    "Line (c) uses D^L where D^l is meant. The factor comes from a^l_j = σ(z^l_j), the layer whose "
    "error we are computing, so it is σ'(z^l), not σ'(z^L): δ^l = D^l (W^{l+1})^T δ^{l+1}. Unrolled, "
    "δ^l = D^l (W^{l+1})^T D^{l+1} ⋯ (W^L)^T D^L (a^L − y), one D per layer. With layers of different "
    "widths D^L would not even fit; square layers let the slip run.",
    mistakes=(("the diagonal matrix dropped", lambda W_next, delta_next, z_l, z_L: W_next.T @ delta_next,
               "The product now has no diagonal matrix at all; one is needed, from the right layer."),),
    claim_hint="This still multiplies by σ'(z^L). Which layer's σ is between z^l and the next layer?",
))

_add(CaseFile(
    6, "The weight gradient, translated from the UFLDL notation", "weight_gradient_6", claim_6,
    _weight_gradient_6, "quadratic",
    ("a", "b", "c", "d"), "d",
    {"a": "Line (a) is the course's forward pass; it is right.",
     "b": "Line (b) is the UFLDL result, correct in its own notation.",
     "c": "Line (c) is the right dictionary: UFLDL numbers a weight matrix by the layer it leaves, "
          "we number it by the layer it enters; activations and errors carry the same numbers in both."},
    "Line (d) renames l+1 → l in W and δ but not in a. From (c), ∂C/∂W^{l+1} = δ^{l+1} (a^l)^T is "
    "right; a consistent rename lowers every layer number by one, a^l included: ∂C/∂W^l = δ^l (a^{l−1})^T. "
    "The activation in BP4 is the one that goes *into* the weights W^l, which is a^{l−1}, never a^l.",
    mistakes=(("the indices of the product swapped", lambda delta_l, a_prev, a_l: a_prev @ delta_l.T
               / delta_l.shape[1],
               "You computed a^{l−1} (δ^l)^T, whose entry (j, k) is a_j δ_k. BP4's entry (j, k) is δ^l_j a^{l−1}_k."),),
    claim_hint="This still multiplies δ^l by a^l. Which activations are multiplied by W^l in the forward pass?",
))

_add(CaseFile(
    7, "The output error with the cross-entropy cost", "output_error", claim_7, _output_error_cross_entropy,
    "cross_entropy",
    ("a", "b", "c", "d"), "d",
    {"a": "Line (a) is the cross-entropy cost of one example; it is right.",
     "b": "Line (b) is right: differentiate each term, −y/a + (1 − y)/(1 − a), and put it over a(1 − a).",
     "c": "Line (c) is right: for the sigmoid, σ'(z) = σ(z)(1 − σ(z)) = a(1 − a)."},
    "Line (d) uses σ' twice. BP1 multiplies ∇_a C by σ'(z^L) once; line (c) shows ∇_a C already carries "
    "1/σ'(z^L), and the cancellation is what BP1's σ' does. So δ^L = a^L − y, with no σ' left. The extra "
    "σ' brings back the slow learning of saturated neurons that cross-entropy was chosen to cure.",
    mistakes=(("∇_a C without BP1's σ'", lambda a_L, y, z_L: (a_L - y) / (a_L * (1 - a_L)),
               "This is ∇_a C alone: BP1 still multiplies it by σ'(z^L) once."),),
    claim_hint="This still multiplies by σ'(z^L). How many factors σ' does BP1 apply, and where did line (c) "
               "use one up?",
))

_add(CaseFile(
    8, "The weight gradient over a mini-batch", "weight_gradient", claim_8, _weight_gradient_8, "quadratic",
    ("a", "b", "c", "d"), "d",
    {"a": "Line (a) is the cost the network reports: a mean over the batch. It is right.",
     "b": "Line (b) is right: the derivative of a mean is the mean of the derivatives.",
     "c": "Line (c) is BP4 for one example; it is right."},
    "Line (d) loses the 1/m of line (b). Δ^l (A^{l−1})^T = Σ_x δ^{x,l} (a^{x,l−1})^T is the *sum* over "
    "the batch; the gradient of the mean cost is that sum divided by m. The claimed gradient is exactly m "
    "times too large, so its direction is right and its size is not: η is silently multiplied by m.",
    mistakes=(("a mean over the wrong axis", lambda delta_l, a_prev: delta_l @ a_prev.T / delta_l.shape[0],
               "You divide by the number of rows (neurons), not the number of columns (examples)."),),
    claim_hint="This is still the sum over the batch. Compare with line (b).",
))

_add(CaseFile(
    9, "The direction of steepest descent", "step", claim_9, _step, "quadratic",
    ("a", "b", "c", "d"), "c",
    {"a": "Line (a) is the first-order Taylor expansion of C; it is right.",
     "b": "Line (b) is the Cauchy–Schwarz inequality and its equality case; it is right.",
     "d": _LATER},
    "Line (c) reads the equality case of Cauchy–Schwarz the wrong way round. ∇C · Δp = +‖∇C‖‖Δp‖ when "
    "Δp points along ∇C: that is the fastest *increase*. The fastest decrease, −‖∇C‖‖Δp‖, needs Δp "
    "along −∇C, so the step is p → p − η∇C. The claimed step climbs the cost.",
    mistakes=(("a step of the wrong size", lambda p, grad, eta: p - grad,
               "The direction is right now, but the step must be scaled by η."),),
    claim_hint="This step still moves along +∇C. What does ΔC ≈ ∇C · Δp say about the sign of ΔC?",
))


# ---------------------------------------------------------------------------------------------
# Running a case: the network, backprop with one piece replaced, and the comparison.
# ---------------------------------------------------------------------------------------------

def _case(case) -> CaseFile:
    if isinstance(case, bool) or not isinstance(case, (int, np.integer)) or int(case) not in CASES:
        raise ValueError(f"case must be one of {sorted(CASES)}, got {case!r}")
    return CASES[int(case)]


def case_network(case, seed: int = 0):
    """The network and batch a case file is checked on: ``(net, X, Y)``.

    Sizes :data:`SIZES` (every W^l square), sigmoid everywhere, the case's cost, a batch of
    :data:`BATCH` examples; targets are one-hot for the quadratic cost and in (0, 1) for
    cross-entropy.
    """
    c = _case(case)
    rng = np.random.default_rng(1000 + 17 * c.number + seed)
    net = Network(list(SIZES), activation="sigmoid", cost=c.cost, seed=int(rng.integers(1 << 30)))
    X = rng.uniform(0, 1, size=(SIZES[0], BATCH))
    if c.cost == "cross_entropy":
        Y = rng.uniform(0.05, 0.95, size=(SIZES[-1], BATCH))
    else:
        Y = np.eye(SIZES[-1])[:, rng.integers(SIZES[-1], size=BATCH)]
    return net, X, Y


def gradient_with(case, fn, net, X, Y):
    """Backprop on ``net`` with the piece of case ``case`` replaced by ``fn``.

    Everything else is the package's BP1–BP4. Returns ``(grad_W, grad_b)``, lists shaped like
    ``net.weights`` and ``net.biases``, ready to compare with
    :func:`bpcourse.gradcheck.numerical_gradient`. For case 9 (a step rule, not a gradient) it
    returns the gradient the step implies: ``(p − step(p, ∇C, η)) / η`` for every parameter.
    """
    c = _case(case)
    zs, acts = net.forward(X)
    L = net.L
    if c.kind == "output_error":
        delta = fn(acts[-1], Y, zs[-1])
    else:
        delta = net.output_error(acts[-1], Y, zs[-1])
    grad_W, grad_b = [None] * (L - 1), [None] * (L - 1)
    for l in range(L, 1, -1):
        i = l - 2                                          # list index of W^l, b^l, z^l; acts[i] is a^{l-1}
        grad_b[i] = delta.mean(axis=1, keepdims=True)      # BP3
        if c.kind == "weight_gradient_6":
            grad_W[i] = fn(delta, acts[i], acts[i + 1])
        elif c.kind == "weight_gradient":
            grad_W[i] = fn(delta, acts[i])
        else:
            grad_W[i] = bp4(delta, acts[i], check=False)   # BP4
        if l > 2:
            W_l = net.W(l)
            if c.kind == "hidden_error":
                delta = fn(W_l, delta, zs[i - 1])
            elif c.kind == "hidden_error_D":
                delta = fn(W_l, delta, zs[i - 1], zs[-1])
            else:
                delta = bp2(W_l, delta, zs[i - 1], net.sigma(l - 1), check=False)  # BP2
    if c.kind == "step":
        grad_W = [(W - fn(W, g, ETA)) / ETA for W, g in zip(net.weights, grad_W)]
        grad_b = [(b - fn(b, g, ETA)) / ETA for b, g in zip(net.biases, grad_b)]
    return grad_W, grad_b


def block_names(net) -> list[str]:
    """Names of the parameter blocks in the order of :func:`error_table`: W^2, b^2, W^3, …"""
    return [f"{p}^{l}" for l in range(2, net.L + 1) for p in ("W", "b")]


def error_table(grad_W, grad_b, num_W, num_b) -> dict:
    """Relative error of each block, ``{"W^2": …, "b^2": …, …}``, claimed vs numerical."""
    out = {}
    for i, (gW, gb, nW, nb) in enumerate(zip(grad_W, grad_b, num_W, num_b)):
        out[f"W^{i + 2}"] = relative_error(gW, nW)
        out[f"b^{i + 2}"] = relative_error(gb, nb)
    return out


def case_errors(case, fn=None, eps: float = 1e-6) -> dict:
    """The relative error of every block for case ``case`` with ``fn`` (default: the claim)."""
    c = _case(case)
    net, X, Y = case_network(case)
    gW, gb = gradient_with(case, c.claim if fn is None else fn, net, X, Y)
    nW, nb = numerical_gradient(net, X, Y, eps=eps)
    return error_table(gW, gb, nW, nb)


# ---------------------------------------------------------------------------------------------
# Checkers.
# ---------------------------------------------------------------------------------------------

def _normalise_pick(answer):
    if isinstance(answer, str):
        s = answer.strip().strip("()[] .").lower()
        return s if s else None
    return None


def check_slip(case, answer) -> Result:
    """Check which line of case ``case``'s derivation you picked as the slip (a letter such as "b").

    A wrong pick gets feedback on that line without naming the right one; a right pick gets the
    explanation of the slip. Never raises.
    """
    try:
        c = _case(case)
    except ValueError as exc:
        return Result(False, "find the slip", str(exc), hint="Pass the case number first, then your letter.")
    name = f"case {c.number}: which line holds the slip"
    if answer is None:
        return Result(False, name, "not answered yet.",
                      hint=f"Set your pick to one of the letters {', '.join(c.lines)}, e.g. \"{c.lines[0]}\".")
    pick = _normalise_pick(answer)
    if pick not in c.lines:
        return Result(False, name, f"{answer!r} is not one of the lines {', '.join(c.lines)}.",
                      hint="Answer with the letter of a line, as a string, e.g. \"b\".")
    if pick == c.slip_line:
        return Result(True, name, f"yes, the slip is in line ({pick}).", hint=c.explanation)
    return Result(False, name, f"line ({pick}) is not where the slip is.", hint=c.line_hints.get(pick, ""),
                  mistake=f"picked line ({pick})")


def _random_args(c: CaseFile, rng, shape: tuple) -> tuple:
    """Random arguments for case ``c``'s piece; ``shape`` = (n_prev, n, n_next, m)."""
    n_prev, n, n_next, m = shape
    if c.kind == "output_error":
        z_L = rng.normal(0, 1.5, size=(n, m))
        a_L = sigma(z_L)
        y = rng.uniform(0.05, 0.95, size=(n, m)) if c.cost == "cross_entropy" else \
            np.eye(n)[:, rng.integers(n, size=m)]
        return (a_L, y, z_L)
    if c.kind in ("hidden_error", "hidden_error_D"):
        args = (rng.normal(size=(n_next, n)), rng.normal(size=(n_next, m)), rng.normal(size=(n, m)))
        if c.kind == "hidden_error_D":
            n_L = n if n_prev == n else n_next
            args += (rng.normal(size=(n_L, m)),)
        return args
    if c.kind == "weight_gradient_6":
        return (rng.normal(size=(n, m)), rng.uniform(size=(n_prev, m)), rng.uniform(size=(n, m)))
    if c.kind == "weight_gradient":
        return (rng.normal(size=(n, m)), rng.uniform(size=(n_prev, m)))
    return (rng.normal(size=(n, n_prev)), rng.normal(size=(n, n_prev)), float(rng.uniform(0.05, 1.0)))


#: Shapes (n_{l-1}, n_l, n_{l+1}, m) of the checkers' random cases: square ones first (so a
#: slip that relies on square matrices still runs and is recognised), then general ones.
_SHAPES = ((4, 4, 4, 5), (3, 3, 3, 1), (3, 5, 2, 4), (6, 2, 3, 7))


def _cases_for(c: CaseFile, seed: int = 0) -> list[tuple]:
    rng = np.random.default_rng(seed + 100 * c.number)
    return [_random_args(c, rng, s) for s in _SHAPES]


def check_fix(case, fn) -> Result:
    """Check your corrected function for case ``case`` against the reference, on random inputs.

    Handing back the claim unchanged, or another known wrong fix, gets a hint on what is still
    wrong; a correct fix gets the explanation of the slip. Never raises.
    """
    try:
        c = _case(case)
    except ValueError as exc:
        return Result(False, "fix the slip", str(exc), hint="Pass the case number first, then your function.")
    mistakes = [Mistake("the claim unchanged (the slip is still there)", c.claim, c.claim_hint)]
    mistakes += [Mistake(name, wrong, hint) for name, wrong, hint in c.mistakes]
    result = check_function(f"case {c.number}: the corrected function", fn, c.fix, _cases_for(c), mistakes,
                            success="correct on every test case.")
    if result.passed:
        result.hint = c.explanation
    return result


__all__ = ["CASES", "CaseFile", "SIZES", "BATCH", "ETA", "case_network", "gradient_with", "block_names",
           "error_table", "case_errors", "check_slip", "check_fix",
           "claim_1", "claim_2", "claim_3", "claim_4", "claim_5", "claim_6", "claim_7", "claim_8", "claim_9"]
