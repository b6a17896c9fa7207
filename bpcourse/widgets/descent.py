"""Slider demos for gradient descent: the learning rate on a quadratic bowl, and Higham's network learning.

``learning_rate_demo`` runs gradient descent p ← p − η ∇C on the bowl
C(p) = ½(κ₁ p₁² + κ₂ p₂²) at each slider move (a few dozen 2-D steps, microseconds).
``higham_training_demo`` trains Higham & Higham's 2-2-3-2 network once, at construction,
keeps a snapshot of its weights every few epochs, and the slider walks through them.
"""

from __future__ import annotations

import numpy as np

from bpcourse import style
from bpcourse.network import Network
from bpcourse.train import sgd
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, int_slider, log_slider, new_figure, styled
from bpcourse.widgets._render import imshow_nearest

Array = np.ndarray

BOWL_CURVATURES = (1.0, 10.0)
BOWL_START = (-1.8, 1.0)
COST_THRESHOLD = 1e-3


def bowl_cost(P: Array, curvatures=BOWL_CURVATURES) -> Array:
    """C(p) = ½(κ₁ p₁² + κ₂ p₂²) for each row p of P (shape (k, 2)); returns shape (k,)."""
    P = np.atleast_2d(P)
    kap = np.asarray(curvatures, dtype=float)
    return 0.5 * np.sum(kap * P**2, axis=1)


def gd_path(eta: float, steps: int, curvatures=BOWL_CURVATURES, start=BOWL_START) -> Array:
    """p_{k+1} = p_k − η ∇C(p_k) on the bowl, ∇C(p) = (κ₁ p₁, κ₂ p₂); returns the (steps+1, 2) path."""
    kap = np.asarray(curvatures, dtype=float)
    path = np.empty((steps + 1, 2))
    path[0] = start
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            path[k + 1] = path[k] - eta * kap * path[k]
    return path


def steps_to_reach(costs: Array, threshold: float = COST_THRESHOLD):
    """The first step k with costs[k] < threshold, or None if it never gets there."""
    below = np.flatnonzero(np.asarray(costs) < threshold)
    return int(below[0]) if below.size else None


def _inside(x, y, xlim, ylim, log_y: bool = False):
    """x and y with NaN where a point falls outside the limits (less a margin of 3 % for a marker)."""
    x, y = np.asarray(x, dtype=float).copy(), np.asarray(y, dtype=float).copy()
    (x0, x1), (y0, y1) = xlim, ylim
    mx = 0.03 * (x1 - x0)
    if log_y:
        ly0, ly1 = np.log10(y0), np.log10(y1)
        my = 0.03 * (ly1 - ly0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ly = np.log10(y)
        ok = (ly > ly0 + my) & (ly < ly1 - my)
    else:
        my = 0.03 * (y1 - y0)
        ok = (y > y0 + my) & (y < y1 - my)
    ok &= (x > x0 + mx) & (x < x1 - mx)
    x[~ok], y[~ok] = np.nan, np.nan
    return x, y


@styled
def learning_rate_demo(eta: float = 0.05, steps: int = 60, curvatures=BOWL_CURVATURES,
                       start=BOWL_START) -> Demo:
    """A learning-rate slider (log scale) over gradient descent on an elongated bowl.

    Left: the path p_0, p_1, … over the contours of C. Right: C(p_k) against k (log scale).
    Too small an η crawls; past η = 2/κ_max (κ_max the largest curvature) the steep direction overshoots further
    each step and the cost explodes. Points that leave a panel are not drawn; a note says from
    which step on they are off it.
    """
    kap = np.asarray(curvatures, dtype=float)
    path_lim, cost_lim = ((-2.2, 2.2), (-1.4, 1.4)), ((-0.05 * steps, 1.05 * steps), (1e-10, 1e6))
    vermillion, grey = style.colour("vermillion"), style.colour("grey")
    fig, (ax_path, ax_cost) = new_figure(2, figsize=(8.2, 4.4))
    g1, g2 = np.meshgrid(np.linspace(-2.2, 2.2, 200), np.linspace(-1.4, 1.4, 160))
    C = 0.5 * (kap[0] * g1**2 + kap[1] * g2**2)
    ax_path.contour(g1, g2, C, levels=np.geomspace(0.01, 12, 12), cmap="viridis", linewidths=1.2)
    ax_path.plot([0], [0], marker="*", ms=style.MARKER_SIZE + 8, color=style.colour("yellow"), mec="black", zorder=3)
    (path_line,) = ax_path.plot([], [], "-", color=vermillion, lw=2, zorder=4)
    (path_pts,) = ax_path.plot([], [], "o", color=vermillion, mec="black", mew=0.6, ms=6, zorder=5)
    ax_path.set_xlim(*path_lim[0])
    ax_path.set_ylim(*path_lim[1])
    ax_path.set_xlabel("$p_1$ (gentle direction)")
    ax_path.set_ylabel("$p_2$ (steep)")
    ax_path.set_title(f"$C(p) = \\frac{{1}}{{2}}({kap[0]:g}\\,p_1^2 + {kap[1]:g}\\,p_2^2)$")
    path_note = ax_path.text(0.02, 0.03, "", transform=ax_path.transAxes, color=vermillion,
                             bbox=dict(facecolor="white", alpha=0.9, edgecolor="none"))
    ax_cost.axhline(COST_THRESHOLD, color=grey, ls="--", lw=1.5)
    ax_cost.text(0.98 * steps, COST_THRESHOLD / 3, f"threshold {COST_THRESHOLD:g}", ha="right", va="top", color="0.3")
    (cost_line,) = ax_cost.plot([], [], "-", color=vermillion, lw=2)
    (cost_pts,) = ax_cost.plot([], [], "o", color=vermillion, mec="black", mew=0.6, ms=6)
    ax_cost.set_yscale("log")
    ax_cost.set_xlim(*cost_lim[0])
    ax_cost.set_ylim(*cost_lim[1])
    ax_cost.set_xlabel("step k")
    ax_cost.set_ylabel("$C(p_k)$")
    ax_cost.set_title(f"stable only for $\\eta < 2/\\kappa_{{\\mathrm{{max}}}}$ = {2 / kap.max():g}")
    cost_note = ax_cost.text(0.02, 0.03, "", transform=ax_cost.transAxes, color=vermillion,
                             bbox=dict(facecolor="white", alpha=0.9, edgecolor="none"))
    fig.tight_layout()

    def update(eta):
        path = gd_path(eta, steps, kap, start)
        costs = bowl_cost(path, kap)
        shown = np.clip(np.nan_to_num(path, nan=1e3, posinf=1e3, neginf=-1e3), -1e3, 1e3)
        path_line.set_data(shown[:, 0], shown[:, 1])
        path_pts.set_data(*_inside(shown[:, 0], shown[:, 1], *path_lim))
        off = np.flatnonzero(np.isnan(_inside(shown[:, 0], shown[:, 1], *path_lim)[0]))
        path_note.set_text(f"from step {off[0]} on, pₖ is off this plot" if off.size else "")
        k = np.arange(steps + 1)
        shown_costs = np.clip(np.nan_to_num(costs, nan=1e30, posinf=1e30), 1e-30, 1e30)
        cost_line.set_data(k, shown_costs)
        pts = _inside(k, shown_costs, *cost_lim, log_y=True)
        cost_pts.set_data(*pts)
        high = np.flatnonzero(shown_costs >= cost_lim[1][1])
        low = np.flatnonzero(shown_costs <= cost_lim[1][0])
        cost_note.set_text(f"C > {cost_lim[1][1]:.0e} from step {high[0]} on" if high.size else
                           f"C < {cost_lim[1][0]:.0e} from step {low[0]} on" if low.size else "")
        reached = steps_to_reach(costs)
        final = float(costs[-1])
        return {"eta": float(eta), "final_cost": final,
                "steps_to_threshold": "never" if reached is None else reached,
                "diverged": "yes" if not np.isfinite(final) or final > costs[0] else "no"}

    labels = {"eta": "η", "final_cost": f"C(p<sub>{steps}</sub>), the final cost",
              "steps_to_threshold": f"steps to C &lt; {COST_THRESHOLD:g}", "diverged": "diverged"}

    def alt(r, v):
        return (f"Left: contour lines of the bowl C(p) = ½({kap[0]:g} p₁² + {kap[1]:g} p₂²) with the path of {steps} "
                f"gradient-descent steps from ({start[0]:g}, {start[1]:g}) at learning rate η = {S.number(r['eta'], 3)}"
                f"{' (it leaves the plot)' if path_note.get_text() else ''}. Right: the cost at each step on a log "
                f"scale from 1e-10 to 1e6, ending at {S.number(r['final_cost'], 3)}, with the threshold "
                f"{COST_THRESHOLD:g} dashed.")

    def status(r, v):
        reached = r["steps_to_threshold"]
        return (f"η = {S.number(r['eta'], 3)}: after {steps} steps C = {S.number(r['final_cost'], 3)}; "
                + ("it diverges." if r["diverged"] == "yes" else
                   "it never gets below the threshold." if reached == "never" else
                   f"below {COST_THRESHOLD:g} after {reached} steps."))

    return Demo(fig, {"eta": log_slider("learning rate η", eta, -3, -0.5)}, update,
                title="Gradient descent on a bowl: too small, good, too large",
                animated=[path_line, path_pts, path_note, cost_line, cost_pts, cost_note],
                labels=labels, alt=alt, status=status)


# -- Higham & Higham's network, trained once, replayed with a slider ----------------------------

def train_higham_snapshots(X: Array, Y: Array, *, epochs: int = 1300, every: int = 10, eta: float = 2.0,
                           batch_size: int = 10, seed: int = 3, replace: bool = False):
    """Train a 2-2-3-2 sigmoid network (weights 0.5·N(0,1)) and keep snapshots.

    Returns ``(nets, costs)``: ``nets[i]`` is a copy of the network after epoch i·every
    (``nets[0]`` is the untrained one) and ``costs[i]`` the cost C of the whole data set then,
    evaluated exactly (not a running mean of mini-batch costs).
    """
    net = Network([2, 2, 3, 2], scale=0.5, seed=seed)
    nets = [net.copy()]
    costs = [float(net.cost(X, Y))]

    def keep(epoch, net, hist):
        if epoch % every == 0:
            nets.append(net.copy())
            costs.append(float(net.cost(X, Y)))

    sgd(net, X, Y, epochs=epochs, batch_size=batch_size, eta=eta, seed=seed, progress=False,
        replace=replace, callback=keep, monitor=False)      # the costs it needs are computed above, exactly
    return nets, np.array(costs)


def boundary_segments(grid: Array, extent=(0.0, 1.0, 0.0, 1.0)) -> list:
    """The decision boundary (where a^L_2 − a^L_1 = 0) of a region grid, as a list of (k, 2) polylines."""
    import contourpy

    ny, nx = grid.shape
    x = np.linspace(extent[0], extent[1], nx)
    y = np.linspace(extent[2], extent[3], ny)
    return [seg for seg in contourpy.contour_generator(x, y, grid).lines(0.0) if len(seg) > 1]


def region_grid(predict, extent=(0.0, 1.0, 0.0, 1.0), resolution: int = 60) -> Array:
    """a^L_2 − a^L_1 on a resolution × resolution grid over ``extent`` (x0, x1, y0, y1).

    Positive where the network says class B, negative where it says A; row i is the i-th y value.
    """
    x0, x1, y0, y1 = extent
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    A = np.asarray(predict(np.vstack([gx.ravel(), gy.ravel()])))
    return (A[1] - A[0]).reshape(resolution, resolution)


@styled
def higham_training_demo(epoch: int = 0, *, epochs: int = 1300, every: int = 10, eta: float = 2.0,
                         batch_size: int = 10, seed: int = 3, resolution: int = 60) -> Demo:
    """An epoch slider over a training run of Higham's network: decision regions and the cost curve.

    Left: the regions the network gives to A and B, the decision boundary between them (black),
    the ten points (A: circles, B: triangles) and a ring round every point on the wrong side.
    Right: the cost C of all ten points against the epoch, log scale, the chosen epoch marked.
    The run (batch gradient descent, η = 2, seed 3 by default: 10/10 after about 1220 epochs) is
    computed once when the demo is built; moving the slider only swaps precomputed pictures.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.colors import ListedColormap

    from bpcourse.data import higham

    X, Y = higham()
    labels = np.argmax(Y, axis=0)
    nets, costs = train_higham_snapshots(X, Y, epochs=epochs, every=every, eta=eta, batch_size=batch_size, seed=seed)
    grids = [region_grid(n.feedforward, resolution=resolution) for n in nets]
    boundaries = [boundary_segments(g) for g in grids]
    predicted = [n.predict(X) for n in nets]

    blue, orange = style.colour("blue"), style.colour("orange")
    fig, (ax_reg, ax_cost) = new_figure(2, figsize=(8.2, 5.0), gridspec_kw={"width_ratios": [1, 1.15]})
    regions = imshow_nearest(ax_reg, np.sign(grids[0]), origin="lower", extent=(0, 1, 0, 1), vmin=-1, vmax=1,
                             cmap=ListedColormap(["#cfe3f3", "#f9e2b3"]), aspect="equal")
    boundary = LineCollection(boundaries[0], colors="black", linewidths=2.5, zorder=3)
    ax_reg.add_collection(boundary)
    (points_a,) = ax_reg.plot(X[0, labels == 0], X[1, labels == 0], "o", ms=10, color=blue, mec="black",
                              zorder=4, label="A")
    (points_b,) = ax_reg.plot(X[0, labels == 1], X[1, labels == 1], "^", ms=11, color=orange, mec="black",
                              zorder=4, label="B")
    (wrong,) = ax_reg.plot([], [], "o", ms=style.MARKER_SIZE + 10, mfc="none", mec=style.HIGHLIGHT, mew=3,
                           zorder=5, label="wrong side")
    ax_reg.set_xlim(-0.04, 1.04)
    ax_reg.set_ylim(-0.04, 1.04)
    ax_reg.set_xlabel("$x_1$")
    ax_reg.set_ylabel("$x_2$")
    ax_reg.set_title("says A (blue) or B (orange)")
    ax_reg.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False, handletextpad=0.3,
                  markerscale=0.7, columnspacing=1.0)
    ax_reg.grid(False)

    ax_cost.plot(every * np.arange(costs.size), costs, color=style.colour("black"), lw=2.2)
    ax_cost.set_yscale("log")
    ax_cost.set_xlim(-0.03 * epochs, 1.03 * epochs)
    lo, hi = float(costs.min()), float(costs.max())
    ax_cost.set_ylim(lo / 1.6, hi * 1.6)
    ax_cost.set_xlabel("epoch (10 points each)")
    ax_cost.set_ylabel("cost C")
    ax_cost.set_title(f"batch gradient descent, η = {eta:g}")
    (marker,) = ax_cost.plot([0], [costs[0]], "o", ms=style.MARKER_SIZE, color=style.HIGHLIGHT, mec="black")
    vline = ax_cost.axvline(0, color=style.HIGHLIGHT, lw=1.5)
    fig.tight_layout()

    def update(epoch):
        i = min(epoch // every, len(nets) - 1)
        e = i * every
        regions.set_array(np.sign(grids[i]))
        boundary.set_segments(boundaries[i])
        bad = predicted[i] != labels
        wrong.set_data(X[0, bad], X[1, bad])
        marker.set_data([e], [costs[i]])
        vline.set_xdata([e, e])
        wrong_points = ", ".join(f"({X[0, n]:g}, {X[1, n]:g})" for n in np.flatnonzero(bad))
        return {"epoch": e, "cost": float(costs[i]), "correct": f"{int(np.sum(~bad))} / 10",
                "wrong_side": wrong_points or "none"}

    labels_shown = {"epoch": "epoch", "cost": "cost C", "correct": "correctly classified",
                    "wrong_side": "on the wrong side"}

    def alt(r, v):
        return (f"Left: the unit square split by the network after epoch {r['epoch']} into a region it calls A and "
                f"one it calls B, with the decision boundary drawn between them, five A points (circles) and five "
                f"B points (triangles); ringed, on the wrong side: {r['wrong_side']}. Right: the cost against the "
                f"epoch on a log scale, falling in plateaus from {S.number(costs[0], 3)} to "
                f"{S.number(costs[-1], 3)}, marked at epoch {r['epoch']}, C = {S.number(r['cost'], 3)}.")

    def status(r, v):
        return (f"epoch {r['epoch']}: C = {S.number(r['cost'], 3)}, {r['correct']} correct; "
                f"on the wrong side: {r['wrong_side']}.")

    control = int_slider("epoch", min(epoch, epochs), 0, epochs, every)
    return Demo(fig, {"epoch": control}, update, title="Higham & Higham's network learning",
                animated=[regions, boundary, points_a, points_b, wrong, marker, vline],
                labels=labels_shown, alt=alt, status=status)
