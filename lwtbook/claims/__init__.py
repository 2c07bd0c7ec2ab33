"""The claims audit: every statement of the report's prose, checked against its tables.

``data/claims.csv`` holds one row per statement in the management summary and chapters 1–7:
the numbers the prose states (``kind = number``) and the comparisons it draws between groups
or years (``kind = comparison``). A person maps each statement to the table cells it is about;
this package computes the rest – the checked value, the verdict, what checked it – so the
verdicts cannot drift from the data. ``python -m lwtbook.claims`` rewrites the computed columns
(``--check`` only reports).

Modules, by responsibility:

* :mod:`~lwtbook.claims.files` – reading and writing the CSV; errors name the row;
* :mod:`~lwtbook.claims.rules` – how the words of a number are read (plain and stretched);
* :mod:`~lwtbook.claims.refs` – cell references (through :mod:`lwtbook.cells`) and derivations;
* :mod:`~lwtbook.claims.compare` – comparative statements;
* :mod:`~lwtbook.claims.verdicts` – the verdict of each claim, statements of the same fact;
* :mod:`~lwtbook.claims.records` – one claim as a typed record for the chapters (:func:`get`);
* :mod:`~lwtbook.claims.present` – the audit page's tables and texts.

The rules are argued in ``data/notes/claims-rules.md``.
"""

from lwtbook.claims.compare import COMPARISON_RULES, check_comparison
from lwtbook.claims.files import (
    COLUMNS,
    COMPUTED_COLUMNS,
    INPUT_COLUMNS,
    KINDS,
    UNITS,
    ClaimsError,
    claims_path,
    read_claims,
    write_claims,
)
from lwtbook.claims.records import AUDIT_PAGE, Claim, anchor, audited, get, load_claims, records
from lwtbook.claims.refs import (
    DERIVATIONS,
    Number,
    Ref,
    derive,
    is_derived,
    parse_cells,
    parse_ref,
    parse_sets,
    resolve,
)
from lwtbook.claims.rules import Interval, Reading, accepted, half_unit, reading, tolerance
from lwtbook.claims.verdicts import BAD, GOOD, VERDICTS, Result, audit, check, same_as_groups

__all__ = [
    "AUDIT_PAGE",
    "BAD",
    "COLUMNS",
    "COMPARISON_RULES",
    "COMPUTED_COLUMNS",
    "DERIVATIONS",
    "GOOD",
    "INPUT_COLUMNS",
    "KINDS",
    "UNITS",
    "VERDICTS",
    "Claim",
    "ClaimsError",
    "Interval",
    "Number",
    "Reading",
    "Ref",
    "Result",
    "accepted",
    "anchor",
    "audit",
    "audited",
    "check",
    "check_comparison",
    "claims_path",
    "derive",
    "get",
    "half_unit",
    "is_derived",
    "load_claims",
    "parse_cells",
    "parse_ref",
    "parse_sets",
    "read_claims",
    "reading",
    "records",
    "resolve",
    "same_as_groups",
    "tolerance",
    "write_claims",
]
