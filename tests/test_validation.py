"""Validation: the project's data pass; damaged copies fail with file, row and column."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import lwtbook
from lwtbook.validate import find_problems

from .conftest import DATA, ROOT

pytestmark = pytest.mark.data


def problems_in(folder: Path) -> list[lwtbook.Problem]:
    return find_problems(folder)


def only(problems, file_part: str):
    hits = [p for p in problems if file_part in p.file]
    assert hits, f"no problem reported for {file_part}: {[str(p) for p in problems]}"
    return hits


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


# --- the real data ----------------------------------------------------------------------

def test_project_data_are_valid():
    assert problems_in(DATA) == []
    lwtbook.validate()  # does not raise


def test_cli_exits_0_on_clean_data_and_1_on_damage(data_copy):
    ok = subprocess.run([sys.executable, "-m", "lwtbook", "validate", str(DATA)],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    edit(data_copy / "tables" / "t2_6.csv", ",83,", ",8,3,")
    bad = subprocess.run([sys.executable, "-m", "lwtbook", "validate", str(data_copy)],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    lines = bad.stdout.strip().splitlines()
    assert lines and all(line.split(":")[0].endswith(".csv") or "datapackage" in line
                         for line in lines)
    assert "t2_6.csv:" in bad.stdout


def test_validate_raises_dataerror_with_every_problem(data_copy):
    edit(data_copy / "tables" / "t2_6.csv", ",83,", ",x,")
    edit(data_copy / "tables" / "t2_9.csv", ",59,", ",590,")
    with pytest.raises(lwtbook.DataError) as info:
        lwtbook.validate(data_copy)
    files = {Path(p.file).name for p in info.value.problems}
    assert {"t2_6.csv", "t2_9.csv"} <= files
    assert "t2_6.csv:" in str(info.value)


# --- the bad-input suite: each names file, row and column ------------------------------

def assert_located(problem, file_name: str, row: int | None, column: str | None):
    assert Path(problem.file).name == file_name, str(problem)
    assert problem.row == row, str(problem)
    assert problem.column == column, str(problem)
    text = str(problem)
    assert text.startswith(f"{problem.file}:{'-' if row is None else row}:{column or '-'}: ")


def test_missing_file(data_copy):
    (data_copy / "tables" / "t2_5.csv").unlink()
    (p,) = only(problems_in(data_copy), "datapackage.json")
    desc = data_copy / "datapackage.json"
    assert_located(p, "datapackage.json", line_of(desc, '"path": "tables/t2_5.csv"'), "path")
    assert "tables/t2_5.csv" in p.message and "does not exist" in p.message


def test_schema_names_a_file_that_is_not_there(data_copy):
    desc = data_copy / "datapackage.json"
    edit(desc, '"path": "tables/t4_2.csv"', '"path": "tables/t4_2_typo.csv"')
    (p,) = problems_in(data_copy)[:1]
    assert_located(p, "datapackage.json", line_of(desc, "t4_2_typo.csv"), "path")


def test_file_not_in_datapackage(data_copy):
    (data_copy / "tables" / "t9_9.csv").write_text("a,value,n\nx,1,\n", encoding="utf-8")
    (p,) = only(problems_in(data_copy), "t9_9.csv")
    assert_located(p, "t9_9.csv", 1, None)
    assert "not described in datapackage.json" in p.message


def test_missing_column(data_copy):
    path = data_copy / "tables" / "t2_9.csv"
    rows = [line.rsplit(",", 1)[0] for line in path.read_text().splitlines()]
    path.write_text("\n".join(rows) + "\n")
    (p,) = only(problems_in(data_copy), "t2_9.csv")
    assert_located(p, "t2_9.csv", 1, "n")
    assert "missing column 'n'" in p.message


def test_extra_column(data_copy):
    path = data_copy / "tables" / "t2_9.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",bron"] + [ln + ",x" for ln in lines[1:]]) + "\n")
    (p,) = only(problems_in(data_copy), "t2_9.csv")
    assert_located(p, "t2_9.csv", 1, "bron")
    assert "unexpected column" in p.message


def test_text_in_value(data_copy):
    path = data_copy / "tables" / "t2_6.csv"
    row = line_of(path, ",83,")
    edit(path, ",83,", ",drieentachtig,")
    (p,) = only(problems_in(data_copy), "t2_6.csv")
    assert_located(p, "t2_6.csv", row, "value")
    assert "not a number" in p.message


def test_dutch_decimal_comma(data_copy):
    path = data_copy / "tables" / "t2_1.csv"
    row = line_of(path, ",15.9,")
    edit(path, ",15.9,", ',"15,9",')
    (p,) = only(problems_in(data_copy), "t2_1.csv")
    assert_located(p, "t2_1.csv", row, "value")
    assert "decimal point" in p.message


def test_dutch_thousands_separator_in_n(data_copy):
    path = data_copy / "tables" / "t2_2.csv"
    row = line_of(path, ",1285")
    edit(path, ",1285", ",1.285")
    hits = only(problems_in(data_copy), "t2_2.csv")
    assert_located(hits[0], "t2_2.csv", row, "n")
    assert "not an integer" in hits[0].message


def test_percentage_above_100(data_copy):
    path = data_copy / "tables" / "t2_6.csv"
    row = line_of(path, ",83,")
    edit(path, ",83,", ",120,")
    hits = only(problems_in(data_copy), "t2_6.csv")
    assert_located(hits[0], "t2_6.csv", row, "value")
    assert "above the maximum 100" in hits[0].message


def test_negative_n(data_copy):
    path = data_copy / "tables" / "t3_3.csv"
    row = line_of(path, ",85")
    edit(path, ",85", ",-85")
    (p,) = only(problems_in(data_copy), "t3_3.csv")
    assert_located(p, "t3_3.csv", row, "n")
    assert "below the minimum 1" in p.message


def test_duplicate_row(data_copy):
    path = data_copy / "tables" / "t2_9.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    hits = only(problems_in(data_copy), "t2_9.csv")
    dup = [p for p in hits if "duplicate key" in p.message]
    assert dup and dup[0].row == len(lines) + 1
    pk = lwtbook.load("t2_9").columns[:-2]
    assert dup[0].column == ",".join(pk)


def test_unknown_category(data_copy):
    path = data_copy / "tables" / "t2_6.csv"
    row = line_of(path, "zorg&welzijn")
    edit(path, "zorg&welzijn", "zorg en welzijn")
    (p,) = only(problems_in(data_copy), "t2_6.csv")
    assert p.row == row and p.column is not None and "unknown category" in p.message


def test_empty_file(data_copy):
    (data_copy / "tables" / "t2_14.csv").write_text("")
    (p,) = only(problems_in(data_copy), "t2_14.csv")
    assert p.row == 1 and p.column is not None and "empty" in p.message


def test_short_row(data_copy):
    path = data_copy / "tables" / "t2_9.csv"
    lines = path.read_text().splitlines()
    lines[2] = lines[2].rsplit(",", 2)[0]
    path.write_text("\n".join(lines) + "\n")
    (p,) = only(problems_in(data_copy), "t2_9.csv")
    assert_located(p, "t2_9.csv", 3, "value")
    assert "cells" in p.message


def test_byte_order_mark(data_copy):
    path = data_copy / "tables" / "t2_9.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    (p,) = only(problems_in(data_copy), "t2_9.csv")
    assert p.row == 1 and p.column is not None and "byte-order mark" in p.message


def test_wrong_encoding(data_copy):
    path = data_copy / "tables" / "t2_6.csv"
    row = line_of(path, "zorg&welzijn")
    path.write_bytes(path.read_text().replace("zorg&welzijn", "zorg&welzijn é", 1)
                     .encode("latin-1"))
    (p,) = only(problems_in(data_copy), "t2_6.csv")
    assert p.row == row and p.column is not None and "UTF-8" in p.message


def test_blank_line(data_copy):
    path = data_copy / "tables" / "t2_9.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:2], "", *lines[2:]]) + "\n")
    (p,) = only(problems_in(data_copy), "t2_9.csv")
    assert p.row == 3 and "blank line" in p.message


def test_stray_spaces_in_a_label(data_copy):
    path = data_copy / "tables" / "t2_6.csv"
    row = line_of(path, "zorg&welzijn")
    edit(path, "zorg&welzijn", "zorg&welzijn ")
    hits = only(problems_in(data_copy), "t2_6.csv")
    assert hits[0].row == row and "spaces" in hits[0].message


def test_changed_number_in_a_repeated_table(data_copy):
    path = data_copy / "tables" / "t7_1.csv"
    row = line_of(path, ",3190,")
    edit(path, ",3190,", ",3109,")
    hits = only(problems_in(data_copy), "t7_1.csv")
    assert {(p.row, p.column) for p in hits} == {(row, "value")}
    assert any("t_summary" in p.message for p in hits)
    assert any("bijlage1_t1" in p.message for p in hits)


def test_invalid_json_descriptor(data_copy):
    desc = data_copy / "datapackage.json"
    lines = desc.read_text().splitlines()
    lines[5] = lines[5] + ",,"
    desc.write_text("\n".join(lines))
    (p,) = problems_in(data_copy)
    assert Path(p.file).name == "datapackage.json" and p.row == 6


def test_unknown_table_id_is_refused_with_suggestions():
    with pytest.raises(lwtbook.UnknownTableError, match="t3_19"):
        lwtbook.load("t3_91")


# --- the report's own arithmetic -------------------------------------------------------

def test_distribution_that_no_longer_adds_to_100(data_copy):
    path = data_copy / "tables" / "t2_9.csv"
    row = line_of(path, ",59,")
    edit(path, ",59,", ",69,")
    hits = only(problems_in(data_copy), "t2_9.csv")
    sums = [p for p in hits if "add up to" in p.message]
    assert sums and sums[0].row == row and sums[0].column == "value"


def test_documented_anomaly_is_accepted_and_must_keep_holding(data_copy):
    anomalies = (data_copy / "anomalies.csv").read_text().splitlines()
    assert len(anomalies) > 1
    # t3_13 'Inspectie' prints 64 + 29 + 4 = 97 (lines 1754-1765): declared, so accepted
    assert any(line.startswith("impossible,t3_13,") for line in anomalies)
    path = data_copy / "tables" / "t3_13.csv"
    text = path.read_text()
    assert "Inspectie,niet zo goed,4," in text
    path.write_text(text.replace("Inspectie,niet zo goed,4,", "Inspectie,niet zo goed,7,"))
    (p,) = problems_in(data_copy)
    assert Path(p.file).name == "anomalies.csv" and p.column == "check"
    assert "does not occur" in p.message


def test_anomaly_with_wrong_size_or_probability_is_refused(data_copy):
    path = data_copy / "anomalies.csv"
    lines = path.read_text().splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("impossible,t3_13,"))
    lines[i] = lines[i].replace(",-3,0,", ",-4,0,")
    j = next(k for k, line in enumerate(lines) if line.startswith("improbable,"))
    lines[j] = lines[j].replace(",0.0000496,", ",0.01,")
    path.write_text("\n".join(lines) + "\n")
    problems = problems_in(data_copy)
    assert {(Path(p.file).name, p.row, p.column) for p in problems} == {
        ("anomalies.csv", i + 1, "size"), ("anomalies.csv", j + 1, "probability")}


def test_an_undeclared_finding_is_a_problem_at_its_table(data_copy):
    """A distribution edited so that it adds up to 96: impossible, and not declared."""
    path = data_copy / "tables" / "t2_9.csv"
    row = line_of(path, "2002/2003,naar BBL,59")  # a failing sum is located at its first part
    edit(path, "2002/2003,naar BOL,41", "2002/2003,naar BOL,37")
    hits = only(problems_in(data_copy), "t2_9.csv")
    assert any(p.row is not None and "not declared in anomalies.csv" in p.message
               for p in hits), [str(p) for p in hits]
    assert any(p.row == row for p in hits)


def test_a_dash_must_be_stored_as_zero(data_copy):
    edit(data_copy / "tables" / "t2_7.csv", "vmbo groen,anders,0,", "vmbo groen,anders,1,")
    problems = problems_in(data_copy)
    assert any(Path(p.file).name == "t2_7.csv" and p.column == "value"
               and "the value must be 0" in p.message for p in problems), [str(p) for p in problems]


def test_every_documented_anomaly_holds_in_the_data():
    """Each row of anomalies.csv is a finding of the scan, of that size and probability."""
    from lwtbook.register import declared, reconcile, scan_folder

    rows = declared(DATA / "anomalies.csv")
    assert rows
    assert reconcile(scan_folder(DATA).findings, rows) == []


def test_resource_without_schema_fields(data_copy):
    desc = data_copy / "datapackage.json"
    package = json.loads(desc.read_text())
    target = next(r for r in package["resources"] if r["name"] == "t4_6")
    target["schema"] = {"primaryKey": ["factor"]}
    desc.write_text(json.dumps(package, ensure_ascii=False, indent=2))
    (p,) = problems_in(data_copy)
    lines = desc.read_text().splitlines()
    name = line_of(desc, '"name": "t4_6"')
    schema = next(i for i, line in enumerate(lines[name:], start=name + 1) if '"schema"' in line)
    assert_located(p, "datapackage.json", schema, "schema")
    assert "no schema fields" in p.message
