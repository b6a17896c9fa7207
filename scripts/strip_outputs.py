"""Strip notebook outputs for commit, keeping the outputs nbval compares.

    python scripts/strip_outputs.py           # strip every notebook and solution in place
    python scripts/strip_outputs.py --check   # exit 1 if any notebook would change

nbstripout does the stripping: it clears every cell's outputs and execution count, except
the outputs of cells whose metadata has ``keep_output: true`` — our ``# NBVAL_CHECK_OUTPUT``
cells. nbval refuses a stored output on a cell without an execution count ("unrun reference
cell"), so those cells are then numbered 1, 2, 3 … in order.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat
from nbstripout import strip_output

ROOT = Path(__file__).resolve().parents[1]


def notebooks() -> list[Path]:
    base = ROOT / "notebooks"
    return sorted(base.glob("*.ipynb")) + sorted((base / "solutions").glob("*.ipynb"))


def stripped(nb):
    nb = strip_output(copy.deepcopy(nb), keep_output=False, keep_count=False, keep_id=True)
    nb.metadata.pop("widgets", None)                  # widget state saved by an in-place run
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)          # run timestamps (JupyterLab's "record timing")
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().startswith("# NBVAL_CHECK_OUTPUT"):
            cell.metadata["keep_output"] = True
        if cell.metadata.get("keep_output") and cell.outputs:
            count += 1
            cell.execution_count = count
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = count
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report notebooks that would change")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args(argv)
    changed = []
    for path in args.paths or notebooks():
        nb = nbformat.read(path, as_version=4)
        new = stripped(nb)
        if new == nb:
            continue
        changed.append(path)
        if not args.check:
            nbformat.write(new, path)
    for path in changed:
        print(f"{'would strip' if args.check else 'stripped'}: {path}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
