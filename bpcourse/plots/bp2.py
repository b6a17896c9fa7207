"""Figures for notebook 04 (BP2)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bpcourse import style
from bpcourse.plots._figure import (
    finish,
    fmt,
    new_figure,
    plain,
    ranges,
    series_style,
    set_title,
    side_legend,
    side_note,
    styled,
)


@styled
def delta_norms_plot(norms_by_label: dict, first_layer: int = 2,
                     title: str = r"The size of $\delta^l$, layer by layer") -> Figure:
    r"""‖δ^l‖ against the layer l on a log scale, one line per entry of ``norms_by_label``.

    Lines differ in colour, line style and marker. The dashed grey line is ‖δ^l‖ = 1.

    Parameters
    ----------
    norms_by_label : dict label → 1-D array, item i being ‖δ^{first_layer + i}‖.
    first_layer : the layer of each array's first item (2, the first hidden layer).
    """
    fig, ax = new_figure((8.2, 4.6))
    parts, hidden = [], []
    for i, (label, norms) in enumerate(norms_by_label.items()):
        norms = np.asarray(norms, dtype=float).ravel()
        layers = np.arange(first_layer, first_layer + norms.size)
        bad = ~np.isfinite(norms) | (norms <= 0)
        if bad.any():
            hidden.append(f"{plain(label)}: l = {ranges(layers[bad])}")
        ax.semilogy(layers, np.where(bad, np.nan, norms), marker=style.MARKERS[i % len(style.MARKERS)], ms=9,
                    lw=2.5, label=label, **series_style(i))
        parts.append(f"{plain(label)}: ‖δ^{layers[0]}‖ = {fmt(norms[0])} and ‖δ^{layers[-1]}‖ = {fmt(norms[-1])}")
    if hidden:
        side_note(ax, "not drawn (0 or not finite):\n" + "\n".join(hidden))
    ax.axhline(1.0, color="0.5", lw=1.5, ls="--", label=r"$\|\delta^l\| = 1$")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("layer l  (the output layer L on the right)")
    ax.set_ylabel(r"$\|\delta^l\|$")
    set_title(ax, title)
    side_legend(ax)
    return finish(fig, f"{plain(title)}, on a log scale, one line per network: " + "; ".join(parts) + ".")
