"""The training figures build from plain arrays and hold the artists they promise."""

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from bpcourse.data import higham, one_hot
from bpcourse.network import Network
from bpcourse.plots.training import (
    accuracy_curves,
    confusion_counts,
    confusion_matrix,
    cost_curves,
    decision_regions,
    digit_grid,
    region_grid,
)


def test_cost_curves_one_line_per_run_with_the_data():
    runs = {"η = 0.1": np.linspace(1, 0.1, 20), "η = 1": np.geomspace(1, 1e-3, 30)}
    fig = cost_curves(runs, xlabel="epoch")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    np.testing.assert_allclose(ax.lines[1].get_ydata(), runs["η = 1"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(runs)
    assert ax.get_xlabel() == "epoch"


def test_accuracy_curves_use_given_x_and_unit_range():
    fig = accuracy_curves({"train": [0.1, 0.5, 0.9], "test": [0.1, 0.4, 0.8]}, x=[0, 5, 10])
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [0, 5, 10])
    assert ax.get_ylim() == pytest.approx((0, 1.02))


def test_region_grid_matches_the_network_output():
    net = Network([2, 2, 3, 2], scale=0.5, seed=1)
    grid = region_grid(net.feedforward, resolution=7)
    assert grid.shape == (7, 7)
    A = net.feedforward(np.array([[1.0], [0.5]]))       # x1 = 1 is the last column, x2 = 0.5 the middle row
    assert grid[3, 6] == pytest.approx(A[1, 0] - A[0, 0])


def test_decision_regions_draws_points_image_and_boundary():
    X, Y = higham()
    grid = np.tile(np.linspace(-1, 1, 40), (40, 1))      # boundary at x1 = 0.5
    fig = decision_regions(X, Y, grid=grid, title="test")
    ax = fig.axes[0]
    images = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    scatters = [a for a in ax.collections if isinstance(a, PathCollection)]
    assert len(images) == 1 and np.array_equal(images[0].get_array(), grid)
    assert sorted(len(s.get_offsets()) for s in scatters) == [5, 5]
    assert len(ax.collections) == 3                      # two classes of points and the boundary contour
    no_boundary = decision_regions(X, Y, grid=np.ones((10, 10)))
    assert len(no_boundary.axes[0].collections) == 2     # the network says B everywhere: nothing to draw
    net = Network([2, 2, 3, 2], scale=0.5, seed=1)
    fig2 = decision_regions(X, Y, net.feedforward, resolution=20)
    assert [a for a in fig2.axes[0].get_children() if isinstance(a, AxesImage)][0].get_array().shape == (20, 20)
    with pytest.raises(ValueError):
        decision_regions(X, Y)


def test_digit_grid_one_image_per_column_and_titles():
    rng = np.random.default_rng(0)
    X = rng.random((64, 7))
    fig = digit_grid(X, labels=[1, 2, 3, 4, 5, 6, 7], predicted=[1, 2, 0, 4, 5, 6, 7], ncols=4)
    images = [im for ax in fig.axes for im in ax.images]
    assert len(images) == 7
    np.testing.assert_allclose(images[2].get_array(), X[:, 2].reshape(8, 8))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[2] == "0 (true 3)" and titles[0] == "1"
    assert len(fig.axes) == 8                    # 2 rows of 4, the last one blank
    with pytest.raises(ValueError):
        digit_grid(rng.random((10, 3)))


def test_confusion_counts_and_figure():
    true = np.array([0, 0, 1, 2, 2, 2])
    pred = np.array([0, 1, 1, 2, 0, 2])
    counts = confusion_counts(true, pred, 3)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert counts.sum() == true.size
    fig = confusion_matrix(true, pred, 3)
    ax = fig.axes[0]
    assert len(ax.images) == 1
    np.testing.assert_array_equal(ax.images[0].get_array(), counts)
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "1", "1", "2"]   # one label per non-zero cell
    assert "4 of 6" in ax.get_title()
    Y = one_hot(true, 3)
    assert confusion_counts(np.argmax(Y, axis=0), true, 3).trace() == 6
