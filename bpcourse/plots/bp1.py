"""Figures for notebook 03: σ and σ' with the saturated regions, δ^L for two costs, learning curves."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from bpcourse import style
from bpcourse.plots._figure import finish, fmt, legend, new_figure, plain, series_style, set_title, styled

Array = np.ndarray


@styled
def sigmoid_and_derivative(z: Array, sigma: Array, sigma_prime: Array, saturated_beyond: float = 4.0) -> Figure:
    """σ(z) and σ'(z) on one axis, the saturated regions |z| ≥ ``saturated_beyond`` shaded.

    The shaded regions' legend entry gives the largest σ' in them, σ'(``saturated_beyond``) of the
    sigmoid, computed at the threshold itself (not read from the samples, which may miss it).
    """
    z, sigma, sigma_prime = (np.asarray(v, dtype=float).ravel() for v in (z, sigma, sigma_prime))
    fig, ax = new_figure((7.5, 4.4))
    lo, hi = float(np.min(z)), float(np.max(z))
    edge = 1.0 / (1.0 + np.exp(-saturated_beyond))
    largest = float(edge * (1.0 - edge)) if hi >= saturated_beyond or lo <= -saturated_beyond else None
    if lo < -saturated_beyond:
        ax.axvspan(lo, -saturated_beyond, color="0.88", zorder=0)
    if hi > saturated_beyond:
        ax.axvspan(saturated_beyond, hi, color="0.88", zorder=0,
                   label=(rf"saturated, $|z| \geq {saturated_beyond:g}$: $\sigma'(z) \leq {largest:.3g}$"
                          if largest is not None else "saturated"))
    ax.plot(z, sigma, lw=2.5, color=style.colour("blue"), ls="-", label=r"$\sigma(z)$")
    ax.plot(z, sigma_prime, lw=2.5, color=style.colour("vermillion"), ls="--", label=r"$\sigma'(z)$")
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.05, 1.15)
    ax.set_xlabel("z")
    set_title(ax, r"the sigmoid and its derivative (max $\sigma'(0) = 1/4$)")
    legend(ax, loc="upper left")
    i = int(np.argmax(sigma_prime))
    alt = (f"The sigmoid σ(z), rising from {fmt(sigma[0])} to {fmt(sigma[-1])} for z from {lo:g} to {hi:g}, "
           f"and its derivative σ'(z), a bump of height {fmt(sigma_prime[i])} at z = {fmt(z[i])}.")
    if largest is not None:
        alt += f" Where |z| ≥ {saturated_beyond:g} (shaded, saturated) σ' is at most {fmt(largest, 3)}."
    return finish(fig, alt)


@styled
def output_error_curves(z: Array, curves: dict, title: str = r"output error $\delta^L$") -> Figure:
    """δ^L against z^L, one line per entry of ``curves`` (label → array like z)."""
    z = np.asarray(z, dtype=float).ravel()
    fig, ax = new_figure((7.5, 4.4))
    ax.axhline(0.0, color="0.5", lw=1)
    parts = []
    for i, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float).ravel()
        ax.plot(z, values, lw=2.5, label=label, **series_style(i))
        parts.append(f"{plain(label)} ranges from {fmt(np.min(values))} to {fmt(np.max(values))}")
    ax.set_xlim(float(np.min(z)), float(np.max(z)))
    ax.set_xlabel(r"$z^L$")
    ax.set_ylabel(r"$\delta^L$")
    set_title(ax, title)
    legend(ax, loc="upper left")
    return finish(fig, f"{plain(title)} against z^L from {np.min(z):g} to {np.max(z):g}: " + "; ".join(parts) + ".")


@styled
def learning_curves(curves: dict, xlabel: str = "gradient-descent step", ylabel: str = "output a",
                    title: str = "") -> Figure:
    """One line per entry of ``curves`` (label → 1-D array over steps)."""
    fig, ax = new_figure((7.5, 4.4))
    parts = []
    for i, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float).ravel()
        ax.plot(np.arange(len(values)), values, lw=2.5, label=label, **series_style(i))
        parts.append(f"{plain(label)} goes from {fmt(values[0])} to {fmt(values[-1])} in {len(values)} steps")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    set_title(ax, title)
    legend(ax, loc="best")
    return finish(fig, f"{plain(title) + ': ' if title else ''}{ylabel} against {xlabel}. " + "; ".join(parts) + ".")
