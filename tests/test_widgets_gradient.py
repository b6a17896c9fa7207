"""The directional-derivative demo shows ∇C · u from the package, equal to a finite-difference slope."""

import numpy as np
import pytest

from bpcourse.widgets import directional_derivative_demo
from bpcourse.widgets.gradient import cost_at, gradient_at, two_weight_problem


def _package_gradient(w1, w2):
    net, X, Y = two_weight_problem(w1, w2)
    grad_W, _ = net.backprop(X, Y)
    return grad_W[0][0], net, X, Y


def _slope_along(w1, w2, u, h=1e-6):
    plus, X, Y = two_weight_problem(w1 + h * u[0], w2 + h * u[1])
    minus, _, _ = two_weight_problem(w1 - h * u[0], w2 - h * u[1])
    return (plus.cost(X, Y) - minus.cost(X, Y)) / (2 * h)


@pytest.fixture(scope="module")
def demo():
    return directional_derivative_demo()


def test_cost_surface_is_the_networks_cost():
    rng = np.random.default_rng(0)
    for w1, w2 in rng.uniform(-4, 4, (6, 2)):
        net, X, Y = two_weight_problem(w1, w2)
        assert np.isclose(cost_at(w1, w2), net.cost(X, Y))
    grid = cost_at(np.array([[0.0, 1.0], [2.0, -3.0]]), np.array([[0.5, 0.5], [-1.0, 2.0]]))
    assert grid.shape == (2, 2)
    assert np.isclose(grid[1, 0], cost_at(2.0, -1.0))


def test_gradient_at_matches_finite_differences():
    h = 1e-6
    for w1, w2 in [(-1.5, 1.0), (0.7, -2.2), (3.0, 3.0)]:
        fd = [(cost_at(w1 + h, w2) - cost_at(w1 - h, w2)) / (2 * h),
              (cost_at(w1, w2 + h) - cost_at(w1, w2 - h)) / (2 * h)]
        assert np.allclose(gradient_at(w1, w2), fd, rtol=1e-6, atol=1e-11)


@pytest.mark.parametrize("theta", [0.0, 37.0, 90.0, 181.0, 275.0, 359.0])
def test_readout_is_grad_dot_u_and_the_finite_difference_slope(demo, theta):
    demo.sliders["w1"].value, demo.sliders["w2"].value = -1.5, 1.0
    demo.sliders["theta"].value = theta
    u = np.array([np.cos(np.radians(theta)), np.sin(np.radians(theta))])
    grad, *_ = _package_gradient(-1.5, 1.0)
    r = demo.readout
    assert np.allclose(r["u"], u)
    assert np.allclose(r["grad"], grad)
    assert np.isclose(r["D_u"], grad @ u)
    assert np.isclose(r["D_u"], _slope_along(-1.5, 1.0, u), rtol=1e-5, atol=1e-10)
    assert np.isclose(r["slope_fd"], grad @ u, rtol=1e-5, atol=1e-10)
    assert r["D_u"] >= r["min_D_u"] - 1e-15


@pytest.mark.parametrize("point", [(-1.5, 1.0), (1.2, -0.8), (-2.4, -2.4)])
def test_most_negative_along_minus_gradient(demo, point):
    demo.sliders["w1"].value, demo.sliders["w2"].value = point
    grad, *_ = _package_gradient(*point)
    theta_star = demo.readout["theta_steepest"]
    u_star = -grad / np.linalg.norm(grad)
    assert np.isclose(np.degrees(np.arctan2(u_star[1], u_star[0])) % 360, theta_star)
    demo.sliders["theta"].value = round(theta_star)
    r = demo.readout
    assert abs(r["angle"]) <= 0.5 + 1e-9
    # the slider's 1° grid gets within cos(0.5°) of the true minimum -‖∇C‖
    assert np.isclose(r["D_u"], -np.linalg.norm(grad), rtol=1e-4)
    demo.sliders["theta"].value = (round(theta_star) + 180) % 360
    assert np.isclose(demo.readout["D_u"], np.linalg.norm(grad), rtol=1e-4)


def test_both_arrows_stay_on_the_map_at_every_point_and_direction(demo):
    # each arrow's tip and the corners of its head stay inside the contour panel, at the sliders' corners and
    # every 15° (the head is quiver.headwidth shaft widths wide; the shaft a fraction .width of the panel's width)
    ax = demo.fig.axes[0]
    quiver = ax.collections[-1]
    x_lo, x_hi = ax.get_xlim()
    y_lo, y_hi = ax.get_ylim()
    half_head = quiver.width * (x_hi - x_lo) * quiver.headwidth / 2
    w_min, w_max = demo.sliders["w1"].min, demo.sliders["w1"].max
    assert demo.sliders["w2"].min == w_min and demo.sliders["w2"].max == w_max
    for w1 in (w_min, w_max):
        for w2 in (w_min, w_max):
            demo.sliders["w1"].value, demo.sliders["w2"].value = w1, w2
            for theta in range(0, 360, 15):
                demo.sliders["theta"].value = float(theta)
                for (x0, y0), u, v in zip(quiver.get_offsets(), quiver.U, quiver.V):
                    length = quiver.scale ** -1 if quiver.scale_units == "xy" else None
                    direction = np.array([u, v]) / np.hypot(u, v)
                    tip = np.array([x0, y0]) + length * np.hypot(u, v) * direction
                    side = half_head * np.array([-direction[1], direction[0]])
                    for corner in (tip, tip + side, tip - side):
                        assert x_lo <= corner[0] <= x_hi and y_lo <= corner[1] <= y_hi, (w1, w2, theta, corner)


def test_figure_changes_with_each_slider(demo):
    demo.sliders["w1"].value, demo.sliders["w2"].value, demo.sliders["theta"].value = -1.5, 1.0, 10.0
    fig = demo.fig
    quiver = fig.axes[0].collections[-1]
    uvc_before, png_before = np.array(quiver.U).copy(), demo.png
    demo.sliders["theta"].value = 100.0
    assert not np.allclose(quiver.U, uvc_before)
    assert demo.png != png_before
    png_mid = demo.png
    demo.sliders["w1"].value = 2.0
    assert np.allclose(quiver.get_offsets()[0], [2.0, 1.0])
    assert demo.png != png_mid


def test_defaults_and_timing_recorded():
    d = directional_derivative_demo()
    assert set(d.sliders) == {"theta", "w1", "w2"}
    assert d.png[:8] == b"\x89PNG\r\n\x1a\n"
    d.sliders["theta"].value = 100.0
    assert len(d.timings) == 2


def test_default_angle_is_far_from_the_answer_and_the_contour_panel_is_large():
    d = directional_derivative_demo()
    assert d.readout["angle"] > 90                    # the student has to find the steepest direction
    assert d.readout["D_u"] > 0                       # the default u even goes uphill
    ax_c = d.fig.axes[0]
    width_css = ax_c.get_window_extent().width / d.fig.dpi * 100
    assert width_css >= 400, f"the contour panel is {width_css:.0f} CSS px wide"   # it was 200 px
