"""From p-values to verdicts: families, their adjustment, and the verdict rule.

**Families.** Every substantive claim belongs to one declared family – the research question
and respondent group it is about (pupils, schools, bve institutions, host firms; the
``family`` column of the spec). The p-value of a claim is adjusted within its family only
(Holm by default); data-quality checks and described rows stay outside the families and
are judged on their own p-value. Benjamini–Hochberg over every tested row is reported as a
sensitivity column. :func:`family_keys` follows the settings (``family``: ``declared``,
``all`` or ``none``; ``adjust``: ``holm``, ``bonferroni`` or ``none``).

**Verdicts** (codes in the data, Dutch words on the pages, :data:`lwtbook.vocab.
REANALYSIS_VERDICTS`), decided on the *rounded* numbers as stored, so anyone can check them
on the CSV:

* ``descriptive`` – different units or overlapping samples: described, not tested;
* ``untestable`` – no base n (or means without spread): no p-value;
* "A differs from B in the stated direction": ``shown`` when the (adjusted) p < alpha and
  the difference has the stated sign, ``contradicted`` when it is significant the other way,
  ``not-shown`` otherwise; "differs"/"varies": ``shown`` or ``not-shown``;
* "most"/"least": the test across all groups must be significant (adjusted) *and* the
  protected follow-up of the claimed group against its nearest rival (unadjusted p < alpha):
  ``shown`` in the stated direction, ``contradicted`` in the other, else ``not-shown``;
* "no (big) difference", "almost as": ``shown`` when the equivalence test's (adjusted)
  p < alpha, ``contradicted`` when the difference is shown to exceed the margin (its p
  times the family size below alpha), ``inconclusive`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lwtbook import stats
from lwtbook.settings import Settings

__all__ = ["VERDICTS", "adjusted", "decide", "family_keys", "family_sizes"]

#: Verdict codes, in the order pages list them.
VERDICTS = ("shown", "not-shown", "contradicted", "inconclusive", "descriptive", "untestable")

_EQUIVALENCE = ("group1=group2", "group1>=group2", "equal")


def family_keys(rows: Sequence[tuple[str, str, bool]], s: Settings) -> list[str | None]:
    """The adjustment family of each row (None: judged on its own p-value).

    *rows* are (declared family, role, has a p-value). ``family="declared"``: claims in their
    declared family; ``"all"``: every tested row in one family; ``"none"``: no families.
    """
    out: list[str | None] = []
    for family, role, tested in rows:
        if not tested or s.family == "none" or s.adjust == "none":
            out.append(None)
        elif s.family == "all":
            out.append("alle")
        else:
            out.append(family if role == "claim" and family else None)
    return out


def adjusted(p_values: Sequence[float | None], keys: Sequence[str | None],
             s: Settings) -> list[float | None]:
    """Each p-value adjusted within its family (:func:`family_keys`); None outside one."""
    out: list[float | None] = [None] * len(p_values)
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key is not None and p_values[i] is not None:
            groups.setdefault(key, []).append(i)
    for members in groups.values():
        values = stats.adjust([p_values[i] for i in members], s.adjust)
        for i, value in zip(members, values, strict=True):
            out[i] = value
    return out


def family_sizes(keys: Sequence[str | None]) -> Mapping[str, int]:
    """How many tested rows each family has."""
    sizes: dict[str, int] = {}
    for key in keys:
        if key is not None:
            sizes[key] = sizes.get(key, 0) + 1
    return sizes


def decide(expected: str, *, described: bool, p_value: float | None,
           p_adjusted: float | None, difference: float | None, p_followup: float | None,
           p_against: float | None, family_size: int, alpha: float) -> str:
    """The verdict code of one row by the rule of the module docstring.

    *p_adjusted* is None for a row outside the families (its own p-value decides);
    *family_size* multiplies *p_against* (Bonferroni), 1 outside a family.
    """
    if described:
        return "descriptive"
    if p_value is None:
        return "untestable"
    p = p_value if p_adjusted is None else p_adjusted
    significant = p < alpha
    if expected in _EQUIVALENCE:
        if significant:
            return "shown"
        if p_against is not None and p_against * family_size < alpha:
            return "contradicted"
        return "inconclusive"
    if expected in ("group1!=group2", "varies"):
        return "shown" if significant else "not-shown"
    if expected in ("max", "min"):
        if not significant or p_followup is None or p_followup >= alpha:
            return "not-shown"
        wanted = 1 if expected == "max" else -1
        return "shown" if (difference or 0) * wanted > 0 else "contradicted"
    wanted = 1 if expected in ("group1>group2",) else -1
    if not significant:
        return "not-shown"
    return "shown" if (difference or 0) * wanted > 0 else "contradicted"
