"""Local Sphinx extension and builder: the whole book as one tagged, printable PDF (issue 17).

The PDF is printed by Debian's Chromium (through Playwright) from the *built* site, so it shows
exactly what the pages show, in the order of ``_toc.yml``:

* :mod:`lwt_pdf.document` joins the pages into one print document (cover, table of contents,
  every page with its ids made unique, explorers replaced by their default view, Dutch
  hyphenation as soft hyphens, page references after internal links);
* :mod:`lwt_pdf.printer` prints it (A4, running header, "pagina X van Y", tagged, with an
  outline), fills in the page numbers of the table of contents and the page references in a
  second pass, sets the metadata and makes the links to the site's files relative;
* ``_ext/lwt_pdf/print.css`` is the print stylesheet. It belongs to the print document only:
  the site's stylesheet bundle (``lwt_perf``) never sees it.

``make pdf`` (and ``make book``, which calls it) runs ``python -m lwt_pdf`` after the site is
built. This module is the Sphinx side: the role ``{lwt-pdf}`text``` writes a link to the PDF
with its size. The size is read when a page is written; the builder writes the new size into
the built pages after printing (a page cannot know the size of a PDF that contains it).
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from sphinx.util.osutil import relative_uri

#: where the PDF sits in the built site
PDF_PATH = "_downloads/pdf/boeiend-en-bindend.pdf"
#: marks the size in a built page, so that the builder can write the new size in
SIZE_MARK = "data-lwt-pdf-size"


class pdf_link(nodes.Inline, nodes.TextElement):  # docutils names nodes in lower case
    """A link to the PDF edition; becomes HTML when the page is written."""


def human_size(size: int) -> str:
    """*size* bytes in Dutch notation: ``2,3 MB``, ``840 kB`` (decimal units, as on a disk)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} kB"


def size_text(pdf: Path) -> str:
    """What the link says after its text: ``pdf, 2,3 MB`` (only ``pdf`` while there is none)."""
    return f"pdf, {human_size(pdf.stat().st_size)}" if pdf.is_file() else "pdf"


def link_html(text: str, href: str, pdf: Path) -> str:
    """The link as the pages show it: its text, then type and size in brackets."""
    return (f'<a class="lwt-pdf-link" href="{html.escape(href)}" download>{html.escape(text)}'
            f'</a> (<span class="lwt-pdf-size" {SIZE_MARK}="">{size_text(pdf)}</span>)')


def _role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [pdf_link(rawtext, text)], []


def _resolve(app, doctree, docname) -> None:
    pdf = Path(app.outdir) / PDF_PATH
    for node in list(doctree.findall(pdf_link)):
        if app.builder.format == "html":
            href = relative_uri(app.builder.get_target_uri(docname), PDF_PATH)
            node.replace_self(nodes.raw("", link_html(node.astext(), href, pdf), format="html"))
        else:
            node.replace_self(nodes.Text(node.astext()))


def setup(app):
    app.add_node(pdf_link)
    app.add_role("lwt-pdf", _role)
    app.connect("doctree-resolved", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
