r"""Notebook 06's demo: nudge one weight w^l_jk and watch ΔC ≈ a^{l-1}_k δ^l_j Δw.

The figure shows the cost C(w + Δw) as the chosen weight moves (everything else held
fixed), the tangent line at Δw = 0 whose slope is BP4's a^{l-1}_k δ^l_j, the point
reached by the nudge and the point the tangent predicts (both hollow, the gap between them
drawn over them, so a short gap still shows). Neurons count from 1, as in the
notes: w^l_jk is ``net.W(l)[j-1, k-1]``.
"""

from __future__ import annotations

import numpy as np

from bpcourse import style
from bpcourse.equations import bp4
from bpcourse.network import Network
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider, styled
from bpcourse.widgets._nudge import cost_after_z_nudges

Array = np.ndarray

FD_STEP = 1e-6  # central-difference step for the readout's slope_fd
MARGIN = 1.08   # the Δw axis runs 8 % past the slider's range, so a marker at either end is whole
PAD = 0.06      # the C axis runs 6 % of its span past the layer's curves and predictions (never below 0)
EDGE = 0.03     # a prediction below the C axis (the cost cannot go below 0, the tangent can) is drawn as
                # a ▼ this far (a fraction of the span) above the bottom edge


def _cost_with_weight(net: Network, x: Array, y: Array, l: int, j: int, k: int, w_values) -> Array:
    """C with w^l_jk (j, k from 1) set to each value in ``w_values``, all other parameters unchanged."""
    probe = net.copy()
    out = np.empty(len(w_values))
    for i, w in enumerate(w_values):
        probe.W(l)[j - 1, k - 1] = w
        out[i] = probe.cost(x, y, check=False)         # x, y were checked once by the caller
    return out


@styled
def bp4_weight_nudge_demo(sizes=(2, 3, 3, 2), seed=3, x=None, y=None, l=2, j=1, k=1, dw=0.8,
                          dw_max=3.0, n_points=121) -> Demo:
    r"""Sliders for l, j, k and Δw; the plot shows C(w^l_jk + Δw) and BP4's tangent line.

    Parameters
    ----------
    sizes : layer sizes of a sigmoid network with the quadratic cost.
    seed : seeds the network's weights.
    x, y : one training example, shapes (n_1, 1) and (n_L, 1). The default input has
        a small second entry (a^1_2 = 0.05), so the weights leaving it learn slowly.
    l, j, k, dw : the initial slider values (j and k count from 1, as in the notes).
    dw_max : the Δw slider runs over [−dw_max, dw_max].
    n_points : points on the curve C(w + Δw).

    Readout keys (each shown in the course's symbols): ``l``, ``j``, ``k``, ``w`` (the weight's
    value), ``a_prev_k`` (a^{l−1}_k), ``delta_j`` (δ^l_j), ``slope_bp4`` (a^{l−1}_k δ^l_j),
    ``slope_fd`` (the central difference (C(w + h) − C(w − h)) / 2h with h = 1e-6), ``dw``,
    ``C`` (cost before the nudge), ``C_new`` (after), ``dC_true`` = C_new − C and
    ``dC_pred`` = slope_bp4 · Δw. The demo's ``net``, ``x`` and ``y`` attributes hold the network
    and the example, and ``artists`` the curve, the tangent and the two points (for tests).
    """
    net = Network(list(sizes), activation="sigmoid", cost="quadratic", seed=seed)
    if x is None:
        x = np.full((net.sizes[0], 1), 0.8)
        if net.sizes[0] > 1:
            x[1, 0] = 0.05
    if y is None:
        y = np.zeros((net.sizes[-1], 1))
        y[0, 0] = 1.0
    x, y = net.check_data(x, y, names=("x", "y"))
    if x.shape[1] != 1:
        raise ValueError(f"the demo nudges the cost of one example: x must have 1 column, got {x.shape[1]}")
    C0 = float(net.cost(x, y))
    errors = net.errors(x, y)                        # a^l and δ^l (BP1, BP2) of every layer
    x_max = MARGIN * dw_max
    dws = np.linspace(-x_max, x_max, n_points)

    fig, ax = new_figure(figsize=(8.2, 5.4))
    blue, orange = style.colour("blue"), style.colour("orange")
    (curve,) = ax.plot([], [], color=blue, label=r"true cost $C(w+\Delta w)$")
    (tangent,) = ax.plot([], [], color=orange, ls="--",
                         label=r"tangent, slope $a^{l-1}_k\,\delta^l_j$")
    (base,) = ax.plot([0.0], [C0], "o", color="black", ms=7, zorder=4, label=r"now ($\Delta w=0$)")
    # the two points hollow and the gap drawn last, over them: a gap shorter than a marker still shows
    (true_pt,) = ax.plot([0.0], [C0], "o", mfc="none", mec=blue, mew=2.5, ms=style.MARKER_SIZE, zorder=5,
                         label="after the nudge")
    (pred_pt,) = ax.plot([0.0], [C0], "s", mfc="none", mec=orange, mew=2.5, ms=style.MARKER_SIZE - 1, zorder=5,
                         clip_on=False, label="tangent's prediction")   # whole even just above C = 0
    (gap,) = ax.plot([], [], color=style.HIGHLIGHT, lw=3, zorder=6, solid_capstyle="butt", label="gap")
    label = ax.text(0.02, 0.96, "", transform=ax.transAxes, va="top",
                    bbox=dict(boxstyle="round", facecolor="white", alpha=0.85))
    ax.set_xlim(-x_max, x_max)
    ax.set_xlabel(r"$\Delta w$, the change of the weight $w^l_{jk}$")
    ax.set_ylabel(r"cost $C$")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False)
    fig.tight_layout()

    cache: dict = {}
    layer_ylim: dict = {}

    def layer_view(l, j, k):
        """Everything that depends on (l, j, k) but not on Δw, computed once per choice.

        The first visit to a layer computes the curves of all its weights, so that one
        y-range serves the whole layer: its weights can be compared by eye, and moving
        j or k redraws only the moving artists.
        """
        if l not in layer_ylim:
            grad = bp4(errors.delta(l), errors.a(l - 1))                         # BP4: ∂C/∂w^l_jk = a^{l-1}_k δ^l_j
            for jj in range(1, net.sizes[l - 1] + 1):
                for kk in range(1, net.sizes[l - 2] + 1):
                    w = float(net.W(l)[jj - 1, kk - 1])
                    c_plus, c_minus = _cost_with_weight(net, x, y, l, jj, kk, [w + FD_STEP, w - FD_STEP])
                    a_k = float(errors.a(l - 1)[kk - 1, 0])
                    cache[(l, jj, kk)] = dict(
                        w=w, a_k=a_k, d_j=float(errors.delta(l)[jj - 1, 0]), slope=float(grad[jj - 1, kk - 1]),
                        slope_fd=float((c_plus - c_minus) / (2 * FD_STEP)),
                        curve=cost_after_z_nudges(net, x, y, l, jj, dws * a_k))   # Δz^l_j = Δw a^{l-1}_k
            # one C range for the layer: its curves and the predictions over the slider's range,
            # but not below 0 (the cost's floor); a prediction below it is marked at the bottom edge
            entries = [v for key, v in cache.items() if key[0] == l]
            values = np.concatenate([e["curve"] for e in entries]
                                    + [C0 + e["slope"] * np.array([-dw_max, dw_max]) for e in entries])
            lo, hi = max(float(values.min()), 0.0), float(values.max())
            pad = PAD * max(hi - lo, 0.02)
            layer_ylim[l] = (max(lo - pad, 0.0), hi + pad)
        return cache[(l, j, k)]

    def below(l, c_pred):
        """Whether the tangent's prediction lies below layer l's C axis (known once the layer is seen)."""
        return c_pred < layer_ylim[l][0]

    controls = {
        "l": int_slider("layer l", l, 2, net.L),
        "j": int_slider("neuron j of layer l", j, 1, net.sizes[l - 1]),
        "k": int_slider("neuron k of layer l−1", k, 1, net.sizes[l - 2]),
        "dw": slider("Δw", dw, -dw_max, dw_max, 0.05),
    }

    def clamp_indices(change):
        """A new layer has its own number of neurons: keep j and k inside it."""
        new_l = change["new"]
        controls["j"].max = net.sizes[new_l - 1]
        controls["k"].max = net.sizes[new_l - 2]

    controls["l"].observe(clamp_indices, names="value")  # registered before Demo's, so it runs first

    def update(l, j, k, dw):
        l = int(min(max(l, 2), net.L))
        j = int(min(max(j, 1), net.sizes[l - 1]))
        k = int(min(max(k, 1), net.sizes[l - 2]))
        v = layer_view(l, j, k)
        c_new = float(_cost_with_weight(net, x, y, l, j, k, [v["w"] + dw])[0])
        c_pred = C0 + v["slope"] * dw
        y_lo, y_hi = layer_ylim[l]
        off = below(l, c_pred)
        shown = y_lo + EDGE * (y_hi - y_lo) if off else c_pred   # ▼ at the bottom edge when off the axis
        curve.set_data(dws, v["curve"])
        tangent.set_data(dws, C0 + v["slope"] * dws)
        true_pt.set_data([dw], [c_new])          # Line2D markers: cheaper to draw than a scatter
        pred_pt.set_data([dw], [shown])
        pred_pt.set_marker("v" if off else "s")
        gap.set_data([dw, dw], [c_new, shown])
        label.set_text(f"{S.sym('w', l, f'{j}{k}')}:  {S.sym('a', l - 1, k)} = {v['a_k']:.3f},  "   # plain text:
                       f"{S.sym('δ', l, j)} = {v['d_j']:.4f}")                                 # no mathtext parse
        if ax.get_ylim() != layer_ylim[l]:                     # set_ylim costs even when nothing changes
            ax.set_ylim(*layer_ylim[l])
        return {
            "l": l, "j": j, "k": k, "w": v["w"],
            "a_prev_k": v["a_k"], "delta_j": v["d_j"],
            "slope_bp4": v["slope"], "slope_fd": v["slope_fd"],
            "dw": float(dw), "C": C0, "C_new": c_new,
            "dC_true": c_new - C0, "dC_pred": v["slope"] * dw,
        }

    def labels(l, j, k, dw):
        j, k = min(j, net.sizes[l - 1]), min(k, net.sizes[l - 2])
        w, a_k, d_j = S.html("w", l, f"{j}{k}"), S.html("a", l - 1, k), S.html("δ", l, j)
        return {"l": "layer l", "j": "neuron j", "k": "neuron k", "w": w, "a_prev_k": a_k, "delta_j": d_j,
                "slope_bp4": f"∂C/∂{w} by BP4 = {a_k}&thinsp;{d_j}",
                "slope_fd": f"∂C/∂{w}, finite difference", "dw": "Δw", "C": "C", "C_new": "C(w + Δw)",
                "dC_true": "ΔC, true", "dC_pred": f"ΔC predicted, {a_k}&thinsp;{d_j}&thinsp;Δw"}

    def alt(r, _values):
        w = S.sym("w", r["l"], f"{r['j']}{r['k']}")
        return (f"Plot of the cost C against the change Δw of the weight {w}, from {-dw_max:g} to {dw_max:g}: "
                f"the true cost curve and its tangent at Δw = 0, of slope {S.sym('a', r['l'] - 1, r['k'])} "
                f"{S.sym('δ', r['l'], r['j'])} = {S.number(r['slope_bp4'])}. At Δw = {S.number(r['dw'], 3)} "
                f"the curve is at C = {S.number(r['C_new'])} and the tangent at {S.number(r['C'] + r['dC_pred'])}"
                + (", below the bottom of the plot, marked by a downward triangle there."
                   if below(r["l"], r["C"] + r["dC_pred"]) else "."))

    def status(r, _values):
        w = S.sym("w", r["l"], f"{r['j']}{r['k']}")
        change = "raises" if r["dC_true"] > 0 else "lowers" if r["dC_true"] < 0 else "leaves"
        return (f"{S.sym('a', r['l'] - 1, r['k'])} {S.sym('δ', r['l'], r['j'])} = {S.number(r['slope_bp4'])}: "
                f"nudging {w} by {S.signed(r['dw'], 3)} {change} C by {S.number(abs(r['dC_true']))} "
                f"(predicted {S.signed(r['dC_pred'])}"
                + ("; the prediction lies below the plot)." if below(r["l"], r["C"] + r["dC_pred"]) else ")."))

    demo = Demo(fig, controls, update,
                title="Nudge one weight: ΔC ≈ aˡ⁻¹ₖ δˡⱼ Δw (BP4)",
                animated=[curve, tangent, base, true_pt, pred_pt, gap, label],   # drawn in this order
                labels=labels, alt=alt, status=status)
    demo.attach(net=net, x=x, y=y,
                artists=dict(curve=curve, tangent=tangent, true_point=true_pt, predicted_point=pred_pt, gap=gap))
    return demo
