"""Explorers that work without a kernel: every variant is pre-rendered, and the control is
linked to the shown variant in the browser (``jslink`` of a Dropdown to a Stack).

On the static site nothing pretends to be interactive: choosing an option only switches
between variants that were computed when the notebook ran. With a kernel it works the same.
"""

from __future__ import annotations

from collections.abc import Mapping


def explorer(variants: Mapping[str, str], label: str, *, name: str = "verkenner"):
    """A Dropdown (with a visible *label*) that shows one of the pre-rendered HTML *variants*.

    *variants* maps the option text to the HTML shown for it (a figure, a table, a sentence).
    Returns an ``ipywidgets.VBox`` with the CSS class ``lwt-explorer``.
    """
    import ipywidgets as widgets

    if not variants:
        raise ValueError("an explorer needs at least one variant")
    options = list(variants)
    pages = [widgets.HTML(value=variants[o], layout=widgets.Layout(width="100%"))
             for o in options]
    stack = widgets.Stack(children=pages, selected_index=0)
    choose = widgets.Dropdown(options=[(o, i) for i, o in enumerate(options)], value=0,
                              description=label, style={"description_width": "initial"},
                              layout=widgets.Layout(width="auto", max_width="100%"))
    link = widgets.jslink((choose, "index"), (stack, "selected_index"))
    box = widgets.VBox([choose, stack], layout=widgets.Layout(width="100%"))
    box.link = link  # the browser-side link; kept on the box so it stays alive
    box.add_class("lwt-explorer")
    box.add_class(f"lwt-explorer-{name}")
    return box


def table_explorer(table_id: str, choose: str, *, category: str, hue: str | None = None,
                   kind: str = "bar", label: str = "Kies:", caption: str = "",
                   name: str | None = None):
    """An explorer over one report table: pick a category of *choose* and see its chart
    (with 95 % Wilson intervals where the table prints n) and its numbers.

    Every variant is rendered in advance, so the explorer also works on the static site.
    """
    import pandas as pd

    from lwtbook.data import load
    from lwtbook.plots import bar_chart, figure, stacked_chart
    from lwtbook.stats import wilson_interval
    from lwtbook.tables import frame_table, nl_percent

    df = load(table_id)
    variants: dict[str, str] = {}
    for k, option in enumerate(dict.fromkeys(df[choose])):
        sub = df[df[choose] == option].copy()
        lower = upper = None
        if kind == "bar" and sub["n"].notna().all():
            bounds = [wilson_interval(v, int(n)) for v, n in zip(sub["value"], sub["n"],
                                                                   strict=True)]
            sub["lower"], sub["upper"] = zip(*bounds, strict=True)
            lower, upper = "lower", "upper"
        if kind == "stacked":
            fig = stacked_chart(sub, category, hue)
        else:
            fig = bar_chart(sub, category, hue=hue, lower=lower, upper=upper)
        top = sub.loc[sub["value"].idxmax()]
        low = sub.loc[sub["value"].idxmin()]

        def describe(row: pd.Series) -> str:
            parts = [str(row[category])] + ([str(row[hue])] if hue else [])
            return f"{' – '.join(parts)} ({nl_percent(row['value'])})"

        alt = (f"{'Gestapelde staven' if kind == 'stacked' else 'Staafdiagram'} voor "
               f"‘{option}’: hoogste waarde bij {describe(top)}, laagste bij "
               f"{describe(low)}.")
        if lower:
            alt += " Met 95%-betrouwbaarheidsintervallen."
        anchor = f"{name or table_id}-verkenner-{k + 1}"
        chart = figure(fig, caption=f"{caption} – {option}", alt=alt, anchor=anchor)
        cols = [c for c in (category, hue) if c]
        shown = sub[[*cols, "value", "n"]].rename(columns={"value": "percentage"})
        numbers = frame_table(shown, caption=f"De getallen bij ‘{option}’",
                              anchor=f"{anchor}-getallen")
        variants[str(option)] = chart._repr_html_() + numbers.to_html()
    return explorer(variants, label, name=name or table_id)
