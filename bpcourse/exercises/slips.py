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
:func:`case_network` gives each case's network and batch; :func:`gradient_with` runs the
package's backward pass with the case's piece (one of :class:`bpcourse.network.Steps`)
replaced by a function of yours and returns ``(grad_W, grad_b)``; :func:`error_table`
compares that with :func:`bpcourse.gradcheck.numerical_gradient` block by block.
:func:`check_slip` checks which line you picked, :func:`check_fix` checks your corrected
function. Neither ever raises. The texts of the case files (the lines' feedback, the
explanations, the hints) are data, in :mod:`bpcourse.exercises.slip_texts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from bpcourse import activations
from bpcourse.exercises import _values
from bpcourse.exercises._core import Case, Exercise, Mistake, Result, failed, passed
from bpcourse.exercises.bp1 import _saturate, uncancelled_signature
from bpcourse.exercises.slip_texts import TEXTS
from bpcourse.gradcheck import numerical_gradient, relative_error
from bpcourse.network import STEPS, Network, Steps

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
    ``"step"`` (p, grad, eta) → the updated p. The texts come from
    :data:`bpcourse.exercises.slip_texts.TEXTS`.
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
    nudge: str = ""              # a second hint for a wrong pick, asked for again


CASES: dict[int, CaseFile] = {}


def _add(number: int, *, kind: str, claim: Callable, fix: Callable, cost: str = "quadratic",
         wrong_fixes: dict | None = None) -> None:
    """Register case ``number``: its code here, its texts from :data:`TEXTS` (wrong fixes matched by name)."""
    texts = dict(TEXTS[number])
    hints = texts.pop("mistakes")
    wrong_fixes = wrong_fixes or {}
    if set(wrong_fixes) != set(hints):
        raise ValueError(f"case {number}: wrong fixes {sorted(wrong_fixes)} and their texts {sorted(hints)} differ")
    mistakes = tuple((name, wrong_fixes[name], hints[name]) for name in hints)
    CASES[number] = CaseFile(number=number, kind=kind, claim=claim, fix=fix, cost=cost, mistakes=mistakes, **texts)


def _sp_of_a(z):
    """σ'(σ(z)): the derivative taken at the activation instead of the weighted input."""
    return sigma_prime(sigma(z))


_add(1, kind="output_error", claim=claim_1, fix=_output_error_quadratic, wrong_fixes={
    "the slip without σ'": lambda a_L, y, z_L: y - a_L,
    "the sign fixed but σ' dropped": lambda a_L, y, z_L: a_L - y,
    "σ'(a) in place of σ'(z)": lambda a_L, y, z_L: (a_L - y) * _sp_of_a(z_L)})

_add(2, kind="output_error", claim=claim_2, fix=_output_error_quadratic, wrong_fixes={
    "the sum over k kept, without σ'": lambda a_L, y, z_L: np.sum(a_L - y, axis=0, keepdims=True) * np.ones_like(z_L),
    "the sum collapsed but σ' dropped": lambda a_L, y, z_L: a_L - y,
    "σ'(a) in place of σ'(z)": lambda a_L, y, z_L: (a_L - y) * _sp_of_a(z_L)})

_add(3, kind="hidden_error", claim=claim_3, fix=_hidden_error, wrong_fixes={
    "the transpose fixed but σ'(z^l) dropped": lambda W_next, delta_next, z_l: W_next.T @ delta_next,
    "σ(z) in place of σ'(z)": lambda W_next, delta_next, z_l: (W_next.T @ delta_next) * sigma(z_l),
    "σ'(a) in place of σ'(z)": lambda W_next, delta_next, z_l: (W_next.T @ delta_next) * _sp_of_a(z_l)})

_add(4, kind="hidden_error", claim=claim_4, fix=_hidden_error, wrong_fixes={
    "a sum over k without the transpose": claim_3,
    "σ'(a) in place of σ'(z)": lambda W_next, delta_next, z_l: (W_next.T @ delta_next) * _sp_of_a(z_l)})

_add(5, kind="hidden_error_D", claim=claim_5, fix=_hidden_error_D, wrong_fixes={
    "the diagonal matrix dropped": lambda W_next, delta_next, z_l, z_L: W_next.T @ delta_next,
    "σ'(a) in place of σ'(z)": lambda W_next, delta_next, z_l, z_L: _sp_of_a(z_l) * (W_next.T @ delta_next)})

_add(6, kind="weight_gradient_6", claim=claim_6, fix=_weight_gradient_6, wrong_fixes={
    "the indices of the product swapped": lambda delta_l, a_prev, a_l: a_prev @ delta_l.T / delta_l.shape[1],
    "the sum over the batch, not the mean": lambda delta_l, a_prev, a_l: delta_l @ a_prev.T})

_add(7, kind="output_error", claim=claim_7, fix=_output_error_cross_entropy, cost="cross_entropy", wrong_fixes={
    "∇_a C without BP1's σ'": lambda a_L, y, z_L: (a_L - y) / (a_L * (1 - a_L)),
    "the uncancelled form": None})

_add(8, kind="weight_gradient", claim=claim_8, fix=_weight_gradient_8, wrong_fixes={
    "a mean over the wrong axis": lambda delta_l, a_prev: delta_l @ a_prev.T / delta_l.shape[0]})

_add(9, kind="step", claim=claim_9, fix=_step, wrong_fixes={
    "a step of the wrong size": lambda p, grad, eta: p - grad})


# ---------------------------------------------------------------------------------------------
# Running a case: the network, backprop with one piece replaced, and the comparison.
# ---------------------------------------------------------------------------------------------

def _case(case) -> CaseFile:
    if isinstance(case, CaseFile):
        return case
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


def _on_copies(fn):
    """``fn`` called on copies of its array arguments, as the checkers call it: a function that writes
    into an argument cannot change the network or the forward pass's cache."""
    def called(*args):
        return fn(*(a.copy() if isinstance(a, np.ndarray) else a for a in args))
    return called


def steps_with(case, fn) -> Steps:
    """The steps of the package's backward pass with case ``case``'s piece replaced by ``fn``
    (called on copies of its arguments)."""
    piece = PIECES[_case(case).kind]
    if piece.step is None:
        return STEPS
    return STEPS.replace(**{piece.step: piece.plug(_on_copies(fn))})


def gradient_with(case, fn, net, X, Y):
    """Backprop on ``net`` with the piece of case ``case`` replaced by ``fn``.

    It is the package's backward pass (:meth:`bpcourse.network.Network.backprop`) with the one
    step of :class:`bpcourse.network.Steps` replaced. Returns ``(grad_W, grad_b)``, lists shaped
    like ``net.weights`` and ``net.biases``, ready to compare with
    :func:`bpcourse.gradcheck.numerical_gradient`. For case 9 (a step rule, not a gradient) it
    returns the gradient the step implies: ``(p − step(p, ∇C, η)) / η`` for every parameter. The
    step gets copies of p and ∇C, so a step that updates p in place (``p -= eta * grad``) is
    measured as it is meant and leaves ``net`` as it was; so does every other piece (see
    :func:`steps_with`).
    """
    c = _case(case)
    grad_W, grad_b = net.backprop(X, Y, steps=steps_with(c, fn))
    if PIECES[c.kind].step is None:                       # the descent step: the gradient it implies
        grad_W = [(W - fn(W.copy(), g.copy(), ETA)) / ETA for W, g in zip(net.weights, grad_W)]
        grad_b = [(b - fn(b.copy(), g.copy(), ETA)) / ETA for b, g in zip(net.biases, grad_b)]
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
    """Check which line of case ``case``'s derivation you picked as the slip (one letter, a string).

    A wrong pick gets feedback on that line without naming the right one (asked again, a nudge
    towards the evidence); a right pick gets the explanation of the slip. Never raises, and no
    message before a right pick suggests a letter (any example letter is some case's answer).
    """
    try:
        c = _case(case)
    except ValueError as exc:
        return failed("find the slip", str(exc), "Pass the case number first, then your letter: check_slip(1, pick_1).")
    name = f"case {c.number}: which line holds the slip"
    quoted = ", ".join(f'"{letter}"' for letter in c.lines)
    if answer is None:
        return Result(False, name, ["not answered yet.", f"Set your pick to the letter of one line, in quotes: "
                                                         f"one of {quoted}."])
    if not isinstance(answer, str):
        return failed(name, f"expected the letter of one line as a string, got {_values.describe(answer)}.",
                      f"Answer with the letter of one line, in quotes: one of {quoted}.")
    pick = _normalise_pick(answer)
    if pick not in c.lines:
        return failed(name, f"{answer!r} is not one of the lines {', '.join(c.lines)}.",
                      f"Answer with the letter of ONE line, in quotes: one of {quoted}.")
    if pick == c.slip_line:
        return passed(name, f"yes, the slip is in line ({pick}).", c.explanation)
    return failed(name, f"line ({pick}) is not where the slip is. {c.line_hints.get(pick, '')}", c.nudge,
                  mistake=f"picked line ({pick})")


# -- the pieces of backprop a claim can replace -------------------------------------------------
# Each random-argument function takes (rng, shape, cost, saturated), shape = (n_{l-1}, n_l, n_{l+1}, m).

def _output_error_args(rng, shape, cost, saturated):
    _, n, _, m = shape
    z_L = rng.normal(0, 1.5, size=(n, m))
    z_L = _saturate(z_L, rng) if saturated else z_L
    y = rng.uniform(0.05, 0.95, size=(n, m)) if cost == "cross_entropy" else np.eye(n)[:, rng.integers(n, size=m)]
    return (sigma(z_L), y, z_L)


def _hidden_error_args(rng, shape, cost, saturated):
    _, n, n_next, m = shape
    z_l = rng.normal(size=(n, m))
    z_l = _saturate(z_l, rng) if saturated else z_l
    return (rng.normal(size=(n_next, n)), rng.normal(size=(n_next, m)), z_l)


def _hidden_error_D_args(rng, shape, cost, saturated):
    n_prev, n, n_next, _ = shape
    W_next, delta_next, z_l = _hidden_error_args(rng, shape, cost, saturated)
    n_L = n if n_prev == n else n_next
    return (W_next, delta_next, z_l, rng.normal(size=(n_L, z_l.shape[1])))


def _weight_gradient_6_args(rng, shape, cost, saturated):
    n_prev, n, _, m = shape
    return (rng.normal(size=(n, m)), rng.uniform(size=(n_prev, m)), rng.uniform(size=(n, m)))


def _weight_gradient_args(rng, shape, cost, saturated):
    n_prev, n, _, m = shape
    return (rng.normal(size=(n, m)), rng.uniform(size=(n_prev, m)))


def _step_args(rng, shape, cost, saturated):
    n_prev, n, _, _ = shape
    return (rng.normal(size=(n, n_prev)), rng.normal(size=(n, n_prev)), float(rng.uniform(0.05, 1.0)))


@dataclass(frozen=True)
class Piece:
    """A piece of backprop a claim replaces: its parameters, the step of the package's backward
    pass (a field of :class:`bpcourse.network.Steps`, or None for the descent step) and how the
    claim plugs into it (``plug(fn)`` → the step function), random arguments for the checker,
    and whether saturated neurons matter to it."""

    params: tuple
    step: str | None
    plug: Callable | None
    random_args: Callable
    saturates: bool = False


PIECES = {
    "output_error": Piece(("a_L", "y", "z_L"), "output_error",
                          lambda fn: lambda net, cache, Y: fn(cache.a(net.L), Y, cache.z(net.L)),
                          _output_error_args, saturates=True),
    "hidden_error": Piece(("W_next", "delta_next", "z_l"), "hidden_error",
                          lambda fn: lambda net, cache, l, d: fn(net.W(l + 1), d, cache.z(l)),
                          _hidden_error_args, saturates=True),
    "hidden_error_D": Piece(("W_next", "delta_next", "z_l", "z_L"), "hidden_error",
                            lambda fn: lambda net, cache, l, d: fn(net.W(l + 1), d, cache.z(l), cache.z(net.L)),
                            _hidden_error_D_args, saturates=True),
    "weight_gradient_6": Piece(("delta_l", "a_prev", "a_l"), "weight_gradient",
                               lambda fn: lambda net, cache, l, d: fn(d, cache.a(l - 1), cache.a(l)),
                               _weight_gradient_6_args),
    "weight_gradient": Piece(("delta_l", "a_prev"), "weight_gradient",
                             lambda fn: lambda net, cache, l, d: fn(d, cache.a(l - 1)),
                             _weight_gradient_args),
    "step": Piece(("p", "grad", "eta"), None, None, _step_args),
}

#: Shapes (n_{l-1}, n_l, n_{l+1}, m) of the checkers' random cases: square ones first (so a
#: slip that relies on square matrices still runs and is recognised), then general ones.
_SHAPES = ((4, 4, 4, 5), (3, 3, 3, 1), (3, 5, 2, 4), (6, 2, 3, 7))


def _cases_for(c: CaseFile, seed: int = 0) -> list[Case]:
    rng = np.random.default_rng(seed + 100 * c.number)
    piece = PIECES[c.kind]
    out = []
    for n_prev, n, n_next, m in _SHAPES:
        label = f"n_(l-1) = {n_prev}, n_l = {n}, n_(l+1) = {n_next}, m = {m}"
        out.append(Case(piece.random_args(rng, (n_prev, n, n_next, m), c.cost, False), label, m=m))
    if piece.saturates:
        out.append(Case(piece.random_args(rng, (3, 4, 3, 6), c.cost, True),
                        "n_l = 4, m = 6, some neurons saturated (|z| up to 40)", m=6, tags=frozenset({"saturated"})))
    return out


_FIX_EXERCISES: dict[int, Exercise] = {}


def _fix_exercise(c: CaseFile) -> Exercise:
    if c.number not in _FIX_EXERCISES:
        mistakes = [Mistake("the claim unchanged (the slip is still there)", c.claim, c.claim_hint,
                            "This is still the claim: which line of the derivation holds the slip?")]
        for name, wrong, hint in c.mistakes:
            test = uncancelled_signature if wrong is None else None
            mistakes.append(Mistake(name, wrong, hint, "Part of the slip is fixed; look at what is still wrong.",
                                    test=test))
        _FIX_EXERCISES[c.number] = Exercise(
            f"case {c.number}: the corrected function", PIECES[c.kind].params, c.fix, _cases_for(c), mistakes,
            hint="Redo the slipped line of the derivation, then write the code that follows the corrected line.",
            success="correct on every test case.")
    return _FIX_EXERCISES[c.number]


def check_fix(case, fn) -> Result:
    """Check your corrected function for case ``case`` against the reference, on random inputs.

    Handing back the claim unchanged, or another known wrong fix, gets a hint on what is still
    wrong; a correct fix gets the explanation of the slip. Never raises.
    """
    try:
        c = _case(case)
    except ValueError as exc:
        return failed("fix the slip", str(exc), "Pass the case number first, then your function: check_fix(1, fix_1).")
    result = _fix_exercise(c).check(fn)
    if result.passed:
        return passed(result.exercise, result.message, c.explanation)
    return result


__all__ = ["CASES", "CaseFile", "PIECES", "Piece", "SIZES", "BATCH", "ETA", "case_network", "gradient_with",
           "steps_with", "block_names",
           "error_table", "case_errors", "check_slip", "check_fix",
           "claim_1", "claim_2", "claim_3", "claim_4", "claim_5", "claim_6", "claim_7", "claim_8", "claim_9"]
