r"""Checkers for notebook 01: one layer forward, and the whole forward pass over a batch.

Each checker runs the student's function on seeded random cases (a square case first,
so that W^T in place of W gives wrong numbers instead of a shape error), and names the
mistake when it recognises one: W transposed, a forgotten bias, σ applied twice or not
at all, the bias added after σ, a hard-coded sigmoid, a return inside the loop.
"""

from __future__ import annotations

import numpy as np

from bpcourse.activations import sigmoid, tanh
from bpcourse.exercises._core import Case, Exercise, Forbidden, Mistake, Result
from bpcourse.network import Network

Array = np.ndarray


# -- one layer ------------------------------------------------------------------------
def layer_forward(W: Array, a_prev: Array, b: Array, sigma) -> Array:
    r"""a^l = σ(W^l a^{l-1} + b^l).

    W : (n_l, n_{l-1}); a_prev : (n_{l-1}, m); b : (n_l, 1); sigma : a function applied
    elementwise. Returns a^l of shape (n_l, m).
    """
    z = W @ a_prev + b
    return sigma(z)


def _layer_cases(seed: int = 0) -> list[Case]:
    rng = np.random.default_rng(seed)
    plans = [((3, 3, 1), "a square W, one example"), ((4, 3, 1), "W of shape (4, 3), one example"),
             ((4, 3, 5), "W of shape (4, 3), a batch of 5"), ((2, 4, 6), "W of shape (2, 4), a batch of 6"),
             ((4, 3, 4), "W of shape (4, 3), a batch of 4 (as many examples as neurons)"),
             ((3, 2, 4), "tanh as σ, W of shape (3, 2), a batch of 4")]   # (n_l, n_{l-1}, m)
    cases = []
    for (n, n_prev, m), label in plans:
        sigma = tanh.fn if label.startswith("tanh") else sigmoid.fn
        cases.append(Case((rng.standard_normal((n, n_prev)), rng.standard_normal((n_prev, m)),
                           rng.standard_normal((n, 1)), sigma), label, m=m))
    return cases


_SIGMA_LOOK = "Look at where σ is applied: a^l = σ(z^l), z^l = W^l a^{l-1} + b^l."
LAYER_MISTAKES = [
    Mistake("W transposed (W.T @ a_prev)", lambda W, a, b, s: s(W.T @ a + b),
            "W^l has shape (n_l, n_{l-1}): row j holds the weights *into* neuron j, so z^l = W @ a_prev + b, "
            "with no transpose. (Only a square W lets W.T @ a_prev run at all.)",
            "Look at the matrix product: write the shapes of W and a_prev next to each other."),
    Mistake("a forgotten bias", lambda W, a, b, s: s(W @ a),
            "z^l = W^l a^{l-1} + b^l: add b before applying σ.", "Count the terms of z^l in your code."),
    Mistake("the bias added along the rows (b.ravel() or b.T)", lambda W, a, b, s: s(W @ a + b.ravel()),
            "b has shape (n_l, 1), a column: numpy adds it to every column (example) of W @ a_prev. Flattened "
            "to (n_l,) or transposed to (1, n_l) it is added along the rows instead. Add b as it is.",
            "Look at the bias: which entries of W @ a_prev does numpy add it to?"),
    Mistake("σ applied twice", lambda W, a, b, s: s(s(W @ a + b)),
            "Apply σ once, to z = W @ a_prev + b.", _SIGMA_LOOK),
    Mistake("σ not applied (returning z instead of a)", lambda W, a, b, s: W @ a + b,
            "The layer's output is a^l = σ(z^l); you returned z^l. Finish with sigma(z).", _SIGMA_LOOK),
    Mistake("the bias added after σ", lambda W, a, b, s: s(W @ a) + b,
            "The bias goes inside σ: a^l = σ(W a^{l-1} + b), not σ(W a^{l-1}) + b.", _SIGMA_LOOK),
    Mistake("a hard-coded sigmoid", lambda W, a, b, s: sigmoid.fn(W @ a + b),
            "Use the `sigma` argument, not a sigmoid of your own: the checker also passes tanh.",
            "Right for the sigmoid: which σ does the function receive?"),
]

LAYER = Exercise(
    "my_layer_forward", ("W", "a_prev", "b", "sigma"), layer_forward, _layer_cases(), LAYER_MISTAKES,
    hint="a^l = σ(W^l a^{l-1} + b^l): W (n_l, n_{l-1}) @ a_prev (n_{l-1}, m) gives (n_l, m); the bias "
         "(n_l, 1) is added to every column; then σ entry by entry.",
    success="correct on every test case: a^l = σ(W^l a^{l-1} + b^l), batches included.")


def check_layer_forward(student) -> Result:
    """Check ``my_layer_forward(W, a_prev, b, sigma)`` → a^l = σ(W a_prev + b), shape (n_l, m)."""
    return LAYER.check(student)


# -- the whole forward pass -----------------------------------------------------------
def feedforward(weights: list, biases: list, X: Array) -> Array:
    r"""a^L, from a^1 = X and a^l = σ(W^l a^{l-1} + b^l) for l = 2..L (σ the sigmoid).

    weights[i] is W^{i+2}, shape (n_{i+2}, n_{i+1}); biases[i] is b^{i+2}, shape (n_{i+2}, 1);
    X is a batch of shape (n_1, m). Returns a^L of shape (n_L, m).
    """
    a = X
    for W, b in zip(weights, biases):
        a = sigmoid.fn(W @ a + b)
    return a


def _net_cases(seed: int = 1) -> list[Case]:
    rng = np.random.default_rng(seed)
    plans = [([3, 3, 3], 2), ([2, 3, 2], 1), ([2, 3, 2], 10), ([4, 5, 3, 2], 7), ([6, 4, 4, 3], 3)]
    cases = []
    for sizes, m in plans:
        weights = [rng.standard_normal((n, n_prev)) for n_prev, n in zip(sizes[:-1], sizes[1:])]
        biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
        label = f"sizes {sizes}, a batch of {m}" if m > 1 else f"sizes {sizes}, one example"
        cases.append(Case((weights, biases, rng.standard_normal((sizes[0], m))), label, m=m))
    return cases


def _forward_with(layer, weights, biases, X, last=None):
    """Run ``layer(W, a, b)`` through every layer (``last`` for the output layer, if given)."""
    a = X
    for i, (W, b) in enumerate(zip(weights, biases)):
        step = last if (last is not None and i == len(weights) - 1) else layer
        a = step(W, a, b)
    return a


def _first_layer_only(weights, biases, X):
    return sigmoid.fn(weights[0] @ X + biases[0])


def _forward_cache(weights, biases, X):
    """(zs, activations), as Network.forward returns them."""
    zs, acts = [], [X]
    for W, b in zip(weights, biases):
        zs.append(W @ acts[-1] + b)
        acts.append(sigmoid.fn(zs[-1]))
    return zs, acts


_LAYER_LOOK = "Look at one layer of your loop: a = σ(W a + b), with W = weights[i] and b = biases[i]."
_LOOP_LOOK = "Look at your loop: does it go through every layer, and what does it return?"
FEEDFORWARD_MISTAKES = [
    Mistake("W transposed (W.T @ a)",
            lambda Ws, bs, X: _forward_with(lambda W, a, b: sigmoid.fn(W.T @ a + b), Ws, bs, X),
            "weights[i] = W^{i+2} already has shape (n_l, n_{l-1}): use W @ a, no transpose.", _LAYER_LOOK),
    Mistake("forgotten biases",
            lambda Ws, bs, X: _forward_with(lambda W, a, b: sigmoid.fn(W @ a), Ws, bs, X),
            "Each layer adds its bias: a = sigmoid(W @ a + b).", _LAYER_LOOK),
    Mistake("σ applied twice in each layer",
            lambda Ws, bs, X: _forward_with(lambda W, a, b: sigmoid.fn(sigmoid.fn(W @ a + b)), Ws, bs, X),
            "Apply σ once per layer, to z = W @ a + b.", _LAYER_LOOK),
    Mistake("σ never applied (a linear network)",
            lambda Ws, bs, X: _forward_with(lambda W, a, b: W @ a + b, Ws, bs, X),
            "Each layer's output is σ(z), not z: a = sigmoid(W @ a + b).", _LAYER_LOOK),
    Mistake("no σ on the output layer (returning z^L)",
            lambda Ws, bs, X: _forward_with(lambda W, a, b: sigmoid.fn(W @ a + b), Ws, bs, X,
                                            last=lambda W, a, b: W @ a + b),
            "The output layer is a sigmoid layer too: return a^L = σ(z^L), not z^L.", _LAYER_LOOK),
    Mistake("a return inside the loop (only layer 2 computed)", _first_layer_only,
            "Your function stopped after the first layer: move `return a` out of the for loop.", _LOOP_LOOK),
    Mistake("the output layer skipped", lambda Ws, bs, X: _forward_with(
                lambda W, a, b: sigmoid.fn(W @ a + b), Ws[:-1], bs[:-1], X),
            "Your loop stops one layer early (range(len(weights) - 1)?): a^L needs every W^l, l = 2..L.",
            _LOOP_LOOK),
    Mistake("the list of all activations returned", lambda Ws, bs, X: _forward_cache(Ws, bs, X)[1],
            "Your list holds a^1, ..., a^L and they are right; return only the output a^L, the last one.",
            "What does the exercise ask you to return?"),
    Mistake("(zs, activations) returned, like Network.forward", _forward_cache,
            "Your zs and activations are right; this exercise wants only the output a^L = activations[-1].",
            "What does the exercise ask you to return?"),
]

FEEDFORWARD = Exercise(
    "my_feedforward", ("weights", "biases", "X"), feedforward, _net_cases(), FEEDFORWARD_MISTAKES,
    hint="Start with a = X (that is a^1); for each layer, in order, a = σ(W @ a + b); after the loop, a is a^L.",
    success="correct on every test case: a^L for batches and networks of 3 and 4 layers.",
    forbidden=[Forbidden(Network, "feedforward", "Network.feedforward"),
               Forbidden(Network, "forward", "Network.forward")])


def check_feedforward(student) -> Result:
    """Check ``my_feedforward(weights, biases, X)`` → a^L for a batch X of shape (n_1, m)."""
    return FEEDFORWARD.check(student)
