"""Mini-batch stochastic gradient descent with L2 weight decay.

One step on a mini-batch B of m examples: W^l ← W^l − η ∂J/∂W^l and b^l ← b^l − η ∂J/∂b^l,
where J = (1/m) Σ_{x∈B} C_x + (λ/2) Σ_l ‖W^l‖² (the UFLDL form of weight decay, λ = ``l2``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpcourse import _checks

Array = np.ndarray


class DivergenceError(FloatingPointError):
    """The cost became NaN or infinite during training (usually: η is too large)."""


@dataclass
class History:
    """Per-epoch record of a training run (epoch 0 is before any step)."""

    epoch: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_cost: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    stopped_early: bool = False
    best_epoch: int | None = None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("epoch", "cost", "accuracy", "val_cost", "val_accuracy")}

    def __repr__(self) -> str:
        if not self.epoch:
            return "History(empty)"
        parts = []
        if self.cost:
            parts.append(f"cost {self.cost[-1]:.4g}, accuracy {self.accuracy[-1]:.3f}")
        if self.val_cost:
            parts.append(f"val cost {self.val_cost[-1]:.4g}, val accuracy {self.val_accuracy[-1]:.3f}")
        return f"History({len(self.epoch) - 1} epochs; epoch {self.epoch[-1]}: {', '.join(parts) or 'not monitored'})"


def _batches(m: int, batch_size: int, rng, replace: bool):
    """Index arrays of the mini-batches of one epoch."""
    if replace:  # each step draws batch_size examples at random, with replacement
        for _ in range(max(1, m // batch_size)):
            yield rng.integers(0, m, size=batch_size)
    else:        # shuffle, then cut into consecutive batches (the last may be smaller)
        order = rng.permutation(m)
        for k in range(0, m, batch_size):
            yield order[k:k + batch_size]


def sgd(net, X, Y, *, epochs, batch_size, eta, l2=0.0, X_val=None, Y_val=None, seed=None,
        progress=True, replace=False, early_stopping=None, callback=None, monitor=True) -> History:
    """Train ``net`` in place by mini-batch SGD and return the per-epoch :class:`History`.

    Parameters
    ----------
    net : Network.
    X, Y : (n_1, m) inputs and (n_L, m) targets, one column per example.
    epochs : number of passes over the data.
    batch_size : examples per step; 1 is single-sample SGD, m is batch gradient descent.
    eta : learning rate η > 0.
    l2 : weight-decay strength λ ≥ 0.
    X_val, Y_val : optional validation data, recorded each epoch.
    seed : seeds the shuffling (``np.random.default_rng``).
    progress : show a tqdm progress bar over the epochs.
    replace : draw each mini-batch at random with replacement (Higham & Higham's
        "pick a random point" SGD) instead of shuffling once per epoch.
    early_stopping : int or None. With validation data, stop once the validation
        accuracy has not improved for this many epochs, and restore the best weights.
    callback : optional ``callback(epoch, net, history)`` called after each epoch.
    monitor : record the training cost and accuracy before training and after each epoch
        (one forward pass over all of X each time). With False, ``history.cost`` and
        ``history.accuracy`` stay empty, which saves that pass on large data sets, and
        divergence is detected from the weights turning NaN or infinite.

    Raises
    ------
    DivergenceError if the cost turns NaN or infinite; the weights are then restored
    to those at the start of the epoch that diverged.
    """
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size")
    eta = _checks.real_number(eta, "eta", positive=True)
    l2 = _checks.real_number(l2, "l2", nonnegative=True)
    net._check_params()
    X, Y = net._check_XY(X, Y)
    m = X.shape[1]
    if batch_size > m:
        raise ValueError(f"batch_size {batch_size} is larger than the {m} training examples")
    has_val = X_val is not None or Y_val is not None
    if has_val:
        if X_val is None or Y_val is None:
            raise ValueError("give both X_val and Y_val, or neither")
        X_val, Y_val = net._check_XY(X_val, Y_val)
    if early_stopping is not None:
        early_stopping = _checks.positive_int(early_stopping, "early_stopping")
        if not has_val:
            raise ValueError("early_stopping needs validation data: pass X_val and Y_val")

    rng = np.random.default_rng(seed)
    hist = History()
    best = None  # (val accuracy, epoch, weights, biases)

    def diverged(what: str, epoch: int) -> DivergenceError:
        return DivergenceError(
            f"the {what} at epoch {epoch} with learning rate eta={eta:g}: "
            f"the steps are too large. Try a smaller eta (say {eta / 10:g}); the weights "
            f"were restored to those at the start of epoch {epoch}.")

    def record(epoch: int) -> None:
        if monitor:
            with np.errstate(over="ignore", invalid="ignore"):  # a diverged cost is reported just below
                cost, accuracy = _cost_and_accuracy(net, X, Y, l2)
            if not np.isfinite(cost):
                raise diverged(f"cost became {cost}", epoch)
            hist.cost.append(cost)
            hist.accuracy.append(accuracy)
        elif not all(np.all(np.isfinite(p)) for p in net.weights + net.biases):
            raise diverged("weights became NaN or infinite", epoch)
        hist.epoch.append(epoch)
        if has_val:
            with np.errstate(over="ignore", invalid="ignore"):
                val_cost, val_accuracy = _cost_and_accuracy(net, X_val, Y_val, l2)
            hist.val_cost.append(val_cost)
            hist.val_accuracy.append(val_accuracy)

    # Lay the examples out as rows once, each example contiguous in memory, so a mini-batch
    # is gathered by copying whole rows; .T turns it back into columns (a view, no copy).
    X_rows, Y_rows = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)

    record(0)
    bar = _progress_bar(epochs) if progress else None
    try:
        for epoch in range(1, epochs + 1):
            saved = ([W.copy() for W in net.weights], [b.copy() for b in net.biases])
            with np.errstate(over="ignore", invalid="ignore"):
                for idx in _batches(m, batch_size, rng, replace):
                    X_batch, Y_batch = X_rows.take(idx, axis=0).T, Y_rows.take(idx, axis=0).T
                    grad_W, grad_b = net._backprop(X_batch, Y_batch, l2)
                    for W, b, gW, gb in zip(net.weights, net.biases, grad_W, grad_b):
                        W -= eta * gW
                        b -= eta * gb
            try:
                record(epoch)
            except DivergenceError:
                net.weights, net.biases = saved
                raise
            if bar is not None:
                bar.update(1)
                if monitor:
                    bar.set_postfix(cost=f"{hist.cost[-1]:.4f}", acc=f"{hist.accuracy[-1]:.3f}")
            if callback is not None:
                callback(epoch, net, hist)
            if has_val and (best is None or hist.val_accuracy[-1] > best[0]):
                best = (hist.val_accuracy[-1], epoch, [W.copy() for W in net.weights],
                        [b.copy() for b in net.biases])
            if early_stopping is not None and epoch - best[1] >= early_stopping:
                hist.stopped_early = True
                break
    finally:
        if bar is not None:
            bar.close()
    if has_val:
        hist.best_epoch = best[1]
        if early_stopping is not None:
            net.weights, net.biases = best[2], best[3]
    return hist


def _cost_and_accuracy(net, X: Array, Y: Array, l2: float) -> tuple[float, float]:
    """``net.cost(X, Y, l2)`` and ``net.accuracy(X, Y)`` from one forward pass."""
    A = net._forward(X)[1][-1]
    cost = float(np.real(net._cost_of_output(A, Y, l2)))
    return cost, float(np.mean(net._classes(A) == net._classes(Y)))


def _progress_bar(total: int):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="epochs", unit="epoch")
