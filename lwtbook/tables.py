"""Tables for the book: the printed layout as accessible HTML, numbers in Dutch format.

Every table carries its printed caption, header cells (``<th scope>``), the bases (n) the
report prints, a note with its provenance (section, source lines) and a link to its CSV.
Cells read as printed (:mod:`lwtbook.printed`): "-" where the report prints "-" (absolute
zero), "0" where it prints 0, a % sign or footnote mark where it prints one, and the table's
own footnotes in the note.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import pandas as pd

from lwtbook import fmt, printed
from lwtbook.data import as_printed, load, resource

#: Where the book pages find the data folder (chapters live in ``book/``).
DATA_URL = "../data"


def nl_number(value: float, decimals: int | None = None) -> str:
    """Dutch number format (:func:`lwtbook.fmt.number`): ``1285`` -> ``1.285``."""
    return fmt.number(value, decimals)


def nl_percent(value: float, decimals: int = 0) -> str:
    """``70`` -> ``70%`` (:func:`lwtbook.fmt.percent`)."""
    return fmt.percent(value, decimals)


def source_note(table_id: str) -> str:
    """'Bron: …' line for a table: report, table number, section and source lines."""
    attrs = load(table_id).attrs
    lo, hi = attrs["source_lines"]
    number = attrs.get("table_number")
    section = attrs["section"]
    where = f"{number}, " if number else ""
    where += f"paragraaf {section}" if section[0].isdigit() else section.lower() \
        if section.startswith("Management") else section
    return (f"Bron: Boeiend en bindend (ITS, 2005), {where}; regels {lo}–{hi} van de "
            "tekstversie van het rapport.")


def _header_label(dims: list[str], key: object, n_by_col: dict) -> str:
    parts = list(key) if isinstance(key, tuple) else [key]
    label = " – ".join(html.escape(str(p)) for p in parts)
    n = n_by_col.get(key)
    if n is not None:
        label += f'<br><span class="lwt-n">n={nl_number(n)}</span>'
    return label


def _bases(table_id: str, rows: list[str], cols: list[str]) -> tuple[dict, dict, int | None]:
    """The printed n's by column, by row, or for the whole table (where they are constant)."""
    df = load(table_id)
    if df["n"].isna().all():
        return {}, {}, None
    if df["n"].nunique(dropna=False) == 1:
        return {}, {}, int(df["n"].iloc[0])

    def by(dims: list[str]) -> dict:
        if not dims:
            return {}
        grouped = df.groupby(dims, sort=False)["n"].agg(lambda s: s.dropna().unique())
        out = {}
        for key, values in grouped.items():
            if len(values) == 1:
                out[key] = int(values[0])
        return out if len(out) == len(grouped) else {}

    by_col = by(cols)
    by_row = {} if by_col else by(rows)
    return by_col, by_row, None


@dataclass
class PrintedTable:
    """A report table ready for display; renders as HTML in Jupyter and in the book."""

    table_id: str
    caption: str | None = None
    number_format: int | None = None

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        wide = as_printed(self.table_id)
        attrs = wide.attrs
        layout = attrs.get("layout") or {}
        rows, cols = list(layout.get("rows", [])), list(layout.get("columns", []))
        by_col, by_row, whole = _bases(self.table_id, rows, cols)
        caption = html.escape(self.caption or attrs["title"])
        if whole is not None:
            caption += f' <span class="lwt-n">(n={nl_number(whole)})</span>'
        anchor = f"tabel-{self.table_id}"
        out = [f'<div class="lwt-table" role="region" aria-labelledby="{anchor}-cap" '
               'tabindex="0">',
               f'<table id="{anchor}"><caption id="{anchor}-cap">{caption}</caption>',
               "<thead><tr>"]
        marks = printed.marks(self.table_id)
        row_label = " / ".join(html.escape(t) for t in _titles(self.table_id, rows)) or "&nbsp;"
        out.append(f'<th scope="col">{row_label}</th>')
        for key in wide.columns:
            note = marks.header_note(_labels(cols, key))
            out.append(f'<th scope="col">{_header_label(cols, key, by_col)}{_mark(note)}</th>')
        if by_row:
            out.append('<th scope="col">n</th>')
        out.append("</tr></thead><tbody>")
        printed_zero = False
        for key, series in wide.iterrows():
            label = " – ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)
            out.append(f'<tr><th scope="row">{html.escape(label)}</th>')
            for col, value in series.items():
                cell = marks.key(_labels(rows, key) | _labels(cols, col))
                printed_zero |= value == 0 and not marks.is_dash(cell)
                out.append(_printed_td(marks, cell, value, self.number_format))
            if by_row:
                out.append(f"<td>{nl_number(by_row.get(key))}</td>")
            out.append("</tr>")
        out.append("</tbody></table>")
        csv_url = f"{DATA_URL}/tables/{self.table_id}.csv"
        footnotes = "".join(f'<span class="lwt-footnote">{html.escape(f.line())}</span><br>'
                            for f in marks.footnotes)
        notes = [printed.dash_legend(marks, printed_zero)]
        missing = attrs.get("missing") or []
        if any(not m.get("printed") for m in missing):
            notes.append("· = in het rapport leeg.")
        words = sorted({m["printed"] for m in missing if m.get("printed")})
        if words:
            notes.append(f"{' en '.join(words)}: zo gedrukt in het rapport, zonder getal.")
        notes.append(source_note(self.table_id))
        out.append('<p class="lwt-table-note">' + footnotes
                   + " ".join(html.escape(n) for n in notes if n)
                   + f' <a href="{csv_url}" download>Download de data (CSV)</a></p></div>')
        return "".join(out)


def _labels(dims: list[str], key: object) -> dict[str, str]:
    """Dimension -> label for a row or column key of :func:`as_printed` (scalar or tuple)."""
    if not dims:
        return {}
    parts = key if isinstance(key, tuple) else (key,)
    return {d: str(p) for d, p in zip(dims, parts, strict=True)}


def _titles(table_id: str, dims: list[str]) -> list[str]:
    """The schema titles of *dims* (``Sector vmbo``), not their column names (``vmbo_sector``)."""
    fields = {f["name"]: f for f in resource(table_id)["schema"]["fields"]}
    return [fields[d].get("title") or d for d in dims]


def _mark(note: printed.Footnote | None) -> str:
    """A footnote mark as printed; a screen reader hears the footnote instead of the stars."""
    if note is None:
        return ""
    spoken = html.escape(note.text.rstrip("."))
    return (f'<sup aria-hidden="true">{html.escape(note.mark)}</sup>'
            f'<span class="visually-hidden"> (voetnoot: {spoken})</span>')


def _printed_td(marks: printed.Marks, key: printed.Key, value: float,
                decimals: int | None) -> str:
    """One cell as printed: the number, "-" (heard as "absoluut nul"), a word or "·"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        word = marks.missing.get(key, "")
        return (f"<td>{html.escape(word)}</td>" if word else
                '<td>·<span class="visually-hidden"> niet gedrukt</span></td>')
    if marks.is_dash(key):
        text = ('<span aria-hidden="true">-</span>'
                f'<span class="visually-hidden">{printed.DASH_SPOKEN}</span>')
    else:
        text = html.escape(printed.number_text(marks, key, value, decimals))
    return f"<td>{text}{_mark(marks.cell_note(key))}</td>"


def show_table(table_id: str, *, caption: str | None = None,
               number_format: int | None = None) -> PrintedTable:
    """Display table *table_id* as printed: caption, header cells, n, source note, CSV link."""
    return PrintedTable(table_id, caption=caption, number_format=number_format)


def printed_frame(table_id: str) -> pd.DataFrame:
    """The printed layout with every cell as the report prints it, as text.

    Numbers in Dutch format, "-" where the report prints "-" (absolute zero) and "0" where it
    prints 0, a % sign or footnote mark where it prints one (``8%``, ``3*``), a printed word
    (``n.v.t.``) for a cell without a number and ``""`` for an empty one. The numbers
    themselves are in :func:`lwtbook.as_printed`.
    """
    wide = as_printed(table_id)
    layout = wide.attrs.get("layout") or {}
    rows, cols = list(layout.get("rows", [])), list(layout.get("columns", []))
    marks = printed.marks(table_id)
    text = [[printed.cell_text(marks, marks.key(_labels(rows, key) | _labels(cols, col)), value)
             for col, value in series.items()] for key, series in wide.iterrows()]
    out = pd.DataFrame(text, index=wide.index, columns=wide.columns, dtype=object)
    out.attrs = dict(wide.attrs)
    return out


@dataclass
class FrameTable:
    """Any DataFrame as an accessible captioned table (first column as row headers)."""

    frame: pd.DataFrame
    caption: str
    anchor: str
    note: str | None = None
    #: An id for each row (e.g. so that other pages can link to one test), or None. Left out of
    #: the repr, so the text/plain output of existing tables (compared by nbval) is unchanged.
    row_ids: tuple[str, ...] | None = field(default=None, repr=False)
    #: ``data-*`` attributes for each row (e.g. the test a row shows), or None.
    row_data: tuple[dict[str, str], ...] | None = field(default=None, repr=False)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        cols = list(self.frame.columns)
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in cols)
        body = []
        ids = self.row_ids or (None,) * len(self.frame)
        data = self.row_data or ({},) * len(self.frame)
        for rec, row_id, attrs in zip(self.frame.itertuples(index=False), ids, data,
                                      strict=True):
            cells = [_cell_text(v) for v in rec]
            extra = (f' id="{html.escape(row_id)}"' if row_id else "") + "".join(
                f' data-{html.escape(k)}="{html.escape(v)}"' for k, v in attrs.items())
            tr = f"<tr{extra}>"
            body.append(f'{tr}<th scope="row">{cells[0]}</th>'
                        + "".join(_td(v, c) for v, c in zip(rec[1:], cells[1:], strict=True))
                        + "</tr>")
        return table_html(self.anchor, self.caption, head, "".join(body), self.note)


def table_html(anchor: str, caption: str, head: str, body: str, note: str | None = None) -> str:
    """The book's frame around a table: a scrollable, labelled region with the caption, the
    header row *head* and the rows *body* (both ready HTML), and an optional note."""
    foot = f'<p class="lwt-table-note">{html.escape(note)}</p>' if note else ""
    return (f'<div class="lwt-table" role="region" aria-labelledby="{anchor}-cap" '
            f'tabindex="0"><table id="{anchor}"><caption id="{anchor}-cap">'
            f"{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>"
            f"{body}</tbody></table>{foot}</div>")


def _td(value: object, text: str) -> str:
    if text == "":
        return '<td><span class="visually-hidden">leeg</span></td>'
    if isinstance(value, str):
        return f'<td class="lwt-text">{text}</td>'
    return f"<td>{text}</td>"


def _cell_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return nl_number(value)
    return html.escape(str(value))


def frame_table(frame: pd.DataFrame, *, caption: str, anchor: str,
                note: str | None = None, row_ids: list[str] | None = None,
                row_data: list[dict[str, str]] | None = None) -> FrameTable:
    """Show *frame* as an accessible table with *caption*; the first column heads each row.

    Numbers are printed the Dutch way; missing values stay empty. *row_ids* gives each row an
    ``id`` (a link target), one per row; *row_data* its ``data-*`` attributes
    (``{"test": "H06"}`` -> ``data-test="H06"``).
    """
    if frame.empty or not len(frame.columns):
        raise ValueError("frame_table needs at least one row and one column")
    for name, given in (("row_ids", row_ids), ("row_data", row_data)):
        if given is not None and len(given) != len(frame):
            raise ValueError(f"{name} has {len(given)} entries for {len(frame)} rows")
    return FrameTable(frame.reset_index(drop=True), caption, anchor, note,
                      tuple(row_ids) if row_ids is not None else None,
                      tuple(row_data) if row_data is not None else None)
