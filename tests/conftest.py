"""Shared fixtures: the project's data folder and damaged copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCE = ROOT.parent / "shared" / "source"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of data/ that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
