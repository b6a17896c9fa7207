"""Notebook 10's demo: a case file's claimed gradient against finite differences, entry by entry."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from bpcourse import style
from bpcourse.exercises.slips import CASES, block_names, case_network, error_table, gradient_with
from bpcourse.gradcheck import numerical_gradient
from bpcourse.widgets._demo import Demo, dropdown, int_slider, new_figure, slider, styled

#: Relative errors at or below this count as agreement (central differences reach about 1e-8).
AGREE = 1e-7
#: The scatter shows entries in units of the largest numerical entry of the layer, clipped here.
LIMIT = 2.5
_FLOOR = 1e-16


def _case_data(case: int, version: str, log10_h: float, cache: dict):
    """Claimed and numerical gradients for one setting (cached: the network never changes)."""
    key = (case, version, round(float(log10_h), 6))
    if key not in cache:
        c = CASES[case]
        net, X, Y = case_network(case)
        claimed = gradient_with(case, c.claim if version == "as claimed" else c.fix, net, X, Y)
        numerical = numerical_gradient(net, X, Y, eps=10.0 ** log10_h)
        cache[key] = (net, claimed, numerical)
    return cache[key]


@styled
def slip_explorer_demo(case: int = 1, layer: int = 3, log10_h: float = -6.0, version: str = "as claimed"):
    """Pick a case file; see its claimed gradient against central differences.

    Left: every entry of ∂C/∂W^l (dots) and ∂C/∂b^l (squares) of the chosen layer, claimed (vertical)
    against numerical (horizontal), both in units of the largest numerical entry; a correct gradient
    puts every point on the diagonal. Right: the relative error of every block, on a log scale, with
    the agreement line at 1e-7. The readout gives the relative errors of the chosen layer.
    """
    cache: dict = {}
    L = len(case_network(1)[0].sizes)
    names = block_names(case_network(1)[0])

    red, green = style.colour("vermillion"), style.colour("green")
    fig, (ax, ax_bar) = new_figure(2, figsize=(8.2, 5.2), gridspec_kw={"width_ratios": [1.0, 1.1]})
    edge = 1.1 * LIMIT                                     # points clipped to ±LIMIT stay whole
    ax.plot([-edge, edge], [-edge, edge], color="0.5", lw=1.5, ls="--", label="claimed = numerical")
    (w_pts,) = ax.plot([], [], "o", ms=9, color=style.colour("blue"), mec="k", zorder=3, label="∂C/∂W entries")
    (b_pts,) = ax.plot([], [], "s", ms=10, color=style.colour("orange"), mec="k", zorder=3, label="∂C/∂b entries")
    (out_pts,) = ax.plot([], [], "X", ms=12, color=red, mec="k", zorder=4, label="off the chart")
    ax.set_xlim(-edge, edge)
    ax.set_ylim(-edge, edge)
    ax.set_aspect("equal")
    ax.set_xlabel("numerical / max |numerical|")
    ax.set_ylabel("claimed / max |numerical|")
    ax.legend(loc="upper left", framealpha=0.9, handletextpad=0.2, borderaxespad=0.3)
    ax.set_title("the chosen layer, entry by entry")
    note = ax.text(0.97, 0.04, "", transform=ax.transAxes, ha="right", va="bottom",
                   bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.9, "linewidth": 2})

    x = np.arange(len(names))
    bars = ax_bar.bar(x, np.ones(len(names)), bottom=_FLOOR, color="0.7", edgecolor="k")
    ax_bar.axhline(AGREE, color=green, lw=2, ls="--", label="agreement line, 1e-7")
    ax_bar.set_yscale("log")
    ax_bar.set_ylim(1e-12, 1e3)
    ax_bar.legend(loc="upper right", framealpha=0.95)
    ax_bar.set_xlim(-0.6, len(names) - 0.4)
    ax_bar.set_xticks(x)
    ax_bar.set_xticklabels([f"${n}$" for n in names], fontsize=style.font_size("label"))
    ax_bar.set_ylabel("relative error")
    ax_bar.set_title("every block: above the line disagrees")
    fig.tight_layout()

    def update(case, version, layer, log10_h):
        net, (gW, gb), (nW, nb) = _case_data(case, version, log10_h, cache)
        i = layer - 2
        scale = max(np.max(np.abs(nW[i])), np.max(np.abs(nb[i])), 1e-300)
        pts_w = np.column_stack([nW[i].ravel(), gW[i].ravel()]) / scale
        pts_b = np.column_stack([nb[i].ravel(), gb[i].ravel()]) / scale
        allp = np.vstack([pts_w, pts_b])
        outside = np.any(np.abs(allp) > LIMIT, axis=1)
        w_pts.set_data(*np.clip(pts_w, -LIMIT, LIMIT).T)     # Line2D markers: cheaper to draw than a scatter
        b_pts.set_data(*np.clip(pts_b, -LIMIT, LIMIT).T)
        out_pts.set_data(*(np.clip(allp[outside], -LIMIT, LIMIT) if outside.any() else np.empty((0, 2))).T)

        errors = error_table(gW, gb, nW, nb)
        worst = max(errors.values())
        for k, (bar, name) in enumerate(zip(bars, names)):
            e = errors[name]
            bar.set_height(max(e - _FLOOR, 0.0))
            chosen = name in (f"W^{layer}", f"b^{layer}")
            bad = e > AGREE
            bar.set_facecolor((red if bad else green) if chosen else ("#f2c0a0" if bad else "#a8dcc8"))
        e_w, e_b = errors[f"W^{layer}"], errors[f"b^{layer}"]
        verdict = "agrees" if max(e_w, e_b) <= AGREE else "DISAGREES"
        note.set_text(f"{verdict}   W {e_w:.1e}   b {e_b:.1e}")
        note.get_bbox_patch().set_edgecolor(red if verdict == "DISAGREES" else green)
        return {
            "case": f"{case} · {CASES[case].title}",
            "code": version,
            "layer": layer,
            "rel_error_W": e_w,
            "rel_error_b": e_b,
            "worst": worst,
            "h": 10.0 ** log10_h,
            "verdict": verdict,
        }

    def labels(case, version, layer, log10_h):
        return {"case": "case file", "code": "code", "layer": "layer l",
                "rel_error_W": f"relative error of ∂C/∂W<sup>{layer}</sup>",
                "rel_error_b": f"relative error of ∂C/∂b<sup>{layer}</sup>",
                "worst": "largest relative error, all layers", "h": "step h", "verdict": f"layer {layer}"}

    def alt(r, v):
        return (f"Left: scatter plot of every entry of the gradient of layer {r['layer']}, claimed by case "
                f"{r['case']} ({r['code']}) against central differences, in units of the largest entry; a right "
                f"gradient puts every point on the diagonal. Right: bar chart, log scale, of the relative error of "
                f"every block with the agreement line at 1e-7; the largest is {r['worst']:.1e}.")

    def status(r, v):
        return (f"case {r['case']}, {r['code']}, layer {r['layer']}: {r['verdict']} (W {r['rel_error_W']:.1e}, "
                f"b {r['rel_error_b']:.1e}); largest error of all layers {r['worst']:.1e}.")

    controls = {
        "case": dropdown("case file", [(f"{n} · {c.title}", n) for n, c in CASES.items()], case),
        "version": widgets.ToggleButtons(options=["as claimed", "corrected"], value=version, description="code",
                                         style={"description_width": "initial"}),
        "layer": int_slider("layer l", layer, 2, L),
        "log10_h": slider("log₁₀ of the step h", log10_h, -9.0, -2.0, 0.5, readout_format=".1f"),
    }
    return Demo(fig, controls, update, title="Find the slip: claimed gradient vs finite differences",
                animated=[w_pts, b_pts, out_pts, note, *bars], labels=labels, alt=alt, status=status)


__all__ = ["slip_explorer_demo"]
