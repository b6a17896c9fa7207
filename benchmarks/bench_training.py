"""Seconds per epoch of mini-batch SGD: bpcourse's sgd, a per-example loop, and PyTorch.

Run from the repository root:

    PYTHONPATH=. python benchmarks/bench_training.py            # or: make bench

Each configuration trains a sigmoid network with the quadratic cost for one epoch of
mini-batch SGD (η = 0.5), several times in this one process, and prints the median:

* ``sgd``: ``bpcourse.train.sgd(net, X, Y, epochs=1, ...)`` exactly as a student calls
  it, History bookkeeping included (the cost and accuracy over the whole training set
  before and after the epoch: two extra forward passes);
* ``sgd, monitor=False``: the same training without that bookkeeping, which is what the
  loop and torch columns do;
* ``loop``: the classic per-example style written below: one example at a time as a
  column vector, its gradient by backprop, summed over the mini-batch, then one step;
* ``torch``: PyTorch on the CPU in float64, the same network, cost and mini-batch SGD
  (``torch.optim.SGD``), if torch is installed (``pip install ".[bench]"``; the course
  never needs it).

Data: MNIST-sized synthetic data (60 000 random 784-pixel images in [0, 1], random
one-hot labels; the timing does not depend on what the pixels show) and scikit-learn's
8×8 digits (1500 training images).

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


# -- the three contenders ---------------------------------------------------------------

def time_bpcourse(sizes, X, Y, batch_size, runs, monitor=True):
    times = []
    for r in range(runs):
        net = Network(sizes, seed=r)
        t0 = time.perf_counter()
        sgd(net, X, Y, epochs=1, batch_size=batch_size, eta=ETA, seed=r, progress=False, monitor=monitor)
        times.append(time.perf_counter() - t0)
    return times


def time_loop(sizes, X, Y, batch_size, runs):
    times = []
    for r in range(runs):
        net = Network(sizes, seed=r)
        weights, biases = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
        rng = np.random.default_rng(r)
        t0 = time.perf_counter()
        loop_sgd_epoch(weights, biases, X, Y, batch_size, ETA, rng)
        times.append(time.perf_counter() - t0)
    return times


def time_torch(torch, sizes, X, Y, batch_size, runs):
    # torch's convention is one example per row: the transposes are made once, outside the timing.
    Xt = torch.from_numpy(np.ascontiguousarray(X.T))
    Yt = torch.from_numpy(np.ascontiguousarray(Y.T))
    m = Xt.shape[0]
    times = []
    for r in range(runs):
        torch.manual_seed(r)
        layers = [torch.nn.Linear(n_in, n_out, dtype=torch.float64) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        params = [p for layer in layers for p in layer.parameters()]
        opt = torch.optim.SGD(params, lr=ETA)
        gen = torch.Generator().manual_seed(r)
        t0 = time.perf_counter()
        order = torch.randperm(m, generator=gen)
        for k in range(0, m, batch_size):
            idx = order[k:k + batch_size]
            a, y = Xt[idx], Yt[idx]
            for layer in layers:
                a = torch.sigmoid(layer(a))
            loss = 0.5 * ((a - y) ** 2).sum(dim=1).mean()            # mean over the batch of ½‖a − y‖²
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
    return times


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
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 1.0, size=(n_in, m))
    Y = data.one_hot(rng.integers(0, n_out, size=m), n_out)
    return X, Y


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per configuration (median printed)")
    parser.add_argument("--loop-runs", type=int, default=3, help="timed runs of the slow per-example loop")
    parser.add_argument("--examples", type=int, default=60_000, help="size of the MNIST-sized synthetic set")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
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
          f"{os.cpu_count()} CPUs")
    print(f"numpy BLAS: {blas_description()}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    if torch is not None:
        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float64 on the CPU")
    else:
        print("torch not installed: its column is skipped (pip install '.[bench]')")
    print(f"{args.threads} thread(s) for BLAS and torch; "
          f"medians of {args.runs} runs ({args.loop_runs} for the per-example loop), one epoch each, "
          f"sigmoid + quadratic cost, eta={ETA}\n")

    Xs, Ys = synthetic(784, 10, args.examples)
    Xd, Yd, _, _ = data.digits()
    configs = [
        (f"synthetic {args.examples}", [784, 100, 10], 10, Xs, Ys),
        (f"synthetic {args.examples}", [784, 100, 10], 128, Xs, Ys),
        (f"synthetic {args.examples}", [784, 30, 10], 10, Xs, Ys),
        (f"synthetic {args.examples}", [784, 30, 10], 128, Xs, Ys),
        ("digits 1500", [64, 30, 10], 10, Xd, Yd),
        ("digits 1500", [64, 30, 10], 128, Xd, Yd),
    ]
    header = (f"| {'data':<15} | {'sizes':<14} | {'batch':>5} | {'sgd s':>6} | {'sgd, monitor=False s':>20} | "
              f"{'loop s':>7} | {'torch s':>7} | {'loop / sgd':>10} | {'torch / sgd':>11} | "
              f"{'loop / no-monitor':>17} | {'torch / no-monitor':>18} |")
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for name, sizes, batch_size, X, Y in configs:
        ours = statistics.median(time_bpcourse(sizes, X, Y, batch_size, args.runs))
        bare = statistics.median(time_bpcourse(sizes, X, Y, batch_size, args.runs, monitor=False))
        loop = statistics.median(time_loop(sizes, X, Y, batch_size, args.loop_runs))
        theirs = statistics.median(time_torch(torch, sizes, X, Y, batch_size, args.runs)) if torch else float("nan")
        print(f"| {name:<15} | {str(sizes):<14} | {batch_size:>5} | {ours:>6.3f} | {bare:>20.3f} | "
              f"{loop:>7.3f} | {theirs:>7.3f} | {loop / ours:>9.1f}x | {theirs / ours:>10.2f}x | "
              f"{loop / bare:>16.1f}x | {theirs / bare:>17.2f}x |", flush=True)
    print("\nA ratio above 1 means bpcourse's sgd is faster (loop / sgd: times faster than the per-example loop; "
          "torch / sgd >= 1: not slower than PyTorch).")


if __name__ == "__main__":
    sys.exit(main())
