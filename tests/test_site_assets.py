"""What each page of the built site loads (`make book` first), and the build steps behind it
(_ext/lwt_perf.py, the template overrides): issue 8's fixes must hold without a benchmark run.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT

pytestmark = pytest.mark.site

SITE = ROOT / "_build" / "html"
#: every page of the site but the root redirect (index.html: a link and nothing else)
HTML_PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.glob("**/*.html")
                    if "_static" not in p.parts and "data" not in p.parts
                    and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:1000])
THEME = Path(importlib.util.find_spec("pydata_sphinx_theme").origin).parent / "theme" \
    / "pydata_sphinx_theme"
OVERRIDE = ROOT / "_templates" / "components"


def _perf():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import lwt_perf
    finally:
        sys.path.pop(0)
    return lwt_perf


def _soup(rel: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")


def _local(page: str, href: str) -> Path:
    return (SITE / page).parent.joinpath(href.split("?")[0].split("#")[0]).resolve()


def test_the_site_was_built():
    assert len(HTML_PAGES) > 10, f"{SITE}: run `make book` first"


@pytest.mark.parametrize("page", HTML_PAGES)
def test_one_stylesheet_and_it_exists(page):
    links = [link["href"] for link in _soup(page).find_all("link", rel="stylesheet")]
    assert len(links) == 1 and "lwt-site.css?v=" in links[0], links
    assert _local(page, links[0]).is_file()


@pytest.mark.parametrize("page", HTML_PAGES)
def test_no_picture_inlined_and_every_picture_exists(page):
    text = (SITE / page).read_text(encoding="utf-8")
    assert "data:image/png;base64" not in text
    for src in re.findall(r'<img[^>]*?\ssrc=\\?"([^"\\]+)', text):
        if not src.startswith(("data:", "http")):
            assert _local(page, src).is_file(), f"{page}: {src} missing"


@pytest.mark.parametrize("page", [p for p in HTML_PAGES if p != "search.html"])
def test_scripts_do_not_block_parsing(page):
    head = _soup(page).head
    blocking = [s["src"] for s in head.find_all("script", src=True)
                if not s.has_attr("defer") and not s.has_attr("async")]
    assert not blocking, blocking
    assert "const DOCUMENTATION_OPTIONS" in str(head)  # written in, not fetched


@pytest.mark.parametrize("page", HTML_PAGES)
def test_no_font_awesome_script_search_index_or_widget_bundle_up_front(page):
    srcs = [s["src"] for s in _soup(page).find_all("script", src=True)]
    assert not [s for s in srcs if "fontawesome" in s]
    assert not [s for s in srcs if "embed-amd" in s or "require.js" in s]
    if page != "search.html":
        assert not [s for s in srcs if "searchindex" in s or "searchtools" in s]


def test_widget_pages_load_the_widgets_on_demand():
    pages = [p for p in HTML_PAGES
             if "application/vnd.jupyter.widget-view+json" in (SITE / p).read_text()]
    assert len(pages) >= 4  # the explorers of chapters 2-5
    for page in pages:
        loaders = [s for s in _soup(page).find_all("script", src=True)
                   if "widgets-on-demand.js" in s["src"]]
        assert len(loaders) == 1 and loaders[0].has_attr("defer"), page
    loader = (SITE / "_static" / "lwt-vendor" / "widgets-on-demand.js").read_text()
    for name in re.findall(r'"([\w/-]+\.js)"', loader):
        assert (SITE / "_static" / "lwt-vendor" / name).is_file(), name


def test_no_source_maps_on_the_site():
    assert not list(SITE.rglob("*.map"))
    assert not list(SITE.rglob("fontawesome.js"))


def test_every_icon_on_the_pages_keeps_its_glyph():
    """The bundle cuts Font Awesome to the icons in use: none of those may be cut."""
    upstream = (THEME / "static" / "styles" / "pydata-sphinx-theme.css").read_text()
    glyphs = set(re.findall(r"\.(fa-[a-z0-9-]+):+(?:before|after)", upstream))
    bundle = (SITE / "_static" / "lwt-site.css").read_text()
    kept = set(re.findall(r"\.(fa-[a-z0-9-]+):+(?:before|after)", bundle))
    used = {name for page in HTML_PAGES
            for name in re.findall(r"\bfa-[a-z0-9-]+", (SITE / page).read_text())}
    assert used & glyphs, "no icon found on the pages"
    assert used & glyphs <= kept, sorted((used & glyphs) - kept)
    assert len(kept) < len(glyphs) / 20


def test_bundle_urls_point_at_files_of_the_site():
    bundle = SITE / "_static" / "lwt-site.css"
    for url in re.findall(r"""url\(\s*["']?([^"')]+)""", bundle.read_text()):
        if not url.startswith(("data:", "#")):
            assert (bundle.parent / url.split("?")[0].split("#")[0]).is_file(), url


def test_webpack_macros_override_is_the_theme_file_without_font_awesome():
    """The override must follow the installed theme: same assets, same digests, minus one."""
    def assets(text: str) -> list[str]:
        return re.findall(r"pathto\('([^']+)', 1\) }}\?digest=(\w+)", text)

    upstream = assets((THEME / "static" / "webpack-macros.html").read_text())
    ours = assets((OVERRIDE / "static" / "webpack-macros.html").read_text())
    assert [a for a in upstream if "fontawesome" not in a[0]] == ours
    assert len(ours) == len(upstream) - 1


def test_layout_override_keeps_the_theme_head():
    upstream = (THEME / "layout.html").read_text()
    block = upstream[upstream.index("{%- block extrahead %}"):upstream.index(
        "{%- endblock extrahead %}")]
    ours = (OVERRIDE / "layout.html").read_text()
    for meta in re.findall(r"<meta [^>]*>", block):
        assert meta in ours, meta


# --------------------------------------------------------------- the build steps themselves

def test_read_css_inlines_imports_and_rebases_urls(tmp_path):
    perf = _perf()
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "fonts").mkdir()
    (static / "basic.css").write_text('div{background:url(file.png)}')
    (static / "styles" / "theme.css").write_text(
        '@charset "UTF-8";\n@import "../basic.css";\n'
        'p{src:url("../fonts/a.woff2") format("woff2")}'
        "a{b:url(data:image/svg+xml;x)}i{b:url(#f)}")
    css = perf._read_css(tmp_path, "_static/styles/theme.css")
    assert "div{background:url(file.png)}" in css   # basic.css sits next to the bundle
    assert 'url("fonts/a.woff2")' in css
    assert "url(data:image/svg+xml;x)" in css and "url(#f)" in css
    assert "@charset" not in css and "@import" not in css


def test_read_css_names_a_missing_file_and_an_import_loop(tmp_path):
    perf = _perf()
    (tmp_path / "_static").mkdir()
    with pytest.raises(FileNotFoundError, match=r"nope\.css"):
        perf._read_css(tmp_path, "_static/nope.css")
    (tmp_path / "_static" / "a.css").write_text('@import "b.css";')
    (tmp_path / "_static" / "b.css").write_text('@import "a.css";')
    with pytest.raises(ValueError, match="loop"):
        perf._read_css(tmp_path, "_static/a.css")


def test_keep_used_glyphs():
    perf = _perf()
    css = ('.fa{x:1}.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
           '.fa-zzz:before{content:"\\e000"}.fa-spin{animation:y}')
    kept = perf._keep_used_glyphs(css, {"fa-bars", "fa-spin"})
    assert kept == '.fa{x:1}.fa-bars:before{content:"\\f0c9"}.fa-spin{animation:y}'


def test_drop_unused_rules_keeps_what_can_match():
    perf = _perf()
    css = ("a{x:1}.used{x:2}.gone{x:3}.used,.gone{x:4}.used:not(.gone){x:5}"
           "@media (min-width:9px){.gone{y:1}.used .x{y:2}}@media print{.gone{z:1}}"
           "@font-face{font-family:f}@keyframes k{0%{a:1}}[data-x=\".gone\"]{x:6}")
    out = perf._drop_unused_rules(css, {"used", "x"})
    assert out == ("a{x:1}.used{x:2}.used{x:4}.used:not(.gone){x:5}"
                   "@media (min-width:9px){.used .x{y:2}}"
                   "@font-face{font-family:f}@keyframes k{0%{a:1}}[data-x=\".gone\"]{x:6}")


def test_bundle_keeps_every_rule_a_page_can_use():
    """Each upstream rule whose classes all occur on the site survives the cut (sampled over
    the theme's own stylesheet, the largest input)."""
    perf = _perf()
    upstream = perf.COMMENT.sub("", (SITE / "_static" / "styles" /
                                     "pydata-sphinx-theme.css").read_text())
    bundle = (SITE / "_static" / "lwt-site.css").read_text()
    words, _ = perf._words_in_use(SITE)
    needed = [rule for rule in re.findall(r"(?<=})([^{}@]+)\{([^{}]*)\}", upstream)
              if ":before" not in rule[0] and all(perf._needed_classes(s) <= words
                                                  for s in perf._split_top(rule[0]))]
    assert len(needed) > 200
    missing = [sel for sel, body in needed if f"{{{body}}}" not in bundle]
    assert not missing, missing[:5]


def test_icon_font_has_every_icon_the_stylesheet_names():
    """The solid icon font is cut to the icons in use: each one the stylesheet can draw with
    it (escaped or written as is, as the theme does for admonitions) is still in it."""
    from fontTools.ttLib import TTFont

    perf = _perf()
    bundle = (SITE / "_static" / "lwt-site.css").read_text()
    face = perf.SOLID_FACE.search(bundle)
    assert face is None  # the theme's copy is no longer named ...
    url = re.search(r"@font-face\{[^}]*font-weight:900;[^}]*url\((lwt-fa-solid-\w+\.woff)\)",
                    bundle)
    assert url, "... ours is"
    codes = {int(c, 16) for c in perf.GLYPH_CODE.findall(bundle)}
    codes |= {ord(c) for c in bundle if "\ue000" <= c <= "\uf8ff"}
    full = set(TTFont(THEME / "static" / "vendor" / "fontawesome" / "webfonts" /
                      "fa-solid-900.ttf").getBestCmap())
    cut = set(TTFont(SITE / "_static" / url.group(1)).getBestCmap())
    assert 0xF0C9 in cut and 0xF05A in cut  # the menu's bars, the notes' info circle
    assert codes & full <= cut, sorted(hex(c) for c in (codes & full) - cut)
    assert len(cut) < 60
