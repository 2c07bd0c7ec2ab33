"""The public API of the book's chapters: everything a notebook may call.

A chapter is narrative plus calls into this module (``import lwtbook.book as bk``); it defines
no functions of its own, imports nothing private and runs no statistical test. Every number
it shows comes from here:

* printed numbers — :func:`cell` (value, n, rounding, interval), :func:`value`; many at
  once — :func:`values` (keyed by their labels), :func:`total` (the sum of some shares); a
  whole table for a chart — :func:`load` (with the Wilson interval of each share on
  request), or as rows × columns — :func:`wide`; a long label may be named by its unique
  start and "…" (``uitspraak="door leerwerktrajecten geven…"``, see
  :func:`lwtbook.cells.select`);
* the report's statements — :func:`claim` (the claims audit, ``data/claims.csv``),
  :func:`stated` (the number a sentence states, formatted in its unit) and
  :func:`claims_table` (some of them with their verdicts, for a chapter);
* the study design (who was approached, who took part) — :mod:`design`
  (``bk.design.text(groep, stap)``, Tabel 1.A, the response funnels);
* the tables' own inconsistencies — :func:`inconsistencies` (the register); the smallest
  group a row of shares can come from — :func:`smallest_base`; what is left of a lost
  chart — :func:`chart`;
* tests — :func:`test` and :func:`tests_table` (the re-analysis, ``data/derived/``), so a
  comparison has the same p-value and verdict on every page;
* formatting — :func:`number`, :func:`percent`, :func:`difference`, :func:`interval`,
  :func:`p_value`, :func:`ci_label` (one Dutch style);
* assumptions — :func:`configure` applies a chapter's ``settings`` parameter (papermill),
  :func:`settings` says what is in force (see :mod:`lwtbook.settings`);
* prose — :func:`glue` puts many values into the Markdown at once (``{glue:text}`name```);
* tables and charts — :func:`show_table`, :func:`frame_table`, :func:`bar_chart`,
  :func:`stacked_chart`, :func:`figure`, :func:`table_explorer`; :func:`table_figure` draws
  a report table with alt text computed from its numbers; :func:`diverging_chart` for
  agree/disagree statements; :data:`ANSWER_COLOURS` for ordered answers (good to bad);
* precision — :func:`margin`: how far a percentage from *n* answers may lie from the truth,
  where a table prints no n per cell but the number of respondents is known;
* the summaries — :func:`index_table` (growth as an index), :func:`audit_counts`,
  :func:`reanalysis_counts` and :func:`package_counts` (the counts of "Controle van de
  cijfers", "Herberekening" and "Data en methoden", under the names those pages glue them by),
  :mod:`english` (the English page's numbers and verdicts);
* the regional case studies (chapter 6) — :func:`case_topics`, :func:`case_topics_figure`,
  :func:`case_table`, :func:`case_synthesis`, :func:`case_synthesis_table` (see
  :mod:`lwtbook.cases`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lwtbook import design, english
from lwtbook.cells import Cell, categories, cell, select
from lwtbook.fmt import ci_label, difference, interval, number, p_number, p_value, percent
from lwtbook.plots import ANSWER_COLOURS  # colours of ordered answers, best to worst
from lwtbook.settings import apply as configure
from lwtbook.settings import current as settings

if TYPE_CHECKING:
    import pandas as pd

    from lwtbook.data import ChartRecord
    from lwtbook.register import Finding
    from lwtbook.tables import FrameTable, PrintedTable

__all__ = [
    "ANSWER_COLOURS",
    "Cell",
    "audit_counts",
    "bar_chart",
    "case_synthesis",
    "case_synthesis_table",
    "case_table",
    "case_topics",
    "case_topics_figure",
    "categories",
    "cell",
    "chart",
    "ci_label",
    "claim",
    "claims_table",
    "configure",
    "design",
    "difference",
    "diverging_chart",
    "english",
    "figure",
    "frame_table",
    "glue",
    "heatmap",
    "inconsistencies",
    "index_table",
    "interval",
    "load",
    "margin",
    "number",
    "p_number",
    "p_value",
    "package_counts",
    "percent",
    "reanalysis_counts",
    "select",
    "settings",
    "show_table",
    "smallest_base",
    "stacked_chart",
    "stated",
    "table_explorer",
    "table_figure",
    "test",
    "tests_table",
    "total",
    "value",
    "values",
    "wide",
]


def load(table_id: str, *, ci: bool = False, **where: str | list[str]) -> pd.DataFrame:
    """A report table as a tidy DataFrame (see :func:`lwtbook.load`), for a chart.

    *where* keeps the rows whose labels match (a label or a list of labels per dimension,
    each exact or a unique start ending in "…"; an unknown label raises LookupError, as in
    :func:`select`). With ``ci=True`` the columns ``lower`` and ``upper`` hold the Wilson
    interval of each printed share at the settings' level (:meth:`Cell.ci`), empty where the
    table prints no n – the one way a chapter draws error bars.
    """
    from lwtbook.cells import resolve
    from lwtbook.data import load as _load

    df = _load(table_id)
    if where:  # unknown dimensions or labels raise here; "…" prefixes become their labels
        for dim, labels in resolve(table_id, where).items():
            df = df[df[dim].isin(labels)]
    if ci:
        cells = {c.key: c for c in select(table_id, {})}
        dims = [d for d in df.columns if d not in ("value", "n")]
        bounds = [cells[tuple((d, str(rec[d])) for d in dims)]
                  for rec in df.to_dict("records")]
        pairs = [c.ci() if c.n is not None else (float("nan"), float("nan")) for c in bounds]
        df = df.assign(lower=[lo for lo, _ in pairs], upper=[hi for _, hi in pairs])
    attrs = dict(df.attrs)
    df = df.reset_index(drop=True)
    df.attrs = attrs
    return df


def margin(n: int, pct: float = 50.0) -> float:
    """Half the width, in percentage points, of the Wilson interval (at the settings' level)
    of a share of *pct* percent among *n* answers.

    A reader's measure of precision where a table prints no n for its cells but the number
    of respondents is known: "with 129 respondents a percentage near one half is uncertain by
    about 9 points either way". It is not a test and says nothing about a difference.
    """
    from lwtbook.stats import wilson_interval

    low, high = wilson_interval(pct, n, settings().level)
    return (high - low) / 2


def inconsistencies(*table_ids: str) -> list[Finding]:
    """What the register of inconsistencies finds in these tables now (see
    :func:`lwtbook.register.findings`): each finding's ``facts`` carry its numbers, so the
    text can say them in Dutch; the page "Controle van de cijfers" lists them all."""
    from lwtbook.register import findings

    return findings(*table_ids)


def smallest_base(shares: list[float], decimals: int = 0) -> int | None:
    """The smallest group a row of printed shares can come from (see
    :func:`lwtbook.stats.smallest_base`): how few people an unprinted base may hide."""
    from lwtbook.stats import smallest_base as _smallest

    return _smallest(shares, decimals)


def chart(chart_id: str) -> ChartRecord:
    """A chart of the report whose numbers were lost: number, title and surviving labels
    (see :func:`lwtbook.data.chart`)."""
    from lwtbook.data import chart as _chart

    return _chart(chart_id)


def value(table_id: str, **where: str) -> float:
    """The printed value of the one cell with these labels (see :func:`cell`)."""
    return cell(table_id, **where).value


def values(table_id: str, *dims: str, **where: str | list[str]) -> dict[Any, float]:
    """The printed values of the cells *where* selects, keyed by their labels of *dims*: one
    dimension gives ``{label: value}``, several ``{(label, label, …): value}``, in printed
    order. Every other dimension must be named in *where*, so each key is one cell:

    >>> values("t1_1", "groep", jaargroep="totaal", maat="aantal")
    {'lwt-leerlingen': 1285.0, 'controlegroep': 210.0}

    A dimension left unnamed, or a list of labels that makes two cells share a key, raises
    LookupError (a selection cannot silently widen).
    """
    from lwtbook.cells import dimensions

    if not dims:
        raise TypeError("values() needs at least one dimension to key the values by")
    known = dimensions(table_id)
    for dim in dims:
        if dim not in known:
            raise LookupError(f"{table_id}: no dimension {dim!r} (has {', '.join(known)})")
    picked = select(table_id, where, every_dimension=True, free=dims)
    found = {(c.get(dims[0]) if len(dims) == 1 else tuple(c.get(d) for d in dims)): c.value
             for c in picked}
    if len(found) != len(picked):
        raise LookupError(f"{table_id}: {len(picked)} cells share {len(found)} keys of "
                          f"{', '.join(dims)}; key them by the dimension with several labels")
    return found


def total(table_id: str, **where: str | list[str]) -> float:
    """The sum of the printed values of the cells *where* selects: the share that gave any of
    several answers (``total("t3_14", knelpunt=…, mate=["behoorlijk", "groot knelpunt"])``).
    Every dimension must be named, so the sum cannot silently take in other cells."""
    return sum(c.value for c in select(table_id, where, every_dimension=True))


def wide(table_id: str, rows: str, columns: str, **where: str | list[str]) -> pd.DataFrame:
    """A report table as rows × columns of printed values, both in printed order: the rows
    are the labels of *rows*, the columns those of *columns* (``wide("t4_3", "aspect",
    "oordeel").loc["motivatie", "goed"]``). *where* keeps some rows first, as in :func:`load`;
    a dimension left out that makes two values share a place raises LookupError."""
    df = load(table_id, **where)
    if df.duplicated([rows, columns]).any():
        others = [d for d in df.columns if d not in (rows, columns, "value", "n")]
        raise LookupError(f"{table_id}: several values per {rows} and {columns}; name "
                          f"{', '.join(others)} too")
    return df.pivot_table(index=rows, columns=columns, values="value", sort=False)


def claim(claim_id: str):
    """A statement of the report from the claims audit: its stated value, verdict and the
    cells that check it (see :func:`lwtbook.claims.get`)."""
    from lwtbook.claims import get

    return get(claim_id)


def stated(claim_id: str) -> str:
    """The number a sentence of the report states, formatted in its unit for the prose:
    ``"48%"`` for a percentage, ``"142"`` for a count (see :func:`claim`)."""
    return claim(claim_id).stated


def claims_table(claim_ids: list[str], *, caption: str, anchor: str, note: str = ""):
    """Statements of the report with what the audit found, each verdict linked to the
    statement on "Controle van de cijfers" (see :func:`lwtbook.claims.present.claims_table`)."""
    from lwtbook.claims.present import claims_table as _table

    return _table(claim_ids, caption=caption, anchor=anchor, note=note)


def test(test_id: str):
    """A row of the re-analysis: the comparison, its interval, p-values and verdict under the
    current settings (see :func:`lwtbook.reanalysis.result`)."""
    from lwtbook.reanalysis import result

    return result(test_id)


def tests_table(test_ids: list[str], *, caption: str, anchor: str,
                note: str | None = None, statements: bool = False) -> FrameTable:
    """The re-analysis rows *test_ids* as one compact, captioned table (Dutch); *note* is
    printed under it (say there, for example, which n's were assumed); with *statements* each
    row also names the report's statement it tests (no test ids)."""
    from lwtbook.reanalysis import tests_table as _table

    return _table(test_ids, caption=caption, anchor=anchor, note=note, statements=statements)


def glue(**values: Any) -> None:
    """Glue every ``name=value`` for the Markdown, all at once.

    Text (``str``) is cited with ``{glue:text}`name```: format numbers first
    (:func:`percent`, …); myst-nb reads a glued ``text/plain`` back with
    ``ast.literal_eval``, so the repr of a string comes back exactly ("0,864" stays "0,864"
    instead of becoming the tuple ``(0, 864)``). Markdown (``test(id).markup()``) is cited
    with ``{glue:md}`name```.
    """
    from myst_nb import glue as _glue

    for name, val in values.items():
        if not isinstance(val, str) and not hasattr(val, "_repr_markdown_"):
            raise TypeError(f"glue {name}: format the value as text first, got {val!r}")
        _glue(name, val, display=False)


def show_table(table_id: str, *, caption: str | None = None,
               number_format: int | None = None) -> PrintedTable:
    """A report table as printed: caption, header cells, bases, source note, CSV link."""
    from lwtbook.tables import show_table as _show

    return _show(table_id, caption=caption, number_format=number_format)


def frame_table(frame, *, caption: str, anchor: str, note: str | None = None) -> FrameTable:
    """Any DataFrame as an accessible, captioned table (first column heads each row)."""
    from lwtbook.tables import frame_table as _frame

    return _frame(frame, caption=caption, anchor=anchor, note=note)


def bar_chart(*args: Any, **kwargs: Any):
    """See :func:`lwtbook.plots.bar_chart`."""
    from lwtbook.plots import bar_chart as _bar

    return _bar(*args, **kwargs)


def stacked_chart(*args: Any, **kwargs: Any):
    """See :func:`lwtbook.plots.stacked_chart`."""
    from lwtbook.plots import stacked_chart as _stacked

    return _stacked(*args, **kwargs)


def diverging_chart(*args: Any, **kwargs: Any):
    """See :func:`lwtbook.plots.diverging_chart`."""
    from lwtbook.plots import diverging_chart as _diverging

    return _diverging(*args, **kwargs)


def heatmap(*args: Any, **kwargs: Any):
    """See :func:`lwtbook.plots.heatmap`."""
    from lwtbook.plots import heatmap as _heatmap

    return _heatmap(*args, **kwargs)


def figure(chart, *, caption: str, alt: str, anchor: str):
    """A chart as a captioned figure with alt text (see :func:`lwtbook.plots.figure`)."""
    from lwtbook.plots import figure as _figure

    return _figure(chart, caption=caption, alt=alt, anchor=anchor)


def table_figure(table_id: str, category: str, part: str | None = None, *, caption: str,
                 anchor: str, kind: str = "bar", where: dict[str, Any] | None = None,
                 ci: bool = False, n_label: str | None = None,
                 labels: dict[str, str] | None = None, colours: list[str] | None = None,
                 xlabel: str | None = None):
    """A report table as a captioned chart whose alt text says what it shows and its main
    finding, computed from the numbers drawn (:func:`lwtbook.describe.alt_text`).

    *category* names the bars and *part* the groups (``kind="bar"``) or segments
    (``kind="stacked"``) within a bar; *where* keeps some rows (as in :func:`load`); ``ci``
    draws each share's Wilson interval as error bars; *n_label* adds the printed n to that
    dimension's labels ("2002/2003 (n=90)"); *labels* shortens category labels.
    """
    from lwtbook.describe import alt_text

    if kind not in ("bar", "stacked"):
        raise ValueError(f"kind {kind!r}: 'bar' or 'stacked'")
    df = load(table_id, ci=ci, **(where or {}))
    if labels:
        df[category] = df[category].replace(labels)
    percent = df.attrs.get("unit") == "%"
    shape = "stacked" if kind == "stacked" else ("grouped" if part else "bar")
    intervals = f"{ci_label(settings().level)} van elk percentage" if ci else None
    alt = alt_text(df, category, part, kind=shape, what=caption, intervals=intervals,
                   percent=percent)
    if n_label:
        has_n = df["n"].notna()
        df.loc[has_n, n_label] = df.loc[has_n, n_label] + " (n=" + df.loc[has_n, "n"].map(
            number) + ")"
    xlabel = xlabel or ("percentage" if percent else "aantal")
    if kind == "stacked":
        chart = stacked_chart(df, category, part, colours=colours, xlabel=xlabel)
    else:
        chart = bar_chart(df, category, hue=part, xlabel=xlabel, xmax=100 if percent else None,
                          lower="lower" if ci else None, upper="upper" if ci else None)
    return figure(chart, caption=caption, alt=alt, anchor=anchor)


def table_explorer(table_id: str, choose: str, **kwargs: Any):
    """An explorer over one table that works without a kernel (see
    :func:`lwtbook.widgets.table_explorer`)."""
    from lwtbook.widgets import table_explorer as _explorer

    return _explorer(table_id, choose, **kwargs)


def index_table(table_id: str = "t_summary", **kwargs: Any):
    """Each series of a table as an index of its first period (see
    :func:`lwtbook.growth.index_table`): the growth of Tabel 1 in one chart."""
    from lwtbook.growth import index_table as _index

    return _index(table_id, **kwargs)


def audit_counts() -> dict[str, int]:
    """The claims audit's counts under the names "Controle van de cijfers" glues them by
    (``cc_n``, ``cc_n_fits``, …). Glue a count under its name, formatted with :func:`number`,
    so that a test can compare the pages (see :func:`lwtbook.claims.present.count_values`)."""
    from lwtbook.claims.present import count_values

    return count_values()


def package_counts() -> dict[str, int]:
    """How many tables, charts, printed numbers and documented anomalies the data package
    holds (see :func:`lwtbook.methods.package_counts`; "Data en methoden" glues them as
    ``dm_tabellen``, ``dm_grafieken``, ``dm_getallen`` and ``dm_afwijkingen``)."""
    from lwtbook.methods import package_counts as _counts

    return _counts()


def reanalysis_counts() -> dict[str, int]:
    """The re-analysis's counts under the names "Herberekening" glues them by
    (``hb_n_tests`` and one ``hb_n_<verdict>`` per verdict, never a sum across verdicts; see
    :func:`lwtbook.reanalysis.count_values`)."""
    from lwtbook.reanalysis import count_values

    return count_values()


def case_topics():
    """How often each topic of the case studies comes up per region, and in how many
    regions (see :func:`lwtbook.cases.topics`)."""
    from lwtbook.cases import topics

    return topics()


def case_topics_figure(*, caption: str, anchor: str):
    """The topics that not every region raises, as a heat map with alt text computed from the
    counts (see :func:`lwtbook.cases.topics_figure`)."""
    from lwtbook.cases import topics_figure

    return topics_figure(caption=caption, anchor=anchor)


def case_table(region: str, *, anchor: str, caption: str | None = None) -> FrameTable:
    """A region's successes, obstacles and solutions as a captioned table; the caption is
    Overzicht 6.1–6.4 unless given (see :func:`lwtbook.cases.region_table`)."""
    from lwtbook.cases import region_table

    return region_table(region, caption=caption, anchor=anchor)


def case_synthesis():
    """The statements of the report's section 6.6 with the edition's Dutch verdict (see
    :func:`lwtbook.cases.synthesis`)."""
    from lwtbook.cases import synthesis

    return synthesis()


def case_synthesis_table(texts: dict[str, tuple[str, str]] | None = None, *, caption: str,
                         anchor: str) -> FrameTable:
    """The statements of section 6.6 that the case texts do not (fully) carry, in the
    chapter's words: by default those of ``data/notes/cases-synthesis-nl.md`` (see
    :func:`lwtbook.cases.synthesis_table` and :func:`lwtbook.cases.synthesis_texts`)."""
    from lwtbook.cases import synthesis_table

    return synthesis_table(texts, caption=caption, anchor=anchor)


def glue_text(name: str, text: object) -> str:
    """Deprecated: use :func:`glue`. Kept while the chapters move to the new API."""
    glue(**{name: str(text)})
    return str(text)


if __name__ == "__main__":  # `python -m lwtbook.book` (old name of lwtbook.notebooks)
    import sys

    from lwtbook.notebooks import main

    sys.exit(main())
