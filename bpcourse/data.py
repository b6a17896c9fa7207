"""Data sets of the course, all offline: Higham & Higham's ten points, the 8×8 digits, and MNIST
read from files you already have.

Columns are examples: X has shape (n_features, m), Y is one-hot with shape (n_classes, m).
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import zlib
from pathlib import Path

import numpy as np

from bpcourse import _checks

Array = np.ndarray

# Higham & Higham's example: five points in class A, then five in class B.
_HIGHAM_A = [(0.1, 0.1), (0.3, 0.4), (0.1, 0.5), (0.6, 0.9), (0.4, 0.2)]
_HIGHAM_B = [(0.6, 0.3), (0.5, 0.6), (0.9, 0.2), (0.4, 0.4), (0.7, 0.6)]


def one_hot(labels, n_classes: int) -> Array:
    """(n_classes, m) one-hot columns for integer ``labels`` of length m."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of integers, got shape {labels.shape} dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {labels.min()}..{labels.max()}")
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def higham() -> tuple[Array, Array]:
    """The ten labelled points: X of shape (2, 10), Y one-hot of shape (2, 10).

    Columns 0–4 are class A (Y column [1, 0]), columns 5–9 class B ([0, 1]).
    """
    X = np.array(_HIGHAM_A + _HIGHAM_B, dtype=float).T
    return X, one_hot(np.array([0] * 5 + [1] * 5), 2)


def digits(test_size=297, seed=0) -> tuple[Array, Array, Array, Array]:
    """scikit-learn's bundled 8×8 handwritten digits (1797 images), split at random.

    Returns ``(X_train, Y_train, X_test, Y_test)``: X has 64 rows, pixel values
    scaled from 0..16 to [0, 1]; Y is one-hot with 10 rows; columns are examples.
    The default split keeps 1500 images for training and 297 for testing.
    """
    test_size = _checks.positive_int(test_size, "test_size")
    pixels, target = _sklearn_digits()
    n = target.size
    if test_size >= n:
        raise ValueError(f"test_size must be less than the {n} images, got {test_size}")
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:test_size], order[test_size:]
    X = pixels.T / 16.0
    Y = one_hot(target, 10)
    return X[:, train], Y[:, train], X[:, test], Y[:, test]


def _sklearn_digits() -> tuple[Array, Array]:
    """The (1797, 64) pixels (0..16) and the labels of scikit-learn's bundled digits.

    Read from the data file scikit-learn installs (``sklearn/datasets/data/digits.csv.gz``: one
    image a row, 64 pixels then the label), which is what ``load_digits`` reads, without importing
    scikit-learn itself (1.5 s of a notebook's start); through ``load_digits`` if that file is not
    where it is expected.
    """
    spec = importlib.util.find_spec("sklearn")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = Path(folder, "datasets", "data", "digits.csv.gz")
        if path.is_file():
            table = np.loadtxt(path, delimiter=",")
            return table[:, :-1], table[:, -1].astype(int)
    from sklearn.datasets import load_digits  # bundled with scikit-learn, no download

    bunch = load_digits()
    return bunch.data, bunch.target


def digit_images(X) -> Array:
    """The images of X's columns as an (m, 8, 8) array, for plotting."""
    X = _checks.as_matrix(X, "X")
    if X.shape[0] != 64:
        raise ValueError(f"digit images have 64 pixels (rows), got {X.shape[0]}")
    return X.T.reshape(-1, 8, 8)


# -- MNIST, from the four IDX files in a folder (the course never downloads them) -------------

MNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
               "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
MNIST_ENV = "BPCOURSE_MNIST"
MNIST_DEFAULT = Path("~/.bpcourse/mnist")
MNIST_SOURCE = ("The four files are those of the MNIST database of handwritten digits by Yann LeCun, "
                "Corinna Cortes and Christopher J. C. Burges (the MNIST page on LeCun's web site, and "
                "its mirrors); download them yourself, gzipped or not, and put them in one folder: "
                "the course never downloads anything.")
_IDX_UBYTE = 0x08


def mnist_folder() -> Path:
    """Where :func:`mnist` looks when given no folder: ``$BPCOURSE_MNIST`` if set, else ~/.bpcourse/mnist."""
    return Path(os.environ.get(MNIST_ENV) or MNIST_DEFAULT).expanduser()


def mnist(path=None) -> tuple[Array, Array, Array, Array]:
    """The MNIST digits from the four standard IDX files in the folder ``path``.

    The files are ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each as it is or gzipped
    (the same name ending in ``.gz``). With ``path`` None, the folder is :func:`mnist_folder`.

    Returns
    -------
    (X_train, Y_train, X_test, Y_test) : X of shape (784, m) with pixel values scaled from
        0..255 to [0, 1], row r and column c of an image being row 28·r + c (row-major, as
        ``image.reshape(784)``); Y one-hot of shape (10, m). The standard files give
        m = 60000 for training and m = 10000 for testing.

    Raises
    ------
    FileNotFoundError naming the folder or the missing file, and where the files come from;
    ValueError naming the file for a malformed one (bad magic number, wrong sizes, truncated).
    """
    folder = mnist_folder() if path is None else path
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"path must be a folder name (a str or a Path), got {type(folder).__name__}")
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        where = f" (from ${MNIST_ENV})" if path is None and os.environ.get(MNIST_ENV) else ""
        raise FileNotFoundError(f"no MNIST folder at {folder}{where}. {MNIST_SOURCE}")
    train_images, train_labels, test_images, test_labels = (_mnist_file(folder, name) for name in MNIST_FILES)
    X_train = _images(train_images)
    Y_train = _labels(train_labels, X_train.shape[1], train_images)
    X_test = _images(test_images)
    Y_test = _labels(test_labels, X_test.shape[1], test_images)
    return X_train, Y_train, X_test, Y_test


def _mnist_file(folder: Path, name: str) -> Path:
    """The file ``name`` or ``name.gz`` in ``folder`` (also the common spelling with a dot: train-images.idx3-ubyte)."""
    dotted = name.replace("-idx", ".idx")
    for candidate in (name, name + ".gz", dotted, dotted + ".gz"):
        if (folder / candidate).is_file():
            return folder / candidate
    raise FileNotFoundError(f"MNIST file {name} (or {name}.gz) not found in {folder}. {MNIST_SOURCE}")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, un-gzipped if it starts with gzip's magic number."""
    raw = path.read_bytes()
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"{path} looks gzipped but cannot be decompressed ({exc}): "
                         "the file is damaged or truncated; download it again") from None


def read_idx(path, ndim: int) -> Array:
    """The unsigned-byte array of ``ndim`` dimensions stored in an IDX file (gzipped or not).

    An IDX file starts with the magic number 0x00 0x00 0x08 ndim, then each dimension's size
    as a big-endian 32-bit integer, then the bytes in row-major order.
    """
    path = Path(path)
    data = _read_bytes(path)
    header = 4 + 4 * ndim
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != _IDX_UBYTE or data[3] != ndim:
        kind = {1: "labels (magic number 2049 = 0x00000801)", 3: "images (magic number 2051 = 0x00000803)"}
        got = int.from_bytes(data[:4], "big") if len(data) >= 4 else None
        raise ValueError(f"{path} is not an IDX file of {kind.get(ndim, f'{ndim}-D unsigned bytes')}: "
                         f"its magic number is {got if got is not None else 'missing (the file is too short)'}")
    if len(data) < header:
        raise ValueError(f"{path} is truncated: its header needs {header} bytes, the file has {len(data)}")
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    need = int(np.prod(shape, dtype=np.int64))
    have = len(data) - header
    if have < need:
        raise ValueError(f"{path} is truncated: its header announces shape {shape}, {need} bytes of data, "
                         f"but only {have} follow")
    if have > need:
        raise ValueError(f"{path} has {have - need} bytes more than its header's shape {shape} needs: "
                         "the file is malformed")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def _images(path: Path) -> Array:
    """(784, m) pixels in [0, 1], one column per image, in row-major pixel order."""
    images = read_idx(path, 3)
    m, rows, cols = images.shape
    if (rows, cols) != (28, 28):
        raise ValueError(f"{path} holds {rows}×{cols} images; MNIST images are 28×28")
    if m == 0:
        raise ValueError(f"{path} holds no images")
    # (m, 784) → its transpose, a view: columns are examples, and X.T is contiguous for mini-batches.
    return images.reshape(m, rows * cols).T / 255.0


def _labels(path: Path, m: int, images_path: Path) -> Array:
    labels = read_idx(path, 1)
    if labels.size != m:
        raise ValueError(f"{path} holds {labels.size} labels but {images_path} holds {m} images")
    if labels.max() > 9:
        raise ValueError(f"{path} holds a label {int(labels.max())}; MNIST labels are 0..9")
    return one_hot(labels.astype(np.int64), 10)
