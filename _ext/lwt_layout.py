"""Local Sphinx extension: a layout that reads on a desktop screen and on a phone (issue 16).

* Dutch hyphenation. Dutch compounds are long ("leerwerktrajecten", "Managementsamenvatting");
  in a heading on a 375 px screen, or in a table's header and row labels, they used to break
  mid-word without a hyphen (``overflow-wrap``) or push the table wider. CSS ``hyphens: auto``
  needs the browser's own Dutch dictionary, which many browsers lack (Chromium on Linux,
  for one). So the build puts soft hyphens (U+00AD) at the Dutch hyphenation points (pyphen's
  OpenTaal patterns) into the long words of headings and of tables' header cells (captions
  wrap at spaces in any width the site has, and stay as printed): a browser shows a hyphen
  there only when it breaks the word. This is done on the written page
  (``html-page-context``), after Sphinx has indexed the page for search, so search and the
  page titles keep whole words.
* Wide tables laid out wide on purpose. At >= 1,200 px the text column is 624-790 px wide and
  the page's table of contents stands beside it. A table whose narrowest layout (its longest
  unbreakable word per column, in the site's font at the tables' size) is wider than the
  column gets the classes ``lwt-wide full-width``: the stylesheet lets its box reach over the
  right-hand margin, and sphinx-book-theme fades its table of contents out while such a block
  is on screen (its own behaviour for ``full-width``). A table too wide even for that scrolls
  in its box, with a shadow at the cut edge and its row labels in place (``lwtbook.css``).
* Charts at full size. A chart is a PNG drawn for the desktop column; on a phone it shrinks
  to less than half and its labels become too small to read. Each figure's caption ends with
  a link to the picture itself ("Figuur 3.1 op ware grootte"), which a phone shows on its own,
  to zoom. (Charts drawn for the narrow column as well are lwtbook.plots' part.)
* One search entry. pydata-sphinx-theme puts a search button in a top bar of its own
  (``navbar_persistent``) while sphinx-book-theme already has a search field in the sidebar
  and, on narrow screens, a search button in the article's header: the top bar then held
  nothing but the second search button. It is switched off (so the bar is not drawn).
* Tables drawn when near the screen. The page's table boxes get the class ``lwt-lazy``, which
  ``lwtbook.css`` makes ``content-visibility: auto``: the browser lays a table out only when it
  comes near the viewport. The audit page holds some 1,100 table rows; laying them all out at
  load cost about 2 s of main thread on Lighthouse's throttled phone (performance 74, 1.5 s
  blocking time). Until a box is drawn it keeps the height estimated here (``--lwt-height``,
  from the rows and the width of their text, for the desktop column and for a phone's), so the
  scroll bar and a jump to a heading land about where the page settles; once drawn, the
  browser remembers the real height.
* Keyboard scrolling: every table box carries ``tabindex="0"`` from ``lwtbook.tables`` (a
  keyboard scrolls it with the arrow keys). The theme's own load-time check of scrollable
  elements (code blocks and cell outputs, which no longer hold the wide tables) was measured
  and left alone: without it a chapter needs 8 fewer layouts but no less layout time.
"""

from __future__ import annotations

import math
import re
from functools import cache
from html.parser import HTMLParser

SOFT = "\u00ad"
#: words shorter than this are never hyphenated (they fit any column the site has)
MIN_WORD = 10
WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD},}}")
HEADING = re.compile(r"(<h[1-6][^>]*>)(.*?)(</h[1-6]>)", re.S)
TABLE_BOX = re.compile(r'<div class="(lwt-table(?: [^"]*)?)"([^>]*)>(.*?</table>)', re.S)
#: an lwtbook figure up to the end of its caption (never beyond its own </figure>)
FIGURE = re.compile(r'(<figure class="lwt-figure[^"]*"[^>]*>(?:(?!</figure>).)*?<img\b[^>]*?'
                    r'\bsrc="([^"]+)"(?:(?!</figure>).)*?)(</figcaption>)', re.S)
FIGURE_NAME = re.compile(r"<figcaption[^>]*>\s*((?:Figuur|Grafiek|Overzicht)\s+[\w.]+)")
HEADER_CELL = re.compile(r"(<th\b[^>]*>)(.*?)(</th>)", re.S)
TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")

#: the text column at 1,200 px (the narrowest width with the table of contents beside it)
COLUMN_PX = 624
#: the text column on a 375 px phone (the article's padding taken off)
PHONE_COLUMN_PX = 343
#: the tables' font size and cell padding in px (lwtbook.css: 0.875rem, 0.45rem each side)
FONT_PX = 14
CELL_PADDING_PX = 2 * 0.45 * 16 + 1


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="nl_NL", left=3, right=3)


@cache
def hyphenate(word: str) -> str:
    """*word* with soft hyphens at its Dutch hyphenation points. A one-letter piece between
    two points (``werk-t-ra``) joins the piece after it (``werk-tra``)."""
    pieces = _hyphenator().inserted(word, hyphen="\x00").split("\x00")
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        piece = carry + piece
        carry = ""
        if len(piece) == 1 and merged:
            carry = piece
            continue
        merged.append(piece)
    if carry:
        merged[-1] += carry
    return SOFT.join(merged)


def hyphenate_text(html: str) -> str:
    """Soft hyphens in the long words of the text (not the tags) of an HTML fragment."""
    def text(match: re.Match) -> str:
        if match.group(1) is not None:
            return match.group(1)
        return WORD.sub(lambda w: hyphenate(w.group(0)), match.group(2))
    return TAG_OR_TEXT.sub(text, html)


# ------------------------------------------------------------------ how wide a table must be

@cache
def _font(bold: bool):
    from matplotlib import font_manager, ft2font

    font = ft2font.FT2Font(font_manager.findfont(
        font_manager.FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")))
    font.set_size(FONT_PX, 72)
    return font


@cache
def _char_px(char: str, bold: bool) -> float:
    font = _font(bold)
    font.set_text(char)
    return font.get_width_height()[0] / 64


def text_px(text: str, bold: bool = False, scale: float = 1.0) -> float:
    """Width of *text* in the tables' font (DejaVu Sans, the wide end of what readers have)."""
    return scale * sum(_char_px(c, bold) for c in text)


def _min_px(text: str, bold: bool, scale: float) -> float:
    """The narrowest a cell's text can be: its widest piece that cannot be broken (breaks at
    spaces, after a hyphen or dash before a letter, and at soft hyphens, which then show a
    hyphen; not after a slash: "2002/2003" stays whole)."""
    widest = 0.0
    for word in text.split():
        for piece in re.split(r"(?<=[-–—])(?=[^\W\d])|\u00ad", word):
            extra = "-" if SOFT in word and not piece.endswith(("-", "–")) else ""
            widest = max(widest, text_px(piece + extra, bold, scale))
    return widest


class _Columns(HTMLParser):
    """The narrowest width of each column of one HTML table (row spans followed; lwtbook's
    tables have no column spans), and per row the width each cell's text needs on one line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.widths: dict[int, float] = {}
        #: per row: column -> the width of the cell's longest line (px, without padding)
        self.rows: list[dict[int, float]] = []
        self.column = -1
        self.in_cell = False
        self.bold = False
        self.small = 0
        self.nowrap = 0
        self.cell: list[tuple[str, bool, float, bool]] = []
        self.in_head = False
        #: columns taken by a cell of an earlier row (rowspan): rows still to cover
        self.spanned: dict[int, int] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = attributes.get("class") or ""
        if tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.column = -1
            self.rows.append({})
        elif tag in ("td", "th"):
            self.column += 1
            while self.spanned.get(self.column, 0) > 0:
                self.column += 1
            rows = int(attributes.get("rowspan") or 1)
            if rows > 1:
                self.spanned[self.column] = rows  # this row included (see handle_endtag)
            self.in_cell = True
            self.bold = tag == "th" and self.in_head and self.column > 0
            self.cell = []
        elif tag == "br" and self.in_cell:
            self.cell.append(("\n", False, 1.0, False))
        elif tag == "span" and self.in_cell:
            self.small += "lwt-n" in classes
            self.nowrap += "lwt-n" in classes

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        elif tag == "tr":
            self.spanned = {col: rows - 1 for col, rows in self.spanned.items() if rows > 1}
        elif tag == "span" and self.small:
            self.small -= 1
            self.nowrap -= 1
        elif tag in ("td", "th") and self.in_cell:
            self.in_cell = False
            widest = 0.0
            for text, bold, scale, nowrap in self.cell:
                px = text_px(text.strip(), bold, scale) if nowrap else _min_px(text, bold, scale)
                widest = max(widest, px)
            self.widths[self.column] = max(self.widths.get(self.column, 0.0),
                                           widest + CELL_PADDING_PX)
            lines = [0.0]
            for text, bold, scale, _ in self.cell:
                if text == "\n":
                    lines.append(0.0)
                else:
                    lines[-1] += text_px(text, bold, scale)
            if self.rows:
                self.rows[-1][self.column] = max(lines)

    def handle_data(self, data):
        if self.in_cell:
            self.cell.append((data, self.bold, 0.85 if self.small else 1.0, bool(self.nowrap)))


def narrowest_table_px(table_html: str) -> float:
    """How wide the table's narrowest layout is, in px (an estimate in the site's font)."""
    parser = _Columns()
    parser.feed(table_html)
    return sum(parser.widths.values())


#: a table row's height per line of text and its padding and rule, in px (lwtbook.css)
LINE_PX = FONT_PX * 1.35
ROW_PADDING_PX = 2 * 0.25 * 16 + 1
#: caption (up to two lines), note and margins of a table box, in px
BOX_EXTRA_PX = 90


def estimated_height_px(table_html: str, column_px: float = COLUMN_PX) -> int:
    """About how tall the table is drawn in a text column *column_px* wide, in px.

    As a browser's automatic table layout does it: each column gets the width of its longest
    line when the table fits the column; otherwise its narrowest width (the longest word) plus
    a share of what is left, in proportion to how much more its longest line needs. A row is
    as many lines high as its most wrapped cell."""
    parser = _Columns()
    parser.feed(table_html)
    narrowest, rows = parser.widths, parser.rows
    widest: dict[int, float] = {}
    for row in rows:
        for column, px in row.items():
            widest[column] = max(widest.get(column, 0.0), px + CELL_PADDING_PX,
                                 narrowest.get(column, 0.0))
    least = {column: min(narrowest.get(column, px), px) for column, px in widest.items()}
    room = column_px - sum(least.values())
    wish = sum(widest.values()) - sum(least.values())
    share = 1.0 if wish <= max(room, 0.0) else max(room, 0.0) / wish
    width = {column: least[column] + share * (widest[column] - least[column]) for column in widest}
    height = BOX_EXTRA_PX
    for row in rows:
        lines = max((math.ceil(px / max(width[column] - CELL_PADDING_PX, 1.0) - 0.01)
                     for column, px in row.items()), default=1)
        height += max(lines, 1) * LINE_PX + ROW_PADDING_PX
    return round(height)


# ---------------------------------------------------------------------------- the page hooks

def _table_box(match: re.Match) -> str:
    classes, attrs, inner = match.groups()
    inner = HEADER_CELL.sub(lambda m: m.group(1) + hyphenate_text(m.group(2)) + m.group(3),
                            inner)
    if narrowest_table_px(inner) > COLUMN_PX and "lwt-wide" not in classes.split():
        classes += " lwt-wide full-width"
    if "style=" not in attrs:  # drawn when near the screen, this high until then (lwtbook.css)
        classes += " lwt-lazy"
        attrs += (f' style="--lwt-height: {estimated_height_px(inner)}px; '
                  f'--lwt-height-phone: {estimated_height_px(inner, PHONE_COLUMN_PX)}px"')
    return f'<div class="{classes}"{attrs}>{inner}'


def _zoom_link(match: re.Match) -> str:
    head, src, end = match.groups()
    if src.startswith("data:") or "lwt-figure-zoom" in head:
        return match.group(0)
    name = FIGURE_NAME.search(head)
    text = f"{name.group(1)} op ware grootte" if name else "Figuur op ware grootte"
    return f'{head} <a class="lwt-figure-zoom" href="{src}">{text}</a>{end}'


def _lay_out(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    body = HEADING.sub(lambda m: m.group(1) + hyphenate_text(m.group(2)) + m.group(3), body)
    body = TABLE_BOX.sub(_table_box, body)
    body = FIGURE.sub(_zoom_link, body)
    context["body"] = body


def _one_search_entry(app, config) -> None:
    options = config.html_theme_options
    options.setdefault("navbar_persistent", [])


def setup(app):
    app.connect("config-inited", _one_search_entry)
    # after lwt_perf (800) has written the charts as files (the zoom links name them)
    app.connect("html-page-context", _lay_out, priority=820)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
