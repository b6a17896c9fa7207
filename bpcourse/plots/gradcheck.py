"""Figures for gradient checking (notebook 07): relative error against the step h."""

from __future__ import annotations

import numpy as np

from bpcourse import style
from bpcourse.plots._figure import finish, fmt, new_figure, plain, set_title, styled

FLOOR = 1e-17  # errors of exactly 0 are drawn here (a log axis has no 0)

STYLE = {
    "central": dict(color=style.colour("C0"), lw=2.5, zorder=3, label=r"central: $[C(w+h)-C(w-h)]\,/\,2h$"),
    "forward": dict(color=style.colour("C1"), lw=2.5, ls="-.", label=r"forward: $[C(w+h)-C(w)]\,/\,h$"),
    "complex": dict(color=style.colour("C2"), lw=2.5, ls="--", zorder=2,
                    label=r"complex step: $\mathrm{Im}\,C(w+ih)\,/\,h$"),
}


def draw_error_vs_step(ax, hs, errors: dict, legend: str = "right") -> dict:
    """Draw each method's relative error against h on log-log axes; return the lines by method.

    The y axis fits the errors given; an error of exactly 0 is drawn at :data:`FLOOR` and a note
    says so.

    Parameters
    ----------
    ax : a matplotlib Axes.
    hs : (n,) array of steps h.
    errors : dict method name ("central", "forward", "complex") → (n,) array of relative errors.
    legend : "right" (beside the axes) or "below" (under them).
    """
    hs = np.asarray(hs, dtype=float)
    lines = {}
    extra = iter(range(3, 7))
    zeros = []
    drawn = []
    for name, err in errors.items():
        err = np.asarray(err, dtype=float)
        if name in STYLE:
            look = STYLE[name]
        else:
            i = next(extra, 6)
            look = dict(color=style.colour(f"C{i}"), lw=2.5, ls=style.LINESTYLES[i % len(style.LINESTYLES)],
                        label=name)
        if np.any(err == 0):
            zeros.append(name)
        shown = np.maximum(err, FLOOR)
        drawn.append(shown)
        (lines[name],) = ax.loglog(hs, shown, **look)
    ax.set_xlabel("finite-difference step $h$", fontsize=style.font_size("label"))
    ax.set_ylabel("relative error vs backprop", fontsize=style.font_size("label"))
    ax.tick_params(labelsize=style.font_size("tick"))
    ax.set_xlim(hs.min(), hs.max())
    eps = np.finfo(float).eps
    low = min(min(float(d.min()) for d in drawn), eps) / 10 if drawn else FLOOR / 3
    high = max(max(float(d.max()) for d in drawn), 1.0) * 5 if drawn else 3.0
    ax.set_ylim(low, high)
    ax.axhline(eps, color="0.4", lw=1.5, ls=":")
    ax.text(hs.min() * 1.5, eps * 2.5, "machine ε ≈ 2.2e-16", color="0.3", fontsize=style.font_size("annotation"))
    if zeros:
        ax.text(hs.max() / 1.5, FLOOR * 2.5, f"error 0 drawn at {FLOOR:g}", color="0.3", ha="right",
                fontsize=style.font_size("annotation"))
    if legend == "below":
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=style.font_size("legend"),
                  frameon=False)
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=style.font_size("legend"), frameon=False)
    return lines


@styled
def error_vs_step_figure(hs, errors: dict, title: str = "Too small or too large a step both hurt"):
    """A log-log figure of relative error against the step h, one line per method."""
    hs = np.asarray(hs, dtype=float)
    fig, ax = new_figure((8.2, 5.0))
    draw_error_vs_step(ax, hs, errors, legend="below")
    set_title(ax, title)
    parts = []
    for name, err in errors.items():
        err = np.asarray(err, dtype=float)
        i = int(np.argmin(err))
        parts.append(f"{name}: from {fmt(err[0])} at h = {hs[0]:.0e} to {fmt(err[-1])} at h = {hs[-1]:.0e}, "
                     f"smallest {fmt(err[i])} at h = {hs[i]:.0e}")
    return finish(fig, f"{plain(title)}. Log-log plot of the relative error against the step h: " + "; ".join(parts)
                  + ". A dotted line marks machine ε ≈ 2.2e-16.")
