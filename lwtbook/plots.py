"""Charts for the book: one consistent, colour-blind-safe style, and figures that carry their
own caption and alt text (so a screen reader hears what the chart shows and its main finding).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

#: Okabe & Ito (2008) colour-blind-safe palette, in the order the book uses it.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
#: Diverging scale for ordered answers (positive -> negative), colour-blind safe.
ANSWER_COLOURS = ["#1B7837", "#7FBF7B", "#D9D9D9", "#F1A340", "#B35806"]


def use_style() -> None:
    """Apply the book's chart style (fonts, sizes, palette, quiet axes)."""
    plt.rcParams.update({
        "figure.figsize": (7.5, 4.2),
        "figure.dpi": 100,
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.grid": True,
        "axes.grid.axis": "x",
        "grid.color": "#DDDDDD",
        "legend.frameon": False,
        "svg.hashsalt": "lwtbook",
    })


def _wrap(label: str, width: int = 38) -> str:
    words, lines, line = str(label).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def bar_chart(df: pd.DataFrame, category: str, value: str = "value", hue: str | None = None,
              *, xlabel: str = "percentage", lower: str | None = None,
              upper: str | None = None, xmax: float | None = 100,
              height: float | None = None) -> Figure:
    """Horizontal (grouped) bars of *value* per *category* (and *hue*), in data order.

    With *lower*/*upper* column names, draws the interval as error bars (e.g. 95 % Wilson).
    """
    use_style()
    cats = list(dict.fromkeys(df[category]))
    hues = list(dict.fromkeys(df[hue])) if hue else [None]
    size = height or max(2.2, 0.32 * len(cats) * max(len(hues), 1) + 1.2)
    fig, ax = plt.subplots(figsize=(7.5, size))
    band = 0.8 / len(hues)
    for j, h in enumerate(hues):
        sub = df if h is None else df[df[hue] == h]
        sub = sub.set_index(category).reindex(cats)
        pos = [i + (j - (len(hues) - 1) / 2) * band for i in range(len(cats))]
        err = None
        if lower and upper:
            err = [(sub[value] - sub[lower]).clip(lower=0), (sub[upper] - sub[value]).clip(lower=0)]
        ax.barh(pos, sub[value], height=band * 0.9, label=None if h is None else str(h),
                color=PALETTE[j % len(PALETTE)], xerr=err,
                error_kw={"ecolor": "#333333", "elinewidth": 1, "capsize": 2})
    ax.set_yticks(range(len(cats)), [_wrap(c) for c in cats])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    if xmax is not None:
        ax.set_xlim(0, xmax)
    if hue:
        _legend_on_top(fig, ax, len(hues))
    else:
        fig.tight_layout()
    return fig


def legend_on_top(fig: Figure, ncol: int | None = None) -> Figure:
    """Put the legend of *fig*'s first axes centred above the whole figure, in *ncol*
    columns (long labels are not cut off). Replaces any legend drawn before."""
    ax = fig.axes[0]
    _, labels = ax.get_legend_handles_labels()
    for legend in list(fig.legends):
        legend.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    _legend_on_top(fig, ax, len(labels), ncol)
    return fig


def _legend_on_top(fig: Figure, ax, entries: int, ncol: int | None = None) -> None:
    ncol = ncol or min(entries, 4)
    rows = -(-entries // ncol)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=ncol, bbox_to_anchor=(0.5, 1.0))
    top = 1 - (0.07 + 0.05 * rows) * 4.2 / fig.get_size_inches()[1]
    fig.tight_layout(rect=(0, 0, 1, max(top, 0.5)))


def stacked_chart(df: pd.DataFrame, category: str, part: str, value: str = "value",
                  *, colours: Sequence[str] | None = None, xlabel: str = "percentage",
                  label_min: float = 6) -> Figure:
    """100 % stacked horizontal bars: one bar per *category*, segments per *part*."""
    use_style()
    cats = list(dict.fromkeys(df[category]))
    parts = list(dict.fromkeys(df[part]))
    colours = list(colours or (ANSWER_COLOURS if len(parts) <= 5 else PALETTE))
    fig, ax = plt.subplots(figsize=(7.5, max(2.0, 0.42 * len(cats) + 1.3)))
    left = [0.0] * len(cats)
    wide = df.pivot_table(index=category, columns=part, values=value, sort=False).reindex(cats)
    for k, p in enumerate(parts):
        vals = wide[p].fillna(0).tolist()
        colour = colours[k % len(colours)]
        ax.barh(range(len(cats)), vals, left=left, color=colour, label=str(p),
                edgecolor="white", linewidth=0.6)
        dark = colour in ("#1B7837", "#B35806", "#0072B2", "#D55E00", "#000000", "#CC79A7",
                          "#009E73")
        for i, v in enumerate(vals):
            if v >= label_min:
                ax.text(left[i] + v / 2, i, f"{v:.0f}", ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.set_yticks(range(len(cats)), [_wrap(c) for c in cats])
    ax.invert_yaxis()
    ax.set_xlim(0, max(100, max(left)))
    ax.set_xlabel(xlabel)
    ax.grid(False)
    _legend_on_top(fig, ax, len(parts))
    return fig


@dataclass
class ChartFigure:
    """A chart with its caption and alt text; renders as an HTML ``<figure>``."""

    png: bytes
    caption: str
    alt: str
    anchor: str
    width: int
    height: int

    def __repr__(self) -> str:
        return f"<{self.caption}>"

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<figure class="lwt-figure" id="{html.escape(self.anchor)}-fig">'
                f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
                f'width="{self.width}" height="{self.height}" loading="lazy">'
                f"<figcaption>{html.escape(self.caption)}</figcaption></figure>")


def figure(fig: Figure, *, caption: str, alt: str, anchor: str, dpi: int = 110) -> ChartFigure:
    """Turn a matplotlib figure into a captioned figure with alt text (and close it)."""
    if not alt or alt.lower().endswith((".png", ".svg", ".jpg")):
        raise ValueError("alt text must describe the chart, not name a file")
    png, width, height = _small_png(fig, dpi)
    plt.close(fig)
    return ChartFigure(png, caption, alt, anchor, width, height)


def _small_png(fig: Figure, dpi: int, colours: int = 64) -> tuple[bytes, int, int]:
    """Render *fig* and encode it as a PNG with a small palette: a third of the bytes of
    matplotlib's own PNG, the same look (charts have a handful of colours plus
    anti-aliasing), several times faster, and deterministic."""
    from PIL import Image

    fig.set_dpi(dpi)
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA",
                             0, 1).convert("RGB")
    small = image.quantize(colors=colours, method=Image.Quantize.FASTOCTREE,
                           dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", compress_level=9)
    return out.getvalue(), width, height
