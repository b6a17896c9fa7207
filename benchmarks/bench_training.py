"""Seconds per epoch of mini-batch SGD: bpcourse's sgd, a per-example loop, and PyTorch.

Run from the repository root:

    PYTHONPATH=. python benchmarks/bench_training.py            # or: make bench

Each configuration trains a sigmoid network with the quadratic cost for ``--epochs`` epochs of
mini-batch SGD (η = 0.5), several rounds in this one process, and prints the median seconds
per epoch. In each round the contenders run one after the other (interleaved), so a change in
the machine's load touches them alike; the ratios are of medians from this one run.

* ``sgd``: ``bpcourse.train.sgd(net, X, Y, ...)`` exactly as a student calls it: its History
  records each epoch's mean mini-batch cost and accuracy (``monitor="batches"``, the default);
* ``exact``: ``monitor="exact"``, which also evaluates the whole training set before training
  and after each epoch (one more forward pass over the data per epoch);
* ``monitor=False``: no training figures at all;
* ``loop``: the classic per-example style written below: one example at a time as a column
  vector, its gradient by backprop, summed over the mini-batch, then one step;
* ``torch``: PyTorch on the CPU in float64, the same network, cost and mini-batch SGD
  (``torch.optim.SGD``), adding up ``loss.item()`` to print each epoch's mean loss as a torch
  user does, if torch is installed (``pip install ".[bench]"``; the course never needs it).

Data: MNIST-sized synthetic data (60 000 random 784-pixel images in [0, 1], random one-hot
labels; the timing does not depend on what the pixels show), laid out in memory as
``data.mnist()`` gives MNIST (each example's pixels contiguous), and scikit-learn's 8×8 digits
(1500 training images). ``sgd`` gathers each mini-batch by copying whole examples, so with the
other layout (a C-ordered (784, m) array) it first copies X once per call: the column
"sgd, X copied" is ``sgd`` given that layout.

BLAS and torch run on ``--threads`` threads (default 1: on a shared or small machine,
multi-threaded BLAS on these small matrices can be many times slower, not faster).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np

from bpcourse import Network, data
from bpcourse.train import sgd

ETA = 0.5


# -- the per-example loop, in the style of the classic network.py ---------------------

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


def loop_backprop(weights, biases, x, y):
    """Gradients of C_x = ½‖a − y‖² for ONE example x (a column vector)."""
    activation, activations, zs = x, [x], []
    for W, b in zip(weights, biases):
        z = W @ activation + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])          # BP1
    nabla_W = [None] * len(weights)
    nabla_b = [None] * len(biases)
    nabla_b[-1] = delta                                            # BP3
    nabla_W[-1] = delta @ activations[-2].T                        # BP4
    for i in range(2, len(weights) + 1):
        delta = (weights[-i + 1].T @ delta) * sigmoid_prime(zs[-i])  # BP2
        nabla_b[-i] = delta
        nabla_W[-i] = delta @ activations[-i - 1].T
    return nabla_W, nabla_b


def loop_sgd_epoch(weights, biases, X, Y, batch_size, eta, rng):
    """One epoch: shuffle, cut into mini-batches, sum per-example gradients, step."""
    m = X.shape[1]
    order = rng.permutation(m)
    for k in range(0, m, batch_size):
        batch = order[k:k + batch_size]
        sum_W = [np.zeros_like(W) for W in weights]
        sum_b = [np.zeros_like(b) for b in biases]
        for j in batch:
            gW, gb = loop_backprop(weights, biases, X[:, [j]], Y[:, [j]])
            sum_W = [s + g for s, g in zip(sum_W, gW)]
            sum_b = [s + g for s, g in zip(sum_b, gb)]
        weights[:] = [W - (eta / len(batch)) * s for W, s in zip(weights, sum_W)]
        biases[:] = [b - (eta / len(batch)) * s for b, s in zip(biases, sum_b)]


# -- the contenders: each returns seconds per epoch --------------------------------------------

def time_bpcourse(sizes, X, Y, batch_size, epochs, seed, monitor):
    net = Network(sizes, seed=seed)
    t0 = time.perf_counter()
    hist = sgd(net, X, Y, epochs=epochs, batch_size=batch_size, eta=ETA, seed=seed, progress=False, monitor=monitor)
    seconds = (time.perf_counter() - t0) / epochs
    assert monitor is False or len(hist.cost) >= epochs
    return seconds


def time_loop(sizes, X, Y, batch_size, seed):
    net = Network(sizes, seed=seed)
    weights, biases = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    loop_sgd_epoch(weights, biases, X, Y, batch_size, ETA, rng)
    return time.perf_counter() - t0


def time_torch(torch, sizes, Xt, Yt, batch_size, epochs, seed):
    """Xt, Yt: one example per row (torch's convention), made once outside the timing."""
    m = Xt.shape[0]
    torch.manual_seed(seed)
    layers = [torch.nn.Linear(n_in, n_out, dtype=torch.float64) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    params = [p for layer in layers for p in layer.parameters()]
    opt = torch.optim.SGD(params, lr=ETA)
    gen = torch.Generator().manual_seed(seed)
    t0 = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(m, generator=gen)
        total, batches = 0.0, 0
        for k in range(0, m, batch_size):
            idx = order[k:k + batch_size]
            a, y = Xt[idx], Yt[idx]
            for layer in layers:
                a = torch.sigmoid(layer(a))
            loss = 0.5 * ((a - y) ** 2).sum(dim=1).mean()            # mean over the batch of ½‖a − y‖²
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total, batches = total + loss.item(), batches + 1
        epoch_loss = total / batches                                  # what a torch user prints
    assert np.isfinite(epoch_loss)
    return (time.perf_counter() - t0) / epochs


# -- reporting ----------------------------------------------------------------------------

def blas_description() -> str:
    try:
        from threadpoolctl import threadpool_info

        infos = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, "
                 f"{i.get('num_threads')} threads)" for i in threadpool_info() if i.get("user_api") == "blas"]
        if infos:
            return "; ".join(infos)
    except ImportError:
        pass
    return "unknown (install threadpoolctl, or see numpy.show_config())"


def synthetic(n_in, n_out, m, seed=0):
    """Random data of MNIST's size, laid out in memory as ``data.mnist()`` lays out MNIST: X of shape
    (n_in, m) whose columns (the examples) are each contiguous, so that ``sgd`` gathers a mini-batch's
    examples without first copying X (the "sgd, X copied" column measures the other layout)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 1.0, size=(m, n_in)).T
    Y = data.one_hot(rng.integers(0, n_out, size=m), n_out)
    return X, Y


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per configuration (medians)")
    parser.add_argument("--epochs", type=int, default=3, help="epochs per timed training run")
    parser.add_argument("--loop-rounds", type=int, default=2, help="rounds of the slow per-example loop (1 epoch)")
    parser.add_argument("--examples", type=int, default=60_000, help="size of the MNIST-sized synthetic set")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    parser.add_argument("--only", default="", help="run only configurations whose name contains this")
    parser.add_argument("--threads", type=int, default=1, help="threads for numpy's BLAS and for torch")
    args = parser.parse_args(argv)
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
    except ImportError:
        print("threadpoolctl not installed: numpy's BLAS keeps its own thread count")
    try:
        import torch
    except ImportError:
        torch = None
    if args.no_torch:
        torch = None
    if torch is not None:
        torch.set_num_threads(args.threads)

    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    print(f"numpy BLAS: {blas_description()}")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float64 on the CPU" if torch is not None
          else "torch not installed: its column is skipped (pip install '.[bench]')")
    print(f"{args.threads} thread(s) for BLAS and torch; seconds per epoch, medians of {args.rounds} interleaved "
          f"rounds of {args.epochs} epochs ({args.loop_rounds} rounds of 1 epoch for the loop); "
          f"sigmoid + quadratic cost, eta={ETA}\n")

    Xs, Ys = synthetic(784, 10, args.examples)
    Xd, Yd, _, _ = data.digits()
    configs = [
        (f"synthetic {args.examples}", [784, 100, 10], 128, Xs, Ys),
        (f"synthetic {args.examples}", [784, 30, 10], 128, Xs, Ys),
        (f"synthetic {args.examples}", [784, 100, 10], 10, Xs, Ys),
        (f"synthetic {args.examples}", [784, 30, 10], 10, Xs, Ys),
        ("digits 1500", [64, 30, 10], 128, Xd, Yd),
        ("digits 1500", [64, 30, 10], 10, Xd, Yd),
    ]
    cols = ["data", "sizes", "batch", "sgd s", "sgd, X copied s", "exact s", "monitor=False s", "loop s", "torch s",
            "torch / sgd", "torch / monitor=False", "loop / monitor=False"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for name, sizes, batch_size, X, Y in configs:
        if args.only and args.only not in f"{name} {sizes} {batch_size}":
            continue
        Xt = torch.from_numpy(np.ascontiguousarray(X.T)) if torch else None
        Yt = torch.from_numpy(np.ascontiguousarray(Y.T)) if torch else None
        times = {k: [] for k in ("sgd", "copied", "exact", "bare", "torch")}
        X_rows_apart = np.ascontiguousarray(X)   # each example's pixels strided in memory: sgd copies X once per call
        for r in range(args.rounds):
            times["sgd"].append(time_bpcourse(sizes, X, Y, batch_size, args.epochs, r, "batches"))
            times["copied"].append(time_bpcourse(sizes, X_rows_apart, Y, batch_size, args.epochs, r, "batches"))
            if torch is not None:
                times["torch"].append(time_torch(torch, sizes, Xt, Yt, batch_size, args.epochs, r))
            times["bare"].append(time_bpcourse(sizes, X, Y, batch_size, args.epochs, r, False))
            times["exact"].append(time_bpcourse(sizes, X, Y, batch_size, args.epochs, r, "exact"))
        loop = statistics.median(time_loop(sizes, X, Y, batch_size, r) for r in range(args.loop_rounds))
        med = {k: statistics.median(v) if v else float("nan") for k, v in times.items()}
        print(f"| {name} | {sizes} | {batch_size} | {med['sgd']:.3f} | {med['copied']:.3f} | {med['exact']:.3f} | "
              f"{med['bare']:.3f} | "
              f"{loop:.3f} | {med['torch']:.3f} | {med['torch'] / med['sgd']:.2f}× | "
              f"{med['torch'] / med['bare']:.2f}× | {loop / med['bare']:.1f}× |", flush=True)
    print("\nA ratio above 1 means bpcourse is faster (torch / sgd ≥ 1: not slower than PyTorch as a user calls "
          "it; loop / monitor=False: times faster than the per-example loop).")


if __name__ == "__main__":
    sys.exit(main())
