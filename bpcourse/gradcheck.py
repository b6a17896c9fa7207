r"""Gradient checking: compare backprop with derivatives computed from the cost alone.

Two independent numerical methods (and, for comparison, the cruder forward difference):

* central differences, ∂C/∂θ ≈ (C(θ + ε) − C(θ − ε)) / 2ε, error O(ε²) plus rounding;
* the complex step, ∂C/∂θ ≈ Im C(θ + iε) / ε, which has no subtraction and so no
  cancellation: with ε = 1e-20 it is exact to rounding error;
* forward differences, ∂C/∂θ ≈ (C(θ + ε) − C(θ)) / ε, error O(ε) plus rounding
  (``method="forward"``, shown in notebook 07 to explain why central differences are used).
"""

from __future__ import annotations

import numpy as np

from bpcourse import _checks

Array = np.ndarray


def numerical_gradient(net, X, Y, eps=None, l2=0.0, method="central"):
    """∂C/∂W^l and ∂C/∂b^l for every layer, from evaluations of ``net.cost`` alone.

    Parameters
    ----------
    net : Network (left unchanged).
    X, Y : (n_1, m) and (n_L, m) arrays.
    eps : step size; defaults to 1e-6 for ``"central"``, 1e-20 for ``"complex"`` and
        1e-8 for ``"forward"``.
    l2 : L2 weight-decay strength λ, as in ``net.cost``.
    method : ``"central"``, ``"complex"`` or ``"forward"``.

    Returns
    -------
    (grad_W, grad_b) : lists shaped like ``net.weights`` and ``net.biases``.
    """
    if method not in ("central", "complex", "forward"):
        raise ValueError(f"method must be 'central', 'complex' or 'forward', got {method!r}")
    if eps is None:
        eps = {"central": 1e-6, "complex": 1e-20, "forward": 1e-8}[method]
    eps = _checks.real_number(eps, "eps", positive=True)
    l2 = _checks.real_number(l2, "l2", nonnegative=True)
    net._check_params()
    X, Y = net._check_XY(X, Y)
    probe = net.copy()
    c_0 = probe._cost(X, Y, l2) if method == "forward" else None
    if method == "complex":
        probe.weights = [W.astype(complex) for W in probe.weights]
        probe.biases = [b.astype(complex) for b in probe.biases]

    def derivative(param: Array, idx) -> float:
        old = param[idx]
        if method == "complex":
            param[idx] = old + 1j * eps
            d = np.imag(probe._cost(X, Y, l2)) / eps
        elif method == "forward":
            param[idx] = old + eps
            d = (probe._cost(X, Y, l2) - c_0) / eps
        else:
            param[idx] = old + eps
            c_plus = probe._cost(X, Y, l2)
            param[idx] = old - eps
            c_minus = probe._cost(X, Y, l2)
            d = (c_plus - c_minus) / (2 * eps)
        param[idx] = old
        return float(d)

    grads = []
    for params in (probe.weights, probe.biases):
        out = []
        for P in params:
            G = np.empty(P.shape)
            for idx in np.ndindex(P.shape):
                G[idx] = derivative(P, idx)
            out.append(G)
        grads.append(out)
    return grads[0], grads[1]


def _flat(x) -> Array:
    """All the numbers in an array or a (nested) list or tuple of arrays, as one flat array."""
    if isinstance(x, (list, tuple)):
        return np.concatenate([_flat(p) for p in x]) if x else np.zeros(0)
    return np.ravel(np.asarray(x, dtype=float))


def relative_error(a, b) -> float:
    r"""‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are zero.

    ``a`` and ``b`` may be arrays or lists of arrays (flattened and joined), or
    ``(grad_W, grad_b)`` pairs as returned by ``net.backprop`` and :func:`numerical_gradient`.
    Below 1e-7 means agreement to about seven significant figures.
    """
    a, b = _flat(a), _flat(b)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of different sizes: {a.size} and {b.size} numbers")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def check(net, X, Y, l2=0.0, method="central", eps=None) -> float:
    """The largest relative error between ``net.backprop`` and :func:`numerical_gradient`.

    Taken over every W^l and b^l separately, so an error in one layer is not hidden
    by the size of another layer's gradient.
    """
    gW, gb = net.backprop(X, Y, l2=l2)
    nW, nb = numerical_gradient(net, X, Y, eps=eps, l2=l2, method=method)
    return max(relative_error(g, n) for g, n in zip(gW + gb, nW + nb))
