"""Reading and writing ``data/claims.csv``, and errors that name the row.

Columns
-------
Typed by hand: ``claim_id`` (A001–A383, B001–B385: numbers in the prose; V001–: comparisons),
``kind`` (``number`` or ``comparison``), ``line`` (1-based line of the report's text version),
``section``, ``quote`` (≤ 12 words, ``…`` for a gap), ``value`` (the number the words state;
for a comparison empty), ``value_rule`` (how the words were read: a rule of
:mod:`lwtbook.claims.rules` or of :mod:`lwtbook.claims.compare`), ``unit``, ``value_range``,
``table_id``, ``cells`` and ``derivation`` (:mod:`lwtbook.claims.refs`), ``relation``
(``equals``: one cell or each of several; ``derived``: a computation on cells; ``compares``:
a comparison; ``none``: nothing can check it; ``same-as:<id>``: the same fact as claim <id>),
``test_id`` (the re-analysis tests of a comparison, ``H12`` or ``H15 | H16``), ``judgement``
(``computed`` or ``manual``) and ``note``.

Computed by :func:`lwtbook.claims.audit`: ``accepted`` (the plain reading), ``roughly`` (the
stretched reading), ``checked_value``, ``basis`` (``cell``, ``derived``, ``text``: checked
against numbers printed in the prose only, ``comparison``), ``inconsistent_with`` and
``verdict``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from lwtbook._package import resource_file

__all__ = [
    "COLUMNS",
    "COMPUTED_COLUMNS",
    "INPUT_COLUMNS",
    "KINDS",
    "ClaimsError",
    "claims_path",
    "read_claims",
    "write_claims",
]

KINDS = ("number", "comparison")
UNITS = ("%", "aantal", "jaar", "euro", "dagen", "uur", "minuten", "ratio", "rang")
INPUT_COLUMNS = ("claim_id", "kind", "line", "section", "quote", "value", "value_rule", "unit",
                 "value_range", "table_id", "cells", "derivation", "relation", "test_id",
                 "judgement")
COMPUTED_COLUMNS = ("accepted", "roughly", "checked_value", "basis", "inconsistent_with",
                    "verdict")
COLUMNS = (*INPUT_COLUMNS, *COMPUTED_COLUMNS, "note")
#: Key under which :func:`read_claims` keeps a row's line in the file (header = 1).
ROW = "_row"


class ClaimsError(ValueError):
    """A problem in one row of the claims file: ``claims.csv:123: B031: message``."""

    def __init__(self, file: str, row: int | None, claim_id: str, message: str):
        self.file, self.row, self.claim_id, self.message = file, row, claim_id, message
        where = f"{file}:{row}" if row is not None else file
        super().__init__(f"{where}: {claim_id}: {message}")


def claims_path(folder: Path | None = None, *, must_exist: bool = True) -> Path:
    """The claims file of the data package in *folder* (default: the current data folder),
    found through the package's one path resolver (:func:`lwtbook._package.resource_file`):
    a ``path`` that leaves the package is a located :class:`lwtbook.DataError`."""
    return resource_file("claims", folder, must_exist=must_exist)


def read_claims(path: Path | None = None) -> list[dict[str, str]]:
    """The rows of the claims file as dicts of text; each keeps its file line under ``_row``
    (so errors can name it). A missing or extra column is a ClaimsError naming it."""
    path = Path(path) if path is not None else claims_path()
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        missing = [c for c in COLUMNS if c not in header]
        extra = [c for c in header if c not in COLUMNS]
        if missing or extra:
            raise ClaimsError(path.name, 1, "header",
                              f"missing {missing} / unexpected {extra}; expected {list(COLUMNS)}")
        rows = []
        for row in reader:
            row[ROW] = reader.line_num  # type: ignore[assignment]
            rows.append(row)
    return rows


def write_claims(rows: list[dict[str, str]], path: Path | None = None) -> None:
    """Write *rows* in :data:`COLUMNS` order (other keys are dropped)."""
    with open(path or claims_path(must_exist=False), "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS), lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in COLUMNS})


def located(row: dict[str, str], exc: Exception, file: str = "claims.csv") -> ClaimsError:
    """*exc* raised while handling *row*, as a ClaimsError naming the file row and claim."""
    return ClaimsError(file, row.get(ROW), row.get("claim_id", "?"),  # type: ignore[arg-type]
                       str(exc.args[0]) if exc.args else repr(exc))
