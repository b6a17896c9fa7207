"""The checking engine every exercise shares.

An :class:`Exercise` runs the student's function on every test case (:class:`Case`), reads
each answer as the kind of value the reference returns, and compares it. When the answer
is wrong it tries each known :class:`Mistake` on the same cases, and names one only when
the answer agrees with it on *every* case. Nothing the student's function does reaches the
student as a traceback (see :mod:`bpcourse.exercises._run`).

The feedback comes in steps (a :class:`Result`): the first says what is wrong (which case,
the numbers or the shape or the error, and the student's own line); asking again — running
the same check again, or ``result.hint()`` — adds a hint, then the term or shape at fault.
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass
from typing import Callable

import numpy as np

from bpcourse.exercises import _values
from bpcourse.exercises._run import Forbidden, Outcome, run, signature_problem

__all__ = ["Case", "Exercise", "Forbidden", "Mistake", "Result", "failed", "passed", "forget"]

MORE = ("Not sure why? Run this check again (or call .hint() on its result) for a hint.",
        "Still stuck? Run it once more (or .hint() again) for the term or shape at fault.")
NOT_WRITTEN = "not written yet (the function raises NotImplementedError)."


# -- the result ---------------------------------------------------------------------------------

#: How many times each (exercise, diagnosis) has been shown in this session: asking again goes one step further.
_ASKED: dict = {}
_LABELS = ("", "Hint: ", "At fault: ")


def forget() -> None:
    """Forget which feedback has been shown, so the next check starts again at the first step."""
    _ASKED.clear()


class Result:
    """The outcome of a check: ``passed``, and feedback in steps.

    ``steps[0]`` says what is wrong (or that the answer is right); ``steps[1]`` is a hint and
    ``steps[2]`` names the term or shape at fault. ``level`` steps are shown; :meth:`hint`
    shows one more. ``mistake`` names the known mistake recognised (or None). A Result shows
    itself as coloured HTML in a notebook and as plain text elsewhere.
    """

    def __init__(self, passed: bool, exercise: str, steps, *, mistake: str | None = None,
                 details=(), level: int | None = None):
        self.passed = bool(passed)
        self.exercise = exercise
        self.steps = [s for s in steps if s]
        self.mistake = mistake
        self.details = list(details)
        self.level = len(self.steps) if level is None else max(1, min(level, len(self.steps)))

    @property
    def message(self) -> str:
        """The first step: what is wrong, or that the answer is right."""
        return self.steps[0] if self.steps else ""

    @property
    def hints(self) -> list[str]:
        """Every step after the first, shown or not yet shown."""
        return self.steps[1:]

    def hint(self) -> "Result":
        """Show one more step of the feedback; returns the result itself, so a notebook displays it."""
        self.level = min(self.level + 1, len(self.steps))
        return self

    def __bool__(self) -> bool:
        return self.passed

    def _shown(self) -> list[tuple[str, str]]:
        labels = _LABELS if not self.passed else ("",) * 3
        return [(labels[min(i, 2)], s) for i, s in enumerate(self.steps[:self.level])]

    def __str__(self) -> str:
        mark = "PASSED" if self.passed else "NOT YET"
        shown = self._shown()
        lines = [f"[{mark}] {self.exercise}: {shown[0][1] if shown else ''}"]
        lines += [f"{label}{text}" for label, text in shown[1:]]
        lines += [f"  {d}" for d in self.details]
        if self.level < len(self.steps):
            lines.append(MORE[min(self.level, 2) - 1])
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour, mark = ("#1a7f37", "✔ Passed") if self.passed else ("#b35900", "✘ Not yet")
        shown = self._shown()
        first = html.escape(shown[0][1]) if shown else ""
        rest = "".join(f"<div>{'<b>' + html.escape(label) + '</b>' if label else ''}{html.escape(text)}</div>"
                       for label, text in shown[1:])
        details = "".join(f"<li><code>{html.escape(str(d))}</code></li>" for d in self.details)
        details = f"<ul style='margin:0.3em 0'>{details}</ul>" if details else ""
        more = (f"<div style='color:#555'><i>{html.escape(MORE[min(self.level, 2) - 1])}</i></div>"
                if self.level < len(self.steps) else "")
        return (f"<div style='border-left:4px solid {colour};padding:0.4em 0.8em;margin:0.3em 0'>"
                f"<b style='color:{colour}'>{mark}</b> — <b>{html.escape(self.exercise)}</b>: "
                f"{first}{rest}{details}{more}</div>")


def passed(exercise: str, *steps: str) -> Result:
    """A passing result, every step shown at once (the success message, then any explanation)."""
    return Result(True, exercise, steps)


def failed(exercise: str, *steps: str, mistake: str | None = None, details=()) -> Result:
    """A failing result. The same feedback asked for again shows one more step."""
    key = (exercise, mistake, steps[0] if steps else "")
    times = _ASKED.get(key, 0)
    if len(_ASKED) > 10_000:
        _ASKED.clear()
    _ASKED[key] = times + 1
    return Result(False, exercise, steps, mistake=mistake, details=details, level=1 + times)


# -- cases and mistakes --------------------------------------------------------------------------

@dataclass
class Case:
    """One test case: the arguments the student's function gets, and a label that says what is special
    about it ("a square W", "a batch of 5", "saturated z (|z| ≈ 40)"); ``m`` is its number of examples."""

    args: tuple
    label: str = ""
    m: int | None = None
    tags: frozenset = frozenset()


@dataclass
class Mistake:
    """A known wrong answer.

    ``wrong(*args)`` computes what the mistake gives (the answer is recognised when it agrees
    with that on every case, raising where it raises), or ``test(right, cases, values, exercise)``
    decides from which cases were right (a list of bools) and the answer's raw values (None
    where it raised). ``name`` is the term at fault and ``hint`` how to put it right (the last
    step); ``look`` says where to look (the middle step). Cases tagged with one of ``ignore``
    do not count when matching (a mistake about something else).
    """

    name: str
    wrong: Callable | None
    hint: str
    look: str = ""
    test: Callable | None = None
    ignore: frozenset = frozenset()    # tags of the cases that do not count when matching


_RAISES = object()


def near_miss(rtol: float = 1e-4) -> Callable:
    """A ``Mistake.test``: every case within ``rtol`` of the reference, but not within the checker's tolerance."""
    def test(right, cases, values, exercise):
        if all(right):
            return False
        for v, want in zip(values, exercise.wants()):
            if v is None or not _values.agrees(v, want, rtol, rtol):
                return False
        return True
    return test


def _safe(fn, args):
    try:
        with np.errstate(all="ignore"):
            return fn(*copy.deepcopy(args))
    except Exception:
        return _RAISES


# -- what went wrong, in words ---------------------------------------------------------------------

_ERROR_HINTS = {
    "NameError": "A name in your code is not defined: check its spelling, and that the cell that defines or "
                 "imports it has been run.",
    "UnboundLocalError": "A variable is used before it gets a value in your function (or it is assigned "
                         "further down, which makes Python treat it as local everywhere in the function).",
    "AttributeError": "You asked an object for an attribute it does not have: check the spelling, and what "
                      "type the object really is (print(type(x)) helps).",
    "IndexError": "An index is out of range: numpy and Python count from 0, so the last of n entries is n − 1 "
                  "(or -1).",
    "KeyError": "A key is missing from a dict.",
    "ZeroDivisionError": "A division by zero: Python numbers raise where numpy arrays would give inf or nan.",
    "SystemExit": "sys.exit() (or exit()) stops the whole program: in a function, use `return` instead.",
    "RecursionError": "Your function calls itself without end.",
    "TypeError": "An operation got a value of a type it cannot handle (or a function got the wrong number "
                 "of arguments): read the error message and check the types of the values on that line.",
}
_SHAPE_WORDS = ("matmul", "align", "broadcast", "shape", "dimension", "size")
SHAPE_HINT = ("The shapes of the arrays you combine do not fit. Write each factor's shape next to it: "
              "A @ B needs the columns of A to match the rows of B, and *, + and − need equal shapes "
              "(or a size 1 that numpy can stretch).")


def _error_hint(outcome: Outcome, shape_hint: str = SHAPE_HINT) -> str:
    text = outcome.error_text.lower()
    if outcome.error in ("ValueError", "TypeError") and any(w in text for w in _SHAPE_WORDS):
        return shape_hint
    return _ERROR_HINTS.get(outcome.error, f"Read the error message: {outcome.error}: {outcome.error_text}")


def _type_fix(problem: _values.Problem) -> str:
    text = str(problem)
    if "generator" in text or "map object" in text or "filter object" in text or "zip object" in text:
        fix = "Build the list itself, e.g. [f(x) for x in xs], and return that."
    elif "string" in text:
        fix = "Return the value itself, not text: no str(...) or f\"...\" around it."
    elif "dict" in text:
        fix = "Return the values themselves, in the order asked for, not a dict of them."
    elif "bool" in text:
        fix = "A comparison gives True/False; the exercise asks for numbers (e.g. np.mean of the comparison)."
    elif "complex" in text:
        fix = "Somewhere a complex number came in (a square root or power of a negative number?)."
    elif "float (" in text:
        fix = "Indices must be integers: write l - 2, not l / 1 or 1.0 * l; int(x) converts a float."
    elif "function" in text:
        fix = "Return the result of your computation, not the function itself."
    elif "None" in text:
        fix = "End your function with `return <your result>`; without it Python returns None."
    elif "significant digits" in text:
        fix = "Keep float64, numpy's default: leave out .astype(np.float16) or dtype=np.float16."
    else:
        fix = "Return the kind of value the exercise asks for."
    where = f"The value at fault: {problem.path}. " if problem.path not in ("", "your answer") else ""
    return where + fix


def _shape_fault(got: tuple, want: tuple, case: Case) -> str:
    about = f" (test case: {case.label})" if case.label else ""
    if want == ():
        return f"Your answer has shape {got}; the exercise asks for a single number: sum or average down to one value."
    if len(got) == len(want) and tuple(reversed(got)) == want:
        return f"Your {got} is the transpose of the expected {want}{about}: rows and columns are swapped."
    if got == tuple(d for d in want if d != 1) and len(got) < len(want):
        return (f"Your answer has lost an axis of length 1: {got} instead of {want}{about}. Keep it with "
                "keepdims=True, or reshape(-1, 1) for a column.")
    if len(got) > len(want) and tuple(d for d in got if d != 1) == tuple(d for d in want if d != 1):
        return f"Your answer has an extra axis of length 1: {got} instead of {want}{about}."
    if len(got) == len(want) == 2 and 1 in got and got != want:
        axis = 0 if got[0] == 1 else 1
        return (f"One axis has collapsed: {got} instead of {want}{about}, as a sum or mean over axis={axis} "
                "would give. Which axis holds the examples, and which the neurons?")
    return f"Your answer has shape {got}, the expected one {want}{about}."


def _ratio(got: np.ndarray, want: np.ndarray):
    """c if got ≈ c · want for one number c, else None."""
    g, w = got.astype(float).ravel(), want.astype(float).ravel()
    if not np.all(np.isfinite(g)) or not np.any(w):
        return None
    c = float(g @ w / (w @ w))
    return c if np.allclose(g, c * w, rtol=1e-6, atol=1e-9 * np.max(np.abs(w))) else None


def _numbers_fault(mis: _values.Mismatch, case: Case) -> str:
    g, w = mis.got.astype(float), mis.want
    where = "" if mis.path == "your answer" else f"In {mis.path}: "
    if not np.all(np.isfinite(g)):
        bad = np.argwhere(~np.isfinite(g))[:3]
        entries = ", ".join(str(tuple(int(i) + 1 for i in b)) for b in bad) if g.ndim else "the number"
        return (f"{where}your answer has nan or inf (at entries {entries}, counted from 1){_about(case)}: "
                "a division by zero or an overflow. An expression that is fine on paper can break in "
                "floating point when a number rounds to 0 or 1.")
    c = _ratio(g, w)
    if c is not None and abs(c - 1) > 1e-6:
        if abs(c) < 1e-12:
            return f"{where}your answer is 0 where the right one is not{_about(case)}."
        if abs(c + 1) < 1e-6:
            return f"{where}every entry has the wrong sign: look for a minus sign, or a − b written as b − a."
        if case.m and abs(c - case.m) < 1e-6 * case.m:
            return f"{where}every entry is m = {case.m} times too large (m, the examples in the batch): a missing 1/m."
        if case.m and abs(c * case.m - 1) < 1e-6:
            return f"{where}every entry is m = {case.m} times too small (m, the examples in the batch): a 1/m too many."
        return f"{where}every entry is {c:.6g} times the right one: a constant factor is wrong."
    if g.ndim == 2 and g.shape[0] == g.shape[1] and np.allclose(g, w.T, rtol=1e-6, atol=1e-12):
        return f"{where}your answer is the transpose of the right one{_about(case)}."
    if g.ndim == 2 and g.size > 1:
        tol = _values.tolerance(mis.got, w, _values.RTOL, _values.ATOL)
        wrong = np.abs(g - w) > tol
        rows, cols = np.flatnonzero(wrong.any(axis=1)) + 1, np.flatnonzero(wrong.any(axis=0)) + 1
        if len(cols) < g.shape[1]:
            return (f"{where}only column(s) {_list(cols)} of {g.shape[1]} are wrong{_about(case)}; the others are "
                    "right. Columns are examples: what is different about those?")
        if len(rows) < g.shape[0]:
            return f"{where}only row(s) {_list(rows)} of {g.shape[0]} are wrong{_about(case)}; the others are right."
    return f"{where}the entries differ with no simple pattern{_about(case)}: check each factor of your formula."


def _about(case: Case) -> str:
    return f" (test case: {case.label})" if case.label else ""


def _list(xs) -> str:
    xs = [int(x) for x in xs]
    return ", ".join(str(x) for x in xs[:6]) + (", …" if len(xs) > 6 else "")


def describe_args(args) -> str:
    """The arguments of a case as shapes: "array(3, 4), array(3, 1), 0.5"."""
    def one(a):
        if isinstance(a, np.ndarray):
            return f"array{a.shape}"
        if isinstance(a, (list, tuple)) and a and all(isinstance(v, np.ndarray) for v in a):
            inner = ", ".join(f"array{v.shape}" for v in a)
            return f"[{inner}]" if isinstance(a, list) else f"({inner})"
        if callable(a):
            return getattr(a, "__qualname__", type(a).__name__)
        text = repr(a)
        return text if len(text) < 60 else type(a).__name__
    return ", ".join(one(a) for a in args)


# -- the verdict on one case ------------------------------------------------------------------------

@dataclass
class Verdict:
    """How the answer fared on one case: ``kind`` is "ok", "raised", "type", "shape" or "numbers"."""

    kind: str
    text: str = ""
    problem: _values.Problem | None = None
    mismatch: _values.Mismatch | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def raised_text(outcome: Outcome) -> str:
    """What the student's function raised, and where, in words."""
    where = f" ({outcome.where})" if outcome.where else ""
    if outcome.error == "SystemExit":
        return f"your function called sys.exit() (or exit()), which stops the program{where}."
    return f"your function raised {outcome.error}: {outcome.error_text}{where}."


def _numbers_text(mis: _values.Mismatch) -> str:
    if mis.got.dtype.kind in "iu" and mis.want.dtype.kind in "iu" and not mis.index:
        return f"{mis.path} is wrong: got {int(mis.got)}, expected {int(mis.want)}."
    g, w = mis.got.astype(float), mis.want
    if mis.index:
        entry = f" at entry {tuple(i + 1 for i in mis.index)} (counted from 1)"
        gv, wv = float(g[mis.index]), float(w[mis.index])
    else:
        entry, gv, wv = "", float(g), float(w)
    a, b = _values.digits(gv, wv)
    where = "" if mis.path == "your answer" else f" in {mis.path}"
    rel = mis.relative
    rel_text = "" if not np.isfinite(rel) else f"; relative difference ‖got − expected‖/‖expected‖ = {rel:.2g}"
    return f"the numbers{where} are wrong{entry}: got {a}, expected {b}{rel_text}."


# -- an exercise --------------------------------------------------------------------------------------

class Exercise:
    """A checker: the reference, the test cases, the known mistakes and the feedback texts.

    Parameters
    ----------
    name : the exercise's name in the feedback.
    params : the parameter names the student's function is called with.
    reference : the right answer, ``reference(*case.args)``.
    cases : the :class:`Case` list (chosen so that the known mistakes are told apart).
    mistakes : the :class:`Mistake` list.
    hint : the general hint (the second step when no known mistake is recognised).
    success : the message of a passing answer.
    forbidden : :class:`Forbidden` package functions the answer must not call.
    rtol, atol : tolerances for a float64 answer (see :func:`bpcourse.exercises._values.tolerance`).
    after : ``after(student, cases)`` → a failing Result or None, run once every case is right
        (for rules beyond the numbers, such as leaving the inputs unchanged).
    shape_hint : the hint when the answer raises because array shapes do not fit.
    parts : names of the items of a tuple answer, for the feedback ("the numbers in grad_A are wrong"
        rather than "in your answer[0]"); None: numbered from 0, as Python indexes them.
    """

    def __init__(self, name: str, params: tuple, reference: Callable, cases: list[Case], mistakes=(), *,
                 hint: str, success: str, forbidden=(), rtol: float = _values.RTOL,
                 atol: float = _values.ATOL, after: Callable | None = None, shape_hint: str = SHAPE_HINT,
                 parts: tuple | None = None):
        self.name, self.params, self.reference = name, tuple(params), reference
        self.parts = tuple(parts) if parts else None
        self.cases, self.mistakes = list(cases), list(mistakes)
        self.hint, self.success, self.forbidden = hint, success, tuple(forbidden)
        self.shape_hint = shape_hint
        self.rtol, self.atol, self.after = rtol, atol, after
        self._wants = None
        self._wrongs: dict[int, list] = {}

    # the reference and the mistakes are computed once, on copies of the cases
    def wants(self) -> list:
        if self._wants is None:
            self._wants = [self.reference(*copy.deepcopy(c.args)) for c in self.cases]
        return self._wants

    def wrongs(self, i: int) -> list:
        if i not in self._wrongs:
            self._wrongs[i] = [_safe(self.mistakes[i].wrong, c.args) for c in self.cases]
        return self._wrongs[i]

    # -- the check ---------------------------------------------------------------------------------
    def check(self, student) -> Result:
        """Check the student's function; never raises (a KeyboardInterrupt still interrupts)."""
        if not callable(student):
            return failed(self.name, f"expected a function, got {_values.describe(student)}.",
                          "Pass the function itself, without calling it: check(my_fn), not check(my_fn()).")
        problem = signature_problem(student, self.params)
        if problem:
            fn_name = getattr(student, "__name__", "")
            fn_name = fn_name if fn_name.isidentifier() else "my_function"
            return failed(self.name, problem, f"Define it as def {fn_name}({', '.join(self.params)}): …",
                          mistake="wrong number of parameters")
        outcomes = [run(student, c.args, self.forbidden) for c in self.cases]
        for o in outcomes:
            if o.not_written:
                return Result(False, self.name, [NOT_WRITTEN, "Replace the `raise NotImplementedError` line with "
                                                 "your code, run that cell, then run this check again."])
        for o in outcomes:
            if o.forbidden:
                return failed(self.name, f"your function calls the package's {o.forbidden}, which computes the "
                                         "answer for you.",
                              "This exercise asks you to write the computation yourself (with numpy); the "
                              "package's function is the reference it is checked against.",
                              mistake="calling the package's own function")
        verdicts = [self._verdict(o, w, c) for o, w, c in zip(outcomes, self.wants(), self.cases)]
        if all(v.ok for v in verdicts):
            if self.after is not None:
                extra = self.after(student, self.cases)
                if extra is not None:
                    return extra
            return passed(self.name, self.success)
        return self._feedback(outcomes, verdicts)

    def _verdict(self, outcome: Outcome, want, case: Case) -> Verdict:
        if outcome.raised:
            return Verdict("raised", raised_text(outcome))
        if outcome.value is None:
            return Verdict("type", "your function returned None: did you forget the `return` statement?",
                           problem=_values.Problem("expected a value, got None."))
        try:
            got = _values.conform(outcome.value, want, names=self.parts)
            mis = _values.mismatch(got, want, self.rtol, self.atol, names=self.parts)
            if mis is not None:
                dtype = _values.lowest_precision(got)
                if dtype is not None:
                    # a float32 answer computed from inputs rounded to float32: compare with the reference
                    # recomputed (in float64) on those rounded inputs, so lost digits are not called wrong
                    rounded = self.reference(*_values.round_to(copy.deepcopy(case.args), dtype))
                    if _values.mismatch(got, rounded, self.rtol, self.atol, names=self.parts) is None:
                        return Verdict("ok")
        except _values.Problem as p:
            kind = "shape" if p.expected_shape is not None else "type"
            return Verdict(kind, str(p) if kind == "shape" else f"your function returned the wrong type: {p}",
                           problem=p)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # the answer's own methods misbehaved while being read
            return Verdict("type", f"the checker could not read your answer as numbers "
                                   f"({type(exc).__name__}): {_values.describe(outcome.value)}.",
                           problem=_values.Problem("unreadable"))
        if mis is None:
            return Verdict("ok")
        return Verdict("numbers", _numbers_text(mis), mismatch=mis)

    def _recognise(self, outcomes, verdicts) -> Mistake | None:
        right = [v.ok for v in verdicts]
        for i, m in enumerate(self.mistakes):
            if m.test is not None:
                values = [None if o.raised else o.value for o in outcomes]
                if m.test(right, self.cases, values, self):
                    return m
                continue
            for o, w, c in zip(outcomes, self.wrongs(i), self.cases):
                if c.tags & m.ignore:
                    continue
                if w is _RAISES:
                    if not o.raised:
                        break
                elif o.raised or not _values.agrees(o.value, w, self.rtol, self.atol):
                    break
            else:
                if any(w is not _RAISES for w, c in zip(self.wrongs(i), self.cases) if not c.tags & m.ignore):
                    return m
        return None

    def _feedback(self, outcomes, verdicts) -> Result:
        # the first case that raised (its line and shapes help most), else the first that is wrong
        k = next((i for i, v in enumerate(verdicts) if v.kind == "raised"), None)
        if k is None:
            k = next(i for i, v in enumerate(verdicts) if not v.ok)
        v, o, case = verdicts[k], outcomes[k], self.cases[k]
        label = f" ({case.label})" if case.label else ""
        first = f"on test case {k + 1} of {len(self.cases)}{label}, {v.text}"
        details = [f"test case {k + 1}: inputs {describe_args(case.args)}"]
        printed = next((x.printed for x in outcomes if x.printed), "")
        if printed:
            lines = printed.splitlines()
            details.append("your function printed: " + " | ".join(lines[:5]) + (" | …" if len(lines) > 5 else ""))
        mistake = self._recognise(outcomes, verdicts)
        if mistake is not None:
            return failed(self.name, first, mistake.look or self.hint, f"it looks like {mistake.name}. {mistake.hint}",
                          mistake=mistake.name, details=details)
        right = [i + 1 for i, x in enumerate(verdicts) if x.ok]
        split = ""
        if right:
            wrong = [f"{i + 1}" + (f" ({c.label})" if c.label else "") for i, (x, c) in
                     enumerate(zip(verdicts, self.cases)) if not x.ok]
            split = f" Right on test case(s) {_list(right)}; wrong on {', '.join(wrong)}."
        if v.kind == "raised":
            arrays = "; ".join(o.arrays)
            fault = (f"The values at that line: {arrays}." if arrays else
                     f"The inputs were {describe_args(case.args)}.") + split
            return failed(self.name, first, _error_hint(o, self.shape_hint), fault, details=details)
        if v.kind == "type":
            return failed(self.name, first, _type_fix(v.problem), self.hint, details=details)
        if v.kind == "shape":
            p = v.problem
            return failed(self.name, first, self.hint, _shape_fault(p.shape, p.expected_shape, case) + split,
                          mistake="wrong shape", details=details)
        return failed(self.name, first, self.hint, _numbers_fault(v.mismatch, case) + split, details=details)
