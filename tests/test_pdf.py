"""The PDF edition (issue 17): `make book` prints it into the site; these tests read it with
poppler-utils (pdfinfo, pdftotext, pdffonts) and pikepdf, and compare it with the built pages,
_toc.yml, the data package and CITATION.cff. The builder itself: tests/test_pdf_builder.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from functools import cache
from pathlib import Path

import pikepdf
import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import DATA, ROOT

SITE = ROOT / "_build" / "html"
PDF = SITE / "_downloads" / "pdf" / "boeiend-en-bindend.pdf"
PRINT_HTML = ROOT / "_build" / "pdf" / "boeiend-en-bindend.html"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
PAGES = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
TABLES = [r for r in json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
          ["resources"] if r.get("kind") == "report-table"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.site


def poppler(tool: str, *args: str) -> str:
    exe = shutil.which(tool)
    assert exe, f"{tool} missing: apt-get install -y poppler-utils (make test does this as root)"
    return subprocess.run([exe, *args], check=True, capture_output=True, text=True).stdout


@cache
def built() -> Path:
    assert PDF.is_file(), f"{PDF} missing: run `make book` (or `make pdf`)"
    return PDF


@cache
def info() -> dict[str, str]:
    return dict(line.split(":", 1) for line in poppler("pdfinfo", str(built())).splitlines()
                if ":" in line)


@cache
def page_texts() -> list[str]:
    """The text of each page, laid out as printed (one string per page)."""
    return poppler("pdftotext", "-layout", "-enc", "UTF-8", str(built()), "-").split("\f")[:-1]


def flat(text: str) -> str:
    """*text* as one line: words hyphenated at a line end joined, runs of space made one."""
    text = text.replace("\u00ad\u2010\n", "").replace("\u00ad", "")
    text = re.sub(r"(?<=\w-)\n\s*", "", text)  # "lwt-" at a line end, "leerlingen" below
    return " ".join(text.split())


@cache
def outline() -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, page, [(title, page) of its children]) of each top-level bookmark."""
    with pikepdf.open(built()) as pdf:
        number = {page.obj.objgen: i for i, page in enumerate(pdf.pages, 1)}

        def page_of(item) -> int:
            dest = item.destination
            if isinstance(dest, (pikepdf.Name, pikepdf.String, str)):
                dest = pdf.Root.Dests[str(dest)] if "/Dests" in pdf.Root else None
            return number[dest[0].objgen]

        with pdf.open_outline() as tree:
            return [(item.title, page_of(item),
                     [(child.title, page_of(child)) for child in item.children])
                    for item in tree.root]


@cache
def heading(page: str, level: str = "h1") -> list[str]:
    soup = BeautifulSoup((SITE / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    out = []
    for tag in article.find_all(level):
        for link in tag.select("a.headerlink"):
            link.decompose()
        text = tag.get_text(" ", strip=True).replace("\u00ad", "")  # the site hyphenates
        out.append(" ".join(text.split()).replace(" ,", ","))
    return out


# ----------------------------------------------------------------------------- the PDF

def test_pdf_is_a4_tagged_and_titled():
    meta = info()
    assert meta["Tagged"].strip() == "yes"
    assert meta["Title"].strip() == CONFIG["title"]
    assert "(A4)" in meta["Page size"]
    assert int(meta["Pages"]) >= 3 * len(PAGES)  # a book, not a stub


def test_pdf_language_authors_and_xmp():
    with pikepdf.open(built()) as pdf:
        assert str(pdf.Root.Lang) == "nl"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)  # the title, not the file name
        meta = pdf.open_metadata()
        assert meta["dc:title"] == CONFIG["title"]
        assert "nl" in meta["dc:language"]
        assert "Vrieze" in str(pdf.docinfo["/Author"])


@pytest.mark.parametrize("page", ["book/index", "book/over"])
def test_pdf_is_linked_with_its_size(page):
    soup = BeautifulSoup((SITE / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one("a.lwt-pdf-link")
    assert link is not None, f"{page} does not link the PDF"
    assert (SITE / page).parent.joinpath(link["href"]).resolve() == built().resolve()
    size = link.find_next_sibling("span", class_="lwt-pdf-size").get_text()
    shown = re.fullmatch(r"pdf, (\d+(?:,\d)?) (MB|kB)", size)
    assert shown, f"{page}: size shown as {size!r}"
    number = float(shown[1].replace(",", ".")) * (1e6 if shown[2] == "MB" else 1e3)
    assert abs(number - built().stat().st_size) <= (0.05e6 if shown[2] == "MB" else 500)


def test_cover_names_the_report_and_this_edition():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    report = next(r for r in citation["references"] if r["type"] == "report")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    cover = flat(page_texts()[0])
    for person in report["authors"]:
        name = " ".join(filter(None, (person.get("name-particle"), person["family-names"])))
        assert f"{person['given-names'][0]}. {name}" in cover
    for needle in ("ITS", "Nijmegen", "Onderwijs, Cultuur en Wetenschap (OCW)",
                   str(report["year"]), f"versie {version}", "Deze editie"):
        assert needle in cover
    assert "pagina" not in cover  # no running header or page number on the cover


@pytest.mark.parametrize("res", TABLES, ids=lambda r: r["name"])
def test_every_printed_table_caption_is_in_the_pdf(res):
    assert res["title"] in flat("\n".join(page_texts()))


def test_outline_has_every_chapter_in_order_with_its_sections():
    top = outline()
    titles = [title for title, _, _ in top]
    expected = [heading(page)[0] for page in PAGES]
    assert [t for t in titles if t in expected] == expected
    for page in PAGES:
        _, _, children = next(item for item in top if item[0] == heading(page)[0])
        assert [title for title, _ in children] == heading(page, "h2"), page


def test_table_of_contents_gives_the_pages_the_chapters_start_on():
    toc_pages = [text for text in page_texts() if text.lstrip().startswith("Inhoud")]
    assert toc_pages, "no page with the running header 'Inhoud'"
    listed = {}
    for text in toc_pages:
        for line in text.splitlines():
            found = re.fullmatch(r"\s*(\S.*?)\s{2,}(\d+)\s*", line)
            if found:
                listed[found[1]] = int(found[2])
    for title, page, _ in outline():
        if title != "Inhoud":
            assert listed.get(title) == page, f"{title!r}: contents say {listed.get(title)}"


def test_every_page_but_the_cover_has_its_number_and_running_header():
    texts = page_texts()
    starts = sorted((page, title) for title, page, _ in outline())
    for number, text in enumerate(texts[1:], 2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1].endswith(f"pagina {number} van {len(texts)}"), lines[-1]
        chapter = [title for page, title in starts if page <= number][-1]
        assert lines[0].startswith(chapter), f"page {number}: header {lines[0]!r}"


def test_fonts_are_embedded():
    rows = poppler("pdffonts", str(built())).splitlines()[2:]
    assert rows
    for row in rows:
        # name, type (may hold spaces), encoding, emb, sub, uni, object, generation
        emb = row.split()[-5]
        assert emb == "yes", row


def test_report_tables_are_not_split_and_long_tables_repeat_their_header():
    """The report's tables (at most 26 short rows) fit on a page: each must be on one page.
    A table longer than a page repeats its header row on every page it is on. Tables in the
    tagged PDF are matched with the print document's tables by order."""
    with pikepdf.open(built()) as pdf:
        number = {page.obj.objgen: i for i, page in enumerate(pdf.pages, 1)}
        spans: list[set[int]] = []

        def pages_of(node, found: set[int]) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    pages_of(kid, found)
            elif isinstance(node, pikepdf.Dictionary):
                if "/Pg" in node:
                    found.add(number[node.Pg.objgen])
                if "/K" in node:
                    pages_of(node.K, found)

        def walk(node) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Table":
                    found: set[int] = set()
                    pages_of(node, found)
                    spans.append(found)
                elif "/K" in node:
                    walk(node.K)

        walk(pdf.Root.StructTreeRoot.K)
    tables = BeautifulSoup(PRINT_HTML.read_text(encoding="utf-8"), "html.parser")("table")
    assert len(spans) == len(tables)
    report = {r["title"] for r in TABLES}
    texts = page_texts()
    checked = 0
    for table, pages in zip(tables, spans, strict=True):
        caption = " ".join(table.caption.get_text(" ", strip=True).split())
        if caption.split(" (n=")[0] in report:
            assert len(pages) == 1, f"{caption!r} split over pages {sorted(pages)}"
            checked += 1
        if len(pages) > 1:
            first = flat(table.thead.find("th").get_text(" ", strip=True))
            for page in pages:
                assert first in flat(texts[page - 1]), f"{caption!r}: no header on page {page}"
    assert checked >= len(TABLES)


def test_page_references_point_at_the_table():
    text = page_texts()
    references = re.findall(r"Tabel (\d+\.\d+) \(p\.\s(\d+)\)", flat("\n".join(text)))
    assert len(references) > 50
    for table, page in set(references):
        assert f"Tabel {table} –" in flat(text[int(page) - 1]), f"Tabel {table} not on p. {page}"


def test_explorers_are_printed_as_their_default_view_with_a_note():
    views = sum(len(BeautifulSoup((SITE / f"{p}.html").read_text(encoding="utf-8"),
                                  "html.parser").find_all("script", type=WIDGET_VIEW))
                for p in PAGES)
    assert views > 0
    assert flat("\n".join(page_texts())).count("Op de website is dit onderdeel interactief") \
        == views


def test_links_are_kept_inside_the_pdf_and_to_the_site():
    internal, relative = 0, 0
    with pikepdf.open(built()) as pdf:
        names = {str(k).lstrip("/") for k in pdf.Root.Dests}
        for page in pdf.pages:
            for link in page.obj.get("/Annots") or ():
                if "/Dest" in link:
                    assert str(link.Dest).lstrip("/") in names
                    internal += 1
                    continue
                uri = str(link.A.URI)
                assert not uri.startswith("file:"), uri
                if "://" not in uri:
                    assert (built().parent / uri).resolve().is_file(), uri
                    relative += 1
    assert internal > 500 and relative >= len(TABLES)


def test_soft_hyphens_only_where_a_line_breaks():
    """Chromium writes every soft hyphen into the PDF's text; the printer keeps only those at
    which a line is broken, so that a search for a whole word finds it."""
    text = "\n".join(page_texts())
    assert text.count("\u00ad\u2010") > 50  # Dutch hyphenation is at work
    assert re.findall(r".{12}\u00ad(?!\u2010).{12}", text) == []
