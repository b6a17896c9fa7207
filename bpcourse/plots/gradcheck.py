"""Figures for gradient checking (notebook 07): relative error against the step h."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

FLOOR = 1e-17  # errors of exactly 0 are drawn here (a log axis has no 0)

STYLE = {
    "central": dict(color="C0", lw=2.5, zorder=3, label=r"central  $\frac{C(w+h)-C(w-h)}{2h}$"),
    "forward": dict(color="C1", lw=2.5, label=r"forward  $\frac{C(w+h)-C(w)}{h}$"),
    "complex": dict(color="C2", lw=2.5, ls="--", zorder=2, label=r"complex step  $\frac{\mathrm{Im}\,C(w+ih)}{h}$"),
}


def draw_error_vs_step(ax, hs, errors: dict) -> dict:
    """Draw each method's relative error against h on log-log axes; return the lines by method.

    Parameters
    ----------
    ax : a matplotlib Axes.
    hs : (n,) array of steps h.
    errors : dict method name ("central", "forward", "complex") → (n,) array of relative errors.
    """
    lines = {}
    extra_colors = iter(["C3", "C4", "C5", "C6", "C7"])
    for name, err in errors.items():
        style = STYLE.get(name) or dict(color=next(extra_colors, "black"), lw=2.5, label=name)
        (lines[name],) = ax.loglog(hs, np.maximum(err, FLOOR), **style)
    ax.set_xlabel("finite-difference step $h$", fontsize=13)
    ax.set_ylabel("relative error vs backprop", fontsize=13)
    ax.set_xlim(min(hs), max(hs))
    ax.set_ylim(FLOOR / 3, 3.0)
    ax.axhline(np.finfo(float).eps, color="gray", lw=1, ls=":")
    ax.text(min(hs) * 1.5, np.finfo(float).eps * 2.5, "machine ε ≈ 2.2e-16", color="gray", fontsize=10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=12, frameon=False)
    return lines


def error_vs_step_figure(hs, errors: dict, title: str = "Too small or too large a step both hurt"):
    """A log-log figure of relative error against the step h, one line per method."""
    fig = Figure(figsize=(9.6, 4.6), dpi=90)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    draw_error_vs_step(ax, hs, errors)
    ax.set_title(title, fontsize=14)
    fig.tight_layout()
    return fig
