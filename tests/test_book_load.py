"""The chapters' API for charts and links: a table as a frame (with Wilson intervals), the
answer colours, a note under a tests table, a link to a claim on the audit page."""

from __future__ import annotations

import math

import pytest
from bs4 import BeautifulSoup

import lwtbook
import lwtbook.book as bk
from lwtbook import plots
from lwtbook.settings import use

pytestmark = pytest.mark.unit


def wilson(pct: float, n: int, z: float) -> tuple[float, float]:
    """The Wilson score interval written out (Wilson 1927), in percent."""
    p = pct / 100
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def test_load_keeps_the_rows_asked_for_and_the_metadata():
    df = bk.load("t3_4", meting="2004/2005")
    assert list(df["oordeel"]) == ["goed", "voldoende", "kan verbeterd worden"]
    assert list(df["value"]) == [29, 57, 15]  # Tabel 3.4, line 1459
    assert list(df.index) == [0, 1, 2]
    assert df.attrs["title"] == lwtbook.load("t3_4").attrs["title"]
    both = bk.load("t3_8", wijze=["school zoekt zelf", "leerbedrijven melden zichzelf"])
    assert len(both) == 4 and set(both["meting"]) == {"2002/2003", "2004/2005"}


def test_load_refuses_an_unknown_label_or_dimension():
    with pytest.raises(LookupError, match="did you mean"):
        bk.load("t3_6", materiaal="studieboek (landelijke uitgever)")
    with pytest.raises(LookupError, match="no dimension"):
        bk.load("t3_6", jaar="2004/2005")


def test_load_with_intervals_gives_the_wilson_interval_of_each_printed_share():
    df = bk.load("t3_3", ci=True)
    for rec in df.to_dict("records"):
        low, high = wilson(rec["value"], int(rec["n"]), 1.959964)
        assert rec["lower"] == pytest.approx(low, abs=1e-3)
        assert rec["upper"] == pytest.approx(high, abs=1e-3)
    with use(level=0.99):
        wide = bk.load("t3_3", ci=True)
    assert (wide["lower"] < df["lower"]).all() and (wide["upper"] > df["upper"]).all()


def test_load_with_intervals_leaves_them_empty_where_no_n_is_printed():
    df = bk.load("t3_6", ci=True)  # Tabel 3.6 prints no n (line 1503)
    assert df["lower"].isna().all() and df["upper"].isna().all()


def test_answer_colours_are_the_charts_colours():
    assert list(bk.ANSWER_COLOURS) == plots.ANSWER_COLOURS
    assert bk.ANSWER_COLOURS[0] != bk.ANSWER_COLOURS[-1]  # best and worst told apart
    assert "ANSWER_COLOURS" in bk.__all__


def test_tests_table_prints_the_note_under_the_table():
    note = "Aangenomen: alle scholen van elke peiling antwoordden."
    html = bk.tests_table(["H30", "H31"], caption="Proef", anchor="proef").to_html()
    assert note not in html
    html = bk.tests_table(["H30", "H31"], caption="Proef", anchor="proef", note=note).to_html()
    page = BeautifulSoup(html, "html.parser")
    assert note in page.find(class_="lwt-table-note").get_text()


def test_claim_markup_links_to_its_row_on_the_audit_page():
    claim = bk.claim("A306")
    page = BeautifulSoup(claim.markup()._repr_markdown_(), "html.parser")
    link = page.find("a")
    assert link["href"] == "controle.html#uitspraak-a306"
    assert link.get_text() == "zie Controle van de cijfers"
    assert "A306" not in page.get_text()
    escaped = claim.markup("zie <hier>")._repr_markdown_()
    assert "&lt;hier&gt;" in escaped
