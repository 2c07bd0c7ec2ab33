"""Running the spec, writing ``data/derived/reanalysis.csv`` and reading it back.

Under the edition's settings (:func:`lwtbook.settings.current` unchanged) and the project's
own data folder, :func:`results` reads the committed CSV (a test keeps it equal to a fresh
run). Under other settings, or with ``LWTBOOK_DATA`` pointing at another copy of the data, it
runs the analysis afresh – cached per settings, data folder and the files' modification
times and sizes – so ``make vary`` and an edited copy of the data change the verdicts without
touching a committed file. A fresh run goes through the same CSV text as the committed one,
so both paths give identical numbers.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from lwtbook import fmt
from lwtbook._package import data_dir, file_stamp, resource_file
from lwtbook.errors import DataError
from lwtbook.reanalysis import verdicts
from lwtbook.reanalysis.designs import Outcome
from lwtbook.reanalysis.evaluate import Evaluation, evaluate
from lwtbook.reanalysis.spec import SpecRow, load_spec
from lwtbook.settings import Settings, current

__all__ = ["COLUMNS", "RESULT_PATH", "Result", "committed", "read_csv_text", "result", "results",
           "run",
           "to_csv_text", "write"]

RESULT_PATH = Path("derived") / "reanalysis.csv"

COLUMNS = [
    "test_id", "table_id", "section", "line", "claim", "family", "role", "design", "kind",
    "expected_direction", "comparison", "test", "n1", "n2", "n_source", "share1", "share2",
    "measure", "difference_pp", "ci_low", "ci_high", "cohens_h", "cohens_w", "p_value",
    "p_adjusted", "p_bh", "p_followup", "p_against", "verdict", "rounding_robust", "note",
]
_FLOATS = {"share1": 1, "share2": 1, "difference_pp": 1, "ci_low": 1, "ci_high": 1,
           "cohens_h": 2, "cohens_w": 2, "p_value": 4, "p_adjusted": 4, "p_bh": 4,
           "p_followup": 4, "p_against": 4}
_INTS = ("line", "n1", "n2")


@dataclass(frozen=True)
class Result:
    """One row of ``reanalysis.csv``, typed (see :data:`COLUMNS`), with its Dutch words.

    The presentation (Dutch phrase, table cells) is in :mod:`lwtbook.reanalysis.present`;
    the shortcuts here delegate to it.
    """

    test_id: str
    table_id: str
    section: str
    line: int
    claim: str
    family: str
    role: str
    design: str
    kind: str
    expected_direction: str
    comparison: str
    test: str
    n1: int | None
    n2: int | None
    n_source: str
    share1: float | None
    share2: float | None
    measure: str
    difference_pp: float | None
    ci_low: float | None
    ci_high: float | None
    cohens_h: float | None
    cohens_w: float | None
    p_value: float | None
    p_adjusted: float | None
    p_bh: float | None
    p_followup: float | None
    p_against: float | None
    verdict: str
    rounding_robust: bool | None
    note: str

    @property
    def verdict_nl(self) -> str:
        """The verdict in Dutch: gedragen, niet aangetoond, tegengesproken, …"""
        from lwtbook.vocab import REANALYSIS_VERDICTS, dutch

        return dutch(self.verdict, REANALYSIS_VERDICTS)

    @property
    def test_nl(self) -> str:
        """The test in Dutch: z-toets voor twee proporties, exacte toets van Fisher, …"""
        from lwtbook.vocab import TEST_NAMES, dutch

        return dutch(self.test, TEST_NAMES)

    @property
    def anchor(self) -> str:
        """The id of this test's row on "Herberekening": ``toets-h12``."""
        return f"toets-{self.test_id.lower()}"

    @property
    def link(self) -> str:
        """Where a chapter links to for this test: ``herberekening.html#toets-h12``."""
        return f"herberekening.html#{self.anchor}"

    def phrase(self) -> str:
        """One Dutch phrase for prose, e.g. "+19,0 procentpunt (95%-BI 11,7 tot 26,4;
        p < 0,001; na Holm-correctie in de familie p < 0,001) – gedragen"."""
        from lwtbook.reanalysis.present import phrase

        return phrase(self)

    def markup(self, link_text: str = "zie Herberekening"):
        """The phrase as Markdown for ``{glue:md}``: marked with the test's id (so a test of
        the built site can check every p-value and verdict on a page against this row) and
        followed by a link to the test's row on "Herberekening"."""
        import html

        from IPython.display import Markdown

        return Markdown(f'<span class="lwt-test" data-test="{self.test_id}">'
                        f"{html.escape(self.phrase())}</span> "
                        f'(<a href="{self.link}">{html.escape(link_text)}</a>)')


# --------------------------------------------------------------------------- running


def run(spec: list[SpecRow] | None = None, settings: Settings | None = None) -> pd.DataFrame:
    """Run every test of the spec under *settings* (default: the current ones).

    One row per test with the columns :data:`COLUMNS`, rounded as stored.
    """
    s = settings or current()
    spec = load_spec() if spec is None else spec
    evaluations = [evaluate(row, s) for row in spec]
    outcomes = [ev.outcome for ev in evaluations]
    keys = verdicts.family_keys([(ev.row.family, ev.row.role, o.p is not None)
                                 for ev, o in zip(evaluations, outcomes, strict=True)], s)
    ps = [o.p for o in outcomes]
    adjusted = verdicts.adjusted(ps, keys, s)
    sizes = verdicts.family_sizes(keys)
    tested = [i for i, p in enumerate(ps) if p is not None]
    from lwtbook.stats import benjamini_hochberg

    bh = dict(zip(tested, benjamini_hochberg([ps[i] for i in tested]), strict=True))
    records = []
    for i, ev in enumerate(evaluations):
        key = keys[i]
        values = _rounded(ev.outcome, adjusted[i], bh.get(i))
        verdict = _decide(ev, values, sizes.get(key, 1) if key else 1, s)
        notes = list(ev.notes)
        robust = None
        if ev.outcome.p is not None and ev.ends:
            robust = _rounding(ev, i, ps, keys, sizes, values, verdict, notes, s)
        for label, alt in ev.sensitivity:
            alt_verdict = _what_if(ev, alt, i, ps, keys, sizes, s)
            notes.append(f"Gevoeligheid: met {label} is {fmt.p_value(alt.p)}: "
                         f"{_nl(alt_verdict)}.")
        if ev.outcome.note:
            notes.append(ev.outcome.note[0].upper() + ev.outcome.note[1:] + ".")
        if verdict == "not-shown" and _points_away(ev.row.expected_direction, values):
            notes.append("Het gedrukte verschil wijst zelfs de andere kant op dan het rapport "
                         "zegt.")
        records.append(_record(ev, values, verdict, robust, notes))
    return pd.DataFrame(records, columns=COLUMNS)


def _rounded(o: Outcome, p_adjusted: float | None, p_bh: float | None) -> dict:
    ci = o.ci or (None, None)
    shares = o.shares or (None, None)
    raw = {"share1": shares[0], "share2": shares[1], "difference_pp": o.difference,
           "ci_low": ci[0], "ci_high": ci[1], "cohens_h": o.h,
           "cohens_w": o.w, "p_value": o.p, "p_adjusted": p_adjusted, "p_bh": p_bh,
           "p_followup": o.p_follow, "p_against": o.p_against}
    return {k: _r(v, _FLOATS[k]) for k, v in raw.items()}


def _r(x: float | None, digits: int) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    value = round(float(x), digits)
    return 0.0 if value == 0 else value


def _decide(ev: Evaluation, values: dict, size: int, s: Settings) -> str:
    return verdicts.decide(
        ev.row.expected_direction, described=ev.row.described, p_value=values["p_value"],
        p_adjusted=values["p_adjusted"], difference=values["difference_pp"],
        p_followup=values["p_followup"], p_against=values["p_against"],
        family_size=size, alpha=s.alpha)


def _what_if(ev: Evaluation, alt: Outcome, index: int, ps: list, keys: list, sizes: dict,
             s: Settings) -> str:
    """The verdict when this row's outcome were *alt* (its family adjusted again)."""
    family = list(ps)
    family[index] = alt.p
    adjusted = verdicts.adjusted(family, keys, s)
    key = keys[index]
    values = _rounded(alt, adjusted[index], None)
    return _decide(ev, values, sizes.get(key, 1) if key else 1, s)


def _rounding(ev: Evaluation, index: int, ps: list, keys: list, sizes: dict, values: dict,
              verdict: str, notes: list[str], s: Settings) -> bool:
    """Repeat the row at both ends of the rounding range: same verdict and same
    (unadjusted) significance at both ends? Adds a note with the p-values there."""
    end_verdicts = [_what_if(ev, end, index, ps, keys, sizes, s) for end in ev.ends]
    significant = values["p_value"] < s.alpha
    same = all(v == verdict for v in end_verdicts) and all(
        (_r(end.p, 4) < s.alpha) == significant for end in ev.ends)
    span = " en ".join(fmt.p_value(end.p) for end in ev.ends)
    if same:
        notes.append(f"Uitkomst gelijk over het hele afrondingsbereik (aan de uiteinden {span}).")
    else:
        notes.append(f"Uitkomst hangt af van de afronding (aan de uiteinden {span}; oordeel daar: "
                     f"{' / '.join(_nl(v) for v in end_verdicts)}).")
    return same


def _nl(code: str) -> str:
    from lwtbook.vocab import REANALYSIS_VERDICTS

    return REANALYSIS_VERDICTS[code]


def _points_away(expected: str, values: dict) -> bool:
    d = values["difference_pp"]
    if d is None:
        return False
    if expected in ("group1>group2", "max"):
        return d < 0
    if expected in ("group1<group2", "min"):
        return d > 0
    return False


def _record(ev: Evaluation, values: dict, verdict: str, robust: bool | None,
            notes: list[str]) -> dict:
    row = ev.row
    parts = [n.strip() for n in ([row.note] if row.note else []) + notes if n.strip()]
    note = " ".join(dict.fromkeys(parts))  # a note said twice (parts of a claim) once
    return {
        "test_id": row.test_id, "table_id": row.table_id, "section": row.section,
        "line": row.line, "claim": row.claim, "family": row.family, "role": row.role,
        "design": row.design, "kind": row.kind, "expected_direction": row.expected_direction,
        "comparison": ev.comparison, "test": ev.outcome.test, "n1": ev.n1, "n2": ev.n2,
        "n_source": ev.n_source, "measure": ev.outcome.measure, **values,
        "verdict": verdict, "rounding_robust": robust, "note": note,
    }


# --------------------------------------------------------------------------- CSV


def _cell(value: object, column: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if column == "rounding_robust":
        return "true" if value else "false"
    if column in _FLOATS:
        return f"{float(value):.{_FLOATS[column]}f}"
    if column in _INTS:
        return str(int(value))
    return str(value)


def to_csv_text(frame: pd.DataFrame) -> str:
    """The results as CSV text: fixed decimals, ``\\n`` line ends, empty cells for no value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rec in frame[COLUMNS].astype(object).to_dict("records"):
        writer.writerow([_cell(rec[c], c) for c in COLUMNS])
    return buffer.getvalue()


def write(path: Path | None = None, frame: pd.DataFrame | None = None) -> Path:
    """Regenerate ``data/derived/reanalysis.csv`` (or *path*) under the edition's settings."""
    from lwtbook.settings import defaults

    path = path or resource_file("reanalysis", must_exist=False)
    frame = run(settings=defaults()) if frame is None else frame
    path.write_text(to_csv_text(frame), encoding="utf-8")
    return path


def read_csv_text(text: str) -> pd.DataFrame:
    """Parse results CSV text into typed columns (floats, nullable ints, booleans)."""
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if list(frame.columns) != COLUMNS:
        raise ValueError(f"reanalysis.csv: unexpected columns {list(frame.columns)}")
    out = frame.copy().astype(object)

    def column(values: list) -> pd.Series:  # object dtype: a missing value stays None
        return pd.Series(values, index=frame.index, dtype=object)

    for name in _FLOATS:
        out[name] = column([None if v == "" else float(v) for v in frame[name]])
    for name in _INTS:
        out[name] = column([None if v == "" else int(v) for v in frame[name]])
    out["rounding_robust"] = column([None if v == "" else v == "true"
                                     for v in frame["rounding_robust"]])
    return out


# --------------------------------------------------------------------------- cache


_CACHE: dict[tuple, pd.DataFrame] = {}


def committed(folder: Path | None = None) -> str:
    """The text of the committed ``reanalysis.csv`` of the data package in *folder*, found
    through the package's one path resolver (a located :class:`lwtbook.DataError` for a path
    that leaves the package)."""
    return resource_file("reanalysis", folder).read_text(encoding="utf-8")


def _stamp(folder: Path) -> tuple:
    """Modification time and size of the spec, the committed results and every table."""
    files = []
    for name in ("reanalysis_spec", "reanalysis"):
        try:
            files.append(resource_file(name, folder))
        except DataError:
            continue
    files += sorted((folder / "tables").glob("*.csv"))
    out = []
    for path in files:
        try:
            out.append((path.name, *file_stamp(path)))
        except FileNotFoundError:
            continue
    return tuple(out)


def _own_data(folder: Path) -> bool:
    own = Path(__file__).resolve().parent.parent.parent / "data"
    return folder.resolve() == own.resolve()


def results() -> pd.DataFrame:
    """All rows under the current settings, typed (one row per test, :data:`COLUMNS`).

    The committed CSV under the edition's settings and the project's data; a fresh run
    otherwise (cached). Treat the frame as read-only: it is shared.
    """
    s = current()
    folder = data_dir()
    stored = not s.changed() and _own_data(folder)
    key = (stored, None if stored else s, str(folder.resolve()), _stamp(folder))
    hit = _CACHE.get(key)
    if hit is None:
        if stored:
            text = committed(folder)
        else:
            text = to_csv_text(run(load_spec(resource_file("reanalysis_spec", folder)), s))
        hit = read_csv_text(text)
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = hit
    return hit


def result(test_id: str) -> Result:
    """One test under the current settings, as a typed :class:`Result` record."""
    frame = results()
    hits = frame[frame["test_id"] == test_id]
    if hits.empty:
        import difflib

        close = difflib.get_close_matches(test_id, list(frame["test_id"]), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise LookupError(f"no re-analysis test {test_id!r}{hint}")
    rec = hits.iloc[0].to_dict()
    return Result(**{f.name: rec[f.name] for f in fields(Result)})
