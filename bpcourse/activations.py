"""Activation functions σ, each kept together with its derivative σ'.

Every activation is an :class:`Activation` with ``.fn(z)`` = σ(z) and
``.prime(z)`` = σ'(z), both elementwise. They accept complex ``z`` too, so the
complex-step gradient check in :mod:`bpcourse.gradcheck` can run through them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """An activation σ and its derivative σ' (both elementwise)."""

    name: str
    fn: Callable[[Array], Array]
    prime: Callable[[Array], Array]

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


sigmoid = Activation("sigmoid", _sigmoid, _sigmoid_prime)
tanh = Activation("tanh", np.tanh, _tanh_prime)
relu = Activation("relu", _relu, _relu_prime)
identity = Activation("identity", lambda z: np.asarray(z) * 1.0, lambda z: np.ones_like(np.asarray(z), dtype=float))

ACTIVATIONS = {a.name: a for a in (sigmoid, tanh, relu, identity)}


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
        return activation
    raise TypeError(
        "activation must be a name such as 'sigmoid' or an object with .fn(z) and .prime(z), "
        f"got {activation!r}"
    )
