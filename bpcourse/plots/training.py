"""Figures for training: cost and accuracy curves, decision regions, digit images, a confusion matrix.

Each helper takes arrays (or, for decision regions, the network's ``feedforward``) and returns
a matplotlib ``Figure`` with its own Agg canvas; leave it as a cell's last expression to show it.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

Array = np.ndarray

CLASS_COLOURS = ("#1f77b4", "#d62728")   # class A blue, class B red (Higham's two classes)


def _figure(ncols=1, nrows=1, figsize=(7.5, 4.2), dpi=90, squeeze=True, **kwargs):
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=squeeze, **kwargs)
    return fig, axes


def curves(series: dict, *, xlabel: str = "step", ylabel: str = "cost", logy: bool = False,
           title: str = "", x=None, figsize=(7.5, 4.2)) -> Figure:
    """One line per entry of ``series`` (label → 1-D array of values), against ``x`` or 0, 1, 2, …

    ``x`` is one array for all lines, or a dict label → array.
    """
    fig, ax = _figure(figsize=figsize)
    for label, values in series.items():
        values = np.asarray(values, dtype=float)
        xs = x.get(label) if isinstance(x, dict) else x
        xs = np.arange(values.size) if xs is None else np.asarray(xs)
        ax.plot(xs, values, lw=2.2, label=str(label))
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if len(series) > 1:
        ax.legend(fontsize=11)
    fig.tight_layout()
    return fig


def cost_curves(series: dict, *, xlabel: str = "step", logy: bool = True, title: str = "", x=None) -> Figure:
    """Cost against step (or epoch), one line per run; log scale by default."""
    return curves(series, xlabel=xlabel, ylabel="cost C", logy=logy, title=title, x=x)


def accuracy_curves(series: dict, *, xlabel: str = "epoch", title: str = "", x=None) -> Figure:
    """Accuracy (a fraction in [0, 1]) against epoch, one line per run or data set."""
    fig = curves(series, xlabel=xlabel, ylabel="accuracy", title=title, x=x)
    fig.axes[0].set_ylim(0, 1.02)
    return fig


def region_grid(predict: Callable[[Array], Array], extent=(0.0, 1.0, 0.0, 1.0), resolution: int = 150) -> Array:
    """a^L_2 − a^L_1 on a resolution × resolution grid over ``extent`` (x0, x1, y0, y1).

    ``predict`` maps a (2, k) batch of points to a^L, shape (2, k). Positive values are
    points the network puts in the second class (B), negative ones in the first (A).
    Row i of the result is the i-th y value, as ``imshow(origin="lower")`` expects.
    """
    x0, x1, y0, y1 = extent
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    A = np.asarray(predict(np.vstack([gx.ravel(), gy.ravel()])))
    return (A[1] - A[0]).reshape(resolution, resolution)


def draw_regions(ax, grid: Array, X: Array, labels, extent=(0.0, 1.0, 0.0, 1.0)):
    """Draw a region grid and the labelled points on ``ax``; return (image, points)."""
    labels = np.asarray(labels)
    image = ax.imshow(grid, origin="lower", extent=extent, cmap="RdBu_r", vmin=-1, vmax=1,
                      alpha=0.55, aspect="auto", interpolation="bilinear")
    colours = np.array(CLASS_COLOURS)[labels]
    markers = {0: "o", 1: "^"}
    points = []
    for c in (0, 1):
        keep = labels == c
        points.append(ax.scatter(X[0, keep], X[1, keep], s=140, c=colours[keep], marker=markers[c],
                                 edgecolors="black", linewidths=1.5, zorder=3,
                                 label="class A" if c == 0 else "class B"))
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return image, points


def decision_regions(X: Array, Y: Array, predict: Callable[[Array], Array] | None = None, *,
                     grid: Array | None = None, extent=(0.0, 1.0, 0.0, 1.0), resolution: int = 150,
                     title: str = "") -> Figure:
    """The plane coloured by the network's answer, with the labelled points on top.

    Give either ``predict`` (e.g. ``net.feedforward``, mapping (2, k) points to a^L) or a
    precomputed ``grid`` from :func:`region_grid`. Red: the network says B; blue: A; the
    paler, the less sure. The black line is the decision boundary a^L_1 = a^L_2.
    """
    X = np.asarray(X, dtype=float)
    labels = np.argmax(np.asarray(Y), axis=0)
    if grid is None:
        if predict is None:
            raise ValueError("give predict (such as net.feedforward) or a precomputed grid")
        grid = region_grid(predict, extent, resolution)
    fig, ax = _figure(figsize=(5.6, 5.0))
    draw_regions(ax, grid, X, labels, extent)
    n = grid.shape[0]
    gx, gy = np.meshgrid(np.linspace(extent[0], extent[1], grid.shape[1]), np.linspace(extent[2], extent[3], n))
    if grid.min() < 0 < grid.max():
        ax.contour(gx, gy, grid, levels=[0.0], colors="black", linewidths=2)
    ax.legend(loc="upper left", fontsize=11, framealpha=0.9)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def digit_grid(X: Array, labels=None, predicted=None, *, ncols: int = 10, title: str = "") -> Figure:
    """The columns of X (64 pixels each) drawn as 8×8 images, ``ncols`` per row.

    With ``labels`` each image is titled with its label; with ``predicted`` too, it is titled
    with the prediction, written as "7 (true 9)" in red when the prediction is wrong.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 64:
        raise ValueError(f"X must have 64 rows (pixels), one column per image; got shape {X.shape}")
    m = X.shape[1]
    if m == 0:
        raise ValueError("X has no images (columns) to draw")
    ncols = min(ncols, m)
    nrows = -(-m // ncols)
    fig, axes = _figure(ncols, nrows, figsize=(1.25 * ncols + 0.3, 1.45 * nrows + (0.5 if title else 0.1)),
                        squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        ax.set_axis_off()
        if i >= m:
            continue
        ax.imshow(X[:, i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        if predicted is not None and labels is not None:
            p, t = int(predicted[i]), int(labels[i])
            ax.set_title(f"{p}" if p == t else f"{p} (true {t})", fontsize=11,
                         color="black" if p == t else "#b30000")
        elif labels is not None:
            ax.set_title(str(int(labels[i])), fontsize=13)
    if title:
        fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


def confusion_counts(true, predicted, n_classes: int = 10) -> Array:
    """counts[i, j] = how many examples of true class i were predicted as class j."""
    true, predicted = np.asarray(true, dtype=int), np.asarray(predicted, dtype=int)
    if true.shape != predicted.shape:
        raise ValueError(f"true has shape {true.shape} but predicted has shape {predicted.shape}")
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (true, predicted), 1)
    return counts


def confusion_matrix(true, predicted, n_classes: int = 10, title: str = "") -> Figure:
    """The confusion matrix as a heat map with the counts written in each cell."""
    counts = confusion_counts(true, predicted, n_classes)
    fig, ax = _figure(figsize=(6.4, 5.6))
    off = counts.astype(float)
    ax.imshow(off, cmap="Blues", vmin=0, vmax=max(1, counts.max()))
    for i in range(n_classes):
        for j in range(n_classes):
            if counts[i, j]:
                light = counts[i, j] > 0.6 * counts.max()
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=11,
                        color="white" if light else ("#b30000" if i != j else "black"),
                        fontweight="bold" if i != j else "normal")
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.grid(False)
    ax.set_title(title or f"{int(np.trace(counts))} of {int(counts.sum())} right; off-diagonal = mistakes",
                 fontsize=12)
    fig.tight_layout()
    return fig
