"""Local Sphinx extension: a site that fetches nothing from another host.

* Serves the vendored JavaScript: ``_vendor/static`` joins ``html_static_path`` here, after
  Jupyter Book has read its config. (Jupyter Book adds every ``*.js``/``*.css`` under each
  ``html_static_path`` entry of ``_config.yml`` to *every* page; require.js, the widget
  html-manager and MathJax belong only on the pages that need them. ``_config.yml`` points
  ``nb_ipywidgets_js`` and ``mathjax_path`` at ``_static/lwt-vendor/``.)
* Keeps Thebe off: with ``launch_buttons.thebe: false`` it removes sphinx-thebe's script, style,
  ``THEBE_JS_URL`` snippet (which names unpkg.com) and the per-page Binder config.
* Re-writes every page when a static file, a template/translation or a local extension changes
  (``lwt_static_digest``): Sphinx copies
  ``_static``/``_vendor/static`` only when some page is out of date, so an edited script or
  stylesheet alone would leave the old copy on the site.
* Writes the site's root ``index.html`` (a redirect to the first page) as a real Dutch page
  with a title and the favicon; sphinx-external-toc's bare ``<meta>`` redirect has neither, so
  browsers asked for ``/favicon.ico`` (a 404 in the console).
* Refuses external assets: a page whose scripts or stylesheets name another host is a build
  warning (an error under ``-W``).
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

VENDOR_STATIC = Path("_vendor") / "static"
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
THEBE_RAW = ("text/x-thebe-config", "kernelName =")


def _thebe_on(app) -> bool:
    options = getattr(app.config, "html_theme_options", None) or {}
    return bool((options.get("launch_buttons") or {}).get("thebe"))


def _add_vendor_static(app, config) -> None:
    path = Path(app.confdir) / VENDOR_STATIC
    if not path.is_dir():
        logger.warning("self-hosted JavaScript missing: %s (run _vendor/update.py)", path,
                       type="lwt", subtype="vendor")
        return
    config.html_static_path.append(str(path))
    digest = hashlib.sha256()
    folders = [path, *(Path(app.confdir) / name for name in ("_static", "_templates", "_ext"))]
    for folder in folders:
        for file in sorted(p for p in folder.rglob("*")
                           if p.is_file() and "__pycache__" not in p.parts):
            digest.update(file.relative_to(app.confdir).as_posix().encode())
            digest.update(file.read_bytes())
    config.lwt_static_digest = digest.hexdigest()


def _strip_thebe_nodes(app, doctree, docname) -> None:
    if _thebe_on(app):
        return
    for node in list(doctree.findall(nodes.raw)):
        if any(marker in node.astext() for marker in THEBE_RAW):
            node.parent.remove(node)


def _is_thebe(asset) -> bool:
    filename = getattr(asset, "filename", None) or ""
    body = (getattr(asset, "attributes", {}) or {}).get("body", "") or ""
    return "sphinx-thebe" in filename or "THEBE_JS_URL" in body


def _check_assets(app, pagename, templatename, context, doctree) -> None:
    for name in ("script_files", "css_files"):
        files = context.get(name)
        if not files:
            continue
        if not _thebe_on(app):
            files[:] = [asset for asset in files if not _is_thebe(asset)]
        for asset in files:
            filename = str(getattr(asset, "filename", None) or asset or "")
            if EXTERNAL.match(filename):
                logger.warning("%s loads %s from another host; self-host it in _vendor/",
                               pagename, filename, type="lwt", subtype="external-asset")


REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
{icon}</head>
<body><main><p><a href="{target}">{title}</a></p></main></body>
</html>
"""


def _write_root_redirect(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    index = Path(app.outdir) / "index.html"
    if index.exists() and not index.read_text(encoding="utf-8").lstrip().startswith(
            ("<meta http-equiv=\"Refresh\"", "<!DOCTYPE html>\n<html lang=")):
        return  # a real page of the book: leave it
    favicon = app.config.html_favicon
    icon = (f'<link rel="icon" href="_static/{Path(favicon).name}">\n'
            if favicon and not EXTERNAL.match(favicon) else "")
    title = html.escape(app.config.html_title or app.config.project or "")
    text = REDIRECT.format(lang=app.config.language or "en", icon=icon, title=title,
                           target=app.builder.get_target_uri(app.config.root_doc))
    if not index.exists() or index.read_text(encoding="utf-8") != text:
        index.write_text(text, encoding="utf-8")


def setup(app):
    app.add_config_value("lwt_static_digest", "", "html")  # set below; a change rewrites all pages
    app.connect("config-inited", _add_vendor_static)
    app.connect("doctree-resolved", _strip_thebe_nodes, priority=900)
    app.connect("html-page-context", _check_assets, priority=950)
    app.connect("build-finished", _write_root_redirect, priority=400)  # before etoc's (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
