"""How the words of a numeric statement are read: the rule table for verbal quantities.

A statement such as "ruim eenderde" or "zo'n 300 scholen" allows a range of true values. The
rules give two ranges (``data/notes/claims-rules.md`` argues them, with sources):

* the **plain reading** – what an ordinary reader takes the words to mean; a table value in it
  *fits* (klopt);
* the **stretched reading** – the plain reading widened by :attr:`Settings.roughly_factor`
  (twice as wide by default): imprecise but defensible wording; a table value there is
  *roughly* right (klopt ongeveer). Beyond it the table *contradicts* the words.

Printed numbers ("56 procent") have no stretched reading: they are exact up to rounding.

Both ranges are built from one tolerance *w* (:func:`tolerance`): at most
:attr:`Settings.percent_step` percentage points for a share, narrower towards 0 and 100 %, and
:attr:`Settings.relative_step` of the number for counts and other units.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lwtbook.cells import half_width
from lwtbook.settings import current

__all__ = [
    "ALIASES",
    "DOUBLING",
    "FRACTIONS",
    "MAJORITY",
    "MODIFIERS",
    "MOST",
    "NEARLY_ALL",
    "Interval",
    "Reading",
    "accepted",
    "fmt",
    "half_unit",
    "reading",
    "tolerance",
]

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
#: Modifiers of a fraction or a printed number: the plain reading as (lower, upper) in units
#: of the tolerance w, whether each end is open, and whether the stretched reading widens the
#: lower and the upper end (a directional word keeps its direction: "ruim" never means less).
MODIFIERS: dict[str, tuple[float, float, bool, bool, bool, bool]] = {
    "": (-1, 1, False, False, True, True),
    "zo'n": (-1, 1, False, False, True, True),
    "ongeveer": (-1, 1, False, False, True, True),
    "rond": (-1, 1, False, False, True, True),
    "ruim": (0, 1, True, False, False, True),
    "iets meer dan": (0, 1, True, False, False, True),
    "iets boven": (0, 1, True, False, False, True),
    "bijna": (-1, 0, False, True, True, False),
    "meer dan": (0, 2, True, False, False, True),
    "minder dan": (-2, 0, False, True, True, False),
    "nog niet": (-2, 0, False, True, True, False),
    "minimaal": (0, math.inf, False, False, False, False),
    "tenminste": (0, math.inf, False, False, False, False),
}
#: "Meer dan de helft" in so many words: any majority.
MAJORITY = ("meerderheid",)
#: "De meeste": ordinarily a clear majority (Solt 2016; Denić & Szymanik 2022): plain from
#: 55 %, a bare majority (above 50 %) is roughly right.
MOST = ("merendeel", "de meeste", "meestal")
MOST_FLOOR = 55.0
#: Nearly all: plain from 90 %, stretched to 80 %.
NEARLY_ALL = ("vrijwel alle", "bijna alle", "bijna iedereen", "vrijwel iedereen",
              "vrijwel allemaal", "bijna allemaal", "vrijwel altijd")
NEARLY_ALL_FLOOR = 90.0
DOUBLING = ("verdubbeld", "verdubbelt")


@dataclass(frozen=True)
class Interval:
    """A closed or half-open interval of possible true values."""

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


@dataclass(frozen=True)
class Reading:
    """The plain and the stretched reading of a statement (``stretched`` is None for a
    printed number, which is exact up to rounding)."""

    plain: Interval
    stretched: Interval | None = None


def fmt(x: float) -> str:
    """A number for the CSV: decimal point, at most two decimals, no trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def half_unit(text: str) -> float:
    """Half of the last digit of a number stated in the prose (see
    :func:`lwtbook.cells.half_width`): "56" -> 0.5, "62000" -> 500."""
    return half_width(text, stated=True)


def tolerance(value: float, unit: str = "%") -> float:
    """The tolerance w of a stated quantity: ``min(step, 0.5 + d/5)`` percentage points with d
    the distance of *value* to 0 or 100 % (so 50 -> 5, 20 -> 4.5, 10 -> 2.5, 5 -> 1.5); a
    fraction (``relative_step``) of *value* for counts and other units."""
    settings = current()
    if unit != "%":
        return settings.relative_step * abs(value)
    return min(settings.percent_step, 0.5 + min(value, 100 - value) / 5)


def _split_rule(rule: str) -> tuple[str, str]:
    """``"ruim een kwart"`` -> (``"ruim"``, ``"een kwart"``); longest modifier first."""
    for mod in sorted((m for m in MODIFIERS if m), key=len, reverse=True):
        if rule.startswith(mod + " "):
            return mod, rule[len(mod) + 1:]
    return "", rule


def _clip(interval: Interval, unit: str) -> Interval:
    if unit != "%":
        return interval
    return Interval(max(interval.lo, 0.0), min(interval.hi, 100.0),
                    interval.lo_open and interval.lo > 0, interval.hi_open and interval.hi < 100)


def _normal(rule: str) -> str:
    return rule.strip().lower().replace("’", "'")


def reading(value: str, rule: str, unit: str, value_range: str = "") -> Reading:
    """The plain and stretched readings of a statement (raises ValueError for an unknown
    rule or a value that is not a number)."""
    rule = _normal(rule)
    x = float(value)
    k = current().roughly_factor
    if value_range:
        lo_text, hi_text = re.split(r"\s*[–-]\s*", value_range.strip())
        lo, hi = float(lo_text), float(hi_text)
        plain = Interval(lo - half_unit(lo_text), hi + half_unit(hi_text))
        if rule == "literal":
            return Reading(plain)
        if rule.endswith(" x"):  # "zo'n tien tot zestien": the printed range is the plain
            return Reading(plain, _clip(Interval(lo - tolerance(lo, unit),  # reading
                                                 hi + tolerance(hi, unit)), unit))
        return Reading(_clip(Interval(lo - tolerance(lo, unit), hi + tolerance(hi, unit)), unit),
                       _clip(Interval(lo - k * tolerance(lo, unit),
                                      hi + k * tolerance(hi, unit)), unit))
    if rule in ("literal", "ordinal"):
        h = half_unit(value)
        return Reading(Interval(x - h, x + h))
    if rule in MAJORITY:
        return Reading(Interval(50, 100, lo_open=True))
    if rule in MOST:
        return Reading(Interval(MOST_FLOOR, 100), Interval(50, 100, lo_open=True))
    if rule in NEARLY_ALL:
        floor = NEARLY_ALL_FLOOR
        return Reading(Interval(floor, 100), Interval(100 - k * (100 - floor), 100))
    if rule in DOUBLING:
        w = tolerance(2, "ratio")
        return Reading(Interval(2 - w, 2 + w), Interval(2 - k * w, 2 + k * w))
    if rule == "precies de helft":
        return Reading(Interval(49.5, 50.5))
    mod, base = _split_rule(rule)
    base = ALIASES.get(base, base)
    if base in FRACTIONS:
        centre, unit = FRACTIONS[base], "%"
    elif base == "x":
        centre = x
    else:
        raise ValueError(f"no rule for value_rule {rule!r}")
    w = tolerance(centre, unit)
    k_lo, k_hi, lo_open, hi_open, widen_lo, widen_hi = MODIFIERS[mod]

    def band(stretch: float) -> Interval:
        lo = centre + k_lo * w * (stretch if widen_lo else 1)
        if math.isinf(k_hi):
            hi = math.inf
        elif widen_hi and mod in ("meer dan",):
            hi = math.inf if stretch > 1 else centre + k_hi * w  # true, if understated
        else:
            hi = centre + k_hi * w * (stretch if widen_hi else 1)
        if widen_lo and mod in ("minder dan", "nog niet") and stretch > 1:
            lo = -math.inf
        return _clip(Interval(lo, hi, lo_open, hi_open), unit)

    plain = band(1.0)
    stretched = band(k)
    if unit != "%" and math.isinf(stretched.lo):
        stretched = Interval(0.0, stretched.hi, False, stretched.hi_open)
    return Reading(plain, stretched if stretched != plain else None)


def accepted(value: str, rule: str, unit: str, value_range: str = "") -> Interval:
    """The plain reading of a statement (see :func:`reading`)."""
    return reading(value, rule, unit, value_range).plain
