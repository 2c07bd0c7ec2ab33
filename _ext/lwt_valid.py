"""Local Sphinx extension: valid HTML where the source would give invalid markup (issue 18).

Checked by the Nu HTML Checker over every page (``tests/test_site_html.py``).

* One element per id. A chapter names a table for ``{ref}`` with a MyST label right above the
  cell that shows it: ``(tabel-bijlage1)=``. Docutils puts the label's id on the cell's
  container, while ``lwtbook.tables`` gives the ``<table>`` inside the same id (its caption's
  id and ``aria-labelledby`` are built from it). Two elements with one id: a link lands on
  the first, an ARIA reference by id is ambiguous. When a cell's own output already has an
  element with the label's id, the container gives the id up: the link lands on the table
  itself, which is what the label names. (Labels whose table id differs, ``tabel-t2-1`` vs
  ``tabel-t2_1``, never collide and are left alone.)
* URLs in the bibliography encoded per RFC 3986. pybtex's styles join ``https://doi.org/``
  and the raw DOI into a link; SICI DOIs hold ``<`` and ``>`` (and may hold ``#`` or ``?``,
  which would cut the path), characters a URL may not contain. The site's style (``lwt``,
  alpha with this one change) percent-encodes them in the link; the DOI as shown stays as
  the publisher prints it.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from docutils import nodes
from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.template import field, href, join, words
from sphinx.transforms.post_transforms import SphinxPostTransform

RAW_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
#: RFC 3986: what a path segment may hold as it is (pchar, besides letters and digits), and
#: "%" so that an escape already in the source is not encoded twice
PATH_SAFE = "!$&'()*+,;=:@-._~%"
#: ... and a whole URL: the separators of its parts as well
URL_SAFE = PATH_SAFE + "/?#[]"


def encode_doi(doi: str) -> str:
    """*doi* as the path of a ``https://doi.org/`` URL (``<`` -> ``%3C``, ``#`` -> ``%23``)."""
    return quote(doi.strip(), safe=PATH_SAFE + "/")


def encode_url(url: str) -> str:
    """*url* with the characters a URL may not hold percent-encoded (spaces, ``<``, ``"``)."""
    return quote(url.strip(), safe=URL_SAFE)


class Style(AlphaStyle):
    """pybtex's ``alpha`` style with RFC 3986-encoded DOI and URL links."""

    def format_doi(self, e):
        url = join["https://doi.org/", field("doi", raw=True, apply_func=encode_doi)]
        return href(url)[join["doi:", field("doi", raw=True)]]

    def format_url(self, e):
        return words["URL:", href(field("url", raw=True, apply_func=encode_url))[
            field("url", raw=True)]]


class LabelOnTheElementItNames(SphinxPostTransform):
    """A cell's container gives up an id that an element of its own output already has."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for cell in self.document.findall(nodes.container):
            if not cell["ids"] or cell.get("nb_element") != "cell_code":
                continue
            inner: set[str] = set()
            for raw in cell.findall(nodes.raw):
                if "html" in raw.get("format", "").split():
                    inner.update(RAW_ID.findall(raw.astext()))
            if inner & set(cell["ids"]):
                cell["ids"] = [i for i in cell["ids"] if i not in inner]


def dutch_author_year():
    """Author–year citations with Dutch separators: "(Benjamini en Hochberg, 1995)", not
    "and" on a Dutch page (selected by ``bibtex_reference_style: lwt_author_year``)."""
    from dataclasses import field as dc_field
    from dataclasses import make_dataclass

    from sphinxcontrib.bibtex.style.referencing import PersonStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    return make_dataclass(
        "DutchAuthorYearReferenceStyle",
        [("person", PersonStyle, dc_field(
            default_factory=lambda: PersonStyle(sep2=" en ", last_sep=" en ")))],
        bases=(AuthorYearReferenceStyle,))


def setup(app):
    register_plugin("pybtex.style.formatting", "lwt", Style)
    from sphinxcontrib.bibtex.plugin import register_plugin as register_referencing

    register_referencing("sphinxcontrib.bibtex.style.referencing", "lwt_author_year",
                         dutch_author_year(), force=True)
    app.add_post_transform(LabelOnTheElementItNames)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
