r"""Checkers for notebook 00: from the course's w^l_jk to row-major (``X @ W``) code.

Row-major code keeps a batch as rows, A of shape (m, n), and stores each layer's weights
as W_rm = (W^l)^T, shape (n_{l-1}, n_l), so that Z = A W_rm + b. The checkers recognise the
layer index that is off by one, j and k swapped, indices counted from 1, a missing
transpose, a forgotten bias, a bias added as a column, and the column-form result.
"""

from __future__ import annotations

import numpy as np

from bpcourse.activations import sigmoid
from bpcourse.exercises._core import Mistake, Result, check_function

Array = np.ndarray


# -- indices --------------------------------------------------------------------------
def rowmajor_index(l: int, j: int, k: int) -> tuple[int, int, int]:
    r"""w^l_jk = weights_rm[l - 2][k - 1, j - 1], where weights_rm[i] = weights[i].T.

    l, j, k are the course's 1-based indices (layer l = 2..L, neuron j of layer l, neuron
    k of layer l−1). Returns the 0-based (list index, row, column).
    """
    return (l - 2, k - 1, j - 1)


INDEX_CASES = [(3, 2, 4), (2, 1, 3), (4, 3, 1), (2, 5, 2), (5, 2, 6), (3, 1, 1)]

INDEX_MISTAKES = [
    Mistake("j and k swapped", lambda l, j, k: (l - 2, j - 1, k - 1),
            "That is the index into the column-form W^l (row j, column k). The row-major matrix is its "
            "transpose: row k (the neuron the weight comes from), column j."),
    Mistake("the layer off by one (l - 1)", lambda l, j, k: (l - 1, k - 1, j - 1),
            "Layer 1 (the input) has no weights, so the list starts at W^2: W^l is weights_rm[l - 2]. "
            "(l - 1 is the UFLDL label W^(l-1), not a list position.)"),
    Mistake("the layer off by one (l)", lambda l, j, k: (l, k - 1, j - 1),
            "The list starts at W^2 and numpy counts from 0: W^l is weights_rm[l - 2]."),
    Mistake("indices counted from 1", lambda l, j, k: (l - 2, k, j),
            "numpy counts from 0: neuron k is row k - 1 and neuron j is column j - 1."),
    Mistake("1-based indices with j and k swapped", lambda l, j, k: (l - 2, j, k),
            "Two things: numpy counts from 0, and the row-major matrix is (W^l)^T, so the row is k - 1 "
            "and the column j - 1."),
]


def _as_tuple(student):
    """Let the student return the triple as a tuple, a list or a numpy array."""
    def answer(l, j, k):
        out = student(l, j, k)
        return tuple(out.tolist()) if isinstance(out, np.ndarray) and out.ndim == 1 else out
    return answer


def check_rowmajor_index(student) -> Result:
    """Check ``my_rowmajor_index(l, j, k)`` → (l - 2, k - 1, j - 1)."""
    answer = _as_tuple(student) if callable(student) else student
    return check_function("my_rowmajor_index", answer, rowmajor_index, INDEX_CASES, INDEX_MISTAKES,
                          success="correct: w^l_jk is weights_rm[l - 2][k - 1, j - 1].")


# -- a layer in row-major form ------------------------------------------------------------
def rowmajor_z(A_prev: Array, W: Array, b: Array) -> Array:
    r"""Z = A_prev (W^l)^T + (b^l)^T, the rows of Z being (z^l)^T for each example.

    A_prev : (m, n_{l-1}), one example per row; W : W^l in column form, (n_l, n_{l-1});
    b : b^l, (n_l, 1). Returns Z of shape (m, n_l).
    """
    return A_prev @ W.T + b.T


def _z_cases(seed: int = 2) -> list[tuple]:
    rng = np.random.default_rng(seed)
    shapes = [(3, 3, 3), (5, 4, 3), (1, 2, 4), (6, 3, 2)]     # (m, n_{l-1}, n_l); all square first
    return [(rng.standard_normal((m, n_prev)), rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1)))
            for m, n_prev, n in shapes]


Z_MISTAKES = [
    Mistake("W not transposed (A_prev @ W)", lambda A, W, b: A @ W + b.T,
            "W is W^l in column form, shape (n_l, n_{l-1}); row-major code multiplies by (W^l)^T, "
            "shape (n_{l-1}, n_l): A_prev @ W.T."),
    Mistake("the column-form result (one example per column)", lambda A, W, b: W @ A.T + b,
            "You computed z^l with examples as columns, shape (n_l, m). Row-major code wants one example "
            "per row, shape (m, n_l): A_prev @ W.T + b.T (the transpose of your answer)."),
    Mistake("a forgotten bias", lambda A, W, b: A @ W.T,
            "Add the bias to every row: + b.T, shape (1, n_l)."),
    Mistake("the bias added as a column", lambda A, W, b: A @ W.T + b,
            "b has shape (n_l, 1); in row-major form the bias is a row, b.T of shape (1, n_l), which numpy "
            "adds to every example's row. Added as a column it lands on the wrong entries."),
    Mistake("σ applied (returning a instead of z)", lambda A, W, b: sigmoid.fn(A @ W.T + b.T),
            "This exercise asks for the weighted input Z, before σ."),
]


def check_rowmajor_z(student) -> Result:
    """Check ``my_rowmajor_z(A_prev, W, b)`` → A_prev @ W.T + b.T, shape (m, n_l)."""
    return check_function("my_rowmajor_z", student, rowmajor_z, _z_cases(), Z_MISTAKES,
                          success="correct: Z = A (W^l)^T + (b^l)^T equals (W^l a + b^l)^T for every example.")
