"""What can be checked here of the conda, Binder and Colab routes into the course.

- environment.yml (conda) and binder/environment.yml parse and list exactly pyproject.toml's
  dependencies plus its "lab" extra, with the same lower bounds and the same Python;
- Binder installs the package itself: binder/postBuild (a valid bash script, executable) runs
  ``pip install --no-deps -e .`` and binder/environment.yml does not try to;
- the Colab install cell compiles, does nothing outside Colab, and inside Colab runs exactly one
  ``pip install --no-deps git+<repository>``; scripts/colab_cell.py inserts it once, before the
  first code cell, and re-running it changes nothing;
- the package only uses widgets that Colab's ipywidgets 7 also has.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip carries a copy of tomli
    try:
        import tomli as tomllib
    except ModuleNotFoundError:
        from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _load_colab_script():
    spec = importlib.util.spec_from_file_location("colab_cell", ROOT / "scripts" / "colab_cell.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


colab_cell = _load_colab_script()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _specs(requirements) -> dict:
    """name → specifier set (as text, sorted), from requirement strings."""
    out = {}
    for text in requirements:
        req = Requirement(text)
        out[req.name.lower()] = ",".join(sorted(str(s) for s in req.specifier))
    return out


def _conda_env(path: Path) -> dict:
    env = yaml.safe_load(path.read_text())
    assert isinstance(env, dict), f"{path} is not a YAML mapping"
    assert env.get("name") == "bpcourse"
    assert "conda-forge" in env.get("channels", [])
    return env


def _conda_packages(env: dict) -> tuple[dict, list]:
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [x for d in env["dependencies"] if isinstance(d, dict) for x in d.get("pip", [])]
    return _specs(conda), pip


def _wanted() -> dict:
    project = _pyproject()["project"]
    wanted = _specs(project["dependencies"] + project["optional-dependencies"]["lab"])
    wanted["python"] = str(Requirement("python" + project["requires-python"]).specifier)
    return wanted


@pytest.mark.parametrize("path", ["environment.yml", "binder/environment.yml"])
def test_conda_environment_matches_pyproject(path):
    packages, _ = _conda_packages(_conda_env(ROOT / path))
    packages.pop("pip", None)
    assert packages == _wanted()


def test_conda_environment_installs_the_package():
    _, pip = _conda_packages(_conda_env(ROOT / "environment.yml"))
    assert pip == ["-e ."], "conda env create -f environment.yml must install the course package itself"


def test_binder_installs_the_package_in_post_build():
    _, pip = _conda_packages(_conda_env(ROOT / "binder" / "environment.yml"))
    assert pip == [], "Binder installs the environment before copying the repository: install bpcourse in postBuild"
    post_build = ROOT / "binder" / "postBuild"
    text = post_build.read_text()
    assert text.startswith("#!/bin/bash\n")
    assert os.access(post_build, os.X_OK), "binder/postBuild must be executable"
    commands = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert "python -m pip install --no-deps -e ." in commands
    if shutil.which("bash"):
        subprocess.run(["bash", "-n", str(post_build)], check=True)


def test_binder_environment_is_the_root_one_without_the_local_install():
    root, binder = _conda_env(ROOT / "environment.yml"), _conda_env(ROOT / "binder" / "environment.yml")
    strip = [d for d in root["dependencies"] if not isinstance(d, dict)]
    assert binder["dependencies"] == strip
    assert binder["channels"] == root["channels"]


# -- the Colab cell -----------------------------------------------------------------------------------

def _run_cell(source: str, monkeypatch, *, in_colab: bool) -> list:
    """Execute the cell as a notebook would (its own namespace); return the subprocess.run calls it made."""
    calls = []

    def fake_run(*args, **kwargs):
        calls.append((args, kwargs))
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    namespace = {"__name__": "__main__", "get_ipython": lambda: None}
    exec(compile(source, "<colab cell>", "exec"), namespace)
    return calls


def test_colab_cell_does_nothing_outside_colab(monkeypatch):
    before = set(sys.modules)
    assert _run_cell(colab_cell.cell_source(), monkeypatch, in_colab=False) == []
    assert set(sys.modules) - before <= {"importlib", "subprocess"}


def test_colab_cell_installs_the_course_in_colab(monkeypatch):
    calls = _run_cell(colab_cell.cell_source("https://example.org/me/fork"), monkeypatch, in_colab=True)
    assert len(calls) == 1
    (command,), kwargs = calls[0]
    assert command[:4] == [sys.executable, "-m", "pip", "install"]
    assert "--no-deps" in command, "Colab ships the dependencies; installing them would replace its ipywidgets"
    assert command[-1] == "git+https://example.org/me/fork.git"
    assert kwargs.get("check") is True


def test_colab_cell_names_one_repository():
    source = colab_cell.cell_source()
    assert colab_cell.REPOSITORY.startswith("https://")
    assert source.count(colab_cell.REPOSITORY) == 1
    ast.parse(source)


def _notebook(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_script_inserts_the_cell_once_before_the_first_code_cell(tmp_path):
    path = tmp_path / "01_x.ipynb"
    nbformat.write(_notebook(nbformat.v4.new_markdown_cell("# 01 · X"),
                             nbformat.v4.new_code_cell("from bpcourse import setup_notebook"),
                             nbformat.v4.new_code_cell("1 + 1")), path)
    assert colab_cell.main(["--check", str(path)]) == 1
    assert colab_cell.main([str(path)]) == 0
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code", "code"]
    assert nb.cells[1].source == colab_cell.cell_source() and nb.cells[1].id == colab_cell.CELL_ID
    assert nb.cells[2].source == "from bpcourse import setup_notebook"
    text = path.read_text()
    assert colab_cell.main([str(path)]) == 0
    assert path.read_text() == text, "running the script again must change nothing"
    assert colab_cell.main(["--check", str(path)]) == 0


def test_script_refreshes_an_old_cell(tmp_path):
    path = tmp_path / "02_y.ipynb"
    old = colab_cell.make_cell("https://example.org/old/place")
    nbformat.write(_notebook(nbformat.v4.new_markdown_cell("# 02 · Y"), old, nbformat.v4.new_code_cell("2")), path)
    assert colab_cell.main(["--check", str(path)]) == 1
    colab_cell.main([str(path)])
    nb = nbformat.read(path, as_version=4)
    install = [c for c in nb.cells if c.get("id") == colab_cell.CELL_ID]
    assert len(install) == 1 and install[0].source == colab_cell.cell_source()
    assert nb.cells.index(install[0]) == 1


def test_every_notebook_has_the_current_colab_cell():
    notebooks = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    stale = [p.name for p in notebooks if colab_cell.refresh(nbformat.read(p, as_version=4))]
    assert not stale, f"run `python scripts/colab_cell.py` to add or refresh the Colab cell in {stale}"


# -- ipywidgets in Colab ------------------------------------------------------------------------------

#: Widgets that ipywidgets 8 added; Colab's bundled ipywidgets 7 does not have them.
IPYWIDGETS_8_ONLY = {"Stack", "TagsInput", "ColorsInput", "FloatsInput", "IntsInput", "TimePicker",
                     "DatetimePicker", "NaiveDatetimePicker"}


def test_package_uses_only_widgets_that_colab_has():
    used = set()
    for path in (ROOT / "bpcourse").rglob("*.py"):
        used |= set(re.findall(r"\b(?:widgets|ipywidgets)\.([A-Z]\w*)", path.read_text()))
        used |= {m for group in re.findall(r"from ipywidgets import ([^\n]+)", path.read_text())
                 for m in re.findall(r"[A-Z]\w*", group)}
    assert used, "found no widget use at all: the scan is broken"
    assert not used & IPYWIDGETS_8_ONLY, f"{sorted(used & IPYWIDGETS_8_ONLY)} do not exist in Colab's ipywidgets 7"


# -- the README's links ---------------------------------------------------------------------------------

def test_readme_links_to_binder_and_colab_for_the_same_repository():
    readme = ROOT / "README.md"
    if not readme.exists():  # only in a helper's branch; main always has a README (pyproject names it)
        pytest.skip("no README.md in this checkout")
    text = readme.read_text()
    owner_repo = colab_cell.REPOSITORY.removeprefix("https://github.com/").strip("/")
    assert f"mybinder.org/v2/gh/{owner_repo}/" in text, "the README needs a Binder link for " + owner_repo
    assert f"colab.research.google.com/github/{owner_repo}/blob/" in text, "the README needs a Colab link"
    assert "environment.yml" in text and "conda env create" in text
    assert "scripts/colab_cell.py" in text, "the README should say where the Colab install cell comes from"


def test_colab_cell_carries_the_tag_that_the_structure_test_skips():
    cell = colab_cell.make_cell()
    assert cell.metadata["tags"] == ["colab"]
    assert "setup_notebook" not in cell.source
