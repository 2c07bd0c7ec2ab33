"""Reading and checking ``data/derived/reanalysis_spec.csv``: one row per tested statement.

Every problem is reported with the file, its line and the test id
(``reanalysis_spec.csv:42: H41: …``), so a typo in the spec never turns into a silent wrong
number. The grammar of the columns is documented on "Data en methoden" and in
:mod:`lwtbook.reanalysis`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from lwtbook._package import resource_file

__all__ = [
    "DESIGNS",
    "DIRECTIONS",
    "FAMILIES",
    "KINDS",
    "ROLES",
    "SPEC_COLUMNS",
    "SpecError",
    "SpecRow",
    "load_spec",
    "parse_n_source",
]

SPEC_PATH = Path("derived") / "reanalysis_spec.csv"

SPEC_COLUMNS = [
    "test_id", "table_id", "section", "line", "claim", "family", "role", "design", "kind",
    "group1", "label1", "group2", "label2", "answer_dim", "exclude", "n1_source", "n2_source",
    "rebase", "expected_direction", "sensitivity", "note",
]

#: Declared families (research question / respondent group) of the substantive claims.
FAMILIES = ("leerlingen", "scholen", "bve", "leerbedrijven")
#: A claim about the subject of the report, or a check of the data's quality.
ROLES = ("claim", "data-quality")
#: How the two sides of a comparison relate (decides the test).
DESIGNS = ("independent", "rounds", "census", "same-respondents", "one-sample", "overlap",
           "units")
#: What is compared.
KINDS = ("two-proportions", "distribution", "k-groups", "one-share", "means")
#: What the report asserts.
DIRECTIONS = ("group1>group2", "group1<group2", "group1!=group2", "group1=group2",
              "group1>=group2", "max", "min", "varies", "equal")

_ALLOWED = {
    "two-proportions": {"group1>group2", "group1<group2", "group1!=group2", "group1=group2",
                        "group1>=group2"},
    "distribution": {"group1!=group2", "group1=group2"},
    "k-groups": {"max", "min", "varies", "equal"},
    "one-share": {"group1>group2", "group1<group2"},
    "means": {"group1>group2", "group1<group2", "group1!=group2", "group1=group2"},
}
_DESIGNS_FOR = {
    "two-proportions": {"independent", "rounds", "census", "same-respondents", "overlap",
                        "units"},
    "distribution": {"independent", "rounds", "census", "overlap", "units"},
    "k-groups": {"independent"},
    "one-share": {"one-sample"},
    "means": {"independent", "rounds"},
}
_DERIVED = re.compile(r"derived: .+ = (\d+)")
_SENSITIVITY_KEYS = ("n1", "n2", "rebase1", "rebase2", "printed")


class SpecError(ValueError):
    """A problem in the spec, located as ``reanalysis_spec.csv:<line>: <test id>: …``."""


@dataclass(frozen=True)
class SpecRow:
    """One row of the spec, typed. ``where`` locates it for messages."""

    test_id: str
    table_id: str
    section: str
    line: int
    claim: str
    family: str
    role: str
    design: str
    kind: str
    group1: str
    label1: str
    group2: str
    label2: str
    answer_dim: str
    exclude: tuple[str, ...]
    n1_source: str
    n2_source: str
    rebase: str
    expected_direction: str
    sensitivity: str
    note: str
    where: str

    def error(self, message: str) -> SpecError:
        """A :class:`SpecError` that names this row."""
        return SpecError(f"{self.where}: {self.test_id}: {message}")

    @property
    def parts(self) -> int:
        """How many parts (``a | b``) the selectors have: all must hold (one claim)."""
        return len(split_parts(self.group1))

    @property
    def described(self) -> bool:
        """Rows that are described, not tested (overlapping samples, different units)."""
        return self.design in ("overlap", "units")


def split_parts(text: str) -> list[str]:
    """``"a | b"`` -> ``["a", "b"]`` (the parts of a claim that must all hold)."""
    return [p.strip() for p in text.split("|")]


def parse_n_source(source: str, printed: int | None) -> tuple[int | None, str]:
    """The base n and its kind (``printed``, ``derived``, ``counts``, ``unknown``).

    ``printed``: the n printed with the selected cells; ``derived: <where and assumption> =
    <n>``: a base taken from elsewhere; ``counts``: the cells are counts, n is their sum
    (returned as None here); ``unknown``: the report gives no base.
    """
    source = source.strip()
    if source == "printed":
        if printed is None:
            raise ValueError("n source is 'printed' but the selected cells print no n")
        return printed, "printed"
    if source in ("unknown", "counts"):
        return None, source
    match = _DERIVED.fullmatch(source)
    if not match:
        raise ValueError("n source must be 'printed', 'counts', 'unknown' or "
                         f"'derived: … = <n>': {source!r}")
    return int(match.group(1)), "derived"


def parse_rebase(text: str) -> dict[str, int]:
    """``"group1=207"`` -> ``{"group1": 207}``: count on the printed base, share over 207."""
    out: dict[str, int] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        key, eq, value = (x.strip() for x in part.partition("="))
        if key not in ("group1", "group2") or not eq or not value.isdigit():
            raise ValueError(f"rebase must be 'group1=<n>' and/or 'group2=<n>', got {part!r}")
        out[key] = int(value)
    return out


def parse_sensitivity(text: str) -> dict[str, float | bool]:
    """``"n1=85; n2=137"`` -> ``{"n1": 85, "n2": 137}``; ``printed`` -> ``{"printed": True}``."""
    out: dict[str, float | bool] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        if part == "printed":
            out["printed"] = True
            continue
        key, eq, value = (x.strip() for x in part.partition("="))
        if key not in _SENSITIVITY_KEYS or not eq:
            known = ", ".join(_SENSITIVITY_KEYS)
            raise ValueError(f"unknown sensitivity {part!r} (known: {known})")
        try:
            out[key] = float(value)
        except ValueError:
            raise ValueError(f"sensitivity {key} needs a number, got {value!r}") from None
    return out


def _check(row: SpecRow) -> None:
    """Vocabulary and consistency rules; raise the row's SpecError on the first problem."""
    if not re.fullmatch(r"H\d{2}", row.test_id):
        raise row.error(f"test_id must look like H07, got {row.test_id!r}")
    for column, value, allowed in (("role", row.role, ROLES), ("design", row.design, DESIGNS),
                                   ("kind", row.kind, KINDS),
                                   ("expected_direction", row.expected_direction, DIRECTIONS)):
        if value not in allowed:
            raise row.error(f"{column} {value!r} is not one of {', '.join(allowed)}")
    if row.expected_direction not in _ALLOWED[row.kind]:
        raise row.error(f"a {row.kind} row cannot assert {row.expected_direction!r}")
    if row.design not in _DESIGNS_FOR[row.kind]:
        raise row.error(f"a {row.kind} row cannot have design {row.design!r}")
    in_family = row.role == "claim" and not row.described
    if in_family and row.family not in FAMILIES:
        raise row.error(f"family {row.family!r} is not one of {', '.join(FAMILIES)}")
    if not in_family and row.family:
        raise row.error("data-quality and described rows stay outside the families "
                        f"(family is {row.family!r})")
    if row.kind in ("distribution", "k-groups") and not row.answer_dim:
        raise row.error(f"a {row.kind} row needs answer_dim")
    if row.kind == "k-groups" and row.expected_direction in ("max", "min") and not row.label1:
        raise row.error("a max/min row names the claimed group in label1")
    if row.kind == "one-share" and not row.group2.startswith("waarde:"):
        raise row.error("a one-share row compares with 'waarde: <percentage>' in group2")
    if row.parts > 1:
        if row.kind not in ("two-proportions", "k-groups") or row.expected_direction not in (
                "group1>=group2", "group1=group2", "equal"):
            raise row.error("parts (a | b) are only for equivalence claims on shares")
        if row.kind == "two-proportions" and any(
                len(split_parts(text)) != row.parts
                for text in (row.group2, row.n1_source, row.n2_source)):
            raise row.error("group2, n1_source and n2_source need as many parts as group1")
    if not re.fullmatch(r"[1-57]\.\d{1,2}(\.\d)?", row.section):
        raise row.error(f"section {row.section!r} is not a report section like 2.3")
    try:
        parse_rebase(row.rebase)
        parse_sensitivity(row.sensitivity)
        sources = [row.n1_source]
        if row.kind not in ("k-groups", "one-share") or row.n2_source:
            sources.append(row.n2_source)
        for text in sources:
            for part in split_parts(text):
                if part not in ("printed", "unknown", "counts") and not _DERIVED.fullmatch(part):
                    raise ValueError(f"n source {part!r} is not 'printed', 'counts', 'unknown' "
                                     "or 'derived: … = <n>'")
    except ValueError as exc:
        raise row.error(str(exc)) from None


def load_spec(path: Path | None = None) -> list[SpecRow]:
    """The curated list of tests, checked row by row (:class:`SpecError` names the row)."""
    path = path or resource_file("reanalysis_spec")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in SPEC_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SpecError(f"{path.name}:1: the header lacks {', '.join(missing)}")
        rows, seen = [], {}
        for rec in reader:
            where = f"{path.name}:{reader.line_num}"
            test_id = rec["test_id"].strip()
            try:
                line = int(rec["line"])
            except ValueError:
                raise SpecError(f"{where}: {test_id}: line must be a number, "
                                f"got {rec['line']!r}") from None
            row = SpecRow(
                **{c: rec[c].strip() for c in SPEC_COLUMNS
                   if c not in ("line", "exclude")},
                line=line,
                exclude=tuple(c.strip() for c in rec["exclude"].split(";") if c.strip()),
                where=where,
            )
            if test_id in seen:
                raise row.error(f"duplicate test id (first at line {seen[test_id]})")
            seen[test_id] = reader.line_num
            _check(row)
            rows.append(row)
    return rows
