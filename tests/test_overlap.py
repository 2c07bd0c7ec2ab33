"""All prose under book/ is our own: no run of 10+ words shared with the report."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT, SOURCE

TOOL = SOURCE.parent / "tools" / "overlap-check"


def test_book_prose_shares_no_sentence_with_the_report():
    result = subprocess.run([sys.executable, str(TOOL), "book", "README.md"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 shared runs" in result.stdout
