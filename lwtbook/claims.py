"""The claims audit: every number in the report's prose, checked against the report's tables.

``data/claims.csv`` holds one row per numeric statement in the management summary and chapters
1–7. A person maps each statement to a number and to the table cells it speaks about; this module
computes the rest – the checked value and the verdict – so the verdicts cannot drift from the data.
Run ``python -m lwtbook.claims`` to rewrite the computed columns (``--check`` only reports).

Columns
-------
Typed by hand: ``claim_id``, ``line`` (1-based line of the report's text version), ``section``,
``quote`` (≤ 12 words, ``…`` for a gap), ``value`` (the number the words state; verbal
quantities mapped by the rules in ``data/notes/claims-rules.md``), ``value_rule`` (how the words
were read: ``literal``, ``tweederde``, ``ruim een kwart``, ``bijna X`` …), ``unit`` (``%`` for
percentages; ``aantal``, ``jaar``, ``euro``, ``dagen``, ``uur``, ``minuten``, ``ratio``, ``rang``
otherwise), ``value_range`` (``lo–hi`` when the prose states a range, else empty), ``table_id``,
``cells`` and ``derivation`` (below), ``relation`` (``equals``: one cell or each of several
cells; ``derived``: a computation on cells; ``none``: no table can check it; ``same-as:<id>``:
the same fact as claim <id>), ``judgement`` (``computed`` or ``manual``) and ``note``.

Computed here: ``accepted`` (the range the rule accepts for the true value), ``checked_value``
(the cell or derived value; several values joined by `` | ``), ``inconsistent_with`` (claims of
the same fact whose accepted ranges exclude this one) and ``verdict``.

Cell references (column ``cells``)
----------------------------------
::

    cells     = term (" | " term)*
    term      = ref ((" + " | " - ") ref)*          a signed sum of references
    ref       = number                             a constant (a number printed in the prose;
                                                   the note says where)
              | [table ":"] ["n:"] selector         a cell of data/tables/<table>.csv
    selector  = dim "=" label ("; " dim "=" label)*

``dim`` is a dimension column of the tidy CSV and ``label`` its value exactly as in the CSV. A
selector must match exactly one row. ``table`` defaults to the claim's ``table_id``; ``n:``
takes the printed base (the ``n`` column) instead of the value. Example::

    uitspraak=ik heb genoeg beroepsvaardigheden om te werken; groep=totaal

Derivations (column ``derivation``)
-----------------------------------
=================  ===================================================================
(empty)            one term: its value
``each``           every term separately: the claim must hold for each of them
``sum``            sum of the terms
``difference``     first term minus the sum of the others
``ratio``          first term divided by the sum of the others
``percent``        100 × first term / sum of the others
``mean``           unweighted mean of the terms
``weighted_mean``  mean of the terms weighted by their printed n
``max``, ``min``   the largest / smallest term
``rank``           rank of the first term among all terms (1 = largest)
``count``          the number of terms (for "de vier onderdelen" and the like)
``growth``         each term divided by the previous one (checked one by one)
=================  ===================================================================

Arithmetic is done on intervals: a printed table value stands for anything within half a unit
of its last printed digit (``15.7`` → [15.65, 15.75]); printed bases (n) and constants are exact.
A claim agrees with its cells when the accepted range of its rule and the interval of the
checked value overlap.

Tolerance (the unified rule table, see ``accepted``)
----------------------------------------------------
A stated share X has a tolerance w = min(5, 0.5 + d/5) percentage points, d being the distance of
X to 0 or 100 % (other units: w = 10 % of X). Plain words and ``zo'n``/``ongeveer``/``rond``
accept [X − w, X + w]; ``ruim`` (X, X + w]; ``bijna`` [X − w, X); ``meer dan`` (X, X + 2w];
``minder dan`` [X − 2w, X); majority words (50, 100]; ``vrijwel alle`` and the like [90, 100];
``literal`` ± half a unit of the last printed digit; ``verdubbeld`` a factor in [1.8, 2.2].

Verdicts
--------
``matches`` / ``contradicts`` – one cell (or each of several) does / does not fall in the
accepted range; ``derived-ok`` / ``derived-off`` – the same for a computed value;
``inconsistent`` – the prose states the same fact (a ``same-as`` group) elsewhere with a value
whose accepted range does not overlap this one, and no table settles it in this claim's favour;
``prose-only`` – no table can check it. A table's verdict against a claim outranks an
inconsistency. ``manual`` rows keep the verdict typed in the CSV; their note says why.

The draft's free-text ``cells_hint`` column is gone: its content is in ``cells`` and ``note``.
``evidence_frame``, ``clash_frame``, ``nl_interval`` and ``place`` prepare the findings for the
book (chapter "Controle van de cijfers").
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from lwtbook._package import data_dir, table_resources
from lwtbook.cells import half_width
from lwtbook.data import load

VERDICTS = ("matches", "contradicts", "derived-ok", "derived-off", "inconsistent", "prose-only")
DERIVATIONS = ("", "each", "sum", "difference", "ratio", "percent", "mean", "weighted_mean",
               "max", "min", "rank", "count", "growth")
UNITS = ("%", "aantal", "jaar", "euro", "dagen", "uur", "minuten", "ratio", "rang")
INPUT_COLUMNS = ("claim_id", "line", "section", "quote", "value", "value_rule", "unit",
                 "value_range", "table_id", "cells", "derivation", "relation", "judgement")
COMPUTED_COLUMNS = ("accepted", "checked_value", "inconsistent_with", "verdict")
COLUMNS = (*INPUT_COLUMNS, *COMPUTED_COLUMNS, "note")

# --- the rule table (data/notes/claims-rules.md documents the same numbers) ----------------

#: Verbal fractions and the share (in %) they stand for.
FRACTIONS: dict[str, float] = {
    "de helft": 50,
    "eenderde": 100 / 3,
    "tweederde": 200 / 3,
    "een kwart": 25,
    "driekwart": 75,
    "één op de vijf": 20,
    "twee op de vijf": 40,
    "drie op de vijf": 60,
    "vier op de vijf": 80,
    "één op de tien": 10,
    "negen op de tien": 90,
    "één op de acht": 12.5,
    "één op de twintig": 5,
}
#: Other spellings of the same fractions.
ALIASES = {"éénderde": "eenderde", "eénderde": "eenderde", "een derde": "eenderde",
           "éénvijfde": "één op de vijf", "een vijfde": "één op de vijf",
           "viervijfde": "vier op de vijf"}
#: Modifiers: (lower, upper) in units of the tolerance w, and whether each end is open.
MODIFIERS: dict[str, tuple[float, float, bool, bool]] = {
    "": (-1, 1, False, False),
    "zo'n": (-1, 1, False, False),
    "ongeveer": (-1, 1, False, False),
    "rond": (-1, 1, False, False),
    "ruim": (0, 1, True, False),
    "iets meer dan": (0, 1, True, False),
    "iets boven": (0, 1, True, False),
    "bijna": (-1, 0, False, True),
    "meer dan": (0, 2, True, False),
    "minder dan": (-2, 0, False, True),
    "nog niet": (-2, 0, False, True),
    "minimaal": (0, math.inf, False, False),
    "tenminste": (0, math.inf, False, False),
}
#: Quantifier words with a fixed accepted range (in %).
MAJORITY = ("meerderheid", "merendeel", "de meeste", "meestal")
NEARLY_ALL = ("vrijwel alle", "bijna alle", "bijna iedereen", "vrijwel iedereen",
              "vrijwel allemaal", "bijna allemaal", "vrijwel altijd")
DOUBLING = ("verdubbeld", "verdubbelt")
#: The tolerance w: at most 5 percentage points, narrowed near 0 and 100 % to a fifth of the
#: distance to the nearer end plus half a point; for other units 10 % of the number.
PERCENT_STEP = 5.0
RELATIVE_STEP = 0.10


@dataclass(frozen=True)
class Interval:
    """A closed (or half-open, for rule ranges) interval of possible true values."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def contains(self, x: float) -> bool:
        above = self.lo < x or (self.lo == x and not self.lo_open)
        below = x < self.hi or (x == self.hi and not self.hi_open)
        return above and below

    def overlaps(self, other: Interval) -> bool:
        """Overlap of positive length. Two ranges that only touch do not overlap (a printed 41
        and a printed 42 differ), but an exact value (a point) may lie on a closed end."""
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        if lo < hi:
            return True
        point = self.lo == self.hi or other.lo == other.hi
        return lo == hi and point and self.contains(lo) and other.contains(lo)

    def distance(self, x: float) -> float:
        """How far *x* lies outside the interval (0 inside)."""
        return max(self.lo - x, x - self.hi, 0.0)

    def text(self) -> str:
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open else "]"
        hi = "∞" if math.isinf(self.hi) else fmt(self.hi)
        return f"{left}{fmt(self.lo)}, {hi}{right}"


def fmt(x: float) -> str:
    """A number for the CSV: decimal point, at most two decimals, no trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def half_unit(text: str) -> float:
    """Half of the last digit of a number stated in the prose (see
    :func:`lwtbook.cells.half_width`): "56" -> 0.5, "62000" -> 500."""
    return half_width(text, stated=True)


def _split_rule(rule: str) -> tuple[str, str]:
    """``"ruim een kwart"`` -> (``"ruim"``, ``"een kwart"``); longest modifier first."""
    for mod in sorted((m for m in MODIFIERS if m), key=len, reverse=True):
        if rule.startswith(mod + " "):
            return mod, rule[len(mod) + 1:]
    return "", rule


def tolerance(value: float, unit: str = "%") -> float:
    """The tolerance w of a stated quantity: ``min(5, 0.5 + d/5)`` percentage points with d
    the distance of *value* to 0 or 100 % (so 50 -> 5, 20 -> 4.5, 10 -> 2.5, 5 -> 1.5);
    10 % of *value* for counts and other units."""
    if unit != "%":
        return RELATIVE_STEP * abs(value)
    return min(PERCENT_STEP, 0.5 + min(value, 100 - value) / 5)


def _clip(interval: Interval, unit: str) -> Interval:
    if unit != "%":
        return interval
    return Interval(max(interval.lo, 0.0), min(interval.hi, 100.0),
                    interval.lo_open and interval.lo > 0, interval.hi_open and interval.hi < 100)


def accepted(value: str, rule: str, unit: str, value_range: str = "") -> Interval:
    """The range of true values the words of a claim allow (the unified rule table)."""
    rule = rule.strip().lower().replace("’", "'")
    x = float(value)
    if value_range:
        lo_text, hi_text = re.split(r"\s*[–-]\s*", value_range.strip())
        lo, hi = float(lo_text), float(hi_text)
        if rule == "literal" or rule.endswith(" x"):
            return Interval(lo - half_unit(lo_text), hi + half_unit(hi_text))
        return _clip(Interval(lo - tolerance(lo, unit), hi + tolerance(hi, unit)), unit)
    if rule in ("literal", "ordinal"):
        h = half_unit(value)
        return Interval(x - h, x + h)
    if rule in MAJORITY:
        return Interval(50, 100, lo_open=True)
    if rule in NEARLY_ALL:
        return Interval(90, 100)
    if rule in DOUBLING:
        return Interval(1.8, 2.2)
    if rule == "precies de helft":
        return Interval(49.5, 50.5)
    mod, base = _split_rule(rule)
    base = ALIASES.get(base, base)
    if base in FRACTIONS:
        centre, unit = FRACTIONS[base], "%"
    elif base == "x":
        centre = x
    else:
        raise ValueError(f"no rule for value_rule {rule!r}")
    w = tolerance(centre, unit)
    k_lo, k_hi, lo_open, hi_open = MODIFIERS[mod]
    hi = math.inf if math.isinf(k_hi) else centre + k_hi * w
    return _clip(Interval(centre + k_lo * w, hi, lo_open, hi_open), unit)


# --- cell references ------------------------------------------------------------------------

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
    """A resolved number: point value, interval and printed base."""

    value: float
    lo: float
    hi: float
    n: float | None = None


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parse_cells(text: str) -> list[list[tuple[int, Ref]]]:
    """Parse a ``cells`` string into terms; each term is a list of (sign, Ref)."""
    terms = []
    for term_text in (t for t in text.split(" | ") if t.strip()):
        parts = re.split(r" ([+-]) ", term_text.strip())
        signs = [1] + [1 if s == "+" else -1 for s in parts[1::2]]
        terms.append([(sign, parse_ref(ref)) for sign, ref in zip(signs, parts[::2],
                                                                      strict=True)])
    return terms


def parse_ref(text: str) -> Ref:
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


@cache
def _table(table_id: str) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """A table with the printed text of each value (for its rounding)."""
    df = load(table_id)
    raw = pd.read_csv(data_dir() / table_resources()[table_id]["path"], dtype=str,
                      keep_default_na=False)
    df = df.assign(value_text=raw["value"].to_numpy())
    dims = tuple(c for c in df.columns if c not in ("value", "n", "value_text"))
    return df, dims


def resolve(ref: Ref, default_table: str) -> Number:
    """The number a reference points to; raises LookupError unless exactly one row matches."""
    if ref.constant is not None:
        x = float(ref.constant)
        return Number(x, x, x)
    table_id = ref.table or default_table
    df, dims = _table(table_id)
    mask = pd.Series(True, index=df.index)
    for dim, label in ref.selector:
        if dim not in dims:
            raise LookupError(f"{table_id}: no dimension {dim!r} (has {', '.join(dims)})")
        mask &= df[dim] == label
    hits = df[mask]
    if len(hits) != 1:
        raise LookupError(f"{table_id}: {ref.text()!r} matches {len(hits)} rows")
    row = hits.iloc[0]
    n = None if pd.isna(row["n"]) else float(row["n"])
    if ref.base:
        if n is None:
            raise LookupError(f"{table_id}: {ref.text()!r} has no printed n")
        return Number(n, n, n, n)
    h = half_width(row["value_text"])
    return Number(float(row["value"]), row["value"] - h, row["value"] + h, n)


def _term(term: list[tuple[int, Ref]], table_id: str) -> Number:
    value = lo = hi = 0.0
    ns = []
    for sign, ref in term:
        num = resolve(ref, table_id)
        value += sign * num.value
        lo += num.lo if sign > 0 else -num.hi
        hi += num.hi if sign > 0 else -num.lo
        ns.append(num.n)
    return Number(value, lo, hi, ns[0] if len(ns) == 1 else None)


def _divide(a: Number, b: Number, scale: float = 1.0) -> Number:
    if b.lo <= 0:
        raise ValueError("ratio with a denominator that may be zero or negative")
    corners = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi]
    return Number(scale * a.value / b.value, scale * min(corners), scale * max(corners))


def _total(numbers: Iterable[Number]) -> Number:
    numbers = list(numbers)
    return Number(sum(x.value for x in numbers), sum(x.lo for x in numbers),
                  sum(x.hi for x in numbers))


def derive(cells: str, derivation: str, table_id: str) -> list[Number]:
    """The checked value(s) of a claim: one Number, or one per term for each/growth."""
    if derivation not in DERIVATIONS:
        raise ValueError(f"unknown derivation {derivation!r}")
    terms = [_term(t, table_id) for t in parse_cells(cells)]
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
        return [_total(terms)]
    if derivation == "difference":
        other = _total(rest)
        return [Number(first.value - other.value, first.lo - other.hi, first.hi - other.lo)]
    if derivation in ("ratio", "percent"):
        return [_divide(first, _total(rest), 100.0 if derivation == "percent" else 1.0)]
    if derivation == "mean":
        k = len(terms)
        total = _total(terms)
        return [Number(total.value / k, total.lo / k, total.hi / k)]
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


# --- verdicts -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    accepted: Interval
    checked: list[Number]
    table_verdict: str | None


def check(claim: dict[str, str]) -> Result:
    """Compare one claim with its cells (without looking at other claims)."""
    interval = accepted(claim["value"], claim["value_rule"], claim["unit"],
                        claim.get("value_range", ""))
    if not claim["cells"].strip():
        return Result(interval, [], None)
    checked = derive(claim["cells"], claim["derivation"], claim["table_id"])
    ok = all(interval.overlaps(Interval(x.lo, x.hi)) for x in checked)
    derived = is_derived(claim["cells"], claim["derivation"])
    verdict = ("derived-ok" if ok else "derived-off") if derived else \
        ("matches" if ok else "contradicts")
    return Result(interval, checked, verdict)


def same_as_groups(claims: list[dict[str, str]]) -> dict[str, list[str]]:
    """Claims linked by ``same-as`` (in either direction, transitively), by claim id."""
    parent = {c["claim_id"]: c["claim_id"] for c in claims}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in claims:
        if c["relation"].startswith("same-as:"):
            a, b = root(c["claim_id"]), root(c["relation"].removeprefix("same-as:"))
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for c in claims:
        groups.setdefault(root(c["claim_id"]), []).append(c["claim_id"])
    return {cid: groups[root(cid)] for cid in parent}


BAD = ("contradicts", "derived-off")
GOOD = ("matches", "derived-ok")


def audit(claims: list[dict[str, str]]) -> list[dict[str, str]]:
    """Compute accepted, checked_value, inconsistent_with and verdict for every claim."""
    results = {c["claim_id"]: check(c) for c in claims}
    table_verdict = {}
    for c in claims:
        own = results[c["claim_id"]].table_verdict
        manual = c["judgement"] == "manual" and c.get("verdict") in (*GOOD, *BAD)
        table_verdict[c["claim_id"]] = c["verdict"] if manual else own
    groups = same_as_groups(claims)
    by_id = {c["claim_id"]: c for c in claims}
    out = []
    for c in claims:
        cid = c["claim_id"]
        res = results[cid]
        clash = [o for o in groups[cid]
                 if o != cid and not res.accepted.overlaps(results[o].accepted)]
        own = table_verdict[cid]
        settled = own in GOOD and all(table_verdict[o] in BAD for o in clash)
        if own in BAD:
            verdict = own
        elif clash and not settled:
            verdict = "inconsistent"
        else:
            verdict = own or "prose-only"
        if c["judgement"] == "manual":
            verdict = c["verdict"]
        row = dict(c)
        row["accepted"] = res.accepted.text()
        row["checked_value"] = " | ".join(fmt(x.value) for x in res.checked)
        row["inconsistent_with"] = " | ".join(
            f"{o} (regel {by_id[o]['line']})" for o in clash)
        row["verdict"] = verdict
        out.append(row)
    return out


# --- files ----------------------------------------------------------------------------------

def claims_path() -> Path:
    return data_dir() / "claims.csv"


def read_claims(path: Path | None = None) -> list[dict[str, str]]:
    with open(path or claims_path(), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_claims(rows: list[dict[str, str]], path: Path | None = None) -> None:
    with open(path or claims_path(), "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in COLUMNS})


def load_claims(path: Path | None = None) -> pd.DataFrame:
    """The audited claims as a DataFrame (all columns as text, ``line`` as int) plus
    ``chapter`` ('0' for the management summary)."""
    df = pd.DataFrame(read_claims(path), columns=list(COLUMNS)).astype("string")
    df["line"] = df["line"].astype(int)
    df["chapter"] = df["section"].map(chapter)
    return df


def chapter(section: str) -> str:
    """'2.3' -> '2'; 'Management summary' -> '0'."""
    return "0" if section.lower().startswith("management") else section.split(".")[0]


def label(section: str) -> str:
    """The book's label for the place of a claim: 'sec-2-3' (H2 level) or 'h0'/'h<ch>'."""
    ch = chapter(section)
    parts = section.split(".")
    return f"sec-{ch}-{parts[1]}" if ch != "0" and len(parts) > 1 else f"h{ch}"


def evidence(claim: dict[str, str]) -> list[tuple[str, str]]:
    """The cells of a claim as (reference, printed value) pairs, for display."""
    out = []
    for term in parse_cells(claim["cells"]):
        for sign, ref in term:
            num = resolve(ref, claim["table_id"])
            text = ref.text() if ref.constant is None else f"{ref.constant} (uit de tekst)"
            out.append(((" − " if sign < 0 else "") + text, fmt(num.value)))
    return out


# --- views for the book ---------------------------------------------------------------------

def _nl(x: float) -> str:
    from lwtbook.tables import nl_number

    return nl_number(round(x, 1))


def nl_interval(claim: dict[str, str]) -> str:
    """The accepted range in Dutch words: '61,7–71,7%', 'boven 25 t/m 30%', 'vanaf 45 tot 50%',
    'boven 50%', 'minstens 2'."""
    iv = accepted(claim["value"], claim["value_rule"], claim["unit"], claim.get("value_range", ""))
    pct = "%" if claim["unit"] == "%" else ""
    if math.isinf(iv.hi):
        return f"minstens {_nl(iv.lo)}{pct}"
    if iv.lo_open and iv.hi == 100 and pct:
        return f"boven {_nl(iv.lo)}%"
    if iv.lo_open:
        return f"boven {_nl(iv.lo)} t/m {_nl(iv.hi)}{pct}"
    if iv.hi_open:
        return f"vanaf {_nl(iv.lo)} tot {_nl(iv.hi)}{pct}"
    return f"{_nl(iv.lo)}–{_nl(iv.hi)}{pct}"


def cells_text(claim: dict[str, str]) -> str:
    """The cells of a claim in words: 'label / label: value', joined by ' | '."""
    parts = []
    for term in parse_cells(claim["cells"]):
        items = []
        for sign, ref in term:
            num = resolve(ref, claim["table_id"])
            if ref.constant is not None:
                items.append(f"{'− ' if sign < 0 else ''}{_nl(num.value)} (tekst)")
                continue
            where = " / ".join(label for _, label in ref.selector)
            table = f"{ref.table}: " if ref.table and ref.table != claim["table_id"] else ""
            base = "n van " if ref.base else ""
            items.append(f"{'− ' if sign < 0 else ''}{table}{base}{where}: {_nl(num.value)}")
        parts.append(" + ".join(items).replace("+ − ", "− "))
    return " | ".join(parts)


def gap(claim: dict[str, str]) -> float:
    """How far the checked value(s), as printed or computed, lie outside the accepted range."""
    if not claim["cells"]:
        return 0.0
    iv = accepted(claim["value"], claim["value_rule"], claim["unit"], claim.get("value_range", ""))
    nums = derive(claim["cells"], claim["derivation"], claim["table_id"])
    return max(iv.distance(x.value) for x in nums)


def place(section: str) -> str:
    """'paragraaf 2.3' or 'de samenvatting' for a claim's section."""
    ch = chapter(section)
    if ch == "0":
        return "de samenvatting"
    parts = section.split(".")
    return f"paragraaf {'.'.join(parts[:2])}" if len(parts) > 1 else f"hoofdstuk {ch}"


def evidence_frame(verdicts: Iterable[str], path: Path | None = None) -> pd.DataFrame:
    """Claims with the given verdicts, side by side with their evidence (Dutch headers)."""
    rows = [r for r in read_claims(path) if r["verdict"] in tuple(verdicts)]
    return pd.DataFrame({
        "uitspraak": [r["claim_id"] for r in rows],
        "waar": [f"{place(r['section'])}, regel {r['line']}" for r in rows],
        "citaat": [f"‘{r['quote']}’" for r in rows],
        "gelezen als": [r["value_rule"].replace(" X", f" {r['value']}") if r["value_rule"] !=
                        "literal" else r["value"].replace(".", ",") for r in rows],
        "toegestaan": [nl_interval(r) for r in rows],
        "tabel": [r["table_id"] for r in rows],
        "cel(len)": [cells_text(r) for r in rows],
        "gevonden": [" | ".join(_nl(float(x)) for x in r["checked_value"].split(" | "))
                     if r["checked_value"] else "" for r in rows],
        "buiten de marge": [_nl(gap(r)) for r in rows],
        "oordeel": [r["verdict"] for r in rows],
    })


def clash_frame(path: Path | None = None) -> pd.DataFrame:
    """Every same-as group with a clash: its statements side by side (Dutch headers)."""
    rows = read_claims(path)
    by_id = {r["claim_id"]: r for r in rows}
    groups = same_as_groups(rows)
    seen: list[list[str]] = []
    for r in rows:
        group = sorted(groups[r["claim_id"]], key=lambda c: int(by_id[c]["line"]))
        if r["inconsistent_with"] and group not in seen:
            seen.append(group)
    out = []
    for k, group in enumerate(seen, start=1):
        for cid in group:
            r = by_id[cid]
            out.append({"groep": k, "uitspraak": cid,
                        "waar": f"{place(r['section'])}, regel {r['line']}",
                        "citaat": f"‘{r['quote']}’", "toegestaan": nl_interval(r),
                        "botst met": ", ".join(x.split(" ")[0] for x in
                                               r["inconsistent_with"].split(" | ") if x),
                        "oordeel": r["verdict"]})
    return pd.DataFrame(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lwtbook.claims",
                                     description="Recompute the verdicts of data/claims.csv.")
    parser.add_argument("path", nargs="?", default=None, help="claims CSV (default: data/)")
    parser.add_argument("--check", action="store_true",
                        help="only report rows whose computed columns are out of date")
    args = parser.parse_args(argv)
    path = Path(args.path) if args.path else claims_path()
    rows = read_claims(path)
    new = audit(rows)
    stale = [r["claim_id"] for r, n in zip(rows, new, strict=True)
             if any(r.get(k, "") != n[k] for k in COMPUTED_COLUMNS)]
    if args.check:
        for cid in stale:
            print(f"out of date: {cid}")
        return 1 if stale else 0
    write_claims(new, path)
    counts = pd.Series([r["verdict"] for r in new]).value_counts()
    print(f"{len(new)} claims, {len(stale)} updated: "
          + ", ".join(f"{v} {counts.get(v, 0)}" for v in VERDICTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
