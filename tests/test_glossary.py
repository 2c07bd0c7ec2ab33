"""The glossary (book/woordenlijst.md): alphabetical, every English term marked as English, and
every term a page points to is in it."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.unit

BOOK = ROOT / "book"
GLOSSARY = (BOOK / "woordenlijst.md").read_text(encoding="utf-8")
BODY = GLOSSARY.split("```{glossary}", 1)[1].split("```", 1)[0]


def entries() -> dict[str, str]:
    """Term -> its definition, in file order (a term starts a line, its text is indented)."""
    out: dict[str, str] = {}
    term = None
    for line in BODY.splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if not line.startswith(" "):
            term = line.strip()
            out[term] = ""
        elif term is not None:
            out[term] += " " + line.strip()
    return out


def term_uses() -> set[str]:
    """Every target of a {term} role in the book's pages."""
    texts = [p.read_text(encoding="utf-8") for p in BOOK.glob("*.md")]
    for path in BOOK.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        texts += ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    uses = set()
    for text in texts:
        for target in re.findall(r"\{term\}`([^`]+)`", text):
            named = re.search(r"<([^>]+)>$", target)
            uses.add((named.group(1) if named else target).strip())
    return uses


def test_the_glossary_has_entries():
    assert len(entries()) >= 20


def test_entries_are_in_alphabetical_order():
    terms = list(entries())
    assert terms == sorted(terms, key=str.casefold), "woordenlijst.md: keep the terms in order"


def test_every_entry_gives_its_english_term_marked_as_english():
    missing = [t for t, text in entries().items() if '<span lang="en">' not in text]
    assert not missing, f"entries without <span lang=\"en\">: {missing}"
    # no English left outside the marked spans (the old style was *English term.*)
    assert not re.search(r"(?<![\w*])\*[A-Z][^*]+\.\*", BODY)


def test_every_term_a_page_points_to_is_in_the_glossary():
    known = {t.casefold() for t in entries()}
    unknown = sorted(t for t in term_uses() if t.casefold() not in known)
    assert not unknown, f"{{term}} targets missing from woordenlijst.md: {unknown}"
