"""Put the same "install the course on Colab" cell before the first code cell of every notebook, and keep
the README's Binder and Colab links pointing at the course's repository.

    python scripts/colab_cell.py            # refresh the cell in notebooks/**/*.ipynb and the README's links
    python scripts/colab_cell.py --check    # exit 1 if a notebook or the README is out of date
    python scripts/colab_cell.py --repository https://github.com/you/bpcourse   # another fork, this run only

The course's repository address is set in ONE place: ``Repository`` under ``[project.urls]`` in
pyproject.toml. This script reads it and writes it into the Colab cell of every notebook and into the
README's Binder and Colab links (a test checks that they agree). Until it is set — it reads
``https://github.com/OWNER/bpcourse``, a placeholder — the cell cannot install anything; on Colab it then
says what to do instead (install from the address the instructor gives, or from an uploaded copy).

Once the address is set, the cell pip-installs bpcourse from it on Colab with ``--no-deps``: everything
the package needs (numpy, matplotlib, pillow, ipywidgets, tqdm, scikit-learn) ships with Colab, and keeping
Colab's own ipywidgets keeps its widget display working. If pip fails (no internet, a private repository),
the cell says so and what to do, rather than ending in a traceback from pip. If bpcourse can already be
imported, it installs nothing. Anywhere else (JupyterLab, VS Code, Binder, nbval in CI) the cell does
nothing: it only tests ``"google.colab" in sys.modules``, which only a Colab runtime has imported.

The cell is found again by its id ``colab-install`` or its tag ``colab``; running the script twice changes
nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
README = ROOT / "README.md"
NOTEBOOKS = ROOT / "notebooks"

#: The owner that the placeholder address names, until the real address is set.
PLACEHOLDER_OWNER = "OWNER"

CELL_ID = "colab-install"
TAG = "colab"  # tests/test_notebook_structure.py skips code cells with this tag


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: pip carries a copy of tomli
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            from pip._vendor import tomli as tomllib
    return tomllib


def repository_from_pyproject(path: Path = PYPROJECT) -> str:
    """The course's Git repository: ``Repository`` in pyproject.toml's ``[project.urls]``."""
    urls = _toml().loads(path.read_text(encoding="utf-8")).get("project", {}).get("urls", {})
    repository = urls.get("Repository", "").strip().rstrip("/")
    if not repository.startswith("https://"):
        raise SystemExit(f"{path.name}: set [project.urls] Repository to the course's https:// Git address "
                         f"(found {repository!r})")
    return repository.removesuffix(".git")


#: The course's public Git repository (what Colab installs), read from pyproject.toml.
REPOSITORY = repository_from_pyproject()


def is_placeholder(repository: str) -> bool:
    """True while the address is the placeholder https://github.com/OWNER/… (not set yet)."""
    parts = repository.split("://", 1)[-1].split("/")
    return len(parts) > 1 and parts[1] == PLACEHOLDER_OWNER


def github_owner_repo(repository: str) -> str:
    """'owner/name' of a GitHub address (what Binder and Colab links name); a clear error for any other."""
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)", repository)
    if not match:
        raise ValueError(f"Binder and Colab links need a GitHub repository (https://github.com/owner/name), "
                         f"not {repository!r}")
    return f"{match.group(1)}/{match.group(2)}"


_PLACEHOLDER_MESSAGE = (
    "This copy of the course does not say where its repository is, so this cell cannot install the\n"
    "bpcourse package on Colab. Do one of these, then run the notebook again from the top:\n"
    "  * you know the course's GitHub address (ask your instructor): run, in a new cell,\n"
    "        !pip install --no-deps git+https://github.com/<owner>/bpcourse.git\n"
    "  * you have the course as a .zip: upload it (Files panel, on the left), then run, in a new cell,\n"
    "        !unzip -oq /content/*.zip -d /content/course && pip install --no-deps /content/course/*/\n"
    "(Whoever publishes the course: set Repository under [project.urls] in pyproject.toml and run\n"
    "python scripts/colab_cell.py; this cell then installs the package by itself.)"
)


def cell_source(repository: str = REPOSITORY) -> str:
    """The cell's code. Inside Google Colab only: install bpcourse from ``repository`` unless it is importable
    already, or, while the address is the placeholder, say what to do instead."""
    head = '''# On Google Colab only: install the course package. Anywhere else this cell does nothing.
import sys

if "google.colab" in sys.modules:
'''
    if is_placeholder(repository):
        parts = _PLACEHOLDER_MESSAGE.split("\n")
        lines = "\n".join("              " + json.dumps(part, ensure_ascii=False)
                          for part in [p + "\n" for p in parts[:-1]] + parts[-1:])
        return head + f'''    import importlib.util

    if importlib.util.find_spec("bpcourse") is None:
        print({lines.lstrip()})'''
    return head + f'''    import importlib
    import importlib.util
    import subprocess

    repository = "{repository}"
    if importlib.util.find_spec("bpcourse") is None:
        pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                              f"git+{{repository}}.git"], capture_output=True, text=True)
        importlib.invalidate_caches()
        if pip.returncode != 0:
            print(f"Could not install bpcourse from {{repository}}; pip said:\\n{{pip.stderr[-1500:]}}\\n"
                  "Check that the repository is public and that this runtime is online, then run this "
                  "cell again.")'''


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


#: The README's links that name the repository: Binder's, Colab's, and the pip address of the Colab cell.
_README_LINKS = (
    (re.compile(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/"),
     lambda repository: f"https://mybinder.org/v2/gh/{github_owner_repo(repository)}/"),
    (re.compile(r"https://colab\.research\.google\.com/github/[\w.-]+/[\w.-]+/"),
     lambda repository: f"https://colab.research.google.com/github/{github_owner_repo(repository)}/"),
    (re.compile(r"git\+https://[\w./-]+?\.git\b"), lambda repository: f"git+{repository}.git"),
)


def refresh_readme(text: str, repository: str = REPOSITORY) -> str:
    """``text`` with every Binder and Colab link, and the pip address, naming ``repository``."""
    for pattern, link in _README_LINKS:
        wanted = link(repository)
        text = pattern.sub(lambda _match: wanted, text)
    return text


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/**/*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a notebook or the README is out of date")
    parser.add_argument("--repository", default=REPOSITORY,
                        help=f"Git repository to install from (default, from pyproject.toml: {REPOSITORY})")
    parser.add_argument("--readme", type=Path, default=None,
                        help="the README whose links to refresh (default: README.md, unless notebooks are named)")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    stale = []
    readme = args.readme or (None if args.paths else README)
    if readme is not None and readme.exists():
        text = readme.read_text(encoding="utf-8")
        try:
            new = refresh_readme(text, args.repository)
        except ValueError as error:
            print(f"{readme.name}: {error}", file=sys.stderr)
            return 2
        if new != text:
            stale.append(readme)
            if not args.check:
                readme.write_text(new, encoding="utf-8")
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
