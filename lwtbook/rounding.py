"""How much rounding can explain: exact probabilities for sums of rounding errors.

A printed share such as 15 stands for a true value somewhere in [14.5, 15.5): its rounding
error is (we assume) uniform on that interval and independent of the other cells' errors. A
printed ``0`` (rounded from 0.0–0.4) can only have been rounded *down* to 0, so its error is
uniform on one half of the interval; a printed ``-`` (absolutely nothing) has no error at all.
A sum of such errors follows the Irwin–Hall distribution (the generalised form for uniforms
of different widths), which this module evaluates exactly, with rational arithmetic:

    F(x) = 1 / (n! · ∏ w_i) · Σ_{S ⊆ {1..n}} (−1)^|S| · (x − Σ a_i − Σ_{i∈S} w_i)_+^n

for independent U_i uniform on [a_i, a_i + w_i] (terms of equal width are grouped, so a
column of twenty rounded shares costs a few dozen terms, not a million).

* :func:`tail` – the probability that rounding alone gives a deviation at least as large as
  the one observed (``P(|S| ≥ |d|)``), e.g. for eight shares that add up to 97;
* :func:`bound` – the deviation that rounding exceeds only with probability *p* (used by the
  claims audit to decide whether rounding could explain a printed difference).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import lru_cache
from itertools import product

__all__ = ["Error", "bound", "cdf", "error_of", "tail"]

#: A rounding error: uniform on [lo, hi] (lo == hi: exact, no error).
Error = tuple[Fraction, Fraction]


def _frac(x: float | Fraction | str) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(str(x))


@lru_cache(maxsize=4096)
def error_of(half_width: float | str, *, printed_zero: bool = False,
             dash: bool = False, scale: float | Fraction = 1) -> Error:
    """The error interval (printed − true) of one printed number of *half_width*.

    A printed zero was rounded down from [0, h): its error lies in (−h, 0]. A printed dash is
    exact. *scale* multiplies the error (a weight in a weighted mean, −1 for a subtracted
    cell).
    """
    h = _frac(half_width)
    s = _frac(scale)
    if dash or h == 0:
        return (Fraction(0), Fraction(0))
    lo, hi = (-h, Fraction(0)) if printed_zero else (-h, h)
    lo, hi = lo * s, hi * s
    return (min(lo, hi), max(lo, hi))


def _classes(errors: Iterable[Error]) -> tuple[Fraction, tuple[tuple[Fraction, int], ...]]:
    """Total offset Σ a_i and the widths with their counts (exact errors dropped)."""
    offset = Fraction(0)
    widths: dict[Fraction, int] = {}
    for lo, hi in errors:
        if hi < lo:
            raise ValueError(f"an error interval needs lo <= hi, got ({lo}, {hi})")
        if hi == lo:
            offset += lo
            continue
        offset += lo
        widths[hi - lo] = widths.get(hi - lo, 0) + 1
    return offset, tuple(sorted(widths.items()))


@lru_cache(maxsize=4096)
def _cdf(offset: Fraction, classes: tuple[tuple[Fraction, int], ...], x: Fraction) -> Fraction:
    n = sum(m for _, m in classes)
    if n == 0:
        return Fraction(1) if x >= offset else Fraction(0)
    y = x - offset
    total_width = sum(w * m for w, m in classes)
    if y <= 0:
        return Fraction(0)
    if y >= total_width:
        return Fraction(1)
    acc = Fraction(0)
    for js in product(*(range(m + 1) for _, m in classes)):
        shift = sum(j * w for j, (w, _) in zip(js, classes, strict=True))
        z = y - shift
        if z <= 0:
            continue
        coef = math.prod(math.comb(m, j) for j, (_, m) in zip(js, classes, strict=True))
        acc += (-1) ** sum(js) * coef * z ** n
    denom = math.factorial(n) * math.prod(w ** m for w, m in classes)
    return acc / denom


def cdf(errors: Sequence[Error], x: float | Fraction) -> Fraction:
    """P(Σ errors ≤ x), exactly."""
    offset, classes = _classes(errors)
    return _cdf(offset, classes, _frac(x))


def tail(errors: Sequence[Error], deviation: float | Fraction) -> float:
    """P(|Σ errors| ≥ |deviation|): how probable a deviation at least this large is from
    rounding alone (1.0 for a deviation of 0)."""
    d = abs(_frac(deviation))
    if d == 0:
        return 1.0
    offset, classes = _classes(errors)
    upper = 1 - _cdf(offset, classes, d)
    lower = _cdf(offset, classes, -d)
    # the distribution is continuous unless every error is exact
    return float(upper + lower)


@lru_cache(maxsize=4096)
def _bound(offset: Fraction, classes: tuple[tuple[Fraction, int], ...], p: float) -> float:
    top = float(abs(offset) + sum(w * m for w, m in classes))
    lo, hi = 0.0, top
    for _ in range(50):
        mid = (lo + hi) / 2
        m = Fraction(mid)
        if float(1 - _cdf(offset, classes, m) + _cdf(offset, classes, -m)) > p:
            lo = mid
        else:
            hi = mid
    return hi


def bound(errors: Sequence[Error], p: float) -> float:
    """The smallest c with P(|Σ errors| ≥ c) ≤ p: a deviation beyond c is improbable (below
    probability *p*) under rounding alone."""
    if not 0 < p < 1:
        raise ValueError(f"p must lie strictly between 0 and 1, got {p!r}")
    offset, classes = _classes(errors)
    return _bound(offset, classes, p)
