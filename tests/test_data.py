"""The course's data sets: shapes, ranges, one-hot targets, the digits split."""

import numpy as np
import pytest

from bpcourse import data


@pytest.fixture(scope="module")
def digits_default():
    return data.digits()


def test_higham_points():
    X, Y = data.higham()
    assert X.shape == (2, 10) and Y.shape == (2, 10)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    class_a = [(0.1, 0.1), (0.3, 0.4), (0.1, 0.5), (0.6, 0.9), (0.4, 0.2)]
    class_b = [(0.6, 0.3), (0.5, 0.6), (0.9, 0.2), (0.4, 0.4), (0.7, 0.6)]
    np.testing.assert_array_equal(X[:, :5].T, class_a)
    np.testing.assert_array_equal(X[:, 5:].T, class_b)
    np.testing.assert_array_equal(Y[:, :5], np.tile([[1.0], [0.0]], 5))
    np.testing.assert_array_equal(Y[:, 5:], np.tile([[0.0], [1.0]], 5))


def test_higham_returns_fresh_arrays():
    X, _ = data.higham()
    X[0, 0] = 99.0
    assert data.higham()[0][0, 0] == 0.1


def test_one_hot():
    Y = data.one_hot(np.array([2, 0, 1, 2]), 3)
    np.testing.assert_array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    assert data.one_hot(np.array([], dtype=int), 4).shape == (4, 0)


def test_digits_split_sizes_and_ranges(digits_default):
    X_train, Y_train, X_test, Y_test = digits_default
    assert X_train.shape == (64, 1500) and Y_train.shape == (10, 1500)
    assert X_test.shape == (64, 297) and Y_test.shape == (10, 297)
    for X in (X_train, X_test):
        assert X.dtype == np.float64
        assert X.min() == 0.0 and X.max() == 1.0
    for Y in (Y_train, Y_test):
        assert set(np.unique(Y)) == {0.0, 1.0}
        np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    # every class appears in both parts
    assert set(np.argmax(Y_train, axis=0)) == set(range(10))
    assert set(np.argmax(Y_test, axis=0)) == set(range(10))


def test_digits_is_a_partition_of_the_whole_set(digits_default):
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X_train, Y_train, X_test, Y_test = digits_default
    X_all = np.hstack([X_train, X_test])
    labels = np.concatenate([np.argmax(Y_train, axis=0), np.argmax(Y_test, axis=0)])
    # same multiset of (image, label) pairs as the original, pixels scaled by 1/16
    ours = sorted(map(tuple, np.vstack([X_all * 16, labels]).T.tolist()))
    theirs = sorted(map(tuple, np.hstack([bunch.data, bunch.target[:, None]]).tolist()))
    assert ours == theirs


def test_digits_is_deterministic_and_the_seed_matters(digits_default):
    again = data.digits()
    for a, b in zip(digits_default, again):
        np.testing.assert_array_equal(a, b)
    other = data.digits(seed=1)
    assert not np.array_equal(other[0], digits_default[0])
    assert other[0].shape == digits_default[0].shape


def test_digits_test_size():
    X_train, Y_train, X_test, Y_test = data.digits(test_size=500, seed=3)
    assert X_train.shape == (64, 1297) and X_test.shape == (64, 500)
    assert Y_train.shape == (10, 1297) and Y_test.shape == (10, 500)


def test_digit_images(digits_default):
    X_train = digits_default[0]
    images = data.digit_images(X_train[:, :5])
    assert images.shape == (5, 8, 8)
    np.testing.assert_array_equal(images[2].ravel(), X_train[:, 2])


def test_the_digits_are_scikit_learns_own_read_without_importing_scikit_learn():
    """digits() reads the file load_digits reads, the same numbers, and leaves sklearn unimported."""
    import subprocess
    import sys

    from sklearn.datasets import load_digits

    from bpcourse.data import _sklearn_digits

    pixels, target = _sklearn_digits()
    bunch = load_digits()
    assert np.array_equal(pixels, bunch.data) and np.array_equal(target, bunch.target)
    code = "import sys; from bpcourse.data import digits; digits(); print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
