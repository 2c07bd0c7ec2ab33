"""The study design as data: who was approached and who took part, as the report states it in
the prose of sections 1.1 and 1.4 (``data/design.csv``; compiled by this edition, the report
prints no such table).

Chapter 1 shows it as Tabel 1.A (:func:`design_table`) and as two response funnels
(:func:`funnel_chart`); the summaries quote its response rates (:func:`response_rates`). They
all read the numbers here, so no page types a number of the design by hand.

>>> from lwtbook import design
>>> design.value("controlegroep", "gebeld")          # 210.0
>>> design.text("lwt-leerlingen", "responspercentage")  # '64%'
"""

from __future__ import annotations

import csv
import difflib
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lwtbook import fmt
from lwtbook._package import data_dir

if TYPE_CHECKING:
    from lwtbook.plots import Chart

__all__ = [
    "FUNNELS",
    "GROUPS",
    "TARGETS",
    "DesignTable",
    "Step",
    "design_table",
    "funnel_chart",
    "response_rates",
    "step",
    "steps",
    "text",
    "value",
]

#: The file, inside the data folder.
FILE = "design.csv"
#: The respondent groups, in the order of the report's sections 1.4.1 and 1.4.2.
GROUPS: tuple[str, ...] = (
    "vmbo-scholen (leerlingonderzoek)", "lwt-leerlingen", "controlegroep",
    "vmbo-scholen (schriftelijke vragenlijst)", "leerbedrijven", "bve-instellingen",
)
#: The steps of each group's response funnel, from the widest to the last.
FUNNELS: dict[str, tuple[str, ...]] = {
    "vmbo-scholen (leerlingonderzoek)": ("aangeschreven", "gerespondeerd", "namen geleverd"),
    "lwt-leerlingen": ("namen ontvangen", "gebeld"),
    "controlegroep": ("namen ontvangen", "aselect getrokken", "gebeld"),
    "vmbo-scholen (schriftelijke vragenlijst)": ("gekwalificeerd", "vragenlijst gestuurd",
                                                 "respons"),
    "leerbedrijven": ("namen ontvangen", "gebeld (eerste ronde)", "gebeld"),
    "bve-instellingen": ("namen verzameld", "bruikbare namen", "respons"),
}
#: The target number of interviews, where the report names one.
TARGETS: dict[str, str] = {"controlegroep": "beoogde netto-respons",
                           "leerbedrijven": "beoogd aantal", "bve-instellingen": "beoogd aantal"}
#: Words with which the report gives a number as an approximation (the note quotes them).
APPROXIMATE = ("zo'n", "meer dan")


@dataclass(frozen=True)
class Step:
    """One number of the design: a step of a group's response funnel."""

    groep: str
    stap: str
    value: float
    #: ``"aantal"`` or ``"%"``.
    unit: str
    #: The line of the report's text version where the number is printed.
    line: int
    note: str

    @property
    def approx(self) -> str:
        """The report's word of approximation ("zo'n", "meer dan"), or ``""``."""
        return next((w for w in APPROXIMATE if f"'{w} " in self.note), "")

    @property
    def text(self) -> str:
        """The number in Dutch: ``1.285``, ``64%``."""
        return fmt.percent(self.value) if self.unit == "%" else fmt.number(self.value)


def steps(folder: Path | None = None) -> tuple[Step, ...]:
    """Every number of the design, in file order.

    A value that is not a number, an unknown unit or a repeated (groep, stap) raises
    ValueError naming the file, the row and the column.
    """
    path = (folder or data_dir()) / FILE
    out: list[Step] = []
    seen: set[tuple[str, str]] = set()
    with path.open(newline="", encoding="utf-8") as handle:
        for row_no, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path.name}:{row_no}"
            try:
                number = float(row["value"])
            except ValueError:
                raise ValueError(f"{where}: column 'value': {row['value']!r} is not a number"
                                 ) from None
            if row["eenheid"] not in ("aantal", "%"):
                raise ValueError(f"{where}: column 'eenheid': {row['eenheid']!r} is not "
                                 "'aantal' or '%'")
            if not row["regel"].isdigit():
                raise ValueError(f"{where}: column 'regel': {row['regel']!r} is not a line "
                                 "number")
            key = (row["groep"], row["stap"])
            if key in seen:
                raise ValueError(f"{where}: columns 'groep', 'stap': {key} appears twice")
            seen.add(key)
            out.append(Step(row["groep"], row["stap"], number, row["eenheid"],
                            int(row["regel"]), row["opmerking"]))
    return tuple(out)


def step(groep: str, stap: str, *, folder: Path | None = None) -> Step:
    """The step *stap* of *groep*; LookupError naming the close matches if there is none."""
    everything = steps(folder)
    for s in everything:
        if s.groep == groep and s.stap == stap:
            return s
    known = [s.stap for s in everything if s.groep == groep]
    if not known:
        close = difflib.get_close_matches(groep, GROUPS, n=2, cutoff=0.4)
        raise LookupError(f"{FILE}: no group {groep!r}"
                          + (f"; did you mean {' or '.join(map(repr, close))}?" if close else ""))
    close = difflib.get_close_matches(stap, known, n=3, cutoff=0.4)
    raise LookupError(f"{FILE}: {groep!r} has no step {stap!r}"
                      + (f"; did you mean {' or '.join(map(repr, close))}?" if close else ""))


def value(groep: str, stap: str) -> float:
    """The number of one step (see :func:`step`)."""
    return step(groep, stap).value


def text(groep: str, stap: str) -> str:
    """The number of one step in Dutch, ready to glue: ``1.285``, ``64%``."""
    return step(groep, stap).text


def response_rates(*, ocw: bool = False) -> list[Step]:
    """The response percentages the report prints, in file order.

    Without *ocw*: against the people or schools that were approached. With ``ocw=True``: the
    two it also gives against the OCW count of schools that offer leerwerktrajecten.
    """
    return [s for s in steps() if s.unit == "%" and ("OCW" in s.stap) == ocw]


def funnel_chart(groups: list[str] | tuple[str, ...]) -> Chart:
    """One panel per group: the steps of its response funnel as bars (approximations marked
    "zo'n 140"), its target number of interviews as a dashed line."""
    from lwtbook.plots import panel_bars

    panels = {}
    targets = {}
    for g in groups:
        bars = []
        for name in FUNNELS[g]:
            s = step(g, name)
            bars.append((name, s.value, f"{s.approx} {s.text}".strip()))
        panels[g] = bars
        if g in TARGETS:
            target = step(g, TARGETS[g])
            targets[g] = (target.value, f"streefaantal ({target.text})")
    return panel_bars(panels, targets=targets)


@dataclass(frozen=True, repr=False)
class DesignTable:
    """Tabel 1.A: the design as an accessible table, one row group per respondent group."""

    caption: str
    anchor: str
    rows: tuple[Step, ...]

    def __repr__(self) -> str:
        return self.caption

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        from lwtbook.tables import table_html

        head = "".join(f'<th scope="col">{h}</th>' for h in
                       ("respondentgroep", "stap", "waarde", "regel", "opmerking"))
        body = []
        for g in dict.fromkeys(s.groep for s in self.rows):
            group = [s for s in self.rows if s.groep == g]
            for i, s in enumerate(group):
                th = (f'<th scope="rowgroup" rowspan="{len(group)}">{html.escape(g)}</th>'
                      if i == 0 else "")
                note = (f'<td class="lwt-text">{html.escape(s.note)}</td>' if s.note else
                        '<td><span class="visually-hidden">leeg</span></td>')
                body.append(f'<tr>{th}<td class="lwt-text">{html.escape(s.stap)}</td>'
                            f"<td>{s.text}</td><td>{s.line}</td>{note}</tr>")
        out = table_html(self.anchor, self.caption, head, "".join(body))
        foot = ('<p class="lwt-table-note">Samengesteld door deze editie uit de lopende tekst '
                "van paragraaf 1.1 en 1.4 van Boeiend en bindend (ITS, 2005); het rapport drukt "
                "deze tabel niet af. Regel: het regelnummer in de tekstversie van het rapport. "
                f'<a href="../data/{FILE}" download>Download de data (CSV)</a></p>')
        return out[: -len("</div>")] + foot + "</div>"


def design_table(*, caption: str, anchor: str) -> DesignTable:
    """Tabel 1.A: every number of the design with its line and note."""
    return DesignTable(caption, anchor, steps())
