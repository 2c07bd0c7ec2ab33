"""The analysis settings the book depends on, in one place.

Every assumption that changes a number or a verdict on a page lives here, with the edition's
choice as its default: the confidence level, the significance level and the multiple-testing
policy of the re-analysis, its equivalence margins, when a test is exact or simulated, the rule
that turns a printed percentage back into a count, the tolerances for verbal quantities and
comparisons in the claims audit, and the probability below which a rounding deviation counts
as improbable.

A researcher varies them without touching the book::

    import lwtbook.settings as s
    with s.use(alpha=0.01):
        ...                                  # everything computed here sees alpha = 0.01

or, for a whole run (``make vary``, papermill), with the environment variable
``LWTBOOK_SETTINGS="alpha=0.01; level=0.99"``. Code that computes reads
:func:`current`; code that caches results keys the cache on it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["ENV", "Settings", "apply", "current", "defaults", "parse", "use"]

#: Environment variable with settings for a whole run: ``"alpha=0.01; level=0.99"``.
ENV = "LWTBOOK_SETTINGS"


@dataclass(frozen=True)
class Settings:
    """The edition's analysis choices. Every field is documented on "Data en methoden"."""

    #: Confidence level of every interval (Wilson for one share, Newcombe for a difference).
    level: float = 0.95
    #: Significance level a (family-adjusted) p-value is compared with.
    alpha: float = 0.05
    #: Multiple-testing adjustment within a family: "holm", "bonferroni", "bh"
    #: (Benjamini–Hochberg) or "none".
    adjust: str = "holm"
    #: Which tests form a family: "declared" (the ``family`` column of the spec), "all"
    #: (every test one family) or "none" (no adjustment at all).
    family: str = "declared"
    #: Expected cell count below which a normal approximation is not trusted (Cochran).
    min_expected: float = 5.0
    #: How a printed percentage becomes a count: "nearest" (p·n/100 rounded half up).
    reconstruct: str = "nearest"
    #: Groups smaller than this get an exact test (Fisher) even when Cochran's rule would
    #: allow the normal approximation (the report's small sector groups of 17–43).
    exact_below: int = 50
    #: Random tables drawn for a Monte Carlo p-value (chi-square with small expected counts).
    resamples: int = 10_000
    #: Seed of those draws, so every run gives the same p-value.
    seed: int = 2005
    #: Equivalence margin for two shares, as Cohen's h ("no (big) difference" means smaller
    #: than a small effect: 0.2 is about 10 percentage points around 50 %, 5 around 95 %).
    margin_h: float = 0.2
    #: Equivalence margin for a whole distribution, as Cohen's w (0.1: a small effect).
    margin_w: float = 0.1
    #: Claims audit: the distance (total variation, 0–1) beyond which two printed
    #: distributions no longer "agree"; half of it is the plain reading (claims-rules.md).
    margin_tv: float = 0.10
    #: Claims audit: the widest tolerance for a stated share, in percentage points.
    percent_step: float = 5.0
    #: Claims audit: the tolerance for counts and other units, relative to the number.
    relative_step: float = 0.10
    #: Claims audit: how much wider than its plain reading a verbal quantity may be stretched
    #: and still be "klopt ongeveer" (a multiple of the tolerance; see claims-rules.md).
    roughly_factor: float = 2.0
    #: Register of inconsistencies: a rounding deviation less probable than this under
    #: independent, uniform rounding errors is listed as improbable.
    improbable_p: float = 0.01

    def __post_init__(self) -> None:
        if not 0 < self.level < 1:
            raise ValueError(f"level must lie strictly between 0 and 1, got {self.level!r}")
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha must lie strictly between 0 and 1, got {self.alpha!r}")
        if self.adjust not in ("holm", "bonferroni", "bh", "none"):
            raise ValueError(f"adjust must be holm, bonferroni, bh or none, got {self.adjust!r}")
        if self.family not in ("declared", "all", "none"):
            raise ValueError(f"family must be declared, all or none, got {self.family!r}")
        if self.exact_below < 0 or self.seed < 0:
            raise ValueError("exact_below and seed must not be negative")
        if self.reconstruct != "nearest":
            raise ValueError(f"reconstruct must be 'nearest', got {self.reconstruct!r}")
        if not 0 < self.improbable_p < 1:
            raise ValueError(f"improbable_p must lie strictly between 0 and 1, "
                             f"got {self.improbable_p!r}")
        if self.roughly_factor < 1:
            raise ValueError(f"roughly_factor must be at least 1, got {self.roughly_factor!r}")
        for name in ("min_expected", "margin_h", "margin_w", "margin_tv", "percent_step",
                     "relative_step", "resamples"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)!r}")

    @property
    def margin_pp(self) -> float:
        """The equivalence margin in percentage points around 50 %: the difference of two
        shares symmetric around one half whose Cohen's h is :attr:`margin_h`
        (``100·sin(h/2)``, 10.0 for h = 0.2). The claims audit measures printed differences
        in points with it, so the audit and the re-analysis share one margin."""
        import math

        return round(100 * math.sin(self.margin_h / 2), 1)

    def changed(self) -> dict[str, Any]:
        """The fields that differ from the edition's defaults (empty: the published book)."""
        base = Settings()
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != getattr(base, f.name)}

    def label(self) -> str:
        """A short, file-name-safe label of the changes: ``"alpha=0.01"`` (``""`` for none)."""
        return ",".join(f"{k}={v}" for k, v in self.changed().items())


def parse(text: str) -> dict[str, Any]:
    """``"alpha=0.01; adjust=none"`` -> ``{"alpha": 0.01, "adjust": "none"}``.

    Separators may be ``;`` or ``,``; values take the type of the field's default. An unknown
    name or a value of the wrong type raises ValueError naming it.
    """
    types = {f.name: type(getattr(Settings(), f.name)) for f in fields(Settings)}
    out: dict[str, Any] = {}
    for part in (p.strip() for p in text.replace(",", ";").split(";")):
        if not part:
            continue
        name, eq, value = (x.strip() for x in part.partition("="))
        if not eq:
            raise ValueError(f"setting {part!r} is not name=value")
        if name not in types:
            raise ValueError(f"unknown setting {name!r}; known: {', '.join(types)}")
        try:
            out[name] = types[name](value)
        except ValueError:
            raise ValueError(f"setting {name}={value!r} is not a {types[name].__name__}") from None
    return out


def defaults() -> Settings:
    """The edition's settings (those of the published book)."""
    return Settings()


_stack: list[Settings] = []
_applied: list[Settings] = []


def current() -> Settings:
    """The settings in force: the innermost :func:`use`, else what :func:`apply` set, else
    ``$LWTBOOK_SETTINGS``, else the defaults."""
    if _stack:
        return _stack[-1]
    if _applied:
        return _applied[-1]
    env = os.environ.get(ENV, "")
    return replace(Settings(), **parse(env)) if env.strip() else Settings()


def apply(text: str = "") -> Settings:
    """Set the settings for the rest of the session from ``"alpha=0.01; level=0.99"`` (on top
    of ``$LWTBOOK_SETTINGS``); ``""`` keeps what is in force. A chapter calls this with its
    papermill parameter, so ``make vary`` can rerun it under other assumptions."""
    _applied.clear()
    if text.strip():
        _applied.append(replace(current(), **parse(text)))
    return current()


@contextmanager
def use(**changes: Any) -> Iterator[Settings]:
    """Run a block under changed settings: ``with use(alpha=0.01): ...``."""
    unknown = set(changes) - {f.name for f in fields(Settings)}
    if unknown:
        raise ValueError(f"unknown setting(s) {sorted(unknown)}")
    new = dataclasses.replace(current(), **changes)
    _stack.append(new)
    try:
        yield new
    finally:
        _stack.pop()
