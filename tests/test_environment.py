"""environment.yml (conda) and pyproject.toml (pip/.venv) describe the same environment."""

from __future__ import annotations

import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from .conftest import ROOT

pytestmark = pytest.mark.unit

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENV = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def pip_pins() -> dict[str, str]:
    project = PYPROJECT["project"]
    reqs = list(project["dependencies"])
    for group in project["optional-dependencies"].values():
        reqs.extend(group)
    pins = {}
    for text in reqs:
        req = Requirement(text)
        (spec,) = list(req.specifier)
        assert spec.operator == "==", f"{text}: pin exactly"
        pins[req.name.lower()] = spec.version
    return pins


def conda_pins() -> dict[str, str]:
    pins = {}
    for entry in ENV["dependencies"]:
        if isinstance(entry, dict) or entry in ("pip",):
            continue
        name, _, version = entry.partition("=")
        pins[name.lower()] = version
    return pins


def test_same_package_names():
    conda = set(conda_pins()) - {"python"}
    assert conda == set(pip_pins())


def test_same_pins():
    conda = conda_pins()
    for name, version in pip_pins().items():
        assert conda[name] == version, f"{name}: pyproject {version}, environment.yml {conda[name]}"


def test_python_version_agrees():
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(
        conda_pins()["python"] + ".0")


def test_environment_installs_this_package():
    pip_section = next(e for e in ENV["dependencies"] if isinstance(e, dict))["pip"]
    assert "-e ." in pip_section


def test_jupyter_book_is_1x():
    pin = pip_pins()["jupyter-book"]
    assert SpecifierSet(">=1.0.4,<2").contains(pin)
