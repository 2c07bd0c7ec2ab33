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
