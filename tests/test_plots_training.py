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


def test_accuracy_curves_use_given_x_and_fit_the_data():
    fig = accuracy_curves({"train": [0.1, 0.5, 0.9], "test": [0.1, 0.4, 0.8]}, x=[0, 5, 10])
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [0, 5, 10])
    low, high = ax.get_ylim()
    assert low <= 0.1 and 0.9 <= high <= 0.95            # every value shows, and no empty band up to 1.02


def _overfitting_run(epochs=60, seed=0):
    """Accuracies like an overfitting run: both rise from 10 %, train reaches 100 %, test wobbles at 93–97 %."""
    rng = np.random.default_rng(seed)
    t = np.arange(epochs + 1)
    train = np.minimum(1.0, 0.1 + 0.9 * (1 - np.exp(-t / 4)) + 0.02)
    test = 0.1 + 0.85 * (1 - np.exp(-t / 4)) + rng.uniform(-0.02, 0.02, t.size)
    train[0], test[0] = 0.1, 0.1
    return train, np.clip(test, 0, 0.97)


def test_accuracy_curves_zoom_on_the_band_where_the_story_plays():
    train, test = _overfitting_run()
    fig = accuracy_curves({"train": train, "test": test})
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    late = np.concatenate([train[30:], test[30:]])
    assert low <= late.min() and high >= 1.0             # the later epochs, train at 100 % included, all show
    assert high - low < 0.2                              # 93 % and 97 % are far apart: a fifth of the axis or more
    assert 0.04 / (high - low) > 0.2
    notes = [t.get_text() for t in ax.texts]
    assert any("below" in n and "epoch 0–" in n for n in notes)   # and the figure says what fell off the axis
    assert "Below the axis" in fig.alt_text


def test_accuracy_curves_keep_the_whole_range_when_the_rise_is_the_story():
    quad = [0.1, 0.21, 0.38, 0.55, 0.72, 0.70, 0.82, 0.87, 0.90]
    ce = [0.1, 0.83, 0.94, 0.94, 0.95, 0.96, 0.94, 0.97, 0.96]
    fig = accuracy_curves({"quadratic (test)": quad, "cross-entropy (test)": ce})
    low, high = fig.axes[0].get_ylim()
    assert low <= 0.1 and high >= 0.97
    assert not [t for t in fig.axes[0].texts if "below" in t.get_text()]
    assert not [ln for ln in fig.axes[0].lines if ln.get_marker() == "*"]   # two test series: no single best


def test_accuracy_curves_mark_the_best_epoch():
    train, test = _overfitting_run()
    fig = accuracy_curves({"train": train, "test": test})
    ax = fig.axes[0]
    best = int(np.argmax(test))
    stars = [ln for ln in ax.lines if ln.get_marker() == "*"]
    assert len(stars) == 1
    assert stars[0].get_xdata()[0] == best and stars[0].get_ydata()[0] == pytest.approx(test[best])
    assert f"{100 * test[best]:.1f} %" in stars[0].get_label()
    assert f"best epoch, {best}," in fig.alt_text
    given = accuracy_curves({"train": train, "validation": test}, x=np.arange(train.size) + 1, best_epoch=7)
    stars = [ln for ln in given.axes[0].lines if ln.get_marker() == "*"]
    assert stars[0].get_xdata()[0] == 7 and stars[0].get_ydata()[0] == pytest.approx(test[6])
    none = accuracy_curves({"train": train, "test": test}, best_epoch=False)
    assert not [ln for ln in none.axes[0].lines if ln.get_marker() == "*"]
    with pytest.raises(ValueError, match="best_of"):
        accuracy_curves({"train": train, "test": test}, best_of="validation")


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
    assert len(images) == 1 and np.array_equal(images[0].get_array(), grid)
    scatters = [a for a in ax.collections if isinstance(a, PathCollection)]
    assert sorted(len(s.get_offsets()) for s in scatters)[-2:] == [5, 5]
    contours = [c for c in ax.collections if not isinstance(c, PathCollection)]
    assert len(contours) == 1                            # the boundary, the 0-contour of the grid
    segments = np.concatenate([p.vertices for p in contours[0].get_paths()])
    assert np.allclose(segments[:, 0], 0.5, atol=0.02)
    no_boundary = decision_regions(X, Y, grid=np.ones((10, 10)))
    assert [c for c in no_boundary.axes[0].collections if not isinstance(c, PathCollection)] == []
    assert any("no boundary" in t.get_text() for t in no_boundary.axes[0].texts)
    assert "no boundary" in no_boundary.alt_text
    net = Network([2, 2, 3, 2], scale=0.5, seed=1)
    fig2 = decision_regions(X, Y, net.feedforward, resolution=20)
    assert [a for a in fig2.axes[0].get_children() if isinstance(a, AxesImage)][0].get_array().shape == (20, 20)
    with pytest.raises(ValueError):
        decision_regions(X, Y)


def test_decision_regions_ring_the_misclassified_points():
    X, Y = higham()
    labels = np.argmax(Y, axis=0)
    grid = np.tile(np.linspace(0, 1, 41) - 0.45, (41, 1))     # says A left of x1 = 0.45, B right of it
    fig = decision_regions(X, Y, grid=grid)
    wrong = (X[0] > 0.45).astype(int) != labels
    rings = [c for c in fig.axes[0].collections if isinstance(c, PathCollection) and c.get_label().startswith("wrong")]
    assert len(rings) == 1
    np.testing.assert_allclose(np.sort(rings[0].get_offsets(), axis=0), np.sort(X[:, wrong].T, axis=0))
    assert rings[0].get_label() == f"wrong side: {int(wrong.sum())}"
    assert f"{int(wrong.sum())} of 10 points are on the wrong side" in fig.alt_text
    assert "(0.4, 0.4) of class B" in fig.alt_text            # a B point left of 0.45: on the A side
    everything_right = decision_regions(X, Y, grid=grid, predicted=labels)
    rings = [c for c in everything_right.axes[0].collections if c.get_label().startswith("wrong")]
    assert len(rings[0].get_offsets()) == 0 and "All 10 points are on the right side" in everything_right.alt_text
    net = Network([2, 2, 3, 2], scale=0.5, seed=1)
    fig = decision_regions(X, Y, net.feedforward)             # predicted read from the network itself
    n_wrong = int(np.sum(net.predict(X) != labels))
    assert f"wrong side: {n_wrong or 'none'}" in [c.get_label() for c in fig.axes[0].collections]


def test_digit_grid_one_image_per_column_and_titles():
    rng = np.random.default_rng(0)
    X = rng.random((64, 7))
    fig = digit_grid(X, labels=[1, 2, 3, 4, 5, 6, 7], predicted=[1, 2, 0, 4, 5, 6, 7], ncols=4)
    images = [im for ax in fig.axes for im in ax.images]
    assert len(images) == 7
    np.testing.assert_allclose(images[2].get_array(), X[:, 2].reshape(8, 8))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[2] == "0\n(true 3)" and titles[0] == "1"
    assert "0 (true 3)" in fig.alt_text
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
    assert "4 of 6 right" in fig.alt_text and "2 taken for 0" in fig.alt_text
    Y = one_hot(true, 3)
    assert confusion_counts(np.argmax(Y, axis=0), true, 3).trace() == 6
