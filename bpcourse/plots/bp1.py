"""Figures for notebook 03: σ and σ' with the saturated regions, δ^L for two costs, learning curves."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

Array = np.ndarray


def _figure(figsize) -> Figure:
    fig = Figure(figsize=figsize, dpi=90)
    FigureCanvasAgg(fig)
    return fig


def sigmoid_and_derivative(z: Array, sigma: Array, sigma_prime: Array, saturated_beyond: float = 4.0) -> Figure:
    """σ(z) and σ'(z) on one axis, the regions |z| > ``saturated_beyond`` shaded."""
    fig = _figure((7.5, 4.2))
    ax = fig.subplots()
    ax.axvspan(float(np.min(z)), -saturated_beyond, color="0.88", zorder=0)
    ax.axvspan(saturated_beyond, float(np.max(z)), color="0.88", zorder=0, label=r"saturated: $\sigma'(z) < 0.02$")
    ax.plot(z, sigma, lw=2.5, color="tab:blue", label=r"$\sigma(z)$")
    ax.plot(z, sigma_prime, lw=2.5, color="tab:red", label=r"$\sigma'(z)$")
    ax.set_xlim(float(np.min(z)), float(np.max(z)))
    ax.set_xlabel("z")
    ax.set_title(r"the sigmoid and its derivative (max $\sigma'(0) = 1/4$)")
    ax.legend(loc="center left", fontsize=10)
    fig.tight_layout()
    return fig


def output_error_curves(z: Array, curves: dict, title: str = r"output error $\delta^L$") -> Figure:
    """δ^L against z^L, one line per entry of ``curves`` (label → array like z)."""
    fig = _figure((7.5, 4.2))
    ax = fig.subplots()
    ax.axhline(0.0, color="0.5", lw=1)
    for label, values in curves.items():
        ax.plot(z, values, lw=2.5, label=label)
    ax.set_xlim(float(np.min(z)), float(np.max(z)))
    ax.set_xlabel(r"$z^L$")
    ax.set_ylabel(r"$\delta^L$")
    ax.set_title(title)
    ax.legend(fontsize=10)
    fig.tight_layout()
    return fig


def learning_curves(curves: dict, xlabel: str = "gradient-descent step", ylabel: str = "output a",
                    title: str = "") -> Figure:
    """One line per entry of ``curves`` (label → 1-D array over steps)."""
    fig = _figure((7.5, 4.2))
    ax = fig.subplots()
    for label, values in curves.items():
        ax.plot(np.arange(len(values)), values, lw=2.5, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=10)
    fig.tight_layout()
    return fig
