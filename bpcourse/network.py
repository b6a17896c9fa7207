"""A fully connected feedforward network whose backprop is BP1–BP4, line by line.

Layers are numbered as in the course: layer 1 is the input, layer L the output.
``net.W(l)`` is W^l (shape (n_l, n_{l-1})) and ``net.b(l)`` is b^l (shape (n_l, 1))
for l = 2..L; in the lists, ``weights[l - 2]`` is W^l.
"""

from __future__ import annotations

import numbers

import numpy as np

from bpcourse import _checks, activations, costs
from bpcourse.equations import bp1, bp2, bp3, bp4

Array = np.ndarray


class Network:
    """A feedforward network with one activation for the hidden layers.

    Parameters
    ----------
    sizes : list of int, [n_1, ..., n_L], the number of neurons in each layer.
    activation : name or object, σ of the hidden layers (and of the output layer
        unless ``output_activation`` is given).
    cost : name or object, ``"quadratic"`` or ``"cross_entropy"``.
    seed : int or None, seeds ``np.random.default_rng`` for the initial weights.
    output_activation : name or object, σ of layer L; defaults to ``activation``.
    scale : float or None. W^l and b^l are drawn as ``scale · N(0, 1)``; with None,
        W^l gets 1/sqrt(n_{l-1}) · N(0, 1) and b^l gets N(0, 1).
    """

    def __init__(self, sizes, activation="sigmoid", cost="quadratic", seed=None,
                 *, output_activation=None, scale=None):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes must be a list of layer sizes such as [2, 3, 2], got {sizes!r}")
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least 2 layers (input and output), got {list(sizes)}")
        for i, n in enumerate(sizes):
            if isinstance(n, bool) or not isinstance(n, numbers.Integral):
                raise TypeError(f"layer {i + 1} size must be an integer, got {n!r}")
            if n < 1:
                raise ValueError(f"layer {i + 1} must have at least 1 neuron, got {n}")
        self.sizes = [int(n) for n in sizes]
        self.activation = activations.get(activation)
        self.output_activation = activations.get(
            activation if output_activation is None else output_activation)
        self.cost_fn = costs.get(cost)
        if getattr(self.cost_fn, "needs_unit_interval", False) and \
                getattr(self.output_activation, "name", None) != "sigmoid":
            out = getattr(self.output_activation, "name", self.output_activation)
            raise ValueError(
                f"the {self.cost_fn.name} cost needs outputs in (0, 1): use a sigmoid output layer "
                f"(output_activation='sigmoid'), not {out!r}")
        if scale is not None:
            scale = _checks.real_number(scale, "scale", positive=True)
        rng = np.random.default_rng(seed)
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

    def _index(self, l) -> int:
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
        new.weights = [W.copy() for W in self.weights]
        new.biases = [b.copy() for b in self.biases]
        return new

    def __repr__(self) -> str:
        out = getattr(self.output_activation, "name", "?")
        act = getattr(self.activation, "name", "?")
        return f"Network(sizes={self.sizes}, activation={act!r}, output_activation={out!r}, cost={self.cost_fn.name!r})"

    # -- checks ----------------------------------------------------------------------
    def _check_params(self) -> None:
        for l in range(2, self.L + 1):
            W, b = self.W(l), self.b(l)
            n, n_prev = self.sizes[l - 1], self.sizes[l - 2]
            if np.shape(W) != (n, n_prev):
                raise ValueError(f"W^{l} has shape {np.shape(W)} but sizes={self.sizes} needs "
                                 f"({n}, {n_prev}) to turn a^{l - 1} ({n_prev} rows) into z^{l} ({n} rows)")
            if np.shape(b) != (n, 1):
                raise ValueError(f"b^{l} has shape {np.shape(b)} but must be ({n}, 1)")

    def _check_X(self, X) -> Array:
        X = _checks.as_matrix(X, "X")
        if X.shape[0] != self.sizes[0]:
            raise ValueError(f"X has {X.shape[0]} rows but the input layer has {self.sizes[0]} neurons: "
                             f"W^2 has shape {self.W(2).shape} and needs a^1 with {self.sizes[0]} rows")
        return X

    def _check_XY(self, X, Y) -> tuple[Array, Array]:
        X = self._check_X(X)
        Y = _checks.as_matrix(Y, "Y")
        if Y.shape[0] != self.sizes[-1]:
            raise ValueError(f"Y has {Y.shape[0]} rows but the output layer has {self.sizes[-1]} neurons")
        _checks.same_columns(X, "X", Y, "Y")
        costs.check_targets(self.cost_fn, Y)
        return X, Y

    # -- forward ---------------------------------------------------------------------
    def forward(self, X) -> tuple[list[Array], list[Array]]:
        """Run the network on a batch and return its cache.

        Returns ``(zs, activations)``: ``zs[i]`` is z^{i+2} and ``activations[i]`` is
        a^{i+1}, so ``activations[0]`` is X and ``activations[-1]`` is a^L.
        """
        self._check_params()
        return self._forward(self._check_X(X))

    def _forward(self, X: Array) -> tuple[list[Array], list[Array]]:
        zs, acts = [], [X]
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=2):
            z = W @ acts[-1] + b                      # z^l = W^l a^{l-1} + b^l
            zs.append(z)
            acts.append(self.sigma(l).fn(z))          # a^l = σ(z^l)
        return zs, acts

    def feedforward(self, X) -> Array:
        """a^L for a batch X of shape (n_1, m)."""
        return self.forward(X)[1][-1]

    def predict(self, X) -> Array:
        """The predicted class of each column: argmax of a^L (or a^L > 0.5 with one output)."""
        return self._classes(self.feedforward(X))

    @staticmethod
    def _classes(A: Array) -> Array:
        return (A[0] > 0.5).astype(int) if A.shape[0] == 1 else np.argmax(A, axis=0)

    # -- cost and gradient -----------------------------------------------------------
    def cost(self, X, Y, l2=0.0) -> float:
        """C = (1/m) Σ_x C_x + (l2/2) Σ_l ‖W^l‖², the mean cost plus L2 weight decay."""
        l2 = _checks.real_number(l2, "l2", nonnegative=True)
        self._check_params()
        X, Y = self._check_XY(X, Y)
        return self._cost(X, Y, l2)

    def _cost(self, X: Array, Y: Array, l2: float):
        return self._cost_of_output(self._forward(X)[1][-1], Y, l2)

    def _cost_of_output(self, A: Array, Y: Array, l2: float):
        """The cost of :meth:`cost` from an output a^L already computed."""
        decay = 0.5 * l2 * sum(np.sum(W * W) for W in self.weights) if l2 else 0.0
        return np.mean(self.cost_fn.fn(A, Y)) + decay

    def accuracy(self, X, Y) -> float:
        """The fraction of columns whose predicted class matches Y's."""
        X, Y = self._check_XY(X, Y)
        return float(np.mean(self._classes(self._forward(X)[1][-1]) == self._classes(Y)))

    def backprop(self, X, Y, l2=0.0) -> tuple[list[Array], list[Array]]:
        """The gradient of :meth:`cost`: ``(grad_W, grad_b)``, lists shaped like weights and biases."""
        l2 = _checks.real_number(l2, "l2", nonnegative=True)
        self._check_params()
        X, Y = self._check_XY(X, Y)
        return self._backprop(X, Y, l2)

    def errors(self, X, Y) -> tuple[list[Array], list[Array], list[Array]]:
        """The errors δ^l = ∂C_x/∂z^l of every layer, by BP1 and BP2, with the forward cache.

        Returns ``(zs, activations, deltas)``: ``zs`` and ``activations`` as from :meth:`forward`,
        and ``deltas[l - 2]`` is δ^l (like ``weights[l - 2]`` is W^l), one column per example.
        """
        self._check_params()
        X, Y = self._check_XY(X, Y)
        return self._errors(X, Y)

    def _errors(self, X: Array, Y: Array):
        zs, acts = self._forward(X)
        deltas = [self._output_error(zs[-1], acts[-1], Y)]          # BP1: δ^L
        for l in range(self.L - 1, 1, -1):                          # BP2: δ^l from δ^{l+1}, l = L-1 .. 2
            W_next = self.weights[l - 1]                            # W^{l+1}
            deltas.insert(0, bp2(W_next, deltas[0], zs[l - 2], self.sigma(l), check=False))
        return zs, acts, deltas

    def _backprop(self, X: Array, Y: Array, l2: float):
        zs, acts, deltas = self._errors(X, Y)
        grad_b = [bp3(delta, check=False) for delta in deltas]     # BP3: ∂C/∂b^l = δ^l
        grad_W = [bp4(delta, a_prev, check=False)                  # BP4: ∂C/∂W^l = δ^l (a^{l-1})^T
                  for delta, a_prev in zip(deltas, acts)]          # acts[l - 2] is a^{l-1}
        if l2:
            grad_W = [g + l2 * W for g, W in zip(grad_W, self.weights)]
        return grad_W, grad_b

    def _output_error(self, z_L: Array, a_L: Array, Y: Array) -> Array:
        """δ^L by BP1. For sigmoid with cross-entropy, σ'(z) cancels: δ^L = a^L − y exactly.

        Both forms are equal (notebook 03 shows it); the cancelled one stays finite when
        σ(z) rounds to 0 or 1, where ∇_a C alone would be infinite.
        """
        if self.cost_fn is costs.cross_entropy and self.output_activation is activations.sigmoid:
            return a_L - Y
        return bp1(self.cost_fn.grad_a(a_L, Y), z_L, self.output_activation, check=False)
