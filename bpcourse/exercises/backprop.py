r"""Checkers for notebook 07: the whole backprop algorithm over a batch, and the relative error."""

from __future__ import annotations

import numpy as np

from bpcourse import activations
from bpcourse.exercises._core import Mistake, Result, _close, check_function
from bpcourse.gradcheck import relative_error
from bpcourse.network import Network

sigmoid = activations.sigmoid


def _reference_backprop(weights, biases, X, Y):
    """The package's answer: a sigmoid network with the quadratic cost and these parameters."""
    net = Network([weights[0].shape[1]] + [W.shape[0] for W in weights], seed=0)
    net.weights = [np.array(W, dtype=float) for W in weights]
    net.biases = [np.array(b, dtype=float) for b in biases]
    return net.backprop(X, Y)


def _backprop_variant(weights, biases, X, Y, *, transpose_bp2=True, average=True, a_prev=True,
                      sigma_prime=True, half=True, order="forward", outer="delta_a"):
    """Backprop with one switch per classic mistake; all switches at their defaults is correct."""
    zs, acts = [], [X]
    for W, b in zip(weights, biases):
        zs.append(W @ acts[-1] + b)
        acts.append(sigmoid.fn(zs[-1]))
    d_sigma = sigmoid.prime if sigma_prime else sigmoid.fn
    m = X.shape[1]
    scale = 1.0 / m if average else 1.0
    delta = (acts[-1] - Y) * (1.0 if half else 2.0) * d_sigma(zs[-1])            # BP1
    grad_W, grad_b = [None] * len(weights), [None] * len(weights)
    for i in range(len(weights) - 1, -1, -1):                                  # i is l - 2
        a_in = acts[i] if a_prev else acts[i + 1]
        grad_W[i] = (delta @ a_in.T if outer == "delta_a" else a_in @ delta.T) * scale  # BP4
        grad_b[i] = delta.sum(axis=1, keepdims=True) * scale                   # BP3
        if i > 0:
            W_next = weights[i].T if transpose_bp2 else weights[i]
            delta = (W_next @ delta) * d_sigma(zs[i - 1])                      # BP2
    if order == "backward":
        grad_W, grad_b = grad_W[::-1], grad_b[::-1]
    return grad_W, grad_b


def _backprop_cases(seed: int = 7) -> list[tuple]:
    """(weights, biases, X, Y): square layers first (so a missing transpose or a^l still runs), then varied."""
    rng = np.random.default_rng(seed)
    cases = []
    for sizes, m in [([3, 3, 3, 3], 4), ([2, 4, 3], 5), ([4, 3, 5, 2], 3), ([3, 2], 6), ([2, 3, 3, 2, 2], 2),
                     ([5, 4, 1], 1)]:
        weights = [rng.normal(0.0, 1.0, (n, n_prev)) for n_prev, n in zip(sizes[:-1], sizes[1:])]
        biases = [rng.normal(0.0, 1.0, (n, 1)) for n in sizes[1:]]
        X = rng.uniform(0.0, 1.0, (sizes[0], m))
        Y = rng.uniform(0.0, 1.0, (sizes[-1], m))
        cases.append((weights, biases, X, Y))
    return cases


def _copy_case(args) -> tuple:
    return tuple([a.copy() for a in x] if isinstance(x, list) else x.copy() for x in args)


def check_backprop(my_backprop) -> Result:
    r"""Check ``my_backprop(weights, biases, X, Y)`` → ``(grad_W, grad_b)`` for a sigmoid network
    with the quadratic cost C = (1/m) Σ_x ½‖a^L − y‖², against ``Network.backprop``.

    ``weights[i]`` is W^{i+2} (shape (n_{i+2}, n_{i+1})), ``biases[i]`` is b^{i+2}; X and Y hold
    one example per column. The answer's lists must be in the same order (W^2 first).
    """
    v = _backprop_variant
    mistakes = [
        Mistake("a missing transpose in BP2",
                lambda *a: v(*a, transpose_bp2=False),
                "BP2 sends δ^{l+1} back through the weights: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l). "
                "W^{l+1} has shape (n_{l+1}, n_l), so only its transpose takes n_{l+1} numbers to n_l."),
        Mistake("summing over the batch instead of averaging",
                lambda *a: v(*a, average=False),
                "C is the mean of the per-example costs, so divide the summed gradients by m (X.shape[1])."),
        Mistake("a^l in place of a^{l-1} in BP4",
                lambda *a: v(*a, a_prev=False),
                "∂C/∂W^l = δ^l (a^{l−1})^T uses the activation feeding the weight. If activations[0] is X, "
                "W^l = weights[l-2] pairs with activations[l-2]."),
        Mistake("the transposed weight gradient a^{l-1} (δ^l)^T",
                lambda *a: v(*a, outer="a_delta"),
                "∂C/∂W^l has the shape of W^l, (n_l, n_{l−1}): it is δ^l (a^{l−1})^T, delta @ a_prev.T."),
        Mistake("σ(z) in place of σ'(z)",
                lambda *a: v(*a, sigma_prime=False),
                "BP1 and BP2 multiply by the derivative σ'(z) = σ(z)(1 − σ(z)), not by σ(z) itself."),
        Mistake("the gradient lists in reverse order (output layer first)",
                lambda *a: v(*a, order="backward"),
                "The backward pass visits W^L first; if you append as you go, reverse the lists at the end "
                "(or fill them by index) so that grad_W[0] belongs to W^2, like weights[0]."),
        Mistake("a factor of 2 in ∇_a C",
                lambda *a: v(*a, half=False),
                "With C_x = ½‖a^L − y‖², the ½ cancels the 2 from the square: ∇_a C_x = a^L − y."),
    ]

    student = my_backprop
    if callable(my_backprop):
        def student(weights, biases, X, Y):
            """The student's function on fresh copies, so changing the lists in place spoils nothing."""
            return my_backprop(*_copy_case((weights, biases, X, Y)))
    return check_function("my_backprop", student, _reference_backprop, _backprop_cases(), mistakes,
                          success="(grad_W, grad_b) match Network.backprop on every architecture and batch.")


def _rel_err_cases(seed: int = 8) -> list[tuple]:
    """(a, b) pairs at very different scales, so an absolute error or a one-sided denominator is caught."""
    rng = np.random.default_rng(seed)
    cases = []
    for shape, scale in [((3, 4), 1e3), ((5,), 1e-4), ((2, 3), 1.0), ((6, 1), 50.0)]:
        a = scale * rng.normal(size=shape)
        b = a + scale * 1e-3 * rng.normal(size=shape)
        cases.append((a, b))
    b = np.array([[1.0, -2.0], [0.5, 3.0]])
    cases.append((np.zeros((2, 2)), b))          # one side zero: the answer is exactly 1
    return cases


def check_relative_error(my_relative_error) -> Result:
    r"""Check ``my_relative_error(a, b)`` → ‖a − b‖ / (‖a‖ + ‖b‖) (a float; 0 when a = b = 0)."""
    mistakes = [
        Mistake("the absolute error ‖a − b‖ (no denominator)",
                lambda a, b: np.linalg.norm(a - b),
                "An absolute error of 1e-6 means nothing until you know the gradient's size: "
                "divide by ‖a‖ + ‖b‖."),
        Mistake("dividing by ‖a‖ only",
                lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a),
                "Divide by ‖a‖ + ‖b‖: it treats both gradients alike and is 0 only if one of them is 0 "
                "when the other is too."),
        Mistake("a squared norm (a sum of squares without the square root)",
                lambda a, b: np.sum((a - b) ** 2) / (np.sum(a ** 2) ** 0.5 + np.sum(b ** 2) ** 0.5),
                "‖v‖ is the square root of the sum of squares: np.linalg.norm(v)."),
        Mistake("the largest entry-wise relative error",
                lambda a, b: np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))),
                "Use norms of the whole arrays: ‖a − b‖ / (‖a‖ + ‖b‖)."),
    ]
    result = check_function("my_relative_error", my_relative_error, relative_error, _rel_err_cases(),
                            mistakes, rtol=1e-9, atol=1e-15,
                            success="‖a − b‖ / (‖a‖ + ‖b‖) on every pair.")
    if not result.passed:
        return result
    zero = np.zeros((3, 2))
    try:
        with np.errstate(all="ignore"):
            got = my_relative_error(zero, zero.copy())
    except Exception as exc:
        return Result(False, "my_relative_error", f"with a = b = 0 your function raised {type(exc).__name__}: {exc}",
                      hint="When both arrays are zero they agree perfectly: return 0.0 instead of dividing 0 by 0.",
                      mistake="dividing 0 by 0")
    if not _close(got, 0.0):
        return Result(False, "my_relative_error", f"with a = b = 0 your function returned {got!r}, not 0.",
                      hint="‖a‖ + ‖b‖ is 0 there and 0/0 is nan: return 0.0 when the denominator is 0.",
                      mistake="dividing 0 by 0")
    return result
