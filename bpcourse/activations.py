"""Activation functions σ, each kept together with its derivative σ'.

Every activation is an :class:`Activation` with ``.fn(z)`` = σ(z) and
``.prime(z)`` = σ'(z), both elementwise, and ``.jacobian(z)`` = ∂a/∂z, one (n, n)
matrix per column. They accept complex ``z`` too, so the complex-step gradient check
in :mod:`bpcourse.gradcheck` can run through them.

:data:`softmax` is not elementwise: each a_j depends on every z_k, so it has no σ'
to multiply entry by entry, only its Jacobian diag(a) − a aᵀ (BP1 then reads
δ^L = (∂a^L/∂z^L)ᵀ ∇_a C; see :func:`bpcourse.equations.bp1`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An activation σ and its derivative.

    For an elementwise σ (``elementwise=True``), ``prime`` is σ' and the Jacobian is
    diag(σ'(z)); otherwise ``jacobian`` gives ∂a/∂z and ``prime`` raises.
    """

    name: str
    fn: Callable[[Array], Array]
    prime: Callable[[Array], Array]
    elementwise: bool = True
    jacobian_fn: Callable[[Array], Array] | None = None
    #: (σ(z), σ'(z)) from one evaluation, the same numbers as ``fn`` and ``prime``, where that is
    #: cheaper than the two apart (the sigmoid's two share one exponential); None otherwise.
    fn_and_prime: Callable[[Array], tuple[Array, Array]] | None = None

    def jacobian(self, z) -> Array:
        """∂a/∂z for each column of ``z`` (n, m): shape (m, n, n), entry [x, i, j] = ∂a_i/∂z_j."""
        z = np.asarray(z)
        if z.ndim == 1:
            z = z[:, None]
        if self.jacobian_fn is not None:
            return self.jacobian_fn(z)
        d = self.prime(z).T                                     # (m, n): σ'(z) of each example
        return d[:, :, None] * np.eye(z.shape[0])               # diag(σ'(z)) for each column

    def __repr__(self) -> str:
        return f"<activation {self.name}>"


def _sigmoid(z: Array) -> Array:
    """σ(z) = 1 / (1 + e^{-z}), computed without overflow for large |z|."""
    z = np.asarray(z)
    if np.iscomplexobj(z):
        return 1.0 / (1.0 + np.exp(-z))
    # With e = e^{-|z|} ≤ 1 (never overflows): σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) for
    # z < 0, the same number as 1/(1 + e^{-z}), with full relative precision on both sides.
    e = np.exp(-np.abs(z))
    r = 1.0 / (1.0 + e)
    return np.where(z >= 0, r, e * r)


def _sigmoid_prime(z: Array) -> Array:
    """σ'(z) = σ(z)(1 − σ(z)) = σ(z)σ(−z), so neither factor rounds to 0 early.

    For real z that product is e/(1 + e)² with e = e^{-|z|}: one exponential, no overflow.
    """
    z = np.asarray(z)
    if np.iscomplexobj(z):
        return _sigmoid(z) * _sigmoid(-z)
    e = np.exp(-np.abs(z))
    r = 1.0 / (1.0 + e)
    return e * r * r


def _sigmoid_and_prime(z: Array) -> tuple[Array, Array]:
    """(σ(z), σ'(z)) from one exponential: the very numbers of :func:`_sigmoid` and :func:`_sigmoid_prime`."""
    z = np.asarray(z)
    if np.iscomplexobj(z):
        return _sigmoid(z), _sigmoid_prime(z)
    e = np.exp(-np.abs(z))
    r = 1.0 / (1.0 + e)
    er = e * r
    return np.where(z >= 0, r, er), er * r


def _tanh_prime(z: Array) -> Array:
    """tanh'(z) = 1 − tanh²(z), computed as 4σ(2z)σ(−2z) (the same number, since tanh(z) = 2σ(2z) − 1).

    Where tanh(z) rounds to ±1 (|z| ≳ 10), 1 − tanh² loses its digits to cancellation
    (relative error 1e-8 at z = 10, 1e-4 at z = 15, exactly 0 from z ≈ 19 on); the
    product of sigmoids keeps full precision and never overflows.
    """
    return 4.0 * _sigmoid_prime(2 * np.asarray(z))       # 4σ(2z)σ(−2z) = 4σ'(2z)


def _real(z: Array) -> Array:
    return np.real(z) if np.iscomplexobj(z) else z


def _relu(z: Array) -> Array:
    """relu(z) = max(0, z)."""
    z = np.asarray(z)
    return np.where(_real(z) > 0, z, 0.0)


def _relu_prime(z: Array) -> Array:
    """relu'(z) = 1 for z > 0, else 0 (we take 0 at the kink z = 0)."""
    z = np.asarray(z)
    return np.where(_real(z) > 0, 1.0, 0.0)


sigmoid = Activation("sigmoid", _sigmoid, _sigmoid_prime, fn_and_prime=_sigmoid_and_prime)
tanh = Activation("tanh", np.tanh, _tanh_prime)
relu = Activation("relu", _relu, _relu_prime)
identity = Activation("identity", lambda z: np.asarray(z) * 1.0, lambda z: np.ones_like(np.asarray(z), dtype=float))


def _softmax(z: Array) -> Array:
    """softmax(z)_j = e^{z_j} / Σ_k e^{z_k}, column by column.

    Subtracting each column's largest z first changes nothing (the factor cancels) and keeps
    every exponential ≤ 1, so z = 1000 does not overflow.
    """
    z = np.asarray(z)
    e = np.exp(z - np.max(np.real(z), axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def _softmax_jacobian(z: Array) -> Array:
    """∂a_i/∂z_j = a_i (δ_ij − a_j): the matrix diag(a) − a aᵀ, one per column (m, n, n)."""
    a = _softmax(z).T                                           # (m, n)
    return a[:, :, None] * np.eye(a.shape[1]) - a[:, :, None] * a[:, None, :]


def _softmax_prime(z: Array) -> Array:
    raise TypeError("softmax is not elementwise: each a_j depends on every z_k, so there is no σ'(z) to "
                    "multiply entry by entry. Use softmax.jacobian(z) = diag(a) − a aᵀ "
                    "(bpcourse.equations.bp1 does: δ^L = (∂a/∂z)ᵀ ∇_a C).")


softmax = Activation("softmax", _softmax, _softmax_prime, elementwise=False, jacobian_fn=_softmax_jacobian)

ACTIVATIONS = {a.name: a for a in (sigmoid, tanh, relu, identity, softmax)}


def get(activation) -> Activation:
    """Return the activation named ``activation`` (or ``activation`` itself if it is one)."""
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        try:
            return ACTIVATIONS[activation.lower()]
        except KeyError:
            raise ValueError(
                f"unknown activation {activation!r}; choose one of {sorted(ACTIVATIONS)}"
            ) from None
    if callable(getattr(activation, "fn", None)) and callable(getattr(activation, "prime", None)):
        elementwise = bool(getattr(activation, "elementwise", True))
        return Activation(str(getattr(activation, "name", type(activation).__name__)), activation.fn,
                          activation.prime, elementwise=elementwise,
                          jacobian_fn=None if elementwise else activation.jacobian)
    raise TypeError(
        "activation must be a name such as 'sigmoid' or an object with .fn(z) and .prime(z), "
        f"got {activation!r}"
    )
