"""Lecture mode: the chapters as pages of derivations, figures and live sliders, without code, served by Voilà.

    python scripts/lecture.py build              # write the lecture pages to build/lecture/
    python scripts/lecture.py serve              # build, serve with Voilà, open the contents page
    python scripts/lecture.py serve --port 8870 --no-browser
    python scripts/lecture.py serve --preheat    # every page run in advance: pages open at once

``make lecture`` runs ``serve``. The chapters themselves are never changed: ``build`` writes a copy of
each chapter ``notebooks/NN_*.ipynb`` (whatever chapters exist) into ``build/lecture/`` and a contents
page ``index.ipynb`` that links them by their titles. Voilà then runs each copy in a fresh kernel and
shows its Markdown and outputs but no code (it strips every code cell's source). What a copy leaves
out, by rule rather than by hand:

- the **exercises**: everything from the first "Exercises" heading (``## Exercises``, ``### Exercise 1 ·``,
  or a paragraph starting ``**Exercise``) to the end of the chapter; text in the same cell above that
  heading (a summary) stays. In their place one line says the exercises are in the notebook itself;
- any other **exercise cell** earlier in the chapter: a stub (``raise NotImplementedError``), a checker
  call (``check_…(``), and the Markdown prompt just above such a cell;
- the **Colab install cell** (tag ``colab``) and any cell tagged ``lecture-hide`` (an author's opt-out);
- the "previous | contents | next" links are written again with "Contents" pointing at the lecture's
  contents page, and a link to a file that lecture mode does not serve (the solutions) keeps its text
  but loses its target.

Every derivation step's check, every printed number (the ``NBVAL_CHECK_OUTPUT`` cells), every figure and
every slider demo stays. A cell that is left out must not define a name that a kept cell uses: ``build``
stops with an error naming both cells if one does.

Voilà listens on 127.0.0.1 only. ``serve`` runs it as a child process in its own process group and ends
it by its process id on Ctrl-C. A page runs its chapter when it is opened (seconds; 09 trains networks);
with ``--preheat`` Voilà runs every page in advance instead, so that pages open at once.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "lecture"
CONTENTS = "index.ipynb"
CHAPTER = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")

HIDE_TAG = "lecture-hide"
COLAB_TAG = "colab"
NAV_TAG = "nav"

#: A line that opens the exercises: "## Exercises", "### Exercise 1 · …", "**Exercise 2 — …**".
EXERCISE_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*|\*\*)Exercises?\b.*$", re.M)
#: A code cell that is an exercise: a stub for the student, or a call of one of the checkers.
STUB = re.compile(r"\braise\s+NotImplementedError\b")
CHECKER_CALL = re.compile(r"(?<![\w.])check_\w+\s*\(")
#: A Markdown link [text](target); the target may carry an #anchor.
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")

EXERCISES_NOTE = ("*The exercises of this chapter are in the notebook itself: open it in JupyterLab "
                  "(`make lab`), where their checkers answer.*")


class LectureBuildError(ValueError):
    """A chapter cannot be turned into a lecture page by the rules (the message says why)."""


# -- which cells a lecture page keeps ------------------------------------------------------------------

def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_exercise_code(cell) -> bool:
    return cell.cell_type == "code" and bool(STUB.search(cell.source) or CHECKER_CALL.search(cell.source))


def title_of(nb) -> str:
    """The text of the first '# ' heading outside the navigation links, e.g. '06 · BP4: the weight gradient'."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and NAV_TAG not in tags(cell):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise LectureBuildError("no '# ' title heading found")


def _names(source: str) -> tuple[set, set]:
    """(names a cell binds at its top level, names it reads anywhere), from its Python without magics."""
    text = "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return set(), set()
    bound = set()
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(statement.name)
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                bound.add(node.id)
            elif isinstance(node, ast.alias):
                bound.add((node.asname or node.name).split(".")[0])
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return bound, read


def lecture_cells(nb, name: str = "the notebook") -> tuple[list, bool]:
    """The cells a lecture page shows (copies), and whether an exercises section was cut.

    The navigation cells are dropped here (the caller writes new ones)."""
    cells = [c for c in nb.cells if NAV_TAG not in tags(c)]
    cut, head = len(cells), ""
    for i, cell in enumerate(cells):
        match = EXERCISE_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if match:
            cut, head = i, cell.source[:match.start()].rstrip()
            break
    verdicts = []  # (cell, kept?) in notebook order
    for i, cell in enumerate(cells[:cut]):
        following = cells[i + 1] if i + 1 < cut else None
        prompt = (cell.cell_type == "markdown" and following is not None and is_exercise_code(following)
                  and not cell.source.lstrip().startswith("#"))
        hidden = COLAB_TAG in tags(cell) or HIDE_TAG in tags(cell) or is_exercise_code(cell) or prompt
        verdicts.append((cell, not hidden))
    _check_dependencies(verdicts, name)
    kept = [copy.deepcopy(cell) for cell, keep in verdicts if keep]
    if head:  # the text above the exercises' heading in the same cell (a summary)
        summary = copy.deepcopy(cells[cut])
        summary.source = head
        kept.append(summary)
    for cell in kept:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return kept, cut < len(cells)


def _check_dependencies(verdicts: list, name: str) -> None:
    """Refuse to leave out a code cell that binds a name which a later kept code cell reads (before any kept
    cell binds it again)."""
    pending = {}  # name → the left-out cell that bound it last
    for cell, keep in verdicts:
        if cell.cell_type != "code":
            continue
        bound, read = _names(cell.source)
        if not keep:
            pending.update(dict.fromkeys(bound, cell))
            continue
        used = sorted((read - bound) & pending.keys())
        if used:
            gone = pending[used[0]]
            raise LectureBuildError(
                f"{name}: lecture mode leaves out the cell {gone.source[:60]!r} (an exercise, the Colab cell "
                f"or tagged {HIDE_TAG!r}), but the later cell {cell.source[:60]!r} uses {used} from it; "
                f"define those names in a cell that lecture mode keeps")
        for n in bound:
            pending.pop(n, None)


def links_for_lecture(text: str, served: set[str]) -> str:
    """Links to files lecture mode does not serve keep their text and lose their target."""
    def fix(match):
        label, target = match.group(1), match.group(2)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#|/)", target, re.I):  # http:, mailto:, an anchor, a site path
            return match.group(0)
        path = target.split("#", 1)[0]
        return match.group(0) if path in served else label
    return LINK.sub(fix, text)


# -- the lecture copies and the contents page -----------------------------------------------------------

def chapters(notebooks: Path = NOTEBOOKS) -> list[Path]:
    """The chapters present, in order: notebooks/NN_name.ipynb (not the solutions)."""
    return sorted(p for p in notebooks.glob("*.ipynb") if CHAPTER.match(p.name))


def _markdown(text: str, cell_id: str, *tag_list: str):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = cell_id
    if tag_list:
        cell.metadata["tags"] = list(tag_list)
    return cell


def nav_text(paths: list[Path], titles: dict, i: int) -> str:
    """'← previous | Contents | next →' for chapter ``i``, Contents being the lecture's contents page."""
    links = []
    if i > 0:
        links.append(f"[← {titles[paths[i - 1]]}]({paths[i - 1].name})")
    links.append(f"[Contents]({CONTENTS})")
    if i + 1 < len(paths):
        links.append(f"[{titles[paths[i + 1]]} →]({paths[i + 1].name})")
    return "<small>" + " &nbsp;|&nbsp; ".join(links) + "</small>"


def contents_notebook(paths: list[Path], titles: dict):
    """The contents page: one link per chapter present, by its title."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    items = "\n".join(f"- [{titles[p]}]({p.name})" for p in paths)
    nb.cells = [
        _markdown("# Backpropagation, derived and checked · lecture mode\n\n"
                  "Each chapter's derivations, figures and live sliders, without the code. A chapter runs in a "
                  "fresh kernel when you open it (a few seconds); then move its sliders with the mouse or the "
                  "arrow keys. The exercises are in the notebooks themselves (`make lab`).", "lecture-title"),
        _markdown("## Chapters\n\n" + items, "lecture-contents"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["title"] = "Contents · lecture mode"
    return nb


def build(out: Path = OUT, notebooks: Path = NOTEBOOKS) -> list[Path]:
    """Write the contents page and one lecture copy per chapter into ``out`` (emptied first); return their paths."""
    import nbformat

    paths = chapters(notebooks)
    if not paths:
        raise LectureBuildError(f"no chapters (NN_name.ipynb) in {notebooks}")
    books = {p: nbformat.read(p, as_version=4) for p in paths}
    titles = {}
    for p, nb in books.items():
        try:
            titles[p] = title_of(nb)
        except LectureBuildError as error:
            raise LectureBuildError(f"{p.name}: {error}") from None
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for item in notebooks.iterdir():  # figures or data a chapter reads beside it; never the solutions
        if item.is_dir() and item.name not in ("solutions", ".ipynb_checkpoints", "__pycache__"):
            shutil.copytree(item, out / item.name, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    served = {CONTENTS} | {p.name for p in paths} | {
        f.relative_to(out).as_posix() for f in out.rglob("*")}
    written = []
    for i, p in enumerate(paths):
        nb = books[p]
        cells, cut = lecture_cells(nb, p.name)
        if cut:
            cells.append(_markdown(EXERCISES_NOTE, "lecture-exercises"))
        for cell in cells:
            if cell.cell_type == "markdown":
                cell.source = links_for_lecture(cell.source, served)
        nav = nav_text(paths, titles, i)
        nb.cells = [_markdown(nav, "nav-top", NAV_TAG)] + cells + [_markdown(nav, "nav-bottom", NAV_TAG)]
        nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
        nb.metadata["title"] = titles[p]  # the browser tab's title
        nb.nbformat, nb.nbformat_minor = 4, max(nb.get("nbformat_minor", 5), 5)
        nbformat.write(nb, out / p.name)
        written.append(out / p.name)
    nbformat.write(contents_notebook(paths, titles), out / CONTENTS)
    return [out / CONTENTS] + written


# -- serving with Voilà ---------------------------------------------------------------------------------

DEFAULT_PORT = 8866


@dataclass
class VoilaServer:
    """Voilà started by :func:`start` (in a process group of its own) and ended by :meth:`stop`, by process id."""

    process: subprocess.Popen
    port: int
    root: Path
    log_path: Path | None = None
    stopped: bool = field(default=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str = CONTENTS) -> str:
        """The address of a page: Voilà renders ``notebook`` (a path under the served folder)."""
        return f"{self.base_url}/voila/render/{notebook}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM to Voilà (it shuts its kernels down), then SIGKILL to whatever of its group is left."""
        if self.stopped:
            return
        self.stopped = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def port_is_free(port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def voila_command(root: Path, port: int, preheat: bool = False) -> list[str]:
    """Voilà serving the folder ``root`` on 127.0.0.1:``port``: sources stripped (its default), no tracebacks
    shown to the room, no browser of its own (``serve`` opens the contents page, not the file list).

    A closed page's kernel is not always shut down (Voilà's shutdown request can be refused for a missing
    XSRF token), so kernels that no page is connected to are ended after 5 idle minutes. With ``preheat``,
    Voilà instead runs every page once in advance in a kernel kept waiting for it (and again after each
    visit): pages open at once, at the cost of one waiting kernel per page (some 150 MB each), which must
    not be culled."""
    command = [sys.executable, "-m", "voila", str(root), "--no-browser",
               "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
               "--VoilaConfiguration.strip_sources=True", "--VoilaConfiguration.show_tracebacks=False",
               "--theme=light"]
    if preheat:
        return command + ["--VoilaConfiguration.preheat_kernel=True", "--VoilaConfiguration.default_pool_size=1"]
    return command + ["--MappingKernelManager.cull_idle_timeout=300", "--MappingKernelManager.cull_interval=60"]


def start(root: Path = OUT, port: int | None = None, *, env: dict | None = None, log_path: Path | None = None,
          timeout: float = 60.0, preheat: bool = False) -> VoilaServer:
    """Start Voilà on ``root``; return once it answers. ``log_path``: its output goes there (else to ours)."""
    port = port or free_port()
    log = open(log_path, "wb") if log_path else None
    try:
        process = subprocess.Popen(voila_command(root, port, preheat), cwd=root, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT if log else None, start_new_session=True)
    finally:
        if log:
            log.close()
    server = VoilaServer(process, port, root, log_path)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"Voilà exited with code {process.returncode}:\n{server.log()[-3000:]}")
        try:
            with urllib.request.urlopen(server.base_url + "/", timeout=5):
                return server
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"Voilà did not answer within {timeout:.0f} s:\n{server.log()[-3000:]}")
            time.sleep(0.25)


def _has_display() -> bool:
    """False on a Linux machine without a graphical session (a container, ssh): there Python's webbrowser
    would start a text browser in this terminal."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def serve(port: int | None, open_browser: bool, preheat: bool = False) -> int:
    try:
        import voila  # noqa: F401
    except ImportError:
        print("lecture mode needs Voilà: pip install -e '.[lab]' (make lecture installs it)", file=sys.stderr)
        return 2
    if port is None:
        port = DEFAULT_PORT if port_is_free(DEFAULT_PORT) else free_port()
    elif not port_is_free(port):
        print(f"port {port} is in use: choose another, e.g. make lecture LECTURE_FLAGS=\"--port {port + 1}\"",
              file=sys.stderr)
        return 2
    pages = build()
    print(f"lecture mode: {len(pages) - 1} chapters in {OUT.relative_to(ROOT)}; starting Voilà …", flush=True)
    server = start(OUT, port, preheat=preheat)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        print(f"\n    Lecture mode: {server.url()}\n\n(Ctrl-C stops the server.)\n", flush=True)
        if open_browser and _has_display():
            webbrowser.open(server.url())
        server.process.wait()
    except KeyboardInterrupt:
        print("stopping Voilà", flush=True)
    finally:
        server.stop()
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build_parser = sub.add_parser("build", help=f"write the lecture copies and the contents page to "
                                                f"{OUT.relative_to(ROOT)}/")
    build_parser.add_argument("--out", type=Path, default=OUT, help="another folder to write them to")
    build_parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="another folder of chapters")
    serve_parser = sub.add_parser("serve", help="build, then serve with Voilà on 127.0.0.1 and open the contents")
    serve_parser.add_argument("--port", type=int, default=None, help=f"default {DEFAULT_PORT}, or a free one")
    serve_parser.add_argument("--no-browser", action="store_true", help="print the address, open no browser")
    serve_parser.add_argument("--preheat", action="store_true",
                              help="run every page once in advance so that it opens at once (one kernel per page)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            pages = build(args.out, args.notebooks)
            print(f"wrote {len(pages)} pages to {args.out} (contents: {CONTENTS})")
            return 0
        return serve(args.port, not args.no_browser, args.preheat)
    except LectureBuildError as error:
        print(f"lecture mode: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
