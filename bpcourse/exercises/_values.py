"""Reading a student's answer as numbers of the expected kind, and comparing it with the reference.

The expected kind is read off the reference's own value: a float asks for one number, an int
for an integer index, an array for an array of that shape, a list or tuple for a list or tuple
of those. :func:`conform` accepts every reasonable way of writing the expected kind (a number
as a 0-d, (1,) or 1×1 array; an array as nested lists; a tuple for a list; float32) and names
everything else as a type: strings, dicts, sets, generators, map objects, booleans, complex
numbers, float indices. :func:`compare` compares with a tolerance that depends on the precision
of the answer.
"""

from __future__ import annotations

import numbers
import operator
from dataclasses import dataclass

import numpy as np

#: Relative tolerance, and tolerance relative to the largest entry, for float64 answers.
RTOL, ATOL = 1e-6, 1e-9
#: A float32 (or other lower-precision) answer is allowed this many of its own epsilons.
LOW_PRECISION_ULPS = 100
#: Formats with fewer significant digits than this are refused (float16 keeps about 3).
MIN_PRECISION = 1e-6


class Problem(Exception):
    """The answer is not of the expected kind; ``str(problem)`` says what was expected and what came."""

    def __init__(self, text: str, *, shape: tuple | None = None, expected_shape: tuple | None = None,
                 path: str = ""):
        super().__init__(text)
        self.shape, self.expected_shape, self.path = shape, expected_shape, path


def describe(x) -> str:
    """The type of ``x`` as a student would name it: "a dict", "a generator", "a string ('0.5')"."""
    if x is None:
        return "None"
    if isinstance(x, (bool, np.bool_)):
        return f"a bool ({bool(x)})"
    if isinstance(x, str):
        shown = x if len(x) <= 20 else x[:20] + "…"
        return f"a string ({shown!r})"
    if isinstance(x, (complex, np.complexfloating)):
        return f"a complex number ({complex(x)})"
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} (dtype {x.dtype})"
    kinds = {dict: "a dict", set: "a set", frozenset: "a frozenset", map: "a map object (wrap it in list(...))",
             filter: "a filter object (wrap it in list(...))", zip: "a zip object (wrap it in list(...))",
             range: "a range", bytes: "bytes"}
    for kind, text in kinds.items():
        if isinstance(x, kind):
            return text
    if inspect_generator(x):
        return "a generator (from `yield` or `(... for ...)`: build a list instead)"
    if isinstance(x, list):
        return f"a list of {len(x)} item{'s' if len(x) != 1 else ''}"
    if isinstance(x, tuple):
        return f"a tuple of {len(x)} item{'s' if len(x) != 1 else ''}"
    if isinstance(x, numbers.Integral):
        return f"an integer ({int(x)})"
    if isinstance(x, numbers.Real):
        return f"a number ({float(x)!r})"
    if callable(x):
        return f"a function ({getattr(x, '__name__', type(x).__name__)}), not its result"
    return f"an object of type {type(x).__name__}"


def inspect_generator(x) -> bool:
    import types
    return isinstance(x, (types.GeneratorType, types.AsyncGeneratorType)) or \
        (hasattr(x, "__next__") and hasattr(x, "__iter__") and not isinstance(x, (str, bytes, np.ndarray)))


def _real_array(x, what: str, path: str) -> np.ndarray:
    """``x`` as a real numeric array (its own dtype kept), or a Problem naming what it is."""
    if isinstance(x, (str, bytes, dict, set, frozenset, map, filter, zip, range)) or inspect_generator(x) \
            or x is None or isinstance(x, (complex, np.complexfloating)):
        raise Problem(f"expected {what}, got {describe(x)}.", path=path)
    if isinstance(x, (bool, np.bool_)):
        raise Problem(f"expected {what}, got {describe(x)}.", path=path)
    if not isinstance(x, (np.ndarray, list, tuple, numbers.Real, np.generic)) and not hasattr(x, "__array__"):
        raise Problem(f"expected {what}, got {describe(x)}.", path=path)
    try:
        arr = np.asarray(x)
    except Exception:
        raise Problem(f"expected {what}, got {describe(x)} that numpy cannot read as one array "
                      "(rows of different lengths?).", path=path) from None
    if arr.dtype.kind == "O":
        flat = arr.ravel().tolist()
        if not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in flat):
            bad = next(v for v in flat if not (isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))))
            raise Problem(f"expected {what}, got {describe(x)} holding {describe(bad)}.", path=path)
        arr = arr.astype(float)
    if arr.dtype.kind == "b":
        raise Problem(f"expected {what}, got booleans (True/False), not numbers.", path=path)
    if arr.dtype.kind == "c":
        raise Problem(f"expected {what}, got complex numbers (dtype {arr.dtype}); the answer is real: "
                      "find where an imaginary part came in.", path=path)
    if arr.dtype.kind in "USaV":
        raise Problem(f"expected {what}, got strings, not numbers.", path=path)
    if arr.dtype.kind not in "iuf":
        raise Problem(f"expected {what}, got values of dtype {arr.dtype}.", path=path)
    if arr.dtype.kind == "f" and np.finfo(arr.dtype).eps > MIN_PRECISION:
        raise Problem(f"expected {what}, got {arr.dtype}, which keeps only about "
                      f"{int(-np.log10(np.finfo(arr.dtype).eps))} significant digits: compute in float64.",
                      path=path)
    return arr


def _index(x, path: str) -> int:
    if isinstance(x, (bool, np.bool_)):
        raise Problem(f"expected an integer index, got {describe(x)}.", path=path)
    try:
        return operator.index(x)
    except TypeError:
        pass
    if isinstance(x, (float, np.floating)) or (isinstance(x, np.ndarray) and x.dtype.kind == "f"):
        raise Problem(f"expected an integer index, got a float ({x!r}): a list or an array cannot be "
                      "indexed by a float (weights[1.0] raises TypeError). Use integers.", path=path)
    raise Problem(f"expected an integer index, got {describe(x)}.", path=path)


def what(want) -> str:
    """How the expected kind is named in feedback."""
    if isinstance(want, (bool, np.bool_)):
        return "True or False"
    if isinstance(want, (int, np.integer)):
        return "an integer index"
    if isinstance(want, (float, np.floating)):
        return "one number"
    if isinstance(want, np.ndarray):
        return f"an array of shape {want.shape}"
    if isinstance(want, list):
        return f"a list of {len(want)} arrays"
    if isinstance(want, tuple):
        return f"a tuple of {len(want)} items"
    return type(want).__name__


def _part(path: str, i: int, names) -> str:
    """The name of item ``i`` of a tuple or list answer: ``names[i]`` if the exercise names its parts."""
    return names[i] if names and i < len(names) else f"{path}[{i}]"


def conform(got, want, path: str = "your answer", names=None):
    """``got`` rebuilt in the structure of ``want`` (arrays and numbers as ndarrays), or a :class:`Problem`.

    ``names``, if given, names the items of a tuple or list answer in messages (``grad_A`` rather than
    ``your answer[0]``)."""
    if isinstance(want, tuple) or isinstance(want, list):
        if isinstance(got, np.ndarray) and got.ndim == 1 and isinstance(want, tuple):
            got = list(got)              # an index triple may come as a 1-D integer array
        if not isinstance(got, (list, tuple)):
            raise Problem(f"expected {what(want)}, got {describe(got)}.", path=path)
        if len(got) != len(want):
            raise Problem(f"expected {what(want)}, got {describe(got)}.", path=path)
        parts = [conform(g, w, _part(path, i, names)) for i, (g, w) in enumerate(zip(got, want))]
        return tuple(parts) if isinstance(want, tuple) else parts
    if isinstance(want, (int, np.integer)) and not isinstance(want, (bool, np.bool_)):
        return _index(got, path)
    if isinstance(want, (float, np.floating)):
        arr = _real_array(got, "one number", path)
        if arr.size != 1 or arr.ndim > 2:
            raise Problem(f"expected one number, got an array of shape {arr.shape}.", shape=arr.shape,
                          expected_shape=(), path=path)
        return arr.reshape(())
    want = np.asarray(want)
    arr = _real_array(got, f"an array of shape {want.shape}", path)
    if arr.shape != want.shape:
        raise Problem(f"wrong shape: got {arr.shape}, expected {want.shape}.", shape=arr.shape,
                      expected_shape=want.shape, path=path)
    return arr


@dataclass
class Mismatch:
    """The first leaf of an answer whose numbers differ from the reference."""

    path: str
    got: np.ndarray
    want: np.ndarray
    index: tuple          # the entry that differs most (0-based, as numpy counts)

    @property
    def relative(self) -> float:
        """‖got − want‖ / ‖want‖ over this leaf (inf if the answer has nan or inf)."""
        g, w = self.got.astype(float), self.want.astype(float)
        if not np.all(np.isfinite(g)):
            return float("inf")
        den = np.linalg.norm(w)
        return float(np.linalg.norm(g - w) / den) if den else float(np.linalg.norm(g - w))


def tolerance(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """The allowed |got − want| entry by entry: rtol·|want| + atol·max|want|, wider for a float32 answer."""
    eps = np.finfo(got.dtype).eps if got.dtype.kind == "f" else 0.0
    if eps > np.finfo(float).eps:
        rtol, atol = max(rtol, LOW_PRECISION_ULPS * eps), max(atol, LOW_PRECISION_ULPS * eps)
    finite = np.abs(want[np.isfinite(want)])
    scale = float(np.max(finite)) if finite.size else 0.0
    return rtol * np.abs(want) + atol * scale + 1e-300


def leaf_close(got: np.ndarray, want, rtol: float, atol: float) -> bool:
    want = np.asarray(want, dtype=float)
    g = got.astype(float) if got.dtype.kind != "f" or got.dtype.itemsize <= 8 else got.astype(np.float64)
    if g.shape != want.shape:
        return False
    finite = np.isfinite(want)
    if not np.array_equal(np.isfinite(g), finite) or not np.array_equal(g[~finite], want[~finite], equal_nan=True):
        return False                       # nan and inf must sit where the reference has them
    with np.errstate(all="ignore"):
        return bool(np.all(np.abs(g[finite] - want[finite]) <= tolerance(got, want, rtol, atol)[finite]))


def mismatch(got, want, rtol: float = RTOL, atol: float = ATOL, path: str = "your answer",
             names=None) -> Mismatch | None:
    """The first leaf where conformed ``got`` differs from ``want``, or None if all agree (``names`` as in
    :func:`conform`)."""
    if isinstance(want, (list, tuple)):
        for i, (g, w) in enumerate(zip(got, want)):
            found = mismatch(g, w, rtol, atol, _part(path, i, names))
            if found is not None:
                return found
        return None
    if isinstance(want, (int, np.integer)) and not isinstance(want, (bool, np.bool_)):
        return None if got == want else Mismatch(path, np.asarray(got), np.asarray(want), ())
    w = np.asarray(want, dtype=float)
    if leaf_close(got, w, rtol, atol):
        return None
    g = got.astype(float)
    with np.errstate(all="ignore"):
        bad = np.where(np.isfinite(g), np.abs(g - w) / tolerance(got, w, rtol, atol), np.inf)
    index = np.unravel_index(int(np.argmax(bad)), w.shape) if w.ndim else ()
    return Mismatch(path, got, w, tuple(int(i) for i in index))


def agrees(got, want, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """True if the raw answer ``got`` conforms to ``want``'s kind and its numbers agree."""
    try:
        conformed = conform(got, want)
    except Problem:
        return False
    except Exception:
        return False
    try:
        return mismatch(conformed, want, rtol, atol) is None
    except Exception:
        return False


def digits(got: float, want: float) -> tuple[str, str]:
    """The two numbers with just enough significant digits to tell them apart (at least 4)."""
    if not (np.isfinite(got) and np.isfinite(want)):
        return f"{got:.6g}", f"{want:.6g}"
    for p in range(4, 18):
        a, b = f"{got:.{p}g}", f"{want:.{p}g}"
        if a != b:
            return a, b
    return f"{got!r}", f"{want!r}"


def round_to(x, dtype):
    """A copy of ``x`` with every float array rounded to ``dtype`` and back (lists and tuples walked)."""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return x.astype(dtype).astype(x.dtype)
    if isinstance(x, list):
        return [round_to(v, dtype) for v in x]
    if isinstance(x, tuple):
        return tuple(round_to(v, dtype) for v in x)
    return x


def lowest_precision(conformed):
    """The float dtype with the largest epsilon among the answer's arrays (None if all are float64 or ints)."""
    found = None
    if isinstance(conformed, (list, tuple)):
        for v in conformed:
            d = lowest_precision(v)
            if d is not None and (found is None or np.finfo(d).eps > np.finfo(found).eps):
                found = d
        return found
    if isinstance(conformed, np.ndarray) and conformed.dtype.kind == "f" and \
            np.finfo(conformed.dtype).eps > np.finfo(float).eps:
        return conformed.dtype
    return None
