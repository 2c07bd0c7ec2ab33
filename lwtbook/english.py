"""The English summary's numbers and words: one English style, from the same results.

The book is Dutch; its one English page (the summary in English) shows the same numbers, tests
and verdicts as the Dutch pages, written the English way: ``1,285`` and ``15.9`` instead of
``1.285`` and ``15,9``, "95% CI" instead of "95%-BI", and the verdicts translated once, here,
from the Dutch words of :mod:`lwtbook.vocab`. The digits come from :mod:`lwtbook.fmt` (same
rounding, same minus sign); only the separators and the words differ.

>>> number(1285), percent(15.94, 1), p_value(0.0123)
('1,285', '15.9%', 'p = 0.012')
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from lwtbook import fmt

__all__ = [
    "CLAIM_VERDICTS",
    "REANALYSIS_VERDICTS",
    "Markup",
    "difference",
    "interval",
    "markup",
    "number",
    "p_value",
    "percent",
    "phrase",
]

#: The re-analysis's verdicts in English (the Dutch words are in :data:`lwtbook.vocab`).
REANALYSIS_VERDICTS: dict[str, str] = {
    "shown": "supported",          # gedragen
    "not-shown": "not shown",      # niet aangetoond
    "contradicted": "contradicted",  # tegengesproken
    "inconclusive": "undecided",   # onbeslist
    "descriptive": "descriptive",  # beschrijvend
    "untestable": "not testable",  # niet toetsbaar
}

#: The claims audit's verdicts in English.
CLAIM_VERDICTS: dict[str, str] = {
    "fits": "fits",                    # klopt
    "roughly": "roughly fits",         # klopt ongeveer
    "contradicted": "contradicted",    # tegengesproken
    "inconsistent": "inconsistent",    # onderling strijdig
    "prose-only": "cannot be checked",  # niet te controleren
}

#: Multiple-testing adjustments by their settings code.
_ADJUSTMENTS = {"holm": "Holm", "bonferroni": "Bonferroni", "bh": "Benjamini–Hochberg"}


def _english(dutch: str) -> str:
    """Swap the separators of a Dutch number: ``1.285,5`` -> ``1,285.5``."""
    return dutch.replace(".", "\x00").replace(",", ".").replace("\x00", ",")


def number(value: float | None, decimals: int | None = None) -> str:
    """A number in English format: ``1285`` -> ``1,285``, ``15.9`` -> ``15.9``; missing ->
    ``""`` (decimals as in :func:`lwtbook.fmt.number`)."""
    return _english(fmt.number(value, decimals))


def percent(value: float | None, decimals: int = 0) -> str:
    """``70`` -> ``70%``; ``15.94`` with one decimal -> ``15.9%``."""
    text = number(value, decimals)
    return f"{text}%" if text else ""


def difference(value: float | None, decimals: int = 1) -> str:
    """A signed difference: ``+19.0``, ``−16.4``."""
    return _english(fmt.difference(value, decimals))


def interval(low: float | None, high: float | None, decimals: int = 1) -> str:
    """An interval: ``11.7 to 26.4``."""
    if not fmt.interval(low, high, decimals):
        return ""
    return f"{number(low, decimals)} to {number(high, decimals)}"


def p_value(p: float | None, name: str = "p") -> str:
    """``p = 0.012`` or ``p < 0.001`` (the cut-off of :data:`lwtbook.fmt.P_DECIMALS`)."""
    return _english(fmt.p_value(p, name))


def phrase(r) -> str:
    """A re-analysis row (:class:`lwtbook.reanalysis.Result`) in one English phrase, the
    counterpart of its Dutch phrase: "+19.0 percentage points (95% CI 11.7 to 26.4;
    p < 0.001; Holm-adjusted within the family p < 0.001) – supported"."""
    from lwtbook.reanalysis.present import EQUIVALENCE_TESTS, join_phrase
    from lwtbook.settings import current

    verdict = REANALYSIS_VERDICTS[r.verdict]
    size = ""
    if r.difference_pp is not None:
        unit = " percentage points"
        if r.measure in ("afstand", "spreiding"):
            word = "distance" if r.measure == "afstand" else "spread"
            size = f"{word} {number(r.difference_pp, 1)}{unit}"
        else:
            size = difference(r.difference_pp, 1) + unit
    inner = []
    if r.ci_low is not None and r.measure not in ("afstand", "spreiding"):
        inner.append(f"{number(100 * current().level)}% CI {interval(r.ci_low, r.ci_high)}")
    if r.p_value is not None:
        name = "p (equivalence test)" if r.test in EQUIVALENCE_TESTS else "p"
        inner.append(p_value(r.p_value, name))
    if r.p_adjusted is not None:
        inner.append(f"{_ADJUSTMENTS.get(current().adjust, '')}-adjusted within the family "
                     f"{p_value(r.p_adjusted)}")
    return join_phrase(size, inner, verdict)


@dataclass(frozen=True)
class Markup:
    """Markdown for ``{glue:md}``: Jupyter shows it through ``_repr_markdown_`` (no IPython
    import, so the library needs no extra)."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text


def markup(r, link_text: str = "see the re-analysis") -> Markup:
    """The English phrase as Markdown for ``{glue:md}``, marked with the test's id
    (``class="lwt-test-en"``, so a test of the built page can check it against the row) and
    followed by a link to the row on the (Dutch) re-analysis page."""
    return Markup(f'<span class="lwt-test-en" data-test="{r.test_id}">'
                  f"{html.escape(phrase(r))}</span> "
                  f'(<a href="{r.link}">{html.escape(link_text)}</a>)')
