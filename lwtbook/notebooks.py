"""Running the book's notebooks: re-execute chapters in place and store their outputs.

``python -m lwtbook.notebooks book/*.ipynb`` (``make notebooks``) re-executes every chapter
with the kernel's working folder set to the notebook's own, keeps the widget state (the
explorers need it on the static site) and drops per-cell timing metadata so diffs stay quiet.
"""

from __future__ import annotations

import sys
from pathlib import Path


def execute(paths: list[Path], timeout: int = 300) -> None:
    """Re-execute notebooks in place (kernel cwd = the notebook's folder)."""
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


def main(argv: list[str] | None = None) -> int:
    execute([Path(p) for p in (sys.argv[1:] if argv is None else argv)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
