r"""The four equations of backpropagation, one small pure function each.

Notation (the course's): layers l = 1..L, W^l has shape (n_l, n_{l-1}),
z^l = W^l a^{l-1} + b^l, a^l = σ(z^l), and the error δ^l = ∂C/∂z^l.
Arrays have one column per example; with m columns ``bp3`` and ``bp4``
average over the batch, with one column they are the textbook forms.

Each function checks its arguments' shapes and values first and raises an error
that names the problem. ``Network`` checks its inputs once and then passes
``check=False``, so the checks cost nothing inside a training loop.
"""

from __future__ import annotations

import numpy as np

from bpcourse import _checks, activations

Array = np.ndarray


def jacobian_t_times(sigma, z: Array, v: Array) -> Array:
    r"""(∂a/∂z)ᵀ v for a = σ(z), column by column (each example has its own Jacobian).

    For an elementwise σ the Jacobian is diag(σ'(z)) and this is v ⊙ σ'(z); bp1 and bp2
    write that case out. For softmax it is (diag(a) − a aᵀ)ᵀ v, which no ⊙ can give.
    """
    J = sigma.jacobian(z)                               # (m, n, n): J[x, i, j] = ∂a_i/∂z_j of example x
    return np.einsum("xij,ix->jx", J, v)                # column x: J[x]ᵀ v[:, x]


def bp1(nabla_a_C, z_L, activation="sigmoid", *, check=True) -> Array:
    r"""BP1: δ^L = ∇_a C ⊙ σ'(z^L); in general δ^L = (∂a^L/∂z^L)ᵀ ∇_a C.

    .. math:: \delta^L_j = \sum_i \frac{\partial C}{\partial a^L_i}\,
              \frac{\partial a^L_i}{\partial z^L_j} = \frac{\partial C}{\partial a^L_j}\, \sigma'(z^L_j)

    The second form holds when a^L_i depends on z^L_j only for i = j (an elementwise σ).
    For softmax (``activation="softmax"``) the Jacobian form is used.

    Parameters
    ----------
    nabla_a_C : (n_L, m) array, ∂C_x/∂a^L for each example.
    z_L : (n_L, m) array, the output layer's weighted inputs.
    activation : name or activation object, the output layer's σ.

    Returns
    -------
    delta_L : (n_L, m) array.
    """
    sigma = activations.get(activation)
    if check:
        nabla_a_C = _checks.as_matrix(nabla_a_C, "nabla_a_C", allow_complex=True)
        z_L = _checks.as_matrix(z_L, "z_L", allow_complex=True)
        _checks.same_shape(nabla_a_C, "nabla_a_C", z_L, "z_L")
    if sigma.elementwise:
        return nabla_a_C * sigma.prime(z_L)                     # ∇_a C ⊙ σ'(z^L)
    return jacobian_t_times(sigma, z_L, nabla_a_C)              # (∂a^L/∂z^L)ᵀ ∇_a C


def bp2(W_next, delta_next, z_l, activation="sigmoid", *, check=True, prime=None) -> Array:
    r"""BP2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ'(z^l).

    .. math:: \delta^l_j = \sum_k w^{l+1}_{kj}\, \delta^{l+1}_k\, \sigma'(z^l_j)

    Parameters
    ----------
    W_next : (n_{l+1}, n_l) array, W^{l+1}.
    delta_next : (n_{l+1}, m) array, δ^{l+1}.
    z_l : (n_l, m) array, z^l.
    activation : name or activation object, layer l's σ.
    prime : σ'(z^l), shape (n_l, m), when it is already known (the forward pass keeps it), so
        that it is not computed again; by default ``activation``'s σ' of ``z_l``.

    Returns
    -------
    delta_l : (n_l, m) array.
    """
    sigma = activations.get(activation)
    if check:
        W_next, delta_next, z_l = _check_bp2(W_next, delta_next, z_l)
        if prime is not None and np.shape(prime) != z_l.shape:
            raise ValueError(f"prime must have the shape of z_l {z_l.shape}, got {np.shape(prime)}")
    if sigma.elementwise:
        return (W_next.T @ delta_next) * (sigma.prime(z_l) if prime is None else prime)
    return jacobian_t_times(sigma, z_l, W_next.T @ delta_next)  # a layer that is not elementwise


def _check_bp2(W_next, delta_next, z_l) -> tuple[Array, Array, Array]:
    W_next = _checks.as_matrix(W_next, "W_next", allow_complex=True)
    delta_next = _checks.as_matrix(delta_next, "delta_next", allow_complex=True)
    z_l = _checks.as_matrix(z_l, "z_l", allow_complex=True)
    if W_next.shape[0] != delta_next.shape[0]:
        raise ValueError(
            f"W_next has shape {W_next.shape}, so δ^(l+1) must have {W_next.shape[0]} rows, "
            f"but delta_next has shape {delta_next.shape}"
        )
    if W_next.shape[1] != z_l.shape[0]:
        raise ValueError(
            f"W_next has shape {W_next.shape}, so z^l must have {W_next.shape[1]} rows "
            f"(W^(l+1) has one column per neuron of layer l), but z_l has shape {z_l.shape}"
        )
    _checks.same_columns(delta_next, "delta_next", z_l, "z_l")
    return W_next, delta_next, z_l


def bp3(delta_l, *, check=True) -> Array:
    r"""BP3: ∂C/∂b^l_j = δ^l_j (averaged over the batch's columns).

    .. math:: \frac{\partial C}{\partial b^l_j} = \frac{1}{m}\sum_x \delta^{l}_{j,x}

    Parameters
    ----------
    delta_l : (n_l, m) array, δ^l for each example.

    Returns
    -------
    grad_b : (n_l, 1) array, ∂C/∂b^l.
    """
    if check:
        delta_l = _checks.as_matrix(delta_l, "delta_l", allow_complex=True)
    return delta_l.sum(axis=1, keepdims=True) / delta_l.shape[1]       # (1/m) Σ_x δ^l_x


def bp4(delta_l, a_prev, *, check=True) -> Array:
    r"""BP4: ∂C/∂w^l_jk = a^{l-1}_k δ^l_j (averaged over the batch's columns).

    .. math:: \frac{\partial C}{\partial W^l} = \frac{1}{m}\, \delta^l (a^{l-1})^T

    Parameters
    ----------
    delta_l : (n_l, m) array, δ^l.
    a_prev : (n_{l-1}, m) array, a^{l-1} (the activations feeding layer l, not a^l).

    Returns
    -------
    grad_W : (n_l, n_{l-1}) array, ∂C/∂W^l.
    """
    if check:
        delta_l = _checks.as_matrix(delta_l, "delta_l", allow_complex=True)
        a_prev = _checks.as_matrix(a_prev, "a_prev", allow_complex=True)
        _checks.same_columns(delta_l, "delta_l", a_prev, "a_prev")
    return (delta_l / delta_l.shape[1]) @ a_prev.T   # (1/m) δ^l (a^{l-1})^T; dividing δ first is cheaper
