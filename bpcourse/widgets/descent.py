"""Slider demos for gradient descent: the learning rate on a quadratic bowl, and Higham's network learning.

``learning_rate_demo`` runs gradient descent p ← p − η ∇C on the bowl
C(p) = ½(λ₁ p₁² + λ₂ p₂²) at each slider move (a few dozen 2-D steps, microseconds).
``higham_training_demo`` trains Higham & Higham's 2-2-3-2 network once, at construction,
keeps a snapshot of its weights every few epochs, and the slider walks through them.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from bpcourse.network import Network
from bpcourse.plots.training import draw_regions, region_grid
from bpcourse.train import sgd
from bpcourse.widgets._demo import Demo, int_slider, new_figure

Array = np.ndarray

BOWL_CURVATURES = (1.0, 10.0)
BOWL_START = (-1.8, 1.0)
COST_THRESHOLD = 1e-3


def bowl_cost(P: Array, curvatures=BOWL_CURVATURES) -> Array:
    """C(p) = ½(λ₁ p₁² + λ₂ p₂²) for each row p of P (shape (k, 2)); returns shape (k,)."""
    P = np.atleast_2d(P)
    lam = np.asarray(curvatures, dtype=float)
    return 0.5 * np.sum(lam * P**2, axis=1)


def gd_path(eta: float, steps: int, curvatures=BOWL_CURVATURES, start=BOWL_START) -> Array:
    """p_{k+1} = p_k − η ∇C(p_k) on the bowl, ∇C(p) = (λ₁ p₁, λ₂ p₂); returns the (steps+1, 2) path."""
    lam = np.asarray(curvatures, dtype=float)
    path = np.empty((steps + 1, 2))
    path[0] = start
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            path[k + 1] = path[k] - eta * lam * path[k]
    return path


def steps_to_reach(costs: Array, threshold: float = COST_THRESHOLD):
    """The first step k with costs[k] < threshold, or None if it never gets there."""
    below = np.flatnonzero(np.asarray(costs) < threshold)
    return int(below[0]) if below.size else None


def _log_slider(description, value, min_exp, max_exp, step=0.05):
    return widgets.FloatLogSlider(
        value=value, base=10, min=min_exp, max=max_exp, step=step, description=description,
        readout_format=".3g", continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))


def learning_rate_demo(eta: float = 0.05, steps: int = 60, curvatures=BOWL_CURVATURES,
                       start=BOWL_START) -> Demo:
    """A learning-rate slider (log scale) over gradient descent on an elongated bowl.

    Left: the path p_0, p_1, … over the contours of C. Right: C(p_k) against k (log scale).
    Too small an η crawls; past η = 2/λ_max the steep direction overshoots further
    each step and the cost explodes.
    """
    lam = np.asarray(curvatures, dtype=float)
    fig, (ax_path, ax_cost) = new_figure(2, figsize=(10.5, 4.2), dpi=80)
    g1, g2 = np.meshgrid(np.linspace(-2.2, 2.2, 200), np.linspace(-1.4, 1.4, 160))
    C = 0.5 * (lam[0] * g1**2 + lam[1] * g2**2)
    ax_path.contour(g1, g2, C, levels=np.geomspace(0.01, 12, 12), cmap="viridis", linewidths=1)
    ax_path.plot([0], [0], marker="*", ms=16, color="gold", mec="black", zorder=3)
    (path_line,) = ax_path.plot([], [], "-o", color="#d62728", lw=2, ms=5, zorder=4)
    ax_path.set_xlim(-2.2, 2.2)
    ax_path.set_ylim(-1.4, 1.4)
    ax_path.set_xlabel("$p_1$ (gentle direction)")
    ax_path.set_ylabel("$p_2$ (steep)")
    ax_path.set_title(f"$C(p) = \\frac{{1}}{{2}}({lam[0]:g}\\,p_1^2 + {lam[1]:g}\\,p_2^2)$")
    ax_cost.axhline(COST_THRESHOLD, color="gray", ls="--", lw=1.5)
    ax_cost.text(steps, COST_THRESHOLD * 1.6, f"threshold {COST_THRESHOLD:g}", ha="right", color="gray")
    (cost_line,) = ax_cost.plot([], [], "-o", color="#d62728", lw=2, ms=4)
    ax_cost.set_yscale("log")
    ax_cost.set_xlim(0, steps)
    ax_cost.set_ylim(1e-10, 1e6)
    ax_cost.set_xlabel("step k")
    ax_cost.set_ylabel("$C(p_k)$")
    ax_cost.set_title(f"stable only for $\\eta < 2/\\lambda_{{max}}$ = {2 / lam.max():g}")
    fig.tight_layout()

    def update(eta):
        path = gd_path(eta, steps, lam, start)
        costs = bowl_cost(path, lam)
        shown = np.clip(np.nan_to_num(path, nan=1e3, posinf=1e3, neginf=-1e3), -1e3, 1e3)
        path_line.set_data(shown[:, 0], shown[:, 1])
        cost_line.set_data(np.arange(steps + 1), np.clip(np.nan_to_num(costs, nan=1e30, posinf=1e30), 1e-30, 1e30))
        reached = steps_to_reach(costs)
        final = float(costs[-1])
        return {"η": float(eta), f"final cost (step {steps})": final,
                f"steps to C < {COST_THRESHOLD:g}": "never" if reached is None else reached,
                "diverged": "yes" if not np.isfinite(final) or final > costs[0] else "no"}

    return Demo(fig, {"eta": _log_slider("learning rate η", eta, -3, -0.5)}, update,
                title="Gradient descent on a bowl: too small, good, too large", animated=[path_line, cost_line])


# -- Higham & Higham's network, trained once, replayed with a slider ----------------------------

def train_higham_snapshots(X: Array, Y: Array, *, epochs: int = 1300, every: int = 10, eta: float = 2.0,
                           batch_size: int = 10, seed: int = 3, replace: bool = False):
    """Train a 2-2-3-2 sigmoid network (weights 0.5·N(0,1)) and keep snapshots.

    Returns ``(nets, history)``: ``nets[i]`` is a copy of the network after epoch i·every
    (``nets[0]`` is the untrained one) and ``history`` the :class:`~bpcourse.train.History`.
    """
    net = Network([2, 2, 3, 2], scale=0.5, seed=seed)
    nets = [net.copy()]

    def keep(epoch, net, hist):
        if epoch % every == 0:
            nets.append(net.copy())

    hist = sgd(net, X, Y, epochs=epochs, batch_size=batch_size, eta=eta, seed=seed, progress=False,
               replace=replace, callback=keep, monitor="exact")
    return nets, hist


def higham_training_demo(epoch: int = 0, *, epochs: int = 1300, every: int = 10, eta: float = 2.0,
                         batch_size: int = 10, seed: int = 3, resolution: int = 60) -> Demo:
    """An epoch slider over a training run of Higham's network: decision regions and the cost curve.

    The run (batch gradient descent, η = 2, seed 3 by default: 10/10 after about 1220 epochs) is computed once when the
    demo is built; moving the slider only swaps precomputed pictures.
    """
    from bpcourse.data import higham

    X, Y = higham()
    labels = np.argmax(Y, axis=0)
    nets, hist = train_higham_snapshots(X, Y, epochs=epochs, every=every, eta=eta,
                                        batch_size=batch_size, seed=seed)
    grids = [region_grid(n.feedforward, resolution=resolution) for n in nets]
    correct = [int(np.sum(n.predict(X) == labels)) for n in nets]
    costs = np.asarray(hist.cost)

    fig, (ax_reg, ax_cost) = new_figure(2, figsize=(10.5, 4.4), dpi=72)
    image, points = draw_regions(ax_reg, grids[0], X, labels)
    ax_reg.set_title("red: network says B, blue: A")
    ax_cost.plot(hist.epoch, costs, lw=2.2, color="#333333")
    ax_cost.set_yscale("log")
    ax_cost.set_xlim(0, epochs)
    ax_cost.set_xlabel("epoch (one epoch = 10 points)")
    ax_cost.set_ylabel("cost C")
    ax_cost.set_title(f"batch gradient descent, η = {eta:g}")
    (marker,) = ax_cost.plot([0], [costs[0]], "o", ms=12, color="#d62728", mec="black")
    vline = ax_cost.axvline(0, color="#d62728", lw=1.5)
    fig.tight_layout()

    def update(epoch):
        i = min(epoch // every, len(nets) - 1)
        e = i * every
        image.set_array(grids[i])
        marker.set_data([e], [costs[e]])
        vline.set_xdata([e, e])
        return {"epoch": e, "cost C": float(costs[e]), "correctly classified": f"{correct[i]} / 10"}

    control = int_slider("epoch", min(epoch, epochs), 0, epochs, every)
    return Demo(fig, {"epoch": control}, update, title="Higham & Higham's network learning",
                animated=[image, *points, marker, vline])  # the points are redrawn over the image
