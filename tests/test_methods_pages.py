"""The two methods pages ("Herberekening", "Data en methoden"): thin notebooks that show the
re-analysis rows, every row with its anchor, no code output, Dutch numbers; and the helpers
they call (lwtbook.methods, the policy table, the settings table)."""

from __future__ import annotations

import json
import re
from dataclasses import fields

import pytest

import lwtbook
from lwtbook import methods, reanalysis, settings, vocab

from .conftest import ROOT

pytestmark = pytest.mark.unit

PAGES = [ROOT / "book" / "herberekening.ipynb", ROOT / "book" / "data_methoden.ipynb"]


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _html(path) -> str:
    out = []
    for cell in _cells(path):
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            out.append("".join(html) if isinstance(html, list) else html)
    return "\n".join(out)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_page_is_a_thin_notebook(path):
    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class) ", source, flags=re.M), source
        assert "lwtbook._" not in source and "import lwtbook.stats" not in source
        assert not re.search(r"\b(compare_proportions|chi_square|holm|binomtest|fisher)\b",
                             source), source
        tags = set(cell["metadata"].get("tags", []))
        assert tags & {"remove-input", "hide-input", "remove-cell"}
        assert len(source.splitlines()) <= 30
        for output in cell.get("outputs", []):
            assert output["output_type"] in ("display_data", "execute_result"), output
            data = output.get("data", {})
            assert "text/html" in data or list(data) == [
                "application/papermill.record/text/plain"], list(data)


def test_every_test_has_exactly_one_anchored_row_on_herberekening():
    html = _html(PAGES[0])
    found = re.findall(r'<tr id="(toets-h\d+)"[\s>]', html)
    expected = [reanalysis.result(t).anchor for t in reanalysis.ids()]
    assert sorted(found) == sorted(expected) and len(set(found)) == len(found)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_page_numbers_are_dutch(path):
    text = re.sub(r"<[^>]+>", " ", _html(path))
    text = re.sub(r"data:image/png;base64,\S+", "", text)
    # section numbers (2.2, 1.4.1) look like decimals; English p-values, shares and intervals
    # do not hide: a leading zero, a number before "tot"/"%", or scientific notation
    assert not re.search(r"(?<![\w.])0\.\d", text), "English decimal point"
    assert not re.search(r"\d\.\d+(%| tot )", text), "English decimal point"
    assert not re.search(r"\de-\d", text) and " -" not in text.replace(" - ", "")


def test_catalog_table_in_dutch_with_dutch_numbers():
    table = methods.catalog_table(caption="c", anchor="a")
    frame = table.frame
    assert len(frame) == len(lwtbook.catalog())
    assert "234–62.185" in set(frame["n"])  # Tabel 2.2: not "234–62185"
    assert set(frame["Cijfers"]) <= set(vocab.CHART_STATUS.values())
    counts = methods.package_counts()
    assert counts["tables"] + counts["charts"] == len(frame)
    assert counts["numbers"] == sum(len(lwtbook.load(t)) for t in
                                    frame.loc[frame["Cijfers"] == "cijfers beschikbaar", "id"])


def test_anomalies_table_lists_every_documented_case():
    import csv

    with (ROOT / "data" / "anomalies.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    frame = methods.anomalies_table(caption="c", anchor="a").frame
    assert len(frame) == len(rows) == methods.package_counts()["anomalies"]
    assert list(frame["Cellen"]) == [r["cells"] for r in rows]


def test_settings_table_explains_every_setting():
    frame = reanalysis.settings_table(caption="c", anchor="a").frame
    assert list(frame["Instelling"]) == [f.name for f in fields(settings.Settings)]
    assert "0,05" in set(frame["Waarde"]) and "holm" in set(frame["Waarde"])


def test_policy_table_counts_match_runs_under_those_settings():
    frame = reanalysis.policy_table(caption="c", anchor="a").frame
    with settings.use(adjust="none"):
        unadjusted = reanalysis.counts()
    last = frame.iloc[-1]
    assert last["Correctie"] == "Geen correctie"
    assert int(last["gedragen"]) == unadjusted["shown"]
    first = frame.iloc[0]
    assert int(first["gedragen"]) == reanalysis.counts()["shown"]
    assert len({tuple(r) for r in frame.iloc[:, 1:].to_numpy()}) > 1  # the choice matters


def test_margin_band_is_cohens_small_effect():
    low, high = reanalysis.margin_band(50)
    assert (low, high) == pytest.approx((-9.93, 9.93), abs=0.01)
    low, high = reanalysis.margin_band(90)
    assert lwtbook.stats.cohens_h(90 + high, 90) == pytest.approx(settings.current().margin_h)
    assert lwtbook.stats.cohens_h(90, 90 + low) == pytest.approx(settings.current().margin_h)
