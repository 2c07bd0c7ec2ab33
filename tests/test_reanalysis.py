"""lwtbook.reanalysis: the committed results are current, the spec points at real cells and
names its rows in errors, every kind of test agrees with an independent computation (scipy /
statsmodels called here, on the report's own numbers), every design rule holds, and every
verdict follows from the numbers stored next to it."""

from __future__ import annotations

import csv
import math
import os
import re
from collections import defaultdict

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats as ss
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
)

import lwtbook
from lwtbook import reanalysis, settings
from lwtbook.reanalysis import COLUMNS, SPEC_COLUMNS, SpecError, load_spec
from lwtbook.reanalysis.select import select, select_distribution, select_groups

from .conftest import DATA

pytestmark = pytest.mark.data

RESULT_CSV = DATA / "derived" / "reanalysis.csv"
SPEC_CSV = DATA / "derived" / "reanalysis_spec.csv"
Z95 = 1.959963984540054
ALPHA = 0.05
#: (line, value) of every number the claims audit found in the report's prose.
AUDITED = {(int(r["line"]), r["value"]) for r in csv.DictReader(
    (DATA / "claims.csv").open(encoding="utf-8", newline=""))}
MARGIN_H = 0.2
MARGIN_W = 0.1


@pytest.fixture(scope="module")
def rows() -> dict[str, dict]:
    """The committed results as text (exactly what a reader downloads), by test id."""
    with RESULT_CSV.open(encoding="utf-8", newline="") as handle:
        return {r["test_id"]: r for r in csv.DictReader(handle)}


def num(text: str) -> float | None:
    return None if text == "" else float(text)


def near(pct: float, n: int) -> int:
    """The nearest whole count behind a printed percentage (halves up)."""
    return math.floor(pct * n / 100 + 0.5)


# --------------------------------------------------------------------------- not stale


def test_committed_csv_equals_a_fresh_run():
    fresh = reanalysis.to_csv_text(reanalysis.run(settings=settings.defaults()))
    assert RESULT_CSV.read_text(encoding="utf-8") == fresh, (
        "data/derived/reanalysis.csv is stale: run `python -m lwtbook.reanalysis`")


def test_columns_and_one_row_per_spec_row(rows):
    with RESULT_CSV.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == COLUMNS
    assert list(rows) == [r.test_id for r in load_spec()]


def test_ids_are_stable_and_new_rows_are_appended(rows):
    assert list(rows) == [f"H{i:02d}" for i in range(1, len(rows) + 1)]
    assert len(rows) > 71  # H01–H71 kept, new tests appended from H72


# --------------------------------------------------------------------------- the spec


def test_spec_header():
    with SPEC_CSV.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == SPEC_COLUMNS


def _section_span(section: str, lines: list[str]) -> tuple[int, int]:
    """1-based (first, last) line of a report section, from its heading in the text."""
    heading = re.compile(rf"^\s*{re.escape(section)} [A-Z]")
    any_heading = re.compile(r"^\s*\d\.\d+(\.\d)? [A-Z]")
    start = next(i for i, text in enumerate(lines) if i > 200 and heading.match(text))
    stop = next((i for i in range(start + 1, len(lines)) if any_heading.match(lines[i])),
                len(lines))
    return start + 1, stop


def _selectors(row) -> list[str]:
    return [s.strip() for g in (row.group1, row.group2) for s in g.split("|") if s.strip()]


@pytest.mark.parametrize("row", load_spec(), ids=lambda r: r.test_id)
def test_spec_row_lies_in_its_section_of_the_report(row, report_source):
    lines = report_source.lines
    first, last = _section_span(row.section, lines)
    assert first <= row.line <= last, "statement line lies outside its section"
    for selector in _selectors(row):
        prose = re.fullmatch(r"proza:(\d+)=(\d+)", selector)
        if prose:  # a number printed only in the text: on that line, or audited there
            line, value = int(prose.group(1)), prose.group(2)
            assert re.search(rf"\b{value}\b", lines[line - 1]) or (line, value) in AUDITED, (
                lines[line - 1])


@pytest.mark.parametrize("row", load_spec(), ids=lambda r: r.test_id)
def test_spec_row_points_at_real_cells(row):
    assert (DATA / "tables" / f"{row.table_id}.csv").is_file()
    for selector in _selectors(row):
        if selector.startswith("proza:") or selector.startswith("waarde:"):
            continue
        elif row.kind == "k-groups":
            assert len(select_groups(selector, row.table_id, row.answer_dim, row.exclude)) >= 2
        elif row.kind == "distribution":
            dist, _ = select_distribution(selector, row.table_id, row.answer_dim, row.exclude)
            assert len(dist) >= 2
        else:
            assert 0 <= select(selector, row.table_id).pct <= 100 or row.kind == "means"


def test_spec_errors_name_file_line_and_test(tmp_path):
    text = SPEC_CSV.read_text(encoding="utf-8").splitlines()
    broken = [text[0], text[1],
              text[2].replace("maat=percentage mannen", "maat=percentage jongens"), *text[3:]]
    assert broken != text
    path = tmp_path / "reanalysis_spec.csv"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"^reanalysis_spec\.csv:3: H02: .*'percentage jongens'"):
        reanalysis.run(load_spec(path))
    bad_kind = [text[0], *text[1:3], text[3].replace(",census,", ",censuss,"), *text[4:]]
    path.write_text("\n".join(bad_kind) + "\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"^reanalysis_spec\.csv:4: H03: design 'censuss'"):
        load_spec(path)
    duplicate = [text[0], text[1], text[1]]
    path.write_text("\n".join(duplicate) + "\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r":3: H01: duplicate test id \(first at line 2\)"):
        load_spec(path)


def test_selector_grammar_on_the_cell_selector():
    assert select("onderdeel=burgerschapsvorming; aandacht=weinig+enigszins+veel",
                  "t3_5").pct == 14 + 44 + 33
    mean = select("aspect=*; sector=groen", "t4_4")
    assert mean.pct == pytest.approx((67 + 38 + 44 + 44 + 38 + 31 + 19 + 13 + 40) / 9)
    assert select("branche=metaal*; meting=2004/2005", "t5_1").pct == 6
    other = select("t2_4: jaargroep=totaal; aspect=gymnastiek", "t3_5")
    assert (other.pct, other.table_id) == (62, "t2_4")
    assert select("proza:2941=22", "t5_6").how == "prose"
    assert select("waarde: 50", "t2_12").half_width == 0
    assert select("groep=totaal; reden=ik kon niet blijven", "t2_12").n_printed == 364
    with pytest.raises(LookupError, match="did you mean"):
        select("uitspraak=ik vind werken leuk; groep=totaal", "t2_5")
    with pytest.raises(LookupError, match="does not name"):
        select("groep=totaal", "t2_5")
    with pytest.raises(LookupError, match="matches 2"):
        select("uitspraak=het is*; groep=totaal", "t2_5")


# --------------------------------------------------------------------------- reference checks
# Each kind of test recomputed here with scipy / statsmodels on the report's printed numbers.


def test_two_independent_groups_z_test_and_newcombe(rows):
    rec = rows["H12"]  # Tabel 2.5: 70% of 954 lwt vs 51% of 210 control
    k1, k2 = near(70, 954), near(51, 210)
    assert rec["test"] == "z-two-proportions"
    assert num(rec["p_value"]) == pytest.approx(proportions_ztest([k1, k2], [954, 210])[1],
                                                abs=5e-5)
    low, high = confint_proportions_2indep(k1, 954, k2, 210, method="newcomb")
    assert (num(rec["ci_low"]), num(rec["ci_high"])) == pytest.approx(
        (100 * low, 100 * high), abs=0.051)
    assert num(rec["cohens_h"]) == pytest.approx(proportion_effectsize(0.70, 0.51), abs=0.005)
    assert num(rec["difference_pp"]) == 19.0


def test_fisher_for_small_expected_counts(rows):
    rec = rows["H32"]  # 93% of 90 vs 97% of 142 schools: 6 + 4 "no", expected 3.9
    k1, k2 = near(93, 90), near(97, 142)
    assert rec["test"] == "fisher"
    assert num(rec["p_value"]) == pytest.approx(
        ss.fisher_exact([[k1, 90 - k1], [k2, 142 - k2]]).pvalue, abs=5e-5)


def test_sample_against_census_is_a_one_sample_binomial_test(rows):
    rec = rows["H05"]  # ISP h&a: 1% of 1285 lwt pupils against 10% of the OCW census
    k = near(1, 1285)
    assert rec["test"] == "binomial" and rec["n2"] == ""
    assert num(rec["p_value"]) == pytest.approx(ss.binomtest(k, 1285, 0.10).pvalue, abs=5e-5)
    low, high = ss.binomtest(k, 1285).proportion_ci(method="wilson")
    assert num(rec["ci_low"]) == pytest.approx(100 * low - 10, abs=0.051)
    assert num(rec["ci_high"]) == pytest.approx(100 * high - 10, abs=0.051)


def test_census_distribution_is_a_goodness_of_fit_with_wellek(rows):
    rec = rows["H03"]
    t22 = lwtbook.load("t2_2")
    out = {"totaal", "landbouw groen", "ISP landbouw breed", "ISP handel & administratie"}
    lwt = t22[(t22["groep"] == "totaal onderzoek") & ~t22["afdeling"].isin(out)]
    ocw = t22[(t22["groep"] == "totaal basisberoepsgericht leerweg 2003/2004")
              & ~t22["afdeling"].isin(out)]
    keep = [(a, q) for a, q in zip(lwt["value"], ocw["value"], strict=True) if a or q]
    observed = np.array([near(a, 1285) for a, _ in keep])
    shares = np.array([q for _, q in keep]) / sum(q for _, q in keep)
    fit = ss.chisquare(observed, observed.sum() * shares)
    n = observed.sum()
    assert num(rec["cohens_w"]) == pytest.approx(math.sqrt(fit.statistic / n), abs=0.005)
    assert fit.pvalue < 1e-20  # the census comparison is far from "the same"
    assert num(rec["p_against"]) == pytest.approx(
        ss.ncx2.sf(fit.statistic, len(keep) - 1, n * MARGIN_W**2), abs=5e-5)
    shares_lwt = np.array([a for a, _ in keep]) / sum(a for a, _ in keep)
    assert num(rec["difference_pp"]) == pytest.approx(
        50 * np.abs(shares_lwt - shares).sum(), abs=0.051)
    assert rec["verdict"] == "contradicted"


def test_sign_test_for_two_answers_of_the_same_respondents(rows):
    rec = rows["H39"]  # bve: lwt better 32% vs worse 21% on beroepscompetenties, n = 129
    k1, k2 = near(32, 129), near(21, 129)
    assert rec["test"] == "sign"
    assert num(rec["p_value"]) == pytest.approx(ss.binomtest(k1, k1 + k2).pvalue, abs=5e-5)
    q1, q2 = k1 / 129, k2 / 129
    half = Z95 * math.sqrt((q1 + q2 - (q1 - q2) ** 2) / 129)
    assert num(rec["ci_low"]) == pytest.approx(100 * (q1 - q2 - half), abs=0.051)


def test_equivalence_of_two_answers_is_an_exact_binomial_tost(rows):
    rec = rows["H46"]  # the mean over nine aspects: 'better' against 'worse'
    t45 = lwtbook.load("t4_5")
    better = t45[t45["oordeel"] == "lwt-leerlingen beter"]["value"].mean()
    worse = t45[t45["oordeel"] == "lwt-leerling minder goed"]["value"].mean()
    k1, k2 = near(better, 129), near(worse, 129)
    lo = math.sin(math.pi / 4 - MARGIN_H / 2) ** 2
    hi = math.sin(math.pi / 4 + MARGIN_H / 2) ** 2
    tost = max(ss.binomtest(k1, k1 + k2, lo, alternative="greater").pvalue,
               ss.binomtest(k1, k1 + k2, hi, alternative="less").pvalue)
    assert rec["test"] == "tost-binomial"
    assert num(rec["p_value"]) == pytest.approx(tost, abs=5e-5)


def test_overall_test_across_groups_comes_first(rows):
    rec = rows["H02"]  # % boys in three year groups (n from Tabel 1.1), "varies"
    table = [[near(p, n), n - near(p, n)] for p, n in ((48, 234), (59, 569), (54, 439))]
    overall = ss.chi2_contingency(table, correction=False).pvalue
    assert num(rec["p_value"]) == pytest.approx(overall, abs=5e-5)
    widest = proportions_ztest([table[0][0], table[1][0]], [234, 569])[1]
    assert widest < overall  # the widest pair alone would look stronger: that is the point
    assert rec["p_followup"] == "" and rec["measure"] == "spreiding"


def test_most_least_claims_get_a_protected_follow_up(rows):
    rec = rows["H10"]  # 2004/2005 least convinced: 58% (355) vs 75% (172) and 76% (427)
    shares = {"2002/2003": (75, 172), "2003/2004": (76, 427), "2004/2005": (58, 355)}
    table = [[near(p, n), n - near(p, n)] for p, n in shares.values()]
    assert num(rec["p_value"]) == pytest.approx(
        ss.chi2_contingency(table, correction=False).pvalue, abs=5e-5)
    rival = table[0]  # the nearest group to 58% is 2002/2003 (75%)
    follow = proportions_ztest([table[2][0], rival[0]], [355, 172])[1]
    assert num(rec["p_followup"]) == pytest.approx(follow, abs=5e-5)
    assert num(rec["difference_pp"]) == 58 - 75


def test_small_sector_groups_get_simulated_and_exact_tests(rows):
    rec = rows["H36"]  # theoretische bagage by sector, n 43/32/32/17 derived from the prose
    ns = [43, 32, 32, 17]
    table = [[near(p, n), n - near(p, n)] for p, n in zip((83, 68, 63, 67), ns, strict=True)]
    assert rec["test"] == "chi-square-permutation"
    asymptotic = ss.chi2_contingency(table, correction=False).pvalue
    assert num(rec["p_value"]) == pytest.approx(asymptotic, abs=0.03)  # simulated, 10,000 draws
    fisher = ss.fisher_exact([table[0], table[1]]).pvalue
    assert num(rec["p_followup"]) == pytest.approx(fisher, abs=5e-5)


def test_noninferiority_tost_on_cohens_h(rows):
    rec = rows["H73"]  # level 2: lwt 76% of 590 against control 92% of 126
    k1, k2 = near(76, 590), near(92, 126)
    h = proportion_effectsize(k1 / 590, k2 / 126)
    se = math.sqrt(1 / 590 + 1 / 126)
    assert rec["test"] == "noninferiority"
    assert num(rec["p_value"]) == pytest.approx(ss.norm.sf((h + MARGIN_H) / se), abs=5e-5)
    assert num(rec["p_against"]) == pytest.approx(ss.norm.cdf((h + MARGIN_H) / se), abs=5e-5)


def test_two_sample_distribution_equivalence_is_wellek(rows):
    rec = rows["H71"]  # Tabel 5.10, expected number of places, 2002/2003 vs 2004/2005
    table = [[near(p, 198) for p in (10, 81, 9)], [near(p, 188) for p in (5, 81, 14)]]
    chi = ss.chi2_contingency(table, correction=False)
    n = sum(map(sum, table))
    assert rec["test"] == "equivalence-w"
    assert num(rec["p_value"]) == pytest.approx(
        ss.ncx2.cdf(chi.statistic, 2, n * MARGIN_W**2), abs=5e-5)


def test_printed_counts_are_used_as_counts(rows):
    rec = rows["H72"]  # Tabel 1.1 prints counts: lwt 234/569/439/43, control 39/95/69/7
    chi = ss.chi2_contingency([[234, 569, 439, 43], [39, 95, 69, 7]], correction=False)
    assert num(rec["p_value"]) == pytest.approx(
        ss.ncx2.cdf(chi.statistic, 3, 1495 * MARGIN_W**2), abs=5e-5)
    assert rec["rounding_robust"] == ""  # nothing was rounded


def test_one_share_against_a_half(rows):
    rec = rows["H74"]  # 'most left by choice': 46% + 21% of 364
    k = near(46, 364) + near(21, 364)
    assert num(rec["p_value"]) == pytest.approx(ss.binomtest(k, 364, 0.5).pvalue, abs=5e-5)
    assert num(rec["difference_pp"]) == 67 - 50


# --------------------------------------------------------------------------- design rules


def test_multiple_response_items_are_rebased_to_respondents(rows):
    for test_id in ("H64", "H65", "H66"):
        rec = rows[test_id]  # Tabel 5.8: printed per answer (287) in 2002/2003
        assert (rec["n1"], rec["n2"]) == ("207", "209")
        assert "omgerekend naar 207" in rec["note"] and "zoals gedrukt" in rec["note"]
    k1 = near(26, 287)  # 75 firms named the motive, of 207 firms
    assert num(rows["H64"]["share1"]) == pytest.approx(26 * 287 / 207, abs=0.051)
    assert num(rows["H64"]["difference_pp"]) == pytest.approx(26 * 287 / 207 - 61, abs=0.051)
    assert num(rows["H64"]["p_value"]) == pytest.approx(
        proportions_ztest([k1, near(61, 209)], [207, 209])[1], abs=5e-5)


def test_not_applicable_is_left_out_of_the_base(rows):
    rec = rows["H19"]  # Tabel 2.10: 14% kept, 14% n.v.t. of 168; 21% kept, 19% n.v.t. of 414
    n1, n2 = 168 - near(14, 168), 414 - near(19, 414)
    assert (int(rec["n1"]), int(rec["n2"])) == (n1, n2)
    assert num(rec["p_value"]) == pytest.approx(
        proportions_ztest([near(14, 168), near(21, 414)], [n1, n2])[1], abs=5e-5)
    assert "niet van toepassing" in rec["note"]


def test_different_units_and_overlapping_samples_are_described_not_tested(rows):
    for rec in rows.values():
        if rec["design"] in ("units", "overlap"):
            assert rec["verdict"] == "descriptive" and rec["p_value"] == "", rec["test_id"]
            assert rec["family"] == "", rec["test_id"]
    assert {rows[t]["design"] for t in ("H28", "H29", "H52", "H63")} == {"units"}
    assert {rows[t]["design"] for t in ("H08", "H09")} == {"overlap"}


def test_every_comparison_of_survey_rounds_notes_the_overlap(rows):
    rounds = [r for r in rows.values() if r["design"] == "rounds"]
    assert len(rounds) > 20
    for rec in rounds:
        assert "peiling" in rec["note"] and "onafhankelijk" in rec["note"], rec["test_id"]


def test_census_rows_are_one_sample_data_quality_checks(rows):
    census = [r for r in rows.values() if r["design"] == "census"]
    assert {r["test_id"] for r in census} == {"H03", "H04", "H05", "H06", "H07"}
    for rec in census:
        assert rec["role"] == "data-quality" and rec["family"] == "" and rec["n2"] == ""
        assert rec["test"] in ("binomial", "equivalence-w")


def test_exact_or_simulated_tests_for_small_groups(rows):
    for rec in rows.values():
        if rec["test"] in ("z-two-proportions",) and rec["n1"] and rec["n2"]:
            assert min(int(rec["n1"]), int(rec["n2"])) >= 50, rec["test_id"]
        small = re.search(r"n [=≈] 17\b", rec["comparison"])
        if rec["kind"] == "k-groups" and rec["p_value"] and small:
            assert rec["test"] in ("chi-square-permutation", "equivalence-w"), rec["test_id"]


def test_rounding_flag_compares_outcomes_not_only_verdicts(rows):
    """A robust row has both ends' p-values on the same side of alpha as its own p."""
    pattern = re.compile(r"aan de uiteinden (p [=<] [0-9,]+) en (p [=<] [0-9,]+)")

    def value(text: str) -> float:
        return float(text.split()[-1].replace(",", "."))

    checked = 0
    for rec in rows.values():
        if rec["rounding_robust"] == "true":
            ends = pattern.search(rec["note"])
            assert ends, rec["test_id"]
            own = num(rec["p_value"]) < ALPHA
            for end in ends.groups():
                if value(end) != ALPHA:  # printed to 3 decimals; 0,050 is ambiguous
                    assert (value(end) < ALPHA) == own, rec["test_id"]
            checked += 1
    assert checked > 30


def test_untestable_rows_say_why(rows):
    for rec in rows.values():
        if rec["verdict"] == "untestable":
            assert rec["p_value"] == "" and "Niet toetsbaar" in rec["note"], rec["test_id"]
            assert rec["kind"] == "means" or "n onbekend" in rec["comparison"]


# --------------------------------------------------------------------------- families


def test_holm_within_each_declared_family_and_bh_over_all(rows):
    families = defaultdict(list)
    for rec in rows.values():
        if rec["p_value"] and rec["family"] and rec["role"] == "claim":
            families[rec["family"]].append(rec)
        else:
            assert rec["p_adjusted"] == "", rec["test_id"]
    assert set(families) == {"leerlingen", "scholen", "bve", "leerbedrijven"}
    for members in families.values():
        raw = [num(r["p_value"]) for r in members]
        expected = multipletests(raw, method="holm")[1]
        tolerance = 5e-5 * (len(raw) + 1)  # p-values are stored to 4 decimals
        for rec, value in zip(members, expected, strict=True):
            assert num(rec["p_adjusted"]) == pytest.approx(value, abs=tolerance)
    tested = [r for r in rows.values() if r["p_value"]]
    bh = multipletests([num(r["p_value"]) for r in tested], method="fdr_bh")[1]
    for rec, value in zip(tested, bh, strict=True):
        assert num(rec["p_bh"]) == pytest.approx(value, abs=5e-5 * (len(tested) + 1))


def _family_sizes(rows) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    for rec in rows.values():
        if rec["p_adjusted"]:
            sizes[rec["family"]] += 1
    return sizes


def expected_verdict(rec: dict, sizes: dict[str, int]) -> str:
    """The verdict rule of lwtbook.reanalysis.verdicts, written out again independently."""
    if rec["design"] in ("units", "overlap"):
        return "descriptive"
    if rec["p_value"] == "":
        return "untestable"
    p = num(rec["p_adjusted"]) if rec["p_adjusted"] else num(rec["p_value"])
    d = num(rec["difference_pp"]) or 0.0
    direction = rec["expected_direction"]
    if direction in ("group1=group2", "group1>=group2", "equal"):
        if p < ALPHA:
            return "shown"
        factor = sizes.get(rec["family"], 1) if rec["p_adjusted"] else 1
        return "contradicted" if num(rec["p_against"]) * factor < ALPHA else "inconclusive"
    if direction in ("group1!=group2", "varies"):
        return "shown" if p < ALPHA else "not-shown"
    if direction in ("max", "min"):
        follow = num(rec["p_followup"])
        if p >= ALPHA or follow >= ALPHA:
            return "not-shown"
        return "shown" if (d > 0) == (direction == "max") else "contradicted"
    if p >= ALPHA:
        return "not-shown"
    return "shown" if (d > 0) == (direction == "group1>group2") else "contradicted"


def test_every_verdict_follows_from_its_numbers(rows):
    sizes = _family_sizes(rows)
    for rec in rows.values():
        assert rec["verdict"] == expected_verdict(rec, sizes), rec["test_id"]


def test_verdict_codes_and_headline_counts(rows):
    found = reanalysis.counts()
    assert list(found) == list(reanalysis.VERDICTS)
    for code, n in found.items():
        assert n == sum(r["verdict"] == code for r in rows.values())
    assert sum(found.values()) == len(rows)


def test_every_tested_row_has_an_interval_or_a_size(rows):
    for rec in rows.values():
        if rec["p_value"] == "":
            continue
        assert 0 <= num(rec["p_value"]) <= 1
        if rec["measure"] == "pp":
            lo, d, hi = num(rec["ci_low"]), num(rec["difference_pp"]), num(rec["ci_high"])
            assert lo <= hi and lo - 1.0 <= d <= hi + 1.0, rec["test_id"]
        else:
            assert num(rec["difference_pp"]) >= 0 and rec["ci_low"] == "", rec["test_id"]


# --------------------------------------------------------------------------- settings, cache


def test_changed_settings_run_fresh_and_change_verdicts_without_touching_files(rows):
    before = RESULT_CSV.stat().st_mtime_ns
    assert reanalysis.result("H55").verdict == rows["H55"]["verdict"] == "shown"
    with settings.use(alpha=0.01):
        assert reanalysis.result("H55").verdict == "not-shown"  # p(Holm) 0.026
    with settings.use(family="all"):
        frame = reanalysis.results()
        tested = frame[frame["p_value"].notna()]
        expected = multipletests(list(tested["p_value"]), method="holm")[1]
        assert list(tested["p_adjusted"]) == pytest.approx(list(expected),
                                                           abs=5e-5 * (len(tested) + 1))
    assert reanalysis.result("H55").verdict == "shown"
    assert RESULT_CSV.stat().st_mtime_ns == before


def test_an_edited_copy_of_the_data_is_seen(data_copy, monkeypatch):
    path = data_copy / "tables" / "t2_5.csv"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines()
                if x.startswith("ik heb genoeg beroepsvaardigheden") and "controlegroep" in x)
    path.write_text(text.replace(line, line.replace(",51,", ",31,")), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    monkeypatch.setenv("LWTBOOK_DATA", str(data_copy))
    assert reanalysis.result("H12").difference_pp == pytest.approx(70 - 31)
    monkeypatch.delenv("LWTBOOK_DATA")
    assert reanalysis.result("H12").difference_pp == pytest.approx(70 - 51)


# --------------------------------------------------------------------------- presentation


def test_result_record_and_dutch_phrase(rows):
    r = reanalysis.result("H12")
    assert (r.line, r.n1, r.difference_pp, r.rounding_robust) == (851, 954, 19.0, True)
    assert r.verdict_nl == "gedragen" and r.test_nl == "z-toets voor twee proporties"
    assert r.anchor == "toets-h12" and r.link == "herberekening.html#toets-h12"
    assert r.phrase() == (f"{lwtbook.fmt.difference(r.difference_pp)} procentpunt (95%-BI "
                          f"{lwtbook.fmt.interval(r.ci_low, r.ci_high)}; "
                          f"{lwtbook.fmt.p_value(r.p_value)}; na Holm-correctie in de familie "
                          f"{lwtbook.fmt.p_value(r.p_adjusted)}) – gedragen")
    with pytest.raises(LookupError, match=r"did you mean .*H12"):
        reanalysis.result("H120")


def test_tests_table_is_compact_dutch_and_anchored():
    table = reanalysis.tests_table(["H12", "H55", "H03"], caption="Toetsen", anchor="t-x")
    html = table.to_html()
    assert len(table.frame.columns) == 5 and 'id="toets-h12"' not in html
    assert "p na Holm-correctie" in html and "gedragen" in html and "<caption" in html
    assert re.search(r"\d\.\d{1,2}(?!\d)", table.frame.to_string()) is None  # no 0.05
    anchored = reanalysis.tests_table(["H12", "H55"], caption="Toetsen", anchor="t-y", ids=True,
                                      row_anchors=True).to_html()
    assert '<tr id="toets-h12"' in anchored and '<tr id="toets-h55"' in anchored
    named = reanalysis.tests_table(["H12", "H19"], caption="Toetsen", anchor="t-z",
                                   statements=True)
    first = named.frame.iloc[:, 0].tolist()
    assert len(named.frame.columns) == 5
    for cell, test_id in zip(first, ["H12", "H19"], strict=True):
        row = reanalysis.result(test_id)
        assert cell == f"{row.claim}: {row.comparison}" and test_id not in cell


def test_forest_figure_uses_no_pyplot_state():
    import matplotlib.pyplot as plt

    import lwtbook.plots  # noqa: F401  (today it still picks the backend on import)

    figures = plt.get_fignums()
    params = dict(matplotlib.rcParams)
    fig = reanalysis.forest_figure(["H10", "H12", "H55", "H73"])
    assert plt.get_fignums() == figures and dict(matplotlib.rcParams) == params
    assert len(fig.axes[0].get_yticklabels()) == 4


def test_csv_is_well_formed():
    text = RESULT_CSV.read_text(encoding="utf-8")
    assert "\r" not in text and text.endswith("\n") and not text.startswith("\ufeff")
    frame = pd.read_csv(RESULT_CSV, dtype=str, keep_default_na=False)
    for column in ("p_value", "p_adjusted", "p_bh", "p_followup", "p_against"):
        assert frame[column].str.fullmatch(r"|[01]\.\d{4}").all(), column
    assert set(frame["verdict"]) <= set(reanalysis.VERDICTS)
    assert SPEC_CSV.read_text(encoding="utf-8").count("\r") == 0
