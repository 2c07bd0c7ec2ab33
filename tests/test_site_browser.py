"""The built site in a real browser (headless Debian Chromium through Playwright).

Every page of the site (every .html file except genindex, search, _static/ and _sources/) is
loaded once from a local server on 127.0.0.1 (a thread, free port) by one Chromium, two pages
at a time, in the module fixture; the tests then read what each visit recorded: no request to
another host, no console error, no page error, no axe-core violation in light and in dark mode
(and at 375 px for scrolling boxes) outside ``AXE_IGNORED``, real alt text, rendered widgets,
explorers whose control (mouse and keyboard) changes what is shown; at 1280 px no table cut
off; at 375 px no sideways scrolling of the page, tables that scroll in their box keeping
their row labels and caption in place and scrolling with the arrow keys, explorer controls
a thumb can use; search with a Dutch query. (Links, anchors and ids: tests/test_site_html.py.)

The site is ``$LWTBOOK_SITE`` (default ``_build/html``; ``make test`` builds it first).
Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``; never ``playwright install``) and
axe-core in ``node_modules`` (``npm ci --omit=dev``). Either missing is a failure, not a skip.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from .site_server import serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("LWTBOOK_SITE", ROOT / "_build" / "html")).resolve()
CHROMIUM = Path(os.environ.get("LWTBOOK_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions",
    # every host but the test server fails at once, so a stray request can't stall a page
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SKIP_TOP = {"genindex.html", "search.html", "py-modindex.html"}
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "data", "reports"}
THEMES = ("light", "dark")
PASSES = (*THEMES, "narrow")  # axe passes: light (full), dark (colours), 375 px (scrolling)
#: The dark theme only swaps the theme's colour variables; the markup is the same. So the dark
#: pass runs the rules that read colours (the full set when LWTBOOK_AXE_DARK=full): it keeps
#: the suite well under its time budget. The light pass runs axe's full default rule set.
#: (Checked: with LWTBOOK_AXE_DARK=full the dark pass finds exactly what the light pass finds.)
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
#: At 375 px tables and code scroll sideways inside their boxes: a keyboard must reach them.
NARROW_RULES = ["scrollable-region-focusable"]
AXE_DARK_FULL = os.environ.get("LWTBOOK_AXE_DARK") == "full"
NARROW = 375
WIDGET_BUNDLE = "/lwt-vendor/html-manager/embed-amd.js"
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
SEARCH_QUERY = "stage"
#: Pages loaded at the same time in the one browser (its renderers use both cores).
BROWSER_JOBS = int(os.environ.get("LWTBOOK_BROWSER_JOBS", "2"))

#: axe-core findings we cannot fix from this repository. Each entry: rule id, a regex that every
#: offending node's CSS target must match, and the reason. Only "minor" and "moderate" findings
#: can ever be ignored (see ``_unexpected``): serious and critical ones always fail.
#: Empty: every finding so far was fixable here (_templates/, _ext/lwt_a11y.py, lwt-a11y.css).
AXE_IGNORED: list[tuple[str, str, str]] = []


def _site_pages() -> list[str]:
    if not SITE.is_dir():
        return []
    pages = []
    for path in SITE.rglob("*.html"):
        rel = path.relative_to(SITE)
        if rel.parts[0] in SKIP_DIRS or (len(rel.parts) == 1 and rel.name in SKIP_TOP):
            continue
        pages.append(rel.as_posix())
    return sorted(pages)


PAGES = _site_pages()


# --------------------------------------------------------------------------- the browser visit

@dataclass
class Visit:
    page: str
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    axe: dict[str, list[dict]] = field(default_factory=dict)
    images: list[dict] = field(default_factory=list)
    widget_views: int = 0
    requested: list[str] = field(default_factory=list)
    #: before scrolling: where the first explorer starts (in viewport heights from the top)
    #: and whether the html-manager was already asked for
    first_explorer_at: float = 0.0
    widget_bundle_early: bool = False
    unrendered: list[str] = field(default_factory=list)
    explorers: list[dict] = field(default_factory=list)
    narrow: dict = field(default_factory=dict)
    #: at 1280 px: tables cut by their box or the window (caption, right edge, visible edge)
    cut_tables: list[dict] = field(default_factory=list)
    #: at 375 px: tables that scroll in their box, and what scrolling them to the end did
    scrolling_tables: list[dict] = field(default_factory=list)
    #: at 1280 px: a wide table scrolled under the header, what shows beside the header
    wide_under_header: dict | None = None
    #: each table box's estimated and drawn height, at 1280 and at 375 px
    table_heights: dict[int, list[dict]] = field(default_factory=dict)
    #: at 375 px: each explorer's control (its box and height)
    narrow_controls: list[dict] = field(default_factory=list)
    redirect: str | None = None
    error: str | None = None


REFRESH = re.compile(
    r"""<meta[^>]*http-equiv=["']?refresh["']?[^>]*content=["']?\d+;\s*url=([^"'>\s]+)""", re.I)


def _redirect_target(rel: str) -> str | None:
    """The page a meta-refresh page (the site's root index.html) sends the reader to."""
    match = REFRESH.search((SITE / rel).read_text(encoding="utf-8", errors="replace")[:4000])
    return posixpath.normpath(posixpath.join(posixpath.dirname(rel), match[1])) if match else None


#: Pages that only send the reader on (a meta refresh: the site's root index.html) to a page that
#: is visited and checked itself; the per-page checks of what a page shows run on the others.
REDIRECTS = {rel: target for rel in PAGES if (target := _redirect_target(rel)) in PAGES}
CONTENT_PAGES = [rel for rel in PAGES if rel not in REDIRECTS]


NO_MOTION = "*,*::before,*::after{transition:none!important;animation:none!important}"

JS_WIDGETS_DONE = """(sel) => [...document.querySelectorAll(sel)].every(
    s => s.parentElement.querySelector('.widget-subarea .jupyter-widgets'))"""

JS_UNRENDERED = """(sel) => [...document.querySelectorAll(sel)].filter(s => {
    const w = s.parentElement.querySelector('.widget-subarea .jupyter-widgets');
    if (!w) return true;
    const r = w.getBoundingClientRect();
    return r.width === 0 || r.height === 0;
  }).map(s => s.textContent.trim().slice(0, 120))"""

JS_IMAGES = """() => [...document.images].map(
    i => ({alt: i.getAttribute('alt'), src: (i.getAttribute('src') || '').slice(0, 80)}))"""

JS_SCROLL_TO_WIDGETS = """async sel => {
    const views = document.querySelectorAll(sel);
    views[views.length - 1].parentElement.scrollIntoView();
    const frame = () => new Promise(r => requestAnimationFrame(r));
    await frame(); await frame();
    window.scrollTo(0, 0);
}"""

#: What an explorer shows: the visible text and pictures of everything but its own controls.
JS_SHOWN = """(ex) => {
    const parts = [];
    for (const child of ex.children) {
      if (child.querySelector('select')) continue;
      parts.push(child.innerText.trim());
      for (const img of child.querySelectorAll('img')) {
        if (img.getBoundingClientRect().width > 0) parts.push(img.src.slice(-64) + img.alt);
      }
    }
    return parts.join('\\n');
  }"""

JS_WIDEST = """(limit) => {
    const clipped = (e) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    return [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > limit + 1 && !clipped(e))
      .slice(-8)
      .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} `
                + `right=${Math.round(e.getBoundingClientRect().right)}`);
  }"""


#: Every table whose right edge lies beyond what its boxes (or the window) let the reader see.
JS_CUT_TABLES = """() => {
    const out = [];
    for (const t of document.querySelectorAll('.bd-article table')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;  // in a closed <details> or a hidden explorer variant
      let edge = innerWidth;
      for (let p = t.parentElement; p; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') {
          edge = Math.min(edge, p.getBoundingClientRect().left + p.clientLeft + p.clientWidth);
        }
      }
      if (r.right > edge + 1) {
        const cap = t.querySelector('caption');
        out.push({table: (cap ? cap.textContent : t.id).replace(/\u00ad/g, '').slice(0, 80),
                  right: Math.round(r.right), edge: Math.round(edge)});
      }
    }
    return out;
  }"""

#: At 1280 px, the first table laid out over the margin (lwt-wide), scrolled up to 200 px (at
#: most half its height) under the article's header: what is drawn at the top right, beside
#: the header (the folded contents, not the table).
JS_WIDE_UNDER_HEADER = """async () => {
    const box = document.querySelector('.bd-article .lwt-table.lwt-wide');
    if (!box) return null;
    const frame = () => new Promise(r => requestAnimationFrame(() => r()));
    box.scrollIntoView({block: 'start'});
    window.scrollBy(0, Math.min(200, box.getBoundingClientRect().height / 2));
    for (let i = 0; i < 10; i++) await frame();  // the theme's observer folds the contents
    const hit = document.elementFromPoint(innerWidth - 40, 20);
    const cap = box.querySelector('caption');
    const out = {table: (cap ? cap.textContent : '').replace(/\u00ad/g, '').slice(0, 80),
                 boxTop: Math.round(box.getBoundingClientRect().top),
                 boxRight: Math.round(box.getBoundingClientRect().right),
                 boxBottom: Math.round(box.getBoundingClientRect().bottom),
                 inTable: !!(hit && hit.closest('.lwt-table')),
                 hit: hit ? hit.tagName + '.' + hit.className : null};
    window.scrollTo(0, 0);
    return out;
  }"""

#: Every table box: the height it keeps until the browser draws it (content-visibility: auto;
#: estimated at build time) and the height it is drawn at.
JS_TABLE_HEIGHTS = """() => [...document.querySelectorAll('.bd-article .lwt-table.lwt-lazy')].map(
  box => {
    const keeps = getComputedStyle(box).containIntrinsicBlockSize;
    box.style.contentVisibility = 'visible';
    const drawn = box.getBoundingClientRect().height;
    box.style.contentVisibility = '';
    const cap = box.querySelector('caption');
    return {table: (cap ? cap.textContent : box.id).replace(/\u00ad/g, '').slice(0, 80),
            keeps, estimate: parseFloat(keeps.replace('auto', '')), drawn: Math.round(drawn)};
  })"""

#: Every table box that scrolls: scrolled to its end, do its row labels (first column) and its
#: caption stay where they were? Then back to the start.
JS_SCROLL_TABLES = """async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => r()));
    const out = [];
    const boxes = [];
    for (const b of document.querySelectorAll('.bd-article .lwt-table')) {
      if (b.getBoundingClientRect().width === 0) continue;
      b.scrollIntoView({block: 'center'});  // drawn only near the screen (lwt-lazy)
      await frame(); await frame();
      if (b.scrollWidth > b.clientWidth + 1) boxes.push(b);
    }
    for (const box of boxes) {
      const t = box.querySelector('table');
      const cap = t.querySelector('caption');
      const labels = [...t.querySelectorAll('thead tr > :first-child, tbody th')];
      const left = box.getBoundingClientRect().left + box.clientLeft;
      const before = labels.map(c => c.getBoundingClientRect().left - left);
      box.scrollLeft = box.scrollWidth;
      await frame();
      const after = labels.map(c => c.getBoundingClientRect().left - left);
      const moved = after.filter((x, i) => Math.abs(x - before[i]) > 1).length;
      const capLeft = cap ? cap.getBoundingClientRect().left - left : 0;
      const capRight = cap ? cap.getBoundingClientRect().right - left : 0;
      box.scrollLeft = 0;
      out.push({table: (cap ? cap.textContent : t.id).replace(/\u00ad/g, '').slice(0, 80),
                scrolled: box.scrollLeft === 0, labels: labels.length, moved,
                captionInView: capLeft > -1 && capRight <= box.clientWidth + 1,
                labelsWidth: Math.round(Math.max(0, ...labels.map(
                  c => c.getBoundingClientRect().width))),
                boxWidth: box.clientWidth});
    }
    return out;
  }"""

JS_NARROW_CONTROLS = """() => [...document.querySelectorAll('.lwt-explorer select')].map(s => {
    const r = s.getBoundingClientRect();
    return {left: Math.round(r.left), right: Math.round(r.right), height: Math.round(r.height),
            width: Math.round(r.width)};
  })"""


async def _keyboard_scrolls(page) -> list[dict]:
    """At the current width: each table box that scrolls, focused (it is a Tab stop: tabindex
    0) and given ArrowRight: did it scroll?"""
    count = await page.evaluate("""async () => {
        const frame = () => new Promise(r => requestAnimationFrame(() => r()));
        window.lwtBoxes = [];
        for (const b of document.querySelectorAll('.bd-article .lwt-table')) {
          if (b.getBoundingClientRect().width === 0) continue;
          b.scrollIntoView({block: 'center'});  // drawn near the screen only (lwt-lazy)
          await frame(); await frame();
          if (b.scrollWidth > b.clientWidth + 1) window.lwtBoxes.push(b);
        }
        return window.lwtBoxes.length; }""")
    results = []
    for i in range(count):
        info = await page.evaluate("""(i) => { const b = window.lwtBoxes[i];
            b.scrollIntoView({block: 'center'}); b.scrollLeft = 0; b.focus();
            const cap = b.querySelector('caption');
            return {table: (cap ? cap.textContent : '').replace(/\u00ad/g, '').slice(0, 80),
                    focused: document.activeElement === b, tabindex: b.getAttribute('tabindex')}; }
            """, i)
        # a box is drawn once it is near the screen (lwt-lazy): a frame or two after the focus
        # brought it there, long before a person presses a key. On a loaded machine (make test
        # runs the notebooks beside this) that can take a while: wait for it, and press a second
        # time if the first press came before the box was drawn.
        with contextlib.suppress(PlaywrightTimeout):
            await page.wait_for_function(
                "(i) => window.lwtBoxes[i].scrollWidth > window.lwtBoxes[i].clientWidth + 1",
                arg=i, timeout=5000)
        info["scrolled"] = False
        for _ in range(2):
            await page.keyboard.press("ArrowRight")
            try:
                await page.wait_for_function("(i) => window.lwtBoxes[i].scrollLeft > 0", arg=i,
                                             timeout=3000)
                info["scrolled"] = True
                break
            except PlaywrightTimeout:
                continue
        if not info["scrolled"]:
            info["state"] = await page.evaluate("""(i) => { const b = window.lwtBoxes[i];
                return {scrollWidth: b.scrollWidth, clientWidth: b.clientWidth,
                        focused: document.activeElement === b,
                        top: Math.round(b.getBoundingClientRect().top)}; }""", i)
        await page.evaluate("(i) => { window.lwtBoxes[i].scrollLeft = 0; }", i)
        results.append(info)
    return results


#: Chooses every other option of an explorer's control in turn (as a reader's change event) and
#: reports the options after which the explorer showed the same as before.
JS_CYCLE = """async ([ex, shown]) => {
    const select = ex.querySelector('select');
    const start = select.selectedIndex, before = shown(ex), unchanged = [];
    const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    for (let j = 0; j < select.options.length; j++) {
      if (j === start) continue;
      select.selectedIndex = j;
      select.dispatchEvent(new Event('change', {bubbles: true}));
      let now = shown(ex);
      for (let k = 0; k < 40 && now === before; k++) { await frame(); now = shown(ex); }
      if (now === before) unchanged.push(select.options[j].text);
      await frame(); await frame();  // let the widgets finish (Lumino messages) before the next
    }
    select.selectedIndex = start;
    select.dispatchEvent(new Event('change', {bubbles: true}));
    await frame();
    return unchanged;
  }"""


async def _check_explorers(page) -> list[dict]:
    results = []
    explorers = page.locator(".lwt-explorer:has(select)")
    for i in range(await explorers.count()):
        explorer = explorers.nth(i)
        select = explorer.locator("select").first
        options = await select.locator("option").all_inner_texts()
        shown0 = await explorer.evaluate(JS_SHOWN)
        unchanged = await explorer.evaluate(
            f"(ex) => ({JS_CYCLE})([ex, {JS_SHOWN}])")
        keyboard = None
        if len(options) > 1:  # the same with the keyboard: focus the control, press a key
            start = await select.evaluate("s => s.selectedIndex")
            await select.focus()
            await page.keyboard.press("End" if start == 0 else "Home")
            try:
                await page.wait_for_function(
                    f"([ex, before]) => ({JS_SHOWN})(ex) !== before",
                    arg=[await explorer.element_handle(), shown0], timeout=5000)
                keyboard = True
            except PlaywrightTimeout:
                keyboard = False
            await select.select_option(index=start)
        results.append({"index": i, "options": options, "unchanged": unchanged,
                        "keyboard": keyboard})
    return results


async def _axe(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the page as it is now (all default rules, or only *rules*)."""
    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = await page.evaluate("(o) => axe.run(document, o)", options)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [{"target": " ".join(map(str, n["target"])), "html": n["html"][:200]}
                       for n in v["nodes"]]}
            for v in result["violations"]]


async def _visit(context, base: str, rel: str) -> Visit:
    visit = Visit(rel)
    page = await context.new_page()

    def on_request(request):
        url = request.url
        if not url.startswith(base) and not url.startswith(("data:", "blob:", "about:")):
            visit.external.append(url)
        visit.requested.append(url)

    def on_response(response):
        if response.status >= 400:
            visit.failed.append(f"{response.status} {response.url}")

    def on_failed(request):
        # ERR_ABORTED: the browser itself cancelled it (a redirect, page.close()); 4xx/5xx
        # answers are caught by on_response, other network errors here
        if "ERR_ABORTED" not in str(request.failure):
            visit.failed.append(f"{request.failure} {request.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    try:
        await page.goto(base + rel, wait_until="load")
        visit.redirect = _redirect_target(rel)
        if visit.redirect:
            await page.wait_for_url(base + visit.redirect, timeout=10000)
            await page.wait_for_load_state("load")
            if visit.redirect in PAGES:
                return visit  # the target is visited and checked on its own
        visit.widget_views = await page.locator(WIDGET_VIEW).count()
        if visit.widget_views:
            # the widget scripts load when an explorer comes near the viewport
            # (_vendor/static/lwt-vendor/widgets-on-demand.js): go there like a reader
            await page.wait_for_timeout(300)
            visit.first_explorer_at = await page.evaluate(
                "sel => document.querySelector(sel).parentElement.getBoundingClientRect().top"
                " / window.innerHeight", WIDGET_VIEW)
            visit.widget_bundle_early = any(WIDGET_BUNDLE in u for u in visit.requested)
            await page.evaluate(JS_SCROLL_TO_WIDGETS, WIDGET_VIEW)
            with contextlib.suppress(PlaywrightTimeout):  # what is missing is reported below
                await page.wait_for_function(JS_WIDGETS_DONE, arg=WIDGET_VIEW, timeout=15000)
            visit.unrendered = await page.evaluate(JS_UNRENDERED, WIDGET_VIEW)
        await page.add_style_tag(content=NO_MOTION)
        for theme in THEMES:
            await page.evaluate("t => { document.documentElement.dataset.theme = t; "
                                "document.documentElement.dataset.mode = t; }", theme)
            await page.wait_for_timeout(50)
            dark_rules = None if AXE_DARK_FULL else COLOUR_RULES
            visit.axe[theme] = await _axe(page, dark_rules if theme == "dark" else None)
        await page.evaluate("() => { document.documentElement.dataset.theme = 'light'; }")
        visit.images = await page.evaluate(JS_IMAGES)
        visit.explorers = await _check_explorers(page)
        visit.cut_tables = await page.evaluate(JS_CUT_TABLES)
        visit.table_heights[1280] = await page.evaluate(JS_TABLE_HEIGHTS)
        visit.wide_under_header = await page.evaluate(JS_WIDE_UNDER_HEADER)
        await page.set_viewport_size({"width": NARROW, "height": 800})
        await page.wait_for_timeout(400)  # the theme re-checks scrollable boxes 300 ms after
        visit.narrow = await page.evaluate("""() => ({
            scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth})""")
        visit.table_heights[NARROW] = await page.evaluate(JS_TABLE_HEIGHTS)
        visit.scrolling_tables = await page.evaluate(JS_SCROLL_TABLES)
        keyboard = {k["table"]: k for k in await _keyboard_scrolls(page)}
        for table in visit.scrolling_tables:
            table["keyboard"] = keyboard.get(table["table"])
        visit.narrow_controls = await page.evaluate(JS_NARROW_CONTROLS)
        visit.axe["narrow"] = await _axe(page, NARROW_RULES)
        if visit.narrow["scrollWidth"] > visit.narrow["innerWidth"] + 1:
            visit.narrow["overflowing"] = await page.evaluate(JS_WIDEST, NARROW)
    except Exception as exc:  # every check of this page reports it; other pages stay useful
        visit.error = f"{type(exc).__name__}: {exc}"
    finally:
        await page.close()
    return visit


async def _search(context, base: str) -> dict:
    """Search for a Dutch word; the result page also goes through axe."""
    page = await context.new_page()
    try:
        await page.goto(f"{base}search.html?q={SEARCH_QUERY}", wait_until="load")
        with contextlib.suppress(PlaywrightTimeout):
            await page.wait_for_selector("#search-results ul.search li", timeout=15000)
        return {"hits": await page.locator("#search-results ul.search li").count(),
                "axe": await _axe(page)}
    finally:
        await page.close()


async def _keyboard(context, base: str, rel: str) -> dict:
    """The first Tab stop of a page, and where Enter on it leads."""
    page = await context.new_page()
    try:
        await page.goto(base + rel, wait_until="load")
        await page.keyboard.press("Tab")
        first = await page.evaluate("() => [document.activeElement.tagName, "
                                    "document.activeElement.getAttribute('href')]")
        await page.keyboard.press("Enter")
        await page.wait_for_timeout(100)
        in_main = await page.evaluate("() => !!document.activeElement.closest('main') || "
                                      "location.hash === '#main-content'")
        return {"first": first, "in_main": in_main}
    finally:
        await page.close()


async def _browse(base: str) -> dict:
    """Everything the tests read from the browser: one Chromium, BROWSER_JOBS pages at a time
    (largest first), each page loaded once."""
    limit = asyncio.Semaphore(BROWSER_JOBS)
    order = sorted(PAGES, key=lambda rel: -(SITE / rel).stat().st_size)
    first_page = "book/index.html" if "book/index.html" in PAGES else PAGES[-1]

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await chromium.new_context(viewport={"width": 1280, "height": 900},
                                                 reduced_motion="reduce", locale="nl-NL")
            context.set_default_timeout(30000)
            await context.add_init_script(path=str(AXE))  # cheaper than injecting it per page

            async def limited(coro):
                async with limit:
                    return await coro

            visits = await asyncio.gather(*(limited(_visit(context, base, rel)) for rel in order))
            search = await limited(_search(context, base))
            keyboard = await limited(_keyboard(context, base, first_page))
            await context.close()
        finally:
            await chromium.close()
    return {"visits": {v.page: v for v in visits}, "search": search, "keyboard": keyboard}


@pytest.fixture(scope="module")
def site() -> dict:
    """Serves the site on 127.0.0.1, visits it with one headless Chromium, then stops both."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (`apt-get install -y "
                    "chromium`, as .ci/run does); `playwright install` cannot work here",
                    pytrace=False)
    if not AXE.is_file():
        pytest.fail(f"{AXE} not found: run `npm ci --omit=dev` (package-lock.json pins axe-core)",
                    pytrace=False)
    assert (SITE / "index.html").is_file(), f"no site at {SITE}: build it first (make book)"
    with serve(SITE) as base:
        return asyncio.run(_browse(base))


# --------------------------------------------------------------------------------- the checks

def test_site_is_built_and_has_pages():
    assert (SITE / "index.html").is_file(), f"no site at {SITE}: build it first (make book)"
    assert PAGES, f"no pages found under {SITE}"


def _visited(site: dict, rel: str) -> Visit:
    visit = site["visits"][rel]
    assert not visit.error, f"{rel}: the visit broke off: {visit.error}"
    return visit


@pytest.mark.parametrize("rel", PAGES)
def test_nothing_is_fetched_from_another_host(site, rel):
    visit = _visited(site, rel)
    assert not visit.external, f"{rel} asked other hosts for: {visit.external}"
    assert not visit.failed, f"{rel}: failed requests: {visit.failed}"


@pytest.mark.parametrize("rel", PAGES)
def test_no_console_errors_and_no_page_errors(site, rel):
    visit = _visited(site, rel)
    assert not visit.page_errors, f"{rel}: page errors: {visit.page_errors}"
    assert not visit.console_errors, f"{rel}: console errors: {visit.console_errors}"


def _unexpected(violations: list[dict], rel: str) -> list[dict]:
    out = []
    for v in violations:
        ignorable = v["impact"] in ("minor", "moderate")
        rules = [rx for rule, rx, _ in AXE_IGNORED if rule == v["id"]]
        if ignorable and rules and all(any(re.search(rx, n["target"]) for rx in rules)
                                       for n in v["nodes"]):
            continue
        out.append(v)
    return out


def test_redirect_pages_lead_to_a_checked_page(site):
    for rel, target in REDIRECTS.items():
        visit = _visited(site, rel)
        assert visit.redirect == target, f"{rel} went to {visit.redirect}, not {target}"


@pytest.mark.parametrize("theme", PASSES)
@pytest.mark.parametrize("rel", CONTENT_PAGES)
def test_axe_finds_no_violations(site, rel, theme):
    visit = _visited(site, rel)
    bad = _unexpected(visit.axe[theme], rel)
    assert not bad, f"{rel} ({theme}): " + json.dumps(bad, indent=1, ensure_ascii=False)


def _alt_problem(alt: str | None) -> str | None:
    alt = (alt or "").strip()
    if len(alt.split()) < 5:
        return "fewer than 5 words"
    if re.search(r"\.(png|svg|jpe?g|gif|webp)\b|^[0-9a-f]{16,}|^_images/", alt, re.I):
        return "a file name"
    return None


@pytest.mark.parametrize("rel", PAGES)
def test_every_image_has_real_alt_text(site, rel):
    bad = [(img, _alt_problem(img["alt"])) for img in _visited(site, rel).images]
    # pictures inside explorer variants that are not shown yet live in the widget state
    for alt in _widget_state_image_alts(rel):
        bad.append(({"alt": alt, "src": "(widget state)"}, _alt_problem(alt)))
    bad = [(img, why) for img, why in bad if why]
    assert not bad, f"{rel}: images without real alt text: {bad}"


def test_widget_bundle_waits_until_an_explorer_is_near(site):
    """The 3.6 MB html-manager is not fetched for a reader who stays far above the explorers
    (and, by test_widgets_render, is fetched and draws them once the reader gets there)."""
    far = [v for v in site["visits"].values()
           if v.widget_views and not v.error and v.first_explorer_at > 2.5]
    assert far, "no page with its first explorer more than 2.5 screens down to check this on"
    early = [v.page for v in far if v.widget_bundle_early]
    assert not early, f"html-manager fetched before the reader came near an explorer: {early}"
    assert all(any(WIDGET_BUNDLE in u for u in v.requested) for v in far)


@pytest.mark.parametrize("rel", PAGES)
def test_widgets_render(site, rel):
    visit = _visited(site, rel)
    if not _html(rel).find("script", type="application/vnd.jupyter.widget-state+json"):
        assert visit.widget_views == 0, f"{rel}: widget views but no widget state"
        return
    assert visit.widget_views, f"{rel}: widget state but no widget view"
    assert not visit.unrendered, f"{rel}: widget outputs left empty: {visit.unrendered}"


@pytest.mark.parametrize("rel", PAGES)
def test_explorer_controls_change_what_is_shown(site, rel):
    explorers = _visited(site, rel).explorers
    expected = sum("lwt-explorer" in (model.get("state") or {}).get("_dom_classes", [])
                   for model in _widget_models(rel))
    assert len(explorers) == expected, \
        f"{rel}: {expected} explorers in the widget state, {len(explorers)} on the page"
    for ex in explorers:
        assert len(ex["options"]) > 1, f"{rel}: explorer {ex['index']} has one option"
        assert not ex["unchanged"], \
            f"{rel}: explorer {ex['index']}: choosing {ex['unchanged']} changed nothing"
        assert ex["keyboard"], f"{rel}: explorer {ex['index']} does not respond to the keyboard"


@pytest.mark.parametrize("rel", CONTENT_PAGES)
def test_no_sideways_scroll_at_375px(site, rel):
    narrow = _visited(site, rel).narrow
    assert narrow["scrollWidth"] <= narrow["innerWidth"] + 1, f"{rel} at {NARROW}px: {narrow}"


@pytest.mark.parametrize("rel", PAGES)
def test_no_table_is_cut_at_1280px(site, rel):
    """At 1280 px every table fits its column, or (marked wide at build time) the wider box
    that reaches over the right-hand margin: none is cut off, none needs scrolling."""
    cut = _visited(site, rel).cut_tables
    assert not cut, f"{rel} at 1280px: tables wider than what shows of them: {cut}"


@pytest.mark.parametrize("rel", PAGES)
def test_scrolling_tables_keep_their_row_labels_at_375px(site, rel):
    """A table that scrolls on a phone keeps its first column (the row labels) and its caption
    in view while its numbers scroll, and leaves the numbers room."""
    bad = []
    for table in _visited(site, rel).scrolling_tables:
        if table["moved"] or not table["captionInView"] or not table["scrolled"]:
            bad.append(table)
        elif table["labelsWidth"] > 0.5 * table["boxWidth"]:
            bad.append({**table, "why": "row labels take more than half the box"})
    assert not bad, f"{rel} at {NARROW}px: " + json.dumps(bad, ensure_ascii=False)


@pytest.mark.parametrize("rel", PAGES)
def test_keyboard_scrolls_every_wide_table(site, rel):
    """A keyboard user reaches each table that scrolls (a Tab stop) and scrolls it with the
    arrow keys."""
    bad = [t["keyboard"] or t["table"] for t in _visited(site, rel).scrolling_tables
           if not (t["keyboard"] and t["keyboard"]["focused"] and t["keyboard"]["scrolled"]
                   and t["keyboard"]["tabindex"] == "0")]
    assert not bad, f"{rel} at {NARROW}px: tables a keyboard cannot scroll: {bad}"


@pytest.mark.parametrize("rel", PAGES)
def test_a_wide_table_never_shows_above_the_header_at_1280px(site, rel):
    """A table laid out over the margin passes under the page's chrome when scrolled: beside
    the article's header the folded table of contents covers it, as the header covers the
    rest (and the contents stay one click away)."""
    wide = _visited(site, rel).wide_under_header
    if wide is None:
        return  # no wide table on this page
    assert wide["boxTop"] < 0 < wide["boxBottom"] and wide["boxRight"] > 1240, \
        f"{rel}: not under the header: {wide}"
    assert not wide["inTable"], f"{rel}: the table shows beside the header: {wide}"


def test_some_pages_have_a_wide_table_to_check(site):
    """The test above checks something: several pages have a table laid out over the margin."""
    assert sum(v.wide_under_header is not None for v in site["visits"].values()) >= 3


@pytest.mark.parametrize("rel", PAGES)
def test_tables_not_yet_drawn_keep_about_their_height(site, rel):
    """Table boxes are laid out only near the screen (content-visibility: auto, what keeps the
    audit page fast); until then each keeps the height estimated at build time. That estimate
    is within a factor of two of the drawn height, on a desktop and on a phone, so the scroll
    bar and a jump to a heading land about where the page settles."""
    visit = _visited(site, rel)
    for width, heights in visit.table_heights.items():
        for t in heights:
            assert t["estimate"] > 0, f"{rel} at {width}px: no height kept: {t}"
            assert 0.5 <= t["drawn"] / t["estimate"] <= 2, f"{rel} at {width}px: {t}"


def test_some_tables_scroll_at_375px(site):
    """The two tests above check something: on a phone some tables do scroll."""
    assert sum(len(v.scrolling_tables) for v in site["visits"].values()) >= 10


@pytest.mark.parametrize("rel", PAGES)
def test_explorer_controls_fit_a_thumb_at_375px(site, rel):
    """On a phone an explorer's choice list is on screen, at least 44 px high (WCAG 2.5.5)
    and wide enough to read an option (most of the width)."""
    for control in _visited(site, rel).narrow_controls:
        assert control["left"] >= 0 and control["right"] <= NARROW, f"{rel}: {control}"
        assert control["height"] >= 44 and control["width"] >= 0.8 * (NARROW - 32), \
            f"{rel}: {control}"


def test_search_finds_a_dutch_word(site):
    """Search works (Dutch stemmer) and its result page passes axe too."""
    search = site["search"]
    assert search["hits"] > 0, f"search for {SEARCH_QUERY!r} found nothing"
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in search["axe"]]
    assert not bad, f"search page: {bad}"


def test_keyboard_reaches_the_content_first(site):
    keyboard = site["keyboard"]
    assert keyboard["first"] == ["A", "#main-content"], \
        f"first Tab stop is {keyboard['first']}, not the skip link"
    assert keyboard["in_main"], "the skip link does not lead into the main content"


# ----------------------------------------------------------- the pages' HTML (no browser)

@cache
def _html(rel: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")


def _widget_models(rel: str) -> list[dict]:
    """The widget models stored in the page (myst-nb embeds the notebook's widget state)."""
    models = []
    for script in _html(rel).find_all("script", type="application/vnd.jupyter.widget-state+json"):
        models += json.loads(script.string or "{}").get("state", {}).values()
    return models


def _widget_state_image_alts(rel: str) -> list[str]:
    alts = []
    for model in _widget_models(rel):
        value = (model.get("state") or {}).get("value")
        if isinstance(value, str) and "<img" in value:
            alts += [img.get("alt") for img in BeautifulSoup(value, "html.parser")("img")]
    return alts


# ----------------------------------------------------------------- self-hosting (no browser)

def test_no_stylesheet_points_at_another_host():
    """Fonts and images in the site's CSS come from the site (checked without a browser too)."""
    pattern = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*(?:https?:)?//""", re.I)
    offenders = [css.relative_to(SITE).as_posix() for css in SITE.rglob("*.css")
                 if pattern.search(css.read_text(encoding="utf-8", errors="replace"))]
    assert not offenders, f"stylesheets that load from another host: {offenders}"


def test_vendored_javascript_matches_its_manifest():
    """_vendor/static/lwt-vendor holds the npm files listed in _vendor/MANIFEST.json, unchanged."""
    import hashlib

    vendor = ROOT / "_vendor" / "static" / "lwt-vendor"
    manifest = json.loads((ROOT / "_vendor" / "MANIFEST.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for rel, entry in manifest.items():
        data = (vendor / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{rel} was changed"
        assert lock[f"node_modules/{entry['package']}"]["version"] == entry["version"], rel
        assert (SITE / "_static" / "lwt-vendor" / rel).read_bytes() == data, \
            f"{rel} is not what the site serves"
