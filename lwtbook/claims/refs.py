"""Cell references of a claim and what is computed from them.

The ``cells`` column of ``claims.csv`` names the printed numbers a statement is about::

    cells     = set (" || " set)*                  independent sets (comparisons only)
    set       = side [" <> " side]                 two sides of a comparison
    side      = term (" | " term)*
    term      = ref ((" + " | " - ") ref)*          a signed sum of references
    ref       = number                             a constant printed in the prose (the
                                                   note says where)
              | [table ":"] ["n:"] selector         a cell of data/tables/<table>.csv
    selector  = dim "=" label ("; " dim "=" label)*

``dim`` is a dimension of the tidy CSV and ``label`` its value exactly as in the CSV; a
selector must match exactly one cell (:func:`lwtbook.cells.select` finds it, so claims see the
same cells as every other page). ``table`` defaults to the claim's ``table_id``; ``n:`` takes
the printed base instead of the value.

A printed table value stands for anything within half a unit of its last printed digit
(``15.7`` -> [15.65, 15.75]); printed bases (n) and constants are exact. Arithmetic on them is
interval arithmetic, so a computed value carries the rounding of its inputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lwtbook.cells import select
from lwtbook.rounding import Error, error_of

__all__ = [
    "DERIVATIONS",
    "Number",
    "Ref",
    "derive",
    "is_derived",
    "parse_cells",
    "parse_ref",
    "parse_sets",
    "resolve",
    "term_value",
]

#: How a number claim's terms become its checked value(s).
DERIVATIONS = ("", "each", "sum", "difference", "ratio", "percent", "mean", "weighted_mean",
               "max", "min", "rank", "count", "growth")

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class Ref:
    """One reference of a term: a constant or one cell (its value or its printed n)."""

    table: str | None
    selector: tuple[tuple[str, str], ...]
    base: bool = False
    constant: str | None = None

    def text(self) -> str:
        if self.constant is not None:
            return self.constant
        prefix = (f"{self.table}:" if self.table else "") + ("n:" if self.base else "")
        return prefix + "; ".join(f"{d}={v}" for d, v in self.selector)


@dataclass(frozen=True)
class Number:
    """A resolved number: point value, interval and printed base (if one cell), and the
    rounding errors it carries (one uniform interval per rounded cell, for
    :mod:`lwtbook.rounding`)."""

    value: float
    lo: float
    hi: float
    n: float | None = None
    errors: tuple[Error, ...] = ()


Term = list[tuple[int, Ref]]


def parse_ref(text: str) -> Ref:
    """``"t2_2:n:afdeling=totaal; groep=…"`` -> Ref; a bare number is a constant."""
    text = text.strip()
    if _NUMBER.match(text):
        return Ref(None, (), constant=text)
    head, eq, _ = text.partition("=")
    if not eq:
        raise ValueError(f"not a cell reference: {text!r}")
    prefixes = head.split(":")[:-1]
    rest = text[sum(len(p) + 1 for p in prefixes):]
    table = next((p for p in prefixes if p != "n"), None)
    pairs = []
    for item in re.split(r";\s*(?=[a-z_]+=)", rest):
        dim, _, label = item.partition("=")
        pairs.append((dim.strip(), label.strip()))
    return Ref(table, tuple(pairs), base="n" in prefixes)


def _terms(text: str) -> list[Term]:
    terms = []
    for term_text in (t for t in text.split(" | ") if t.strip()):
        parts = re.split(r" ([+-]) ", term_text.strip())
        signs = [1] + [1 if s == "+" else -1 for s in parts[1::2]]
        terms.append([(sign, parse_ref(ref)) for sign, ref in zip(signs, parts[::2],
                                                                      strict=True)])
    return terms


def parse_sets(text: str) -> list[tuple[list[Term], list[Term]]]:
    """A comparison's ``cells``: a list of sets, each as (left side, right side). Without
    ``" <> "`` the first term is the left side and the others the right side."""
    sets = []
    for set_text in (s for s in text.split(" || ") if s.strip()):
        if " <> " in set_text:
            left, right = set_text.split(" <> ", 1)
            sets.append((_terms(left), _terms(right)))
        else:
            terms = _terms(set_text)
            sets.append((terms[:1], terms[1:]))
    return sets


def parse_cells(text: str) -> list[Term]:
    """A number claim's ``cells``: its terms, each a list of (sign, Ref)."""
    if " || " in text or " <> " in text:
        raise ValueError("' || ' and ' <> ' are for comparisons only")
    return _terms(text)


def resolve(ref: Ref, default_table: str) -> Number:
    """The number a reference points to; LookupError unless exactly one cell matches."""
    if ref.constant is not None:
        x = float(ref.constant)
        return Number(x, x, x)
    table_id = ref.table or default_table
    if not table_id:
        raise LookupError(f"{ref.text()!r} names no table and the claim has no table_id")
    hits = select(table_id, dict(ref.selector))
    if len(hits) != 1:
        raise LookupError(f"{table_id}: {ref.text()!r} matches {len(hits)} cells, not 1")
    cell = hits[0]
    if ref.base:
        if cell.n is None:
            raise LookupError(f"{table_id}: {ref.text()!r} has no printed n")
        return Number(cell.n, cell.n, cell.n, cell.n)
    return Number(cell.value, cell.low, cell.high, cell.n, (error_of(cell.half_width),))


def term_value(term: Term, table_id: str) -> Number:
    """A signed sum of references, with its interval."""
    value = lo = hi = 0.0
    ns = []
    errors: list[Error] = []
    for sign, ref in term:
        num = resolve(ref, table_id)
        value += sign * num.value
        lo += num.lo if sign > 0 else -num.hi
        hi += num.hi if sign > 0 else -num.lo
        ns.append(num.n)
        errors.extend(num.errors if sign > 0 else [(-b, -a) for a, b in num.errors])
    return Number(value, lo, hi, ns[0] if len(ns) == 1 else None, tuple(errors))


def _divide(a: Number, b: Number, scale: float = 1.0) -> Number:
    if b.lo <= 0:
        raise ValueError("ratio with a denominator that may be zero or negative")
    corners = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi]
    return Number(scale * a.value / b.value, scale * min(corners), scale * max(corners))


def total(numbers: Iterable[Number]) -> Number:
    """The sum of several numbers (intervals add)."""
    numbers = list(numbers)
    return Number(sum(x.value for x in numbers), sum(x.lo for x in numbers),
                  sum(x.hi for x in numbers))


def derive(cells: str, derivation: str, table_id: str) -> list[Number]:
    """The checked value(s) of a number claim: one Number, or one per term for each/growth.

    ================  =============================================================
    (empty)           one term: its value
    ``each``          every term separately: the claim must hold for each of them
    ``sum``           sum of the terms
    ``difference``    first term minus the sum of the others
    ``ratio``         first term divided by the sum of the others
    ``percent``       100 × first term / sum of the others
    ``mean``          unweighted mean of the terms
    ``weighted_mean`` mean of the terms weighted by their printed n
    ``max``, ``min``  the largest / smallest term
    ``rank``          rank of the first term among all terms (1 = largest)
    ``count``         the number of terms ("de vier onderdelen")
    ``growth``        each term divided by the previous one (checked one by one)
    ================  =============================================================
    """
    if derivation not in DERIVATIONS:
        raise ValueError(f"unknown derivation {derivation!r}")
    terms = [term_value(t, table_id) for t in parse_cells(cells)]
    if not terms:
        raise ValueError("no cells")
    first, rest = terms[0], terms[1:]
    if derivation == "":
        if rest:
            raise ValueError("several terms need a derivation")
        return [first]
    if derivation == "each":
        return terms
    if derivation == "growth":
        return [_divide(b, a) for a, b in zip(terms, rest, strict=False)]
    if derivation == "sum":
        return [total(terms)]
    if derivation == "difference":
        other = total(rest)
        return [Number(first.value - other.value, first.lo - other.hi, first.hi - other.lo)]
    if derivation in ("ratio", "percent"):
        return [_divide(first, total(rest), 100.0 if derivation == "percent" else 1.0)]
    if derivation == "mean":
        k = len(terms)
        summed = total(terms)
        return [Number(summed.value / k, summed.lo / k, summed.hi / k)]
    if derivation == "weighted_mean":
        if any(t.n is None for t in terms):
            raise ValueError("weighted_mean needs a printed n for every term")
        w = sum(t.n for t in terms)
        return [Number(sum(t.n * t.value for t in terms) / w, sum(t.n * t.lo for t in terms) / w,
                       sum(t.n * t.hi for t in terms) / w)]
    if derivation == "count":
        return [Number(len(terms), len(terms), len(terms))]
    if derivation in ("max", "min"):
        pick = max if derivation == "max" else min
        return [Number(pick(t.value for t in terms), pick(t.lo for t in terms),
                       pick(t.hi for t in terms))]
    # rank: 1 + the number of other terms that are (or may be) larger
    point = 1 + sum(t.value > first.value for t in rest)
    best = 1 + sum(t.lo > first.hi for t in rest)
    worst = 1 + sum(t.hi > first.lo for t in rest)
    return [Number(point, best, worst)]


def is_derived(cells: str, derivation: str) -> bool:
    """Is the claim checked against a computation (rather than printed cells as such)?"""
    if derivation not in ("", "each"):
        return True
    return any(len(term) > 1 for term in parse_cells(cells))


def references(cells: str) -> list[Ref]:
    """Every reference in a ``cells`` string (number claims and comparisons alike)."""
    out = []
    for set_text in cells.split(" || "):
        for side in set_text.split(" <> "):
            for term in _terms(side):
                out.extend(ref for _, ref in term)
    return out
