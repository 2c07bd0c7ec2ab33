"""What the page "Zelf narekenen" shows: real results of a researcher's first steps.

Each function returns something the page displays (a captioned table or a citation) and is
computed from the project itself, so the page's examples stay true when the book changes:

* :func:`chapters_table` – every notebook, its title and the shortest ``CH=`` that picks it
  (``make chapter``, ``make vary``);
* :func:`shown_table` – what ``make diff-outputs`` compares for one test: the verdicts, numbers
  and texts a page shows about it;
* :func:`variation_table` – the tests whose verdict changes under other settings;
* :func:`copy_data` and :func:`problems_table` – validate an edited copy of the data;
* :func:`citation` – how to cite this edition and the report, from ``datapackage.json``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from lwtbook.tables import FrameTable, frame_table, table_html

__all__ = ["Citation", "HtmlTable", "chapters_table", "citation", "copy_data", "problems_table",
           "shown_table", "variation_table"]


def _title(path: Path) -> str:
    """The first Markdown heading of a notebook (``# Titel``), without MyST labels."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        match = re.search(r"(?m)^# (.+)$", "".join(cell["source"]))
        if match:
            return match.group(1).strip()
    return ""


def shortest_names(stems: list[str]) -> dict[str, str]:
    """The shortest start of each stem that picks that stem alone (see
    :func:`lwtbook.notebooks.find`: an exact stem wins over longer names it starts)."""
    out = {}
    for stem in stems:
        for size in range(1, len(stem) + 1):
            start = stem[:size]
            if start == stem or sum(s.startswith(start) for s in stems) == 1:
                out[stem] = start
                break
    return out


def chapters_table(*, caption: str, anchor: str, root: Path | None = None) -> FrameTable:
    """Every notebook of the book: its file, its title and the shortest ``CH=`` for it."""
    from lwtbook.notebooks import notebooks

    paths = notebooks(root)
    names = shortest_names([p.stem for p in paths])
    frame = pd.DataFrame({"Notebook": [p.name for p in paths],
                          "Titel": [_title(p) for p in paths],
                          "Kortste CH=": [names[p.stem] for p in paths]})
    return frame_table(frame, caption=caption, anchor=anchor)


def shown_table(notebook: str, test_id: str, *, caption: str, anchor: str,
                root: Path | None = None) -> FrameTable:
    """What notebook *notebook* shows about test *test_id* – each table cell, figure text and
    glued value that ``make diff-outputs`` would compare – as it is committed now."""
    from lwtbook.notebooks import find
    from lwtbook.outputs import facts

    shown = facts(json.loads(find(notebook, root).read_text(encoding="utf-8")))
    rows = [(where.split(" | ")[-1], text) for where, text in shown.items()
            if re.search(rf"\b{re.escape(test_id)}\b", where)]
    if not rows:
        raise LookupError(f"{notebook} shows nothing about {test_id}")
    frame = pd.DataFrame(rows, columns=["Wat", "Staat er nu"])
    return frame_table(frame, caption=caption, anchor=anchor)


def _dutch(value: Any) -> str:
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def variation_table(*, caption: str, anchor: str, **changes: Any) -> FrameTable:
    """The tests of the re-analysis whose verdict changes under the settings *changes*
    (``alpha=0.01``): the statement, its adjusted p-value and both verdicts."""
    from lwtbook.fmt import p_number
    from lwtbook.reanalysis import ids, result
    from lwtbook.settings import use

    edition = {t: result(t) for t in ids()}
    with use(**changes):
        varied = {t: result(t) for t in ids()}
    label = ", ".join(f"{k} = {_dutch(v)}" for k, v in changes.items())

    def p(r: Any) -> str:
        return p_number(r.p_adjusted) if r.p_adjusted is not None else ""

    rows = [(t, edition[t].claim, p(edition[t]) if p(edition[t]) == p(varied[t])
             else f"{p(edition[t])} → {p(varied[t])}",
             edition[t].verdict_nl, varied[t].verdict_nl)
            for t in edition if edition[t].verdict != varied[t].verdict]
    if not rows:
        raise ValueError(f"no verdict changes under {label}")
    frame = pd.DataFrame(rows, columns=["Toets", "Uitspraak", "Gecorrigeerde p-waarde",
                                        "Oordeel in dit boek", f"Oordeel bij {label}"])
    return frame_table(frame, caption=caption, anchor=anchor)


def copy_data(folder: str | Path) -> Path:
    """A full copy of the data package in ``<folder>/data`` to edit and validate."""
    from lwtbook._package import data_dir

    target = Path(folder) / "data"
    shutil.copytree(data_dir(), target, ignore=shutil.ignore_patterns("__pycache__",
                                                                      "__init__.py"))
    return target


@dataclass(frozen=True)
class HtmlTable:
    """A ready, captioned HTML table (shown as such in a notebook)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def problems_table(problems: list, folder: str | Path, *, caption: str,
                   anchor: str) -> HtmlTable:
    """The problems :func:`lwtbook.find_problems` found in the copy *folder*: file (relative
    to the copy), row, column and the validator's message (in English, marked so)."""
    if not problems:
        raise ValueError("no problems to show")
    base = str(Path(folder)) + "/"
    head = "".join(f'<th scope="col">{c}</th>' for c in ("Bestand", "Rij", "Kolom", "Melding"))
    body = "".join(
        f'<tr><th scope="row">{html.escape(p.file.removeprefix(base))}</th>'
        f'<td>{"" if p.row is None else p.row}</td><td class="lwt-text">'
        f'{html.escape(p.column or "")}</td><td class="lwt-text" lang="en">'
        f"{html.escape(p.message.replace(base, ''))}</td></tr>" for p in problems)
    return HtmlTable(table_html(anchor, caption, head, body))


@dataclass(frozen=True)
class Citation:
    """How to cite the data: the edition and the report, as text and as BibTeX."""

    edition: str
    version: str
    year: str
    report: str
    licence: str

    def bibtex(self) -> str:
        return (f"@misc{{boeiend_en_bindend_data,\n  title = {{{self.edition}}},\n"
                f"  version = {{{self.version}}},\n  year = {{{self.year}}},\n"
                f"  note = {{Data en notebooks naar: {self.report}}}\n}}")

    def _repr_html_(self) -> str:
        return (f'<div class="lwt-citation"><p><span lang="en">{html.escape(self.edition)}'
                f"</span>, versie {html.escape(self.version)} ({self.year}). Data en notebooks "
                f"naar: {html.escape(self.report)} Licentie van de bewerking: "
                f"{html.escape(self.licence)}.</p><pre>{html.escape(self.bibtex())}</pre></div>")


def citation() -> Citation:
    """The citation of the data package, from its own ``datapackage.json``."""
    from lwtbook._package import descriptor

    desc = descriptor()
    return Citation(edition=desc["title"], version=desc["version"], year=desc["created"][:4],
                    report=desc["sources"][0]["title"], licence=desc["licenses"][0]["name"])
