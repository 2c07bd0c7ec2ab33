"""The print document: every page of the built site, in the order of ``_toc.yml``, as one HTML
file that Chromium prints to PDF (see :mod:`lwt_pdf.printer`).

What it does to the pages, and why:

* Only the article of each page is kept (no navigation, buttons, search, theme switch). Code
  that the site hides behind "Toon de code" is left out; what the site shows is kept. Charts
  are printed from their full-size picture (a phone-sized ``<source>`` is dropped) and load
  at once (no lazy loading in print).
* Ids get the page's name in front (``p-02_leerlingen--tabel-t2-1``), so that the pages can
  live in one document, and every link between pages becomes a link inside the PDF.
* A link to a table, a figure, a section or a page gets its page number after it
  ("Tabel 2.1 (p. 23)"). The numbers (also those of the table of contents) are placeholders
  here: the printer fills them in once it knows where each target landed.
* An explorer (ipywidgets) is drawn as its default view from the widget state written into
  the page (a Stack shows its selected child; a Dropdown becomes a line that names the
  choices and says that the website has the interactive version).
* Links to the site's files (CSV, zip) point at the built site (the printer makes them
  relative to the PDF) and show the file's path; web links show their address.
* Dutch hyphenation: Chromium on Linux has no hyphenation dictionaries, so ``hyphens: auto``
  does nothing. Long words in running text get soft hyphens from pyphen's LibreOffice
  patterns (``nl_NL``; ``en_GB`` where a page is in English). Headings, captions and tables
  are left whole: the outline and a search in the PDF find them as they are. The printer
  later drops every soft hyphen at which no line breaks.
"""

from __future__ import annotations

import copy
import html
import json
import posixpath
import re
import subprocess
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

#: what the page-number placeholders say until the printer knows the numbers
PLACEHOLDER = "000"
#: a link to something the site writes (not a page): how to name it in print
SITE_FILE = re.compile(r"\.(csv|zip|json|ipynb|md|pdf|txt|bib|png|svg)$", re.I)
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
#: tables with at least this many columns are set smaller
WIDE_TABLE = 10
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: words at least this long are hyphenated
HYPHENATE_FROM = 8
WORD = re.compile(rf"[^\W\d_]{{{HYPHENATE_FROM},}}")
#: where running text is hyphenated; never inside these (nor in tables: Chromium lays a table
#: out a little differently on screen, where the printer measures which hyphens are used)
HYPHENATE_IN = {"p", "li", "dd", "figcaption", "blockquote"}
KEEP_WHOLE = {"h1", "h2", "h3", "h4", "h5", "h6", "caption", "pre", "code", "script", "style",
              "table", "dt", "summary", "kbd", "samp"}
#: parts of compounds that the nl_NL patterns split wrongly ("leerwerkt-raject"), as they are
#: hyphenated; a word containing one is broken there and before it, not inside it otherwise
MORPHEMES = ("tra-jec-ten", "tra-ject")
HYPHEN_LANG = {"nl": "nl_NL", "en": "en_GB"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


@dataclass
class Page:
    """One page of the site as it goes into the print document."""

    docname: str            #: e.g. ``book/02_leerlingen``
    part: str | None        #: the caption of its part in ``_toc.yml``
    slug: str = ""          #: the id of its wrapper in the print document
    title: str = ""         #: its heading (h1)
    sections: list[tuple[str, str]] = field(default_factory=list)  #: (id, title) of its h2s
    body: Tag | None = None


@dataclass
class Edition:
    """What the cover says about the original report and this edition."""

    title: str
    report_title: str
    authors: list[str]
    institution: str
    commissioner: str
    year: int
    version: str
    day: date
    commit: str | None      #: the sources' git commit (and whether they were changed since)


def toc_pages(root: Path) -> list[Page]:
    """The pages of ``_toc.yml`` in reading order, each with the caption of its part."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [Page(toc["root"], None)]

    def walk(entries, part):
        for entry in entries or ():
            if "file" in entry:
                pages.append(Page(entry["file"], part))
            walk(entry.get("sections"), part)
            walk(entry.get("chapters"), part)

    walk(toc.get("chapters"), None)
    walk(toc.get("sections"), None)
    for part in toc.get("parts") or ():
        walk(part.get("chapters"), part.get("caption"))
    for page in pages:
        page.docname = str(Path(page.docname).with_suffix("")) if page.docname.endswith(
            (".md", ".ipynb")) else page.docname
        page.slug = "p-" + re.sub(r"[^A-Za-z0-9_-]", "-", page.docname.split("/")[-1])
    slugs = [p.slug for p in pages]
    if len(set(slugs)) != len(slugs):  # pages of the same name in different folders
        for page in pages:
            page.slug = "p-" + re.sub(r"[^A-Za-z0-9_-]", "-", page.docname)
    return pages


def edition(root: Path) -> Edition:
    """The cover's facts, each from the file that owns it: ``_config.yml`` (title),
    ``CITATION.cff`` (the report: title, authors, institution, publisher, year),
    ``pyproject.toml`` (version) and git (date and commit of the sources; today outside git)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    report = next(r for r in citation["references"] if r.get("type") == "report")
    authors = []
    for person in report["authors"]:
        initials = " ".join(f"{name[0]}." for name in person["given-names"].split())
        family = " ".join(filter(None, (person.get("name-particle"), person["family-names"])))
        authors.append(f"{initials} {family}")
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    day, commit = date.today(), None
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs %h"], cwd=root, check=True,
                             capture_output=True, text=True).stdout.split()
        day, commit = date.fromisoformat(out[0]), out[1]
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                                 cwd=root, check=True, capture_output=True, text=True).stdout
        if changed.strip():
            commit += " met lokale wijzigingen"
    except (OSError, subprocess.CalledProcessError, IndexError, ValueError):
        pass
    report_title = report["title"]
    return Edition(title=config["title"], report_title=report_title, authors=authors,
                   institution=report["institution"]["name"],
                   commissioner=report["publisher"]["name"], year=int(report["year"]),
                   version=str(version), day=day, commit=commit)


def dutch_date(day: date) -> str:
    """``2 december 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _text(tag: Tag) -> str:
    """The text of a heading as a title: no "#" link, no soft hyphens, spaces as read."""
    tag = copy.copy(tag)
    for link in tag.select("a.headerlink"):
        link.decompose()
    text = tag.get_text(" ", strip=True).replace("\u00ad", "")  # the site's soft hyphens
    return " ".join(text.split()).replace(" ,", ",")


# ----------------------------------------------------------------------------- explorers

def _model(state: dict, ref: str) -> dict | None:
    return state.get(str(ref).removeprefix("IPY_MODEL_"))


def widget_html(state: dict, model_id: str) -> tuple[str, list[str]]:
    """The default view of the widget *model_id* as static HTML, and the lines that describe
    its controls (what a reader could choose on the website).

    Containers show their children, a Stack/Tab/Accordion the selected child, HTML widgets
    their HTML; a selection control becomes a description of its choices. Anything else
    becomes a line that it is interactive on the website."""
    model = _model(state, model_id)
    if model is None:
        return "", []
    name, values = model.get("model_name", ""), model.get("state", {})
    children = [c for c in values.get("children") or () if _model(state, c)]
    if name in {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}:
        parts = [widget_html(state, c) for c in children]
        return "".join(p[0] for p in parts), [line for p in parts for line in p[1]]
    if name in {"StackModel", "TabModel", "AccordionModel"}:
        index = values.get("selected_index")
        index = 0 if index is None else index
        return widget_html(state, children[index]) if 0 <= index < len(children) else ("", [])
    if name in {"HTMLModel", "HTMLMathModel"}:
        return values.get("value") or "", []
    if name == "LabelModel":
        return f"<p>{html.escape(values.get('value') or '')}</p>", []
    options = values.get("_options_labels")
    if options is not None:
        index = values.get("index")
        index = index[0] if isinstance(index, list) and index else index
        label = (values.get("description") or "Kies").rstrip(": ")
        listed = "; ".join(f"‘{o}’" for o in options) if len(options) <= 8 else None
        line = f"bij ‘{label}’ kiest u daar uit {len(options)} mogelijkheden" + (
            f" ({listed})" if listed else "")
        if isinstance(index, int) and 0 <= index < len(options):
            line += f"; hier staat ‘{options[index]}’"
        return "", [line]
    if name.endswith("Model") and values.get("_view_name"):
        return "", ["daar stelt u dit onderdeel zelf in"]
    return "", []


def _replace_widgets(article: Tag, state: dict) -> int:
    """Every widget view of *article* replaced by its default view; returns how many."""
    count = 0
    for script in article.find_all("script", type=WIDGET_VIEW):
        try:
            model_id = json.loads(script.string or "{}")["model_id"]
        except (json.JSONDecodeError, KeyError, TypeError):
            script.decompose()
            continue
        body, lines = widget_html(state, model_id)
        note = ("; ".join(lines) + ". " if lines else "") + \
            "Deze pdf toont wat de pagina laat zien voordat u iets kiest."
        box = BeautifulSoup(
            '<div class="lwt-explorer-print"><p class="lwt-explorer-note"><strong>Verkenner.'
            "</strong> Op de website is dit onderdeel interactief: "
            + html.escape(note[:1].lower() + note[1:]) + "</p>" + body + "</div>",
            "html.parser")
        script.replace_with(box)
        count += 1
    return count


# ----------------------------------------------------------------------------- hyphenation

@cache
def _dictionary(lang: str):
    import pyphen

    return pyphen.Pyphen(lang=HYPHEN_LANG.get(lang.split("-")[0].lower(), "nl_NL"))


def hyphenate_word(word: str, lang: str = "nl") -> str:
    """*word* with soft hyphens where it may be broken (see ``MORPHEMES``)."""
    if word.isupper():  # an abbreviation
        return word
    cuts = set(_dictionary(lang).positions(word))
    lower = word.lower()
    for morpheme in MORPHEMES if lang.startswith("nl") else ():
        plain = morpheme.replace("-", "")
        start = lower.find(plain)
        if start < 0:
            continue
        inside = set(range(start + 1, start + len(plain)))
        own, at = set(), start
        for piece in morpheme.split("-")[:-1]:
            at += len(piece)
            own.add(at)
        cuts = (cuts - inside) | own | ({start} if start >= 2 else set())
        break  # the longest first: "trajecten" is not also a "traject"
    cuts = {c for c in cuts if 2 <= c <= len(word) - 2}
    return "".join(("\u00ad" if i in cuts else "") + char for i, char in enumerate(word))


def hyphenate(tree: Tag, default_lang: str = "nl") -> None:
    """Soft hyphens in the long words of running text under *tree* (see the module doc)."""
    for text in list(tree.find_all(string=True)):
        if type(text) is not NavigableString:
            continue  # comments, doctype, CDATA
        parents = [p.name for p in text.parents if isinstance(p, Tag)]
        if KEEP_WHOLE & set(parents) or not HYPHENATE_IN & set(parents):
            continue
        lang = next((p.get("lang") for p in text.parents if isinstance(p, Tag)
                     and p.get("lang")), default_lang)
        new = WORD.sub(lambda m, lang=lang: hyphenate_word(m.group(0), lang), str(text))
        if new != str(text):
            text.replace_with(NavigableString(new))


# ----------------------------------------------------------------------------- pages

def _clean(article: Tag) -> None:
    """Drop what only works on screen: heading links, hidden code, buttons, scripts."""
    for selector in ("a.headerlink", "details.hide", "button", "script", "style",
                     "div.cell > div.cell_input", ".toggle-details", "form"):
        for tag in article.select(selector):
            tag.decompose()
    for cell in article.select("div.cell"):
        if not cell.get_text(strip=True) and not cell.find(["img", "table", "figure"]):
            cell.decompose()
    # the page's own picture, not a phone-sized variant (<picture><source media=…>)
    for source in article.select("picture > source"):
        source.decompose()
    for img in article.find_all("img"):
        img.attrs.pop("loading", None)
        img.attrs.pop("srcset", None)
        img.attrs.pop("sizes", None)
    # "Figuur 2.1 op ware grootte": a link to the chart's own picture, which paper has already
    for link in article.find_all("a", href=re.compile(r"(^|/)_images/")):
        link.decompose()
    for link in article.select("a.lwt-pdf-link"):  # the book's own link to this PDF
        for size in link.find_next_siblings("span", class_="lwt-pdf-size", limit=1):
            size.string = "dit document"
        link.unwrap()
    for tag in article.find_all(attrs={"tabindex": True}):
        del tag["tabindex"]
    for table in article.find_all("table"):
        # no soft hyphens in tables (the site puts some in header cells): Chromium lays a table
        # out a little differently on screen, where the printer measures which are used
        for string in table.find_all(string=lambda text: "\u00ad" in text):
            string.replace_with(string.replace("\u00ad", ""))
        _align_text_headers(table)
        if max((len(row.find_all(["th", "td"])) for row in table.find_all("tr")),
               default=0) >= WIDE_TABLE:
            table["data-lwt-wide"] = ""


def _align_text_headers(table: Tag) -> None:
    """Mark a header cell ``lwt-text`` when its column holds text (lwtbook marks the body's
    text cells so), so that print sets it flush left over its column like the text below."""
    head = table.thead.find("tr") if table.thead else None
    body = table.tbody.find("tr") if table.tbody else None
    if head is None or body is None or head.find(attrs={"colspan": True}) \
            or body.find(attrs={"colspan": True}):
        return
    for header, cell in zip(head.find_all(["th", "td"]), body.find_all(["th", "td"]),
                            strict=False):
        if cell.name == "td" and "lwt-text" in (cell.get("class") or ()):
            header["class"] = [*(header.get("class") or ()), "lwt-text"]


def _site_path(docname: str, url: str) -> str:
    """*url* (relative to the page *docname*) as a path from the site's root."""
    folder = posixpath.dirname(docname)
    return posixpath.normpath(posixpath.join(folder, unquote(url))).lstrip("/")


class _Linker:
    """Rewrites ids and links of the pages for the one print document."""

    def __init__(self, site: Path, pages: list[Page]):
        self.site = site
        self.slugs = {f"{p.docname}.html": p.slug for p in pages}
        root_doc = pages[0].docname
        self.slugs.setdefault("index.html", self.slugs[f"{root_doc}.html"])
        self.ids: set[str] = set()
        self.targets: set[str] = set()

    def new_id(self, page: Page, old: str) -> str:
        return f"{page.slug}--{old}"

    def rename_ids(self, page: Page, tree: Tag) -> None:
        """Every id of *tree* (and every attribute that names one) with the page's name."""
        for tag in tree.find_all(id=True):
            tag["id"] = self.new_id(page, tag["id"])
            self.ids.add(tag["id"])
        for attribute in ("aria-labelledby", "aria-describedby", "aria-controls", "headers"):
            for tag in tree.find_all(attrs={attribute: True}):
                tag[attribute] = " ".join(self.new_id(page, v) for v in tag[attribute].split())
        for label in tree.find_all("label", attrs={"for": True}):
            label["for"] = self.new_id(page, label["for"])

    def target(self, page: Page, href: str) -> str | None:
        """The print document's id that *href* (on *page*) points at; None if not a page."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        if not parts.path:
            return self.new_id(page, parts.fragment) if parts.fragment else page.slug
        slug = self.slugs.get(_site_path(page.docname, parts.path))
        if slug is None:
            return None
        return f"{slug}--{parts.fragment}" if parts.fragment else slug

    def rewrite(self, page: Page, tree: Tag, soup: BeautifulSoup) -> None:
        """Pictures and links of *tree* for the print document (see the module doc)."""
        for img in tree.find_all("img", src=True):
            if not urlsplit(img["src"]).scheme:
                img["src"] = (self.site / _site_path(page.docname, img["src"])).as_uri()
        for link in tree.find_all("a", href=True):
            href = link["href"]
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                shown = link.get_text()
                if parts.scheme != "mailto" and parts.netloc not in shown \
                        and unquote(parts.path).strip("/") not in shown:  # doi:10.1/x
                    link.insert_after(_span(soup, "lwt-url", f" ({href})"))
                continue
            target = self.target(page, href)
            if target is not None:
                link["href"] = f"#{target}"
                link["data-lwt-internal"] = ""
                continue
            path = _site_path(page.docname, parts.path)
            if parts.path and (self.site / path).is_file():
                link["href"] = (self.site / path).as_uri()
                if SITE_FILE.search(path):
                    link.insert_after(_span(soup, "lwt-url", f" ({path})"))
                continue
            link.unwrap()  # a page that is not in the book (search, index): text only

    def page_references(self, tree: Tag, soup: BeautifulSoup) -> None:
        """After each link to a table, figure, section or page: its page number."""
        for link in tree.select("a[data-lwt-internal]"):
            wanted = link.select_one("span.std-ref, span.std-doc, span.doc")
            if wanted is None or link.find_parent(class_="lwt-toc"):
                continue
            target = link["href"][1:]
            reference = soup.new_tag("span", attrs={"class": "lwt-pageref"})
            reference.append(" (p.\u00a0")
            reference.append(_number(soup, target))
            reference.append(")")
            link.insert_after(reference)
            self.targets.add(target)

    def check_links(self, tree: Tag) -> list[str]:
        """Internal links whose target is not in the document: made plain text, listed."""
        lost = []
        for link in tree.select("a[data-lwt-internal]"):
            if link["href"][1:] not in self.ids:
                lost.append(link["href"])
                link.unwrap()
        return lost


def _span(soup: BeautifulSoup, cls: str, text: str) -> Tag:
    span = soup.new_tag("span", attrs={"class": cls})
    span.string = text
    return span


def _number(soup: BeautifulSoup, target: str) -> Tag:
    """A page-number placeholder for *target* (filled in by the printer)."""
    span = soup.new_tag("span", attrs={"class": "lwt-pagenum", "data-lwt-target": target})
    span.string = PLACEHOLDER
    return span


def read_page(site: Path, page: Page, soup: BeautifulSoup, linker: _Linker) -> int:
    """Fill *page* from its built HTML; returns the number of explorers drawn statically."""
    path = site / f"{page.docname}.html"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: page of _toc.yml not in the built site (make book)")
    source = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = source.select_one("article.bd-article") or source.select_one("main")
    if article is None:
        raise ValueError(f"{path}: no <article class=\"bd-article\"> to print")
    state = {}
    for script in source.find_all("script", type=WIDGET_STATE):
        state.update(json.loads(script.string or "{}").get("state", {}))
    explorers = _replace_widgets(article, state)
    _clean(article)
    heading = article.find("h1")
    page.title = _text(heading) if heading else page.docname
    page.sections = []
    for h2 in article.find_all("h2"):
        section = h2.find_parent("section")
        anchor = section.get("id") if section is not None else None
        if anchor:
            page.sections.append((linker.new_id(page, anchor), _text(h2)))
    linker.rename_ids(page, article)
    linker.rewrite(page, article, soup)
    wrapper = soup.new_tag("section", attrs={"class": "lwt-page", "id": page.slug})
    linker.ids.add(page.slug)
    for child in list(article.contents):
        wrapper.append(child.extract())
    page.body = wrapper
    return explorers


def _cover(ed: Edition) -> str:
    """The title page: this edition's title, the report it republishes, its version."""
    title, _, subtitle = ed.title.partition(" – ")
    authors = ", ".join(ed.authors[:-1]) + " en " + ed.authors[-1] if len(ed.authors) > 1 \
        else "".join(ed.authors)
    report = ed.report_title.split(":", 1)
    about = report[1].strip() if len(report) > 1 else ed.report_title
    source = f" · bronversie {ed.commit}" if ed.commit else ""
    commissioner = ed.commissioner[ed.commissioner.find("in opdracht"):] \
        if "in opdracht" in ed.commissioner else ed.commissioner
    e = html.escape
    return f"""
<section class="lwt-cover" aria-label="Titelpagina">
  <p class="lwt-cover-title">{e(title)}</p>
  <p class="lwt-cover-subtitle">{e(subtitle)}</p>
  <p class="lwt-cover-about">{e(about[:1].upper() + about[1:])}</p>
  <div class="lwt-cover-report">
    <p>Naar het onderzoeksrapport <em>{e(ed.report_title)}</em> ({ed.year}) van
       {e(authors)}</p>
    <p>{e(ed.institution)}</p>
    <p>{e(commissioner[:1].upper() + commissioner[1:])}</p>
  </div>
  <div class="lwt-cover-edition">
    <p><strong>Deze editie</strong>: versie {e(ed.version)}, {dutch_date(ed.day)}{e(source)}</p>
    <p>Gedrukt uit de website van de uitvoerbare editie. Op de website zijn de verkenners
       interactief en staat bij elke tabel de data als download.</p>
  </div>
</section>"""


def _toc(soup: BeautifulSoup, pages: list[Page], linker: _Linker) -> Tag:
    """The table of contents: the parts, their pages and the pages' sections (h2)."""
    nav = BeautifulSoup('<nav class="lwt-toc" aria-labelledby="lwt-toc-title">'
                        '<h1 id="lwt-toc-title">Inhoud</h1></nav>', "html.parser").nav
    current = object()
    listing = None
    for page in pages:
        if page.part != current:
            current = page.part
            if page.part:
                part = soup.new_tag("p", attrs={"class": "lwt-toc-part"})
                part.string = page.part
                nav.append(part)
            listing = soup.new_tag("ol", attrs={"class": "lwt-toc-list"})
            nav.append(listing)
        item = soup.new_tag("li", attrs={"class": "lwt-toc-chapter"})
        item.append(_toc_entry(soup, page.slug, page.title))
        linker.targets.add(page.slug)
        if page.sections:
            sub = soup.new_tag("ol")
            for anchor, title in page.sections:
                entry = soup.new_tag("li", attrs={"class": "lwt-toc-section"})
                entry.append(_toc_entry(soup, anchor, title))
                linker.targets.add(anchor)
                sub.append(entry)
            item.append(sub)
        listing.append(item)
    return nav


def _toc_entry(soup: BeautifulSoup, target: str, title: str) -> Tag:
    link = soup.new_tag("a", href=f"#{target}", attrs={"class": "lwt-toc-entry"})
    words = soup.new_tag("span", attrs={"class": "lwt-toc-title"})
    words.string = title
    link.append(words)
    link.append(_number(soup, target))
    return link


def _page_rules(pages: list[Page], book_title: str) -> str:
    """One named page per chapter: its running header says the chapter's title."""
    def css_string(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    rules = [f"@page {{ @top-right {{ content: {css_string(book_title)}; }} }}"]
    for number, page in enumerate(pages):
        rules.append(f"@page lwt-chapter-{number} {{ @top-left {{ content: "
                     f"{css_string(page.title)}; }} }}")
        rules.append(f"#{page.slug} {{ page: lwt-chapter-{number}; }}")
    return "\n".join(rules)


@dataclass
class PrintDocument:
    """The print document and what the printer needs to know about it."""

    html: str
    pages: list[Page]
    targets: set[str]           #: ids whose page numbers the document shows
    explorers: int              #: explorers drawn as their default view
    lost_links: list[str]       #: internal links whose target is missing (made plain text)
    edition: Edition
    headings: list[str]         #: the text of every heading, in order (for the outline)


def assemble(root: Path, site: Path, stylesheet: Path) -> PrintDocument:
    """The print document of the site built in *site* from the sources in *root*."""
    pages = toc_pages(root)
    ed = edition(root)
    soup = BeautifulSoup("", "html.parser")
    linker = _Linker(site, pages)
    explorers = sum(read_page(site, page, soup, linker) for page in pages)
    lost: list[str] = []
    for page in pages:
        lost += linker.check_links(page.body)
        linker.page_references(page.body, soup)
        hyphenate(page.body)
    toc = _toc(soup, pages, linker)
    body = "\n".join(str(page.body) for page in pages)
    short_title = ed.title.split(" – ")[0]
    document = f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{html.escape(ed.title)}</title>
<meta name="author" content="{html.escape(', '.join(ed.authors))}">
<style>
{stylesheet.read_text(encoding="utf-8")}
{_page_rules(pages, short_title)}
</style>
</head>
<body>
{_cover(ed)}
{toc}
<main>
{body}
</main>
</body>
</html>
"""
    headings = [_text(h) for h in [*toc.find_all(HEADINGS),
                                   *(t for p in pages for t in p.body.find_all(HEADINGS))]]
    return PrintDocument(html=document, pages=pages, targets=set(linker.targets),
                         explorers=explorers, lost_links=lost, edition=ed, headings=headings)
