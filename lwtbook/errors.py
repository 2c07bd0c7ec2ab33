"""What every reader of the data package raises for damaged data: a located problem list.

A :class:`Problem` names its file, row (the line in the file: a CSV's header is row 1, a line
of ``datapackage.json``) and column (a CSV column, or the descriptor key at fault), so that a
researcher who edits a copy of the data can go straight to the spot. :class:`DataError` carries
every problem found; :func:`lwtbook.validate`, :func:`lwtbook.load`, :func:`lwtbook.as_printed`,
:func:`lwtbook.catalog` and :func:`lwtbook._package.resource_file` all raise it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in the data: ``file:row:column: message`` (row/column ``-`` if not one)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or '-'}: {self.message}"


class DataError(ValueError):
    """Damaged or unsafe data; ``problems`` holds every problem found, each located."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data package:\n{lines}")


__all__ = ["DataError", "Problem"]
