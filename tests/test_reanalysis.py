"""lwtbook.reanalysis: the committed results are current, the spec points at real cells, the
statistics agree with hand calculations, and every verdict follows from its numbers."""

from __future__ import annotations

import csv
import math
import re

import pandas as pd
import pytest

from lwtbook import reanalysis
from lwtbook.reanalysis import COLUMNS, SPEC_COLUMNS, load_spec, parse_n_source, select

from .conftest import DATA

pytestmark = pytest.mark.data

RESULT_CSV = DATA / "derived" / "reanalysis.csv"
SPEC_CSV = DATA / "derived" / "reanalysis_spec.csv"
Z95 = 1.959963984540054


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    """The committed results, as text columns (exactly what a reader downloads)."""
    return pd.read_csv(RESULT_CSV, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def spec() -> pd.DataFrame:
    return load_spec()


def num(text: str) -> float | None:
    return None if text == "" else float(text)


def row(results: pd.DataFrame, test_id: str) -> dict:
    return results[results["test_id"] == test_id].iloc[0].to_dict()


def find(results: pd.DataFrame, table_id: str, claim_part: str) -> dict:
    hits = results[(results["table_id"] == table_id) & results["claim"].str.contains(claim_part)]
    assert len(hits) == 1, (table_id, claim_part, len(hits))
    return hits.iloc[0].to_dict()


# --------------------------------------------------------------------------- not stale


def test_committed_csv_equals_regenerated():
    regenerated = reanalysis.to_csv_text(reanalysis.run())
    assert RESULT_CSV.read_text(encoding="utf-8") == regenerated, (
        "data/derived/reanalysis.csv is stale: run `python -m lwtbook.reanalysis`")


def test_result_columns_and_one_row_per_spec_row(results, spec):
    assert list(results.columns) == COLUMNS
    assert results["test_id"].tolist() == spec["test_id"].tolist()


# --------------------------------------------------------------------------- the spec


def test_spec_columns_ids_and_vocabularies(spec):
    assert list(spec.columns) == SPEC_COLUMNS
    assert spec["test_id"].tolist() == [f"H{i:02d}" for i in range(1, len(spec) + 1)]
    assert set(spec["kind"]) <= set(reanalysis.KINDS)
    assert set(spec["expected_direction"]) <= set(reanalysis.DIRECTIONS)
    assert (spec["claim"].str.len() > 0).all() and (spec["label1"].str.len() > 0).all()
    assert len(spec) >= 40


def _section_span(section: str, lines: list[str]) -> tuple[int, int]:
    """1-based (first, last) line of a report section, from its heading in the text."""
    heading = re.compile(rf"^\s*{re.escape(section)} [A-Z]")
    any_heading = re.compile(r"^\s*\d\.\d+ [A-Z]")
    start = next(i for i, text in enumerate(lines) if i > 200 and heading.match(text))
    stop = next((i for i in range(start + 1, len(lines)) if any_heading.match(lines[i])),
                len(lines))
    return start + 1, stop


@pytest.mark.parametrize("rec", load_spec().to_dict("records"), ids=lambda r: r["test_id"])
def test_spec_row_lies_in_its_section_of_the_report(rec, report_source):
    lines = report_source.lines
    first, last = _section_span(rec["section"], lines)
    assert first <= int(rec["line"]) <= last, "statement line lies outside its section"
    for group in ("group1", "group2"):
        prose = re.fullmatch(r"proza:(\d+)=(\d+)", rec[group])
        if prose:  # a number printed only in the text: it must be on that line
            line, value = int(prose.group(1)), prose.group(2)
            assert re.search(rf"\b{value}( procent|%)", lines[line - 1]), lines[line - 1]


@pytest.mark.parametrize("rec", load_spec().to_dict("records"), ids=lambda r: r["test_id"])
def test_spec_row_resolves(rec):
    table = rec["table_id"]
    assert (DATA / "tables" / f"{table}.csv").is_file()
    for group, source in (("group1", "n1_source"), ("group2", "n2_source")):
        selector = rec[group]
        if rec["kind"] == "distribution":
            exclude = [c.strip() for c in rec["exclude"].split(";") if c.strip()]
            dist, printed = reanalysis.select_distribution(selector, table, rec["answer_dim"],
                                                           exclude)
            assert len(dist) >= 2 and all(0 <= v <= 100 for v in dist.values())
        else:
            sel = select(selector, table)
            printed = sel.n_printed
            assert all(not math.isnan(v) for v in sel.parts)
        n, kind = parse_n_source(rec[source], printed)
        assert kind in ("printed", "derived", "unknown")
        if kind == "printed":
            assert n == printed


def test_selector_typos_fail_loudly():
    with pytest.raises(ValueError, match="not a category"):
        select("uitspraak=ik vind werken leuk; groep=totaal", "t2_5")
    with pytest.raises(ValueError, match="does not name"):
        select("groep=totaal", "t2_5")
    with pytest.raises(ValueError, match="matches 2"):
        select("uitspraak=het is*; groep=totaal", "t2_5")


def test_selector_sum_mean_prefix_and_other_table():
    assert select("onderdeel=burgerschapsvorming; aandacht=weinig+enigszins+veel",
                  "t3_5").pct == 14 + 44 + 33
    mean = select("aspect=*; sector=groen", "t4_4")
    assert mean.pct == pytest.approx((67 + 38 + 44 + 44 + 38 + 31 + 19 + 13 + 40) / 9)
    assert select("branche=metaal*; meting=2004/2005", "t5_1").pct == 6
    other = select("t2_4: jaargroep=totaal; aspect=gymnastiek", "t3_5")
    assert (other.pct, other.table_id) == (62, "t2_4")


def test_n_sources_match_the_results(spec, results):
    merged = spec.merge(results, on="test_id", suffixes=("", "_res"))
    for rec in merged.to_dict("records"):
        for source, column in (("n1_source", "n1"), ("n2_source", "n2")):
            text = rec[source]
            if text.startswith("derived"):
                assert text.endswith(f"= {rec[column]}")
            if text == "unknown":
                assert rec[column] == ""


# --------------------------------------------------------------------------- hand calculations


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 / (1 + Z95**2 / n) * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2))
    return centre - half, centre + half


def test_pooled_z_test_lwt_70_of_954_vs_control_51_of_210_by_hand(results):
    k1, n1, k2, n2 = 668, 954, 107, 210  # 70% of 954 = 667.8, 51% of 210 = 107.1
    pooled = (k1 + k2) / (n1 + n2)
    z = (k1 / n1 - k2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p = math.erfc(abs(z) / math.sqrt(2))
    (l1, u1), (l2, u2) = wilson(k1, n1), wilson(k2, n2)
    d = k1 / n1 - k2 / n2  # Newcombe (1998) method 10 from the two Wilson intervals
    low = d - math.sqrt((k1 / n1 - l1) ** 2 + (u2 - k2 / n2) ** 2)
    high = d + math.sqrt((u1 - k1 / n1) ** 2 + (k2 / n2 - l2) ** 2)
    rec = find(results, "t2_5", "beroepsvaardigheden")
    assert rec["comparison"] == "lwt 70% (n=954) vs controlegroep 51% (n=210)"
    assert rec["test"] == "two-proportion z-test"
    assert num(rec["difference_pp"]) == 19.0
    assert num(rec["p_value"]) == pytest.approx(p, abs=5e-5)
    assert num(rec["ci_low"]) == pytest.approx(100 * low, abs=0.051)
    assert num(rec["ci_high"]) == pytest.approx(100 * high, abs=0.051)
    h = 2 * math.asin(math.sqrt(0.70)) - 2 * math.asin(math.sqrt(0.51))
    assert num(rec["cohens_h"]) == pytest.approx(h, abs=0.005)


def test_fisher_is_used_for_small_expected_counts(results):
    # 93% of 90 schools (84) vs 97% of 142 (138): 6 + 4 "no" answers, expected 3.9 < 5
    k1, n1, k2, n2 = 84, 90, 138, 142
    assert 10 * n1 / (n1 + n2) < 5
    rec = find(results, "t3_8", "zelf")
    assert rec["test"] == "Fisher's exact test"
    # two-sided Fisher by hand: sum of hypergeometric probabilities not above the observed one
    no, total = (n1 - k1) + (n2 - k2), n1 + n2

    def prob(x: int) -> float:
        return math.comb(n1, x) * math.comb(n2, no - x) / math.comb(total, no)

    observed = prob(n1 - k1)
    p = sum(prob(x) for x in range(0, no + 1) if prob(x) <= observed * (1 + 1e-7))
    assert num(rec["p_value"]) == pytest.approx(p, abs=5e-5)


def test_sign_test_and_multinomial_interval_by_hand(results):
    # bve: lwt better 32% vs worse 21% on beroepscompetenties, n = 129 respondents
    n, k1, k2 = 129, 41, 27  # 41.28 -> 41, 27.09 -> 27
    m = k1 + k2
    tail = sum(math.comb(m, i) for i in range(min(k1, k2) + 1)) / 2**m
    p = min(1.0, 2 * tail)
    q1, q2 = k1 / n, k2 / n
    half = Z95 * math.sqrt((q1 + q2 - (q1 - q2) ** 2) / n)
    rec = find(results, "t4_5", "beroepscompetenties")
    assert rec["test"] == "exact binomial (sign) test"
    assert num(rec["p_value"]) == pytest.approx(p, abs=5e-5)
    assert num(rec["ci_low"]) == pytest.approx(100 * (q1 - q2 - half), abs=0.051)
    assert num(rec["ci_high"]) == pytest.approx(100 * (q1 - q2 + half), abs=0.051)


def test_chi_square_by_hand(results):
    # t3_3: 2002/2003 55/39/6 of 85 vs 2004/2005 55/36/9 of 142
    table = [[47, 33, 5], [78, 51, 13]]  # 46.75, 33.15, 5.1 / 78.1, 51.12, 12.78
    rows_, cols = [sum(r) for r in table], [sum(c) for c in zip(*table, strict=True)]
    total = sum(rows_)
    stat = sum((table[i][j] - rows_[i] * cols[j] / total) ** 2 / (rows_[i] * cols[j] / total)
               for i in range(2) for j in range(3))
    p = math.exp(-stat / 2)  # chi-square with 2 degrees of freedom
    rec = find(results, "t3_3", "als in 2002/2003")
    assert num(rec["p_value"]) == pytest.approx(p, abs=5e-5)


# --------------------------------------------------------------------------- Holm


def holm_by_hand(ps: list[float]) -> list[float]:
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    out, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out


def test_holm_is_applied_over_the_whole_family(results):
    tested = results[results["p_value"] != ""]
    assert (results["p_holm"] != "").tolist() == (results["p_value"] != "").tolist()
    ps = [float(p) for p in tested["p_value"]]
    m = len(ps)
    assert m == len(results) - (results["verdict"] == "untestable").sum()
    tolerance = 5e-5 * (m + 1)  # p-values are stored to 4 decimals
    for expected, stored in zip(holm_by_hand(ps), tested["p_holm"], strict=True):
        assert float(stored) == pytest.approx(expected, abs=tolerance)
    # one family, not one per table: the second smallest raw p is multiplied by about m - 1
    raw = sorted(zip(ps, tested["p_holm"].astype(float), strict=True))
    p_raw, p_adj = next((p, a) for p, a in raw if p > 0.0005)
    assert p_adj >= min(1.0, p_raw * (m - len([q for q in ps if q < p_raw])) - tolerance)


def test_holm_adjusted_never_below_raw(results):
    tested = results[results["p_value"] != ""]
    assert (tested["p_holm"].astype(float) >= tested["p_value"].astype(float)).all()


# --------------------------------------------------------------------------- verdict rules


def expected_verdict(rec: dict) -> str:
    """The rule of the module docstring, written out again independently."""
    p_holm = num(rec["p_holm"])
    if p_holm is None:
        return "untestable"
    d, lo, hi = num(rec["difference_pp"]), num(rec["ci_low"]), num(rec["ci_high"])
    direction = rec["expected_direction"]
    if direction == "group1=group2":
        return "supported" if lo >= -10 and hi <= 10 else "not supported"
    if direction == "group1!=group2":
        return "supported" if p_holm < 0.05 else "not supported"
    wanted = 1 if direction == "group1>group2" else -1
    return "supported" if p_holm < 0.05 and d * wanted > 0 else "not supported"


def test_every_verdict_follows_from_its_numbers(results):
    for rec in results.to_dict("records"):
        assert rec["verdict"] == expected_verdict(rec), rec["test_id"]


def test_outcomes_are_consistent_with_verdicts(results):
    allowed = {
        "supported": {"confirmed", "equivalent"},
        "not supported": {"opposite", "not significant", "different", "inconclusive"},
        "untestable": {"untestable"},
    }
    for rec in results.to_dict("records"):
        assert rec["outcome"] in allowed[rec["verdict"]], rec["test_id"]
        p_holm = num(rec["p_holm"])
        if rec["outcome"] == "inconclusive":
            assert p_holm >= 0.05 and "Onbeslist" in rec["note"]
        if rec["outcome"] == "different":
            assert p_holm < 0.05
        if rec["outcome"] == "opposite":
            assert p_holm < 0.05


def test_tested_rows_have_interval_around_difference_and_rounding_check(results):
    for rec in results.to_dict("records"):
        if rec["verdict"] == "untestable":
            assert rec["rounding_robust"] == "" and rec["ci_low"] == ""
            assert "Niet toetsbaar" in rec["note"]
            continue
        lo, d, hi = num(rec["ci_low"]), num(rec["difference_pp"]), num(rec["ci_high"])
        assert lo <= hi and lo - 1.0 <= d <= hi + 1.0, rec["test_id"]
        assert rec["rounding_robust"] in ("true", "false")
        assert "afrondingsbereik" in rec["note"] or "afronding (" in rec["note"]
        assert 0 <= num(rec["p_value"]) <= 1


def test_untestable_means_no_n_or_no_spread(results, spec):
    merged = results.merge(spec[["test_id", "n1_source", "n2_source"]], on="test_id")
    for rec in merged[merged["verdict"] == "untestable"].to_dict("records"):
        assert rec["kind"] == "means" or "unknown" in (rec["n1_source"], rec["n2_source"])


def test_decide_rule_edges():
    decide = reanalysis.decide
    assert decide("group1=group2", 2.0, -9.9, 10.0, 0.001) == ("supported", "equivalent")
    assert decide("group1=group2", 5.0, -0.1, 10.1, 0.2) == ("not supported", "inconclusive")
    assert decide("group1=group2", 15.0, 10.1, 20.0, 0.01) == ("not supported", "different")
    assert decide("group1>group2", -5.0, -8.0, -2.0, 0.01) == ("not supported", "opposite")
    assert decide("group1<group2", -5.0, -8.0, -2.0, 0.05) == ("not supported", "not significant")
    assert decide("group1<group2", -5.0, -8.0, -2.0, 0.0499) == ("supported", "confirmed")
    assert decide("group1!=group2", 1.0, None, None, None) == ("untestable", "untestable")


def test_csv_is_well_formed():
    with RESULT_CSV.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    assert "\r" not in text and text.endswith("\n") and not text.startswith("\ufeff")
    rows = list(csv.reader(text.splitlines()))
    assert all(len(r) == len(COLUMNS) for r in rows)
    for rec in rows[1:]:
        for column in ("p_value", "p_holm"):
            value = rec[COLUMNS.index(column)]
            assert value == "" or re.fullmatch(r"[01]\.\d{4}", value)
    assert SPEC_CSV.read_text(encoding="utf-8").count("\r") == 0
