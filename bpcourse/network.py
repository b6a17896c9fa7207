"""A fully connected feedforward network whose backprop is BP1–BP4, line by line.

Layers are numbered as in the course: layer 1 is the input, layer L the output.
``net.W(l)`` is W^l (shape (n_l, n_{l-1})) and ``net.b(l)`` is b^l (shape (n_l, 1))
for l = 2..L. The forward pass returns a :class:`ForwardCache` and the errors an
:class:`Errors`; both answer with the same layer numbers: ``cache.z(l)``,
``cache.a(l)``, ``errors.delta(l)``.

The backward pass is written once, in :meth:`Network.errors` and
:meth:`Network.gradients`. Its four steps are the four equations, collected in a
:class:`Steps`; replacing one of them (a known mistake, a slipped derivation, a
layer with dropout) gives the same pass with that one step changed.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from bpcourse import _checks, activations, costs
from bpcourse.equations import bp2, bp3, bp4

Array = np.ndarray


# -- what the forward and backward passes hand back ----------------------------------------

class ForwardCache(tuple):
    """The forward pass's results: unpacks as ``(zs, activations)``, and answers with layer numbers.

    ``cache.z(l)`` is z^l (l = 2..L), ``cache.a(l)`` is a^l (l = 1..L; a^1 is the input X),
    ``cache.mask(l)`` the dropout mask of layer l (None when nothing was dropped).
    """

    def __new__(cls, zs, activations, masks=None, primes=None):
        self = super().__new__(cls, (zs, activations))
        self.masks = masks or {}
        self.primes = primes or {}
        return self

    @property
    def zs(self) -> list:
        return self[0]

    @property
    def activations(self) -> list:
        return self[1]

    @property
    def L(self) -> int:
        return len(self[1])

    def _layer(self, l, first: int, what: str) -> int:
        if type(l) is int and first <= l <= self.L:                  # the common case, checked fast
            return l
        if isinstance(l, bool) or not isinstance(l, numbers.Integral) or not first <= l <= self.L:
            raise ValueError(f"{what} exists for layers l = {first}..{self.L}, got l = {l!r}")
        return int(l)

    def z(self, l) -> Array:
        """z^l = W^l a^{l-1} + b^l, shape (n_l, m), for l = 2..L."""
        return self[0][self._layer(l, 2, "z^l") - 2]

    def a(self, l) -> Array:
        """a^l = σ(z^l), shape (n_l, m), for l = 1..L (a^1 is the input)."""
        return self[1][self._layer(l, 1, "a^l") - 1]

    def mask(self, l):
        """The dropout mask r^l of layer l (entries 0 or 1/(1 − p)), or None."""
        return self.masks.get(l)

    def sigma_prime(self, l, sigma) -> Array:
        """σ'(z^l) for layer l's activation ``sigma``: kept from the forward pass when it came with σ(z^l)
        from the same evaluation (the sigmoid's σ and σ' share one exponential), else computed now."""
        prime = self.primes.get(l)
        return sigma.prime(self.z(l)) if prime is None else prime


class Errors(ForwardCache):
    """The errors δ^l with the forward cache: unpacks as ``(zs, activations, deltas)``.

    ``errors.delta(l)`` is δ^l = ∂C_x/∂z^l for l = 2..L, one column per example x
    (the derivative of the batch's *mean* cost with respect to z^l is 1/m of it).
    """

    def __new__(cls, cache: ForwardCache, deltas):
        self = tuple.__new__(cls, (cache[0], cache[1], deltas))
        self.masks = cache.masks
        self.primes = cache.primes
        return self

    @property
    def deltas(self) -> list:
        return self[2]

    def delta(self, l) -> Array:
        """δ^l, shape (n_l, m), for l = 2..L."""
        return self[2][self._layer(l, 2, "δ^l") - 2]


# -- the four steps of the backward pass ------------------------------------------------------

def output_error_step(net: "Network", cache: ForwardCache, Y: Array) -> Array:
    """BP1: δ^L, in the form the pairing table gives for the network's cost and output layer."""
    return net.output_error(cache.a(net.L), Y, cache.z(net.L))


def hidden_error_step(net: "Network", cache: ForwardCache, l: int, delta_next: Array) -> Array:
    """BP2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l).

    With dropout, a^l = σ(z^l) ⊙ r^l, so ∂a^l/∂z^l gains the mask's factor r^l too.
    """
    sigma = net.sigma(l)
    prime = cache.sigma_prime(l, sigma) if getattr(sigma, "elementwise", True) else None
    delta = bp2(net.W(l + 1), delta_next, cache.z(l), sigma, check=False, prime=prime)
    mask = cache.mask(l)
    return delta if mask is None else delta * mask


def bias_gradient_step(net: "Network", cache: ForwardCache, l: int, delta: Array) -> Array:
    """BP3: ∂C/∂b^l = δ^l (the mean over the batch's columns)."""
    return bp3(delta, check=False)


def weight_gradient_step(net: "Network", cache: ForwardCache, l: int, delta: Array) -> Array:
    """BP4: ∂C/∂W^l = δ^l (a^{l-1})^T (the mean over the batch's columns)."""
    return bp4(delta, cache.a(l - 1), check=False)


@dataclass(frozen=True)
class Steps:
    """The four steps of the backward pass. ``Steps(hidden_error=f)`` replaces one of them.

    ``output_error(net, cache, Y)`` → δ^L (BP1);
    ``hidden_error(net, cache, l, delta_next)`` → δ^l from δ^{l+1} (BP2);
    ``bias_gradient(net, cache, l, delta_l)`` → ∂C/∂b^l (BP3);
    ``weight_gradient(net, cache, l, delta_l)`` → ∂C/∂W^l (BP4).
    ``cache`` answers ``.z(l)``, ``.a(l)`` (and, in the last two, ``.delta(l)``).
    """

    output_error: Callable = output_error_step
    hidden_error: Callable = hidden_error_step
    bias_gradient: Callable = bias_gradient_step
    weight_gradient: Callable = weight_gradient_step

    def replace(self, **steps) -> "Steps":
        """These steps with some replaced, e.g. ``STEPS.replace(output_error=f)``."""
        return replace(self, **steps)


#: The backward pass as the four equations give it.
STEPS = Steps()


# -- the network -------------------------------------------------------------------------------

class Network:
    """A feedforward network with one activation for the hidden layers.

    Parameters
    ----------
    sizes : list or tuple of int, [n_1, ..., n_L], the number of neurons in each layer.
    activation : name or object, σ of the hidden layers (and of the output layer
        unless ``output_activation`` is given).
    cost : name or object: ``"quadratic"``, ``"cross_entropy"`` or ``"log_likelihood"``.
        Which output activations a cost accepts is in :data:`bpcourse.costs.OUTPUT_LAYER`.
    seed : int ≥ 0 or None, seeds ``np.random.default_rng`` for the initial weights.
    output_activation : name or object, σ of layer L; defaults to ``activation``.
    scale : float or None. W^l and b^l are drawn as ``scale · N(0, 1)``; with None,
        W^l gets 1/sqrt(n_{l-1}) · N(0, 1) and b^l gets N(0, 1).
    """

    def __init__(self, sizes, activation="sigmoid", cost="quadratic", seed=None,
                 *, output_activation=None, scale=None):
        self.sizes = _check_sizes(sizes)
        self.activation = activations.get(activation)
        self.output_activation = activations.get(activation if output_activation is None else output_activation)
        self.cost_fn = costs.get(cost)
        self._delta_L = costs.output_error_rule(self.cost_fn, self.output_activation)   # BP1, from the table
        if scale is not None:
            scale = _checks.real_number(scale, "scale", positive=True)
        rng = np.random.default_rng(_check_seed(seed))
        self.weights, self.biases = [], []
        for n_prev, n in zip(self.sizes[:-1], self.sizes[1:]):
            s_w = scale if scale is not None else 1.0 / np.sqrt(n_prev)
            s_b = scale if scale is not None else 1.0
            self.weights.append(s_w * rng.standard_normal((n, n_prev)))
            self.biases.append(s_b * rng.standard_normal((n, 1)))

    # -- the course's layer numbers -------------------------------------------------
    @property
    def L(self) -> int:
        """The number of layers, input and output included."""
        return len(self.sizes)

    @property
    def layers(self) -> range:
        """The layers that have weights: l = 2..L."""
        return range(2, self.L + 1)

    def _index(self, l) -> int:
        if type(l) is int and 2 <= l <= len(self.sizes):             # the common case, checked fast
            return l - 2
        if isinstance(l, bool) or not isinstance(l, numbers.Integral) or not 2 <= l <= self.L:
            raise ValueError(f"layer l must be an integer from 2 to L = {self.L} "
                             f"(layer 1 is the input and has no weights), got {l!r}")
        return int(l) - 2

    def W(self, l) -> Array:
        """W^l, shape (n_l, n_{l-1}), for l = 2..L (the array itself, not a copy)."""
        return self.weights[self._index(l)]

    def b(self, l) -> Array:
        """b^l, shape (n_l, 1), for l = 2..L (the array itself, not a copy)."""
        return self.biases[self._index(l)]

    def sigma(self, l):
        """The activation σ used in layer l (2..L)."""
        return self.output_activation if self._index(l) == self.L - 2 else self.activation

    def copy(self) -> "Network":
        """A deep copy: same sizes, activations and cost, copied weights and biases."""
        new = object.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.weights = [np.array(W, dtype=np.result_type(W, np.float64)) for W in self.weights]
        new.biases = [np.array(b, dtype=np.result_type(b, np.float64)) for b in self.biases]
        return new

    def __repr__(self) -> str:
        return (f"Network(sizes={self.sizes}, activation={self.activation.name!r}, "
                f"output_activation={self.output_activation.name!r}, cost={self.cost_fn.name!r})")

    # -- checks ----------------------------------------------------------------------
    def check_params(self) -> None:
        """Check every W^l and b^l: shape, numbers, finite. Raises an error naming the one at fault.

        Weights edited by hand as integers or nested lists are converted to float64 arrays
        in place (so training works on them); anything else wrong is an error. Complex
        parameters (for the complex-step derivative) are accepted by the forward pass and the
        cost; :func:`bpcourse.train.sgd` refuses them.
        """
        for name, params in (("weights", self.weights), ("biases", self.biases)):
            if not isinstance(params, list) or len(params) != self.L - 1:
                size = len(params) if hasattr(params, "__len__") else "?"
                raise ValueError(f"net.{name} must be a list of {self.L - 1} arrays (one per layer 2..{self.L}), "
                                 f"got {type(params).__name__} of length {size}")
        for l in self.layers:
            n, n_prev = self.sizes[l - 1], self.sizes[l - 2]
            for params, symbol, shape in ((self.weights, f"W^{l}", (n, n_prev)), (self.biases, f"b^{l}", (n, 1))):
                P = params[l - 2]
                if not (isinstance(P, np.ndarray) and P.dtype in (np.float64, np.complex128)):
                    P = params[l - 2] = _as_parameter(P, symbol)
                if P.shape != shape:
                    why = f"to turn a^{l - 1} ({n_prev} rows) into z^{l} ({n} rows)" if symbol[0] == "W" else ""
                    raise ValueError(
                        f"{symbol} has shape {P.shape} but sizes={self.sizes} needs {shape} {why}".rstrip())
                if not np.all(np.isfinite(P)):
                    r, c = np.argwhere(~np.isfinite(P))[0]
                    raise ValueError(f"{symbol} contains {P[r, c]} at row {r + 1}, column {c + 1} (counted from 1): "
                                     "a parameter must be a finite number")

    def check_data(self, X, Y=None, names=("X", "Y")):
        """``X`` (and ``Y``) as checked float64 arrays that fit this network; raises an error naming the problem.

        Returns X, or (X, Y) when Y is given. ``names`` are the names used in messages
        (``("X_val", "Y_val")`` for validation data).
        """
        x_name, y_name = names
        X = _checks.as_matrix(X, x_name)
        if X.shape[0] != self.sizes[0]:
            raise ValueError(f"{x_name} has {X.shape[0]} rows but the input layer has {self.sizes[0]} neurons: "
                             f"W^2 has shape {(self.sizes[1], self.sizes[0])} and needs a^1 with {self.sizes[0]} rows")
        if Y is None:
            return X
        Y = _checks.as_matrix(Y, y_name)
        if Y.shape[0] != self.sizes[-1]:
            raise ValueError(f"{y_name} has {Y.shape[0]} rows but the output layer has {self.sizes[-1]} neurons")
        _checks.same_columns(X, x_name, Y, y_name)
        costs.check_targets(self.cost_fn, Y, y_name)
        return X, Y

    def check_masks(self, masks, m: int) -> dict:
        """Dropout masks (a dict l → array of shape (n_l, m), hidden layers only) checked; {} for None."""
        if not masks:
            return {}
        if not isinstance(masks, dict):
            raise TypeError(f"masks must be a dict layer → mask array, got {type(masks).__name__}")
        checked = {}
        for l, r in masks.items():
            if isinstance(l, bool) or not isinstance(l, numbers.Integral) or not 2 <= l < self.L:
                raise ValueError(f"dropout masks are for hidden layers l = 2..{self.L - 1}, got l = {l!r}")
            r = _checks.as_matrix(r, f"masks[{l}]")
            if r.shape != (self.sizes[l - 1], m):
                raise ValueError(f"masks[{l}] has shape {r.shape} but layer {l} with a batch of {m} needs "
                                 f"{(self.sizes[l - 1], m)}")
            checked[int(l)] = r
        return checked

    # -- forward ---------------------------------------------------------------------
    def forward(self, X, *, check=True, masks=None) -> ForwardCache:
        """Run the network on a batch X of shape (n_1, m) and return its cache.

        The cache unpacks as ``(zs, activations)``, with ``activations[0]`` = X, and answers
        ``.z(l)`` and ``.a(l)`` with the course's layer numbers. ``masks`` (a dict l → array
        of shape (n_l, m)) applies dropout: a^l = σ(z^l) ⊙ r^l for each hidden layer l given.
        ``check=False`` skips the argument checks (for inner loops whose data was checked once).
        """
        if check:
            self.check_params()
            X = self.check_data(X)
            masks = self.check_masks(masks, X.shape[1])
        return self._forward(X, masks, keep_primes=False)

    def _forward(self, X, masks, keep_primes) -> ForwardCache:
        """The forward pass on checked arguments. With ``keep_primes`` (for the backward pass), an
        activation that gives σ'(z^l) with σ(z^l) at no extra cost (the sigmoid) leaves it in the cache."""
        zs, acts, primes = [], [X], {}
        for l, W, b in zip(self.layers, self.weights, self.biases):
            z = W @ acts[-1] + b                          # z^l = W^l a^{l-1} + b^l
            sigma = self.sigma(l)
            both = getattr(sigma, "fn_and_prime", None) if keep_primes else None
            if both is None:
                a = sigma.fn(z)                           # a^l = σ(z^l)
            else:
                a, primes[l] = both(z)                    # a^l = σ(z^l), and σ'(z^l) for BP2 at no extra cost
            if masks and l in masks:
                a = a * masks[l]                          # dropout: a^l = σ(z^l) ⊙ r^l
            zs.append(z)
            acts.append(a)
        return ForwardCache(zs, acts, masks, primes)

    def feedforward(self, X) -> Array:
        """a^L for a batch X of shape (n_1, m)."""
        return self.forward(X).a(self.L)

    def predict(self, X) -> Array:
        """The predicted class of each column: argmax of a^L (or a^L > 0.5 with one output)."""
        return self.classes(self.feedforward(X))

    @staticmethod
    def classes(A) -> Array:
        """The class of each column of an output a^L or a one-hot target: argmax (a > 0.5 with one row)."""
        A = np.real(np.asarray(A))
        return (A[0] > 0.5).astype(int) if A.shape[0] == 1 else np.argmax(A, axis=0)

    # -- cost and gradient -----------------------------------------------------------
    def cost(self, X, Y, l2=0.0, *, check=True, masks=None) -> float:
        """C = (1/m) Σ_x C_x + (l2/2) Σ_l ‖W^l‖², the mean cost plus L2 weight decay.

        The decay term is the UFLDL convention, (λ/2) Σ‖W^l‖²; Nielsen's book writes
        (λ/2n) Σ w² with n the size of the training set, i.e. λ_here = λ_Nielsen / n.
        """
        if check:
            l2 = _checks.real_number(l2, "l2", nonnegative=True)
            self.check_params()
            X, Y = self.check_data(X, Y)
            masks = self.check_masks(masks, X.shape[1])
        return self.cost_of_output(self.forward(X, check=False, masks=masks).a(self.L), Y, l2)

    def cost_of_output(self, a_L, Y, l2=0.0):
        """The cost of :meth:`cost` from an output a^L already computed (no checks: a^L came from here)."""
        decay = 0.5 * l2 * sum(np.sum(W * W) for W in self.weights) if l2 else 0.0
        return np.mean(self.cost_fn.fn(a_L, Y, check=False)) + decay

    def accuracy(self, X, Y) -> float:
        """The fraction of columns whose predicted class matches Y's."""
        X, Y = self.check_data(X, Y)
        return float(np.mean(self.classes(self.forward(X, check=False).a(self.L)) == self.classes(Y)))

    def output_error(self, a_L, Y, z_L) -> Array:
        """δ^L by BP1, in the form :data:`bpcourse.costs.OUTPUT_LAYER` gives for this cost and output layer
        (δ^L = a^L − y where σ' cancels; (∂a^L/∂z^L)^T ∇_a C otherwise)."""
        return self._delta_L(a_L, Y, z_L)

    def errors(self, X, Y, *, steps=None, check=True, masks=None) -> Errors:
        """The errors δ^l = ∂C_x/∂z^l of every layer, by BP1 and BP2, with the forward cache.

        Returns an :class:`Errors`: it unpacks as ``(zs, activations, deltas)`` and answers
        ``.z(l)``, ``.a(l)`` and ``.delta(l)``; each δ^l has one column per example.
        ``steps`` replaces steps of the pass (see :class:`Steps`).
        """
        steps = STEPS if steps is None else steps
        if check:
            self.check_params()
            X, Y = self.check_data(X, Y)
            masks = self.check_masks(masks, X.shape[1])
        cache = self._forward(X, masks, keep_primes=True)
        delta = {self.L: steps.output_error(self, cache, Y)}                   # BP1: δ^L
        for l in range(self.L - 1, 1, -1):                                     # BP2: δ^l, l = L-1 .. 2
            delta[l] = steps.hidden_error(self, cache, l, delta[l + 1])
        return Errors(cache, [delta[l] for l in self.layers])

    def gradients(self, errors: Errors, l2=0.0, *, steps=None) -> tuple[list[Array], list[Array]]:
        """``(grad_W, grad_b)`` from the errors of every layer: BP3 and BP4, plus the L2 term λ W^l.

        The lists are ordered like ``weights`` and ``biases`` (W^2 first).
        """
        steps = STEPS if steps is None else steps
        grad_b = [steps.bias_gradient(self, errors, l, errors.delta(l)) for l in self.layers]     # BP3
        grad_W = [steps.weight_gradient(self, errors, l, errors.delta(l)) for l in self.layers]   # BP4
        if l2:
            grad_W = [g + l2 * self.W(l) for l, g in zip(self.layers, grad_W)]   # ∂/∂W^l of (λ/2)‖W^l‖²
        return grad_W, grad_b

    def backprop(self, X, Y, l2=0.0, *, steps=None, check=True, masks=None) -> tuple[list[Array], list[Array]]:
        """The gradient of :meth:`cost`: ``(grad_W, grad_b)``, lists shaped like weights and biases."""
        if check:
            l2 = _checks.real_number(l2, "l2", nonnegative=True)
        return self.gradients(self.errors(X, Y, steps=steps, check=check, masks=masks), l2, steps=steps)


# -- argument checks for the constructor --------------------------------------------------

def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes, set, frozenset, dict)) or not isinstance(sizes, (list, tuple, np.ndarray)):
        raise TypeError(f"sizes must be a list of layer sizes such as [2, 3, 2] (in order, input first), "
                        f"got {type(sizes).__name__} {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least 2 layers (input and output), got {list(sizes)}")
    for i, n in enumerate(sizes):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"layer {i + 1} size must be an integer, got {n!r}")
        if n < 1:
            raise ValueError(f"layer {i + 1} must have at least 1 neuron, got {n}")
    return [int(n) for n in sizes]


def _check_seed(seed):
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be a non-negative integer or None, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer or None, got {seed}")
    return int(seed)


def _as_parameter(P, symbol: str) -> Array:
    """A hand-edited parameter (an integer array, a nested list) as a float64 array, or a clear error."""
    if isinstance(P, (str, bytes)) or P is None:
        raise TypeError(f"{symbol} must be an array of numbers, got {type(P).__name__}")
    try:
        arr = np.asarray(P)
    except Exception as exc:
        raise TypeError(f"{symbol} could not be turned into an array of numbers: {exc}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{symbol} must hold numbers, got an array of dtype {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"{symbol} must be a 2-D array, got {arr.ndim}-D shape {arr.shape}")
    return arr.astype(np.complex128 if np.iscomplexobj(arr) else np.float64)
