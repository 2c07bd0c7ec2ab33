"""The built site (`make book` first): captions, header cells, alt text, chapters in place."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import DATA, ROOT

pytestmark = pytest.mark.site

SITE = ROOT / "_build" / "html"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
PAGES = [entry["file"] for part in TOC.get("parts", []) for entry in part["chapters"]]
DESC = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r for r in DESC["resources"] if r.get("kind") == "report-table"]

#: Which book page carries the tables of a report section.
CHAPTER_PAGES = {"Management summary": "book/00_samenvatting", "1": "book/01_aanleiding",
                 "2": "book/02_leerlingen", "3": "book/03_vmbo_scholen",
                 "4": "book/04_bve_instellingen", "5": "book/05_leerbedrijven",
                 "6": "book/06_casestudies", "7": "book/07_conclusies",
                 "Bijlage I": "book/bijlage1"}
REPORT_PAGES = list(CHAPTER_PAGES.values())


def page_of(res: dict) -> str:
    section = res["section"]
    return CHAPTER_PAGES.get(section) or CHAPTER_PAGES[section.split(".")[0]]


@cache
def soup(page: str) -> BeautifulSoup:
    path = SITE / f"{page}.html"
    assert path.is_file(), f"{path} missing: run `make book` before the tests"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_part_of_the_report_is_in_the_book():
    assert [p for p in PAGES if p in REPORT_PAGES] == REPORT_PAGES


@pytest.mark.parametrize("res", TABLES, ids=lambda r: r["name"])
def test_table_appears_with_its_printed_caption(res):
    page = soup(page_of(res))
    captions = [c.get_text(" ", strip=True) for c in page.find_all("caption")]
    assert any(c == res["title"] or c.startswith(res["title"] + " (n=") for c in captions), \
        f"{res['title']!r} not among the captions of {page_of(res)}"
    link = page.find("a", href=re.compile(rf"/tables/{res['name']}\.csv$"))
    assert link is not None, "caption note links the table's CSV"
    assert (SITE / "data" / "tables" / f"{res['name']}.csv").is_file()


@pytest.mark.parametrize("page", PAGES)
def test_every_table_has_a_caption_and_header_cells(page):
    for table in soup(page).find_all("table"):
        if table.find_parent(class_="bd-sidebar") or "sidebar" in " ".join(
                table.get("class", [])):
            continue
        caption = table.find("caption")
        assert caption is not None and caption.get_text(strip=True), str(table)[:200]
        assert table.find("th") is not None, str(table)[:200]
        for th in table.find_all("th"):
            assert th.get_text(strip=True), f"empty header cell in {page}: {str(table)[:200]}"


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_real_alt_text(page):
    content = soup(page).find("main") or soup(page)
    for img in content.find_all("img"):
        alt = (img.get("alt") or "").strip()
        assert len(alt.split()) >= 5, f"{page}: alt text too short: {alt!r}"
        assert not re.search(r"\.(png|svg|jpe?g|gif)$|^[0-9a-f]{16,}", alt, re.I), alt


def test_data_package_is_downloadable_as_one_zip():
    import zipfile

    archive = SITE / "data" / "boeiend-en-bindend-data.zip"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    expected = {f"boeiend-en-bindend/{p.relative_to(DATA).as_posix()}"
                for p in DATA.rglob("*") if p.is_file()}
    assert names == expected
    assert "boeiend-en-bindend/datapackage.json" in names


def test_site_is_dutch_and_credits_the_report():
    index = soup("book/index")
    assert index.find("html")["lang"] == "nl"
    text = index.get_text(" ", strip=True)
    for needle in ("Vrieze", "ITS", "OCW", "2005", "uitvoerbare editie"):
        assert needle in text
