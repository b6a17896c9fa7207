r"""A small reverse-mode automatic differentiation engine on numpy arrays.

Every operation computes its value and keeps, right beside it, its **local backward rule**:
given ∂C/∂(its output), add ∂C/∂(each input) into that input's ``.grad``. For the matrix
product Z = A B the rule is ``A.grad += G @ B.T`` and ``B.grad += A.T @ G`` (G = ∂C/∂Z).
:meth:`Tensor.backward` sorts the graph so that every node comes after the nodes it was
computed from, then runs each node's rule once, from the cost back to the leaves.

Nothing here knows about backpropagation's four equations. :func:`network_gradient`
builds a network's cost out of these operations (reading the network only through
``net.sizes``, ``net.W(l)``, ``net.b(l)``, ``net.sigma(l)`` and ``net.cost_fn``) and lets
the sweep find the gradient; notebook 12 shows that the gradient flowing into each
z^l is, column by column, δ^l.

Shapes follow the course: one column per example; costs are means over the batch.

Example
-------
>>> W, x = Tensor([[2.0, -1.0]], name="W"), Tensor([[3.0], [4.0]], requires_grad=False)
>>> C = sum(sigmoid(W @ x))
>>> _ = C.backward()
>>> W.grad.shape
(1, 2)
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from bpcourse import _checks, costs

Array = np.ndarray


class Tensor:
    """A node of the graph: a value, the gradient ∂C/∂(value) and how it was computed.

    Parameters
    ----------
    value : array-like, stored as a float64 array (a number becomes a 0-d array).
    requires_grad : whether the sweep computes ∂C/∂(this node). Inputs and targets
        need no gradient; weights and biases do.
    name : a label for figures and messages, e.g. ``"z^3"``.

    Attributes
    ----------
    value, grad : arrays of the same shape; ``grad`` holds ∂C/∂value after :meth:`backward`
        (zeros before, and for nodes that do not require a gradient).
    parents : the nodes this one was computed from (empty for a leaf).
    op : the operation's name (``""`` for a leaf).
    """

    def __init__(self, value, requires_grad=True, name=""):
        self.value = _as_float_array(value, name or "value")
        self.grad = np.zeros_like(self.value)
        self.requires_grad = bool(requires_grad)
        self.name = name
        self.parents = ()
        self.op = ""
        self._rule = None  # a leaf has no rule; an operation's node gets one (see _node)

    def __repr__(self) -> str:
        label = self.name or self.op or "leaf"
        return f"Tensor({label}, shape={self.value.shape})"

    @property
    def shape(self) -> tuple:
        return self.value.shape

    def propagate(self) -> None:
        """Run this node's local backward rule: add its share of ∂C/∂(parent) to each parent's grad."""
        if self._rule is not None:
            self._rule()

    def backward(self, steps=None) -> list["Tensor"]:
        """Compute ∂self/∂node for every node of the graph that ends at ``self`` (a scalar).

        Every ``.grad`` in the graph is reset to zero, ``self.grad`` is set to 1, and then the
        rule of each node runs once, in reverse topological order: a node's rule runs only
        after every node that uses it has added its share to its ``.grad``.

        Parameters
        ----------
        steps : int or None. Run only the first ``steps`` rules (to watch the sweep one
            step at a time); None runs them all.

        Returns
        -------
        The nodes whose rules ran, in the order they ran (leaves have no rule).
        """
        if self.value.size != 1:
            raise ValueError(f"backward() starts from a single number (a cost), but {self!r} has shape "
                             f"{self.value.shape}; sum or average it first")
        if steps is not None:
            steps = _checks.positive_int(steps, "steps", minimum=0)
        order = topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.value)
        self.grad = np.ones_like(self.value)
        ran = []
        for node in reversed(order):
            if node._rule is None:
                continue
            if steps is not None and len(ran) >= steps:
                break
            node.propagate()
            ran.append(node)
        return ran

    # Operators, so that formulas read like the maths: W @ a + b, 0.5 * lam * s.
    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return add(self, neg(other))

    def __rsub__(self, other):
        return add(other, neg(self))

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(other, self)

    def __neg__(self):
        return neg(self)


def _as_float_array(value, name: str) -> Array:
    if isinstance(value, Tensor):
        raise TypeError(f"{name}: pass a Tensor's .value, not the Tensor itself, to make a new leaf")
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numbers (an array or a float), got {type(value).__name__}: {exc}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf")
    return arr


def tensor(x, name="") -> Tensor:
    """``x`` itself if it is a Tensor, else a constant leaf (no gradient) holding ``x``."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (numbers.Number, np.ndarray, list, tuple)):
        return Tensor(x, requires_grad=False, name=name)
    raise TypeError(f"cannot use a {type(x).__name__} in the graph; expected a Tensor, an array or a number")


def _node(value, parents, op, name="") -> Tensor:
    """A new node computed by ``op`` from ``parents``; it needs a gradient if any parent does."""
    out = Tensor.__new__(Tensor)
    out.value = np.asarray(value, dtype=np.float64)
    out.grad = np.zeros_like(out.value)
    out.requires_grad = any(p.requires_grad for p in parents)
    out.name = name
    out.parents = tuple(parents)
    out.op = op
    out._rule = None
    return out


def _accumulate(node: Tensor, g: Array) -> None:
    """node.grad += g, summing g over the axes along which node.value was broadcast."""
    if not node.requires_grad:
        return
    g = np.asarray(g, dtype=np.float64)           # a grad set by hand may be a plain number (C.grad = 1.0)
    if g.shape != node.value.shape:
        g = _unbroadcast(g, node.value.shape)
    node.grad = node.grad + g


def _unbroadcast(g: Array, shape: tuple) -> Array:
    """Sum g down to ``shape``: the adjoint of numpy broadcasting (a bias column used by m examples)."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def topological_order(root: Tensor) -> list[Tensor]:
    """Every node ``root`` depends on, each once, every node after all of its parents.

    A depth-first search that lists a node when all its parents are listed; a node
    reached by two paths (a weight used in z^l and in the L2 term) is listed once.
    """
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((p, False) for p in reversed(node.parents) if id(p) not in seen)
    return order


# -- the operations, each with its local backward rule ------------------------------------

def matmul(A, B, name="") -> Tensor:
    """Z = A B. Rule: ∂C/∂A = G Bᵀ, ∂C/∂B = Aᵀ G (G = ∂C/∂Z)."""
    A, B = tensor(A), tensor(B)
    if A.value.ndim != 2 or B.value.ndim != 2 or A.value.shape[1] != B.value.shape[0]:
        raise ValueError(f"matrix product: {A!r} times {B!r} needs shapes (n, k) and (k, m), "
                         f"got {A.value.shape} and {B.value.shape}")
    out = _node(A.value @ B.value, (A, B), "@", name)

    def rule():
        _accumulate(A, out.grad @ B.value.T)
        _accumulate(B, A.value.T @ out.grad)
    out._rule = rule
    return out


def add(u, v, name="") -> Tensor:
    """u + v, broadcasting (a bias column (n, 1) is added to every column of (n, m)).

    Rule: each input receives G, summed over the axes it was broadcast along: a bias used
    by m columns collects the sum of the m columns of G.
    """
    u, v = tensor(u), tensor(v)
    try:
        value = u.value + v.value
    except ValueError:
        raise ValueError(f"cannot add shapes {u.value.shape} and {v.value.shape} ({u!r} + {v!r})") from None
    out = _node(value, (u, v), "+", name)

    def rule():
        _accumulate(u, out.grad)
        _accumulate(v, out.grad)
    out._rule = rule
    return out


def mul(u, v, name="") -> Tensor:
    """u ⊙ v, entry by entry (with broadcasting). Rule: ∂C/∂u = G ⊙ v, ∂C/∂v = G ⊙ u."""
    u, v = tensor(u), tensor(v)
    try:
        value = u.value * v.value
    except ValueError:
        raise ValueError(f"cannot multiply shapes {u.value.shape} and {v.value.shape} entry by entry") from None
    out = _node(value, (u, v), "*", name)

    def rule():
        _accumulate(u, out.grad * v.value)
        _accumulate(v, out.grad * u.value)
    out._rule = rule
    return out


def neg(u, name="") -> Tensor:
    """−u. Rule: ∂C/∂u = −G."""
    u = tensor(u)
    out = _node(-u.value, (u,), "neg", name)
    out._rule = lambda: _accumulate(u, -out.grad)
    return out


def sum(u, axis=None, name="") -> Tensor:
    """The sum of u's entries (axis=None, a scalar) or of each column (axis=0) or row (axis=1).

    Rule: every entry that was summed receives G: ∂C/∂u = G broadcast back to u's shape.
    """
    u = tensor(u)
    if axis not in (None, 0, 1):
        raise ValueError(f"axis must be None, 0 or 1, got {axis!r}")
    value = u.value.sum() if axis is None else u.value.sum(axis=axis, keepdims=True)
    out = _node(value, (u,), "sum", name)
    out._rule = lambda: _accumulate(u, np.broadcast_to(out.grad, u.value.shape))
    return out


def mean(u, name="") -> Tensor:
    """The mean of u's N entries, a scalar. Rule: each entry receives G / N."""
    u = tensor(u)
    if u.value.size == 0:
        raise ValueError("mean of an empty array")
    out = _node(u.value.mean(), (u,), "mean", name)
    out._rule = lambda: _accumulate(u, np.full(u.value.shape, out.grad / u.value.size))
    return out


def square(u, name="") -> Tensor:
    """u², entry by entry. Rule: ∂C/∂u = 2u ⊙ G."""
    u = tensor(u)
    out = _node(u.value * u.value, (u,), "square", name)
    out._rule = lambda: _accumulate(u, 2.0 * u.value * out.grad)
    return out


def sum_of_squares(W, name="") -> Tensor:
    """‖W‖² = Σ_jk w_jk², a scalar (the L2 term's building block). Rule: ∂C/∂W = 2W · G."""
    W = tensor(W)
    out = _node(np.sum(W.value * W.value), (W,), "‖·‖²", name)
    out._rule = lambda: _accumulate(W, 2.0 * W.value * out.grad)
    return out


def log(u, name="") -> Tensor:
    """ln u, entry by entry (u > 0). Rule: ∂C/∂u = G / u."""
    u = tensor(u)
    if np.any(u.value <= 0):
        raise ValueError("log of a non-positive number")
    out = _node(np.log(u.value), (u,), "log", name)
    out._rule = lambda: _accumulate(u, out.grad / u.value)
    return out


# -- activations: σ applied to z^l -------------------------------------------------------

def _logistic(z: Array) -> Array:
    """1 / (1 + e^{-z}) from e^{-|z|} ≤ 1, so nothing overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid(z, name="") -> Tensor:
    """σ(z) = 1/(1 + e^{-z}). Rule: ∂C/∂z = G ⊙ σ(z)σ(−z)  (= G ⊙ σ(z)(1 − σ(z)))."""
    z = tensor(z)
    out = _node(_logistic(z.value), (z,), "sigmoid", name)
    out._rule = lambda: _accumulate(z, out.grad * out.value * _logistic(-z.value))
    return out


def tanh(z, name="") -> Tensor:
    """tanh(z). Rule: ∂C/∂z = G ⊙ (1 − tanh²z), computed as 4σ(2z)σ(−2z) to keep its digits."""
    z = tensor(z)
    out = _node(np.tanh(z.value), (z,), "tanh", name)
    out._rule = lambda: _accumulate(z, out.grad * 4.0 * _logistic(2 * z.value) * _logistic(-2 * z.value))
    return out


def relu(z, name="") -> Tensor:
    """max(0, z). Rule: ∂C/∂z = G where z > 0, else 0."""
    z = tensor(z)
    out = _node(np.maximum(z.value, 0.0), (z,), "relu", name)
    out._rule = lambda: _accumulate(z, np.where(z.value > 0, out.grad, 0.0))
    return out


def identity(z, name="") -> Tensor:
    """z itself. Rule: ∂C/∂z = G."""
    z = tensor(z)
    out = _node(z.value.copy(), (z,), "identity", name)
    out._rule = lambda: _accumulate(z, out.grad)
    return out


def softmax(z, name="") -> Tensor:
    """a_j = e^{z_j} / Σ_k e^{z_k}, column by column.

    Rule: ∂C/∂z = (diag(a) − a aᵀ) G = a ⊙ (G − Σ_j a_j G_j) in each column: the Jacobian is
    symmetric and full, not diagonal, and is applied without ever being formed.
    """
    z = tensor(z)
    if z.value.ndim != 2:
        raise ValueError(f"softmax acts on columns: z must be 2-D (n, m), got shape {z.value.shape}")
    e = np.exp(z.value - z.value.max(axis=0, keepdims=True))
    out = _node(e / e.sum(axis=0, keepdims=True), (z,), "softmax", name)

    def rule():
        a, G = out.value, out.grad
        _accumulate(z, a * (G - np.sum(a * G, axis=0, keepdims=True)))
    out._rule = rule
    return out


# -- costs: C_x for each column, a row of shape (1, m) -----------------------------------

def _y_times_log(y: Array, a: Array) -> Array:
    """y · ln a, taken as 0 where y = 0 (the limit), so a = 0 costs nothing there."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 0, 0.0, y * np.log(np.where(y == 0, 1.0, a)))


def _y_over(y: Array, a: Array) -> Array:
    """y / a, taken as 0 where y = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y == 0, 0.0, y / np.where(y == 0, 1.0, a))


def _targets(a: Tensor, y, cost: str, probabilities: bool = False) -> Array:
    y = _checks.as_matrix(y.value if isinstance(y, Tensor) else y, "y")
    if y.shape != a.value.shape:
        raise ValueError(f"the {cost} cost compares a^L of shape {a.value.shape} with y of shape {y.shape}; "
                         "they must match")
    if probabilities:
        for name, v in (("y", y), ("a", a.value)):
            if v.min() < 0 or v.max() > 1:
                raise ValueError(f"{name} must lie in [0, 1] for the {cost} cost, "
                                 f"got values from {v.min():g} to {v.max():g}")
    return y


def quadratic(a, y, name="") -> Tensor:
    """C_x = ½‖a − y‖² for each column, shape (1, m). Rule: ∂C/∂a = G ⊙ (a − y)."""
    a = tensor(a)
    y = _targets(a, y, "quadratic")
    out = _node(0.5 * np.sum((a.value - y) ** 2, axis=0, keepdims=True), (a,), "quadratic", name)
    out._rule = lambda: _accumulate(a, out.grad * (a.value - y))
    return out


def cross_entropy(a, y, name="") -> Tensor:
    """C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] for each column, shape (1, m).

    Rule: ∂C/∂a = G ⊙ ((1 − y)/(1 − a) − y/a). Needs 0 < a < 1 wherever the term's
    coefficient is non-zero.
    """
    a = tensor(a)
    y = _targets(a, y, "cross_entropy", probabilities=True)
    value = -np.sum(_y_times_log(y, a.value) + _y_times_log(1 - y, 1 - a.value), axis=0, keepdims=True)
    out = _node(value, (a,), "cross_entropy", name)
    out._rule = lambda: _accumulate(a, out.grad * (_y_over(1 - y, 1 - a.value) - _y_over(y, a.value)))
    return out


def log_likelihood(a, y, name="") -> Tensor:
    """C_x = −Σ_j y_j ln a_j for each column, shape (1, m). Rule: ∂C/∂a = −G ⊙ y / a."""
    a = tensor(a)
    y = _targets(a, y, "log_likelihood", probabilities=True)
    out = _node(-np.sum(_y_times_log(y, a.value), axis=0, keepdims=True), (a,), "log_likelihood", name)
    out._rule = lambda: _accumulate(a, -out.grad * _y_over(y, a.value))
    return out


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "identity": identity, "softmax": softmax}
COSTS = {"quadratic": quadratic, "cross_entropy": cross_entropy, "log_likelihood": log_likelihood}


# -- a network's cost as a graph ---------------------------------------------------------

@dataclass
class NetworkGraph:
    """The graph of a network's cost, its nodes kept by the course's layer numbers.

    ``W[l]``, ``b[l]``, ``z[l]`` (l = 2..L) and ``a[l]`` (l = 1..L, ``a[1]`` is the input) are
    Tensors; ``per_example`` is the row of costs C_x, shape (1, m); ``cost`` is
    C = (1/m) Σ_x C_x + (λ/2) Σ_l ‖W^l‖². After :meth:`backward`, ``z[l].grad`` is ∂C/∂z^l:
    column x is (1/m) ∂C_x/∂z^l, since C averages over the batch.
    """

    cost: Tensor
    per_example: Tensor
    W: dict = field(default_factory=dict)
    b: dict = field(default_factory=dict)
    z: dict = field(default_factory=dict)
    a: dict = field(default_factory=dict)

    def backward(self, steps=None) -> list[Tensor]:
        """``self.cost.backward(steps)``: fill every node's ``.grad`` with ∂C/∂node."""
        return self.cost.backward(steps)

    def gradient(self) -> tuple[list[Array], list[Array]]:
        """``(grad_W, grad_b)`` read from the leaves, lists ordered like ``net.weights`` (W^2 first)."""
        layers = sorted(self.W)
        return [self.W[l].grad.copy() for l in layers], [self.b[l].grad.copy() for l in layers]


def _name_of(obj, what: str) -> str:
    name = getattr(obj, "name", None)
    if not isinstance(name, str):
        raise TypeError(f"the autodiff engine needs a named {what} (an object with .name), got {obj!r}")
    return name


def network_graph(net, X, Y, l2=0.0, *, masks=None) -> NetworkGraph:
    r"""Build the cost of ``net`` on the batch (X, Y) out of the engine's operations.

    .. math:: z^l = W^l a^{l-1} + b^l,\quad a^l = \sigma(z^l),\quad
              C = \frac1m \sum_x C_x(a^L, y) + \frac{\lambda}{2}\sum_l \lVert W^l \rVert^2

    The network is read through ``net.sizes``, ``net.W(l)``, ``net.b(l)``, ``net.sigma(l)``
    (by name) and ``net.cost_fn`` (by name); its weights are copied into the leaves, so the
    network itself is never changed.

    Parameters
    ----------
    net : a Network (or any object with that public surface).
    X : (n_1, m) inputs; Y : (n_L, m) targets, one column per example.
    l2 : λ ≥ 0, the strength of the L2 term (λ/2) Σ_l ‖W^l‖² (UFLDL's form; Nielsen's is (λ/2n) Σ w²).
    masks : optional dropout masks, a dict l → array of shape (n_l, m) for hidden layers l: then
        a^l = σ(z^l) ⊙ r^l, one more entry-by-entry product in the graph (as ``net.forward(X, masks=…)``).
    """
    l2 = _checks.real_number(l2, "l2", nonnegative=True)
    sizes = list(net.sizes)
    L = len(sizes)
    X = _checks.as_matrix(X, "X")
    Y = _checks.as_matrix(Y, "Y")
    if X.shape[0] != sizes[0]:
        raise ValueError(f"X has {X.shape[0]} rows but the input layer has {sizes[0]} neurons")
    if Y.shape[0] != sizes[-1]:
        raise ValueError(f"Y has {Y.shape[0]} rows but the output layer has {sizes[-1]} neurons")
    _checks.same_columns(X, "X", Y, "Y")
    cost_name = _name_of(net.cost_fn, "cost")
    if cost_name not in COSTS:
        raise ValueError(f"the autodiff engine has no rule for the cost {cost_name!r}; it knows {sorted(COSTS)}")
    costs.check_targets(net.cost_fn, Y)          # the range of y the cost needs (as the cost states it)
    masks = _check_masks(masks, sizes, X.shape[1])

    graph = NetworkGraph(cost=None, per_example=None)
    graph.a[1] = Tensor(X, requires_grad=False, name="a^1")
    for l in range(2, L + 1):
        W, b = np.asarray(net.W(l)), np.asarray(net.b(l))
        if W.shape != (sizes[l - 1], sizes[l - 2]):
            raise ValueError(f"W^{l} has shape {W.shape} but sizes={sizes} needs ({sizes[l - 1]}, {sizes[l - 2]})")
        if b.shape != (sizes[l - 1], 1):
            raise ValueError(f"b^{l} has shape {b.shape} but must be ({sizes[l - 1]}, 1)")
        act = _name_of(net.sigma(l), "activation")
        if act not in ACTIVATIONS:
            raise ValueError(f"the autodiff engine has no rule for the activation {act!r} of layer {l}; "
                             f"it knows {sorted(ACTIVATIONS)}")
        graph.W[l] = Tensor(W, name=f"W^{l}")
        graph.b[l] = Tensor(b, name=f"b^{l}")
        graph.z[l] = add(matmul(graph.W[l], graph.a[l - 1], name=f"W^{l}a^{l - 1}"), graph.b[l], name=f"z^{l}")
        if l in masks:                                              # dropout: a^l = σ(z^l) ⊙ r^l
            graph.a[l] = mul(ACTIVATIONS[act](graph.z[l], name=f"σ(z^{l})"), masks[l], name=f"a^{l}")
        else:
            graph.a[l] = ACTIVATIONS[act](graph.z[l], name=f"a^{l}")
    graph.per_example = COSTS[cost_name](graph.a[L], Y, name="C_x")
    C = mean(graph.per_example, name="mean C_x")
    if l2:
        decay = sum_of_squares(graph.W[2], name="‖W^2‖²")
        for l in range(3, L + 1):
            decay = add(decay, sum_of_squares(graph.W[l], name=f"‖W^{l}‖²"))
        C = add(C, mul(0.5 * l2, decay, name="(λ/2)Σ‖W‖²"))
    C.name = "C"
    graph.cost = C
    return graph


def _check_masks(masks, sizes: list, m: int) -> dict:
    if masks is None:
        return {}
    if not isinstance(masks, dict):
        raise TypeError(f"masks must be a dict layer → mask array, got {type(masks).__name__}")
    checked = {}
    for l, r in masks.items():
        if isinstance(l, bool) or not isinstance(l, numbers.Integral) or not 2 <= l < len(sizes):
            raise ValueError(f"dropout masks are for hidden layers l = 2..{len(sizes) - 1}, got l = {l!r}")
        r = _checks.as_matrix(r, f"masks[{l}]")
        if r.shape != (sizes[l - 1], m):
            raise ValueError(f"masks[{l}] has shape {r.shape} but layer {l} with a batch of {m} "
                             f"needs {(sizes[l - 1], m)}")
        checked[int(l)] = r
    return checked


def network_gradient(net, X, Y, l2=0.0, *, masks=None) -> tuple[list[Array], list[Array]]:
    """``(grad_W, grad_b)``, the gradient of the network's cost by the reverse sweep alone.

    The same lists as ``net.backprop(X, Y, l2)`` returns (``grad_W[l - 2]`` is ∂C/∂W^l),
    found without BP1–BP4: the cost is built from the engine's operations by
    :func:`network_graph` and :meth:`Tensor.backward` applies their local rules.
    """
    graph = network_graph(net, X, Y, l2, masks=masks)
    graph.backward()
    return graph.gradient()
