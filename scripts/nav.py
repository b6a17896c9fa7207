"""Write the "previous | contents | next" links at the top and bottom of every notebook.

    python scripts/nav.py          # rewrite the links in place
    python scripts/nav.py --check  # exit 1 if any notebook's links are missing or stale

Chapters link to their neighbours and to 00 (the contents); solution notebooks link back
to their chapter. The link cells carry the tag "nav" and are replaced on every run.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CHAPTER = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
TAG = "nav"


def title_of(nb) -> str:
    """The text of the first '# ' heading, e.g. '06 · BP4: the weight gradient'."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and TAG not in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("no '# ' title heading found")


def chapters() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if CHAPTER.match(p.name))


def nav_line(links: list[str]) -> str:
    return "<small>" + " &nbsp;|&nbsp; ".join(links) + "</small>"


def nav_cell(text: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["tags"] = [TAG]
    cell.id = cell_id
    return cell


def with_nav(nb, text: str):
    """A copy of ``nb``'s cells with the old nav cells removed and new ones at top and bottom."""
    body = [c for c in nb.cells if TAG not in c.metadata.get("tags", [])]
    return [nav_cell(text, "nav-top")] + body + [nav_cell(text, "nav-bottom")]


def build() -> dict[Path, list]:
    paths = chapters()
    books = {p: nbformat.read(p, as_version=4) for p in paths}
    titles = {p: title_of(nb) for p, nb in books.items()}
    contents = paths[0] if paths else None
    result = {}
    for i, p in enumerate(paths):
        links = []
        if i > 0:
            links.append(f"[← {titles[paths[i - 1]]}]({paths[i - 1].name})")
        if contents is not None and p != contents:
            links.append(f"[Contents]({contents.name})")
        if i + 1 < len(paths):
            links.append(f"[{titles[paths[i + 1]]} →]({paths[i + 1].name})")
        result[p] = with_nav(books[p], nav_line(links))
        solution = NOTEBOOKS / "solutions" / f"{p.stem}_solutions.ipynb"
        if solution.exists():
            links = [f"[← back to {titles[p]}](../{p.name})"]
            if contents is not None:
                links.append(f"[Contents](../{contents.name})")
            result[solution] = with_nav(nbformat.read(solution, as_version=4), nav_line(links))
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report stale links instead of writing them")
    args = parser.parse_args(argv)
    stale = []
    for path, cells in build().items():
        nb = nbformat.read(path, as_version=4)
        if [(c.cell_type, c.source) for c in nb.cells] == [(c.cell_type, c.source) for c in cells]:
            continue
        stale.append(path)
        if not args.check:
            nb.cells = cells
            nbformat.write(nb, path)
    for path in stale:
        print(f"{'stale links' if args.check else 'rewrote links'}: {path.relative_to(ROOT)}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
