"""All prose under book/ is our own: no run of 10+ words shared with the report."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.source


def test_book_prose_shares_no_sentence_with_the_report(report_source):
    """Runs ``<source>/../tools/overlap-check`` (marked ``source``: it needs the report's text)."""
    result = subprocess.run([sys.executable, str(report_source.overlap_tool), "book", "README.md"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 shared runs" in result.stdout
