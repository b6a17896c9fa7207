r"""BP2 demo: the size of δ^l layer by layer in a deep network (vanishing and exploding gradients).

Each backward step of BP2, δ^l = D^l (W^{l+1})^T δ^{l+1} with D^l = diag(σ'(z^l)), multiplies
the error by one more matrix. Over many layers the product shrinks (σ' ≤ 1/4 for the sigmoid,
small weights) or grows (large weights with relu) geometrically.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from bpcourse import Network
from bpcourse.widgets._demo import Demo, int_slider, new_figure, slider

Array = np.ndarray

MAX_DEPTH = 12
Y_RANGE = (1e-15, 1e15)   # fixed vertical range of the log-scale bar chart
RATIO_TEX = r"$\|\delta^2\| \,/\, \|\delta^L\|$"


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
    return np.array([np.linalg.norm(d) for d in net.errors(x, y)[2]])   # δ^l by BP1 and BP2


def delta_norms_demo(depth: int = 6, scale: float = 1.0, activation: str = "sigmoid", width: int = 10,
                     seed: int = 0) -> Demo:
    """Sliders for depth, weight scale and activation; log-scale bars of ‖δ^l‖ for l = 2..L.

    The axes are fixed: the bars of layers beyond L are hidden, and the output layer's bar is red.

    The readout gives ‖δ^2‖ / ‖δ^L‖: far below 1 means the gradient vanishes on its way
    back to the first layers, far above 1 means it explodes.
    """
    fig, ax = new_figure(figsize=(8.5, 4.2))
    ax.set_yscale("log")
    ax.set_ylim(*Y_RANGE)
    positions = np.arange(2, MAX_DEPTH + 3)            # l = 2..L for the deepest network
    bars = ax.bar(positions, np.full(positions.size, Y_RANGE[0] * 10), bottom=Y_RANGE[0],
                  width=0.7, color="tab:blue")
    ax.axhline(1.0, color="0.4", lw=1, ls="--")
    ax.set_xlim(1.4, MAX_DEPTH + 2.6)                  # fixed, so every update is a fast blit
    ax.set_xticks(positions)
    ax.set_xlabel("layer l  (2 = first hidden layer, L = output in red)", fontsize=14)
    ax.set_ylabel(r"$\|\delta^l\|$  (log scale)", fontsize=14)
    ax.tick_params(labelsize=12)
    ratio_text = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=14,
                         bbox=dict(facecolor="white", alpha=0.85, edgecolor="0.7"))
    fig.tight_layout()

    def update(depth, scale, activation):
        norms = delta_norms(depth, scale, activation, width, seed)
        L = depth + 2
        for bar, l in zip(bars, positions):
            if l <= L:
                n = norms[l - 2]
                bar.set_height(np.clip(n, Y_RANGE[0], Y_RANGE[1]) - Y_RANGE[0])
                bar.set_color("tab:red" if l == L else "tab:blue")
                bar.set_visible(True)
            else:
                bar.set_visible(False)
        ratio = norms[0] / norms[-1] if norms[-1] > 0 else float("nan")   # relu can leave δ^L = 0
        ratio_text.set_text(f"{activation}, scale {scale:.2f}:  " + RATIO_TEX + f" = {ratio:.3g}")
        return {"L (layers)": L, "‖δ^2‖": float(norms[0]), "‖δ^L‖": float(norms[-1]),
                "‖δ^2‖ / ‖δ^L‖": float(ratio)}

    controls = {
        "depth": int_slider("hidden layers", depth, 2, MAX_DEPTH),
        "scale": slider("weight scale", scale, 0.1, 8.0, 0.1),
        "activation": widgets.Dropdown(options=["sigmoid", "tanh", "relu"], value=activation,
                                       description="activation", style={"description_width": "initial"}),
    }
    return Demo(fig, controls, update, title="BP2 over many layers: the size of δ^l",
                animated=list(bars) + [ratio_text])
