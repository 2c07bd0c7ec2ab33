"""The PDF edition (issue 17): `make book` prints it into the site; these tests read it with
poppler-utils (pdfinfo, pdftotext, pdffonts) and pikepdf, and compare it with the built pages,
_toc.yml, the data package and CITATION.cff. The second half tests the builder
(_ext/lwt_pdf) on small inputs of its own.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
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


def _ext():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import lwt_pdf
        import lwt_pdf.document
        import lwt_pdf.printer
    finally:
        sys.path.pop(0)
    return lwt_pdf


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
        out.append(" ".join(tag.get_text(" ", strip=True).split()).replace(" ,", ","))
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
            first = table.thead.find("th").get_text(" ", strip=True)
            for page in pages:
                assert first in texts[page - 1], f"{caption!r}: no header row on page {page}"
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


# ----------------------------------------------------------------------------- the builder

def test_human_size():
    pdf = _ext()
    assert pdf.human_size(5_116_687) == "5,1 MB"
    assert pdf.human_size(840_400) == "840 kB"


def test_dutch_hyphenation_of_the_book_words():
    document = _ext().document
    cut = document.hyphenate_word
    assert cut("leerwerktrajecten").split("\u00ad") == ["leer", "werk", "tra", "jec", "ten"]
    assert cut("Leerwerktraject").split("\u00ad") == ["Leer", "werk", "tra", "ject"]
    assert cut("leerlingen").split("\u00ad") == ["leer", "lin", "gen"]
    assert cut("OCW-TELLINGEN") == "OCW-TELLINGEN"  # abbreviations stay whole


def test_hyphenation_leaves_headings_captions_and_tables_whole():
    document = _ext().document
    soup = BeautifulSoup(
        "<div><h2>Leerwerktrajecten</h2><p>De leerwerktrajecten</p><table><caption>"
        "Leerwerktrajecten</caption><tr><td>leerwerktrajecten</td></tr></table>"
        "<figure><figcaption>Controlegroep</figcaption></figure>"
        '<div lang="en"><p>Apprenticeship</p></div></div>', "html.parser")
    document.hyphenate(soup.div)
    assert "\u00ad" not in soup.h2.get_text() + soup.table.get_text()
    assert soup.p.get_text().replace("\u00ad", "") == "De leerwerktrajecten"
    assert "\u00ad" in soup.p.get_text() and "\u00ad" in soup.figcaption.get_text()
    assert soup.select_one("div[lang=en] p").get_text() == "Ap\u00adpren\u00adtice\u00adship"


def _state(*models: tuple[str, str, dict]) -> dict:
    return {key: {"model_name": name, "state": values} for key, name, values in models}


def test_widget_default_view_is_the_selected_child_and_a_line_on_the_choices():
    document = _ext().document
    state = _state(
        ("box", "VBoxModel", {"children": ["IPY_MODEL_pick", "IPY_MODEL_stack"],
                              "_view_name": "VBoxView"}),
        ("pick", "DropdownModel", {"_options_labels": ["alle", "mannen", "vrouwen"],
                                   "index": 1, "description": "Kies een groep:",
                                   "_view_name": "DropdownView"}),
        ("stack", "StackModel", {"children": ["IPY_MODEL_a", "IPY_MODEL_b"],
                                 "selected_index": 1, "_view_name": "StackView"}),
        ("a", "HTMLModel", {"value": "<p>eerste</p>", "_view_name": "HTMLView"}),
        ("b", "HTMLModel", {"value": "<p>tweede</p>", "_view_name": "HTMLView"}))
    html, lines = document.widget_html(state, "box")
    assert html == "<p>tweede</p>"
    assert len(lines) == 1
    assert "‘Kies een groep’" in lines[0] and "3 mogelijkheden" in lines[0]
    assert "‘mannen’" in lines[0].split(";")[-1]


@pytest.fixture
def little_book(tmp_path: Path) -> tuple[Path, Path]:
    """Two built pages, their _toc.yml and the files the cover is made from."""
    root, site = tmp_path / "src", tmp_path / "src" / "_build" / "html"
    (site / "book").mkdir(parents=True)
    (site / "data").mkdir()
    (site / "data" / "t1.csv").write_text("a\n1\n")
    (root / "_toc.yml").write_text(textwrap.dedent("""\
        format: jb-book
        root: book/index
        parts:
          - caption: Het rapport
            chapters:
              - file: book/h1
        """))
    (root / "_config.yml").write_text('title: "Proef – de editie"\n')
    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "9.8.7"\n')
    (root / "CITATION.cff").write_text(textwrap.dedent("""\
        references:
          - type: report
            title: "Proef: een rapport"
            year: 2005
            authors:
              - {family-names: Vrieze, given-names: Gerrit}
              - {family-names: Kuijk, name-particle: van, given-names: Jos}
            institution: {name: ITS}
            publisher: {name: "ITS, in opdracht van OCW"}
        """))
    page = """<html><body><article class="bd-article"><section id="{id}"><h1>{title}<a
      class="headerlink" href="#{id}">#</a></h1>{body}</section></article>{state}</body></html>"""
    state = {"state": {"v": {"model_name": "HTMLModel", "state": {"value": "<p id='x'>vaste"
                                                                          " weergave</p>"}}}}
    (site / "book" / "index.html").write_text(page.format(
        id="welkom", title="Welkom", state="", body="""
        <p>Zie <a class="reference internal" href="h1.html#tabel-t1"><span class="std std-ref">
        Tabel 1</span></a>, de <a href="../data/t1.csv" download>data</a>, het
        <a href="../genindex.html">register</a> en <a href="https://example.org/a">dit</a>.</p>
        <p>Een <a class="lwt-pdf-link" href="../_downloads/pdf/boeiend-en-bindend.pdf">pdf</a>
        (<span class="lwt-pdf-size" data-lwt-pdf-size="">pdf, 1,0 MB</span>).</p>"""))
    (site / "book" / "h1.html").write_text(page.format(
        id="hoofdstuk", title="1 Hoofdstuk", body="""
        <section id="par"><h2>1.1 Paragraaf</h2>
        <div class="cell tag_hide-input"><details class="hide"><summary>Toon de code</summary>
        <pre>geheim()</pre></details><div class="cell_output"><table id="tabel-t1"><caption>
        Tabel 1 – Proef</caption><tr><th>a</th><td>1</td></tr></table></div></div>
        <figure class="lwt-figure"><picture><source media="(max-width: 640px)"
        srcset="../_images/klein.png"><img src="../_images/groot.png" alt="Een grafiek"
        loading="lazy"></picture></figure>
        <div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">
        {"model_id": "v"}</script></div>
        <p>Terug naar <a class="reference internal" href="#par"><span class="std std-ref">
        paragraaf 1.1</span></a>.</p></section>""",
        state='<script type="application/vnd.jupyter.widget-state+json">'
              + json.dumps(state) + "</script>"))
    (site / "index.html").write_text('<meta http-equiv="refresh" content="0; url=book/index">')
    return root, site


def _plain(tag) -> str:
    return " ".join(tag.get_text(" ").replace("\u00ad", "").split())


def test_print_document_joins_the_pages(little_book):
    root, site = little_book
    document = _ext().document
    doc = document.assemble(root, site, ROOT / "_ext" / "lwt_pdf" / "print.css")
    soup = BeautifulSoup(doc.html, "html.parser")
    pages = soup.select("main > section.lwt-page")
    first = _plain(pages[0])
    assert [p["id"] for p in pages] == ["p-index", "p-h1"]
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    link = soup.find("a", string=re.compile("Tabel 1"))
    assert link["href"] == "#p-h1--tabel-t1" and soup.find(id="p-h1--tabel-t1").name == "table"
    assert link.find_next_sibling("span")["class"] == ["lwt-pageref"]
    assert soup.select_one("p a[href=\"#p-h1--par\"]") is not None
    data = soup.find("a", string="data")
    assert data["href"] == (site / "data" / "t1.csv").as_uri()
    assert "(data/t1.csv)" in data.find_next_sibling("span").get_text()
    assert "genindex" not in doc.html and "register" in first  # not in the book: plain text
    assert "(https://example.org/a)" in first
    assert "( dit document )" in first
    assert "geheim" not in doc.html and "Toon de code" not in doc.html
    img = soup.select_one("figure img")
    assert img["src"] == (site / "_images" / "groot.png").as_uri() and "loading" not in img.attrs
    assert soup.select("picture source") == []  # the phone-sized picture is not printed
    explorer = soup.select_one(".lwt-explorer-print")
    assert "vaste weergave" in _plain(explorer) and "interactief" in _plain(explorer)
    assert doc.explorers == 1 and doc.lost_links == []
    toc = soup.select_one("nav.lwt-toc")
    assert [a["href"] for a in toc.select("a")] == ["#p-index", "#p-h1", "#p-h1--par"]
    assert "Het rapport" in _plain(toc)
    assert doc.targets >= {"p-index", "p-h1", "p-h1--par", "p-h1--tabel-t1"}
    cover = soup.select_one(".lwt-cover").get_text(" ", strip=True)
    assert "G. Vrieze en J. van Kuijk" in cover and "versie 9.8.7" in cover
    assert "In opdracht van OCW" in cover
    assert "@page lwt-chapter-1" in doc.html and '"1 Hoofdstuk"' in doc.html


def test_size_is_written_into_the_pages_that_link_the_pdf(little_book):
    _, site = little_book
    printer = _ext().printer
    pdf = site / "_downloads" / "pdf" / "boeiend-en-bindend.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF" + b"0" * 2_345_678)
    assert printer.write_size(site, pdf) == [site / "book" / "index.html"]
    assert ">pdf, 2,3 MB</span>" in (site / "book" / "index.html").read_text()
    assert printer.write_size(site, pdf) == []  # nothing left to change
