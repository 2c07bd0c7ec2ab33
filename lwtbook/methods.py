"""Tables and counts for the methods page ("Data en methoden"), in Dutch.

The page describes the data package itself: what the report prints (the catalogue), how many
numbers that makes, and the cases where the report's own arithmetic does not add up (the
documented anomalies). The page calls these functions so that it stays a thin notebook and
shows Dutch words and Dutch numbers only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from lwtbook import fmt, vocab
from lwtbook.register import declared

if TYPE_CHECKING:
    from lwtbook.tables import FrameTable

__all__ = ["anomalies_table", "catalog_table", "package_counts"]


def _range(text: object) -> str:
    """``"234–62185"`` -> ``"234–62.185"`` (Dutch thousands); empty stays empty."""
    if text is None or (isinstance(text, float) and text != text) or str(text) in ("", "<NA>"):
        return ""
    return re.sub(r"\d+", lambda m: fmt.number(int(m.group())), str(text))


def _section(section: str) -> str:
    """``"2.2"`` -> ``"paragraaf 2.2"``; named parts as they are ("Bijlage I", "samenvatting")."""
    if section == "Management summary":
        return "samenvatting"
    return f"paragraaf {section}" if section[:1].isdigit() else section


def package_counts() -> dict[str, int]:
    """How many tables and charts the report has, how many printed numbers the package holds,
    and how many anomalies are documented."""
    from lwtbook.data import catalog, load

    cat = catalog()
    tables = cat[cat["kind"] == "table"]
    return {
        "tables": len(tables),
        "charts": int((cat["kind"] == "chart").sum()),
        "numbers": sum(len(load(t)) for t in tables["id"]),
        "anomalies": len(declared()),
    }


def catalog_table(*, caption: str, anchor: str) -> FrameTable:
    """Every table and chart of the report: id, title (with its number), where it stands
    (section and source lines), printed bases and whether its numbers are in the package."""
    from lwtbook.data import catalog
    from lwtbook.tables import frame_table

    cat = catalog()
    frame = pd.DataFrame({
        "id": cat["id"],
        "Titel": cat["title"],
        "Plek in het rapport": [
            f"{_section(sec)}, regels {lines}"  # line numbers are names: no thousands point
            for sec, lines in zip(cat["section"], cat["lines"], strict=True)],
        "n": [_range(x) for x in cat["n"]],
        "Cijfers": [vocab.dutch(s, vocab.CHART_STATUS) for s in cat["status"]],
    })
    return frame_table(frame, caption=caption, anchor=anchor)


def anomalies_table(*, caption: str, anchor: str) -> FrameTable:
    """The documented cases where the report's arithmetic does not add up: table, check,
    cells and size (the explanation per case is in ``anomalies.csv``)."""
    from lwtbook.data import catalog
    from lwtbook.tables import frame_table

    numbers = dict(zip(catalog()["id"], catalog()["number"], strict=True))
    rows = declared()
    frame = pd.DataFrame({
        "Tabel": [str(numbers.get(r["table_id"]) or r["table_id"]) for r in rows],
        "Controle": [r["check"] for r in rows],
        "Cellen": [r["cells"] for r in rows],
        "Omvang": [fmt.number(float(r["size"]), 1) for r in rows],
    })
    return frame_table(frame, caption=caption, anchor=anchor)
