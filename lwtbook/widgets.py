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
