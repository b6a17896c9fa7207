r"""A labelled drawing of a fully connected network: neurons as circles, weights as edges.

Layers are numbered 1..L from left to right (layer 1 is the input) and neurons
j = 1..n_l from top to bottom, as in the notebooks; the edge that carries
:math:`w^l_{jk}` joins neuron k of layer l−1 to neuron j of layer l.
"""

from __future__ import annotations

import numbers

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from bpcourse import style
from bpcourse.plots._figure import finish, new_figure, set_title, side_legend, styled

Array = np.ndarray

NEURON_COLOUR = "#dce6f2"
EDGE_COLOUR = "#9aa5b1"
HIGHLIGHT = style.colour("vermillion")
#: Edges of positive weights are solid blue, of negative weights dashed orange (colour and dash both say the sign).
POSITIVE = dict(color=style.colour("blue"), ls="-")
NEGATIVE = dict(color=style.colour("orange"), ls=(0, (3, 1.5)))
#: The smallest circle (in CSS pixels across) that a^l_j is written in; smaller networks drawings skip the labels.
MIN_LABELLED_CIRCLE_CSS_PX = 36
DX = 2.4          # horizontal distance between layers (neurons in a layer are 1 apart)
RADIUS = 0.22


def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(f"sizes must list at least 2 layer sizes, such as [3, 4, 2]; got {sizes!r}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"layer {i + 1} size must be a positive integer, got {n!r}")
    return [int(n) for n in sizes]


def check_edge(sizes, l, j, k) -> tuple[int, int, int]:
    """Check that w^l_jk exists in a network of these sizes (1-based l, j, k); return the ints.

    Raises ValueError naming the index that is out of range.
    """
    sizes = _check_sizes(sizes)
    L = len(sizes)
    for name, v in (("l", l), ("j", j), ("k", k)):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise ValueError(f"{name} must be an integer, got {v!r}")
    if not 2 <= l <= L:
        raise ValueError(f"l must be from 2 to L = {L} (layer 1 is the input and has no weights), got {l}")
    if not 1 <= j <= sizes[l - 1]:
        raise ValueError(f"j counts neurons of layer l = {l}, so 1 <= j <= {sizes[l - 1]}; got {j}")
    if not 1 <= k <= sizes[l - 2]:
        raise ValueError(f"k counts neurons of layer l-1 = {l - 1}, so 1 <= k <= {sizes[l - 2]}; got {k}")
    return int(l), int(j), int(k)


def neuron_positions(sizes) -> list[Array]:
    """The (x, y) centre of every neuron: ``positions[l - 1][j - 1]`` is neuron j of layer l.

    Layer l sits at x = DX·(l − 1); the neurons of each layer are spaced 1 apart and centred on
    y = 0, neuron 1 on top.
    """
    sizes = _check_sizes(sizes)
    return [np.column_stack([np.full(n, DX * (l - 1)), (n - 1) / 2.0 - np.arange(n)])
            for l, n in enumerate(sizes, start=1)]


def edge_label(l: int, j: int, k: int) -> str:
    """The mathtext label of a weight, e.g. ``$w^{3}_{24}$`` (a comma when an index has 2 digits)."""
    sep = "," if max(j, k) > 9 else ""
    return rf"$w^{{{l}}}_{{{j}{sep}{k}}}$"


def edge_label_position(sizes, l: int, j: int, k: int, t: float = 0.45) -> tuple[float, float]:
    """A point on the edge of w^l_jk, a fraction ``t`` of the way from neuron j (layer l) back to k."""
    pos = neuron_positions(sizes)
    start, end = pos[l - 2][k - 1], pos[l - 1][j - 1]
    x, y = end + t * (start - end)
    return float(x), float(y)


@styled
def network_diagram(sizes, highlight=None, *, weights=None, ax=None, neuron_labels: bool = True,
                    layer_labels: bool = True, title: str | None = None, figsize=None) -> Figure:
    r"""Draw a fully connected network and return its Figure.

    Parameters
    ----------
    sizes : list of int, [n_1, ..., n_L].
    highlight : (l, j, k) or None. Draw the edge of :math:`w^l_{jk}` thick and red (vermillion),
        with its label, and ring neuron k of layer l−1 and neuron j of layer l.
    weights : optional list of arrays, ``weights[l - 2]`` = W^l (as in ``Network.weights``).
        Edge widths then follow |w|, and colour and dash the sign (solid blue > 0, dashed orange < 0),
        explained in a legend beside the drawing (on a new Figure).
    ax : optional Axes to draw on (its Figure is returned); a new Figure otherwise.
    neuron_labels : write a^l_j inside each neuron (skipped for layers with more than 8 neurons).
    layer_labels : write "layer l" (and "input"/"output") under each layer.
    title : optional axes title.
    figsize : size of a new Figure in inches; by default it grows with the number of layers and neurons.

    Returns
    -------
    The matplotlib Figure (leave it as a cell's last expression to show it).
    """
    sizes = _check_sizes(sizes)
    L = len(sizes)
    if highlight is not None:
        highlight = check_edge(sizes, *highlight)
    if weights is not None:
        if len(weights) != L - 1:
            raise ValueError(f"weights must hold L - 1 = {L - 1} matrices W^2..W^L, got {len(weights)}")
        for l in range(2, L + 1):
            if np.shape(weights[l - 2]) != (sizes[l - 1], sizes[l - 2]):
                raise ValueError(f"W^{l} must have shape {(sizes[l - 1], sizes[l - 2])} (n_l, n_(l-1)), "
                                 f"got {np.shape(weights[l - 2])}")
    n_max = max(sizes)
    own_figure = ax is None
    if own_figure:
        legend_width = 2.2 if weights is not None else 0.0
        width, height = DX * (L - 1) + 1.6, n_max + 1.9
        inch = min(1.0, (style.MAX_FIGURE_WIDTH_CSS_PX / style.CSS_PX_PER_INCH - legend_width - 0.4) / width,
                   5.2 / height)
        if figsize is None:
            figsize = (max(width * inch, 4.5) + legend_width, max(height * inch, 3.0))
        if 2 * RADIUS * inch * style.CSS_PX_PER_INCH < MIN_LABELLED_CIRCLE_CSS_PX:
            neuron_labels = False
        fig, ax = new_figure(figsize)
    fig = ax.figure
    pos = neuron_positions(sizes)
    radius = RADIUS

    scale = max(float(np.max(np.abs(W))) for W in weights) if weights is not None else 1.0
    for l in range(2, L + 1):
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                (x0, y0), (x1, y1) = pos[l - 2][k - 1], pos[l - 1][j - 1]
                if weights is not None:
                    w = float(weights[l - 2][j - 1, k - 1])
                    look, width = (POSITIVE if w > 0 else NEGATIVE), 0.6 + 3.9 * abs(w) / (scale or 1.0)
                else:
                    look, width = dict(color=EDGE_COLOUR, ls="-"), 1.2
                ax.plot([x0, x1], [y0, y1], lw=width, alpha=0.85, zorder=1, **look)

    for l, centres in enumerate(pos, start=1):
        for j, (x, y) in enumerate(centres, start=1):
            ax.add_patch(_circle((x, y), radius, NEURON_COLOUR, "#33415c"))
            if neuron_labels and sizes[l - 1] <= 8:
                ax.text(x, y, rf"$a^{{{l}}}_{{{j}}}$", ha="center", va="center", fontsize=style.font_size("label"),
                        zorder=4)
        if layer_labels:
            name = "input" if l == 1 else ("output" if l == L else "hidden")
            ax.text(DX * (l - 1), -(n_max - 1) / 2.0 - 0.5, f"layer {l}\n({name})", ha="center", va="top",
                    fontsize=style.font_size("label"))

    if highlight is not None:
        l, j, k = highlight
        (x0, y0), (x1, y1) = pos[l - 2][k - 1], pos[l - 1][j - 1]
        ax.plot([x0, x1], [y0, y1], color=HIGHLIGHT, lw=4, zorder=2)
        for (x, y) in ((x0, y0), (x1, y1)):
            ax.add_patch(_circle((x, y), radius * 1.25, "none", HIGHLIGHT, lw=3))
        tx, ty = edge_label_position(sizes, l, j, k)
        ax.text(tx, ty, edge_label(l, j, k), color=HIGHLIGHT, fontsize=style.font_size("title") * 1.1,
                ha="center", va="center",
                zorder=5, bbox=dict(boxstyle="round,pad=0.2", fc="white", ec=HIGHLIGHT, alpha=0.95))

    ax.set_xlim(-0.8, DX * (L - 1) + 0.8)
    ax.set_ylim(-(n_max - 1) / 2.0 - (1.25 if layer_labels else 0.4), (n_max - 1) / 2.0 + 0.45)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        set_title(ax, title)
    if not own_figure:
        return fig
    if weights is not None:
        handles = [Line2D([], [], lw=3, **POSITIVE), Line2D([], [], lw=3, **NEGATIVE),
                   Line2D([], [], lw=0.6, color="0.4"), Line2D([], [], lw=4.5, color="0.4")]
        names = ["w > 0", "w < 0", "small |w|", f"|w| = {scale:.2g}"]
        if highlight is not None:
            handles.append(Line2D([], [], lw=4, color=HIGHLIGHT))
            names.append(edge_label(*highlight))
        side_legend(ax, handles, names, title="line width: |w|", alignment="left", handlelength=2.6)
    return finish(fig, _describe(sizes, highlight, weights))


def _describe(sizes, highlight, weights) -> str:
    """The text alternative of a network diagram."""
    L = len(sizes)
    names = ["input"] + ["hidden"] * (L - 2) + ["output"]
    layers = ", ".join(f"{n} ({name})" for n, name in zip(sizes, names))
    counts = [sizes[l - 1] * sizes[l - 2] for l in range(2, L + 1)]
    text = (f"A network drawn as {L} layers of neurons, left to right: {layers}. Each neuron is joined by a line to "
            f"every neuron of the next layer: {' + '.join(map(str, counts))} = {sum(counts)} weights.")
    if highlight is not None:
        l, j, k = highlight
        text += (f" Highlighted in red: the line of w^{l}_{j}{k}, from neuron k = {k} of layer {l - 1} to neuron "
                 f"j = {j} of layer {l}.")
    if weights is not None:
        ws = [(abs(float(W[j, k])), l, j + 1, k + 1, float(W[j, k]))
              for l, W in enumerate(weights, start=2) for j in range(W.shape[0]) for k in range(W.shape[1])]
        _, l, j, k, w = max(ws)
        n_neg = sum(1 for *_, v in ws if v < 0)
        text += (f" Line width shows |w| and colour and dash its sign: {len(ws) - n_neg} positive (solid blue), "
                 f"{n_neg} negative (dashed orange); the largest is w^{l}_{j}{k} = {w:.2f}.")
    return text


def _circle(centre, radius, face, edge, lw=1.5) -> Circle:
    return Circle(centre, radius, facecolor=face, edgecolor=edge, lw=lw, zorder=3)
