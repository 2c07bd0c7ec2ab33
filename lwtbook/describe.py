"""Alt text for a chart of a report table: what it shows and its main finding, in Dutch.

A screen-reader user should learn from the alt text what a sighted reader sees at a glance.
The finding is computed from the numbers drawn, so it cannot drift from the chart:

* one bar per category – the highest and the lowest;
* two groups side by side (two rounds of a survey, say) – both numbers per category;
* answers on a scale (stacked bars, or more than two groups) – where the first and the last
  answer are largest and smallest.
"""

from __future__ import annotations

import pandas as pd

from lwtbook import fmt

__all__ = ["alt_text", "finding"]

#: What a chart is, in the alt text's first words.
KINDS = {"bar": "Staafdiagram", "grouped": "Gegroepeerde staven", "stacked": "Gestapelde staven"}


def _fmt(value: float, percent: bool) -> str:
    return fmt.percent(value) if percent else fmt.number(value)


def _extremes(series: pd.Series, percent: bool) -> tuple[str, str]:
    """("label (value)", "label (value)") of the highest and the lowest number."""
    series = series.dropna()
    top, low = series.idxmax(), series.idxmin()
    return (f"{top} ({_fmt(series[top], percent)})", f"{low} ({_fmt(series[low], percent)})")


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
                items.append(f"{cat} alleen {shown} ({_fmt(row[shown], percent)})")
            else:
                items.append(f"{cat} {_fmt(row[first], percent)} tegen "
                             f"{_fmt(row[second], percent)}")
        return f"Telkens {first} tegen {second}: " + "; ".join(items) + "."
    sentences = []
    for answer in (parts[0], parts[-1]):
        top, low = _extremes(wide[answer], percent)
        sentences.append(f"‘{answer}’ is het grootst bij {top} en het kleinst bij {low}")
    return "; ".join(sentences) + "."


def alt_text(df: pd.DataFrame, category: str, part: str | None = None, *, kind: str,
             what: str, intervals: str | None = None, percent: bool = True) -> str:
    """Alt text: the kind of chart, *what* it shows (the caption without its number), its
    error bars when *intervals* names them, and :func:`finding`."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: one of {', '.join(KINDS)}")
    what = what.split(" – ", 1)[-1].rstrip(".")
    bars = f" met foutmarges ({intervals})" if intervals else ""
    return (f"{KINDS[kind]}{bars}: {what}. "
            f"{finding(df, category, part, percent=percent)}")
