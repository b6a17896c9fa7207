"""Figures for notebook 02: a cost surface with arrows, D_u C over directions, paths through a network."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bpcourse import style
from bpcourse.plots._figure import finish, fmt, legend, new_figure, plain, set_title, side_legend, style_axes, styled

Array = np.ndarray


@styled
def cost_contour(W1: Array, W2: Array, C: Array, point=None, arrows=None,
                 xlabel: str = r"$w^2_{11}$", ylabel: str = r"$w^2_{12}$", title: str = "cost C") -> Figure:
    """Filled contours of C over a grid (W1, W2 from ``np.meshgrid``), a point and arrows from it.

    ``arrows`` is a dict label → (vector of 2, colour); each is drawn from ``point`` and listed in a
    legend beside the plot, together with the arrow's direction in degrees (so the colour is not the
    only way to tell the arrows apart).
    """
    W1, W2, C = (np.asarray(v, dtype=float) for v in (W1, W2, C))
    fig, ax = new_figure((8.2, 5.4))
    cs = ax.contourf(W1, W2, C, levels=18, cmap="viridis")
    ax.contour(W1, W2, C, levels=18, colors="white", linewidths=0.5, alpha=0.6)
    bar = fig.colorbar(cs, ax=ax, label="C", fraction=0.046, pad=0.03)
    style_axes(bar.ax)
    bar.ax.yaxis.label.set_fontsize(style.font_size("label"))
    described = []
    handles, names = [], []
    if point is not None:
        p = np.asarray(point, dtype=float)
        for i, (label, (vec, colour)) in enumerate((arrows or {}).items()):
            v = np.asarray(vec, dtype=float)
            ax.quiver([p[0]], [p[1]], [v[0]], [v[1]], color=colour, angles="xy", scale_units="xy",
                      scale=1.0, width=0.014, label=label, zorder=3, edgecolor="black", linewidth=1.0)
            angle = float(np.degrees(np.arctan2(v[1], v[0])) % 360)
            handles.append(Line2D([], [], color=colour, lw=5, marker=">", ms=12, mec="black"))
            names.append(label if f"{angle:.0f}°" in label else f"{label}\n(at {angle:.0f}°)")
            described.append(f"{plain(label)}, length {np.hypot(*v):.2g}, pointing at {angle:.0f}°")
        ax.plot([p[0]], [p[1]], "o", color="white", markeredgecolor="black", markersize=11, zorder=4)
        handles.append(Line2D([], [], ls="none", marker="o", color="white", mec="black", ms=11))
        names.append(f"p = ({p[0]:.3g}, {p[1]:.3g})")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    set_title(ax, title)
    ax.set_aspect("equal")
    ax.grid(False)
    if handles:
        side_legend(ax, handles, names, labelspacing=1.2, bbox_to_anchor=(1.2, 1.0))
    i_min = np.unravel_index(np.argmin(C), C.shape)
    alt = (f"Contour plot of {plain(title)} over {plain(xlabel)} from {W1.min():g} to {W1.max():g} and "
           f"{plain(ylabel)} from {W2.min():g} to {W2.max():g}; C runs from {fmt(C.min())} (lowest near "
           f"({W1[i_min]:.3g}, {W2[i_min]:.3g})) to {fmt(C.max())}.")
    if point is not None:
        alt += f" A point p at ({p[0]:.3g}, {p[1]:.3g})"
        alt += (", with arrows from it: " + "; ".join(described) + ".") if described else "."
    return finish(fig, alt)


@styled
def directional_derivative_scan(thetas_deg: Array, slopes: Array, theta_best: float | None = None,
                                best_value: float | None = None) -> Figure:
    """D_u C against the direction angle θ (degrees), with the direction of −∇C marked."""
    thetas_deg, slopes = np.asarray(thetas_deg, dtype=float), np.asarray(slopes, dtype=float)
    fig, ax = new_figure((7.9, 4.4))
    ax.plot(thetas_deg, slopes, lw=2.5, color=style.colour("blue"), label=r"$D_u C$, $u = (\cos\theta, \sin\theta)$")
    ax.axhline(0.0, color="0.5", lw=1)
    if theta_best is not None:
        ax.axvline(theta_best, color=style.colour("green"), ls="--", lw=2)
        ax.plot([theta_best], [best_value], "D", color=style.colour("green"), markeredgecolor="black",
                markersize=12, ls="none", label=rf"$u = -\nabla C/\|\nabla C\|$ at $\theta$ = {theta_best:.0f}°")
    ax.set_xlim(float(np.min(thetas_deg)), float(np.max(thetas_deg)))
    if np.ptp(thetas_deg) >= 180:
        ax.set_xticks(np.arange(np.ceil(thetas_deg.min() / 90) * 90, thetas_deg.max() + 1, 90))
    top = float(np.max(np.abs(slopes))) or 1.0
    ax.set_ylim(-1.15 * top, 1.15 * top)
    ax.set_xlabel("direction angle θ (degrees)")
    ax.set_ylabel(r"$D_u C$")
    set_title(ax, "the slope of C in every direction")
    side_legend(ax)
    i = int(np.argmin(slopes))
    alt = (f"The directional derivative D_u C against the angle θ of u from {thetas_deg.min():g}° to "
           f"{thetas_deg.max():g}°: a wave between {fmt(slopes.min())} (at {thetas_deg[i]:.0f}°) and "
           f"{fmt(slopes.max())}.")
    if theta_best is not None:
        alt += f" The direction of −∇C, θ = {theta_best:.0f}°, is marked, where D_u C = {fmt(best_value)} = −‖∇C‖."
    return finish(fig, alt)


@styled
def network_paths(sizes, paths, labels=None, colours=None, start_edge=None, start_label: str = "w",
                  title: str = "") -> Figure:
    """A network drawn as layers of neurons, with some paths highlighted.

    ``sizes`` lists the layer sizes; a path is a list of (layer, neuron) pairs, both numbered
    from 1 as in the course, e.g. [(1, 1), (2, 1), (3, 2)]. ``start_edge`` = ((l, k), (l + 1, j))
    marks the weight where every path starts (drawn thick and labelled ``start_label``). Paths
    differ in colour (``colours``, by default the course's palette) and in line style.
    """
    colours = colours or tuple(style.colour(f"C{i}") for i in (3, 4, 1, 2))
    fig, ax = new_figure((8.0, 1.6 + 1.1 * max(sizes)))
    pos = {}
    for l, n in enumerate(sizes, start=1):
        for j in range(1, n + 1):
            pos[(l, j)] = (l, (n + 1) / 2 - j)
    for l in range(1, len(sizes)):
        for k in range(1, sizes[l - 1] + 1):
            for j in range(1, sizes[l] + 1):
                (x0, y0), (x1, y1) = pos[(l, k)], pos[(l + 1, j)]
                ax.plot([x0, x1], [y0, y1], color="0.8", lw=1.2, zorder=1)
    described = []
    for i, path in enumerate(paths):
        c = colours[i % len(colours)]
        off = 0.04 * (i - (len(paths) - 1) / 2)
        xs = [pos[node][0] for node in path]
        ys = [pos[node][1] + off for node in path]
        if path[-1][0] == len(sizes):               # a path that reaches the output goes on to C
            xs.append(len(sizes) + 0.7)
            ys.append(off)
        label = labels[i] if labels else f"path {i + 1}"
        ax.plot(xs, ys, color=c, lw=4, zorder=2, label=label, ls=style.LINESTYLES[i % len(style.LINESTYLES)])
        described.append(f"{plain(label)}: " + " → ".join(_node_name(l, j) for l, j in path)
                         + (" → C" if path[-1][0] == len(sizes) else ""))
    if start_edge is not None:
        (x0, y0), (x1, y1) = pos[start_edge[0]], pos[start_edge[1]]
        ax.plot([x0, x1], [y0, y1], color="black", lw=6, zorder=2.5, alpha=0.6)
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.14, start_label, fontsize=style.font_size("title"), ha="center",
                fontweight="bold")
    x_end = len(sizes) + 0.7
    for (l, j), (x, y) in pos.items():
        ax.scatter([x], [y], s=1300, color="white", edgecolors="black", zorder=3)
        name = "x" if l == 1 else "a"
        ax.text(x, y, f"${name}^{{{l}}}_{{{j}}}$" if l > 1 else f"$x_{{{j}}}$", ha="center", va="center",
                fontsize=style.font_size("label"), zorder=4)
    for j in range(1, sizes[-1] + 1):
        x, y = pos[(len(sizes), j)]
        ax.plot([x, x_end], [y, 0.0], color="0.6", lw=1.2, zorder=1)
    ax.scatter([x_end], [0.0], s=1500, color="#fde6c8", edgecolors="black", zorder=3)
    ax.text(x_end, 0.0, "$C$", ha="center", va="center", fontsize=style.font_size("title"), zorder=4)
    ax.set_xlim(0.6, x_end + 0.4)
    ax.set_ylim(-max(sizes) / 2 + 0.2, max(sizes) / 2 - 0.1)
    ax.set_axis_off()
    set_title(ax, title)
    legend(ax, loc="upper center", ncol=max(1, len(paths)), bbox_to_anchor=(0.5, 0.0), frameon=False,
           handlelength=3)
    alt = (f"{plain(title) + ': ' if title else ''}a network with layers of {', '.join(map(str, sizes))} neurons "
           f"and the cost C after the output layer; {len(paths)} path{'s' * (len(paths) != 1)} highlighted: "
           + "; ".join(described) + ".")
    if start_edge is not None:
        alt += f" Every path starts on the weight {plain(start_label)}, drawn thick."
    return finish(fig, alt)


def _node_name(l: int, j: int) -> str:
    return f"x_{j}" if l == 1 else f"a^{l}_{j}"
