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

from bpcourse import costs, style
from bpcourse.activations import sigmoid
from bpcourse.equations import bp1
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, new_figure, slider, styled

Z_MAX = 10.0     # the z^L slider's range is [-Z_MAX, Z_MAX]; the axes run 6 % further


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


@styled
def output_error_demo(z: float = 4.0, y: float = 0.0, eta: float = 1.0) -> Demo:
    r"""Sliders on z^L, the target y and η: see σ'(z) vanish and the quadratic δ^L with it.

    Left: σ(z) and σ'(z) with the current point, the target y as a dashed line. Right:
    δ^L as a function of z for the quadratic cost ((a − y) σ'(z)) and for cross-entropy
    (a − y), with the current z marked. The readout gives a, σ'(z), both δ^L, and the step
    each cost makes on the output bias, Δb^L = −η δ^L (by BP3, ∂C/∂b^L = δ^L). Where both
    steps are 0 (a = y) their ratio is 0/0 and shows as "undefined".
    """
    z_edge = 1.06 * Z_MAX
    zs = np.linspace(-z_edge, z_edge, 425)
    s = sigmoid.fn(zs)
    sp = sigmoid.prime(zs)
    blue, vermillion, green = style.colour("blue"), style.colour("vermillion"), style.colour("green")
    purple, orange, grey = style.colour("purple"), style.colour("orange"), style.colour("grey")

    fig, (ax_s, ax_d) = new_figure(2, figsize=(8.2, 5.2))
    ax_s.plot(zs, s, color=blue, label=r"$\sigma(z)$")
    ax_s.plot(zs, sp, color=vermillion, ls="-.", label=r"$\sigma'(z)$")
    ax_s.axvspan(-z_edge, -4, color="0.9", zorder=0)
    ax_s.axvspan(4, z_edge, color="0.9", zorder=0)
    ax_s.text(-7, 0.45, "saturated", ha="center", color="0.3")
    ax_s.text(7, 0.45, "saturated", ha="center", color="0.3")
    (target,) = ax_s.plot(zs[[0, -1]], [y, y], "--", color=green, lw=2, label="target y")
    (pt_s,) = ax_s.plot([z], [0.5], "o", color=blue, mec="black", ms=style.MARKER_SIZE)
    (pt_sp,) = ax_s.plot([z], [0.25], "D", color=vermillion, mec="black", ms=style.MARKER_SIZE - 1)
    ax_s.set_xlim(-z_edge, z_edge)
    ax_s.set_ylim(-0.08, 1.12)
    ax_s.set_xlabel(r"$z^L$")
    ax_s.set_title(r"the output neuron: $a^L = \sigma(z^L)$")
    ax_s.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)

    ax_d.axhline(0.0, color=grey, lw=1)
    (curve_q,) = ax_d.plot(zs, np.zeros_like(zs), color=purple, label=r"quadratic, $(a-y)\,\sigma'(z)$")
    (curve_ce,) = ax_d.plot(zs, np.zeros_like(zs), color=orange, ls="--", label=r"cross-entropy, $a-y$")
    (pt_q,) = ax_d.plot([z], [0.0], "o", color=purple, mec="black", ms=style.MARKER_SIZE)
    (pt_ce,) = ax_d.plot([z], [0.0], "s", color=orange, mec="black", ms=style.MARKER_SIZE - 1)
    (marker,) = ax_d.plot([z, z], [-1.2, 1.2], ":", color="0.3", lw=1.5)
    ax_d.set_xlim(-z_edge, z_edge)
    ax_d.set_ylim(-1.2, 1.2)
    ax_d.set_xlabel(r"$z^L$")
    ax_d.set_ylabel(r"$\delta^L = \partial C/\partial z^L$")
    ax_d.set_title(r"the output error $\delta^L$ (BP1)")
    ax_d.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
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
        if dq == 0.0 and dce == 0.0:
            ratio = float("nan")                      # a = y: both steps are 0, their ratio 0/0
        else:
            ratio = abs(dce / dq) if dq != 0 else float("inf")
        return {
            "a": out["a"],
            "a_minus_y": out["a"] - y,
            "sigma_prime": out["sigma_prime"],
            "delta_quadratic": dq,
            "delta_cross_entropy": dce,
            "step_quadratic": -eta * dq,
            "step_cross_entropy": -eta * dce,
            "step_ratio": ratio,
        }

    labels = {
        "a": "a<sup>L</sup> = σ(z<sup>L</sup>)", "a_minus_y": "a<sup>L</sup> − y",
        "sigma_prime": "σ′(z<sup>L</sup>)", "delta_quadratic": "δ<sup>L</sup>, quadratic",
        "delta_cross_entropy": "δ<sup>L</sup>, cross-entropy",
        "step_quadratic": "bias step −η&thinsp;δ<sup>L</sup>, quadratic",
        "step_cross_entropy": "bias step −η&thinsp;δ<sup>L</sup>, cross-entropy",
        "step_ratio": "cross-entropy step / quadratic step",
    }

    def alt(r, v):
        return (f"Left: the sigmoid σ(z) and its slope σ′(z) for z from {-Z_MAX:g} to {Z_MAX:g}, grey where the neuron "
                f"saturates (|z| ≥ 4), the target y = {S.number(v['y'], 3)} dashed, and the current z = "
                f"{S.number(v['z'], 3)} marked at a = {S.number(r['a'])}, σ′(z) = {S.number(r['sigma_prime'])}. "
                f"Right: δᴸ against z for the quadratic cost, (a − y)σ′(z), and for cross-entropy, a − y; at the "
                f"current z they are {S.number(r['delta_quadratic'])} and {S.number(r['delta_cross_entropy'])}.")

    def status(r, v):
        ratio = r["step_ratio"]
        times = "undefined (both are 0: a = y)" if ratio != ratio else f"{S.number(ratio, 3)} times the quadratic's"
        return (f"z = {S.number(v['z'], 3)}, y = {S.number(v['y'], 3)}: a = {S.number(r['a'])}, "
                f"σ′(z) = {S.number(r['sigma_prime'])}; δᴸ is {S.number(r['delta_quadratic'])} for the quadratic "
                f"cost and {S.number(r['delta_cross_entropy'])} for cross-entropy, whose step is {times}.")

    controls = {
        "z": slider("weighted input zᴸ", z, -Z_MAX, Z_MAX, 0.1),
        "y": slider("target y", y, 0.0, 1.0, 0.05),
        "eta": slider("learning rate η", eta, 0.1, 3.0, 0.1),
    }
    animated = [target, pt_s, pt_sp, curve_q, curve_ce, pt_q, pt_ce, marker]
    return Demo(fig, controls, update, title="BP1 and saturation: δᴸ = ∂C/∂aᴸ · σ′(zᴸ)", animated=animated,
                labels=labels, alt=alt, status=status)
