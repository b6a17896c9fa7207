"""pyproject.toml and environment.yml name the same packages, and pin no exact versions."""

import re
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")
yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
# PyPI name → conda-forge name where the two differ.
PYPI_TO_CONDA: dict[str, str] = {"isal": "python-isal"}
NOT_PACKAGES = {"python", "pip"}


def normalise(spec: str) -> str:
    """The bare, lower-case package name of a requirement: 'scikit_learn>=1.2' → 'scikit-learn'."""
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec).group(1)
    name = re.sub(r"[-_.]+", "-", name).lower()
    return PYPI_TO_CONDA.get(name, name)


@pytest.fixture(scope="module")
def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def conda_specs(environment) -> list[str]:
    return [d for d in environment["dependencies"] if isinstance(d, str)]


def test_normalise():
    assert normalise("scikit_learn>=1.2") == "scikit-learn"
    assert normalise("PyYAML >= 6") == "pyyaml"
    assert normalise("zope.interface") == "zope-interface"
    assert normalise("numpy") == "numpy"


def test_runtime_and_lab_dependencies_equal_the_conda_environment(pyproject, environment):
    project = pyproject["project"]
    pip_side = {normalise(s) for s in project["dependencies"] + project["optional-dependencies"]["lab"]}
    conda_side = {normalise(s) for s in conda_specs(environment)} - NOT_PACKAGES
    assert pip_side == conda_side, (f"only in pyproject.toml: {sorted(pip_side - conda_side)}; "
                                    f"only in environment.yml: {sorted(conda_side - pip_side)}")


def test_environment_uses_conda_forge_and_installs_the_package(environment):
    assert environment["channels"] == ["conda-forge"]
    pip_blocks = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_blocks and any(re.fullmatch(r"-e\s+\.(\[.*\])?", line) for line in pip_blocks[0])
    assert "python" in {normalise(s) for s in conda_specs(environment)}


def test_environment_pins_no_exact_versions(environment):
    for spec in conda_specs(environment):
        # conda's exact pins are "pkg=1.2", "pkg==1.2" or "pkg 1.2.3"; floors (>=) are fine
        assert not re.search(r"(?<![<>!=])==?(?!=)|\s\d", spec.split("#")[0]), f"exact pin in environment.yml: {spec}"
    for block in (d["pip"] for d in environment["dependencies"] if isinstance(d, dict)):
        for line in block:
            assert "==" not in line, f"exact pin in environment.yml's pip section: {line}"


def test_pyproject_pins_no_exact_versions(pyproject):
    project = pyproject["project"]
    specs = project["dependencies"] + [s for group in project["optional-dependencies"].values() for s in group]
    for spec in specs:
        assert "==" not in spec and "===" not in spec, f"exact pin in pyproject.toml: {spec}"


def test_course_never_depends_on_torch(pyproject, environment):
    project = pyproject["project"]
    course = project["dependencies"] + project["optional-dependencies"]["lab"]
    assert "torch" not in {normalise(s) for s in course}
    assert "torch" not in {normalise(s) for s in conda_specs(environment)}
    assert "pytorch" not in {normalise(s) for s in conda_specs(environment)}
