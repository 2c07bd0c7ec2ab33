"""One source of truth on the built site (`make book` first): every p-value and verdict shown
next to a test is that test's row of ``data/derived/reanalysis.csv``, and no page shows a
p-value that the re-analysis did not compute."""

from __future__ import annotations

import re
from functools import cache

import pytest
from bs4 import BeautifulSoup

from lwtbook import fmt, reanalysis
from lwtbook.reanalysis import present

from .test_book_html import PAGES, SITE

pytestmark = pytest.mark.site

#: A p-value as the book prints it: "p = 0,012", "p < 0,001", "p (Holm) = 0,3".
P_TEXT = re.compile(r"\bp(?:\s*\([^)]{1,40}\))?(?:\s+na\s+[\w-]+(?:\s+[\w-]+){0,4})?"
                    r"\s*(=|<)\s*(\d+,\d+)")


@cache
def soup(page: str) -> BeautifulSoup:
    path = SITE / f"{page}.html"
    assert path.is_file(), f"{path} missing: run `make book` before the tests"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def rows() -> dict[str, reanalysis.Result]:
    return {r.test_id: r for r in (reanalysis.result(t) for t in
                                   reanalysis.results()["test_id"])}


@cache
def computed_p_values() -> frozenset[str]:
    """Every p-value the re-analysis prints, in the book's format."""
    out = set()
    for r in rows().values():
        for p in (r.p_value, r.p_adjusted, r.p_bh, r.p_followup, r.p_against):
            if p is not None:
                out.add(fmt.p_number(p))
    return frozenset(out)


def test_the_rows_are_there():
    assert len(rows()) >= 70


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[-1])
def test_marked_phrases_are_their_rows(page):
    for span in soup(page).select("span.lwt-test[data-test]"):
        test_id = span["data-test"]
        assert test_id in rows(), f"{page}: unknown test {test_id}"
        assert span.get_text() == rows()[test_id].phrase(), f"{page}: {test_id}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[-1])
def test_test_tables_show_their_rows(page):
    for tr in soup(page).select("tr[data-test]"):
        r = rows()[tr["data-test"]]
        cells = [td.get_text() if not td.select(".visually-hidden") else
                 "".join(t for t in td.find_all(string=True)
                         if "visually-hidden" not in (t.parent.get("class") or []))
                 for td in tr.find_all("td")]
        assert cells[0] == present.difference_text(r), f"{page}: {r.test_id} difference"
        assert cells[1] == fmt.p_number(r.p_value), f"{page}: {r.test_id} p"
        if r.p_adjusted is not None:
            assert cells[2] == fmt.p_number(r.p_adjusted), f"{page}: {r.test_id} adjusted p"
        assert cells[3].rstrip("†") == r.verdict_nl, f"{page}: {r.test_id} verdict"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[-1])
def test_no_p_value_that_the_re_analysis_did_not_compute(page):
    article = BeautifulSoup(str(soup(page).find("article") or soup(page)), "html.parser")
    for tag in article.select("script, style, span.lwt-test, tr[data-test]"):
        tag.decompose()
    text = " ".join(article.get_text(" ").split())
    alpha = fmt.number(0.05, 2)
    stray = []
    for m in P_TEXT.finditer(text):
        sign, value = m.groups()
        shown = f"< {value}" if sign == "<" and value in ("0,001",) else value
        if shown in computed_p_values() or value == alpha:
            continue
        stray.append(text[max(0, m.start() - 60):m.end() + 10])
    assert not stray, f"{page} shows p-values the re-analysis did not compute: {stray[:5]}"
