"""The register of the report's inconsistencies: exact rounding probabilities, a scan that
finds each tier, and every declared finding still holding in the data."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from lwtbook import register, rounding
from lwtbook.cells import Cell
from lwtbook.register import Finding, declared, reconcile, scan, scan_folder

from .conftest import DATA

pytestmark = pytest.mark.data

SCAN = scan_folder(DATA)
DECLARED = declared(DATA / "anomalies.csv")


# --- rounding ------------------------------------------------------------------------------

def test_irwin_hall_tail_matches_the_closed_form_in_the_corner():
    """For n errors uniform on [-1/2, 1/2], P(S >= n/2 - t) = t^n / n! when t <= 1."""
    n = 8
    errors = [rounding.error_of(0.5)] * n
    assert rounding.tail(errors, 3) == pytest.approx(2 / math.factorial(n))
    assert rounding.tail(errors, 3.5) == pytest.approx(2 * 0.5 ** n / math.factorial(n))
    assert rounding.tail(errors, 0) == 1.0
    assert rounding.tail(errors, 4) == 0.0


def test_two_errors_give_the_triangular_distribution():
    errors = [rounding.error_of(0.5)] * 2
    for d in (0.1, 0.5, 0.9):
        assert rounding.tail(errors, d) == pytest.approx((1 - d) ** 2)
    assert rounding.bound(errors, 0.01) == pytest.approx(0.9, abs=1e-6)


def test_a_printed_zero_errs_one_way_and_a_dash_not_at_all():
    zero = rounding.error_of(0.5, printed_zero=True)
    assert zero == (Fraction(-1, 2), Fraction(0))
    assert rounding.error_of(0.5, dash=True) == (0, 0)
    # one shifted error: S = U - 1/4 with U uniform on [-1/4, 1/4]; P(|S| >= 1/4) = 1/2
    assert rounding.tail([zero], 0.25) == pytest.approx(0.5)
    assert rounding.cdf([zero], -0.5) == 0 and rounding.cdf([zero], 0) == 1


def test_bound_inverts_tail():
    errors = [rounding.error_of(0.5)] * 5 + [rounding.error_of(0.05)] * 3
    c = rounding.bound(errors, 0.01)
    assert rounding.tail(errors, c) == pytest.approx(0.01, rel=1e-3)
    with pytest.raises(ValueError):
        rounding.bound(errors, 0)


def test_weighted_errors_scale():
    errors = [rounding.error_of(0.5, scale=Fraction(1, 3))] * 3  # a mean of three cells
    assert rounding.tail(errors, 0.5) == pytest.approx(0.0)  # |mean error| <= 1/2
    assert rounding.tail(errors, Fraction(1, 3)) == pytest.approx(
        rounding.tail([rounding.error_of(0.5)] * 3, 1))


# --- the declared register ------------------------------------------------------------------

@pytest.mark.parametrize("row", DECLARED, ids=lambda r: f"{r['tier']}-{r['table_id']}-{r['cells']}")
def test_each_declared_finding_still_holds(row):
    found = {f.key: f for f in SCAN.findings}
    key = (row["tier"], row["table_id"], row["check"], row["cells"])
    assert key in found, key
    f = found[key]
    assert f.size == pytest.approx(float(row["size"]), abs=1e-6)
    if row["probability"]:
        assert f.probability == pytest.approx(float(row["probability"]), rel=5e-3, abs=1e-12)
    else:
        assert f.probability is None
    assert row["note"], "every finding carries our reading"


def test_the_scan_finds_exactly_the_declared_entries():
    assert reconcile(SCAN.findings, DECLARED) == []
    assert len(SCAN.findings) == len(DECLARED)


def test_every_tier_is_represented_and_what_was_tested_is_counted():
    counts = register.counts(SCAN)
    assert set(counts) == set(register.TIERS)
    assert all(counts[t] >= 1 for t in register.TIERS)
    tested = register.tested(SCAN)
    assert tested["groups"] > 200 and tested["pairs"] > 20


def test_known_cases():
    keys = {(f.tier, f.table_id) for f in SCAN.findings}
    assert ("impossible", "t3_13") in keys      # 64 + 29 + 4 = 97
    assert ("grim", "t2_1") in keys             # 67 % of 7 pupils
    assert ("bases", "t5_8") in keys            # n = 418 answers from 209 firms
    assert ("between-tables", "t2_7") in keys   # sector shares against Tabel 2.2
    assert ("labelling", "t2_3") in keys        # a control group the table does not print


# --- each tier on a small invented table -------------------------------------------------------

def cell(table, line, value, n=None, text=None, **key):
    return Cell(table, tuple(key.items()), float(value), text or str(value), n, line)


def resource(name, title="Tabel X – iets, in percentages", checks=(), unit="%", **extra):
    fields = [{"name": d} for d in ("rij", "kolom")] + [{"name": "value"}, {"name": "n"}]
    return {"name": name, "title": title, "unit": unit, "checks": list(checks),
            "schema": {"fields": fields}, **extra}


SUM = {"id": "sum-kolom", "rule": "sum", "over": "kolom", "equals": 100}


def test_impossible_and_improbable_sums():
    values = [20, 20, 20, 16, 10, 5, 3, 3]  # 97: within the ±4 interval arithmetic allows
    cells = {"tx": [cell("tx", i + 2, v, rij="a", kolom=f"k{i}") for i, v in enumerate(values)]}
    result = scan(cells, {"tx": resource("tx", checks=[SUM])})
    (f,) = result.findings
    assert (f.tier, f.size) == ("improbable", -3)
    assert f.probability == pytest.approx(2 / math.factorial(8))  # Irwin–Hall corner
    cells["tx"][0] = cell("tx", 2, 18, rij="a", kolom="k0")  # 95: beyond ±4
    (f,) = scan(cells, {"tx": resource("tx", checks=[SUM])}).findings
    assert (f.tier, f.size, f.probability) == ("impossible", -5, 0.0)


def test_a_printed_zero_and_a_dash_change_the_probability():
    values = [33, 33, 33, 0]
    cells = {"tx": [cell("tx", i + 2, v, rij="a", kolom=f"k{i}") for i, v in enumerate(values)]}
    p_zero = scan(cells, {"tx": resource("tx", checks=[SUM])}).groups_tested
    assert p_zero == 1
    dev = register._deviation(SUM, {c.get("kolom"): c for c in cells["tx"]}, cells["tx"], set())
    assert dev is not None
    with_dash = register._deviation(SUM, {c.get("kolom"): c for c in cells["tx"]}, cells["tx"],
                                    {cells["tx"][3].key})
    assert rounding.tail(dev[1], -1) > rounding.tail(with_dash[1], -1)


def test_grim_needs_a_small_base():
    cells = {"tx": [cell("tx", 2, 67, n=7, rij="a", kolom="x"),
                    cell("tx", 3, 71, n=7, rij="b", kolom="x"),
                    cell("tx", 4, 67, n=300, rij="c", kolom="x")]}
    (f,) = scan(cells, {"tx": resource("tx")}).findings
    assert (f.tier, f.cells) == ("grim", "rij=a; kolom=x")
    assert "4/7 = 57.1, 5/7 = 71.4" in f.evidence


def test_bases_of_a_multi_answer_table():
    title = "Tabel X – motieven, meer antwoorden mogelijk, in percentages"
    single = {"t9_2": [cell("t9_2", 2, 100, n=100, rij="r", kolom="2004/2005")]}
    rows = [("a", "2002/2003", 50, 150), ("b", "2002/2003", 30, 150),
            ("c", "2002/2003", 20, 150), ("a", "2004/2005", 90, 210),
            ("b", "2004/2005", 60, 210), ("c", "2004/2005", 40, 210)]
    multi = [cell("t9_1", i + 2, v, n=n, rij=r, kolom=k) for i, (r, k, v, n) in enumerate(rows)]
    cells = {"t9_1": multi, **single}
    res = {"t9_1": resource("t9_1", title=title), "t9_2": resource("t9_2")}
    found = {(f.tier, f.check) for f in scan(cells, res).findings}
    assert ("bases", "columns-on-different-bases") in found
    # 210 answers against at most 100 respondents in that survey and wave
    assert ("bases", "n-above-respondents") in found


def test_identical_distributions_on_different_bases():
    shares = [("goed", 74), ("voldoende", 24), ("onvoldoende", 2)]
    cells = {"tx": [cell("tx", i + 2, v, n=n, rij=r, kolom=k)
                    for i, ((r, v), (k, n)) in enumerate(
                        [(s, c) for c in (("school", 183), ("leerling", 196)) for s in shares])]}
    findings = [f for f in scan(cells, {"tx": resource("tx")}).findings
                if f.tier == "repetition"]
    assert len(findings) == 1
    assert 0 < findings[0].probability < 0.05


def test_labelling_of_a_title():
    title = "Tabel X – Knelpunten (gesorteerd op de antwoordcategorie groot), in percentages"
    cells = {"tx": [cell("tx", 2, 10, rij="a", kolom="groot"),
                    cell("tx", 3, 20, rij="b", kolom="groot")]}
    (f,) = scan(cells, {"tx": resource("tx", title=title)}).findings
    assert (f.tier, f.check) == ("labelling", "title-sorted")
    title = "Tabel X – lwt en controlegroep, in percentages"
    (f,) = scan(cells, {"tx": resource("tx", title=title)}).findings
    assert (f.tier, f.check) == ("labelling", "title-group")


def test_a_broken_correspondence_between_tables(data_copy):
    """Tabel 5.2 groups Tabel 5.1's branches: moving a firm's share breaks it."""
    path = data_copy / "tables" / "t5_1.csv"
    text = path.read_text(encoding="utf-8")
    old = "horeca,2004/2005,4,"
    assert old in text
    path.write_text(text.replace(old, "horeca,2004/2005,9,"), encoding="utf-8")
    result = scan_folder(data_copy)
    hits = [f for f in result.findings if f.check == "branches-to-sectors"]
    assert [f.cells for f in hits] == ["sector=economie; meting=2004/2005"]
    assert hits[0].size == pytest.approx(-5)


def test_reconcile_reports_both_directions():
    f = Finding("grim", "tx", "grim", "rij=a", ("tx",), "…", -4.4, None, 7)
    row = {"tier": "grim", "table_id": "tx", "check": "grim", "cells": "rij=b", "size": "1",
           "probability": "", "_row": "3"}
    problems = reconcile([f], [row])
    assert [(p[0], p[1], p[2]) for p in problems] == [("anomalies", 3, "check"),
                                                     ("table", 7, "value")]
