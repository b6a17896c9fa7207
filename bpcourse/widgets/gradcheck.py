r"""Notebook 07's demo: the finite-difference step h, and why it can be neither large nor tiny.

For every h on a log grid the demo compares backprop's gradient with three numerical
ones (central differences, forward differences, the complex step) and plots the relative
error against h. Central and forward differences trace a V: on the right the truncation
error (∝ h² and ∝ h), on the left rounding error (∝ ε/h) from subtracting two nearly
equal costs. The complex step subtracts nothing, so it has no left arm.
The curves are computed once, when the demo is built; the slider moves the markers.
"""

from __future__ import annotations

import numpy as np

from bpcourse import style
from bpcourse.gradcheck import numerical_gradient, relative_error
from bpcourse.network import Network
from bpcourse.widgets._demo import Demo, log_slider, new_figure, styled

METHODS = ("central", "forward", "complex")
FLOOR = 1e-17  # errors of exactly 0 are drawn here (a log axis has no 0)
#: How each method is drawn: colour, line style and marker differ, so colour never carries it alone.
LOOKS = {
    "central": dict(colour="blue", ls="-", marker="o", label=r"central  $\dfrac{C(w+h)-C(w-h)}{2h}$"),
    "forward": dict(colour="vermillion", ls="-.", marker="s", label=r"forward  $\dfrac{C(w+h)-C(w)}{h}$"),
    "complex": dict(colour="green", ls="--", marker="D", label=r"complex step  $\dfrac{\mathrm{Im}\,C(w+ih)}{h}$"),
}


def step_errors(net: Network, X, Y, h: float, exact=None) -> dict:
    """The relative error of each numerical gradient (step h) against ``net.backprop``.

    Returns a dict method → ``relative_error(backprop, numerical_gradient(..., eps=h, method))``.
    """
    if exact is None:
        exact = net.backprop(X, Y)
    return {method: relative_error(exact, numerical_gradient(net, X, Y, eps=h, method=method))
            for method in METHODS}


@styled
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

    fig, ax = new_figure(figsize=(8.2, 5.4))
    for method in METHODS:
        look = LOOKS[method]
        ax.loglog(hs, np.maximum(curves[method], FLOOR), color=style.colour(look["colour"]), ls=look["ls"],
                  lw=2.5, label=look["label"])
    ax.set_xlim(hs[0] / 2.5, hs[-1] * 2.5)                  # a marker at either end of the slider stays whole
    ax.set_ylim(FLOOR / 5, 5.0)
    ax.axhline(np.finfo(float).eps, color=style.colour("grey"), lw=1, ls=":")
    ax.text(hs[0], np.finfo(float).eps * 3, "machine ε ≈ 2.2e-16", color="0.3")
    ax.text(5e-2, 1e-11, "truncation:\nerror ∝ h² (central),\n∝ h (forward)", ha="right", va="top")
    ax.text(3e-11, 1e-3, "rounding:\nerror ∝ ε/h")
    ax.set_xlabel("finite-difference step $h$")
    ax.set_ylabel("relative error vs backprop")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False, columnspacing=1.0)
    vline = ax.axvline(h, color="black", lw=1.5, ls="--")
    markers = [ax.plot([h], [1.0], LOOKS[m]["marker"], color=style.colour(LOOKS[m]["colour"]), mec="black",
                       ms=style.MARKER_SIZE, zorder=5)[0] for m in METHODS]
    fig.tight_layout()

    controls = {"h": log_slider("step h", h, log10_h_min, log10_h_max, 1.0 / points_per_decade, ".1e")}

    by_log_h = {round(float(np.log10(h_)), 6): (float(h_), e) for h_, e in zip(hs, per_h)}

    def update(h):
        key = round(float(np.log10(h)), 6)
        if key in by_log_h:                    # a grid point: its errors were computed above
            h, errs = by_log_h[key]
        else:
            h = float(h)
            errs = step_errors(net, X, Y, h, exact)
        vline.set_xdata([h, h])
        for marker, method in zip(markers, METHODS):
            marker.set_data([h], [max(errs[method], FLOOR)])
        return {"h": h, "rel_err_central": errs["central"], "rel_err_forward": errs["forward"],
                "rel_err_complex": errs["complex"], "best_h_central": best_h}

    labels = {"h": "step h", "rel_err_central": "relative error, central", "rel_err_forward": "relative error, forward",
              "rel_err_complex": "relative error, complex step", "best_h_central": "best h for central differences"}

    def alt(r, v):
        return (f"Log-log plot of the relative error between backprop's gradient and three numerical gradients "
                f"against the step h from {hs[0]:.0e} to {hs[-1]:.0e}: central and forward differences trace a V, "
                f"the complex step only its right arm. At h = {r['h']:.1e} (dashed line) the errors are "
                f"{r['rel_err_central']:.1e} (central), {r['rel_err_forward']:.1e} (forward) and "
                f"{r['rel_err_complex']:.1e} (complex step).")

    def status(r, v):
        best = r["best_h_central"]
        side = "rounding" if r["h"] < best else "truncation" if r["h"] > best else "neither"
        return (f"h = {r['h']:.1e}: central {r['rel_err_central']:.1e}, forward {r['rel_err_forward']:.1e}, complex "
                f"{r['rel_err_complex']:.1e}; {side} dominates the central error (best h {r['best_h_central']:.1e}).")

    demo = Demo(fig, controls, update, title="Gradient checking: relative error against the step h",
                animated=[vline, *markers], labels=labels, alt=alt, status=status)
    demo.attach(net=net, X=X, Y=Y, hs=hs, curves=curves, artists=dict(vline=vline, markers=markers))
    return demo
