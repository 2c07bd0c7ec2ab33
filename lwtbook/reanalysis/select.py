"""The spec's cell selectors, read on top of :func:`lwtbook.cells.select`.

A selector names cells of a table as ``dim=label; dim=label``. A label may be

* ``a+b`` – the printed percentages are added (one share made of several answers);
* ``*`` – the unweighted mean over all labels of that dimension;
* ``prefix*`` – the one label that starts with *prefix* (for long labels);

and the whole selector may be

* ``t2_2: dim=label; …`` – cells of another table than the row's;
* ``proza:<line>=<value>`` – a percentage printed only in the report's text, on that line;
* ``waarde:<value>`` – a fixed percentage to compare with (``one-share`` rows).

Label look-up, the check that every dimension is named and the printed bases all come from
:mod:`lwtbook.cells`, so the re-analysis reads a cell exactly as the chapters and the claims
audit do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lwtbook import cells

__all__ = ["Selection", "select", "select_distribution", "select_groups"]

_PROSE = re.compile(r"proza:(\d+)=(\d+(?:\.\d+)?)")
_VALUE = re.compile(r"waarde:\s*(\d+(?:\.\d+)?)")
_OTHER_TABLE = re.compile(r"([a-z][a-z0-9_]*):\s*(.+)")


@dataclass(frozen=True)
class Selection:
    """What a selector picks: the percentage it stands for, its printed parts and base."""

    pct: float
    parts: tuple[float, ...]
    texts: tuple[str, ...]
    how: str  # "cell", "sum", "mean", "prose" or "value"
    n_printed: int | None
    table_id: str | None

    @property
    def half_width(self) -> float:
        """How far the true share can lie from :attr:`pct` through rounding alone."""
        if self.how == "value":
            return 0.0
        widths = [cells.half_width(t) for t in self.texts]
        if self.how == "mean":
            return sum(widths) / len(widths)
        return sum(widths)


def _split(text: str, table_id: str) -> tuple[str, list[tuple[str, str]]]:
    text = text.strip()
    match = _OTHER_TABLE.fullmatch(text)
    if match and "=" not in match.group(1):
        table_id, text = match.group(1), match.group(2)
    pairs = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        if "=" not in part:
            raise ValueError(f"selector part {part!r} is not dim=label")
        dim, label = (x.strip() for x in part.split("=", 1))
        pairs.append((dim, label))
    return table_id, pairs


def _labels(table_id: str, dim: str, label: str) -> list[str]:
    """The labels of *dim* a selector label stands for (exact, ``a+b``, ``prefix*`` or ``*``)."""
    known = cells.categories(table_id, dim)
    if label == "*":
        return known
    out = []
    for item in label.split("+"):
        if item.endswith("*"):
            hits = [k for k in known if k.startswith(item[:-1])]
            if len(hits) != 1:
                raise LookupError(f"{table_id}: prefix {item!r} of {dim!r} matches "
                                  f"{len(hits)} labels")
            out.append(hits[0])
        else:
            out.append(item)
    return out


def _cells(table_id: str, pairs: list[tuple[str, str]], free: Sequence[str] = ()) -> tuple[
        list[cells.Cell], dict[str, list[str]]]:
    where = {dim: _labels(table_id, dim, label) for dim, label in pairs}
    picked = cells.select(table_id, where, every_dimension=True, free=free)
    return picked, where


def _one_n(picked: Sequence[cells.Cell], what: str) -> int | None:
    ns = {c.n for c in picked}
    if len(ns) > 1:
        shown = sorted(("none" if n is None else str(n)) for n in ns)
        raise ValueError(f"{what}: the selected cells have different printed n's "
                         f"({', '.join(shown)})")
    return ns.pop() if ns else None


def select(selector: str, table_id: str) -> Selection:
    """Resolve a selector (see the module docstring) on the row's table *table_id*."""
    text = selector.strip()
    match = _PROSE.fullmatch(text)
    if match:
        value = float(match.group(2))
        return Selection(value, (value,), (match.group(2),), "prose", None, None)
    match = _VALUE.fullmatch(text)
    if match:
        value = float(match.group(1))
        return Selection(value, (value,), (match.group(1),), "value", None, None)
    table_id, pairs = _split(text, table_id)
    picked, where = _cells(table_id, pairs)
    expected = math.prod(len(v) for v in where.values())
    if len(picked) != expected:
        raise ValueError(f"{selector!r} on {table_id}: {len(picked)} cells, expected {expected}")
    stars = [dim for dim, label in pairs if label == "*"]
    sums = [dim for dim, label in pairs if "+" in label]
    if len(stars) + len(sums) > 1:
        raise ValueError(f"{selector!r}: at most one dimension may be summed or averaged")
    parts = tuple(c.value for c in picked)
    texts = tuple(c.text for c in picked)
    if stars:
        pct, how = sum(parts) / len(parts), "mean"
    elif sums:
        pct, how = sum(parts), "sum"
    else:
        pct, how = parts[0], "cell"
    return Selection(pct, parts, texts, how, _one_n(picked, selector), table_id)


def select_distribution(selector: str, table_id: str, answer_dim: str,
                        exclude: Sequence[str] = ()) -> tuple[dict[str, Selection], int | None]:
    """The printed distribution over *answer_dim*: label -> its :class:`Selection`, and the
    printed n. *exclude* drops labels (each must be a label of *answer_dim* in the table)."""
    table_id, pairs = _split(selector, table_id)
    if answer_dim in dict(pairs):
        raise ValueError(f"{selector!r} must not name the answer dimension {answer_dim!r}")
    known = cells.categories(table_id, answer_dim)
    bad = [c for c in exclude if c not in known]
    if bad:
        raise LookupError(f"{table_id}: exclude names labels that {answer_dim!r} lacks: "
                          f"{', '.join(bad)}")
    picked, _ = _cells(table_id, pairs, free=[answer_dim])
    picked = [c for c in picked if c.get(answer_dim) not in exclude]
    labels = [c.get(answer_dim) for c in picked]
    if len(set(labels)) != len(labels):
        raise ValueError(f"{selector!r} on {table_id} does not pick one distribution")
    dist = {c.get(answer_dim): Selection(c.value, (c.value,), (c.text,), "cell", c.n, table_id)
            for c in picked}
    return dist, _one_n(picked, selector)


def select_groups(selector: str, table_id: str, group_dim: str,
                  exclude: Sequence[str] = ()) -> dict[str, Selection]:
    """One share per label of *group_dim* (the groups of a "varies"/"most"/"least" claim):
    *selector* names every other dimension; *exclude* leaves groups out (totals, remainders)."""
    table_id, pairs = _split(selector, table_id)
    if group_dim in dict(pairs):
        raise ValueError(f"{selector!r} must not name the group dimension {group_dim!r}")
    groups = [g for g in cells.categories(table_id, group_dim) if g not in exclude]
    bad = [g for g in exclude if g not in cells.categories(table_id, group_dim)]
    if bad:
        raise LookupError(f"{table_id}: exclude names labels that {group_dim!r} lacks: "
                          f"{', '.join(bad)}")
    prefix = f"{table_id}: " if table_id else ""
    rest = "; ".join(f"{d}={label}" for d, label in pairs)
    return {g: select(f"{prefix}{rest}; {group_dim}={g}", table_id) for g in groups}
