r"""Notebook 06's demo: nudge one weight w^l_jk and watch ΔC ≈ a^{l-1}_k δ^l_j Δw.

The figure shows the cost C(w + Δw) as the chosen weight moves (everything else held
fixed), the tangent line at Δw = 0 whose slope is BP4's a^{l-1}_k δ^l_j, the point
reached by the nudge and the point the tangent predicts.
"""

from __future__ import annotations

import numpy as np

from bpcourse.equations import bp4
from bpcourse.network import Network
from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider

Array = np.ndarray

FD_STEP = 1e-6  # central-difference step for the readout's slope_fd


def _cost_with_weight(net: Network, x: Array, y: Array, l: int, j: int, k: int, w_values) -> Array:
    """C with w^l_jk set to each value in ``w_values`` (all other parameters unchanged)."""
    probe = net.copy()
    W = probe.W(l)
    out = np.empty(len(w_values))
    for i, w in enumerate(w_values):
        W[j, k] = w
        out[i] = probe.cost(x, y, check=False)         # x, y were checked once by the caller
    return out


def _cost_curve(net: Network, x: Array, y: Array, l: int, j: int, k: int, dws: Array) -> Array:
    """C(w^l_jk + Δw) for every Δw at once, using the fact BP4 rests on.

    Changing w^l_jk by Δw changes only z^l_j, by Δw · a^{l-1}_k; so each Δw becomes one
    column of z^l, and layers l+1..L run on all the columns as a batch.
    """
    zs, acts = net.forward(x, check=False)
    Z = np.repeat(zs[l - 2], len(dws), axis=1)
    Z[j] += dws * acts[l - 2][k, 0]
    A = net.sigma(l).fn(Z)
    for ll in range(l + 1, net.L + 1):
        A = net.sigma(ll).fn(net.W(ll) @ A + net.b(ll))
    return net.cost_fn.fn(A, np.broadcast_to(y, A.shape))   # one example: the cost of each column


def bp4_weight_nudge_demo(sizes=(2, 3, 3, 2), seed=3, x=None, y=None, l=2, j=0, k=0, dw=0.8,
                          dw_max=3.0, n_points=121) -> Demo:
    r"""Sliders for l, j, k and Δw; the plot shows C(w^l_jk + Δw) and BP4's tangent line.

    Parameters
    ----------
    sizes : layer sizes of a sigmoid network with the quadratic cost.
    seed : seeds the network's weights.
    x, y : one training example, shapes (n_1, 1) and (n_L, 1). The default input has
        a small second entry (a^1_1 = 0.05), so the weights leaving it learn slowly.
    l, j, k, dw : the initial slider values (j, k count from 0, like numpy rows and columns).
    dw_max : the plot and the Δw slider run over [−dw_max, dw_max].
    n_points : points on the curve C(w + Δw).

    Readout keys: ``l``, ``j``, ``k``, ``w`` (the weight's value), ``a_prev_k`` (a^{l−1}_k),
    ``delta_j`` (δ^l_j), ``slope_bp4`` (a^{l−1}_k δ^l_j), ``slope_fd`` (the central difference
    (C(w + h) − C(w − h)) / 2h with h = 1e-6), ``dw``, ``C`` (cost before the nudge),
    ``C_new`` (after), ``dC_true`` = C_new − C and ``dC_pred`` = slope_bp4 · Δw.
    The demo's ``net``, ``x`` and ``y`` attributes hold the network and the example, and
    ``artists`` the curve, the tangent and the two points (for tests).
    """
    net = Network(list(sizes), activation="sigmoid", cost="quadratic", seed=seed)
    if x is None:
        x = np.full((net.sizes[0], 1), 0.8)
        if net.sizes[0] > 1:
            x[1, 0] = 0.05
    if y is None:
        y = np.zeros((net.sizes[-1], 1))
        y[0, 0] = 1.0
    x, y = net.check_data(x, y)
    if x.shape[1] != 1:
        raise ValueError(f"the demo nudges the cost of one example: x must have 1 column, got {x.shape[1]}")
    _, acts, deltas = net.errors(x, y)             # a^l and δ^l (BP1, BP2) of every layer
    C0 = float(net.cost(x, y))
    dws = np.linspace(-dw_max, dw_max, n_points)

    fig, ax = new_figure(figsize=(9.6, 4.4))
    (curve,) = ax.plot([], [], color="C0", lw=2.5, label=r"true cost $C(w+\Delta w)$")
    (tangent,) = ax.plot([], [], color="C1", lw=2, ls="--",
                         label="tangent at $\\Delta w=0$,\n" r"slope $a^{l-1}_k\,\delta^l_j$ (BP4)")
    base = ax.scatter([0.0], [C0], s=60, color="black", zorder=4, label=r"now ($\Delta w=0$)")
    (gap,) = ax.plot([], [], color="C3", lw=2, zorder=3)
    true_pt = ax.scatter([0.0], [C0], s=110, color="C0", edgecolor="black", zorder=5, label="after the nudge")
    pred_pt = ax.scatter([0.0], [C0], s=90, marker="s", facecolor="white", edgecolor="C1", lw=2, zorder=5,
                         label="tangent's\nprediction")
    label = ax.text(0.02, 0.96, "", transform=ax.transAxes, va="top", fontsize=13,
                    bbox=dict(boxstyle="round", facecolor="white", alpha=0.85))
    ax.set_xlim(-dw_max, dw_max)
    ax.set_xlabel(r"$\Delta w$, the change of the weight $w^l_{jk}$", fontsize=13)
    ax.set_ylabel(r"cost $C$", fontsize=13)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=11, frameon=False)
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
            for jj, kk in np.ndindex(net.W(l).shape):
                w = float(net.W(l)[jj, kk])
                c_plus, c_minus = _cost_with_weight(net, x, y, l, jj, kk, [w + FD_STEP, w - FD_STEP])
                cache[(l, jj, kk)] = dict(
                    w=w, a_k=float(acts[l - 2][kk, 0]), d_j=float(deltas[l - 2][jj, 0]),
                    slope=float(bp4(deltas[l - 2], acts[l - 2])[jj, kk]),        # BP4: a^{l-1}_k δ^l_j
                    slope_fd=float((c_plus - c_minus) / (2 * FD_STEP)),
                    curve=_cost_curve(net, x, y, l, jj, kk, dws))
            values = np.concatenate([cache[(l, jj, kk)]["curve"] for jj, kk in np.ndindex(net.W(l).shape)])
            lo, hi = float(values.min()), float(values.max())
            half, mid = max(0.5 * (hi - lo) * 1.15, 0.01), 0.5 * (hi + lo)
            layer_ylim[l] = (mid - half, mid + half)
        return cache[(l, j, k)]

    controls = {
        "l": int_slider("layer l", l, 2, net.L),
        "j": int_slider("neuron j of layer l (from 0)", j, 0, net.sizes[l - 1] - 1),
        "k": int_slider("neuron k of layer l−1 (from 0)", k, 0, net.sizes[l - 2] - 1),
        "dw": slider("Δw", dw, -dw_max, dw_max, 0.05),
    }

    def clamp_indices(change):
        """A new layer has its own number of neurons: keep j and k inside it."""
        new_l = change["new"]
        controls["j"].max = net.sizes[new_l - 1] - 1
        controls["k"].max = net.sizes[new_l - 2] - 1

    controls["l"].observe(clamp_indices, names="value")  # registered before Demo's, so it runs first

    def update(l, j, k, dw):
        l = int(min(max(l, 2), net.L))
        j = int(min(max(j, 0), net.sizes[l - 1] - 1))
        k = int(min(max(k, 0), net.sizes[l - 2] - 1))
        v = layer_view(l, j, k)
        c_new = float(_cost_with_weight(net, x, y, l, j, k, [v["w"] + dw])[0])
        c_pred = C0 + v["slope"] * dw
        curve.set_data(dws, v["curve"])
        tangent.set_data(dws, C0 + v["slope"] * dws)
        true_pt.set_offsets([[dw, c_new]])
        pred_pt.set_offsets([[dw, c_pred]])
        gap.set_data([dw, dw], [c_new, c_pred])
        label.set_text(rf"$w^{{{l}}}_{{{j}{k}}}$:  $a^{{{l - 1}}}_{{{k}}}$ = {v['a_k']:.3f},  "
                       rf"$\delta^{{{l}}}_{{{j}}}$ = {v['d_j']:.4f}")
        ax.set_ylim(*layer_ylim[l])
        return {
            "l": l, "j": j, "k": k, "w": v["w"],
            "a_prev_k": v["a_k"], "delta_j": v["d_j"],
            "slope_bp4": v["slope"], "slope_fd": v["slope_fd"],
            "dw": float(dw), "C": C0, "C_new": c_new,
            "dC_true": c_new - C0, "dC_pred": v["slope"] * dw,
        }

    demo = Demo(fig, controls, update,
                title="Nudge one weight: ΔC ≈ a^{l−1}_k · δ^l_j · Δw (BP4)",
                animated=[curve, tangent, base, gap, true_pt, pred_pt, label])
    demo.net, demo.x, demo.y = net, x, y
    demo.artists = dict(curve=curve, tangent=tangent, true_point=true_pt, predicted_point=pred_pt, gap=gap)
    return demo
