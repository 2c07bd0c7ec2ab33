"""Tables for the book: the printed layout as accessible HTML, numbers in Dutch format.

Every table carries its printed caption, header cells (``<th scope>``), the bases (n) the
report prints, a note with its provenance (section, source lines) and a link to its CSV.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import pandas as pd

from lwtbook import fmt
from lwtbook.data import as_printed, load

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
        row_label = " / ".join(html.escape(r) for r in rows) or "&nbsp;"
        out.append(f'<th scope="col">{row_label}</th>')
        for key in wide.columns:
            out.append(f'<th scope="col">{_header_label(cols, key, by_col)}</th>')
        if by_row:
            out.append('<th scope="col">n</th>')
        out.append("</tr></thead><tbody>")
        for key, series in wide.iterrows():
            label = " – ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)
            out.append(f'<tr><th scope="row">{html.escape(label)}</th>')
            for value in series:
                text = nl_number(value, self.number_format)
                out.append(f"<td>{text}</td>" if text else
                           '<td>·<span class="visually-hidden"> niet gedrukt</span></td>')
            if by_row:
                out.append(f"<td>{nl_number(by_row.get(key))}</td>")
            out.append("</tr>")
        out.append("</tbody></table>")
        csv_url = f"{DATA_URL}/tables/{self.table_id}.csv"
        notes = [source_note(self.table_id)]
        missing = attrs.get("missing") or []
        if missing:
            marks = sorted({m["printed"] for m in missing if m.get("printed")})
            notes.append("· = in het rapport " + (f"leeg of {' / '.join(marks)}." if marks
                                                  else "leeg."))
        out.append('<p class="lwt-table-note">' + " ".join(html.escape(n) for n in notes)
                   + f' <a href="{csv_url}" download>Download de data (CSV)</a></p></div>')
        return "".join(out)


def show_table(table_id: str, *, caption: str | None = None,
               number_format: int | None = None) -> PrintedTable:
    """Display table *table_id* as printed: caption, header cells, n, source note, CSV link."""
    return PrintedTable(table_id, caption=caption, number_format=number_format)


def printed_frame(table_id: str) -> pd.DataFrame:
    """The printed layout with Dutch-formatted numbers as strings (for text output)."""
    wide = as_printed(table_id)
    return wide.map(nl_number)


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

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        cols = list(self.frame.columns)
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in cols)
        body = []
        ids = self.row_ids or (None,) * len(self.frame)
        for rec, row_id in zip(self.frame.itertuples(index=False), ids, strict=True):
            cells = [_cell_text(v) for v in rec]
            tr = f'<tr id="{html.escape(row_id)}">' if row_id else "<tr>"
            body.append(f'{tr}<th scope="row">{cells[0]}</th>'
                        + "".join(_td(v, c) for v, c in zip(rec[1:], cells[1:], strict=True))
                        + "</tr>")
        note = f'<p class="lwt-table-note">{html.escape(self.note)}</p>' if self.note else ""
        return (f'<div class="lwt-table" role="region" aria-labelledby="{self.anchor}-cap" '
                f'tabindex="0"><table id="{self.anchor}"><caption id="{self.anchor}-cap">'
                f"{html.escape(self.caption)}</caption><thead><tr>{head}</tr></thead><tbody>"
                + "".join(body) + f"</tbody></table>{note}</div>")


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
                note: str | None = None, row_ids: list[str] | None = None) -> FrameTable:
    """Show *frame* as an accessible table with *caption*; the first column heads each row.

    Numbers are printed the Dutch way; missing values stay empty. *row_ids* gives each row an
    ``id`` (a link target), one per row.
    """
    if frame.empty or not len(frame.columns):
        raise ValueError("frame_table needs at least one row and one column")
    if row_ids is not None and len(row_ids) != len(frame):
        raise ValueError(f"row_ids has {len(row_ids)} ids for {len(frame)} rows")
    return FrameTable(frame.reset_index(drop=True), caption, anchor, note,
                      tuple(row_ids) if row_ids is not None else None)
