"""Alt text for a chart of a report table: what it shows and its main finding, in Dutch.

A screen-reader user should learn from the alt text what a sighted reader sees at a glance.
The finding is computed from the numbers drawn, so it cannot drift from the chart:

* one bar per category – the highest and the lowest;
* two groups side by side (two rounds of a survey, say) – both numbers per category;
* answers on a scale (stacked bars, or more than two groups) – where the first and the last
  answer on the scale ("weet niet", "nvt" do not count) are largest and smallest.

The report's labels are quoted (‘…’): they are its words, not ours.
"""

from __future__ import annotations

import pandas as pd

from lwtbook import fmt

__all__ = ["alt_text", "finding", "quote"]

#: What a chart is, in the alt text's first words.
KINDS = {"bar": "Staafdiagram", "grouped": "Gegroepeerde staven", "stacked": "Gestapelde staven"}
#: Answers that say nothing about the scale; the finding looks past them to the last real one.
NO_ANSWER = frozenset({"nvt", "n.v.t.", "weet niet", "geen mening", "anders"})


def quote(label: object) -> str:
    """A label of the report, quoted: ‘label’ (“label” when it holds a single quote)."""
    text = str(label)
    return f"“{text}”" if "‘" in text or "’" in text else f"‘{text}’"


def _fmt(value: float, percent: bool) -> str:
    return fmt.percent(value) if percent else fmt.number(value)


def _extremes(series: pd.Series, percent: bool) -> tuple[str, str]:
    """("label (value)", "label (value)") of the highest and the lowest number."""
    series = series.dropna()
    top, low = series.idxmax(), series.idxmin()
    return (f"{quote(top)} ({_fmt(series[top], percent)})",
            f"{quote(low)} ({_fmt(series[low], percent)})")


def finding(df: pd.DataFrame, category: str, part: str | None = None, *,
            value: str = "value", percent: bool = True) -> str:
    """The main finding of a chart of *df*: one Dutch sentence (see the module's docstring).

    *category* names the bars, *part* the groups or segments within a bar (None: one bar per
    category). Missing numbers (a question not asked in one round) are left out.
    """
    if df.empty:
        raise ValueError("a chart without numbers has no finding")
    if part is None:
        top, low = _extremes(df.set_index(category)[value], percent)
        return f"Het hoogst: {top}; het laagst: {low}."
    parts = list(dict.fromkeys(df[part]))
    wide = df.pivot_table(index=category, columns=part, values=value, sort=False,
                          dropna=False).reindex(columns=parts)
    if len(parts) == 2:
        first, second = parts
        items = []
        for cat, row in wide.iterrows():
            if row.isna().all():
                continue
            if row.isna().any():
                shown = second if pd.isna(row[first]) else first
                items.append(f"{quote(cat)} alleen {shown} ({_fmt(row[shown], percent)})")
            else:
                items.append(f"{quote(cat)} {_fmt(row[first], percent)} tegen "
                             f"{_fmt(row[second], percent)}")
        return f"Telkens {first} tegen {second}: " + "; ".join(items) + "."
    scale = [p for p in parts if str(p).lower() not in NO_ANSWER] or parts
    sentences = []
    for answer in dict.fromkeys((scale[0], scale[-1])):
        top, low = _extremes(wide[answer], percent)
        sentences.append(f"{quote(answer)} is het grootst bij {top} en het kleinst bij {low}")
    return "; ".join(sentences) + "."


def alt_text(df: pd.DataFrame, category: str, part: str | None = None, *, kind: str,
             what: str, intervals: str | None = None, percent: bool = True) -> str:
    """Alt text: the kind of chart, *what* it shows (the caption without its number), its
    error bars when *intervals* names them, and :func:`finding`."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: one of {', '.join(KINDS)}")
    what = what.split(" – ", 1)[-1].rstrip(".")
    if what[:1].isupper() and not what[1:2].isupper():  # "Oordeel van …" after a colon
        what = what[0].lower() + what[1:]
    bars = f" met foutmarges ({intervals})" if intervals else ""
    return (f"{KINDS[kind]}{bars}: {what}. "
            f"{finding(df, category, part, percent=percent)}")
