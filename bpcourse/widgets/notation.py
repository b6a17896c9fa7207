r"""The notation explorer: one weight w^l_jk, named in four notations, on a drawn network.

Sliders pick l, j and k; the diagram highlights the edge from neuron k of layer l−1 to
neuron j of layer l, the two small tables show where the same number sits in the
column-form matrix W^l and in the row-major matrix (W^l)^T, and the readout names it in
Nielsen's, UFLDL's and Higham & Higham's notation and as a numpy index.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from bpcourse import style
from bpcourse.network import Network
from bpcourse.plots.diagram import RADIUS, edge_label, edge_label_position, network_diagram, neuron_positions
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, int_slider, new_figure, style_axes, styled

HIGHLIGHT = style.HIGHLIGHT


def weight_names(l: int, j: int, k: int) -> dict:
    """The names of w^l_jk (1-based l, j, k) in each notation, in HTML (:class:`~._symbols.Html`).

    ``Nielsen`` w^l_jk, ``UFLDL`` W^(l-1)_jk, ``Higham`` w^[l]_jk (a comma between j and k when
    one has two digits); ``numpy`` is the 0-based index into the column-form matrix ``net.W(l)``
    (shape (n_l, n_{l-1})), ``row-major`` the 0-based index into ``net.W(l).T`` (shape
    (n_{l-1}, n_l)), as used with ``X @ W``. ``.text`` of each gives it as plain text.
    """
    jk = f"{j},{k}" if max(j, k) > 9 else f"{j}{k}"
    return {
        "Nielsen": S.Html(S.html("w", l, jk)),
        "UFLDL": S.Html(S.html("W", f"({l - 1})", jk)),
        "Higham": S.Html(S.html("w", f"[{l}]", jk)),
        "numpy": S.Html(f"<code>net.W({l})[{j - 1}, {k - 1}]</code>"),
        "row-major": S.Html(f"<code>net.W({l}).T[{k - 1}, {j - 1}]</code>"),
    }


def _grid(ax, n_rows: int, n_cols: int, row_name: str):
    """A table with room for n_rows × n_cols Text artists (filled later) and a highlight box; no lines yet.

    :func:`_shape` draws the lines, the frame, the row and column numbers and the column caption
    over the current matrix only, so no empty numbered row or column suggests a neuron that is not there.
    """
    texts = [[ax.text(c + 0.5, r + 0.5, "", ha="center", va="center", family="monospace",
                      fontsize=style.font_size("tick"))
              for c in range(n_cols)] for r in range(n_rows)]
    box = Rectangle((0, 0), 1, 1, facecolor=HIGHLIGHT, alpha=0.25, edgecolor=HIGHLIGHT, lw=2.5, zorder=3)
    ax.add_patch(box)
    ax.set_xlim(-0.03, n_cols + 0.03)        # fixed: every layer's cells have the same size
    ax.set_ylim(n_rows + 0.03, -0.03)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)       # the frame is the matrix's own (see _shape)
    ax.set_ylabel(row_name)
    return texts, box


def _shape(ax, n_rows: int, n_cols: int, col_name: str, drawn: list) -> list:
    """Lines, a frame, row and column numbers 1..n and the column caption over an n_rows × n_cols matrix.

    The artists in ``drawn`` (the previous layer's) are removed first; the new ones are returned.
    """
    for artist in drawn:
        artist.remove()
    new = [ax.plot([0, n_cols], [r, r], color="#e3e7ec", lw=1, zorder=1)[0] for r in range(1, n_rows)]
    new += [ax.plot([c, c], [0, n_rows], color="#e3e7ec", lw=1, zorder=1)[0] for c in range(1, n_cols)]
    new.append(ax.add_patch(Rectangle((0, 0), n_cols, n_rows, fill=False, edgecolor="0.35", lw=1.5, zorder=2)))
    size = style.font_size("tick")
    new += [ax.text(c + 0.5, n_rows + 0.12, str(c + 1), ha="center", va="top", fontsize=size)
            for c in range(n_cols)]
    new.append(ax.text(n_cols / 2, n_rows + 0.5, col_name, ha="center", va="top", fontsize=style.font_size("label")))
    ax.set_yticks(np.arange(n_rows) + 0.5, [str(r + 1) for r in range(n_rows)])
    return new


@styled
def notation_explorer(sizes=(3, 4, 2), l: int = 3, j: int = 2, k: int = 4, seed: int = 0) -> Demo:
    r"""Sliders for l, j, k on a small network; the same weight in every notation.

    The readout gives the names (Nielsen, UFLDL, Higham, numpy and row-major indices)
    and ``value``, the number itself, read from ``net.W(l)[j-1, k-1]``. j and k are
    clamped to 1..n_l and 1..n_{l-1} whenever l changes.
    """
    net = Network(list(sizes), seed=seed)
    sizes = net.sizes
    if max(sizes) > 8:
        raise ValueError(f"the notation explorer draws every weight in a table; use layers of at most 8 neurons, "
                         f"got sizes={sizes}")
    L = net.L
    n_max = max(sizes)
    fig, _ = new_figure(figsize=(8.2, 7.4))
    fig.clear()                                       # the diagram above, the two tables side by side below
    grid = fig.add_gridspec(2, 2, height_ratios=[1.15, 1])
    ax_net = fig.add_subplot(grid[0, :])
    ax_col, ax_row = fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
    style_axes(ax_net, ax_col, ax_row)
    network_diagram(sizes, ax=ax_net)
    pos = neuron_positions(sizes)
    (edge,) = ax_net.plot([0, 1], [0, 1], color=HIGHLIGHT, lw=4.5, zorder=2)
    rings = ax_net.scatter([0, 0], [0, 0], s=900, facecolors="none", edgecolors=HIGHLIGHT, linewidths=3, zorder=4)
    label = ax_net.text(0, 0, "", color=HIGHLIGHT, fontsize=style.font_size("title") * 1.2, ha="center",
                        va="center", zorder=5,
                        bbox=dict(boxstyle="round,pad=0.2", fc="white", ec=HIGHLIGHT, alpha=0.95))
    col_texts, col_box = _grid(ax_col, n_max, n_max, "row j (1-based)")
    row_texts, row_box = _grid(ax_row, n_max, n_max, "row k (1-based)")
    # the largest tables' numbers and captions, so that the layout leaves room for them (update replaces them)
    drawn_col = _shape(ax_col, n_max, n_max, "column k", [])
    drawn_row = _shape(ax_row, n_max, n_max, "column j (row-major)", [])
    ax_col.set_title(f"$W^{{{L}}}$, shape {(n_max, n_max)}", fontsize=style.font_size("title"))
    ax_row.set_title(f"$(W^{{{L}}})^T$, shape {(n_max, n_max)}", fontsize=style.font_size("title"))
    fig.tight_layout(h_pad=2.5)                       # room between the layer captions and the tables' titles

    controls = {
        "l": int_slider("layer l", min(max(l, 2), L), 2, L),
        "j": int_slider("neuron j (layer l)", 1, 1, n_max),
        "k": int_slider("neuron k (layer l−1)", 1, 1, n_max),
    }

    def clamp(change=None):
        lv = controls["l"].value
        controls["j"].max = sizes[lv - 1]      # ipywidgets clamps .value into the new range
        controls["k"].max = sizes[lv - 2]

    controls["l"].observe(clamp, names="value")   # registered before the Demo's own observer
    clamp()
    controls["j"].value = min(max(j, 1), controls["j"].max)
    controls["k"].value = min(max(k, 1), controls["k"].max)

    def fill(texts, M):
        for r, row in enumerate(texts):
            for c, t in enumerate(row):
                t.set_text(f"{M[r, c]:+.2f}" if r < M.shape[0] and c < M.shape[1] else "")

    shown = {"l": None, "col": drawn_col, "row": drawn_row}      # the layer whose tables are drawn, their lines

    def update(l, j, k):
        j = min(j, sizes[l - 1])
        k = min(k, sizes[l - 2])
        W = net.W(l)
        if l != shown["l"]:                   # the tables and titles are not animated: the Demo keeps
            fill(col_texts, W)                # one background per layer (background_key below)
            fill(row_texts, W.T)
            shown["col"] = _shape(ax_col, *W.shape, "column k", shown["col"])      # over W^l only
            shown["row"] = _shape(ax_row, *W.T.shape, "column j (row-major)", shown["row"])
            ax_col.set_title(f"$W^{{{l}}}$, shape {W.shape}", fontsize=style.font_size("title"))
            ax_row.set_title(f"$(W^{{{l}}})^T$, shape {W.T.shape}", fontsize=style.font_size("title"))
            shown["l"] = l
        start, end = pos[l - 2][k - 1], pos[l - 1][j - 1]
        step = RADIUS * (end - start) / np.linalg.norm(end - start)   # stop at the circles' rims
        edge.set_data([start[0] + step[0], end[0] - step[0]], [start[1] + step[1], end[1] - step[1]])
        rings.set_offsets(np.array([start, end]))
        label.set_position(edge_label_position(sizes, l, j, k))
        label.set_text(edge_label(l, j, k))
        col_box.set_xy((k - 1, j - 1))
        row_box.set_xy((j - 1, k - 1))
        names = weight_names(l, j, k)
        return {"ljk": f"{l}, {j}, {k}", **names, "value": float(W[j - 1, k - 1])}

    labels = {"ljk": "l, j, k", "Nielsen": "this course (Nielsen)", "UFLDL": "UFLDL", "Higham": "Higham &amp; Higham",
              "numpy": "numpy, column form", "row-major": "numpy, row-major", "value": "its value"}

    def alt(r, v):
        l, j, k = (int(t) for t in r["ljk"].split(", "))
        w = S.sym("w", l, f"{j}{k}")
        return (f"Left: a network diagram with layers of {', '.join(map(str, sizes))} neurons; the edge from "
                f"neuron {k} of "
                f"layer {l - 1} to neuron {j} of layer {l} is highlighted and labelled {w}. Middle: the matrix "
                f"W{S.sup(l)} with row {j}, column {k} highlighted. Right: its transpose with row {k}, column {j} "
                f"highlighted. The weight's value is {S.number(r['value'])}.")

    def status(r, v):
        l, j, k = (int(t) for t in r["ljk"].split(", "))
        return (f"{S.sym('w', l, f'{j}{k}')} = {S.number(r['value'])}: row {j}, column {k} of W{S.sup(l)}, "
                f"{r['numpy'].text} in numpy; UFLDL calls it W{S.sup(f'({l - 1})')}{S.sub(f'{j}{k}')}.")

    return Demo(fig, controls, update, title="Notation explorer: one weight, four names",
                animated=[edge, rings, label, col_box, row_box], background_key=lambda l, j, k: l,
                labels=labels, alt=alt, status=status)
