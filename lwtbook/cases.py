"""The four regional case studies (report chapter 6) for the chapter page.

Chapter 6 of the report is interviews, not survey numbers. The edition codes it in
``data/cases.csv`` (one row per statement about a region: theme, a short code, one sentence in
our own words, source lines) and checks the report's own summary (section 6.6) against the case
texts in ``data/notes/cases-synthesis.md``; the Dutch texts of the statements the case texts do
not (fully) carry are in ``data/notes/cases-synthesis-nl.md``, so the chapter holds no prose in
its code. The coding scheme is explained on the methods page; the chapter shows what it says
about the regions, in words a reader knows:

* :data:`TOPICS` – a reader's label for every code (``"doelgroep lwoo pro"`` ->
  ``"plaats van lwoo- en praktijkonderwijsleerlingen"``);
* :func:`topics` – how often each topic comes up per region, and in how many regions;
  :func:`topics_figure` draws the topics that not every region raises as a heat map, with alt
  text computed from the counts;
* :func:`region_table` – a region's successes, obstacles and solutions as a captioned table
  (Overzicht 6.1–6.4);
* :func:`synthesis` and :func:`synthesis_table` – the statements of section 6.6 with the
  edition's verdict in Dutch, and a table of those the case texts do not (fully) carry, in the
  words of :func:`synthesis_texts`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from lwtbook._package import data_dir

if TYPE_CHECKING:
    from lwtbook.plots import ChartFigure
    from lwtbook.tables import FrameTable

__all__ = [
    "CASES_FILE",
    "KINDS",
    "REGIONS",
    "SYNTHESIS_FILE",
    "TEXTS_FILE",
    "TOPICS",
    "VERDICTS",
    "region_table",
    "statements",
    "synthesis",
    "synthesis_table",
    "synthesis_texts",
    "synthesis_verdict",
    "topics",
    "topics_figure",
]

#: The coded statements and the check of section 6.6, inside the data folder.
CASES_FILE = "cases.csv"
SYNTHESIS_FILE = "notes/cases-synthesis.md"
#: The chapter's Dutch texts for the statements of section 6.6 it shows (Overzicht 6.5).
TEXTS_FILE = "notes/cases-synthesis-nl.md"
#: The two labelled paragraphs of a statement in :data:`TEXTS_FILE`, in the table's order.
TEXT_LABELS = ("Het rapport stelt in 6.6:", "Wat de regio's zeggen:")

#: The regions in the report's order (sections 6.2–6.5), as ``cases.csv`` names them.
REGIONS = ("Nijmegen", "Oost-Nederland – Groen", "Groningen", "Rotterdam")

#: The themes a region's table shows, with the word the table uses for each.
KINDS: dict[str, str] = {"succesfactor": "wat werkt", "knelpunt": "knelpunt",
                         "oplossing": "oplossing"}

#: A reader's label for every code of ``cases.csv``: the codes are short and meant for
#: counting; a chapter shows these instead.
TOPICS: dict[str, str] = {
    "aansluiting vmbo-mbo": "aansluiting tussen vmbo en mbo",
    "accreditatie leerbedrijven": "erkenning van leerbedrijven",
    "afstemming school-praktijk": "afstemming tussen school en leerbedrijf",
    "begripsverwarring lwt": "onduidelijk begrip ‘leerwerktraject’",
    "concurrentie stagemarkt": "concurrentie om stageplaatsen",
    "determinatie": "selectie van leerlingen",
    "doelgroep lwoo pro": "plaats van lwoo- en praktijkonderwijsleerlingen",
    "doorlopende leerplaats": "leerbedrijf meenemen naar het mbo",
    "doorstroom niveau 2": "doorstroom naar mbo-niveau 2",
    "draagvlak in school": "draagvlak binnen de school",
    "duaal leren breder": "leren en werken ook in andere leerwegen",
    "dubbelops": "dubbel werk van school en leerbedrijf",
    "erkenning niveau 1": "lwt erkennen als mbo-niveau 1",
    "flexibel examenprogramma": "soepeler examenprogramma",
    "formatie en financiering": "formatie en geld",
    "gezamenlijke ontwikkeling": "samen ontwikkelen",
    "groei lwt": "verwachte groei van lwt",
    "imago lwt": "imago van lwt",
    "imago vmbo": "imago van het vmbo",
    "indalen niveau 1": "mbo-niveau 1 in het vmbo",
    "integratie bovenbouw mbo": "vmbo-bovenbouw samenvoegen met het mbo",
    "inzet docenten": "inzet van docenten",
    "maatwerk per school": "eigen invulling per school",
    "mkb-banenplan": "banenplan voor het midden- en kleinbedrijf",
    "motivatie leerlingen": "motivatie van leerlingen",
    "omvang lwt": "aantal lwt-leerlingen",
    "portfolio en proeve": "portfolio en proeve van bekwaamheid",
    "praktijkleren": "leren in de praktijk",
    "regionaal overleg": "regionaal overleg",
    "relatie bedrijfsleven": "contact met bedrijven",
    "rol gemeente": "rol van de gemeente",
    "rol kbb": "rol van het kenniscentrum",
    "ruimte regelgeving": "ruimte in de regels",
    "samenstelling leerlingen": "samenstelling van de leerlingen",
    "terugkoppeling mbo": "terugkoppeling vanuit het mbo",
    "uitval lwt": "uitval van lwt-leerlingen",
    "vernieuwingen vmbo": "andere vernieuwingen in het vmbo",
    "vliegwiel samenwerking": "lwt als aanjager van samenwerking",
    "voorlichting": "voorlichting over lwt",
    "voortijdig schoolverlaten": "voortijdig schoolverlaten",
    "voorzichtige start": "voorzichtige start",
    "vrijstellingen": "vrijstellingen in het mbo",
    "warme overdracht": "overdracht van leerlingen aan het mbo",
    "werving leerbedrijven": "werven van leerbedrijven",
}

#: The stepped colour scale of the topics heat map: how often a topic comes up (1, 2, 3, 4+).
TOPIC_COLOURS = ("#DEEBF7", "#9ECAE1", "#4292C6", "#08519C")

#: The edition's verdicts on the statements of section 6.6, in Dutch, strongest doubt first.
VERDICTS = ("tegengesproken", "deels", "niet in de casussen", "klopt, met kanttekening", "klopt")


def statements(folder: Path | None = None) -> pd.DataFrame:
    """The coded statements of ``cases.csv``, with the reader's label of each code in a
    column ``onderwerp``. A code without a label in :data:`TOPICS` or a region outside
    :data:`REGIONS` is a ValueError naming the file, row and column."""
    path = (folder or data_dir()) / CASES_FILE
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        if row["code"] not in TOPICS:
            raise ValueError(f"{path}:{line}: column code: {row['code']!r} has no reader's "
                             "label in lwtbook.cases.TOPICS")
        if row["regio"] not in REGIONS:
            raise ValueError(f"{path}:{line}: column regio: {row['regio']!r} is not one of "
                             f"{', '.join(REGIONS)}")
    frame = pd.DataFrame(rows, columns=["case_id", "regio", "thema", "code", "omschrijving",
                                        "regel_van", "regel_tot"])
    frame["onderwerp"] = frame["code"].map(TOPICS)
    return frame


def topics(*, folder: Path | None = None) -> pd.DataFrame:
    """How often each topic comes up per region: one row per topic and region with
    ``onderwerp``, ``regio``, ``value`` (the number of statements; NaN where the region's text
    does not raise the topic) and ``regios`` (in how many of the four regions it comes up).

    Rows are ordered as a heat map reads best: topics in more regions first, then by the
    number of statements, then alphabetically; regions in the report's order.
    """
    frame = statements(folder)
    counts = (pd.crosstab(frame["onderwerp"], frame["regio"])
              .reindex(columns=list(REGIONS), fill_value=0))
    regions = (counts > 0).sum(axis=1)
    total = counts.sum(axis=1)
    order = sorted(counts.index, key=lambda t: (-regions[t], -total[t], t))
    return pd.DataFrame([
        {"onderwerp": t, "regio": r,
         "value": float(counts.at[t, r]) if counts.at[t, r] else float("nan"),
         "regios": int(regions[t])}
        for t in order for r in REGIONS])


def topics_figure(*, caption: str, anchor: str, folder: Path | None = None) -> ChartFigure:
    """The topics that come up in some regions but not in all four, as a heat map of how
    often each region's text raises them, with alt text that says how many such topics each
    region has, which come up in one region only and which is named most often."""
    from lwtbook.fmt import number
    from lwtbook.plots import figure, heatmap

    onderwerpen = topics(folder=folder)
    verschil = onderwerpen[onderwerpen["regios"] < len(REGIONS)]
    genoemd = verschil.dropna(subset=["value"])
    per_regio = genoemd.groupby("regio").size().reindex(verschil["regio"].unique())
    uniek = genoemd[genoemd["regios"] == 1]
    drukst = genoemd.loc[genoemd["value"].idxmax()]
    alt = (f"Heatmap van {len(verschil) // 4} onderwerpen (rijen) die niet in alle vier regio's "
           "ter sprake komen, tegen de vier regio's (kolommen); in elk gevuld vak staat hoe vaak "
           "het onderwerp in de beschrijving van de regio terugkomt, en hoe donkerder, hoe "
           "vaker. Aantal van deze onderwerpen per regio: "
           + ", ".join(f"{r} {number(n)}" for r, n in per_regio.items())
           + ". Maar in één regio: "
           + ", ".join(f"{t} ({r})" for t, r in zip(uniek["onderwerp"], uniek["regio"],
                                                   strict=True))
           + f". Het vaakst genoemd: {drukst['onderwerp']} in {drukst['regio']} "
           f"({number(drukst['value'])} keer).")
    return figure(heatmap(verschil, "onderwerp", "regio", vmax=None, colours=TOPIC_COLOURS),
                  caption=caption, alt=alt, anchor=anchor)


def region_table(region: str, *, anchor: str, caption: str | None = None,
                 folder: Path | None = None) -> FrameTable:
    """What the people interviewed in *region* name as working, as obstacles and as
    solutions: one row per statement (``wat werkt`` first), with the topic in a reader's
    words and the statement in the edition's own words. The caption is, unless given,
    Overzicht 6.1–6.4 in the report's order of the regions (``"Overzicht 6.1 – Nijmegen: wat
    werkt, …"``)."""
    from lwtbook.tables import frame_table

    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}; the regions are {', '.join(REGIONS)}")
    if caption is None:
        caption = (f"Overzicht 6.{REGIONS.index(region) + 1} – {region}: wat werkt, wat knelt "
                   "en welke oplossingen de gesprekspartners noemen")
    frame = statements(folder)
    sub = frame[(frame["regio"] == region) & frame["thema"].isin(KINDS)].copy()
    sub["soort"] = pd.Categorical(sub["thema"].map(KINDS), categories=list(KINDS.values()),
                                  ordered=True)
    sub["_line"] = sub["regel_van"].astype(int)
    sub = sub.sort_values(["soort", "_line"], kind="stable")
    shown = pd.DataFrame({"soort": sub["soort"].astype(str),
                          "onderwerp": sub["onderwerp"],
                          "wat de gesprekspartners zeggen": sub["omschrijving"]})
    return frame_table(shown, caption=caption, anchor=anchor,
                       note="Samengevat in eigen woorden uit de beschrijving van de regio in het "
                            "rapport; de opzet van deze samenvatting staat op de pagina Data en "
                            "methoden.")


def synthesis_verdict(verdict: str) -> str:
    """The Dutch verdict of one row of the 6.6 check: ``"partly / contradicted (NIJ)"`` ->
    ``"tegengesproken"`` (any contradiction counts), ``"partly …"`` -> ``"deels"``,
    ``"silent …"`` -> ``"niet in de casussen"``, ``"supported"`` -> ``"klopt"`` and a supported
    statement with a qualification -> ``"klopt, met kanttekening"``."""
    text = verdict.strip().lower()
    if "contradicted" in text:
        return "tegengesproken"
    if text.startswith("partly"):
        return "deels"
    if text.startswith("silent"):
        return "niet in de casussen"
    if text == "supported":
        return "klopt"
    if text.startswith("supported"):
        return "klopt, met kanttekening"
    raise ValueError(f"unknown verdict {verdict!r} in the check of section 6.6")


def synthesis(folder: Path | None = None) -> pd.DataFrame:
    """The statements of section 6.6 as checked against the case texts: one row per
    statement with ``nr`` (``A3``: about all cases; ``B4``: about differences between
    regions), ``regels`` (its lines in the report), ``verdict`` (as the note writes it) and
    ``oordeel`` (Dutch, see :func:`synthesis_verdict`)."""
    path = (folder or data_dir()) / SYNTHESIS_FILE
    rows = []
    for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = [p.strip() for p in text.strip().strip("|").split("|")]
        if len(parts) == 5 and re.fullmatch(r"[AB]\d+", parts[0]):
            try:
                oordeel = synthesis_verdict(parts[3])
            except ValueError as err:
                raise ValueError(f"{path}:{line}: column Verdict: {err}") from None
            rows.append({"nr": parts[0], "regels": parts[1], "verdict": parts[3],
                         "oordeel": oordeel})
    if not rows:
        raise ValueError(f"{path}: no rows of the form '| A1 | lines | claim | verdict | … |'")
    return pd.DataFrame(rows)


def synthesis_texts(folder: Path | None = None) -> dict[str, tuple[str, str]]:
    """The chapter's Dutch texts from :data:`TEXTS_FILE`: each statement's number mapped to
    (the statement, what the case texts say), in file order.

    A statement is a section ``## A3`` with two paragraphs that start with the labels of
    :data:`TEXT_LABELS`; a paragraph's lines are joined with a space. ``{claim:B282}`` becomes
    the number that claim states, formatted as the book prints it (see
    :attr:`lwtbook.claims.Claim.stated`), so the note types no number. A repeated or badly
    formed statement number, a missing, repeated or unlabelled paragraph or an unknown claim
    is a ValueError naming the file and line.
    """
    path = (folder or data_dir()) / TEXTS_FILE
    sections: dict[str, tuple[int, list[tuple[int, str]]]] = {}  # number -> line, paragraphs
    current: list[tuple[int, str]] | None = None  # the paragraphs of the section being read
    start, lines = 0, []
    for line, text in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], start=1):
        if text.strip() and not text.startswith("#"):
            start, lines = (start if lines else line), [*lines, text.strip()]
            continue
        if lines and current is not None:
            current.append((start, " ".join(lines)))
        lines = []
        heading = re.fullmatch(r"##\s+(\S+)\s*", text)
        if heading:
            number = heading.group(1)
            if not re.fullmatch(r"[AB]\d+", number) or number in sections:
                raise ValueError(f"{path}:{line}: {number!r} is not a new statement number of "
                                 "section 6.6 (A1, B2, …)")
            current = []
            sections[number] = (line, current)
    texts: dict[str, tuple[str, str]] = {}
    for number, (heading_line, paragraphs) in sections.items():
        for line, paragraph in paragraphs:
            if not paragraph.startswith(TEXT_LABELS):
                raise ValueError(f"{path}:{line}: {number}: a paragraph must start with "
                                 f"{' or '.join(map(repr, TEXT_LABELS))}")
        parts = []
        for label in TEXT_LABELS:
            found = [(n, p) for n, p in paragraphs if p.startswith(label)]
            if len(found) != 1:
                raise ValueError(f"{path}:{heading_line}: {number}: needs one paragraph "
                                 f"starting {label!r}, found {len(found)}")
            line, paragraph = found[0]
            parts.append(_fill_claims(paragraph[len(label):].strip(), f"{path}:{line}",
                                      folder))
        texts[number] = (parts[0], parts[1])
    if not texts:
        raise ValueError(f"{path}: no statements (a section '## A1' with its two paragraphs)")
    return texts


def _fill_claims(text: str, where: str, folder: Path | None) -> str:
    """*text* with each ``{claim:ID}`` replaced by the number claim ID states."""
    if "{claim:" not in text:
        return text
    from lwtbook.claims import records

    known = {c.claim_id: c for c in records(folder)}

    def stated(match: re.Match[str]) -> str:
        claim = known.get(match.group(1))
        if claim is None or claim.value is None:
            raise ValueError(f"{where}: {match.group(0)}: no claim with a number of that id "
                             "in claims.csv")
        return claim.stated

    return re.sub(r"\{claim:([A-Z]+\d+)\}", stated, text)


def synthesis_table(texts: Mapping[str, tuple[str, str]] | None = None, *, caption: str,
                    anchor: str,
                    show: Sequence[str] = ("tegengesproken", "deels", "niet in de casussen"),
                    folder: Path | None = None) -> FrameTable:
    """The statements of section 6.6 whose verdict is in *show*, as a table in the
    chapter's words: *texts* maps each statement's number to (the statement, what the case
    texts say); by default they come from :func:`synthesis_texts`. Rows are grouped by verdict
    (in the order of *show*), then in the report's order. A statement to show without a text,
    or a text for a statement not shown, is a ValueError: the table cannot silently lose or
    keep a row when the check changes."""
    from lwtbook.tables import frame_table

    if texts is None:
        texts = synthesis_texts(folder)
    frame = synthesis(folder)
    chosen = frame[frame["oordeel"].isin(show)].copy()
    missing = sorted(set(chosen["nr"]) - set(texts))
    extra = sorted(set(texts) - set(chosen["nr"]))
    if missing or extra:
        raise ValueError(f"texts for the 6.6 check do not match its verdicts: missing "
                         f"{missing or 'none'}, not to be shown {extra or 'none'}")
    chosen["_rank"] = chosen["oordeel"].map({v: i for i, v in enumerate(show)})
    chosen = chosen.sort_values("_rank", kind="stable")
    shown = pd.DataFrame({
        "het rapport stelt in 6.6": [texts[n][0] for n in chosen["nr"]],
        "wat de regio's zeggen": [texts[n][1] for n in chosen["nr"]],
        "oordeel": chosen["oordeel"].to_list(),
    })
    return frame_table(shown, caption=caption, anchor=anchor,
                       note="Beweringen en bevindingen in eigen woorden. Hoe de samenvatting is "
                            "nagelopen, staat op de pagina Data en methoden.")
