"""Data sets of the course, all offline: Higham & Higham's ten points and the 8×8 digits.

Columns are examples: X has shape (n_features, m), Y is one-hot with shape (n_classes, m).
"""

from __future__ import annotations

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
    from sklearn.datasets import load_digits  # bundled with scikit-learn, no download

    test_size = _checks.positive_int(test_size, "test_size")
    bunch = load_digits()
    n = bunch.target.size
    if test_size >= n:
        raise ValueError(f"test_size must be less than the {n} images, got {test_size}")
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:test_size], order[test_size:]
    X = bunch.data.T / 16.0
    Y = one_hot(bunch.target, 10)
    return X[:, train], Y[:, train], X[:, test], Y[:, test]


def digit_images(X) -> Array:
    """The images of X's columns as an (m, 8, 8) array, for plotting."""
    X = _checks.as_matrix(X, "X")
    if X.shape[0] != 64:
        raise ValueError(f"digit images have 64 pixels (rows), got {X.shape[0]}")
    return X.T.reshape(-1, 8, 8)
