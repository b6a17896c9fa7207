"""Slider demo for notebook 09: replay a training run on the 8×8 digits, epoch by epoch.

The network is trained once, when the demo is built, and the test-set predictions are
recorded after every epoch; the slider then only swaps precomputed numbers and images.
"""

from __future__ import annotations

import contextlib

import numpy as np
from matplotlib.ticker import MaxNLocator

from bpcourse import style
from bpcourse.network import Network
from bpcourse.train import sgd
from bpcourse.widgets import _symbols as S
from bpcourse.widgets._demo import Demo, int_slider, new_figure, styled
from bpcourse.widgets._render import imshow_nearest

Array = np.ndarray


def _one_blas_thread():
    """A context in which numpy's BLAS uses one thread (faster for these small matrices)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def train_recording_predictions(X_train, Y_train, X_test, Y_test, *, sizes=(64, 30, 10), cost="cross_entropy",
                                epochs=30, batch_size=10, eta=0.5, l2=0.0, seed=0):
    """Train a sigmoid network by mini-batch SGD; return ``(history, predictions)``.

    ``predictions[e]`` holds the predicted digit of every test image after epoch e
    (row 0: before training), shape (epochs + 1, m_test).
    """
    net = Network(list(sizes), cost=cost, seed=seed)
    predictions = [net.predict(X_test)]

    def record(epoch, net, hist):
        predictions.append(net.predict(X_test))

    with _one_blas_thread():
        hist = sgd(net, X_train, Y_train, epochs=epochs, batch_size=batch_size, eta=eta, l2=l2,
                   X_val=X_test, Y_val=Y_test, seed=seed, progress=False, callback=record,
                   monitor="exact")
    return hist, np.array(predictions)


TILE, GAP, LABEL_GAP = 8, 4, 8   # an 8×8 image, 4 blank pixels beside it, 8 below it for its two-line label


def mistakes_mosaic(X: Array, nrows: int, ncols: int) -> Array:
    """Up to nrows·ncols images (columns of X, 64 pixels each) tiled row by row into one array.

    Each tile is 8×8, followed by ``GAP`` blank pixels to its right and ``LABEL_GAP`` below it
    (NaN, drawn transparent); tiles without an image are blank (0).
    """
    across, down = TILE + GAP, TILE + LABEL_GAP
    mosaic = np.full((down * nrows, across * ncols), np.nan)
    for k in range(nrows * ncols):
        r, c = divmod(k, ncols)
        tile = X[:, k].reshape(8, 8) if k < X.shape[1] else np.zeros((8, 8))
        mosaic[down * r:down * r + TILE, across * c:across * c + TILE] = tile
    return mosaic


def mistake_label(predicted: int, true: int) -> str:
    """A mistake's label, as in the static figures of the notebook: the answer, then "(true t)"."""
    return f"{predicted}\n(true {true})"


@styled
def digits_training_demo(epoch: int = 1, *, epochs: int = 15, eta: float = 0.5, cost: str = "cross_entropy",
                         n_train: int = 1500, seed: int = 0) -> Demo:
    """An epoch slider over a [64, 30, 10] training run: accuracy curves and the test mistakes.

    Left: train and test accuracy per epoch (the axis fits them), with markers at the chosen
    epoch. Right: the first 12 test images the network gets wrong at that epoch, each labelled
    with the network's answer and, on a second line, the true digit ("1" over "(true 9)").
    """
    from bpcourse.data import digits

    X_train, Y_train, X_test, Y_test = digits()
    X_train, Y_train = X_train[:, :n_train], Y_train[:, :n_train]
    hist, predictions = train_recording_predictions(X_train, Y_train, X_test, Y_test, cost=cost, epochs=epochs,
                                                    eta=eta, seed=seed)
    true = np.argmax(Y_test, axis=0)
    train_acc, test_acc = np.asarray(hist.accuracy), np.asarray(hist.val_accuracy)
    nrows, ncols = 3, 4
    blue, vermillion = style.colour("blue"), style.colour("vermillion")

    fig, (ax, ax_img) = new_figure(2, figsize=(8.2, 4.6), gridspec_kw={"width_ratios": [1.1, 1]})
    ax.plot(hist.epoch, train_acc, color=blue, label="train")
    ax.plot(hist.epoch, test_acc, color=vermillion, ls="--", label="test")
    ax.set_xlim(-0.04 * epochs, 1.04 * epochs)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True, steps=[1, 3, 5, 10]))   # whole epochs
    low = float(min(train_acc.min(), test_acc.min()))
    ax.set_ylim(max(0.0, low - 0.06), 1.03)
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy")
    ax.legend(loc="lower right")
    vline = ax.axvline(0, color="0.3", lw=1.5)
    (dot_train,) = ax.plot([0], [train_acc[0]], "o", ms=style.MARKER_SIZE, color=blue, mec="black")
    (dot_test,) = ax.plot([0], [test_acc[0]], "s", ms=style.MARKER_SIZE - 1, color=vermillion, mec="black")
    image = imshow_nearest(ax_img, mistakes_mosaic(X_test[:, :0], nrows, ncols), cmap="gray_r", vmin=0, vmax=1)
    ax_img.set_axis_off()
    ax_img.set_title("mistakes: the answer (true digit)")
    across, down = TILE + GAP, TILE + LABEL_GAP
    labels = [ax_img.text(across * c + TILE / 2 - 0.5, down * r + TILE - 0.2, "", ha="center", va="top",
                          color=vermillion, fontsize=style.font_size("label"), linespacing=1.0)
              for r in range(nrows) for c in range(ncols)]
    fig.tight_layout()

    def update(epoch):
        wrong = np.flatnonzero(predictions[epoch] != true)
        shown = wrong[:nrows * ncols]
        image.set_array(mistakes_mosaic(X_test[:, shown], nrows, ncols))
        for k, label in enumerate(labels):
            label.set_text(mistake_label(predictions[epoch][shown[k]], true[shown[k]]) if k < shown.size else "")
        vline.set_xdata([epoch, epoch])
        dot_train.set_data([epoch], [train_acc[epoch]])
        dot_test.set_data([epoch], [test_acc[epoch]])
        return {"epoch": epoch, "train_accuracy": float(train_acc[epoch]), "test_accuracy": float(test_acc[epoch]),
                "test_mistakes": f"{wrong.size} of {true.size}"}

    labels_shown = {"epoch": "epoch", "train_accuracy": "training accuracy", "test_accuracy": "test accuracy",
                    "test_mistakes": "test images wrong"}

    def alt(r, v):
        return (f"Left: training and test accuracy against the epoch, 0 to {epochs}, marked at epoch {r['epoch']}: "
                f"{S.number(r['train_accuracy'], 3)} and {S.number(r['test_accuracy'], 3)}. Right: up to twelve of "
                f"the {r['test_mistakes']} test images the network gets wrong at that epoch, as 8 by 8 grey images, "
                f"each labelled with the network's answer and, below it, the true digit.")

    def status(r, v):
        return (f"epoch {r['epoch']}: training accuracy {S.number(r['train_accuracy'], 3)}, test accuracy "
                f"{S.number(r['test_accuracy'], 3)}, {r['test_mistakes']} test images wrong.")

    return Demo(fig, {"epoch": int_slider("epoch", min(epoch, epochs), 0, epochs)}, update,
                title=f"Digits: a [64, 30, 10] network trained with η = {eta:g} ({cost.replace('_', '-')} cost)",
                animated=[vline, dot_train, dot_test, image, *labels], labels=labels_shown, alt=alt, status=status)
