"""The plot helpers of notebooks 02 and 03 return Figures that draw what they are given."""

import numpy as np
from matplotlib.figure import Figure

from bpcourse.plots import (
    cost_contour,
    directional_derivative_scan,
    learning_curves,
    network_paths,
    output_error_curves,
    sigmoid_and_derivative,
)


def test_cost_contour_draws_the_arrows():
    g = np.linspace(-1, 1, 11)
    G1, G2 = np.meshgrid(g, g)
    fig = cost_contour(G1, G2, G1 ** 2 + G2 ** 2, point=[0.5, 0.5],
                       arrows={"-grad": ([-0.7, -0.7], "lime"), "u": ([1.0, 0.0], "orange")})
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    quivers = [c for c in ax.collections if hasattr(c, "U")]
    assert len(quivers) == 2
    assert np.allclose(quivers[0].U, [-0.7]) and np.allclose(quivers[1].V, [0.0])


def test_directional_derivative_scan_marks_the_minimum():
    th = np.linspace(0, 360, 361)
    slopes = np.cos(np.radians(th - 200))
    fig = directional_derivative_scan(th, slopes, theta_best=20.0, best_value=-1.0)
    line, marker = fig.axes[0].lines[0], fig.axes[0].lines[-1]
    assert np.allclose(line.get_ydata(), slopes)
    assert np.allclose(marker.get_xdata(), [20.0]) and np.allclose(marker.get_ydata(), [-1.0])


def test_network_paths_draws_each_path_to_the_cost():
    fig = network_paths([2, 2, 2], [[(1, 1), (2, 1), (3, 1)], [(1, 1), (2, 1), (3, 2)]], labels=["p1", "p2"])
    labelled = {ln.get_label(): ln for ln in fig.axes[0].lines}
    assert {"p1", "p2"} <= set(labelled)
    assert len(labelled["p1"].get_xdata()) == 4            # three neurons, then C


def test_bp1_plots():
    z = np.linspace(-6, 6, 50)
    s = 1 / (1 + np.exp(-z))
    fig = sigmoid_and_derivative(z, s, s * (1 - s))
    assert np.allclose(fig.axes[0].lines[1].get_ydata(), s * (1 - s))
    fig = output_error_curves(z, {"q": (s - 0) * s * (1 - s), "ce": s})
    assert [ln.get_label() for ln in fig.axes[0].lines][-2:] == ["q", "ce"]
    fig = learning_curves({"a": np.arange(5.0), "b": np.ones(7)})
    assert len(fig.axes[0].lines[1].get_xdata()) == 7
    for f in (fig,):
        f.canvas.draw()
