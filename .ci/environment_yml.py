"""Write environment.yml (conda) from pyproject.toml and requirements-lock.txt (`make lock`).

conda users get the packages that pyproject.toml asks for – the library's dependencies and the
`book` and `test` extras – at exactly the versions of the lock file that `make` installs, so
both environments run the book with the same stack. tests/test_environment.py checks that the
committed file is what this script writes.

    python .ci/environment_yml.py            # rewrite environment.yml
    python .ci/environment_yml.py --check    # exit 1 if environment.yml is out of date
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements-lock.txt"
ENVIRONMENT = ROOT / "environment.yml"
#: The Python of the reference stack: the one the committed notebook outputs come from.
PYTHON = "3.11"
#: PyPI names whose conda-forge package is called differently (none so far).
CONDA_NAMES: dict[str, str] = {}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them (``Foo_Bar`` → ``foo-bar``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(pyproject: Path = PYPROJECT) -> list[str]:
    """Every distribution pyproject.toml asks for (dependencies, then each extra), normalised."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    names = [normalise(_NAME.match(req.strip())[0]) for req in requirements]
    return list(dict.fromkeys(names))


def lock_pins(lock: Path = LOCK) -> dict[str, list[tuple[str, str]]]:
    """The lock file as ``{name: [(version, environment marker or ""), ...]}``."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for number, line in enumerate(lock.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _PIN.match(line.strip())
        if not match:
            raise ValueError(f"{lock.name}:{number}: not a `name==version` pin: {line!r}")
        name, version, marker = match.groups()
        pins.setdefault(normalise(name), []).append((version, marker or ""))
    return pins


def render(pyproject: Path = PYPROJECT, lock: Path = LOCK) -> str:
    """The text of environment.yml for these two files."""
    pins = lock_pins(lock)
    lines = [
        "# Conda description of the environment that `make` builds in .venv: the packages",
        "# pyproject.toml asks for, at the versions pinned in requirements-lock.txt.",
        "# Written by `make lock` (.ci/environment_yml.py); do not edit by hand.",
        "name: lwtbook",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON}",
        "  - pip",
    ]
    for name in declared(pyproject):
        versions = pins.get(name)
        if not versions:
            raise ValueError(f"{name} is in pyproject.toml but not in {lock.name}: run `make lock`")
        if len(versions) != 1 or versions[0][1]:
            raise ValueError(f"{name}: {lock.name} pins it per environment {versions}; "
                             "environment.yml needs one version")
        lines.append(f"  - {CONDA_NAMES.get(name, name)}={versions[0][0]}")
    lines += ["  - pip:", "      - -e ."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = ENVIRONMENT.read_text(encoding="utf-8") if ENVIRONMENT.exists() else ""
        if current != text:
            print("environment.yml is out of date: run `make lock`", file=sys.stderr)
            return 1
        return 0
    ENVIRONMENT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
