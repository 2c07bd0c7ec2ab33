"""Loading the report's tables: one obvious way in (`load`), a printed view (`as_printed`),
a catalogue of everything the report prints (`catalog`) and what is left of the charts whose
numbers were lost (`chart`).

They are as strict as :func:`lwtbook.validate`: a table is read by validation's own reader
(:func:`lwtbook.validate.read_table`) against its schema – types, required cells, categories,
patterns, ranges, the header, the primary key and the printed marks – and through the one
path resolver (:func:`lwtbook._package.resource_file`). Damage raises
:class:`lwtbook.DataError` naming file, row and column; a number is never guessed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from lwtbook._package import data_dir, locate, resolve, resource_file, resources, table_resources
from lwtbook.errors import DataError
from lwtbook.schema import KINDS, resource_problems

__all__ = ["UnknownTableError", "as_printed", "catalog", "dimensions", "load", "read_checked",
           "read_rows", "resource", "resource_file", "table_path"]

#: Metadata copied from a resource into ``DataFrame.attrs`` by :func:`load`.
ATTR_KEYS = (
    "title",
    "table_number",
    "section",
    "source_lines",
    "unit",
    "n_source",
    "notes",
    "missing",
    "dashes",
    "percent_signs",
    "footnotes",
    "layout",
)


class UnknownTableError(LookupError):
    """Raised for a table id that is not in the data package; lists the close matches."""

    def __init__(self, table_id: str, known: list[str]):
        close = difflib.get_close_matches(table_id, known, n=5, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        super().__init__(f"Unknown table id {table_id!r}.{hint} See lwtbook.catalog().")
        self.table_id = table_id
        self.close_matches = close


def resource(table_id: str, *, folder: Path | None = None) -> dict[str, Any]:
    """The descriptor entry of table *table_id* (UnknownTableError for an unknown id)."""
    folder = folder or data_dir()
    tables = table_resources(folder)
    if table_id not in tables:
        kind = resources(folder).get(table_id, {}).get("kind")
        if kind is not None and kind not in KINDS:
            raise DataError([locate(folder, table_id, ("kind",), f"{table_id}: kind {kind!r} "
                                    "is not one lwtbook knows (a table has 'report-table')")])
        raise UnknownTableError(table_id, list(tables))
    return tables[table_id]


def table_path(table_id: str, *, folder: Path | None = None, trusted: bool = False) -> Path:
    """The CSV file of table *table_id* in the data package (checked as
    :func:`lwtbook._package.resource_file` describes)."""
    folder = folder or data_dir()
    return resolve(folder, resource(table_id, folder=folder), trusted=trusted)


def _resource(table_id: str, folder: Path | None) -> dict[str, Any]:
    return resource(table_id, folder=folder)


def dimensions(resource: dict[str, Any]) -> list[str]:
    """The dimension columns of a table resource (every field except ``value`` and ``n``)."""
    return [f["name"] for f in resource["schema"]["fields"] if f["name"] not in ("value", "n")]


def read_checked(table_id: str, *, folder: Path | None = None,
                 trusted: bool = False) -> tuple[dict[str, Any], Any]:
    """The resource of table *table_id* and the table as read (``rows`` as text, ``lines``
    in the file), after every check of :func:`lwtbook.validate` that concerns this one table;
    :class:`DataError` otherwise.

    The one reading behind :func:`load` and :func:`lwtbook.cells.table`.
    """
    folder = folder or data_dir()
    res = resource(table_id, folder=folder)
    return res, _checked(folder, res, trusted)


def read_rows(name: str, *, folder: Path | None = None, kind: str | None = None,
              trusted: bool = False) -> list[dict[str, str]]:
    """The rows of resource *name* – any resource: ``"claims"``, ``"reanalysis_spec"``,
    ``"charts"``, a table – as dicts of text, read as :func:`lwtbook.validate` reads them.

    For every module that reads a file of the package: the file is found by
    :func:`resource_file` (nothing outside the package), checked against its declaration
    (header, types, required cells, categories, patterns, unique keys) and refused with a
    located :class:`DataError` when anything is wrong. *kind*: the ``kind`` the resource must
    declare.
    """
    folder = folder or data_dir()
    res = resources(folder).get(name)
    if res is None:
        raise DataError([locate(folder, None, ("resources",),
                                f"no resource named {name!r} in datapackage.json")])
    if kind is not None and res.get("kind") != kind:
        raise DataError([locate(folder, name, ("kind",), f"{name}: kind must be {kind!r}")])
    return _checked(folder, res, trusted).rows


def _checked(folder: Path, res: dict[str, Any], trusted: bool) -> Any:
    from lwtbook.validate import check_printed_marks, read_table

    problems = resource_problems(folder, res)
    if problems:
        raise DataError(problems)
    table, problems = read_table(resolve(folder, res, trusted=trusted), res)
    if table is not None and not problems:
        problems = check_printed_marks({res["name"]: table}, folder)
    if problems or table is None:
        raise DataError(problems)
    return table


def load(table_id: str, *, folder: Path | None = None, trusted: bool = False) -> pd.DataFrame:
    """Return table *table_id* (for example ``"t2_5"``) as a tidy DataFrame.

    One row per printed number: the dimension columns in the report's wording, ``value``
    (float) and ``n`` (nullable integer, the base the report prints for that number).
    The table's metadata – printed title and number, section, unit, source lines, notes –
    is in ``df.attrs``. Rows keep the printed order.

    The table is checked as :func:`lwtbook.validate` checks it; damage raises
    :class:`lwtbook.DataError` naming file, row and column. ``trusted=True`` lets the
    table's path leave the data folder (see :func:`lwtbook._package.resource_file`).
    """
    res, table = read_checked(table_id, folder=folder, trusted=trusted)
    rows = table.rows
    columns: dict[str, Any] = {}
    for name in (f["name"] for f in res["schema"]["fields"]):
        texts = [row[name] for row in rows]
        if name == "value":
            columns[name] = pd.array([float(t) for t in texts], dtype="float64")
        elif name == "n":
            columns[name] = pd.array([int(t) if t else None for t in texts], dtype="Int64")
        else:
            columns[name] = pd.array(texts, dtype="string")
    df = pd.DataFrame(columns)
    df.attrs = {"id": table_id} | {k: res[k] for k in ATTR_KEYS if k in res}
    return df


def as_printed(table_id: str, *, folder: Path | None = None,
               trusted: bool = False) -> pd.DataFrame:
    """Return table *table_id* laid out like the printed table, for display.

    Rows and columns follow the report's order and labels (the resource's ``layout``). Cells
    the report leaves empty or marks n.v.t./n.g. are NaN; their printed marks are listed in
    ``attrs["missing"]``. The bases (n) are not part of this view; see :func:`load`.

    This is a numeric view: a printed "-" (absolute zero) and a printed "0" (rounded to zero)
    are both 0, "8%" is 8 and "3*" is 3. What the report prints besides the number is in
    ``attrs``: ``dashes`` (the cells printed "-"), ``percent_signs`` (cells printed with a %
    sign) and ``footnotes`` (the notes under the table and the cells or header carrying their
    mark). :func:`lwtbook.tables.printed_frame` gives every cell as printed text.
    Damage raises :class:`lwtbook.DataError`, as in :func:`load`.
    """
    df = load(table_id, folder=folder, trusted=trusted)
    layout = df.attrs.get("layout") or {"rows": dimensions(_resource(table_id, folder)),
                                        "columns": []}
    rows, cols = list(layout["rows"]), list(layout.get("columns", []))
    if cols:
        wide = df.pivot_table(index=rows, columns=cols, values="value", aggfunc="first",
                              sort=False)
        wide = wide.loc[_first_seen(df, rows), _first_seen(df, cols)]
    else:
        wide = df.set_index(rows)[["value"]]
        wide.columns = [df.attrs.get("unit", "value") if isinstance(df.attrs.get("unit"), str)
                        else "value"]
    wide.attrs = dict(df.attrs)
    return wide


def _first_seen(df: pd.DataFrame, dims: list[str]) -> list:
    """Keys of *dims* in the order they first appear: the printed (reading) order."""
    keys = df[dims].itertuples(index=False, name=None)
    seen = list(dict.fromkeys(keys))
    return [k[0] for k in seen] if len(dims) == 1 else seen


def catalog(*, folder: Path | None = None, trusted: bool = False) -> pd.DataFrame:
    """All tables and charts of the report, in reading order.

    Columns: ``id``, ``kind`` (table/chart), ``number``, ``title``, ``section``, ``unit``,
    ``n`` (the printed base, or its range when a table has several), ``lines`` (source line
    range) and ``status`` (``data`` when the numbers are in the package, ``not recoverable``
    for the charts whose numbers did not survive the text extraction).

    Every table and the chart catalogue are read as :func:`load` reads a table, so damage
    anywhere in them raises :class:`lwtbook.DataError`.
    """
    folder = folder or data_dir()
    rows = []
    for name in table_resources(folder):
        res, table = read_checked(name, folder=folder, trusted=trusted)
        n = pd.Series([int(row["n"]) for row in table.rows if row["n"]], dtype="int64")
        rows.append({
            "id": name,
            "kind": "table",
            "number": res.get("table_number"),
            "title": res["title"],
            "section": res["section"],
            "unit": _unit_text(res.get("unit")),
            "n": _n_text(n),
            "lines": "–".join(str(x) for x in res["source_lines"]),
            "status": "data",
        })
    if "charts" in resources(folder):
        for rec in read_rows("charts", folder=folder, kind="chart-catalogue", trusted=trusted):
            rows.append({
                "id": rec["chart_id"], "kind": "chart", "number": rec["nummer"],
                "title": rec["titel"], "section": rec["sectie"], "unit": "%", "n": None,
                "lines": f"{rec['regel_van']}–{rec['regel_tot']}", "status": rec["status"],
            })
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    start = out["lines"].str.split("–").str[0].astype(int)
    return out.iloc[start.argsort(kind="stable")].reset_index(drop=True)


def _unit_text(unit: Any) -> str | None:
    if isinstance(unit, dict):
        return ", ".join(f"{k}: {v}" for k, v in unit.get("values", {}).items())
    return unit


def _n_text(n: pd.Series) -> str | None:
    if n.empty:
        return None
    lo, hi = int(n.min()), int(n.max())
    return str(lo) if lo == hi else f"{lo}–{hi}"


@dataclass(frozen=True)
class ChartRecord:
    """A chart of the report: its number, title and section, whether its numbers survive
    (``status``), and the labels that do survive – ``(role, text)`` pairs in printed order,
    with roles such as ``item``, ``legenda`` and ``as``."""

    chart_id: str
    number: str
    title: str
    section: str
    status: str
    labels: tuple[tuple[str, str], ...]

    def texts(self, role: str = "item") -> list[str]:
        """The surviving labels with *role* (``item``: the chart's statements)."""
        return [text for r, text in self.labels if r == role]

    def labels_table(self, *, caption: str, anchor: str, role: str = "item"):
        """The surviving labels with *role* as a captioned one-column table (each label heads
        its row): a chapter lists a lost chart's statements without typing them again, and
        they read as the chart's labels, not as prose."""
        from lwtbook.tables import frame_table

        head = f"{self.number}: {'uitspraken' if role == 'item' else role}"
        return frame_table(pd.DataFrame({head: self.texts(role)}), caption=caption, anchor=anchor)


def chart(chart_id: str, *, folder: Path | None = None) -> ChartRecord:
    """One chart from ``charts.csv`` with its surviving labels from ``chart_labels.csv``.

    The charts' numbers did not survive the text version of the report; a chapter describes
    such a chart from this record instead of typing its title or labels again. An unknown id
    raises LookupError naming the close matches.
    """
    charts = resource_file("charts", folder)
    frame = pd.read_csv(charts, dtype="string", keep_default_na=False)
    found = frame[frame["chart_id"] == chart_id]
    if found.empty:
        close = difflib.get_close_matches(chart_id, list(frame["chart_id"]), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise LookupError(f"no chart {chart_id!r} in {charts.name}{hint}")
    rec = found.iloc[0]
    labels = pd.read_csv(resource_file("chart_labels", folder), dtype="string",
                         keep_default_na=False)
    mine = labels[labels["chart_id"] == chart_id]
    mine = mine.iloc[mine["volgorde"].astype(int).argsort(kind="stable")]
    return ChartRecord(chart_id, str(rec["nummer"]), str(rec["titel"]), str(rec["sectie"]),
                       str(rec["status"]),
                       tuple(zip(mine["rol"].astype(str), mine["label"].astype(str),
                                 strict=True)))
