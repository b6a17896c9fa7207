"""Mini-batch stochastic gradient descent with L2 weight decay (and, optionally, dropout).

One step on a mini-batch B of m examples: W^l ← W^l − η ∂J/∂W^l and b^l ← b^l − η ∂J/∂b^l,
where J = (1/m) Σ_{x∈B} C_x + (λ/2) Σ_l ‖W^l‖² (the UFLDL form of weight decay, λ = ``l2``;
Nielsen's book writes (λ/2n) Σ w², so its λ is n times this one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpcourse import _checks
from bpcourse.network import Network

Array = np.ndarray

MONITOR_KINDS = ("batches", "exact", False)


class DivergenceError(FloatingPointError):
    """The cost became NaN or infinite during training (usually: η is too large)."""


@dataclass
class History:
    """Per-epoch record of a training run.

    ``kind`` says what ``cost`` and ``accuracy`` hold:

    * ``"batches"`` (the default of :func:`sgd`): for epochs 1, 2, …, the mean over the
      epoch's mini-batches of each batch's cost and accuracy, measured on the batch just
      before its step (what a PyTorch user prints). It costs nothing extra, but it mixes
      weights from the start and the end of the epoch, and includes dropout if used.
    * ``"exact"``: the cost and accuracy of the whole training set under the weights at the
      end of each epoch, from epoch 0 (before any step) on. One forward pass over the data
      per epoch.
    * ``None``: no training figures.

    ``val_cost`` and ``val_accuracy`` are always exact, for the epochs in ``epoch``.
    """

    epoch: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_cost: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    stopped_early: bool = False
    best_epoch: int | None = None
    kind: str | None = "batches"

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("epoch", "cost", "accuracy", "val_cost", "val_accuracy")}

    def __repr__(self) -> str:
        if not self.epoch:
            return "History(empty)"
        parts = []
        if self.cost:
            parts.append(f"cost {self.cost[-1]:.4g}, accuracy {self.accuracy[-1]:.3f} ({self.kind})")
        if self.val_cost:
            parts.append(f"val cost {self.val_cost[-1]:.4g}, val accuracy {self.val_accuracy[-1]:.3f}")
        return f"History(epoch {self.epoch[-1]}: {', '.join(parts) or 'not monitored'})"


def sgd(net, X, Y, *, epochs, batch_size, eta, l2=0.0, X_val=None, Y_val=None, seed=None,
        progress=True, replace=False, early_stopping=None, callback=None, monitor="batches",
        dropout=0.0) -> History:
    """Train ``net`` in place by mini-batch SGD and return the per-epoch :class:`History`.

    Parameters
    ----------
    net : Network.
    X, Y : (n_1, m) inputs and (n_L, m) targets, one column per example.
    epochs : number of passes over the data.
    batch_size : examples per step; 1 is single-sample SGD, m is batch gradient descent.
    eta : learning rate η > 0.
    l2 : weight-decay strength λ ≥ 0 (the cost gains (λ/2) Σ‖W^l‖²).
    X_val, Y_val : optional validation data, evaluated exactly after each epoch.
    seed : seeds the shuffling and the dropout masks (``np.random.default_rng``).
    progress : show a tqdm progress bar over the epochs.
    replace : draw each mini-batch at random with replacement (Higham & Higham's
        "pick a random point" SGD) instead of shuffling once per epoch.
    early_stopping : int or None. With validation data, stop once the validation
        accuracy has not improved for this many epochs, and restore the best weights.
    callback : optional ``callback(epoch, net, history)`` called after each epoch.
    monitor : what ``history.cost`` and ``history.accuracy`` record (see :class:`History`):
        ``"batches"`` (default, the running mean over each epoch's mini-batches),
        ``"exact"`` (the whole training set, before training and after each epoch), or False.
    dropout : p in [0, 1), the probability of dropping each hidden neuron for one mini-batch
        (inverted dropout: kept activations are scaled by 1/(1 − p), so nothing changes at
        test time). p = 0 trains exactly as without dropout.

    Raises
    ------
    DivergenceError if the cost or the weights turn NaN or infinite; the weights are then
    restored to those at the start of the epoch that diverged.
    """
    if not isinstance(net, Network):
        raise TypeError(f"sgd's first argument must be the Network to train, got {type(net).__name__}; "
                        "call sgd(net, X, Y, epochs=..., batch_size=..., eta=...)")
    epochs = _checks.positive_int(epochs, "epochs")
    batch_size = _checks.positive_int(batch_size, "batch_size")
    eta = _checks.real_number(eta, "eta", positive=True)
    l2 = _checks.real_number(l2, "l2", nonnegative=True)
    dropout = _check_dropout(dropout)
    if monitor is True:
        monitor = "exact"
    if monitor not in MONITOR_KINDS:
        raise ValueError(f"monitor must be 'batches', 'exact' or False, got {monitor!r}")
    net.check_params()
    for l in net.layers:
        if np.iscomplexobj(net.W(l)) or np.iscomplexobj(net.b(l)):
            raise TypeError(f"W^{l} or b^{l} is complex: sgd trains real parameters (complex ones are only for "
                            "the complex-step derivative)")
    X, Y = net.check_data(X, Y)
    if batch_size > X.shape[1]:
        raise ValueError(f"batch_size {batch_size} is larger than the {X.shape[1]} training examples")
    validation = _validation_data(net, X_val, Y_val, early_stopping)
    rng = np.random.default_rng(seed)
    recorder = _Recorder(net, X, Y, validation, l2, eta, monitor)
    best = _BestWeights(early_stopping)

    X_rows, Y_rows = _rows(X), _rows(Y)

    recorder.before_training()
    with _ProgressBar(epochs, progress) as bar:
        for epoch in range(1, epochs + 1):
            recorder.start_epoch()
            with np.errstate(over="ignore", invalid="ignore"):   # a diverging run is reported by end_epoch
                for X_batch, Y_batch in _mini_batches(X_rows, Y_rows, batch_size, rng, replace):
                    masks = _dropout_masks(net, dropout, X_batch.shape[1], rng)
                    errors = net.errors(X_batch, Y_batch, check=False, masks=masks)   # forward, BP1, BP2
                    recorder.batch(errors, Y_batch)
                    grad_W, grad_b = net.gradients(errors, l2)                         # BP3, BP4 (+ λ W^l)
                    for l, g_W, g_b in zip(net.layers, grad_W, grad_b):
                        net.W(l)[...] -= _times(eta, g_W)                              # W^l ← W^l − η ∂C/∂W^l
                        net.b(l)[...] -= _times(eta, g_b)                              # b^l ← b^l − η ∂C/∂b^l
            recorder.end_epoch(epoch)                   # raises DivergenceError, weights restored
            bar.show(recorder.history)
            if callback is not None:
                callback(epoch, net, recorder.history)
            if best.update(epoch, net, recorder.history):
                break
    best.finish(net, recorder.history)
    return recorder.history


# -- the named pieces of the loop ----------------------------------------------------------------

def _check_dropout(p) -> float:
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise TypeError(f"dropout must be a probability p with 0 <= p < 1, got {p!r}")
    p = float(p)
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout must be a probability p with 0 <= p < 1 (the chance of dropping a hidden "
                         f"neuron; p = 1 would drop them all), got {p}")
    return p


def _validation_data(net: Network, X_val, Y_val, early_stopping):
    """(X_val, Y_val) checked, or None; early stopping needs them."""
    if X_val is None and Y_val is None:
        if early_stopping is not None:
            raise ValueError("early_stopping needs validation data: pass X_val and Y_val")
        return None
    if X_val is None or Y_val is None:
        raise ValueError("give both X_val and Y_val, or neither")
    return net.check_data(X_val, Y_val, names=("X_val", "Y_val"))


def _times(eta: float, gradient: Array) -> Array:
    """η · gradient, written into the gradient's own array (a fresh one each step) instead of a new one."""
    gradient *= eta
    return gradient


def _mini_batches(X_rows: Array, Y_rows: Array, batch_size: int, rng, replace: bool):
    """The mini-batches of one epoch, as (X_batch, Y_batch) with one column per example.

    ``X_rows`` and ``Y_rows`` hold one example per row (see :func:`_rows`). Without ``replace``:
    shuffle, then cut into consecutive batches (the last may be smaller). With it: each batch
    draws ``batch_size`` examples at random, with replacement.
    """
    m = X_rows.shape[0]
    if replace:
        batches = (rng.integers(0, m, size=batch_size) for _ in range(max(1, m // batch_size)))
    else:
        order = rng.permutation(m)
        batches = (order[k:k + batch_size] for k in range(0, m, batch_size))
    for idx in batches:
        yield X_rows[idx].T, Y_rows[idx].T


def _rows(A: Array) -> Array:
    """A with each example laid out contiguously in memory (as rows), so that a mini-batch of
    random examples is gathered by copying whole rows; ``.T`` of the result is A again."""
    return A.T if A.T.flags.c_contiguous else np.ascontiguousarray(A.T)


def _dropout_masks(net: Network, p: float, m: int, rng) -> dict | None:
    """Inverted dropout: r^l_j = 0 with probability p, else 1/(1 − p), for each hidden layer l."""
    if p == 0.0:
        return None
    return {l: (rng.random((net.sizes[l - 1], m)) >= p) / (1.0 - p) for l in range(2, net.L)}


class _Recorder:
    """Fills the History: the training figures of the chosen kind, the validation figures,
    and the divergence check that restores the weights of the epoch's start."""

    def __init__(self, net: Network, X, Y, validation, l2: float, eta: float, monitor):
        self.net, self.X, self.Y, self.validation, self.l2, self.eta = net, X, Y, validation, l2, eta
        self.monitor = monitor
        self.history = History(kind=monitor or None)
        self.saved = None

    def before_training(self) -> None:
        if self.monitor == "exact":
            self._record(0)

    def start_epoch(self) -> None:
        self.saved = ([W.copy() for W in self.net.weights], [b.copy() for b in self.net.biases])
        self.costs, self.hits, self.count = [], 0, 0

    def batch(self, errors, Y_batch: Array) -> None:
        """Note the cost and accuracy of the batch just computed, before its step."""
        if self.monitor == "batches":
            a_L = errors.a(self.net.L)
            with np.errstate(over="ignore", invalid="ignore"):
                self.costs.append(float(self.net.cost_of_output(a_L, Y_batch, self.l2)) * a_L.shape[1])
            self.hits += int(np.sum(self.net.classes(a_L) == self.net.classes(Y_batch)))
            self.count += a_L.shape[1]

    def end_epoch(self, epoch: int) -> None:
        try:
            if self.monitor == "batches":
                cost = sum(self.costs) / self.count
                if not np.isfinite(cost):
                    raise self._diverged(f"cost became {cost}", epoch)
            if not all(np.all(np.isfinite(p)) for p in self.net.weights + self.net.biases):
                raise self._diverged("weights became NaN or infinite", epoch)
            if self.monitor == "batches":
                self.history.cost.append(cost)
                self.history.accuracy.append(self.hits / self.count)
            self._record(epoch)
        except DivergenceError:
            self.net.weights, self.net.biases = self.saved
            raise

    def _record(self, epoch: int) -> None:
        if self.monitor == "exact":
            cost, accuracy = _cost_and_accuracy(self.net, self.X, self.Y, self.l2)
            if not np.isfinite(cost):
                raise self._diverged(f"cost became {cost}", epoch)
            self.history.cost.append(cost)
            self.history.accuracy.append(accuracy)
        self.history.epoch.append(epoch)
        if self.validation is not None:
            val_cost, val_accuracy = _cost_and_accuracy(self.net, *self.validation, self.l2)
            self.history.val_cost.append(val_cost)
            self.history.val_accuracy.append(val_accuracy)

    def _diverged(self, what: str, epoch: int) -> DivergenceError:
        return DivergenceError(
            f"the {what} at epoch {epoch} with learning rate eta={self.eta:g}: the steps are too large. "
            f"Try a smaller eta (say {self.eta / 10:g}); the weights were restored to those at the start "
            f"of epoch {epoch}.")


def _cost_and_accuracy(net: Network, X: Array, Y: Array, l2: float) -> tuple[float, float]:
    """``net.cost(X, Y, l2)`` and ``net.accuracy(X, Y)`` from one forward pass."""
    with np.errstate(over="ignore", invalid="ignore"):      # a diverged cost is reported by the caller
        a_L = net.forward(X, check=False).a(net.L)
        cost = float(np.real(net.cost_of_output(a_L, Y, l2)))
    return cost, float(np.mean(net.classes(a_L) == net.classes(Y)))


class _BestWeights:
    """Early stopping: remember the weights of the best validation accuracy; stop after
    ``patience`` epochs without improvement and restore them."""

    def __init__(self, patience):
        self.patience = None if patience is None else _checks.positive_int(patience, "early_stopping")
        self.best = None               # (val accuracy, epoch, weights, biases)

    def update(self, epoch: int, net: Network, history: History) -> bool:
        """Note this epoch; True when training should stop."""
        if not history.val_accuracy:
            return False
        if self.best is None or history.val_accuracy[-1] > self.best[0]:
            self.best = (history.val_accuracy[-1], epoch, [W.copy() for W in net.weights],
                         [b.copy() for b in net.biases])
        if self.patience is not None and epoch - self.best[1] >= self.patience:
            history.stopped_early = True
            return True
        return False

    def finish(self, net: Network, history: History) -> None:
        if self.best is not None:
            history.best_epoch = self.best[1]
            if self.patience is not None:
                net.weights, net.biases = self.best[2], self.best[3]


class _ProgressBar:
    """A tqdm bar over the epochs showing the latest figures (or nothing, with progress=False)."""

    def __init__(self, epochs: int, progress: bool):
        self.epochs, self.progress, self.bar = epochs, progress, None

    def __enter__(self):
        if self.progress:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=self.epochs, desc="epochs", unit="epoch")
        return self

    def show(self, history: History) -> None:
        if self.bar is not None:
            self.bar.update(1)
            if history.cost:
                self.bar.set_postfix(cost=f"{history.cost[-1]:.4f}", acc=f"{history.accuracy[-1]:.3f}")

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        return False
