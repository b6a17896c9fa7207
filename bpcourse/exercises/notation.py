r"""Checkers for notebook 00: from the course's w^l_jk to row-major (``X @ W``) code.

Row-major code keeps a batch as rows, A of shape (m, n), and stores each layer's weights
as W_rm = (W^l)^T, shape (n_{l-1}, n_l), so that Z = A W_rm + b. The checkers recognise the
layer index that is off by one, j and k swapped, indices counted from 1, a missing
transpose, a forgotten bias, a bias added as a column, and the column-form result.
"""

from __future__ import annotations

import numpy as np

from bpcourse.activations import sigmoid
from bpcourse.exercises._core import Case, Exercise, Mistake, Result

Array = np.ndarray


# -- indices --------------------------------------------------------------------------
def rowmajor_index(l: int, j: int, k: int) -> tuple[int, int, int]:
    r"""w^l_jk = weights_rm[l - 2][k - 1, j - 1], where weights_rm[i] = weights[i].T.

    l, j, k are the course's 1-based indices (layer l = 2..L, neuron j of layer l, neuron
    k of layer l−1). Returns the 0-based (list index, row, column).
    """
    return (l - 2, k - 1, j - 1)


INDEX_CASES = [Case(args, label) for args, label in [
    ((3, 2, 4), "w^3_24"), ((2, 1, 3), "w^2_13"), ((4, 3, 1), "w^4_31"), ((2, 5, 2), "w^2_52"),
    ((5, 2, 6), "w^5_26"), ((3, 1, 1), "w^3_11"), ((6, 4, 7), "w^6_47")]]

_LIST_LOOK = "Look at the first number, the position of W^l in the list: which matrix is weights_rm[0]?"
_ENTRY_LOOK = ("Look at the row and the column: in weights_rm[i] = (W^l)^T, what does a row stand for, "
               "and what a column?")

INDEX_MISTAKES = [
    Mistake("j and k swapped", lambda l, j, k: (l - 2, j - 1, k - 1),
            "That is the index into the column-form W^l (row j, column k). The row-major matrix is its "
            "transpose: row k (the neuron the weight comes from), column j.", _ENTRY_LOOK),
    Mistake("the layer off by one (l - 1)", lambda l, j, k: (l - 1, k - 1, j - 1),
            "Layer 1 (the input) has no weights, so the list starts at W^2: W^l is weights_rm[l - 2]. "
            "(l - 1 is the UFLDL label W^(l-1), not a list position.)", _LIST_LOOK),
    Mistake("the layer off by one (l)", lambda l, j, k: (l, k - 1, j - 1),
            "The list starts at W^2 and numpy counts from 0: W^l is weights_rm[l - 2].", _LIST_LOOK),
    Mistake("indices counted from 1", lambda l, j, k: (l - 2, k, j),
            "numpy counts from 0: neuron k is row k - 1 and neuron j is column j - 1.",
            "The course counts neurons from 1; where does numpy start counting?"),
    Mistake("1-based indices with j and k swapped", lambda l, j, k: (l - 2, j, k),
            "Two things: numpy counts from 0, and the row-major matrix is (W^l)^T, so the row is k - 1 "
            "and the column j - 1.", _ENTRY_LOOK),
]

INDEX = Exercise(
    "my_rowmajor_index", ("l", "j", "k"), rowmajor_index, INDEX_CASES, INDEX_MISTAKES,
    hint="Three things to translate: the list starts at W^2 (layer 1 has no weights), numpy counts from 0, "
         "and weights_rm[i] is the transpose of W^l, so its rows are the neurons of layer l−1.",
    success="correct: w^l_jk is weights_rm[l - 2][k - 1, j - 1].")


def check_rowmajor_index(student) -> Result:
    """Check ``my_rowmajor_index(l, j, k)`` → (l - 2, k - 1, j - 1), three integers."""
    return INDEX.check(student)


# -- a layer in row-major form ------------------------------------------------------------
def rowmajor_z(A_prev: Array, W: Array, b: Array) -> Array:
    r"""Z = A_prev (W^l)^T + (b^l)^T, the rows of Z being (z^l)^T for each example.

    A_prev : (m, n_{l-1}), one example per row; W : W^l in column form, (n_l, n_{l-1});
    b : b^l, (n_l, 1). Returns Z of shape (m, n_l).
    """
    return A_prev @ W.T + b.T


def _z_cases(seed: int = 2) -> list[Case]:
    rng = np.random.default_rng(seed)
    shapes = [((3, 3, 3), "all sizes 3"), ((5, 4, 3), "m = 5, n_{l-1} = 4, n_l = 3"),
              ((1, 2, 4), "one example"), ((6, 3, 2), "m = 6, n_{l-1} = 3, n_l = 2"),
              ((4, 2, 4), "m = n_l = 4, n_{l-1} = 2")]   # (m, n_{l-1}, n_l)
    return [Case((rng.standard_normal((m, n_prev)), rng.standard_normal((n, n_prev)),
                  rng.standard_normal((n, 1))), label, m=m) for (m, n_prev, n), label in shapes]


Z_MISTAKES = [
    Mistake("W not transposed (A_prev @ W)", lambda A, W, b: A @ W + b.T,
            "W is W^l in column form, shape (n_l, n_{l-1}); row-major code multiplies by (W^l)^T, "
            "shape (n_{l-1}, n_l): A_prev @ W.T.",
            "Look at the matrix product: which shape must the right factor have?"),
    Mistake("the column-form result (one example per column)", lambda A, W, b: W @ A.T + b,
            "You computed z^l with examples as columns, shape (n_l, m). Row-major code wants one example "
            "per row, shape (m, n_l): A_prev @ W.T + b.T (the transpose of your answer).",
            "Look at the layout of your result: is each example a row or a column?"),
    Mistake("a forgotten bias", lambda A, W, b: A @ W.T,
            "Add the bias to every row: + b.T, shape (1, n_l).", "Count the terms of z = W a + b in your code."),
    Mistake("the bias added as a column", lambda A, W, b: A @ W.T + b,
            "b has shape (n_l, 1); in row-major form the bias is a row, b.T of shape (1, n_l), which numpy "
            "adds to every example's row. Added as a column it lands on the wrong entries.",
            "Look at the bias: which entries of Z does numpy add it to?"),
    Mistake("σ applied (returning a instead of z)", lambda A, W, b: sigmoid.fn(A @ W.T + b.T),
            "This exercise asks for the weighted input Z, before σ.",
            "Z is the weighted input: is anything applied to it?"),
]

Z = Exercise(
    "my_rowmajor_z", ("A_prev", "W", "b"), rowmajor_z, _z_cases(), Z_MISTAKES,
    hint="Transpose z^l = W^l a^{l-1} + b^l: (z^l)^T = (a^{l-1})^T (W^l)^T + (b^l)^T. Stacking the examples "
         "as rows turns (a^{l-1})^T into A_prev.",
    success="correct: Z = A (W^l)^T + (b^l)^T equals (W^l a + b^l)^T for every example.")


def check_rowmajor_z(student) -> Result:
    """Check ``my_rowmajor_z(A_prev, W, b)`` → A_prev @ W.T + b.T, shape (m, n_l)."""
    return Z.check(student)
