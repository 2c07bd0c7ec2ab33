"""The PDF edition's builder (_ext/lwt_pdf) on small inputs of its own: the print document
(ids, links, page references, table of contents, cover, explorers, pictures), Dutch
hyphenation, and the size written into the pages. The PDF itself: tests/test_pdf.py.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT

pytestmark = pytest.mark.unit


def _ext():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import lwt_pdf
        import lwt_pdf.document
        import lwt_pdf.printer
    finally:
        sys.path.pop(0)
    return lwt_pdf


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
        loading="lazy"></picture><figcaption>Figuur 1 <a class="lwt-figure-zoom"
        href="../_images/groot.png">op ware grootte</a></figcaption></figure>
        <table><thead><tr><th>res\u00adpon\u00addent</th><th>citaat</th><th>n</th></tr></thead>
        <tbody><tr><th>a</th><td class="lwt-text">‘zo’</td><td>1</td></tr></tbody></table>
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
    assert "ware grootte" not in doc.html  # nor a link to the picture itself
    assert soup.find("th", string="respondent") is not None  # no soft hyphens in tables
    heads = soup.select("thead th")
    assert [h.get("class") for h in heads] == [None, ["lwt-text"], None]  # text: flush left
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
