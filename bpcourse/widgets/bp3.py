r"""BP3 demo: nudge one bias b^l_j by Δb and watch ΔC ≈ δ^l_j Δb.

The cost as a function of the nudge, C(b^l_j + Δb), is drawn as a curve; its tangent at
Δb = 0 has slope ∂C/∂b^l_j = δ^l_j (BP3). The gap between the curve and the tangent is the
second-order remainder, which shrinks like Δb².

The left panel draws every layer and neuron on one scale, so the slopes of layer 2 and layer 4
can be compared by eye; the right panel zooms on the chosen neuron, so its tangent and gap can
be seen even where δ^l_j is tiny.
"""

from __future__ import annotations

import numpy as np

from bpcourse import Network, style
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider, styled
from bpcourse.widgets._nudge import cost_after_z_nudges

Array = np.ndarray

SIZES = [2, 3, 3, 3]
DB_MAX = 2.0            # the Δb slider's range is [-DB_MAX, DB_MAX]
DB_RANGE = 2.2          # the curve is drawn for Δb in [-DB_RANGE, DB_RANGE]: markers at ±DB_MAX stay whole
GAP_NEAR, GAP_FAR = 0.17, 0.3   # the gap's bracket runs from Δb ± GAP_NEAR (clear of the markers) to Δb ± GAP_FAR
GAP_SWITCH = 0.8        # beyond this Δb the bracket and its value go on the left of the points


def small_network(seed: int = 3) -> tuple[Network, Array, Array]:
    """The demo's network (sizes [2, 3, 3, 3], sigmoid, quadratic cost), one input x and its target y."""
    net = Network(SIZES, activation="sigmoid", cost="quadratic", seed=seed)
    x = np.array([[0.3], [0.6]])
    y = np.array([[1.0], [0.0], [0.0]])
    return net, x, y


def nudged_cost(net: Network, x, y, l: int, j: int, db) -> Array:
    """C with b^l_j replaced by b^l_j + Δb, for each Δb in ``db`` (``net`` is left unchanged).

    ``j`` counts neurons from 1 as in the notes (row j − 1 of b^l). A bias enters only z^l_j,
    so this is the cost after adding Δb to z^l_j.
    """
    x, y = net.check_data(x, y, names=("x", "y"))
    return cost_after_z_nudges(net, x, y, l, j, db)


def _padded(lo: float, hi: float, pad: float = 0.12) -> tuple[float, float]:
    span = max(hi - lo, 1e-9 * max(abs(lo), abs(hi), 1e-12))
    return lo - pad * span, hi + pad * span


@styled
def bias_nudge_demo(l: int = 3, j: int = 1, db: float = 0.8, seed: int = 3) -> Demo:
    """Sliders for the layer l, the neuron j and the nudge Δb of the bias b^l_j.

    Shows C(b^l_j + Δb) as a curve, the tangent line C + δ^l_j Δb, and reads out the
    true change ΔC, the linear prediction δ^l_j Δb, and their difference.
    """
    net, x, y = small_network(seed)
    errors = net.errors(x, y)                       # δ^l of every layer, by BP1 and BP2
    C0 = float(net.cost(x, y))
    grid = np.linspace(-DB_RANGE, DB_RANGE, 121)
    ends = np.array([-DB_RANGE, DB_RANGE])
    curves = {(ll, jj): nudged_cost(net, x, y, ll, jj, grid)
              for ll in range(2, net.L + 1) for jj in range(1, net.sizes[ll - 1] + 1)}
    # one y-range for every layer and neuron: the curves and the tangents' ends
    every = np.concatenate([c for c in curves.values()]
                           + [C0 + float(errors.delta(ll)[jj - 1, 0]) * ends for ll, jj in curves])
    shared_ylim = _padded(float(every.min()), float(every.max()))

    fig, (ax_all, ax) = new_figure(2, figsize=(8.2, 5.0), gridspec_kw={"width_ratios": [1, 1.25]})
    blue, orange = style.colour("blue"), style.colour("orange")
    for (ll, jj), c in curves.items():      # every neuron's curve, faint, on one scale
        ax_all.plot(grid, c, color=style.colour("grey"), lw=1, alpha=0.5)
    (chosen,) = ax_all.plot(grid, curves[(l, j)], color=blue, lw=3)
    (chosen_tan,) = ax_all.plot(grid, grid * 0, color=orange, lw=2, ls="--")
    ax_all.set_xlim(-DB_RANGE, DB_RANGE)
    ax_all.set_ylim(*shared_ylim)
    ax_all.set_xlabel(r"$\Delta b$")
    ax_all.set_ylabel("cost C")
    ax_all.set_title("every $b^l_j$ on one scale")

    (curve,) = ax.plot(grid, np.zeros_like(grid), color=blue, label=r"$C(b^l_j + \Delta b)$")
    (tangent,) = ax.plot(grid, np.zeros_like(grid), color=orange, ls="--",
                         label=r"tangent $C + \delta^l_j\,\Delta b$")
    # the gap as a bracket beside the two points (not between them, where the markers would hide it),
    # drawn above everything, with its value written next to it
    (gap,) = ax.plot([0, 0], [0, 0], color=style.HIGHLIGHT, lw=3.5, label="gap", zorder=6,
                     solid_joinstyle="miter", solid_capstyle="butt")
    gap_text = ax.text(0, 0, "", color=style.HIGHLIGHT, va="center", zorder=6,
                       fontsize=style.font_size("tick"),
                       bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
    (true_pt,) = ax.plot([0], [0], "o", color=blue, mec="black", ms=style.MARKER_SIZE)
    (lin_pt,) = ax.plot([0], [0], "s", color="white", mec=orange, mew=2.5, ms=style.MARKER_SIZE - 1)
    ax.axvline(0.0, color=style.colour("grey"), lw=1)
    ax.set_xlim(-DB_RANGE, DB_RANGE)
    ax.set_xlabel(r"nudge $\Delta b$ of the bias $b^l_j$")
    ax.set_title(" ")
    fig.legend(handles=[curve, tangent, gap], loc="lower center", ncol=3, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))               # room for the legend below the panels

    zoom_ylim = {}                          # the chosen neuron's own range: its curve and its tangent's ends
    for (ll, jj), c in curves.items():
        tangent_ends = C0 + float(errors.delta(ll)[jj - 1, 0]) * ends
        zoom_ylim[(ll, jj)] = _padded(min(c.min(), tangent_ends.min()), max(c.max(), tangent_ends.max()))

    def update(l, j, db):
        j = min(j, net.sizes[l - 1])
        costs_along = curves[(l, j)]
        slope = float(errors.delta(l)[j - 1, 0])            # BP3: ∂C/∂b^l_j = δ^l_j
        C_new = float(nudged_cost(net, x, y, l, j, [db])[0])
        dC, linear = C_new - C0, slope * db
        chosen.set_ydata(costs_along)
        chosen_tan.set_ydata(C0 + slope * grid)
        curve.set_ydata(costs_along)
        tangent.set_ydata(C0 + slope * grid)
        true_pt.set_data([db], [C_new])
        lin_pt.set_data([db], [C0 + linear])
        side = -1.0 if db > GAP_SWITCH else 1.0            # the bracket on the side with room for its label
        near, far = db + side * GAP_NEAR, db + side * GAP_FAR
        gap.set_data([near, far, far, near], [C0 + linear, C0 + linear, C_new, C_new])
        gap_text.set_position((far + side * 0.06, (C0 + linear + C_new) / 2))
        gap_text.set_horizontalalignment("left" if side > 0 else "right")
        gap_text.set_text(S.signed(dC - linear, 2) if db != 0 else "")
        ax.set_ylim(*zoom_ylim[(l, j)])
        ax.set_title(f"zoom on $b^{l}_{j}$: slope $\\delta^{l}_{j}$ = {slope:.5f}",   # drawn with the background
                     fontsize=style.font_size("title"))
        return {"delta": slope, "dC_true": dC, "dC_linear": linear, "gap": dC - linear,
                "gap_over_db2": (dC - linear) / db**2 if db != 0 else "undefined (Δb = 0)"}

    def labels(l, j, db):
        d = S.html("δ", l, j)
        return {"delta": f"{d}, the slope", "dC_true": "ΔC, true",
                "dC_linear": f"{d}&thinsp;Δb, the tangent's ΔC", "gap": f"gap ΔC − {d}&thinsp;Δb",
                "gap_over_db2": "gap / Δb<sup>2</sup>"}

    def alt(r, v):
        b, d = S.sym("b", v["l"], v["j"]), S.sym("δ", v["l"], v["j"])
        return (f"Two plots of the cost C against the nudge Δb of the bias {b}, from {-DB_RANGE:g} to {DB_RANGE:g}. "
                f"Left: the curves of all nine biases on one scale, {b} highlighted. Right: {b} alone, zoomed, "
                f"with its tangent of slope {d} = {S.number(r['delta'])} and, at Δb = {S.number(v['db'], 3)}, "
                f"the true cost and the tangent's prediction {S.number(abs(r['gap']), 2)} apart.")

    def status(r, v):
        b, d = S.sym("b", v["l"], v["j"]), S.sym("δ", v["l"], v["j"])
        change = "raises" if r["dC_true"] > 0 else "lowers" if r["dC_true"] < 0 else "leaves"
        return (f"{d} = {S.number(r['delta'])}: nudging {b} by {S.signed(v['db'], 3)} {change} C by "
                f"{S.number(abs(r['dC_true']))}; the tangent predicts {S.signed(r['dC_linear'])}.")

    controls = {
        "l": int_slider("layer l", l, 2, len(SIZES)),
        "j": int_slider("neuron j", j, 1, min(SIZES[1:])),
        "db": slider("Δb", db, -DB_MAX, DB_MAX, 0.05),
    }
    return Demo(fig, controls, update, title="BP3: nudge the bias bˡⱼ by Δb; ΔC ≈ δˡⱼ Δb",
                animated=[chosen, chosen_tan, curve, tangent, true_pt, lin_pt, gap, gap_text],
                background_key=lambda l, j, db: (l, j),      # background per neuron (the title names it)
                labels=labels, alt=alt, status=status)
