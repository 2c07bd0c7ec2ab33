"""Shared fixtures: the project's data folder and damaged copies of it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# The report's text extraction and table catalogue live in shared/ beside the clone (CI lays
# a copy there); LWTBOOK_SOURCE points elsewhere. They are not republished in this repository.
SOURCE = Path(os.environ.get("LWTBOOK_SOURCE", ROOT.parent / "shared" / "source"))
if not (SOURCE / "TABLES.md").is_file():
    raise RuntimeError(f"report source not found at {SOURCE}: set LWTBOOK_SOURCE")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of data/ that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
