"""The course's shape: numbering, links, imports, demos, exercises, solutions, clean outputs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import bpcourse.exercises as exercises_module
import bpcourse.widgets as widgets_module

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CHAPTERS = sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))
ALL = CHAPTERS + SOLUTIONS
LINK = re.compile(r"\]\(([^)\s]+\.ipynb)(#[^)]*)?\)")


def read(path):
    return nbformat.read(path, as_version=4)


def code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def markdown(nb):
    return [c for c in nb.cells if c.cell_type == "markdown"]


def test_chapters_are_numbered_from_00_without_gaps():
    numbers = [int(p.name[:2]) for p in CHAPTERS]
    assert len(numbers) >= 11 and numbers == list(range(len(numbers))), [p.name for p in CHAPTERS]


def test_bp_notebooks_keep_their_names():
    names = {int(p.name[:2]): p.name for p in CHAPTERS}
    for number, tag in [(3, "bp1"), (4, "bp2"), (5, "bp3"), (6, "bp4")]:
        assert tag in names[number], names[number]


def test_every_chapter_has_a_solution_notebook():
    for chapter in CHAPTERS:
        assert (NOTEBOOKS / "solutions" / f"{chapter.stem}_solutions.ipynb").exists(), chapter.name


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_title_and_what_you_will_learn(path):
    text = "\n".join(c.source for c in markdown(read(path)) if "nav" not in c.metadata.get("tags", []))
    assert re.search(rf"^# {path.name[:2]} · \S", text, re.M), "title must read '# NN · Title'"
    assert "What you will learn" in text


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_link_to_a_notebook_resolves(path):
    for cell in markdown(read(path)):
        for target, _anchor in LINK.findall(cell.source):
            if target.startswith(("http://", "https://")):
                continue
            assert (path.parent / target).resolve().exists(), f"{path.name} links to missing {target}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_first_code_cell_sets_up_and_imports_bpcourse_explicitly(path):
    cells = [c for c in code(read(path)) if "colab" not in c.metadata.get("tags", [])]
    assert "setup_notebook(" in cells[0].source, "the first code cell must call setup_notebook"
    all_code = "\n".join(c.source for c in cells)
    assert re.search(r"^\s*(from bpcourse|import bpcourse)", all_code, re.M)
    assert not re.search(r"import \*", all_code), "no star imports in notebooks"


def _demo_names():
    return set(widgets_module.DEMOS)


def _checker_names():
    return set(exercises_module.CHECKERS)


def test_demo_and_checker_registries_name_real_functions():
    for name in widgets_module.DEMOS:
        assert callable(getattr(widgets_module, name)), name
    for name in exercises_module.CHECKERS:
        assert name.startswith("check_") and callable(getattr(exercises_module, name)), name


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_a_slider_demo_whose_output_is_not_compared(path):
    demos = _demo_names()
    cells = [c for c in code(read(path)) if any(re.search(rf"\b{d}\(", c.source) for d in demos)]
    assert cells, f"{path.name} calls none of bpcourse.widgets' demos {sorted(demos)}"
    for cell in cells:
        assert cell.source.lstrip().startswith("# NBVAL_IGNORE_OUTPUT"), cell.source[:80]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_ends_with_exercises_that_call_a_checker(path):
    nb = read(path)
    checkers = _checker_names()
    headings = [i for i, c in enumerate(nb.cells)
                if c.cell_type == "markdown" and re.search(r"^#+ .*Exercise", c.source, re.M)]
    assert headings, "no '## Exercises' heading"
    calls = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(f"{n}(" in c.source for n in checkers)]
    assert calls and max(calls) > min(headings), "the exercises section must call a checker"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_assert_that_every_check_passes(path):
    src = "\n".join(c.source for c in code(read(path)))
    assert ".passed" in src and "assert" in src


def test_nav_links_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "nav.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_outputs_are_stripped_except_checked_cells(path):
    for cell in code(read(path)):
        checked = cell.source.lstrip().startswith("# NBVAL_CHECK_OUTPUT")
        if checked:
            assert cell.outputs, "a NBVAL_CHECK_OUTPUT cell must keep its stored output"
            assert cell.metadata.get("keep_output") is True, "mark checked cells keep_output: true"
        else:
            assert not cell.outputs, f"stored output in an unchecked cell: {cell.source[:60]!r}"
            assert cell.execution_count is None


def test_stripping_would_change_nothing():
    """scripts/strip_outputs.py (nbstripout, keeping the checked cells) leaves every notebook as it is."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "strip_outputs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
