"""The report's own arithmetic, as declared in ``datapackage.json``.

Each table resource may list ``checks``: relations its printed numbers should satisfy
(distributions that add to 100, parts that add to a total, a total that is the weighted
mean of its groups, a percentage that is a ratio of two counts, a table that repeats
another). Printed numbers are rounded, so every number is treated as an interval: a value
printed as ``15,9`` stands for anything in [15.85, 15.95]. A check fails only when no
choice of unrounded numbers inside those intervals satisfies the relation (plus any
extra ``tolerance`` the check declares). A weighted mean takes its weights from the check
(``weights``), from the parts' printed n, or from printed cells of the same table
(``weights_from``: the labels that turn a part's key into its weight's key); rounded weights
widen the allowance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lwtbook.cells import Cell


@dataclass(frozen=True)
class Failure:
    """A check that does not hold for one group of cells."""

    check: str
    cells: str
    line: int
    message: str
    size: float


def check_id(check: dict[str, Any], index: int) -> str:
    """A check's id: its declared ``id`` or ``<rule>-<over>-<index>``."""
    return check.get("id") or f"{check['rule']}-{check.get('over', '')}-{index + 1}".replace(
        "--", "-"
    )


def _matches(cell: Cell, where: dict[str, Any] | None) -> bool:
    if not where:
        return True
    for dim, wanted in where.items():
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if cell.get(dim) not in allowed:
            return False
    return True


def _groups(cells: Iterable[Cell], over: str) -> dict[tuple, list[Cell]]:
    groups: dict[tuple, list[Cell]] = {}
    for cell in cells:
        rest = tuple(kv for kv in cell.key if kv[0] != over)
        groups.setdefault(rest, []).append(cell)
    return groups


def check_groups(check: dict[str, Any], cells: list[Cell]) -> list[tuple[str, dict[str, Cell]]]:
    """The groups a sum, weighted_mean or ratio check runs over: (label, cells by category of
    its ``over`` dimension), in table order – the same groups :func:`run_check` checks."""
    selected = [c for c in cells if _matches(c, check.get("where"))]
    over = check["over"]
    return [(_label(group), {c.get(over): c for c in members})
            for group, members in _groups(selected, over).items()]


def parts(check: dict[str, Any], by_cat: dict[str, Cell]) -> list[Cell]:
    """The parts of one group (every category but the total, or the declared ``parts``)."""
    return _parts(check, by_cat)


def _label(group: tuple) -> str:
    return "; ".join(f"{k}={v}" for k, v in group) or "(whole table)"


def _tolerance(check: dict[str, Any]) -> float:
    tol = check.get("tolerance", "rounding")
    return 0.0 if tol == "rounding" else float(tol)


def _overlap(lo: float, hi: float, target_lo: float, target_hi: float, tol: float) -> bool:
    return lo <= target_hi + tol + 1e-9 and target_lo <= hi + tol + 1e-9


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def run_check(check: dict[str, Any], index: int, cells: list[Cell],
              others: dict[str, list[Cell]]) -> list[Failure]:
    """Run one declared check over a table's cells; return its failures."""
    cid = check_id(check, index)
    rule = check["rule"]
    selected = [c for c in cells if _matches(c, check.get("where"))]
    if rule == "same_as":
        return _same_as(cid, check, selected, others)
    over = check["over"]
    failures: list[Failure] = []
    for group, members in _groups(selected, over).items():
        by_cat = {c.get(over): c for c in members}
        if rule == "weighted_mean":
            result = _weighted_mean(check, by_cat, cells)
        else:
            result = {"sum": _sum, "ratio": _ratio}[rule](check, by_cat)
        if result is None:
            continue
        ok, message, size, line = result
        if not ok:
            failures.append(Failure(cid, _label(group), line, message, size))
    return failures


def _parts(check: dict[str, Any], by_cat: dict[str, Cell]) -> list[Cell]:
    if "parts" in check:
        return [by_cat[p] for p in check["parts"] if p in by_cat]
    total = check.get("total")
    return [c for cat, c in by_cat.items() if cat != total]


def _sum(check: dict[str, Any], by_cat: dict[str, Cell]):
    parts = _parts(check, by_cat)
    if not parts:
        return None
    if "equals" in check:
        target, t_half, line = float(check["equals"]), 0.0, parts[0].line
        what = f"{_fmt(target)}"
    else:
        total = by_cat.get(check["total"])
        if total is None:
            return None
        target, t_half, line = total.value, total.half_width, total.line
        what = f"the total '{check['total']}' ({_fmt(target)})"
    s = sum(c.value for c in parts)
    slack = sum(c.half_width for c in parts)
    ok = _overlap(s - slack, s + slack, target - t_half, target + t_half, _tolerance(check))
    msg = (f"{len(parts)} parts over '{check['over']}' add up to {_fmt(s)}, expected {what} "
           f"(rounding allows ±{_fmt(slack + t_half)})")
    return ok, msg, round(s - target, 6), line


def weight_cells(check: dict[str, Any], parts: list[Cell],
                 table: list[Cell]) -> list[Cell] | None:
    """For a weighted mean with ``weights_from`` ({dim: label}): the printed cell that weighs
    each part (the part's key with those labels swapped in); None if one is missing."""
    spec = check.get("weights_from")
    if not spec:
        return None
    index = {c.key: c for c in table}
    out = []
    for part in parts:
        key = tuple((d, spec.get(d, v)) for d, v in part.key)
        if key not in index:
            return None
        out.append(index[key])
    return out


def _weighted_mean(check: dict[str, Any], by_cat: dict[str, Cell],
                   table: list[Cell] | None = None):
    total = by_cat.get(check["total"])
    parts = _parts(check, by_cat)
    if total is None or not parts:
        return None
    weights = check.get("weights")
    printed = weight_cells(check, parts, table or [])
    if check.get("weights_from") and printed is None:
        return None
    if printed is not None:
        ws = [w.value for w in printed]
    else:
        ws = [float(weights[c.get(check["over"])]) if weights else c.n for c in parts]
    if any(w is None for w in ws):
        return None
    wsum = sum(ws)
    mean = sum(c.value * w for c, w in zip(parts, ws, strict=True)) / wsum
    slack = sum(c.half_width * w for c, w in zip(parts, ws, strict=True)) / wsum
    if printed is not None:  # rounded weights move the mean too
        slack += sum(abs(c.value - mean) * w.half_width for c, w in
                     zip(parts, printed, strict=True)) / wsum
    ok = _overlap(mean - slack, mean + slack, total.value - total.half_width,
                  total.value + total.half_width, _tolerance(check))
    how = "weighted" if printed is not None or weights else "n-weighted"
    msg = (f"{how} mean of {len(parts)} groups over '{check['over']}' is {_fmt(mean)}, "
           f"but the total '{check['total']}' is printed as {_fmt(total.value)}")
    return ok, msg, round(total.value - mean, 6), total.line


def _ratio(check: dict[str, Any], by_cat: dict[str, Cell]):
    num_cats = check["numerator"] if isinstance(check["numerator"], list) else [
        check["numerator"]]
    den_cats = check["denominator"] if isinstance(check["denominator"], list) else [
        check["denominator"]]
    res = by_cat.get(check["result"])
    if res is None:
        return None
    nums = [by_cat.get(c) for c in num_cats]
    if den_cats == ["@n"]:  # the base printed with the result is the denominator
        if res.n is None:
            return None
        dens = [Cell(res.table_id, res.key, float(res.n), str(res.n), None, res.line, exact=True)]
    else:
        dens = [by_cat.get(c) for c in den_cats]
    if check.get("missing_as_zero"):  # blank cells in a printed sum count as 0
        nums = [c for c in nums if c is not None]
        dens = [c for c in dens if c is not None]
    if not nums or not dens or None in nums or None in dens:
        return None
    scale = float(check.get("scale", 100))
    n_val = sum(c.value for c in nums)
    n_half = sum(c.half_width for c in nums)
    d_val = sum(c.value for c in dens)
    d_half = sum(c.half_width for c in dens)
    if d_val - d_half <= 0:
        return None
    lo = scale * max(n_val - n_half, 0) / (d_val + d_half)
    hi = scale * (n_val + n_half) / (d_val - d_half)
    ratio = scale * n_val / d_val
    ok = _overlap(lo, hi, res.value - res.half_width, res.value + res.half_width,
                  _tolerance(check))
    msg = (f"'{check['result']}' is printed as {_fmt(res.value)}, but "
           f"{_fmt(scale)}×{'+'.join(num_cats)}/{'+'.join(den_cats)} = {_fmt(ratio)}")
    return ok, msg, round(res.value - ratio, 6), res.line


def _same_as(cid: str, check: dict[str, Any], cells: list[Cell],
             others: dict[str, list[Cell]]) -> list[Failure]:
    other = others.get(check["resource"])
    if other is None:
        return [Failure(cid, "(whole table)", 1,
                        f"repeated table '{check['resource']}' is not in the package", 0.0)]
    mine = {c.key: c for c in cells}
    theirs = {c.key: c for c in other}
    failures = []
    for key in list(mine) + [k for k in theirs if k not in mine]:
        a, b = mine.get(key), theirs.get(key)
        if a is None or b is None or a.value != b.value or a.n != b.n:
            line = a.line if a else 1
            got = "absent" if a is None else _fmt(a.value)
            want = "absent" if b is None else _fmt(b.value)
            failures.append(Failure(
                cid, _label(key), line,
                f"differs from repeated table '{check['resource']}': {got} here, {want} there",
                0.0 if a is None or b is None else round(a.value - b.value, 6)))
    return failures
