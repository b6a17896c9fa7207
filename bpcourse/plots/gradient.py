"""Figures for notebook 02: a cost surface with arrows, D_u C over directions, paths through a network."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

Array = np.ndarray


def _figure(figsize) -> Figure:
    fig = Figure(figsize=figsize, dpi=90)
    FigureCanvasAgg(fig)
    return fig


def cost_contour(W1: Array, W2: Array, C: Array, point=None, arrows=None,
                 xlabel: str = r"$w^2_{11}$", ylabel: str = r"$w^2_{12}$", title: str = "cost C") -> Figure:
    """Filled contours of C over a grid (W1, W2 from ``np.meshgrid``), a point and arrows from it.

    ``arrows`` is a dict label → (vector of 2, colour); each is drawn from ``point``.
    """
    fig = _figure((6.8, 5.4))
    ax = fig.subplots()
    cs = ax.contourf(W1, W2, C, levels=18, cmap="viridis")
    ax.contour(W1, W2, C, levels=18, colors="white", linewidths=0.4, alpha=0.6)
    fig.colorbar(cs, ax=ax, label="C")
    if point is not None:
        p = np.asarray(point, dtype=float)
        for label, (vec, colour) in (arrows or {}).items():
            v = np.asarray(vec, dtype=float)
            ax.quiver([p[0]], [p[1]], [v[0]], [v[1]], color=colour, angles="xy", scale_units="xy",
                      scale=1.0, width=0.012, label=label, zorder=3)
        ax.plot([p[0]], [p[1]], "o", color="white", markeredgecolor="black", markersize=9, zorder=4)
        if arrows:
            ax.legend(loc="lower right", fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.set_aspect("equal")
    fig.tight_layout()
    return fig


def directional_derivative_scan(thetas_deg: Array, slopes: Array, theta_best: float | None = None,
                                best_value: float | None = None) -> Figure:
    """D_u C against the direction angle θ (degrees), with the direction of −∇C marked."""
    fig = _figure((7.5, 4.2))
    ax = fig.subplots()
    ax.plot(thetas_deg, slopes, lw=2.5, color="tab:blue", label=r"$D_u C$, $u = (\cos\theta, \sin\theta)$")
    ax.axhline(0.0, color="0.5", lw=1)
    if theta_best is not None:
        ax.axvline(theta_best, color="tab:green", ls="--", lw=1.5)
        ax.plot([theta_best], [best_value], "o", color="lime", markeredgecolor="black", markersize=11,
                label=r"$u = -\nabla C/\|\nabla C\|$: $D_u C = -\|\nabla C\|$")
    ax.set_xlim(float(np.min(thetas_deg)), float(np.max(thetas_deg)))
    top = float(np.max(np.abs(slopes))) or 1.0
    ax.set_ylim(-1.2 * top, 1.9 * top)                  # room for the legend above the curve
    ax.set_xlabel("direction angle θ (degrees)")
    ax.set_ylabel(r"$D_u C$")
    ax.set_title("the slope of C in every direction")
    ax.legend(loc="upper left", fontsize=10)
    fig.tight_layout()
    return fig


def network_paths(sizes, paths, labels=None, colours=("tab:orange", "tab:purple", "tab:green", "tab:red"),
                  start_edge=None, start_label: str = "w", title: str = "") -> Figure:
    """A network drawn as layers of neurons, with some paths highlighted.

    ``sizes`` lists the layer sizes; a path is a list of (layer, neuron) pairs, both numbered
    from 1 as in the course, e.g. [(1, 1), (2, 1), (3, 2)]. ``start_edge`` = ((l, k), (l + 1, j))
    marks the weight where every path starts (drawn thick and labelled ``start_label``).
    """
    fig = _figure((7.5, 4.2))
    ax = fig.subplots()
    pos = {}
    for l, n in enumerate(sizes, start=1):
        for j in range(1, n + 1):
            pos[(l, j)] = (l, (n + 1) / 2 - j)
    for l in range(1, len(sizes)):
        for k in range(1, sizes[l - 1] + 1):
            for j in range(1, sizes[l] + 1):
                (x0, y0), (x1, y1) = pos[(l, k)], pos[(l + 1, j)]
                ax.plot([x0, x1], [y0, y1], color="0.8", lw=1.2, zorder=1)
    for i, path in enumerate(paths):
        c = colours[i % len(colours)]
        off = 0.03 * (i - (len(paths) - 1) / 2)
        xs = [pos[node][0] for node in path]
        ys = [pos[node][1] + off for node in path]
        if path[-1][0] == len(sizes):               # a path that reaches the output goes on to C
            xs.append(len(sizes) + 0.7)
            ys.append(off)
        label = labels[i] if labels else f"path {i + 1}"
        ax.plot(xs, ys, color=c, lw=3.5, zorder=2, label=label)
    if start_edge is not None:
        (x0, y0), (x1, y1) = pos[start_edge[0]], pos[start_edge[1]]
        ax.plot([x0, x1], [y0, y1], color="black", lw=5, zorder=2.5, alpha=0.6)
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.12, start_label, fontsize=15, ha="center", fontweight="bold")
    x_end = len(sizes) + 0.7
    for (l, j), (x, y) in pos.items():
        ax.scatter([x], [y], s=900, color="white", edgecolors="black", zorder=3)
        name = "x" if l == 1 else "a"
        ax.text(x, y, f"${name}^{{{l}}}_{{{j}}}$" if l > 1 else f"$x_{{{j}}}$", ha="center", va="center",
                fontsize=13, zorder=4)
    for j in range(1, sizes[-1] + 1):
        x, y = pos[(len(sizes), j)]
        ax.plot([x, x_end], [y, 0.0], color="0.6", lw=1.2, zorder=1)
    ax.scatter([x_end], [0.0], s=1100, color="#fde6c8", edgecolors="black", zorder=3)
    ax.text(x_end, 0.0, "$C$", ha="center", va="center", fontsize=15, zorder=4)
    ax.set_xlim(0.5, x_end + 0.5)
    ymax = max(sizes) / 2 + 0.3
    ax.set_ylim(-ymax, ymax)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    ax.legend(loc="lower center", ncol=max(1, len(paths)), fontsize=10, bbox_to_anchor=(0.5, -0.12))
    fig.tight_layout()
    return fig
