"""Working out one spec row: select its cells, form the shares, run the design's test at the
nearest counts, at both ends of the rounding range and under the sensitivity bases, and write
the notes a reader needs (the base and why, overlap of survey rounds, GRIM, untestable)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from lwtbook import fmt, stats
from lwtbook.reanalysis.designs import (
    Outcome,
    against_census,
    distance,
    distribution_census,
    distributions,
    h_of,
    k_groups,
    largest_category,
    n_needed,
    one_share,
    two_independent,
    within,
)
from lwtbook.reanalysis.select import Selection, select, select_distribution, select_groups
from lwtbook.reanalysis.shares import Share, bounds, census_share, make_share
from lwtbook.reanalysis.spec import (
    SpecRow,
    parse_n_source,
    parse_rebase,
    parse_sensitivity,
    split_parts,
)
from lwtbook.settings import Settings

__all__ = ["Evaluation", "evaluate"]

#: Every comparison of two survey rounds says how the rounds overlap (by family).
ROUNDS_NOTES = {
    "scholen": "Twee peilingen onder dezelfde groep lwt-scholen: een deel van de scholen "
               "antwoordde waarschijnlijk in beide.",
    "leerbedrijven": "Twee peilingen: die van 2004/2005 is aangevuld met bedrijven uit het "
                     "bestand van 2002/2003 (r. 458–461 en 2717), dus een deel van de bedrijven "
                     "kan in beide zitten.",
}
ROUNDS_TAIL = ("De toets behandelt de peilingen als onafhankelijk; antwoorden dezelfde "
               "respondenten twee keer ongeveer hetzelfde, dan is hij daardoor eerder te "
               "voorzichtig dan te ruim.")


@dataclass
class Evaluation:
    """A spec row worked out: the comparison in words, the outcome at the nearest counts,
    at both ends of the rounding range and under the sensitivity bases, and notes."""

    row: SpecRow
    comparison: str
    n1: int | None
    n2: int | None
    n_source: str
    outcome: Outcome
    ends: list[Outcome] = field(default_factory=list)
    sensitivity: list[tuple[str, Outcome]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _untestable_note(test: Callable[[int], float | None], s: Settings) -> str:
    needed = n_needed(test, s.alpha)
    text = "Niet toetsbaar: het rapport drukt geen n bij deze percentages."
    if needed is None:
        return text + " Het gedrukte verschil is bij geen enkele groepsgrootte significant."
    return (text + f" Bij gelijke groepen zou het gedrukte verschil vanaf n = "
            f"{fmt.number(needed)} per groep significant zijn (p < {fmt.number(s.alpha)}, "
            "zonder correctie).")


# --------------------------------------------------------------------------- evaluate a row


def _n_kind_text(kinds: Sequence[str]) -> str:
    unique = list(dict.fromkeys(kinds))
    return " / ".join(unique)


def evaluate(row: SpecRow, s: Settings) -> Evaluation:
    """Work out one spec row under settings *s* (SpecError names the row on any problem)."""
    try:
        if row.kind == "two-proportions":
            ev = _evaluate_parts(row, s) if row.parts > 1 else _evaluate_two(row, s)
        elif row.kind == "one-share":
            ev = _evaluate_one(row, s)
        elif row.kind == "k-groups":
            ev = _evaluate_groups(row, s)
        elif row.kind == "distribution":
            ev = _evaluate_distribution(row, s)
        else:
            ev = _evaluate_means(row)
        ev.notes[:0] = _rounds_note(row)
        return ev
    except (ValueError, LookupError) as exc:
        if exc.__class__.__name__ == "SpecError":
            raise
        raise row.error(str(exc)) from None


def _rounds_note(row: SpecRow) -> list[str]:
    if row.design != "rounds":
        return []
    return [ROUNDS_NOTES.get(row.family, "Twee peilingen; de overlap is niet bekend."),
            ROUNDS_TAIL]


def _shares(row: SpecRow, s: Settings, group1: str, group2: str, n1_source: str,
            n2_source: str, *, printed_bases: bool = False) -> tuple[Share, Share, list[str]]:
    sel1, sel2 = select(group1, row.table_id), select(group2, row.table_id)
    n1, k1 = parse_n_source(n1_source, sel1.n_printed)
    n2, k2 = parse_n_source(n2_source, sel2.n_printed)
    if printed_bases:  # the analysis as the report prints it: printed n's, nothing rebased
        n1, k1 = (sel1.n_printed, "printed") if sel1.n_printed is not None else (n1, k1)
        n2, k2 = (sel2.n_printed, "printed") if sel2.n_printed is not None else (n2, k2)
    rebase = {} if printed_bases else parse_rebase(row.rebase)
    excluded: list[list[Selection]] = [[], []]
    notes = []
    if row.exclude and not printed_bases:
        for i, group in enumerate((group1, group2)):
            dist, _ = select_distribution(_drop_dim(group, row.answer_dim), row.table_id,
                                          row.answer_dim)
            excluded[i] = [dist[c] for c in row.exclude]
        notes.append(f"Basis zonder '{'; '.join(row.exclude)}': die antwoorden tellen niet mee.")
    if row.design == "census":
        first = make_share(sel1, row.label1, n1, k1, excluded=excluded[0])
        return first, census_share(sel2, row.label2), notes
    first = make_share(sel1, row.label1, n1, k1, rebase=rebase.get("group1"),
                       excluded=excluded[0])
    second = make_share(sel2, row.label2, n2, k2, rebase=rebase.get("group2"),
                        excluded=excluded[1])
    for side, key in ((first, "group1"), (second, "group2")):
        if key in rebase:
            notes.append(f"'{side.label}': gedrukt als aandeel van de antwoorden; omgerekend "
                         f"naar {fmt.number(rebase[key])} respondenten "
                         f"({fmt.percent(side.pct, 1)}).")
    for side, sel in ((first, sel1), (second, sel2)):
        if sel.how == "sum":
            notes.append(f"'{side.label}' is de som van {len(sel.parts)} gedrukte percentages.")
        if sel.how == "mean":
            notes.append(f"'{side.label}' is het gemiddelde van {len(sel.parts)} gedrukte "
                         "percentages, getoetst alsof het één percentage is.")
        if sel.how == "prose":
            notes.append(f"Het percentage van '{side.label}' staat alleen in de tekst.")
        if not side.grim:
            notes.append(f"GRIM: het gedrukte percentage van '{side.label}' kan niet uit "
                         f"n = {side.n} voortkomen; die n is dus een benadering.")
    return first, second, notes


def _drop_dim(selector: str, dim: str) -> str:
    parts = [p for p in selector.split(";") if p.split("=")[0].strip() != dim]
    return ";".join(parts)


def _pair_outcome(row: SpecRow, a: Share, b: Share, s: Settings, *, k1: int | None = None,
                  k2: int | None = None, p0: float | None = None,
                  exact: bool = False) -> Outcome:
    """The test of the row's design on shares *a*, *b* (counts overridable for the ends)."""
    k1 = a.k if k1 is None else k1
    expected = row.expected_direction
    if row.design == "census":
        p0 = b.pct if p0 is None else p0
        d1 = a.pct if not exact else 100 * k1 / a.n
        return against_census(k1, a.n, p0, d1, expected, s)
    k2 = b.k if k2 is None else k2
    d1, d2 = (a.pct, b.pct) if not exact else (100 * k1 / a.n, 100 * k2 / b.n)
    if row.design == "same-respondents":
        if a.n != b.n:
            raise ValueError("two answers of the same respondents need one n")
        return within(k1, k2, a.n, d1, d2, expected, s)
    return two_independent(k1, a.n, k2, b.n, d1, d2, expected, s)


def _pair_ends(row: SpecRow, a: Share, b: Share, s: Settings) -> list[Outcome]:
    if row.design == "census":
        lo, hi = b.pct - b.half_width, b.pct + b.half_width
        return [_pair_outcome(row, a, b, s, k1=a.k_lo, p0=hi, exact=True),
                _pair_outcome(row, a, b, s, k1=a.k_hi, p0=lo, exact=True)]
    return [_pair_outcome(row, a, b, s, k1=a.k_lo, k2=b.k_hi, exact=True),
            _pair_outcome(row, a, b, s, k1=a.k_hi, k2=b.k_lo, exact=True)]


def _span(lo: int, hi: int) -> str:
    return fmt.number(lo) if lo == hi else f"{fmt.number(lo)}–{fmt.number(hi)}"


def _counts_note(*shares: Share) -> str:
    bits = [f"{_span(x.k_lo, x.k_hi)} van {fmt.number(x.n)}" for x in shares if not x.census]
    return "Aantallen teruggerekend uit afgeronde percentages: " + " en ".join(bits) + "."


def _evaluate_two(row: SpecRow, s: Settings) -> Evaluation:
    a, b, notes = _shares(row, s, row.group1, row.group2, row.n1_source, row.n2_source)
    comparison = f"{a.text()} tegen {b.text()}"
    kinds = _n_kind_text([a.n_kind, b.n_kind])
    ev = Evaluation(row, comparison, a.n, b.n, kinds, Outcome("none"), notes=notes)
    if row.described:
        ev.outcome = Outcome("none", "pp", a.pct - b.pct, None, h_of(a.pct, b.pct),
                             shares=(a.pct, b.pct))
        return ev
    if not (a.known and b.known):
        ev.outcome = Outcome("none", "pp", a.pct - b.pct, None, h_of(a.pct, b.pct),
                             shares=(a.pct, b.pct))
        ev.notes.append(_untestable_note(
            lambda n: stats.two_proportion_test(
                stats.reconstruct_count(a.pct, n), n, stats.reconstruct_count(b.pct, n), n,
                min_expected=s.min_expected, exact_below=s.exact_below)[0], s))
        return ev
    ev.outcome = _pair_outcome(row, a, b, s)
    ev.ends = _pair_ends(row, a, b, s)
    ev.notes.append(_counts_note(a, b))
    for label, alt in _sensitivity(row, s):
        ev.sensitivity.append((label, alt))
    return ev


def _sensitivity(row: SpecRow, s: Settings) -> list[tuple[str, Outcome]]:
    """The row's test under its alternative bases (the ``sensitivity`` column)."""
    alt = parse_sensitivity(row.sensitivity)
    if not alt:
        return []
    a, b, _ = _shares(row, s, row.group1, row.group2, row.n1_source, row.n2_source,
                      printed_bases=bool(alt.get("printed")))
    if "n1" in alt or "rebase1" in alt:
        n1 = int(alt.get("rebase1", alt.get("n1")))
        pct = a.pct * a.n / n1 if "rebase1" in alt else a.pct
        a = replace(a, pct=pct, n=n1, k=stats.reconstruct_count(min(pct, 100), n1),
                    n_kind="derived")
    if "n2" in alt or "rebase2" in alt:
        n2 = int(alt.get("rebase2", alt.get("n2")))
        pct = b.pct * b.n / n2 if "rebase2" in alt else b.pct
        b = replace(b, pct=pct, n=n2, k=stats.reconstruct_count(min(pct, 100), n2),
                    n_kind="derived")
    label = f"{a.text()} tegen {b.text()}"
    if alt.get("printed"):
        label += ", zoals gedrukt"
    return [(label, _pair_outcome(row, a, b, s))]


def _evaluate_parts(row: SpecRow, s: Settings) -> Evaluation:
    """A claim made of parts that must all hold (intersection–union): the largest p decides;
    "contradicted" needs one part beyond the margin (Bonferroni over the parts)."""
    parts = []
    for g1, g2, s1, s2 in zip(split_parts(row.group1), split_parts(row.group2),
                              split_parts(row.n1_source), split_parts(row.n2_source),
                              strict=True):
        a, b, notes = _shares(row, s, g1, g2, s1, s2)
        parts.append((a, b, notes))
    outcomes = [_pair_outcome(row, a, b, s) for a, b, _ in parts]
    binding = max(range(len(parts)), key=lambda i: outcomes[i].p)
    out = _combine(outcomes, binding)
    comparison = "; ".join(f"{a.text()} tegen {b.text()}" for a, b, _ in parts)
    a, b, _ = parts[binding]
    ev = Evaluation(row, comparison, a.n, b.n,
                    _n_kind_text([x.n_kind for p in parts for x in p[:2]]), out)
    ev.notes += [n for *_, notes in parts for n in notes]
    ev.notes.append(f"Deze bewering moet in elk van de {len(parts)} delen gelden; het deel "
                    f"'{a.label} tegen {b.label}' beslist (de grootste p).")
    ends = [[], []]
    for pa, pb, _ in parts:
        for i, end in enumerate(_pair_ends(row, pa, pb, s)):
            ends[i].append(end)
    ev.ends = [_combine(e, max(range(len(e)), key=lambda j: e[j].p)) for e in ends]
    ev.notes.append(_counts_note(*[x for p in parts for x in p[:2]]))
    return ev


def _combine(outcomes: Sequence[Outcome], binding: int) -> Outcome:
    chosen = outcomes[binding]
    against = [o.p_against for o in outcomes if o.p_against is not None]
    p_against = min(1.0, len(outcomes) * min(against)) if against else None
    return replace(chosen, p=max(o.p for o in outcomes), p_against=p_against)


def _evaluate_one(row: SpecRow, s: Settings) -> Evaluation:
    sel = select(row.group1, row.table_id)
    n, kind = parse_n_source(row.n1_source, sel.n_printed)
    a = make_share(sel, row.label1, n, kind)
    p0 = select(row.group2, row.table_id).pct
    comparison = f"{a.text()} tegen {fmt.percent(p0)}"
    ev = Evaluation(row, comparison, a.n, None, kind, Outcome("none"))
    if sel.how == "sum":
        ev.notes.append(f"'{a.label}' is de som van {len(sel.parts)} gedrukte percentages.")
    if a.n is None:
        ev.outcome = Outcome("none", "pp", a.pct - p0, shares=(a.pct, p0))
        ev.notes.append(_untestable_note(lambda m: stats.one_sample_test(
            stats.reconstruct_count(a.pct, m), m, p0 / 100), s))
        return ev
    ev.outcome = one_share(a.k, a.n, a.pct, p0, s)
    ev.ends = [one_share(k, a.n, 100 * k / a.n, p0, s) for k in (a.k_lo, a.k_hi)]
    ev.notes.append(_counts_note(a))
    return ev


def _group_shares(row: SpecRow, selector: str) -> list[Share]:
    """One share per group; ``n1_source`` holds one base for all groups or one per group
    (``a | b | c``, in the groups' printed order)."""
    groups = select_groups(selector, row.table_id, row.answer_dim, row.exclude)
    sources = split_parts(row.n1_source)
    if len(sources) not in (1, len(groups)):
        raise ValueError(f"n1_source has {len(sources)} bases for {len(groups)} groups")
    out = []
    for i, (label, sel) in enumerate(groups.items()):
        n, kind = parse_n_source(sources[i if len(sources) > 1 else 0], sel.n_printed)
        out.append(make_share(sel, label, n, kind))
    return out


def _evaluate_groups(row: SpecRow, s: Settings) -> Evaluation:
    expected = row.expected_direction
    selectors = split_parts(row.group1)
    parts = [_group_shares(row, sel) for sel in selectors]
    first = parts[0]
    if expected in ("max", "min") and row.label1 not in [g.label for g in first]:
        raise ValueError(f"label1 {row.label1!r} is not one of the groups "
                         f"({', '.join(g.label for g in first)})")
    texts = [_groups_text(groups) for groups in parts]
    comparison = " | ".join(f"{lab}: {t}" for lab, t in
                            zip(_part_labels(row, selectors), texts, strict=True)) \
        if len(parts) > 1 else texts[0]
    ns = [g.n for g in first]
    kinds = _n_kind_text([g.n_kind for g in first])
    ev = Evaluation(row, comparison, None, None, kinds, Outcome("none"))
    if any(g.n is None for groups in parts for g in groups):
        shares = [g.pct for g in first]
        ev.outcome = Outcome("none", "spreiding", max(shares) - min(shares))
        if expected in ("max", "min"):
            mine = next(g for g in first if g.label == row.label1)
            rival = (max if expected == "max" else min)(
                [g for g in first if g.label != row.label1], key=lambda g: g.pct)
            ev.outcome = Outcome("none", "pp", mine.pct - rival.pct, None,
                                 h_of(mine.pct, rival.pct), shares=(mine.pct, rival.pct))
        ev.notes.append(_untestable_note(lambda n: _plain_chi([
            [stats.reconstruct_count(g.pct, n), n - stats.reconstruct_count(g.pct, n)]
            for g in first]), s))
        return ev
    if expected in ("max", "min"):
        mine = next(g for g in first if g.label == row.label1)
        rival = (max if expected == "max" else min)(
            [g for g in first if g.label != row.label1], key=lambda g: g.pct)
        ev.n1, ev.n2 = mine.n, rival.n
    else:
        ev.n1, ev.n2 = min(ns), max(ns)
    outcomes = [k_groups(groups, expected, row.label1, s) for groups in parts]
    ends_parts = [[k_groups(_toward(groups, closer), expected, row.label1, s)
                   for closer in (True, False)] for groups in parts]
    if len(parts) == 1:
        ev.outcome, ev.ends = outcomes[0], ends_parts[0]
    else:
        binding = max(range(len(parts)), key=lambda i: outcomes[i].p)
        ev.outcome = _combine(outcomes, binding)
        ev.ends = [_combine([e[i] for e in ends_parts],
                            max(range(len(parts)), key=lambda j: ends_parts[j][i].p))
                   for i in (0, 1)]
        ev.notes.append(f"Deze bewering moet voor elk van de {len(parts)} onderdelen gelden; "
                        f"'{_part_labels(row, selectors)[binding]}' beslist (de grootste p).")
    if any(not g.grim for groups in parts for g in groups):
        bad = sorted({g.label for groups in parts for g in groups if not g.grim})
        ev.notes.append("GRIM: niet elk gedrukt percentage van " + ", ".join(bad) +
                        " kan uit de aangenomen n voortkomen; die n is een benadering.")
    ev.notes.append("Aantallen teruggerekend uit afgeronde percentages; groepen: " +
                    ", ".join(f"{g.label} n ≈ {fmt.number(g.n)}" if g.n_kind != "printed"
                              else f"{g.label} n = {fmt.number(g.n)}" for g in first) + ".")
    return ev


def _groups_text(groups: Sequence[Share]) -> str:
    """``2002/2003 75% (n = 172); …``; when no group has a base, "(n onbekend)" once."""
    if all(g.n is None for g in groups):
        shares = "; ".join(f"{g.label} {fmt.percent(g.pct, 0 if float(g.pct).is_integer() else 1)}"
                           for g in groups)
        return f"{shares} (n onbekend)"
    return "; ".join(g.text() for g in groups)


def _part_labels(row: SpecRow, selectors: Sequence[str]) -> list[str]:
    out = []
    for sel in selectors:
        _, _, label = sel.rpartition("=")
        out.append(label.strip())
    return out


def _plain_chi(table: list[list[int]]) -> float | None:
    from scipy.stats import chi2_contingency

    cols = [sum(r[j] for r in table) for j in range(2)]
    if min(cols) == 0:
        return None
    return float(chi2_contingency(table, correction=False).pvalue)


def _toward(groups: Sequence[Share], closer: bool) -> list[Share]:
    """Every group's count moved to the end of its rounding range nearest to (``closer``) or
    farthest from the pooled share: the least and the most varied tables the print allows."""
    pooled = sum(g.k for g in groups) / sum(g.n for g in groups)
    out = []
    for g in groups:
        above = g.k / g.n >= pooled
        k = (g.k_lo if above else g.k_hi) if closer else (g.k_hi if above else g.k_lo)
        out.append(replace(g, k=k, pct=100 * k / g.n))
    return out


def _evaluate_distribution(row: SpecRow, s: Settings) -> Evaluation:
    d1, p1 = select_distribution(row.group1, row.table_id, row.answer_dim, row.exclude)
    d2, p2 = select_distribution(row.group2, row.table_id, row.answer_dim, row.exclude)
    n1, k1 = parse_n_source(row.n1_source, p1)
    n2, k2 = parse_n_source(row.n2_source, p2)
    notes = []
    only = sorted(set(d1) ^ set(d2))
    if only:
        notes.append("Alleen in één van beide verdelingen (niet meegeteld): " + ", ".join(only)
                     + ".")
    labels = [c for c in d1 if c in d2 and (d1[c].pct > 0 or d2[c].pct > 0)]
    if k1 == "counts":
        n1 = int(sum(d1[c].pct for c in labels))
    if k2 == "counts":
        n2 = int(sum(d2[c].pct for c in labels))
    left_out = [c for c in row.exclude if not c.startswith("totaal")]
    if left_out:
        notes.append("Buiten de vergelijking: " + "; ".join(left_out) +
                     "; de overige categorieën zijn herberekend tot 100%.")
    v1 = {c: d1[c].pct for c in labels}
    v2 = {c: d2[c].pct for c in labels}
    if k1 == "counts":
        v1 = {c: 100 * v / n1 for c, v in v1.items()}
    if k2 == "counts":
        v2 = {c: 100 * v / n2 for c, v in v2.items()}
    census = row.design == "census"
    n_text1 = _n_text(n1, k1)
    n_text2 = "telling" if census else _n_text(n2, k2)
    comparison = (f"{row.label1} ({n_text1}) tegen {row.label2} ({n_text2}), verdeling over "
                  f"{len(labels)} categorieën van {row.answer_dim}")
    ev = Evaluation(row, comparison, n1, None if census else n2,
                    k1 if census else _n_kind_text([k1, k2]), Outcome("none"), notes=notes)
    if row.described:
        ev.outcome = Outcome("none", "afstand", distance(v1, v2), note=largest_category(v1, v2))
        return ev
    if n1 is None or (n2 is None and not census):
        ev.outcome = Outcome("none", "afstand", distance(v1, v2))
        ev.notes.append(_untestable_note(lambda n: _plain_chi_dist(v1, v2, n), s))
        return ev
    c1 = _counts(d1, labels, n1, k1)
    if census:
        ev.outcome = distribution_census(c1, v1, v2, row.expected_direction, s)
        ev.ends = [distribution_census(_census_end(c1, d1, v2, labels, n1, closer), v1, v2,
                                       row.expected_direction, s) for closer in (True, False)]
    else:
        c2 = _counts(d2, labels, n2, k2)
        ev.outcome = distributions(c1, c2, v1, v2, row.expected_direction, s)
        if "counts" not in (k1, k2):  # printed counts have no rounding range
            ev.ends = [distributions(*_dist_end(d1, d2, labels, n1, n2, k1, k2, closer), v1,
                                     v2, row.expected_direction, s) for closer in (True, False)]
    if "counts" in (k1, k2):
        ev.notes.append("De tabel drukt aantallen: er valt niets terug te rekenen en geen "
                        "afronding na te gaan.")
    else:
        ev.notes.append("Aantallen teruggerekend uit afgeronde percentages; aan de uiteinden "
                        "van het afrondingsbereik staat elke categorie op haar uiterste telling "
                        "(een benadering).")
    return ev


def _n_text(n: int | None, kind: str) -> str:
    if n is None:
        return "n onbekend"
    return f"n {'=' if kind in ('printed', 'counts') else '≈'} {fmt.number(n)}"


def _counts(d: dict[str, Selection], labels: Sequence[str], n: int, kind: str) -> dict[str, int]:
    if kind == "counts":
        return {c: int(d[c].pct) for c in labels}
    return {c: stats.reconstruct_count(d[c].pct, n) for c in labels}


def _plain_chi_dist(v1: dict[str, float], v2: dict[str, float], n: int) -> float | None:
    return _plain_chi_rows([[stats.reconstruct_count(v, n) for v in v1.values()],
                            [stats.reconstruct_count(v, n) for v in v2.values()]])


def _plain_chi_rows(table: list[list[int]]) -> float | None:
    from scipy.stats import chi2_contingency

    cols = [j for j in range(len(table[0])) if table[0][j] + table[1][j] > 0]
    if len(cols) < 2:
        return None
    return float(chi2_contingency([[r[j] for j in cols] for r in table],
                                  correction=False).pvalue)


def _dist_end(d1: dict[str, Selection], d2: dict[str, Selection], labels: Sequence[str],
              n1: int, n2: int, k1: str, k2: str, closer: bool) -> tuple[dict, dict]:
    """Every category at its least (``closer``) or most different count (approximate)."""
    def span(sel: Selection, n: int, kind: str) -> tuple[int, int]:
        if kind == "counts":
            return int(sel.pct), int(sel.pct)
        return bounds(sel.pct, sel.texts[0], n)[:2]

    def share(sel: Selection, n: int, kind: str) -> float:
        return sel.pct / n if kind == "counts" else sel.pct / 100

    e1, e2 = {}, {}
    for c in labels:
        lo1, hi1 = span(d1[c], n1, k1)
        lo2, hi2 = span(d2[c], n2, k2)
        up = share(d1[c], n1, k1) >= share(d2[c], n2, k2)
        if closer:
            e1[c], e2[c] = (lo1, hi2) if up else (hi1, lo2)
        else:
            e1[c], e2[c] = (hi1, lo2) if up else (lo1, hi2)
    return e1, e2


def _census_end(c1: dict[str, int], d1: dict[str, Selection], q: dict[str, float],
                labels: Sequence[str], n: int, closer: bool) -> dict[str, int]:
    total_q = sum(q.values())
    out = {}
    for c in labels:
        lo, hi, _ = bounds(d1[c].pct, d1[c].texts[0], n)
        above = c1[c] / n >= q[c] / total_q
        out[c] = (lo if above else hi) if closer else (hi if above else lo)
    return out


def _evaluate_means(row: SpecRow) -> Evaluation:
    sel1, sel2 = select(row.group1, row.table_id), select(row.group2, row.table_id)
    n1, k1 = parse_n_source(row.n1_source, sel1.n_printed)
    n2, k2 = parse_n_source(row.n2_source, sel2.n_printed)
    a = Share(row.label1, sel1.pct, n1, n_kind=k1)
    b = Share(row.label2, sel2.pct, n2, n_kind=k2)
    comparison = f"{a.text('')} tegen {b.text('')}"
    return Evaluation(row, comparison, n1, n2, _n_kind_text([k1, k2]), Outcome("none"),
                      notes=["Niet toetsbaar: het rapport drukt gemiddelden zonder spreiding "
                             "(standaardafwijking)."])
