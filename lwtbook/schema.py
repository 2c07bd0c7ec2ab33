"""What a resource's declaration in ``datapackage.json`` must look like before its file is read.

Validation and the loaders read a CSV through its declaration: the schema's fields, types and
constraints, and for the report's tables the layout, units, printed marks and arithmetic
checks. A declaration they cannot follow (a ``minimum`` that is not a number, a ``pattern``
that is not a regular expression, a layout that names a column the table does not have, a
check without its rule) would otherwise surface as a Python exception deep inside a reader, or
worse, as a table that loads with a dimension silently dropped. :func:`resource_problems` lists
those faults, each located at its key in ``datapackage.json``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from lwtbook._package import locate
from lwtbook.errors import Problem

#: Field types the readers check cell by cell (Frictionless names).
TYPES = ("string", "number", "integer", "boolean")
#: The ``kind`` of each resource this package knows (a resource without ``kind`` is allowed).
KINDS = ("report-table", "chart-catalogue", "chart-labels", "anomalies", "case-coding",
         "study-design", "reanalysis-spec", "reanalysis", "claims")
#: The rules of ``checks`` (lwtbook.checks) and the keys each one needs.
RULES = {"sum": ("over",), "weighted_mean": ("over", "total"),
         "ratio": ("over", "numerator", "denominator", "result"), "same_as": ("resource",)}
#: The columns :func:`lwtbook.catalog` reads from the chart catalogue, with their types.
CHART_FIELDS = {"chart_id": "string", "nummer": "string", "titel": "string",
                "sectie": "string", "regel_van": "integer", "regel_tot": "integer",
                "status": "string"}


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _strings(x: Any) -> bool:
    return isinstance(x, list) and all(isinstance(v, str) for v in x)


def _kind(x: Any) -> str:
    return "null" if x is None else type(x).__name__


class _Found:
    """The problems of one resource, each located under it in ``datapackage.json``."""

    def __init__(self, folder: Path, name: str):
        self.folder, self.name = folder, name
        self.problems: list[Problem] = []

    def __call__(self, keys: tuple[str | int, ...], message: str) -> None:
        self.problems.append(locate(self.folder, self.name, keys, f"{self.name}: {message}"))


def resource_problems(folder: Path, res: dict[str, Any]) -> list[Problem]:
    """Every fault in the declaration of resource *res* (a named resource object of the
    descriptor of the package in *folder*); an empty list when its file can be read with it."""
    found = _Found(folder, res["name"])
    kind = res.get("kind")
    if kind is not None and kind not in KINDS:
        found(("kind",), f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    fields = _fields(found, res.get("schema"))
    if fields is None or found.problems:
        return found.problems
    if kind == "report-table":
        _report_table(found, res, fields)
    elif kind == "chart-catalogue":
        for name, type_ in CHART_FIELDS.items():
            spec = fields.get(name, {})
            if name not in fields or spec.get("type", "string") != type_ \
                    or not (spec.get("constraints") or {}).get("required"):
                found(("schema", "fields"), f"the chart catalogue needs a field {name!r} of "
                                            f"type {type_}, required")
    return found.problems


def _fields(found: _Found, schema: Any) -> dict[str, dict[str, Any]] | None:
    """The schema's fields by name, after checking each; None when there are none to use."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) \
            or not schema["fields"]:
        found(("schema",), "has no schema fields (a non-empty list)")
        return None
    fields: dict[str, dict[str, Any]] = {}
    for i, spec in enumerate(schema["fields"]):
        at: tuple[str | int, ...] = ("schema", "fields", i)
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) \
                or not spec["name"]:
            found(at, f"schema field {i + 1} needs a name (a non-empty string)")
            continue
        name = spec["name"]
        if name in fields:
            found((*at, "name"), f"field {name!r} is declared twice")
        fields[name] = spec
        type_ = spec.get("type", "string")
        if type_ not in TYPES:
            found((*at, "type"), f"field {name!r} has type {type_!r}; supported: "
                                 f"{', '.join(TYPES)}")
            continue
        _constraints(found, at, spec, type_)
    _primary_key(found, schema.get("primaryKey"), fields)
    return fields


def _constraints(found: _Found, at: tuple[str | int, ...], spec: dict[str, Any],
                 type_: str) -> None:
    name, cons = spec["name"], spec.get("constraints", {})
    if not isinstance(cons, dict):
        found((*at, "constraints"), f"field {name!r}: constraints must be an object")
        return
    where = (*at, "constraints")
    for key in ("required", "unique"):
        if key in cons and not isinstance(cons[key], bool):
            found((*where, key), f"field {name!r}: {key} must be true or false")
    if "enum" in cons and (not _strings(cons["enum"]) or not cons["enum"]):
        found((*where, "enum"), f"field {name!r}: enum must be a non-empty list of strings")
    if "pattern" in cons:
        try:
            re.compile(cons["pattern"])
        except (re.error, TypeError):
            found((*where, "pattern"), f"field {name!r}: pattern {cons['pattern']!r} is not a "
                                       "regular expression")
    for key in ("minimum", "maximum"):
        if key in cons and (type_ not in ("number", "integer") or not _number(cons[key])):
            found((*where, key), f"field {name!r}: {key} must be a number (on a number or "
                                 f"integer field), not {cons[key]!r}")
    for key in ("minLength", "maxLength"):
        if key in cons and (not isinstance(cons[key], int) or isinstance(cons[key], bool)
                            or cons[key] < 0):
            found((*where, key), f"field {name!r}: {key} must be a whole number ≥ 0")
    if type_ == "boolean":
        for key in ("trueValues", "falseValues"):
            if key in spec and not _strings(spec[key]):
                found((*at, key), f"field {name!r}: {key} must be a list of strings")


def _primary_key(found: _Found, key: Any, fields: dict[str, Any]) -> None:
    if key is None:
        return
    names = [key] if isinstance(key, str) else key
    if not _strings(names) or not names or any(k not in fields for k in names):
        found(("schema", "primaryKey"), f"primaryKey {key!r} must name fields of the schema")


def _report_table(found: _Found, res: dict[str, Any], fields: dict[str, Any]) -> None:
    """A report table: dimensions (text), ``value`` (required number), ``n`` (integer), a
    primary key of all dimensions, and metadata that the loaders can follow."""
    dims = [n for n in fields if n not in ("value", "n")]
    value, n = fields.get("value"), fields.get("n")
    if value is None or value.get("type") != "number" \
            or not (value.get("constraints") or {}).get("required"):
        found(("schema", "fields"), "a report table needs a field 'value' of type number, "
                                    "required")
    if n is None or n.get("type") != "integer":
        found(("schema", "fields"), "a report table needs a field 'n' of type integer")
    if not dims or any(fields[d].get("type", "string") != "string" for d in dims):
        found(("schema", "fields"), "a report table needs dimension fields of type string")
    key = res["schema"].get("primaryKey")
    if sorted([key] if isinstance(key, str) else key or []) != sorted(dims):
        found(("schema", "primaryKey"), f"primaryKey must be the dimensions: {', '.join(dims)}")
    for key in ("title", "section"):
        if not isinstance(res.get(key), str):
            found((key,), f"{key} must be a string")
    lines = res.get("source_lines")
    if not (isinstance(lines, list) and len(lines) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in lines)):
        found(("source_lines",), "source_lines must be [first line, last line]")
    if "table_number" in res and not isinstance(res["table_number"], str | None):
        found(("table_number",), "table_number must be a string or null")
    _unit(found, res.get("unit"), dims)
    _layout(found, res.get("layout"), dims)
    for key in ("missing", "dashes", "percent_signs", "footnotes", "checks"):
        if not isinstance(res.get(key, []), list):
            found((key,), f"{key} must be a list, not {_kind(res[key])}")
    if isinstance(res.get("missing", []), list):
        for i, entry in enumerate(res.get("missing", [])):
            cells = entry.get("cells") if isinstance(entry, dict) else None
            if not isinstance(cells, dict) or sorted(cells) != sorted(dims) \
                    or not all(isinstance(v, str) for v in cells.values()) \
                    or not isinstance(entry.get("printed", ""), str):
                found(("missing", i), f"missing[{i}] needs 'cells' naming every dimension "
                                      f"({', '.join(dims)}) and a 'printed' text")
    if isinstance(res.get("footnotes", []), list):
        for i, note in enumerate(res.get("footnotes", [])):
            if isinstance(note, dict) and not isinstance(note.get("cells", []), list):
                found(("footnotes", i, "cells"), f"footnotes[{i}] cells must be a list")
    if isinstance(res.get("checks", []), list):
        ids: set[str] = set()
        for i, check in enumerate(res.get("checks", [])):
            _check(found, i, check, dims, fields, ids)


def _unit(found: _Found, unit: Any, dims: list[str]) -> None:
    if unit is None or isinstance(unit, str):
        return
    if not (isinstance(unit, dict) and unit.get("dimension") in dims
            and isinstance(unit.get("values"), dict)
            and all(isinstance(v, str) for v in unit["values"].values())):
        found(("unit",), "unit must be a text, or {'dimension': a dimension, 'values': "
                         "{label: unit}}")


def _layout(found: _Found, layout: Any, dims: list[str]) -> None:
    if layout is None:
        return
    rows = layout.get("rows") if isinstance(layout, dict) else None
    cols = layout.get("columns", []) if isinstance(layout, dict) else None
    if not (_strings(rows) and _strings(cols) and rows
            and sorted(rows + cols) == sorted(dims)):
        found(("layout",), f"layout must split the dimensions ({', '.join(dims)}) into 'rows' "
                           "and 'columns', each dimension once")


def _check(found: _Found, i: int, check: Any, dims: list[str], fields: dict[str, Any],
           ids: set[str]) -> None:
    """One declared check (lwtbook.checks): a known rule with the keys it needs, of the
    right kinds, naming dimensions the table has."""
    at: tuple[str | int, ...] = ("checks", i)
    rule = check.get("rule") if isinstance(check, dict) else check
    if not isinstance(rule, str) or rule not in RULES:
        found(at, f"checks[{i}]: unknown rule {rule!r}; known: {', '.join(RULES)}")
        return

    def bad(key: str, what: str) -> None:
        found((*at, key), f"checks[{i}] ({rule}): {key} {what}")

    for key in RULES[rule]:
        if key not in check:
            bad(key, "is missing")
    cid = check.get("id")
    if cid is not None and (not isinstance(cid, str) or cid in ids):
        bad("id", "must be a text, unique in the table")
    ids.add(cid if isinstance(cid, str) else "")
    if "over" in check and check["over"] not in dims:
        bad("over", f"must be a dimension ({', '.join(dims)})")
    where = check.get("where", {})
    if not isinstance(where, dict) or any(
            k not in dims or not (isinstance(v, str) or _strings(v)) for k, v in where.items()):
        bad("where", "must map dimensions to a label or a list of labels")
    tol = check.get("tolerance", "rounding")
    if tol != "rounding" and not (_number(tol) and tol >= 0):
        bad("tolerance", "must be 'rounding' or a number ≥ 0")
    for key in ("total", "result", "resource"):
        if key in check and not isinstance(check[key], str):
            bad(key, "must be a text")
    for key in ("numerator", "denominator"):
        if key in check and not (isinstance(check[key], str) or (_strings(check[key])
                                                                 and check[key])):
            bad(key, "must be a label or a list of labels")
    if "parts" in check and not _strings(check["parts"]):
        bad("parts", "must be a list of labels")
    for key in ("equals", "scale"):
        if key in check and not _number(check[key]):
            bad(key, "must be a number")
    if "scale" in check and _number(check["scale"]) and check["scale"] == 0:
        bad("scale", "must not be 0")
    if "missing_as_zero" in check and not isinstance(check["missing_as_zero"], bool):
        bad("missing_as_zero", "must be true or false")
    if rule == "sum" and "total" not in check and "equals" not in check:
        bad("total", "or 'equals' is needed: what the parts add up to")
    weights = check.get("weights")
    if rule == "weighted_mean" and weights is not None:
        over = check.get("over") if isinstance(check.get("over"), str) else None
        enum = ((fields.get(over) or {}).get("constraints") or {}).get("enum") or []
        parts = check.get("parts") if _strings(check.get("parts")) else \
            [c for c in enum if c != check.get("total")]
        if not isinstance(weights, dict) or any(not _number(weights.get(p)) for p in parts):
            bad("weights", "must give a number for every part")


__all__ = ["CHART_FIELDS", "KINDS", "RULES", "TYPES", "resource_problems"]
