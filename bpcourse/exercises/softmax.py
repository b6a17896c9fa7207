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

from bpcourse import costs
from bpcourse.activations import sigmoid, softmax
from bpcourse.equations import bp1
from bpcourse.exercises._core import Mistake, Result, check_function

Array = np.ndarray


# -- the softmax itself --------------------------------------------------------------------------

def softmax_reference(z: Array) -> Array:
    r"""a_j = e^{z_j} / Σ_k e^{z_k} down each column of ``z`` (n, m); shape (n, m)."""
    return softmax.fn(z)


def _naive_softmax(z: Array) -> Array:
    e = np.exp(z)
    return e / np.sum(e, axis=0, keepdims=True)


def _batch_max_softmax(z: Array) -> Array:
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=0, keepdims=True)


def _softmax_cases() -> list[tuple]:
    rng = np.random.default_rng(110)
    return [(rng.normal(0.0, 2.0, (n, m)),) for n, m in [(3, 1), (4, 5), (10, 3), (2, 4)]]


#: Large weighted inputs: e^1000 overflows to inf in float64. The second column sits 2000 below
#: the first, so subtracting one maximum for the whole batch underflows it to 0/0; the last
#: column spans 2000, so subtracting its minimum instead of its maximum overflows.
Z_LARGE = np.array([[1000.0, -1000.0, 0.0, 1000.0],
                    [999.0, -1001.0, 1.0, 0.0],
                    [990.0, -1000.5, -1.0, -1000.0]])

_SOFTMAX_MISTAKES = [
    Mistake("the softmax along the wrong axis (across each row instead of down each column)",
            lambda z: np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True),
            "Each column is one example and its rows are the output neurons: normalise down each column, "
            "np.sum(..., axis=0, keepdims=True), so that every column sums to 1."),
    Mistake("normalising over the whole batch (one sum for every entry)",
            lambda z: np.exp(z) / np.sum(np.exp(z)),
            "Each example gets its own distribution: divide by the sum of its own column "
            "(axis=0, keepdims=True), not by the sum of the whole array."),
    Mistake("the exponentials without the normalisation",
            lambda z: np.exp(z),
            "a_j = e^{z_j} / Σ_k e^{z_k}: divide each column by its sum so the outputs sum to 1."),
    Mistake("the sigmoid in place of the softmax",
            lambda z: sigmoid.fn(z),
            "The sigmoid squashes each z_j on its own; the softmax divides e^{z_j} by the sum over the "
            "whole column, so its outputs sum to 1."),
    Mistake("z divided by its sum (no exponential)",
            lambda z: z / np.sum(z, axis=0, keepdims=True),
            "Exponentiate first: a_j = e^{z_j} / Σ_k e^{z_k}. Dividing z by its sum can give negative "
            "'probabilities'."),
]

_LARGE_MISTAKES = [
    Mistake("no max-subtraction (e^1000 overflows)", _naive_softmax,
            "e^1000 is inf in float64 and inf/inf is nan. Subtract each column's largest z before "
            "exponentiating: e^{z_j − c} / Σ_k e^{z_k − c} is the same number for any c, and with c = max_k z_k "
            "no exponential exceeds 1."),
    Mistake("one maximum for the whole batch instead of each column's", _batch_max_softmax,
            "Subtracting the largest z of the whole array leaves a column 2000 below it with e^{−2000} = 0 "
            "everywhere, and 0/0 = nan. Subtract each column's own maximum: np.max(z, axis=0, keepdims=True)."),
]


def _as_float(x):
    try:
        return np.asarray(x, dtype=float)
    except Exception:
        return None


def _same(got, want) -> bool:
    """``got`` equals ``want`` as arrays, NaN matching NaN (for answers that overflowed)."""
    g = _as_float(got)
    return g is not None and g.shape == want.shape and bool(
        np.allclose(g, want, rtol=1e-6, atol=1e-12, equal_nan=True))


def check_softmax(student) -> Result:
    """Check ``student(z)`` → the softmax of each column of ``z`` (n, m), also at z = 1000."""
    exercise = "softmax, column by column"
    first = check_function(exercise, student, softmax_reference, _softmax_cases(), _SOFTMAX_MISTAKES)
    if not first.passed:
        return first
    want = softmax_reference(Z_LARGE)
    inputs = [f"large inputs: z of shape {Z_LARGE.shape} with entries near ±1000 (e^1000 overflows)"]
    overflow = _LARGE_MISTAKES[0]
    try:
        with np.errstate(all="ignore"):
            got = student(Z_LARGE.copy())
    except Exception as exc:  # the student's code raised: report it, do not re-raise
        return Result(False, exercise, f"right for ordinary z, but at z = 1000 your function raised "
                                       f"{type(exc).__name__}: {exc}",
                      hint=overflow.hint, mistake=overflow.name, details=inputs)
    if _same(got, want):
        return Result(True, exercise, "correct on every test case, including z = 1000 without overflow.")
    for m in _LARGE_MISTAKES:
        with np.errstate(all="ignore"):
            wrong = m.wrong(Z_LARGE.copy())
        if _same(got, wrong):
            return Result(False, exercise, f"right for ordinary z, but not at z = 1000: this looks like {m.name}.",
                          hint=m.hint, mistake=m.name, details=inputs)
    g = _as_float(got)
    if g is None or g.shape != want.shape:
        return Result(False, exercise, f"right for ordinary z, but at z = 1000 the answer has the wrong shape: "
                                       f"got {None if g is None else g.shape}, expected {want.shape}.",
                      hint="Return an array shaped like z, one column per example.", details=inputs)
    if not np.all(np.isfinite(g)):
        return Result(False, exercise, "right for ordinary z, but at z = 1000 your answer contains nan or inf "
                                       "(an overflow).", hint=overflow.hint, mistake="an overflow at z = 1000",
                      details=inputs)
    return Result(False, exercise, "right for ordinary z, but at z = 1000 the numbers are wrong.",
                  hint="Subtract each column's largest z, exponentiate, divide by the column's sum.",
                  details=inputs + [f"first column: got {np.round(g[:, 0], 6)}, expected {np.round(want[:, 0], 6)}"])


# -- the softmax Jacobian -----------------------------------------------------------------------

def softmax_jacobian_reference(z: Array) -> Array:
    r"""∂a_i/∂z_j = a_i(δ_ij − a_j), the matrix diag(a) − a aᵀ, for one column ``z`` (n, 1); shape (n, n)."""
    return softmax.jacobian(z)[0]


def _softmax_jacobian_cases() -> list[tuple]:
    rng = np.random.default_rng(111)
    return [(rng.uniform(-2.0, 2.0, (n, 1)),) for n in (3, 4, 2, 6)]


def _a(z: Array) -> Array:
    return softmax.fn(z)[:, 0]


_JACOBIAN_MISTAKES = [
    Mistake("the diagonal-only Jacobian diag(a(1 − a))",
            lambda z: np.diag(_a(z) * (1 - _a(z))),
            "a_i depends on every z_j, not only on z_i: off the diagonal ∂a_i/∂z_j = −a_i a_j, because z_j "
            "appears in the denominator Σ_k e^{z_k} of every a_i. The full matrix is diag(a) − a aᵀ."),
    Mistake("the sigmoid's σ'(z) applied entry by entry",
            lambda z: np.diag(sigmoid.prime(z)[:, 0]),
            "σ'(z) = σ(z)(1 − σ(z)) is the sigmoid's derivative. The softmax divides e^{z_j} by a sum over "
            "all outputs, so differentiate a_i = e^{z_i} / Σ_k e^{z_k} itself: ∂a_i/∂z_j = a_i(δ_ij − a_j)."),
    Mistake("the term diag(a) left out (only −a aᵀ)",
            lambda z: -np.outer(_a(z), _a(z)),
            "On the diagonal, z_j appears in the numerator e^{z_j} too: ∂a_j/∂z_j = a_j − a_j² = a_j(1 − a_j). "
            "That extra a_j is the diag(a) in diag(a) − a aᵀ."),
    Mistake("a plus sign (diag(a) + a aᵀ)",
            lambda z: np.diag(_a(z)) + np.outer(_a(z), _a(z)),
            "z_j sits in the denominator of a_i, so raising z_j lowers every other a_i: ∂a_i/∂z_j = −a_i a_j "
            "for i ≠ j. The matrix is diag(a) − a aᵀ."),
    Mistake("the Jacobian with its sign flipped (a aᵀ − diag(a))",
            lambda z: np.outer(_a(z), _a(z)) - np.diag(_a(z)),
            "Raising z_j raises a_j: the diagonal a_j(1 − a_j) is positive. The matrix is diag(a) − a aᵀ."),
    Mistake("np.diag of the (n, 1) column a (it gives the 1-entry array [a_1], not a diagonal matrix)",
            lambda z: np.diag(softmax.fn(z)) - softmax.fn(z) @ softmax.fn(z).T,
            "np.diag builds a diagonal matrix only from a 1-D array; from a 2-D (n, 1) array it extracts the "
            "diagonal, here just [a_1]. Flatten first: a = softmax(z)[:, 0] (or a.ravel()), then "
            "np.diag(a) − np.outer(a, a)."),
    Mistake("the diagonal's formula a_i(1 − a_j) used off the diagonal too",
            lambda z: np.outer(_a(z), 1 - _a(z)),
            "Off the diagonal the numerator e^{z_i} does not contain z_j, so only the denominator's derivative "
            "remains: ∂a_i/∂z_j = −a_i a_j for i ≠ j, and a_j(1 − a_j) only for i = j."),
]


def check_softmax_jacobian(student) -> Result:
    """Check ``student(z)`` → ∂a/∂z, shape (n, n), entry [i−1, j−1] = ∂a_i/∂z_j, for one column ``z`` (n, 1)."""
    return check_function("the softmax Jacobian ∂a_i/∂z_j", student, softmax_jacobian_reference,
                          _softmax_jacobian_cases(), _JACOBIAN_MISTAKES,
                          success="∂a_i/∂z_j = a_i(δ_ij − a_j), that is diag(a) − a aᵀ, on every test case.")


# -- BP1 for a softmax output layer -------------------------------------------------------------

def softmax_output_error_reference(nabla_a_C: Array, z_L: Array) -> Array:
    r"""BP1 for a softmax layer: δ^L = (∂a^L/∂z^L)ᵀ ∇_a C = a ⊙ (∇_a C − aᵀ∇_a C), column by column."""
    return bp1(nabla_a_C, z_L, "softmax")


def _softmax_output_error_cases() -> list[tuple]:
    rng = np.random.default_rng(112)
    return [(rng.standard_normal((n, m)), rng.uniform(-2.0, 2.0, (n, m))) for n, m in [(3, 1), (4, 5), (10, 3)]]


def _weighted_mean(g: Array, z: Array) -> Array:
    """aᵀ ∇_a C for each column: the a-weighted mean of ∇_a C, shape (1, m)."""
    return np.sum(softmax.fn(z) * g, axis=0, keepdims=True)


def _rows_softmax(z: Array) -> Array:
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


_OUTPUT_ERROR_MISTAKES = [
    Mistake("the diagonal-only Jacobian (∇_a C ⊙ a(1 − a))",
            lambda g, z: g * softmax.fn(z) * (1 - softmax.fn(z)),
            "That is BP1's Hadamard form with the Jacobian's diagonal a(1 − a). It holds only when a_i depends "
            "on z_i alone; the softmax's off-diagonal entries −a_i a_j add −a_j Σ_{i≠j} a_i ∂C/∂a_i to δ_j. "
            "Use the whole Jacobian: δ = (diag(a) − a aᵀ)ᵀ ∇_a C."),
    Mistake("the sigmoid's σ'(z^L) applied entry by entry",
            lambda g, z: g * sigmoid.prime(z),
            "∇_a C ⊙ σ'(z^L) is BP1 for a sigmoid layer. A softmax layer has no σ' to apply entry by entry: "
            "use its Jacobian diag(a) − a aᵀ, with a the softmax of each column."),
    Mistake("the first example's Jacobian used for every column",
            lambda g, z: softmax.jacobian(z[:, :1])[0].T @ g,
            "Each example (column) has its own a^L and so its own Jacobian diag(a) − a aᵀ: compute δ column by "
            "column, or with a batch formula such as a * (g − np.sum(a * g, axis=0, keepdims=True))."),
    Mistake("the softmax taken along the wrong axis (across the rows)",
            lambda g, z: _rows_softmax(z) * (g - np.sum(_rows_softmax(z) * g, axis=0, keepdims=True)),
            "a^L is the softmax of each column of z^L (one example per column): normalise with axis=0."),
    Mistake("the term a ⊙ ∇_a C left out (only −a (aᵀ∇_a C))",
            lambda g, z: -softmax.fn(z) * _weighted_mean(g, z),
            "(diag(a) − a aᵀ)ᵀ ∇_a C has two terms: diag(a) ∇_a C = a ⊙ ∇_a C, and −a (aᵀ ∇_a C)."),
    Mistake("a plus sign: a ⊙ (∇_a C + aᵀ∇_a C)",
            lambda g, z: softmax.fn(z) * (g + _weighted_mean(g, z)),
            "The off-diagonal entries are −a_i a_j: δ = a ⊙ ∇_a C − a (aᵀ ∇_a C)."),
    Mistake("the factor a missing: ∇_a C − aᵀ∇_a C",
            lambda g, z: g - _weighted_mean(g, z),
            "Both terms carry the factor a: δ = a ⊙ (∇_a C − (aᵀ ∇_a C))."),
    Mistake("aᵀ∇_a C summed over the whole batch instead of each column",
            lambda g, z: softmax.fn(z) * (g - np.sum(softmax.fn(z) * g)),
            "aᵀ ∇_a C is one number per example: np.sum(a * g, axis=0, keepdims=True)."),
]


def check_softmax_output_error(student) -> Result:
    """Check ``student(nabla_a_C, z_L)`` → δ^L for a softmax output layer, shapes (n_L, m)."""
    return check_function("BP1 for a softmax layer: δ^L = (∂a^L/∂z^L)ᵀ ∇_a C", student,
                          softmax_output_error_reference, _softmax_output_error_cases(), _OUTPUT_ERROR_MISTAKES,
                          success="δ^L = (diag(a) − a aᵀ)ᵀ ∇_a C on every test case.")


# -- BP1 in its general form, for any Jacobian ---------------------------------------------------

def bp1_jacobian_reference(J: Array, nabla_a_C: Array) -> Array:
    r"""BP1 in general: δ^L = (∂a^L/∂z^L)ᵀ ∇_a C for each column x, with J[x−1, i−1, j−1] = ∂a_i/∂z_j.

    ``J`` has shape (m, n, n) (one Jacobian per example), ``nabla_a_C`` shape (n, m); returns (n, m).
    """
    return np.einsum("xij,ix->jx", J, nabla_a_C)


def _bp1_jacobian_cases() -> list[tuple]:
    """Jacobians of general vector functions (random, not symmetric), and one of a softmax (symmetric)."""
    rng = np.random.default_rng(113)
    cases = [(rng.standard_normal((m, n, n)), rng.standard_normal((n, m))) for n, m in [(3, 1), (4, 3), (2, 5)]]
    z = rng.standard_normal((4, 2))
    cases.append((softmax.jacobian(z), rng.standard_normal((4, 2))))
    return cases


_BP1_JACOBIAN_MISTAKES = [
    Mistake("the Jacobian not transposed ((∂a/∂z) ∇_a C)",
            lambda J, g: np.einsum("xij,jx->ix", J, g),
            "δ_j = Σ_i (∂C/∂a_i)(∂a_i/∂z_j): the sum runs over i, the first index of J[i, j] = ∂a_i/∂z_j, "
            "that is down column j. That is Jᵀ ∇_a C. (The softmax's Jacobian is symmetric, so there the "
            "transpose changes nothing; for a general function it does.)"),
    Mistake("the diagonal only (∇_a C ⊙ the diagonal of J)",
            lambda J, g: g * np.diagonal(J, axis1=1, axis2=2).T,
            "BP1's Hadamard form keeps only ∂a_j/∂z_j. It is right only when the Jacobian is diagonal "
            "(an elementwise σ); here a_i also depends on z_j for i ≠ j, and every such term adds to δ_j."),
    Mistake("the first example's Jacobian used for every column",
            lambda J, g: J[0].T @ g,
            "J[x] is the Jacobian of example x: column x of δ is J[x]ᵀ applied to column x of ∇_a C."),
    Mistake("one Jacobian for the batch (the mean of J over the examples)",
            lambda J, g: J.mean(axis=0).T @ g,
            "Each example has its own Jacobian J[x]: do not average them; apply J[x]ᵀ to column x."),
]


def check_bp1_jacobian(student) -> Result:
    """Check ``student(J, nabla_a_C)`` → δ^L = (∂a/∂z)ᵀ ∇_a C per column; J (m, n, n), nabla_a_C (n, m)."""
    return check_function("BP1 in general: δ^L = (∂a^L/∂z^L)ᵀ ∇_a C", student, bp1_jacobian_reference,
                          _bp1_jacobian_cases(), _BP1_JACOBIAN_MISTAKES,
                          success="δ^L = Jᵀ ∇_a C for each example, also for Jacobians that are not symmetric.")


# -- the log-likelihood cost --------------------------------------------------------------------

def log_likelihood_reference(a: Array, y: Array) -> Array:
    r"""C_x = −Σ_j y_j ln a_j for each column; shape (m,)."""
    return costs.log_likelihood.fn(a, y)


def _log_likelihood_cases() -> list[tuple]:
    rng = np.random.default_rng(114)
    cases = []
    for n, m in [(10, 5), (3, 1), (4, 3)]:
        a = softmax.fn(rng.normal(0.0, 1.5, (n, m)))
        y = np.eye(n)[:, rng.integers(0, n, m)]                        # one-hot targets
        cases.append((a, y))
    a = softmax.fn(rng.normal(0.0, 1.5, (4, 3)))
    cases.append((a, softmax.fn(rng.normal(0.0, 1.0, (4, 3)))))        # soft targets: any distribution
    return cases


_LOG_LIKELIHOOD_MISTAKES = [
    Mistake("the log-likelihood without its minus sign",
            lambda a, y: np.sum(y * np.log(a), axis=0),
            "ln a_j < 0 for 0 < a_j < 1, so Σ y_j ln a_j is negative; the cost is its negative, −Σ_j y_j ln a_j, "
            "which is ≥ 0 and falls as a_j of the right class rises."),
    Mistake("averaging over the batch (one number instead of one per example)",
            lambda a, y: float(np.mean(log_likelihood_reference(a, y))),
            "Return the per-example costs C_x, shape (m,): sum over the outputs j (axis=0) only."),
    Mistake("summing over the batch (one number instead of one per example)",
            lambda a, y: float(np.sum(log_likelihood_reference(a, y))),
            "Return the per-example costs C_x, shape (m,): sum over the outputs j (axis=0) only."),
    Mistake("the cross-entropy of sigmoid outputs (with a (1 − y) ln(1 − a) term)",
            lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0),
            "That is the cost for independent sigmoid outputs. With a softmax the outputs already compete "
            "(they sum to 1), and the log-likelihood is only −Σ_j y_j ln a_j."),
    Mistake("−Σ_j ln a_j over every output (y left out)",
            lambda a, y: -np.sum(np.log(a), axis=0),
            "Weight each ln a_j by its target y_j: only the right class's output counts for a one-hot y."),
    Mistake("only the class of the largest y_j (right for one-hot targets only)",
            lambda a, y: -np.log(a[np.argmax(y, axis=0), np.arange(a.shape[1])]),
            "−ln a_{label} is the cost for a one-hot y. Targets may be any distribution (soft labels): "
            "use −Σ_j y_j ln a_j."),
    Mistake("log base 10 instead of the natural log",
            lambda a, y: -np.sum(y * np.log10(a), axis=0),
            "Use np.log (the natural log, ln); np.log10 scales the cost by 1/ln 10."),
]


def check_log_likelihood(student) -> Result:
    """Check ``student(a, y)`` → C_x = −Σ_j y_j ln a_j for each column, shape (m,)."""
    return check_function("the log-likelihood C_x = −Σ_j y_j ln a_j", student, log_likelihood_reference,
                          _log_likelihood_cases(), _LOG_LIKELIHOOD_MISTAKES,
                          success="−Σ_j y_j ln a_j, one value per example, also for soft targets.")
