"""The study design as data: who was approached and who responded (``design.csv``).

The report states its design only in the prose of sections 1.1 and 1.4: how many schools,
pupils, firms and college staff were approached, how many took part, and the response rates.
This edition keeps those numbers as one table (resource ``design`` of the data package, one row
per number: ``groep``, ``stap``, ``value``, ``eenheid``, ``regel``, ``opmerking``). A page takes
a number from it by its group and step, so the summary and chapter 1 cannot disagree.

>>> design_value("bve-instellingen", "respons")
129.0
"""

from __future__ import annotations

import difflib

import pandas as pd

__all__ = ["design_table", "design_value"]


def design_table() -> pd.DataFrame:
    """The whole design table, in the order of the report's text (strings, ``value`` float)."""
    from lwtbook._package import data_dir, resources

    path = data_dir() / resources()["design"]["path"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.assign(value=frame["value"].astype(float))


def design_value(group: str, step: str) -> float:
    """The number the report gives for *group* at *step* (``"lwt-leerlingen"``,
    ``"gebeld"`` -> 1285.0). LookupError naming the file and the closest labels when there is
    not exactly one such row."""
    frame = design_table()
    hits = frame[(frame["groep"] == group) & (frame["stap"] == step)]
    if len(hits) == 1:
        return float(hits["value"].iloc[0])
    if group not in set(frame["groep"]):
        close = difflib.get_close_matches(group, list(dict.fromkeys(frame["groep"])), n=3)
        raise LookupError(f"design.csv: no group {group!r}"
                          + (f"; did you mean {' or '.join(map(repr, close))}?" if close else ""))
    steps = list(frame.loc[frame["groep"] == group, "stap"])
    close = difflib.get_close_matches(step, steps, n=3)
    raise LookupError(f"design.csv: group {group!r} has {len(hits)} rows for step {step!r} "
                      f"(its steps: {', '.join(steps)})"
                      + (f"; did you mean {' or '.join(map(repr, close))}?" if close else ""))
