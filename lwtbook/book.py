"""Helpers for the book's notebooks: numbers glued into the prose, and re-execution.

Prose in the chapters never types a number by hand: a code cell computes it from the data and
glues it (``glue_text``); the Markdown cites it with ``{glue:text}`name```.
"""

from __future__ import annotations

import sys
from pathlib import Path


def glue_text(name: str, text: object) -> str:
    """Glue *text* (already formatted, e.g. ``nl_percent(70)``) under *name* for the prose.

    The value is glued as a plain ``str``: myst-nb reads a glued ``text/plain`` back with
    ``ast.literal_eval``, so the quoted repr of a string comes back exactly ("0,864" stays
    "0,864" instead of turning into the tuple ``(0, 864)``).
    """
    from myst_nb import glue

    value = str(text)
    glue(name, value, display=False)
    return value


def execute(paths: list[Path], timeout: int = 300) -> None:
    """Re-execute notebooks in place (kernel cwd = the notebook's folder), keeping widget
    state and dropping per-cell timing metadata so diffs stay quiet."""
    import nbformat
    from nbclient import NotebookClient

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(Path(path).parent)}},
                                store_widget_state=True)
        client.execute()
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, path)
        print(f"executed {path}")


if __name__ == "__main__":
    execute([Path(p) for p in sys.argv[1:]])
