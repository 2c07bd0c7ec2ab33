"""The register of the report's inconsistencies: a systematic scan of all its tables.

Every table of the data package is scanned for seven kinds (tiers) of inconsistency:

``impossible``
    The report's own arithmetic (the checks declared in ``datapackage.json``: distributions
    that add up to 100, totals, weighted totals, ratios, repeated tables) fails, and no choice
    of unrounded numbers within the rounding of the printed ones repairs it.
``improbable``
    The arithmetic holds within rounding, but only just: independent rounding errors
    (uniform within half a unit of each printed number; a printed ``0`` only rounded down, a
    printed ``-`` exact) produce a deviation this large with probability below
    :attr:`Settings.improbable_p`. The probability is exact (:mod:`lwtbook.rounding`).
``grim``
    A percentage that no whole count out of its base n can give (the GRIM test), with the
    base printed beside it or given as a weight by a check (Tabel 1.1's counts for Tabel 2.1).
``bases``
    A base that cannot be the number of respondents: in a table where several answers were
    possible, a printed n above the respondents of that survey and wave (the largest base of a
    single-answer distribution), or columns of one table on different bases (one adding up to
    about 100 %, another to far more).
``repetition``
    Two distributions of at least three shares, printed identically although their bases
    differ; with the (approximate) probability that two independent samples of those sizes
    round to the very same shares.
``between-tables``
    The same quantity printed differently in two tables (:data:`CORRESPONDENCES` lists every
    pair this edition could identify; each is checked).
``labelling``
    A title that names a group the table does not print, or that promises an order the rows
    do not have.

:func:`scan` returns the findings; ``data/anomalies.csv`` declares them, and validation
(:func:`reconcile`, called by :func:`lwtbook.validate.find_problems`) accepts exactly the
declared ones: an undeclared finding, or a declared one that no longer holds, is a problem.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from lwtbook.cells import Cell
from lwtbook.checks import check_groups, check_id, parts, run_check, weight_cells
from lwtbook.rounding import Error, error_of, tail
from lwtbook.settings import current

__all__ = [
    "CORRESPONDENCES",
    "TIERS",
    "Finding",
    "counts",
    "declared",
    "findings",
    "reconcile",
    "scan",
    "scan_folder",
    "tested",
]

TIERS = ("impossible", "improbable", "grim", "bases", "repetition", "between-tables",
         "labelling")
#: Columns of ``anomalies.csv``.
COLUMNS = ("tier", "table_id", "check", "cells", "tables", "evidence", "size", "probability")


@dataclass(frozen=True)
class Finding:
    """One inconsistency: what, where, how large and (where it applies) how probable."""

    tier: str
    table_id: str
    check: str
    cells: str
    tables: tuple[str, ...]
    evidence: str
    size: float
    probability: float | None = None
    line: int = 1
    #: The numbers behind the evidence, for texts in other words (the audit page's Dutch).
    facts: tuple[tuple[str, Any], ...] = ()

    def fact(self, name: str) -> Any:
        """One of :attr:`facts` (KeyError naming what there is)."""
        found = dict(self.facts)
        if name not in found:
            raise KeyError(f"{self.tier} finding has no fact {name!r}; it has {list(found)}")
        return found[name]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.tier, self.table_id, self.check, self.cells)

    def row(self) -> dict[str, str]:
        """The finding as a row of ``anomalies.csv``."""
        return {"tier": self.tier, "table_id": self.table_id, "check": self.check,
                "cells": self.cells, "tables": " | ".join(self.tables),
                "evidence": self.evidence, "size": _num(self.size),
                "probability": "" if self.probability is None else _prob(self.probability)}


def _num(x: float) -> str:
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _prob(p: float) -> str:
    """Three significant digits, without an exponent (the data package's number format)."""
    if p == 0:
        return "0"
    digits = max(0, 2 - math.floor(math.log10(abs(p))))
    return f"{p:.{digits}f}".rstrip("0").rstrip(".")


Cells = Mapping[str, Sequence[Cell]]
Resources = Mapping[str, Mapping[str, Any]]


def _dashes(res: Mapping[str, Any]) -> set[tuple[tuple[str, str], ...]]:
    """Keys of the cells printed as '-' (absolutely nothing; the CSV stores 0). A malformed
    entry is skipped here: validation reports it at its line in ``datapackage.json``."""
    out = set()
    dims = [f["name"] for f in res["schema"]["fields"] if f["name"] not in ("value", "n")]
    for where in res.get("dashes") or []:
        if isinstance(where, Mapping) and set(where) == set(dims) and all(
                isinstance(v, str) for v in where.values()):
            out.add(tuple((d, where[d]) for d in dims))
    return out


def _error(cell: Cell, dashes: set, scale: float = 1.0) -> Error:
    return error_of(cell.half_width, printed_zero=cell.value == 0 and cell.key not in dashes,
                    dash=cell.key in dashes, scale=scale)


def _unit(res: Mapping[str, Any], cell: Cell) -> str | None:
    unit = res.get("unit")
    if isinstance(unit, dict):
        return unit.get("values", {}).get(cell.get(unit.get("dimension", "")))
    return unit


# --- impossible and improbable: the declared arithmetic -----------------------------------------

def _arithmetic(cells: Cells, resources: Resources) -> tuple[list[Finding], int]:
    """Impossible failures of the declared checks, and improbable deviations of the sums and
    weighted means that pass; also the number of groups tested for improbability."""
    found: list[Finding] = []
    tested_groups = 0
    p_max = current().improbable_p
    for name, table in cells.items():
        res = resources[name]
        checks = res.get("checks") or []
        dashes = _dashes(res)
        for i, check in enumerate(checks):
            cid = check_id(check, i)
            failed = {f.cells: f for f in run_check(check, i, list(table), cells)}
            groups = dict(check_groups(check, list(table))) if check["rule"] != "same_as" \
                else {}
            for f in failed.values():
                facts = _facts(check, groups.get(f.cells), table, dashes)
                found.append(Finding("impossible", name, cid, f.cells, (name,), f.message,
                                     f.size, 0.0, f.line, facts))
            if check["rule"] not in ("sum", "weighted_mean"):
                continue
            for label, by_cat in groups.items():
                deviation = _deviation(check, by_cat, table, dashes)
                if deviation is None:
                    continue
                d, errors, line, what = deviation
                tested_groups += 1
                if label in failed:
                    continue
                p = tail(errors, d)
                if p < p_max:
                    found.append(Finding(
                        "improbable", name, cid, label, (name,),
                        f"{what} (deviation {_num(d)}); independent rounding errors give a "
                        f"deviation at least this large with probability {p:.2g}", round(d, 6),
                        p, line, _facts(check, by_cat, table, dashes)))
    return found, tested_groups


def _facts(check: Mapping[str, Any], by_cat: Mapping[str, Cell] | None,
           table: Sequence[Cell], dashes: set) -> tuple[tuple[str, Any], ...]:
    """The numbers of one group of a check: its rule, parts and (computed) total."""
    if not by_cat or check["rule"] not in ("sum", "weighted_mean"):
        return (("rule", check["rule"]),)
    members = parts(dict(check), dict(by_cat))
    facts: list[tuple[str, Any]] = [("rule", check["rule"]), ("parts", len(members)),
                                    ("values", tuple(c.value for c in members))]
    if check["rule"] == "sum":
        facts.append(("sum", sum(c.value for c in members)))
        total = by_cat.get(check.get("total", ""))
        facts.append(("target", float(check["equals"]) if "equals" in check
                      else total.value if total else None))
        facts.append(("allowance", sum(c.half_width for c in members)))
    else:
        deviation = _deviation(check, by_cat, table, dashes)
        total = by_cat.get(check["total"])
        if deviation is not None and total is not None:
            facts += [("printed", total.value), ("weighted", total.value - deviation[0])]
    return tuple(facts)


def _deviation(check: Mapping[str, Any], by_cat: Mapping[str, Cell], table: Sequence[Cell],
               dashes: set) -> tuple[float, list[Error], int, str] | None:
    """Printed deviation of one group, the rounding errors behind it, a line and a text."""
    members = parts(dict(check), dict(by_cat))
    if not members:
        return None
    if check["rule"] == "sum":
        if "equals" in check:
            target, t_err, line = float(check["equals"]), None, members[0].line
        else:
            total = by_cat.get(check["total"])
            if total is None:
                return None
            target, line = total.value, total.line
            # a printed total of exactly 100 in a distribution is its definition, not a rounding
            t_err = None if total.value == 100 else _error(total, dashes, -1.0)
        s = sum(c.value for c in members)
        errors = [_error(c, dashes) for c in members] + ([t_err] if t_err else [])
        return s - target, errors, line, \
            f"{len(members)} shares add up to {_num(s)} instead of {_num(target)}"
    total = by_cat.get(check["total"])
    if total is None:
        return None
    printed = weight_cells(dict(check), members, list(table))
    weights = check.get("weights")
    if printed is not None:
        ws = [w.value for w in printed]
    else:
        ws = [float(weights[c.get(check["over"])]) if weights else c.n for c in members]
    if any(w is None for w in ws) or not sum(ws):
        return None
    w_sum = sum(ws)
    mean = sum(c.value * w for c, w in zip(members, ws, strict=True)) / w_sum
    errors = [_error(total, dashes)]
    errors += [_error(c, dashes, -w / w_sum) for c, w in zip(members, ws, strict=True)]
    if printed is not None:  # linearised effect of the rounded weights
        errors += [_error(w, dashes, -(c.value - mean) / w_sum)
                   for c, w in zip(members, printed, strict=True)]
    return total.value - mean, errors, total.line, \
        f"the total is printed as {_num(total.value)}, its parts weighted give {_num(mean)}"


# --- grim --------------------------------------------------------------------------------------

def _grim(cells: Cells, resources: Resources) -> list[Finding]:
    from lwtbook.stats import grim_possible

    found = []
    for name, table in cells.items():
        res = resources[name]
        dashes = _dashes(res)
        weight_n: dict[tuple, tuple[int, str]] = {}
        for check in res.get("checks") or []:
            if check["rule"] == "weighted_mean" and check.get("weights"):
                for _label, by_cat in check_groups(check, list(table)):
                    for cat, cell in by_cat.items():
                        if cat in check["weights"] and cat != check["total"]:
                            weight_n[cell.key] = (int(check["weights"][cat]),
                                                  "its count in the check's weights")
        for cell in table:
            if _unit(res, cell) != "%" or cell.key in dashes:
                continue
            n, source = (cell.n, "its printed n") if cell.n else weight_n.get(cell.key, (0, ""))
            if not n or n >= 200 or not 0 <= cell.value <= 100:
                continue  # from 200 cases up every whole percentage is possible
            decimals = len(cell.text.split(".")[1]) if "." in cell.text else 0
            if not grim_possible(cell.value, n, decimals):
                below = math.floor(cell.value * n / 100)
                options = ", ".join(f"{k}/{n} = {_num(round(100 * k / n, 1))}"
                                    for k in (below, below + 1) if 0 <= k <= n)
                found.append(Finding(
                    "grim", name, "grim", cell.where(), (name,),
                    f"{_num(cell.value)} % of n = {n} ({source}) is not possible for whole "
                    f"cases ({options})", round(cell.value - 100 * round(cell.value * n / 100) / n,
                                                6), None, cell.line,
                    (("value", cell.value), ("n", n), ("printed_n", bool(cell.n)),
                     ("below", (below, 100 * below / n)),
                     ("above", (below + 1, 100 * (below + 1) / n)))))
    return found


# --- bases -------------------------------------------------------------------------------------

_WAVE = re.compile(r"(19|20)\d\d/(19|20)\d\d")


def _multi_answer(res: Mapping[str, Any]) -> bool:
    return "meer antwoorden mogelijk" in res.get("title", "")


def _wave(cell: Cell) -> str:
    for _, label in cell.key:
        m = _WAVE.search(label)
        if m:
            return m.group(0)
    return ""


def _bases(cells: Cells, resources: Resources) -> list[Finding]:
    found = []
    # respondents per survey (chapter) and wave: the largest base of a single-answer table
    respondents: dict[tuple[str, str], tuple[int, str]] = {}
    for name, table in cells.items():
        if _multi_answer(resources[name]):
            continue
        for cell in table:
            if cell.n:
                key = (name.split("_")[0], _wave(cell))
                if cell.n > respondents.get(key, (0, ""))[0]:
                    respondents[key] = (cell.n, name)
    for name, table in cells.items():
        res = resources[name]
        if not _multi_answer(res):
            continue
        dims = [d for d, _ in table[0].key] if table else []
        for dim in dims:
            columns: dict[tuple, list[Cell]] = {}
            for cell in table:
                columns.setdefault(tuple(kv for kv in cell.key if kv[0] != dim), []).append(cell)
            if len(columns) < 2 or any(len(v) < 3 for v in columns.values()):
                continue
            sums = {k: sum(c.value for c in v) for k, v in columns.items()}
            slack = {k: 0.5 * len(v) for k, v in columns.items()}
            near_100 = [k for k in sums if abs(sums[k] - 100) <= slack[k]]
            far = [k for k in sums if sums[k] > 150]
            if near_100 and far:
                label = lambda k: "; ".join(f"{d}={v}" for d, v in k)  # noqa: E731
                found.append(Finding(
                    "bases", name, "columns-on-different-bases", f"over {dim}", (name,),
                    "several answers were possible, yet " + ", ".join(
                        f"{label(k)} adds up to {_num(sums[k])}" for k in sums) +
                    ": one column is a share of answers, the other of respondents",
                    round(max(sums[k] for k in far) - min(sums[k] for k in near_100), 6),
                    None, columns[far[0]][0].line,
                    (("sums", tuple((label(k), sums[k]) for k in sums)),)))
        seen = set()
        for cell in table:
            key = (name.split("_")[0], _wave(cell))
            if not cell.n or key not in respondents or (cell.n, key) in seen:
                continue
            most, source = respondents[key]
            if cell.n > most:
                seen.add((cell.n, key))
                wave = f" in {key[1]}" if key[1] else ""
                found.append(Finding(
                    "bases", name, "n-above-respondents", f"n={cell.n}" + (
                        f"; wave={key[1]}" if key[1] else ""), (name, source),
                    f"a base of {cell.n} is printed, but the survey{wave} has at most {most} "
                    f"respondents (the base of {source}); the n counts answers, not respondents",
                    float(cell.n - most), None, cell.line,
                    (("n", cell.n), ("respondents", most), ("wave", key[1]),
                     ("source", source))))
    return found


# --- repetition --------------------------------------------------------------------------------

def _vectors(name: str, table: Sequence[Cell], res: Mapping[str, Any]):
    """Every distribution of the table: the cells over one dimension with the others fixed,
    shares only, at least three of them, with one printed base."""
    if not table:
        return
    dims = [d for d, _ in table[0].key]
    for dim in dims:
        groups: dict[tuple, list[Cell]] = {}
        for cell in table:
            if _unit(res, cell) == "%":
                groups.setdefault(tuple(kv for kv in cell.key if kv[0] != dim), []).append(cell)
        for key, members in groups.items():
            ns = {c.n for c in members}
            if len(members) >= 3 and len(ns) == 1 and None not in ns and \
                    sum(c.value for c in members) > 0:
                yield dim, key, members


def _equal_by_chance(a: Sequence[Cell], b: Sequence[Cell]) -> float:
    """Approximate probability that two independent samples (sizes n_a, n_b) from the same
    population (the printed shares) round to identical shares in every category: the product
    over categories of P(round(100·X/n_a) = round(100·Y/n_b)), X, Y binomial."""
    p_total = 1.0
    n_a, n_b = a[0].n, b[0].n
    for x, y in zip(a, b, strict=True):
        p = (x.value + y.value) / 200
        pa, pb = _rounded_shares(n_a, p), _rounded_shares(n_b, p)
        p_total *= sum(q * pb.get(r, 0.0) for r, q in pa.items())
    return p_total


def _rounded_shares(n: int, p: float) -> dict[int, float]:
    """Distribution of round(100·X/n) for X binomial(n, p) (halves up, as printed)."""
    out: dict[int, float] = {}
    for k in range(n + 1):
        if p in (0.0, 1.0):
            q = float(k == round(n * p))
        else:
            q = math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
                         + k * math.log(p) + (n - k) * math.log(1 - p))
        r = math.floor(100 * k / n + 0.5)
        out[r] = out.get(r, 0.0) + q
    return out


def _repetition(cells: Cells, resources: Resources) -> list[Finding]:
    repeats = set()
    for name, res in resources.items():
        for check in res.get("checks") or []:
            if check["rule"] == "same_as":
                repeats.add(frozenset((name, check["resource"])))
    vectors = []
    for name, table in cells.items():
        for dim, key, members in _vectors(name, table, resources[name]):
            vectors.append((name, dim, key, members))
    by_values: dict[tuple, list] = {}
    for v in vectors:
        by_values.setdefault(tuple(c.value for c in v[3]), []).append(v)
    found = []
    for values, group in by_values.items():
        for (na, da, ka, a), (nb, db, kb, b) in combinations(group, 2):
            if a[0].n == b[0].n or frozenset((na, nb)) in repeats:
                continue
            if [c.get(da) for c in a] != [c.get(db) for c in b]:
                continue  # the same numbers for different categories: no repetition
            where = lambda k: "; ".join(f"{d}={v}" for d, v in k)  # noqa: E731
            p = _equal_by_chance(a, b)
            found.append(Finding(
                "repetition", na, "identical-distribution",
                f"{where(ka)} = {where(kb)}" + (f" ({nb})" if nb != na else ""), (na, nb),
                f"the shares over '{da}' ({', '.join(_num(x) for x in values)}) are printed "
                f"identically for n = {a[0].n} and n = {b[0].n}; two independent samples of "
                f"these sizes give identical rounded shares with probability about {p:.2g}",
                float(len(values)), p, a[0].line,
                (("shares", values), ("n", (a[0].n, b[0].n)), ("first", where(ka)),
                 ("second", where(kb)), ("over", da))))
    return found


# --- between tables ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Correspondence:
    """The same quantity in two tables: how to compute it from each, and why it is the same."""

    cid: str
    tables: tuple[str, str]
    why: str
    pairs: Callable[[Cells], list[tuple[str, float, float, float, int]]]


def _cell(cells: Cells, table: str, **where: str) -> Cell:
    hits = [c for c in cells[table] if all(c.get(d) == v for d, v in where.items())]
    if len(hits) != 1:
        raise LookupError(f"{table}: {where} matches {len(hits)} cells")
    return hits[0]


T22_SECTORS = {
    "techniek": ["bouwtechniek", "metaaltechniek", "voertuigentechniek", "elektrotechniek",
                 "installatietechniek", "grafische techniek", "transport & logistiek",
                 "ISP metalektro", "ISP bouw breed", "ISP instalektro"],
    "z&w": ["verzorging", "uiterlijke verzorging", "ISP zorg & welzijn"],
    "economie": ["administratie", "handel en verkoop, horeca", "mode en commercie",
                 "consumptief", "ISP handel & administratie", "ISP consumptief breed"],
    "groen": ["landbouw groen", "ISP landbouw breed"],
}
T51_SECTORS = {
    "techniek": ["bouw (incl. bouw-breed, metselen, timmeren, schilderen)",
                 "installatietechniek", "voertuigentechniek (incl. techniek)",
                 "metaal (incl. kleinmetaal)", "elektro", "vervoer (transport&logistiek)"],
    "zorg&welzijn": ["zorg & welzijn (incl. kinderdagverblijven)",
                     "kappers (uiterlijke verzorging)"],
    "economie": ["handel (incl. mode; inclusief handel en administratie)", "horeca",
                 "administratie"],
    "groen": ["groen/landbouw (veeteelt; plantenteelt, dierhouderij, glastuinbouw, "
              "dierenambulance, bloemisterij; groenvoorziening)"],
    "overheid": ["overheid (incl. onderwijs)"],
    "overig": ["overig"],
}


def _pairs_t2_3(cells: Cells):
    out = []
    for cell in cells["t2_3"]:
        if cell.get("meting") != "onderhavig onderzoek 2002/2003":
            continue
        afd = cell.get("afdeling")
        other = [c for c in cells["t2_2"] if c.get("afdeling") == afd and
                 c.get("groep") == "jaargroep 2002/2003"]
        if other:
            out.append((f"afdeling={afd}", cell.value, other[0].value, 1.0, cell.line))
    return out


def _pairs_t5_2(cells: Cells):
    out = []
    for meting in ("2002/2003", "2004/2005"):
        for sector, branches in T51_SECTORS.items():
            left = _cell(cells, "t5_2", sector=sector, meting=meting)
            right = sum(_cell(cells, "t5_1", branche=b, meting=meting).value for b in branches)
            out.append((f"sector={sector}; meting={meting}", left.value, right,
                        0.5 + 0.5 * len(branches), left.line))
    return out


def _pairs_t2_7(cells: Cells):
    """Tabel 2.7's share of each vmbo sector among the pupils who went on to mbo, against the
    sector's share in Tabel 2.2 for the two year groups that left the vmbo (weighted by
    their n, 234 and 569)."""
    out = []
    for sector, afds in T22_SECTORS.items():
        left = _cell(cells, "t2_7", vmbo_sector=f"vmbo {sector}", mbo_sector="%")
        weighted = 0.0
        for groep, n in (("jaargroep 2002/2003", 234), ("jaargroep 2003/2004", 569)):
            weighted += n * sum(_cell(cells, "t2_2", afdeling=a, groep=groep).value
                                for a in afds)
        right = weighted / (234 + 569)
        out.append((f"vmbo_sector=vmbo {sector}", left.value, right,
                    0.5 + 0.5 * len(afds), left.line))
    return out


def _pairs_t2_11(cells: Cells):
    """Tabel 2.10's share that kept the host firm, against Tabel 2.11's sectors weighted by
    the sectors' shares among the pupils who went on (Tabel 2.7, % column)."""
    out = []
    shares = {s: _cell(cells, "t2_7", vmbo_sector=f"vmbo {s}", mbo_sector="%").value
              for s in ("techniek", "z&w", "economie", "groen")}
    names = {"techniek": "techniek", "z&w": "zorg&welzijn", "economie": "economie",
             "groen": "groen"}
    for groep, jaar in (("2002/2003", "2003"), ("2003/2004", "2004")):
        left = _cell(cells, "t2_10", groep=groep, behoud="leerbedrijf behouden")
        right = sum(shares[s] * _cell(cells, "t2_11", sector=names[s], jaar=jaar).value
                    for s in shares) / sum(shares.values())
        out.append((f"groep={groep}", left.value, right, 1.0 + 0.5, left.line))
    return out


#: Every pair of tables that print the same quantity, as far as this edition could identify
#: them. Each yields (cells, value in the first table, value computed from the second,
#: allowance for rounding, line).
CORRESPONDENCES = (
    Correspondence("same-as-t2_2-2002/2003", ("t2_3", "t2_2"),
                   "Tabel 2.3's 'onderhavig onderzoek 2002/2003' is the year group 2002/2003 "
                   "of Tabel 2.2 (both n = 234)", _pairs_t2_3),
    Correspondence("branches-to-sectors", ("t5_2", "t5_1"),
                   "Tabel 5.2 groups the branches of Tabel 5.1 into sectors (the same firms)",
                   _pairs_t5_2),
    Correspondence("sector-shares", ("t2_7", "t2_2"),
                   "Tabel 2.7's % column gives each vmbo sector's share of the pupils who "
                   "went on to mbo; Tabel 2.2 gives the sectors' shares of the year groups "
                   "that left the vmbo", _pairs_t2_7),
    Correspondence("retention-by-sector", ("t2_10", "t2_11", "t2_7"),
                   "Tabel 2.11 splits Tabel 2.10's retention of the host firm by sector; "
                   "weighted by the sector shares of Tabel 2.7 it must give Tabel 2.10's "
                   "total", _pairs_t2_11),
)


def _between(cells: Cells) -> tuple[list[Finding], int]:
    found = []
    compared = 0
    for corr in CORRESPONDENCES:
        if not all(t in cells for t in corr.tables):
            continue
        for where, left, right, slack, line in corr.pairs(cells):
            compared += 1
            if abs(left - right) > slack + 1e-9:
                found.append(Finding(
                    "between-tables", corr.tables[0], corr.cid, where, corr.tables,
                    f"{corr.why}: {_num(left)} in {corr.tables[0]}, {_num(round(right, 2))} "
                    f"from {corr.tables[1]} (rounding allows {_num(slack)})",
                    round(left - right, 6), None, line,
                    (("left", left), ("right", right), ("allowance", slack), ("why", corr.why),
                     ("where", where))))
    return found, compared


# --- labelling ---------------------------------------------------------------------------------

_SORTED = re.compile(r"gesorteerd (?:op|naar) (?:de antwoordcategorie )?(.+?)\)")


def _labelling(cells: Cells, resources: Resources) -> list[Finding]:
    found = []
    for name, table in cells.items():
        title = resources[name].get("title", "")
        labels = {label for cell in table for _, label in cell.key}
        if "controlegroep" in title.lower() and not any("controle" in x.lower() for x in labels):
            found.append(Finding(
                "labelling", name, "title-group", "controlegroep", (name,),
                "the title names the control group, but the table prints no column or row "
                "for it", 1.0, None, table[0].line if table else 1,
                (("group", "controlegroep"),)))
        m = _SORTED.search(title)
        if m:
            wanted = m.group(1).strip().lower()
            dims = [d for d, _ in table[0].key]
            for dim in dims:
                cats = list(dict.fromkeys(c.get(dim) for c in table))
                match = [c for c in cats if c.lower() in (wanted, wanted.split()[0])
                         or wanted.startswith(c.lower())]
                if not match:
                    continue
                col = [c for c in table if c.get(dim) == match[0]]
                values = [c.value for c in col]
                if values != sorted(values, reverse=True):
                    found.append(Finding(
                        "labelling", name, "title-sorted", f"{dim}={match[0]}", (name,),
                        f"the title says the rows are sorted on '{match[0]}', but they are "
                        "not", 1.0, None, col[0].line, (("column", match[0]),)))
    return found


# --- the scan ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scan:
    """The findings and what was tested (for the audit page's counts)."""

    findings: tuple[Finding, ...]
    groups_tested: int
    pairs_compared: int


def scan(cells: Cells, resources: Resources) -> Scan:
    """Scan every table in *cells* (table id -> its cells) for every tier."""
    resources = {k: v for k, v in resources.items() if k in cells}
    arithmetic, tested_groups = _arithmetic(cells, resources)
    between, compared = _between(cells)
    findings = (arithmetic + _grim(cells, resources) + _bases(cells, resources)
                + _repetition(cells, resources) + between + _labelling(cells, resources))
    findings.sort(key=lambda f: (TIERS.index(f.tier), f.table_id, f.check, f.cells))
    return Scan(tuple(findings), tested_groups, compared)


def scan_folder(folder: Path | None = None) -> Scan:
    """:func:`scan` over the data package in *folder* (default: the current data folder)."""
    from lwtbook._package import table_resources
    from lwtbook.cells import table

    resources = table_resources(folder)
    cells = {name: [c for c in table(name, folder=folder)] for name in resources}
    return scan(cells, resources)


def findings(*table_ids: str, folder: Path | None = None) -> list[Finding]:
    """The register's findings that concern any of *table_ids* (all of them when none is
    named), as the tables stand now: a chapter tells an inconsistency in its own words from a
    finding's :attr:`Finding.facts` (the weighted total, the impossible share, …) instead of
    recomputing it."""
    wanted = set(table_ids)
    return [f for f in scan_folder(folder).findings
            if not wanted or f.table_id in wanted or wanted & set(f.tables)]


def declared(path: Path | None = None) -> list[dict[str, str]]:
    """The rows of ``anomalies.csv`` (each with its file line under ``_row``), by default the
    data package's, found through its path resolver."""
    from lwtbook._package import resource_file

    path = path or resource_file("anomalies")
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for row in reader:
            row["_row"] = str(reader.line_num)
            rows.append(row)
    return rows


def _same(documented: str, actual: float | None, relative: bool = False) -> bool:
    if actual is None:
        return documented == ""
    try:
        value = float(documented)
    except ValueError:
        return False
    if relative:
        return math.isclose(value, actual, rel_tol=5e-3, abs_tol=1e-12)
    return math.isclose(value, actual, abs_tol=1e-6)


def reconcile(findings: Sequence[Finding], rows: Sequence[Mapping[str, str]]
              ) -> list[tuple[str, int | None, str, str, Finding | None]]:
    """Compare the scan with the declared rows. Returns problems as (where, row, column,
    message, finding): 'table' for an undeclared finding (at the finding's table and line),
    'anomalies' for a declared row that does not hold or holds with another size."""
    by_key = {f.key: f for f in findings}
    seen = set()
    problems: list[tuple[str, int | None, str, str, Finding | None]] = []
    for row in rows:
        key = (row.get("tier", ""), row.get("table_id", ""), row.get("check", ""),
               row.get("cells", ""))
        line = int(row.get("_row", 0)) or None
        finding = by_key.get(key)
        if finding is None:
            problems.append(("anomalies", line, "check",
                             f"declared {key[0]} finding {key[2]!r} for {key[1]} ({key[3]}) "
                             "does not occur in the data: was a number changed?", None))
            continue
        seen.add(key)
        if not _same(row.get("size", ""), finding.size):
            problems.append(("anomalies", line, "size",
                             f"declared size {row.get('size')!r} but the data give "
                             f"{_num(finding.size)} ({finding.evidence})", finding))
        elif not _same(row.get("probability", ""), finding.probability, relative=True):
            actual = "" if finding.probability is None else _prob(finding.probability)
            problems.append(("anomalies", line, "probability",
                             f"declared probability {row.get('probability')!r} but the data "
                             f"give {actual!r}", finding))
    for finding in findings:
        if finding.key not in seen:
            problems.append(("table", finding.line, "value",
                             f"{finding.tier} finding not declared in anomalies.csv: "
                             f"{finding.check} for {finding.cells}: {finding.evidence}",
                             finding))
    return problems


def counts(result: Scan) -> dict[str, int]:
    """Findings per tier (every tier present, zero when none)."""
    out = dict.fromkeys(TIERS, 0)
    for f in result.findings:
        out[f.tier] += 1
    return out


def tested(result: Scan) -> dict[str, int]:
    """What the scan tested: arithmetic groups (for improbability) and table pairs."""
    return {"groups": result.groups_tested, "pairs": result.pairs_compared}
