"""Running a student's function so that nothing it does reaches the student as a traceback.

:func:`run` calls the function once and returns an :class:`Outcome`: the value it returned,
or the error it raised with the student's own line (the last frame of the student's code,
not the checker's or numpy's), the shapes of the arrays at that line, and what it printed.
``sys.exit()`` is caught like any error; ``KeyboardInterrupt`` still interrupts.

A checker may forbid package functions (an exercise that says "write it yourself"): during
the call each forbidden function is replaced by a tripwire, in its module or class and in
the student's own namespace, and a call to it is reported instead of answered. A function
reached by a path no tripwire covers (a bound method taken before the check, a registry
lookup) is caught by its code: ``Forbidden.code_of`` names the functions that compute the
answer, and running any of them during the call counts as calling the forbidden one.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import io
import os
import sys
import sysconfig
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

import bpcourse

_PACKAGE_DIR = os.path.dirname(os.path.abspath(bpcourse.__file__))
_LIBRARY_DIRS = tuple({os.path.abspath(p) for key in ("stdlib", "platstdlib", "purelib", "platlib")
                       if (p := sysconfig.get_paths().get(key))})
_PRINT_LIMIT = 2000                  # characters of printed output kept per call


@dataclass
class Outcome:
    """What one call of the student's function did."""

    value: object = None
    error: str | None = None         # the exception's name, e.g. "NameError"
    error_text: str = ""             # its message
    where: str = ""                  # "in my_bp1, line 3: return nabla_a_C @ s"
    arrays: list = field(default_factory=list)   # "W_next: array (3, 4)", ... at that line
    printed: str = ""
    forbidden: str | None = None     # the forbidden package function it called
    not_written: bool = False

    @property
    def raised(self) -> bool:
        return self.error is not None


@dataclass(frozen=True)
class Forbidden:
    """A package function an exercise asks the student not to call: ``owner.attr``, shown as ``label``.

    ``code_of``: the functions that do its computation; running any of them during the student's
    call, by whatever path, counts as calling ``owner.attr``.
    """

    owner: object
    attr: str
    label: str
    code_of: tuple = ()


class _ForbiddenCall(BaseException):
    """Raised by a tripwire; a BaseException so that a student's ``except Exception`` lets it through."""


class _Capped(io.TextIOBase):
    """A text stream that keeps the first few thousand characters written to it."""

    def __init__(self):
        self.parts, self.size, self.lines = [], 0, 0

    def writable(self) -> bool:
        return True

    def write(self, s) -> int:
        s = str(s)
        self.lines += s.count("\n")
        if self.size < _PRINT_LIMIT:
            self.parts.append(s[:_PRINT_LIMIT - self.size])
            self.size += len(self.parts[-1])
        return len(s)

    def text(self) -> str:
        out = "".join(self.parts)
        return out + (" …" if self.size >= _PRINT_LIMIT else "")


def _tripwire(label, calls):
    def tripwire(*args, **kwargs):
        calls.append(label)
        raise _ForbiddenCall(label)
    return tripwire


class _TripwireObject:
    """Stands in for a forbidden object (such as a cost): any attribute or call trips it."""

    def __init__(self, label, calls):
        object.__setattr__(self, "_label", label)
        object.__setattr__(self, "_calls", calls)

    def __getattr__(self, name):
        self._calls.append(self._label)
        raise _ForbiddenCall(self._label)

    def __call__(self, *args, **kwargs):
        self._calls.append(self._label)
        raise _ForbiddenCall(self._label)


def _exit_stub(*args, **kwargs):
    raise SystemExit(*args)


@contextlib.contextmanager
def _watching(forbidden, calls):
    """Record a forbidden item's label when the code of one of its ``code_of`` functions runs."""
    codes = {fn.__code__: item.label for item in forbidden for fn in item.code_of}
    if not codes:
        yield
        return

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            calls.append(codes[frame.f_code])

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield
    finally:
        sys.setprofile(previous)


@contextlib.contextmanager
def _guarded(student, forbidden, calls):
    """Replace forbidden functions (and IPython's exit()) by tripwires for the duration of a call."""
    namespace = getattr(student, "__globals__", None)
    if not isinstance(namespace, dict):
        namespace = {}
    saved_attrs, saved_names = [], []
    try:
        for item in forbidden:
            original = getattr(item.owner, item.attr, None)
            if original is None:
                continue
            if callable(original) and not hasattr(original, "fn"):
                wire = _tripwire(item.label, calls)
            else:
                wire = _TripwireObject(item.label, calls)
            saved_attrs.append((item.owner, item.attr, original))
            setattr(item.owner, item.attr, wire)
            for name, value in list(namespace.items()):
                if value is original:
                    saved_names.append((name, value))
                    namespace[name] = wire
        for name in ("exit", "quit"):         # IPython's exit() ends the kernel instead of raising
            value = namespace.get(name)
            if value is not None and type(value).__name__.endswith("ExitAutocall"):
                saved_names.append((name, value))
                namespace[name] = _exit_stub
        yield
    finally:
        for name, value in saved_names:
            namespace[name] = value
        for owner, attr, original in reversed(saved_attrs):
            setattr(owner, attr, original)


def _is_students(filename: str) -> bool:
    """True for a frame of the student's code: not the package, numpy or the standard library."""
    if not filename or filename.startswith("<frozen"):
        return False
    path = os.path.abspath(filename)
    return not (path.startswith(_PACKAGE_DIR + os.sep) or path.startswith(_LIBRARY_DIRS))


def _describe_local(value) -> str | None:
    if isinstance(value, np.ndarray):
        return f"array {value.shape}"
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, np.ndarray) for v in value):
        kind = "list" if isinstance(value, list) else "tuple"
        return f"{kind} of {len(value)} arrays " + ", ".join(str(v.shape) for v in value[:6]) + \
            (", …" if len(value) > 6 else "")
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, np.integer)):
        return f"{int(value)}"
    return None


def _where(exc: BaseException) -> tuple[str, list]:
    """The student's line where ``exc`` happened, and the arrays in scope there."""
    chosen = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if _is_students(frame.f_code.co_filename):
            chosen = (frame, lineno)
    if chosen is None:
        return "", []
    frame, lineno = chosen
    summary = traceback.FrameSummary(frame.f_code.co_filename, lineno, frame.f_code.co_name)
    line = (summary.line or "").strip()
    where = f"in {frame.f_code.co_name}, line {lineno}" + (f": {line}" if line else "")
    arrays = []
    for name, value in list(frame.f_locals.items())[:40]:
        text = _describe_local(value)
        if text is not None and not name.startswith("_"):
            arrays.append(f"{name}: {text}")
    return where, arrays[:10]


def _message(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:
        text = ""
    return text if len(text) <= 300 else text[:300] + " …"


def run(student, args: tuple, forbidden=(), *, deep_copy: bool = True) -> Outcome:
    """Call ``student(*args)`` (on deep copies of ``args`` unless ``deep_copy`` is False).

    Never raises, except that a KeyboardInterrupt still interrupts.
    """
    for item in forbidden:              # the student handed in the package's function itself
        original = getattr(item.owner, item.attr, None)
        if original is not None and (student is original or getattr(student, "__func__", None) is original):
            return Outcome(forbidden=item.label)
    if deep_copy:
        args = copy.deepcopy(args)
    out, calls = _Capped(), []
    try:
        with _guarded(student, forbidden, calls), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(out), np.errstate(all="ignore"), warnings.catch_warnings(), \
                _watching(forbidden, calls):
            warnings.simplefilter("ignore")
            value = student(*args)
    except KeyboardInterrupt:
        raise
    except _ForbiddenCall as exc:
        return Outcome(forbidden=str(exc.args[0]), printed=out.text())
    except NotImplementedError:
        return Outcome(not_written=True, printed=out.text())
    except BaseException as exc:  # the student's code raised (or exited): report it, never re-raise
        where, arrays = _where(exc)
        name = type(exc).__name__
        exc.__traceback__ = None      # drop the frames (and the arrays they hold)
        return Outcome(error=name, error_text=_message(exc), where=where, arrays=arrays,
                       printed=out.text(), forbidden=calls[0] if calls else None)
    if calls:                          # the student caught the tripwire's exception and went on
        return Outcome(forbidden=calls[0], printed=out.text())
    return Outcome(value=value, printed=out.text())


def signature_problem(student, params: tuple) -> str | None:
    """If ``student`` cannot be called with ``len(params)`` positional arguments, say why."""
    try:
        sig = inspect.signature(student)
    except (TypeError, ValueError):
        return None
    try:
        sig.bind(*params)
    except TypeError:
        names = [p.name for p in sig.parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        n = len(names)
        return (f"your function takes {n} parameter{'s' if n != 1 else ''} ({', '.join(names) or 'none'}), "
                f"but the checker calls it with {len(params)}: ({', '.join(params)}).")
    return None
