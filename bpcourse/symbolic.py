r"""A network whose weights, biases, inputs and targets are SymPy symbols.

SymPy differentiates the cost of such a network exactly. When the difference between SymPy's
derivative and an equation of backpropagation expands to 0, the equation holds for *every* value
of the weights, biases, inputs and targets, not only at the points a finite difference samples.

By default the activation is a function σ about which SymPy knows one thing: its derivative is
the function σ' (:class:`sigma` and :class:`sigma_prime`). A check that passes with it holds for
every differentiable activation. ``activation="sigmoid"`` writes σ(z) = 1/(1 + e^{-z}) out instead.

Names follow the course: ``net.W(l)[j-1, k-1]`` is the symbol w^l_jk, ``net.b(l)[j-1]`` is b^l_j,
``net.X[k-1, i-1]`` is input k of example i; layers are l = 1..L, neurons are counted from 1 in
the symbols' names.
"""

from __future__ import annotations

import numbers

import sympy as sp

ACTIVATIONS = ("any", "sigmoid")
COSTS = ("quadratic", "cross_entropy")


class sigma_prime(sp.Function):
    """σ', the derivative of :class:`sigma`; nothing else is known about it."""

    def _latex(self, printer):
        return r"\sigma'\left(%s\right)" % printer._print(self.args[0])

    def _sympystr(self, printer):
        return "σ'(%s)" % printer._print(self.args[0])


class sigma(sp.Function):
    """An activation σ of which SymPy knows only that its derivative is σ' (:class:`sigma_prime`)."""

    def fdiff(self, argindex=1):
        return sigma_prime(self.args[0])

    def _latex(self, printer):
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])

    def _sympystr(self, printer):
        return "σ(%s)" % printer._print(self.args[0])


def logistic(z):
    """The sigmoid written out, 1/(1 + e^{-z}), for SymPy to differentiate."""
    return 1 / (1 + sp.exp(-z))


def _index(*numbers_from_1) -> str:
    """Subscript text: "12" for (1, 2), "1,12" once a number has two digits."""
    parts = [str(n) for n in numbers_from_1]
    return ("," if any(len(p) > 1 for p in parts) else "").join(parts)


class SymbolicNetwork:
    """A fully connected network with a symbol for every weight, bias, input and target.

    Parameters
    ----------
    sizes : list of int, [n_1, ..., n_L] (at least two layers, each of at least one neuron).
    activation : ``"any"`` (σ with derivative σ', nothing more) or ``"sigmoid"``.
    cost : ``"quadratic"`` (C_x = ½‖a^L − y‖²) or ``"cross_entropy"``.
    examples : m, the number of examples (columns of ``X`` and ``Y``); the cost is their mean.
    """

    def __init__(self, sizes, activation: str = "any", cost: str = "quadratic", examples: int = 1):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(f"sizes must list at least two layer sizes, input first, got {sizes!r}")
        for i, n in enumerate(sizes):
            if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
                raise ValueError(f"layer {i + 1} must have a whole number of neurons ≥ 1, got {n!r}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
        if cost not in COSTS:
            raise ValueError(f"cost must be one of {COSTS}, got {cost!r}")
        if isinstance(examples, bool) or not isinstance(examples, numbers.Integral) or examples < 1:
            raise ValueError(f"examples must be a whole number ≥ 1, got {examples!r}")
        self.sizes = [int(n) for n in sizes]
        self.activation, self.cost_name, self.m = activation, cost, int(examples)
        self.weights = {l: sp.Matrix(self.sizes[l - 1], self.sizes[l - 2],
                                     lambda j, k: sp.Symbol(f"w^{l}_{_index(j + 1, k + 1)}"))
                        for l in self.layers}
        self.biases = {l: sp.Matrix(self.sizes[l - 1], 1, lambda j, _: sp.Symbol(f"b^{l}_{j + 1}"))
                       for l in self.layers}
        self.X = self._data("x", self.sizes[0])
        self.Y = self._data("y", self.sizes[-1])

    def _data(self, letter: str, n: int) -> sp.Matrix:
        if self.m == 1:
            return sp.Matrix(n, 1, lambda k, _: sp.Symbol(f"{letter}_{k + 1}"))
        return sp.Matrix(n, self.m, lambda k, i: sp.Symbol(f"{letter}_{k + 1},{i + 1}"))

    # -- the course's layer numbers ----------------------------------------------------------
    @property
    def L(self) -> int:
        return len(self.sizes)

    @property
    def layers(self) -> range:
        """The layers with weights, l = 2..L."""
        return range(2, len(self.sizes) + 1)

    def W(self, l) -> sp.Matrix:
        """W^l, shape (n_l, n_{l-1}); entry [j-1, k-1] is the symbol w^l_jk."""
        return self.weights[self._layer(l)]

    def b(self, l) -> sp.Matrix:
        """b^l, shape (n_l, 1); entry [j-1] is the symbol b^l_j."""
        return self.biases[self._layer(l)]

    def _layer(self, l) -> int:
        if l not in self.weights:
            raise ValueError(f"layer l must be an integer from 2 to L = {self.L}, got {l!r}")
        return l

    @property
    def parameters(self) -> list:
        """Every weight and bias symbol, layer by layer."""
        return [s for l in self.layers for s in list(self.W(l)) + list(self.b(l))]

    # -- activation, forward pass, cost -------------------------------------------------------
    def sigma(self, Z: sp.Matrix) -> sp.Matrix:
        """σ applied entry by entry."""
        return Z.applyfunc(sigma if self.activation == "any" else logistic)

    def sigma_prime(self, Z: sp.Matrix) -> sp.Matrix:
        """σ' entry by entry: the symbol σ'(z), or σ(z)(1 − σ(z)) for the sigmoid (the course's formula,
        which SymPy's own derivative of 1/(1 + e^{-z}) can be checked against)."""
        if self.activation == "any":
            return Z.applyfunc(sigma_prime)
        return Z.applyfunc(lambda z: logistic(z) * (1 - logistic(z)))

    def forward(self, nudge=None) -> tuple[dict, dict]:
        """``(z, a)``: dicts layer number → Matrix, z[l] for l = 2..L, a[l] for l = 1..L (a[1] = X).

        ``nudge = (l, j, dz)`` adds ``dz`` (a number or a symbol) to z^l_j in every column, as
        Nielsen's demon does: then ∂C/∂dz at dz = 0 is δ^l_j by its definition.
        """
        z, a = {}, {1: self.X}
        for l in self.layers:
            z[l] = self.W(l) * a[l - 1] + self.b(l) * sp.ones(1, self.m)      # z^l = W^l a^{l-1} + b^l
            if nudge is not None and nudge[0] == l:
                j = nudge[1]
                if not 1 <= j <= self.sizes[l - 1]:
                    raise ValueError(f"layer {l} has neurons j = 1..{self.sizes[l - 1]}, got j = {j!r}")
                z[l] = z[l] + nudge[2] * sp.Matrix(self.sizes[l - 1], self.m, lambda r, _: int(r == j - 1))
            a[l] = self.sigma(z[l])                                           # a^l = σ(z^l)
        return z, a

    def example_costs(self, a_L: sp.Matrix) -> list:
        """C_x of each example (column) from the output a^L."""
        costs = []
        for i in range(self.m):
            if self.cost_name == "quadratic":
                c = sp.Rational(1, 2) * sum((a_L[j, i] - self.Y[j, i]) ** 2 for j in range(self.sizes[-1]))
            else:
                c = -sum(self.Y[j, i] * sp.log(a_L[j, i]) + (1 - self.Y[j, i]) * sp.log(1 - a_L[j, i])
                         for j in range(self.sizes[-1]))
            costs.append(c)
        return costs

    def cost(self, nudge=None):
        """C = (1/m) Σ_x C_x, the mean over the examples (see :meth:`forward` for ``nudge``)."""
        _, a = self.forward(nudge)
        return sp.Rational(1, self.m) * sum(self.example_costs(a[self.L]))

    def values(self, net, X, Y) -> dict:
        """A substitution {symbol: number} that gives every symbol the value it has in ``net`` (a
        :class:`bpcourse.Network` of the same sizes) on the data ``X``, ``Y`` (shapes (n_1, m), (n_L, m))."""
        if list(net.sizes) != self.sizes:
            raise ValueError(f"the network has sizes {net.sizes}, the symbolic one {self.sizes}")
        out = {}
        for l in self.layers:
            out.update(zip(self.W(l), [sp.Float(float(v)) for v in net.W(l).ravel()]))
            out.update(zip(self.b(l), [sp.Float(float(v)) for v in net.b(l).ravel()]))
        for symbols, data, name in ((self.X, X, "X"), (self.Y, Y, "Y")):
            shape = (symbols.rows, symbols.cols)
            if getattr(data, "shape", None) != shape:
                raise ValueError(f"{name} must have shape {shape}, got {getattr(data, 'shape', type(data).__name__)}")
            out.update(zip(symbols, [sp.Float(float(v)) for v in data.ravel()]))
        return out
