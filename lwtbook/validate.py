"""Validation of a data-package folder: schema, ranges, keys, file list and the report's own
arithmetic. Every problem names its file, row (the CSV line, header = 1) and column.

Documented exceptions: where the *report* is inconsistent – its own arithmetic fails, a share
is impossible for its base, two tables disagree … – the printed numbers are kept and the case
is declared in ``anomalies.csv`` (the register: ``tier``, ``table_id``, ``check``, ``cells``,
``tables``, ``evidence``, ``size``, ``probability``, ``note``). :func:`lwtbook.register.scan`
looks for every tier in every table; validation accepts exactly the declared findings – with
the declared size and probability – and reports an undeclared finding as well as a declared
one that no longer occurs, so the register cannot rot.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lwtbook._package import DESCRIPTOR, data_dir, descriptor, locate, path_problem, resolve
from lwtbook.cells import Cell
from lwtbook.checks import check_id
from lwtbook.errors import DataError, Problem
from lwtbook.schema import resource_problems

# ASCII digits only: Python's \d also matches other scripts' digits ("١٢"), which float() reads.
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
INTEGER = re.compile(r"-?[0-9]+")
DUTCH_DECIMAL = re.compile(r"-?[0-9]+,[0-9]+")
#: The largest integer a loaded table can hold (pandas' Int64).
INT64_MAX = 2**63 - 1
#: Frictionless' default texts of a boolean field.
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]


@dataclass
class _Table:
    """A resource read from disk: parsed cells and where they came from."""

    name: str
    display: str
    resource: dict[str, Any]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    clean: bool = True


def validate(path: str | Path | None = None, *, trusted: bool = False) -> None:
    """Validate the data package in *path* (default: the project's ``data/``).

    Raises :class:`DataError` carrying every problem; returns ``None`` when the data are clean.
    ``trusted=True`` lets resource paths leave the package folder (see
    :func:`lwtbook._package.resource_file`).
    """
    problems = find_problems(path, trusted=trusted)
    if problems:
        raise DataError(problems)


def find_problems(path: str | Path | None = None, *, trusted: bool = False) -> list[Problem]:
    """Every problem in the data package in *path*, in file order (empty list: clean)."""
    folder = Path(path) if path is not None else data_dir()
    desc_file = folder / DESCRIPTOR
    if not desc_file.is_file():
        return [Problem(str(desc_file), None, None, "no datapackage.json in this folder")]
    try:
        desc = descriptor(folder)
    except DataError as exc:
        return exc.problems

    out: list[Problem] = []
    listed = set()
    tables: dict[str, _Table] = {}
    for res in desc["resources"]:
        rel = res.get("path")
        if path_problem(rel, folder, trusted=trusted) is None and not Path(rel).is_absolute():
            listed.add(PurePosixPath(rel).as_posix())
        declared = resource_problems(folder, res)
        try:
            file = resolve(folder, res, trusted=trusted)
        except DataError as exc:
            out.extend(exc.problems)
            file = None
        out.extend(declared)
        if file is None or declared:
            continue
        table, found = read_table(file, res)
        out.extend(found)
        if table is not None:
            tables[res["name"]] = table
    for csv_file in sorted(folder.rglob("*.csv")):
        rel = csv_file.relative_to(folder).as_posix()
        if rel not in listed:
            out.append(Problem(str(csv_file), 1, None,
                               "file is not described in datapackage.json"))

    out.extend(check_printed_marks(tables, folder))
    out.extend(_reconcile(tables))
    return out


def read_table(file: Path, res: dict[str, Any]) -> tuple[_Table | None, list[Problem]]:
    """Read the CSV *file* of resource *res* cell by cell against its schema.

    The one reading of a table's file, shared by :func:`find_problems` and
    :func:`lwtbook.load`: the table (None when nothing could be read) and every problem in it,
    located by file, line and column. *res* must have passed
    :func:`lwtbook.schema.resource_problems`.
    """
    out: list[Problem] = []
    display = str(file)
    schema = res["schema"]
    fields = schema["fields"]
    first = fields[0]["name"]
    raw = file.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        out.append(Problem(display, 1, first,
                           "file starts with a byte-order mark (BOM); save as UTF-8 without BOM"))
        raw = raw[3:]
    if not raw.strip():
        out.append(Problem(display, 1, first, "file is empty: expected a header row"))
        return None, out
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col_index = raw[: exc.start].split(b"\n")[-1].count(b",")
        column = fields[col_index]["name"] if col_index < len(fields) else None
        out.append(Problem(display, line, column,
                           f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save as UTF-8"))
        return None, out

    table = _Table(res["name"], display, res)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        _read_rows(reader, table, out)
    except csv.Error as exc:
        out.append(Problem(display, reader.line_num, None, f"not valid CSV: {exc}"))
        table.clean = False
    if out:
        table.clean = False
    return table, out


def _read_rows(reader: Any, table: _Table, out: list[Problem]) -> None:
    display, res = table.display, table.resource
    schema = res["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    header = next(reader)
    if header != names:
        table.clean = False
        for i, name in enumerate(names):
            if name not in header:
                out.append(Problem(display, 1, name, f"missing column {name!r}"))
            elif header.count(name) > 1:
                out.append(Problem(display, 1, name, f"column {name!r} appears "
                                                     f"{header.count(name)} times"))
            elif header.index(name) != i:
                out.append(Problem(display, 1, name,
                                   f"column {name!r} is in position {header.index(name) + 1}, "
                                   f"schema expects {i + 1}"))
        for name in dict.fromkeys(header):
            if name not in names:
                out.append(Problem(display, 1, name or "(blank)",
                                   f"unexpected column {name!r} (not in the schema)"))
        return
    keys: dict[tuple, int] = {}
    pk = schema.get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else pk
    unique = {f["name"]: {} for f in fields if (f.get("constraints") or {}).get("unique")}
    checks = [_Field.of(f) for f in fields]
    end = reader.line_num
    for record in reader:
        line, end = end + 1, reader.line_num  # a record's first line: where an editor looks
        if not record or record == [""]:
            out.append(Problem(display, line, None, "blank line"))
            continue
        if end > line:
            out.append(Problem(display, line, None,
                               f"a quoted cell runs over lines {line}–{end}: is a closing quote "
                               "(\") missing?"))
            continue
        if len(record) != len(header):
            column = header[len(record)] if len(record) < len(header) else None
            out.append(Problem(display, line, column,
                               f"row has {len(record)} cells, the header has {len(header)}"))
            continue
        row = dict(zip(header, record, strict=True))
        for spec in checks:
            _cell_ok(display, line, spec, row[spec.name], res, row, out)
        if pk:
            key = tuple(row[k] for k in pk)
            if key in keys:
                out.append(Problem(display, line, ",".join(pk),
                                   f"duplicate key {key!r}: same as line {keys[key]}"))
            else:
                keys[key] = line
        for name, seen in unique.items():
            if row[name] in seen:
                out.append(Problem(display, line, name, f"{row[name]!r} is not unique: same as "
                                                        f"line {seen[row[name]]}"))
            elif row[name]:
                seen[row[name]] = line
        table.rows.append(row)
        table.lines.append(line)


@dataclass(frozen=True)
class _Field:
    """A schema field with its constraints looked up once, for the check of every cell."""

    name: str
    kind: str
    required: bool
    minimum: Any
    maximum: Any
    enum: list[str] | None
    allowed: frozenset[str] | None
    pattern: re.Pattern[str] | None
    min_length: int | None
    max_length: int | None
    booleans: list[str]

    @classmethod
    def of(cls, spec: dict[str, Any]) -> _Field:
        cons = spec.get("constraints") or {}
        enum, pattern = cons.get("enum"), cons.get("pattern")
        return cls(spec["name"], spec.get("type", "string"), bool(cons.get("required")),
                   cons.get("minimum"), cons.get("maximum"), enum,
                   frozenset(enum) if enum is not None else None,
                   re.compile(pattern) if pattern else None,
                   cons.get("minLength"), cons.get("maxLength"),
                   spec.get("trueValues", TRUE_VALUES) + spec.get("falseValues", FALSE_VALUES))


def _cell_ok(display: str, line: int, spec: _Field, text: str, res: dict[str, Any],
             row: dict[str, str], out: list[Problem]) -> bool:
    name = spec.name
    if text != text.strip():
        out.append(Problem(display, line, name, f"{text!r} has leading or trailing spaces"))
        return False
    if text == "":
        if spec.required:
            out.append(Problem(display, line, name, "value is required but empty"))
            return False
        return True
    kind = spec.kind
    number: float | None = None
    if kind == "number":
        if not NUMBER.fullmatch(text):
            hint = (" – use a decimal point, not a Dutch decimal comma"
                    if DUTCH_DECIMAL.fullmatch(text) else "")
            out.append(Problem(display, line, name, f"{_shown(text)} is not a number{hint}"))
            return False
        number = float(text)
        if not math.isfinite(number):
            out.append(Problem(display, line, name, f"{_shown(text)} is too large"))
            return False
    elif kind == "integer":
        if not INTEGER.fullmatch(text):
            out.append(Problem(display, line, name, f"{_shown(text)} is not an integer"))
            return False
        if abs(int(text)) > INT64_MAX:
            out.append(Problem(display, line, name, f"{_shown(text)} is too large"))
            return False
        number = float(text)
    elif kind == "boolean" and text not in spec.booleans:
        out.append(Problem(display, line, name, f"{_shown(text)} is not one of "
                           + ", ".join(repr(a) for a in spec.booleans)))
        return False
    ok = True
    if number is not None:
        lo, hi = spec.minimum, spec.maximum
        if name == "value":
            lo, hi = _unit_range(res, row, lo, hi)
        if lo is not None and number < lo:
            out.append(Problem(display, line, name, f"{text} is below the minimum {lo}"))
            ok = False
        if hi is not None and number > hi:
            out.append(Problem(display, line, name, f"{text} is above the maximum {hi}"))
            ok = False
    if spec.allowed is not None and text not in spec.allowed:
        out.append(Problem(display, line, name, f"unknown category {_shown(text)}; allowed: "
                           + ", ".join(repr(e) for e in spec.enum or [])))
        ok = False
    if spec.pattern is not None and not spec.pattern.fullmatch(text):
        out.append(Problem(display, line, name,
                           f"{_shown(text)} does not match {spec.pattern.pattern!r}"))
        ok = False
    if spec.min_length is not None and len(text) < spec.min_length:
        out.append(Problem(display, line, name, f"{_shown(text)} is shorter than "
                                                f"{spec.min_length} characters"))
        ok = False
    if spec.max_length is not None and len(text) > spec.max_length:
        out.append(Problem(display, line, name, f"{_shown(text)} is longer than "
                                                f"{spec.max_length} characters"))
        ok = False
    return ok


def _shown(text: str) -> str:
    """A cell's text for a message: quoted, and cut short when long."""
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "…"


def _unit_range(res: dict[str, Any], row: dict[str, str], lo: Any, hi: Any) -> tuple[Any, Any]:
    """Percentages lie in 0–100, also in tables that mix units (``unit`` by category)."""
    unit = res.get("unit")
    if isinstance(unit, dict):
        unit = unit.get("values", {}).get(row.get(unit.get("dimension", ""), ""))
    if unit == "%":
        lo = 0 if lo is None else max(lo, 0)
        hi = 100 if hi is None else min(hi, 100)
    return lo, hi


def _cells(table: _Table) -> list[Cell]:
    fields = [f["name"] for f in table.resource["schema"]["fields"]]
    dims = [f for f in fields if f not in ("value", "n")]
    cells = []
    for row, line in zip(table.rows, table.lines, strict=True):
        if row.get("value", "") == "" or not NUMBER.fullmatch(row["value"]):
            continue
        n = row.get("n", "")
        cells.append(Cell(
            table_id=table.name,
            key=tuple((d, row[d]) for d in dims),
            value=float(row["value"]),
            text=row["value"],
            n=int(n) if n and INTEGER.fullmatch(n) else None,
            line=line,
        ))
    return cells


def _report_tables(tables: dict[str, _Table]) -> dict[str, _Table]:
    return {name: t for name, t in tables.items()
            if t.resource.get("kind") == "report-table" and t.clean}


def _reconcile(tables: dict[str, _Table]) -> list[Problem]:
    """The register's scan of the report tables against the declared ``anomalies.csv``."""
    from lwtbook.register import reconcile, scan

    report = _report_tables(tables)
    cells = {name: _cells(t) for name, t in report.items()}
    result = scan(cells, {name: t.resource for name, t in report.items()})
    anomalies = tables.get("anomalies")
    rows: list[dict[str, str]] = []
    if anomalies is not None:
        rows = [dict(r, _row=str(line)) for r, line in
                zip(anomalies.rows, anomalies.lines, strict=True)]
    problems = []
    for where, row, column, message, finding in reconcile(result.findings, rows):
        if where == "anomalies" and anomalies is not None:
            problems.append(Problem(anomalies.display, row, column, message))
        elif finding is not None:
            problems.append(Problem(report[finding.table_id].display, row, column, message))
    return problems


def check_printed_marks(tables: dict[str, _Table], folder: Path) -> list[Problem]:
    """Problems with the marks a table resource declares (``dashes``, ``percent_signs``,
    ``footnotes``, ``missing``; see the package's ``conventions``), and categories without
    any row.

    Every cell printed "-" must exist and hold 0: the report's "-" is an absolute zero, so
    another number there is a wrong number, reported at its CSV row. Every cell, column or
    selector a declaration names must exist, and a cell listed as ``missing`` (no number
    printed) must have no number; a declaration that breaks this is reported at its line in
    ``datapackage.json`` (of the package in *folder*).
    """
    problems: list[Problem] = []
    for name, table in tables.items():
        res = table.resource
        if not table.clean or res.get("kind") != "report-table":
            continue
        dims = [f["name"] for f in res["schema"]["fields"] if f["name"] not in ("value", "n")]
        rows = {tuple(row.get(d, "") for d in dims): (row, line)
                for row, line in zip(table.rows, table.lines, strict=True)}

        def declared(key: str, message: str, res_name: str = name) -> Problem:
            return locate(folder, res_name, (key,), f"{res_name}: {message}")

        problems += _dash_problems(table, dims, rows, declared)
        for i, entry in enumerate(res.get("missing") or []):
            key = tuple(entry["cells"][d] for d in dims)
            if key in rows:
                label = ", ".join(f"{d}={v}" for d, v in zip(dims, key, strict=True))
                problems.append(declared("missing", f"missing[{i}] ({label}) has a number in "
                                                    f"line {rows[key][1]} of the table"))
        problems += _absent_categories(table, dims, rows)
        for i, selector in enumerate(res.get("percent_signs") or []):
            if not _selects(selector, dims, rows):
                problems.append(declared("percent_signs",
                                         f"percent_signs[{i}] {selector!r} selects no cell"))
        for i, note in enumerate(res.get("footnotes") or []):
            if not isinstance(note, dict) or not isinstance(note.get("mark"), str) \
                    or not str(note.get("text") or "").strip():
                problems.append(declared("footnotes", f"footnotes[{i}] needs a 'mark' and a "
                                                      "'text'"))
                continue
            for cell in note.get("cells") or []:
                if _key(cell, dims) not in rows:
                    problems.append(declared("footnotes", f"footnotes[{i}] names {cell!r}, "
                                                          "which is not a cell of the table"))
            header = note.get("header")
            if header is not None and not _selects(header, dims, rows):
                problems.append(declared("footnotes", f"footnotes[{i}] header {header!r} is "
                                                      "not a column of the table"))
    return problems


def _absent_categories(table: _Table, dims: list[str],
                       rows: dict[tuple, tuple[dict, int]]) -> list[Problem]:
    """Every category of a dimension (its ``enum``) has a number somewhere in the table or is
    listed under ``missing``; otherwise rows were lost (a file cut short, a row deleted)."""
    fields = {f["name"]: f for f in table.resource["schema"]["fields"]}
    missing = [entry["cells"] for entry in table.resource.get("missing") or []]
    end = table.lines[-1] + 1 if table.lines else 2
    problems = []
    for i, dim in enumerate(dims):
        present = {key[i] for key in rows} | {cells[dim] for cells in missing}
        for label in (fields[dim].get("constraints") or {}).get("enum") or []:
            if label not in present:
                problems.append(Problem(table.display, end, dim,
                                        f"no row has {dim}={label!r}, and it is not listed "
                                        "under 'missing' in datapackage.json: was a row "
                                        "deleted?"))
    return problems


def _dash_problems(table: _Table, dims: list[str], rows: dict[tuple, tuple[dict, int]],
                   declared: Callable[[str, str], Problem]) -> list[Problem]:
    """The cells listed under ``dashes``: each names every dimension once, exists, is 0."""
    missing = {tuple((m.get("cells") or {}).get(d) for d in dims)
               for m in table.resource.get("missing") or [] if isinstance(m, dict)}
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for i, entry in enumerate(table.resource.get("dashes") or []):
        if _key(entry, dims) is None or set(entry) != set(dims):
            got = ", ".join(entry) if isinstance(entry, dict) else repr(entry)
            problems.append(declared("dashes", f"dashes[{i}] must name every dimension "
                                               f"({', '.join(dims)}); got {got}"))
            continue
        key = tuple(entry[d] for d in dims)
        label = "(" + ", ".join(f"{d}={entry[d]}" for d in dims) + ")"
        if key in seen:
            problems.append(declared("dashes", f"dashes[{i}] {label} is listed twice"))
        seen.add(key)
        if key not in rows:
            why = ("is listed under 'missing' (no number printed)" if key in missing
                   else "is not a cell of the table")
            problems.append(declared("dashes", f"dashes[{i}] {label} {why}"))
            continue
        row, line = rows[key]
        if not NUMBER.fullmatch(row.get("value", "")) or float(row["value"]) != 0:
            problems.append(Problem(table.display, line, "value",
                                    f"{row.get('value')!r} where the report prints '-' (absolute "
                                    f"zero; dashes[{i}] in datapackage.json): the value must be 0"))
    return problems


def _key(cell: Any, dims: list[str]) -> tuple[str, ...] | None:
    """The key of a cell named in a declaration (dimension -> label), or None when it does not
    name every dimension with a text label."""
    if not isinstance(cell, dict) or not all(isinstance(cell.get(d), str) for d in dims):
        return None
    return tuple(cell[d] for d in dims)


def _selects(selector: Any, dims: list[str], rows: dict[tuple, Any]) -> bool:
    """True when *selector* (dimension -> label) names dimensions and matches some cell."""
    if not isinstance(selector, dict) or not selector or not set(selector) <= set(dims):
        return False
    index = {d: i for i, d in enumerate(dims)}
    return any(all(key[index[d]] == v for d, v in selector.items()) for key in rows)


__all__ = ["DataError", "Problem", "check_id", "check_printed_marks", "find_problems",
           "read_table", "validate"]
