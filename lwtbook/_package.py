"""Where the data package lives and how its descriptor is read.

The project's `data/` folder sits next to the `lwtbook` package in the repository. A
researcher may point the package at another copy with the environment variable
``LWTBOOK_DATA`` (for example an unpacked download of the data package).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

DESCRIPTOR = "datapackage.json"


def data_dir() -> Path:
    """The folder that holds ``datapackage.json`` (``$LWTBOOK_DATA`` or the repo's ``data/``)."""
    env = os.environ.get("LWTBOOK_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


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
