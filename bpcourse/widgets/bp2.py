r"""BP2 demo: the size of δ^l layer by layer in a deep network (vanishing and exploding gradients).

Each backward step of BP2, δ^l = D^l (W^{l+1})^T δ^{l+1} with D^l = diag(σ'(z^l)), multiplies
the error by one more matrix. Over many layers the product shrinks (σ' ≤ 1/4 for the sigmoid,
small weights) or grows (large weights with relu) geometrically.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection

from bpcourse import Network, style
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, dropdown, int_slider, new_figure, slider, styled

Array = np.ndarray

MAX_DEPTH = 12
#: The log axis spans at most this many decades; a bar below it is marked and named, never dropped.
MAX_DECADES = 24


def log_limits(values, max_decades: int = MAX_DECADES) -> tuple[float, float]:
    """Whole-decade limits of a log axis that hold the positive ``values`` (at most ``max_decades``).

    Half a decade of room below the smallest value and a decade and a half above the largest
    (for the caption); the bottom moves in steps of three decades, so that a slider moved a
    little keeps the axis (and the picture is a fast update, not a full redraw). When the values
    span more than ``max_decades``, the axis keeps the top ones and the bars below it are marked
    as outside.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return 1e-3, 1e1
    top = int(np.ceil(np.log10(v.max()) + 1.5))
    bottom = 3 * int(np.floor((np.log10(v.min()) - 0.5) / 3))
    return 10.0 ** max(bottom, top - max_decades), 10.0 ** top


def deep_network(depth: int = 6, scale: float = 1.0, activation: str = "sigmoid", width: int = 10,
                 seed: int = 0) -> tuple[Network, Array, Array]:
    r"""A deep network, one fixed input and its target: ``(net, x, y)``.

    The network has ``depth`` hidden layers of ``width`` neurons (sizes
    ``[width] * (depth + 2)``), every layer using ``activation``, the quadratic cost,
    weights w^l_{jk} = scale · N(0, 1) / sqrt(n_{l-1}) and zero biases, so ``scale`` is the
    only knob. The N(0, 1) draws depend only on ``seed`` (the first layers' draws are the
    same for every depth), and so do x ~ N(0, 1) and y ~ U(0, 1).
    """
    sizes = [width] * (depth + 2)
    net = Network(sizes, activation=activation, cost="quadratic", seed=seed)
    rng = np.random.default_rng(seed)
    for i, n_prev in enumerate(sizes[:-1]):
        net.weights[i] = scale * rng.standard_normal((width, n_prev)) / np.sqrt(n_prev)
        net.biases[i] = np.zeros((width, 1))
    data = np.random.default_rng(seed + 1000)
    x = data.standard_normal((width, 1))
    y = data.uniform(0.0, 1.0, (width, 1))
    return net, x, y


def delta_norms(depth: int = 6, scale: float = 1.0, activation: str = "sigmoid", width: int = 10,
                seed: int = 0) -> Array:
    """‖δ^l‖ for l = 2..L of :func:`deep_network` (item i is ‖δ^{i+2}‖)."""
    net, x, y = deep_network(depth, scale, activation, width, seed)
    errors = net.errors(x, y)                                             # δ^l by BP1 and BP2
    return np.array([np.linalg.norm(errors.delta(l)) for l in range(2, net.L + 1)])


#: Within these bounds of ‖δ^2‖ / ‖δ^L‖ the demo says the error keeps about its size.
KEEPS_SIZE = (0.5, 2.0)


def size_change(ratio: float) -> str:
    """What ‖δ^2‖ / ‖δ^L‖ says in words: the factor by which the error shrinks or grows on its way back.

    Between ``KEEPS_SIZE`` the error "keeps about its size"; outside, the sentence gives the factor
    ("shrinks by a factor of 24", "grows by a factor of 90.3"), so that no wide band of ratios is given a verdict.
    """
    if ratio != ratio:
        return "undefined (both are 0)"
    if ratio == float("inf"):
        return "the output's error is 0 while the first hidden layer's is not"
    if ratio == 0:
        return "the error is lost entirely on its way back (‖δ²‖ = 0)"
    if KEEPS_SIZE[0] <= ratio <= KEEPS_SIZE[1]:
        return "the error keeps about its size on its way back"
    factor = 1 / ratio if ratio < 1 else ratio
    if factor < 1000:
        words = f"{factor:.3g}"
    else:
        exponent = int(np.floor(np.log10(factor)))
        words = f"{factor / 10 ** exponent:.1f}·10{S.sup(exponent)}"
    return f"the error {'shrinks' if ratio < 1 else 'grows'} by a factor of {words} on its way back to layer 2"


@styled
def delta_norms_demo(depth: int = 6, scale: float = 1.0, activation: str = "sigmoid", width: int = 10,
                     seed: int = 0) -> Demo:
    """Sliders for depth, weight scale and activation; log-scale bars of ‖δ^l‖ for l = 2..L.

    The log axis fits the bars (whole decades, at most ``MAX_DECADES``); a bar that falls below
    it (or is exactly 0, which a log axis cannot show) is marked with a triangle at the bottom and
    named in the caption. The output layer's bar is vermillion with a thick edge.

    The readout gives ‖δ^2‖ / ‖δ^L‖: far below 1 means the gradient vanishes on its way
    back to the first layers, far above 1 means it explodes.
    """
    fig, ax = new_figure(figsize=(8.2, 4.6))
    ax.set_yscale("log")
    positions = np.arange(2, MAX_DEPTH + 3)            # l = 2..L for the deepest network
    blue, vermillion = style.colour("blue"), style.colour("vermillion")
    # the bars as one collection of rectangles: one artist to draw per move instead of one per layer
    bars = PolyCollection([], edgecolors="black", joinstyle="miter")
    ax.add_collection(bars, autolim=False)
    (below,) = ax.plot([], [], "v", color="black", ms=style.MARKER_SIZE, clip_on=False, zorder=5)
    ax.axhline(1.0, color=style.colour("grey"), lw=1, ls="--")
    ax.set_xlim(1.4, MAX_DEPTH + 2.6)                  # fixed, so every update is a fast blit
    ax.set_xticks(positions)
    ax.set_xlabel("layer l  (2: first hidden; L: output, thick edge)")
    ax.set_ylabel(r"$\|\delta^l\|$  (log scale)")
    ratio_text = ax.text(0.02, 0.96, "", transform=ax.transAxes, va="top",
                         bbox=dict(facecolor="white", alpha=0.9, edgecolor="0.7"))
    fig.tight_layout()

    def update(depth, scale, activation):
        norms = delta_norms(depth, scale, activation, width, seed)
        L = depth + 2
        lo, hi = log_limits(norms, MAX_DECADES)
        if ax.get_ylim() != (lo, hi):                          # set_ylim costs even when nothing changes
            ax.set_ylim(lo, hi)
        layers = positions[:L - 1]                             # l = 2..L
        tops = np.clip(norms, lo, hi)
        bars.set_verts([[(l - 0.35, lo), (l + 0.35, lo), (l + 0.35, top), (l - 0.35, top)]
                        for l, top in zip(layers, tops)])
        bars.set_facecolor([vermillion if l == L else blue for l in layers])
        bars.set_linewidth([3.5 if l == L else 1.0 for l in layers])   # not colour alone: a thick edge
        outside = [(int(l), n) for l, n in zip(layers, norms) if not n > lo]
        below.set_data([l for l, _ in outside], [lo * 10 ** 0.25] * len(outside))
        if norms[-1] > 0:
            ratio = norms[0] / norms[-1]
        else:                                          # relu can leave δ^L = 0
            ratio = float("nan") if norms[0] == 0 else float("inf")
        caption = f"{activation}, scale {scale:.2f}:  ‖δ²‖ / ‖δ{S.sup(L)}‖ = {ratio:.3g}"   # plain text: no mathtext

        if outside:
            l_min, n_min = min(outside, key=lambda item: item[1])
            caption += (f"\n▼ {len(outside)} bar{'s' if len(outside) > 1 else ''} below {lo:.0e}; the smallest, "
                        f"‖δ{S.sup(l_min)}‖, is {n_min:.1e}")
        ratio_text.set_text(caption)
        return {"L": L, "norm_delta_2": float(norms[0]), "norm_delta_L": float(norms[-1]), "ratio": float(ratio),
                "bars_below_axis": len(outside)}

    def labels(depth, scale, activation):
        L = depth + 2
        return {"L": "L (layers)", "norm_delta_2": "‖δ<sup>2</sup>‖",
                "norm_delta_L": f"‖δ<sup>L</sup>‖ = ‖δ<sup>{L}</sup>‖", "ratio": "‖δ<sup>2</sup>‖ / ‖δ<sup>L</sup>‖",
                "bars_below_axis": "bars below the axis"}

    def alt(r, v):
        lo, hi = ax.get_ylim()
        return (f"Bar chart, log scale from {lo:.0e} to {hi:.0e}, of the size ‖δˡ‖ of the error in each layer l = 2 "
                f"to {r['L']} of a {v['activation']} network with weight scale {v['scale']:.2f}: ‖δ²‖ = "
                f"{S.number(r['norm_delta_2'], 3)} at the first hidden layer, ‖δ{S.sup(r['L'])}‖ = "
                f"{S.number(r['norm_delta_L'], 3)} at the output"
                + (f"; {r['bars_below_axis']} bars fall below the axis and are marked with triangles." if
                   r["bars_below_axis"] else "."))

    def status(r, v):
        trend = size_change(r["ratio"])
        return (f"{v['activation']}, {r['L']} layers, weight scale {v['scale']:.2f}: ‖δ²‖ / ‖δ{S.sup(r['L'])}‖ = "
                f"{S.number(r['ratio'], 3)}: {trend}.")

    controls = {
        "depth": int_slider("hidden layers", depth, 2, MAX_DEPTH),
        "scale": slider("weight scale", scale, 0.1, 8.0, 0.1),
        "activation": dropdown("activation", ["sigmoid", "tanh", "relu"], activation),
    }
    return Demo(fig, controls, update, title="BP2 over many layers: the size of δˡ",
                animated=[bars, below, ratio_text], labels=labels, alt=alt, status=status)
