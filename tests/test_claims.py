"""The claims audit: every cell reference resolves, the verdicts in data/claims.csv are what
lwtbook.claims computes, and the tolerance rules behave as documented."""

from __future__ import annotations

import re

import pytest

from lwtbook import claims as C

from .conftest import DATA

pytestmark = pytest.mark.data

ROWS = C.read_claims(DATA / "claims.csv")
BY_ID = {r["claim_id"]: r for r in ROWS}
AUDITED = {r["claim_id"]: r for r in C.audit(ROWS)}
WITH_CELLS = [r for r in ROWS if r["cells"]]


def claim(value, rule, cells="", derivation="", unit="%", table="t2_5", **extra):
    row = {"claim_id": "X001", "line": "1", "value": str(value), "value_rule": rule,
           "unit": unit, "value_range": "", "table_id": table, "cells": cells,
           "derivation": derivation, "relation": "none", "judgement": "computed", "verdict": ""}
    return row | extra


def verdict_of(row) -> str:
    return C.audit([row])[0]["verdict"]


# --- the file ----------------------------------------------------------------------------------

def test_columns_and_order():
    with open(DATA / "claims.csv", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split(",")
    assert header == list(C.COLUMNS)
    assert "cells_hint" not in header


@pytest.mark.parametrize("row", WITH_CELLS, ids=lambda r: r["claim_id"])
def test_every_cell_reference_resolves_to_exactly_one_row(row):
    terms = C.parse_cells(row["cells"])
    assert terms
    for term in terms:
        for _, ref in term:
            number = C.resolve(ref, row["table_id"])  # raises unless exactly one row matches
            assert number.lo <= number.value <= number.hi


def test_a_reference_to_a_missing_or_ambiguous_cell_fails():
    with pytest.raises(LookupError):
        C.resolve(C.parse_ref("uitspraak=bestaat niet; groep=totaal"), "t2_5")
    with pytest.raises(LookupError):
        C.resolve(C.parse_ref("groep=totaal"), "t2_5")  # five statements match
    with pytest.raises(LookupError):
        C.resolve(C.parse_ref("sector=totaal"), "t2_5")  # no such dimension


def test_computed_columns_are_up_to_date():
    """The verdicts cannot rot: the CSV holds exactly what the code computes from the data."""
    stale = [cid for cid, row in BY_ID.items()
             if any(row[k] != AUDITED[cid][k] for k in C.COMPUTED_COLUMNS)]
    assert not stale, f"run `python -m lwtbook.claims`: {stale[:10]}"


def test_the_verdict_set_is_exactly_the_six_values():
    assert set(C.VERDICTS) == {"matches", "contradicts", "derived-ok", "derived-off",
                               "inconsistent", "prose-only"}
    assert {r["verdict"] for r in ROWS} == set(C.VERDICTS)


def test_input_columns_use_their_vocabularies():
    ids = set(BY_ID)
    for row in ROWS:
        cid = row["claim_id"]
        assert re.fullmatch(r"[AB]\d{3}", cid)
        assert row["unit"] in C.UNITS, cid
        assert row["derivation"] in C.DERIVATIONS, cid
        assert row["judgement"] in ("computed", "manual"), cid
        rel = row["relation"]
        assert rel in ("equals", "derived", "none") or (
            rel.startswith("same-as:") and rel.removeprefix("same-as:") in ids), cid
        if rel == "none":
            assert not row["cells"], cid
        if rel in ("equals", "derived"):
            assert row["cells"], cid
            assert (rel == "derived") == C.is_derived(row["cells"], row["derivation"]), cid
        if row["cells"] and not row["derivation"]:
            assert len(C.parse_cells(row["cells"])) == 1, cid


def test_every_rule_in_use_is_in_the_rule_table():
    for row in ROWS:
        C.accepted(row["value"], row["value_rule"], row["unit"], row["value_range"])


def test_claims_of_the_same_fact_share_a_unit():
    groups = C.same_as_groups(ROWS)
    for group in groups.values():
        assert len({BY_ID[o]["unit"] for o in group}) == 1, group


def test_manual_verdicts_are_explained_and_few():
    manual = [r for r in ROWS if r["judgement"] == "manual"]
    assert len(manual) <= 10
    for row in manual:
        assert row["verdict"] in C.VERDICTS
        assert row["note"].startswith("Manual:"), row["claim_id"]


def test_inconsistent_claims_name_the_other_place():
    for row in ROWS:
        if row["verdict"] == "inconsistent":
            others = re.findall(r"([AB]\d{3}) \(regel (\d+)\)", row["inconsistent_with"])
            assert others, row["claim_id"]
            assert any(o in row["note"] or line in row["note"] for o, line in others), \
                row["claim_id"]


def test_prose_only_claims_have_no_cells():
    for row in ROWS:
        if row["verdict"] == "prose-only":
            assert not row["cells"] and not row["inconsistent_with"], row["claim_id"]


def test_the_rewrite_is_deterministic(tmp_path):
    path = tmp_path / "claims.csv"
    C.write_claims(C.audit(ROWS), path)
    first = path.read_bytes()
    assert C.main([str(path)]) == 0
    assert path.read_bytes() == first
    assert first == (DATA / "claims.csv").read_bytes()


# --- rules by hand ------------------------------------------------------------------------------

BEROEP = "uitspraak=ik heb genoeg beroepsvaardigheden om te werken; groep=totaal"


def test_tweederde_against_59_contradicts():
    cell = ("uitspraak=leerwerktrajecten leveren veel extra werk op zonder dat er een financiële "
            "vergoeding tegenover staat")
    assert C.resolve(C.parse_ref(cell), "t3_18").value == 59
    assert verdict_of(claim(66.7, "tweederde", cell, table="t3_18")) == "contradicts"


def test_ruim_een_kwart_against_30_matches():
    cell = "aspect=afstemming over onderwijsinhouden; oordeel=kan verbeterd worden"
    assert C.resolve(C.parse_ref(cell), "t3_9").value == 30
    assert verdict_of(claim(25, "ruim een kwart", cell, table="t3_9")) == "matches"
    assert verdict_of(claim(25, "bijna een kwart", cell, table="t3_9")) == "contradicts"


def test_literal_70_against_cell_70_matches_and_71_does_not():
    assert verdict_of(claim(70, "literal", BEROEP)) == "matches"
    assert verdict_of(claim(71, "literal", BEROEP)) == "contradicts"
    assert verdict_of(claim(69, "literal", BEROEP)) == "contradicts"


def test_sum_claim_33_is_21_plus_12():
    cells = ("afdeling=verzorging; groep=totaal onderzoek + "
             "afdeling=ISP zorg & welzijn; groep=totaal onderzoek")
    assert verdict_of(claim(33, "literal", cells, "sum", table="t2_2")) == "derived-ok"
    assert verdict_of(claim(33, "literal", cells.replace(" + ", " | "), "sum",
                            table="t2_2")) == "derived-ok"
    assert verdict_of(claim(36, "literal", cells, "sum", table="t2_2")) == "derived-off"
    # two rounded cells: their true sum lies in [32, 34], so a printed 34 is possible, 35 not
    assert verdict_of(claim(34, "literal", cells, "sum", table="t2_2")) == "derived-ok"
    assert verdict_of(claim(35, "literal", cells, "sum", table="t2_2")) == "derived-off"


def test_ratio_and_percent_use_interval_arithmetic():
    cells = ("schooljaar=2003/2004; maat=lwt-leerlingen vmbo | "
             "schooljaar=2003/2004; maat=vmbo-scholen")
    [x] = C.derive(cells, "ratio", "t_summary")
    assert x.value == pytest.approx(3190 / 190)
    assert verdict_of(claim(17, "literal", cells, "ratio", "aantal", "t_summary")) == "derived-ok"
    # the report's 57 % response: 106 of 190 schools is 55.8 %
    cells = "106 | schooljaar=2003/2004; maat=vmbo-scholen"
    assert verdict_of(claim(57, "literal", cells, "percent", table="t_summary")) == "derived-off"
    assert verdict_of(claim(56, "literal", cells, "percent", table="t_summary")) == "derived-ok"


def test_each_needs_every_cell_and_rank_counts_larger_cells():
    cells = " | ".join(f"aspect={a}; oordeel=kan verbeterd worden" for a in
                       ["inhoud van praktijkboeken", "prijs van praktijkboeken"])
    assert verdict_of(claim(33.3, "bijna eenderde", cells, "each", table="t3_7")) == \
        "contradicts"  # 27 is outside [28.3, 33.3)
    motives = " | ".join(f"motief={m}; meting=2004/2005" for m in
                         ["verzekeren van toekomstige instroom in de branche",
                          "meehelpen aan beter opgeleid personeel/betere opleidingen", "anders"])
    assert verdict_of(claim(2, "ordinal", motives, "rank", "rang", "t5_8")) == "derived-ok"
    assert verdict_of(claim(1, "ordinal", motives, "rank", "rang", "t5_8")) == "derived-off"


def test_n_prefix_cross_table_and_growth():
    ref = C.parse_ref("t2_2:n:afdeling=totaal; groep=totaal basisberoepsgericht leerweg 2003/2004")
    assert (ref.table, ref.base) == ("t2_2", True)
    assert C.resolve(ref, "t_summary").value == 62185
    growth = C.derive(" | ".join(f"schooljaar={y}; maat=lwt-leerlingen aoc's"
                                 for y in ["2002/2003", "2003/2004", "2004/2005"]),
                      "growth", "t_summary")
    assert [round(g.value, 2) for g in growth] == [1.91, 1.95]


def test_labels_with_semicolons_parse():
    ref = C.parse_ref("knelpunt=te geïsoleerd; olievlekwerking bleef uit; mate=behoorlijk")
    assert C.resolve(ref, "t3_14").value == 15


def test_weighted_mean_uses_the_printed_n():
    cells = (f"{BEROEP.replace('totaal', '2002/2003')} | {BEROEP.replace('totaal', '2003/2004')}"
             f" | {BEROEP.replace('totaal', '2004/2005')}")
    [x] = C.derive(cells, "weighted_mean", "t2_5")
    assert x.value == pytest.approx((71 * 172 + 71 * 427 + 67 * 355) / 954)
    assert verdict_of(claim(70, "literal", cells, "weighted_mean")) == "derived-ok"


@pytest.mark.parametrize(("rule", "value", "unit", "text"), [
    ("de helft", 50, "%", "[45, 55]"),
    ("tweederde", 66.7, "%", "[61.67, 71.67]"),
    ("één op de vijf", 20, "%", "[15.5, 24.5]"),
    ("één op de tien", 10, "%", "[7.5, 12.5]"),
    ("één op de twintig", 5, "%", "[3.5, 6.5]"),
    ("ruim een kwart", 25, "%", "(25, 30]"),
    ("bijna de helft", 50, "%", "[45, 50)"),
    ("meer dan de helft", 50, "%", "(50, 60]"),
    ("minder dan de helft", 50, "%", "[40, 50)"),
    ("ruim X", 90, "%", "(90, 92.5]"),
    ("zo'n X", 300, "aantal", "[270, 330]"),
    ("de meeste", 50, "%", "(50, 100]"),
    ("vrijwel alle", 95, "%", "[90, 100]"),
    ("verdubbeld", 2, "ratio", "[1.8, 2.2]"),
    ("literal", 15.7, "jaar", "[15.65, 15.75]"),
    ("literal", 62000, "aantal", "[61500, 62500]"),
])
def test_the_rule_table(rule, value, unit, text):
    assert C.accepted(str(value), rule, unit).text() == text


def test_ranges_and_unknown_rules():
    assert C.accepted("69.5", "literal", "%", "68-71").text() == "[67.5, 71.5]"
    assert C.accepted("77.5", "driekwart tot viervijfde", "%", "75-80").text() == "[70, 84.5]"
    with pytest.raises(ValueError):
        C.accepted("50", "zowat de helft", "%")


def test_same_fact_stated_differently_is_inconsistent():
    a = claim(94, "literal", claim_id="X001", table="")
    b = claim(96, "literal", claim_id="X002", table="", relation="same-as:X001")
    c = claim(94.2, "literal", claim_id="X003", table="", relation="same-as:X001")
    out = {r["claim_id"]: r for r in C.audit([a, b, c])}
    assert out["X001"]["verdict"] == out["X002"]["verdict"] == "inconsistent"
    assert out["X001"]["inconsistent_with"] == "X002 (regel 1)"
    assert out["X003"]["verdict"] == "inconsistent"  # same group, clashes with X002
    # compatible wording is not an inconsistency
    d = claim(66.7, "ruim tweederde", claim_id="X004", table="")
    e = claim(70, "literal", claim_id="X005", table="", relation="same-as:X004")
    assert {r["verdict"] for r in C.audit([d, e])} == {"prose-only"}


def test_a_table_settles_an_inconsistency():
    cell = "onderdeel=begeleiding; antwoord=op maat"  # 22
    wrong = claim(25, "ruim een kwart", cell, table="t4_2", claim_id="X001")
    right = claim(20, "één op de vijf", cell, table="t4_2", claim_id="X002",
                  relation="same-as:X001")
    out = {r["claim_id"]: r for r in C.audit([wrong, right])}
    assert out["X001"]["verdict"] == "contradicts"
    assert out["X002"]["verdict"] == "matches"
    assert out["X002"]["inconsistent_with"] == "X001 (regel 1)"


def test_manual_rows_keep_their_verdict():
    row = claim(1, "literal", "onderdeel=begeleiding; antwoord=op maat", table="t4_2",
                judgement="manual", verdict="derived-ok")
    assert verdict_of(row) == "derived-ok"


def test_known_findings():
    """A few findings the audit stands on (if the data change, these should be re-read)."""
    assert BY_ID["A094"]["verdict"] == "derived-off"  # 106/190 = 55.8, printed 57
    assert BY_ID["A369"]["verdict"] == "contradicts"  # 'tweederde' for 59
    assert BY_ID["B385"]["verdict"] == "contradicts"  # 'zo rond de 90' for 81
    assert BY_ID["B375"]["verdict"] == "inconsistent"  # 7 vs 15 per cent with a diploma
    assert BY_ID["A013"]["verdict"] == "matches"  # 'negen op de tien' for 89


def test_chapter_and_label():
    assert C.chapter("Management summary") == "0"
    assert C.label("Management summary") == "h0"
    assert C.label("2.3") == "sec-2-3"
    assert C.label("1.4.2") == "sec-1-4"
