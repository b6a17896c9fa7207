"""The demos of notebooks 08 and 09 show the numbers the package computes, and their figures move."""

import numpy as np
import pytest

from bpcourse.data import digits, higham
from bpcourse.network import Network
from bpcourse.train import sgd
from bpcourse.widgets import digits_training_demo, higham_training_demo, learning_rate_demo
from bpcourse.widgets.descent import BOWL_CURVATURES, BOWL_START, COST_THRESHOLD


@pytest.fixture(scope="module")
def lr_demo():
    return learning_rate_demo()


@pytest.fixture(scope="module")
def higham_demo():
    return higham_training_demo()


@pytest.fixture(scope="module")
def digits_demo():
    return digits_training_demo()


def _bowl_costs(eta, steps):
    """Closed form: on C = ½ Σ λ_i p_i², gradient descent gives p_k = (1 − ηλ)^k p_0."""
    lam, p0 = np.array(BOWL_CURVATURES), np.array(BOWL_START)
    k = np.arange(steps + 1)[:, None]
    P = (1 - eta * lam) ** k * p0
    return 0.5 * np.sum(lam * P**2, axis=1)


@pytest.mark.parametrize("eta", [0.001, 0.01, 0.05, 0.12, 0.19, 0.25, 0.3])
def test_learning_rate_readout_matches_closed_form(lr_demo, eta):
    lr_demo.sliders["eta"].value = eta
    eta = lr_demo.sliders["eta"].value                    # the log slider may round to its step
    r = lr_demo.readout
    costs = _bowl_costs(eta, 60)
    assert r["eta"] == pytest.approx(eta)
    assert r["final_cost"] == pytest.approx(costs[-1], rel=1e-9)
    below = np.flatnonzero(costs < COST_THRESHOLD)
    assert r["steps_to_threshold"] == (int(below[0]) if below.size else "never")
    # gradient descent on this bowl diverges exactly when η > 2 / κ_max = 0.2 (κ_max the largest curvature)
    assert r["diverged"] == ("yes" if eta > 2 / max(BOWL_CURVATURES) else "no")


def test_learning_rate_demo_names_the_curvatures_as_notebook_08_does(lr_demo):
    """Notebook 08 calls the bowl's curvatures κ (λ is the weight decay from notebook 09 on)."""
    title = lr_demo.fig.axes[1].get_title()
    assert title == "stable only for $\\eta < 2/\\kappa_{\\mathrm{max}}$ = 0.2"
    assert "lambda" not in title


def test_learning_rate_figure_changes(lr_demo):
    lr_demo.sliders["eta"].value = 0.01
    path_small, png_small = lr_demo.fig.axes[0].lines[1].get_xydata().copy(), lr_demo.png   # the path
    lr_demo.sliders["eta"].value = 0.15
    path_good = lr_demo.fig.axes[0].lines[1].get_xydata()
    assert not np.allclose(path_small, path_good)
    assert png_small != lr_demo.png
    assert np.linalg.norm(path_good[-1]) < 1e-3 < np.linalg.norm(path_small[-1])   # 0.15 reaches the minimum
    assert np.median(lr_demo.timings) < 1.0


def test_higham_readout_matches_a_fresh_run(higham_demo):
    X, Y = higham()
    net = Network([2, 2, 3, 2], scale=0.5, seed=3)
    sgd(net, X, Y, epochs=200, batch_size=10, eta=2.0, seed=3, progress=False)
    higham_demo.sliders["epoch"].value = 200
    r = higham_demo.readout
    assert r["epoch"] == 200
    assert r["cost"] == pytest.approx(net.cost(X, Y), rel=1e-9)          # the exact cost of all ten points
    correct = int(np.sum(net.predict(X) == np.argmax(Y, axis=0)))
    assert r["correct"] == f"{correct} / 10"


def test_higham_run_ends_with_all_ten_right_and_the_picture_moves(higham_demo):
    higham_demo.sliders["epoch"].value = 0
    image = higham_demo.fig.axes[0].images[0]
    start, png_start = image.get_array().copy(), higham_demo.png
    assert higham_demo.readout["correct"] != "10 / 10"
    higham_demo.sliders["epoch"].value = 1300
    assert higham_demo.readout["correct"] == "10 / 10"
    assert higham_demo.readout["cost"] < 0.1
    assert not np.allclose(start, image.get_array())
    assert png_start != higham_demo.png


def test_digits_readout_matches_a_fresh_run(digits_demo):
    X_train, Y_train, X_test, Y_test = digits()
    net = Network([64, 30, 10], cost="cross_entropy", seed=0)
    sgd(net, X_train, Y_train, epochs=2, batch_size=10, eta=0.5, seed=0, progress=False)
    digits_demo.sliders["epoch"].value = 2
    r = digits_demo.readout
    assert r["train_accuracy"] == pytest.approx(net.accuracy(X_train, Y_train))
    assert r["test_accuracy"] == pytest.approx(net.accuracy(X_test, Y_test))
    wrong = int(np.sum(net.predict(X_test) != np.argmax(Y_test, axis=0)))
    assert r["test_mistakes"] == f"{wrong} of {Y_test.shape[1]}"


def test_digits_mosaic_shows_the_mistakes(digits_demo):
    X_train, Y_train, X_test, Y_test = digits()
    digits_demo.sliders["epoch"].value = 1
    labels_1 = [t.get_text() for t in digits_demo.fig.axes[1].texts]
    mosaic_1 = digits_demo.fig.axes[1].images[0].get_array().copy()
    png_1 = digits_demo.png
    n_wrong = int(digits_demo.readout["test_mistakes"].split()[0])
    assert sum(bool(t) for t in labels_1) == min(12, n_wrong)
    net = Network([64, 30, 10], cost="cross_entropy", seed=0)
    sgd(net, X_train, Y_train, epochs=1, batch_size=10, eta=0.5, seed=0, progress=False)
    predicted, true = net.predict(X_test), np.argmax(Y_test, axis=0)
    first_wrong = np.flatnonzero(predicted != true)[:12]
    # each label as in the notebook's static figure: the answer, then "(true t)" on a second line
    assert labels_1[:first_wrong.size] == [f"{predicted[i]}\n(true {true[i]})" for i in first_wrong]
    ticks = digits_demo.fig.axes[0].get_xticks()
    shown = ticks[(ticks >= 0) & (ticks <= 15)]
    assert shown.size >= 3 and np.all(shown == np.round(shown))   # whole epochs only
    digits_demo.sliders["epoch"].value = 15
    assert digits_demo.readout["test_accuracy"] > 0.95
    assert not np.array_equal(np.nan_to_num(mosaic_1), np.nan_to_num(digits_demo.fig.axes[1].images[0].get_array()))
    assert png_1 != digits_demo.png


@pytest.mark.parametrize("epoch", [0, 500, 1000, 1300])
def test_higham_boundary_separates_the_regions_and_the_wrong_points_are_ringed(higham_demo, epoch):
    X, Y = higham()
    higham_demo.sliders["epoch"].value = epoch
    net = Network([2, 2, 3, 2], scale=0.5, seed=3)
    if epoch:
        sgd(net, X, Y, epochs=epoch, batch_size=10, eta=2.0, seed=3, progress=False)
    wrong = net.predict(X) != np.argmax(Y, axis=0)
    ring = higham_demo.fig.axes[0].lines[2]                        # the rings round the wrong points (after A, B)
    assert np.allclose(np.column_stack([ring.get_xdata(), ring.get_ydata()]), X[:, wrong].T)
    assert higham_demo.readout["correct"] == f"{int(np.sum(~wrong))} / 10"
    # the boundary lies where the two outputs are equal: a^L_2 − a^L_1 changes sign across it
    segments = higham_demo.fig.axes[0].collections[0].get_segments()
    g = np.linspace(0, 1, 60)
    grid = net.feedforward(np.vstack([np.repeat(g, 60), np.tile(g, 60)]))
    both_classes = np.any(grid[1] > grid[0]) and np.any(grid[1] < grid[0])
    assert bool(segments) == both_classes, "a boundary is drawn exactly when the square holds both classes"
    for seg in segments:
        mid = seg[len(seg) // 2]
        a = net.feedforward(mid.reshape(2, 1))
        assert abs(a[1, 0] - a[0, 0]) < 0.05 * (1 + abs(a).max())


def test_learning_rate_demo_says_when_the_path_leaves_the_plot(lr_demo):
    lr_demo.sliders["eta"].value = 10 ** -0.5                      # diverges
    notes = [t.get_text() for ax in lr_demo.fig.axes for t in ax.texts]
    assert any("off this plot" in n for n in notes) and any("C > 1e+06" in n for n in notes)
    lr_demo.sliders["eta"].value = 0.1
    notes = [t.get_text() for ax in lr_demo.fig.axes for t in ax.texts]
    assert not any("off this plot" in n for n in notes)
