"""Put the same "install the course on Colab" cell before the first code cell of every notebook.

    python scripts/colab_cell.py            # insert or refresh the cell in notebooks/**/*.ipynb
    python scripts/colab_cell.py --check    # exit 1 if a notebook lacks the current cell
    python scripts/colab_cell.py --repository https://github.com/you/bpcourse   # another fork

In Google Colab the cell pip-installs bpcourse from the course's Git repository (REPOSITORY
below: the one place to change when the course moves) with ``--no-deps``: everything the
package needs (numpy, matplotlib, pillow, ipywidgets, tqdm, scikit-learn) ships with Colab, and
keeping Colab's own ipywidgets keeps its widget display working. Anywhere else (JupyterLab,
VS Code, Binder, nbval in CI) the cell does nothing: it only tests ``"google.colab" in
sys.modules``, which only a Colab runtime has imported.

The cell is found again by its id ``colab-install`` or its tag ``colab``; running the script twice changes
nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: The course's public Git repository (what Colab installs). Change it here, then re-run the script.
REPOSITORY = "https://github.com/OWNER/bpcourse"

CELL_ID = "colab-install"
TAG = "colab"  # tests/test_notebook_structure.py skips code cells with this tag
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def cell_source(repository: str = REPOSITORY) -> str:
    """The cell's code: a pip install that runs only inside Google Colab."""
    return f'''# On Google Colab only: install the course package. Anywhere else this cell does nothing.
import sys

if "google.colab" in sys.modules:
    import importlib
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "git+{repository}.git"], check=True)
    importlib.invalidate_caches()'''


def make_cell(repository: str = REPOSITORY):
    import nbformat

    cell = nbformat.v4.new_code_cell(cell_source(repository))
    cell.id = CELL_ID
    cell.metadata = {"tags": [TAG]}
    return cell


def _is_install_cell(cell) -> bool:
    return cell.get("id") == CELL_ID or TAG in cell.get("metadata", {}).get("tags", [])


def refresh(nb, repository: str = REPOSITORY) -> bool:
    """Insert the cell before the first code cell, or bring an existing one up to date; True if ``nb`` changed."""
    wanted = make_cell(repository)
    found = [i for i, cell in enumerate(nb.cells) if _is_install_cell(cell)]
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and not _is_install_cell(c)),
                      len(nb.cells))
    if len(found) == 1 and found[0] < first_code:
        cell = nb.cells[found[0]]
        if (cell.source, cell.get("id"), cell.metadata, cell.outputs, cell.execution_count) == (
                wanted.source, wanted.id, wanted.metadata, [], None):
            return False
    for i in reversed(found):
        del nb.cells[i]
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, wanted)
    nb.nbformat, nb.nbformat_minor = 4, max(nb.get("nbformat_minor", 5), 5)  # cell ids need 4.5
    return True


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/**/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is out of date")
    parser.add_argument("--repository", default=REPOSITORY, help=f"Git repository to install from ({REPOSITORY})")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if refresh(nb, args.repository):
            stale.append(path)
            if not args.check:
                nbformat.write(nb, path)
    verb = "out of date" if args.check else "updated"
    for path in stale:
        print(f"{verb}: {path}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
