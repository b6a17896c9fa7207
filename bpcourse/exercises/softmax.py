r"""Checkers for notebook 11: the softmax, its Jacobian, BP1 in its Jacobian form, the log-likelihood.

The known mistakes they name are the ones the elementwise habit of BP1 invites: the
diagonal-only Jacobian diag(a(1 − a)), the sigmoid's σ'(z) applied entry by entry to a
softmax layer, the Jacobian used without its transpose (tested on Jacobians that are not
symmetric: the softmax's is, so there the transpose changes nothing), the softmax taken
along the wrong axis, a softmax that overflows at z = 1000, and a log-likelihood without
its minus sign.
"""

from __future__ import annotations

import numpy as np

from bpcourse import activations, costs, equations
from bpcourse.activations import sigmoid, softmax
from bpcourse.equations import bp1
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result, failed
from bpcourse.network import Network

Array = np.ndarray

#: Cases with weighted inputs near ±1000; mistakes about something else than overflow ignore them.
LARGE = frozenset({"large"})
#: The log-likelihood case where the right class has probability 1e-20.
TINY = frozenset({"tiny"})


def _package_itself(exercise: Exercise, student, owner, label: str) -> Result | None:
    """A failing Result if ``student`` is one of ``owner``'s own methods (``softmax.fn`` handed in), else None.

    (A failing Result is falsy, so the caller tests it against None, not with ``or``.)
    """
    if getattr(student, "__self__", None) is owner or student is getattr(owner, "fn", None):
        return failed(exercise.name, f"you handed in the package's {label} itself, which computes the answer for you.",
                      "This exercise asks you to write the computation yourself (with numpy); the package's "
                      "function is the reference it is checked against.",
                      mistake="calling the package's own function")
    return None


# -- the softmax itself --------------------------------------------------------------------------

def softmax_reference(z: Array) -> Array:
    r"""a_j = e^{z_j} / Σ_k e^{z_k} down each column of ``z`` (n, m); shape (n, m)."""
    return softmax.fn(z)


def _stable(z: Array, axis) -> Array:
    """The softmax of ``z`` along ``axis`` (None: over the whole array), each maximum subtracted first."""
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _naive_softmax(z: Array) -> Array:
    e = np.exp(z)
    return e / np.sum(e, axis=0, keepdims=True)


def _batch_max_softmax(z: Array) -> Array:
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=0, keepdims=True)


#: Large weighted inputs: e^1000 overflows to inf in float64. The second column sits 2000 below
#: the first, so subtracting one maximum for the whole batch underflows it to 0/0; the last
#: column spans 2000, so subtracting its minimum instead of its maximum overflows.
Z_LARGE = np.array([[1000.0, -1000.0, 0.0, 1000.0],
                    [999.0, -1001.0, 1.0, 0.0],
                    [990.0, -1000.5, -1.0, -1000.0]])


def _softmax_cases() -> list[Case]:
    rng = np.random.default_rng(110)
    cases = [Case((rng.normal(0.0, 2.0, (n, m)),), f"n = {n}, m = {m}", m=m)
             for n, m in [(3, 1), (4, 5), (10, 3), (2, 4)]]
    cases.append(Case((Z_LARGE.copy(),), "z near ±1000, where e^z overflows in float64", m=4, tags=LARGE))
    return cases


def _overflows(right, cases, values) -> bool:
    """Right on every ordinary case; raised, or gave nan or inf, on a case with z near ±1000."""
    large = [i for i, c in enumerate(cases) if c.tags & LARGE]
    if not large or not all(ok for i, ok in enumerate(right) if i not in large):
        return False
    for i in large:
        if right[i]:
            continue
        if values[i] is None:
            return True                                   # it raised (an overflow turned into an error)
        try:
            got = np.asarray(values[i], dtype=float)
        except Exception:
            return False
        if np.all(np.isfinite(got)):
            return False
    return not all(right)


_AXIS_LOOK = "Look at the axis of your sums: which axis holds the examples, and which the output neurons?"
_OVERFLOW_LOOK = "Your formula is right for ordinary z: look at the case with z near 1000."
_SOFTMAX_MISTAKES = [
    Mistake("no max-subtraction (e^1000 overflows)", _naive_softmax,
            "e^1000 is inf in float64 and inf/inf is nan. Subtract each column's largest z before "
            "exponentiating: e^{z_j − c} / Σ_k e^{z_k − c} is the same number for any c, and with c = max_k z_k "
            "no exponential exceeds 1.", _OVERFLOW_LOOK),
    Mistake("one maximum for the whole batch instead of each column's", _batch_max_softmax,
            "Subtracting the largest z of the whole array leaves a column 2000 below it with e^{−2000} = 0 "
            "everywhere, and 0/0 = nan. Subtract each column's own maximum: np.max(z, axis=0, keepdims=True).",
            _OVERFLOW_LOOK),
    Mistake("an overflow at z = 1000", None,
            "Somewhere an exponential of a large number overflows (or a column underflows to 0/0). Subtract each "
            "column's largest z before exponentiating: the softmax does not change, and no exponential exceeds 1.",
            _OVERFLOW_LOOK, test=lambda right, cases, values, exercise: _overflows(right, cases, values)),
    Mistake("the softmax along the wrong axis (across each row instead of down each column)",
            lambda z: _stable(z, 1),
            "Each column is one example and its rows are the output neurons: normalise down each column, "
            "np.sum(..., axis=0, keepdims=True), so that every column sums to 1.", _AXIS_LOOK, ignore=LARGE),
    Mistake("normalising over the whole batch (one sum for every entry)",
            lambda z: _stable(z, None),
            "Each example gets its own distribution: divide by the sum of its own column "
            "(axis=0, keepdims=True), not by the sum of the whole array.", _AXIS_LOOK, ignore=LARGE),
    Mistake("the exponentials without the normalisation",
            lambda z: np.exp(z),
            "a_j = e^{z_j} / Σ_k e^{z_k}: divide each column by its sum so the outputs sum to 1.",
            "Do your outputs sum to 1 down each column?", ignore=LARGE),
    Mistake("the sigmoid in place of the softmax",
            lambda z: sigmoid.fn(z),
            "The sigmoid squashes each z_j on its own; the softmax divides e^{z_j} by the sum over the "
            "whole column, so its outputs sum to 1.", "Do your outputs sum to 1 down each column?", ignore=LARGE),
    Mistake("z divided by its sum (no exponential)",
            lambda z: z / np.sum(z, axis=0, keepdims=True),
            "Exponentiate first: a_j = e^{z_j} / Σ_k e^{z_k}. Dividing z by its sum can give negative "
            "'probabilities'.", "Where is the exponential?", ignore=LARGE),
]

SOFTMAX = Exercise(
    "softmax, column by column", ("z",), softmax_reference, _softmax_cases(), _SOFTMAX_MISTAKES,
    hint="For each column: subtract its largest entry (np.max(z, axis=0, keepdims=True)), exponentiate, and "
         "divide by the column's sum (np.sum(e, axis=0, keepdims=True)). The result has the shape of z.",
    success="e^{z_j} / Σ_k e^{z_k} down each column, also at z = 1000 without overflow.",
    forbidden=[Forbidden(activations, "softmax", "activations.softmax")])


def check_softmax(student) -> Result:
    """Check ``student(z)`` → the softmax of each column of ``z`` (n, m), also at z = 1000."""
    refused = _package_itself(SOFTMAX, student, softmax, "softmax.fn")
    return SOFTMAX.check(student) if refused is None else refused


# -- the softmax Jacobian -----------------------------------------------------------------------

def softmax_jacobian_reference(z: Array) -> Array:
    r"""∂a_i/∂z_j = a_i(δ_ij − a_j), the matrix diag(a) − a aᵀ, for one column ``z`` (n, 1); shape (n, n)."""
    return softmax.jacobian(z)[0]


def _softmax_jacobian_cases() -> list[Case]:
    rng = np.random.default_rng(111)
    return [Case((rng.uniform(-2.0, 2.0, (n, 1)),), f"n = {n}") for n in (3, 4, 2, 6)]


def _a(z: Array) -> Array:
    return _stable(z, 0)[:, 0]


_OFF_LOOK = "Look at the entries off the diagonal: does a_i depend on z_j when i ≠ j?"
_DIAG_LOOK = "Look at the diagonal entries ∂a_j/∂z_j."
_JACOBIAN_MISTAKES = [
    Mistake("the diagonal-only Jacobian diag(a(1 − a))",
            lambda z: np.diag(_a(z) * (1 - _a(z))),
            "a_i depends on every z_j, not only on z_i: off the diagonal ∂a_i/∂z_j = −a_i a_j, because z_j "
            "appears in the denominator Σ_k e^{z_k} of every a_i. The full matrix is diag(a) − a aᵀ.", _OFF_LOOK),
    Mistake("the sigmoid's σ'(z) applied entry by entry",
            lambda z: np.diag(sigmoid.prime(z)[:, 0]),
            "σ'(z) = σ(z)(1 − σ(z)) is the sigmoid's derivative. The softmax divides e^{z_j} by a sum over "
            "all outputs, so differentiate a_i = e^{z_i} / Σ_k e^{z_k} itself: ∂a_i/∂z_j = a_i(δ_ij − a_j).",
            "Which function are you differentiating: the sigmoid, or the softmax?"),
    Mistake("the term diag(a) left out (only −a aᵀ)",
            lambda z: -np.outer(_a(z), _a(z)),
            "On the diagonal, z_j appears in the numerator e^{z_j} too: ∂a_j/∂z_j = a_j − a_j² = a_j(1 − a_j). "
            "That extra a_j is the diag(a) in diag(a) − a aᵀ.", _DIAG_LOOK),
    Mistake("a plus sign (diag(a) + a aᵀ)",
            lambda z: np.diag(_a(z)) + np.outer(_a(z), _a(z)),
            "z_j sits in the denominator of a_i, so raising z_j lowers every other a_i: ∂a_i/∂z_j = −a_i a_j "
            "for i ≠ j. The matrix is diag(a) − a aᵀ.", "Look at the sign of the entries off the diagonal."),
    Mistake("the Jacobian with its sign flipped (a aᵀ − diag(a))",
            lambda z: np.outer(_a(z), _a(z)) - np.diag(_a(z)),
            "Raising z_j raises a_j: the diagonal a_j(1 − a_j) is positive. The matrix is diag(a) − a aᵀ.",
            "Look at the sign of your result."),
    Mistake("np.diag of the (n, 1) column a (it gives the 1-entry array [a_1], not a diagonal matrix)",
            lambda z: np.diag(_stable(z, 0)) - _stable(z, 0) @ _stable(z, 0).T,
            "np.diag builds a diagonal matrix only from a 1-D array; from a 2-D (n, 1) array it extracts the "
            "diagonal, here just [a_1]. Flatten first: a = softmax(z)[:, 0] (or a.ravel()), then "
            "np.diag(a) − np.outer(a, a).", "Print np.diag of your a and look at its shape."),
    Mistake("the diagonal's formula a_i(1 − a_j) used off the diagonal too",
            lambda z: np.outer(_a(z), 1 - _a(z)),
            "Off the diagonal the numerator e^{z_i} does not contain z_j, so only the denominator's derivative "
            "remains: ∂a_i/∂z_j = −a_i a_j for i ≠ j, and a_j(1 − a_j) only for i = j.", _OFF_LOOK),
]

SOFTMAX_JACOBIAN = Exercise(
    "the softmax Jacobian ∂a_i/∂z_j", ("z",), softmax_jacobian_reference, _softmax_jacobian_cases(),
    _JACOBIAN_MISTAKES,
    hint="With a the softmax of the column z as a flat vector of n numbers, ∂a_i/∂z_j = a_i(δ_ij − a_j): "
         "np.diag(a) − np.outer(a, a), an (n, n) matrix with row i for a_i and column j for z_j.",
    success="∂a_i/∂z_j = a_i(δ_ij − a_j), that is diag(a) − a aᵀ, on every test case.",
    forbidden=[Forbidden(activations.Activation, "jacobian", "softmax.jacobian")])


def check_softmax_jacobian(student) -> Result:
    """Check ``student(z)`` → ∂a/∂z, shape (n, n), entry [i−1, j−1] = ∂a_i/∂z_j, for one column ``z`` (n, 1)."""
    refused = _package_itself(SOFTMAX_JACOBIAN, student, softmax, "softmax.jacobian")
    return SOFTMAX_JACOBIAN.check(student) if refused is None else refused


# -- BP1 for a softmax layer -------------------------------------------------------------------

def softmax_output_error_reference(nabla_a_C: Array, z_L: Array) -> Array:
    r"""BP1 for a softmax layer: δ^L = (∂a^L/∂z^L)ᵀ ∇_a C = a ⊙ (∇_a C − aᵀ∇_a C), column by column."""
    return bp1(nabla_a_C, z_L, "softmax")


def _softmax_output_error_cases() -> list[Case]:
    rng = np.random.default_rng(112)
    return [Case((rng.standard_normal((n, m)), rng.uniform(-2.0, 2.0, (n, m))), f"n_L = {n}, m = {m}", m=m)
            for n, m in [(3, 1), (4, 5), (10, 3), (2, 2)]]


def _weighted_mean(g: Array, z: Array) -> Array:
    """aᵀ ∇_a C for each column: the a-weighted mean of ∇_a C, shape (1, m)."""
    return np.sum(_stable(z, 0) * g, axis=0, keepdims=True)


_TERMS_LOOK = "Look at the two terms of (diag(a) − a aᵀ) ∇_a C = a ⊙ ∇_a C − a (aᵀ∇_a C)."
_OUTPUT_ERROR_MISTAKES = [
    Mistake("the diagonal-only Jacobian (∇_a C ⊙ a(1 − a))",
            lambda g, z: g * _stable(z, 0) * (1 - _stable(z, 0)),
            "That is BP1's Hadamard form with the Jacobian's diagonal a(1 − a). It holds only when a_i depends "
            "on z_i alone; the softmax's off-diagonal entries −a_i a_j add −a_j Σ_{i≠j} a_i ∂C/∂a_i to δ_j. "
            "Use the whole Jacobian: δ = (diag(a) − a aᵀ)ᵀ ∇_a C.",
            "Does a_j depend only on z_j? Look at the entries of the Jacobian off its diagonal."),
    Mistake("the sigmoid's σ'(z^L) applied entry by entry",
            lambda g, z: g * sigmoid.prime(z),
            "∇_a C ⊙ σ'(z^L) is BP1 for a sigmoid layer. A softmax layer has no σ' to apply entry by entry: "
            "use its Jacobian diag(a) − a aᵀ, with a the softmax of each column.",
            "Which activation's derivative did you use?"),
    Mistake("the first example's Jacobian used for every column",
            lambda g, z: softmax.jacobian(z[:, :1])[0].T @ g,
            "Each example (column) has its own a^L and so its own Jacobian diag(a) − a aᵀ: compute δ column by "
            "column, or with a batch formula such as a * (g − np.sum(a * g, axis=0, keepdims=True)).",
            "Look at the columns after the first: which a^L does each one use?"),
    Mistake("the softmax taken along the wrong axis (across the rows)",
            lambda g, z: _stable(z, 1) * (g - np.sum(_stable(z, 1) * g, axis=0, keepdims=True)),
            "a^L is the softmax of each column of z^L (one example per column): normalise with axis=0.",
            "Look at how you computed a^L: does each column sum to 1?"),
    Mistake("the term a ⊙ ∇_a C left out (only −a (aᵀ∇_a C))",
            lambda g, z: -_stable(z, 0) * _weighted_mean(g, z),
            "(diag(a) − a aᵀ)ᵀ ∇_a C has two terms: diag(a) ∇_a C = a ⊙ ∇_a C, and −a (aᵀ ∇_a C).", _TERMS_LOOK),
    Mistake("a plus sign: a ⊙ (∇_a C + aᵀ∇_a C)",
            lambda g, z: _stable(z, 0) * (g + _weighted_mean(g, z)),
            "The off-diagonal entries are −a_i a_j: δ = a ⊙ ∇_a C − a (aᵀ ∇_a C).", _TERMS_LOOK),
    Mistake("the factor a missing: ∇_a C − aᵀ∇_a C",
            lambda g, z: g - _weighted_mean(g, z),
            "Both terms carry the factor a: δ = a ⊙ (∇_a C − (aᵀ ∇_a C)).", _TERMS_LOOK),
    Mistake("aᵀ∇_a C summed over the whole batch instead of each column",
            lambda g, z: _stable(z, 0) * (g - np.sum(_stable(z, 0) * g)),
            "aᵀ ∇_a C is one number per example: np.sum(a * g, axis=0, keepdims=True).",
            "Look at the shape of your aᵀ∇_a C: one number per example?"),
]

SOFTMAX_OUTPUT_ERROR = Exercise(
    "BP1 for a softmax layer: δ^L = (∂a^L/∂z^L)ᵀ ∇_a C", ("nabla_a_C", "z_L"), softmax_output_error_reference,
    _softmax_output_error_cases(), _OUTPUT_ERROR_MISTAKES,
    hint="With a = softmax.fn(z_L) (one distribution per column), (diag(a) − a aᵀ)ᵀ ∇_a C = a ⊙ (∇_a C − aᵀ∇_a C): "
         "subtract from each column of nabla_a_C its average weighted by a, then multiply by a entry by entry.",
    success="δ^L = (diag(a) − a aᵀ)ᵀ ∇_a C for every example of the batch.",
    forbidden=[Forbidden(equations, "bp1", "bp1"), Forbidden(equations, "jacobian_t_times", "jacobian_t_times"),
               Forbidden(Network, "output_error", "Network.output_error")])


def check_softmax_output_error(student) -> Result:
    """Check ``student(nabla_a_C, z_L)`` → δ^L for a softmax output layer, shapes (n_L, m), without ``bp1``."""
    return SOFTMAX_OUTPUT_ERROR.check(student)


# -- BP1 in its general form, for any Jacobian ---------------------------------------------------

def bp1_jacobian_reference(J: Array, nabla_a_C: Array) -> Array:
    r"""BP1 in general: δ^L = (∂a^L/∂z^L)ᵀ ∇_a C for each column x, with J[x−1, i−1, j−1] = ∂a_i/∂z_j.

    ``J`` has shape (m, n, n) (one Jacobian per example), ``nabla_a_C`` shape (n, m); returns (n, m).
    """
    return np.ascontiguousarray(np.einsum("xij,ix->jx", J, nabla_a_C))      # einsum may return another layout


def _bp1_jacobian_cases() -> list[Case]:
    """Jacobians of general vector functions (random, not symmetric), and one of a softmax (symmetric)."""
    rng = np.random.default_rng(113)
    cases = [Case((rng.standard_normal((m, n, n)), rng.standard_normal((n, m))),
                  f"n = {n}, m = {m}, Jacobians that are not symmetric", m=m) for n, m in [(3, 1), (4, 3), (2, 5)]]
    z = rng.standard_normal((4, 2))
    cases.append(Case((softmax.jacobian(z), rng.standard_normal((4, 2))), "n = 4, m = 2, softmax Jacobians", m=2))
    return cases


_BP1_JACOBIAN_MISTAKES = [
    Mistake("the Jacobian not transposed ((∂a/∂z) ∇_a C)",
            lambda J, g: np.einsum("xij,jx->ix", J, g),
            "δ_j = Σ_i (∂C/∂a_i)(∂a_i/∂z_j): the sum runs over i, the first index of J[i, j] = ∂a_i/∂z_j, "
            "that is down column j. That is Jᵀ ∇_a C. (The softmax's Jacobian is symmetric, so there the "
            "transpose changes nothing; for a general function it does.)",
            "Write δ_j as a sum over i: which index of J does the sum run over?"),
    Mistake("the diagonal only (∇_a C ⊙ the diagonal of J)",
            lambda J, g: g * np.diagonal(J, axis1=1, axis2=2).T,
            "BP1's Hadamard form keeps only ∂a_j/∂z_j. It is right only when the Jacobian is diagonal "
            "(an elementwise σ); here a_i also depends on z_j for i ≠ j, and every such term adds to δ_j.",
            "Does your answer use the entries of J off its diagonal?"),
    Mistake("the first example's Jacobian used for every column",
            lambda J, g: J[0].T @ g,
            "J[x] is the Jacobian of example x: column x of δ is J[x]ᵀ applied to column x of ∇_a C.",
            "Look at the columns after the first: which Jacobian does each one use?"),
    Mistake("one Jacobian for the batch (the mean of J over the examples)",
            lambda J, g: J.mean(axis=0).T @ g,
            "Each example has its own Jacobian J[x]: do not average them; apply J[x]ᵀ to column x.",
            "Look at the columns after the first: which Jacobian does each one use?"),
]

BP1_JACOBIAN = Exercise(
    "BP1 in general: δ^L = (∂a^L/∂z^L)ᵀ ∇_a C", ("J", "nabla_a_C"), bp1_jacobian_reference, _bp1_jacobian_cases(),
    _BP1_JACOBIAN_MISTAKES,
    hint="Column x of δ^L is J[x].T @ nabla_a_C[:, x]: the chain rule sums over the outputs i, the first index of "
         "J[x][i, j] = ∂a_i/∂z_j. Build the (n, m) result column by column (or with one np.einsum).",
    success="δ^L = Jᵀ ∇_a C for each example, also for Jacobians that are not symmetric.",
    forbidden=[Forbidden(equations, "jacobian_t_times", "jacobian_t_times")])


def check_bp1_jacobian(student) -> Result:
    """Check ``student(J, nabla_a_C)`` → δ^L = (∂a/∂z)ᵀ ∇_a C per column; J (m, n, n), nabla_a_C (n, m)."""
    return BP1_JACOBIAN.check(student)


# -- the log-likelihood cost --------------------------------------------------------------------

def log_likelihood_reference(a: Array, y: Array) -> Array:
    r"""C_x = −Σ_j y_j ln a_j for each column; shape (m,)."""
    return costs.log_likelihood.fn(a, y)


def _log_likelihood_cases() -> list[Case]:
    rng = np.random.default_rng(114)
    cases = []
    for n, m in [(10, 5), (3, 1), (4, 3)]:
        a = _stable(rng.normal(0.0, 1.5, (n, m)), 0)
        y = np.eye(n)[:, rng.integers(0, n, m)]                        # one-hot targets
        cases.append(Case((a, y), f"n_L = {n}, m = {m}, one-hot targets", m=m))
    for n, m in [(4, 3), (3, 4)]:
        a = _stable(rng.normal(0.0, 1.5, (n, m)), 0)
        y = _stable(rng.normal(0.0, 1.0, (n, m)), 0)                   # soft targets: any distribution
        cases.append(Case((a, y), f"n_L = {n}, m = {m}, soft targets", m=m))
    # a confidently wrong network: the right class of example 1 gets 1e-20, where a log clipped at a small
    # eps (np.clip(a, 1e-7, 1), a common "safe log") gives −ln eps instead of 46.05
    a = np.array([[1e-20, 0.3], [0.6, 0.5], [0.4, 0.2]])
    y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    cases.append(Case((a, y), "n_L = 3, m = 2, the right class of example 1 given probability 1e-20", m=2,
                      tags=TINY))
    return cases


def _clipped_log(right, cases, values) -> bool:
    """Right on every case but the one with a = 1e-20, and there finite and below the true cost."""
    tiny = [i for i, c in enumerate(cases) if c.tags & TINY]
    if not tiny or not all(ok for i, ok in enumerate(right) if i not in tiny) or all(right):
        return False
    for i in tiny:
        try:
            got = np.asarray(values[i], dtype=float).ravel()
        except Exception:
            return False
        want = log_likelihood_reference(*cases[i].args)
        if got.shape != want.shape or not np.all(np.isfinite(got)) or not got[0] < want[0] - 1e-6:
            return False
    return True


_SUM_LOOK = "Look at the shape: one cost per example (column)."
_LOG_LIKELIHOOD_MISTAKES = [
    Mistake("the log-likelihood without its minus sign",
            lambda a, y: np.sum(y * np.log(a), axis=0),
            "ln a_j < 0 for 0 < a_j < 1, so Σ y_j ln a_j is negative; the cost is its negative, −Σ_j y_j ln a_j, "
            "which is ≥ 0 and falls as a_j of the right class rises.", "Look at the sign of your result."),
    Mistake("averaging over the batch (one number instead of one per example)",
            lambda a, y: float(np.mean(-np.sum(y * np.log(a), axis=0))),
            "Return the per-example costs C_x, shape (m,): sum over the outputs j (axis=0) only.", _SUM_LOOK),
    Mistake("summing over the batch (one number instead of one per example)",
            lambda a, y: float(np.sum(-np.sum(y * np.log(a), axis=0))),
            "Return the per-example costs C_x, shape (m,): sum over the outputs j (axis=0) only.", _SUM_LOOK),
    Mistake("the cross-entropy of sigmoid outputs (with a (1 − y) ln(1 − a) term)",
            lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0),
            "That is the cost for independent sigmoid outputs. With a softmax the outputs already compete "
            "(they sum to 1), and the log-likelihood is only −Σ_j y_j ln a_j.", "How many terms does C_x have?"),
    Mistake("−Σ_j ln a_j over every output (y left out)",
            lambda a, y: -np.sum(np.log(a), axis=0),
            "Weight each ln a_j by its target y_j: only the right class's output counts for a one-hot y.",
            "Where is y in your formula?"),
    Mistake("only the class of the largest y_j (right for one-hot targets only)",
            lambda a, y: -np.log(a[np.argmax(y, axis=0), np.arange(a.shape[1])]),
            "−ln a_{label} is the cost for a one-hot y. Targets may be any distribution (soft labels): "
            "use −Σ_j y_j ln a_j.", "Your answer is right for one-hot targets: look at the soft ones."),
    Mistake("a clipped away from 0 before the log", None,
            "Clipping a (np.clip(a, eps, 1)) before the log changes the cost exactly where the network is confidently "
            "wrong: a right class given 1e-20 costs −ln(1e-20) = 46.05, not −ln(eps). np.log(a) is finite for every "
            "a > 0: take the log of a as it is.",
            "Look at the case where the right class is given probability 1e-20.",
            test=lambda right, cases, values, exercise: _clipped_log(right, cases, values)),
    Mistake("log base 10 instead of the natural log",
            lambda a, y: -np.sum(y * np.log10(a), axis=0),
            "Use np.log (the natural log, ln); np.log10 scales the cost by 1/ln 10.", "Which logarithm is ln?"),
]

LOG_LIKELIHOOD = Exercise(
    "the log-likelihood C_x = −Σ_j y_j ln a_j", ("a", "y"), log_likelihood_reference, _log_likelihood_cases(),
    _LOG_LIKELIHOOD_MISTAKES,
    hint="Entry by entry y ln a (np.log is ln), summed over the outputs of each column (axis=0), with a minus sign "
         "in front: one value per example, shape (m,).",
    success="−Σ_j y_j ln a_j, one value per example, for one-hot and soft targets.",
    forbidden=[Forbidden(costs, "log_likelihood", "costs.log_likelihood"), Forbidden(Network, "cost", "Network.cost")])


def check_log_likelihood(student) -> Result:
    """Check ``student(a, y)`` → C_x = −Σ_j y_j ln a_j for each column, shape (m,)."""
    refused = _package_itself(LOG_LIKELIHOOD, student, costs.log_likelihood, "log_likelihood.fn")
    return LOG_LIKELIHOOD.check(student) if refused is None else refused
