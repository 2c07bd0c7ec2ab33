"""What a notebook shows, as text – and what changed between two runs of it.

``git diff`` on an executed notebook is JSON with embedded pictures and widget state. A reader
of a rerun wants to know which *numbers*, *table cells*, *verdicts* and *figure texts* moved.
:func:`facts` reads them from a notebook's outputs (and from the explorers' pre-rendered
variants in its widget state):

* every glued value (``bk.glue``), by name – the numbers the prose cites;
* every table cell, by table (its id, else its caption), row header and column header;
* every figure's caption and alt text (the alt text of a chart states its numbers);
* any other text an output shows.

:func:`diff_notebooks` compares two notebooks fact by fact and prints the changes as lines of
text, verdicts first; :func:`diff_against_git` compares the working tree with a git revision
(``make diff-outputs``). :func:`fill_markdown` puts the glued values into a notebook's
Markdown, for the light HTML pages of ``make vary``.
"""

from __future__ import annotations

import ast
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lwtbook.vocab import CLAIM_VERDICTS, REANALYSIS_VERDICTS

__all__ = ["Change", "changes", "diff_against_git", "diff_notebooks", "explorer_html", "facts",
           "fill_markdown", "glued"]

#: The verdicts the book prints (re-analysis and claims audit), in Dutch.
VERDICTS = frozenset(REANALYSIS_VERDICTS.values()) | frozenset(CLAIM_VERDICTS.values())
#: The order in which kinds of change are listed.
KINDS = ("verdict", "number", "text", "added", "gone")
_GLUE = "application/papermill.record/"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")


@dataclass(frozen=True)
class Change:
    """One fact that differs: *kind* is one of :data:`KINDS`; *old*/*new* are ``None`` for a
    fact that is only in the new/old notebook."""

    kind: str
    where: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        if self.old is None:
            return f"  {self.kind:<8} {self.where}: {self.new}"
        if self.new is None:
            return f"  {self.kind:<8} {self.where}: {self.old}"
        return f"  {self.kind:<8} {self.where}: {self.old} → {self.new}"


def _text(node: Any) -> str:
    return " ".join(node.get_text(" ").split())


def glued(nb: dict) -> dict[str, str]:
    """The values a notebook glues for its Markdown, by name, as the page shows them."""
    out = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if not name:
                continue
            data = output.get("data", {})
            markdown = data.get(_GLUE + "text/markdown")
            if markdown is not None:
                out[name] = _joined(markdown)
                continue
            plain = _joined(data.get(_GLUE + "text/plain", ""))
            try:
                value = ast.literal_eval(plain)
            except (ValueError, SyntaxError):
                value = plain
            out[name] = str(value)
    return out


def _joined(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def _header_grid(rows: list[Any]) -> list[str]:
    """Column labels of a table head, multi-row headers (colspan, rowspan) joined with " › "."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["th", "td"], recursive=False):
            while (r, c) in grid:
                c += 1
            span, down = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            for dr in range(down):
                for dc in range(span):
                    grid[(r + dr, c + dc)] = _text(cell)
            c += span
    width = max((c for _, c in grid), default=-1) + 1
    labels = []
    for c in range(width):
        parts = [grid.get((r, c), "") for r in range(len(rows))]
        labels.append(" › ".join(dict.fromkeys(p for p in parts if p)))
    return labels


def _html_facts(html: str, prefix: str) -> Iterator[tuple[str, str, str]]:
    """``(kind, key, text)`` for each table cell, figure caption and alt text in *html*, and
    the rest of its text."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    names = []
    for table in soup.find_all("table"):
        caption = table.find("caption")
        title = _text(caption) if caption else ""
        name = title or table.get("id") or prefix
        names.append(name)
        head = table.find("thead")
        head_rows = head.find_all("tr") if head else []
        columns = _header_grid(head_rows)
        body_rows = [tr for tr in table.find_all("tr") if tr.find_parent("thead") is None]
        for tr in body_rows:
            cells = tr.find_all(["th", "td"], recursive=False)
            row_heads = [c for c in cells if c.name == "th"] or cells[:1]
            row = " › ".join(_text(c) for c in row_heads)
            for index, cell in enumerate(cells):
                if cell in row_heads:
                    continue
                column = columns[index] if index < len(columns) else f"kolom {index + 1}"
                yield "cell", f"{name} | {row} | {column}", _text(cell)
        table.decompose()
    for figure in soup.find_all("figure"):
        caption = figure.find("figcaption")
        label = figure.get("id") or (_text(caption) if caption else prefix)
        names.append(f"figure {label}")
        if caption:
            yield "caption", f"figure {label} | caption", _text(caption)
        for k, img in enumerate(figure.find_all("img")):
            yield "alt", f"figure {label} | alt text{f' {k + 1}' if k else ''}", img.get("alt", "")
        figure.decompose()
    for img in soup.find_all("img"):
        yield "alt", f"{prefix} | image alt text", img.get("alt", "")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    rest = _text(soup)
    if rest:  # a note under a table belongs to the table, not to the cell's place
        yield "text", f"{names[0] if names else prefix} | text", rest


def facts(nb: dict) -> dict[str, str]:
    """Everything a notebook shows, as ``{where: text}`` (see the module's docstring)."""
    out: dict[str, str] = {}

    def add(key: str, text: str) -> None:
        k, n = key, 1
        while k in out:
            n += 1
            k = f"{key} ({n})"
        out[k] = text

    for name, value in glued(nb).items():
        add(f"glue {name}", value)
    for index, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook"):
                continue
            prefix = f"cell {cell.get('id') or index + 1}"  # ids survive inserted cells
            data = output.get("data", {})
            if output.get("output_type") == "stream":
                add(f"{prefix} | {output.get('name', 'stream')}", _joined(output.get("text", "")))
            elif output.get("output_type") == "error":
                add(f"{prefix} | error", f"{output.get('ename')}: {output.get('evalue')}")
            elif "text/html" in data:
                for _, key, text in _html_facts(_joined(data["text/html"]), prefix):
                    add(key, text)
            elif "text/markdown" in data:
                add(f"{prefix} | text", _joined(data["text/markdown"]).strip())
            elif "text/plain" in data and "application/vnd.jupyter.widget-view+json" not in data:
                add(f"{prefix} | text", _joined(data["text/plain"]).strip())
    state = nb.get("metadata", {}).get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    for model in state.values():
        if model.get("model_name") == "HTMLModel" and model.get("state", {}).get("value"):
            for _, key, text in _html_facts(model["state"]["value"], "explorer"):
                add(key, text)
    return out


def _kind(old: str | None, new: str | None) -> str:
    if old is None:
        return "added"
    if new is None:
        return "gone"
    plain_old, plain_new = old.rstrip("†*").strip(), new.rstrip("†*").strip()
    if {plain_old, plain_new} & VERDICTS and plain_old != plain_new:
        return "verdict"  # a mark alone (†: depends on rounding) changing is "text"
    if re.search(r"\d", old) and re.search(r"\d", new) and (
            re.sub(r"[\d.,−-]+", "#", old) == re.sub(r"[\d.,−-]+", "#", new)):
        return "number"
    return "text"


def changes(old: dict, new: dict) -> list[Change]:
    """Every fact of notebook *old* that differs in notebook *new*, verdicts first, then
    numbers, other text, facts added and facts gone (each group in page order)."""
    before, after = facts(old), facts(new)
    found = [Change(_kind(before.get(k), after.get(k)), k, before.get(k), after.get(k))
             for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    return sorted(found, key=lambda c: KINDS.index(c.kind))


def diff_notebooks(old: dict, new: dict, title: str) -> str:
    """The changes from *old* to *new* as text under a heading *title* ("" when none)."""
    found = changes(old, new)
    if not found:
        return ""
    counts = ", ".join(f"{sum(c.kind == k for c in found)} {k}" for k in KINDS
                       if any(c.kind == k for c in found))
    return "\n".join([f"{title}: {counts}", *(str(c) for c in found)])


def _at_revision(path: Path, rev: str, root: Path) -> bytes | None:
    """The file *path* as it is in git revision *rev* (None: not there)."""
    where = path.resolve().relative_to(root.resolve()).as_posix()
    shown = subprocess.run(["git", "show", f"{rev}:{where}"], cwd=root, capture_output=True)
    return None if shown.returncode else shown.stdout


def diff_against_git(paths: Sequence[Path], rev: str, root: Path) -> str:
    """``make diff-outputs``: for every notebook in *paths* whose file differs from revision
    *rev*, what it shows differently (empty string: nothing)."""
    import nbformat

    parts = []
    for path in map(Path, paths):
        name = path.resolve().relative_to(root.resolve()).as_posix()
        old, now = _at_revision(path, rev, root), path.read_bytes()
        if old is None:
            parts.append(f"{name}: not in {rev} (a new notebook)")
            continue
        if old == now:
            continue
        text = diff_notebooks(nbformat.reads(old.decode("utf-8"), as_version=4),
                              nbformat.reads(now.decode("utf-8"), as_version=4),
                              f"{name} ({rev} → working tree)")
        if text:
            parts.append(text)
    return "\n\n".join(parts)


def explorer_html(nb: dict, model_id: str) -> str | None:
    """An explorer (a Dropdown over a Stack of HTML, :mod:`lwtbook.widgets`) from the widget
    state saved in *nb*, as plain HTML: every pre-rendered variant in a ``<details>`` block
    named after its option. None when *model_id* is not such an explorer."""
    import html

    state = nb.get("metadata", {}).get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})

    def model(ref: str) -> dict:
        return state.get(ref.removeprefix("IPY_MODEL_"), {})

    children = [model(ref) for ref in model(model_id).get("state", {}).get("children", [])]
    choose = next((c for c in children if c.get("model_name") == "DropdownModel"), None)
    stack = next((c for c in children if c.get("model_name") == "StackModel"), None)
    if not choose or not stack:
        return None
    labels = choose["state"].get("_options_labels", [])
    pages = [model(ref).get("state", {}).get("value", "") for ref in stack["state"]["children"]]
    title = html.escape(choose["state"].get("description", ""))
    parts = [f"<details><summary>{title} {html.escape(label)}</summary>{page}</details>"
             for label, page in zip(labels, pages, strict=False)]
    return f'<div class="lwt-explorer">{"".join(parts)}</div>'


def fill_markdown(nb: Any) -> Any:
    """Write the glued values into *nb*'s Markdown cells in place (``{glue:text}`name``` →
    the value), turn the other MyST roles into their text (``{ref}`Tekst <doel>``` → Tekst)
    and drop label lines (``(doel)=``): plain Markdown that any renderer shows. Returns *nb*."""
    values = glued(nb)

    def role(match: re.Match) -> str:
        name, content = match.groups()
        if name.split(":")[0] == "glue":
            return values.get(content.split(":")[0], content)
        if name.startswith("cite"):
            return f"({content})"
        return re.sub(r"\s*<[^>]*>$", "", content) or content

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"(?m)^\([\w:.-]+\)=\s*$\n?", "", cell.source)
            cell.source = _ROLE.sub(role, text)
    return nb
