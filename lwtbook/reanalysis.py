"""Herberekening: test every group difference the report asserts, implies or denies.

The report compares groups on almost every page – lwt pupils and the control group, the
2002/2003 survey and the 2004/2005 survey, year groups, sectors, the sample and the OCW
population – and calls differences notable, an improvement, or "not big", without a test.
``data/derived/reanalysis_spec.csv`` lists those statements (one row per test, curated by
hand from chapters 2–5 and 7); this module runs the tests and writes
``data/derived/reanalysis.csv``. Regenerate it with ``python -m lwtbook.reanalysis``.

The spec
--------
``group1`` and ``group2`` select cells of the table's tidy CSV (:func:`lwtbook.load`) as
``dim=cat; dim=cat``. A category may be ``a+b`` (the printed percentages are added),
``*`` (the unweighted mean over all categories of that dimension), or end in ``*`` (a unique
prefix, for long labels). ``t2_2: dim=cat; …`` selects from another table; ``proza:<line>=<value>``
is a percentage that is printed only in the text, on that source line. For a distribution,
the selector names the whole distribution and ``answer_dim`` the dimension of its categories
(``exclude`` drops categories). ``n1_source``/``n2_source`` say where the base comes from:
``printed`` (the table's ``n``), ``derived: <where and assumption> = <n>``, or ``unknown``.

Kinds and tests
---------------
* ``two-proportions`` – :func:`lwtbook.stats.compare_proportions`: pooled two-proportion
  z-test (Fisher's exact test when an expected count is below 5), Newcombe's hybrid score
  interval for the difference, Cohen's h.
* ``distribution`` – :func:`lwtbook.stats.chi_square_distributions` (chi-square test of
  homogeneity); the difference and interval reported are those of the category with the
  largest printed difference.
* ``within-sample`` – two answers to one question by the same respondents ("lwt pupils do
  better" against "lwt pupils do worse"): exact binomial (sign) test of the one count against
  the other; Wald interval for the difference of two proportions from one multinomial sample,
  variance (p1 + p2 − (p1 − p2)²) / n.
* ``means`` – means without a printed spread cannot be tested: always ``untestable``.

Holm's method (:func:`lwtbook.stats.holm`) adjusts the p-values over the whole family: every
row of the spec that has a p-value, whatever its table or chapter.

Verdict rule
------------
Rounded values (p to 4 decimals, percentage points to 1) decide, so the rule can be checked
on the CSV itself.

* Asserted difference (``group1>group2`` or ``group1<group2``): ``supported`` when
  p_holm < 0.05 and the difference has the asserted sign, otherwise ``not supported``.
  ``group1!=group2`` (a difference in either direction): ``supported`` when p_holm < 0.05.
* Asserted "no (big) difference" (``group1=group2``), equivalence margin ±10 percentage
  points: ``supported`` when the whole 95 % interval of the difference lies within ±10 pp
  (even if the small difference is significant); ``not supported`` when it does not and
  p_holm < 0.05; otherwise ``not supported`` with outcome ``inconclusive`` (the data can
  neither confirm nor refute the claim).
* No base n, or means without spread: ``untestable``; the note gives the reason and, for
  percentages, the smallest equal group size at which the printed difference would reach
  p < 0.05 (unadjusted).

``outcome`` gives the reason in one word: confirmed, opposite (significant against the
asserted sign), not significant, equivalent, different, inconclusive, untestable.

Rounding
--------
The report prints whole percentages, so the counts are reconstructed
(:func:`lwtbook.stats.count_range`). The test is repeated at both ends of the rounding range
(the least and the most different counts compatible with the printed percentages), with the
Holm adjustment recomputed; ``rounding_robust`` says whether the verdict is the same at both
ends, and the note gives the p-values there. For distributions the ends are approximate (each
category moved to its least or most different count). Spec rows with ``sensitivity``
(``n1=…; n2=…; rebase1=…``) are also rerun with those bases; the note reports the result.
"""

from __future__ import annotations

import csv
import io
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lwtbook import stats
from lwtbook._package import data_dir, table_resources
from lwtbook.data import dimensions, load

__all__ = [
    "ALPHA",
    "COLUMNS",
    "MARGIN_PP",
    "SPEC_COLUMNS",
    "Selection",
    "decide",
    "display_frame",
    "equal_n_needed",
    "forest_figure",
    "load_spec",
    "main",
    "markdown_index",
    "markdown_items",
    "parse_n_source",
    "run",
    "section_label",
    "select",
    "to_csv_text",
    "write",
]

#: Significance level after the Holm adjustment.
ALPHA = 0.05
#: Equivalence margin for "no (big) difference" claims, in percentage points.
MARGIN_PP = 10.0
SPEC_PATH = Path("derived") / "reanalysis_spec.csv"
RESULT_PATH = Path("derived") / "reanalysis.csv"

SPEC_COLUMNS = [
    "test_id", "table_id", "section", "line", "claim", "kind", "group1", "label1", "group2",
    "label2", "answer_dim", "exclude", "n1_source", "n2_source", "expected_direction",
    "sensitivity", "note",
]
COLUMNS = [
    "test_id", "table_id", "section", "line", "claim", "kind", "comparison",
    "expected_direction", "test", "n1", "n2", "n_source", "difference_pp", "ci_low", "ci_high",
    "cohens_h", "p_value", "p_holm", "verdict", "outcome", "rounding_robust", "note",
]
KINDS = ("two-proportions", "distribution", "within-sample", "means")
DIRECTIONS = ("group1>group2", "group1<group2", "group1=group2", "group1!=group2")
VERDICTS = ("supported", "not supported", "untestable")
N_SEARCH_LIMIT = 1_000_000


# --------------------------------------------------------------------------- spec


def load_spec(path: Path | None = None) -> pd.DataFrame:
    """The curated list of tests (all columns as strings, empty cells as "")."""
    path = path or data_dir() / SPEC_PATH
    spec = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(SPEC_COLUMNS) - set(spec.columns)
    if missing:
        raise ValueError(f"spec lacks columns: {sorted(missing)}")
    return spec


def parse_n_source(source: str, printed: int | None) -> tuple[int | None, str]:
    """The base n and its kind ('printed', 'derived', 'unknown') from an n-source text."""
    source = source.strip()
    if source == "printed":
        if printed is None:
            raise ValueError("n source is 'printed' but the selected cells print no n")
        return printed, "printed"
    if source == "unknown":
        return None, "unknown"
    match = re.fullmatch(r"derived: .+ = (\d+)", source)
    if not match:
        raise ValueError(f"n source must be 'printed', 'unknown' or 'derived: … = <n>': {source!r}")
    return int(match.group(1)), "derived"


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Selection:
    """What a selector picks: the printed percentage(s) it stands for and its printed base."""

    pct: float
    parts: tuple[float, ...]
    how: str  # "cell", "sum", "mean" or "prose"
    n_printed: int | None
    table_id: str | None


_PROSE = re.compile(r"proza:(\d+)=(\d+(?:\.\d+)?)")
_OTHER_TABLE = re.compile(r"([a-z][a-z0-9_]*):\s*(.+)")


def _split_selector(text: str, table_id: str) -> tuple[str, list[tuple[str, str]]]:
    text = text.strip()
    match = _OTHER_TABLE.fullmatch(text)
    if match and "=" not in match.group(1):
        table_id, text = match.group(1), match.group(2)
    pairs = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        if "=" not in part:
            raise ValueError(f"selector part {part!r} is not dim=cat")
        dim, cat = (x.strip() for x in part.split("=", 1))
        pairs.append((dim, cat))
    return table_id, pairs


def _categories(df: pd.DataFrame, dim: str, cat: str) -> list[str]:
    """The categories of *dim* a selector category stands for (exact, a+b, prefix*, or *)."""
    known = list(dict.fromkeys(df[dim]))
    if cat == "*":
        return known
    wanted = cat.split("+") if "+" in cat else [cat]
    out = []
    for item in wanted:
        if item.endswith("*"):
            hits = [k for k in known if k.startswith(item[:-1])]
            if len(hits) != 1:
                raise ValueError(f"prefix {item!r} of {dim!r} matches {len(hits)} categories")
            out.append(hits[0])
        elif item in known:
            out.append(item)
        else:
            raise ValueError(f"{item!r} is not a category of {dim!r}")
    return out


_TABLES: dict[str, pd.DataFrame] = {}


def _table(table_id: str) -> pd.DataFrame:
    """:func:`lwtbook.load`, cached for the duration of one :func:`run`."""
    if table_id not in _TABLES:
        _TABLES[table_id] = load(table_id)
    return _TABLES[table_id]


def _rows(table_id: str, pairs: list[tuple[str, str]], free: Sequence[str] = ()) -> tuple[
        pd.DataFrame, dict[str, list[str]]]:
    """Rows of *table_id* matched by *pairs*; every dimension not in *free* must be named."""
    df = _table(table_id)
    dims = dimensions(table_resources()[table_id])
    named = dict(pairs)
    unknown = set(named) - set(dims)
    if unknown:
        raise ValueError(f"{table_id} has no dimension(s) {sorted(unknown)}")
    unnamed = set(dims) - set(named) - set(free)
    if unnamed:
        raise ValueError(f"selector on {table_id} does not name {sorted(unnamed)}")
    chosen = {dim: _categories(df, dim, cat) for dim, cat in pairs}
    mask = pd.Series(True, index=df.index)
    for dim, cats in chosen.items():
        mask &= df[dim].isin(cats)
    return df[mask], chosen


def _single_n(rows: pd.DataFrame, what: str) -> int | None:
    ns = rows["n"].dropna().unique()
    if len(ns) > 1:
        raise ValueError(f"{what}: the selected cells have different printed n's {list(ns)}")
    if len(ns) == 1 and rows["n"].isna().any():
        raise ValueError(f"{what}: some selected cells print an n and others do not")
    return int(ns[0]) if len(ns) else None


def select(selector: str, table_id: str) -> Selection:
    """Resolve a cell selector (see the module docstring) on *table_id*."""
    match = _PROSE.fullmatch(selector.strip())
    if match:
        value = float(match.group(2))
        return Selection(value, (value,), "prose", None, None)
    table_id, pairs = _split_selector(selector, table_id)
    rows, chosen = _rows(table_id, pairs)
    expected = math.prod(len(c) for c in chosen.values())
    if len(rows) != expected:
        raise ValueError(f"{selector!r} on {table_id}: {len(rows)} cells, expected {expected}")
    stars = [dim for dim, cat in pairs if cat == "*"]
    sums = [dim for dim, cat in pairs if "+" in cat]
    if len(stars) + len(sums) > 1:
        raise ValueError(f"{selector!r}: at most one dimension may be summed or averaged")
    parts = tuple(float(v) for v in rows["value"])
    if stars:
        pct, how = sum(parts) / len(parts), "mean"
    elif sums:
        pct, how = sum(parts), "sum"
    else:
        pct, how = parts[0], "cell"
    return Selection(pct, parts, how, _single_n(rows, selector), table_id)


def select_distribution(selector: str, table_id: str, answer_dim: str,
                        exclude: Sequence[str] = ()) -> tuple[dict[str, float], int | None]:
    """The printed distribution over *answer_dim* (category -> percentage) and its printed n."""
    table_id, pairs = _split_selector(selector, table_id)
    if answer_dim in dict(pairs):
        raise ValueError(f"{selector!r} must not name the answer dimension {answer_dim!r}")
    rows, _ = _rows(table_id, pairs, free=[answer_dim])
    if rows[answer_dim].duplicated().any():
        raise ValueError(f"{selector!r} on {table_id} does not pick one distribution")
    known = set(rows[answer_dim])
    bad = [c for c in exclude
           if c not in known and not _excluded_elsewhere(table_id, answer_dim, c)]
    if bad:
        raise ValueError(f"exclude names unknown categories {bad}")
    rows = rows[~rows[answer_dim].isin(exclude)]
    dist = dict(zip(rows[answer_dim], (float(v) for v in rows["value"]), strict=True))
    return dist, _single_n(rows, selector)


def _excluded_elsewhere(table_id: str, dim: str, cat: str) -> bool:
    return cat in set(_table(table_id)[dim])


# --------------------------------------------------------------------------- rounding


def _bounds(pct: float, n: int) -> tuple[int, int, bool]:
    """:func:`lwtbook.stats.count_range`, widened outwards when the percentage is impossible
    for n (GRIM); the flag says whether it was possible."""
    try:
        return (*stats.count_range(pct, n), True)
    except ValueError:
        return (max(0, math.floor((pct - 0.5) * n / 100)),
                min(n, math.ceil((pct + 0.5) * n / 100)), False)


def _count_bounds(sel: Selection, n: int) -> tuple[int, int, bool]:
    """Lowest and highest count behind a selection's printed percentage(s), and GRIM ok?"""
    lows, highs, grim = [], [], True
    for part in sel.parts:
        lo, hi, ok = _bounds(part, n)
        grim = grim and ok
        lows.append(lo)
        highs.append(hi)
    if sel.how == "mean":
        return math.floor(sum(lows) / len(lows)), math.ceil(sum(highs) / len(highs)), grim
    return min(sum(lows), n), min(sum(highs), n), grim


# --------------------------------------------------------------------------- tests


@dataclass(frozen=True)
class Outcome:
    """One test result before rounding and adjustment."""

    difference: float | None
    ci: tuple[float, float] | None
    h: float | None
    p: float | None
    test: str


def _two(p1: float, n1: int, p2: float, n2: int) -> Outcome:
    c = stats.compare_proportions(p1, n1, p2, n2)
    return Outcome(c.difference_pp, (c.ci_low, c.ci_high), c.cohens_h, c.p_value, c.test)


def _within(p1: float, p2: float, n: int) -> Outcome:
    """Two answer shares of one sample: exact sign test and Wald interval (see docstring)."""
    from scipy.stats import binomtest

    k1, k2 = stats.reconstruct_count(p1, n), stats.reconstruct_count(p2, n)
    p = float(binomtest(k1, k1 + k2, 0.5).pvalue) if k1 + k2 else 1.0
    q1, q2 = k1 / n, k2 / n
    half = 1.959963984540054 * math.sqrt(max(q1 + q2 - (q1 - q2) ** 2, 0.0) / n)
    ci = (100 * (q1 - q2 - half), 100 * (q1 - q2 + half))
    return Outcome(p1 - p2, ci, stats.cohens_h(p1, p2), p, "exact binomial (sign) test")


def _distribution(d1: dict[str, float], n1: int, d2: dict[str, float], n2: int) -> tuple[
        Outcome, str]:
    cats = [c for c in d1 if c in d2 and (d1[c] > 0 or d2[c] > 0)]
    chi = stats.chi_square_distributions([d1[c] for c in cats], n1, [d2[c] for c in cats], n2)
    widest = max(cats, key=lambda c: (abs(d1[c] - d2[c]), -cats.index(c)))
    c = stats.compare_proportions(d1[widest], n1, d2[widest], n2)
    return (Outcome(c.difference_pp, (c.ci_low, c.ci_high), c.cohens_h, chi.p_value,
                    "chi-square test of homogeneity"), widest)


def _distribution_ends(d1: dict[str, float], n1: int, d2: dict[str, float], n2: int) -> list[
        Outcome]:
    """The distribution test with every category at its least / most different count."""
    cats = [c for c in d1 if c in d2 and (d1[c] > 0 or d2[c] > 0)]
    ends = []
    for closer in (True, False):
        e1, e2 = {}, {}
        for c in cats:
            lo1, hi1, _ = _bounds(d1[c], n1)
            lo2, hi2, _ = _bounds(d2[c], n2)
            up = d1[c] >= d2[c]
            k1, k2 = ((lo1, hi2) if up else (hi1, lo2)) if closer else (
                (hi1, lo2) if up else (lo1, hi2))
            e1[c], e2[c] = 100 * k1 / n1, 100 * k2 / n2
        ends.append(_distribution(e1, n1, e2, n2)[0])
    return ends


# --------------------------------------------------------------------------- verdicts


def _r(x: float | None, digits: int) -> float | None:
    if x is None:
        return None
    value = round(float(x), digits)
    return 0.0 if value == 0 else value  # no "-0.0"


def decide(expected: str, difference: float | None, ci_low: float | None,
           ci_high: float | None, p_holm: float | None) -> tuple[str, str]:
    """(verdict, outcome) by the rule in the module docstring, from the rounded numbers."""
    if p_holm is None:
        return "untestable", "untestable"
    significant = p_holm < ALPHA
    if expected == "group1=group2":
        if ci_low >= -MARGIN_PP and ci_high <= MARGIN_PP:
            return "supported", "equivalent"
        return "not supported", "different" if significant else "inconclusive"
    if expected == "group1!=group2":
        return ("supported", "confirmed") if significant else ("not supported", "not significant")
    sign = 1 if expected == "group1>group2" else -1
    if not significant:
        return "not supported", "not significant"
    if difference * sign > 0:
        return "supported", "confirmed"
    return "not supported", "opposite"


# --------------------------------------------------------------------------- running


@dataclass
class _Row:
    spec: dict
    comparison: str
    n1: int | None
    n2: int | None
    n_source: str
    outcome: Outcome | None
    ends: list[Outcome] = field(default_factory=list)
    sensitivity: list[tuple[str, Outcome]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _fmt_pct(x: float) -> str:
    return _nl(x) + "%"


def _nl(x: float) -> str:
    """Dutch number: 15.7 -> '15,7', 62185 -> '62.185'."""
    from lwtbook.tables import nl_number

    return nl_number(x)


def _n_text(n: int | None, kind: str) -> str:
    if n is None:
        return "n onbekend"
    return f"n={_nl(n)}" if kind == "printed" else f"n≈{_nl(n)}"


def _fmt_p(p: float, name: str = "p") -> str:
    """'p = 0,0371' or 'p < 0,0001' (Dutch decimals)."""
    from lwtbook.tables import nl_number

    return f"{name} < 0,0001" if p < 0.0001 else f"{name} = {nl_number(p, 4)}"




def _n_needed(test: Callable[[int], float]) -> int | None:
    """Smallest n (equal groups) with p < ALPHA, by doubling and bisection; None if never."""
    hi = 2
    while test(hi) >= ALPHA:
        hi *= 2
        if hi > N_SEARCH_LIMIT:
            return None
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if test(mid) < ALPHA:
            hi = mid
        else:
            lo = mid
    return hi


def _sensitivity(text: str) -> dict[str, float]:
    out = {}
    for part in (p.strip() for p in text.split(";")):
        if part:
            key, value = (x.strip() for x in part.split("=", 1))
            if key not in ("n1", "n2", "rebase1", "rebase2"):
                raise ValueError(f"unknown sensitivity key {key!r}")
            out[key] = float(value)
    return out


def _prepare(spec: dict) -> _Row:
    kind, table = spec["kind"], spec["table_id"]
    if kind not in KINDS:
        raise ValueError(f"{spec['test_id']}: unknown kind {kind!r}")
    if spec["expected_direction"] not in DIRECTIONS:
        raise ValueError(f"{spec['test_id']}: unknown direction {spec['expected_direction']!r}")
    notes = [spec["note"]] if spec["note"] else []
    if kind == "distribution":
        exclude = [c.strip() for c in spec["exclude"].split(";") if c.strip()]
        d1, p1n = select_distribution(spec["group1"], table, spec["answer_dim"], exclude)
        d2, p2n = select_distribution(spec["group2"], table, spec["answer_dim"], exclude)
        n1, k1 = parse_n_source(spec["n1_source"], p1n)
        n2, k2 = parse_n_source(spec["n2_source"], p2n)
        only = sorted(set(d1) ^ set(d2))
        if only:
            notes.append("Alleen in één van beide verdelingen (niet getoetst): "
                         + ", ".join(only) + ".")
        comparison = (f"{spec['label1']} ({_n_text(n1, k1)}) vs {spec['label2']} "
                      f"({_n_text(n2, k2)}), verdeling over {len(set(d1) & set(d2))} "
                      f"categorieën van {spec['answer_dim']}")
        row = _Row(spec, comparison, n1, n2, _n_kinds(k1, k2), None, notes=notes)
        if n1 is None or n2 is None:
            row.notes.append(_untestable_n(lambda n: _distribution(d1, n, d2, n)[0].p))
            row.outcome = Outcome(None, None, None, None, "none")
            return row
        row.outcome, widest = _distribution(d1, n1, d2, n2)
        row.notes.append(f"Grootste verschil bij '{widest}' ({_fmt_pct(d1[widest])} vs "
                         f"{_fmt_pct(d2[widest])}); verschil en interval gelden die categorie.")
        row.ends = _distribution_ends(d1, n1, d2, n2)
        return row

    s1, s2 = select(spec["group1"], table), select(spec["group2"], table)
    n1, k1 = parse_n_source(spec["n1_source"], s1.n_printed)
    n2, k2 = parse_n_source(spec["n2_source"], s2.n_printed)
    unit = "" if kind == "means" else "%"
    comparison = (f"{spec['label1']} {_nl(round(s1.pct, 1))}{unit} ({_n_text(n1, k1)}) vs "
                  f"{spec['label2']} {_nl(round(s2.pct, 1))}{unit} ({_n_text(n2, k2)})")
    row = _Row(spec, comparison, n1, n2, _n_kinds(k1, k2), None, notes=notes)
    for sel, label in ((s1, spec["label1"]), (s2, spec["label2"])):
        if sel.how == "sum":
            notes.append(f"'{label}' is de som van {len(sel.parts)} gedrukte percentages.")
    if kind == "means":
        row.notes.append("Niet toetsbaar: het rapport drukt gemiddelden zonder spreiding "
                         "(standaardafwijking).")
        row.outcome = Outcome(None, None, None, None, "none")
        return row
    if n1 is None or n2 is None:
        row.notes.append(_untestable_n(lambda n: _two(s1.pct, n, s2.pct, n).p))
        row.outcome = Outcome(s1.pct - s2.pct, None, stats.cohens_h(s1.pct, s2.pct), None, "none")
        return row
    if kind == "within-sample":
        if n1 != n2:
            raise ValueError(f"{spec['test_id']}: a within-sample test needs one n")
        row.outcome = _within(s1.pct, s2.pct, n1)
    else:
        row.outcome = _two(s1.pct, n1, s2.pct, n2)
    (lo1, hi1, g1), (lo2, hi2, g2) = _count_bounds(s1, n1), _count_bounds(s2, n2)
    for ok, label, n in ((g1, spec["label1"], n1), (g2, spec["label2"], n2)):
        if not ok:
            row.notes.append(f"GRIM: het gedrukte percentage van '{label}' kan niet uit "
                             f"n={n} voortkomen; die n is dus een benadering.")
    row.ends = [_at(kind, c1, n1, c2, n2) for c1, c2 in ((lo1, hi2), (hi1, lo2))]
    row.notes.append(f"Tellingen gereconstrueerd uit afgeronde percentages: {_span(lo1, hi1)} van "
                     f"{n1} en {_span(lo2, hi2)} van {n2}.")
    alt = _sensitivity(spec["sensitivity"])
    if alt:
        a1, a2 = s1.pct, s2.pct
        m1, m2 = int(alt.get("n1", n1)), int(alt.get("n2", n2))
        if "rebase1" in alt:
            m1 = int(alt["rebase1"])
            a1 = min(100.0, s1.pct * n1 / m1)
        if "rebase2" in alt:
            m2 = int(alt["rebase2"])
            a2 = min(100.0, s2.pct * n2 / m2)
        label = (f"{spec['label1']} {_nl(round(a1, 1))}% (n={m1}) vs {spec['label2']} "
                 f"{_nl(round(a2, 1))}% (n={m2})")
        alt_outcome = _within(a1, a2, m1) if kind == "within-sample" else _two(a1, m1, a2, m2)
        row.sensitivity.append((label, alt_outcome))
    return row


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _at(kind: str, k1: int, n1: int, k2: int, n2: int) -> Outcome:
    p1, p2 = 100 * k1 / n1, 100 * k2 / n2
    return _within(p1, p2, n1) if kind == "within-sample" else _two(p1, n1, p2, n2)


def _n_kinds(k1: str, k2: str) -> str:
    return k1 if k1 == k2 else f"{k1} / {k2}"


def equal_n_needed(p1: float, p2: float) -> int | None:
    """Smallest equal group size at which printed percentages p1 and p2 would differ
    significantly (p < 0.05, unadjusted); None when no group size suffices."""
    return _n_needed(lambda n: _two(p1, n, p2, n).p)


def _untestable_n(test: Callable[[int], float]) -> str:
    needed = _n_needed(test)
    text = "Niet toetsbaar: het rapport drukt geen n bij deze percentages."
    if needed is None:
        return text + " Het gedrukte verschil is bij geen enkele groepsgrootte significant."
    return (text + f" Bij gelijke groepen zou het gedrukte verschil vanaf n={_nl(needed)} "
            "per groep significant zijn (p < 0,05, zonder correctie).")


def _holm_adjust(ps: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment, the textbook recursion (used for the many what-if
    families of the rounding checks; :func:`run` checks it against :func:`lwtbook.stats.holm`
    on the real family)."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    adjusted, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        adjusted[i] = running
    return adjusted


def _holm_with(ps: list[float], index: int, value: float) -> float:
    """Holm-adjusted p of test *index* when its p-value is replaced by *value*."""
    family = list(ps)
    family[index] = value
    return _holm_adjust(family)[index]


def _rounded(o: Outcome, p_holm: float | None) -> dict:
    ci = o.ci or (None, None)
    return {
        "difference_pp": _r(o.difference, 1), "ci_low": _r(ci[0], 1), "ci_high": _r(ci[1], 1),
        "cohens_h": _r(o.h, 2), "p_value": _r(o.p, 4), "p_holm": _r(p_holm, 4),
    }


def _decide_outcome(expected: str, o: Outcome, p_holm: float) -> tuple[str, str]:
    v = _rounded(o, p_holm)
    return decide(expected, v["difference_pp"], v["ci_low"], v["ci_high"], v["p_holm"])


def run(spec: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run every test of the spec; one row per test with the columns :data:`COLUMNS`."""
    spec = load_spec() if spec is None else spec
    _TABLES.clear()
    if spec["test_id"].duplicated().any():
        raise ValueError("duplicate test_id in the spec")
    rows = [_prepare(rec) for rec in spec.to_dict("records")]
    tested = [i for i, row in enumerate(rows) if row.outcome and row.outcome.p is not None]
    ps = [rows[i].outcome.p for i in tested]
    family = stats.holm(ps)
    if any(abs(a - b) > 1e-12 for a, b in zip(family, _holm_adjust(ps), strict=True)):
        raise AssertionError("the what-if Holm adjustment disagrees with lwtbook.stats.holm")
    adjusted = dict(zip(tested, family, strict=True))
    out = []
    for i, row in enumerate(rows):
        sp = row.spec
        o = row.outcome
        p_holm = adjusted.get(i)
        values = _rounded(o, p_holm)
        verdict, outcome = decide(sp["expected_direction"], values["difference_pp"],
                                  values["ci_low"], values["ci_high"], values["p_holm"])
        notes = list(row.notes)
        robust = None
        if p_holm is not None:
            pos = tested.index(i)
            end_verdicts, end_ps = [], []
            for end in row.ends:
                end_holm = _holm_with(ps, pos, end.p)
                end_verdicts.append(_decide_outcome(sp["expected_direction"], end, end_holm)[0])
                end_ps.append(_fmt_p(end.p))
            robust = all(v == verdict for v in end_verdicts)
            span = f"aan de uiteinden {end_ps[0]} en {end_ps[1]}"
            if sp["kind"] == "distribution":
                span += "; benaderd: elke categorie naar haar uiterste telling"
            notes.append(f"Oordeel gelijk over het hele afrondingsbereik ({span})." if robust else
                         f"Oordeel hangt af van de afronding ({span}; oordeel daar: "
                         f"{' / '.join(VERDICT_NL[v] for v in end_verdicts)}).")
            direction = sp["expected_direction"]
            if (outcome == "not significant" and direction in ("group1>group2", "group1<group2")
                    and values["difference_pp"] * (1 if direction == "group1>group2" else -1) < 0):
                notes.append("Het gedrukte verschil wijst zelfs de andere kant op dan het rapport "
                             "zegt.")
            if outcome == "inconclusive":
                notes.append(f"Onbeslist: geen significant verschil, maar het 95%-interval valt "
                             f"niet binnen ±{_nl(MARGIN_PP)} procentpunt.")
            if outcome == "equivalent" and values["p_holm"] < ALPHA:
                notes.append("Het verschil is wel significant, maar klein (binnen de marge).")
            for label, alt in row.sensitivity:
                alt_holm = _holm_with(ps, pos, alt.p)
                alt_verdict = _decide_outcome(sp["expected_direction"], alt, alt_holm)[0]
                notes.append(f"Gevoeligheid: met {label} is {_fmt_p(alt.p)}, "
                             f"{_fmt_p(alt_holm, 'p_holm')}: {VERDICT_NL[alt_verdict]}.")
        out.append({
            "test_id": sp["test_id"], "table_id": sp["table_id"], "section": sp["section"],
            "line": int(sp["line"]), "claim": sp["claim"], "kind": sp["kind"],
            "comparison": row.comparison, "expected_direction": sp["expected_direction"],
            "test": o.test, "n1": row.n1, "n2": row.n2, "n_source": row.n_source,
            **values, "verdict": verdict, "outcome": outcome, "rounding_robust": robust,
            "note": " ".join(notes),
        })
    frame = pd.DataFrame(out, columns=COLUMNS)
    frame["n1"] = frame["n1"].astype("Int64")
    frame["n2"] = frame["n2"].astype("Int64")
    frame.attrs["family_size"] = len(tested)
    return frame


# --------------------------------------------------------------------------- output


def _cell(value: object, column: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if column == "rounding_robust":
        return "true" if value else "false"
    if column in ("p_value", "p_holm"):
        return f"{value:.4f}"
    if column in ("difference_pp", "ci_low", "ci_high"):
        return f"{value:.1f}"
    if column == "cohens_h":
        return f"{value:.2f}"
    return str(value)


def to_csv_text(results: pd.DataFrame) -> str:
    """The results as CSV text: fixed decimals, '\\n' line ends, empty cells for no value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rec in results[COLUMNS].astype(object).to_dict("records"):
        writer.writerow([_cell(rec[c], c) for c in COLUMNS])
    return buffer.getvalue()


def write(path: Path | None = None, results: pd.DataFrame | None = None) -> Path:
    """Regenerate ``data/derived/reanalysis.csv`` (or *path*) from the spec."""
    path = path or data_dir() / RESULT_PATH
    path.write_text(to_csv_text(run() if results is None else results), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- display

#: Dutch words for the verdicts and outcomes, for the book.
VERDICT_NL = {"supported": "gedragen", "not supported": "niet gedragen",
              "untestable": "niet toetsbaar"}
OUTCOME_NL = {"confirmed": "bevestigd", "opposite": "omgekeerd", "not significant":
              "niet significant", "equivalent": "gelijkwaardig", "different": "verschil",
              "inconclusive": "onbeslist", "untestable": "geen n of spreiding"}
DIRECTION_NL = {"group1>group2": "groter", "group1<group2": "kleiner",
                "group1=group2": "geen (groot) verschil", "group1!=group2": "verschil"}


def section_label(section: str) -> str:
    """The book's label of a report section: '2.2' -> 'sec-2-2'."""
    return "sec-" + section.replace(".", "-")


def display_frame(results: pd.DataFrame) -> pd.DataFrame:
    """All tests in Dutch columns for the book (one row per test, no empty header cells)."""
    from lwtbook.tables import nl_number

    def interval(rec: dict) -> str:
        if pd.isna(rec["difference_pp"]):
            return ""
        text = nl_number(rec["difference_pp"], 1)
        if pd.isna(rec["ci_low"]):
            return text
        return f"{text} ({nl_number(rec['ci_low'], 1)} tot {nl_number(rec['ci_high'], 1)})"

    def p_text(value: float) -> str:
        if pd.isna(value):
            return ""
        return "< 0,0001" if value < 0.0001 else nl_number(value, 4)

    recs = results.to_dict("records")
    return pd.DataFrame({
        "Toets": [r["test_id"] for r in recs],
        "Paragraaf": [r["section"] for r in recs],
        "Bewering (in onze woorden)": [r["claim"] for r in recs],
        "Het rapport zegt": [DIRECTION_NL[r["expected_direction"]] for r in recs],
        "Vergelijking": [r["comparison"] for r in recs],
        "Verschil in pp (95%-BI)": [interval(r) for r in recs],
        "p (Holm)": [p_text(r["p_holm"]) for r in recs],
        "Oordeel": [f"{VERDICT_NL[r['verdict']]} ({OUTCOME_NL[r['outcome']]})" for r in recs],
    })


def markdown_index(results: pd.DataFrame) -> str:
    """MyST list: per report section a link to it and the ids of the tests made there."""
    lines = []
    for section, group in results.groupby("section", sort=False):
        ids = ", ".join(group["test_id"])
        lines.append(f"- {{ref}}`paragraaf {section} <{section_label(section)}>`: {ids}")
    return "\n".join(lines) + "\n"


def markdown_items(results: pd.DataFrame, *, numbers: bool = True) -> str:
    """MyST list of tests, each with a link to its section (and its key numbers)."""
    from lwtbook.tables import nl_number

    lines = []
    for rec in results.to_dict("records"):
        link = f"{{ref}}`paragraaf {rec['section']} <{section_label(rec['section'])}>`"
        text = f"- **{rec['test_id']}** ({link}) {rec['claim']}"
        if numbers:
            text += f": {rec['comparison']}"
            if not pd.isna(rec["ci_low"]):
                text += (f"; verschil {nl_number(rec['difference_pp'], 1)} pp "
                         f"(95%-BI {nl_number(rec['ci_low'], 1)} tot "
                         f"{nl_number(rec['ci_high'], 1)})")
        lines.append(text + ".")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- figure


def oriented(results: pd.DataFrame) -> pd.DataFrame:
    """Tested rows with the difference turned so that positive = the direction asserted.

    For "group1<group2" the sign is flipped; "=" and "!=" keep group1 − group2.
    """
    rows = results.dropna(subset=["ci_low"]).copy()
    flip = rows["expected_direction"].eq("group1<group2").map({True: -1.0, False: 1.0})
    rows["shown"] = rows["difference_pp"] * flip
    lows, highs = rows["ci_low"] * flip, rows["ci_high"] * flip
    rows["shown_low"] = lows.where(flip > 0, highs)
    rows["shown_high"] = highs.where(flip > 0, lows)
    return rows


def forest_figure(results: pd.DataFrame, *, title: str | None = None, label_width: int = 44):
    """Forest plot: per test the difference (as asserted) with its 95 % interval.

    Colour and marker show the verdict (open markers: "no difference" claims, plotted as
    group1 − group2); a grey band marks the ±10 pp equivalence margin.
    """
    import matplotlib.pyplot as plt

    from lwtbook.plots import PALETTE, use_style

    use_style()
    rows = oriented(results)
    style = {"supported": (PALETTE[2], "o", "gedragen"),
             "not supported": (PALETTE[5], "s", "niet gedragen")}
    fig, ax = plt.subplots(figsize=(8.0, 0.42 * len(rows) + 1.5))
    ax.axvspan(-MARGIN_PP, MARGIN_PP, color="#EEEEEE", zorder=0)
    ax.axvline(0, color="#555555", linewidth=0.8)
    for y, rec in enumerate(rows.to_dict("records")):
        colour, marker, _ = style[rec["verdict"]]
        ax.plot([rec["shown_low"], rec["shown_high"]], [y, y], color=colour, linewidth=1.6)
        ax.plot(rec["shown"], y, marker=marker, color=colour, markersize=5,
                markerfacecolor="white" if rec["expected_direction"] == "group1=group2" else colour)
    labels = [f"{r['test_id']} {r['claim']}" for r in rows.to_dict("records")]
    ax.set_yticks(range(len(rows)), [textwrap.fill(lab, label_width, max_lines=2,
                                                   placeholder=" …") for lab in labels],
                  fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("verschil in procentpunten (rechts van 0 = de richting van de bewering)")
    handles = [plt.Line2D([], [], color=c, marker=m, linestyle="-", label=t)
               for c, m, t in style.values()]
    handles.append(plt.Line2D([], [], color="#555555", marker="o", markerfacecolor="white",
                              linestyle="", label="open: bewering 'geen verschil'"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.4, 1.0), ncol=3,
              fontsize=8)
    if title:
        ax.set_title(title, pad=28)
    fig.tight_layout()
    return fig


def main() -> None:
    """Regenerate the results CSV and print a one-line summary."""
    results = run()
    path = write(results=results)
    counts = results["verdict"].value_counts()
    summary = ", ".join(f"{v}: {int(counts.get(v, 0))}" for v in VERDICTS)
    print(f"wrote {path} ({len(results)} tests; {summary})")


if __name__ == "__main__":
    main()
