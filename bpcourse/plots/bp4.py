r"""Figures for BP4 (notebook 06): ∂C/∂W^l = δ^l (a^{l-1})^T as an outer product."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def _heatmap(ax, M, title, vmax, fmt="{:.3f}"):
    ax.imshow(M, cmap="RdBu_r", vmin=-1.8 * vmax, vmax=1.8 * vmax, aspect="equal")  # pale: text stays readable
    for (r, c), v in np.ndenumerate(M):
        ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=12)
    ax.set_title(title, fontsize=14)
    ax.set_xticks(range(M.shape[1]))
    ax.set_yticks(range(M.shape[0]))
    ax.grid(False)


def outer_product_figure(delta, a_prev, l: int | None = None):
    r"""δ^l (a column), (a^{l-1})^T (a row) and their outer product ∂C/∂W^l, as annotated heatmaps.

    Parameters
    ----------
    delta : (n_l,) or (n_l, 1) array, δ^l for one example.
    a_prev : (n_{l-1},) or (n_{l-1}, 1) array, a^{l-1} for the same example.
    l : the layer number, for the titles (optional).

    Returns
    -------
    Figure with three panels; entry (j, k) of the right one is a^{l-1}_k δ^l_j.
    """
    d = np.asarray(delta, dtype=float).reshape(-1, 1)
    a = np.asarray(a_prev, dtype=float).reshape(1, -1)
    G = d @ a
    s = "l" if l is None else str(l)
    sp = "l-1" if l is None else str(l - 1)
    fig = Figure(figsize=(3.0 + 1.3 * a.shape[1] * 2, 1.6 + 0.9 * d.shape[0]), dpi=90)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, a.shape[1], a.shape[1]]})
    vd = float(np.max(np.abs(d))) or 1.0
    va = float(np.max(np.abs(a))) or 1.0
    vg = float(np.max(np.abs(G))) or 1.0
    _heatmap(axes[0], d, rf"$\delta^{{{s}}}$", vd, "{:.3f}")
    _heatmap(axes[1], a, rf"$(a^{{{sp}}})^T$", va, "{:.2f}")
    _heatmap(axes[2], G, rf"$\partial C/\partial W^{{{s}}} = \delta^{{{s}}}(a^{{{sp}}})^T$", vg, "{:.4f}")
    axes[0].set_ylabel("row j (neuron of layer l)", fontsize=11)
    axes[1].set_xlabel("column k (neuron of layer l−1)", fontsize=11)
    axes[2].set_xlabel("k", fontsize=12)
    axes[2].set_ylabel("j", fontsize=12)
    fig.tight_layout()
    return fig
