r"""Nielsen's demon: add Δz to one weighted input z^l_j and watch ΔC ≈ δ^l_j Δz.

A demon sits at neuron j of layer l. Instead of σ(z^l_j) the neuron outputs σ(z^l_j + Δz); the
change runs forward through the layers above and changes the cost by ΔC ≈ (∂C/∂z^l_j) Δz =
δ^l_j Δz. So δ^l_j says how much the cost cares about that neuron's weighted input: a demon can
lower the cost a lot where |δ^l_j| is large and hardly at all where δ^l_j ≈ 0. That is why δ is
called the *error* of the neuron.

Left: δ^l_j for every neuron of the chosen layer, the demon's neuron highlighted, on one scale for
every layer. Right: the cost C(z^l_j + Δz) against Δz, its tangent of slope δ^l_j, the point the
demon's Δz reaches and the gap between it and the tangent's prediction, on one scale per layer (a
layer whose errors are small gets a finer scale, so its curves and gaps can be seen).
"""

from __future__ import annotations

import numpy as np

from bpcourse import Network, style
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider, styled
from bpcourse.widgets._nudge import cost_after_z_nudges

SIZES = (2, 4, 4, 3)
DZ_MAX = 2.0          # the Δz slider's range
DZ_RANGE = 2.2        # the curve runs a little further, so a point at ±DZ_MAX stays whole
GAP_NEAR, GAP_FAR = 0.17, 0.3   # the gap's bracket runs from Δz ± GAP_NEAR (clear of the markers) to Δz ± GAP_FAR
GAP_SWITCH = 0.8      # beyond this Δz the bracket and its value go on the left of the points


def demon_network(seed: int = 3):
    """The demon's network (sizes [2, 4, 4, 3], sigmoid, quadratic cost), one input x and its target y."""
    net = Network(list(SIZES), activation="sigmoid", cost="quadratic", seed=seed)
    x = np.array([[0.3], [0.6]])
    y = np.array([[1.0], [0.0], [0.0]])
    return net, x, y


@styled
def demon_demo(l: int = 3, j: int = 2, dz: float = -0.5, seed: int = 3) -> Demo:
    r"""Sliders for the layer l, the neuron j and the demon's change Δz of z^l_j.

    Readout keys: ``delta`` (δ^l_j, from the package's BP1 and BP2), ``dz``, ``dC_true`` (the cost
    after the change minus the cost before), ``dC_linear`` (δ^l_j Δz), ``gap`` (their difference,
    second order in Δz) and ``best_j``, the neuron of layer l with the largest |δ^l_j|: where a demon
    does most, for good or ill.
    """
    net, x, y = demon_network(seed)
    errors = net.errors(x, y)                        # δ^l of every layer, by BP1 and BP2
    C0 = float(net.cost(x, y))
    grid = np.linspace(-DZ_RANGE, DZ_RANGE, 121)
    ends = np.array([-DZ_RANGE, DZ_RANGE])
    curves = {(ll, jj): cost_after_z_nudges(net, x, y, ll, jj, grid)
              for ll in range(2, net.L + 1) for jj in range(1, net.sizes[ll - 1] + 1)}
    y_range = {}                    # one cost scale per layer: its curves and its tangents' ends, padded
    for ll in range(2, net.L + 1):
        layer = [c for (l_, _), c in curves.items() if l_ == ll]
        layer += [C0 + float(errors.delta(ll)[jj - 1, 0]) * ends for (l_, jj) in curves if l_ == ll]
        lo, hi = float(min(np.min(c) for c in layer)), float(max(np.max(c) for c in layer))
        pad = 0.1 * max(hi - lo, 1e-12)
        y_range[ll] = (lo - pad, hi + pad)
    d_max = max(float(np.abs(errors.delta(ll)).max()) for ll in range(2, net.L + 1))
    n_max = max(net.sizes[1:])

    blue, orange, grey = style.colour("blue"), style.colour("orange"), style.colour("grey")
    fig, (ax_d, ax) = new_figure(2, figsize=(8.2, 5.0), gridspec_kw={"width_ratios": [1, 1.4]})
    bars = ax_d.bar(np.arange(1, n_max + 1), np.zeros(n_max), width=0.65, facecolor=grey, edgecolor="black")
    ax_d.axhline(0.0, color="black", lw=1)
    ax_d.set_xlim(0.4, n_max + 0.6)
    ax_d.set_ylim(-1.15 * d_max, 1.15 * d_max)      # one scale for every layer: compare them by eye
    ax_d.set_xticks(np.arange(1, n_max + 1))
    ax_d.set_xlabel("neuron j")
    ax_d.set_ylabel(r"$\delta^l_j = \partial C/\partial z^l_j$")
    ax_d.set_title(" ")

    (curve,) = ax.plot(grid, np.zeros_like(grid), color=blue, label=r"$C(z^l_j + \Delta z)$")
    (tangent,) = ax.plot(grid, np.zeros_like(grid), color=orange, ls="--", label=r"$C + \delta^l_j\,\Delta z$")
    # the gap as a bracket beside the two points (not between them, where the markers would hide it),
    # drawn above everything, with its value written next to it
    (gap,) = ax.plot([0, 0], [0, 0], color=style.HIGHLIGHT, lw=3.5, label="gap", zorder=6,
                     solid_joinstyle="miter", solid_capstyle="butt")
    gap_text = ax.text(0, 0, "", color=style.HIGHLIGHT, va="center", zorder=6, fontsize=style.font_size("tick"),
                       bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
    (true_pt,) = ax.plot([0], [0], "o", color=blue, mec="black", ms=style.MARKER_SIZE)
    (lin_pt,) = ax.plot([0], [0], "s", color="white", mec=orange, mew=2.5, ms=style.MARKER_SIZE - 1)
    ax.axvline(0.0, color=grey, lw=1)
    ax.axhline(C0, color=grey, lw=1, ls=":")
    ax.set_xlim(-DZ_RANGE, DZ_RANGE)
    ax.set_ylim(*y_range[l])                         # one scale per layer, for all its neurons
    ax.set_xlabel(r"the demon's change $\Delta z$ of $z^l_j$")
    ax.set_ylabel("cost C (scale of layer l)")
    ax.set_title("what the demon does to the cost")
    fig.legend(handles=[curve, tangent, gap], loc="lower center", ncol=3, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))               # room for the legend below the panels

    def update(l, j, dz):
        j = min(j, net.sizes[l - 1])
        d = errors.delta(l)[:, 0]
        for jj, bar in enumerate(bars, start=1):
            if jj <= d.size:
                bar.set_height(d[jj - 1])
                bar.set_facecolor(style.HIGHLIGHT if jj == j else grey)
                bar.set_linewidth(3.5 if jj == j else 1.0)     # not colour alone: a thick edge
                bar.set_visible(True)
            else:
                bar.set_visible(False)
        ax_d.set_title(f"the error of each neuron of layer {l}",   # drawn with the background (one per l)
                       fontsize=style.font_size("title"))
        slope = float(d[j - 1])                      # δ^l_j = ∂C/∂z^l_j
        C_new = float(cost_after_z_nudges(net, x, y, l, j, [dz])[0])
        curve.set_ydata(curves[(l, j)])
        tangent.set_ydata(C0 + slope * grid)
        true_pt.set_data([dz], [C_new])
        lin_pt.set_data([dz], [C0 + slope * dz])
        if ax.get_ylim() != y_range[l]:              # set_ylim costs even when nothing changes
            ax.set_ylim(*y_range[l])
        side = -1.0 if dz > GAP_SWITCH else 1.0      # the bracket on the side with room for its value
        near, far = dz + side * GAP_NEAR, dz + side * GAP_FAR
        gap.set_data([near, far, far, near], [C0 + slope * dz, C0 + slope * dz, C_new, C_new])
        gap_text.set_position((far + side * 0.06, C0 + slope * dz + (C_new - C0 - slope * dz) / 2))
        gap_text.set_horizontalalignment("left" if side > 0 else "right")
        gap_text.set_text(S.signed(C_new - C0 - slope * dz, 2) if dz != 0 else "")
        return {"delta": slope, "dz": float(dz), "dC_true": C_new - C0, "dC_linear": slope * dz,
                "gap": C_new - C0 - slope * dz, "best_j": int(np.argmax(np.abs(d))) + 1}

    def labels(l, j, dz):
        j = min(j, net.sizes[l - 1])
        d = S.html("δ", l, j)
        return {"delta": f"{d} = ∂C/∂{S.html('z', l, j)}", "dz": f"Δz added to {S.html('z', l, j)}",
                "dC_true": "ΔC, true", "dC_linear": f"{d}&thinsp;Δz, predicted ΔC", "gap": f"gap ΔC − {d}&thinsp;Δz",
                "best_j": f"neuron with the largest |δ<sup>{l}</sup><sub>j</sub>|"}

    def alt(r, v):
        l, j = v["l"], min(v["j"], net.sizes[v["l"] - 1])
        return (f"Left: bar chart of the errors δ{S.sup(l)}ⱼ of the {net.sizes[l - 1]} neurons of layer {l}, "
                f"neuron {j} "
                f"highlighted, δ{S.sup(l)}{S.sub(j)} = {S.number(r['delta'])}. Right: the cost C against the change "
                f"Δz of z{S.sup(l)}{S.sub(j)}, its tangent of slope δ{S.sup(l)}{S.sub(j)}, and the point reached at "
                f"Δz = {S.number(r['dz'], 3)}, ΔC = {S.number(r['dC_true'])}.")

    def status(r, v):
        l, j = v["l"], min(v["j"], net.sizes[v["l"] - 1])
        change = "raises" if r["dC_true"] > 0 else "lowers" if r["dC_true"] < 0 else "leaves"
        return (f"δ{S.sup(l)}{S.sub(j)} = {S.number(r['delta'])}: the demon adds {S.signed(r['dz'], 3)} to "
                f"z{S.sup(l)}{S.sub(j)} and {change} C by {S.number(abs(r['dC_true']))} "
                f"(δ Δz predicts {S.signed(r['dC_linear'])}).")

    controls = {
        "l": int_slider("layer l", l, 2, net.L),
        "j": int_slider("neuron j", j, 1, net.sizes[l - 1]),
        "dz": slider("demon's Δz", dz, -DZ_MAX, DZ_MAX, 0.05),
    }

    def clamp(change):
        controls["j"].max = net.sizes[change["new"] - 1]

    controls["l"].observe(clamp, names="value")      # registered before the Demo's own observer
    demo = Demo(fig, controls, update, title="Nielsen's demon: change zˡⱼ by Δz, and C changes by about δˡⱼ Δz",
                animated=[*bars, curve, tangent, true_pt, lin_pt, gap, gap_text], background_key=lambda l, j, dz: l,
                labels=labels, alt=alt, status=status)
    demo.attach(net=net, x=x, y=y)
    return demo
