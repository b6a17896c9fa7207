r"""Gradient checking: compare backprop with derivatives computed from the cost alone.

Two independent numerical methods (and, for comparison, the cruder forward difference):

* central differences, ∂C/∂θ ≈ (C(θ + ε) − C(θ − ε)) / 2ε, error O(ε²) plus rounding;
* the complex step, ∂C/∂θ ≈ Im C(θ + iε) / ε, which has no subtraction and so no
  cancellation: with ε = 1e-20 it is exact to rounding error;
* forward differences, ∂C/∂θ ≈ (C(θ + ε) − C(θ)) / ε, error O(ε) plus rounding
  (``method="forward"``, shown in notebook 07 to explain why central differences are used).
"""

from __future__ import annotations

import warnings

import numpy as np

from bpcourse import _checks
from bpcourse.network import Network

Array = np.ndarray


class KinkWarning(UserWarning):
    """A finite difference straddled a kink of the activation (ReLU at z = 0)."""


def _network(net, func: str) -> Network:
    if not isinstance(net, Network):
        raise TypeError(f"{func}'s first argument must be the Network, got {type(net).__name__}; "
                        f"call {func}(net, X, Y, ...)")
    return net


def numerical_gradient(net, X, Y, eps=None, l2=0.0, method="central", *, masks=None):
    """∂C/∂W^l and ∂C/∂b^l for every layer, from evaluations of ``net.cost`` alone.

    Parameters
    ----------
    net : Network (left unchanged).
    X, Y : (n_1, m) and (n_L, m) arrays.
    eps : step size; defaults to 1e-6 for ``"central"``, 1e-20 for ``"complex"`` and
        1e-8 for ``"forward"``.
    l2 : L2 weight-decay strength λ, as in ``net.cost``.
    method : ``"central"``, ``"complex"`` or ``"forward"``.
    masks : dropout masks held fixed (a dict l → array), as in ``net.cost``.

    Returns
    -------
    (grad_W, grad_b) : lists shaped like ``net.weights`` and ``net.biases``.
    """
    if method not in ("central", "complex", "forward"):
        raise ValueError(f"method must be 'central', 'complex' or 'forward', got {method!r}")
    if eps is None:
        eps = {"central": 1e-6, "complex": 1e-20, "forward": 1e-8}[method]
    net = _network(net, "numerical_gradient")
    eps = _checks.real_number(eps, "eps", positive=True)
    l2 = _checks.real_number(l2, "l2", nonnegative=True)
    net.check_params()
    X, Y = net.check_data(X, Y)
    masks = net.check_masks(masks, X.shape[1]) if masks else None
    probe = net.copy()

    def cost() -> complex:
        return probe.cost(X, Y, l2, check=False, masks=masks)

    c_0 = cost() if method == "forward" else None
    if method == "complex":
        probe.weights = [W.astype(complex) for W in probe.weights]
        probe.biases = [b.astype(complex) for b in probe.biases]

    def derivative(param: Array, idx) -> float:
        old = param[idx]
        if method == "complex":
            param[idx] = old + 1j * eps
            d = np.imag(cost()) / eps
        elif method == "forward":
            param[idx] = old + eps
            d = (cost() - c_0) / eps
        else:
            param[idx] = old + eps
            c_plus = cost()
            param[idx] = old - eps
            c_minus = cost()
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
    by the size of another layer's gradient. If some z^l_j lies within the step of a
    kink of its activation (ReLU at 0), the finite difference straddles the kink and
    can disagree with backprop although backprop is right: a :class:`KinkWarning`
    says where.
    """
    net = _network(net, "check")
    gW, gb = net.backprop(X, Y, l2=l2)
    nW, nb = numerical_gradient(net, X, Y, eps=eps, l2=l2, method=method)
    errors = [relative_error(g, n) for g, n in zip(gW + gb, nW + nb)]
    if method != "complex":
        _warn_about_kinks(net, X, 1e-6 if eps is None and method == "central" else (eps or 1e-8))
    return max(errors)


#: Activations with a kink, and where it is.
KINKS = {"relu": 0.0}


def _warn_about_kinks(net: Network, X, eps: float) -> None:
    """Warn if a nudge of ±eps to any one parameter could carry some z^l_j across a kink."""
    cache = net.forward(X)
    near = []                                   # (l, j, x, z) of each entry near a kink, by layer
    for l in net.layers:
        kink = KINKS.get(net.sigma(l).name)
        if kink is None:
            continue
        # One parameter nudged by eps moves z^l_j by at most eps · max(1, |a^{l-1}|) directly;
        # nudges in earlier layers move it further, so allow a generous margin.
        reach = 10 * eps * max(1.0, float(np.max(np.abs(cache.a(l - 1)))))
        close = np.argwhere(np.abs(cache.z(l) - kink) < reach)
        near += [(l, j + 1, x + 1, float(cache.z(l)[j, x]), kink, reach) for j, x in close]
    if near:
        l, j, x, z, kink, reach = near[0]
        layers = sorted({entry[0] for entry in near})
        warnings.warn(
            f"z^{l}_{j} of example {x} is {z:.3g}, within {reach:.1g} of the {net.sigma(l).name} kink at "
            f"{kink:g} ({len(near)} such entries, in layer{'s' if len(layers) > 1 else ''} "
            f"{', '.join(map(str, layers))}): a finite difference there straddles the kink, so a large error "
            "may not mean backprop is wrong. Move the inputs or weights off the kink and check again.",
            KinkWarning, stacklevel=3)
