"""Figures for notebook 04 (BP2)."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def delta_norms_plot(norms_by_label: dict, first_layer: int = 2,
                     title: str = r"The size of $\delta^l$, layer by layer") -> Figure:
    r"""‖δ^l‖ against the layer l on a log scale, one line per entry of ``norms_by_label``.

    Parameters
    ----------
    norms_by_label : dict label → 1-D array, item i being ‖δ^{first_layer + i}‖.
    first_layer : the layer of each array's first item (2, the first hidden layer).
    """
    fig = Figure(figsize=(8.5, 4.6), dpi=90)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    for (label, norms), marker in zip(norms_by_label.items(), "osD^v<>p"):
        norms = np.asarray(norms, dtype=float)
        layers = np.arange(first_layer, first_layer + norms.size)
        ax.semilogy(layers, norms, marker=marker, ms=8, lw=2.5, label=label)
    ax.axhline(1.0, color="0.5", lw=1, ls="--")
    ax.set_xlabel("layer l  (the output layer L on the right)", fontsize=14)
    ax.set_ylabel(r"$\|\delta^l\|$", fontsize=14)
    ax.set_title(title, fontsize=15)
    ax.tick_params(labelsize=12)
    ax.legend(fontsize=12)
    fig.tight_layout()
    return fig
