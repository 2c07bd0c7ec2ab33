"""What the report prints in a table's cells besides the number: the marks.

The CSVs hold numbers only: a printed "-" (absolute zero, per the legend of Tabel 2.2) and a
printed "0" (a number rounded to zero) are both 0, "100%" is 100 and "3*" is 3. The table
resources in ``datapackage.json`` record what was printed (see the package's ``conventions``):

* ``dashes`` – the cells printed "-", keyed by their dimension labels;
* ``percent_signs`` – selectors of the cells printed with a % sign after the number;
* ``footnotes`` – the notes under a table, with the cells or column header that carry the mark;
* ``missing`` – cells without a number: empty, or a word such as "n.v.t.".

:func:`marks` reads them for one table and :func:`cell_text` gives a cell's printed text, so
that :func:`lwtbook.tables.show_table` and :func:`lwtbook.tables.printed_frame` show a table
as the report prints it, while :func:`lwtbook.as_printed` stays a numeric view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from lwtbook import fmt
from lwtbook.data import dimensions, resource

Key = tuple[str, ...]

#: What a screen reader hears for a printed "-" (the sign itself is hidden from it).
DASH_SPOKEN = "absoluut nul"


@dataclass(frozen=True)
class Footnote:
    """A note printed under a table: its mark ("" for none) and text in Dutch."""

    mark: str
    text: str
    verbatim: bool
    cells: tuple[Key, ...] = ()
    header: dict[str, str] | None = None

    def line(self) -> str:
        """The note as a line under the table: ``** absoluut 0``."""
        return f"{self.mark} {self.text}".strip()


@dataclass(frozen=True)
class Marks:
    """The printed marks of one table, keyed by cell keys in the order of ``dims``."""

    table_id: str
    dims: tuple[str, ...]
    dashes: frozenset[Key] = frozenset()
    percent_signs: tuple[dict[str, str], ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    missing: dict[Key, str] = field(default_factory=dict)

    def key(self, labels: dict[str, Any]) -> Key:
        """The cell key of *labels* (dimension -> label)."""
        return tuple(str(labels[d]) for d in self.dims)

    def is_dash(self, key: Key) -> bool:
        """True when the report prints this cell as "-" (absolute zero)."""
        return key in self.dashes

    def has_percent_sign(self, key: Key) -> bool:
        """True when the report prints a % sign after this cell's number."""
        labels = dict(zip(self.dims, key, strict=True))
        return any(all(labels.get(d) == v for d, v in sel.items()) for sel in self.percent_signs)

    def cell_note(self, key: Key) -> Footnote | None:
        """The footnote whose mark is printed in this cell, if any."""
        return next((f for f in self.footnotes if key in f.cells), None)

    def header_note(self, labels: dict[str, str]) -> Footnote | None:
        """The footnote whose mark is printed in the column header with these labels."""
        return next((f for f in self.footnotes if f.header
                     and all(labels.get(d) == v for d, v in f.header.items())), None)

    def explains_dash(self) -> bool:
        """True when one of the table's own footnotes is printed on a "-" cell."""
        return any(c in self.dashes for f in self.footnotes for c in f.cells)


def marks(table_id: str) -> Marks:
    """The printed marks of table *table_id*, read from its resource in the data package."""
    res = resource(table_id)
    dims = tuple(dimensions(res))

    def key(labels: dict[str, Any]) -> Key:
        return tuple(str(labels[d]) for d in dims)

    notes = tuple(
        Footnote(mark=f.get("mark", ""), text=f["text"], verbatim=bool(f.get("verbatim")),
                 cells=tuple(key(c) for c in f.get("cells") or []), header=f.get("header"))
        for f in res.get("footnotes") or [])
    return Marks(
        table_id=table_id,
        dims=dims,
        dashes=frozenset(key(c) for c in res.get("dashes") or []),
        percent_signs=tuple(res.get("percent_signs") or []),
        footnotes=notes,
        missing={key(m["cells"]): m.get("printed", "") for m in res.get("missing") or []},
    )


def number_text(table: Marks, key: Key, value: float, decimals: int | None = None) -> str:
    """The printed number of a cell without its footnote mark: ``-``, ``0``, ``15,9``, ``8%``."""
    if table.is_dash(key):
        return "-"
    text = fmt.number(value, decimals)
    return text + "%" if table.has_percent_sign(key) else text


def cell_text(table: Marks, key: Key, value: float | None, decimals: int | None = None) -> str:
    """The cell as the report prints it, as plain text: ``-``, ``0``, ``8%``, ``3*``, ``n.v.t.``.

    A cell without a number gives its printed word, or ``""`` where the report leaves it empty.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return table.missing.get(key, "")
    note = table.cell_note(key)
    return number_text(table, key, value, decimals) + (note.mark if note else "")


def dash_legend(table: Marks, printed_zero: bool) -> str | None:
    """A Dutch note that explains the "-" of a table that prints one without its own footnote.

    The report explains "-" (absoluut 0) and "0" (afgerond) once, under Tabel 2.2; the other
    tables use the same signs without saying so. *printed_zero*: the table also prints a 0.
    """
    if not table.dashes or table.explains_dash():
        return None
    if printed_zero:
        return ("Een streepje (-) staat voor absoluut nul, een 0 voor een waarde die op nul is "
                "afgerond (legenda bij Tabel 2.2).")
    return "Een streepje (-) staat voor absoluut nul (legenda bij Tabel 2.2)."


__all__ = ["DASH_SPOKEN", "Footnote", "Marks", "cell_text", "dash_legend", "marks",
           "number_text"]
