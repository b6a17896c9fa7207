r"""The directional derivative D_u C = ∇C · u on a cost surface over two weights.

The surface is the quadratic cost of a one-neuron network ``Network([2, 1])``
(a^2 = σ(w^2_{11} x_1 + w^2_{12} x_2 + b^2)) on six fixed points, seen as a
function of its two weights with the bias held fixed. The gradient at a point
comes from the package (``Network.backprop``); the demo compares ∇C · u with a
finite-difference slope along u, and shows that it is most negative when u
points along −∇C.
"""

from __future__ import annotations

import numpy as np
from matplotlib.gridspec import GridSpec

from bpcourse import style
from bpcourse.activations import sigmoid
from bpcourse.network import Network
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, new_figure, slider, style_axes, styled

Array = np.ndarray

#: Six points in the plane (columns) and their 0/1 labels, for :func:`two_weight_problem`.
_X = np.array([[0.2, 0.9, -0.4, 0.7, -0.8, 0.1],
               [0.8, -0.3, 0.6, 0.5, -0.2, -0.9]])
_Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0]])
_BIAS = 0.3


def two_weight_problem(w1: float = -1.5, w2: float = 1.0):
    """A ``Network([2, 1])`` with W^2 = [[w1, w2]] and b^2 = 0.3, and its data ``(X, Y)``.

    Returns ``(net, X, Y)``: X has shape (2, 6), Y shape (1, 6). The cost
    ``net.cost(X, Y)`` as a function of (w^2_11, w^2_12) is the surface the demo draws.
    """
    net = Network([2, 1], activation="sigmoid", cost="quadratic", seed=0)
    net.W(2)[:] = [[w1, w2]]
    net.b(2)[:] = _BIAS
    return net, _X.copy(), _Y.copy()


def cost_at(w1, w2, X: Array = _X, Y: Array = _Y, bias: float = _BIAS) -> Array:
    r"""C(w1, w2) = (1/m) Σ_x ½ (σ(w1 x_1 + w2 x_2 + b) − y)², for arrays w1, w2 of any (equal) shape.

    The same number as ``two_weight_problem(w1, w2)[0].cost(X, Y)``, computed for a whole
    grid of weights at once (the last axis runs over the m examples).
    """
    w1, w2 = np.asarray(w1, dtype=float), np.asarray(w2, dtype=float)
    z = w1[..., None] * X[0] + w2[..., None] * X[1] + bias     # shape (..., m)
    a = sigmoid.fn(z)
    return np.mean(0.5 * (a - Y[0]) ** 2, axis=-1)


def gradient_at(w1: float, w2: float) -> Array:
    """∇C = (∂C/∂w^2_11, ∂C/∂w^2_12) at (w1, w2), from ``Network.backprop`` (shape (2,))."""
    net, X, Y = two_weight_problem(w1, w2)
    grad_W, _ = net.backprop(X, Y)
    return grad_W[0][0].copy()


MAP_LIM = 4.0           # the contour map covers [-MAP_LIM, MAP_LIM]²
ARROW_LENGTH = 1.5      # u and the direction of −∇C, drawn this long (the stretch of line the top-right panel shows)
POINT_MAX = MAP_LIM - ARROW_LENGTH - 0.1    # the point sliders stop where both arrows still fit on the map


@styled
def directional_derivative_demo(theta: float = 200.0, w1: float = -1.5, w2: float = 1.0,
                                h: float = 1e-4) -> Demo:
    r"""Slider on the angle θ of a unit vector u = (cos θ, sin θ) at a point of a cost surface.

    Left (large): contours of C over (w^2_11, w^2_12), the point, u (orange) and the direction of
    −∇C (green), both drawn 1.5 long: the stretch of line the top-right panel shows. Top right:
    the cost along the line, ΔC(t) = C(p + t u) − C(p), with the tangent line of slope
    D_u C. Bottom right: D_u C = ∇C · u = ‖∇C‖ cos(angle) for every θ, its minimum −‖∇C‖ at
    the θ of −∇C. The readout shows ∇C · u and the finite-difference slope
    (C(p + h u) − C(p − h u)) / 2h side by side. The default θ points well away from −∇C
    (about 145° from it), so that finding the steepest direction is left to the student.
    """
    lim = MAP_LIM
    grid = np.linspace(-lim, lim, 121)
    G1, G2 = np.meshgrid(grid, grid)
    C_grid = cost_at(G1, G2)
    # Fixed vertical scales: the largest gradient norm over the region the sliders can reach.
    # (central differences on a coarse grid, all at once: only the axis scale depends on it)
    c1, c2 = np.meshgrid(np.linspace(-lim, lim, 33), np.linspace(-lim, lim, 33))
    e = 1e-5
    g_max = float(np.max(np.hypot(cost_at(c1 + e, c2) - cost_at(c1 - e, c2),
                                  cost_at(c1, c2 + e) - cost_at(c1, c2 - e)) / (2 * e)))
    t = np.linspace(-ARROW_LENGTH, ARROW_LENGTH, 121)
    thetas = np.linspace(-16.0, 376.0, 393)             # 16° past each end: a dot at 0° or 360° stays whole
    green, orange, blue = style.colour("green"), style.colour("orange"), style.colour("blue")

    fig, _ = new_figure(figsize=(8.2, 6.2))
    fig.clear()
    gs = GridSpec(2, 2, figure=fig, width_ratios=[1.9, 1], height_ratios=[1, 1])
    ax_c = fig.add_subplot(gs[:, 0])
    ax_s = fig.add_subplot(gs[0, 1])
    ax_d = fig.add_subplot(gs[1, 1])
    cs = ax_c.contourf(G1, G2, C_grid, levels=18, cmap="viridis")
    ax_c.contour(G1, G2, C_grid, levels=18, colors="white", linewidths=0.5, alpha=0.6)
    colorbar = fig.colorbar(cs, ax=ax_c, label="cost C", orientation="horizontal", fraction=0.05, pad=0.15,
                            aspect=30)
    ax_c.set_xlabel(r"$w^2_{11}$")
    ax_c.set_ylabel(r"$w^2_{12}$")
    ax_c.set_title(r"cost C, $u$ (orange), $-\nabla C$ (green)")
    ax_c.set_aspect("equal")
    ax_c.set_xlim(-lim, lim)
    ax_c.set_ylim(-lim, lim)
    arrows = ax_c.quiver([w1, w1], [w2, w2], [1.0, 1.0], [0.0, 0.0], color=[green, orange], edgecolor="black",
                         linewidth=0.8, angles="xy", scale_units="xy", scale=1 / ARROW_LENGTH, width=0.014,
                         zorder=3)
    (point,) = ax_c.plot([w1], [w2], "o", color="white", mec="black", ms=style.MARKER_SIZE, zorder=4)

    ax_s.set_xlim(t[0], t[-1])
    ax_s.set_ylim(-1.2 * 1.5 * g_max, 2.0 * 1.5 * g_max)             # room for the legend at the top
    ax_s.axhline(0.0, color="0.5", lw=1)
    ax_s.axvline(0.0, color="0.5", lw=1)
    (slice_line,) = ax_s.plot(t, np.zeros_like(t), lw=3, color=blue, label=r"$\Delta C$")
    (tangent,) = ax_s.plot(t, np.zeros_like(t), "--", lw=2.5, color=orange, label=r"slope $D_u C$")
    ax_s.set_xlabel("step t along u")
    ax_s.set_ylabel(r"$C(p + t\,u) - C(p)$")
    ax_s.set_title("along the line through p")
    ax_s.legend(loc="upper left", framealpha=0.9)

    ax_d.set_xlim(thetas[0], thetas[-1])
    ax_d.set_ylim(-1.25 * g_max, 2.1 * g_max)                         # room for the legend at the top
    ax_d.axhline(0.0, color="0.5", lw=1)
    ax_d.set_xticks([0, 90, 180, 270, 360])
    (cos_curve,) = ax_d.plot(thetas, np.zeros_like(thetas), lw=2.5, color=blue)
    (best,) = ax_d.plot([0.0], [0.0], "*", color=green, mec="black", ms=style.MARKER_SIZE + 6, label=r"$-\nabla C$")
    (current,) = ax_d.plot([0.0], [0.0], "o", color=orange, mec="black", ms=style.MARKER_SIZE, label="u")
    ax_d.set_xlabel("direction angle θ (degrees)")
    ax_d.set_ylabel(r"$D_u C = \nabla C\cdot u$")
    ax_d.set_title("for every direction θ")
    ax_d.legend(loc="upper center", ncol=2, framealpha=0.9, handletextpad=0.3, columnspacing=1.0)
    style_axes(ax_c, ax_s, ax_d, colorbar.ax)
    fig.tight_layout()

    def update(theta, w1, w2):
        rad = np.deg2rad(theta)
        u = np.array([np.cos(rad), np.sin(rad)])
        grad = gradient_at(w1, w2)
        norm = float(np.linalg.norm(grad))
        D_u = float(grad @ u)                                   # D_u C = ∇C · u
        C_plus = cost_at(w1 + h * u[0], w2 + h * u[1])
        C_minus = cost_at(w1 - h * u[0], w2 - h * u[1])
        fd = float((C_plus - C_minus) / (2 * h))                # finite-difference slope along u
        steepest = -grad / norm if norm > 0 else np.zeros(2)
        theta_star = float(np.rad2deg(np.arctan2(steepest[1], steepest[0])) % 360.0)
        cos_angle = float(np.clip(u @ steepest, -1.0, 1.0))

        arrows.set_offsets([[w1, w2], [w1, w2]])
        arrows.set_UVC([steepest[0], u[0]], [steepest[1], u[1]])     # −∇C/‖∇C‖ below, u on top
        point.set_data([w1], [w2])
        C0 = cost_at(w1, w2)
        slice_line.set_ydata(cost_at(w1 + t * u[0], w2 + t * u[1]) - C0)
        tangent.set_ydata(D_u * t)
        all_thetas = np.deg2rad(thetas)
        cos_curve.set_ydata(grad[0] * np.cos(all_thetas) + grad[1] * np.sin(all_thetas))
        best.set_data([theta_star], [-norm])
        current.set_data([theta], [D_u])
        return {
            "theta": float(theta),
            "u": u,
            "grad": grad,
            "D_u": D_u,
            "slope_fd": fd,
            "min_D_u": -norm,
            "theta_steepest": theta_star,
            "angle": float(np.rad2deg(np.arccos(cos_angle))),
            "C": float(C0),
        }

    labels = {"theta": "θ (degrees)", "u": "u = (cos θ, sin θ)", "grad": "∇C", "D_u": "D<sub>u</sub>C = ∇C · u",
              "slope_fd": "slope along u, finite difference", "min_D_u": "most negative D<sub>u</sub>C, −‖∇C‖",
              "theta_steepest": "θ of −∇C (degrees)", "angle": "angle between u and −∇C (degrees)", "C": "C(p)"}

    def alt(r, v):
        return (f"Left: contour map of the cost C over the weights w²₁₁ and w²₁₂ from {-lim:g} to {lim:g}, with "
                f"the point p = ({S.number(v['w1'], 3)}, {S.number(v['w2'], 3)}), an orange arrow u at "
                f"θ = {v['theta']:.0f}° and a "
                f"green arrow along −∇C at θ = {r['theta_steepest']:.0f}°. Top right: the change of C along the line "
                f"through p in direction u, with its tangent of slope D_u C = {S.number(r['D_u'], 3)}. Bottom right: "
                f"D_u C for every θ, lowest, −‖∇C‖ = {S.number(r['min_D_u'], 3)}, at θ = {r['theta_steepest']:.0f}°.")

    def status(r, v):
        return (f"θ = {v['theta']:.0f}°: D_u C = ∇C·u = {S.number(r['D_u'], 3)} (finite difference "
                f"{S.number(r['slope_fd'], 3)}), {r['angle']:.0f}° away from −∇C.")

    controls = {
        "theta": slider("direction θ (degrees)", theta, 0.0, 360.0, 1.0, readout_format=".0f"),
        "w1": slider("point w²₁₁", w1, -POINT_MAX, POINT_MAX, 0.1),
        "w2": slider("point w²₁₂", w2, -POINT_MAX, POINT_MAX, 0.1),
    }
    animated = [arrows, point, slice_line, tangent, cos_curve, best, current]
    return Demo(fig, controls, update, title="Directional derivative: D_u C = ∇C · u, steepest along −∇C",
                animated=animated, labels=labels, alt=alt, status=status)
