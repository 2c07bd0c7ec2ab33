"""Comparative statements: "hoger dan", "het meest", "gestegen", "geen verschil".

A comparison claim (``kind = comparison`` in ``claims.csv``) names the cells it is about in
sets of two sides (see :mod:`lwtbook.claims.refs`); ``value_rule`` says what the words assert
about them. Every set is checked; the claim gets the worst verdict of its sets.

============================  =================================================================
rule                          the words assert …
============================  =================================================================
``hoger`` / ``lager``         every left term is above / below every right term ("vaker",
                              "gestegen", "het meest" = ``hoogste``, "het minst" = ``laagste``)
``iets hoger`` / ``iets       … by a small margin ("iets", "licht", "net")
lager``
``veel hoger`` / ``veel       … by a large margin ("veel", "duidelijk", "beduidend",
lager``                       "spectaculair")
``volgorde``                  the terms, as listed, from high to low
``gelijk``                    no difference among the terms ("komt overeen", "even", "niet
                              verschillend", "stabiel")
``geen groot verschil``       no large difference ("geen grote verschillen", "niet veel")
``verschil``                  the terms differ ("verschillen", "variatie")
``groot verschil``            they differ a lot ("grote verschillen")
``gelijke verdeling``         two distributions (left and right side, category by category)
                              agree; measured by the total variation distance
============================  =================================================================

The sizes come from the settings, so a researcher can vary them: a *large* difference is
:attr:`Settings.margin_pp` percentage points (the re-analysis's equivalence margin) or twice
:attr:`Settings.relative_step` of the larger number for other units; *no difference* means at
most half of that, stretched by :attr:`Settings.roughly_factor` for "klopt ongeveer"; two
distributions agree when their distance is at most half of :attr:`Settings.margin_tv`.
A "no difference" claim is measured by the smallest spread (or distance) that the rounding
of the printed numbers allows.

A direction is read from the printed numbers: the words fit when the printed difference has
the asserted sign; roughly, when it does not but rounding could reverse it; the table
contradicts the words when it could not. "Rounding could" means: independent rounding errors
of the cells involved produce a difference at least this large with probability of at least
:attr:`Settings.improbable_p` (1 %), computed exactly by :func:`lwtbook.rounding.bound` –
for two single cells a tie, for sums of many cells somewhat more. With derivation ``mean``
every term is the mean of its references (e.g. one sector over all aspects of a table).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from lwtbook.claims.refs import Number, Term, parse_sets, term_value
from lwtbook.claims.rules import fmt
from lwtbook.rounding import bound
from lwtbook.settings import current

__all__ = ["COMPARISON_RULES", "Comparison", "check_comparison", "describe"]

#: rule -> (what is checked, direction or size word)
COMPARISON_RULES: dict[str, tuple[str, str]] = {
    "hoger": ("order", ""),
    "lager": ("order", ""),
    "hoogste": ("order", ""),
    "laagste": ("order", ""),
    "iets hoger": ("order", "small"),
    "iets lager": ("order", "small"),
    "veel hoger": ("order", "large"),
    "veel lager": ("order", "large"),
    "volgorde": ("sequence", ""),
    "gelijk": ("spread", "none"),
    "geen groot verschil": ("spread", "no-large"),
    "verschil": ("spread", "some"),
    "groot verschil": ("spread", "large"),
    "gelijke verdeling": ("distribution", ""),
}
#: Verdict codes, best first (shared with number claims).
ORDER = ("fits", "roughly", "contradicted")
#: Derivations a comparison may use.
COMPARISON_DERIVATIONS = ("", "mean")


@dataclass(frozen=True)
class Comparison:
    """The outcome of a comparison claim."""

    verdict: str
    values: list[tuple[list[Number], list[Number]]]
    accepted: str
    roughly: str

    def values_text(self) -> str:
        """``"79 <> 65"`` per set, sets joined by ``" || "``."""
        out = []
        for left, right in self.values:
            lt = " | ".join(fmt(x.value) for x in left)
            rt = " | ".join(fmt(x.value) for x in right)
            out.append(f"{lt} <> {rt}" if right else lt)
        return " || ".join(out)


def worst(verdicts: list[str]) -> str:
    """The worst of several verdicts (fits < roughly < contradicted)."""
    return max(verdicts, key=ORDER.index) if verdicts else "fits"


def _large(unit: str, a: float, b: float) -> float:
    s = current()
    if unit == "%":
        return s.margin_pp
    return 2 * s.relative_step * max(abs(a), abs(b))


def _mean(term: Term, table_id: str) -> Number:
    x = term_value(term, table_id)
    k = len(term)
    return Number(x.value / k, x.lo / k, x.hi / k, None,
                  tuple((a / k, b / k) for a, b in x.errors))


def slack(a: Number, b: Number) -> float:
    """How far rounding can plausibly move the difference a − b: exceeded with probability
    below :attr:`Settings.improbable_p` only."""
    errors = a.errors + tuple((-hi, -lo) for lo, hi in b.errors)
    if not errors:
        return 0.0
    return bound(errors, current().improbable_p)


def _pair(upper: Number, lower: Number, size: str, unit: str) -> str:
    """Verdict for "upper lies above lower" (by a small/large margin or at all)."""
    d = upper.value - lower.value
    if d < 0 and -d >= slack(upper, lower):
        return "contradicted"
    if d <= 0:
        return "roughly"  # only rounding could give the asserted order
    big = _large(unit, upper.value, lower.value)
    if size == "large" and d < big:
        return "roughly"
    if size == "small" and d > big:
        return "roughly"
    return "fits"


def _spread(terms: list[Number]) -> tuple[float, float]:
    """Printed spread (max − min) and the smallest spread rounding plausibly allows."""
    hi = max(terms, key=lambda x: x.value)
    lo = min(terms, key=lambda x: x.value)
    spread = hi.value - lo.value
    return spread, max(0.0, spread - slack(hi, lo))


def _spread_verdict(terms: list[Number], size: str, unit: str) -> str:
    spread, least = _spread(terms)
    ref = max(abs(t.value) for t in terms)
    large = _large(unit, ref, ref)
    k = current().roughly_factor
    if size == "none":  # the report gets the benefit of the rounding
        return "fits" if least <= large / 2 else "roughly" if least <= k * large / 2 \
            else "contradicted"
    if size == "no-large":
        return "fits" if least <= large else "roughly" if least <= k * large \
            else "contradicted"
    if least <= 0:  # rounding could make them all equal
        return "contradicted"
    if size == "some":
        return "fits" if spread >= large / 2 else "roughly"
    # large
    return "fits" if spread >= large else "roughly" if spread >= large / k else "contradicted"


def distance(left: list[Number], right: list[Number]) -> float:
    """Total variation distance (0–1) of two distributions given category by category in
    percent, reduced by what rounding can plausibly explain (the report gets the benefit of
    the doubt, as with a direction).

    With printed differences d and rounding errors e, the true distance is at least
    ½·(Σ|d| + S), S = Σ sign(d)·e: a sum of independent rounding errors, which falls below
    −c with probability under :attr:`Settings.improbable_p` for c = :func:`bound`. One bound
    for the whole sum, not one per category: that every category errs in the report's favour
    at once is itself improbable. The re-analysis measures the same printed distance."""
    total, errors = 0.0, []
    for a, b in zip(left, right, strict=True):
        d = a.value - b.value
        total += abs(d)
        if d > 0:
            errors += [*a.errors, *((-hi, -lo) for lo, hi in b.errors)]
        elif d < 0:
            errors += [*((-hi, -lo) for lo, hi in a.errors), *b.errors]
    allowance = bound(tuple(errors), current().improbable_p) if errors else 0.0
    return max(0.0, total - allowance) / 200


def check_comparison(claim: dict[str, str]) -> Comparison:
    """Check one comparison claim against its cells."""
    rule = claim["value_rule"].strip()
    if rule not in COMPARISON_RULES:
        raise ValueError(f"no comparison rule {rule!r}; known: {', '.join(COMPARISON_RULES)}")
    if claim["derivation"] not in COMPARISON_DERIVATIONS:
        raise ValueError(f"a comparison takes derivation '' or 'mean', not "
                         f"{claim['derivation']!r}")
    what, size = COMPARISON_RULES[rule]
    unit, table_id = claim["unit"], claim["table_id"]
    value = _mean if claim["derivation"] == "mean" else term_value
    sets = [([value(t, table_id) for t in left], [value(t, table_id) for t in right])
            for left, right in parse_sets(claim["cells"])]
    if not sets:
        raise ValueError("a comparison needs cells")
    verdicts = []
    for left, right in sets:
        if what == "order":
            if not right:
                raise ValueError(f"{rule!r} needs terms on both sides")
            down = rule.endswith(("lager", "laagste"))
            verdicts.append(worst([
                _pair(r, lft, size, unit) if down else _pair(lft, r, size, unit)
                for lft in left for r in right]))
        elif what == "sequence":
            terms = left + right
            if len(terms) < 2:
                raise ValueError("'volgorde' needs at least two terms")
            verdicts.append(worst([_pair(a, b, "", unit) for a, b in pairwise(terms)]))
        elif what == "spread":
            terms = left + right
            if len(terms) < 2:
                raise ValueError(f"{rule!r} needs at least two terms")
            verdicts.append(_spread_verdict(terms, size, unit))
        else:  # distribution
            if len(left) != len(right) or len(left) < 2:
                raise ValueError("'gelijke verdeling' pairs the categories of two sides: give "
                                 "both sides the same number (at least two) of terms")
            tv = distance(left, right)
            margin = current().margin_tv
            k = current().roughly_factor
            verdicts.append("fits" if tv <= margin / 2 else "roughly" if tv <= k * margin / 2
                            else "contradicted")
    accepted, roughly = describe(rule, unit)
    return Comparison(worst(verdicts), sets, accepted, roughly)


def describe(rule: str, unit: str = "%") -> tuple[str, str]:
    """The plain and the stretched reading of a comparison rule, for the CSV."""
    s = current()
    big = fmt(s.margin_pp) if unit == "%" else f"{fmt(200 * s.relative_step)}%"
    half = fmt(s.margin_pp / 2) if unit == "%" else f"{fmt(100 * s.relative_step)}%"
    stretched = fmt(s.roughly_factor * s.margin_pp / 2) if unit == "%" else \
        f"{fmt(100 * s.roughly_factor * s.relative_step)}%"
    what, size = COMPARISON_RULES[rule]
    if what == "order":
        sign = "<" if rule.endswith(("lager", "laagste")) else ">"
        plain = {"": f"L {sign} R", "small": f"L {sign} R by at most {big}",
                 "large": f"L {sign} R by at least {big}"}[size]
        return plain, "L = R within rounding" + ("" if not size else "; or other size")
    if what == "sequence":
        return "each term > the next", "a tie within rounding"
    if what == "distribution":
        return (f"TV <= {fmt(s.margin_tv / 2)}", f"TV <= {fmt(s.roughly_factor * s.margin_tv / 2)}")
    k = s.roughly_factor
    if unit == "%":
        wide, narrow = fmt(k * s.margin_pp), fmt(s.margin_pp / k)
    else:
        wide, narrow = f"{fmt(200 * k * s.relative_step)}%", f"{fmt(200 * s.relative_step / k)}%"
    return {
        "none": (f"spread <= {half}", f"spread <= {stretched}"),
        "no-large": (f"spread <= {big}", f"spread <= {wide}"),
        "some": (f"spread >= {half}", "spread > 0 beyond rounding"),
        "large": (f"spread >= {big}", f"spread >= {narrow}"),
    }[size]
