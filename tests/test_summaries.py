"""The summaries' helpers: English numbers and verdicts, the study design, growth as an index,
the audit's and the re-analysis's counts – and that every page glues a count under one name
with one value (issue 13 item 3: the summaries' counts are those of the audit pages)."""

from __future__ import annotations

import ast
import csv
import json
import re
from collections import defaultdict
from functools import cache

import pytest

from lwtbook import english, vocab
from lwtbook.book import audit_counts, design, index_table, reanalysis_counts

from .conftest import DATA, ROOT

BOOK = ROOT / "book"

#: Glue names of counts that several pages show (the audit's, the re-analysis's and the data
#: package's).
SHARED_COUNT = re.compile(r"^(cc|hb)_n(_|$)|^dm_(tabellen|grafieken|getallen|afwijkingen)$")


@pytest.mark.unit
@pytest.mark.parametrize(("value", "expected"), [
    (1285, "1,285"), (62185, "62,185"), (15.9, "15.9"), (0.5, "0.5"), (-16.4, "−16.4"),
    (None, ""),
])
def test_english_numbers(value, expected):
    assert english.number(value) == expected


@pytest.mark.unit
def test_english_percent_difference_interval_and_p():
    assert english.percent(15.94, 1) == "15.9%"
    assert english.percent(70) == "70%"
    assert english.difference(19) == "+19.0"
    assert english.difference(-16.04) == "−16.0"
    assert english.interval(11.7, 26.4) == "11.7 to 26.4"
    assert english.interval(None, 3) == ""
    assert english.p_value(0.0123) == "p = 0.012"
    assert english.p_value(0.00002) == "p < 0.001"
    assert english.p_value(1.0) == "p = 1.000"


@pytest.mark.unit
def test_english_verdicts_cover_every_dutch_verdict():
    assert set(english.REANALYSIS_VERDICTS) == set(vocab.REANALYSIS_VERDICTS)
    assert set(english.CLAIM_VERDICTS) == set(vocab.CLAIM_VERDICTS)
    # one English word per Dutch word: two verdicts never share a translation
    assert len(set(english.REANALYSIS_VERDICTS.values())) == len(english.REANALYSIS_VERDICTS)
    assert len(set(english.CLAIM_VERDICTS.values())) == len(english.CLAIM_VERDICTS)


def _numbers(text: str, *, dutch: bool) -> list[str]:
    """The numbers of a phrase, written one way (Dutch separators turned English)."""
    found = re.findall(r"[+−]?\d+(?:[.,]\d+)*", text)
    if dutch:
        found = [n.replace(".", "\x00").replace(",", ".").replace("\x00", ",") for n in found]
    return found


@pytest.mark.data
def test_english_phrase_of_every_row_says_what_the_dutch_phrase_says():
    from lwtbook import reanalysis

    for test_id in reanalysis.results()["test_id"]:
        r = reanalysis.result(test_id)
        en, nl = english.phrase(r), r.phrase()
        assert _numbers(en, dutch=False) == _numbers(nl, dutch=True), test_id
        verdict = english.REANALYSIS_VERDICTS[r.verdict]
        assert en == verdict or en.endswith(" – " + verdict), test_id
        assert (nl == r.verdict_nl) == (en == verdict), test_id


@pytest.mark.data
def test_design_value_reads_the_design_table():
    with (DATA / "design.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert design.value(row["groep"], row["stap"]) == float(row["value"])
    with pytest.raises(LookupError, match=r"design\.csv: no group 'bve-instelingen'; did you "
                                          r"mean 'bve-instellingen'"):
        design.value("bve-instelingen", "respons")
    with pytest.raises(LookupError, match=r"design\.csv: .*did you mean 'respons'"):
        design.value("bve-instellingen", "respon")


@pytest.mark.data
def test_index_table_expresses_each_series_in_its_first_year():
    keep = ["lwt-leerlingen aoc's", "vmbo-scholen"]
    frame = index_table(keep=keep)
    assert list(dict.fromkeys(frame["maat"])) == keep
    with (DATA / "tables" / "t_summary.csv").open(encoding="utf-8", newline="") as handle:
        printed = {(r["schooljaar"], r["maat"]): float(r["value"]) for r in csv.DictReader(handle)}
    for rec in frame.to_dict("records"):
        first = printed[("2002/2003", rec["maat"])]
        assert rec["index"] == pytest.approx(100 * printed[(rec["schooljaar"], rec["maat"])]
                                             / first)
    assert set(frame.loc[frame["schooljaar"] == "2002/2003", "index"]) == {100.0}
    with pytest.raises(ValueError, match="no \\(non-zero\\) value in 1999/2000"):
        index_table(base="1999/2000")
    with pytest.raises(LookupError, match="no maat 'scholen'"):
        index_table(keep=["scholen"])


@pytest.mark.data
def test_counts_are_those_of_the_audit_and_the_reanalysis():
    from lwtbook import reanalysis
    from lwtbook.claims.present import counts
    from lwtbook.claims.records import records

    cc = audit_counts()
    assert {k: str(v) for k, v in cc.items()} == {
        k: v.replace(".", "") for k, v in counts().items() if k in cc}
    verdicts = [c.verdict for c in records()]
    assert cc["cc_n"] == len(verdicts)
    assert cc["cc_n_fits"] == verdicts.count("fits")
    hb = reanalysis_counts()
    frame = reanalysis.results()
    assert hb["hb_n_tests"] == len(frame)
    for code in vocab.REANALYSIS_VERDICTS:
        assert hb[f"hb_n_{code.replace('-', '_')}"] == int((frame["verdict"] == code).sum())


@cache
def glued() -> dict[str, dict[str, str]]:
    """name -> {notebook: glued text} for every count glued under a shared name."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(BOOK.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for c in nb["cells"]:
            for o in c.get("outputs", []):
                name = o.get("metadata", {}).get("scrapbook", {}).get("name", "")
                if SHARED_COUNT.match(name):
                    text = o["data"].get("application/papermill.record/text/plain", "")
                    out[name][path.name] = ast.literal_eval(text) if text else ""
    return out


@pytest.mark.unit
def test_the_summaries_glue_the_audit_counts():
    for page in ("00_samenvatting.ipynb", "summary_en.ipynb"):
        names = {name for name, pages in glued().items() if page in pages}
        assert {"cc_n", "cc_n_fits", "hb_n_tests", "hb_n_shown"} <= names, page


@pytest.mark.unit
def test_a_count_glued_on_several_pages_has_one_value():
    for name, pages in glued().items():
        digits = {page: re.sub(r"[^\d]", "", text) for page, text in pages.items()}
        assert len(set(digits.values())) == 1, f"{name} differs between pages: {pages}"


#: A p-value written the English way: "p = 0.012", "p (equivalence test) < 0.001".
P_ENGLISH = re.compile(r"\bp(?:\s*\([^)]{1,40}\))?\s*(?:=|<)\s*\d+\.\d+")


@pytest.mark.site
def test_the_english_page_shows_each_test_as_its_row():
    from bs4 import BeautifulSoup

    from lwtbook import reanalysis

    path = ROOT / "_build" / "html" / "book" / "summary_en.html"
    assert path.is_file(), f"{path} missing: run `make book` before the tests"
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
    spans = article.select("span.lwt-test-en[data-test]")
    assert len(spans) >= 5
    for span in spans:
        row = reanalysis.result(span["data-test"])
        assert span.get_text() == english.phrase(row), span["data-test"]
        assert span.find_parent(attrs={"lang": "en"}) is not None, span["data-test"]
    for span in spans:
        span.decompose()
    stray = P_ENGLISH.findall(" ".join(article.get_text(" ").split()))
    assert not stray, f"p-values outside a test's phrase: {stray}"
