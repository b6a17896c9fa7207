"""What every figure helper shares: a Figure in the course's style, line styles, notes, the text alternative."""

from __future__ import annotations

import functools

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bpcourse import style
from bpcourse.plots.display import set_alt_text


def styled(function):
    """Run a figure helper with the course's rcParams, whatever the global ones are."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(style.rc_params()):
            return function(*args, **kwargs)
    return wrapper


def new_figure(figsize=(7.5, 4.2), nrows: int = 1, ncols: int = 1, squeeze: bool = True, **kwargs):
    """A Figure at :data:`~bpcourse.style.CSS_PX_PER_INCH` dpi with its own Agg canvas, and its axes."""
    fig = Figure(figsize=figsize, dpi=style.CSS_PX_PER_INCH)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=squeeze, **kwargs)
    for ax in np.ravel(axes):
        style_axes(ax)
    return fig, axes


def style_axes(ax) -> None:
    """Tick labels, axis labels and title of ``ax`` at the course's sizes (also for ticks made later)."""
    ax.tick_params(labelsize=style.font_size("tick"))
    ax.xaxis.label.set_fontsize(style.font_size("label"))
    ax.yaxis.label.set_fontsize(style.font_size("label"))


def series_style(i: int) -> dict:
    """Colour and line style of the i-th line of a plot: neighbours differ in both."""
    return {"color": style.colour(f"C{i}"), "ls": style.LINESTYLES[i % len(style.LINESTYLES)]}


def set_title(ax, text: str, **kwargs) -> None:
    """Set an axes title at the course's title size."""
    if text:
        ax.set_title(text, fontsize=style.font_size("title"), **kwargs)


def legend(ax, **kwargs):
    """A legend at the course's legend size."""
    kwargs.setdefault("fontsize", style.font_size("legend"))
    kwargs.setdefault("framealpha", 0.92)
    return ax.legend(**kwargs)


def side_legend(ax, handles=None, labels=None, **kwargs):
    """A legend outside the axes, on their right, top-aligned: it never hides data."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    kwargs.setdefault("fontsize", style.font_size("legend"))
    kwargs.setdefault("frameon", False)
    kwargs.setdefault("bbox_to_anchor", (1.02, 1.0))
    return ax.legend(handles, labels, loc="upper left", borderaxespad=0.0, **kwargs)


def side_note(ax, text: str):
    """A note outside the axes, on their right, bottom-aligned (under a :func:`side_legend`)."""
    return ax.text(1.03, 0.0, text, transform=ax.transAxes, fontsize=style.font_size("annotation"),
                   ha="left", va="bottom", linespacing=1.3)


def note(ax, text: str, loc: str = "lower right"):
    """A boxed note inside a corner of ``ax``, e.g. to say that some values fall outside the axes."""
    x = 0.02 if "left" in loc else 0.98
    y = 0.03 if "lower" in loc else 0.97
    return ax.text(x, y, text, transform=ax.transAxes, fontsize=style.font_size("annotation"),
                   ha="left" if "left" in loc else "right", va="bottom" if "lower" in loc else "top",
                   bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.6", alpha=0.92), zorder=6)


def finish(fig: Figure, alt: str, layout: bool = True) -> Figure:
    """Lay the figure out and attach its text alternative; return it."""
    if layout:
        fig.tight_layout()
    return set_alt_text(fig, alt)


def fmt(value: float, digits: int = 3) -> str:
    """A number for a text alternative: ``0.0123``, ``1.2e-07``."""
    return f"{float(value):.{digits}g}"


def ranges(values) -> str:
    """Consecutive integers written as ranges: [0, 1, 2, 5] → "0–2, 5"."""
    values = sorted(float(v) for v in values)
    if not all(v.is_integer() for v in values):
        return f"{values[0]:g}–{values[-1]:g}" if len(values) > 1 else f"{values[0]:g}"
    values = [int(v) for v in values]
    out, start = [], None
    for i, v in enumerate(values):
        if start is None:
            start = v
        if i + 1 == len(values) or values[i + 1] != v + 1:
            out.append(str(start) if start == v else f"{start}–{v}")
            start = None
    return ", ".join(out)


def text_colour_on(rgba) -> str:
    """Black or white, whichever reads better on a background of colour ``rgba`` (by its luminance)."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3])
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def plain(text: str) -> str:
    """Mathtext made readable as plain text (for a text alternative): ``r"$\\delta^L$"`` → ``"δ^L"``."""
    for old, new in ((r"\,", " "), (r"\;", " "), (r"\sigma", "σ"), (r"\delta", "δ"), (r"\nabla", "∇"),
                     (r"\|", "‖"), (r"\partial", "∂"), (r"\Delta", "Δ"), (r"\eta", "η"), (r"\theta", "θ"),
                     (r"\odot", "⊙"), (r"\frac", ""), (r"\mathrm", ""), (r"\ast", "*"), ("$", ""), ("{", ""),
                     ("}", "")):
        text = text.replace(old, new)
    return " ".join(text.split())
