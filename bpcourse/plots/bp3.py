"""Figures for notebook 05 (BP3)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from bpcourse import style
from bpcourse.plots._figure import finish, legend, new_figure, set_title, styled

TITLE = r"The gap $\Delta C - \delta^l_j\,\Delta b$ shrinks like $\Delta b^2$"


@styled
def linearization_error_plot(db, gap, title: str = TITLE) -> Figure:
    r"""|ΔC − δ^l_j Δb| against |Δb| on log-log axes, with a reference line of slope 2.

    Parameters
    ----------
    db : 1-D array of nudges Δb (nonzero).
    gap : 1-D array, ΔC − δ^l_j Δb for each nudge.
    """
    db, gap = np.abs(np.asarray(db, dtype=float)), np.abs(np.asarray(gap, dtype=float))
    if db.shape != gap.shape or db.ndim != 1 or db.size < 2:
        raise ValueError(f"db and gap must be 1-D arrays of the same length >= 2; got {db.shape} and {gap.shape}")
    if np.any(db == 0) or np.any(gap == 0):
        raise ValueError("a log-log plot needs nonzero nudges Δb and gaps")
    fig, ax = new_figure((7.5, 4.6))
    ax.loglog(db, gap, "o-", ms=9, lw=2.5, color=style.colour("blue"), label=r"$|\Delta C - \delta^l_j\,\Delta b|$")
    ref = gap[-1] / 3 * (db / db[-1]) ** 2          # shifted down by 3 so both lines show
    ax.loglog(db, ref, "--", color="0.35", lw=2, label=r"a line of slope 2: $\propto \Delta b^2$")
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xticks(db, [f"{v:g}" for v in db])
    ax.set_xlabel(r"$|\Delta b|$")
    ax.set_ylabel("second-order gap")
    set_title(ax, title)
    legend(ax, loc="upper left")
    slope = float(np.polyfit(np.log(db), np.log(gap), 1)[0])
    return finish(fig, (f"Log-log plot of the gap |ΔC − δ Δb| against the nudge |Δb| from {db.min():g} to "
                        f"{db.max():g}: the points lie on a line of slope {slope:.2f}, beside a reference line of "
                        f"slope 2."))
