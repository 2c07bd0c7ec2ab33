"""What pages.py and lighthouse.py share: the site's pages and a 127.0.0.1 server for them."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

CHROMIUM = "/usr/bin/chromium"
#: Headless flags from the field notes (§5, §10); the same for playwright and Lighthouse.
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads", "data", "reports", "jupyter_execute"}
#: A chapter of the report: book/00_samenvatting.html … book/07_conclusies.html.
CHAPTER = re.compile(r"^book/\d\d_[^/]+\.html$")


def is_redirect(html: str) -> bool:
    return re.search(r'<meta\s+http-equiv="refresh"', html, re.I) is not None


def pages(site: Path) -> list[str]:
    """Every HTML page of the site, except the assets, the data and Jupyter Book's root redirect."""
    out = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        if rel.parts[0] in SKIP_DIRS or rel.parts[0].startswith("."):
            continue
        if is_redirect(path.read_text("utf-8")):
            continue
        out.append(rel.as_posix())
    return sorted(out)


def has_widgets(site: Path, page: str) -> bool:
    return WIDGET_STATE in (site / page).read_text("utf-8")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like a production host sends them: text gzip-compressed (as GitHub Pages,
    Netlify or nginx with ``gzip on`` do), everything else as is. Compressed bodies are made
    once per file and kept in memory."""

    COMPRESS: ClassVar[set[str]] = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map",
                                    ".xml", ".csv", ".ttf", ".otf", ".eot", ".ico"}
    cache: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and Path(path).suffix in self.COMPRESS and Path(path).is_file()):
            return super().do_GET()
        if path not in self.cache:
            self.cache[path] = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


def _serve_forever(site: Path, compress: bool) -> None:
    handler = GzipHandler if compress else http.server.SimpleHTTPRequestHandler
    if not compress:
        handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


@contextlib.contextmanager
def serve(site: Path, *, compress: bool = True) -> Iterator[str]:
    """Serve *site* on a free port of 127.0.0.1 (gzip like a real host unless *compress* is
    false); yield the base URL.

    The server is its own process, so that it does not share the GIL with the process that
    drives the browser (in one process every page looked 2–3× slower).
    """
    command = [sys.executable, "-u", __file__, "serve", str(site)]
    proc = subprocess.Popen(command + ([] if compress else ["--plain"]),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        match = re.match(r"port (\d+)", line)
        if not match:
            raise RuntimeError(f"the site server did not start: {line!r}")
        yield f"http://127.0.0.1:{match.group(1)}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    _serve_forever(Path(sys.argv[2]), compress="--plain" not in sys.argv)
