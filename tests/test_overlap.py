"""All prose is our own: no run of 10+ words shared with the report and no near copy, in
book/, the README and – once built – the pages a reader sees (generated text included)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.source


def test_book_prose_shares_no_sentence_with_the_report(report_source):
    """Runs ``<source>/../tools/overlap-check`` (marked ``source``: it needs the report's text)
    over book/, README.md and the built pages."""
    built = ROOT / "_build" / "html" / "book"
    assert built.is_dir(), "build the site first (make book): its pages are checked too"
    result = subprocess.run([sys.executable, str(report_source.overlap_tool), "book", "README.md",
                             str(built)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.strip().startswith("0 "), result.stdout[-3000:]
