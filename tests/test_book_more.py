"""The chapters' API (``lwtbook.book``) beyond cells and formatters: tables for charts with
their intervals, the register's findings, the smallest base of a row of shares and the lost
charts. Expected numbers are worked out by hand from the report's printed tables."""

from __future__ import annotations

import math
import re

import pytest

import lwtbook.book as bk

pytestmark = pytest.mark.unit


def test_load_keeps_the_rows_asked_for_in_printed_order():
    df = bk.load("t2_5", groep=["totaal", "controlegroep"])
    assert set(df["groep"]) == {"totaal", "controlegroep"}
    assert len(df) == 10  # five statements, two groups
    assert list(df.index) == list(range(10))
    assert df.attrs["table_number"] == "Tabel 2.5"


def test_load_refuses_an_unknown_label_with_close_matches():
    with pytest.raises(LookupError, match="controlegroep"):
        bk.load("t2_5", groep="controlegroup")


def test_load_with_ci_adds_the_wilson_interval_of_each_share():
    df = bk.load("t2_9", ci=True, leerweg="naar BBL")
    row = df[df["groep"] == "controlegroep"].iloc[0]
    # Wilson by hand for 54 % of 133: centre and half-width of the score interval
    p, n, z = 0.54, 133, 1.959963984540054
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    assert row["lower"] == pytest.approx(100 * (centre - half), abs=1e-6)
    assert row["upper"] == pytest.approx(100 * (centre + half), abs=1e-6)
    assert (df["lower"] < df["value"]).all() and (df["value"] < df["upper"]).all()


def test_load_with_ci_leaves_shares_without_a_printed_n_empty():
    df = bk.load("t2_1", ci=True, maat="percentage mannen")
    assert df["lower"].isna().all() and df["upper"].isna().all()


def test_inconsistencies_give_the_weighted_total_of_tabel_2_1():
    found = {f.check: f for f in bk.inconsistencies("t2_1")}
    mean = found["weighted_mean-jaargroep-controlegroep"]
    # Tabel 1.1's control-group counts 39, 95, 69 and 7 weight 82, 46, 49 and 67 %
    assert mean.fact("weighted") == pytest.approx((82 * 39 + 46 * 95 + 49 * 69 + 67 * 7) / 210)
    assert mean.fact("printed") == 58
    grim = found["grim"]
    assert grim.fact("below") == (4, pytest.approx(400 / 7))
    assert grim.fact("above") == (5, pytest.approx(500 / 7))


def test_inconsistencies_include_findings_that_name_the_table_as_the_other_side():
    about_t2_2 = bk.inconsistencies("t2_2")
    assert any(f.table_id == "t2_7" and f.tier == "between-tables" for f in about_t2_2)
    assert all(f.table_id == "t2_2" or "t2_2" in f.tables for f in about_t2_2)


@pytest.mark.parametrize("shares, n", [([0, 50, 50], 2), ([33, 17, 50], 6), ([25, 38, 38], 8)])
def test_smallest_base_of_rows_of_tabel_2_13(shares, n):
    assert bk.smallest_base(shares) == n


def test_chart_gives_the_surviving_labels_in_printed_order():
    g = bk.chart("g2_4")
    assert g.number == "Grafiek 2.4"
    assert g.status == "not recoverable"
    items = g.texts()
    assert len(items) == 12
    assert items[0] == "ik moet te veel reizen om op mijn leerwerkplek te komen"
    assert items[-1] == "ik vind het fijn om te werken tijdens de opleiding"
    assert g.texts("legenda") == [f"lwt-jaargroep {y}" for y in
                                  ("2002/2003", "2003/2004", "2004/2005")]


def test_chart_without_labels_and_unknown_chart():
    assert bk.chart("g2_1").labels == ()
    assert bk.chart("g2_1").title.startswith("Grafiek 2.1 – Beleving doorstroom")
    with pytest.raises(LookupError, match="g2_4"):
        bk.chart("g2_9")


def test_claim_markup_links_to_the_claim_on_the_audit_page_in_words():
    md = bk.claim("A188").markup()._repr_markdown_()
    assert md == '<a href="controle.html#uitspraak-a188">zie Controle van de cijfers</a>'
    assert "A188" not in md.split(">", 1)[1]  # the reader sees words, not the id
    assert "&lt;b&gt;" in bk.claim("A188").markup("<b>")._repr_markdown_()


def test_tests_table_can_name_each_statement_without_its_id():
    plain = bk.tests_table(["H11", "H12"], caption="Toetsen", anchor="t-a")
    named = bk.tests_table(["H11", "H12"], caption="Toetsen", anchor="t-b", statements=True,
                           note="Een noot.")
    first = named.frame.iloc[:, 0].tolist()
    assert list(named.frame.columns)[1:] == list(plain.frame.columns)[1:]
    assert first == [f"{bk.test(t).claim}: {bk.test(t).comparison}" for t in ("H11", "H12")]
    assert not any("H11" in cell or "H12" in cell for cell in first)
    assert first[0] != first[1] and plain.frame.iloc[0, 0] == bk.test("H11").comparison
    assert "Een noot." in named.to_html()


def test_chart_labels_table_lists_the_surviving_statements_as_row_labels():
    html = bk.chart("g2_4").labels_table(caption="Uitspraken", anchor="g-x").to_html()
    rows = re.findall(r'<th scope="row">([^<]*)</th>', html)
    assert len(rows) == 12 and rows[0] == "ik moet te veel reizen om op mijn leerwerkplek te komen"
    assert '<caption id="g-x-cap">Uitspraken</caption>' in html and "<td" not in html
