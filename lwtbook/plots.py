"""Charts for the book: one colour-blind-safe style, a phone-sized rendering of every chart, and
figures that carry their own caption and alt text.

A chart function (:func:`bar_chart`, :func:`stacked_chart`, :func:`diverging_chart`,
:func:`heatmap`, :func:`panel_bars`) returns a :class:`Chart`: the data and the choices, drawn
only when :func:`figure` asks for it – once at the width of the text column and once at the
width of a phone, so that labels stay legible there (the page picks the picture that fits).

Nothing here changes global state: no backend switch, no ``rcParams`` update. Figures are
``matplotlib.figure.Figure`` objects (no pyplot), drawn inside ``matplotlib.rc_context(STYLE)``;
seaborn draws the bars and heat maps where it does the job.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "ANSWER_COLOURS",
    "NARROW",
    "PALETTE",
    "STYLE",
    "WIDE",
    "Chart",
    "ChartFigure",
    "bar_chart",
    "diverging_chart",
    "figure",
    "heatmap",
    "panel_bars",
    "stacked_chart",
]

#: Okabe & Ito (2008) colour-blind-safe palette, in the order the book uses it.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
#: Diverging scale for ordered answers (positive -> negative), colour-blind safe.
ANSWER_COLOURS = ["#1B7837", "#7FBF7B", "#D9D9D9", "#F1A340", "#B35806"]
#: Colours dark enough for a white label on top.
DARK = frozenset({"#1B7837", "#B35806", "#0072B2", "#D55E00", "#000000", "#CC79A7",
                  "#009E73"})

#: The text column (inches at :data:`DPI`: 825 px) and a phone's column (3.6 inches at
#: :data:`NARROW_DPI`: 540 px, shown about 343 px wide, so 10-point text reads at ~13 px).
WIDE = 7.5
NARROW = 3.6
DPI = 110
NARROW_DPI = 150
#: Characters of a 9-point label per inch of line, and the share of the figure's width that
#: category labels may take.
LABEL_CHARS_PER_INCH = 13.0
LABEL_SHARE = 0.4
#: Height of one line of 9-point text, in inches.
LINE = 0.16

#: The book's chart style, applied with ``matplotlib.rc_context`` (never globally).
STYLE: dict[str, object] = {
    "figure.dpi": 100,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": "#DDDDDD",
    "legend.frameon": False,
    "svg.hashsalt": "lwtbook",
}


@dataclass(frozen=True)
class Chart:
    """A chart not yet drawn: ``draw(width)`` returns a Figure *width* inches wide."""

    draw: Callable[[float], Figure]
    kind: str = "chart"

    def __repr__(self) -> str:
        return f"<{self.kind}>"


def _new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _wrap(label: object, width: float) -> str:
    chars = max(14, int(LABEL_CHARS_PER_INCH * width))
    return textwrap.fill(str(label), chars, break_long_words=False)


def _order(values: pd.Series) -> list:
    return list(dict.fromkeys(values))


def _legend_top(fig: Figure, ax: Axes, width: float, ncol: int | None = None) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    if not labels:
        return
    fits = max(1, int(width // 1.9))
    cols = ncol or min(len(labels), fits)
    fig.legend(handles, [_wrap(lab, width / cols) for lab in labels], loc="outside upper center",
               ncol=min(cols, fits))


def _height(labels: Sequence[str], bar: float = 0.22, bars: int = 1, extra: float = 1.2) -> float:
    """Figure height for evenly spaced categories: each slot fits its longest label and
    its bars (*bars* of *bar* inches each)."""
    lines = max(label.count("\n") + 1 for label in labels)
    slot = max(lines * LINE + 0.08, bars * bar + 0.1)
    return max(2.0, slot * len(labels) + extra)


# --------------------------------------------------------------------------- bars


def bar_chart(df: pd.DataFrame, category: str, value: str = "value", hue: str | None = None,
              *, xlabel: str = "percentage", lower: str | None = None,
              upper: str | None = None, xmax: float | None = 100,
              reference: tuple[float, str] | None = None, ncol: int | None = None) -> Chart:
    """Horizontal (grouped) bars of *value* per *category* (and *hue*), in data order.

    With *lower*/*upper* column names the interval is drawn as error bars (e.g. 95 % Wilson);
    *reference* = (x, label) draws a dashed reference line, labelled at the foot of the chart
    on a white ground (legible over a bar). The scale reads the Dutch way (2,5).
    """
    import seaborn as sns

    from lwtbook.fmt import number

    cats, hues = _order(df[category]), (_order(df[hue]) if hue else [None])

    def draw(width: float) -> Figure:
        labels = [_wrap(c, width * LABEL_SHARE) for c in cats]
        fig, ax = _new_figure(width, _height(labels, bars=len(hues)))
        data = df.assign(_label=df[category].map(dict(zip(cats, labels, strict=True))))
        sns.barplot(data=data, y="_label", x=value, hue=hue, orient="h", errorbar=None,
                    order=labels, hue_order=hues if hue else None, ax=ax,
                    palette=PALETTE[:len(hues)] if hue else None,
                    color=None if hue else PALETTE[0], saturation=1, legend=bool(hue))
        if lower and upper:
            for container, h in zip(list(ax.containers), hues, strict=True):
                sub = (df if h is None else df[df[hue] == h]).set_index(category).reindex(cats)
                sub = sub[sub[value].notna()]  # seaborn draws no bar where a group has no value
                for bar, (_, rec) in zip(container, sub.iterrows(), strict=True):
                    if pd.isna(rec[lower]):
                        continue
                    y = bar.get_y() + bar.get_height() / 2
                    ax.errorbar(rec[value], y, xerr=[[max(rec[value] - rec[lower], 0)],
                                                      [max(rec[upper] - rec[value], 0)]],
                                fmt="none", ecolor="#333333", elinewidth=1, capsize=2)
        if reference is not None:
            ax.axvline(reference[0], color="#333333", linestyle="--", linewidth=1)
            ax.annotate(reference[1], (reference[0], 0.0), xycoords=("data", "axes fraction"),
                        xytext=(3, 3), textcoords="offset points", va="bottom", fontsize=8,
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85,
                              "pad": 1})
        ax.set_ylabel("")
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(lambda x, _: number(x))  # 2,5 and 1.000, the Dutch way
        if xmax is not None:
            ax.set_xlim(0, xmax)
        if hue:
            _legend_top(fig, ax, width, ncol)
        return fig

    return Chart(draw, "staafdiagram")


def stacked_chart(df: pd.DataFrame, category: str, part: str, value: str = "value",
                  *, colours: Sequence[str] | None = None, xlabel: str = "percentage",
                  label_min: float = 6) -> Chart:
    """100 % stacked horizontal bars: one bar per *category*, segments per *part* (seaborn has
    no stacked bars, so these are matplotlib's)."""
    cats, parts = _order(df[category]), _order(df[part])
    palette = list(colours or (ANSWER_COLOURS if len(parts) <= 5 else PALETTE))
    wide = df.pivot_table(index=category, columns=part, values=value, sort=False).reindex(cats)

    def draw(width: float) -> Figure:
        labels = [_wrap(c, width * LABEL_SHARE) for c in cats]
        fig, ax = _new_figure(width, _height(labels, bar=0.3, extra=1.4))
        left = [0.0] * len(cats)
        for k, p in enumerate(parts):
            vals = wide[p].fillna(0).tolist()
            colour = palette[k % len(palette)]
            ax.barh(range(len(cats)), vals, left=left, color=colour, label=str(p),
                    edgecolor="white", linewidth=0.6)
            for i, v in enumerate(vals):
                if v >= label_min * (WIDE / width):
                    ax.text(left[i] + v / 2, i, f"{v:.0f}", ha="center", va="center",
                            fontsize=8, color="white" if colour in DARK else "black")
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_yticks(range(len(cats)), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, max(100, max(left)))
        ax.set_xlabel(xlabel)
        ax.grid(False)
        _legend_top(fig, ax, width)
        return fig

    return Chart(draw, "gestapelde staven")


def diverging_chart(df: pd.DataFrame, category: str, *, answer: str = "antwoord",
                    agree: str = "eens", disagree: str = "oneens",
                    xlabel: str = "percentage oneens (links) en eens (rechts)") -> Chart:
    """Agreement to the right and disagreement to the left of zero, one bar per statement."""
    cats = _order(df[category])
    wide = df.pivot_table(index=category, columns=answer, values="value",
                          sort=False).reindex(cats)

    def draw(width: float) -> Figure:
        labels = [_wrap(c, width * LABEL_SHARE) for c in cats]
        fig, ax = _new_figure(width, _height(labels, bar=0.3))
        pos = list(range(len(cats)))
        ax.barh(pos, -wide[disagree], color=ANSWER_COLOURS[4], label=disagree)
        ax.barh(pos, wide[agree], color=ANSWER_COLOURS[0], label=agree)
        for i, (a, d) in enumerate(zip(wide[agree], wide[disagree], strict=True)):
            ax.text(a + 1.5, i, f"{a:.0f}", va="center", fontsize=8)
            ax.text(-d - 1.5, i, f"{d:.0f}", va="center", ha="right", fontsize=8)
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_yticks(pos, labels)
        ax.invert_yaxis()
        ax.set_xlim(-100, 100)
        ax.xaxis.set_major_formatter(lambda x, _: f"{abs(x):.0f}")
        ax.set_xlabel(xlabel)
        _legend_top(fig, ax, width)
        return fig

    return Chart(draw, "divergerend staafdiagram")


def panel_bars(panels: Mapping[str, Sequence[tuple[str, float, str]]], *,
               targets: Mapping[str, tuple[float, str]] | None = None,
               xlabel: str = "aantal") -> Chart:
    """One small bar chart per panel, on a shared scale: *panels* maps a title to its bars
    ``(label, value, text shown at the bar's end)``; *targets* maps a title to a dashed line
    ``(x, label)`` (a response funnel against its target, for example). Titles wrap to the
    width; the scale reads the Dutch way (2.000)."""
    import seaborn as sns

    from lwtbook.fmt import number

    titles = list(panels)
    top = max(v for bars in panels.values() for _, v, _ in bars)
    top = max(top, *(x for x, _ in (targets or {}).values())) if targets else top

    def draw(width: float) -> Figure:
        from matplotlib.figure import Figure

        sizes = [len(panels[t]) for t in titles]
        fig = Figure(figsize=(width, 0.42 * sum(sizes) + 0.55 * len(titles) + 0.8),
                     layout="constrained")
        axes = fig.subplots(len(titles), 1, height_ratios=sizes, sharex=True, squeeze=False)
        for ax, title in zip(axes[:, 0], titles, strict=True):
            bars = panels[title]
            labels = [_wrap(label, width * LABEL_SHARE * 0.8) for label, _, _ in bars]
            sns.barplot(x=[v for _, v, _ in bars], y=labels, orient="h", color=PALETTE[0],
                        saturation=1, width=0.6, ax=ax)
            for i, (_, v, text) in enumerate(bars):
                ax.text(v, i, " " + text, va="center", fontsize=8.5)
            if targets and title in targets:
                x, label = targets[title]
                ax.axvline(x, color=PALETTE[5], linestyle="--", linewidth=1.2)
                ax.annotate(label, (x, 1.0), xycoords=("data", "axes fraction"),
                            xytext=(3, -1), textcoords="offset points", va="top", fontsize=8,
                            color=PALETTE[5])
            ax.set_title(_wrap(title, width * (1 - LABEL_SHARE) * 0.85), loc="left", fontsize=10)
            ax.set_xlim(0, top * 1.25)
            ax.xaxis.set_major_formatter(lambda x, _: number(x))  # 2.000, not 2000
            ax.set_xlabel(xlabel)
        return fig

    return Chart(draw, "panelen met staven")


# --------------------------------------------------------------------------- heat maps


def heatmap(df: pd.DataFrame, row: str, col: str, value: str = "value", *,
            labels: Mapping[str, str] | None = None, vmax: float | None = 100,
            colours: Sequence[str] | None = None, decimals: int = 0) -> Chart:
    """Annotated heat map (rows x columns); every cell carries its number, so there is no
    colour bar. *vmax* fixes the top of the scale (100 for percentages; None: the data's
    maximum, missing cells left out); *colours* gives a stepped scale (e.g. for counts), else a
    blue gradient. Column labels wrap to the width of a column and stand upright when a word
    is still wider than its column (a phone's narrow chart)."""
    import numpy as np
    import seaborn as sns

    rows, cols = _order(df[row]), _order(df[col])
    wide = df.pivot_table(index=row, columns=col, values=value, sort=False).reindex(
        index=rows, columns=cols)

    def draw(width: float) -> Figure:
        from matplotlib.colors import ListedColormap

        row_labels = [_wrap(r, width * LABEL_SHARE * 1.2) for r in rows]
        fig, ax = _new_figure(width, _height(row_labels, bar=0.26, extra=0.9))
        top = vmax if vmax is not None else float(np.nanmax(wide.to_numpy(dtype=float)))
        cmap = ListedColormap(list(colours)) if colours else "Blues"
        column = width * (1 - LABEL_SHARE * 1.2) / max(len(cols), 1)  # inches per column
        col_labels = [textwrap.fill(str((labels or {}).get(c, c)),
                                    max(6, int(LABEL_CHARS_PER_INCH * column)),
                                    break_long_words=False) for c in cols]
        upright = max(len(line) for lab in col_labels for line in lab.split("\n")) > \
            LABEL_CHARS_PER_INCH * column
        if upright:  # one line each, read bottom to top
            col_labels = [str((labels or {}).get(c, c)) for c in cols]
        shown = wide.copy()
        shown.index, shown.columns = row_labels, col_labels
        sns.heatmap(shown, ax=ax, cmap=cmap, vmin=0, vmax=top, cbar=False, linewidths=0.5,
                    linecolor="#FFFFFF", annot=True, fmt=f".{decimals}f",
                    annot_kws={"fontsize": 8}, mask=shown.isna())
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.tick_params(axis="x", labelrotation=90 if upright else 0)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.grid(False)
        return fig

    return Chart(draw, "heatmap")


# --------------------------------------------------------------------------- figures


@dataclass
class ChartFigure:
    """A chart with its caption and alt text; renders as an HTML ``<figure>`` with a wide and
    a phone-sized picture."""

    png: bytes
    caption: str
    alt: str
    anchor: str
    width: int
    height: int
    narrow_png: bytes | None = None
    narrow_width: int = 0
    narrow_height: int = 0

    def __repr__(self) -> str:
        return f"<{self.caption}>"

    def _repr_html_(self) -> str:
        wide = base64.b64encode(self.png).decode("ascii")
        source = ""
        if self.narrow_png:
            narrow = base64.b64encode(self.narrow_png).decode("ascii")
            source = (f'<source media="(max-width: 640px)" srcset="data:image/png;base64,'
                      f'{narrow}" width="{self.narrow_width}" height="{self.narrow_height}">')
        return (f'<figure class="lwt-figure" id="{html.escape(self.anchor)}-fig"><picture>'
                f'{source}<img src="data:image/png;base64,{wide}" '
                f'alt="{html.escape(self.alt)}" width="{self.width}" height="{self.height}" '
                f'loading="lazy"></picture>'
                f"<figcaption>{html.escape(self.caption)}</figcaption></figure>")


def figure(chart: Chart | Figure, *, caption: str, alt: str, anchor: str,
           dpi: int = DPI) -> ChartFigure:
    """Draw *chart* as a captioned figure with alt text, at the column's and a phone's width.

    A ready ``Figure`` (for a chart drawn elsewhere) is rendered as it is, at one width.
    """
    import matplotlib

    if not alt or alt.lower().endswith((".png", ".svg", ".jpg")):
        raise ValueError("alt text must describe the chart, not name a file")
    with matplotlib.rc_context(STYLE):
        if isinstance(chart, Chart):
            png, width, height = _small_png(chart.draw(WIDE), dpi)
            narrow = _small_png(chart.draw(NARROW), NARROW_DPI)
        else:
            png, width, height = _small_png(chart, dpi)
            narrow = (None, 0, 0)
    return ChartFigure(png, caption, alt, anchor, width, height, *narrow)


def _small_png(fig: Figure, dpi: int, colours: int = 64) -> tuple[bytes, int, int]:
    """Render *fig* and encode it as a PNG with a small palette: a third of the bytes of
    matplotlib's own PNG, the same look (charts have a handful of colours plus
    anti-aliasing), several times faster, and deterministic."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA",
                             0, 1).convert("RGB")
    small = image.quantize(colors=colours, method=Image.Quantize.FASTOCTREE,
                           dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", compress_level=9)
    return out.getvalue(), width, height
