"""The study design (data/design.csv) as chapter 1 and the summaries read it, and the table of
audited statements a chapter can show (lwtbook.design, claims_table)."""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from bs4 import BeautifulSoup

import lwtbook.book as bk
from lwtbook import design
from lwtbook.claims import get
from lwtbook.plots import WIDE

from .conftest import DATA

pytestmark = pytest.mark.data


def rows() -> list[dict[str, str]]:
    with (DATA / "design.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_row_of_the_file_is_a_step_with_its_number():
    steps = design.steps()
    assert [(s.groep, s.stap) for s in steps] == [(r["groep"], r["stap"]) for r in rows()]
    assert [s.value for s in steps] == [float(r["value"]) for r in rows()]
    assert {s.groep for s in steps} == set(design.GROUPS)


def test_numbers_read_the_dutch_way():
    # 1.4.1 of the report: 1.285 pupils called, a response of 64 percent
    assert design.value("lwt-leerlingen", "gebeld") == 1285
    assert design.text("lwt-leerlingen", "gebeld") == "1.285"
    assert design.text("lwt-leerlingen", "responspercentage") == "64%"


def test_approximations_keep_the_reports_word():
    assert design.step("leerbedrijven", "gebeld (eerste ronde)").approx == "zo'n"
    assert design.step("bve-instellingen", "namen verzameld").approx == "meer dan"
    assert design.step("leerbedrijven", "gebeld").approx == ""


def test_an_unknown_step_names_the_close_ones():
    with pytest.raises(LookupError, match="did you mean 'gebeld'"):
        design.step("lwt-leerlingen", "gebelt")
    with pytest.raises(LookupError, match="no group"):
        design.step("ouders", "gebeld")


@pytest.mark.parametrize(("column", "bad", "message"), [
    ("value", "veel", r"design\.csv:3: column 'value': 'veel' is not a number"),
    ("eenheid", "procent", r"design\.csv:3: column 'eenheid'"),
    ("stap", "aangeschreven", r"design\.csv:3: columns 'groep', 'stap'.*twice"),
])
def test_bad_input_names_file_row_and_column(tmp_path, column, bad, message):
    shutil.copy(DATA / "design.csv", tmp_path / "design.csv")
    data = rows()
    data[1][column] = bad  # the second data row: line 3 of the file
    with (tmp_path / "design.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    with pytest.raises(ValueError, match=message):
        design.steps(tmp_path)


def test_response_rates_are_the_printed_percentages_split_by_their_base():
    against_approached = design.response_rates()
    against_ocw = design.response_rates(ocw=True)
    printed = [r for r in rows() if r["eenheid"] == "%"]
    assert len(against_approached) + len(against_ocw) == len(printed)
    assert all("OCW" in s.stap for s in against_ocw)
    assert not any("OCW" in s.stap for s in against_approached)
    assert {s.groep for s in against_approached} >= {"lwt-leerlingen", "bve-instellingen"}


def test_funnel_chart_draws_every_step_and_the_targets():
    groups = ["controlegroep", "leerbedrijven"]
    fig = design.funnel_chart(groups).draw(WIDE)
    assert len(fig.axes) == len(groups)
    for ax, g in zip(fig.axes, groups, strict=True):
        widths = sorted(p.get_width() for p in ax.patches if p.get_width())
        assert widths == sorted(design.value(g, s) for s in design.FUNNELS[g])
        dashed = [ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "--"]
        assert dashed == [design.value(g, design.TARGETS[g])]
    texts = {t.get_text().strip() for t in fig.axes[1].texts}
    assert "zo'n 140" in texts


def test_design_table_groups_rows_by_respondent_group():
    table = bk.design.design_table(caption="Tabel 1.A – opzet", anchor="tabel-1-a")
    soup = BeautifulSoup(table.to_html(), "html.parser")
    groups = soup.select('th[scope="rowgroup"]')
    assert [g.get_text() for g in groups] == list(design.GROUPS)
    assert sum(int(g["rowspan"]) for g in groups) == len(rows()) == len(soup.select("tbody tr"))
    first = soup.select("tbody tr")[0].find_all("td")
    assert first[2].get_text() == rows()[0]["regel"]
    assert soup.select_one("a[download]")["href"] == "../data/design.csv"


def test_claims_table_links_each_verdict_and_shows_no_ids():
    ids = ["A064", "A094"]
    table = bk.claims_table(ids, caption="Tabel 1.B – respons", anchor="tabel-1-b")
    soup = BeautifulSoup(table.to_html(), "html.parser")
    assert [a["href"] for a in soup.select("tbody a")] == [get(i).href for i in ids]
    assert [a.get_text() for a in soup.select("tbody a")] == [get(i).verdict_nl for i in ids]
    assert not re.search(r"\b[AB]\d{3}\b", soup.get_text())
    # 166 of 322 schools: shown as the audit keeps it (51.55), in Dutch, not rounded again
    assert soup.select("tbody tr")[0].find_all("td")[1].get_text() == "51,55"


def test_funnel_titles_wrap_on_a_phone_and_the_scale_reads_dutch():
    from lwtbook.plots import NARROW

    fig = design.funnel_chart(list(design.GROUPS)).draw(NARROW)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert [t.replace("\n", " ") for t in titles] == list(design.GROUPS)
    assert any("\n" in t for t in titles)  # "vmbo-scholen (schriftelijke vragenlijst)"
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[-1].get_xticklabels()]
    assert "1.000" in ticks and "1000" not in ticks
