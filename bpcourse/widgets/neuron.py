r"""One neuron with sliders on its weight w, bias b and input a: a = σ(w a_in + b).

Left: the neuron's output σ(w·a + b) as a function of its input a, with the current
input marked. Right: σ(z) against its weighted input z, with the current z and the
tangent of slope σ'(z). Moving w makes the step steeper (or flips it), moving b slides it.
"""

from __future__ import annotations

import numpy as np

from bpcourse import activations, style
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, new_figure, slider, styled

A_RANGE = 3.0      # the input slider runs over [-A_RANGE, A_RANGE]; its axis 6 % further
Z_RANGE = 10.0     # the z axis runs over [-Z_RANGE, Z_RANGE]; a z beyond is marked at the edge
SATURATED = 4.0   # the course calls a neuron saturated when |z| ≥ 4 (σ' ≤ σ'(4) ≈ 0.0177), as notebooks 01 and 03 do


@styled
def neuron_demo(w: float = 2.0, b: float = -1.0, a_in: float = 0.8, activation="sigmoid") -> Demo:
    r"""Sliders on one neuron's weight, bias and input.

    The readout shows ``z`` = w·a_in + b, the output ``a`` = σ(z) and ``sigma_prime`` = σ'(z),
    computed with the package's activation (``activation`` is a name or an activation object).
    A z beyond the right panel's range is drawn as a triangle at its edge, with a note.
    """
    sigma = activations.get(activation)
    fig, (ax_a, ax_z) = new_figure(2, figsize=(8.2, 4.4))
    a_edge = 1.06 * A_RANGE
    a_grid = np.linspace(-a_edge, a_edge, 321)
    z_grid = np.linspace(-Z_RANGE, Z_RANGE, 401)
    lo, hi = _y_limits(sigma, z_grid)
    blue, vermillion, orange = style.colour("blue"), style.colour("vermillion"), style.colour("orange")

    (curve,) = ax_a.plot(a_grid, sigma.fn(w * a_grid + b), color=blue, lw=3)
    (point_a,) = ax_a.plot([a_in], [0.0], "o", color=vermillion, mec="black", ms=style.MARKER_SIZE, zorder=5)
    (guide,) = ax_a.plot([a_in, a_in], [lo, 0.0], color=vermillion, lw=1.5, ls=":")
    ax_a.set_xlim(-a_edge, a_edge)
    ax_a.set_ylim(lo, hi)
    ax_a.set_xlabel("input $a$")
    ax_a.set_ylabel(r"output $\sigma(w\,a + b)$")
    ax_a.set_title("against its input")

    ax_z.plot(z_grid, sigma.fn(z_grid), color=style.colour("black"), lw=3)
    (tangent,) = ax_z.plot([], [], color=orange, lw=2.5, ls="--", label=r"tangent, slope $\sigma'(z)$")
    (point_z,) = ax_z.plot([0.0], [0.0], "o", color=vermillion, mec="black", ms=style.MARKER_SIZE, zorder=5)
    ax_z.set_xlim(-Z_RANGE, Z_RANGE)
    ax_z.set_ylim(lo, hi)
    ax_z.set_xlabel("$z = w\\,a + b$")
    ax_z.set_ylabel(r"$\sigma(z)$")
    ax_z.set_title(rf"{getattr(sigma, 'name', 'σ')}: $a = \sigma(z)$")
    ax_z.legend(loc="upper left", handlelength=1.5)
    note = ax_z.text(0.98, 0.04, "", transform=ax_z.transAxes, ha="right", va="bottom", color=vermillion,
                     bbox=dict(facecolor="white", alpha=0.9, edgecolor="none"))
    fig.tight_layout()
    z_pad = (2 * Z_RANGE) * 0.025                    # keeps a marker at the edge whole

    controls = {
        "w": slider("weight w", w, -4.0, 4.0, 0.05),
        "b": slider("bias b", b, -4.0, 4.0, 0.05),
        "a_in": slider("input a", a_in, -A_RANGE, A_RANGE, 0.05),
    }

    def update(w, b, a_in):
        z = w * a_in + b
        a = float(sigma.fn(np.array(z)))
        slope = float(sigma.prime(np.array(z)))
        curve.set_ydata(sigma.fn(w * a_grid + b))
        point_a.set_data([a_in], [a])
        guide.set_data([a_in, a_in], [lo, a])
        half = 2.0
        tangent.set_data([z - half, z + half], [a - slope * half, a + slope * half])
        if abs(z) <= Z_RANGE - z_pad:
            point_z.set_data([z], [a])
            point_z.set_marker("o")
            note.set_text("")
        else:                                        # off the plot: a triangle at the edge points to it
            edge = np.sign(z) * (Z_RANGE - z_pad)
            point_z.set_data([edge], [a])
            point_z.set_marker(">" if z > 0 else "<")
            note.set_text(f"z = {z:.2f} is off this plot")
        return {"z": z, "a": a, "sigma_prime": slope}

    labels = {"z": "z = w&thinsp;a + b", "a": "a<sub>out</sub> = σ(z)", "sigma_prime": "σ′(z)"}

    def alt(r, v):
        return (f"Left: the neuron's output σ(w a + b) against its input a from {-A_RANGE:g} to {A_RANGE:g}, with "
                f"w = {S.number(v['w'], 3)} and b = {S.number(v['b'], 3)}; the input a = {S.number(v['a_in'], 3)} is "
                f"marked at output {S.number(r['a'])}. Right: σ(z) against z from {-Z_RANGE:g} to {Z_RANGE:g}, "
                f"with the point z = {S.number(r['z'], 3)} and its tangent of slope "
                f"σ′(z) = {S.number(r['sigma_prime'])}.")

    def status(r, v):
        flat = " (saturated, |z| ≥ 4: the tangent is nearly flat)" if abs(r["z"]) >= SATURATED else ""
        return (f"w = {S.number(v['w'], 3)}, b = {S.number(v['b'], 3)}, a = {S.number(v['a_in'], 3)}: "
                f"z = {S.number(r['z'], 3)}, σ(z) = {S.number(r['a'])}, σ′(z) = {S.number(r['sigma_prime'])}{flat}.")

    return Demo(fig, controls, update, title="One neuron: a = σ(w·a_in + b)",
                animated=[curve, point_a, guide, tangent, point_z, note], labels=labels, alt=alt, status=status)


def _y_limits(sigma, z_grid) -> tuple[float, float]:
    """Fixed y limits that hold σ over the z grid, with a margin (so the figure never rescales)."""
    values = sigma.fn(z_grid)
    lo, hi = float(np.min(values)), float(np.max(values))
    lo, hi = min(lo, 0.0), max(hi, 1.0)
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad
