r"""Notebook 07's demo: the finite-difference step h, and why it can be neither large nor tiny.

For every h on a log grid the demo compares backprop's gradient with three numerical
ones (central differences, forward differences, the complex step) and plots the relative
error against h. Central and forward differences trace a V: on the right the truncation
error (∝ h² and ∝ h), on the left rounding error (∝ ε/h) from subtracting two nearly
equal costs. The complex step subtracts nothing, so it has no left arm.
The curves are computed once, when the demo is built; the slider moves the markers.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from bpcourse.gradcheck import numerical_gradient, relative_error
from bpcourse.network import Network
from bpcourse.plots.gradcheck import FLOOR, draw_error_vs_step
from bpcourse.widgets._demo import Demo, new_figure

METHODS = ("central", "forward", "complex")


def step_errors(net: Network, X, Y, h: float, exact=None) -> dict:
    """The relative error of each numerical gradient (step h) against ``net.backprop``.

    Returns a dict method → ``relative_error(backprop, numerical_gradient(..., eps=h, method))``.
    """
    if exact is None:
        exact = net.backprop(X, Y)
    return {method: relative_error(exact, numerical_gradient(net, X, Y, eps=h, method=method))
            for method in METHODS}


def gradcheck_step_demo(sizes=(2, 3, 2), m=4, seed=0, h=1e-5, log10_h_min=-12.0, log10_h_max=-1.0,
                        points_per_decade=4) -> Demo:
    r"""A log slider on h; the plot shows relative error against h for three numerical gradients.

    Parameters
    ----------
    sizes, seed : a sigmoid network with the quadratic cost.
    m : number of examples in the (random, seeded) batch.
    h : the initial step.
    log10_h_min, log10_h_max : the range of h, as powers of ten.
    points_per_decade : density of the precomputed curves.

    Readout keys: ``h``, ``rel_err_central``, ``rel_err_forward``, ``rel_err_complex`` (each
    ``gradcheck.relative_error(net.backprop(X, Y), gradcheck.numerical_gradient(net, X, Y,
    eps=h, method=...))`` at the slider's h: looked up when h is a grid point, computed
    otherwise), and ``best_h_central``, the
    grid's step with the smallest central-difference error. The demo's ``net``, ``X``, ``Y``,
    ``hs`` and ``curves`` attributes hold the network, the batch and the precomputed curves, and
    ``artists`` the moving line and markers (for tests).
    """
    net = Network(list(sizes), activation="sigmoid", cost="quadratic", seed=seed)
    rng = np.random.default_rng(seed + 1)
    X = rng.uniform(0.0, 1.0, (net.sizes[0], m))
    Y = rng.uniform(0.0, 1.0, (net.sizes[-1], m))
    exact = net.backprop(X, Y)
    n = int(round((log10_h_max - log10_h_min) * points_per_decade)) + 1
    hs = np.logspace(log10_h_min, log10_h_max, n)
    per_h = [step_errors(net, X, Y, float(h_), exact) for h_ in hs]
    curves = {method: np.array([e[method] for e in per_h]) for method in METHODS}
    best_h = float(hs[np.argmin(curves["central"])])

    fig, ax = new_figure(figsize=(9.6, 4.6))
    draw_error_vs_step(ax, hs, curves)
    ax.text(5e-2, 1e-11, "truncation:\nerror ∝ h² (central),\n∝ h (forward)", fontsize=10, ha="right", va="top")
    ax.text(3e-11, 1e-3, "rounding:\nerror ∝ ε/h", fontsize=10)
    vline = ax.axvline(h, color="black", lw=1.5, ls="--")
    markers = ax.scatter([h] * 3, [1.0] * 3, s=80, c=["C0", "C1", "C2"], edgecolor="black", zorder=5)
    fig.tight_layout()

    controls = {"h": widgets.FloatLogSlider(
        value=h, base=10, min=log10_h_min, max=log10_h_max, step=1.0 / points_per_decade,
        description="step h", readout_format=".1e", continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))}

    by_log_h = {round(float(np.log10(h_)), 6): (float(h_), e) for h_, e in zip(hs, per_h)}

    def update(h):
        key = round(float(np.log10(h)), 6)
        if key in by_log_h:                    # a grid point: its errors were computed above
            h, errs = by_log_h[key]
        else:
            h = float(h)
            errs = step_errors(net, X, Y, h, exact)
        vline.set_xdata([h, h])
        markers.set_offsets([[h, max(errs[method], FLOOR)] for method in METHODS])
        return {"h": h, "rel_err_central": errs["central"], "rel_err_forward": errs["forward"],
                "rel_err_complex": errs["complex"], "best_h_central": best_h}

    demo = Demo(fig, controls, update, title="Gradient checking: relative error against the step h",
                animated=[vline, markers])
    demo.net, demo.X, demo.Y, demo.hs, demo.curves = net, X, Y, hs, curves
    demo.artists = dict(vline=vline, markers=markers)
    return demo
