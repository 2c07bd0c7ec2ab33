"""Local Sphinx extension: drop duplicate <script>/<link> entries from every page.

Sphinx 7.4 re-adds inline scripts that extensions register after the builder started with
filename ``''`` instead of ``None``, so its own de-duplication misses them. The sphinx-thebe
and sphinx-togglebutton snippets then appear twice on every page, and the second
``const THEBE_JS_URL = …`` throws "Identifier 'THEBE_JS_URL' has already been declared".
"""

from __future__ import annotations


def _key(asset) -> tuple:
    attrs = getattr(asset, "attributes", {}) or {}
    return (getattr(asset, "filename", None) or "",
            tuple(sorted((k, str(v)) for k, v in attrs.items() if k != "priority")))


def _dedup(app, pagename, templatename, context, doctree) -> None:
    for name in ("script_files", "css_files"):
        files = context.get(name)
        if not files:
            continue
        seen: set[tuple] = set()
        kept = []
        for asset in files:
            key = _key(asset)
            if key not in seen:
                seen.add(key)
                kept.append(asset)
        files[:] = kept


def setup(app):
    app.connect("html-page-context", _dedup, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
