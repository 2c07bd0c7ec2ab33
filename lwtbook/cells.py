"""Cells of the report's tables: the one way to pick printed numbers.

A *cell* is one printed number with everything needed to use it honestly: the table it comes
from, its dimension labels, its value and the text it was printed as (for its rounding), its
printed base n, and its line in the CSV. The claims audit, the re-analysis and the chapters all
select cells through :func:`select` and :func:`cell`, so they agree on what a label means.

>>> from lwtbook.cells import cell
>>> c = cell("t2_5", uitspraak="ik heb genoeg beroepsvaardigheden om te werken", groep="totaal")
>>> c.value, c.n, c.low, c.high          # 70.0, 954, 69.5, 70.5
>>> cell("t2_5", uitspraak="ik heb genoeg beroeps…", groep="totaal") == c   # a unique prefix
True

Tables are cached per data folder and keyed on the file's modification time and size, so an
edited copy (``LWTBOOK_DATA``) is seen at once.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lwtbook._package import DESCRIPTOR, data_dir, file_stamp

__all__ = ["ELLIPSIS", "Cell", "categories", "cell", "dimensions", "half_width", "resolve",
           "select", "table"]

#: A label that ends in this character names the one label of its dimension that starts with
#: the text before it (``"ik heb genoeg beroeps…"``), so long labels need not be typed in full.
ELLIPSIS = "…"


def half_width(text: str, *, stated: bool = False) -> float:
    """Half a unit of the last printed digit: ``"56"`` -> 0.5, ``"15.7"`` -> 0.05.

    A printed number stands for anything within this distance of it. With ``stated=True``
    (a number written in the prose, not a table cell) a round multiple of 1,000 from 10,000
    up is read as rounded to thousands: "62.000 leerlingen" -> ±500.
    """
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):
        return 0.0
    if stated and exponent == 0 and abs(number) >= 10000 and number % 1000 == 0:
        return 500.0
    return 0.5 * 10.0 ** exponent


@dataclass(frozen=True)
class Cell:
    """One printed number of a table."""

    table_id: str
    key: tuple[tuple[str, str], ...]
    value: float
    text: str
    n: int | None
    line: int
    #: An exact number (a count used as a base), not a rounded one.
    exact: bool = False

    def get(self, dim: str) -> str:
        """The label of dimension *dim*."""
        return dict(self.key)[dim]

    @property
    def half_width(self) -> float:
        """Rounding: the true value lies within ± this of :attr:`value`."""
        return 0.0 if self.exact else half_width(self.text)

    @property
    def low(self) -> float:
        return self.value - self.half_width

    @property
    def high(self) -> float:
        return self.value + self.half_width

    def ci(self, level: float | None = None) -> tuple[float, float]:
        """Wilson interval of this printed percentage (in %) at *level* (default: the
        settings' level). ValueError when the table prints no n for it."""
        from lwtbook.settings import current
        from lwtbook.stats import wilson_interval

        if self.n is None:
            raise ValueError(f"{self.table_id}: {self.where()} has no printed n")
        return wilson_interval(self.value, self.n, level or current().level)

    def where(self) -> str:
        """The cell's labels joined for a message: ``"groep=totaal; maat=…"``."""
        return "; ".join(f"{d}={v}" for d, v in self.key)


_CACHE: dict[tuple[str, str], tuple[tuple, tuple[Cell, ...]]] = {}


def dimensions(table_id: str, *, folder: Path | None = None) -> list[str]:
    """The dimension columns of a table (every field except ``value`` and ``n``)."""
    from lwtbook.data import dimensions as _dims
    from lwtbook.data import resource

    return _dims(resource(table_id, folder=folder))


def table(table_id: str, *, folder: Path | None = None) -> tuple[Cell, ...]:
    """All cells of a table in printed order (cached until its file changes).

    The numbers are those of :func:`lwtbook.load`, from the same checked reading
    (:func:`lwtbook.data.read_checked`): damage raises :class:`lwtbook.DataError`. The printed
    text of each value is kept for its rounding.
    """
    from lwtbook import data

    folder = folder or data_dir()
    path = data.table_path(table_id, folder=folder)
    root = os.path.abspath(folder)  # not Path.resolve(): this runs per look-up
    stamp = (file_stamp(path), file_stamp(folder / DESCRIPTOR))  # a changed schema counts too
    hit = _CACHE.get((root, table_id))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    res, checked = data.read_checked(table_id, folder=folder)
    dims = data.dimensions(res)
    cells = tuple(
        Cell(table_id, tuple((d, row[d]) for d in dims), float(row["value"]), row["value"],
             int(row["n"]) if row["n"] else None, line)
        for row, line in zip(checked.rows, checked.lines, strict=True)
    )
    _CACHE[(root, table_id)] = (stamp, cells)
    return cells



def categories(table_id: str, dim: str, *, folder: Path | None = None) -> list[str]:
    """The labels of dimension *dim* in printed order."""
    _check_dims(table_id, [dim], folder)
    return list(dict.fromkeys(c.get(dim) for c in table(table_id, folder=folder)))


def _check_dims(table_id: str, dims: Sequence[str], folder: Path | None) -> list[str]:
    known = dimensions(table_id, folder=folder)
    for dim in dims:
        if dim not in known:
            raise LookupError(f"{table_id}: no dimension {dim!r} (has {', '.join(known)})")
    return known


def _label(table_id: str, dim: str, label: str, present: Sequence[str]) -> str:
    """The label of *dim* that *label* names: itself, or the one that starts with it when it
    ends in :data:`ELLIPSIS`. LookupError otherwise, with the close or matching labels."""
    if label in present:
        return label
    if label.endswith(ELLIPSIS):
        hits = [p for p in present if p.startswith(label[:-1])]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise LookupError(f"{table_id}: {label!r} is the start of {len(hits)} labels of "
                              f"{dim!r} ({'; '.join(repr(h) for h in hits)}); write more of "
                              "the one meant")
    close = difflib.get_close_matches(label.removesuffix(ELLIPSIS), present, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise LookupError(f"{table_id}: {label!r} is not a label of {dim!r}{hint}")


def resolve(table_id: str, where: Mapping[str, str | Sequence[str]], *,
            folder: Path | None = None) -> dict[str, list[str]]:
    """The exact labels that *where* names, per dimension (see :func:`select`):
    ``{"uitspraak": "ik heb genoeg beroeps…"}`` -> ``{"uitspraak": ["ik heb genoeg
    beroepsvaardigheden om te werken"]}``. An unknown dimension or label, or a prefix that is
    the start of no label or of several, raises LookupError."""
    _check_dims(table_id, list(where), folder)
    return _resolve(table_id, where, table(table_id, folder=folder))


def _resolve(table_id: str, where: Mapping[str, str | Sequence[str]],
             everything: Sequence[Cell]) -> dict[str, list[str]]:
    resolved: dict[str, list[str]] = {}
    for dim, labels in where.items():
        present = list(dict.fromkeys(c.get(dim) for c in everything))
        resolved[dim] = [_label(table_id, dim, label, present)
                         for label in ([labels] if isinstance(labels, str) else labels)]
    return resolved


def select(table_id: str, where: Mapping[str, str | Sequence[str]], *,
           every_dimension: bool = False, free: Sequence[str] = (),
           folder: Path | None = None) -> list[Cell]:
    """The cells of *table_id* whose labels match *where*, in printed order.

    *where* maps a dimension to a label or a list of labels (any of them). A label is exact,
    or the unique start of a label followed by ``…`` (:data:`ELLIPSIS`) – a shorthand for the
    long statements of opinion tables; the cells keep their full labels. An unknown label
    raises LookupError with the close matches, a prefix of several labels one that names
    them. With ``every_dimension=True`` every dimension not in *free* must be named (so a
    selection cannot silently widen).
    """
    known = _check_dims(table_id, list(where), folder)
    if every_dimension:
        unnamed = [d for d in known if d not in where and d not in free]
        if unnamed:
            raise LookupError(f"{table_id}: the selection does not name {', '.join(unnamed)}")
    everything = table(table_id, folder=folder)  # one look-up; categories come from it
    wanted = {dim: set(labels) for dim, labels in _resolve(table_id, where, everything).items()}
    return [c for c in everything if all(c.get(d) in labels for d, labels in wanted.items())]


def cell(table_id: str, *, folder: Path | None = None, **where: str) -> Cell:
    """The one cell of *table_id* with these labels; LookupError unless exactly one matches."""
    hits = select(table_id, where, folder=folder)
    if len(hits) != 1:
        shown = "; ".join(f"{d}={v}" for d, v in where.items())
        raise LookupError(f"{table_id}: {shown!r} matches {len(hits)} cells, not 1")
    return hits[0]
