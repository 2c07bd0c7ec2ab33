"""Herberekening: every difference the report asserts, implies or denies, tested once.

The report compares groups on almost every page – lwt pupils and the control group, year
groups, two survey rounds of schools and firms, sectors, the sample and the OCW census – and
calls differences notable, an improvement or "not big", without a test.
``data/derived/reanalysis_spec.csv`` lists those statements (one row per test, curated by
hand); this package runs them and writes ``data/derived/reanalysis.csv``
(``python -m lwtbook.reanalysis``). Every page of the book shows these rows, so a comparison
has one p-value and one verdict everywhere.

Modules, by responsibility:

* :mod:`~lwtbook.reanalysis.spec` – reading and checking the spec (errors name the row:
  ``reanalysis_spec.csv:42: H41: …``);
* :mod:`~lwtbook.reanalysis.select` – the spec's cell selectors on :mod:`lwtbook.cells`;
* :mod:`~lwtbook.reanalysis.shares` – printed percentages back to counts and their rounding;
* :mod:`~lwtbook.reanalysis.designs` – the right test for each design;
* :mod:`~lwtbook.reanalysis.evaluate` – one spec row worked out (ends, sensitivity, notes);
* :mod:`~lwtbook.reanalysis.verdicts` – families, adjustment and the verdict rule;
* :mod:`~lwtbook.reanalysis.results` – running, the CSV, the cache, typed :class:`Result`;
* :mod:`~lwtbook.reanalysis.present` – Dutch phrases, tables, the forest plot, counts.

The spec, column by column
--------------------------
``test_id`` (H01…; stable: other pages link to it), ``table_id``, ``section`` and ``line``
(where the statement stands), ``claim`` (the statement in our words);
``family`` (leerlingen, scholen, bve, leerbedrijven – empty outside the families), ``role``
(``claim`` or ``data-quality``), ``design`` (``independent``, ``rounds``, ``census``,
``same-respondents``, ``one-sample``, ``overlap``, ``units``), ``kind``
(``two-proportions``, ``distribution``, ``k-groups``, ``one-share``, ``means``);
``group1``/``group2`` select cells (:mod:`~lwtbook.reanalysis.select`; ``a | b`` splits a
claim into parts that must all hold), ``label1``/``label2`` name them (for ``k-groups``:
``label1`` is the group said to be highest or lowest); ``answer_dim`` is the dimension whose
labels form a distribution or the groups; ``exclude`` leaves labels out (out of the base for a
share: ``niet van toepassing``); ``n1_source``/``n2_source`` say where a base comes from
(``printed``, ``counts``, ``unknown``, or ``derived: <where and assumption> = <n>``; one per
group as ``a | b | c``); ``rebase`` (``group1=207``: the share was printed per answer, the
count is taken over 207 respondents); ``expected_direction`` (``group1>group2``,
``group1<group2``, ``group1!=group2``, ``group1=group2`` "no (big) difference",
``group1>=group2`` "almost as", ``max``, ``min``, ``varies``, ``equal``); ``sensitivity``
(``n1=…; n2=…``, ``rebase1=…``, ``printed``: the test again on other bases, reported in the
note); ``note``.

The choices – families, the tests per design, equivalence margins, verdicts – are argued on
the book's page "Data en methoden"; the settings they read are :mod:`lwtbook.settings`.
"""

from __future__ import annotations

from lwtbook.reanalysis.present import (
    count_values,
    counts,
    difference_text,
    forest,
    forest_figure,
    id_list,
    ids,
    margin_band,
    policy_table,
    settings_table,
    tests_table,
    verdicts_table,
    worked_example,
)
from lwtbook.reanalysis.results import (
    COLUMNS,
    Result,
    read_csv_text,
    result,
    results,
    run,
    to_csv_text,
    write,
)
from lwtbook.reanalysis.spec import SPEC_COLUMNS, SpecError, SpecRow, load_spec
from lwtbook.reanalysis.verdicts import VERDICTS

__all__ = [
    "COLUMNS",
    "SPEC_COLUMNS",
    "VERDICTS",
    "Result",
    "SpecError",
    "SpecRow",
    "count_values",
    "counts",
    "difference_text",
    "forest",
    "forest_figure",
    "id_list",
    "ids",
    "load_spec",
    "main",
    "margin_band",
    "policy_table",
    "read_csv_text",
    "result",
    "results",
    "run",
    "settings_table",
    "tests_table",
    "to_csv_text",
    "verdicts_table",
    "worked_example",
    "write",
]


def main() -> None:
    """Regenerate ``data/derived/reanalysis.csv`` and print the count per verdict."""
    from lwtbook.settings import defaults
    from lwtbook.vocab import REANALYSIS_VERDICTS

    frame = run(settings=defaults())
    path = write(frame=frame)
    found = frame["verdict"].value_counts()
    summary = ", ".join(f"{REANALYSIS_VERDICTS[v]}: {int(found.get(v, 0))}" for v in VERDICTS)
    print(f"wrote {path} ({len(frame)} tests; {summary})")
