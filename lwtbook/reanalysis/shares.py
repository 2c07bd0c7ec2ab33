"""From printed percentages back to counts: the shares a comparison is made of.

The report prints rounded percentages and (sometimes) their bases. A :class:`Share` is one
side of a comparison: the percentage as compared (printed, summed, averaged, or re-expressed
over another base), its base n, the nearest whole count behind it and the range of counts the
rounding allows – so every test can be repeated at both ends of that range.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lwtbook import fmt, stats
from lwtbook.reanalysis.select import Selection

__all__ = ["Share", "bounds", "census_share", "make_share"]


@dataclass(frozen=True)
class Share:
    """One share as compared: its percentage, its base n and the counts behind it.

    ``k`` is the nearest whole count, ``k_lo``/``k_hi`` the range the rounding allows (on the
    base ``n``); ``grim`` is False when the printed percentage cannot come from n cases. A
    ``census`` share is a population value: known, only rounded (``half_width``).
    """

    label: str
    pct: float
    n: int | None
    k: int | None = None
    k_lo: int | None = None
    k_hi: int | None = None
    grim: bool = True
    census: bool = False
    half_width: float = 0.0
    n_kind: str = "printed"

    @property
    def known(self) -> bool:
        return self.census or self.n is not None

    def text(self, unit: str = "%") -> str:
        """``lwt 70% (n = 954)``; a derived base shows as ``n ≈ 234``."""
        decimals = 0 if float(self.pct).is_integer() else 1
        value = fmt.number(self.pct, decimals) + unit
        if self.census:
            return f"{self.label} {value} (telling)"
        if self.n is None:
            return f"{self.label} {value} (n onbekend)"
        sign = "=" if self.n_kind in ("printed", "counts") else "≈"
        return f"{self.label} {value} (n {sign} {fmt.number(self.n)})"


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def bounds(value: float, text: str, n: int) -> tuple[int, int, bool]:
    """Counts behind one printed percentage; widened outwards when GRIM says impossible."""
    try:
        lo, hi = stats.count_range(value, n, _decimals(text))
        return lo, hi, True
    except ValueError:
        half = 0.5 * 10.0 ** -_decimals(text)
        return (max(0, math.floor((value - half) * n / 100)),
                min(n, math.ceil((value + half) * n / 100)), False)


def make_share(sel: Selection, label: str, n: int | None, n_kind: str, *,
               rebase: int | None = None, excluded: Sequence[Selection] = ()) -> Share:
    """The :class:`Share` a selection stands for on base *n*.

    *rebase*: the count is reconstructed on the printed base *n* and the share taken over
    *rebase* respondents (multiple-response items printed as a share of answers).
    *excluded*: answers that do not count in the base ("niet van toepassing"): the share is
    taken over the others.
    """
    if sel.how == "value":
        return Share(label, sel.pct, None, census=True, half_width=0.0, n_kind="value")
    if n is None:
        return Share(label, sel.pct, None, n_kind=n_kind)
    if sel.how == "mean":
        los, his, grims = zip(*(bounds(v, t, n) for v, t in
                                zip(sel.parts, sel.texts, strict=True)), strict=True)
        k = stats.reconstruct_count(sel.pct, n)
        k_lo, k_hi = math.floor(sum(los) / len(los)), math.ceil(sum(his) / len(his))
        grim = all(grims)
    else:
        ks = [stats.reconstruct_count(v, n) for v in sel.parts]
        ranges = [bounds(v, t, n) for v, t in zip(sel.parts, sel.texts, strict=True)]
        k = min(sum(ks), n)
        k_lo, k_hi = min(sum(b[0] for b in ranges), n), min(sum(b[1] for b in ranges), n)
        grim = all(b[2] for b in ranges)
    pct, base = sel.pct, n
    if excluded:
        left = 100 - sum(e.pct for e in excluded)
        base = n - sum(stats.reconstruct_count(e.pct, n) for e in excluded)
        pct, n_kind = 100 * sel.pct / left, "derived"
    if rebase is not None:
        if k_hi > rebase:
            raise ValueError(f"{label}: {k_hi} answers cannot come from {rebase} respondents")
        pct, base, n_kind = sel.pct * n / rebase, rebase, "derived"
    return Share(label, pct, base, k, k_lo, k_hi, grim, n_kind=n_kind)


def census_share(sel: Selection, label: str) -> Share:
    """A population value (a census column): known, only rounded."""
    return Share(label, sel.pct, None, census=True, half_width=sel.half_width, n_kind="census")
