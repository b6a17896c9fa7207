r"""BP1 at one output neuron: σ(z), σ'(z), and δ^L for the quadratic and cross-entropy costs.

One sigmoid output neuron with weighted input z^L and target y:

* quadratic cost C = ½(a − y)²: ∂C/∂a = a − y, so δ^L = (a − y) σ'(z^L) (BP1);
* cross-entropy C = −[y ln a + (1 − y) ln(1 − a)]: ∂C/∂a = (a − y)/(a(1 − a)), and σ'
  cancels, δ^L = a − y.

When |z^L| is large, σ'(z^L) ≈ 0: the quadratic δ^L is tiny even when the neuron is badly
wrong (saturation), while the cross-entropy δ^L stays a − y.
"""

from __future__ import annotations

import numpy as np

from bpcourse import costs
from bpcourse.activations import sigmoid
from bpcourse.equations import bp1
from bpcourse.widgets._demo import Demo, new_figure, slider


def output_errors(z: float, y: float) -> dict:
    """δ^L of one sigmoid output neuron for both costs, from the package's BP1 and costs.

    Returns a dict with ``a``, ``sigma_prime``, ``delta_quadratic`` and ``delta_cross_entropy``.
    """
    z_L = np.array([[float(z)]])
    Y = np.array([[float(y)]])
    a = sigmoid.fn(z_L)
    delta_q = bp1(costs.quadratic.grad_a(a, Y), z_L, "sigmoid")
    grad_ce = costs.cross_entropy.grad_a(a, Y)
    if np.all(np.isfinite(grad_ce)):
        delta_ce = bp1(grad_ce, z_L, "sigmoid")               # ∇_a C ⊙ σ'(z): the σ' cancels ...
    else:
        delta_ce = a - Y                                      # ... which is a − y (also where a rounds to 0 or 1)
    return {"a": float(a[0, 0]), "sigma_prime": float(sigmoid.prime(z_L)[0, 0]),
            "delta_quadratic": float(delta_q[0, 0]), "delta_cross_entropy": float(delta_ce[0, 0])}


def output_error_demo(z: float = 4.0, y: float = 0.0, eta: float = 1.0) -> Demo:
    r"""Sliders on z^L, the target y and η: see σ'(z) vanish and the quadratic δ^L with it.

    Left: σ(z) and σ'(z) with the current point, the target y as a dashed line. Right:
    δ^L as a function of z for the quadratic cost ((a − y) σ'(z)) and for cross-entropy
    (a − y), with the current z marked. The readout gives a, σ'(z), both δ^L, and the step
    each cost makes on the output bias, Δb^L = −η δ^L (by BP3, ∂C/∂b^L = δ^L).
    """
    zs = np.linspace(-10.0, 10.0, 401)
    s = sigmoid.fn(zs)
    sp = sigmoid.prime(zs)

    fig, (ax_s, ax_d) = new_figure(2, figsize=(12.0, 4.4), dpi=80)
    ax_s.plot(zs, s, lw=2.5, color="tab:blue", label=r"$\sigma(z)$")
    ax_s.plot(zs, sp, lw=2.5, color="tab:red", label=r"$\sigma'(z) = \sigma(z)(1-\sigma(z))$")
    ax_s.axvspan(-10, -4, color="0.85", zorder=0)
    ax_s.axvspan(4, 10, color="0.85", zorder=0)
    ax_s.text(-7, 0.45, "saturated", ha="center", fontsize=11, color="0.35")
    ax_s.text(7, 0.45, "saturated", ha="center", fontsize=11, color="0.35")
    (target,) = ax_s.plot(zs[[0, -1]], [y, y], "--", color="tab:green", lw=1.8, label="target y")
    (pt_s,) = ax_s.plot([z], [0.5], "o", color="tab:blue", markeredgecolor="black", markersize=10)
    (pt_sp,) = ax_s.plot([z], [0.25], "o", color="tab:red", markeredgecolor="black", markersize=10)
    ax_s.set_xlim(zs[0], zs[-1])
    ax_s.set_ylim(-0.05, 1.1)
    ax_s.set_xlabel(r"$z^L$")
    ax_s.set_title(r"the output neuron: $a^L = \sigma(z^L)$")
    ax_s.legend(loc="upper left", fontsize=10)

    ax_d.axhline(0.0, color="0.5", lw=1)
    (curve_q,) = ax_d.plot(zs, np.zeros_like(zs), lw=2.5, color="tab:purple",
                           label=r"quadratic: $(a-y)\,\sigma'(z)$")
    (curve_ce,) = ax_d.plot(zs, np.zeros_like(zs), lw=2.5, color="tab:orange", label=r"cross-entropy: $a-y$")
    (pt_q,) = ax_d.plot([z], [0.0], "o", color="tab:purple", markeredgecolor="black", markersize=10)
    (pt_ce,) = ax_d.plot([z], [0.0], "o", color="tab:orange", markeredgecolor="black", markersize=10)
    (marker,) = ax_d.plot([z, z], [-1.1, 1.1], ":", color="0.3", lw=1.5)
    ax_d.set_xlim(zs[0], zs[-1])
    ax_d.set_ylim(-1.1, 1.1)
    ax_d.set_xlabel(r"$z^L$")
    ax_d.set_ylabel(r"$\delta^L = \partial C/\partial z^L$")
    ax_d.set_title(r"the output error $\delta^L$ (BP1)")
    ax_d.legend(loc="lower right", fontsize=10)
    fig.tight_layout()

    def update(z, y, eta):
        out = output_errors(z, y)
        target.set_ydata([y, y])
        pt_s.set_data([z], [out["a"]])
        pt_sp.set_data([z], [out["sigma_prime"]])
        curve_q.set_ydata((s - y) * sp)
        curve_ce.set_ydata(s - y)
        pt_q.set_data([z], [out["delta_quadratic"]])
        pt_ce.set_data([z], [out["delta_cross_entropy"]])
        marker.set_xdata([z, z])
        dq, dce = out["delta_quadratic"], out["delta_cross_entropy"]
        return {
            "a = σ(z)": out["a"],
            "a − y": out["a"] - y,
            "σ'(z)": out["sigma_prime"],
            "δ^L quadratic": dq,
            "δ^L cross-entropy": dce,
            "bias step −η δ^L, quadratic": -eta * dq,
            "bias step −η δ^L, cross-entropy": -eta * dce,
            "cross-entropy / quadratic step": abs(dce / dq) if dq != 0 else float("inf"),
        }

    controls = {
        "z": slider("weighted input z^L", z, -10.0, 10.0, 0.1),
        "y": slider("target y", y, 0.0, 1.0, 0.05),
        "eta": slider("learning rate η", eta, 0.1, 3.0, 0.1),
    }
    animated = [target, pt_s, pt_sp, curve_q, curve_ce, pt_q, pt_ce, marker]
    return Demo(fig, controls, update, title="BP1 and saturation: δ^L = ∂C/∂a · σ'(z^L)", animated=animated)
