r"""One neuron with sliders on its weight w, bias b and input a: a = σ(w a_in + b).

Left: the neuron's output σ(w·a + b) as a function of its input a, with the current
input marked. Right: σ(z) against its weighted input z, with the current z and the
tangent of slope σ'(z). Moving w makes the step steeper (or flips it), moving b slides it.
"""

from __future__ import annotations

import numpy as np

from bpcourse import activations
from bpcourse.widgets._demo import Demo, new_figure, slider

A_RANGE = 3.0      # the input axis runs over [-A_RANGE, A_RANGE]
Z_RANGE = 10.0     # the z axis runs over [-Z_RANGE, Z_RANGE]


def neuron_demo(w: float = 2.0, b: float = -1.0, a_in: float = 0.8, activation="sigmoid") -> Demo:
    r"""Sliders on one neuron's weight, bias and input.

    The readout shows ``z`` = w·a_in + b, the output ``σ(z)`` and ``σ'(z)``, computed with the
    package's activation (``activation`` is a name or an activation object).
    """
    sigma = activations.get(activation)
    fig, (ax_a, ax_z) = new_figure(2, figsize=(11.0, 4.2))
    a_grid = np.linspace(-A_RANGE, A_RANGE, 301)
    z_grid = np.linspace(-Z_RANGE, Z_RANGE, 401)
    lo, hi = _y_limits(sigma, z_grid)

    (curve,) = ax_a.plot(a_grid, sigma.fn(w * a_grid + b), color="#2f6db3", lw=3)
    point_a = ax_a.scatter([a_in], [0.0], s=120, color="#d1495b", zorder=5)
    (guide,) = ax_a.plot([a_in, a_in], [lo, 0.0], color="#d1495b", lw=1.2, ls=":")
    ax_a.set_xlim(-A_RANGE, A_RANGE)
    ax_a.set_ylim(lo, hi)
    ax_a.set_xlabel("input $a$")
    ax_a.set_ylabel(r"output $\sigma(w\,a + b)$")
    ax_a.set_title(r"the neuron as a function of its input")

    ax_z.plot(z_grid, sigma.fn(z_grid), color="#33415c", lw=3)
    (tangent,) = ax_z.plot([], [], color="#e07b00", lw=2.5, label=r"tangent, slope $\sigma'(z)$")
    point_z = ax_z.scatter([0.0], [0.0], s=120, color="#d1495b", zorder=5)
    ax_z.set_xlim(-Z_RANGE, Z_RANGE)
    ax_z.set_ylim(lo, hi)
    ax_z.set_xlabel("weighted input $z = w\\,a + b$")
    ax_z.set_ylabel(r"$\sigma(z)$")
    ax_z.set_title(rf"{getattr(sigma, 'name', 'σ')}: $a = \sigma(z)$")
    ax_z.legend(loc="upper left", fontsize=11)
    note = ax_z.text(0.98, 0.04, "", transform=ax_z.transAxes, ha="right", va="bottom", fontsize=12,
                     color="#b35900")
    fig.tight_layout()

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
        point_a.set_offsets([[a_in, a]])
        guide.set_data([a_in, a_in], [lo, a])
        half = 2.0
        tangent.set_data([z - half, z + half], [a - slope * half, a + slope * half])
        point_z.set_offsets([[z, a]])
        on_axis = abs(z) <= Z_RANGE
        note.set_text("" if on_axis else f"z = {z:.2f} is off this plot")
        return {"z": z, "σ(z)": a, "σ'(z)": slope}

    return Demo(fig, controls, update, title="One neuron: a = σ(w·a_in + b)",
                animated=[curve, point_a, guide, tangent, point_z, note])


def _y_limits(sigma, z_grid) -> tuple[float, float]:
    """Fixed y limits that hold σ over the z grid, with a margin (so the figure never rescales)."""
    values = sigma.fn(z_grid)
    lo, hi = float(np.min(values)), float(np.max(values))
    lo, hi = min(lo, 0.0), max(hi, 1.0)
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad
