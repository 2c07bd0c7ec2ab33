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
    "DESIGNS",
    "EFFECT_SIZES",
    "FAMILIES",
    "MEASURES",
    "REANALYSIS_VERDICTS",
    "ROLES",
    "SETTINGS",
    "TERMS",
    "TEST_NAMES",
    "VERDICT_MEANINGS",
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
    "goodness-of-fit-simulated": "chi-kwadraattoets op aanpassing met gesimuleerde p",
    "one-sample-z": "z-toets voor één proportie",
    "binomial": "exacte binomiale toets",
    "sign": "tekentoets (exact binomiaal)",
    "tost": "equivalentietoets (TOST)",
    "tost-binomial": "equivalentietoets (TOST, exact binomiaal)",
    "noninferiority": "toets op niet-slechter (marge)",
    "equivalence-w": "equivalentietoets voor een hele tabel (Wellek)",
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

#: What a re-analysis verdict means, in one sentence (for the methods pages).
VERDICT_MEANINGS: dict[str, str] = {
    "shown": "de cijfers laten zien wat het rapport zegt, ook na correctie voor het aantal "
             "toetsen in de familie",
    "not-shown": "het verschil kan bij deze aantallen toeval zijn; dat wil niet zeggen dat het "
                 "er niet is",
    "contradicted": "de cijfers wijzen aantoonbaar de andere kant op, of het verschil is "
                    "aantoonbaar groter dan de marge waar het rapport 'gelijk' zegt",
    "inconclusive": "bij een bewering over 'geen (groot) verschil': de cijfers laten gelijkheid "
                    "niet zien en spreken haar ook niet tegen",
    "descriptive": "klopt voor wie is ondervraagd, maar een toets past niet (verschillende "
                   "eenheden of overlappende groepen)",
    "untestable": "het rapport geeft geen aantallen of geen spreiding; zonder die gegevens is "
                  "geen toets mogelijk",
}

#: Declared families of the re-analysis (``family`` column): who the claims are about.
FAMILIES: dict[str, str] = {
    "leerlingen": "leerlingen",
    "scholen": "vmbo-scholen",
    "bve": "bve-instellingen",
    "leerbedrijven": "leerbedrijven",
}

#: Roles of a re-analysis row.
ROLES: dict[str, str] = {
    "claim": "bewering",
    "data-quality": "gegevenscontrole",
}

#: Designs of a comparison (``design`` column).
DESIGNS: dict[str, str] = {
    "independent": "onafhankelijke groepen",
    "rounds": "twee peilingen",
    "census": "steekproef tegenover een telling",
    "same-respondents": "twee antwoorden van dezelfde respondenten",
    "one-sample": "één percentage tegenover een vaste waarde",
    "overlap": "overlappende groepen",
    "units": "verschillende eenheden",
}

#: What the difference column measures (``measure``).
MEASURES: dict[str, str] = {
    "pp": "verschil",
    "afstand": "afstand",
    "spreiding": "spreiding",
    "": "",
}

#: The analysis settings (:mod:`lwtbook.settings`), explained for "Data en methoden".
SETTINGS: dict[str, str] = {
    "level": "betrouwbaarheid van elk interval",
    "alpha": "significantieniveau: een (gecorrigeerde) p-waarde daaronder telt",
    "adjust": "correctie voor meervoudig toetsen binnen een familie (holm, bonferroni, bh voor "
              "Benjamini–Hochberg, of none)",
    "family": "welke toetsen samen een familie vormen (declared: de opgegeven families; all: "
              "alles één familie; none: geen correctie)",
    "min_expected": "kleinste verwachte celfrequentie voor een benadering met de normale of "
                    "chi-kwadraatverdeling; daaronder een exacte of gesimuleerde p",
    "reconstruct": "hoe een afgerond percentage weer een aantal wordt (nearest: het "
                   "dichtstbijzijnde hele aantal)",
    "exact_below": "groepen kleiner dan dit krijgen altijd een exacte of gesimuleerde toets",
    "resamples": "aantal trekkingen voor een gesimuleerde p-waarde",
    "seed": "startgetal van die trekkingen, zodat elke run dezelfde p geeft",
    "margin_h": "marge voor 'geen (groot) verschil' tussen twee percentages, als Cohens h",
    "margin_w": "marge voor 'geen (groot) verschil' tussen hele verdelingen, als Cohens w",
    "margin_tv": "controle van de cijfers: hoe ver twee gedrukte verdelingen uiteen mogen "
                 "liggen (totale variatieafstand) en toch 'overeenkomen'",
    "roughly_factor": "controle van de cijfers: hoeveel ruimer dan de gewone lezing een "
                      "uitspraak nog 'klopt ongeveer' is (een veelvoud van de speelruimte)",
    "improbable_p": "register van inconsistenties: een afrondingsafwijking die minder "
                    "waarschijnlijk is dan dit, heet onwaarschijnlijk",
    "percent_step": "controle van de cijfers: grootste speelruimte voor een percentage in "
                    "woorden, in procentpunten",
    "relative_step": "controle van de cijfers: speelruimte voor aantallen in woorden, als "
                     "fractie van het getal",
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
