"""The lecture pages that scripts/lecture.py builds for Voilà (no browser needed).

On the course's own chapters: each chapter present gets a page and a link on the contents page; a page keeps
every derivation cell, printed number, figure and demo, and leaves out the exercises (stubs, checkers, their
prompts), the Colab cell and whatever an author tagged ``lecture-hide``; its links resolve. On made-up
chapters: chapters added later (11, 12) appear by themselves; a left-out cell that a kept cell needs is refused
with a message naming both.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import nbformat
import pytest
import voiladriver as vd

from bpcourse.widgets import DEMOS

lecture = vd.lecture
ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = lecture.chapters(ROOT / "notebooks")
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("lecture") / "lecture"
    pages = lecture.build(out, ROOT / "notebooks")
    return out, pages


def _read(path):
    return nbformat.read(path, as_version=4)


def _code(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_every_chapter_present_gets_a_page_and_a_link_on_the_contents_page(built):
    out, pages = built
    assert CHAPTERS, "no chapters found"
    assert [p.name for p in pages] == [lecture.CONTENTS] + [p.name for p in CHAPTERS]
    contents = "\n".join(c.source for c in _read(out / lecture.CONTENTS).cells)
    linked = LINK.findall(contents)
    assert linked == [(lecture.title_of(_read(p)), p.name) for p in CHAPTERS]
    assert not _code(_read(out / lecture.CONTENTS)), "the contents page needs no code"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_a_page_keeps_the_lecture_and_leaves_out_exercises_and_setup_cells(built, chapter):
    out, _ = built
    original, page = _read(chapter), _read(out / chapter.name)
    cells = page.cells
    code = _code(page)
    # Left out: exercises, the Colab cell.
    for cell in code:
        assert not lecture.STUB.search(cell.source), f"a stub is on the page: {cell.source[:60]!r}"
        assert not lecture.CHECKER_CALL.search(cell.source), f"a checker call is on the page: {cell.source[:60]!r}"
        assert "colab" not in cell.metadata.get("tags", []) and "google.colab" not in cell.source
        assert not cell.outputs and cell.execution_count is None
    for cell in cells:
        if cell.cell_type == "markdown" and "nav" not in cell.metadata.get("tags", []):
            assert not lecture.EXERCISE_HEADING.search(cell.source), f"an exercise heading: {cell.source[:60]!r}"
    # Kept, in order: every code cell before the exercises that is not an exercise or the Colab cell: the
    # setup, each derivation step's check, the printed numbers (NBVAL_CHECK_OUTPUT), the figures, the demos.
    cut = next(i for i, c in enumerate(original.cells)
               if c.cell_type == "markdown" and lecture.EXERCISE_HEADING.search(c.source))
    wanted = [c.source for c in original.cells[:cut] if c.cell_type == "code" and not lecture.is_exercise_code(c)
              and "colab" not in c.metadata.get("tags", []) and lecture.HIDE_TAG not in c.metadata.get("tags", [])]
    assert [c.source for c in code] == wanted
    # Whatever the cut, no slider demo and no printed key number of the chapter is lost.
    demos = [c.source for c in original.cells if c.cell_type == "code"
             and any(re.search(rf"\b{demo}\(", c.source) for demo in DEMOS)]
    numbers = [c.source for c in original.cells if c.cell_type == "code"
               and c.source.lstrip().startswith("# NBVAL_CHECK_OUTPUT")]
    assert demos, "the chapter shows no slider demo"
    on_page = {c.source for c in code}
    assert not [s for s in demos + numbers if s not in on_page], "a demo or a printed key number is missing"
    # The title and "what you will learn" stay; the end says where the exercises are.
    assert lecture.title_of(page) == lecture.title_of(original)
    assert any("What you will learn" in c.source for c in cells)
    assert cells[-2].source == lecture.EXERCISES_NOTE


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_a_page_s_links_resolve_and_contents_means_the_lecture_contents(built, chapter):
    out, _ = built
    page = _read(out / chapter.name)
    nav = [c for c in page.cells if "nav" in c.metadata.get("tags", [])]
    assert [page.cells.index(c) for c in nav] == [0, len(page.cells) - 1]
    assert f"[Contents]({lecture.CONTENTS})" in nav[0].source
    for cell in page.cells:
        if cell.cell_type != "markdown":
            continue
        for _label, target in LINK.findall(cell.source):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#)", target, re.I):
                continue
            assert (out / target.split("#")[0]).exists(), f"{chapter.name} links to {target}, not served"


def test_the_summary_above_the_exercises_heading_stays(built):
    """03 ends its summary and opens the exercises in one cell: the summary stays, the heading goes."""
    out, _ = built
    path = next((p for p in CHAPTERS if p.name.startswith("03_")), None)
    if path is None:
        pytest.skip("no chapter 03")
    mixed = [c for c in _read(path).cells if c.cell_type == "markdown"
             and (m := lecture.EXERCISE_HEADING.search(c.source)) and c.source[:m.start()].strip()]
    if not mixed:
        pytest.skip("chapter 03 no longer ends its summary and opens the exercises in one cell")
    summary = mixed[0].source[:lecture.EXERCISE_HEADING.search(mixed[0].source).start()].rstrip()
    assert summary in [c.source for c in _read(out / path.name).cells]


# -- made-up chapters ---------------------------------------------------------------------------------

def _chapter(title: str, *cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\n**What you will learn.** Something.")] + list(cells)
    return nb


def _md(text, **metadata):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata.update(metadata)
    return cell


def _py(text, **metadata):
    cell = nbformat.v4.new_code_cell(text)
    cell.metadata.update(metadata)
    return cell


def _write(folder: Path, name: str, nb) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)


def test_chapters_added_later_appear_by_themselves(tmp_path):
    src = tmp_path / "notebooks"
    for name, title in [("00_start.ipynb", "00 · Start"), ("11_softmax_and_log_likelihood.ipynb", "11 · Softmax"),
                        ("12_autodiff_engine.ipynb", "12 · Autodiff")]:
        _write(src, name, _chapter(title, _py("x = 1\nx")))
    _write(src / "solutions", "11_softmax_and_log_likelihood_solutions.ipynb", _chapter("11 · Solutions"))
    out = tmp_path / "lecture"
    assert lecture.main(["build", "--out", str(out), "--notebooks", str(src)]) == 0
    assert sorted(p.name for p in out.glob("*.ipynb")) == [
        "00_start.ipynb", "11_softmax_and_log_likelihood.ipynb", "12_autodiff_engine.ipynb", "index.ipynb"]
    contents = _read(out / "index.ipynb").cells[-1].source
    assert LINK.findall(contents) == [("00 · Start", "00_start.ipynb"),
                                      ("11 · Softmax", "11_softmax_and_log_likelihood.ipynb"),
                                      ("12 · Autodiff", "12_autodiff_engine.ipynb")]
    middle = _read(out / "11_softmax_and_log_likelihood.ipynb").cells[0].source
    assert LINK.findall(middle) == [("← 00 · Start", "00_start.ipynb"), ("Contents", "index.ipynb"),
                                    ("12 · Autodiff →", "12_autodiff_engine.ipynb")]
    assert not (out / "solutions").exists()


def test_rules_for_prompts_tags_and_links(tmp_path):
    src = tmp_path / "notebooks"
    _write(src, "01_x.ipynb", _chapter(
        "01 · X",
        _py("import sys\nif 'google.colab' in sys.modules:\n    pass", tags=["colab"]),
        _md("Some derivation; the [solutions](solutions/01_x_solutions.ipynb), [a site](https://example.org), "
            "[a section](#step-1)."),
        _py("value = 2 * 21\nprint(value)"),
        _py("print('a setup detail')", tags=["lecture-hide"]),
        _md("**Your verdict.** Put your answer in `pick` and run the cell."),
        _py("pick = None\ncheck_slip(1, pick)"),
        _md("## A section heading above a checker stays"),
        _py("check_something(value)"),
        _py("print(value + 1)"),
        _md("## Summary\n\nThe summary.\n\n## Exercises\n\nWrite `f`."),
        _py("def f(x):\n    raise NotImplementedError"),
        _py("check_f(f)"),
    ))
    out = tmp_path / "lecture"
    lecture.build(out, src)
    page = _read(out / "01_x.ipynb")
    sources = [c.source for c in page.cells if "nav" not in c.metadata.get("tags", [])]
    assert sources == [
        "# 01 · X\n\n**What you will learn.** Something.",
        "Some derivation; the solutions, [a site](https://example.org), [a section](#step-1).",
        "value = 2 * 21\nprint(value)",
        "## A section heading above a checker stays",
        "print(value + 1)",
        "## Summary\n\nThe summary.",
        lecture.EXERCISES_NOTE,
    ]


def test_a_left_out_cell_that_a_kept_cell_needs_is_refused(tmp_path):
    src = tmp_path / "notebooks"
    _write(src, "02_y.ipynb", _chapter(
        "02 · Y",
        _py("helper = 3\nresult = check_answer(helper)"),
        _py("print(helper * 2)"),
    ))
    with pytest.raises(lecture.LectureBuildError, match=r"02_y\.ipynb.*helper"):
        lecture.build(tmp_path / "lecture", src)
    assert lecture.main(["build", "--out", str(tmp_path / "lecture"), "--notebooks", str(src)]) == 1


def test_a_name_bound_again_by_a_kept_cell_is_no_dependency(tmp_path):
    src = tmp_path / "notebooks"
    _write(src, "02_y.ipynb", _chapter(
        "02 · Y",
        _py("import sys\nif 'google.colab' in sys.modules:\n    pass", tags=["colab"]),
        _py("import sys\nprint(sys.version_info[0])"),
    ))
    lecture.build(tmp_path / "lecture", src)  # no error: the kept cell imports sys itself


def test_serve_refuses_a_busy_port_before_building(tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert lecture.main(["serve", "--port", str(port), "--no-browser"]) == 2
    assert f"port {port} is in use" in capsys.readouterr().err


@pytest.mark.parametrize("preheat", [False, True])
def test_voila_listens_on_localhost_only_and_strips_the_code(preheat):
    command = lecture.voila_command(Path("/tmp/x"), 8866, preheat)
    assert "--Voila.ip=127.0.0.1" in command and "--Voila.port=8866" in command
    assert "--VoilaConfiguration.strip_sources=True" in command
    culled = any("cull_idle_timeout" in arg for arg in command)
    assert culled != preheat, "kernels waiting for a page (preheat) must not be culled; without it, idle ones are"
