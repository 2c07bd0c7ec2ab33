"""The public API: load, as_printed, catalog, and the error for an unknown id."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import lwtbook
from lwtbook._package import table_resources

from .conftest import ROOT, ReportSource

pytestmark = pytest.mark.data

TABLE_IDS = list(table_resources())


def catalogued(source: ReportSource, pattern: str = r"t\w+|bijlage\w*") -> list[str]:
    """The ids in the report's table catalogue (TABLES.md) that match *pattern*, in order."""
    return re.findall(rf"^\| ({pattern}) \|", source.catalogue, flags=re.M)


def test_package_has_the_58_tables_and_6_charts():
    assert len(TABLE_IDS) == 58
    assert len(lwtbook.catalog().query('kind == "chart"')) == 6


def test_catalogue_has_the_58_tables_and_6_charts(report_source):
    assert len(catalogued(report_source)) == 58
    assert len(catalogued(report_source, r"g\w+")) == 6


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_every_catalogued_table_loads(table_id):
    df = lwtbook.load(table_id)
    assert len(df) > 0
    assert list(df.columns[-2:]) == ["value", "n"]
    assert df["value"].notna().all()
    assert df.attrs["id"] == table_id
    assert df.attrs["title"]
    assert len(df.attrs["source_lines"]) == 2


def test_package_holds_exactly_the_catalogued_tables(report_source):
    assert catalogued(report_source) == TABLE_IDS


def test_load_returns_tidy_typed_frame_with_metadata():
    df = lwtbook.load("t2_5")
    assert df["value"].dtype == "float64"
    assert str(df["n"].dtype) == "Int64"
    assert df.attrs["table_number"] == "Tabel 2.5"
    assert df.attrs["title"].startswith("Tabel 2.5 – Percentage mee eens")
    assert df.attrs["section"] == "2.2"
    assert df.attrs["source_lines"] == [804, 844]
    # one row per printed number: 5 statements x 5 groups
    assert len(df) == 25
    # the base printed under 'controlegroep' (line 809: n=210)
    assert set(df.loc[df.iloc[:, 1] == "controlegroep", "n"]) == {210}


def test_as_printed_keeps_printed_order_and_labels():
    wide = lwtbook.as_printed("t2_5")
    tidy = lwtbook.load("t2_5")
    dims = [c for c in tidy.columns if c not in ("value", "n")]
    assert list(wide.index) == list(dict.fromkeys(tidy[dims[0]]))
    assert list(wide.columns) == list(dict.fromkeys(tidy[dims[1]]))
    # a cell of the printed layout equals the tidy row it came from
    row = tidy.iloc[7]
    assert wide.loc[row[dims[0]], row[dims[1]]] == row["value"]
    assert wide.attrs["title"] == tidy.attrs["title"]


def test_as_printed_shows_missing_cells_as_nan():
    wide = lwtbook.as_printed("t3_6")
    assert pd.isna(wide.loc["anders", "2002/2003"])
    assert wide.loc["anders", "2004/2005"] == 14
    assert {"cells": {"materiaal": "anders", "meting": "2002/2003"},
            "printed": "n.v.t."} in wide.attrs["missing"]


def test_unknown_id_lists_close_matches():
    with pytest.raises(lwtbook.UnknownTableError) as info:
        lwtbook.load("t2_55")
    assert "t2_5" in info.value.close_matches
    assert "t2_5" in str(info.value)
    with pytest.raises(LookupError):
        lwtbook.as_printed("tabel 2.5")


def test_catalog_lists_tables_and_charts_in_reading_order(report_source):
    assert list(lwtbook.catalog()["id"]) == [i for i in catalogued(report_source, r"\w+")
                                             if i != "id"]


def test_catalog_marks_charts_not_recoverable_and_shows_bases_and_lines():
    cat = lwtbook.catalog()
    assert set(cat.loc[cat["kind"] == "chart", "status"]) == {"not recoverable"}
    assert set(cat.loc[cat["kind"] == "table", "status"]) == {"data"}
    t25 = cat.set_index("id").loc["t2_5"]
    assert t25["n"] == "172–954" and t25["lines"] == "804–844"


def test_data_path_can_be_overridden(monkeypatch, data_copy):
    (data_copy / "tables" / "t2_6.csv").write_text(
        (data_copy / "tables" / "t2_6.csv").read_text().replace(",83,", ",84,", 1))
    monkeypatch.setenv("LWTBOOK_DATA", str(data_copy))
    assert 84 in set(lwtbook.load("t2_6")["value"])
    monkeypatch.delenv("LWTBOOK_DATA")
    assert 84 not in set(lwtbook.load("t2_6")["value"])


def test_readme_three_line_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(import lwtbook\n.*?)```", readme, flags=re.S).group(1)
    assert len(block.strip().splitlines()) == 3
    namespace: dict = {}
    exec(block, namespace)


def test_catalog_bases_are_those_of_the_loaded_tables():
    """catalog() reads the n column its own quick way; it must agree with load()."""
    cat = lwtbook.catalog().query('kind == "table"').set_index("id")["n"]
    for table_id, shown in cat.items():
        n = lwtbook.load(table_id)["n"].dropna()
        expected = None if n.empty else (
            str(n.min()) if n.min() == n.max() else f"{n.min()}–{n.max()}")
        assert shown == expected or (shown is None and expected is None) or (
            pd.isna(shown) and expected is None), table_id
    assert cat.notna().sum() > 20  # 23 tables print their bases
