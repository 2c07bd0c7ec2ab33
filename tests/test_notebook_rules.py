"""Chapters are thin: narrative plus calls into lwtbook's public API.

Every notebook in book/ is read as source (no execution): no function or class definitions,
no private imports, no statistical test of its own, and a bounded amount of code. These rules
keep the logic in lwtbook, where it is written once and unit-tested, so two pages cannot
disagree about the same number.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.unit

BOOK = ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
MAX_LINES = 200
MAX_TOTAL = 1500

#: Statistical routines a chapter must not call: its statements come from the re-analysis.
TESTS = {
    "compare_proportions", "chi_square_distributions", "holm", "wilson_interval",
    "fisher_exact", "barnard_exact", "boschloo_exact", "chi2_contingency", "binomtest",
    "proportions_ztest", "proportion_confint", "confint_proportions_2indep", "multipletests",
    "chisquare", "ttest_ind", "permutation_test",
}
#: Packages whose statistics belong in lwtbook, not in a chapter.
STAT_PACKAGES = ("scipy", "statsmodels")


def code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def code_lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip() and
               not line.strip().startswith("#"))


def trees(path: Path) -> list[ast.Module]:
    return [ast.parse(src) for src in code_cells(path)]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 13


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_functions_or_classes(path):
    found = [f"{type(node).__name__} {getattr(node, 'name', '')} (line {node.lineno})"
             for tree in trees(path) for node in ast.walk(tree)
             if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef |
                           ast.Lambda)]
    assert not found, f"{path.name} defines code of its own: {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_public_imports(path):
    bad = []
    for tree in trees(path):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "lwtbook" and any(p.startswith("_") for p in parts[1:]):
                    bad.append(name)
                if parts[0] in STAT_PACKAGES:
                    bad.append(name)
    assert not bad, f"{path.name} imports private or statistical modules: {bad}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_statistical_tests_in_chapters(path):
    calls = []
    for tree in trees(path):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in TESTS:
                    calls.append(f"{name} (line {node.lineno})")
    assert not calls, f"{path.name} runs statistics of its own: {calls}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_stays_short(path):
    lines = sum(code_lines(src) for src in code_cells(path))
    assert lines <= MAX_LINES, f"{path.name}: {lines} code lines (at most {MAX_LINES})"


def test_code_in_all_notebooks_stays_short():
    total = sum(code_lines(src) for path in NOTEBOOKS for src in code_cells(path))
    assert total <= MAX_TOTAL, f"{total} code lines in all notebooks (at most {MAX_TOTAL})"
