"""Growth over the school years: each series of a table as an index of its first year.

The report's Tabel 1 counts schools with lwt, lwt pupils and lwt pupils at the agricultural
colleges for three school years. The series differ a hundredfold in size; as an index (the
first year = 100) they fit one chart and show which grew fastest.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["index_table"]


def index_table(table_id: str = "t_summary", *, time: str = "schooljaar",
                series: str = "maat", keep: Sequence[str] | None = None,
                base: str | None = None) -> pd.DataFrame:
    """Columns *series*, *time*, ``value`` and ``index`` (``value`` as a percentage of the
    series' value in *base*, default the first period), in the table's order. *keep* limits
    and orders the series; ValueError when a series has no value in the base period or it is
    zero."""
    from lwtbook.data import load

    frame = load(table_id)
    if keep is not None:
        unknown = [s for s in keep if s not in set(frame[series])]
        if unknown:
            raise LookupError(f"{table_id}: no {series} {', '.join(map(repr, unknown))}")
        frame = frame[frame[series].isin(list(keep))]
        frame = frame.assign(_order=frame[series].map({s: i for i, s in enumerate(keep)}))
        frame = frame.sort_values("_order", kind="stable").drop(columns="_order")
    base = base if base is not None else str(frame[time].iloc[0])
    first = frame[frame[time] == base].set_index(series)["value"]
    missing = [s for s in frame[series].unique() if s not in first.index or not first[s]]
    if missing:
        raise ValueError(f"{table_id}: no (non-zero) value in {base} for "
                         f"{', '.join(map(repr, missing))}")
    out = frame[[series, time, "value"]].reset_index(drop=True)
    return out.assign(index=100 * out["value"] / out[series].map(first))
