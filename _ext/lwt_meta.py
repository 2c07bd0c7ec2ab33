"""Local Sphinx extension: a description and a share card for every page (issue 16).

A chapter link pasted in a mail, a chat or a social post shows a card: title, a line of text
and a picture. Search engines show the description under the title. Every page gets

* ``<meta name="description">``: the page's ``description`` metadata (MyST front matter or
  notebook metadata) if it has one, else its first paragraph of text, shortened to whole
  sentences of at most ``lwt_description_length`` characters (a single longer sentence is
  cut at a word, with "…");
* Open Graph tags (``og:title``, ``og:description``, ``og:type``, ``og:site_name``,
  ``og:locale``, ``og:image`` with its alt text, type and size) and the Twitter card
  (``summary_large_image`` with title, description, image and alt text);
* the image: the page's first chart (``lwtbook.plots`` writes ``<figure class="lwt-figure">``;
  ``lwt_perf`` has made it a file in ``_images/``), else the site card
  ``_static/lwt-card.png`` (1200 x 630), drawn at build time from the book's title with
  matplotlib: no picture comes from another host;
* ``og:url`` (and Sphinx's own ``<link rel="canonical">``) only when ``html_baseurl`` is set
  (the address the site is published at); the image URLs are then absolute too. Without it
  they stay relative to the page: a site that can be opened from any folder has no address.

``sphinxext-opengraph`` was considered first: it cuts the description at a character count
(mid-sentence), always writes ``og:url``, finds only docutils images (our charts are notebook
HTML) and writes Twitter tags only with its own matplotlib cards for every page.
"""

from __future__ import annotations

import hashlib
import re
from html import escape, unescape
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

CARD = "_static/lwt-card.png"
CARD_SIZE = (1200, 630)
FIGURE_IMG = re.compile(r'<figure class="lwt-figure"[^>]*>\s*'
                        r'(?:<picture>\s*(?:<source\b[^>]*>\s*)*)?<img\b([^>]*)>', re.S)
ATTR = re.compile(r'([a-z-]+)="([^"]*)"')
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u00C0-\u024F'‘“(])")
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
TAGS = re.compile(r"<[^>]+>")
#: a bracketed citation, "[Vrieze et al., 2005]": a reference, not prose to describe a page with
CITATION = re.compile(r"\s*\[[^\[\]]*\b\d{4}[a-z]?\]")


def shorten(text: str, limit: int) -> str:
    """*text* cut to whole sentences of at most *limit* characters; if its first sentence
    is longer, that sentence cut at a word with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-— ")
    return cut + "…"


def _skipped(node: nodes.Node) -> bool:
    """Text that is no part of the page's prose: code, outputs, notes, captions, footnotes."""
    for parent in _ancestors(node):
        if isinstance(parent, (nodes.Admonition, nodes.footnote, nodes.citation,
                               nodes.literal_block, nodes.caption, nodes.raw,
                               nodes.comment, nodes.title)):
            return True
        if isinstance(parent, nodes.container) and parent.get("nb_element", "").startswith(
                "cell_code"):
            return True
    return False


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the page's first paragraph of prose (empty when it has none)."""
    for paragraph in doctree.findall(nodes.paragraph):
        if _skipped(paragraph):
            continue
        text = " ".join(CITATION.sub("", paragraph.astext()).split())
        if len(text) >= 40:
            return text
    return ""


def _image(body: str, pathto) -> dict[str, str]:
    """The page's first chart as a share picture, else the site card."""
    match = FIGURE_IMG.search(body)
    if match:
        attrs = {key: unescape(value) for key, value in ATTR.findall(match.group(1))}
        src = attrs.get("src", "")
        if src.endswith(".png") and not src.startswith(("data:", "http:", "https:", "//")):
            return {"src": src, "alt": attrs.get("alt", ""), "width": attrs.get("width", ""),
                    "height": attrs.get("height", ""), "type": "image/png"}
    return {"src": pathto(CARD, 1), "alt": "", "width": str(CARD_SIZE[0]),
            "height": str(CARD_SIZE[1]), "type": "image/png"}


def _tag(kind: str, key: str, value: str) -> str:
    return f'<meta {kind}="{escape(key)}" content="{escape(value)}" />'


def _share_tags(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    meta = app.env.metadata.get(pagename) or {}
    site = app.config.html_title or app.config.project
    title = TAGS.sub("", context.get("title") or "").strip() or site
    if doctree is None:  # the search page and the index: the site's own line
        description = " ".join(app.config.lwt_card_subtitle.split())
    else:
        description = str(meta.get("description") or "").strip() or \
            shorten(first_paragraph(doctree), app.config.lwt_description_length)
    if not description:
        logger.warning("%s: no paragraph to describe the page with; give it a 'description' "
                       "in its metadata", pagename, type="lwt", subtype="meta")
        return
    lang = str(meta.get("lang") or app.config.language or "nl")
    image = _image(context.get("body") or "", context["pathto"])
    if not image["alt"]:
        image["alt"] = f"{site}: {title}" if title != site else site
    base = (app.config.html_baseurl or "").rstrip("/") + "/" if app.config.html_baseurl else ""
    page_url = context.get("pageurl") or ""
    if base:
        here = urljoin(base, app.builder.get_target_uri(pagename))
        image["src"] = urljoin(here, image["src"])
    tags = [_tag("name", "description", description),
            _tag("property", "og:title", title),
            _tag("property", "og:description", description),
            _tag("property", "og:type", "website" if pagename == app.config.root_doc
                 else "article"),
            _tag("property", "og:site_name", site),
            _tag("property", "og:locale", LOCALES.get(lang.split("-")[0], lang)),
            _tag("property", "og:image", image["src"]),
            _tag("property", "og:image:type", image["type"]),
            _tag("property", "og:image:alt", image["alt"])]
    if image["width"] and image["height"]:
        tags += [_tag("property", "og:image:width", image["width"]),
                 _tag("property", "og:image:height", image["height"])]
    if base and page_url:
        tags.append(_tag("property", "og:url", page_url))
    tags += [_tag("name", "twitter:card", "summary_large_image"),
             _tag("name", "twitter:title", title),
             _tag("name", "twitter:description", description),
             _tag("name", "twitter:image", image["src"]),
             _tag("name", "twitter:image:alt", image["alt"])]
    context["metatags"] = (context.get("metatags") or "") + "\n" + "\n".join(tags) + "\n"


# --------------------------------------------------------------------------- the site card

def _card_lines(app) -> tuple[str, str]:
    title = app.config.html_title or app.config.project
    subtitle = app.config.lwt_card_subtitle
    return title, subtitle


def draw_card(path: Path, title: str, subtitle: str) -> None:
    """The site's share picture: the title and a line under it, 1200 x 630 px, no network."""
    import textwrap

    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    width, height = CARD_SIZE
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    fig.patch.set_facecolor("#0a3b5c")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    # a row of bars, the book's subject in one glance (decoration, no data)
    for i, h in enumerate((0.45, 0.7, 0.55, 0.85, 0.62)):
        ax.add_patch(Rectangle((860 + i * 58, 70), 40, 190 * h,
                               color="#f2a93b" if i == 3 else "#5fa8d3"))
    ax.text(70, 500, "\n".join(textwrap.wrap(title, 21)), color="white", fontsize=44,
            fontweight="bold", va="top", family="DejaVu Sans", linespacing=1.15)
    ax.text(70, 170, "\n".join(textwrap.wrap(subtitle, 44)), color="#d6e6f2", fontsize=24,
            va="top", family="DejaVu Sans", linespacing=1.3)
    fig.savefig(path, format="png", dpi=100, metadata={"Software": None})


def _write_card(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    title, subtitle = _card_lines(app)
    key = hashlib.sha256(repr((title, subtitle, CARD_SIZE, Path(__file__).read_bytes()))
                         .encode()).hexdigest()[:16]
    cached = Path(app.doctreedir) / f"lwt-card-{key}.png"
    if not cached.is_file():
        for old in Path(app.doctreedir).glob("lwt-card-*.png"):
            old.unlink()
        draw_card(cached, title, subtitle)
    target = Path(app.outdir) / CARD
    if not target.is_file() or target.read_bytes() != cached.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(cached.read_bytes())


def setup(app):
    app.add_config_value("lwt_description_length", 160, "html")
    app.add_config_value("lwt_card_subtitle", "", "html")
    # after lwt_perf (800) has written the charts as files, whose paths the tags name
    app.connect("html-page-context", _share_tags, priority=850)
    app.connect("build-finished", _write_card)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
