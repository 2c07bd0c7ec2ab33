"""Numbers as the book prints them: Dutch format, one style for every page.

* :func:`number` – ``1285`` -> ``1.285``, ``15.9`` -> ``15,9``, ``-16.4`` -> ``−16,4``
* :func:`percent` – ``70`` -> ``70%``
* :func:`difference` – a signed difference: ``19`` -> ``+19,0``, ``-16.4`` -> ``−16,4``
* :func:`interval` – ``(11.7, 26.4)`` -> ``11,7 tot 26,4``
* :func:`p_value` – ``0.0123`` -> ``p = 0,012``; below 0,001 -> ``p < 0,001``
* :func:`ci_label` – the name of an interval at a level: ``95%-BI``

Negative numbers get a real minus sign (U+2212), as typesetting asks; data files keep ``-``.
Babel's ``format_decimal(locale="nl")`` gives the same digits, but would make the library
depend on Babel for these few lines.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "MINUS",
    "P_DECIMALS",
    "ci_label",
    "difference",
    "interval",
    "number",
    "p_number",
    "p_value",
    "percent",
]

#: The minus sign of printed negative numbers.
MINUS = "\u2212"
#: p-values are printed with this many decimals; smaller ones as "< 0,001".
P_DECIMALS = 3


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or \
        type(value).__name__ == "NAType"


def number(value: float | None, decimals: int | None = None) -> str:
    """A number in Dutch format: thousands with a point, decimals with a comma.

    Without *decimals*, whole numbers get none and others keep one or two (as needed). A
    missing value (None, NaN, pd.NA) gives ``""``.
    """
    if _missing(value):
        return ""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"number() needs a number, got {value!r}")
    value = float(value)
    if decimals is None:
        decimals = 0 if value.is_integer() else (1 if round(value, 1) == value else 2)
    # Half up, as printed reports round (0.5 -> 1), on the shortest decimal form of the float
    # (so 0.0605 counts as 0.0605, not as the binary 0.060499…).
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "−0"
    text = f"{abs(rounded):,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return (MINUS if rounded < 0 else "") + text


def percent(value: float | None, decimals: int = 0) -> str:
    """``70`` -> ``70%``; ``15.94`` with one decimal -> ``15,9%``; missing -> ``""``."""
    text = number(value, decimals)
    return f"{text}%" if text else ""


def difference(value: float | None, decimals: int = 1) -> str:
    """A signed difference (percentage points or otherwise): ``+19,0``, ``−16,4``, ``0,0``."""
    text = number(value, decimals)
    if not text or text.startswith(MINUS) or text.strip("0,.") == "":
        return text
    return f"+{text}"


def interval(low: float | None, high: float | None, decimals: int = 1) -> str:
    """An interval: ``11,7 tot 26,4`` (``""`` when either end is missing)."""
    if _missing(low) or _missing(high):
        return ""
    return f"{number(low, decimals)} tot {number(high, decimals)}"


def p_number(p: float | None) -> str:
    """A p-value without its ``p``: ``0,012``, ``< 0,001``, ``1,000``; missing -> ``""``."""
    if _missing(p):
        return ""
    if not 0 <= p <= 1:
        raise ValueError(f"a p-value lies between 0 and 1, got {p!r}")
    floor = 10.0 ** -P_DECIMALS
    if p < floor:
        return f"< {number(floor, P_DECIMALS)}"
    return number(p, P_DECIMALS)


def p_value(p: float | None, name: str = "p") -> str:
    """``p = 0,012`` or ``p < 0,001`` (*name* may be e.g. ``p (Holm)``)."""
    text = p_number(p)
    if not text:
        return ""
    return f"{name} {text}" if text.startswith("<") else f"{name} = {text}"


def ci_label(level: float = 0.95) -> str:
    """``95%-BI`` (betrouwbaarheidsinterval) for a level of 0.95."""
    return f"{number(100 * level)}%-BI"
