r"""Checkers for notebook 07: the whole backprop algorithm over a batch, and the relative error."""

from __future__ import annotations

import numpy as np

from bpcourse import activations, equations, gradcheck
from bpcourse.exercises import _values
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result, near_miss
from bpcourse.gradcheck import relative_error
from bpcourse.network import STEPS, Network

sigmoid = activations.sigmoid


def _network(weights, biases) -> Network:
    """A sigmoid network with the quadratic cost and these parameters."""
    net = Network([weights[0].shape[1]] + [W.shape[0] for W in weights], seed=0)
    net.weights = [np.array(W, dtype=float) for W in weights]
    net.biases = [np.array(b, dtype=float) for b in biases]
    return net


def _reference_backprop(weights, biases, X, Y):
    """The package's answer: a sigmoid network with the quadratic cost and these parameters."""
    return _network(weights, biases).backprop(X, Y)


# -- the known mistakes: the package's backward pass with one step replaced ----------------------
# Each step has the signature of bpcourse.network.Steps: the network, the forward cache (which
# answers .z(l) and .a(l) with the course's layer numbers), the layer l and δ (or Y for BP1).

def _output_error(prime=sigmoid.prime, factor=1.0):
    """BP1 for the quadratic cost, δ^L = factor · (a^L − y) ⊙ prime(z^L)."""
    def step(net, cache, Y):
        return factor * (cache.a(net.L) - Y) * prime(cache.z(net.L))
    return step


def _hidden_error(prime=sigmoid.prime, transpose=True):
    """BP2, δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ prime(z^l), or W^{l+1} untransposed."""
    def step(net, cache, l, delta_next):
        W = net.W(l + 1)
        return ((W.T if transpose else W) @ delta_next) * prime(cache.z(l))
    return step


def _sigma_prime_of_a(z):
    return sigmoid.prime(sigmoid.fn(z))


def _no_factor(z):
    return 1.0


def _summed_bias_gradient(net, cache, l, delta):
    return delta.sum(axis=1, keepdims=True)                       # BP3 without the 1/m


def _summed_weight_gradient(net, cache, l, delta):
    return delta @ cache.a(l - 1).T                               # BP4 without the 1/m


def _weight_gradient_with_a_l(net, cache, l, delta):
    return delta @ cache.a(l).T / delta.shape[1]                  # BP4 with a^l for a^{l-1}


def _transposed_weight_gradient(net, cache, l, delta):
    return cache.a(l - 1) @ delta.T / delta.shape[1]              # BP4 as a^{l-1} (δ^l)^T


def _with(**steps):
    """The package's backprop of a sigmoid network with the quadratic cost, these steps replaced."""
    replaced = STEPS.replace(**steps)

    def wrong(weights, biases, X, Y):
        return _network(weights, biases).backprop(X, Y, steps=replaced)
    return wrong


def _reordered(how):
    """The right gradients, handed back in a wrong order (no step of the pass is at fault)."""
    def wrong(weights, biases, X, Y):
        grad_W, grad_b = _reference_backprop(weights, biases, X, Y)
        return how(grad_W, grad_b)
    return wrong


def _backprop_cases(seed: int = 7) -> list[Case]:
    """(weights, biases, X, Y): square layers first (so a missing transpose or a^l still runs), then varied."""
    rng = np.random.default_rng(seed)
    cases = []
    for sizes, m in [([3, 3, 3, 3], 4), ([2, 4, 3], 5), ([4, 3, 5, 2], 3), ([3, 2], 6), ([2, 3, 3, 2, 2], 2),
                     ([5, 4, 1], 1), ([3, 4, 4, 2], 4)]:
        weights = [rng.normal(0.0, 1.0, (n, n_prev)) for n_prev, n in zip(sizes[:-1], sizes[1:])]
        biases = [rng.normal(0.0, 1.0, (n, 1)) for n in sizes[1:]]
        X = rng.uniform(0.0, 1.0, (sizes[0], m))
        Y = rng.uniform(0.0, 1.0, (sizes[-1], m))
        label = f"sizes {sizes}, a batch of {m}" if m > 1 else f"sizes {sizes}, one example"
        cases.append(Case((weights, biases, X, Y), label, m=m))
    return cases


_SP_LOOK = "Look at the derivative factor in BP1 and BP2: which function, evaluated where?"
BACKPROP_MISTAKES = [
    Mistake("a missing transpose in BP2", _with(hidden_error=_hidden_error(transpose=False)),
            "BP2 sends δ^{l+1} back through the weights: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l). "
            "W^{l+1} has shape (n_{l+1}, n_l), so only its transpose takes n_{l+1} numbers to n_l.",
            "Look at BP2's matrix product."),
    Mistake("summing over the batch instead of averaging",
            _with(bias_gradient=_summed_bias_gradient, weight_gradient=_summed_weight_gradient),
            "C is the mean of the per-example costs, so divide the summed gradients by m (X.shape[1]).",
            "C is a mean over the batch: what does that make of the gradients?"),
    Mistake("a^l in place of a^{l-1} in BP4", _with(weight_gradient=_weight_gradient_with_a_l),
            "∂C/∂W^l = δ^l (a^{l−1})^T uses the activation feeding the weight. If activations[0] is X, "
            "W^l = weights[l-2] pairs with activations[l-2].", "Look at BP4: which activation feeds W^l?"),
    Mistake("the transposed weight gradient a^{l-1} (δ^l)^T",
            _with(weight_gradient=_transposed_weight_gradient),
            "∂C/∂W^l has the shape of W^l, (n_l, n_{l−1}): it is δ^l (a^{l−1})^T, delta @ a_prev.T.",
            "Look at BP4's product: the gradient has the shape of W^l."),
    Mistake("σ(z) in place of σ'(z)",
            _with(output_error=_output_error(sigmoid.fn), hidden_error=_hidden_error(sigmoid.fn)),
            "BP1 and BP2 multiply by the derivative σ'(z) = σ(z)(1 − σ(z)), not by σ(z) itself.", _SP_LOOK),
    Mistake("σ'(a) in place of σ'(z) (the derivative taken at the activation)",
            _with(output_error=_output_error(_sigma_prime_of_a), hidden_error=_hidden_error(_sigma_prime_of_a)),
            "σ' is evaluated at the weighted input: σ'(z^l) = σ(z^l)(1 − σ(z^l)) = a^l(1 − a^l). "
            "sigmoid_prime(a) is σ'(σ(z)), the derivative at the wrong point.", _SP_LOOK),
    Mistake("a missing σ'(z^l) in BP2", _with(hidden_error=_hidden_error(_no_factor)),
            "(W^{l+1})^T δ^{l+1} is ∂C/∂a^l; δ^l = ∂C/∂z^l needs one more factor, ⊙ σ'(z^l). The output "
            "layer's gradients are right, every layer below is not.", "Look at BP2: what links z^l to a^l?"),
    Mistake("a reversed sign (y − a^L)", _with(output_error=_output_error(factor=-1.0)),
            "∇_a C = a^L − y for C = ½‖a^L − y‖²: with y − a^L every gradient points the wrong way.",
            "Look at the sign of δ^L."),
    Mistake("(grad_b, grad_W): the pair in the wrong order", _reordered(lambda gW, gb: (gb, gW)),
            "Return (grad_W, grad_b): the weight gradients first, like the arguments (weights, biases).",
            "Look at the order of what you return."),
    Mistake("the gradient lists in reverse order (output layer first)",
            _reordered(lambda gW, gb: (gW[::-1], gb[::-1])),
            "The backward pass visits W^L first; if you append as you go, reverse the lists at the end "
            "(or fill them by index) so that grad_W[0] belongs to W^2, like weights[0].",
            "Look at the order of your lists: grad_W[0] belongs to weights[0]."),
    Mistake("a factor of 2 in ∇_a C", _with(output_error=_output_error(factor=2.0)),
            "With C_x = ½‖a^L − y‖², the ½ cancels the 2 from the square: ∇_a C_x = a^L − y.",
            "Look at the constant factor in δ^L."),
    Mistake("an approximation (a finite difference?) where the exact value is asked for", None,
            "Your numbers agree with the exact ones to several digits, but not to the precision of the chain rule: "
            "a finite-difference estimate is off by its truncation and rounding errors (notebook 07). The exercise "
            "asks for the exact derivative, by BP1–BP4.",
            "Your numbers are close, but not exact: how did you compute them?", test=near_miss()),
]


def _forbidden_gradients() -> list[Forbidden]:
    items = [Forbidden(Network, name, f"Network.{name}") for name in ("backprop", "errors", "gradients")]
    items += [Forbidden(equations, f"bp{i}", f"bp{i}") for i in (1, 2, 3, 4)]
    items += [Forbidden(gradcheck, "numerical_gradient", "gradcheck.numerical_gradient")]
    try:
        from bpcourse import autodiff
        items.append(Forbidden(autodiff, "network_gradient", "autodiff.network_gradient"))
    except ImportError:
        pass
    return items


BACKPROP = Exercise(
    "my_backprop", ("weights", "biases", "X", "Y"), _reference_backprop, _backprop_cases(), BACKPROP_MISTAKES,
    hint="Forward, keeping every z^l and a^l; δ^L = (a^L − y) ⊙ σ'(z^L) (BP1); then from l = L down to 2: "
         "∂C/∂b^l = mean of δ^l's columns (BP3), ∂C/∂W^l = δ^l (a^{l−1})^T / m (BP4), and "
         "δ^{l−1} = ((W^l)^T δ^l) ⊙ σ'(z^{l−1}) (BP2).",
    success="(grad_W, grad_b) match Network.backprop on every architecture and batch.", rtol=1e-9,
    forbidden=_forbidden_gradients())


def check_backprop(my_backprop) -> Result:
    r"""Check ``my_backprop(weights, biases, X, Y)`` → ``(grad_W, grad_b)`` for a sigmoid network
    with the quadratic cost C = (1/m) Σ_x ½‖a^L − y‖², against ``Network.backprop``.

    ``weights[i]`` is W^{i+2} (shape (n_{i+2}, n_{i+1})), ``biases[i]`` is b^{i+2}; X and Y hold
    one example per column. The answer's lists must be in the same order (W^2 first). Only numpy:
    the package's gradients are off limits.
    """
    return BACKPROP.check(my_backprop)


# -- the relative error ------------------------------------------------------------------------------

def _rel_err_cases(seed: int = 8) -> list[Case]:
    """(a, b) pairs at very different scales (an absolute error is caught), with ‖a‖ < ‖b‖ and ‖a‖ > ‖b‖
    (a one-sided denominator is caught whichever side it takes), one side zero, and both zero."""
    rng = np.random.default_rng(seed)
    cases = []
    for shape, scale in [((3, 4), 1e3), ((5,), 1e-2), ((2, 3), 1.0), ((6, 1), 50.0)]:
        a = scale * rng.normal(size=shape)
        b = a + scale * 1e-3 * rng.normal(size=shape)
        cases.append(Case((a, b), f"arrays of shape {shape}, entries about {scale:g}, nearly equal"))
    a = rng.normal(size=(3, 3))
    cases.append(Case((a, 2.5 * a + 0.1 * rng.normal(size=(3, 3))), "‖b‖ about 2.5 ‖a‖"))
    a = rng.normal(size=(4,))
    cases.append(Case((a, a / 3 + 0.05 * rng.normal(size=4)), "‖b‖ about ‖a‖ / 3"))
    cases.append(Case((np.zeros((2, 2)), np.array([[1.0, -2.0], [0.5, 3.0]])), "a = 0 (the answer is exactly 1)"))
    cases.append(Case((np.zeros((3, 2)), np.zeros((3, 2))), "a = b = 0", tags=frozenset({"zero"})))
    return cases


def _value_at_zero(cases, values):
    """The answer's value on the case a = b = 0 as a float (nan when it raised or is unreadable)."""
    for c, v in zip(cases, values):
        if "zero" in c.tags:
            try:
                return float(_values.conform(v, 0.0))
            except Exception:
                return float("nan")
    return float("nan")


def _wrong_only_at_zero(right, cases) -> bool:
    return all(r for r, c in zip(right, cases) if "zero" not in c.tags) and not all(right)


def _nan_only_at_zero(right, cases, values, exercise=None) -> bool:
    """Right everywhere except when a = b = 0, where it gives nan or inf (or raises): 0/0."""
    return _wrong_only_at_zero(right, cases) and not np.isfinite(_value_at_zero(cases, values))


def _other_value_at_zero(right, cases, values, exercise=None) -> bool:
    """Right everywhere except when a = b = 0, where it gives a finite number other than 0."""
    return _wrong_only_at_zero(right, cases) and np.isfinite(_value_at_zero(cases, values))


def _guard(right, cases, values, exercise=None) -> bool:
    """A denominator ‖a‖ + ‖b‖ + ε with one ε > 0 too large to leave the small-scale answers alone."""
    eps = []
    for c, v in zip(cases, values):
        a, b = c.args
        n, d = np.linalg.norm(a - b), np.linalg.norm(a) + np.linalg.norm(b)
        if d == 0:
            continue
        try:
            got = float(_values.conform(v, 0.0))
        except Exception:
            return False
        if not np.isfinite(got) or got <= 0:
            return False
        eps.append(n / got - d)
    eps = np.array(eps)
    return eps.size > 0 and eps.min() > 0 and np.allclose(eps, eps.mean(), rtol=1e-3) and not all(right)


_ZERO = frozenset({"zero"})
RELATIVE_ERROR_MISTAKES = [
    Mistake("dividing 0 by 0 when a = b = 0", None,
            "When both arrays are zero they agree perfectly, but ‖a‖ + ‖b‖ is 0 and 0/0 is nan: return 0.0 "
            "when the denominator is 0.", "Your formula is right everywhere but one case: which?",
            test=_nan_only_at_zero),
    Mistake("the wrong value when a = b = 0", None,
            "When both arrays are zero they agree perfectly, so their relative error is 0: return 0.0 when "
            "‖a‖ + ‖b‖ is 0.", "Your formula is right everywhere but one case: which?",
            test=_other_value_at_zero),
    Mistake("the absolute error ‖a − b‖ (no denominator)", lambda a, b: np.linalg.norm(a - b),
            "An absolute error of 1e-6 means nothing until you know the gradient's size: "
            "divide by ‖a‖ + ‖b‖.", ignore=_ZERO),
    Mistake("dividing by ‖a‖ only", lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a),
            "Divide by ‖a‖ + ‖b‖: it treats both arrays alike and is 0 only if one of them is 0 "
            "when the other is too.", ignore=_ZERO),
    Mistake("dividing by ‖b‖ only", lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(b),
            "Divide by ‖a‖ + ‖b‖: it treats both arrays alike.", ignore=_ZERO),
    Mistake("max(‖a‖, ‖b‖) in the denominator",
            lambda a, b: np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b)),
            "max(‖a‖, ‖b‖) is a common choice elsewhere, and it also treats a and b alike; but this course "
            "(and gradcheck.relative_error) uses the sum ‖a‖ + ‖b‖, which gives half your value when the two "
            "are close.", ignore=_ZERO),
    Mistake("a squared norm (a sum of squares without the square root)",
            lambda a, b: np.sum((a - b) ** 2) / (np.sum(a ** 2) ** 0.5 + np.sum(b ** 2) ** 0.5),
            "‖v‖ is the square root of the sum of squares: np.linalg.norm(v).", ignore=_ZERO),
    Mistake("the largest entry-wise relative error",
            lambda a, b: np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))),
            "Use norms of the whole arrays: ‖a − b‖ / (‖a‖ + ‖b‖).", ignore=_ZERO),
    Mistake("a guard ε in the denominator large enough to change the answer", None,
            "A small ε in ‖a‖ + ‖b‖ + ε avoids 0/0, but yours is large enough to change the result for "
            "arrays with small entries (the gradients of a well-trained network are small). Use ε ≤ 1e-12, or "
            "better, return 0.0 when ‖a‖ + ‖b‖ = 0.", "Compare your result on the arrays with small entries.",
            test=_guard),
]

RELATIVE_ERROR = Exercise(
    "my_relative_error", ("a", "b"), relative_error, _rel_err_cases(), RELATIVE_ERROR_MISTAKES,
    hint="‖a − b‖ / (‖a‖ + ‖b‖), each ‖·‖ the norm of the whole array (np.linalg.norm), and 0.0 when both "
         "arrays are zero.",
    success="‖a − b‖ / (‖a‖ + ‖b‖) on every pair, and 0 when a = b = 0.",
    forbidden=[Forbidden(gradcheck, "relative_error", "gradcheck.relative_error")])


def check_relative_error(my_relative_error) -> Result:
    r"""Check ``my_relative_error(a, b)`` → ‖a − b‖ / (‖a‖ + ‖b‖) (a float; 0 when a = b = 0)."""
    return RELATIVE_ERROR.check(my_relative_error)
