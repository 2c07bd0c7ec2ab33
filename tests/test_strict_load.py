"""``load`` is as strict as ``validate``: the cases of issue 20 and what the fuzzer found.

Each case damages a copy of the data in one way that the earlier code mishandled (the comment
says how: a bare pandas exception, a crash inside validation, or a silently wrong number) and
checks that ``validate``, ``load``, ``as_printed``, ``catalog`` and ``cells.table`` now all
refuse it with a ``DataError`` located at the same file, row and column.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import lwtbook
from lwtbook.cells import table as cell_table

pytestmark = pytest.mark.data


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def set_cell(folder: Path, table: str, line: int, column: str, text: str) -> None:
    path = folder / "tables" / f"{table}.csv"
    lines = lines_of(path)
    cells = lines[line - 1].split(",")
    cells[lines[0].split(",").index(column)] = text
    lines[line - 1] = ",".join(cells)
    write_lines(path, lines)


def edit_resource(folder: Path, name: str, change: Callable[[dict], None]) -> None:
    path = folder / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    change(next(r for r in desc["resources"] if r["name"] == name))
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def t2_6(folder: Path) -> Path:
    return folder / "tables" / "t2_6.csv"


def drop_column(folder: Path) -> None:
    write_lines(t2_6(folder), [line.split(",", 1)[1] for line in lines_of(t2_6(folder))])


def cut_row(folder: Path) -> None:
    lines = lines_of(t2_6(folder))
    lines[2] = lines[2][: lines[2].rindex(",") - 1]  # "…,91," -> "…,9"
    write_lines(t2_6(folder), lines)


def extra_cell(folder: Path) -> None:
    lines = lines_of(t2_6(folder))
    lines[2] += ",x"
    write_lines(t2_6(folder), lines)


def blank_line(folder: Path) -> None:
    lines = lines_of(t2_6(folder))
    write_lines(t2_6(folder), [*lines[:3], "", *lines[3:]])


def huge_field(folder: Path) -> None:
    set_cell(folder, "t2_6", 3, "value", "9" * 200_000)


def bom_only(folder: Path) -> None:
    t2_6(folder).write_bytes(b"\xef\xbb\xbf")


def latin1(folder: Path) -> None:
    set_cell(folder, "t2_6", 3, "sector", "zorg&wélzijn")
    t2_6(folder).write_bytes(t2_6(folder).read_text(encoding="utf-8").encode("latin-1"))


def unbalanced_quote(folder: Path) -> None:
    lines = lines_of(t2_6(folder))
    lines[6] = '"' + lines[6]
    write_lines(t2_6(folder), lines)


def duplicate_header(folder: Path) -> None:
    lines = lines_of(t2_6(folder))
    lines[0] = "jaargroep,jaargroep,value,n"
    write_lines(t2_6(folder), lines)


def header_only(folder: Path) -> None:
    write_lines(t2_6(folder), lines_of(t2_6(folder))[:1])


def category_rows_deleted(folder: Path) -> None:
    write_lines(t2_6(folder), [line for line in lines_of(t2_6(folder)) if ",groen," not in line])


# name: (damage, file, row, column) – the row and column every reader must report
CASES: dict[str, tuple[Callable[[Path], None], str, int, str | None]] = {
    # issue 20: pandas' bare "could not convert string to float: 'abc'"
    "text in a value": (lambda f: set_cell(f, "t2_6", 3, "value", "abc"), "t2_6.csv", 3,
                        "value"),
    # pandas read an empty value as NaN, validation requires it
    "empty value": (lambda f: set_cell(f, "t2_6", 3, "value", ""), "t2_6.csv", 3, "value"),
    # Python's \d matched them and float() read "١٢" as 12; pandas refused with a ValueError
    "arabic-indic digits": (lambda f: set_cell(f, "t2_6", 3, "value", "١٢"), "t2_6.csv", 3,
                            "value"),
    # pandas read "1e2" as 100 and "7e16" into n, validation refuses exponents
    "exponent in n": (lambda f: set_cell(f, "t2_6", 3, "n", "7e16"), "t2_6.csv", 3, "n"),
    # float("9" * 400) is inf: validation let it pass where the table has no maximum
    "infinite number": (lambda f: set_cell(f, "t_summary", 2, "value", "9" * 400),
                        "t_summary.csv", 2, "value"),
    # pandas: OverflowError / TypeError building the Int64 column
    "n beyond 64 bits": (lambda f: set_cell(f, "t2_6", 3, "n", "9" * 25), "t2_6.csv", 3, "n"),
    # pandas filled the missing cell with NaN: 91 became 9 without a word
    "row cut short": (cut_row, "t2_6.csv", 3, "n"),
    # pandas' ParserError "Expected 4 fields in line 3, saw 5"
    "extra cell": (extra_cell, "t2_6.csv", 3, None),
    # pandas skipped it silently; validation reports it
    "blank line": (blank_line, "t2_6.csv", 4, None),
    # pandas' ParserError "EOF inside string"; here the row it starts in
    "unbalanced quote": (unbalanced_quote, "t2_6.csv", 7, None),
    # validation crashed with the csv module's "field larger than field limit"
    "huge field": (huge_field, "t2_6.csv", 3, None),
    # validation crashed with StopIteration, pandas with EmptyDataError
    "only a byte-order mark": (bom_only, "t2_6.csv", 1, "jaargroep"),
    # pandas' UnicodeDecodeError
    "latin-1 file": (latin1, "t2_6.csv", 3, "sector"),
    # validation crashed with KeyError on the missing dimension; pandas loaded the rest
    "dimension column missing": (drop_column, "t2_6.csv", 1, "jaargroep"),
    # both gave an empty table (a file cut after its header), without a word
    "only the header": (header_only, "t2_6.csv", 2, "jaargroep"),
    # both gave the table without the category: its numbers simply gone
    "every row of a category deleted": (category_rows_deleted, "t2_6.csv", 8, "sector"),
    # neither reported it: pandas renamed the second to "jaargroep.1"
    "duplicate header": (duplicate_header, "t2_6.csv", 1, "jaargroep"),
}


ISSUE_CASES = ("text in a value", "extra cell", "row cut short", "dimension column missing")


@pytest.mark.parametrize("case", list(CASES))
def test_damage_is_refused_at_the_same_place_by_every_reader(data_copy, case):
    damage, file, row, column = CASES[case]
    damage(data_copy)
    table = file.removesuffix(".csv")
    readers = {
        "validate": lambda: lwtbook.validate(data_copy),
        "load": lambda: lwtbook.load(table, folder=data_copy),
        "as_printed": lambda: lwtbook.as_printed(table, folder=data_copy),
        "cells.table": lambda: cell_table(table, folder=data_copy),
    }
    if case in ISSUE_CASES:  # catalog reads every table: the issue's cases are enough
        readers["catalog"] = lambda: lwtbook.catalog(folder=data_copy)
    for reader, call in readers.items():
        with pytest.raises(lwtbook.DataError) as info:
            call()
        where = [(Path(p.file).name, p.row, p.column) for p in info.value.problems]
        assert (file, row, column) in where, f"{reader}: {where}"


def descriptor_cases() -> dict[str, tuple[str, Callable[[dict], None], str]]:
    """name: (resource, change, the key the problem is reported at)."""
    def rule(res: dict) -> None:
        res["checks"][0]["rule"] = "summ"

    def layout(res: dict) -> None:
        res["layout"]["columns"] = ["sektor"]

    def minimum(res: dict) -> None:
        res["schema"]["fields"][2]["constraints"]["minimum"] = "0"

    def pattern(res: dict) -> None:
        res["schema"]["fields"][0]["constraints"]["pattern"] = "(["

    def primary_key(res: dict) -> None:
        del res["schema"]["primaryKey"]

    def missing_entry(res: dict) -> None:
        res["missing"] = [{"cells": {"jaargroep": "2002/2003"}, "printed": "n.v.t."}]

    def footnote_cell(res: dict) -> None:
        res["footnotes"][0]["cells"] = [{"vmbo_sector": "techniek", "mbo_sector": ["a", "b"]}]

    def dash(res: dict) -> None:
        res["dashes"][0]["mbo_sector"] = ["techniek"]

    def over(res: dict) -> None:
        next(c for c in res["checks"] if "weights" in c)["over"] = ["groep"]

    return {
        # validation: TypeError (unhashable list) matching the cell (found by the fuzzer)
        "footnote cell with a list for a label": ("t2_7", footnote_cell, "footnotes"),
        "dash with a list for a label": ("t2_7", dash, "dashes"),
        # the declaration check itself: TypeError looking up a list (found by the fuzzer)
        "weighted mean over a list": ("t2_1", over, "over"),
        # checks.run_check: KeyError / AttributeError inside validation
        "unknown check rule": ("t2_8", rule, "checks"),
        # as_printed: KeyError from pivot_table
        "layout names no dimension": ("t2_6", layout, "layout"),
        # validation: TypeError comparing a number with a text
        "minimum is a text": ("t2_6", minimum, "minimum"),
        # validation: re.error
        "pattern is no regular expression": ("t2_6", pattern, "pattern"),
        # duplicate rows would pass, and as_printed would keep the first silently
        "primary key deleted": ("t2_6", primary_key, "primaryKey"),
        # printed.marks: KeyError on the missing dimension
        "missing cell without every dimension": ("t2_6", missing_entry, "missing"),
    }


def test_a_layout_without_columns_lays_the_dimensions_out_as_rows(data_copy):
    """``columns`` is optional: a layout of rows only (as_printed raised KeyError; found by the
    fuzzer)."""
    edit_resource(data_copy, "t3_18", lambda res: res["layout"].pop("columns"))
    lwtbook.validate(data_copy)
    shown = lwtbook.as_printed("t3_18", folder=data_copy)
    assert list(shown.iloc[:, 0]) == list(lwtbook.load("t3_18")["value"])


@pytest.mark.parametrize("case", list(descriptor_cases()))
def test_a_declaration_readers_cannot_follow_is_refused_in_the_descriptor(data_copy, case):
    name, change, key = descriptor_cases()[case]
    edit_resource(data_copy, name, change)
    for call in (lambda: lwtbook.validate(data_copy),
                 lambda: lwtbook.load(name, folder=data_copy),
                 lambda: lwtbook.as_printed(name, folder=data_copy)):
        with pytest.raises(lwtbook.DataError) as info:
            call()
        where = [(Path(p.file).name, p.column) for p in info.value.problems]
        assert ("datapackage.json", key) in where, where
        assert all(p.row is not None for p in info.value.problems)


def test_a_descriptor_that_is_not_json_is_a_located_error_for_every_reader(data_copy):
    path = data_copy / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    for call in (lambda: lwtbook.validate(data_copy),
                 lambda: lwtbook.load("t2_6", folder=data_copy),
                 lambda: lwtbook.catalog(folder=data_copy)):
        with pytest.raises(lwtbook.DataError) as info:  # was json.JSONDecodeError
            call()
        (p,) = info.value.problems
        assert Path(p.file).name == "datapackage.json" and p.row is not None


def test_clean_data_load_exactly_as_before():
    """The strict reading gives the numbers pandas gives for the clean data, bit for bit."""
    import pandas as pd

    from lwtbook._package import data_dir, table_resources

    for table_id, res in table_resources().items():
        dims = lwtbook.data.dimensions(res)
        expected = pd.read_csv(data_dir() / res["path"], keep_default_na=False,
                               dtype={d: "string" for d in dims} | {"value": "float64",
                                                                    "n": "Int64"},
                               na_values={"value": [""], "n": [""]})
        pd.testing.assert_frame_equal(lwtbook.load(table_id), expected, check_exact=True)
