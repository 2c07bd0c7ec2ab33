"""The drafted claims audit and the chapter 6 case coding stay true to the source."""

from __future__ import annotations

import csv
import re

import pytest

from lwtbook._package import resources

from .conftest import DATA

pytestmark = pytest.mark.data


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def normalise(text: str, keep_hyphens: bool = False) -> str:
    """Join PDF line breaks (dropping the break hyphen unless it is a real one), unify quotes,
    collapse whitespace."""
    text = re.sub(r"-\s*\n\s*", "-" if keep_hyphens else "", text)
    text = text.replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def quote_found(quote: str, line: int, lines: list[str], before: int = 3, after: int = 6) -> bool:
    """Is *quote* ('…' for gaps) in the source *lines* within a few lines of *line*?"""
    raw = "\n".join(lines[max(line - 1 - before, 0): line - 1 + after])
    return any(_in_order(quote, normalise(raw, keep)) for keep in (False, True))


def _in_order(quote: str, text: str) -> bool:
    position = 0
    for part in (p.strip() for p in quote.split("…")):
        at = text.find(normalise(part), position)
        if not part:
            continue
        if at < 0:
            return False
        position = at + len(normalise(part))
    return True


CLAIMS = read("claims.csv")
CASES = read("cases.csv")


def test_claims_cover_summary_and_all_chapters():
    assert len(CLAIMS) >= 300
    sections = {c["section"].split(".")[0] for c in CLAIMS}
    assert {"Management summary", "1", "2", "3", "4", "5", "6", "7"} <= sections


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c["claim_id"])
def test_quote_is_in_the_source_at_its_line(claim, report_source):
    assert len(claim["quote"].replace("…", " ").split()) <= 12
    assert quote_found(claim["quote"], int(claim["line"]), report_source.lines), claim["quote"]


def test_quote_check_refuses_a_misplaced_or_altered_quote(report_source):
    lines = report_source.lines
    claim = next(c for c in CLAIMS if c["quote"] == "bieden 190 vmbo-scholen")
    assert quote_found(claim["quote"], int(claim["line"]), lines)
    assert not quote_found(claim["quote"], int(claim["line"]) + 400, lines)
    assert not quote_found("bieden 191 vmbo-scholen", int(claim["line"]), lines)


def test_same_as_links_point_to_existing_claims():
    ids = {c["claim_id"] for c in CLAIMS}
    for claim in CLAIMS:
        if claim["relation"].startswith("same-as:"):
            assert claim["relation"].removeprefix("same-as:") in ids, claim["claim_id"]


def test_claim_tables_exist_in_the_package():
    known = set(resources())
    charts = {row["chart_id"] for row in read("charts.csv")}
    for claim in CLAIMS:
        if claim["table_id"]:
            assert claim["table_id"] in known | charts, claim["claim_id"]


# --- chapter 6 --------------------------------------------------------------------------

#: The four regions of chapter 6 and the heading that opens each (then the one after the last).
REGION_HEADINGS = {"Nijmegen": "6.2 Casus regio Nijmegen", "Oost-Nederland – Groen":
                   "6.3 Casus regio Oost-Nederland", "Groningen": "6.4 Casus regio Groningen",
                   "Rotterdam": "6.5 Casus regio Rotterdam", "_end": "6.6 Samenvatting"}


def section_ranges(lines: list[str]) -> dict[str, tuple[int, int]]:
    starts = {k: next(i for i, line in enumerate(lines, 1) if line.startswith(v))
              for k, v in REGION_HEADINGS.items()}
    order = sorted(starts, key=starts.get)
    return {k: (starts[k], starts[order[i + 1]] - 1) for i, k in enumerate(order[:-1])}


def test_every_region_is_coded_on_every_theme():
    themes = {"regionale context", "organisatie lwt", "succesfactor", "knelpunt", "oplossing",
              "perspectief"}
    for region in [r for r in REGION_HEADINGS if r != "_end"]:
        assert {c["thema"] for c in CASES if c["regio"] == region} == themes, region


def test_case_line_ranges_fall_inside_their_region_of_chapter_6(report_source):
    ranges = section_ranges(report_source.lines)
    for case in CASES:
        lo, hi = ranges[case["regio"]]
        assert lo <= int(case["regel_van"]) <= int(case["regel_tot"]) <= hi, case["case_id"]


def test_case_descriptions_are_our_own_words(report_source):
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9à-ÿ']+", normalise(text))

    source = words("\n".join(report_source.lines))
    runs = {" ".join(source[i:i + 8]) for i in range(len(source) - 7)}
    for case in CASES:
        own = words(case["omschrijving"])
        shared = [" ".join(own[i:i + 8]) for i in range(len(own) - 7)
                  if " ".join(own[i:i + 8]) in runs]
        assert not shared, (case["case_id"], shared)
