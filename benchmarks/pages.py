"""Load every page of a built site in Chromium from 127.0.0.1 and print what it costs, as JSON.

Usage: python benchmarks/pages.py SITE_DIR [--loads N] [--out FILE]

Each load uses a fresh browser context (empty cache), waits for the network to go idle (the
widget manager and its fonts load after the ``load`` event) and records every finished request.
Per page the JSON gives the median requests and bytes, DOMContentLoaded and load times (median,
min, max; Navigation Timing, ms from navigation start), the bytes per asset group, what the HTML
needs (widget state, math, Font Awesome icons) and how much of it is inlined images.
``assets`` lists every same-host file with its size, the bytes sent for it and how many pages
load it: where the bytes go.

The server compresses text with gzip, as the static hosts this site will live on do (GitHub
Pages, Netlify, nginx with ``gzip on``); ``--plain`` serves everything uncompressed instead.
``bytes`` is what went over the wire (bodies plus headers); ``raw`` is the same files
uncompressed (their size on disk) – what the browser has to parse and keep.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import re
import statistics
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from common import CHROME_FLAGS, CHROMIUM, WIDGET_STATE, pages, serve
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

#: Asset groups, first match wins (matched against the URL path).
GROUPS = [
    ("widgets (require.js + html-manager)", r"require(js-config)?\.js|html-manager/|embed-amd|"
                                            r"mathjax-hub-shim"),
    ("MathJax", r"/mathjax/|tex-mml|tex-chtml|MathJax_"),
    ("Font Awesome", r"fontawesome|/webfonts/fa-"),
    ("search index", r"searchindex\.js|searchtools\.js|language_data\.js"),
    ("theme JS", r"_static/scripts/.*\.js$"),
    ("theme CSS", r"_static/styles/.*\.css$"),
    ("other CSS", r"\.css$"),
    ("other JS", r"\.js$"),
    ("fonts", r"\.(woff2?|ttf|otf|eot)$"),
    ("images", r"\.(png|jpe?g|gif|svg|webp|ico)$"),
    ("page HTML", r"(\.html|/)$"),
]


def group_of(path: str) -> str:
    for name, pattern in GROUPS:
        if re.search(pattern, path):
            return name
    return "other"


def needs(html: str) -> dict:
    """What the page's own markup needs (widget state, math, Font Awesome icons), how many of
    its bytes are images inlined as data: URIs, and how many scripts block rendering."""
    scripts = re.findall(r"<script\b[^>]*>", html)
    blocking = [t for t in scripts if "src=" in t and not re.search(r"\b(defer|async)\b", t)]
    return {"inline_images": sum(len(m) for m in re.findall(r"data:image/[^\"')\s]+", html)),
            "html_bytes": len(html.encode()), "blocking_scripts": len(blocking),
            "widgets": WIDGET_STATE in html,
            "math": bool(re.search(r'class="[^"]*\bmath\b', html)),
            "fa_icons": len(re.findall(r'class="[^"]*\bfa-(?!solid|regular|brands|lg)[a-z-]+',
                                       html))}


@functools.cache
def disk_size(file: Path) -> int | None:
    return file.stat().st_size if file.is_file() else None


SCROLL_TO_WIDGETS = """async () => {
    const views = document.querySelectorAll(
        'script[type="application/vnd.jupyter.widget-view+json"]');
    for (const view of views) {
        view.parentElement.scrollIntoView();
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    return views.length;
}"""


def load_once(browser, url: str, origin: str, site: Path, settle: int = 0, *,
              javascript: bool = True, read_on: bool = False) -> dict:
    """One cold load of *url*: timings and every finished or failed request. *settle* ms more
    after the network went idle catch what comes late (the widgets' fonts). *javascript*
    False: the page without its scripts (what parsing and styling alone cost). *read_on*: then
    scroll to every explorer, as a reader would, and count what that fetches as well."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    finished, failed = [], []
    page.on("requestfinished", lambda r: finished.append(r))
    page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    page.goto(url, wait_until="load")
    with contextlib.suppress(PlaywrightTimeout):  # a page that never goes idle still counts
        page.wait_for_load_state("networkidle", timeout=15_000)
    if read_on and page.evaluate(SCROLL_TO_WIDGETS):
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function("document.querySelector('.widget-subarea')", timeout=30_000)
            page.wait_for_load_state("networkidle", timeout=15_000)
    page.wait_for_timeout(settle)
    nav = page.evaluate("JSON.parse(JSON.stringify(performance.getEntriesByType('navigation')[0]))")
    files = []
    for request in finished:
        local = request.url.startswith(origin)
        path = unquote(urlsplit(request.url).path)
        file = site / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        sizes = request.sizes()
        response = request.response()
        files.append({"path": path if local else request.url, "local": local,
                      "status": response.status if response else None,
                      "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                      "body": sizes["responseBodySize"],
                      "raw": disk_size(file) if local else None})
    context.close()
    return {"dcl": nav["domContentLoadedEventEnd"], "load": nav["loadEventEnd"],
            "files": files, "failed": failed}


def summarise(site: Path, page_path: str, runs: list[dict]) -> dict:
    """Medians over the loads; the asset groups, problems and gzip bytes of the first load."""
    first = runs[0]
    groups: dict[str, int] = {}
    for f in first["files"]:
        name = group_of(f["path"]) if f["local"] else "other host"
        groups[name] = groups.get(name, 0) + f["bytes"]
    dcl = [r["dcl"] for r in runs]
    load = [r["load"] for r in runs]
    return {
        "page": page_path,
        **needs((site / page_path).read_text("utf-8")),
        "requests": int(statistics.median(len(r["files"]) for r in runs)),
        "bytes": int(statistics.median(sum(f["bytes"] for f in r["files"]) for r in runs)),
        "raw": sum(f["raw"] or f["body"] for f in first["files"]),
        "dcl": statistics.median(dcl), "dcl_min": min(dcl), "dcl_max": max(dcl),
        "load": statistics.median(load), "load_min": min(load), "load_max": max(load),
        "groups": groups,
        "external": sorted({f["path"] for f in first["files"] if not f["local"]}),
        "errors": sorted({f"{f['path']} ({f['status']})" for f in first["files"]
                          if (f["status"] or 0) >= 400} | set(first["failed"])),
    }


def measure(site: Path, loads: int, *, compress: bool = True) -> dict:
    rows, assets = [], {}
    with serve(site, compress=compress) as origin, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        for page_path in pages(site):
            runs = [load_once(browser, origin + page_path, origin, site, 1500 if i == 0 else 0)
                    for i in range(loads)]
            row = summarise(site, page_path, runs)
            bare = [load_once(browser, origin + page_path, origin, site, javascript=False)
                    for _ in range(max(3, loads // 2))]
            row["dcl_nojs"] = statistics.median(r["dcl"] for r in bare)
            if row["widgets"]:
                read = load_once(browser, origin + page_path, origin, site, 1500, read_on=True)
                row["bytes_read"] = sum(f["bytes"] for f in read["files"])
                row["raw_read"] = sum(f["raw"] or f["body"] for f in read["files"])
            rows.append(row)
            for f in runs[0]["files"]:
                if f["local"] and (f["status"] or 0) < 400:
                    asset = assets.setdefault(f["path"], {
                        "bytes": f["body"], "raw": f["raw"], "group": group_of(f["path"]),
                        "pages": 0})
                    asset["pages"] += 1
        browser.close()
    return {"loads": loads, "compressed": compress, "pages": rows, "assets": assets}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--plain", action="store_true", help="serve without compression")
    parser.add_argument("--out", type=Path, help="write the JSON here instead of stdout")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        sys.exit(f"no built site at {args.site} (run `make book`)")
    result = json.dumps(measure(args.site, args.loads, compress=not args.plain), indent=1)
    if args.out:
        args.out.write_text(result, encoding="utf-8")
    else:
        print(result)


if __name__ == "__main__":
    main()
