"""The book's Dutch vocabulary: one word for each thing, used by every page.

Data files keep short English codes (stable keys a program can rely on); pages show the Dutch
words from here, so a term is spelled one way everywhere ("chi-kwadraattoets", "95%-BI",
"niet te herleiden"). :func:`dutch` looks a code up and says which vocabulary lacks it.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "ANOMALY_TIERS",
    "CHART_STATUS",
    "CLAIM_BASIS",
    "CLAIM_KINDS",
    "CLAIM_VERDICTS",
    "EFFECT_SIZES",
    "REANALYSIS_VERDICTS",
    "TERMS",
    "TEST_NAMES",
    "dutch",
]

#: Statistical tests, by the code in ``reanalysis.csv``'s ``test`` column.
TEST_NAMES: dict[str, str] = {
    "z-two-proportions": "z-toets voor twee proporties",
    "fisher": "exacte toets van Fisher",
    "barnard": "exacte toets van Barnard",
    "chi-square": "chi-kwadraattoets",
    "chi-square-permutation": "chi-kwadraattoets met permutatie-p",
    "goodness-of-fit": "chi-kwadraattoets op aanpassing",
    "one-sample-z": "z-toets voor één proportie",
    "binomial": "exacte binomiale toets",
    "sign": "tekentoets (exact binomiaal)",
    "tost": "equivalentietoets (TOST)",
    "none": "geen toets",
}

#: Cohen's conventions for an effect size.
EFFECT_SIZES: dict[str, str] = {
    "negligible": "verwaarloosbaar",
    "small": "klein",
    "medium": "middelgroot",
    "large": "groot",
}

#: Verdicts of the re-analysis (``reanalysis.csv``'s ``verdict`` column).
REANALYSIS_VERDICTS: dict[str, str] = {
    "shown": "gedragen",
    "not-shown": "niet aangetoond",
    "contradicted": "tegengesproken",
    "inconclusive": "onbeslist",
    "descriptive": "beschrijvend",
    "untestable": "niet toetsbaar",
}

#: Verdicts of the claims audit (``claims.csv``'s ``verdict`` column).
CLAIM_VERDICTS: dict[str, str] = {
    "fits": "klopt",
    "roughly": "klopt ongeveer",
    "contradicted": "tegengesproken",
    "inconsistent": "onderling strijdig",
    "prose-only": "niet te controleren",
}

#: Kinds of statement in the claims audit (``claims.csv``'s ``kind`` column).
CLAIM_KINDS: dict[str, str] = {
    "number": "getal",
    "comparison": "vergelijking",
}

#: What checked a claim (``claims.csv``'s ``basis`` column).
CLAIM_BASIS: dict[str, str] = {
    "cell": "een tabelcel",
    "derived": "een berekening op tabelcellen",
    "comparison": "een vergelijking van tabelcellen",
    "text": "getallen uit de tekst zelf",
    "": "niets",
}

#: Tiers of the register of the report's inconsistencies (``anomalies.csv``'s ``tier``).
ANOMALY_TIERS: dict[str, str] = {
    "impossible": "onmogelijk",
    "improbable": "onwaarschijnlijk",
    "grim": "onmogelijk percentage (GRIM)",
    "bases": "ongerijmde basis",
    "repetition": "verdachte herhaling",
    "between-tables": "strijdig tussen tabellen",
    "labelling": "benoeming",
}

#: Status of a chart's numbers (``charts.csv``).
CHART_STATUS: dict[str, str] = {
    "data": "cijfers beschikbaar",
    "not recoverable": "niet te herleiden",
}

#: Terms with one spelling.
TERMS: dict[str, str] = {
    "ci": "BI",  # betrouwbaarheidsinterval, printed as "95%-BI"
    "pp": "procentpunt",
    "pp_plural": "procentpunten",
    "not_printed": "niet gedrukt",
    "not_recoverable": "niet te herleiden",
}


def dutch(code: str, vocabulary: Mapping[str, str]) -> str:
    """The Dutch word for *code* in *vocabulary*; a KeyError names the code and the choices."""
    try:
        return vocabulary[code]
    except KeyError:
        raise KeyError(f"no Dutch word for {code!r}; known: {', '.join(vocabulary)}") from None
