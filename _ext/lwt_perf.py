"""Local Sphinx extension: pages that load fast on a phone (issue 8, see benchmarks/).

* Chart pictures as files: ``lwtbook.plots`` writes each chart into the notebook as an
  ``<img src="data:image/png;base64,…">`` (a notebook must be self-contained). On the site that
  inflated a chapter's HTML by up to two thirds and hid the pictures from the browser's lazy
  loading and cache. Every data-URI picture of a page, also inside the widget state of the
  explorers, is written once to ``_images/lwt-<sha256>.<ext>`` and referenced from there.
* Scripts deferred: every script file a page names in ``<head>`` gets ``defer`` (they keep
  their order and run before DOMContentLoaded, but no longer block parsing and painting).
  ``documentation_options.js`` (a dozen settings that the inline ``DOCUMENTATION_OPTIONS.…``
  lines of every page need at once) is written into the page instead of being fetched. The
  search page keeps its scripts as they are: its template loads ``searchtools.js`` (which
  needs ``doctools.js``) without ``defer``. sphinx-design's tab script comes only on pages
  with tabs.
* One stylesheet: the theme, Sphinx and the extensions link 12 stylesheets (one of them
  ``@import``-ing another), each render-blocking, each a round trip on a phone. The build joins
  them in the same order into ``_static/lwt-site.css`` (``@import`` inlined, ``url()`` rebased,
  ``media`` kept) and every page links only that. Then it is cut to what the site can use
  (``lwt_css_purge``): Font Awesome's 1,900 glyph rules to the icons the pages and scripts
  name (about 20), and every style rule whose selectors all name a class that appears in no
  page and no script of the site (Bootstrap's unused components, sphinx-design, ...). From
  465 kB (71 kB gzipped) to about 160 kB (29 kB). The solid icon font is cut to those ~20
  icons as well (156 kB -> a few kB).
* No source maps on the site: the theme ships 3.5 MB of ``*.map`` files that only a
  developer's tools ask for; nor the 1.5 MB ``fontawesome.js`` that no page loads any more.

Two template overrides belong to this: ``_templates/components/static/webpack-macros.html``
(no ``fontawesome.js``: the theme's CSS draws the icons with the webfont) and
``_templates/components/layout.html`` (the search scripts only on the search page); the widget
scripts come on demand (``_vendor/static/lwt-vendor/widgets-on-demand.js``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import posixpath
import re
from pathlib import Path

from lwt_selfhost import EXTERNAL  # a URL on another host
from sphinx.util import logging

logger = logging.getLogger(__name__)

DATA_URI = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/]+={0,2})")
IMAGES = "_images"
#: written into each page instead of fetched (see _documentation_options)
WRITTEN_IN = ("documentation_options.js",)
#: scripts a page only needs when its body has the marker (sphinx-design's tabs: none yet)
ONLY_WHERE_USED = (("design-tabs.js", "sd-tab"),)

BUNDLE = "_static/lwt-site.css"
#: linked by the theme's head_pre_assets() (see _templates/components/static/webpack-macros.html)
THEME_CSS = ("_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css")
#: packages whose stylesheets go into the bundle: a new version gives the bundle a new URL
CSS_PACKAGES = ("sphinx", "pydata-sphinx-theme", "sphinx-book-theme", "myst-nb", "sphinx-design",
                "sphinx-togglebutton", "sphinx-copybutton")
IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s]+)["']?\s*\)?\s*([^;]*);""")
URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
CHARSET = re.compile(r"""@charset\s+"[^"]*";""")
GLYPH_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+::?(?:before|after),?)+)\{content:\"[^\"]*\"\}")
COMMENT = re.compile(r"/\*(?!!).*?\*/", re.S)  # all but /*! licence */ comments
WORD = re.compile(r"-?[_a-zA-Z][\w-]*")


def _picture_files(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body") or ""
    folder = Path(app.outdir) / IMAGES
    pathto = context["pathto"]

    def to_file(match: re.Match) -> str:
        kind, payload = match.groups()
        try:
            data = base64.b64decode(payload, validate=True)
        except binascii.Error:
            logger.warning("%s: a data-URI picture that is not valid base64 stays inline",
                           pagename, type="lwt", subtype="image")
            return match.group(0)
        name = f"lwt-{hashlib.sha256(data).hexdigest()[:20]}.{'jpg' if kind == 'jpeg' else kind}"
        target = folder / name
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return pathto(f"{IMAGES}/{name}", 1)

    context["body"] = DATA_URI.sub(to_file, body)
    # the explorers' pre-rendered variants sit in the widget state, an inline <script>
    scripts = context.get("script_files") or []
    for i, asset in enumerate(scripts):
        state = (getattr(asset, "attributes", None) or {}).get("body")
        if state and "data:image/" in state:
            scripts[i] = _with(asset, body=DATA_URI.sub(to_file, state))


def _with(asset, **changes):
    """A copy of a Sphinx script asset with other attributes. (The assets are shared by all
    pages: changing one in place would change it on every page written after this one.)"""
    return type(asset)(asset.filename, priority=asset.priority,
                       **{**asset.attributes, **changes})


def _defer_scripts(app, pagename, templatename, context, doctree) -> None:
    if templatename == "search.html":
        return  # its template loads searchtools.js at once, which needs doctools.js first
    scripts = context.get("script_files") or []
    body = context.get("body") or ""
    scripts[:] = [asset for asset in scripts
                  if not any(str(getattr(asset, "filename", None) or "").endswith(name)
                             and marker not in body for name, marker in ONLY_WHERE_USED)]
    for i, asset in enumerate(scripts):
        filename = getattr(asset, "filename", None)
        attributes = getattr(asset, "attributes", None)
        if filename and filename.endswith(WRITTEN_IN) and attributes is not None:
            scripts[i] = type(asset)("", priority=asset.priority,
                                     body=_documentation_options(app))
            continue
        if (not filename or attributes is None
                or {"async", "defer"} & set(attributes) or attributes.get("type") == "module"):
            continue
        scripts[i] = _with(asset, defer="defer")


def _css_entries(context) -> list[tuple[str, str]]:
    entries = [(name, "") for name in THEME_CSS]
    for css in context.get("css_files") or ():
        filename = str(getattr(css, "filename", None) or css).split("?")[0]
        media = (getattr(css, "attributes", None) or {}).get("media") or ""
        entries.append((filename, "" if media == "all" else media))
    return entries


def _bundle_css(app, pagename, templatename, context, doctree) -> None:
    """Link one joined stylesheet instead of the page's dozen (written at build-finished)."""
    files = context.get("css_files")
    if files is None or any(EXTERNAL.match(str(getattr(c, "filename", None) or c))
                            or (getattr(c, "attributes", None) or {}).get("rel", "stylesheet")
                            != "stylesheet" for c in files):
        return  # an external or alternate stylesheet: leave this page as Sphinx made it
    entries = _css_entries(context)
    known = getattr(app, "lwt_css_entries", None)
    if known is None:
        app.lwt_css_entries = entries
    elif entries != known:
        logger.warning("%s links other stylesheets than the other pages (%s); they are not "
                       "all in %s", pagename, sorted(set(entries) ^ set(known)), BUNDLE,
                       type="lwt", subtype="css")
        return
    digest = hashlib.sha256(repr((entries, _css_versions(), app.config.lwt_static_digest,
                                  Path(__file__).read_bytes())).encode()).hexdigest()[:16]
    context["lwt_css_bundle"] = f"{context['pathto'](BUNDLE, 1)}?v={digest}"
    files[:] = []



def _css_versions() -> tuple[str, ...]:
    versions = []
    for package in CSS_PACKAGES:
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} -")
    return tuple(versions)


def _read_css(outdir: Path, filename: str, seen: tuple[str, ...] = ()) -> str:
    """The stylesheet *filename* (relative to the site) with its ``@import``s inlined and its
    ``url()``s made relative to the bundle."""
    if filename in seen:
        raise ValueError(f"{filename}: @import loop through {' -> '.join(seen)}")
    path = outdir / filename
    if not path.is_file():
        raise FileNotFoundError(f"{path}: stylesheet linked by the pages is not in the site")
    text = CHARSET.sub("", path.read_text(encoding="utf-8"))
    folder = posixpath.dirname(filename)

    def inline(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(1)))
        inner = _read_css(outdir, target, (*seen, filename))
        media = match.group(2).strip()
        return f"@media {media}{{{inner}}}" if media else inner

    def rebase(match: re.Match) -> str:
        quote, url = match.groups()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, url))
        return f"url({quote}{posixpath.relpath(target, posixpath.dirname(BUNDLE))}{quote})"

    # rebase this file's own url()s, then put the (already rebased) imported files in
    pieces, last = [], 0
    for match in IMPORT.finditer(text):
        pieces += [URL.sub(rebase, text[last:match.start()]), inline(match)]
        last = match.end()
    return "".join([*pieces, URL.sub(rebase, text[last:])])


def _keep_used_glyphs(css: str, used: set[str]) -> str:
    def keep(match: re.Match) -> str:
        selectors = [s for s in match.group(1).split(",")
                     if s and s.split(":")[0][1:] in used]
        if not selectors:
            return ""
        return ",".join(selectors) + match.group(0)[len(match.group(1)):]
    return GLYPH_RULE.sub(keep, css)


def _split_top(text: str, sep: str = ",") -> list[str]:
    """*text* split at each *sep* outside parentheses and brackets."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _needed_classes(selector: str) -> set[str]:
    """The classes an element must have for *selector* to match anything. Arguments of
    functional pseudo-classes (``:not(.x)``, ``:is(.a,.b)``) are left out: keeping too much
    is safe, cutting a rule the site needs is not."""
    flat, depth = [], 0
    for char in re.sub(r'"[^"]*"|\'[^\']*\'', "", selector):
        depth += char == "("
        if depth == 0:
            flat.append(char)
        depth -= char == ")" and depth > 0
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", "".join(flat)))


def _drop_unused_rules(css: str, used: set[str]) -> str:
    """*css* without the style rules none of whose selectors can match: a selector is dropped
    when it names a class that no page and no script of the site contains (in any form).
    At-rules are kept (their style rules are filtered in turn), except emptied groups."""
    out, i, n = [], 0, len(css)
    while i < n:
        brace = css.find("{", i)
        semi = css.find(";", i)
        if brace < 0:
            out.append(css[i:])
            break
        if css[i:].lstrip().startswith("@") and 0 <= semi < brace:
            out.append(css[i:semi + 1])  # @charset/@import/@layer a;
            i = semi + 1
            continue
        depth, j = 1, brace + 1
        while j < n and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        head, body = css[i:brace], css[brace + 1:j - 1]
        prelude = head.strip()
        if prelude.startswith(("@media", "@supports", "@layer", "@container")):
            inner = _drop_unused_rules(body, used)
            if inner.strip():
                out.append(f"{head}{{{inner}}}")
        elif prelude.startswith("@") or "/*" in head:
            out.append(css[i:j])
        else:
            keep = [sel for sel in _split_top(head) if _needed_classes(sel) <= used]
            if keep:
                out.append(",".join(keep) + "{" + body + "}")
        i = j
    return "".join(out)


def _words_in_use(outdir: Path) -> tuple[set[str], set[str]]:
    """Every word of every page and script of the site (class names are among them), and
    those outside the vendored widget/MathJax bundles (which name icons they never draw)."""
    words: set[str] = set()
    own: set[str] = set()
    for pattern in ("**/*.html", "_static/**/*.js"):
        for path in outdir.glob(pattern):
            found = set(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
            words |= found
            if "lwt-vendor" not in path.parts:
                own |= found
    return words, own


def _write_css_bundle(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    # what the pages link, remembered for builds that write no page (the bundle is still
    # rebuilt then, since a stylesheet or icon may have changed without any page changing)
    memory = Path(app.doctreedir) / "lwt-css-entries.json"
    entries = getattr(app, "lwt_css_entries", None)
    if entries:
        memory.write_text(json.dumps(entries), encoding="utf-8")
    elif memory.is_file():
        entries = [tuple(entry) for entry in json.loads(memory.read_text(encoding="utf-8"))]
    else:
        return
    outdir = Path(app.outdir)
    bundle = outdir / BUNDLE
    stamp_file = Path(app.doctreedir) / "lwt-css-stamp"
    stamp = _inputs_stamp(app, outdir, entries)
    if bundle.is_file() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        return  # nothing it is made from has changed (a no-change rebuild: 1 s saved)
    header = ('@charset "UTF-8";\n/* One stylesheet for every page, joined by _ext/lwt_perf.py '
              "from (in this order): " + ", ".join(f for f, _ in entries) + " */\n")
    parts = []
    for filename, media in entries:
        css = _read_css(outdir, filename)
        parts.append(f"/* {filename} */\n" + (f"@media {media}{{{css}}}" if media else css))
    text = "\n".join(parts)
    if app.config.lwt_css_purge:
        text = COMMENT.sub("", text)
        words, own = _words_in_use(outdir)
        text = _keep_used_glyphs(text, {word for word in own if word.startswith("fa-")})
        text = _drop_unused_rules(text, words)
        text = _subset_icon_font(outdir, text)
    text = header + text
    if not bundle.is_file() or bundle.read_text(encoding="utf-8") != text:
        bundle.write_text(text, encoding="utf-8")
    stamp_file.write_text(stamp)


SOLID_FACE = re.compile(r"(@font-face\{[^}]*font-weight:900;[^}]*?src:)([^;}]*fa-solid-900[^;}]*)")
#: a character given as a CSS escape in a string: an icon's ``content`` or a variable that
#: holds one (``--fa:"\f0c9"``); the theme also writes private-use characters as they are
GLYPH_CODE = re.compile(r'"\\([0-9a-fA-F]{1,6})"')


def _subset_icon_font(outdir: Path, css: str) -> str:
    """Point the icon font of *css* at a copy cut to the glyphs its rules still name.

    Font Awesome's solid font is 156 kB (as woff2) for ~1,900 icons; the site draws ~20.
    The cut copy keeps all name records (the SIL OFL licence travels with the font) and is
    written as WOFF, which needs no Brotli. Without fontTools the font stays as it is."""
    face = SOLID_FACE.search(css)
    ttf = face and re.search(r"url\(([^)]*fa-solid-900\.ttf)\)", face.group(2))
    codes = {int(code, 16) for code in GLYPH_CODE.findall(css)}
    codes |= {ord(char) for char in css if "\ue000" <= char <= "\uf8ff"}  # written as is
    if not ttf or not codes:
        return css
    try:
        from fontTools import subset
    except ImportError:
        return css
    source = outdir / posixpath.dirname(BUNDLE) / ttf.group(1)
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted(codes))
    cutter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    data = out.getvalue()
    name = f"lwt-fa-solid-{hashlib.sha256(data).hexdigest()[:12]}.woff"
    target = outdir / posixpath.dirname(BUNDLE) / name
    if not target.exists():
        for old in target.parent.glob("lwt-fa-solid-*.woff"):
            old.unlink()
        target.write_bytes(data)
    return css[:face.start(2)] + f'url({name}) format("woff")' + css[face.end(2):]


def _inputs_stamp(app, outdir: Path, entries) -> str:
    """What the bundle is made from: the stylesheets (their content), the pages and scripts
    whose words decide what is cut (size and time), this code and its settings."""
    digest = hashlib.sha256(repr((entries, app.config.lwt_css_purge)).encode())
    digest.update(Path(__file__).read_bytes())
    for pattern in ("**/*.html", "_static/**/*.js"):
        for path in sorted(outdir.glob(pattern)):
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for path in sorted(outdir.glob("_static/**/*.css")):  # by content: Sphinx rewrites some
        if path.name != Path(BUNDLE).name:
            digest.update(f"{path}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def _documentation_options(app) -> str:
    """Sphinx's ``documentation_options.js`` as the builder renders it (a dozen settings)."""
    text = getattr(app, "lwt_documentation_options", None)
    if text is None:
        template = Path(importlib.util.find_spec("sphinx").origin).parent / "themes" / \
            "basic" / "static" / "documentation_options.js.jinja"
        text = app.builder.templates.render_string(template.read_text(encoding="utf-8"),
                                                    app.builder.globalcontext).strip()
        app.lwt_documentation_options = text
    return text


#: copied into every site by the theme, named by no page (see the webpack-macros override)
UNUSED_FILES = ("scripts/fontawesome.js", "scripts/fontawesome.js.LICENSE.txt")


def _drop_source_maps(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for path in [*static.rglob("*.map"), *(static / name for name in UNUSED_FILES)]:
        path.unlink(missing_ok=True)


def setup(app):
    app.add_config_value("lwt_css_purge", True, "html")  # False: the bundle keeps every rule
    app.connect("html-page-context", _picture_files, priority=800)
    app.connect("html-page-context", _defer_scripts, priority=990)
    app.connect("html-page-context", _bundle_css, priority=995)
    app.connect("build-finished", _write_css_bundle, priority=900)  # after myst-nb's CSS copy
    app.connect("build-finished", _drop_source_maps)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
