"""What can be checked here of the conda, Binder and Colab routes into the course.

- environment.yml (conda) and binder/environment.yml parse and list exactly pyproject.toml's
  dependencies plus its "lab" extra, with the same lower bounds and the same Python;
- Binder installs the package itself: binder/postBuild (a valid bash script, executable) runs
  ``pip install --no-deps -e .`` and builds the lecture pages; binder/environment.yml does not install;
- the repository address is set in one place, pyproject.toml's ``[project.urls] Repository``; the Colab
  cell of every notebook and the README's Binder and Colab links name that address;
- the Colab install cell compiles and does nothing outside Colab. Inside a fake Colab (no network): while
  the address is the placeholder it runs nothing and prints what to do instead; once set it runs exactly
  one ``pip install --no-deps git+<repository>.git``, and if pip fails it prints what went wrong and what
  to do, without raising; it installs nothing when bpcourse is importable already.
  scripts/colab_cell.py inserts it once, before the first code cell, and re-running it changes nothing;
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


#: PyPI name → conda-forge name where they differ (as in test_project_files.py).
CONDA_NAMES = {"isal": "python-isal"}


def _wanted() -> dict:
    project = _pyproject()["project"]
    wanted = _specs(project["dependencies"] + project["optional-dependencies"]["lab"])
    wanted = {CONDA_NAMES.get(name, name): spec for name, spec in wanted.items()}
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
    assert "python scripts/lecture.py build" in commands, "Binder's lecture-mode link needs build/lecture/"
    assert commands.index("python scripts/lecture.py build") > commands.index("python -m pip install --no-deps -e .")
    if shutil.which("bash"):
        subprocess.run(["bash", "-n", str(post_build)], check=True)


def test_binder_environment_is_the_root_one_without_the_local_install():
    root, binder = _conda_env(ROOT / "environment.yml"), _conda_env(ROOT / "binder" / "environment.yml")
    strip = [d for d in root["dependencies"] if not isinstance(d, dict)]
    assert binder["dependencies"] == strip
    assert binder["channels"] == root["channels"]


# -- the Colab cell -----------------------------------------------------------------------------------

def _run_cell(source: str, monkeypatch, capsys, *, in_colab: bool, installed: bool = False,
              pip_returncode: int = 0, pip_stderr: str = "") -> tuple[list, str]:
    """Execute the cell as a notebook would (its own namespace), in a fake Colab or not, with bpcourse
    importable or not and a fake pip; return the subprocess.run calls it made and what it printed."""
    import importlib.util

    calls = []

    def fake_run(*args, **kwargs):
        calls.append((args, kwargs))
        return subprocess.CompletedProcess(args, pip_returncode, stdout="", stderr=pip_stderr)

    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        if name == "bpcourse":
            return real_find_spec(name) if installed else None
        return real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    capsys.readouterr()
    namespace = {"__name__": "__main__", "get_ipython": lambda: None}
    exec(compile(source, "<colab cell>", "exec"), namespace)
    return calls, capsys.readouterr().out


PLACEHOLDER = "https://github.com/OWNER/bpcourse"
FORK = "https://github.com/me/fork"


@pytest.mark.parametrize("repository", [PLACEHOLDER, FORK])
def test_colab_cell_does_nothing_outside_colab(monkeypatch, capsys, repository):
    before = set(sys.modules)
    assert _run_cell(colab_cell.cell_source(repository), monkeypatch, capsys, in_colab=False) == ([], "")
    assert set(sys.modules) - before <= {"importlib", "importlib.util", "subprocess"}


def test_colab_cell_installs_the_course_in_colab(monkeypatch, capsys):
    calls, printed = _run_cell(colab_cell.cell_source(FORK), monkeypatch, capsys, in_colab=True)
    assert len(calls) == 1 and printed == ""
    (command,), kwargs = calls[0]
    assert command[:4] == [sys.executable, "-m", "pip", "install"]
    assert "--no-deps" in command, "Colab ships the dependencies; installing them would replace its ipywidgets"
    assert command[-1] == "git+https://github.com/me/fork.git"


def test_colab_cell_says_what_went_wrong_when_pip_fails(monkeypatch, capsys):
    calls, printed = _run_cell(colab_cell.cell_source(FORK), monkeypatch, capsys, in_colab=True,
                               pip_returncode=1, pip_stderr="ERROR: repository not found")
    assert len(calls) == 1
    assert f"Could not install bpcourse from {FORK}" in printed
    assert "ERROR: repository not found" in printed and "run this cell again" in printed


@pytest.mark.parametrize("repository", [PLACEHOLDER, FORK])
def test_colab_cell_installs_nothing_when_bpcourse_is_importable(monkeypatch, capsys, repository):
    assert _run_cell(colab_cell.cell_source(repository), monkeypatch, capsys, in_colab=True,
                     installed=True) == ([], "")


def test_colab_cell_explains_what_to_do_while_the_address_is_the_placeholder(monkeypatch, capsys):
    assert colab_cell.is_placeholder(PLACEHOLDER) and not colab_cell.is_placeholder(FORK)
    calls, printed = _run_cell(colab_cell.cell_source(PLACEHOLDER), monkeypatch, capsys, in_colab=True)
    assert calls == [], "with the placeholder address the cell must not run pip (it would fail inside pip)"
    assert "cannot install" in printed
    assert "!pip install --no-deps git+https://github.com/<owner>/bpcourse.git" in printed
    assert ".zip" in printed and "pip install --no-deps /content/course/*/" in printed
    assert "[project.urls] in pyproject.toml" in printed and "python scripts/colab_cell.py" in printed


def test_colab_cell_names_one_repository():
    source = colab_cell.cell_source(FORK)
    assert source.count(FORK) == 1
    ast.parse(source)
    ast.parse(colab_cell.cell_source(PLACEHOLDER))


# -- the repository address, in one place -------------------------------------------------------------

def test_the_repository_address_is_set_in_pyproject_and_read_from_there():
    urls = _pyproject()["project"]["urls"]
    assert urls["Repository"].startswith("https://github.com/")
    assert colab_cell.REPOSITORY == urls["Repository"].rstrip("/").removesuffix(".git")
    assert colab_cell.repository_from_pyproject() == colab_cell.REPOSITORY


def test_a_missing_address_is_a_clear_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(SystemExit, match=r"\[project.urls\] Repository"):
        colab_cell.repository_from_pyproject(tmp_path / "pyproject.toml")


def test_the_script_rewrites_the_readme_links_for_a_new_address(tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("[b](https://mybinder.org/v2/gh/OWNER/bpcourse/HEAD?urlpath=lab)\n"
                      "[c](https://colab.research.google.com/github/OWNER/bpcourse/blob/main/notebooks/x.ipynb)\n"
                      "`pip install --no-deps git+https://github.com/OWNER/bpcourse.git`\n"
                      "`git+https://github.com/<owner>/bpcourse.git` stays a pattern\n")
    nb_path = tmp_path / "01_x.ipynb"
    nbformat.write(_notebook(nbformat.v4.new_code_cell("1")), nb_path)
    args = ["--repository", FORK, "--readme", str(readme), str(nb_path)]
    assert colab_cell.main(["--check"] + args) == 1
    assert colab_cell.main(args) == 0
    assert readme.read_text() == ("[b](https://mybinder.org/v2/gh/me/fork/HEAD?urlpath=lab)\n"
                                  "[c](https://colab.research.google.com/github/me/fork/blob/main/notebooks/x.ipynb)\n"
                                  "`pip install --no-deps git+https://github.com/me/fork.git`\n"
                                  "`git+https://github.com/<owner>/bpcourse.git` stays a pattern\n")
    assert colab_cell.main(["--check"] + args) == 0
    assert colab_cell.main(["--repository", "https://gitlab.com/me/fork", "--readme", str(readme), str(nb_path)]) == 2
    assert "need a GitHub repository" in capsys.readouterr().err


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
    owner_repo = colab_cell.github_owner_repo(colab_cell.REPOSITORY)
    assert f"mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=lab/tree/notebooks/" in text, "the README needs a Binder link"
    assert f"mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=voila/render/build/lecture/index.ipynb" in text, \
        "the README needs a Binder link to lecture mode (the contents page binder/postBuild builds)"
    assert f"colab.research.google.com/github/{owner_repo}/blob/" in text, "the README needs a Colab link"
    assert colab_cell.refresh_readme(text) == text, \
        "run `python scripts/colab_cell.py`: README links name another address"
    assert "environment.yml" in text and "conda env create" in text
    assert "scripts/colab_cell.py" in text, "the README should say where the Colab install cell comes from"
    assert "[project.urls]" in text, "the README should say where the repository address is set"


def test_colab_cell_carries_the_tag_that_the_structure_test_skips():
    cell = colab_cell.make_cell()
    assert cell.metadata["tags"] == ["colab"]
    assert "setup_notebook" not in cell.source
