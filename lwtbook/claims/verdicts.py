"""Verdicts: what the tables (and the report's other statements) say about each claim.

============  ==================================================================================
verdict       when
============  ==================================================================================
fits          the checked value lies in the plain reading of the words (klopt)
roughly       it lies only in the stretched reading: imprecise but defensible (klopt ongeveer)
contradicted  it lies outside both: no reasonable reading fits (tegengesproken)
inconsistent  the report states the same fact elsewhere (a ``same-as`` group) in a way that no
              reading of both statements can reconcile, and no table settles it
prose-only    nothing in the tables can check it and the prose agrees with itself
============  ==================================================================================

A number checked against several values (``each``, ``growth``) or a comparison of several
sets takes the worst verdict among them. ``basis`` says what checked the claim: one printed
cell (``cell``), a computation on cells (``derived``), a comparison of cells (``comparison``)
or only numbers printed in the prose (``text``).

Statements of the same fact (``same-as``, followed both ways and transitively) are compared
with each other: two statements clash when their plain readings do not overlap. A clash is
*soft* when the vaguer statement's stretched reading covers the other's plain reading ("bijna
allemaal" beside "88 procent"): if no table checks the vaguer one, it is roughly right, on
the basis of the text. A hard clash
makes both statements inconsistent, unless a table has already found one of them right and
every clashing one contradicted. A table's contradiction outranks any inconsistency.
"""

from __future__ import annotations

from dataclasses import dataclass

from lwtbook.claims.compare import COMPARISON_RULES, check_comparison, worst
from lwtbook.claims.files import KINDS, UNITS, located
from lwtbook.claims.refs import DERIVATIONS, Number, derive, is_derived, references
from lwtbook.claims.rules import Interval, Reading, fmt, reading

__all__ = ["BAD", "GOOD", "VERDICTS", "Result", "audit", "check", "same_as_groups"]

VERDICTS = ("fits", "roughly", "contradicted", "inconsistent", "prose-only")
GOOD = ("fits", "roughly")
BAD = ("contradicted",)
RELATIONS = ("equals", "derived", "compares", "none")


@dataclass(frozen=True)
class Result:
    """What the cells say about one claim, before other claims are looked at."""

    reading: Reading | None
    checked: list[Number]
    checked_text: str
    accepted: str
    roughly: str
    basis: str
    verdict: str | None


def _judge(read: Reading, x: Number) -> str:
    value = Interval(x.lo, x.hi)
    if read.plain.overlaps(value):
        return "fits"
    if read.stretched is not None and read.stretched.overlaps(value):
        return "roughly"
    return "contradicted"


def _only_constants(cells: str) -> bool:
    return all(ref.constant is not None for ref in references(cells))


def _validate(claim: dict[str, str], ids: set[str]) -> None:
    kind = claim["kind"]
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if claim["unit"] not in UNITS:
        raise ValueError(f"unit {claim['unit']!r} is not one of {', '.join(UNITS)}")
    if claim["judgement"] not in ("computed", "manual"):
        raise ValueError(f"judgement must be computed or manual, not {claim['judgement']!r}")
    rel = claim["relation"]
    if rel.startswith("same-as:"):
        if rel.removeprefix("same-as:") not in ids:
            raise ValueError(f"{rel!r} names no claim in the file")
    elif rel not in RELATIONS:
        raise ValueError(f"relation {rel!r} is not one of {', '.join(RELATIONS)} or same-as:<id>")
    if kind == "comparison":
        if claim["value_rule"] not in COMPARISON_RULES:
            raise ValueError(f"no comparison rule {claim['value_rule']!r}")
        if rel not in ("compares", "none"):
            raise ValueError("a comparison has relation 'compares' (with cells) or 'none'")
        if (rel == "compares") != bool(claim["cells"].strip()):
            raise ValueError("relation 'compares' goes with cells, 'none' without")
    else:
        if claim["derivation"] not in DERIVATIONS:
            raise ValueError(f"unknown derivation {claim['derivation']!r}")
        if rel == "compares":
            raise ValueError("relation 'compares' is for comparisons only")
        if rel == "none" and claim["cells"].strip():
            raise ValueError("relation 'none' but cells are given")
        if rel in ("equals", "derived"):
            if not claim["cells"].strip():
                raise ValueError(f"relation {rel!r} needs cells")
            if (rel == "derived") != is_derived(claim["cells"], claim["derivation"]):
                raise ValueError(f"relation {rel!r} does not match the cells/derivation "
                                 "(a computation is 'derived', printed cells 'equals')")


def check(claim: dict[str, str]) -> Result:
    """Compare one claim with its cells (without looking at other claims)."""
    cells = claim["cells"].strip()
    if claim["kind"] == "comparison":
        if not cells:
            from lwtbook.claims.compare import describe

            plain, stretched = describe(claim["value_rule"], claim["unit"])
            return Result(None, [], "", plain, stretched, "", None)
        comp = check_comparison(claim)
        basis = "text" if _only_constants(cells) else "comparison"
        flat = [x for left, right in comp.values for x in (*left, *right)]
        return Result(None, flat, comp.values_text(), comp.accepted, comp.roughly, basis,
                      comp.verdict)
    read = reading(claim["value"], claim["value_rule"], claim["unit"],
                   claim.get("value_range", ""))
    stretched = read.stretched.text() if read.stretched else ""
    if not cells:
        return Result(read, [], "", read.plain.text(), stretched, "", None)
    checked = derive(cells, claim["derivation"], claim["table_id"])
    verdict = worst([_judge(read, x) for x in checked])
    basis = "text" if _only_constants(cells) else \
        "derived" if is_derived(cells, claim["derivation"]) else "cell"
    return Result(read, checked, " | ".join(fmt(x.value) for x in checked), read.plain.text(),
                  stretched, basis, verdict)


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


def _clash(a: Reading, b: Reading) -> str:
    """'' (compatible), 'soft' (a is vaguer and only its stretched reading covers b) or
    'hard' (no reading reconciles them), from a's point of view."""
    if a.plain.overlaps(b.plain):
        return ""
    if a.stretched is not None and a.stretched.overlaps(b.plain):
        return "soft"
    if b.stretched is not None and b.stretched.overlaps(a.plain):
        return ""  # b is the vague one; a is not to blame
    return "hard"


def audit(claims: list[dict[str, str]]) -> list[dict[str, str]]:
    """Compute accepted, roughly, checked_value, basis, inconsistent_with and verdict for
    every claim. A bad row raises ClaimsError naming its file row and claim id."""
    ids = {c["claim_id"] for c in claims}
    results: dict[str, Result] = {}
    for c in claims:
        try:
            _validate(c, ids)
            results[c["claim_id"]] = check(c)
        except (ValueError, LookupError, KeyError) as exc:
            raise located(c, exc) from exc
    table_verdict: dict[str, str | None] = {}
    for c in claims:
        cid = c["claim_id"]
        manual = c["judgement"] == "manual"
        if manual and c.get("verdict") not in VERDICTS:
            raise located(c, ValueError(f"manual verdict {c.get('verdict')!r} is not one of "
                                        f"{', '.join(VERDICTS)}"))
        own = results[cid].verdict
        table_verdict[cid] = c["verdict"] if manual and c["verdict"] in (*GOOD, *BAD) else own
    groups = same_as_groups(claims)
    by_id = {c["claim_id"]: c for c in claims}
    out = []
    for c in claims:
        cid = c["claim_id"]
        res = results[cid]
        hard, soft = [], []
        if res.reading is not None:
            for other in groups[cid]:
                if other == cid or results[other].reading is None:
                    continue
                kind = _clash(res.reading, results[other].reading)  # type: ignore[arg-type]
                (hard if kind == "hard" else soft if kind == "soft" else []).append(other)
        own = table_verdict[cid]
        settled = own in GOOD and all(table_verdict[o] in BAD for o in hard)
        if own in BAD:
            verdict = own
        elif hard and not settled:
            verdict = "inconsistent"
        elif soft and own is None:
            verdict = "roughly"  # checked only against a sharper statement of the same fact
        else:
            verdict = own or "prose-only"
        if c["judgement"] == "manual":
            verdict = c["verdict"]
        row = dict(c)
        row["accepted"] = res.accepted
        row["roughly"] = res.roughly
        row["checked_value"] = res.checked_text
        basis = res.basis
        if not basis and verdict in ("roughly", "inconsistent"):
            basis = "text"  # judged against another statement of the same fact
        row["basis"] = basis
        row["inconsistent_with"] = " | ".join(
            f"{o} (regel {by_id[o]['line']})" for o in sorted(hard + soft,
                                                               key=lambda i: int(by_id[i]["line"])))
        row["verdict"] = verdict
        out.append(row)
    return out
