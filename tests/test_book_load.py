"""The chapters' API for charts and links: a table as a frame (with Wilson intervals), the
answer colours, a note under a tests table, a link to a claim on the audit page, and a
table's chart with alt text computed from its numbers."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import lwtbook
import lwtbook.book as bk
from lwtbook import plots
from lwtbook.describe import alt_text, finding
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


def test_load_and_value_take_a_long_label_by_its_unique_start():
    full = "door leerwerktrajecten geven we onze leerlingen een betere kans op een diploma"
    assert bk.value("t3_19", uitspraak="door leerwerktrajecten geven…") == bk.value(
        "t3_19", uitspraak=full)
    rows = bk.load("t5_9", uitspraak="door leerwerktrajecten krijgen leer…", antwoord="eens")
    assert len(rows) == 1 and rows["uitspraak"].iloc[0].endswith("toekomstperspectief")
    with pytest.raises(LookupError, match="is the start of"):
        bk.load("t3_19", uitspraak="door leerwerktrajecten…")


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


# --------------------------------------------------------------------------- figures


def test_finding_names_the_highest_and_the_lowest_bar():
    df = pd.DataFrame({"stelling": ["a", "b", "c"], "value": [40.0, 90.0, 3.0]})
    assert finding(df, "stelling") == "Het hoogst: ‘b’ (90%); het laagst: ‘c’ (3%)."
    assert finding(df, "stelling", percent=False) == "Het hoogst: ‘b’ (90); het laagst: ‘c’ (3)."


def test_finding_gives_both_rounds_per_category_and_skips_what_was_not_asked():
    df = pd.DataFrame({"wijze": ["zelf", "zelf", "regio", "regio"],
                       "meting": ["2003", "2005", "2003", "2005"],
                       "value": [93.0, 97.0, float("nan"), 19.0]})
    assert finding(df, "wijze", "meting") == (
        "Telkens 2003 tegen 2005: ‘zelf’ 93% tegen 97%; ‘regio’ alleen 2005 (19%).")


def test_finding_on_a_scale_names_where_the_first_and_last_answer_peak():
    df = pd.DataFrame({"aspect": ["x"] * 3 + ["y"] * 3,
                       "oordeel": ["goed", "redelijk", "slecht"] * 2,
                       "value": [20.0, 50.0, 30.0, 60.0, 30.0, 10.0]})
    text = finding(df, "aspect", "oordeel")
    assert text == ("‘goed’ is het grootst bij ‘y’ (60%) en het kleinst bij ‘x’ (20%); "
                    "‘slecht’ is het grootst bij ‘x’ (30%) en het kleinst bij ‘y’ (10%).")


def test_finding_looks_past_answers_off_the_scale_and_quotes_labels_with_quotes():
    df = pd.DataFrame({"punt": ["‘warme’ overdracht"] * 3 + ["stage"] * 3,
                       "oordeel": ["goed", "slecht", "weet niet"] * 2,
                       "value": [20.0, 42.0, 38.0, 60.0, 23.0, 17.0]})
    text = finding(df, "punt", "oordeel")
    assert "weet niet" not in text
    assert "‘slecht’ is het grootst bij “‘warme’ overdracht” (42%)" in text


def test_alt_text_says_what_the_chart_is_and_refuses_an_unknown_kind():
    df = pd.DataFrame({"stelling": ["a", "b"], "value": [40.0, 90.0]})
    text = alt_text(df, "stelling", kind="bar", what="Figuur 9.9 – Twee stellingen",
                    intervals="95%-BI van elk percentage")
    assert text.startswith("Staafdiagram met foutmarges (95%-BI van elk percentage): "
                           "twee stellingen. Het hoogst: ‘b’ (90%)")
    assert "Figuur" not in text
    with pytest.raises(ValueError):
        alt_text(df, "stelling", kind="taart", what="x")
    with pytest.raises(ValueError):
        finding(df.iloc[0:0], "stelling")


def test_table_figure_draws_the_table_with_its_numbers_in_the_alt_text():
    fig = bk.table_figure("t3_4", "oordeel", "meting", ci=True, n_label="meting",
                          caption="Figuur 3.4 – Begeleiding van de leermeester",
                          anchor="figuur-proef")
    page = BeautifulSoup(fig._repr_html_(), "html.parser")
    alt = page.find("img")["alt"]
    # Tabel 3.4, lines 1458-1459: 27 -> 15 'kan verbeterd worden'
    assert "‘kan verbeterd worden’ 27% tegen 15%" in alt
    assert "met foutmarges" in alt and "(n=" not in alt
    assert page.find("figcaption").get_text() == "Figuur 3.4 – Begeleiding van de leermeester"
    stacked = bk.table_figure("t3_7", "aspect", "oordeel", kind="stacked",
                              caption="Figuur 3.7 – Praktijkboeken", anchor="figuur-proef-2")
    assert "‘kan verbeterd worden’ is het grootst bij ‘prijs van praktijkboeken’ (32%)" in \
        stacked.alt
    with pytest.raises(ValueError):
        bk.table_figure("t3_7", "aspect", "oordeel", kind="taart", caption="x", anchor="y")


def test_stated_formats_a_claims_number_in_its_unit():
    # Line 1337: "142 scholen ... (106 vmbo-scholen ...: respons 48%)"
    assert bk.stated("A268") == "142"
    assert bk.stated("A271") == "48%"
    assert bk.stated("A327") == "34"  # line 1600: gemiddeld met 34 bedrijven
    with pytest.raises(ValueError, match="no number"):
        bk.stated("V106")
