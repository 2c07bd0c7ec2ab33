"""Reader pages are a publication (built site, `make book` first).

* no code artefacts: no stream output, no bare quoted string as a cell's output;
* Dutch on Dutch pages: no English labels and no English-format numbers outside ``lang="en"``;
* no apparatus in the report's chapters (summary, 1–7, Bijlage I): no claim or test ids, file
  names, module names or commands in the text – those belong on the methods pages.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from bs4 import BeautifulSoup

from .test_book_html import PAGES, REPORT_PAGES, SITE

pytestmark = pytest.mark.site

#: Words of the English apparatus that a Dutch page must not show.
ENGLISH = [
    "two-proportion", "z-test", "Fisher's exact", "exact test", "chi-square", "matches",
    "contradicts", "prose-only", "derived-ok", "derived-off", "not recoverable", "(small)",
    "(medium)", "(large)", "negligible", "not supported", "supported", "inconclusive",
    "equivalent", "untestable", "confidence interval", "p-value", "Holm-adjusted",
]
#: English function words: a sentence in English on a Dutch page (not marked lang="en").
ENGLISH_WORDS = re.compile(r"\b(the|and|which|with|from|would|but|gives|against|of the)\b")
#: A number written the English way: a decimal point followed by other than three digits,
#: or scientific notation (Dutch writes 15,9 and 1.285).
ENGLISH_NUMBER = re.compile(r"(?<![\d.,/])\d+\.(?:\d{1,2}|\d{4,})(?![\d.,])|\d[eE]-?\d{2}\b")
#: What may precede a dotted number that is not a decimal: a table, figure or section number.
NUMBERED = re.compile(r"(Tabel|Tabellen|Figuur|Grafiek|Overzicht|paragraaf|paragrafen|hoofdstuk|§|"
                      r"sectie|versie)\s*$", re.IGNORECASE)
#: Pages in an international format of their own (a bibliography: volumes, DOIs).
NOT_CHECKED_FOR_NUMBERS = ("book/bronnen",)


@cache
def dotted_labels() -> frozenset[str]:
    """Dotted numbers that are names, not decimals: the report's section numbers and codes
    inside the tables' labels (an afdeling code such as 24.5)."""
    import lwtbook
    from lwtbook.data import dimensions, resource

    names = set()
    for rec in lwtbook.catalog().to_dict("records"):
        names.add(str(rec["section"]))
        if rec["kind"] == "table":
            df = lwtbook.load(rec["id"])
            for dim in dimensions(resource(rec["id"])):
                for label in df[dim].unique():
                    names.update(re.findall(r"\d+\.\d+", str(label)))
    for part in list(names):
        while "." in part:  # 3.10.2 -> 3.10 -> 3
            part = part.rsplit(".", 1)[0]
            names.add(part)
    return frozenset(n for n in names if re.fullmatch(r"\d+\.\d+", n))
#: Apparatus that belongs on the methods pages, not in a chapter of the report.
APPARATUS = [
    (re.compile(r"\b[AB]\d{3}\b"), "claim id"),
    (re.compile(r"\bH\d{2,3}\b"), "test id"),
    (re.compile(r"\b[\w-]+\.(?:csv|py|json|md|ipynb)\b"), "file name"),
    (re.compile(r"\blwtbook\b"), "module name"),
    (re.compile(r"python -m|\bmake [a-z]"), "command"),
    (re.compile(r"\bdata/"), "folder"),
]


@cache
def soup(page: str) -> BeautifulSoup:
    path = SITE / f"{page}.html"
    assert path.is_file(), f"{path} missing: run `make book` before the tests"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main_text(page: str, *, dutch_only: bool = False) -> str:
    """The visible text of the page's article (scripts, styles and code left out)."""
    article = soup(page).find("article") or soup(page)
    article = BeautifulSoup(str(article), "html.parser")
    for tag in article.find_all(["script", "style", "pre", "code", "h1", "h2", "h3", "h4"]):
        tag.decompose()
    if dutch_only:
        for tag in article.find_all(attrs={"lang": re.compile(r"^en")}):
            tag.decompose()
    # soft hyphens (Dutch hyphenation points in headings and header cells) are not letters
    return " ".join(article.get_text(" ").replace("\xad", "").split())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[-1])
def test_no_code_output_on_the_page(page):
    bad = []
    for out in soup(page).select("div.cell_output div.output"):
        classes = out.get("class", [])
        text = out.get_text(" ", strip=True)
        if "stream" in classes:
            bad.append(f"stream output: {text[:80]!r}")
        elif "text_plain" in classes and re.fullmatch(r"""(['"]).*\1""", text, re.S):
            bad.append(f"bare string: {text[:80]!r}")
        elif "text_plain" in classes:
            bad.append(f"plain-text output: {text[:80]!r}")
    assert not bad, f"{page}: {bad}"


@pytest.mark.parametrize("page", [p for p in PAGES if not p.endswith("summary_en")],
                         ids=lambda p: p.split("/")[-1])
def test_dutch_pages_have_no_english_labels(page):
    text = main_text(page, dutch_only=True)
    found = sorted({w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])",
                                                    text)})
    assert not found, f"{page} shows English apparatus: {found}"
    if page not in NOT_CHECKED_FOR_NUMBERS:  # a bibliography cites English titles
        words = [text[max(0, m.start() - 40):m.end() + 40] for m in ENGLISH_WORDS.finditer(text)]
        assert not words, f"{page} has English text outside lang='en': {words[:5]}"


def section_number(text: str, match: re.Match) -> bool:
    """A number such as 7.2 that names a section of the report (not followed by a unit)."""
    after = text[match.end():match.end() + 9].lstrip()
    return bool(re.fullmatch(r"[1-7]\.\d{1,2}", match.group(0))) and not re.match(
        r"(%|procent|pp\b|punt)", after)


@pytest.mark.parametrize("page", [p for p in PAGES if not p.endswith("summary_en")
                                  and p not in NOT_CHECKED_FOR_NUMBERS],
                         ids=lambda p: p.split("/")[-1])
def test_dutch_pages_have_dutch_numbers(page):
    text = main_text(page, dutch_only=True)
    bad = [text[max(0, m.start() - 30):m.end() + 10] for m in ENGLISH_NUMBER.finditer(text)
           if not NUMBERED.search(text[max(0, m.start() - 14):m.start()])
           and m.group(0) not in dotted_labels() and not section_number(text, m)]
    assert not bad, f"{page} writes numbers the English way: {bad[:8]}"


@pytest.mark.parametrize("page", REPORT_PAGES, ids=lambda p: p.split("/")[-1])
def test_report_chapters_carry_no_apparatus(page):
    text = main_text(page)
    found = []
    for pattern, what in APPARATUS:
        found += [f"{what}: {m.group(0)!r}" for m in pattern.finditer(text)]
    assert not found, f"{page}: {sorted(set(found))[:12]}"
