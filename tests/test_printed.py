"""Tables as printed: the cells the report prints as "-", with a % sign or a footnote mark,
recorded in the data package, validated, and shown as printed."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import lwtbook
from lwtbook import find_problems
from lwtbook.data import dimensions
from lwtbook.tables import printed_frame, show_table

from .conftest import DATA

DESC = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = {r["name"]: r for r in DESC["resources"] if r.get("kind") == "report-table"}

#: Cells printed "-" per table, counted by reading each table's source lines.
DASH_COUNTS = {"t2_2": 9, "t2_3": 5, "t2_7": 1, "t2_13": 1, "t3_9": 1, "t3_12": 1, "t3_15": 1,
               "t5_1": 1}


# --- the data package ----------------------------------------------------------------------

@pytest.mark.data
@pytest.mark.parametrize("name", TABLES)
def test_every_table_declares_its_printed_marks(name):
    res = TABLES[name]
    for key in ("dashes", "percent_signs", "footnotes"):
        assert isinstance(res.get(key), list), f"{name} lacks '{key}'"
    assert len(res["dashes"]) == DASH_COUNTS.get(name, 0)


@pytest.mark.data
def test_tabel_2_2_dashes_are_the_printed_ones():
    # lines 606-610: grafische techniek "- ** - - - 1", transport & logistiek "0 *** - 1 0 1",
    # ISP metalektro "- - 0 0 1", ISP instalektro "- 0 - 0 1"
    dashes = {(c["afdeling"], c["groep"]) for c in TABLES["t2_2"]["dashes"]}
    groups = ["jaargroep 2002/2003", "jaargroep 2003/2004", "jaargroep 2004/2005",
              "totaal onderzoek"]
    assert dashes == ({("grafische techniek", g) for g in groups}
                      | {("transport & logistiek", "jaargroep 2003/2004")}
                      | {("ISP metalektro", g) for g in groups[:2]}
                      | {("ISP instalektro", g) for g in (groups[0], groups[2])})


@pytest.mark.data
@pytest.mark.parametrize("name", [n for n in TABLES if TABLES[n]["dashes"]])
def test_dashes_are_cells_holding_zero(name):
    df = lwtbook.load(name)
    dims = dimensions(TABLES[name])
    values = {tuple(r[d] for d in dims): r["value"] for r in df.to_dict("records")}
    for cell in TABLES[name]["dashes"]:
        assert values[tuple(cell[d] for d in dims)] == 0, cell


@pytest.mark.data
def test_footnotes_of_tabel_2_2_are_recorded_with_their_cells():
    notes = {f["mark"]: f for f in TABLES["t2_2"]["footnotes"]}
    assert notes["**"]["text"] == "absoluut 0"
    assert notes["**"]["cells"] == [{"afdeling": "grafische techniek",
                                     "groep": "jaargroep 2002/2003"}]
    assert notes["***"]["text"] == "afronding van 0,0 tot 0,4."
    assert notes["***"]["cells"] == [{"afdeling": "transport & logistiek",
                                      "groep": "jaargroep 2002/2003"}]
    assert notes["*"]["header"] == {"groep": "totaal basisberoepsgericht leerweg 2003/2004"}
    assert notes["*"]["source_lines"] == [626, 626]


@pytest.mark.data
def test_as_printed_stays_numeric_and_carries_the_marks():
    wide = lwtbook.as_printed("t2_2")
    assert wide.loc["grafische techniek", "jaargroep 2002/2003"] == 0  # printed "-"
    assert wide.loc["transport & logistiek", "jaargroep 2002/2003"] == 0  # printed "0"
    assert {"afdeling": "grafische techniek", "groep": "jaargroep 2002/2003"} in \
        wide.attrs["dashes"]
    assert {"afdeling": "transport & logistiek", "groep": "jaargroep 2002/2003"} not in \
        wide.attrs["dashes"]
    b = lwtbook.as_printed("bijlage1")
    assert b.loc["Administratie", ("LWOO", "% LWT")] == 8  # printed "8%" (line 5089)
    assert b.attrs["percent_signs"] == [{"kolom": "% LWT"}]


# --- validation ----------------------------------------------------------------------------

def _edit(folder: Path, name: str, key: str, change) -> None:
    path = folder / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == name)
    change(res[key])
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.data
def test_a_number_where_the_report_prints_a_dash_is_reported_at_its_cell(data_copy):
    csv_file = data_copy / "tables" / "t5_1.csv"
    lines = csv_file.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("administratie,2004/2005,"))
    lines[row] = "administratie,2004/2005,1,209\n"
    csv_file.write_text("".join(lines), encoding="utf-8")
    problems = [p for p in find_problems(data_copy) if "prints '-'" in p.message]
    assert [(Path(p.file).name, p.row, p.column) for p in problems] == [("t5_1.csv", row + 1,
                                                                         "value")]
    assert "'1'" in problems[0].message


@pytest.mark.data
def test_a_dash_or_mark_that_names_no_cell_is_reported_in_the_descriptor(data_copy):
    _edit(data_copy, "t3_12", "dashes",
          lambda d: d.append({"doelstelling": "geen doelstelling", "belang": "belangrijk"}))
    _edit(data_copy, "t3_6", "dashes",  # printed "n.v.t.": no number, so no dash
          lambda d: d.append({"materiaal": "anders", "meting": "2002/2003"}))
    _edit(data_copy, "t3_15", "dashes", lambda d: d.append({"succes": "x"}))
    _edit(data_copy, "t2_7", "percent_signs", lambda s: s.append({"mbo_sector": "totaal %"}))
    _edit(data_copy, "t2_2", "footnotes",
          lambda f: f[2]["cells"].append({"afdeling": "informatica", "groep": "totaal onderzoek"}))
    problems = [p for p in find_problems(data_copy) if Path(p.file).name == "datapackage.json"]
    text = (data_copy / "datapackage.json").read_text(encoding="utf-8").splitlines()
    assert len(problems) == 5
    for p in problems:
        assert p.column in ("dashes", "percent_signs", "footnotes")
        assert text[p.row - 1].strip() == f'"{p.column}": ['
    messages = " | ".join(p.message for p in problems)
    assert "t3_12: dashes[1] (doelstelling=geen doelstelling, belang=belangrijk) is not a cell" \
        in messages
    assert "listed under 'missing'" in messages
    assert "must name every dimension (succes, mate)" in messages
    assert "selects no cell" in messages and "informatica" in messages


# --- display -------------------------------------------------------------------------------

def _soup(table_id: str) -> BeautifulSoup:
    return BeautifulSoup(show_table(table_id)._repr_html_(), "html.parser")


def _seen(tag) -> str:
    """The text a sighted reader sees (without the visually hidden spans)."""
    tag = copy.copy(tag)
    for span in tag.find_all(class_="visually-hidden"):
        span.decompose()
    return tag.get_text()


def _row(soup: BeautifulSoup, label: str) -> list[str]:
    tr = next(tr for tr in soup.tbody.find_all("tr") if tr.th.get_text() == label)
    return [_seen(td) for td in tr.find_all("td")]


@pytest.mark.unit
def test_tabel_2_2_shows_dash_and_zero_as_printed_with_their_footnotes():
    soup = _soup("t2_2")
    assert _row(soup, "grafische techniek") == ["-**", "-", "-", "-", "1"]  # line 606
    assert _row(soup, "transport & logistiek") == ["0***", "-", "1", "0", "1"]  # line 607
    assert _row(soup, "ISP metalektro") == ["-", "-", "0", "0", "1"]  # line 608
    assert _row(soup, "mode en commercie") == ["3", "1", "0", "1", "1"]  # line 616
    note = soup.find(class_="lwt-table-note").get_text(" ")
    for line in ("** absoluut 0", "*** afronding van 0,0 tot 0,4.",
                 "* Bron: OCW-telgegevens 2003/2004", "ISP=intrasectorale programma’s"):
        assert line in note
    last = soup.thead.find_all("th")[-1]
    assert _seen(last).endswith("n=62.185*")


@pytest.mark.unit
def test_a_dash_is_heard_as_absolute_zero():
    soup = _soup("t2_2")
    tr = next(tr for tr in soup.tbody.find_all("tr") if tr.th.get_text() == "grafische techniek")
    first, second = tr.find_all("td")[:2]
    assert second.find(attrs={"aria-hidden": "true"}).get_text() == "-"
    assert second.find(class_="visually-hidden").get_text() == "absoluut nul"
    hidden = " ".join(s.get_text() for s in first.find_all(class_="visually-hidden"))
    assert "absoluut nul" in hidden and "voetnoot: absoluut 0" in hidden
    zero = next(tr for tr in soup.tbody.find_all("tr")
                if tr.th.get_text() == "transport & logistiek").td
    assert "afronding van 0,0 tot 0,4" in zero.get_text()


@pytest.mark.unit
@pytest.mark.parametrize(("table_id", "label", "cells"), [
    ("t2_3", "grafische techniek", ["-", "-"]),  # line 670
    ("t2_3", "transport & logistiek", ["0", "1"]),  # line 671
    ("t2_3", "informatica", ["-", "nvt"]),  # line 686
    ("t2_7", "vmbo groen", ["5", "15", "5", "75", "-", "100%", "3*"]),  # line 956
    ("t2_7", "totaal % mbo", ["33", "30", "21", "13", "3", "100%", "100"]),  # line 958
    ("t2_13", "2002/2003 – groen", ["-", "50", "50"]),  # line 1094
    ("t3_9", "afstemming over begeleiding leerlingen", ["42", "51", "7", "-"]),  # line 1622
    ("t3_12", "maatwerk aanbieden, passend bij leerstijl leerling", ["91", "9", "-"]),  # 1724
    ("t3_15", "meer maatwerk, passend bij leerstijl leerling", ["-", "14", "41", "45"]),  # 1816
    ("t5_1", "administratie", ["1", "-"]),  # line 2751
    ("t1_1", "totaal", ["1.285", "100%", "210", "100%"]),  # line 437
    ("bijlage1", "Haven & Vervoer",  # line 5098: blanks, counts and "0%"
     ["·", "4", "·", "0%", "·", "15", "·", "0%", "·", "19", "·", "19", "0%"]),
    ("bijlage1", "Total",  # line 5113
     ["156", "24.953", "2.641", "10%", "117", "32.098", "1.088", "3%", "273", "57.051",
      "3.729", "61.053", "6%"]),
])
def test_cells_are_shown_as_printed(table_id, label, cells):
    assert _row(_soup(table_id), label) == cells


@pytest.mark.unit
def test_tables_without_their_own_legend_explain_the_dash():
    for table_id in ("t2_3", "t2_7", "t5_1"):
        assert "Een streepje (-) staat voor absoluut nul" in _soup(table_id).get_text()
    assert "streepje" not in _soup("t2_5").get_text()  # prints no "-"
    assert "een 0 voor een waarde die op nul is afgerond" in _soup("t2_3").get_text()


@pytest.mark.unit
def test_tabel_2_7_footnote_is_shown_in_our_own_words():
    note = _soup("t2_7").find(class_="lwt-table-note").get_text(" ")
    res = next(f for f in TABLES["t2_7"]["footnotes"] if f["mark"] == "*")
    assert res["verbatim"] is False and res["source_lines"] == [960, 962]
    assert "* " + res["text"] in note


def test_tabel_2_7_footnote_does_not_republish_the_report(report_source):
    """The report's sentence is not republished: few word trigrams shared with it."""
    res = next(f for f in TABLES["t2_7"]["footnotes"] if f["mark"] == "*")
    printed = " ".join(report_source.lines[959:962])
    ours, theirs = _trigrams(res["text"]), _trigrams(printed.replace("-\n", ""))
    assert len(ours & theirs) < 0.25 * len(ours)


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-zà-ÿ0-9]+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


@pytest.mark.unit
def test_bijlage_1_has_exactly_the_printed_columns_and_its_footer():
    # Header lines 5075-5087 and every data row: LWOO and VMBO have AO, BL, LWT, % LWT;
    # only the group Totaal has a Totaal column. There is no LWOO/VMBO "Totaal".
    expected = [("LWOO", k) for k in ("AO", "BL", "LWT", "% LWT")] \
        + [("VMBO", k) for k in ("AO", "BL", "LWT", "% LWT")] \
        + [("Totaal", k) for k in ("AO", "BL", "LWT", "Totaal", "% LWT")]
    assert list(lwtbook.as_printed("bijlage1").columns) == expected
    soup = _soup("bijlage1")
    heads = [th.get_text(" ", strip=True) for th in soup.thead.find_all("th")]
    assert heads == ["Afdeling"] + [f"{g} – {k}" for g, k in expected]
    note = soup.find(class_="lwt-table-note").get_text(" ")
    for line in ("Bron: ILT-VO 2004", "Peildatum: 1 oktober 2004",
                 "Aantal scholen met LWT-leerlingen: 204",
                 "LWOO = leerweg ondersteunend onderwijs"):
        assert line in note


@pytest.mark.unit
@pytest.mark.parametrize("table_id", TABLES)
def test_printed_frame_is_what_show_table_shows(table_id):
    soup = _soup(table_id)
    frame = printed_frame(table_id)
    shown = [[_seen(td) for td in tr.find_all("td")][: frame.shape[1]]
             for tr in soup.tbody.find_all("tr")]
    expected = [[text or "·" for text in row] for row in frame.values.tolist()]
    assert shown == expected


# --- against the report's text -------------------------------------------------------------

NUM = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
VALUE = re.compile(rf"(?P<num>{NUM}|-)(?P<pct>%?)(?P<mark>\**)$")
GLUED = re.compile(r"(?:\d{1,3}(?:\.\d{3})+){2}")
WORDS = {"nvt", "n.v.t.", "n.g."}


def _tail(tokens: list[str]) -> int:
    """Index of the first token of the line's run of printed values (after the label)."""
    i = len(tokens)
    while i and (VALUE.match(tokens[i - 1]) or re.fullmatch(r"\*+", tokens[i - 1])
                 or tokens[i - 1] in WORDS or GLUED.fullmatch(tokens[i - 1])):
        i -= 1
    return i


def _printed_values(tokens: list[str]) -> list[dict]:
    out: list[dict] = []
    for tok in tokens:
        if re.fullmatch(r"\*+", tok):
            out[-1]["mark"] += tok
        elif tok in WORDS:
            out.append({"num": tok, "value": None, "pct": False, "mark": ""})
        elif m := VALUE.match(tok):
            num = m["num"]
            value = 0.0 if num == "-" else float(num.replace(".", "").replace(",", "."))
            out.append({"num": num, "value": value, "pct": bool(m["pct"]), "mark": m["mark"]})
        else:  # two Dutch thousands numbers glued together, e.g. 32.0981.088 (line 5113)
            out += [{"num": p, "value": float(p.replace(".", "")), "pct": False, "mark": ""}
                    for p in re.findall(r"\d{1,3}(?:\.\d{3})+", tok)]
    return out


def _marks_in_source(name: str, lines: list[str]) -> tuple[set, set, set]:
    """(dashes, % cells, (cell, mark)) read from a table's source lines, each line matched to
    its CSV row by label and compared number by number, so a mark lands on the right cell."""
    res = TABLES[name]
    df = lwtbook.load(name)
    dims = dimensions(res)
    rows, cols = res["layout"]["rows"], res["layout"]["columns"]
    col_keys = list(dict.fromkeys(tuple(r[c] for c in cols) for r in df.to_dict("records")))
    by_label: dict[str, dict] = {}
    for r in df.to_dict("records"):
        label = " ".join(r[d] for d in rows).lower()
        by_label.setdefault(label, {})[tuple(r[c] for c in cols)] = (
            tuple(r[d] for d in dims), r["value"])
    for m in res["missing"]:
        label = " ".join(m["cells"][d] for d in rows).lower()
        by_label.setdefault(label, {})[tuple(m["cells"][c] for c in cols)] = (
            tuple(m["cells"][d] for d in dims), m["printed"])
    dashes, pct, marks = set(), set(), set()
    lo, hi = res["source_lines"]
    for number in range(lo, hi + 1):
        tokens = lines[number - 1].split()
        i = _tail(tokens)
        label = " ".join(tokens[:i]).lower()
        if not label or i == len(tokens):
            continue
        values = _printed_values(tokens[i:])
        marked = any(v["num"] == "-" or v["pct"] or v["mark"] or v["value"] is None
                     for v in values)
        cells = [by_label[label][k] for k in col_keys if k in by_label.get(label, {})]
        cells = [c for c in cells if c[1] != ""]  # an empty cell prints nothing
        if len(cells) != len(values):
            assert not marked, f"line {number} has marks but does not match its row in {name}"
            continue
        for (key, value), seen in zip(cells, values, strict=True):
            assert (seen["num"] == value) if isinstance(value, str) else \
                (seen["value"] == value), f"line {number}: {seen['num']} vs {value}"
            if seen["num"] == "-":
                dashes.add(key)
            if seen["pct"]:
                pct.add(key)
            if seen["mark"]:
                marks.add((key, seen["mark"]))
    return dashes, pct, marks


@pytest.mark.data
@pytest.mark.parametrize("name", TABLES)
def test_marks_agree_with_the_report_text(name, report_source):
    lines = report_source.lines
    dashes, pct, marks = _marks_in_source(name, lines)
    res = TABLES[name]
    dims = dimensions(res)
    assert {tuple(c[d] for d in dims) for c in res["dashes"]} == dashes
    df = lwtbook.load(name)
    selected = {tuple(r[d] for d in dims) for r in df.to_dict("records")
                if any(all(r[d] == v for d, v in s.items()) for s in res["percent_signs"])}
    assert selected == pct
    declared = {(tuple(c[d] for d in dims), f["mark"]) for f in res["footnotes"]
                for c in f.get("cells", [])}
    assert declared == marks
    for note in res["footnotes"]:
        if note["verbatim"]:
            lo, hi = note["source_lines"]
            printed = " ".join(line.strip() for line in lines[lo - 1:hi])
            assert f"{note['mark']} {note['text']}".strip() == printed
