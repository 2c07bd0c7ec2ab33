"""Display helpers: Dutch numbers, accessible tables, captioned charts, static explorers."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import lwtbook
from lwtbook.book import glue
from lwtbook.plots import NARROW, WIDE, bar_chart, diverging_chart, figure, heatmap, stacked_chart
from lwtbook.tables import frame_table, nl_number, nl_percent, show_table
from lwtbook.widgets import explorer

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (1285, None, "1.285"), (15.9, None, "15,9"), (62185, None, "62.185"), (0, None, "0"),
    (70.0, None, "70"), (54.371, 1, "54,4"), (1234567.5, 1, "1.234.567,5"), (3.25, None, "3,25"),
])
def test_dutch_number_format(value, decimals, text):
    assert nl_number(value, decimals) == text


def test_dutch_percent_and_missing():
    assert nl_percent(70) == "70%"
    assert nl_percent(15.94, 1) == "15,9%"
    assert nl_number(float("nan")) == ""


def parse(obj) -> BeautifulSoup:
    return BeautifulSoup(obj._repr_html_(), "html.parser")


def test_show_table_is_the_printed_table():
    page = parse(show_table("t2_5"))
    table = page.find("table")
    assert table.caption.get_text(strip=True) == lwtbook.load("t2_5").attrs["title"]
    headers = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    assert headers[1] == "2002/2003 n=172" and headers[-1] == "controlegroep n=210"
    first = [td.get_text() for td in table.tbody.tr.find_all("td")]
    assert first == ["74", "75", "82", "77", "79"]  # Tabel 2.5, first row (lines 812-815)
    assert all(th.get("scope") for th in table.find_all("th"))
    link = page.find("a")
    assert link["href"].endswith("/tables/t2_5.csv")
    assert "regels 804–844" in page.get_text()


def test_show_table_uses_dutch_numbers_and_marks_missing_cells():
    t11 = parse(show_table("t1_1")).get_text(" ")
    assert "1.285" in t11
    t21 = parse(show_table("t2_1"))
    assert "15,7" in t21.get_text(" ")
    # Tabel 2.1 leaves the age of "anders" empty (line 569): a dot, heard as "niet gedrukt"
    anders = next(tr for tr in t21.tbody.find_all("tr") if tr.th.get_text() == "anders")
    assert anders.td.get_text() == "· niet gedrukt"
    # Tabel 3.6 prints "n.v.t." for "anders" 2002/2003 (line 1510): shown as printed
    t36 = parse(show_table("t3_6"))
    anders = next(tr for tr in t36.tbody.find_all("tr") if tr.th.get_text() == "anders")
    assert [td.get_text() for td in anders.find_all("td")] == ["n.v.t.", "14"]
    assert "n.v.t." in t36.find(class_="lwt-table-note").get_text()


def test_show_table_puts_row_bases_in_an_n_column():
    table = parse(show_table("t3_3")).find("table")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headers[-1] == "n"
    assert [tr.find_all("td")[-1].get_text() for tr in table.tbody.find_all("tr")] == ["85",
                                                                                     "142"]


def test_frame_table_has_caption_and_row_headers():
    frame = pd.DataFrame({"regio": ["Nijmegen", "Rotterdam"], "aantal": [35, 1200]})
    table = parse(frame_table(frame, caption="Proef", anchor="proef")).find("table")
    assert table.caption.get_text() == "Proef"
    assert [th.get_text() for th in table.tbody.find_all("th")] == ["Nijmegen", "Rotterdam"]
    assert table.tbody.find_all("td")[1].get_text() == "1.200"
    with pytest.raises(ValueError):
        frame_table(frame.iloc[0:0], caption="leeg", anchor="leeg")


def test_figure_carries_caption_alt_and_image():
    df = lwtbook.load("t2_5")
    fig = bar_chart(df[df["groep"] == "totaal"], "uitspraak")
    out = figure(fig, caption="Figuur 9.9 – Proef", alt="Vijf staven met percentages mee eens",
                 anchor="figuur-9-9")
    page = parse(out)
    img = page.find("img")
    assert img["alt"] == "Vijf staven met percentages mee eens"
    assert img["src"].startswith("data:image/png;base64,")
    # a phone-sized picture for narrow screens, with its own size
    source = page.find("picture").find("source")
    assert source["media"] == "(max-width: 640px)"
    assert source["srcset"].startswith("data:image/png;base64,")
    assert int(source["width"]) < int(img["width"])
    assert page.find("figcaption").get_text() == "Figuur 9.9 – Proef"
    assert page.find("figure")["id"] == "figuur-9-9-fig"  # the MyST label keeps "figuur-9-9"


def test_figure_refuses_a_file_name_as_alt_text():
    df = lwtbook.load("t2_6")
    with pytest.raises(ValueError):
        figure(bar_chart(df, "sector", hue="jaargroep"), caption="x", alt="chart.png",
               anchor="x")


def bars(fig) -> list:
    return [p for p in fig.axes[0].patches if p.get_width() or p.get_height()]


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_charts_draw_one_bar_per_printed_number(width):
    df = lwtbook.load("t3_12")
    fig = stacked_chart(df, "doelstelling", "belang").draw(width)
    assert len(fig.axes[0].patches) == len(df)
    assert fig.get_size_inches()[0] == width
    df5 = lwtbook.load("t2_5")
    fig = bar_chart(df5, "uitspraak", hue="groep").draw(width)
    heights = sorted(round(p.get_width(), 6) for p in fig.axes[0].patches
                     if p.get_height() > 0 and p.get_width() > 0)
    assert heights == sorted(df5["value"].tolist())


def test_narrow_charts_wrap_labels_shorter():
    df5 = lwtbook.load("t2_5")
    chart = bar_chart(df5, "uitspraak", hue="groep")
    wide = [t.get_text() for t in chart.draw(WIDE).axes[0].get_yticklabels()]
    narrow = [t.get_text() for t in chart.draw(NARROW).axes[0].get_yticklabels()]
    assert [w.replace("\n", " ") for w in wide] == [n.replace("\n", " ") for n in narrow]
    assert max(len(line) for lab in narrow for line in lab.split("\n")) < max(
        len(line) for lab in wide for line in lab.split("\n"))


def test_heatmap_and_diverging_chart_show_every_number():
    df = lwtbook.load("t4_4")
    fig = heatmap(df, "aspect", "sector").draw(WIDE)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == sorted(f"{v:.0f}" for v in df["value"])
    t59 = lwtbook.load("t5_9")
    fig = diverging_chart(t59, "uitspraak").draw(WIDE)
    agree = t59[t59["antwoord"] == "eens"]["value"]
    assert {f"{v:.0f}" for v in agree} <= {t.get_text() for t in fig.axes[0].texts}


def test_heatmap_scale_ignores_missing_cells():
    """vmax=None tops the scale at the largest number even when cells are missing (a count
    heat map leaves a topic a region does not raise empty): the largest count gets the darkest
    colour, not the lightest."""
    import numpy as np

    df = pd.DataFrame({"r": ["a", "a", "b", "b"], "c": ["x", "y", "x", "y"],
                       "value": [1.0, np.nan, 3.0, 2.0]})
    colours = ["#DEEBF7", "#9ECAE1", "#4292C6", "#08519C"]
    fig = heatmap(df, "r", "c", vmax=None, colours=colours).draw(WIDE)
    mesh = fig.axes[0].collections[0]
    assert mesh.norm.vmax == 3.0
    shown = sorted(t.get_text() for t in fig.axes[0].texts)
    assert shown == ["1", "2", "3"], "a missing cell carries no number"


def test_heatmap_column_labels_stand_upright_when_too_wide():
    df = pd.DataFrame({"r": ["a"] * 4, "c": ["Nijmegen", "Oost-Nederland", "Groningen",
                                           "Rotterdam"], "value": [1.0, 2.0, 3.0, 1.0]})
    chart = heatmap(df, "r", "c", vmax=None)
    wide = chart.draw(WIDE).axes[0].get_xticklabels()
    narrow = chart.draw(NARROW).axes[0].get_xticklabels()
    assert {t.get_rotation() for t in wide} == {0.0}
    assert {t.get_rotation() for t in narrow} == {90.0}


def test_charts_leave_global_matplotlib_state_alone():
    import matplotlib

    before = (matplotlib.get_backend(), dict(matplotlib.rcParams))
    figure(bar_chart(lwtbook.load("t2_5"), "uitspraak", hue="groep"), caption="c",
           alt="staven", anchor="a")
    assert (matplotlib.get_backend(), dict(matplotlib.rcParams)) == before


def test_error_bars_with_a_group_missing_from_some_categories():
    """A comparison group that only some categories have (the control group next to lwt on
    some outcomes): each error bar sits on its own bar."""
    df = pd.DataFrame({"c": ["a", "b", "b", "c"], "h": ["x", "x", "y", "x"],
                       "value": [10.0, 20.0, 30.0, 40.0], "lo": [5.0, 15.0, 25.0, 35.0],
                       "hi": [15.0, 25.0, 35.0, 45.0]})
    ax = bar_chart(df, "c", hue="h", lower="lo", upper="hi").draw(WIDE).axes[0]
    bars = {(round(b.get_y() + b.get_height() / 2, 2), b.get_width())
            for container in ax.containers if hasattr(container, "patches")
            for b in container.patches}
    ends = sorted((round(seg[0][1], 2), *sorted((round(seg[0][0], 1), round(seg[1][0], 1))))
                  for col in ax.collections for seg in col.get_segments()
                  if seg[0][1] == seg[1][1])
    assert [e[1:] for e in ends] == [(5.0, 15.0), (15.0, 25.0), (25.0, 35.0), (35.0, 45.0)]
    assert {(y, (lo + hi) / 2) for y, lo, hi in ends} == bars, "each bar carries its own interval"


def test_error_bars_come_from_the_given_columns():
    df = pd.DataFrame({"groep": ["a", "b"], "value": [50.0, 20.0], "lo": [40.0, 10.0],
                       "hi": [60.0, 35.0]})
    fig = bar_chart(df, "groep", lower="lo", upper="hi").draw(WIDE)
    lines = fig.axes[0].lines + [c for c in fig.axes[0].collections]
    segments = [seg for col in fig.axes[0].collections for seg in col.get_segments()]
    spans = sorted((round(min(s[:, 0]), 6), round(max(s[:, 0]), 6)) for s in segments)
    assert (10.0, 35.0) in spans and (40.0, 60.0) in spans
    assert lines


def test_explorer_links_control_to_prerendered_variants():
    box = explorer({"eerste": "<p>een</p>", "tweede": "<p>twee</p>"}, "Kies:")
    choose, stack = box.children
    assert "lwt-explorer" in box._dom_classes
    assert [c.value for c in stack.children] == ["<p>een</p>", "<p>twee</p>"]
    assert choose.description == "Kies:"
    assert [label for label, _ in choose.options] == ["eerste", "tweede"]
    # the browser switches variants without a kernel: a jslink, not a Python callback
    assert box.link.source == (choose, "index")
    assert box.link.target == (stack, "selected_index")
    assert type(box.link).__name__ == "Link"
    with pytest.raises(ValueError):
        explorer({}, "leeg")


@pytest.mark.parametrize("text", ["70%", "0,864", "3.190", "+3", "−4,8 tot +10,0"])
def test_glued_text_comes_back_unchanged(text, monkeypatch):
    import ast

    glued = {}
    import myst_nb

    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: glued.update(
        {name: repr(value)}))
    glue(proef=text)
    # myst-nb renders {glue:text} from the stored text/plain via ast.literal_eval
    assert ast.literal_eval(glued["proef"]) == text


def test_figure_png_is_small_and_deterministic():
    import base64
    import io

    from PIL import Image

    def render():
        df = lwtbook.load("t3_18")
        out = figure(bar_chart(df, "uitspraak"), caption="c", alt="twaalf staven met een "
                     "percentage mee eens", anchor="a")
        return out

    first, second = render(), render()
    assert first.png == second.png
    assert first.narrow_png == second.narrow_png
    image = Image.open(io.BytesIO(first.png))
    assert image.mode == "P" and (image.width, image.height) == (first.width, first.height)
    html_img = parse(first).find("img")
    assert base64.b64decode(html_img["src"].split(",", 1)[1]) == first.png
    assert int(html_img["width"]) == first.width


def test_table_explorer_prerenders_one_variant_per_option():
    from lwtbook.widgets import table_explorer

    box = table_explorer("t2_5", "uitspraak", category="groep", label="Kies een uitspraak:",
                         caption="Figuur", name="proef")
    choose, stack = box.children
    statements = list(dict.fromkeys(lwtbook.load("t2_5")["uitspraak"]))
    assert [label for label, _ in choose.options] == statements
    assert len(stack.children) == len(statements)
    last = BeautifulSoup(stack.children[-1].value, "html.parser")
    assert "ik heb genoeg beroepsvaardigheden om te werken" in last.find("figcaption").get_text()
    # the numbers shown are the printed ones for that statement (Tabel 2.5, last row)
    cells = [td.get_text() for td in last.find("table").find_all("td")]
    assert cells[0::2] == ["71", "71", "67", "70", "51"]
    assert "95%-betrouwbaarheidsintervallen" in last.find("img")["alt"]


def test_frame_table_leaves_missing_bases_empty():
    frame = lwtbook.load("t4_10").head(2)[["uitspraak", "value", "n"]]
    cells = [td.get_text() for td in parse(frame_table(frame, caption="c", anchor="a"))
             .find_all("td")]
    assert "<NA>" not in cells and cells[1] == "leeg"


def test_bar_chart_scale_and_reference_read_dutch():
    df = pd.DataFrame({"afdeling": ["a", "b"], "value": [17.0, 2.0]})
    fig = bar_chart(df, "afdeling", xmax=20, reference=(6.0, "alle afdelingen: 6%")).draw(WIDE)
    ax = fig.axes[0]
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "2,5" in ticks and "2.5" not in ticks  # the Dutch decimal comma
    assert [ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "--"] == [6.0]
    assert "alle afdelingen: 6%" in [t.get_text() for t in ax.texts]
