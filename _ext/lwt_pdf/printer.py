"""Print the print document (:mod:`lwt_pdf.document`) to one tagged PDF with Chromium.

Chromium prints A4 pages with the running header and "pagina X van Y" from the stylesheet's
page margin boxes, a tagged PDF (``tagged=True``) and an outline built from the headings
(``outline=True``). It cannot put page numbers in the text (no ``target-counter()``), so the
document is printed more than once: the first print says where every linked id landed (the
PDF's named destinations), those numbers are written into the table of contents and the page
references, and it is printed again, until the numbers hold (twice, as a rule: the
placeholders are as wide as the numbers). Then pypdf sets the metadata (title, authors,
language ``nl``, XMP for PDF/UA readers) and makes the links to the site's files relative to
the PDF, so that they work where the PDF sits in the site.

    PYTHONPATH=_ext python -m lwt_pdf        # after `jupyter-book build .`; `make pdf` does both
"""

from __future__ import annotations

import argparse
import io
import json
import os
import posixpath
import re
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from lwt_pdf import PDF_PATH, SIZE_MARK, size_text
from lwt_pdf.document import PrintDocument, assemble

CHROMIUM = os.environ.get("LWT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-extensions"]
#: prints at most this often before giving up on page numbers that keep moving
MAX_PASSES = 4
STYLESHEET = Path(__file__).with_name("print.css")
SIZE_SPAN = re.compile(rf'(<span class="lwt-pdf-size" {SIZE_MARK}="">)(.*?)(</span>)')
#: Keeps only the soft hyphens at which a line breaks. Chromium writes every soft hyphen into
#: the PDF's text (a search for "interactief" would not find "inter\u00adactief"); one that
#: breaks a line is right there (it marks a hyphenated word for copying and reading aloud).
#: Dropping the unused ones changes no line: each line still ends at the same opportunity.
#: Measured in print media at the page's width (html is as wide as the page's content area).
KEEP_USED_HYPHENS = """() => {
  const SHY = '\\u00ad';
  if (!window.lwtHyphenated) {
    window.lwtHyphenated = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (walker.currentNode.data.includes(SHY)) {
        window.lwtHyphenated.push([walker.currentNode, walker.currentNode.data]);
      }
    }
  }
  for (const [node, original] of window.lwtHyphenated) node.data = original;
  // a soft hyphen that breaks a line is drawn (as a hyphen): its range has a width
  const range = document.createRange();
  const drawn = (node, i) => {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return Array.from(range.getClientRects()).some(rect => rect.width > 0.5);
  };
  const plans = window.lwtHyphenated.map(([node, original]) => {
    const used = new Set();
    for (let i = original.indexOf(SHY); i >= 0; i = original.indexOf(SHY, i + 1)) {
      if (drawn(node, i)) used.add(i);
    }
    return [node, original, used];
  });
  let kept = 0;
  for (const [node, original, used] of plans) {
    node.data = Array.from(original, (c, i) => (c !== SHY || used.has(i)) ? c : '').join('');
    kept += used.size;
  }
  return kept;
}"""
FILL_NUMBERS = """numbers => {
  for (const el of document.querySelectorAll('[data-lwt-target]')) {
    el.textContent = String(numbers[el.dataset.lwtTarget]);
  }
}"""


@dataclass
class Result:
    """What a build made, for the log and the benchmarks."""

    path: Path
    pages: int
    size: int
    passes: int
    seconds: float              #: in all
    steps: dict[str, float]     #: seconds of each step: assemble, print (all passes), finish
    explorers: int
    lost_links: list[str]


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Page number (from 1) of every named destination of *pdf* (Chromium names them by the
    ids that links point at)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        index = {page.obj.objgen: number for number, page in enumerate(doc.pages, 1)}
        if "/Dests" in doc.Root:
            items = [(str(k), v) for k, v in doc.Root.Dests.items()]
        elif "/Names" in doc.Root and "/Dests" in doc.Root.Names:
            items = list(pikepdf.NameTree(doc.Root.Names.Dests).items())
        else:
            items = []
        found = {}
        for name, dest in items:
            if isinstance(dest, pikepdf.Dictionary):
                dest = dest.D
            found[str(name).lstrip("/")] = index[dest[0].objgen]
        return found


def print_pdf(document: Path, targets: set[str]) -> tuple[bytes, int]:
    """*document* printed, with the page numbers of *targets* filled in; and how many prints
    that took. The first print, with placeholders for the numbers, only finds them: it is
    untagged (a tagged print takes half as long again). Every later one is tagged and has the
    outline, and is the result once the numbers in it are the pages they point at. Raises if a
    target has no page or the numbers do not settle."""
    from playwright.sync_api import sync_playwright

    def pages_of_targets(pdf: bytes) -> dict[str, int]:
        landed = destination_pages(pdf)
        missing = sorted(targets - set(landed))
        if missing:
            raise RuntimeError(f"{document}: {len(missing)} linked targets have no page in the "
                               f"PDF (hidden or empty?): {missing[:5]}")
        return {t: landed[t] for t in targets}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1200})
            page.emulate_media(media="print")
            page.goto(document.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            shown: dict[str, int] | None = None
            for attempt in range(1, MAX_PASSES + 1):
                page.evaluate(KEEP_USED_HYPHENS)
                final = shown is not None
                pdf = page.pdf(prefer_css_page_size=True, print_background=True, tagged=final,
                               outline=final)
                wanted = pages_of_targets(pdf)
                if wanted == shown:
                    return pdf, attempt
                page.evaluate(FILL_NUMBERS, wanted)
                shown = wanted
        finally:
            browser.close()
    raise RuntimeError(f"{document}: page numbers still moving after {MAX_PASSES} prints")


def finish(pdf: bytes, doc: PrintDocument, site: Path) -> bytes:
    """*pdf* with its metadata set, its links to the site's files made relative, and its
    objects packed into object streams (the tagged structure is ~24,000 small objects: the
    file shrinks by about 40 %)."""
    import pikepdf

    ed = doc.edition
    stamp = datetime(ed.day.year, ed.day.month, ed.day.day, tzinfo=UTC)
    authors = ", ".join(ed.authors)
    subject = (f"Uitvoerbare editie van het rapport {ed.report_title} ({ed.year}), "
               f"{ed.institution}; versie {ed.version}")
    creator = "Boeiend en bindend – _ext/lwt_pdf (Chromium)"
    with pikepdf.open(io.BytesIO(pdf)) as out:
        out.docinfo["/Title"] = ed.title
        out.docinfo["/Author"] = (f"{authors} (rapport, {ed.year}); deze editie: de "
                                  f"bijdragers aan {ed.title}")
        out.docinfo["/Subject"] = subject
        out.docinfo["/Keywords"] = "leerwerktrajecten, vmbo, monitor, open data, ITS, OCW"
        out.docinfo["/Creator"] = creator
        out.docinfo["/CreationDate"] = out.docinfo["/ModDate"] = \
            stamp.strftime("D:%Y%m%d%H%M%S+00'00'")
        with out.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:title"] = ed.title
            xmp["dc:creator"] = [*ed.authors, f"de bijdragers aan {ed.title}"]
            xmp["dc:description"] = subject
            xmp["dc:language"] = {"nl"}
            xmp["xmp:CreatorTool"] = creator
            xmp["xmp:CreateDate"] = xmp["xmp:ModifyDate"] = stamp.isoformat()
        out.Root.Lang = pikepdf.String("nl")
        fix_outline(out, doc.headings)

        base = site.resolve().as_uri() + "/"
        here = posixpath.dirname(PDF_PATH)
        for page in out.pages:
            for annotation in page.obj.get("/Annots") or ():
                action = annotation.get("/A")
                if action is None or action.get("/S") != "/URI":
                    continue
                uri = str(action.URI)
                if uri.startswith(base):
                    action.URI = pikepdf.String(
                        posixpath.relpath(unquote(uri[len(base):]), here))
        buffer = io.BytesIO()
        out.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, deterministic_id=True)
        return buffer.getvalue()


def _despaced(text: str) -> str:
    return re.sub(r"[\s\u00ad\u2010]+", "", text)  # a heading broken at a soft hyphen


def fix_outline(pdf, headings: list[str]) -> int:
    """Chromium titles a bookmark with its heading's text as laid out, without the space
    where the heading wraps onto a second line ("invoering vanleerwerktrajecten"). Each
    bookmark gets the text of its heading back (matched in order, ignoring spaces); returns
    how many were mended."""
    queue = list(headings)
    mended = 0
    with pdf.open_outline() as tree:
        items = []

        def walk(level) -> None:
            for item in level:
                items.append(item)
                walk(item.children)

        walk(tree.root)
        for item in items:
            while queue and _despaced(queue[0]) != _despaced(item.title):
                queue.pop(0)  # a heading Chromium left out of the outline
            if not queue:
                raise RuntimeError(f"bookmark {item.title!r} matches no heading")
            text = queue.pop(0)
            if item.title != text:
                item.title = text
                mended += 1
    return mended


def write_size(site: Path, pdf: Path) -> list[Path]:
    """Write the size of *pdf* into every built page that links it; returns those pages."""
    changed = []
    text = size_text(pdf)
    for path in sorted(site.glob("**/*.html")):
        if "_static" in path.parts:
            continue
        page = path.read_text(encoding="utf-8")
        if SIZE_MARK not in page:
            continue
        new = SIZE_SPAN.sub(lambda m: m.group(1) + text + m.group(3), page)
        if new != page:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def build(root: Path, site: Path | None = None, out: Path | None = None) -> Result:
    """The PDF edition of the site built in *site* (default ``_build/html``)."""
    import pikepdf

    start = time.perf_counter()
    site = (site or root / "_build" / "html").resolve()
    out = out or site / PDF_PATH
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}: no built site; run `make book` (jupyter-book build)")
    steps = {}
    doc = assemble(root, site, STYLESHEET)
    work = root / "_build" / "pdf"
    work.mkdir(parents=True, exist_ok=True)
    html_path = (work / Path(PDF_PATH).with_suffix(".html").name).resolve()
    html_path.write_text(doc.html, encoding="utf-8")
    steps["assemble"] = time.perf_counter() - start
    pdf, passes = print_pdf(html_path, doc.targets)
    steps["print"] = time.perf_counter() - start - steps["assemble"]
    pdf = finish(pdf, doc, site)
    steps["finish"] = time.perf_counter() - start - steps["assemble"] - steps["print"]
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".pdf.part")
    partial.write_bytes(pdf)
    partial.replace(out)
    write_size(site, out)
    with pikepdf.open(out) as written:
        pages = len(written.pages)
    return Result(path=out, pages=pages, size=out.stat().st_size,
                  passes=passes, seconds=time.perf_counter() - start, steps=steps,
                  explorers=doc.explorers, lost_links=doc.lost_links)


def main(argv: list[str] | None = None) -> int:
    """``python -m lwt_pdf [--site DIR] [ROOT]``: the PDF of the site built from ROOT (default:
    the current folder) into DIR (default: ROOT/_build/html). Prints one JSON line with
    ``--json`` (for the benchmarks)."""
    parser = argparse.ArgumentParser(prog="python -m lwt_pdf", description=main.__doc__)
    parser.add_argument("root", nargs="?", type=Path, default=Path("."))
    parser.add_argument("--site", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    result = build(root, args.site)
    for href in result.lost_links:
        print(f"lwt_pdf: link to {href} has no target in the book; printed as text",
              file=sys.stderr)
    if args.json:
        print(json.dumps({"pages": result.pages, "bytes": result.size, "prints": result.passes,
                          "seconds": result.seconds, **result.steps}))
    else:
        print(f"lwt_pdf: {result.path}: {result.pages} pages, {result.size / 1e6:.1f} MB, "
              f"{result.explorers} explorers drawn statically, {result.passes} prints, "
              f"{result.seconds:.1f} s ("
              + ", ".join(f"{k} {v:.1f} s" for k, v in result.steps.items()) + ")")
    return 0
