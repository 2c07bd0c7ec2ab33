"""``python -m lwtbook.claims [PATH] [--check]``: recompute the verdicts of the claims file."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from lwtbook.claims.files import (
    COMPUTED_COLUMNS,
    ClaimsError,
    claims_path,
    read_claims,
    write_claims,
)
from lwtbook.claims.verdicts import VERDICTS, audit


def main(argv: list[str] | None = None) -> int:
    """Rewrite the computed columns of the claims file (or, with ``--check``, list the rows
    whose columns are out of date and exit 1 if there are any)."""
    parser = argparse.ArgumentParser(prog="python -m lwtbook.claims",
                                     description="Recompute the verdicts of data/claims.csv.")
    parser.add_argument("path", nargs="?", default=None, help="claims CSV (default: data/)")
    parser.add_argument("--check", action="store_true",
                        help="only report rows whose computed columns are out of date")
    args = parser.parse_args(argv)
    path = Path(args.path) if args.path else claims_path()
    try:
        rows = read_claims(path)
        new = audit(rows)
    except ClaimsError as exc:
        print(exc, file=sys.stderr)
        return 2
    stale = [r["claim_id"] for r, n in zip(rows, new, strict=True)
             if any(r.get(k, "") != n[k] for k in COMPUTED_COLUMNS)]
    if args.check:
        for cid in stale:
            print(f"out of date: {cid}")
        return 1 if stale else 0
    write_claims(new, path)
    counts = Counter(r["verdict"] for r in new)
    print(f"{len(new)} claims, {len(stale)} updated: "
          + ", ".join(f"{v} {counts.get(v, 0)}" for v in VERDICTS))
    return 0
