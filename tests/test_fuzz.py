"""Fuzzing: a damaged copy of the data package never crashes, hangs or misleads.

Hypothesis damages random cells, rows, encodings, headers and descriptor fields of a copy of
the data and checks, for every example, that

* ``find_problems``/``validate``, ``load``, ``as_printed``, ``catalog`` and ``cells.table``
  either succeed or raise :class:`lwtbook.DataError`, never another exception;
* every problem is located: it names a file and a row or a column;
* ``load`` succeeds exactly when the table's file and resource are sound: when ``validate``
  finds nothing, ``load`` works, and when ``load`` refuses, ``validate`` refuses too;
* the numbers ``load`` returns are the right ones: those of an independent reading of the
  damaged file (or, when only the descriptor was damaged, those of the undamaged table);
* no example takes seconds (Hypothesis' deadline, see ``tests/conftest.py``).

The copy is trimmed to a handful of tables that between them have every feature the loaders
handle (layouts with one and two column dimensions, a unit per category, dashes, percent
signs, footnotes, missing cells, each kind of check, repeated tables, a documented anomaly) so
that one example costs milliseconds. Profiles: ``tests/conftest.py`` (``ci`` by default).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import lwtbook
from lwtbook import DataError
from lwtbook.cells import table as cell_table

from .conftest import DATA

pytestmark = pytest.mark.fuzz

#: The tables of the trimmed copy, and the other resources kept with them.
TABLES = ("t_summary", "t7_1", "bijlage1_t1", "t1_1", "t2_1", "t2_7", "t3_13", "t3_18")
KEEP = (*TABLES, "charts", "anomalies")
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
#: What an expectation returns for a table that the damage took out of the package (its
#: resource renamed, or no longer a report table): ``load`` says the id is unknown.
GONE = pd.DataFrame()
INTEGER = re.compile(r"-?[0-9]+")


class Package:
    """The trimmed copy: its folder, every file's original bytes and the tables' frames."""

    def __init__(self, folder: Path, original: dict[str, bytes], frames: dict[str, pd.DataFrame],
                 paths: dict[str, str]):
        self.folder, self.original, self.frames, self.paths = folder, original, frames, paths
        self.clock = itertools.count(1)

    def __repr__(self) -> str:  # what a failing example prints
        return f"Package({self.folder})"

    def touch(self, path: Path) -> None:
        """Give *path* a modification time no earlier state had, so no cache can mistake a
        damaged file for the original (or the other way round)."""
        stamp = time.time_ns() + next(self.clock) * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))

    @contextmanager
    def damaged(self, rel: str, data: bytes) -> Iterator[Path]:
        """The package with file *rel* replaced by *data*, restored afterwards."""
        path = self.folder / rel
        path.write_bytes(data)
        self.touch(path)
        try:
            yield path
        finally:
            path.write_bytes(self.original[rel])
            self.touch(path)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    """A copy of the data with the tables of TABLES (and the anomalies that concern them)."""
    folder = tmp_path_factory.mktemp("fuzz") / "data"
    desc = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"] = [r for r in desc["resources"] if r["name"] in KEEP]
    for res in desc["resources"]:
        (folder / res["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA / res["path"], folder / res["path"])
    anomalies = folder / "anomalies.csv"
    with anomalies.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    with anomalies.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for r in rows:  # the findings that concern only the kept tables
            if {r["table_id"], *(t.strip() for t in r["tables"].split("|"))} <= set(TABLES):
                writer.writerow(r)
    (folder / "datapackage.json").write_text(
        json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert lwtbook.find_problems(folder) == [], "the trimmed copy must be valid to begin with"
    original = {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in folder.rglob("*") if p.is_file()}
    frames = {t: lwtbook.load(t, folder=folder) for t in TABLES}
    paths = {r["name"]: r["path"] for r in desc["resources"]}
    return Package(folder, original, frames, paths)


# --- what every example must satisfy ------------------------------------------------------

def assert_located(error: DataError) -> None:
    """Every problem names a file and a row or a column; the message lists them all."""
    assert error.problems, "a DataError without problems"
    for problem in error.problems:
        assert problem.file, problem
        assert problem.row is not None or problem.column is not None, f"not located: {problem}"
        assert str(problem) in str(error)


def attempt(call: Callable[[], Any]) -> tuple[Any, DataError | None]:
    """``(result, None)`` or ``(None, the DataError)``; any other exception fails the test."""
    try:
        return call(), None
    except DataError as error:
        assert_located(error)
        return None, error


def independent_reading(path: Path, names: list[str]) -> pd.DataFrame | None:
    """The table as a strict reader sees it, without lwtbook: None where it is not a clean
    UTF-8 CSV with the schema's header and decimal numbers."""
    try:
        text = path.read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error):
        return None
    if not rows or rows[0] != names or any(len(r) != len(names) for r in rows[1:]):
        return None
    body = [dict(zip(names, r, strict=True)) for r in rows[1:]]
    if any(not DECIMAL.fullmatch(r["value"]) or not math.isfinite(float(r["value"]))
           or (r["n"] and (not INTEGER.fullmatch(r["n"]) or abs(int(r["n"])) >= 2**63))
           for r in body):
        return None
    dims = [n for n in names if n not in ("value", "n")]
    return pd.DataFrame({
        **{d: pd.array([r[d] for r in body], dtype="string") for d in dims},
        "value": pd.array([float(r["value"]) for r in body], dtype="float64"),
        "n": pd.array([int(r["n"]) if r["n"] else None for r in body], dtype="Int64"),
    })


def same_numbers(got: pd.DataFrame, want: pd.DataFrame, table_id: str) -> None:
    assert list(got.columns) == list(want.columns), table_id
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True),
                                  check_exact=True, check_dtype=False, obj=table_id)


def check_package(package: Package, damage: str, *,
                  expect: Callable[[str], pd.DataFrame | None]) -> None:
    """Run every reader on the (damaged) package and check the rules of the module docstring.

    *damage*: what was done, for the report of a failing example. *expect(table_id)*: the
    frame ``load`` must return if it succeeds (None: it must refuse).
    """
    note(f"damage: {damage}")
    folder = package.folder
    _, refused = attempt(lambda: lwtbook.validate(folder))  # find_problems, raised if any
    problems = refused.problems if refused else []
    note(f"validate: {[str(p) for p in problems][:5]}")
    for table_id in TABLES:
        want = expect(table_id)
        if want is GONE:  # the damage took the table out of the package
            with pytest.raises((lwtbook.UnknownTableError, DataError)):
                lwtbook.load(table_id, folder=folder)
            continue
        frame, error = attempt(lambda t=table_id: lwtbook.load(t, folder=folder))
        note(f"load({table_id}): {error or 'ok'}")
        if not problems:
            assert error is None, f"validate passes but load({table_id}) refuses: {error}"
        if frame is not None:
            assert want is not None, f"load({table_id}) accepted data it must refuse"
            same_numbers(frame, want, table_id)
            attempt(lambda t=table_id: lwtbook.as_printed(t, folder=folder))
            cells, _ = attempt(lambda t=table_id: cell_table(t, folder=folder))
            if cells is not None:
                assert [c.value for c in cells] == list(frame["value"]), table_id
        else:
            assert problems, f"load({table_id}) refuses but validate passes"
    _, error = attempt(lambda: lwtbook.catalog(folder=folder))
    assert problems or error is None, f"validate passes but catalog refuses: {error}"


def file_expectation(package: Package, damaged: str) -> Callable[[str], pd.DataFrame | None]:
    """After damaging the file *damaged*: the independent reading of a damaged table; the
    others as they were."""
    def expect(table_id: str) -> pd.DataFrame | None:
        if package.paths[table_id] != damaged:
            return package.frames[table_id]
        names = list(package.frames[table_id].columns)
        return independent_reading(package.folder / damaged, names)
    return expect


# --- strategies -----------------------------------------------------------------------------

#: Cell texts a person (or a spreadsheet) might leave in a CSV.
AWKWARD = ["", " ", "abc", "70,5", "1.285", "1,285", "1e3", "1E400", "nan", "NaN", "inf",
           "-inf", "+5", "-0", "007", "5.", ".5", "١٢", "٣٤.٥", "１２", "12 ", " 12", "\t12",
           "1_000", "0x10", "½", "−5", "5%", "3*", "-", "n.v.t.", "\u00a012", "9" * 400,
           "1" * 25, "-1", "101", "100.0000001", '"', "a,b", "x\ny", "\r", "0.0", "00", "NULL",
           "None", "TRUE", "Totaal", "totaal", "TOTAAL", "lwt", " lwt", "lwt "]
cell_texts = st.one_of(
    st.sampled_from(AWKWARD),
    st.integers(-1000, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(-200, 200, places=2, allow_nan=False).map(str),
    st.text(max_size=8),
)


def table_files(package: Package) -> st.SearchStrategy[str]:
    """The CSV files of the trimmed copy: the tables, the chart catalogue and the anomalies."""
    return st.sampled_from([package.paths[t] for t in KEEP])


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


# --- the damage ------------------------------------------------------------------------------

@given(data=st.data())
def test_damaged_cell(package: Package, data: st.DataObject) -> None:
    """One cell replaced by an awkward text, written as proper CSV."""
    rel = data.draw(table_files(package), label="file")
    rows = csv_rows(package.original[rel])
    row = data.draw(st.integers(1, len(rows) - 1), label="row")
    col = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    text = data.draw(cell_texts, label="text")
    rows[row][col] = text
    with package.damaged(rel, csv_bytes(rows)):
        check_package(package, f"cell {rows[0][col]}={text!r}",
                      expect=file_expectation(package, rel))


ROW_DAMAGE = ("delete", "duplicate", "swap", "blank", "garbage", "truncate", "extra cell",
              "semicolons", "join", "unbalanced quote")


@given(data=st.data())
def test_damaged_rows(package: Package, data: st.DataObject) -> None:
    """Rows deleted, duplicated, swapped, cut short, joined or replaced by garbage."""
    rel = data.draw(table_files(package), label="file")
    lines = package.original[rel].decode("utf-8").split("\n")[:-1]
    i = data.draw(st.integers(1, len(lines) - 1), label="line")
    j = data.draw(st.integers(1, len(lines) - 1), label="other line")
    how = data.draw(st.sampled_from(ROW_DAMAGE), label="damage")
    if how == "delete":
        del lines[i]
    elif how == "duplicate":
        lines.insert(j, lines[i])
    elif how == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "blank":
        lines.insert(i, data.draw(st.sampled_from(["", " ", ",,,", "\t"])))
    elif how == "garbage":
        lines.insert(i, data.draw(st.text(max_size=30).filter(lambda s: "\n" not in s)))
    elif how == "truncate":
        lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
    elif how == "extra cell":
        lines[i] += "," + data.draw(cell_texts.filter(lambda s: "\n" not in s))
    elif how == "semicolons":
        lines[i] = lines[i].replace(",", ";")
    elif how == "join":
        lines[i : i + 2] = [",".join(lines[i : i + 2])]
    else:
        lines[i] = '"' + lines[i]
    with package.damaged(rel, ("\n".join(lines) + "\n").encode("utf-8")):
        check_package(package, f"row {how}", expect=file_expectation(package, rel))


ENCODING_DAMAGE = ("latin-1", "cp1252", "utf-16", "utf-8-sig", "crlf", "cr", "no final newline",
                   "random bytes", "nul byte", "truncated", "empty", "huge field")


@given(data=st.data())
def test_damaged_encoding(package: Package, data: st.DataObject) -> None:
    """The file re-encoded, with other line ends, stray bytes or cut short."""
    rel = data.draw(table_files(package), label="file")
    raw = package.original[rel]
    text = raw.decode("utf-8")
    how = data.draw(st.sampled_from(ENCODING_DAMAGE), label="damage")
    at = data.draw(st.integers(0, len(raw)), label="offset")
    if how in ("latin-1", "cp1252", "utf-16", "utf-8-sig"):
        new = text.encode(how, errors="replace")
    elif how == "crlf":
        new = text.replace("\n", "\r\n").encode("utf-8")
    elif how == "cr":
        new = text.replace("\n", "\r").encode("utf-8")
    elif how == "no final newline":
        new = raw.rstrip(b"\n")
    elif how == "random bytes":
        new = raw[:at] + data.draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    elif how == "nul byte":
        new = raw[:at] + b"\x00" + raw[at:]
    elif how == "truncated":
        new = raw[:at]
    elif how == "empty":
        new = data.draw(st.sampled_from([b"", b"\n", b" \n\n", b"\xef\xbb\xbf"]))
    else:
        new = raw[:at] + b"9" * 200_000 + raw[at:]
    with package.damaged(rel, new):
        check_package(package, f"encoding {how}", expect=file_expectation(package, rel))


@given(data=st.data())
def test_damaged_header(package: Package, data: st.DataObject) -> None:
    """Header names renamed, dropped, duplicated, reordered or changed in case."""
    rel = data.draw(table_files(package), label="file")
    rows = csv_rows(package.original[rel])
    header = rows[0]
    i = data.draw(st.integers(0, len(header) - 1), label="column")
    j = data.draw(st.integers(0, len(header) - 1), label="other column")
    how = data.draw(st.sampled_from(["rename", "drop", "duplicate", "swap", "upper", "spaces",
                                     "blank", "drop everywhere"]), label="damage")
    if how == "rename":
        header[i] = data.draw(st.text(max_size=10))
    elif how == "drop":
        del header[i]
    elif how == "duplicate":
        header[j] = header[i]
    elif how == "swap":
        header[i], header[j] = header[j], header[i]
    elif how == "upper":
        header[i] = header[i].upper()
    elif how == "spaces":
        header[i] = f" {header[i]} "
    elif how == "blank":
        header[i] = ""
    else:
        for row in rows:
            del row[i]
    with package.damaged(rel, csv_bytes(rows)):
        check_package(package, f"header {how}", expect=file_expectation(package, rel))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False)
    | st.text(max_size=8) | st.sampled_from(["value", "n", "number", "integer", "string",
                                             "groep", "maat", "sum", "%", "tables/t2_7.csv"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=6)


def paths_in(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path inside a JSON value (dict keys and list indexes), depth first."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += paths_in(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:4]):
            out += paths_in(item, (*prefix, index))
    return out


@given(data=st.data())
def test_damaged_descriptor_field(package: Package, data: st.DataObject) -> None:
    """One field of ``datapackage.json`` (anywhere in a resource, or at the top) deleted or
    replaced by another JSON value."""
    desc = json.loads(package.original["datapackage.json"])
    where = data.draw(st.sampled_from(["resource", "resource", "resource", "top"]))
    if where == "top":
        target: Any = desc
    else:
        target = data.draw(st.sampled_from(desc["resources"]), label="resource")
    path = data.draw(st.sampled_from(paths_in(target)), label="field")
    parent = target
    for key in path[:-1]:
        parent = parent[key]
    delete = data.draw(st.booleans(), label="delete")
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(json_values, label="value")
    new = (json.dumps(desc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    field_name = "/".join(str(k) for k in path[-3:] if isinstance(k, str))
    with package.damaged("datapackage.json", new):
        check_package(package, f"descriptor {'deleted' if delete else 'changed'} {field_name}",
                      expect=unchanged_tables(package, new))


def unchanged_tables(package: Package, new: bytes) -> Callable[[str], pd.DataFrame | None]:
    """After damaging the descriptor (the CSVs are as they were): a table that loads gives its
    undamaged numbers – unless its resource now names another file, which must be refused."""
    try:
        desc = json.loads(new)
        resources = desc.get("resources") if isinstance(desc, dict) else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        resources = None
    tables = {r.get("name"): r.get("path") for r in resources or []
              if isinstance(r, dict) and isinstance(r.get("name"), str)
              and r.get("kind") == "report-table"}

    def expect(table_id: str) -> pd.DataFrame | None:
        if table_id not in tables:
            return GONE
        same = isinstance(tables[table_id], str) and not tables[table_id].startswith("/") \
            and PurePosixPath(tables[table_id]) == PurePosixPath(package.paths[table_id])
        return package.frames[table_id] if same else None
    return expect


@given(data=st.data())
def test_damaged_descriptor_text(package: Package, data: st.DataObject) -> None:
    """``datapackage.json`` cut short, with stray bytes, or with a character removed."""
    raw = package.original["datapackage.json"]
    at = data.draw(st.integers(0, len(raw) - 1), label="offset")
    how = data.draw(st.sampled_from(["truncate", "insert", "delete"]), label="damage")
    if how == "truncate":
        new = raw[:at]
    elif how == "insert":
        new = raw[:at] + data.draw(st.binary(min_size=1, max_size=3)) + raw[at:]
    else:
        new = raw[:at] + raw[at + 1:]
    with package.damaged("datapackage.json", new):
        check_package(package, f"descriptor text {how}", expect=unchanged_tables(package, new))


#: A line only the file outside the package holds: no message may ever show it.
SECRET = "geheim-root:x:0:0"


@pytest.fixture(scope="module")
def outside(package: Package) -> Path:
    """Beside the package: a CSV that looks like t2_7.csv but holds other numbers and a
    secret, and a folder that a symlink inside the package may point to."""
    folder = package.folder.parent / "outside"
    folder.mkdir(exist_ok=True)
    rows = csv_rows(package.original[package.paths["t2_7"]])
    for row in rows[1:]:
        row[2] = "1" if row[2] != "1" else "2"
    (folder / "t2_7.csv").write_bytes(csv_bytes(rows))
    (folder / "secret.csv").write_text(f"{SECRET},value,n\n{SECRET},1,\n", encoding="utf-8")
    return folder


def nasty_paths(outside: Path) -> st.SearchStrategy[str]:
    """Resource paths that lead out of the package, or nowhere."""
    return st.sampled_from([
        "../outside/t2_7.csv", "../outside/secret.csv", str(outside / "t2_7.csv"),
        str(outside / "secret.csv"), "tables/../../outside/t2_7.csv", "./../outside/t2_7.csv",
        f"file://{outside / 't2_7.csv'}", "http://127.0.0.1:9/t2_7.csv", "https://example.org/x.csv",
        "link.csv", "linked/t2_7.csv", "linked/secret.csv", "..", "/", "", ".", "tables",
        "tables\\t2_7.csv", "..\\outside\\t2_7.csv", "tables/t2_7.csv\x00", "~/t2_7.csv",
        "C:/outside/t2_7.csv", "//server/share/t2_7.csv", "tables//t2_7.csv",
        "tables/./t2_7.csv", "/etc/passwd", "../../../../../../etc/passwd",
    ])


@given(data=st.data())
def test_resource_paths_never_leave_the_package(package: Package, outside: Path,
                                                data: st.DataObject) -> None:
    """A resource path that leads outside the package (``..``, absolute, a URL, a symlink) is
    refused as a located error in ``datapackage.json``: nothing outside is opened, nothing of
    it is shown, and no number of it is returned."""
    from .reads import opened
    from .reads import outside as opened_outside

    desc = json.loads(package.original["datapackage.json"])
    name = data.draw(st.sampled_from([*TABLES, "charts", "anomalies"]), label="resource")
    path = data.draw(nasty_paths(outside), label="path")
    next(r for r in desc["resources"] if r["name"] == name)["path"] = path
    new = (json.dumps(desc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    (package.folder / "link.csv").symlink_to(outside / "t2_7.csv")
    (package.folder / "linked").symlink_to(outside, target_is_directory=True)
    try:
        with package.damaged("datapackage.json", new), opened() as files:
            problems = lwtbook.find_problems(package.folder)
            check_package(package, f"path {path!r} for {name}",
                          expect=unchanged_tables(package, new))
            errors = [attempt(lambda t=t: lwtbook.load(t, folder=package.folder))[1]
                      for t in TABLES]
    finally:
        (package.folder / "link.csv").unlink()
        (package.folder / "linked").unlink()
    shown = "\n".join([*map(str, problems), *(str(e) for e in errors if e)])
    assert SECRET not in shown
    assert not opened_outside(files, package.folder), "read outside the package"
    inside = path in ("tables//t2_7.csv", "tables/./t2_7.csv")
    if not inside:
        assert any(p.file.endswith("datapackage.json") and p.column == "path" for p in problems), \
            shown
