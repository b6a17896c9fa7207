r"""BP3 demo: nudge one bias b^l_j by Δb and watch ΔC ≈ δ^l_j Δb.

The cost as a function of the nudge, C(b^l_j + Δb), is drawn as a curve; its tangent at
Δb = 0 has slope ∂C/∂b^l_j = δ^l_j (BP3). The gap between the curve and the tangent is the
second-order remainder, which shrinks like Δb².
"""

from __future__ import annotations

import numpy as np

from bpcourse import Network
from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider

Array = np.ndarray

SIZES = [2, 3, 3, 3]
DB_RANGE = 2.5          # the curve is drawn for Δb in [-DB_RANGE, DB_RANGE]


def small_network(seed: int = 3) -> tuple[Network, Array, Array]:
    """The demo's network (sizes [2, 3, 3, 3], sigmoid, quadratic cost), one input x and its target y."""
    net = Network(SIZES, activation="sigmoid", cost="quadratic", seed=seed)
    x = np.array([[0.3], [0.6]])
    y = np.array([[1.0], [0.0], [0.0]])
    return net, x, y


def nudged_cost(net: Network, x, y, l: int, j: int, db) -> Array:
    """C with b^l_j replaced by b^l_j + Δb, for each Δb in ``db`` (``net`` is left unchanged).

    ``j`` counts neurons from 1 as in the notes (row j − 1 of b^l).
    """
    probe = net.copy()
    probe.cost(x, y)                        # checks the shapes once; the loop below skips the checks
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    b = probe.b(l)
    b0 = b[j - 1, 0]
    out = []
    for step in np.atleast_1d(db):
        b[j - 1, 0] = b0 + step
        out.append(float(probe.cost(x, y, check=False)))
    return np.array(out)


def bias_nudge_demo(l: int = 3, j: int = 1, db: float = 0.8, seed: int = 3) -> Demo:
    """Sliders for the layer l, the neuron j and the nudge Δb of the bias b^l_j.

    Shows C(b^l_j + Δb) as a curve, the tangent line C + δ^l_j Δb, and reads out the
    true change ΔC, the linear prediction δ^l_j Δb, and their difference.
    """
    net, x, y = small_network(seed)
    deltas = net.errors(x, y)[2]                   # deltas[l - 2] is δ^l (one example)
    C0 = float(net.cost(x, y))
    grid = np.linspace(-DB_RANGE, DB_RANGE, 101)
    curves: dict = {}

    fig, ax = new_figure(figsize=(8.5, 4.4))
    (curve,) = ax.plot(grid, np.zeros_like(grid), color="tab:blue", lw=2.5, label=r"$C(b^l_j + \Delta b)$")
    (tangent,) = ax.plot(grid, np.zeros_like(grid), color="tab:orange", lw=2, ls="--",
                         label=r"tangent: $C + \delta^l_j\,\Delta b$")
    (gap,) = ax.plot([0, 0], [0, 0], color="tab:red", lw=3, label="second-order gap")
    (true_pt,) = ax.plot([0], [0], "o", color="tab:blue", ms=10)
    (lin_pt,) = ax.plot([0], [0], "s", color="tab:orange", ms=9)
    ax.axvline(0.0, color="0.6", lw=1)
    ax.set_xlim(-DB_RANGE, DB_RANGE)
    ax.set_xlabel(r"nudge $\Delta b$ of the bias $b^l_j$", fontsize=14)
    ax.set_ylabel("cost C", fontsize=14)
    ax.tick_params(labelsize=12)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=12, frameon=False)
    label = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=13,
                    bbox=dict(facecolor="white", alpha=0.85, edgecolor="0.7"))
    fig.tight_layout()

    def update(l, j, db):
        if (l, j) not in curves:
            curves[(l, j)] = nudged_cost(net, x, y, l, j, grid)
        costs_along = curves[(l, j)]
        slope = float(deltas[l - 2][j - 1, 0])          # BP3: ∂C/∂b^l_j = δ^l_j
        C_new = float(nudged_cost(net, x, y, l, j, [db])[0])
        dC, linear = C_new - C0, slope * db
        curve.set_ydata(costs_along)
        tangent.set_ydata(C0 + slope * grid)
        true_pt.set_data([db], [C_new])
        lin_pt.set_data([db], [C0 + linear])
        gap.set_data([db, db], [C0 + linear, C_new])
        lo, hi = costs_along.min(), costs_along.max()
        pad = 0.15 * (hi - lo) + 1e-6
        ax.set_ylim(lo - pad, hi + pad)
        label.set_text(f"l = {l}, j = {j}:  slope $\\delta^{l}_{j}$ = {slope:.5f}")
        return {"δ^l_j (slope)": slope, "ΔC (true)": dC, "δ^l_j Δb (linear)": linear,
                "ΔC − δ^l_j Δb": dC - linear,
                "(ΔC − δ^l_j Δb) / Δb²": (dC - linear) / db**2 if db != 0 else "— (Δb = 0)"}

    controls = {
        "l": int_slider("layer l", l, 2, len(SIZES)),
        "j": int_slider("neuron j", j, 1, min(SIZES[1:])),
        "db": slider("Δb", db, -2.0, 2.0, 0.05),
    }
    return Demo(fig, controls, update, title="BP3: nudge the bias b^l_j by Δb; ΔC ≈ δ^l_j Δb",
                animated=[curve, tangent, gap, true_pt, lin_pt, label])
