"""The re-analysis in Dutch: one phrase per test, compact tables, the forest plot, counts.

Everything a page shows about a test comes from its row (:func:`lwtbook.reanalysis.result`),
so a p-value or verdict reads the same on every page. Data files keep English codes; the
words here come from :mod:`lwtbook.vocab`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from lwtbook import fmt, vocab
from lwtbook.settings import current

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from lwtbook.reanalysis.results import Result
    from lwtbook.tables import FrameTable

__all__ = [
    "count_values",
    "counts",
    "difference_text",
    "forest",
    "forest_figure",
    "id_list",
    "ids",
    "margin_band",
    "phrase",
    "policy_table",
    "settings_table",
    "tests_table",
    "verdicts_table",
    "worked_example",
]

#: Marks a verdict that depends on the rounding of the printed percentages.
FRAGILE = "†"


def _adjustment_name() -> str:
    s = current()
    return {"holm": "Holm", "bonferroni": "Bonferroni", "bh": "Benjamini–Hochberg"}.get(
        s.adjust, "")


def difference_text(r: Result, *, unit: bool = False) -> str:
    """The size of the comparison in one cell: ``+19,0 (11,7 tot 26,4)``, ``afstand 16,6``,
    ``spreiding 32,0``; ``""`` when there is none (means). *unit* adds "procentpunt"."""
    if r.difference_pp is None:
        return ""
    tail = " procentpunt" if unit else ""
    if r.measure == "afstand":
        return f"afstand {fmt.number(r.difference_pp, 1)}{tail}"
    if r.measure == "spreiding":
        return f"spreiding {fmt.number(r.difference_pp, 1)}{tail}"
    text = fmt.difference(r.difference_pp, 1) + tail
    if r.ci_low is not None:
        text += f" ({fmt.ci_label(current().level)} " if unit else " ("
        text += f"{fmt.interval(r.ci_low, r.ci_high)})"
    return text


def _p_cell(p: float | None) -> str:
    return fmt.p_number(p)


def _adjusted_cell(r: Result) -> str:
    if r.p_value is None:
        return ""
    if r.p_adjusted is None:
        return "geen familie" if r.role == "data-quality" else "geen correctie"
    return fmt.p_number(r.p_adjusted)


def _verdict_cell(r: Result) -> str:
    mark = FRAGILE if r.rounding_robust is False else ""
    return r.verdict_nl + mark


#: The tests whose p answers "equal within the margin?" rather than "different?".
EQUIVALENCE_TESTS = frozenset({"tost", "tost-binomial", "noninferiority", "equivalence-w"})


def join_phrase(size: str, inner: Sequence[str], verdict: str) -> str:
    """A phrase from its parts, in any language: "size (inner; inner) – verdict"."""
    text = size
    if inner:
        text = f"{text} ({'; '.join(inner)})" if text else "; ".join(inner)
    return f"{text} – {verdict}" if text else verdict


def phrase(r: Result) -> str:
    """One Dutch phrase for prose: "+19,0 procentpunt (95%-BI 11,7 tot 26,4; p < 0,001;
    na Holm-correctie in de familie p < 0,001) – gedragen"."""
    size = difference_text(r, unit=True)
    inner = []
    if size and "(" in size:
        size, _, ci = size.partition(" (")
        inner.append(ci.rstrip(")"))
    if r.p_value is not None:
        equivalence = r.test in EQUIVALENCE_TESTS
        inner.append(("equivalentietoets: " if equivalence else "") + fmt.p_value(r.p_value))
    if r.p_adjusted is not None:
        inner.append(f"na {_adjustment_name()}-correctie in de familie "
                     f"{fmt.p_value(r.p_adjusted)}")
    return join_phrase(size, inner, r.verdict_nl)


def ids(*, family: str | None = None, role: str | None = None,
        verdict: str | Iterable[str] | None = None, design: str | None = None,
        kind: str | None = None, tested: bool | None = None,
        robust: bool | None = None) -> list[str]:
    """Test ids whose row matches every filter given (in spec order). ``tested``: has a
    p-value; ``robust``: the outcome does (not) depend on the rounding."""
    from lwtbook.reanalysis.results import results

    frame = results()
    mask = pd.Series(True, index=frame.index)
    for column, wanted in (("family", family), ("role", role), ("design", design),
                           ("kind", kind)):
        if wanted is not None:
            mask &= frame[column] == wanted
    if verdict is not None:
        wanted = {verdict} if isinstance(verdict, str) else set(verdict)
        mask &= frame["verdict"].isin(wanted)
    if tested is not None:
        mask &= frame["p_value"].notna() == tested
    if robust is not None:
        mask &= frame["rounding_robust"].map(lambda v: v is robust)
    return list(frame.loc[mask, "test_id"])


def counts(test_ids: Sequence[str] | None = None) -> dict[str, int]:
    """How many tests have each verdict (all six codes, in order; never summed across)."""
    from lwtbook.reanalysis.results import results
    from lwtbook.reanalysis.verdicts import VERDICTS

    frame = results()
    if test_ids is not None:
        frame = frame[frame["test_id"].isin(list(test_ids))]
    found = frame["verdict"].value_counts()
    return {code: int(found.get(code, 0)) for code in VERDICTS}


def count_values() -> dict[str, int]:
    """The counts under the names "Herberekening" glues them by: ``hb_n_tests`` (every test)
    and ``hb_n_<verdict>`` for each verdict (``hb_n_shown``, ``hb_n_not_shown``, …). Other
    pages glue a count under the same name, so a test can compare the pages."""
    out = {"hb_n_tests": len(ids())}
    out.update({f"hb_n_{code.replace('-', '_')}": n for code, n in counts().items()})
    return out


def id_list(test_ids: Sequence[str]) -> str:
    """``["H03", "H73"]`` -> ``"H03 en H73"``; ``"geen"`` for none (for the methods pages)."""
    items = list(test_ids)
    if not items:
        return "geen"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


#: Multiple-testing policies compared on "Herberekening": label and settings changes.
POLICIES = (
    ("Holm binnen de families (deze editie)", {}),
    ("Holm over alle toetsen samen", {"family": "all"}),
    ("Benjamini–Hochberg over alle toetsen", {"family": "all", "adjust": "bh"}),
    ("Geen correctie", {"adjust": "none"}),
)


def policy_table(*, caption: str, anchor: str) -> FrameTable:
    """How the count per verdict depends on the multiple-testing policy: the edition's choice
    against one family for everything (Holm, Benjamini–Hochberg) and no correction. Each row
    is a fresh run under those settings (nothing committed changes)."""
    from lwtbook.reanalysis.verdicts import VERDICTS
    from lwtbook.settings import use
    from lwtbook.tables import frame_table

    shown = [c for c in VERDICTS if c not in ("descriptive", "untestable")]
    rows = []
    for label, changes in POLICIES:
        with use(**changes):
            found = counts()
        rows.append([label, *(fmt.number(found[c]) for c in shown)])
    frame = pd.DataFrame(rows, columns=["Correctie", *(vocab.REANALYSIS_VERDICTS[c]
                                                        for c in shown)])
    return frame_table(frame, caption=caption, anchor=anchor)


def tests_table(test_ids: Sequence[str], *, caption: str, anchor: str, ids: bool = False,
                row_anchors: bool = False, note: str | None = None,
                statements: bool = False) -> FrameTable:
    """Rows of the re-analysis as one compact, captioned table in Dutch.

    Five columns: the comparison, the difference with its interval in one cell, p, p after
    the family's correction, verdict. With ``ids`` the first cell also names the test, its
    section and the statement (for the methods page); with ``statements`` it names the
    statement without the test's id (for a chapter whose rows test different statements);
    with ``row_anchors`` each row carries the id ``toets-h12`` that chapters link to.
    """
    from lwtbook.reanalysis.results import result
    from lwtbook.tables import frame_table

    rows = [result(t) for t in test_ids]
    if not rows:
        raise ValueError("tests_table needs at least one test id")
    label = f"Verschil in procentpunten ({fmt.ci_label(current().level)})"
    data: dict[str, list[str]] = {}
    if ids:  # the statement and the comparison in one cell: the table keeps five columns
        data["Toets en vergelijking"] = [f"{r.test_id} ({r.section}) {r.claim}: {r.comparison}"
                                         for r in rows]
    elif statements:
        data["Bewering en vergelijking"] = [f"{r.claim}: {r.comparison}" for r in rows]
    else:
        data["Vergelijking"] = [r.comparison for r in rows]
    data[label] = [difference_text(r) for r in rows]
    data["p"] = [_p_cell(r.p_value) for r in rows]
    name = _adjustment_name()
    data[f"p na {name}-correctie" if name else "p na correctie"] = [
        _adjusted_cell(r) for r in rows]
    data["Oordeel"] = [_verdict_cell(r) for r in rows]
    notes = []
    if any(r.rounding_robust is False for r in rows):
        notes.append(f"{FRAGILE} Het oordeel hangt af van de afronding van de gedrukte "
                     "percentages.")
    if any(r.measure in ("afstand", "spreiding") for r in rows):
        notes.append("Afstand: het deel van de ene verdeling dat van categorie moet wisselen om "
                     "de andere te krijgen; spreiding: hoogste min laagste percentage.")
    if note:
        notes.append(note)
    return frame_table(pd.DataFrame(data), caption=caption, anchor=anchor,
                       note=" ".join(notes) or None,
                       row_ids=[r.anchor for r in rows] if row_anchors else None,
                       row_data=[{"test": r.test_id} for r in rows])


def verdicts_table(*, caption: str, anchor: str) -> FrameTable:
    """The six verdicts: the word on the pages, what it means, and how many tests have it."""
    from lwtbook.tables import frame_table

    found = counts()
    frame = pd.DataFrame({
        "Oordeel": [vocab.REANALYSIS_VERDICTS[c] for c in found],
        "Betekenis": [vocab.VERDICT_MEANINGS[c] for c in found],
        "Aantal toetsen": [fmt.number(n) for n in found.values()],
    })
    return frame_table(frame, caption=caption, anchor=anchor)


def settings_table(*, caption: str, anchor: str) -> FrameTable:
    """Every analysis setting with its value in force and what it does (in Dutch)."""
    from dataclasses import fields

    from lwtbook.tables import frame_table

    s = current()
    names = [f.name for f in fields(s)]
    missing = [n for n in names if n not in vocab.SETTINGS]
    if missing:
        raise KeyError(f"no Dutch explanation for setting(s) {', '.join(missing)}")
    values = []
    for name in names:
        value = getattr(s, name)
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        values.append(fmt.number(value) if numeric and name != "seed" else str(value))
    frame = pd.DataFrame({"Instelling": names, "Waarde": values,
                          "Wat ze doet": [vocab.SETTINGS[n] for n in names]})
    return frame_table(frame, caption=caption, anchor=anchor)


# --------------------------------------------------------------------------- forest plot

_STYLE_FALLBACK = {
    "figure.dpi": 100, "font.family": "DejaVu Sans", "font.size": 10, "axes.titlesize": 11,
    "axes.labelsize": 10, "axes.spines.top": False, "axes.spines.right": False,
    "axes.grid": True, "axes.grid.axis": "x", "grid.color": "#DDDDDD",
    "legend.frameon": False, "svg.hashsalt": "lwtbook",
}
#: Colour, marker and Dutch word per verdict (Okabe–Ito colours, colour-blind safe).
_LOOK = {"shown": ("#009E73", "o"), "not-shown": ("#0072B2", "s"),
         "contradicted": ("#D55E00", "X"), "inconclusive": ("#E69F00", "D")}


def _style() -> dict:
    """The book's chart style: :data:`lwtbook.plots.STYLE` once it exists."""
    from lwtbook import plots

    return getattr(plots, "STYLE", _STYLE_FALLBACK)


def _oriented(rows: Sequence[Result]) -> list[tuple[Result, float, float, float]]:
    """(row, difference, low, high) turned so that positive is the direction claimed."""
    out = []
    for r in rows:
        flip = -1.0 if r.expected_direction in ("group1<group2", "min") else 1.0
        lo, hi = sorted((flip * r.ci_low, flip * r.ci_high))
        out.append((r, flip * r.difference_pp, lo, hi))
    return out


def margin_band(pct: float) -> tuple[float, float]:
    """The equivalence margin (Cohen's h, :attr:`lwtbook.settings.Settings.margin_h`) around a
    share of *pct* percent, in percentage points: (below, above), e.g. (−10,0, +10,0) at 50 %."""
    p = pct / 100
    m = current().margin_h
    base = 2 * math.asin(math.sqrt(p))
    low = math.sin(max(base - m, 0) / 2) ** 2 - p
    high = math.sin(min(base + m, math.pi) / 2) ** 2 - p
    return 100 * low, 100 * high


def _margin_pp(r: Result) -> tuple[float, float] | None:
    """The equivalence margin (Cohen's h) of a "no (big) difference" row in percentage points
    around its second share; None for other rows (and for two answers of the same
    respondents, whose margin is on the share among those who chose either)."""
    if (r.expected_direction not in ("group1=group2", "group1>=group2") or r.share2 is None
            or r.design == "same-respondents"):
        return None
    low, high = margin_band(r.share2)
    return (low, 0.0) if r.expected_direction == "group1>=group2" else (low, high)


def forest_figure(test_ids: Sequence[str], *, label_width: int = 46) -> Figure:
    """Forest plot: per test the difference with its interval, turned so that right of zero
    is the direction the report claims; colour and marker give the verdict; a grey bar marks
    the equivalence margin of a "no (big) difference" claim. Built without pyplot, styled
    with the book's style inside ``rc_context``."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from lwtbook.reanalysis.results import result

    rows = [r for r in (result(t) for t in test_ids)
            if r.ci_low is not None and r.verdict in _LOOK]
    if not rows:
        raise ValueError("none of these tests has an interval to draw")
    shown = _oriented(rows)
    with matplotlib.rc_context(_style()):
        fig = Figure(figsize=(7.5, 0.42 * len(rows) + 1.6))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.axvline(0, color="#555555", linewidth=0.8)
        for y, (r, d, lo, hi) in enumerate(shown):
            band = _margin_pp(r)
            if band is not None:
                ax.plot(band, [y, y], color="#CCCCCC", linewidth=7, solid_capstyle="butt",
                        zorder=0)
            colour, marker = _LOOK[r.verdict]
            ax.plot([lo, hi], [y, y], color=colour, linewidth=1.6)
            ax.plot(d, y, marker=marker, color=colour, markersize=6, linestyle="")
        labels = [textwrap.fill(f"{r.test_id} {r.claim}", label_width, max_lines=2,
                                placeholder=" …") for r, *_ in shown]
        ax.set_yticks(range(len(rows)), labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("verschil in procentpunten; rechts van 0: de kant die het rapport noemt")
        used = [c for c in _LOOK if any(r.verdict == c for r in rows)]
        handles = [Line2D([], [], color=_LOOK[c][0], marker=_LOOK[c][1], linestyle="-",
                          label=vocab.REANALYSIS_VERDICTS[c]) for c in used]
        if any(_margin_pp(r) for r in rows):
            handles.append(Line2D([], [], color="#CCCCCC", linewidth=7,
                                  label="marge bij 'geen (groot) verschil'"))
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.4, 1.0), ncol=3,
                  fontsize=8)
        fig.tight_layout()
    return fig


def forest(test_ids: Sequence[str], *, caption: str, anchor: str, what: str):
    """:func:`forest_figure` as a captioned figure with alt text computed from the rows
    (*what* names the tests in the alt text, e.g. "uit hoofdstuk 2")."""
    from lwtbook.plots import figure
    from lwtbook.reanalysis.results import result

    rows = [r for r in (result(t) for t in test_ids)
            if r.ci_low is not None and r.verdict in _LOOK]
    found = counts([r.test_id for r in rows])
    parts = [f"{n} {vocab.REANALYSIS_VERDICTS[c]}" for c, n in found.items() if n]
    top = max(_oriented(rows), key=lambda item: abs(item[1]))
    alt = (f"Bosdiagram van {len(rows)} getoetste beweringen {what}: per bewering het verschil "
           f"in procentpunten met zijn {fmt.ci_label(current().level)}, zo gedraaid dat rechts "
           f"van nul de richting van het rapport ligt. Oordeel: {', '.join(parts)}. Het "
           f"grootste verschil hoort bij {top[0].test_id} ({top[0].claim}): "
           f"{fmt.difference(top[1], 1)} procentpunt.")
    return figure(forest_figure(test_ids), caption=caption, alt=alt, anchor=anchor)


def worked_example(test_id: str, *, caption: str, anchor: str) -> FrameTable:
    """One test of two independent shares, step by step: printed numbers, reconstructed
    counts and their rounding range, the interval, the test, the family's correction, the
    sensitivity column and the verdict."""
    from lwtbook import stats
    from lwtbook.reanalysis.results import result
    from lwtbook.tables import frame_table

    r = result(test_id)
    if r.kind != "two-proportions" or r.design not in ("independent", "rounds") or \
            r.n1 is None or r.n2 is None or r.share1 is None:
        raise ValueError(f"{test_id}: the worked example needs two independent shares")
    k1, k2 = (stats.reconstruct_count(r.share1, r.n1), stats.reconstruct_count(r.share2, r.n2))
    (lo1, hi1), (lo2, hi2) = stats.count_range(r.share1, r.n1), stats.count_range(r.share2, r.n2)
    w1 = fmt.interval(*stats.wilson_interval(r.share1, r.n1, current().level))
    w2 = fmt.interval(*stats.wilson_interval(r.share2, r.n2, current().level))
    label = fmt.ci_label(current().level)
    steps = [
        ("De vergelijking", r.comparison),
        ("Teruggerekende aantallen", f"{fmt.number(k1)} van {fmt.number(r.n1)} en "
                                     f"{fmt.number(k2)} van {fmt.number(r.n2)}"),
        ("Wat de afronding toelaat", f"{_span(lo1, hi1)} van {fmt.number(r.n1)} en "
                                     f"{_span(lo2, hi2)} van {fmt.number(r.n2)}"),
        (f"{label} van elk percentage (Wilson)", f"{w1} en {w2}"),
        (f"Verschil met {label} (Newcombe)", difference_text(r, unit=True)),
        ("Effectgrootte (Cohens h)", fmt.number(r.cohens_h, 2)),
        ("Toets en p", f"{r.test_nl}: {fmt.p_value(r.p_value)}"),
        (f"Na {_adjustment_name()}-correctie in de familie {vocab.FAMILIES[r.family]}",
         fmt.p_value(r.p_adjusted)),
        ("Gevoeligheid: Benjamini–Hochberg over alle toetsen", fmt.p_value(r.p_bh)),
        ("Oordeel", r.verdict_nl + ("" if r.rounding_robust else
                                    " (afhankelijk van de afronding)")),
    ]
    frame = pd.DataFrame(steps, columns=["Stap", "Uitkomst"])
    return frame_table(frame, caption=caption, anchor=anchor)


def _span(lo: int, hi: int) -> str:
    return fmt.number(lo) if lo == hi else f"{fmt.number(lo)} tot {fmt.number(hi)}"
