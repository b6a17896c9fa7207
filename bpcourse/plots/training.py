"""Figures for training: cost and accuracy curves, decision regions, digit images, a confusion matrix.

Each helper takes arrays (or, for decision regions, the network's ``feedforward``) and returns
a matplotlib ``Figure`` with its own Agg canvas and a text alternative (``fig.alt_text``);
leave it as a cell's last expression to show it.
"""

from __future__ import annotations

import re
from typing import Callable

import numpy as np
from matplotlib.colors import FuncNorm, LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator, PercentFormatter

from bpcourse import style
from bpcourse.plots._figure import (
    finish,
    fmt,
    legend,
    new_figure,
    note,
    ranges,
    series_style,
    set_title,
    side_legend,
    side_note,
    styled,
    text_colour_on,
)

Array = np.ndarray

#: Class A blue, class B vermillion (Higham's two classes); the classes also differ in marker shape.
CLASS_COLOURS = (style.colour("blue"), style.colour("vermillion"))
CLASS_MARKERS = ("o", "^")
CLASS_NAMES = ("class A", "class B")
#: The plane coloured by a^L_2 − a^L_1: blue where the network says A, vermillion where it says B.
REGION_CMAP = LinearSegmentedColormap.from_list("bpcourse_regions", [CLASS_COLOURS[0], "#ffffff", CLASS_COLOURS[1]])
#: Any nonzero a^L_2 − a^L_1 gets at least this much of its class's tint, so an unsure network's
#: answer still shows; the surer the network, the deeper the tint.
MIN_TINT = 0.3


def _tint(g):
    g = np.asarray(g, dtype=float)
    return np.sign(g) * (MIN_TINT + (1 - MIN_TINT) * np.minimum(np.abs(g), 1.0))


def _untint(t):
    t = np.asarray(t, dtype=float)
    return np.sign(t) * np.maximum(np.abs(t) - MIN_TINT, 0.0) / (1 - MIN_TINT)


def region_norm() -> FuncNorm:
    """The colour scale of the decision regions: the sign of a^L_2 − a^L_1 always shows (see MIN_TINT)."""
    return FuncNorm((_tint, _untint), vmin=-1.0, vmax=1.0)
#: Labels of the series whose best epoch :func:`accuracy_curves` marks when not told which.
HELD_OUT = re.compile(r"test|valid|\bval\b|held", re.IGNORECASE)


def _xs_for(x, label, n):
    xs = x.get(label) if isinstance(x, dict) else x
    xs = np.arange(n) if xs is None else np.asarray(xs, dtype=float)
    if xs.shape != (n,):
        raise ValueError(f"series {label!r} has {n} values but its x has shape {xs.shape}")
    return xs


def _headed(title: str) -> str:
    """': title.' for a text alternative (no second full stop after a title's own ? or !), or '.'."""
    if not title:
        return "."
    return f": {title}" + ("" if title.rstrip()[-1] in ".?!" else ".")


def _integer_ticks(ax, x) -> None:
    """Whole-number ticks on the x axis when the x values are whole numbers (steps, epochs)."""
    arrays = x.values() if isinstance(x, dict) else ([] if x is None else [x])
    if all(np.all(np.mod(np.asarray(a, dtype=float), 1) == 0) for a in arrays):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


@styled
def curves(series: dict, *, xlabel: str = "step", ylabel: str = "cost", logy: bool = False,
           title: str = "", x=None, figsize=(7.5, 4.2)) -> Figure:
    """One line per entry of ``series`` (label → 1-D array of values), against ``x`` or 0, 1, 2, …

    ``x`` is one array for all lines, or a dict label → array. Lines differ in colour and in line
    style. On a log axis, values that cannot be drawn (≤ 0, inf, nan) are counted in a note.
    """
    fig, ax = new_figure(figsize)
    hidden = []
    summary = []
    for i, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float).ravel()
        xs = _xs_for(x, label, values.size)
        bad = ~np.isfinite(values) | ((values <= 0) if logy else False)
        if bad.any():
            hidden.append(f"{label}: {int(bad.sum())}")
        ax.plot(xs, np.where(bad, np.nan, values), lw=2.5, label=str(label), **series_style(i))
        good = values[~bad]
        if good.size:
            summary.append(f"{label} from {fmt(good[0])} to {fmt(good[-1])}")
    if logy:
        ax.set_yscale("log")
    _integer_ticks(ax, x)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    set_title(ax, title)
    if len(series) > 1:
        legend(ax, loc="best")
    if hidden:
        note(ax, ("not drawn on the log axis (≤ 0 or not finite): " if logy else "not finite: ")
             + "; ".join(hidden), loc="upper right")
    alt = (f"Line plot{_headed(title)} {ylabel} against {xlabel}"
           f"{' on a log scale' if logy else ''}, {len(series)} line{'s' * (len(series) != 1)}: "
           + "; ".join(summary) + ".")
    return finish(fig, alt)


def cost_curves(series: dict, *, xlabel: str = "step", logy: bool = True, title: str = "", x=None) -> Figure:
    """Cost against step (or epoch), one line per run; log scale by default."""
    return curves(series, xlabel=xlabel, ylabel="cost C", logy=logy, title=title, x=x)


def accuracy_range(series_values, zoom_below: float = 0.15) -> tuple[float, float, bool]:
    """The y range (low, high) that fits accuracy curves, and whether it zooms in on their later part.

    The later half of each curve (where an overfitting or early-stopping story plays) decides:
    if it spans less than ``zoom_below`` of the whole range of values, the axis shows that span
    (so 93 % and 97 % are far apart) and the early epochs fall below it; otherwise it shows all.
    """
    arrays = [np.asarray(v, dtype=float).ravel() for v in series_values]
    arrays = [a[np.isfinite(a)] for a in arrays]
    arrays = [a for a in arrays if a.size]
    if not arrays:
        return 0.0, 1.0, False
    everything = np.concatenate(arrays)
    late = np.concatenate([a[a.size // 2:] for a in arrays])
    lo, hi = float(everything.min()), float(everything.max())
    late_lo, late_hi = float(late.min()), float(late.max())
    late_span = max(late_hi - late_lo, 0.02)
    if hi - lo > 0 and late_span < zoom_below * (hi - lo):
        low = max(0.0, np.floor((late_lo - 0.3 * late_span) * 100) / 100)
        high = min(late_hi, 1.0) + 0.12 * late_span
        return low, max(high, late_hi + 0.005), low > lo
    pad = max(0.04 * (hi - lo), 0.01)
    return max(0.0, lo - pad), min(1.0, hi) + pad, False


@styled
def accuracy_curves(series: dict, *, xlabel: str = "epoch", title: str = "", x=None, best_epoch=None,
                    best_of=None, ylim=None) -> Figure:
    """Accuracy (a fraction in [0, 1]) against epoch, one line per run or data set, in per cent.

    The y axis fits the data (:func:`accuracy_range`): when the curves settle in a narrow band
    (93–97 %, say) it shows that band, and a note says which epochs fall below it.

    Parameters
    ----------
    series : dict label → 1-D array of accuracies.
    x : the epochs, one array for all series or a dict label → array (default 0, 1, 2, …).
    best_epoch : an epoch to mark (``history.best_epoch``, say), with each held-out series' accuracy
        there; None marks the epoch where the series named by ``best_of`` is highest; False marks nothing.
    best_of : the label of the series whose best epoch to mark; by default the one series whose label
        says test, validation or val (none is marked when there are several or none).
    ylim : (low, high) to override the fitted y range.
    """
    fig, ax = new_figure((8.2, 4.4))
    values = {label: np.asarray(v, dtype=float).ravel() for label, v in series.items()}
    xs = {label: _xs_for(x, label, v.size) for label, v in values.items()}
    for i, (label, v) in enumerate(values.items()):
        ax.plot(xs[label], v, lw=2.5, label=str(label), **series_style(i))
    if ylim is None:
        low, high, zoomed = accuracy_range(values.values())
    else:
        low, high = ylim
        zoomed = True
    ax.set_ylim(low, high)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0 if high - low > 0.04 else 1))
    _integer_ticks(ax, xs)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("accuracy")
    set_title(ax, title)

    below, below_x = [], []
    if zoomed:
        for label, v in values.items():
            out = np.flatnonzero(v < low)
            if out.size:
                below.append(f"{label}: {xlabel} {ranges(xs[label][out])} (lowest {100 * v.min():.0f} %)")
                below_x.extend(xs[label][out])
        if below:
            lowest = min(float(np.nanmin(v)) for v in values.values() if v.size)
            side_note(ax, f"below {100 * low:.0f} %, off the axis:\n{xlabel} {ranges(np.unique(below_x))}\n"
                          f"(from {100 * lowest:.0f} %)")

    marked = _mark_best(ax, values, xs, best_epoch, best_of, xlabel)
    side_legend(ax)

    finals = "; ".join(f"{label} ends at {100 * v[-1]:.1f} % (highest {100 * v.max():.1f} %)"
                       for label, v in values.items() if v.size)
    return finish(fig, (f"Accuracy against {xlabel}{_headed(title)} The y axis runs from "
                    f"{100 * low:.0f} % to {100 * min(high, 1):.0f} %. {finals}."
                    + (f" Below the axis: {'; '.join(below)}." if below else "")
                    + (f" {marked}" if marked else "")))


def _mark_best(ax, values: dict, xs: dict, best_epoch, best_of, xlabel: str) -> str:
    """Mark the best epoch on ``ax``; return a sentence for the text alternative ('' if nothing marked)."""
    if best_epoch is False:
        return ""
    if best_of is None:
        held = [label for label in values if HELD_OUT.search(str(label))]
        best_of = held[0] if len(held) == 1 else None
    elif best_of not in values:
        raise ValueError(f"best_of={best_of!r} is not one of the series {list(values)}")
    if best_epoch is None:
        if best_of is None or not values[best_of].size:
            return ""
        i = int(np.nanargmax(values[best_of]))
        best_epoch = xs[best_of][i]
    shown = [best_of] if best_of is not None else [label for label in values if HELD_OUT.search(str(label))]
    ax.axvline(best_epoch, color=style.colour("black"), ls=":", lw=2, zorder=1)
    parts = []
    for label in shown:
        hit = np.flatnonzero(xs[label] == best_epoch)
        if hit.size:
            acc = values[label][hit[0]]
            ax.plot([best_epoch], [acc], marker="*", ms=20, color=style.colour("yellow"), mec="black", mew=1.5,
                    ls="none", zorder=5, label=f"best {label}:\n{100 * acc:.1f} % at {xlabel} {best_epoch:g}")
            parts.append(f"{label} {100 * acc:.1f} %")
    if not parts:
        ax.plot([], [], color=style.colour("black"), ls=":", lw=2, label=f"best {xlabel}: {best_epoch:g}")
    return f"The best {xlabel}, {best_epoch:g}, is marked" + (f": {', '.join(parts)}." if parts else ".")


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
    """Draw a region grid and the labelled points on ``ax``; return (image, points).

    Class A points are blue circles, class B points vermillion triangles; the plane is blue where
    the network says A and vermillion where it says B, paler where it is less sure.
    """
    labels = np.asarray(labels)
    image = ax.imshow(grid, origin="lower", extent=extent, cmap=REGION_CMAP, norm=region_norm(),
                      alpha=0.55, aspect="auto", interpolation="bilinear")
    points = []
    for c in (0, 1):
        keep = labels == c
        points.append(ax.scatter(X[0, keep], X[1, keep], s=150, c=CLASS_COLOURS[c], marker=CLASS_MARKERS[c],
                                 edgecolors="black", linewidths=1.5, zorder=3, label=CLASS_NAMES[c]))
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return image, points


def draw_boundary(ax, grid: Array, extent=(0.0, 1.0, 0.0, 1.0)):
    """Draw the decision boundary a^L_1 = a^L_2 (the 0-contour of ``grid``); return it, or None if there is none."""
    if not grid.min() < 0 < grid.max():
        return None
    ny, nx = grid.shape
    gx, gy = np.meshgrid(np.linspace(extent[0], extent[1], nx), np.linspace(extent[2], extent[3], ny))
    return ax.contour(gx, gy, grid, levels=[0.0], colors="black", linewidths=2.5, zorder=2)


def mark_wrong(ax, X: Array, labels, predicted):
    """Ring the points whose predicted class differs from their label; return the ring artist."""
    wrong = np.asarray(predicted) != np.asarray(labels)
    return ax.scatter(X[0, wrong], X[1, wrong], s=620, facecolors="none", edgecolors="black", linewidths=2.5,
                      zorder=4, label=f"wrong side: {int(wrong.sum()) or 'none'}")


@styled
def decision_regions(X: Array, Y: Array, predict: Callable[[Array], Array] | None = None, *,
                     grid: Array | None = None, extent=(0.0, 1.0, 0.0, 1.0), resolution: int = 150,
                     title: str = "", predicted=None) -> Figure:
    """The plane coloured by the network's answer, with the labelled points, the boundary and the mistakes.

    Give either ``predict`` (e.g. ``net.feedforward``, mapping (2, k) points to a^L) or a
    precomputed ``grid`` from :func:`region_grid`. Vermillion: the network says B; blue: A; the
    paler, the less sure. The black line is the decision boundary a^L_1 = a^L_2 (the network says
    A on one side, B on the other); a black ring marks each point on the wrong side of it.
    ``predicted`` gives the class (0 for A, 1 for B) the network assigns each point; by default it is
    read from ``predict`` or, with only a grid, from the grid cell nearest each point.
    """
    X = np.asarray(X, dtype=float)
    labels = np.argmax(np.asarray(Y), axis=0)
    if grid is None:
        if predict is None:
            raise ValueError("give predict (such as net.feedforward) or a precomputed grid")
        grid = region_grid(predict, extent, resolution)
    grid = np.asarray(grid, dtype=float)
    if predicted is None:
        predicted = np.argmax(predict(X), axis=0) if predict is not None else _grid_classes(grid, X, extent)
    predicted = np.asarray(predicted)
    fig, ax = new_figure((8.2, 5.2))
    draw_regions(ax, grid, X, labels, extent)
    ax.set_aspect("equal")
    ax.grid(False)
    boundary = draw_boundary(ax, grid, extent)
    wrong = predicted != labels
    mark_wrong(ax, X, labels, predicted)
    handles = [Line2D([], [], ls="none", marker=CLASS_MARKERS[c], ms=13, mfc=CLASS_COLOURS[c], mec="black", mew=1.5)
               for c in (0, 1)]
    names = list(CLASS_NAMES)
    handles.append(Line2D([], [], ls="none", marker="o", ms=18, mfc="none", mec="black", mew=2.5))
    names.append(f"wrong side: {int(wrong.sum()) or 'none'}")
    if boundary is not None:
        handles.append(Line2D([], [], color="black", lw=2.5))
        names.append("boundary")
    for c in (0, 1):
        handles.append(Patch(facecolor=REGION_CMAP(float(c)), alpha=0.55, edgecolor="0.5"))
        names.append(f"network says {'AB'[c]}")
    side_legend(ax, handles, names, labelspacing=1.0)
    if boundary is None:
        side = "B" if grid.min() >= 0 else "A"
        side_note(ax, f"no boundary: the\nnetwork says {side}\neverywhere here")
    outside = ~((X[0] >= extent[0]) & (X[0] <= extent[1]) & (X[1] >= extent[2]) & (X[1] <= extent[3]))
    if outside.any():
        note(ax, f"{int(outside.sum())} point(s) outside this square", loc="lower left")
    set_title(ax, title)
    wrong_points = ", ".join(f"({X[0, i]:g}, {X[1, i]:g}) of {CLASS_NAMES[labels[i]]}" for i in np.flatnonzero(wrong))
    return finish(fig, (f"Decision regions{_headed(title)} {X.shape[1]} points in the plane "
                    f"x1 from {extent[0]:g} to {extent[1]:g}, x2 from {extent[2]:g} to {extent[3]:g}; "
                    f"class A as circles, class B as triangles; the plane shaded by the class the network "
                    f"gives it. "
                    + ("A black line marks the decision boundary. " if boundary is not None
                       else f"There is no boundary: the network says {side} everywhere. ")
                    + (f"{int(wrong.sum())} of {X.shape[1]} points are on the wrong side, ringed: {wrong_points}."
                       if wrong.any() else f"All {X.shape[1]} points are on the right side.")))


def _grid_classes(grid: Array, X: Array, extent) -> Array:
    """The class (0 = A, 1 = B) of the grid cell nearest each point."""
    ny, nx = grid.shape
    col = np.clip(np.rint((X[0] - extent[0]) / (extent[1] - extent[0]) * (nx - 1)), 0, nx - 1).astype(int)
    row = np.clip(np.rint((X[1] - extent[2]) / (extent[3] - extent[2]) * (ny - 1)), 0, ny - 1).astype(int)
    return (grid[row, col] > 0).astype(int)


@styled
def digit_grid(X: Array, labels=None, predicted=None, *, ncols: int = 10, title: str = "") -> Figure:
    """The columns of X (64 pixels each) drawn as 8×8 images, ``ncols`` per row.

    With ``labels`` each image is titled with its label; with ``predicted`` too, it is titled
    with the prediction, and a wrong one gets a second line "(true 9)" in vermillion.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 64:
        raise ValueError(f"X must have 64 rows (pixels), one column per image; got shape {X.shape}")
    m = X.shape[1]
    if m == 0:
        raise ValueError("X has no images (columns) to draw")
    ncols = min(ncols, m)
    nrows = -(-m // ncols)
    both = predicted is not None and labels is not None
    cell = min(0.84, (style.MAX_FIGURE_WIDTH_CSS_PX / style.CSS_PX_PER_INCH - 0.6) / ncols)
    fig, axes = new_figure((cell * ncols + 0.2, (cell + (0.55 if both else 0.3)) * nrows + (0.45 if title else 0.1)),
                           nrows, ncols, squeeze=False)
    n_wrong = 0
    for i, ax in enumerate(axes.ravel()):
        ax.set_axis_off()
        if i >= m:
            continue
        ax.imshow(X[:, i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        if both:
            p, t = int(predicted[i]), int(labels[i])
            n_wrong += p != t
            ax.set_title(f"{p}" if p == t else f"{p}\n(true {t})", fontsize=style.font_size("tick"),
                         color="black" if p == t else style.colour("vermillion"),
                         fontweight="normal" if p == t else "bold", linespacing=1.0)
        elif labels is not None:
            ax.set_title(str(int(labels[i])), fontsize=style.font_size("label"))
    if title:
        fig.suptitle(title, fontsize=style.font_size("title"))
    if both:
        pairs = ", ".join(f"{int(p)} (true {int(t)})" for p, t in zip(predicted, labels))
        alt = f"{m} images of handwritten digits, 8 by 8 pixels, titled with the network's answer: {pairs}."
    elif labels is not None:
        alt = f"{m} images of handwritten digits, 8 by 8 pixels, labelled {', '.join(str(int(v)) for v in labels)}."
    else:
        alt = f"{m} images of handwritten digits, 8 by 8 pixels."
    fig.tight_layout(pad=0.3, h_pad=0.2, w_pad=0.3)
    return finish(fig, (f"{title}: " if title else "") + alt, layout=False)


def confusion_counts(true, predicted, n_classes: int = 10) -> Array:
    """counts[i, j] = how many examples of true class i were predicted as class j."""
    true, predicted = np.asarray(true, dtype=int), np.asarray(predicted, dtype=int)
    if true.shape != predicted.shape:
        raise ValueError(f"true has shape {true.shape} but predicted has shape {predicted.shape}")
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (true, predicted), 1)
    return counts


@styled
def confusion_matrix(true, predicted, n_classes: int = 10, title: str = "") -> Figure:
    """The confusion matrix as a heat map with the counts written in each cell (mistakes in bold, framed)."""
    counts = confusion_counts(true, predicted, n_classes)
    fig, ax = new_figure((6.2, 5.6))
    image = ax.imshow(counts.astype(float), cmap="Blues", vmin=0, vmax=max(1, counts.max()) * 1.15)
    for i in range(n_classes):
        for j in range(n_classes):
            if counts[i, j]:
                ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=style.font_size("annotation"),
                        color=text_colour_on(image.to_rgba(counts[i, j])),
                        fontweight="bold" if i != j else "normal")
            if counts[i, j] and i != j:
                ax.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, fill=False, lw=2.5,
                                       edgecolor=style.colour("vermillion")))
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.grid(False)
    right, total = int(np.trace(counts)), int(counts.sum())
    set_title(ax, title or f"{right} of {total} right; off the diagonal: mistakes")
    mistakes = [(counts[i, j], i, j) for i in range(n_classes) for j in range(n_classes) if i != j and counts[i, j]]
    mistakes.sort(key=lambda m: (-m[0], m[1], m[2]))
    listed = ", ".join(f"{i} taken for {j} ({c}×)" for c, i, j in mistakes[:5])
    return finish(fig, (f"Confusion matrix: rows the true digit, columns the predicted one. {right} of {total} right. "
                    + (f"The most common mistakes: {listed}." if mistakes else "No mistakes.")))
