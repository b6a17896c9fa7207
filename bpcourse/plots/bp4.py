r"""Figures for BP4 (notebook 06): ∂C/∂W^l = δ^l (a^{l-1})^T as an outer product."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from bpcourse import style
from bpcourse.plots._figure import finish, new_figure, set_title, styled, text_colour_on

#: Pale blue for negative entries, white for 0, pale vermillion for positive ones: the numbers stay
#: readable on every cell, and the sign is also written (the minus sign), not carried by colour alone.
SIGNED_CMAP = LinearSegmentedColormap.from_list("bpcourse_signed", ["#9cc3e0", "#ffffff", "#f0b58c"])


def _heatmap(ax, M, title, vmax, fmt="{:.3f}", row_label=None, col_label=None):
    image = ax.imshow(M, cmap=SIGNED_CMAP, vmin=-vmax, vmax=vmax, aspect="equal")
    for (r, c), v in np.ndenumerate(M):
        ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=style.font_size("annotation"),
                color=text_colour_on(image.to_rgba(v)))
    set_title(ax, title)
    ax.set_xticks(range(M.shape[1]), [str(k) for k in range(1, M.shape[1] + 1)] if col_label else [])
    ax.set_yticks(range(M.shape[0]), [str(j) for j in range(1, M.shape[0] + 1)] if row_label else [])
    if col_label:
        ax.set_xlabel(col_label)
    if row_label:
        ax.set_ylabel(row_label)
    ax.tick_params(length=0)
    ax.grid(False)


@styled
def outer_product_figure(delta, a_prev, l: int | None = None):
    r"""δ^l (a column), (a^{l-1})^T (a row) and their outer product ∂C/∂W^l, as annotated heatmaps.

    Rows are numbered j = 1..n_l and columns k = 1..n_{l-1}, as in the course.

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
    n, k = d.shape[0], a.shape[1]
    cell = min(0.85, (style.MAX_FIGURE_WIDTH_CSS_PX / style.CSS_PX_PER_INCH - 2.2) / (1 + 2 * k))
    fig, axes = new_figure((2.2 + cell * (1 + 2 * k), 1.9 + cell * n), 1, 3,
                           gridspec_kw={"width_ratios": [1, k, k]})
    vd = float(np.max(np.abs(d))) or 1.0
    va = float(np.max(np.abs(a))) or 1.0
    vg = float(np.max(np.abs(G))) or 1.0
    _heatmap(axes[0], d, rf"$\delta^{{{s}}}$", vd, "{:.3f}", row_label="j")
    _heatmap(axes[1], a, rf"$(a^{{{sp}}})^T$", va, "{:.2f}", col_label="k")
    _heatmap(axes[2], G, rf"$\partial C/\partial W^{{{s}}}$", vg, "{:.4f}", row_label="j", col_label="k")
    fig.tight_layout(w_pad=0.6)
    biggest = np.unravel_index(np.argmax(np.abs(G)), G.shape)
    return finish(fig, (
        f"Three tables of numbers. δ^{s}, a column of {n}: {', '.join(f'{v:.3f}' for v in d[:, 0])}. "
        f"(a^{sp})^T, a row of {k}: {', '.join(f'{v:.2f}' for v in a[0])}. Their outer product ∂C/∂W^{s}, "
        f"{n} by {k}, entry (j, k) = a^{sp}_k δ^{s}_j; its largest entry in size is "
        f"({biggest[0] + 1}, {biggest[1] + 1}) = {G[biggest]:.4f}."), layout=False)
