"""The words a researcher reads when the data are damaged: a handful of golden messages.

Each test damages a copy of the data the way a person editing it might, and compares the whole
message with the one written here – file, row, column and the sentence – so that a change of
wording is a deliberate change of this file. ``<data>`` stands for the copy's folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import lwtbook

from .conftest import ROOT

pytestmark = pytest.mark.data


def message(error: BaseException | str, folder: Path) -> str:
    return str(error).replace(str(folder), "<data>")


def refused(call, folder: Path) -> str:
    with pytest.raises(lwtbook.DataError) as info:
        call()
    return message(info.value, folder)


def replace_line(path: Path, number: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def line_in_resource(folder: Path, name: str, key: str) -> int:
    lines = (folder / "datapackage.json").read_text(encoding="utf-8").splitlines()
    start = lines.index(f'      "name": "{name}",')
    return next(i for i in range(start, len(lines)) if lines[i].startswith(f'      "{key}":')) + 1


def test_text_in_a_number_cell(data_copy):
    replace_line(data_copy / "tables" / "t2_6.csv", 2, "2002/2003,techniek,abc,")
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "1 problem(s) in the data package:\n"
        "<data>/tables/t2_6.csv:2:value: 'abc' is not a number")


def test_a_dutch_decimal_comma(data_copy):
    replace_line(data_copy / "tables" / "t2_6.csv", 2, '2002/2003,techniek,"83,5",')
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "1 problem(s) in the data package:\n"
        "<data>/tables/t2_6.csv:2:value: '83,5' is not a number – use a decimal point, not a "
        "Dutch decimal comma")


def test_an_unknown_category(data_copy):
    replace_line(data_copy / "tables" / "t2_6.csv", 3, "2002/2003,zorg en welzijn,91,")
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "1 problem(s) in the data package:\n"
        "<data>/tables/t2_6.csv:3:sector: unknown category 'zorg en welzijn'; allowed: "
        "'techniek', 'zorg&welzijn', 'economie', 'groen'")


def test_a_row_cut_short(data_copy):
    replace_line(data_copy / "tables" / "t2_6.csv", 3, "2002/2003,zorg&welzijn,91")
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "1 problem(s) in the data package:\n"
        "<data>/tables/t2_6.csv:3:n: row has 3 cells, the header has 4")


def test_rows_deleted(data_copy):
    path = data_copy / "tables" / "t2_6.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if ",groen," not in line) + "\n",
                    encoding="utf-8")
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "1 problem(s) in the data package:\n"
        "<data>/tables/t2_6.csv:8:sector: no row has sector='groen', and it is not listed "
        "under 'missing' in datapackage.json: was a row deleted?")


def test_a_byte_order_mark(data_copy):
    path = data_copy / "tables" / "t2_6.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "1 problem(s) in the data package:\n"
        "<data>/tables/t2_6.csv:1:jaargroep: file starts with a byte-order mark (BOM); save as "
        "UTF-8 without BOM")


def test_a_missing_table_file(data_copy, monkeypatch):
    monkeypatch.setenv("LWTBOOK_DATA", str(data_copy))
    (data_copy / "tables" / "t2_6.csv").unlink()
    line = line_in_resource(data_copy, "t2_6", "path")
    assert refused(lambda: lwtbook.load("t2_6"), data_copy) == (
        "1 problem(s) in the data package:\n"
        f"<data>/datapackage.json:{line}:path: table 't2_6': 'tables/t2_6.csv' does not exist "
        "(tried <data>/tables/t2_6.csv; LWTBOOK_DATA=<data>)")


def test_a_path_out_of_the_package(data_copy):
    desc_file = data_copy / "datapackage.json"
    desc = json.loads(desc_file.read_text(encoding="utf-8"))
    next(r for r in desc["resources"] if r["name"] == "t2_6")["path"] = "../../../etc/passwd"
    desc_file.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    line = line_in_resource(data_copy, "t2_6", "path")
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "1 problem(s) in the data package:\n"
        f"<data>/datapackage.json:{line}:path: table 't2_6': path '../../../etc/passwd' "
        "contains '..'; a resource path may not leave the data package")


def test_a_descriptor_that_is_not_json(data_copy):
    replace_line(data_copy / "datapackage.json", 2,
                 '  "$schema": "https://datapackage.org/profiles/2.0/datapackage.json"')
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "1 problem(s) in the data package:\n"
        "<data>/datapackage.json:3:-: datapackage.json is not valid JSON: Expecting ',' "
        "delimiter at line 3, column 3")


def test_every_problem_is_listed(data_copy):
    replace_line(data_copy / "tables" / "t2_6.csv", 2, "2002/2003,techniek,-83,")
    replace_line(data_copy / "tables" / "t2_6.csv", 3, "2002/2003,zorg&welzijn,91, 12")
    assert refused(lambda: lwtbook.load("t2_6", folder=data_copy), data_copy) == (
        "2 problem(s) in the data package:\n"
        "<data>/tables/t2_6.csv:2:value: -83 is below the minimum 0\n"
        "<data>/tables/t2_6.csv:3:n: ' 12' has leading or trailing spaces")


def test_an_unknown_table_id():
    with pytest.raises(lwtbook.UnknownTableError) as info:
        lwtbook.load("t2_55")
    assert str(info.value) == ("Unknown table id 't2_55'. Did you mean: t2_5, t5_5, t4_5, t3_5, "
                               "t2_9? See lwtbook.catalog().")


def test_no_data_package_where_lwtbook_data_points(tmp_path, monkeypatch):
    monkeypatch.setenv("LWTBOOK_DATA", str(tmp_path))
    with pytest.raises(lwtbook.DataError) as info:  # also a FileNotFoundError
        lwtbook.load("t2_6")
    assert isinstance(info.value, FileNotFoundError)
    assert message(info.value, tmp_path) == (
        "LWTBOOK_DATA=<data>: no datapackage.json there; point LWTBOOK_DATA at the folder with it")


def test_the_command_line_prints_the_problems_of_damaged_data(data_copy):
    replace_line(data_copy / "tables" / "t2_6.csv", 2, "2002/2003,techniek,abc,")
    env = {**os.environ, "LWTBOOK_DATA": str(data_copy)}
    run = subprocess.run([sys.executable, "-m", "lwtbook", "catalog"], capture_output=True,
                         text=True, cwd=ROOT, env=env)
    assert run.returncode == 1
    assert message(run.stdout, data_copy) == (
        "<data>/tables/t2_6.csv:2:value: 'abc' is not a number\n")
    assert run.stderr == "1 problem(s)\n"
