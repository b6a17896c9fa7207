"""Figures for notebook 05 (BP3)."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

TITLE = r"The gap $\Delta C - \delta^l_j\,\Delta b$ shrinks like $\Delta b^2$"


def linearization_error_plot(db, gap, title: str = TITLE) -> Figure:
    r"""|ΔC − δ^l_j Δb| against |Δb| on log-log axes, with a reference line of slope 2.

    Parameters
    ----------
    db : 1-D array of nudges Δb (nonzero).
    gap : 1-D array, ΔC − δ^l_j Δb for each nudge.
    """
    db, gap = np.abs(np.asarray(db, dtype=float)), np.abs(np.asarray(gap, dtype=float))
    fig = Figure(figsize=(7.5, 4.6), dpi=90)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.loglog(db, gap, "o-", ms=8, lw=2.5, label=r"$|\Delta C - \delta^l_j\,\Delta b|$")
    ref = gap[-1] / 3 * (db / db[-1]) ** 2          # shifted down by 3 so both lines show
    ax.loglog(db, ref, "--", color="0.4", lw=2, label=r"a line of slope 2: $\propto \Delta b^2$")
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xticks(db, [f"{v:g}" for v in db])
    ax.set_xlabel(r"$|\Delta b|$", fontsize=14)
    ax.set_ylabel("second-order gap", fontsize=14)
    ax.set_title(title, fontsize=15)
    ax.tick_params(labelsize=12)
    ax.legend(fontsize=12)
    fig.tight_layout()
    return fig
