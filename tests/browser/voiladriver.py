"""Drive lecture mode in headless Chromium: build the lecture pages, start Voilà, open and read a page.

Shared by the lecture-mode browser tests and ``benchmarks/bench_browser.py --lecture``. The pages are
built and served by the same code as ``make lecture`` (scripts/lecture.py), from a folder of notebooks
into a temporary folder; Voilà listens on 127.0.0.1 on a free port and is stopped by its process id.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import time
from pathlib import Path

import labdriver as ld


def _load_lecture_script():
    spec = importlib.util.spec_from_file_location("bpcourse_lecture", ld.REPO / "scripts" / "lecture.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


lecture = _load_lecture_script()


def start_lecture(notebooks: Path, workdir: Path, timeout: float = 120.0):
    """Build the lecture pages of ``notebooks`` into ``workdir``/lecture and serve them; return the server.

    Voilà gets private Jupyter directories (no user configuration leaks in) and this checkout first on
    PYTHONPATH, so its kernels import this checkout's bpcourse."""
    root = workdir / "lecture"
    lecture.build(root, notebooks)
    env = ld.repo_env()
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(workdir / sub)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("JUPYTER_PATH", None)
    return lecture.start(root, env=env, log_path=workdir / "voila.log", timeout=timeout)


_RENDERED_JS = """() => {
    const cells = document.querySelector('#rendered_cells');
    return !!cells && cells.style.display !== 'none' && getComputedStyle(cells).display !== 'none'
        && !document.querySelector('#loading');
}"""


def open_page(page, server, notebook: str, timeout: float = 120.0) -> None:
    """Open a lecture page and wait until Voilà has run every cell and shown the page."""
    page.goto(server.url(notebook), timeout=timeout * 1000)
    wait_rendered(page, timeout)


def wait_rendered(page, timeout: float = 120.0) -> None:
    page.wait_for_function(_RENDERED_JS, timeout=timeout * 1000, polling=250)


#: What counts as code on a lecture page: a code cell's input area or an editor, and lines of the page's text
#: that read like Python source.
_CODE_JS = """() => {
    const inputs = document.querySelectorAll('.jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-Cell-inputWrapper, '
        + '.jp-InputArea-editor, .cm-editor, .CodeMirror, .jp-InputPrompt');
    const text = document.querySelector('#rendered_cells').innerText;
    return {inputs: inputs.length, text};
}"""

SOURCE_LINE = re.compile(r"^\s*(?:def \w+\s*\(|class \w+\s*[(:]|import [\w.]+|from [\w.]+ import \w"
                         r"|raise NotImplementedError|@[\w.]+\s*$)", re.M)


def code_on_page(page) -> list[str]:
    """What on the page looks like code: code input areas and editors, and source-like lines of text."""
    state = page.evaluate(_CODE_JS)
    found = [f"{state['inputs']} code input area(s) or editor(s)"] if state["inputs"] else []
    found += [m.group(0).strip() for m in SOURCE_LINE.finditer(state["text"])]
    return found


_ERRORS_JS = """() => [...document.querySelectorAll(
        '#rendered_cells .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
        + '#rendered_cells .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')]
    .map(e => e.textContent.trim()).filter(t => /error|Traceback/i.test(t))"""


def errors_on_page(page) -> list[str]:
    """The error outputs Voilà shows (a cell that raised: Voilà stops there and says so)."""
    return page.evaluate(_ERRORS_JS)


def cell_index(notebook_path: Path, cell_id: str) -> int:
    """The index of the cell with this id in the lecture page's notebook (Voilà keeps the notebook's ids)."""
    import nbformat

    cells = nbformat.read(notebook_path, as_version=4).cells
    for i, cell in enumerate(cells):
        if cell.get("id") == cell_id:
            return i
    raise LookupError(f"no cell with id {cell_id!r} in {notebook_path.name}")


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1):
    """Poll ``predicate()`` until it returns something true; return that, or fail saying ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout:.0f} s: {what}")
        time.sleep(interval)
