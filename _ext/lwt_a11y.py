"""Local Sphinx extension: accessibility fixes for markup that themes and extensions write.

Each fix is a narrow rewrite of one known snippet (template-level fixes live in _templates/):

* myst-nb's hide-input cells: its HTML visitor writes ``<summary aria-label="Toggle hidden
  content">`` holding two ``<p>`` prompts. The label hid the visible "Toon de code" from
  assistive technology (axe ``label-content-name-mismatch``), and a ``<p>`` may not stand in a
  ``<summary>`` (only phrasing content: the Nu HTML Checker's error on every such cell). Our
  visitor writes the summary without the label and the prompts as ``<span>``s with the same
  classes (``lwt-a11y.css`` gives them the layout myst-nb's CSS gives its ``p``). The
  prompt's ``{type}`` word is Dutch.
* Dutch interface: ``_templates/locale/<lang>/LC_MESSAGES/sphinx.po`` translates the theme's
  labels that have no Dutch upstream ("Skip to main content", "Color mode", ...). It is
  compiled into the doctree folder (not the source tree) and added after Sphinx's catalog.
* Pages in another language: a page whose metadata (MyST front matter, or the notebook's
  top-level metadata) has ``lang: en`` gets its content wrapped in ``<div lang="en">`` so
  screen readers switch voice (WCAG 3.1.2); the site's ``<html lang>`` stays ``language``.
* docutils' bibliography: ``<div role="list">`` holding ``role="doc-biblioentry"`` items (a
  deprecated role that a list may not contain: axe ``aria-required-children``, critical) ->
  ``role="listitem"``.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)
LANG_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")

REWRITES = (
    ('role="doc-biblioentry"', 'role="listitem"'),
)

#: myst-nb fills ``{type}`` of nb_code_prompt_show/hide with these English words.
PROMPT_TYPES = {"source": "de code", "output": "de uitvoer", "content": "de cel"}


def _dutch_prompts(app, doctree, docname) -> None:
    for node in doctree.findall(lambda n: "prompt_show" in getattr(n, "attributes", {})):
        for key in ("prompt_show", "prompt_hide"):
            text = node[key]
            for english, dutch in PROMPT_TYPES.items():
                text = text.replace(f"«{english}»", dutch)
            node[key] = text


def visit_hidden_cell(self, node) -> None:
    """myst-nb's ``HideCodeCellNode`` as valid, labelled HTML (see the module docstring)."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>'
                     f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}'
                     f'</span><span class="expanded admonition-title">'
                     f'{escape(node["prompt_hide"])}</span></summary>\n')


def depart_hidden_cell(self, node) -> None:
    self.body.append("</details>\n")


def _rewrite_body(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    for old, new in REWRITES:
        body = body.replace(old, new)
    lang = str((app.env.metadata.get(pagename) or {}).get("lang") or "")
    if lang and lang != app.config.language:
        if not LANG_TAG.fullmatch(lang):
            logger.warning("%s: metadata lang %r is not a language tag", pagename, lang,
                           type="lwt", subtype="lang")
        else:
            body = f'<div lang="{lang}">\n{body}\n</div>'
    context["body"] = body


def _add_catalog(app) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    lang = app.config.language
    po = Path(app.confdir) / "_templates" / "locale" / str(lang) / "LC_MESSAGES" / "sphinx.po"
    if not lang or not po.is_file():
        return
    locale_dir = Path(app.doctreedir) / "lwt-locale"
    mo = locale_dir / lang / "LC_MESSAGES" / "sphinx.mo"
    mo.parent.mkdir(parents=True, exist_ok=True)
    with po.open("rb") as src:
        catalog = read_po(src, locale=lang)
    with mo.open("wb") as out:
        write_mo(out, catalog)
    app.add_message_catalog("sphinx", str(locale_dir))


def setup(app):
    from myst_nb.sphinx_ import HideCodeCellNode

    app.setup_extension("myst_nb")  # registers the node first; ours replaces its HTML visitor
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
    _add_catalog(app)
    app.connect("doctree-resolved", _dutch_prompts)
    app.connect("html-page-context", _rewrite_body)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
