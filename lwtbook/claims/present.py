"""The audit page ("Controle van de cijfers"): its counts, tables and texts, in Dutch.

The page is a thin notebook; everything it shows is computed here from the claims audit
(:mod:`lwtbook.claims`) and the register of inconsistencies (:mod:`lwtbook.register`), so the
page, the data files and the chapters that link to it cannot disagree. Every statement gets a
row with the HTML id :func:`lwtbook.claims.anchor` (``uitspraak-a188``) in :func:`register_table`;
the chapters link there. Tables link to the report's table in its chapter
(``02_leerlingen.html#tabel-t2-7``) and to the chapter's section that discusses the statement
(``02_leerlingen.html#sec-2-3``).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from lwtbook import fmt
from lwtbook.claims.compare import COMPARISON_RULES
from lwtbook.claims.records import Claim, records
from lwtbook.claims.rules import Interval, reading
from lwtbook.claims.verdicts import VERDICTS
from lwtbook.settings import current
from lwtbook.vocab import ANOMALY_TIERS, CLAIM_VERDICTS, dutch

__all__ = [
    "PARTS",
    "HtmlTable",
    "claims_table",
    "comparison_rules_table",
    "count_values",
    "counts",
    "findings_table",
    "part_table",
    "reading_examples_table",
    "register_table",
    "tier_table",
    "verdict_table",
]

#: Parts of the report, by the chapter number of a section ("0": the management summary).
PARTS = {"0": "Samenvatting", **{str(k): f"Hoofdstuk {k}" for k in range(1, 8)}}
#: The book's page of each part.
PAGES = {"0": "00_samenvatting.html", "1": "01_aanleiding.html", "2": "02_leerlingen.html",
         "3": "03_vmbo_scholen.html", "4": "04_bve_instellingen.html",
         "5": "05_leerbedrijven.html", "6": "06_casestudies.html", "7": "07_conclusies.html"}
#: Where the re-analysis lists its tests.
REANALYSIS = "herberekening.html#toets-{}"  # the row of a test on Herberekening

#: What each comparison rule asserts, in words for the page.
COMPARISON_WORDS = {
    "hoger": "hoger dan", "lager": "lager dan", "hoogste": "het hoogst", "laagste": "het laagst",
    "iets hoger": "iets hoger dan", "iets lager": "iets lager dan",
    "veel hoger": "veel hoger dan", "veel lager": "veel lager dan",
    "volgorde": "in deze volgorde", "gelijk": "geen verschil",
    "geen groot verschil": "geen groot verschil", "verschil": "een verschil",
    "groot verschil": "een groot verschil", "gelijke verdeling": "dezelfde verdeling",
}


def chapter(section: str) -> str:
    """'2.3' -> '2'; 'Management summary' -> '0'."""
    return "0" if section.lower().startswith("management") else section.split(".")[0]


def section_anchor(section: str) -> str:
    """The chapter page's label of a section: 'sec-2-3', or 'h0' for the summary."""
    ch = chapter(section)
    parts = section.split(".")
    return f"sec-{ch}-{parts[1]}" if ch != "0" and len(parts) > 1 else f"h{ch}"


def table_page(table_id: str) -> str | None:
    """The page that prints a report table (None for a lost chart)."""
    if table_id.startswith("bijlage1"):
        return "bijlage1.html"
    if table_id == "t_summary":
        return PAGES["0"]
    if table_id.startswith("t") and table_id[1].isdigit():
        return PAGES.get(table_id[1])
    return None


@cache
def _table_names() -> dict[str, str]:
    from lwtbook._package import resources

    out = {}
    for name, res in resources().items():
        if res.get("kind") == "report-table":
            out[name] = res.get("table_number") or res.get("title", name).split(" – ")[0]
    return out


def table_name(table_id: str) -> str:
    """'t2_7' -> 'Tabel 2.7'; a lost chart 'g2_1' -> 'Grafiek 2.1'."""
    if table_id.startswith("g"):
        return "Grafiek " + table_id[1:].replace("_", ".")
    return _table_names().get(table_id, table_id)


def _link(href: str | None, text: str) -> str:
    text = html.escape(text)
    return f'<a href="{html.escape(href)}">{text}</a>' if href else text


def table_link(table_id: str) -> str:
    """A link to a report table in its chapter (plain text for a chart without numbers)."""
    page = table_page(table_id)
    href = f"{page}#tabel-{table_id.replace('_', '-')}" if page else None
    return _link(href, table_name(table_id))


def place(section: str) -> str:
    """'paragraaf 2.3' or 'de samenvatting' for a claim's section."""
    ch = chapter(section)
    if ch == "0":
        return "de samenvatting"
    parts = section.split(".")
    return f"paragraaf {'.'.join(parts[:2])}" if len(parts) > 1 else f"hoofdstuk {ch}"


def place_link(claim: Claim) -> str:
    """'paragraaf 2.3, regel 912', linked to that section of our chapter."""
    ch = chapter(claim.section)
    href = f"{PAGES[ch]}#{section_anchor(claim.section)}"
    return _link(href, f"{place(claim.section)}, regel {claim.line}")


# --- words ---------------------------------------------------------------------------------

def _n(x: float) -> str:
    return fmt.number(round(x, 1))


def interval_nl(iv: Interval, unit: str) -> str:
    """An interval in Dutch words: '61,7 tot en met 71,7%', 'boven 50 tot en met 55%'."""
    pct = "%" if unit == "%" else ""
    if iv.hi == float("inf"):
        return f"minstens {_n(iv.lo)}{pct}"
    if iv.lo_open and iv.hi == 100 and pct:
        return f"boven {_n(iv.lo)}%"
    if iv.lo_open:
        return f"boven {_n(iv.lo)} tot en met {_n(iv.hi)}{pct}"
    if iv.hi_open:
        return f"{_n(iv.lo)} tot {_n(iv.hi)}{pct}"
    if iv.lo == iv.hi:
        return f"{_n(iv.lo)}{pct}"
    return f"{_n(iv.lo)} tot en met {_n(iv.hi)}{pct}"


def words_of(claim: Claim) -> str:
    """How the words were read: '‘ruim de helft’: boven 50 tot en met 55%'."""
    if claim.kind == "comparison":
        return COMPARISON_WORDS[claim.value_rule]
    if claim.value_rule == "literal" and not claim.value_range:
        return fmt.number(float(claim.value_text)) + ("%" if claim.unit == "%" else "")
    read = reading(claim.value_text, claim.value_rule, claim.unit, claim.value_range)
    return interval_nl(read.plain, claim.unit)


def stretched_of(claim: Claim) -> str:
    if claim.kind == "comparison" or claim.value is None:
        return ""
    read = reading(claim.value_text, claim.value_rule, claim.unit, claim.value_range)
    return interval_nl(read.stretched, claim.unit) if read.stretched else ""


def found_with_basis(claim: Claim) -> str:
    """:func:`found_of`, saying so when only numbers of the text checked the claim."""
    found = found_of(claim)
    if claim.basis == "text":
        return f"{found} (getallen uit de tekst)" if found else "een ander getal in de tekst"
    return found


def _distribution(claim: Claim) -> str:
    """A 'gelijke verdeling' claim: how much of the distribution would have to move."""
    from lwtbook.claims.compare import check_comparison, distance
    from lwtbook.claims.records import audited

    row = next(r for r in audited() if r["claim_id"] == claim.claim_id)
    left, right = check_comparison(row).values[0]
    printed = sum(abs(a.value - b.value) for a, b in zip(left, right, strict=True)) / 200
    return (f"{_n(100 * printed)}% van de verdeling verschilt, "
            f"{_n(100 * distance(left, right))}% na aftrek van de afronding")


def found_of(claim: Claim) -> str:
    """The checked value(s) in Dutch: '57', '79 tegen 65', '83 tegen 91, 90 en 95; …'."""
    if not claim.checked:
        return ""
    if claim.value_rule == "gelijke verdeling":
        return _distribution(claim)
    sets = []
    for part in claim.checked.split(" || "):
        sides = []
        for side in part.split(" <> "):
            values = [_n(float(x)) for x in side.split(" | ") if x]
            sides.append(values[0] if len(values) == 1 else
                         ", ".join(values[:-1]) + " en " + values[-1])
        sets.append(" tegen ".join(sides))
    return "; ".join(sets)


def verdict_nl(code: str) -> str:
    return dutch(code, CLAIM_VERDICTS)


def chance(p: float) -> str:
    """A probability as a Dutch percentage with one significant digit: '0,005%'."""
    from math import floor, log10

    pct = 100 * p
    if pct <= 0:
        return "0%"
    decimals = max(0, -floor(log10(pct)))
    return fmt.number(round(pct, decimals), decimals) + "%"


# --- tables --------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class HtmlTable:
    """A captioned, accessible table whose cells are ready HTML (links, quotes); each row may
    carry an id. Renders in Jupyter and in the book like the book's other tables."""

    caption: str
    anchor: str
    header: tuple[str, ...]
    rows: tuple[tuple[str | None, tuple[str, ...]], ...]
    note: str = ""

    def __repr__(self) -> str:
        return self.caption

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in self.header)
        body = []
        for row_id, cells in self.rows:
            ident = f' id="{row_id}"' if row_id else ""
            first, rest = cells[0], cells[1:]
            body.append(f'<tr{ident}><th scope="row">{first}</th>'
                        + "".join(f'<td class="lwt-text">{c}</td>' if c else
                                  '<td><span class="visually-hidden">leeg</span></td>'
                                  for c in rest) + "</tr>")
        from lwtbook.tables import table_html

        return table_html(self.anchor, self.caption, head, "".join(body), self.note)


def _caption(anchor: str, title: str) -> str:
    """'Tabel C.<n> – title', n taken from the anchor ('controle-tabel-7' -> 7)."""
    return f"Tabel C.{anchor.rsplit('-', 1)[-1]} – {title}"


def _quote(text: str) -> str:
    return f"‘{html.escape(text)}’"


def _tests(claim: Claim) -> str:
    return ", ".join(_link(REANALYSIS.format(t.lower()), t) for t in claim.test_ids)


def reading_examples_table(anchor: str = "controle-tabel-1") -> HtmlTable:
    """Tabel C.1: words of the report and the ranges they allow, plain and stretched."""
    examples = [("de helft", "50", "de helft", "%"), ("tweederde", "66.7", "tweederde", "%"),
                ("één op de vijf", "20", "één op de vijf", "%"),
                ("één op de tien", "10", "één op de tien", "%"),
                ("ruim eenderde", "33.3", "ruim eenderde", "%"),
                ("bijna de helft", "50", "bijna de helft", "%"),
                ("meer dan de helft", "50", "meer dan de helft", "%"),
                ("zo rond de 90 procent", "90", "zo'n X", "%"),
                ("de meeste", "50", "de meeste", "%"), ("vrijwel alle", "95", "vrijwel alle", "%"),
                ("zo'n 300 scholen", "300", "zo'n X", "aantal"),
                ("56 procent", "56", "literal", "%")]
    rows = []
    for words, value, rule, unit in examples:
        read = reading(value, rule, unit)
        rows.append((None, (_quote(words), html.escape(interval_nl(read.plain, unit)),
                            html.escape(interval_nl(read.stretched, unit)) if read.stretched
                            else "alleen afronding")))
    return HtmlTable(_caption(anchor, "Van woorden naar een bereik: voorbeelden"), anchor,
                     ("woorden", "klopt bij", "klopt ongeveer bij"), tuple(rows),
                     "Bron: lwtbook.claims.rules; de volledige regels staan in "
                     "data/notes/claims-rules.md.")


def comparison_rules_table(anchor: str = "controle-tabel-2") -> HtmlTable:
    """Tabel C.2: comparative words and when they fit, roughly fit, or are contradicted."""
    s = current()
    big = fmt.number(s.margin_pp)
    half = fmt.number(s.margin_pp / 2)
    wide = fmt.number(s.roughly_factor * s.margin_pp / 2)
    rows = [
        ("‘vaker’, ‘hoger’, ‘gestegen’, ‘het meest’",
         "het gedrukte verschil wijst de genoemde kant op",
         "gelijk, of omgekeerd binnen wat afronding kan verklaren",
         "omgekeerd, meer dan afronding kan verklaren"),
        ("‘iets’, ‘licht’, ‘net’",
         f"de goede kant op, hooguit {big} procentpunt", f"meer dan {big} procentpunt",
         "omgekeerd"),
        ("‘veel’, ‘duidelijk’, ‘beduidend’",
         f"de goede kant op, minstens {big} procentpunt", f"minder dan {big} procentpunt",
         "omgekeerd"),
        ("‘geen verschil’, ‘komt overeen’, ‘stabiel’",
         f"verschil hooguit {half} procentpunt", f"hooguit {wide} procentpunt", "groter"),
        ("‘geen grote verschillen’", f"hooguit {big} procentpunt",
         f"hooguit {fmt.number(s.roughly_factor * s.margin_pp)} procentpunt", "groter"),
        ("‘er zijn verschillen’", f"minstens {half} procentpunt", "kleiner, maar meer dan "
         "afronding", "binnen de afronding"),
        ("twee verdelingen ‘komen overeen’",
         f"hooguit {fmt.number(50 * s.margin_tv)}% van de gevallen zou moeten verschuiven",
         f"hooguit {fmt.number(50 * s.roughly_factor * s.margin_tv)}%", "meer"),
    ]
    return HtmlTable(_caption(anchor, "Vergelijkingen: wanneer ze kloppen"), anchor,
                     ("woorden", "klopt", "klopt ongeveer", "tegengesproken"),
                     tuple((None, tuple(html.escape(c) for c in r)) for r in rows),
                     "Voor aantallen en bedragen gelden dezelfde regels met 10 en 20 procent van "
                     "het grootste getal in plaats van procentpunten. Bron: "
                     "lwtbook.claims.compare.")


def count_values() -> dict[str, int]:
    """Every count of the audit as a number, under the name the page glues it by (``cc_n``,
    ``cc_n_fits``, …). Other pages that show a count glue it under the same name, so a test
    can compare the pages; each verdict is counted on its own, never summed with another."""
    from lwtbook.register import counts as tier_counts
    from lwtbook.register import scan_folder, tested

    claims = records()
    by = Counter((c.kind, c.verdict) for c in claims)
    kinds = Counter(c.kind for c in claims)
    checked = [c for c in claims if c.verdict != "prose-only"]
    text_only = [c for c in claims if c.basis == "text"]
    comps = [c for c in claims if c.kind == "comparison"]
    comps_checked = [c for c in comps if c.checked]
    with_test = [c for c in comps if c.test_ids]
    tests = {t for c in comps for t in c.test_ids}
    scan = scan_folder()
    per_tier = tier_counts(scan)
    what = tested(scan)
    out = {
        "cc_n": len(claims), "cc_n_getal": kinds["number"], "cc_n_vgl": kinds["comparison"],
        "cc_n_checked": len(checked), "cc_n_text": len(text_only),
        "cc_n_prose": by["number", "prose-only"] + by["comparison", "prose-only"],
        "cc_n_vgl_checked": len(comps_checked),
        "cc_n_vgl_prose": by["comparison", "prose-only"],
        "cc_n_vgl_test": len(with_test), "cc_n_tests": len(tests),
        "cc_n_vgl_notest": len([c for c in comps_checked if not c.test_ids]),
        "cc_n_manual": sum(c.note.startswith("Manual:") for c in claims),
        "cc_n_inconsistent": by["number", "inconsistent"],
        "cc_n_register": len(scan.findings), "cc_n_groups": what["groups"],
        "cc_n_pairs": what["pairs"],
        "cc_n_expected": round(what["groups"] * current().improbable_p),
    }
    for code in VERDICTS:
        out[f"cc_n_{code}"] = by["number", code] + by["comparison", code]
        out[f"cc_n_getal_{code}"] = by["number", code]
        out[f"cc_n_vgl_{code}"] = by["comparison", code]
    for tier, n in per_tier.items():
        out[f"cc_n_tier_{tier}"] = n
    out["cc_n_oordelen"] = len(VERDICTS)
    out["cc_n_soorten"] = len(per_tier)
    return out


def counts() -> dict[str, str]:
    """Every count the page's text uses, formatted for glue (Dutch numbers)."""
    out = count_values()
    text = {k: fmt.number(v) for k, v in out.items()}
    text["cc_pct_prose"] = fmt.percent(100 * out["cc_n_prose"] / out["cc_n"], 0)
    text["cc_p_improbable"] = fmt.percent(100 * current().improbable_p, 0)
    text["cc_margin"] = fmt.number(current().margin_pp)
    text["cc_half"] = fmt.number(current().margin_pp / 2)
    text["cc_factor"] = fmt.number(current().roughly_factor)
    return text


def verdict_table(anchor: str = "controle-tabel-3") -> HtmlTable:
    """Tabel C.3: verdicts by kind of statement, with what each verdict means."""
    meaning = {
        "fits": "de tabel (of de tekst zelf) bevestigt de woorden in hun gewone betekenis",
        "roughly": "alleen een ruime lezing van de woorden past: onnauwkeurig, maar te verdedigen",
        "contradicted": "geen redelijke lezing van de woorden past bij de cijfers",
        "inconsistent": "het rapport zegt elders iets anders over hetzelfde feit",
        "prose-only": "geen tabel en geen ander getal in de tekst kan de uitspraak controleren",
    }
    by = Counter((c.kind, c.verdict) for c in records())
    rows = []
    for code in VERDICTS:
        rows.append((None, (html.escape(verdict_nl(code)), html.escape(meaning[code]),
                            fmt.number(by["number", code]), fmt.number(by["comparison", code]),
                            fmt.number(by["number", code] + by["comparison", code]))))
    return HtmlTable(_caption(anchor, "Oordelen over de uitspraken in de lopende tekst"), anchor,
                     ("oordeel", "betekenis", "getallen", "vergelijkingen", "samen"), tuple(rows),
                     "Bron: data/claims.csv (kolommen kind en verdict).")


def part_table(anchor: str = "controle-tabel-4") -> HtmlTable:
    """Tabel C.4: verdicts per part of the report."""
    by = Counter((chapter(c.section), c.verdict) for c in records())
    rows = []
    for ch, name in PARTS.items():
        values = [by[ch, code] for code in VERDICTS]
        rows.append((None, (_link(f"{PAGES[ch]}#h{ch}", name),
                            *(fmt.number(v) for v in values), fmt.number(sum(values)))))
    return HtmlTable(_caption(anchor, "Oordelen per deel van het rapport (aantal uitspraken)"),
                     anchor,
                     ("deel", *(verdict_nl(v) for v in VERDICTS), "samen"), tuple(rows),
                     "Bron: data/claims.csv.")


def findings_table(verdicts: Iterable[str], kind: str, *, title: str,
                   anchor: str) -> HtmlTable:
    """The statements of one kind with the given verdicts, side by side with their evidence,
    each linked to its row in the full register, its table and its section."""
    wanted = tuple(verdicts)
    rows = []
    for c in records():
        if c.kind != kind or c.verdict not in wanted:
            continue
        cells = [_link(f"#{c.anchor}", c.claim_id), place_link(c), _quote(c.quote),
                 html.escape(words_of(c))]
        if kind == "number":
            cells.append(html.escape(stretched_of(c)))
        cells += [table_link(c.table_id) if c.table_id else "",
                  html.escape(found_with_basis(c)), html.escape(verdict_nl(c.verdict))]
        if kind == "comparison":
            cells.append(_tests(c))
        rows.append((None, tuple(cells)))
    header = ["uitspraak", "waar", "citaat", "gelezen als"]
    if kind == "number":
        header.append("ruim gelezen")
    header += ["tabel", "gevonden", "oordeel"]
    if kind == "comparison":
        header.append("toets")
    return HtmlTable(_caption(anchor, title), anchor, tuple(header), tuple(rows),
                     "Citaten uit het rapport (hooguit twaalf woorden). ‘Gevonden’ is de cel of "
                     "de berekening op cellen; bij vergelijkingen de twee kanten, ‘tegen’ ertussen."
                     " Bron: data/claims.csv en data/tables/.")


def claims_table(claim_ids: Sequence[str], *, caption: str, anchor: str,
                 note: str = "") -> HtmlTable:
    """Some statements of the report as a table for a chapter: the quote, its line, the
    number the audit computed and its verdict, linked to the statement on the audit page.

    No claim ids are shown (a chapter carries no apparatus). The computed number is shown as
    the audit keeps it (at most two decimals: 51,55), not rounded once more: rounding an
    already rounded value can move it (63.645 -> 63.65 -> 63.7).
    """
    from lwtbook.claims.records import get

    rows = []
    for claim_id in claim_ids:
        c = get(claim_id)
        found = "; ".join(fmt.number(v) for v in c.checked_values)
        rows.append((None, (_quote(c.quote), str(c.line), html.escape(found),
                            _link(c.href, verdict_nl(c.verdict)))))
    return HtmlTable(caption, anchor, ("het rapport", "regel", "nagerekend", "oordeel"),
                     tuple(rows), note)


def register_table(part: str, anchor: str) -> HtmlTable:
    """All statements of one part of the report; each row has the claim's HTML id."""
    rows = []
    for c in records():
        if chapter(c.section) != part:
            continue
        cells = (html.escape(c.claim_id), place_link(c), _quote(c.quote),
                 html.escape(words_of(c)), table_link(c.table_id) if c.table_id else "",
                 html.escape(found_with_basis(c)), html.escape(verdict_nl(c.verdict)), _tests(c))
        rows.append((c.anchor, cells))
    return HtmlTable(_caption(anchor, f"Alle uitspraken: {PARTS[part].lower()}"), anchor,
                     ("uitspraak", "waar", "citaat", "gelezen als", "tabel", "gevonden",
                      "oordeel", "toets"), tuple(rows),
                     "A en B: getallen, V: vergelijkingen. ‘Gelezen als’ is de gewone lezing van "
                     "de woorden. Bron: data/claims.csv.")


# --- the register of inconsistencies --------------------------------------------------------

def _labels(cells: str) -> str:
    return ", ".join(part.split("=", 1)[1] for part in cells.split("; ") if "=" in part)


def describe(finding) -> str:
    """One finding of the register in Dutch, from its numbers."""
    f = dict(finding.facts)
    if finding.tier in ("impossible", "improbable") and f.get("rule") == "sum":
        text = (f"De {fmt.number(f['parts'])} percentages ({_labels(finding.cells) or 'de kolom'})"
                f" tellen op tot {_n(f['sum'])} in plaats van {_n(f['target'])}")
        if finding.tier == "impossible":
            return text + (f"; afronding verklaart hooguit {_n(f['allowance'])} procentpunt.")
        return text + (f". Afronding laat tot {_n(f['allowance'])} procentpunt toe, maar "
                       f"onafhankelijke afrondingen wijken samen zo ver af met een kans van "
                       f"{chance(finding.probability)}.")
    if finding.tier == "impossible" and f.get("rule") == "weighted_mean":
        return (f"Het totaal ({_labels(finding.cells)}) staat op {_n(f['printed'])}, maar de "
                f"groepen gewogen naar hun omvang geven {_n(f['weighted'])}; ook met afronding "
                "van alle getallen valt dat niet te rijmen.")
    if finding.tier == "grim":
        (k1, p1), (k2, p2) = f["below"], f["above"]
        return (f"{_n(f['value'])}% van {fmt.number(f['n'])} gevallen kan niet: "
                f"{k1} van {f['n']} is {_n(p1)}%, {k2} van {f['n']} is {_n(p2)}%.")
    if finding.tier == "bases" and "sums" in f:
        (k1, v1), (k2, v2) = f["sums"][:2]
        return (f"Er waren meer antwoorden mogelijk, maar de kolom {_labels(k1)} telt op tot "
                f"{_n(v1)}% en de kolom {_labels(k2)} tot {_n(v2)}%: de ene rekent per "
                "antwoord, de andere per respondent.")
    if finding.tier == "bases":
        return (f"Als basis staat n = {fmt.number(f['n'])}, terwijl er in {f['wave']} hooguit "
                f"{fmt.number(f['respondents'])} respondenten waren ({table_name(f['source'])}):"
                " de n telt antwoorden, geen respondenten.")
    if finding.tier == "repetition":
        shares = ", ".join(_n(x) for x in f["shares"])
        return (f"De verdeling {shares} staat er twee keer, voor n = {fmt.number(f['n'][0])} "
                f"({_labels(f['first'])}) en n = {fmt.number(f['n'][1])} "
                f"({_labels(f['second'])}); twee onafhankelijke steekproeven van die omvang "
                f"geven zulke gelijke afgeronde percentages met een kans van ongeveer "
                f"{chance(finding.probability)}.")
    if finding.tier == "between-tables":
        a, b = finding.tables
        return (f"{table_name(a)} geeft {_labels(f['where'])} {_n(f['left'])}%, "
                f"{table_name(b)} {_n(f['right'])}% (afronding laat {_n(f['allowance'])} "
                "procentpunt toe).")
    if finding.tier == "labelling":
        if "group" in f:
            return "De titel noemt de controlegroep, maar de tabel drukt voor die groep niets af."
        return f"De titel belooft een volgorde op ‘{f['column']}’ die de rijen niet hebben."
    return finding.evidence


def tier_table(anchor: str = "controle-tabel-6") -> HtmlTable:
    """The register of inconsistencies by tier, in Dutch, with links to the tables."""
    from lwtbook.register import TIERS, scan_folder

    findings = sorted(scan_folder().findings, key=lambda x: TIERS.index(x.tier))
    rows = []
    for k, finding in enumerate(findings, start=1):
        tables = " en ".join(table_link(t) for t in dict.fromkeys(finding.tables))
        rows.append((f"afwijking-{k}", (html.escape(dutch(finding.tier, ANOMALY_TIERS)),
                                         tables, html.escape(describe(finding)))))
    return HtmlTable(_caption(anchor, "Register van inconsistenties in de tabellen, per soort"),
                     anchor, ("soort", "tabel", "wat er niet klopt"), tuple(rows),
                     "Bron: data/anomalies.csv, gecontroleerd door lwtbook.register; de "
                     "toelichting per geval staat in dat bestand en in "
                     "data/notes/register.md.")


def tier_rows() -> Sequence[tuple[str, int]]:
    """(Dutch tier name, number of findings) in tier order."""
    from lwtbook.register import TIERS, counts, scan_folder

    found = counts(scan_folder())
    return [(dutch(t, ANOMALY_TIERS), found[t]) for t in TIERS]


def finding_fact(tier: str, table_id: str, name: str) -> str:
    """One number behind a finding of the register, in Dutch (for the page's text)."""
    from lwtbook.register import scan_folder

    for finding in scan_folder().findings:
        if finding.tier == tier and finding.table_id == table_id:
            return _n(float(finding.fact(name)))
    raise KeyError(f"no {tier} finding for {table_id}")


def largest_spread(claim: Claim) -> str:
    """The largest spread (max − min) within one set of a comparison, in Dutch."""
    spreads = []
    for part in claim.checked.split(" || "):
        values = [float(x) for x in part.replace(" <> ", " | ").split(" | ") if x]
        spreads.append(max(values) - min(values))
    return _n(max(spreads))


def comparisons_without_test() -> list[Claim]:
    """Checked comparisons for which the re-analysis has no test."""
    return [c for c in records() if c.kind == "comparison" and c.checked and not c.test_ids]


def rules_in_use() -> list[str]:
    """The comparison rules the audit uses (for the methods text)."""
    return [r for r in COMPARISON_RULES if any(c.value_rule == r for c in records())]
