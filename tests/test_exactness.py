"""What a machine can check of the course's exactness rules (COURSE.md, "Exactness rules").

* Neuron subscripts count from 1: no subscript 0 in the Markdown of any notebook, nor in any
  demo's plot labels, slider names or readouts.
* A check can fail: no ``except`` in a notebook cell without ``else: raise`` (or pytest.raises).
* A claim is bound to its number: every ``# CLAIM:`` cell asserts, every chapter keeps at least
  the claims it has today (a claim cell cannot vanish silently), and every sentence with a
  comparative or a verdict that the data could contradict is followed by an asserting cell.
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))

#: A subscript 0 after a symbol of the course, in LaTeX (w^l_{0k}, a^{1}_0, \delta^2_{03}) or in text.
ZERO_SUBSCRIPT = re.compile(
    r"(?<![A-Za-z\\])(?:w|a|b|z|\\delta|δ)(?:\^\{?[^_\s{}]{1,4}\}?)?_\{?0"
    r"|counted from 0|count(?:s|ing)? from 0|\(from 0\)|[wabzδ][⁰¹²³⁴⁵⁶⁷⁸⁹]*₀")
#: Words that make a sentence a claim the notebook's data could contradict.
VERDICTS = re.compile(r"\b(diverges?|blows? up|faster|slower|larger than|smaller than|helps|hurts|"
                      r"better than|worse than|never|always|after about|at least|at most|overfit\w*)\b", re.I)

#: The least number of `# CLAIM:` cells each chapter keeps (raise it when you add claims).
MIN_CLAIMS: dict[str, int] = {
    "00_start_here.ipynb": 2, "01_forward_pass.ipynb": 3, "02_cost_and_gradients.ipynb": 7,
    "03_bp1_output_error.ipynb": 8, "04_bp2_backpropagating_error.ipynb": 6, "05_bp3_bias_gradient.ipynb": 4,
    "06_bp4_weight_gradient.ipynb": 4, "07_backprop_algorithm.ipynb": 12, "08_gradient_descent.ipynb": 15,
    "09_handwritten_digits.ipynb": 16, "10_find_the_slip.ipynb": 5, "11_softmax_and_the_jacobian.ipynb": 16,
    "12_backprop_is_autodiff.ipynb": 6,
}


def _cells(path):
    return json.loads(path.read_text())["cells"]


def _source(cell) -> str:
    return "".join(cell["source"])


def _markdown_without_code(text: str) -> str:
    """Markdown with code spans and fenced blocks removed (code may index from 0 by numpy's rule)."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.sub(r"`[^`]*`", "", text)


@pytest.mark.parametrize("path", NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_markdown_counts_neurons_from_one(path):
    found = []
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        for match in ZERO_SUBSCRIPT.finditer(_markdown_without_code(_source(cell))):
            found.append(f"cell {i}: {match.group(0)!r}")
    assert found == [], "subscripts counted from 0: " + "; ".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_no_except_that_passes_when_the_error_never_comes(path):
    found = []
    for i, cell in enumerate(_cells(path)):
        src = _source(cell)
        if cell["cell_type"] == "code" and re.search(r"^\s*except\b", src, re.M):
            if not ("raises(" in src or (re.search(r"^\s*else\s*:", src, re.M) and "raise" in src)):
                found.append(f"cell {i}")
    assert found == [], "try/except with no `else: raise`: " + ", ".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_claim_cell_asserts_and_none_has_vanished(path):
    claims = [(i, _source(c)) for i, c in enumerate(_cells(path))
              if c["cell_type"] == "code" and re.search(r"^# CLAIM:", _source(c), re.M)]
    silent = [i for i, src in claims if not re.search(r"^\s*assert\b|assert_\w+\(", src, re.M)]
    assert silent == [], f"# CLAIM: cells without an assert: {silent}"
    assert len(claims) >= MIN_CLAIMS.get(path.name, 1), \
        f"{path.name} has {len(claims)} claim cells; it had {MIN_CLAIMS.get(path.name, 1)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_verdict_in_the_prose_is_followed_by_a_check(path):
    """A Markdown sentence with a verdict ("diverges", "faster", "helps") is followed, before the
    next Markdown cell that is not a continuation, by a code cell that asserts. Exercises (the
    last section) and the "what you will learn" paragraph are prose about the future: skipped."""
    cells = _cells(path)
    exercises = next((i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                      and re.match(r"#+\s*Exercises", _source(c))), len(cells))
    unchecked = []
    for i, cell in enumerate(cells[:exercises]):
        text = _markdown_without_code(_source(cell))
        if cell["cell_type"] != "markdown" or "What you will learn" in text or "<a " in text:
            continue
        if not VERDICTS.search(text):
            continue
        following = []
        for later in cells[i + 1:exercises]:
            if later["cell_type"] == "markdown" and following:
                break
            if later["cell_type"] == "code":
                following.append(_source(later))
        if not any(re.search(r"^\s*assert\b|assert_\w+\(", src, re.M) for src in following):
            unchecked.append(f"cell {i}: {VERDICTS.search(text).group(0)!r}")
    assert unchecked == [], "verdicts with no asserting cell after them: " + "; ".join(unchecked)


def _demo_texts(demo) -> list[str]:
    texts = [str(c.description) for c in demo.sliders.values()]
    texts += [str(k) for k in demo.readout]
    for ax in demo.fig.axes:
        texts += [t.get_text() for t in ax.texts]
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return texts


def test_every_demo_counts_neurons_from_one_at_every_control_extreme():
    from bpcourse import widgets

    found = []
    for name in widgets.DEMOS:
        demo = getattr(widgets, name)()
        try:
            for control in demo.sliders.values():
                options = getattr(control, "options", None)
                values = [options[0], options[-1]] if options else [control.min, control.max]
                for value in values:
                    control.value = value[1] if isinstance(value, tuple) else value
                    for text in _demo_texts(demo):
                        if ZERO_SUBSCRIPT.search(text):
                            found.append(f"{name}: {text!r}")
        finally:
            close = getattr(demo, "close", None)
            if close:
                close()
    assert found == [], "; ".join(sorted(set(found)))
