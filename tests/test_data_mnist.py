"""data.mnist reads the four IDX files from a folder; the tests write small ones themselves (never a download)."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from bpcourse import data

NAMES = data.MNIST_FILES


def idx_bytes(array: np.ndarray, magic_type: int = 0x08) -> bytes:
    """An IDX file: 0x00 0x00 type ndim, each size as a big-endian int32, then the bytes."""
    header = bytes([0, 0, magic_type, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + array.astype(np.uint8).tobytes()


def make_images(m: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, size=(m, 28, 28), dtype=np.uint8)


def write(folder, name, payload: bytes, gz: bool):
    if gz:
        (folder / (name + ".gz")).write_bytes(gzip.compress(payload))
    else:
        (folder / name).write_bytes(payload)


def make_folder(folder, gz=(False, True, False, True), m_train=7, m_test=4):
    """Four small IDX files (some gzipped); returns the arrays written."""
    train, test = make_images(m_train, 1), make_images(m_test, 2)
    train_labels = np.arange(m_train) % 10
    test_labels = (3 * np.arange(m_test) + 1) % 10
    for name, array, z in zip(NAMES, (train, train_labels, test, test_labels), gz):
        write(folder, name, idx_bytes(array), z)
    return train, train_labels, test, test_labels


@pytest.mark.parametrize("gz", [(False,) * 4, (True,) * 4, (False, True, True, False)],
                         ids=["plain", "gzipped", "mixed"])
def test_reads_small_files_plain_and_gzipped(tmp_path, gz):
    train, train_labels, test, test_labels = make_folder(tmp_path, gz)
    X_train, Y_train, X_test, Y_test = data.mnist(tmp_path)
    assert X_train.shape == (784, 7) and Y_train.shape == (10, 7)
    assert X_test.shape == (784, 4) and Y_test.shape == (10, 4)
    for X in (X_train, X_test):
        assert X.dtype == np.float64 and X.min() >= 0.0 and X.max() <= 1.0
    np.testing.assert_array_equal(X_train, train.reshape(7, 784).T / 255.0)
    np.testing.assert_array_equal(np.argmax(Y_train, axis=0), train_labels)
    np.testing.assert_array_equal(np.argmax(Y_test, axis=0), test_labels)
    np.testing.assert_array_equal(Y_test.sum(axis=0), np.ones(4))


def test_pixel_order_is_row_major(tmp_path):
    """Pixel (row r, column c) of image i is X[28 r + c, i]: one lit pixel per image shows it."""
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    spots = [(0, 5), (27, 0), (13, 20)]
    for i, (r, c) in enumerate(spots):
        images[i, r, c] = 255
    for name, array in zip(NAMES, (images, np.array([1, 2, 3]), images[:1], np.array([9]))):
        write(tmp_path, name, idx_bytes(array), gz=False)
    X, Y, X_test, Y_test = data.mnist(tmp_path)
    for i, (r, c) in enumerate(spots):
        assert X[28 * r + c, i] == 1.0 and X[:, i].sum() == 1.0
    assert X[5, 0] == 1.0 and X[28 * 5, 0] == 0.0      # not column-major
    np.testing.assert_array_equal(X[:, 0].reshape(28, 28), images[0] / 255.0)
    assert Y_test[9, 0] == 1.0


def test_examples_are_columns_whose_transpose_is_contiguous(tmp_path):
    """sgd gathers mini-batches from X.T; the loader gives X as a view whose X.T needs no copy."""
    make_folder(tmp_path)
    X = data.mnist(tmp_path)[0]
    assert X.T.flags.c_contiguous


def test_dotted_file_names_are_accepted(tmp_path):
    """Some mirrors spell the files train-images.idx3-ubyte; those are found too."""
    train, labels = make_images(2, 0), np.array([4, 7])
    for name, array in zip(NAMES, (train, labels, train, labels)):
        write(tmp_path, name.replace("-idx", ".idx"), idx_bytes(array), gz=False)
    assert data.mnist(tmp_path)[0].shape == (784, 2)


def test_default_folder_comes_from_the_environment(tmp_path, monkeypatch):
    make_folder(tmp_path)
    monkeypatch.setenv(data.MNIST_ENV, str(tmp_path))
    assert data.mnist_folder() == tmp_path
    assert data.mnist()[0].shape == (784, 7)
    monkeypatch.delenv(data.MNIST_ENV)
    assert data.mnist_folder() == data.MNIST_DEFAULT.expanduser()


def test_missing_folder_says_where_the_files_come_from(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError, match=r"no MNIST folder at .*nowhere.*LeCun.*never downloads"):
        data.mnist(missing)
    monkeypatch.setenv(data.MNIST_ENV, str(missing))
    with pytest.raises(FileNotFoundError, match=r"nowhere \(from \$BPCOURSE_MNIST\)"):
        data.mnist()


@pytest.mark.parametrize("missing", NAMES)
def test_missing_file_is_named(tmp_path, missing):
    make_folder(tmp_path, gz=(False,) * 4)
    (tmp_path / missing).unlink()
    with pytest.raises(FileNotFoundError, match=rf"MNIST file {missing} \(or {missing}.gz\) not found in .*"
                                                r"LeCun, Corinna Cortes and Christopher J. C. Burges"):
        data.mnist(tmp_path)


def test_path_of_the_wrong_type():
    with pytest.raises(TypeError, match="path must be a folder name"):
        data.mnist(42)


def replace(folder, name, payload, gz=False):
    for old in (folder / name, folder / (name + ".gz")):
        old.unlink(missing_ok=True)
    write(folder, name, payload, gz)


IMAGES, LABELS = NAMES[0], NAMES[1]


@pytest.mark.parametrize("name, payload, match", [
    (IMAGES, idx_bytes(make_images(7, 1))[:-10], r"train-images-idx3-ubyte is truncated: .*\(7, 28, 28\), "
                                                  r"5488 bytes of data, but only 5478 follow"),
    (IMAGES, idx_bytes(make_images(7, 1)) + b"\x00", r"1 bytes more than its header's shape"),
    (IMAGES, idx_bytes(make_images(7, 1))[:9], r"truncated: its header needs 16 bytes, the file has 9"),
    (IMAGES, b"\x00\x00", r"not an IDX file of images .* magic number is missing"),
    (IMAGES, idx_bytes(np.arange(7)), r"not an IDX file of images \(magic number 2051 = 0x00000803\): "
                                      r"its magic number is 2049"),
    (LABELS, idx_bytes(make_images(7, 1)), r"not an IDX file of labels .* its magic number is 2051"),
    (IMAGES, idx_bytes(make_images(7, 1), magic_type=0x0D), r"magic number is 3331"),
    (IMAGES, b"PK\x03\x04" + bytes(100), r"not an IDX file .* magic number is 1347093252"),
    (IMAGES, idx_bytes(np.zeros((7, 8, 8))), r"holds 8×8 images; MNIST images are 28×28"),
    (IMAGES, idx_bytes(np.zeros((0, 28, 28))), r"holds no images"),
    (LABELS, idx_bytes(np.arange(6)), r"holds 6 labels but .*train-images-idx3-ubyte holds 7 images"),
    (LABELS, idx_bytes(np.array([0, 1, 2, 3, 4, 5, 12])), r"holds a label 12; MNIST labels are 0..9"),
])
def test_malformed_files_get_clear_errors(tmp_path, name, payload, match):
    make_folder(tmp_path, gz=(False,) * 4)
    replace(tmp_path, name, payload)
    with pytest.raises(ValueError, match=match):
        data.mnist(tmp_path)


def test_damaged_gzip_is_named(tmp_path):
    make_folder(tmp_path, gz=(False,) * 4)
    good = gzip.compress(idx_bytes(make_images(4, 2)))
    replace(tmp_path, NAMES[2], b"", gz=False)
    (tmp_path / NAMES[2]).unlink()
    (tmp_path / (NAMES[2] + ".gz")).write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match=r"t10k-images-idx3-ubyte.gz looks gzipped but cannot be decompressed"):
        data.mnist(tmp_path)
