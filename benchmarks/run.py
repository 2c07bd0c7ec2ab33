"""Measure the project on this machine and write benchmarks/results.md.

Run it with ``make bench``. Every measurement is repeated and the report gives medians and
ranges. Items 1 and 2 are also given as ratios to a floor measured in the same run, in
alternating order, because these machines are noisy and shared. Nothing here is a test:
targets are reported, not asserted. See benchmarks/README.md for what each number means.

    python benchmarks/run.py [--quick] [--only 1,3,4] [--site DIR] [--wait-quiet SECONDS]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from common import CHAPTER, CHROMIUM  # noqa: E402

BIN = Path(sys.executable).parent
PY = str(BIN / "python")
WORK = HERE / "_work"
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "nbval_sanitize.cfg"]
FLOOR_IMPORTS = "import lwtbook, pandas, matplotlib.pyplot, seaborn, statsmodels.api, ipywidgets"
LOAD_ALL = ("import lwtbook; lwtbook.validate(); "
            "[lwtbook.load(t) for t in lwtbook.catalog().query('kind == \"table\"').id]")
JB_IMPORTS = "import jupyter_book.cli.main, myst_nb.sphinx_ext, sphinx_book_theme, " \
             "sphinxcontrib.bibtex"
MB = 1_000_000


# ----------------------------------------------------------------------------- helpers

@dataclass
class Runs:
    """Wall-clock seconds of repeated runs of one command, and how the failures ended."""
    times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    last_output: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def brief(self) -> str:
        """Median and range; the number of failed runs without their message."""
        text = (f"{self.median:.2f} s (range {min(self.times):.2f}–{max(self.times):.2f}, "
                f"n={len(self.times)})")
        if self.failures:
            text += f" – **{len(self.failures)} run(s) failed**"
        return text

    def __str__(self) -> str:
        return self.brief() + (f": {self.failures[-1]}" if self.failures else "")


def run_once(command: Sequence[str], runs: Runs, *, env: dict | None = None) -> None:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    runs.times.append(time.perf_counter() - start)
    runs.last_output = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    if done.returncode != 0:
        tail = [ln for ln in runs.last_output.strip().splitlines() if ln.strip()][-1:]
        runs.failures.append(f"exit {done.returncode}: `{' '.join(tail)[:200]}`")


def alternate(commands: dict[str, Sequence[str]], repeat: int,
              before: dict[str, Callable[[], None]] | None = None) -> dict[str, Runs]:
    """Run the commands in turn, *repeat* rounds, so drifting load hits all of them alike."""
    results = {name: Runs() for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            if before and name in before:
                before[name]()
            run_once(command, results[name])
    return results


def pytest_summary(output: str) -> str:
    """pytest's closing line ("12 passed, 1 failed in 3.2s"), without its decoration."""
    for line in reversed(output.splitlines()):
        if re.search(r"\d+ (passed|failed|errors?)\b.* in [\d.]+s", line):
            return line.strip("= ").strip()
    return "no pytest summary"


def load_average() -> float:
    return os.getloadavg()[0]


def wait_quiet(max_wait: float) -> None:
    """Wait (at most *max_wait* s) until the 1-minute load average is below 1.5."""
    deadline = time.monotonic() + max_wait
    while load_average() >= 1.5 and time.monotonic() < deadline:
        time.sleep(5)


def busy_note() -> list[str]:
    load, cores = load_average(), os.cpu_count() or 1
    if load > cores:
        return [f"- ⚠ the machine was busy when this section started (load average {load:.1f} "
                f"on {cores} cores): times are inflated", ""]
    return []


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def command_output(command: Sequence[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    return (done.stdout.strip().splitlines() or ["unavailable"])[-1]


def machine() -> list[str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    lighthouse = HERE / "node_modules" / "lighthouse" / "package.json"
    lh = json.loads(lighthouse.read_text())["version"] if lighthouse.exists() else "not installed"
    commit = command_output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = command_output(["git", "-C", str(ROOT), "status", "--porcelain"])
    stack = ", ".join(f"{p} {version(p)}" for p in
                      ["jupyter-book", "sphinx", "myst-nb", "pandas", "nbval", "pytest-xdist",
                       "playwright"])
    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"{mem_kb / 1024 / 1024:.1f} GiB memory",
        f"- system: {platform.platform()}; Python {platform.python_version()}",
        f"- load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- repository: {ROOT} at {commit}{' + uncommitted changes' if dirty else ''}",
        f"- stack: {stack}",
        f"- browser: {command_output([CHROMIUM, '--version'])}; node "
        f"{command_output(['node', '--version'])}; lighthouse {lh}",
    ]


# ----------------------------------------------------------------------------- the seven items

@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    #: (what, measured, target, met) for the summary table at the top
    targets: list[tuple[str, str, str, bool | None]] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def target(self, what: str, measured: str, target: str, met: bool | None) -> None:
        self.targets.append((what, measured, target, met))


def bench_import(report: Report, repeat: int) -> None:
    report.add("## 1. `import lwtbook` + validate + load all tables, against bare `import pandas`",
               "", *busy_note())
    runs = alternate({"bare": [PY, "-c", "import pandas"], "full": [PY, "-c", LOAD_ALL]},
                     repeat)
    bare, full = runs["bare"], runs["full"]
    over = full.median - bare.median
    # where the time goes, measured in one process
    steps = subprocess.run([PY, "-c", (
        "import json, time; t = [time.perf_counter()]\n"
        "import pandas; t.append(time.perf_counter())\n"
        "import lwtbook; t.append(time.perf_counter())\n"
        "lwtbook.validate(); t.append(time.perf_counter())\n"
        "ids = list(lwtbook.catalog().query('kind == \"table\"').id); "
        "t.append(time.perf_counter())\n"
        "[lwtbook.load(i) for i in ids]; t.append(time.perf_counter())\n"
        "print(json.dumps([b - a for a, b in zip(t, t[1:])] + [len(ids)]))")],
        cwd=ROOT, capture_output=True, text=True)
    report.add(f"- bare `import pandas`: {bare}",
               f"- `{LOAD_ALL}`: {full}",
               f"- difference of the medians: **{over:.2f} s** (target ≤ 0.5 s); "
               f"ratio **{full.median / bare.median:.2f}**")
    if steps.returncode == 0:
        *parts, n = json.loads(steps.stdout)
        names = ["import pandas", "import lwtbook (after pandas)", "validate()", "catalog()",
                 f"load() × {n} tables"]
        report.add("- one run, step by step: " + "; ".join(
            f"{name} {secs:.2f} s" for name, secs in zip(names, parts, strict=True)))
    report.add("")
    report.target("1. import + validate + load all, over bare pandas", f"{over:.2f} s",
                  "≤ 0.5 s", over <= 0.5)


def floor_notebook() -> Path:
    import nbformat

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "floor.ipynb"
    cell = nbformat.v4.new_code_cell(FLOOR_IMPORTS, execution_count=1)
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def bench_nbval(report: Report, repeat: int) -> None:
    report.add("## 2. Strict nbval over all chapter notebooks, against N × a floor notebook", "",
               *busy_note())
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "book").glob("*.ipynb"))
    floor = str(floor_notebook().relative_to(ROOT))
    pytest = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", *NBVAL]
    runs = alternate({"floor": [*pytest, "-p", "no:xdist", floor],
                      "serial": [*pytest, "-p", "no:xdist", *notebooks],
                      "parallel": [*pytest, "-n", "2", "--dist", "loadscope", *notebooks]},
                     repeat)
    n = len(notebooks)
    base = n * runs["floor"].median
    serial, parallel = runs["serial"].median / base, runs["parallel"].median / base
    report.add(
        f"- {n} notebooks (`book/*.ipynb`); pytest {' '.join(NBVAL)}",
        f"- floor: one notebook with the single cell `{FLOOR_IMPORTS}`, run the same way: "
        f"{runs['floor']}",
        f"- N × floor = {n} × {runs['floor'].median:.2f} s = **{base:.1f} s**",
        f"- serial (`-p no:xdist`): {runs['serial'].brief()} → ratio **{serial:.2f}**; "
        f"last run: {pytest_summary(runs['serial'].last_output)}",
        f"- parallel (`-n 2 --dist loadscope`): {runs['parallel'].brief()} → ratio "
        f"**{parallel:.2f}**; last run: {pytest_summary(runs['parallel'].last_output)}", "")
    report.target("2. strict nbval / (N × floor), serial", f"{serial:.2f}", "≤ 1.5",
                  serial <= 1.5)
    report.target("2. strict nbval / (N × floor), `-n 2`", f"{parallel:.2f}", "≤ 1.5",
                  parallel <= 1.5)


def bench_build(report: Report, repeat: int, out: Path) -> Path:
    """Clean and no-change builds into *out*; returns the built site for items 4 and 5."""
    report.add("## 3. `jupyter-book build . -W -n --keep-going`", "", *busy_note())
    jb = [str(BIN / "jupyter-book"), "build", ".", "--path-output", str(out), "-W", "-n",
          "--keep-going"]
    clean, again = Runs(), Runs()
    for _ in range(repeat):
        shutil.rmtree(out / "_build", ignore_errors=True)
        run_once(jb, clean)
        run_once(jb, again)
    imports = alternate({"imports": [PY, "-c", JB_IMPORTS]}, repeat)["imports"]
    # `make book` in the repository: builds if anything changed, then is a no-change rebuild
    make_book = ["make", "--no-print-directory", "-s", "book"]
    run_once(make_book, Runs())
    make_again = Runs()
    for _ in range(max(repeat, 3)):
        run_once(make_book, make_again)
    site = out / "_build" / "html"
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    maps = sum(p.stat().st_size for p in site.rglob("*.map"))
    report.add(
        f"- clean build (`_build` removed, into `--path-output` in /tmp): {clean} "
        "(target ≤ 30 s)",
        f"- no-change rebuild with `make book` (the README's build command; make compares the "
        f"time stamps of every input of the site with the last build's): {make_again} "
        "(target ≤ 3 s)",
        f"- no-change rebuild by Sphinx itself, `jupyter-book build` right after a clean build: "
        f"{again}",
        f"- for scale, only importing Jupyter Book, myst-nb, the theme and bibtex "
        f"(`{JB_IMPORTS}`) takes {imports}: Sphinx's own no-change check can't be faster "
        "than that",
        f"- the built site: {size / MB:.1f} MB in "
        f"{sum(1 for p in site.rglob('*') if p.is_file())} files, of which source maps "
        f"(`*.map`, never requested by a browser) {maps / MB:.1f} MB", "")
    report.target("3. clean build", f"{clean.median:.1f} s", "≤ 30 s", clean.median <= 30)
    report.target("3. no-change rebuild, `make book`", f"{make_again.median:.2f} s", "≤ 3 s",
                  make_again.median <= 3 and not make_again.failures)
    report.target("3. no-change rebuild, `jupyter-book build` itself",
                  f"{again.median:.1f} s (imports alone {imports.median:.1f} s)", "≤ 3 s",
                  again.median <= 3)
    return site


def kb(n: float | None) -> str:
    return "–" if n is None else f"{n / 1000:,.0f} kB"


def browser_script(report: Report, script: str, site: Path,
                   *args: str) -> tuple[subprocess.CompletedProcess | None, Path]:
    """Run benchmarks/<script> on *site*; its last option names the JSON file it writes.
    A failure is reported (and None returned) so that the other items still run."""
    out = WORK / f"{Path(script).stem}.json"
    done = subprocess.run([PY, str(HERE / script), str(site), *args, str(out)], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        report.add(f"- failed: `{(done.stderr or done.stdout).strip()[-800:]}`", "")
        return None, out
    return done, out


def bench_pages(report: Report, site: Path, loads: int) -> None:
    report.add(f"## 4. Every page in Chromium from 127.0.0.1 (median of {loads} cold loads)", "",
               *busy_note())
    done, out = browser_script(report, "pages.py", site, "--loads", str(loads), "--out")
    if done is None:
        return
    data = json.loads(out.read_text("utf-8"))
    rows = data["pages"]
    report.add(
        "Served gzip-compressed like a static host (GitHub Pages, Netlify) would: *sent* is what "
        "went over the wire, *uncompressed* what the browser had to parse. DCL = "
        "DOMContentLoaded, load = the load event, both ms from navigation start; fresh "
        "browser context (empty cache) for every load. *DCL without scripts*: the same page "
        "loaded with JavaScript off – what parsing the HTML and applying the stylesheet "
        "alone cost on this machine, the floor for DCL. Pages with explorers fetch the widget "
        "scripts only when the reader comes near one: *after reading on* is one more load "
        "that scrolls to every explorer and waits until they are drawn.", "",
        "| page | widgets | requests | sent | uncompressed | DCL ms (range) "
        "| DCL without scripts | load ms (range) | after reading on: sent, uncompressed "
        "| problems |",
        "| --- | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        problems = len(r["errors"]) + len(r["external"])
        read = (f"{kb(r['bytes_read'])}, {kb(r['raw_read'])}" if "bytes_read" in r else "")
        report.add(
            f"| {r['page']} | {'yes' if r['widgets'] else ''} | {r['requests']} "
            f"| {kb(r['bytes'])} | {kb(r['raw'])} "
            f"| {r['dcl']:.0f} ({r['dcl_min']:.0f}–{r['dcl_max']:.0f}) "
            f"| {r.get('dcl_nojs', float('nan')):.0f} "
            f"| {r['load']:.0f} ({r['load_min']:.0f}–{r['load_max']:.0f}) "
            f"| {read} | {problems or ''} |")
    report.add("")
    for r in rows:
        for problem in r["errors"] + [f"other host: {u}" for u in r["external"]]:
            report.add(f"- problem on {r['page']}: `{problem}`")
    report.add("")
    chapters = [r for r in rows if CHAPTER.match(r["page"])]
    plain = [r for r in chapters if not r["widgets"]]
    widgets = [r for r in chapters if r["widgets"]]
    if plain:
        worst = max(plain, key=lambda r: r["raw"])
        slow = max(plain, key=lambda r: r["dcl"])
        report.target("4. chapter without widgets, bytes (largest)",
                      f"{kb(worst['bytes'])} sent, {kb(worst['raw'])} uncompressed "
                      f"({worst['page']})", "≤ 1.5 MB", worst["raw"] <= 1.5 * MB)
        floor = min(plain, key=lambda r: r.get("dcl_nojs", 0))
        report.target("4. chapter without widgets, DCL (slowest median)",
                      f"{slow['dcl']:.0f} ms ({slow['page']}; without its scripts "
                      f"{slow.get('dcl_nojs', float('nan')):.0f} ms; the lightest chapter "
                      f"without scripts {floor.get('dcl_nojs', float('nan')):.0f} ms)",
                      "≤ 300 ms", slow["dcl"] <= 300)
    else:
        report.target("4. chapter without widgets", "no such page yet", "≤ 1.5 MB, 300 ms", None)
    if widgets:
        worst = max(widgets, key=lambda r: r.get("bytes_read", r["bytes"]))
        read_sent = worst.get("bytes_read", worst["bytes"])
        report.target("4. chapter with widgets, bytes (largest)",
                      f"{kb(worst['bytes'])} sent at load ({kb(worst['raw'])} uncompressed); "
                      f"{kb(read_sent)} sent once its explorers are drawn "
                      f"({kb(worst.get('raw_read', worst['raw']))} uncompressed) "
                      f"({worst['page']})", "≤ 3 MB (sent)", read_sent <= 3 * MB)
    else:
        report.target("4. chapter with widgets", "no such page yet", "≤ 3 MB", None)
    where_bytes_go(report, data)


def where_bytes_go(report: Report, data: dict) -> None:
    """The largest files, how many pages load them, and whether those pages need them."""
    rows, assets = data["pages"], data["assets"]
    n = len(rows)
    report.add("### Where the bytes go", "",
               "The largest files a page loads (uncompressed and as sent), and on how many of "
               f"the {n} pages:", "",
               "| file | group | uncompressed | sent | loaded on |",
               "| --- | --- | ---: | ---: | ---: |")
    for path, a in sorted(assets.items(), key=lambda kv: -(kv[1]["raw"] or 0))[:15]:
        report.add(f"| `{path}` | {a['group']} | {kb(a['raw'])} | {kb(a['bytes'])} "
                   f"| {a['pages']} of {n} |")
    report.add("")
    groups: dict[str, list[int]] = {}
    for r in rows:
        for name, sent in r["groups"].items():
            groups.setdefault(name, []).append(sent)
    report.add("Bytes sent per page by group (median over the pages that load the group):", "",
               "| group | pages | median sent per page |", "| --- | ---: | ---: |")
    for name, values in sorted(groups.items(), key=lambda kv: -statistics.median(kv[1])):
        report.add(f"| {name} | {len(values)} of {n} | {kb(statistics.median(values))} |")
    report.add("")
    needless = {
        "MathJax on pages without math": [r["page"] for r in rows
                                          if "MathJax" in r["groups"] and not r["math"]],
        "the widget bundle on pages without widget state":
            [r["page"] for r in rows if r["groups"].get("widgets (require.js + html-manager)")
             and not r["widgets"]],
    }
    for what, where in needless.items():
        report.add(f"- {what}: {len(where)} page(s)" + (f" ({', '.join(where)})" if where else ""))
    fa = [r for r in rows if "Font Awesome" in r["groups"]]
    if fa:
        icons = sorted({r["fa_icons"] for r in fa})
        report.add(f"- Font Awesome (script + webfont) loads on {len(fa)} of {n} pages, "
                   f"{kb(statistics.median(r['groups']['Font Awesome'] for r in fa))} sent per "
                   f"page, to draw {icons[0]}–{icons[-1]} icons per page")
    maps = [p for p in assets if p.endswith(".map")]
    report.add(f"- source maps requested by the pages: {len(maps)}")
    blocking = sorted({r["blocking_scripts"] for r in rows})
    report.add(f"- scripts that block rendering (`<script src>` without defer/async): "
               f"{blocking[0]}–{blocking[-1]} per page")
    inline = [r for r in rows if r["inline_images"]]
    if inline:
        top = max(inline, key=lambda r: r["inline_images"])
        report.add(f"- images inlined as `data:` URIs in the HTML: on {len(inline)} pages, "
                   f"median {kb(statistics.median(r['inline_images'] for r in inline))}, "
                   f"most {kb(top['inline_images'])} ({top['page']}, "
                   f"{top['inline_images'] / top['html_bytes']:.0%} of its HTML: base64 "
                   "that can't be cached apart, lazy-loaded or compressed much)")
    report.add("")


def bench_lighthouse(report: Report, site: Path, runs: int) -> None:
    report.add(f"## 5. Lighthouse, one page per type (median of {runs} run(s); default mobile "
               "emulation, simulated throttling; Debian Chromium; server as in 4)", "",
               *busy_note())
    done, out = browser_script(report, "lighthouse.py", site, "--runs", str(runs), "--json")
    if done is None:
        return
    report.add(*done.stdout.splitlines(), "")
    for row in json.loads(out.read_text("utf-8")):
        if row["page"] is None:
            report.target(f"5. Lighthouse, {row['type']}", "no such page yet",
                          "perf ≥ 90, a11y 100", None)
            continue
        report.target(f"5. Lighthouse, {row['type']}",
                      f"performance {row['performance']:.0f}, accessibility "
                      f"{row['accessibility']:.0f}", "perf ≥ 90, a11y 100",
                      row["performance"] >= 90 and row["accessibility"] == 100)


STEP_SHELL = """#!/bin/sh
# make runs every recipe line through $(SHELL); this one also logs how long each line took
start=$(date +%s.%N)
/bin/sh "$@"
rc=$?
printf '%s\\t%s\\t%s\\t%s\\n' "$start" "$(date +%s.%N)" "$rc" "$*" >> "$BENCH_STEP_LOG"
exit $rc
"""


def bench_make_test(report: Report) -> None:
    report.add("## 6. The whole `make test`", "", *busy_note())
    WORK.mkdir(parents=True, exist_ok=True)
    shell, log = WORK / "step-shell.sh", WORK / "make-test-steps.tsv"
    shell.write_text(STEP_SHELL)
    shell.chmod(0o755)
    log.unlink(missing_ok=True)
    runs = Runs()
    # -i: a failing step does not stop the rest, so every step is timed
    run_once(["make", "-i", "test", f"SHELL={shell}"], runs,
             env={"BENCH_STEP_LOG": str(log), "PYTEST_ADDOPTS": "--durations=10"})
    steps = []
    records = re.findall(r"^(\d+\.\d+)\t(\d+\.\d+)\t(-?\d+)\t(.*?)(?=^\d+\.\d+\t|\Z)",
                         log.read_text() if log.exists() else "", re.M | re.S)
    for start, end, rc, command in records:  # a command may span lines (backslash-newline)
        command = " ".join(command.removeprefix("-c ").split())
        if not command.startswith(("command -v", "find ")):  # the Makefile's own probes
            steps.append((command, float(end) - float(start), int(rc)))
    failed = [command for command, _, rc in steps if rc != 0]
    status = f"**{len(failed)} step(s) failed**" if failed or runs.failures else "passed"
    report.add(f"- {runs.times[0]:.1f} s, {status}; pytest: {pytest_summary(runs.last_output)}",
               "", "| step | seconds |", "| --- | ---: |")
    for command, seconds, rc in steps:
        report.add(f"| `{command[:110]}`{'' if rc == 0 else f' (exit {rc})'} | {seconds:.1f} |")
    (WORK / "make-test.log").write_text(runs.last_output, encoding="utf-8")
    slowest = re.findall(r"^\d+\.\d+s (?:setup|call|teardown) .*$", runs.last_output, re.M)
    if slowest:
        report.add("", "The ten slowest test phases (pytest `--durations=10`):", "", "```",
                   *slowest, "```")
    report.add("")
    report.target("6. the whole `make test`", f"{runs.times[0]:.0f} s", "as short as possible",
                  None)


def bench_pdf(report: Report, site: Path, repeat: int) -> None:
    """The PDF edition (`make pdf`): build time, pages and size (issue 17)."""
    report.add("## 7. The PDF edition (`PYTHONPATH=_ext python -m lwt_pdf`, part of `make book`)",
               "", *busy_note())
    runs, results = Runs(), []
    command = [PY, "-m", "lwt_pdf", "--json", "--site", str(site)]
    for _ in range(repeat):
        run_once(command, runs, env={"PYTHONPATH": str(ROOT / "_ext")})
        lines = runs.last_output.strip().splitlines()
        if lines and lines[-1].startswith("{"):
            results.append(json.loads(lines[-1]))
    if not results:
        raise RuntimeError(f"the PDF build failed: {runs}")
    last = results[-1]
    steps = "; ".join(f"{step} {statistics.median(r[step] for r in results):.1f} s"
                      for step in ("assemble", "print", "finish"))
    report.add(f"- build of the PDF from the built site: {runs} ({steps}; the print step "
               f"prints {last['prints']} times: once to learn the page numbers, then with them "
               "until they hold)",
               f"- {last['pages']} pages, {last['bytes'] / MB:.1f} MB", "")
    report.target("7. PDF edition: build time", f"{runs.median:.0f} s", "as short as possible",
                  None)
    report.target("7. PDF edition: pages, size",
                  f"{last['pages']} pages, {last['bytes'] / MB:.1f} MB", "–", None)


# ----------------------------------------------------------------------------- main

def render(report: Report, header: list[str]) -> str:
    mark = {True: "met", False: "**not met**", None: "–"}
    summary = ["## Targets", "", "| item | measured | target | |", "| --- | --- | --- | --- |"]
    summary += [f"| {what} | {measured} | {target} | {mark[met]} |"
                for what, measured, target, met in report.targets]
    return "\n".join([*header, *summary, "", *report.lines]) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Measure the project; write results.md.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--only", default="1,2,3,4,5,6,7", help="items to run, e.g. 4,5")
    parser.add_argument("--site", type=Path, help="measure this built site in 4 and 5 "
                        "(default: the site item 3 builds, else _build/html)")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="before each item, wait up to this long for the load average "
                        "to drop below 1.5")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args(argv)
    only = {int(x) for x in args.only.split(",")}
    quick = args.quick
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium")

    WORK.mkdir(parents=True, exist_ok=True)
    started_on = machine()
    report = Report()
    site = args.site or ROOT / "_build" / "html"
    build_dir = Path(tempfile.mkdtemp(prefix="lwt-bench-build-"))
    steps: list[tuple[int, Callable[[], object]]] = [
        (1, lambda: bench_import(report, 4 if quick else 10)),
        (2, lambda: bench_nbval(report, 1 if quick else 3)),
        (3, lambda: bench_build(report, 1 if quick else 3, build_dir)),
        (4, lambda: bench_pages(report, site, 2 if quick else 7)),
        (5, lambda: bench_lighthouse(report, site, 1 if quick else 3)),
        (6, lambda: bench_make_test(report)),
        (7, lambda: bench_pdf(report, site, 1 if quick else 3)),
    ]
    try:
        for number, step in steps:
            if number not in only:
                continue
            if args.wait_quiet:
                wait_quiet(args.wait_quiet)
            started = time.perf_counter()
            print(f"[bench] item {number} …", file=sys.stderr, flush=True)
            try:
                result = step()
            except Exception as exc:  # one broken item must not lose the others' results
                report.add(f"## {number}. failed", "", f"- `{type(exc).__name__}: {exc}`", "")
                report.target(f"{number}. (the item failed)", f"`{type(exc).__name__}`", "–",
                              False)
                print(f"[bench] item {number} failed: {exc!r}", file=sys.stderr, flush=True)
                continue
            if number == 3 and args.site is None:
                site = result  # measure the site this run just built
            print(f"[bench] item {number} took {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
        header = ["# Benchmarks", "",
                  f"Written by `make bench` (`benchmarks/run.py{' --quick' if quick else ''}`); "
                  "see benchmarks/README.md. Wall-clock times; medians with (range, n).", "",
                  "## Machine", "", *started_on,
                  f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
                  ""]
        text = render(report, header)
        args.output.write_text(text, encoding="utf-8")
        print(text)
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
