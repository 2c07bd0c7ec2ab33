"""One environment, three descriptions that agree: pyproject.toml (compatible ranges),
requirements-lock.txt (the exact stack `make` installs) and environment.yml (conda) – and every
third-party module the project imports is declared."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import sys
import tomllib
from functools import cache

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

pytestmark = pytest.mark.unit

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
ENV = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("environment_yml",
                                               ROOT / ".ci" / "environment_yml.py")
WRITER = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(WRITER)

RUNTIME = [Requirement(r) for r in PROJECT["dependencies"]]
EXTRAS = [Requirement(r) for reqs in PROJECT["optional-dependencies"].values() for r in reqs]
DECLARED = {canonicalize_name(r.name): r for r in RUNTIME + EXTRAS}
LOCK = WRITER.lock_pins()


def conda_pins() -> dict[str, str]:
    pins = {}
    for entry in ENV["dependencies"]:
        if isinstance(entry, dict) or entry == "pip":
            continue
        name, _, version = entry.partition("=")
        pins[canonicalize_name(name)] = version
    return pins


# --------------------------------------------------------------------------- pyproject.toml


def test_any_current_python_may_install_it():
    spec = SpecifierSet(PROJECT["requires-python"])
    assert spec == SpecifierSet(">=3.11")
    assert all(spec.contains(v) for v in ("3.11.5", "3.12.0", "3.13.0", "3.14.0"))


def test_library_dependencies_are_ranges_not_pins():
    for req in RUNTIME + EXTRAS:
        assert req.specifier, f"{req}: give a compatible range"
        assert not any(s.operator in ("==", "===") for s in req.specifier), \
            f"{req}: exact pins belong in requirements-lock.txt"


def test_jupyter_book_stays_1x():
    assert DECLARED["jupyter-book"].specifier == SpecifierSet(">=1.0.4,<2")
    (version, _), = LOCK["jupyter-book"]
    assert Version(version) in SpecifierSet(">=1.0.4,<2")


# --------------------------------------------------------------------------- the lock file


def test_lock_pins_every_declared_package_within_its_range():
    for name, req in DECLARED.items():
        assert name in LOCK, f"{name} is declared but not locked: run `make lock`"
        for version, _marker in LOCK[name]:
            assert Version(version) in req.specifier, \
                f"{name}: locked {version} is outside pyproject's {req.specifier}"


def test_this_environment_runs_the_locked_versions():
    """The .venv (or CI's, or a conda environment from environment.yml) runs every package that
    pyproject.toml asks for at its locked version – the stack the notebook outputs come from."""
    wrong = []
    for name in DECLARED:
        (version, _), = LOCK[name]
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "nothing"
        if installed == "nothing" or Version(installed) != Version(version):
            wrong.append(f"{name}: locked {version}, installed {installed}")
    assert not wrong, "reinstall from the lock (`rm .venv/.installed; make venv`): " + \
        "; ".join(wrong)


def test_lock_file_says_how_it_was_made():
    head = (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert any("make lock" in line for line in head)


# --------------------------------------------------------------------------- environment.yml


def test_environment_yml_is_what_make_lock_writes():
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == WRITER.render(), \
        "environment.yml is out of date: run `make lock`"


def test_environment_yml_has_the_declared_packages_at_the_locked_versions():
    conda = conda_pins()
    assert set(conda) - {"python"} == set(DECLARED)
    for name, version in conda.items():
        if name != "python":
            assert [version] == [v for v, _ in LOCK[name]], name


def test_environment_yml_python_is_allowed_and_installs_this_package():
    python = conda_pins()["python"]
    assert SpecifierSet(PROJECT["requires-python"]).contains(python + ".5")
    pip_section = next(e for e in ENV["dependencies"] if isinstance(e, dict))["pip"]
    assert "-e ." in pip_section


# --------------------------------------------------------------------------- imports


def _imports(source: str) -> set[str]:
    """Top-level names of the absolute imports in *source*, at any depth of the code."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _notebook_code(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = ("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    # IPython magics and shell escapes are not Python
    return "\n".join(line for cell in code for line in cell.splitlines()
                     if not line.lstrip().startswith(("%", "!")))


def _third_party(names: set[str], local: set[str]) -> set[str]:
    return {n for n in names if n not in sys.stdlib_module_names and n not in local
            and n != "__future__"}


#: Our own modules: the package, the tests, the Sphinx extensions (modules and packages) and
#: the benchmark scripts.
LOCAL = {"lwtbook", "tests", "conftest"} | {
    p.stem for folder in ("_ext", "benchmarks", "tests") for p in (ROOT / folder).glob("*.py")
} | {p.parent.name for p in (ROOT / "_ext").glob("*/__init__.py")}


@cache
def _module_owners() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()  # reads every installed package's RECORD


def _distributions(module: str) -> set[str]:
    """The installed distributions that provide the top-level *module*."""
    return {canonicalize_name(d) for d in _module_owners().get(module, [])}


def test_every_imported_package_is_declared():
    """PIL is pillow, fontTools is fonttools, ...: each import maps to a declared distribution."""
    sources = {p: p.read_text(encoding="utf-8")
               for folder in ("lwtbook", "_ext", "tests", "benchmarks")
               for p in (ROOT / folder).rglob("*.py")}
    sources |= {p: _notebook_code(p) for p in (ROOT / "book").glob("*.ipynb")}
    undeclared = []
    for path, text in sources.items():
        for module in sorted(_third_party(_imports(text), LOCAL)):
            dists = _distributions(module)
            if not dists & set(DECLARED):
                where = path.relative_to(ROOT)
                undeclared.append(f"{where}: {module} ({', '.join(dists) or 'not installed'})")
    assert not undeclared, "declare in pyproject.toml: " + "; ".join(undeclared)


def test_the_library_needs_no_extra():
    """`pip install lwtbook` alone must give a working package: lwtbook's modules import only
    what [project.dependencies] declares (lwtbook.book's glue and lwtbook.notebooks, the
    notebook runner, and lwtbook.outputs, what a notebook shows, need the `book` and `lab`
    extras; they import them only when called)."""
    runtime = {canonicalize_name(r.name) for r in RUNTIME}
    missing = []
    for path in (ROOT / "lwtbook").glob("*.py"):
        if path.name in ("book.py", "notebooks.py", "outputs.py"):
            continue
        for module in _third_party(_imports(path.read_text(encoding="utf-8")), LOCAL):
            if not _distributions(module) & runtime:
                missing.append(f"lwtbook/{path.name}: {module}")
    assert not missing, "add to [project.dependencies]: " + "; ".join(missing)


def test_import_scan_finds_what_it_should():
    """The scanner itself: nested and from-imports count, relative ones and the stdlib do not."""
    code = ("import os\nfrom PIL import Image\ndef f():\n    import yaml.constructor\n"
            "from . import x\n")
    assert _third_party(_imports(code), LOCAL) == {"PIL", "yaml"}
    assert _distributions("PIL") == {"pillow"}
