"""Valid HTML on every page of the built site (issue 18; `make book` first).

* The W3C's Nu HTML Checker (``vnu.jar`` from npm, pinned in package-lock.json; it needs a
  Java runtime: Debian's ``default-jre-headless``) reads every page in one run (one JVM,
  ~5 s) with ``--errors-only``: no page may have an error outside ``VNU_IGNORED``. A page of
  known mistakes goes through the same run, so a checker that checks nothing fails too.
* Ids and the references to them: every id occurs once on its page (counting the HTML that
  the explorers' widget state puts into the page when they are drawn); every internal link
  (``#…`` on the page or ``other.html#…``) and every ARIA/label reference by id points at
  exactly one element.

Java or the checker missing is a failure that says how to install them, not a skip.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT

pytestmark = pytest.mark.site

SITE = Path(os.environ.get("LWTBOOK_SITE", ROOT / "_build" / "html")).resolve()
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: not pages: Sphinx's copies of the sources, the published data, the theme's template snippets
NOT_PAGES = {"_static", "_sources", "_images", "_downloads", "data", "reports"}
PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
               if not NOT_PAGES & set(p.relative_to(SITE).parts[:1]))

#: Nu checker errors we cannot fix from this repository: (regex on the message, regex on the
#: page, reason). Empty: every error found so far had a cause on our side (see _ext/).
VNU_IGNORED: list[tuple[str, str, str]] = []

#: A page with one mistake of each kind the site once had; the checker must report each.
CANARY = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>
<body><details><summary><p>Toon de code</p></summary><p>x</p></details>
<p id="twice">a</p><p id="twice">b</p>
<a href="https://doi.org/10.1002/(SICI)17:8<873::AID>3.0.CO;2-I">doi</a></body></html>
"""
CANARY_ERRORS = (r"Element .p. not allowed as child of element .summary.",
                 r"Duplicate ID .twice.", r"Illegal character in path segment")

#: attributes that name other elements of the page by id (space-separated lists)
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
                 "aria-activedescendant", "aria-details", "aria-errormessage", "for",
                 "headers", "list", "form")


def test_the_site_has_pages():
    assert len(PAGES) > 10, f"{SITE}: build the site first (make book)"


# ------------------------------------------------------------------------- the Nu checker

@pytest.fixture(scope="module")
def nu_errors(tmp_path_factory) -> dict[str, list[str]]:
    """The checker's errors by page (site-relative path; ``CANARY`` for the canary page)."""
    java = shutil.which("java")
    if not java:
        pytest.fail("no `java` on PATH: the Nu HTML Checker needs a Java runtime "
                    "(apt-get install -y default-jre-headless, as .ci/run does)", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"{VNU} not found: run `npm ci --omit=dev` (package-lock.json pins vnu-jar)",
                    pytrace=False)
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    files = [str(SITE / rel) for rel in PAGES] + [str(canary)]
    run = subprocess.run([java, "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json",
                          "--stdout", "--exit-zero-always", *files],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, f"the Nu checker failed to run: {run.stderr[-2000:]}"
    errors: dict[str, list[str]] = {}
    for message in json.loads(run.stdout)["messages"]:
        path = unquote(urlsplit(message.get("url", "")).path)
        page = "CANARY" if path == str(canary) else Path(path).relative_to(SITE).as_posix()
        where = f"line {message.get('lastLine', '?')}: " if "lastLine" in message else ""
        errors.setdefault(page, []).append(f"{where}{message['type']}: {message['message']}")
    return errors


def _not_ignored(page: str, errors: list[str]) -> list[str]:
    return [e for e in errors if not any(re.search(msg, e) and re.search(where, page)
                                         for msg, where, _ in VNU_IGNORED)]


def test_the_checker_finds_each_kind_of_mistake(nu_errors):
    found = nu_errors.get("CANARY", [])
    missing = [rx for rx in CANARY_ERRORS if not any(re.search(rx, e) for e in found)]
    assert not missing, f"the checker did not report {missing} on the canary page: {found}"


@pytest.mark.parametrize("page", PAGES)
def test_the_nu_checker_finds_no_error(nu_errors, page):
    bad = _not_ignored(page, nu_errors.get(page, []))
    assert not bad, f"{page}: {len(bad)} errors:\n" + "\n".join(bad[:20])


def test_every_ignored_error_still_occurs(nu_errors):
    """An ignore entry that no longer matches anything is removed, not kept 'just in case'."""
    stale = [(msg, where) for msg, where, _ in VNU_IGNORED
             if not any(re.search(where, page) and any(re.search(msg, e) for e in errs)
                        for page, errs in nu_errors.items())]
    assert not stale, f"ignore entries that match no error any more: {stale}"


# ------------------------------------------------------------------- ids and references

@cache
def _soup(rel: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")


def _widget_html(soup: BeautifulSoup) -> list[BeautifulSoup]:
    """The HTML the explorers' widgets put into the page once drawn (from the widget state)."""
    out = []
    for script in soup.find_all("script", type="application/vnd.jupyter.widget-state+json"):
        for model in json.loads(script.string or "{}").get("state", {}).values():
            value = (model.get("state") or {}).get("value")
            if isinstance(value, str) and "<" in value:
                out.append(BeautifulSoup(value, "html.parser"))
    return out


@cache
def _id_counts(rel: str) -> Counter:
    """How many elements carry each id (``<a name>`` counts as an id too) on page *rel*."""
    counts: Counter = Counter()
    for soup in (_soup(rel), *_widget_html(_soup(rel))):
        counts.update(t["id"] for t in soup.find_all(id=True))
        counts.update(t["name"] for t in soup.find_all("a", attrs={"name": True}))
    return counts


@pytest.mark.parametrize("page", PAGES)
def test_every_id_occurs_once(page):
    twice = {i: n for i, n in _id_counts(page).items() if n > 1}
    assert not twice, f"{page}: ids on more than one element: {twice}"


@pytest.mark.parametrize("page", PAGES)
def test_every_reference_by_id_names_one_element(page):
    counts = _id_counts(page)
    bad = []
    for soup in (_soup(page), *_widget_html(_soup(page))):
        for attr in ID_REFERENCES:
            for tag in soup.find_all(attrs={attr: True}):
                value = tag[attr]
                for ref in (value if isinstance(value, list) else value.split()):
                    if counts[ref] != 1:
                        bad.append(f'<{tag.name} {attr}="{ref}">: {counts[ref]} elements')
    assert not bad, f"{page}: {bad}"


@pytest.mark.parametrize("page", PAGES)
def test_every_internal_link_points_at_one_element(page):
    """``#…``, ``other.html`` and ``other.html#…``: the file exists, the anchor names one
    element of it. (Links to the site's data files only need the file.)"""
    base = f"http://site.invalid/{page}"
    broken = []
    for a in _soup(page).find_all("a", href=True):
        href = a["href"].strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        url = urlsplit(urljoin(base, href))
        if url.netloc != "site.invalid":
            continue
        path = posixpath.normpath(unquote(url.path)).lstrip("/")
        target = SITE / path
        if not path or url.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href} (no file {target.relative_to(SITE)})")
            continue
        fragment = unquote(url.fragment)
        if fragment and target.suffix == ".html":
            n = _id_counts(target.relative_to(SITE).as_posix())[fragment]
            if n != 1:
                broken.append(f"{href} ({n} elements with id {fragment!r})")
    assert not broken, f"{page}: links that do not point at one element: {broken}"


# ------------------------------------------------------------ the fixes at their source

def _ext(name: str):
    """One of the site's Sphinx extensions (``_ext/<name>.py``), imported for its helpers."""
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


@pytest.mark.parametrize(("doi", "path"), [
    ("10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I",
     "10.1002/(SICI)1097-0258(19980430)17:8%3C873::AID-SIM779%3E3.0.CO;2-I"),
    ("10.1000/a#b?c d", "10.1000/a%23b%3Fc%20d"),   # would cut the path / is not allowed
    ("10.1000/already%3Cencoded%3E", "10.1000/already%3Cencoded%3E"),  # not encoded twice
    ("10.2307/2276774", "10.2307/2276774"),
])
def test_a_doi_link_is_encoded_per_rfc_3986(doi, path):
    assert _ext("lwt_valid").encode_doi(doi) == path


def test_a_url_keeps_its_parts_and_loses_what_a_url_may_not_hold():
    encode = _ext("lwt_valid").encode_url
    assert encode("https://example.org/a b/<x>?q=1&r=[2]#top") == \
        "https://example.org/a%20b/%3Cx%3E?q=1&r=[2]#top"


def test_every_bibliography_link_is_a_valid_url():
    """The rendered bibliography: every link holds only characters RFC 3986 allows."""
    allowed = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
    links = [a["href"] for a in _soup("book/bronnen.html").select("a.reference.external")]
    assert any("doi.org" in href for href in links), "no DOI link in the bibliography"
    bad = [href for href in links if not allowed.fullmatch(href)]
    assert not bad, f"links with characters a URL may not hold: {bad}"


@pytest.mark.parametrize("page", PAGES)
def test_hidden_cells_have_a_named_summary_with_both_prompts(page):
    """myst-nb's hide-input cells (our visitor, _ext/lwt_a11y.py): the summary shows and
    hides its two prompts (no aria-label that would hide them), phrasing content only."""
    for summary in _soup(page).select("details.hide > summary"):
        assert not summary.has_attr("aria-label"), f"{page}: {summary}"
        spans = [s.get("class") for s in summary.find_all(recursive=False)]
        assert spans == [["collapsed", "admonition-title"], ["expanded", "admonition-title"]] \
            and all(s.name == "span" for s in summary.find_all(recursive=False)), \
            f"{page}: {summary}"


# ------------------------------------------------------ descriptions and share cards (issue 16)

def _redirect(page: str) -> bool:
    return bool(_soup(page).find("meta", attrs={"http-equiv": "refresh"}))


CONTENT_PAGES = [p for p in PAGES if not _redirect(p)] if PAGES else []
SHARE_TAGS = ("og:title", "og:description", "og:type", "og:site_name", "og:locale",
              "og:image", "og:image:alt", "og:image:type")
TWITTER_TAGS = ("twitter:card", "twitter:title", "twitter:description", "twitter:image",
                "twitter:image:alt")


def _meta(page: str) -> dict[str, str]:
    out = {}
    for tag in _soup(page).head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            out.setdefault(key, tag.get("content", ""))
    return out


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_every_page_has_a_description_and_a_share_card(page):
    meta = _meta(page)
    missing = [k for k in ("description", *SHARE_TAGS, *TWITTER_TAGS) if not meta.get(k)]
    assert not missing, f"{page}: no {missing}"
    description = meta["description"]
    assert 30 <= len(description) <= 160, f"{page}: {len(description)} characters"
    assert description.endswith((".", "!", "?", "…")), f"{page}: {description!r}"
    assert meta["og:description"] == meta["twitter:description"] == description
    assert meta["twitter:card"] == "summary_large_image"
    title = _soup(page).title.get_text()
    assert meta["og:title"] in title, f"{page}: og:title {meta['og:title']!r} vs {title!r}"


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_the_share_picture_is_on_the_site_and_described(page):
    meta = _meta(page)
    image = meta["og:image"]
    assert not re.match(r"(?:[a-z]+:)?//", image), f"{page}: {image} is not on this site"
    path = (SITE / page).parent.joinpath(image).resolve()
    assert path.is_file(), f"{page}: {image} does not exist"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert meta["twitter:image"] == image
    assert len(meta["og:image:alt"].split()) >= 3
    charts = _soup(page).select("figure.lwt-figure img")
    if charts:  # the page's own first chart, with its alt text
        assert image == charts[0]["src"] and meta["og:image:alt"] == charts[0]["alt"]
    else:
        assert image.endswith("_static/lwt-card.png")


def test_the_site_card_is_a_large_card():
    import struct

    data = (SITE / "_static" / "lwt-card.png").read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 630)


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_no_address_is_claimed_without_a_base_url(page):
    """``html_baseurl`` is empty in _config.yml: no canonical link, no og:url (the site can be
    opened from any folder; see test_share_tags_with_a_base_url for the other case)."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert not config["sphinx"]["config"].get("html_baseurl")
    assert "og:url" not in _meta(page)
    assert not _soup(page).find("link", rel="canonical")


def test_share_tags_with_a_base_url():
    """With a base URL the card names the page's address and absolute picture URLs."""
    from types import SimpleNamespace

    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    meta_ext = _ext("lwt_meta")
    doctree = new_document("x", get_default_settings(Parser))
    Parser().parse("Titel\n=====\n\nEen eerste alinea met genoeg woorden om de pagina te "
                   "beschrijven. En een tweede zin.\n", doctree)
    config = SimpleNamespace(html_title="Site", project="Site", language="nl",
                             root_doc="book/index", lwt_description_length=160,
                             html_baseurl="https://example.org/bb/", lwt_card_subtitle="")
    app = SimpleNamespace(config=config, env=SimpleNamespace(metadata={}),
                          builder=SimpleNamespace(format="html",
                                                  get_target_uri=lambda name: f"{name}.html"))
    context = {"title": "Titel", "metatags": "", "pageurl": "https://example.org/bb/book/x.html",
               "body": '<figure class="lwt-figure"><img src="../_images/a.png" alt="Een '
                       'grafiek van iets" width="800" height="400"></figure>',
               "pathto": lambda name, resource=0: f"../{name}"}
    meta_ext._share_tags(app, "book/x", "page.html", context, doctree)
    soup = BeautifulSoup(context["metatags"], "html.parser")
    tags = {t.get("property") or t.get("name"): t["content"] for t in soup.find_all("meta")}
    assert tags["og:url"] == "https://example.org/bb/book/x.html"
    assert tags["og:image"] == tags["twitter:image"] == "https://example.org/bb/_images/a.png"
    assert tags["description"] == ("Een eerste alinea met genoeg woorden om de pagina te "
                                   "beschrijven. En een tweede zin.")


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Eén zin. Nog een zin.", 160, "Eén zin. Nog een zin."),
    ("Eerste zin hier. Tweede zin die de grens net overschrijdt.", 30, "Eerste zin hier."),
    ("Een heel lange eerste zin zonder einde die doorgaat", 25, "Een heel lange eerste…"),
    ("Zin met 3,5 procent. Rest.", 20, "Zin met 3,5 procent."),
])
def test_a_description_is_whole_sentences(text, limit, expected):
    assert _ext("lwt_meta").shorten(text, limit) == expected


# ------------------------------------------------------------- layout helpers (issue 16)

@pytest.mark.parametrize(("word", "pieces"), [
    ("leerwerktrajecten", "leer-werk-tra-jec-ten"),
    ("Managementsamenvatting", "Mana-ge-ment-sa-men-vat-ting"),
    ("beroepsvaardigheden", "beroeps-vaar-dig-he-den"),
])
def test_dutch_hyphenation_points(word, pieces):
    layout = _ext("lwt_layout")
    assert layout.hyphenate(word).replace(layout.SOFT, "-") == pieces


def test_soft_hyphens_only_in_text_and_long_words():
    layout = _ext("lwt_layout")
    html = '<a href="#leerwerktrajecten" title="leerwerktrajecten">leerwerktrajecten</a> in vmbo'
    out = layout.hyphenate_text(html)
    assert out.replace(layout.SOFT, "") == html
    assert out.count(layout.SOFT) == 4 and 'href="#leerwerktrajecten"' in out


def test_a_table_is_marked_wide_from_its_unbreakable_words():
    layout = _ext("lwt_layout")
    narrow = "<table><tr><th>a</th><td>1</td></tr></table>"
    cells = "".join(f"<td>{'x' * 12}-{'y' * 12}</td>" for _ in range(4))
    two_lines = f"<table><tr><th>label</th>{cells}</tr></table>"
    assert layout.narrowest_table_px(narrow) < 60
    # a hyphen is a break: each cell is as wide as one half, not both
    half = layout.text_px("x" * 12 + "-") + layout.CELL_PADDING_PX
    assert abs(layout.narrowest_table_px(two_lines)
               - (layout.narrowest_table_px("<table><tr><th>label</th></tr></table>")
                  + 4 * half)) < 1
    wide = "<table><tr>" + "<td>2002/2003</td>" * 12 + "</tr></table>"  # no break at a slash
    assert layout.narrowest_table_px(wide) > layout.COLUMN_PX


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_every_table_box_is_a_tab_stop_and_wide_ones_are_marked(page):
    layout = _ext("lwt_layout")
    for box in _soup(page).select("div.lwt-table"):
        assert box.get("tabindex") == "0" and box.get("role") == "region", str(box)[:200]
        wide = layout.narrowest_table_px(str(box.table)) > layout.COLUMN_PX
        assert ("lwt-wide" in box["class"]) == wide, str(box)[:200]
        # drawn near the screen only (content-visibility: auto), this high until then
        assert "lwt-lazy" in box["class"], str(box)[:200]
        table = str(box.table)
        assert box.get("style") == (
            f"--lwt-height: {layout.estimated_height_px(table)}px; --lwt-height-phone: "
            f"{layout.estimated_height_px(table, layout.PHONE_COLUMN_PX)}px"), str(box)[:200]


def test_a_table_height_estimate_grows_with_rows_and_with_long_text():
    layout = _ext("lwt_layout")
    row = "<tr><th>a</th><td>1</td></tr>"
    long_text = "<tr><th>a</th><td>" + "leerwerktraject " * 40 + "</td></tr>"
    one, three = (layout.estimated_height_px(f"<table>{row * k}</table>") for k in (1, 3))
    assert three - one == pytest.approx(2 * (layout.LINE_PX + layout.ROW_PADDING_PX), abs=1)
    wrapped = layout.estimated_height_px(f"<table>{long_text}</table>")
    assert wrapped - one >= 3 * layout.LINE_PX  # 640 characters wrap to several lines
    narrow = layout.estimated_height_px(f"<table>{long_text}</table>", layout.PHONE_COLUMN_PX)
    assert narrow > wrapped  # and to more on a phone


def test_one_search_entry_in_the_page_chrome():
    """No top bar holding only a second search button: the theme's header is left empty
    (pydata-sphinx-theme then draws no bar); the sidebar's field and, on narrow screens, the
    article header's button remain."""
    soup = _soup("book/01_aanleiding.html")
    header = soup.find(id="pst-header")
    assert header is None or not header.find(True), header
    assert soup.select(".bd-sidebar-primary .search-button-field")
    assert soup.select(".bd-header-article .search-button")


def test_a_cell_spanning_rows_keeps_the_next_rows_in_their_columns():
    layout = _ext("lwt_layout")
    long_word = "x" * 30
    spanned = (f'<table><tbody><tr><th rowspan="2">a</th><td>b</td></tr>'
               f"<tr><td>{long_word}</td></tr></tbody></table>")
    parser = layout._Columns()
    parser.feed(spanned)
    assert parser.widths[1] > parser.widths[0]  # the long word is in the second column
    assert abs(parser.widths[1] - layout.text_px(long_word) - layout.CELL_PADDING_PX) < 0.01


def test_a_zoom_link_per_captioned_chart_and_never_into_the_next_figure():
    layout = _ext("lwt_layout")
    body = ('<figure class="lwt-figure"><img src="a.png" alt="x"></figure>'
            '<figure class="lwt-figure"><img src="b.png" alt="y"><figcaption>Figuur 2.1 – t'
            "</figcaption></figure>")
    out = layout.FIGURE.sub(layout._zoom_link, body)
    assert out.count("lwt-figure-zoom") == 1
    assert '<a class="lwt-figure-zoom" href="b.png">Figuur 2.1 op ware grootte</a>' in out


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_every_chart_links_its_picture_at_full_size(page):
    for figure in _soup(page).select("figure.lwt-figure"):
        link = figure.select_one("figcaption a.lwt-figure-zoom")
        assert link is not None and link["href"] == figure.img["src"], str(figure)[:200]
