"""One claim as a typed record for the chapters: :func:`get`.

The verdicts are computed from the data every time the data change (the audit is cached on
the data folder, the modification times of the claims file and of every table, and the
settings), so a chapter never shows a verdict that the current numbers do not give.
``data/claims.csv`` holds the same computed columns for readers of the data; a test keeps the
two equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lwtbook._package import data_dir, file_stamp, resolve, table_resources
from lwtbook.claims.files import claims_path, read_claims
from lwtbook.claims.verdicts import audit
from lwtbook.settings import Settings, current
from lwtbook.vocab import CLAIM_VERDICTS, dutch

__all__ = ["AUDIT_PAGE", "Claim", "anchor", "audited", "get", "load_claims", "records"]

#: The page of the book that lists every claim (chapters link to ``AUDIT_PAGE#anchor``).
AUDIT_PAGE = "controle.html"


def anchor(claim_id: str) -> str:
    """The HTML id of a claim on the audit page: ``A188`` -> ``uitspraak-a188``."""
    return f"uitspraak-{claim_id.lower()}"


@dataclass(frozen=True)
class Claim:
    """A statement of the report and what the audit found (see ``data/claims.csv``)."""

    claim_id: str
    kind: str
    line: int
    section: str
    quote: str
    value: float | None
    #: The value as written in claims.csv (its digits carry the rounding).
    value_text: str
    value_rule: str
    unit: str
    value_range: str
    table_id: str
    cells: str
    test_ids: tuple[str, ...]
    verdict: str
    basis: str
    checked: str
    accepted: str
    roughly: str
    inconsistent_with: tuple[str, ...]
    note: str

    @property
    def verdict_nl(self) -> str:
        """The verdict in the book's words ("klopt", "klopt ongeveer", …)."""
        return dutch(self.verdict, CLAIM_VERDICTS)

    @property
    def anchor(self) -> str:
        """The claim's id on the audit page (``uitspraak-a188``)."""
        return anchor(self.claim_id)

    @property
    def href(self) -> str:
        """Link from a chapter to the claim on the audit page."""
        return f"{AUDIT_PAGE}#{self.anchor}"

    def markup(self, link_text: str = "zie Controle van de cijfers"):
        """A link to this claim on the audit page as Markdown for ``{glue:md}``, so a chapter
        points at the evidence without showing the claim's id."""
        import html

        from IPython.display import Markdown

        return Markdown(f'<a href="{self.href}">{html.escape(link_text)}</a>')

    @property
    def stated(self) -> str:
        """The number the statement states, formatted as the book prints it in its unit:
        ``"48%"`` for a percentage, ``"142"`` for a count. ValueError when it states none."""
        from lwtbook.fmt import number, percent

        if self.value is None:
            raise ValueError(f"{self.claim_id}: the claim states no number")
        return percent(self.value) if self.unit == "%" else number(self.value)

    @property
    def checked_values(self) -> tuple[float, ...]:
        """The checked value(s) as numbers (empty when no table checks the claim)."""
        text = self.checked.replace(" || ", " | ").replace(" <> ", " | ")
        return tuple(float(x) for x in text.split(" | ") if x)


_CACHE: dict[tuple, list[dict[str, str]]] = {}


def _stamp(folder: Path, settings: Settings) -> tuple:
    files = [claims_path(folder)] + [resolve(folder, res) for res in
                                     table_resources(folder).values()]
    stats = tuple((str(f), *file_stamp(f)) for f in files)
    return (str(folder.resolve()), stats, settings)


def audited(folder: Path | None = None) -> list[dict[str, str]]:
    """Every claim with its computed columns under the current data and settings."""
    folder = folder or data_dir()
    key = _stamp(folder, current())
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = audit(read_claims(claims_path(folder)))
    return _CACHE[key]


def _record(row: dict[str, str]) -> Claim:
    return Claim(
        claim_id=row["claim_id"], kind=row["kind"], line=int(row["line"]),
        section=row["section"], quote=row["quote"],
        value=float(row["value"]) if row["value"] else None, value_text=row["value"],
        value_rule=row["value_rule"],
        unit=row["unit"], value_range=row["value_range"], table_id=row["table_id"],
        cells=row["cells"],
        test_ids=tuple(t.strip() for t in row["test_id"].split("|") if t.strip()),
        verdict=row["verdict"], basis=row["basis"], checked=row["checked_value"],
        accepted=row["accepted"], roughly=row["roughly"],
        inconsistent_with=tuple(x.split(" ")[0] for x in row["inconsistent_with"].split(" | ")
                                if x),
        note=row["note"])


def records(folder: Path | None = None) -> list[Claim]:
    """Every claim as a :class:`Claim`, in file order."""
    return [_record(r) for r in audited(folder)]


def get(claim_id: str) -> Claim:
    """The claim *claim_id* (``"A188"``); KeyError naming close ids if there is none."""
    for row in audited():
        if row["claim_id"] == claim_id:
            return _record(row)
    import difflib

    ids = [r["claim_id"] for r in audited()]
    close = difflib.get_close_matches(claim_id, ids, n=3)
    raise KeyError(f"no claim {claim_id!r} in claims.csv"
                   + (f"; did you mean {', '.join(close)}?" if close else ""))


def load_claims(folder: Path | None = None):
    """Every claim with its computed columns as a DataFrame (text columns, ``line`` as int)
    plus ``chapter`` ('0' for the management summary) – for analyses of the audit itself."""
    import pandas as pd

    from lwtbook.claims.files import COLUMNS

    df = pd.DataFrame(audited(folder), columns=list(COLUMNS)).astype("string")
    df["line"] = df["line"].astype(int)
    df["chapter"] = df["section"].map(
        lambda s: "0" if s.lower().startswith("management") else s.split(".")[0])
    return df
