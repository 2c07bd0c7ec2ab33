"""The shared foundation of the package: Dutch formatting, settings, vocabulary and the one
cell selector (with a cache that sees edits to a copy of the data)."""

from __future__ import annotations

import math
import os

import pandas as pd
import pytest

import lwtbook
from lwtbook import cells, fmt, settings, vocab

pytestmark = pytest.mark.unit

SKILLS = "ik heb genoeg beroepsvaardigheden om te werken"


# --------------------------------------------------------------------------- fmt


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (1285, None, "1.285"), (15.9, None, "15,9"), (15.94, 1, "15,9"), (0.5, 0, "1"),
    (-16.44, 1, "\u221216,4"), (-0.04, 1, "0,0"), (1234567.891, 2, "1.234.567,89"),
    (None, None, ""), (float("nan"), 1, ""), (pd.NA, 1, ""),
])
def test_number_is_dutch(value, decimals, text):
    assert fmt.number(value, decimals) == text


def test_number_refuses_text():
    with pytest.raises(TypeError):
        fmt.number("12")


@pytest.mark.parametrize(("p", "text"), [
    (0.0123, "p = 0,012"), (0.00049, "p < 0,001"), (0.001, "p = 0,001"), (1.0, "p = 1,000"),
    (0.0605, "p = 0,061"), (None, ""),
])
def test_one_p_value_style(p, text):
    assert fmt.p_value(p) == text


def test_p_value_out_of_range_is_an_error():
    with pytest.raises(ValueError):
        fmt.p_number(1.2)


def test_difference_interval_percent_and_label():
    assert fmt.difference(19) == "+19,0"
    assert fmt.difference(-16.4) == "\u221216,4"
    assert fmt.difference(0.01) == "0,0"
    assert fmt.interval(-21.2, -9.2) == "\u221221,2 tot \u22129,2"
    assert fmt.interval(None, 3) == ""
    assert fmt.percent(15.94, 1) == "15,9%"
    assert fmt.ci_label(0.9) == "90%-BI"


# --------------------------------------------------------------------------- settings


def test_settings_default_and_override():
    assert settings.current() == settings.Settings()
    with settings.use(alpha=0.01) as s:
        assert settings.current().alpha == 0.01
        assert s.changed() == {"alpha": 0.01}
        assert s.label() == "alpha=0.01"
        with settings.use(level=0.99):
            assert settings.current().alpha == 0.01
            assert settings.current().level == 0.99
    assert settings.current().alpha == 0.05


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv(settings.ENV, "alpha=0.01; adjust=none")
    now = settings.current()
    assert (now.alpha, now.adjust) == (0.01, "none")


def test_settings_applied_for_a_session(monkeypatch):
    monkeypatch.setenv(settings.ENV, "level=0.99")
    try:
        assert settings.apply("alpha=0.01") == settings.current()
        assert (settings.current().alpha, settings.current().level) == (0.01, 0.99)
        with settings.use(alpha=0.1):
            assert settings.current().alpha == 0.1
        assert settings.current().alpha == 0.01
        assert settings.apply("").alpha == 0.05
    finally:
        settings.apply("")


@pytest.mark.parametrize(("text", "message"), [
    ("alfa=0.01", "unknown setting 'alfa'"), ("alpha", "not name=value"),
    ("alpha=veel", "is not a float"), ("alpha=2", "alpha must lie"),
    ("adjust=hochberg", "adjust must be"),
])
def test_bad_settings_are_named(text, message, monkeypatch):
    monkeypatch.setenv(settings.ENV, text)
    with pytest.raises(ValueError, match=message):
        settings.current()


# --------------------------------------------------------------------------- vocab


def test_vocabulary_lookup_names_the_missing_code():
    assert vocab.dutch("fisher", vocab.TEST_NAMES) == "exacte toets van Fisher"
    with pytest.raises(KeyError, match="no Dutch word for 'welch'"):
        vocab.dutch("welch", vocab.TEST_NAMES)


# --------------------------------------------------------------------------- cells


def test_cell_has_value_base_rounding_and_interval():
    c = cells.cell("t2_5", uitspraak=SKILLS, groep="totaal")
    df = lwtbook.load("t2_5")
    row = df[(df["uitspraak"] == SKILLS) & (df["groep"] == "totaal")].iloc[0]
    assert c.value == row["value"] and c.n == row["n"]
    assert (c.low, c.high) == (c.value - 0.5, c.value + 0.5)
    low, high = c.ci()
    assert low < c.value < high
    # Wilson at 95 % for x/n, by hand
    p, n, z = c.value / 100, c.n, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert low == pytest.approx(100 * (centre - half))
    assert high == pytest.approx(100 * (centre + half))


def test_half_width_reads_the_printed_digits():
    assert cells.half_width("56") == 0.5
    assert cells.half_width("15.7") == pytest.approx(0.05)
    assert cells.half_width("62000") == 0.5
    assert cells.half_width("62000", stated=True) == 500


def test_selection_errors_name_what_is_wrong():
    with pytest.raises(LookupError, match="did you mean 'totaal'"):
        cells.cell("t2_5", uitspraak=SKILLS, groep="totaa")
    with pytest.raises(LookupError, match="no dimension 'grp'"):
        cells.cell("t2_5", grp="x")
    with pytest.raises(LookupError, match="matches 5 cells, not 1"):
        cells.cell("t2_5", uitspraak=SKILLS)
    with pytest.raises(LookupError, match="does not name groep"):
        cells.select("t2_5", {"uitspraak": SKILLS}, every_dimension=True)


def test_a_label_may_be_named_by_its_unique_start_and_an_ellipsis():
    short = cells.cell("t2_5", uitspraak="ik heb genoeg beroeps…", groep="totaal")
    assert short == cells.cell("t2_5", uitspraak=SKILLS, groep="totaal")
    assert short.get("uitspraak") == SKILLS  # the cell keeps its full label
    assert cells.resolve("t2_5", {"uitspraak": "ik heb…", "groep": ["totaal", "controle…"]}) == {
        "uitspraak": [SKILLS], "groep": ["totaal", "controlegroep"]}
    both = cells.select("t2_5", {"uitspraak": "ik heb…", "groep": ["totaal", "controle…"]})
    assert [c.get("groep") for c in both] == ["totaal", "controlegroep"]


def test_a_prefix_of_several_labels_names_them_and_one_of_none_is_unknown():
    with pytest.raises(LookupError) as found:
        cells.cell("t2_5", uitspraak="ik…", groep="totaal")
    message = str(found.value)
    assert "'ik…' is the start of 2 labels of 'uitspraak'" in message
    assert SKILLS in message and "ik vind werken leuker dan naar school gaan" in message
    with pytest.raises(LookupError, match=r"'ik heb te…' is not a label of 'uitspraak'"):
        cells.cell("t2_5", uitspraak="ik heb te…", groep="totaal")
    with pytest.raises(LookupError, match="'totaal' is not a label of 'uitspraak'"):
        cells.select("t2_5", {"uitspraak": "totaal"})  # without "…" a label is exact


def test_select_several_labels_keeps_printed_order():
    groups = cells.categories("t2_5", "groep")
    picked = cells.select("t2_5", {"uitspraak": SKILLS, "groep": groups[::-1]})
    assert [c.get("groep") for c in picked] == groups


def test_cells_see_an_edited_copy_of_the_data(data_copy, monkeypatch):
    monkeypatch.setenv("LWTBOOK_DATA", str(data_copy))
    before = cells.cell("t2_5", uitspraak=SKILLS, groep="totaal")
    path = data_copy / "tables" / "t2_5.csv"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines()[before.line - 1]
    edited = line.replace(f",{before.text},", ",12,")
    assert edited != line
    path.write_text(text.replace(line, edited), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    after = cells.cell("t2_5", uitspraak=SKILLS, groep="totaal")
    assert after.value == 12
    assert lwtbook.load("t2_5").loc[before.line - 2, "value"] == 12
