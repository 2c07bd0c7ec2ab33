"""Lighthouse on one page of each type of a built site; prints a Markdown table.

Usage: python benchmarks/lighthouse.py SITE_DIR [--runs N] [--json FILE]

It serves SITE_DIR on 127.0.0.1 and runs the pinned npm package (benchmarks/package.json;
install it with ``cd benchmarks && npm ci``) as ``npx --no lighthouse`` against Debian's
Chromium (CHROME_PATH=/usr/bin/chromium; no browser is downloaded), with Lighthouse's default
mobile emulation and simulated throttling. Each page is run N times; the table gives the
median of each number (and the range of the performance score). The full JSON reports are
kept in benchmarks/_work/lighthouse/.

Page types (a type that the site does not have yet is reported as missing):

* landing page – book/index.html
* chapter without widgets – the largest book/NN_*.html without embedded widget state
* chapter with widgets – the largest book/NN_*.html with embedded widget state
  (``application/vnd.jupyter.widget-state+json``)
* audit page – book/controle.html
* re-analysis page – book/herberekening.html
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from common import CHAPTER, CHROME_FLAGS, CHROMIUM, has_widgets, pages, serve

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "_work" / "lighthouse"
CATEGORIES = [("performance", "performance"), ("accessibility", "accessibility"),
              ("best-practices", "best practices"), ("seo", "SEO")]


def page_types(site: Path) -> dict[str, str | None]:
    """The page measured for each type (None when the site has no such page)."""
    all_pages = pages(site)
    chapters = sorted((p for p in all_pages if CHAPTER.match(p)),
                      key=lambda p: (site / p).stat().st_size, reverse=True)

    def first(candidates):
        return next(iter(candidates), None)

    def fixed(page):
        return page if page in all_pages else None

    return {
        "landing page": fixed("book/index.html"),
        "chapter without widgets": first(p for p in chapters if not has_widgets(site, p)),
        "chapter with widgets": first(p for p in chapters if has_widgets(site, p)),
        "audit page": fixed("book/controle.html"),
        "re-analysis page": fixed("book/herberekening.html"),
    }


def run_lighthouse(url: str, out: Path) -> dict:
    command = ["npx", "--no", "--", "lighthouse", url, "--quiet", "--output=json",
               f"--output-path={out}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    subprocess.run(command, cwd=HERE, check=True, timeout=600, capture_output=True,
                   env={**os.environ, "CHROME_PATH": CHROMIUM})
    return json.loads(out.read_text("utf-8"))


def numbers(report: dict) -> dict:
    audits = report["audits"]
    row = {key: round(100 * (report["categories"][key]["score"] or 0))
           for key, _ in CATEGORIES}
    for key, audit in [("fcp", "first-contentful-paint"), ("lcp", "largest-contentful-paint"),
                       ("tbt", "total-blocking-time"), ("bytes", "total-byte-weight")]:
        row[key] = audits[audit].get("numericValue")
    row["findings"] = findings(report)
    return row


def findings(report: dict) -> list[str]:
    """Failed accessibility audits and the performance audits that cost the most."""
    audits, out = report["audits"], []
    for ref in report["categories"]["accessibility"]["auditRefs"]:
        audit = audits[ref["id"]]
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0:
            out.append(f"accessibility: `{ref['id']}` – {audit['title']}")
    costs = []
    for audit in audits.values():
        details = audit.get("details") or {}
        ms = details.get("overallSavingsMs") or 0
        kb = (details.get("overallSavingsBytes") or 0) / 1024
        if (audit.get("score") is not None and audit["score"] < 0.9) and (ms >= 100 or kb >= 50):
            costs.append((ms, kb, audit))
    for ms, kb, audit in sorted(costs, key=lambda c: (-c[0], -c[1]))[:5]:
        saving = ", ".join(s for s in (f"{ms:.0f} ms" if ms else "",
                                       f"{kb:,.0f} KiB" if kb else "") if s)
        out.append(f"performance: `{audit['id']}` – {audit['title']} (saves ~{saving})")
    return out


def measure(site: Path, runs: int) -> list[dict]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    rows = []
    with serve(site) as origin:
        for kind, page in page_types(site).items():
            if page is None:
                rows.append({"type": kind, "page": None})
                continue
            reports = []
            for i in range(runs):
                out = REPORTS / f"{page.replace('/', '_').removesuffix('.html')}-{i + 1}.json"
                reports.append(numbers(run_lighthouse(origin + page, out)))
            row = {"type": kind, "page": page, "runs": runs,
                   "perf_min": min(r["performance"] for r in reports),
                   "perf_max": max(r["performance"] for r in reports),
                   "findings": reports[0]["findings"]}
            for key in [k for k, _ in CATEGORIES] + ["fcp", "lcp", "tbt", "bytes"]:
                row[key] = statistics.median(r[key] for r in reports)
            rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    head = ("| page type | page | performance | accessibility | best practices | SEO "
            "| FCP | LCP | TBT | total bytes |")
    lines = [head, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        if r["page"] is None:
            lines.append(f"| {r['type']} | *(no such page in the site yet)* "
                         "| | | | | | | | |")
            continue
        perf = f"{r['performance']:.0f}"
        if r["runs"] > 1:
            perf += f" ({r['perf_min']}–{r['perf_max']})"
        lines.append(
            f"| {r['type']} | {r['page']} | {perf} | {r['accessibility']:.0f} "
            f"| {r['best-practices']:.0f} | {r['seo']:.0f} | {r['fcp'] / 1000:.1f} s "
            f"| {r['lcp'] / 1000:.1f} s | {r['tbt']:.0f} ms | {r['bytes'] / 1e6:.2f} MB |")
    lines.append("")
    for r in rows:
        if r.get("findings"):
            lines.append(f"- **{r['page']}**: " + "; ".join(r["findings"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON here")
    args = parser.parse_args(argv)
    if not (HERE / "node_modules" / ".bin" / "lighthouse").exists():
        sys.exit("lighthouse is not installed: cd benchmarks && npm ci")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium")
    rows = measure(args.site, args.runs)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(markdown(rows))


if __name__ == "__main__":
    main()
