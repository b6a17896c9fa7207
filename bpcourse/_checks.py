"""Input checks shared by the package: each raises an error that names the problem.

Every public function validates its arguments here, once, before any numpy
arithmetic runs, so a mistake never surfaces as a broadcasting traceback from
deep inside a matrix product.
"""

from __future__ import annotations

import numbers

import numpy as np

Array = np.ndarray


def as_matrix(x, name: str, *, allow_complex: bool = False) -> Array:
    """Return ``x`` as a 2-D float64 array (columns are examples), or raise.

    Raises TypeError for non-numeric input and ValueError for a wrong number of
    dimensions, an empty batch, or NaN/inf entries.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} could not be turned into a numeric array: {exc}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got an array of dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        if not allow_complex:
            raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
        arr = arr.astype(np.complex128, copy=False)
    else:
        arr = arr.astype(np.float64, copy=False)
    if arr.ndim != 2:
        hint = " (for one example use x.reshape(-1, 1), a column vector)" if arr.ndim == 1 else ""
        raise ValueError(
            f"{name} must be a 2-D array of shape (n, m) with one column per example, "
            f"got {arr.ndim}-D shape {arr.shape}{hint}"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} is an empty batch: shape {arr.shape} has no columns (examples)")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has no rows: shape {arr.shape}")
    # The sum of finite numbers is finite unless it overflows: one pass, no temporary array;
    # only when it is not finite is every entry looked at.
    with np.errstate(over="ignore", invalid="ignore"):
        total = arr.sum()
    if not np.isfinite(total) and not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{name} contains NaN or inf (first at row {bad[0] + 1}, column {bad[1] + 1}, counted from 1: "
            f"{arr[tuple(bad)]})"
        )
    return arr


def same_shape(a: Array, a_name: str, b: Array, b_name: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{a_name} has shape {a.shape} but {b_name} has shape {b.shape}; they must match")


def same_columns(a: Array, a_name: str, b: Array, b_name: str) -> None:
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"{a_name} has {a.shape[1]} columns (examples) but {b_name} has {b.shape[1]}; "
            "each column is one example, so they must match"
        )


def positive_int(value, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def real_number(value, name: str, *, positive: bool = False, nonnegative: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    if nonnegative and value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value
