"""The chapters' API (lwtbook.book): the precision of a percentage from n answers, and the
diverging chart it re-exports (the table loader has its own tests, test_book_load.py)."""

from __future__ import annotations

import math

import pytest

import lwtbook.book as bk
from lwtbook import plots
from lwtbook.settings import use

pytestmark = pytest.mark.data


def wilson_half_width(p: float, n: int, z: float) -> float:
    """Half the Wilson interval of a share p (0–1) among n, from the textbook formula."""
    return z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)


def test_margin_is_half_the_wilson_interval_at_the_settings_level():
    assert bk.margin(129) == pytest.approx(100 * wilson_half_width(0.5, 129, 1.959964),
                                           abs=1e-6)
    assert bk.margin(209, 30) == pytest.approx(100 * wilson_half_width(0.3, 209, 1.959964),
                                               abs=1e-6)
    with use(level=0.99):
        assert bk.margin(129) == pytest.approx(100 * wilson_half_width(0.5, 129, 2.575829),
                                               abs=1e-5)


def test_margin_shrinks_with_more_answers():
    assert bk.margin(17) > bk.margin(43) > bk.margin(129) > bk.margin(1000)


def test_margin_refuses_an_impossible_share():
    with pytest.raises(ValueError):
        bk.margin(129, 120)


def test_diverging_chart_is_the_plots_chart():
    df = bk.load("t4_9")
    chart = bk.diverging_chart(df, "uitspraak")
    assert isinstance(chart, plots.Chart)
    assert chart.kind == plots.diverging_chart(df, "uitspraak").kind


def test_values_key_printed_values_by_their_labels_in_printed_order():
    counts = bk.values("t1_1", "groep", jaargroep="totaal", maat="aantal")
    assert list(counts) == bk.categories("t1_1", "groep")
    assert counts["lwt-leerlingen"] == 1285  # Tabel 1.1 (report line 437): totaal 1285
    pairs = bk.values("t2_5", "uitspraak", "groep", uitspraak="ik heb genoeg…")
    assert pairs[("ik heb genoeg beroepsvaardigheden om te werken", "controlegroep")] == \
        bk.value("t2_5", uitspraak="ik heb genoeg…", groep="controlegroep")
    assert len(pairs) == len(bk.categories("t2_5", "groep"))


def test_values_refuse_a_selection_that_could_widen():
    with pytest.raises(LookupError, match="does not name jaargroep"):
        bk.values("t1_1", "groep", maat="aantal")
    with pytest.raises(LookupError, match="4 cells share 2 keys of groep"):
        bk.values("t1_1", "groep", jaargroep=["totaal", "2002/2003"], maat="aantal")
    with pytest.raises(LookupError, match="no dimension 'grp'"):
        bk.values("t1_1", "grp", jaargroep="totaal", maat="aantal")
    with pytest.raises(TypeError):
        bk.values("t1_1", jaargroep="totaal", maat="aantal")


def test_total_adds_the_shares_of_several_answers_and_names_every_dimension():
    serious = ["behoorlijk", "groot knelpunt"]
    parts = [bk.value("t3_14", knelpunt="collega-leraren waren sceptisch", mate=m)
             for m in serious]
    assert bk.total("t3_14", knelpunt="collega-leraren…", mate=serious) == sum(parts)
    with pytest.raises(LookupError, match="does not name mate"):
        bk.total("t3_14", knelpunt="collega-leraren…")


def test_wide_puts_rows_and_columns_in_printed_order():
    table = bk.wide("t4_3", "aspect", "oordeel")
    assert list(table.index) == bk.categories("t4_3", "aspect")
    assert list(table.columns) == bk.categories("t4_3", "oordeel")
    assert table.loc["motivatie", "goed"] == bk.value("t4_3", aspect="motivatie", oordeel="goed")
    two = bk.wide("t5_5", "oordeel", "door", meting="2004/2005")
    assert two.shape == (len(bk.categories("t5_5", "oordeel")), 2)
    with pytest.raises(LookupError, match="name meting too"):
        bk.wide("t5_5", "oordeel", "door")
