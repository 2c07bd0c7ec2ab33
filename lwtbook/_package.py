"""Where the data package lives and how its descriptor is read.

The data package (``datapackage.json`` and its CSVs) is found in the first of:

1. ``$LWTBOOK_DATA`` – a researcher's own copy, for example an unpacked download of the package;
2. ``lwtbook/_data`` – the copy of ``data/`` that the build puts into the wheel
   (``pyproject.toml`` maps the subpackage ``lwtbook._data`` to the repository's ``data/``);
3. ``data/`` beside the ``lwtbook`` folder – a clone or an editable install, where ``data/`` is
   the one source of truth and nothing is copied.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

DESCRIPTOR = "datapackage.json"
DATA_ENV = "LWTBOOK_DATA"
_HERE = Path(__file__).resolve().parent
#: Where an installed wheel and a clone keep the data, in the order they are tried.
INSTALLED = _HERE / "_data"
CLONE = _HERE.parent / "data"


class DataNotFoundError(FileNotFoundError):
    """No ``datapackage.json`` where the package looked; the message says where that was."""


def data_dir() -> Path:
    """The folder that holds ``datapackage.json``: ``$LWTBOOK_DATA``, the wheel's copy or the
    clone's ``data/`` (see the module docstring); a clear error naming all three if none has it."""
    env = os.environ.get(DATA_ENV)
    if env:
        folder = Path(env)
        if (folder / DESCRIPTOR).is_file():
            return folder
        raise DataNotFoundError(
            f"{DATA_ENV}={env}: no {DESCRIPTOR} there; point {DATA_ENV} at the folder with it")
    for folder in (INSTALLED, CLONE):
        if (folder / DESCRIPTOR).is_file():
            return folder
    raise DataNotFoundError(
        f"no data package found: {DATA_ENV} is not set, and neither {INSTALLED} (installed wheel) "
        f"nor {CLONE} (clone) holds {DESCRIPTOR}; set {DATA_ENV}=<folder with {DESCRIPTOR}>")


@cache
def _read_descriptor(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def descriptor(folder: Path | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of *folder* (cached until the file changes)."""
    path = (folder or data_dir()) / DESCRIPTOR
    return _read_descriptor(str(path), path.stat().st_mtime)


def resources(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Resources of the package by name, in descriptor order."""
    return {res["name"]: res for res in descriptor(folder)["resources"]}


def table_resources(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Only the report's tables (resources under ``tables/``)."""
    return {
        name: res for name, res in resources(folder).items() if res.get("kind") == "report-table"
    }
