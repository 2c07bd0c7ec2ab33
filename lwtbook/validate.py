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
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lwtbook._package import DESCRIPTOR, data_dir
from lwtbook.cells import Cell
from lwtbook.checks import check_id

NUMBER = re.compile(r"-?\d+(\.\d+)?")
INTEGER = re.compile(r"-?\d+")
DUTCH_DECIMAL = re.compile(r"-?\d+,\d+")


@dataclass(frozen=True)
class Problem:
    """One problem in the data: ``file:row:column: message`` (row/column ``-`` if not one)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or '-'}: {self.message}"


class DataError(ValueError):
    """Raised by :func:`validate`; ``problems`` holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data package:\n{lines}")


@dataclass
class _Table:
    """A resource read from disk: parsed cells and where they came from."""

    name: str
    display: str
    resource: dict[str, Any]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    clean: bool = True


def validate(path: str | Path | None = None) -> None:
    """Validate the data package in *path* (default: the project's ``data/``).

    Raises :class:`DataError` carrying every problem; returns ``None`` when the data are clean.
    """
    problems = find_problems(path)
    if problems:
        raise DataError(problems)


def find_problems(path: str | Path | None = None) -> list[Problem]:
    """Every problem in the data package in *path*, in file order (empty list: clean)."""
    folder = Path(path) if path is not None else data_dir()
    out: list[Problem] = []
    desc_file = folder / DESCRIPTOR
    shown = str(desc_file)
    if not desc_file.is_file():
        return [Problem(shown, None, None, "no datapackage.json in this folder")]
    try:
        desc = json.loads(desc_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        return [Problem(shown, line, None, f"datapackage.json is not valid JSON: {exc}")]
    resources = desc.get("resources")
    if not isinstance(resources, list) or not resources:
        return [Problem(shown, None, "resources", "datapackage.json lists no resources")]

    listed = set()
    tables: dict[str, _Table] = {}
    for res in resources:
        if isinstance(res.get("path"), str):
            listed.add(Path(res["path"]).as_posix())
        if not isinstance((res.get("schema") or {}).get("fields"), list):
            line = _line_of(desc_file, f'"name": "{res.get("name")}"')
            out.append(Problem(shown, line, "schema",
                               f"resource {res.get('name')!r} has no schema fields"))
            continue
        rel = res.get("path")
        if not isinstance(rel, str):
            out.append(Problem(shown, None, "path", f"resource {res.get('name')!r} has no path"))
            continue
        listed.add(Path(rel).as_posix())
        table = _read(folder, res, out, desc_file)
        if table is not None:
            tables[res["name"]] = table
    for csv_file in sorted(folder.rglob("*.csv")):
        rel = csv_file.relative_to(folder).as_posix()
        if rel not in listed:
            out.append(Problem(str(csv_file), 1, None,
                               "file is not described in datapackage.json"))

    out.extend(check_printed_marks(tables, desc_file))
    out.extend(_reconcile(tables))
    return out


def _line_of(file: Path, needle: str) -> int | None:
    """1-based line of the first occurrence of *needle* in *file* (None if absent)."""
    text = file.read_text(encoding="utf-8")
    at = text.find(needle)
    return None if at < 0 else text.count("\n", 0, at) + 1


def _read(folder: Path, res: dict[str, Any], out: list[Problem],
          desc_file: Path) -> _Table | None:
    file = folder / res["path"]
    display = str(file)
    schema = res.get("schema") or {}
    fields = schema.get("fields") or []
    if not file.is_file():
        line = _line_of(desc_file, f'"path": "{res["path"]}"')
        out.append(Problem(str(desc_file), line, "path",
                           f"resource {res.get('name')!r} names {res['path']!r}, "
                           "which does not exist"))
        return None
    raw = file.read_bytes()
    if not raw.strip():
        out.append(Problem(display, 1, fields[0]["name"] if fields else None,
                           "file is empty: expected a header row"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        out.append(Problem(display, 1, fields[0]["name"] if fields else None,
                           "file starts with a byte-order mark (BOM); save as UTF-8 without BOM"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col_index = raw[: exc.start].split(b"\n")[-1].count(b",")
        column = fields[col_index]["name"] if col_index < len(fields) else None
        out.append(Problem(display, line, column,
                           f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save as UTF-8"))
        return None

    table = _Table(res["name"], display, res)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    names = [f["name"] for f in fields]
    if header != names:
        table.clean = False
        for i, name in enumerate(names):
            if name not in header:
                out.append(Problem(display, 1, name, f"missing column {name!r}"))
            elif header.index(name) != i:
                out.append(Problem(display, 1, name,
                                   f"column {name!r} is in position {header.index(name) + 1}, "
                                   f"schema expects {i + 1}"))
        for name in header:
            if name not in names:
                out.append(Problem(display, 1, name or "(blank)",
                                   f"unexpected column {name!r} (not in the schema)"))
    keys: dict[tuple, int] = {}
    pk = schema.get("primaryKey") or []
    by_name = {f["name"]: f for f in fields}
    for record in reader:
        line = reader.line_num
        if not record or record == [""]:
            out.append(Problem(display, line, None, "blank line"))
            table.clean = False
            continue
        if len(record) != len(header):
            column = header[len(record)] if len(record) < len(header) else None
            out.append(Problem(display, line, column,
                               f"row has {len(record)} cells, the header has {len(header)}"))
            table.clean = False
            continue
        row = dict(zip(header, record, strict=True))
        for name in names:
            if name in row and not _cell_ok(display, line, by_name[name], row[name], res, row,
                                            out):
                table.clean = False
        if pk and all(k in row for k in pk):
            key = tuple(row[k] for k in pk)
            if key in keys:
                out.append(Problem(display, line, ",".join(pk),
                                   f"duplicate key {key!r}: same as line {keys[key]}"))
                table.clean = False
            else:
                keys[key] = line
        table.rows.append(row)
        table.lines.append(line)
    return table


def _cell_ok(display: str, line: int, spec: dict[str, Any], text: str, res: dict[str, Any],
             row: dict[str, str], out: list[Problem]) -> bool:
    name = spec["name"]
    cons = spec.get("constraints") or {}
    if text != text.strip():
        out.append(Problem(display, line, name, f"{text!r} has leading or trailing spaces"))
        return False
    if text == "":
        if cons.get("required"):
            out.append(Problem(display, line, name, "value is required but empty"))
            return False
        return True
    kind = spec.get("type", "string")
    number: float | None = None
    if kind == "number":
        if not NUMBER.fullmatch(text):
            hint = (" – use a decimal point, not a Dutch decimal comma"
                    if DUTCH_DECIMAL.fullmatch(text) else "")
            out.append(Problem(display, line, name, f"{text!r} is not a number{hint}"))
            return False
        number = float(text)
    elif kind == "integer":
        if not INTEGER.fullmatch(text):
            out.append(Problem(display, line, name, f"{text!r} is not an integer"))
            return False
        number = float(text)
    ok = True
    if number is not None:
        lo, hi = cons.get("minimum"), cons.get("maximum")
        if name == "value":
            lo, hi = _unit_range(res, row, lo, hi)
        if lo is not None and number < lo:
            out.append(Problem(display, line, name, f"{text} is below the minimum {lo}"))
            ok = False
        if hi is not None and number > hi:
            out.append(Problem(display, line, name, f"{text} is above the maximum {hi}"))
            ok = False
    enum = cons.get("enum")
    if enum is not None and text not in enum:
        out.append(Problem(display, line, name, f"unknown category {text!r}; allowed: "
                           + ", ".join(repr(e) for e in enum)))
        ok = False
    pattern = cons.get("pattern")
    if pattern and not re.fullmatch(pattern, text):
        out.append(Problem(display, line, name, f"{text!r} does not match {pattern!r}"))
        ok = False
    return ok


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


def check_printed_marks(tables: dict[str, _Table], desc_file: Path) -> list[Problem]:
    """Problems with the marks a table resource declares (``dashes``, ``percent_signs``,
    ``footnotes``; see the package's ``conventions``).

    Every cell printed "-" must exist and hold 0: the report's "-" is an absolute zero, so
    another number there is a wrong number, reported at its CSV row. Every cell, column or
    selector a declaration names must exist; a declaration that names nothing is reported
    at its line in ``datapackage.json``.
    """
    text = desc_file.read_text(encoding="utf-8")
    problems: list[Problem] = []
    for name, table in tables.items():
        res = table.resource
        if not table.clean or not any(k in res for k in ("dashes", "percent_signs", "footnotes")):
            continue
        dims = [f["name"] for f in res["schema"]["fields"] if f["name"] not in ("value", "n")]
        rows = {tuple(row.get(d, "") for d in dims): (row, line)
                for row, line in zip(table.rows, table.lines, strict=True)}

        def declared(key: str, message: str, res_name: str = name) -> Problem:
            return Problem(str(desc_file), _line_in_resource(text, res_name, key), key,
                           f"{res_name}: {message}")

        problems += _dash_problems(table, dims, rows, declared)
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
                if not isinstance(cell, dict) or tuple(cell.get(d) for d in dims) not in rows:
                    problems.append(declared("footnotes", f"footnotes[{i}] names {cell!r}, "
                                                          "which is not a cell of the table"))
            header = note.get("header")
            if header is not None and not _selects(header, dims, rows):
                problems.append(declared("footnotes", f"footnotes[{i}] header {header!r} is "
                                                      "not a column of the table"))
    return problems


def _dash_problems(table: _Table, dims: list[str], rows: dict[tuple, tuple[dict, int]],
                   declared: Callable[[str, str], Problem]) -> list[Problem]:
    """The cells listed under ``dashes``: each names every dimension once, exists, is 0."""
    missing = {tuple((m.get("cells") or {}).get(d) for d in dims)
               for m in table.resource.get("missing") or [] if isinstance(m, dict)}
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for i, entry in enumerate(table.resource.get("dashes") or []):
        if not isinstance(entry, dict) or set(entry) != set(dims):
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


def _line_in_resource(text: str, resource: str, key: str) -> int | None:
    """Line of ``"key":`` inside resource *resource* of the descriptor's text."""
    start = text.find(f'"name": "{resource}"')
    at = text.find(f'"{key}":', start) if start >= 0 else -1
    return None if at < 0 else text.count("\n", 0, at) + 1


def _selects(selector: Any, dims: list[str], rows: dict[tuple, Any]) -> bool:
    """True when *selector* (dimension -> label) names dimensions and matches some cell."""
    if not isinstance(selector, dict) or not selector or not set(selector) <= set(dims):
        return False
    index = {d: i for i, d in enumerate(dims)}
    return any(all(key[index[d]] == v for d, v in selector.items()) for key in rows)


__all__ = ["DataError", "Problem", "check_id", "check_printed_marks", "find_problems",
           "validate"]
