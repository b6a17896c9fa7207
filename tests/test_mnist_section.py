"""Notebook 09's MNIST section (section 8) on both of its paths, without the real files.

CI has no MNIST files, so nbval runs only the path that finds none. These tests run the
section's code cells (after the notebook's import cell) with ``BPCOURSE_MNIST`` pointing at a
folder: an empty one, and one holding small IDX files written here (never a download).
"""

from __future__ import annotations

import json
import pathlib
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bpcourse import Network, data
from bpcourse.plots.training import accuracy_curves
from bpcourse.train import sgd

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "09_handwritten_digits.ipynb"


#: What section 8 takes from the notebook's import cell (given here, so that the tests do not run
#: setup_notebook, which changes matplotlib's settings for the whole test session).
IMPORTED = {"np": np, "Network": Network, "sgd": sgd, "accuracy_curves": accuracy_curves}


def _code_cells():
    """Section 8's code cells (ids starting with 'mnist-'), in order."""
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    imports = "".join(next(c for c in cells if c.get("id") == "c3")["source"])
    for name in IMPORTED:
        assert re.search(rf"\b(import|as) [\w, ]*\b{name}\b", imports), f"the notebook no longer imports {name}"
    chosen = [c for c in cells if c["cell_type"] == "code" and c.get("id", "").startswith("mnist-")]
    assert [c["id"] for c in chosen] == ["mnist-load", "mnist-train", "mnist-claim"], "section 8's cells changed"
    return [(c["id"], "".join(c["source"])) for c in chosen]


def _run_section(monkeypatch, folder, skip=()):
    monkeypatch.setenv(data.MNIST_ENV, str(folder))
    namespace = dict(IMPORTED)
    try:
        for cell_id, source in _code_cells():
            if cell_id not in skip:
                exec(compile(source, f"<notebook 09, cell {cell_id}>", "exec"), namespace)
    finally:
        plt.close("all")
    return namespace


def _idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + array.astype(np.uint8).tobytes()


def _small_mnist(folder: pathlib.Path, m_train: int = 120, m_test: int = 40) -> None:
    """Four small IDX files: each digit a bright bar at its own rows, plus noise (learnable)."""
    rng = np.random.default_rng(5)
    for prefix, m in (("train", m_train), ("t10k", m_test)):
        labels = np.arange(m) % 10
        images = rng.integers(0, 60, size=(m, 28, 28))
        for i, label in enumerate(labels):
            images[i, 2 * label + 4: 2 * label + 6, 4:24] = 250
        (folder / f"{prefix}-images-idx3-ubyte").write_bytes(_idx(images))
        (folder / f"{prefix}-labels-idx1-ubyte").write_bytes(_idx(labels))


def test_without_the_files_the_section_says_where_to_put_them_and_every_cell_runs(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "mnist"
    empty.mkdir()
    namespace = _run_section(monkeypatch, empty)            # no cell raises, the claim cell included
    out = capsys.readouterr().out
    assert namespace["have_mnist"] is False and namespace["mnist_accuracy"] == []
    assert out.count("Section 8 is skipped") == 1
    for needed in (str(empty), data.MNIST_ENV, str(data.MNIST_DEFAULT), *data.MNIST_FILES):
        assert needed in out
    assert "epoch" not in out.split("Without them")[-1]     # nothing trained, nothing printed after the message


def test_with_the_files_the_section_trains_reports_each_epoch_and_checks_its_claim(tmp_path, monkeypatch, capsys):
    _small_mnist(tmp_path)
    with pytest.raises(AssertionError, match="not the standard MNIST files"):
        _run_section(monkeypatch, tmp_path)                  # the claim is about the real 60 000 + 10 000 images
    out = capsys.readouterr().out
    assert "MNIST from" in out and "120 training and 40 test images of 784 pixels" in out
    for epoch in range(6):
        assert f"epoch {epoch}: test accuracy" in out
    assert out.count(" s)") == 5 and "mean time per epoch" in out


def test_with_the_files_the_accuracies_are_those_of_the_network(tmp_path, monkeypatch):
    _small_mnist(tmp_path)
    namespace = _run_section(monkeypatch, tmp_path, skip=("mnist-claim",))
    accuracy = namespace["mnist_accuracy"]
    assert len(accuracy) == namespace["MNIST_EPOCHS"] + 1 == 6
    net, X_test, Y_test = namespace["nielsen"], namespace["X_mnist_test"], namespace["Y_mnist_test"]
    assert net.sizes == [784, 30, 10]
    assert accuracy[-1] == net.accuracy(X_test, Y_test)
    assert accuracy[-1] > 0.9 > accuracy[0]                  # the bars are easy: the run does learn
