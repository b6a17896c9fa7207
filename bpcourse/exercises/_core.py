"""The checking engine every exercise shares.

A checker runs the student's function on several random cases, compares each answer
with the reference, and, when they differ, tries each known mistake to name the one
the student made. It catches everything the student's code raises or returns, so a
wrong answer gets feedback, never a traceback.
"""

from __future__ import annotations

import html
import traceback
from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass
class Result:
    """The outcome of a check: ``passed``, a headline, and a hint when it failed.

    ``mistake`` names the known mistake recognised (or None). It shows itself as
    coloured HTML in a notebook and as plain text elsewhere.
    """

    passed: bool
    exercise: str
    message: str
    hint: str = ""
    mistake: str | None = None
    details: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        mark = "PASSED" if self.passed else "NOT YET"
        lines = [f"[{mark}] {self.exercise}: {self.message}"]
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        lines += [f"  {d}" for d in self.details]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour, mark = ("#1a7f37", "✔ Passed") if self.passed else ("#b35900", "✘ Not yet")
        hint = f"<div><b>Hint:</b> {html.escape(self.hint)}</div>" if self.hint else ""
        details = "".join(f"<li><code>{html.escape(str(d))}</code></li>" for d in self.details)
        details = f"<ul style='margin:0.3em 0'>{details}</ul>" if details else ""
        return (f"<div style='border-left:4px solid {colour};padding:0.4em 0.8em;margin:0.3em 0'>"
                f"<b style='color:{colour}'>{mark}</b> — <b>{html.escape(self.exercise)}</b>: "
                f"{html.escape(self.message)}{hint}{details}</div>")


@dataclass
class Mistake:
    """A known wrong answer: ``wrong(*args)`` computes what the mistake gives."""

    name: str
    wrong: Callable
    hint: str


def _describe_one(a) -> str:
    if isinstance(a, np.ndarray):
        return f"array{np.shape(a)}"
    if isinstance(a, (list, tuple)) and a and all(isinstance(v, np.ndarray) for v in a):
        inner = ", ".join(f"array{np.shape(v)}" for v in a)
        return f"[{inner}]" if isinstance(a, list) else f"({inner})"
    return repr(a)


def _describe(args) -> str:
    return ", ".join(_describe_one(a) for a in args)


def _as_array(x):
    try:
        arr = np.asarray(x, dtype=float)
    except Exception:
        return None
    return arr


def _close(got, want, rtol=1e-6, atol=1e-9) -> bool:
    if isinstance(want, (tuple, list)):
        return (isinstance(got, (tuple, list)) and len(got) == len(want)
                and all(_close(g, w, rtol, atol) for g, w in zip(got, want)))
    g = _as_array(got)
    w = np.asarray(want, dtype=float)
    return g is not None and g.shape == w.shape and bool(np.allclose(g, w, rtol=rtol, atol=atol))


def _flatten(x):
    """All the numbers in an array or a nested list/tuple of arrays, as one flat array (None if not numeric)."""
    if isinstance(x, (tuple, list)):
        parts = [_flatten(v) for v in x]
        if any(p is None for p in parts):
            return None
        return np.concatenate(parts) if parts else np.zeros(0)
    arr = _as_array(x)
    return None if arr is None else np.ravel(arr)


def _shape_of(x):
    if isinstance(x, (tuple, list)):
        return [_shape_of(v) for v in x]
    arr = _as_array(x)
    return None if arr is None else arr.shape


def check_function(exercise: str, student, reference: Callable, cases: list[tuple],
                   mistakes: list[Mistake] = (), rtol: float = 1e-6, atol: float = 1e-9,
                   success: str = "correct on every test case.") -> Result:
    """Run ``student(*case)`` for each case and compare with ``reference(*case)``.

    Returns a :class:`Result`; never raises, whatever ``student`` does.
    """
    if not callable(student):
        return Result(False, exercise, f"expected a function, got {type(student).__name__}.",
                      hint="Pass the function itself, without calling it: check(my_fn), not check(my_fn()).")
    for i, args in enumerate(cases, start=1):
        copies = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
        want = reference(*copies)
        try:
            with np.errstate(all="ignore"):
                got = student(*tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args))
        except NotImplementedError:
            return Result(False, exercise, "not written yet (the function raises NotImplementedError).",
                          hint="Replace the `raise NotImplementedError` line with your code.")
        except Exception as exc:  # the student's code raised: report it, do not re-raise
            where = traceback.extract_tb(exc.__traceback__)[-1]
            return Result(False, exercise, f"your function raised {type(exc).__name__}: {exc}",
                          hint=f"It happened on line {where.lineno} ({where.line!r}) with inputs "
                               f"{_describe(args)}. Check the shapes of the arrays you combine.",
                          details=[f"test case {i}: inputs {_describe(args)}"])
        if got is None:
            return Result(False, exercise, "your function returned None.",
                          hint="Did you forget the `return` statement?")
        if _close(got, want, rtol, atol):
            continue
        for m in mistakes:
            try:
                with np.errstate(all="ignore"):
                    wrong = m.wrong(*copies)
            except Exception:
                continue
            if _close(got, wrong, rtol, atol):
                return Result(False, exercise, f"not yet right: this looks like {m.name}.", hint=m.hint,
                              mistake=m.name, details=[f"test case {i}: inputs {_describe(args)}"])
        got_shape, want_shape = _shape_of(got), _shape_of(want)
        if got_shape != want_shape:
            return Result(False, exercise, f"wrong shape: got {got_shape}, expected {want_shape}.",
                          hint="Write down the shape of every factor; a column vector is (n, 1), "
                               "a batch is (n, m).", mistake="wrong shape",
                          details=[f"test case {i}: inputs {_describe(args)}"])
        g, w = _flatten(got), _flatten(want)
        sample = "" if g is None else f"first entries: got {np.round(g[:3], 6)}, expected {np.round(w[:3], 6)}"
        return Result(False, exercise, "the shape is right but the numbers are not.",
                      hint="Compare each factor of your formula with the equation, one at a time.",
                      details=[f"test case {i}: inputs {_describe(args)}", sample])
    return Result(True, exercise, success)
