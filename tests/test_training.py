"""Training with sgd: Higham's ten points, the digits, divergence, early stopping, History.

Floors measured on this machine (2 cores; see the numbers in each test's docstring) and
set with a margin, so a change that makes learning worse fails while seeds stay fixed.
"""

import warnings

import numpy as np
import pytest

from bpcourse import Network, data
from bpcourse.train import DivergenceError, History, sgd


@pytest.fixture(scope="module")
def digits():
    return data.digits()


def test_higham_all_ten_points_classified_after_training():
    """Higham & Higham's 2-2-3-2 sigmoid network, weights 0.5·N(0, 1), quadratic cost.

    Their single-point SGD with η = 0.05 needs about 10^6 steps; here full-batch gradient
    descent with η = 3 gets there in 3000 epochs (≈ 0.6 s). Measured final costs: seed 2
    4e-4, seed 3 4e-4 (seed 0 stays in a local minimum with 8 of 10 right, as Higham's
    runs sometimes do).
    """
    X, Y = data.higham()
    for seed in (2, 3):
        net = Network([2, 2, 3, 2], activation="sigmoid", cost="quadratic", seed=seed, scale=0.5)
        hist = sgd(net, X, Y, epochs=3000, batch_size=10, eta=3.0, seed=seed, progress=False)
        np.testing.assert_array_equal(net.predict(X), [0] * 5 + [1] * 5)
        assert hist.accuracy[-1] == 1.0
        assert hist.cost[-1] < 0.01 < hist.cost[0]


def test_higham_single_point_sgd_with_replacement_lowers_the_cost():
    """Higham's own scheme (one random point per step, η = 0.05): 2000 steps lower the cost."""
    X, Y = data.higham()
    net = Network([2, 2, 3, 2], seed=2, scale=0.5)
    hist = sgd(net, X, Y, epochs=200, batch_size=1, eta=0.05, replace=True, seed=0, progress=False,
               monitor="exact")
    assert len(hist.epoch) == 201
    assert hist.cost[-1] < hist.cost[0]


@pytest.mark.parametrize("cost, eta, floor", [("cross_entropy", 0.5, 0.93), ("quadratic", 3.0, 0.92)])
def test_digits_test_accuracy_above_the_measured_floor(digits, cost, eta, floor):
    """[64, 30, 10] sigmoid, 10 epochs of batch-10 SGD, seed 0 (≈ 0.2 s).

    Test accuracy measured over seeds 0–19 (10 epochs, batch 10):
    cross-entropy η = 0.5: min 0.946, median 0.963, max 0.973, seed 0 0.973;
    quadratic η = 3.0: min 0.943, median 0.968, max 0.976, seed 0 0.970.
    The floors sit about 2 points under the worst seed.
    """
    X_train, Y_train, X_test, Y_test = digits
    net = Network([64, 30, 10], cost=cost, seed=0)
    untrained = net.accuracy(X_test, Y_test)
    hist = sgd(net, X_train, Y_train, epochs=10, batch_size=10, eta=eta, seed=0, progress=False,
               X_val=X_test, Y_val=Y_test)
    assert net.accuracy(X_test, Y_test) >= floor
    assert hist.val_accuracy[-1] == net.accuracy(X_test, Y_test)
    assert untrained < 0.3                  # it really learned: from chance to above the floor


def test_sgd_is_reproducible_with_a_seed():
    X, Y = data.higham()
    runs = []
    for _ in range(2):
        net = Network([2, 3, 2], seed=1)
        sgd(net, X, Y, epochs=5, batch_size=3, eta=1.0, seed=7, progress=False)
        runs.append(net.weights)
    assert all(np.array_equal(a, b) for a, b in zip(*runs))


def test_one_step_is_w_minus_eta_times_the_gradient():
    X, Y = data.higham()
    net = Network([2, 3, 2], seed=1)
    before = net.copy()
    gW, gb = before.backprop(X, Y, l2=0.1)
    sgd(net, X, Y, epochs=1, batch_size=10, eta=0.7, l2=0.1, progress=False)   # one full batch = one step
    for l in range(2, net.L + 1):
        np.testing.assert_allclose(net.W(l), before.W(l) - 0.7 * gW[l - 2], rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(net.b(l), before.b(l) - 0.7 * gb[l - 2], rtol=1e-13, atol=1e-15)


def test_history_contents():
    X, Y = data.higham()
    net = Network([2, 3, 2], seed=0)
    initial_cost, initial_acc = net.cost(X, Y, l2=0.01), net.accuracy(X, Y)
    hist = sgd(net, X, Y, epochs=4, batch_size=5, eta=2.0, l2=0.01, X_val=X[:, ::2], Y_val=Y[:, ::2],
               seed=0, progress=False, monitor="exact")
    assert isinstance(hist, History) and hist.kind == "exact"
    assert hist.epoch == [0, 1, 2, 3, 4]
    assert len(hist.cost) == len(hist.accuracy) == len(hist.val_cost) == len(hist.val_accuracy) == 5
    assert hist.cost[0] == pytest.approx(initial_cost) and hist.accuracy[0] == initial_acc
    assert hist.cost[-1] == pytest.approx(net.cost(X, Y, l2=0.01))
    assert hist.accuracy[-1] == net.accuracy(X, Y)
    assert hist.val_cost[-1] == pytest.approx(net.cost(X[:, ::2], Y[:, ::2], l2=0.01))
    assert hist.val_accuracy[-1] == net.accuracy(X[:, ::2], Y[:, ::2])
    assert all(isinstance(c, float) for c in hist.cost + hist.val_cost)
    assert hist.best_epoch == 1 + int(np.argmax(hist.val_accuracy[1:]))
    assert hist.stopped_early is False
    assert set(hist.as_dict()) == {"epoch", "cost", "accuracy", "val_cost", "val_accuracy"}
    assert repr(hist).startswith("History(epoch 4: cost ")
    # without validation data the validation lists stay empty
    bare = sgd(Network([2, 3, 2], seed=0), X, Y, epochs=2, batch_size=5, eta=1.0, progress=False)
    assert bare.val_cost == [] and bare.val_accuracy == [] and bare.best_epoch is None
    assert repr(History()) == "History(empty)"


def test_callback_is_called_after_each_epoch():
    X, Y = data.higham()
    seen = []
    sgd(Network([2, 3, 2], seed=0), X, Y, epochs=3, batch_size=5, eta=1.0, progress=False,
        callback=lambda epoch, net, hist: seen.append((epoch, len(hist.epoch))))
    assert seen == [(1, 1), (2, 2), (3, 3)]


def test_divergence_names_the_epoch_and_eta_and_restores_the_weights():
    X, Y = data.higham()
    net = Network([2, 3, 2], activation="identity", seed=0)
    sgd(net, X, Y, epochs=2, batch_size=5, eta=0.01, seed=0, progress=False)    # two calm epochs first
    start = [p.copy() for p in net.weights + net.biases]
    finished = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")       # no RuntimeWarning overflow spam either
        with pytest.raises(DivergenceError, match=r"the cost became (nan|inf) at epoch \d+ with learning rate "
                                                  r"eta=1e\+06.*Try a smaller eta \(say 100000\)") as info:
            sgd(net, X, Y, epochs=5, batch_size=1, eta=1e6, seed=0, progress=False,
                callback=lambda epoch, n, hist: finished.append(epoch))
    assert finished == []
    assert "at epoch 1 " in str(info.value) and "start of epoch 1." in str(info.value)
    after = net.weights + net.biases
    # nothing lost: the weights are those we had before the call, and still work
    assert all(np.array_equal(a, b) for a, b in zip(after, start)), "weights were not restored"
    assert np.isfinite(net.cost(X, Y))
    assert issubclass(DivergenceError, FloatingPointError)


def test_divergence_in_a_later_epoch_restores_that_epochs_start():
    """η that grows the weights slowly: the error names the epoch it happened in, and nothing is lost."""
    X, Y = data.higham()
    net = Network([2, 3, 2], activation="identity", seed=0)
    snapshots = {0: [p.copy() for p in net.weights + net.biases]}

    def remember(epoch, n, hist):
        snapshots[epoch] = [p.copy() for p in n.weights + n.biases]

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError) as info:
            sgd(net, X, Y, epochs=200, batch_size=5, eta=0.9, seed=0, progress=False, callback=remember)
    epoch = max(snapshots) + 1
    assert f"at epoch {epoch} with learning rate eta=0.9" in str(info.value)
    assert epoch > 1
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, snapshots[epoch - 1]))


def test_early_stopping_restores_the_best_weights(digits):
    X_train, Y_train, X_test, Y_test = digits
    X_train, Y_train = X_train[:, :300], Y_train[:, :300]
    X_val, Y_val = X_test[:, :100], Y_test[:, :100]
    snapshots = {}

    def remember(epoch, n, hist):
        snapshots[epoch] = [p.copy() for p in n.weights + n.biases]

    net = Network([64, 20, 10], cost="cross_entropy", seed=0)
    hist = sgd(net, X_train, Y_train, epochs=60, batch_size=10, eta=0.5, seed=0, progress=False,
               X_val=X_val, Y_val=Y_val, early_stopping=3, callback=remember)
    assert hist.stopped_early
    best = hist.best_epoch
    assert hist.epoch == list(range(1, hist.epoch[-1] + 1))   # epochs 1, 2, …: no epoch 0 by default
    i = hist.epoch.index(best)
    assert hist.val_accuracy[i] == max(hist.val_accuracy)
    assert hist.epoch[-1] == best + 3 < 60                    # stopped 3 epochs after the best
    assert max(hist.val_accuracy[i + 1:]) <= hist.val_accuracy[i]
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, snapshots[best]))
    assert net.accuracy(X_val, Y_val) == hist.val_accuracy[i]
    assert not all(np.array_equal(a, b) for a, b in zip(snapshots[hist.epoch[-1]], snapshots[best]))


def test_without_monitoring_the_training_cost_is_not_recorded_but_training_is_the_same():
    X, Y = data.higham()
    a, b = Network([2, 3, 2], seed=0), Network([2, 3, 2], seed=0)
    ha = sgd(a, X, Y, epochs=3, batch_size=3, eta=1.0, seed=4, progress=False, X_val=X, Y_val=Y)
    hb = sgd(b, X, Y, epochs=3, batch_size=3, eta=1.0, seed=4, progress=False, X_val=X, Y_val=Y, monitor=False)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))
    assert hb.epoch == [1, 2, 3] and hb.cost == [] and hb.accuracy == [] and hb.kind is None
    assert hb.val_cost == ha.val_cost and hb.val_accuracy == ha.val_accuracy
    assert "epoch 3: val cost" in repr(hb)
    bare = sgd(Network([2, 3, 2], seed=0), X, Y, epochs=1, batch_size=3, eta=1.0, progress=False, monitor=False)
    assert repr(bare) == "History(epoch 1: not monitored)"


def test_without_monitoring_divergence_is_still_caught_and_the_weights_restored():
    X, Y = data.higham()
    net = Network([2, 3, 2], activation="identity", seed=0)
    start = [p.copy() for p in net.weights + net.biases]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError, match=r"the weights became NaN or infinite at epoch 1 with learning "
                                                  r"rate eta=1e\+200"):
            sgd(net, X, Y, epochs=3, batch_size=1, eta=1e200, seed=0, progress=False, monitor=False)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, start))


def test_default_history_is_the_running_mean_of_the_batch_costs():
    """monitor="batches": each epoch's cost is the mean over its mini-batches of the cost measured on
    the batch just before its step (weighted by the batch's size), and likewise the accuracy."""
    X, Y = data.higham()
    net = Network([2, 3, 2], seed=0)
    probe = net.copy()
    expected_cost, expected_acc = [], []
    rng = np.random.default_rng(5)
    for _ in range(3):                               # the same steps by hand: shuffle, batches of 4, 4, 2
        order = rng.permutation(10)
        costs, hits = [], 0
        for k in range(0, 10, 4):
            idx = order[k:k + 4]
            costs.append(probe.cost(X[:, idx], Y[:, idx], l2=0.05) * len(idx))
            hits += int(np.sum(probe.predict(X[:, idx]) == Network.classes(Y[:, idx])))
            gW, gb = probe.backprop(X[:, idx], Y[:, idx], l2=0.05)
            for l, g, h in zip(probe.layers, gW, gb):
                probe.W(l)[...] -= 1.5 * g
                probe.b(l)[...] -= 1.5 * h
        expected_cost.append(sum(costs) / 10)
        expected_acc.append(hits / 10)
    hist = sgd(net, X, Y, epochs=3, batch_size=4, eta=1.5, l2=0.05, seed=5, progress=False)
    assert hist.kind == "batches" and hist.epoch == [1, 2, 3]
    np.testing.assert_allclose(hist.cost, expected_cost, rtol=1e-12)
    assert hist.accuracy == expected_acc
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, probe.weights + probe.biases))
    # not the exact cost after the epoch: that is a different number
    assert hist.cost[-1] != pytest.approx(net.cost(X, Y, l2=0.05), rel=1e-6)


def test_monitor_must_be_a_known_kind():
    X, Y = data.higham()
    with pytest.raises(ValueError, match="monitor must be 'batches', 'exact' or False"):
        sgd(Network([2, 3, 2], seed=0), X, Y, epochs=1, batch_size=5, eta=1.0, progress=False, monitor="full")
