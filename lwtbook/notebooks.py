"""Running the book's notebooks: the researcher's workbench behind the Makefile's targets.

``python -m lwtbook.notebooks COMMAND …`` (each ``make`` target is one line that calls it):

* ``execute PATH…`` (``make notebooks``; plain ``PATH…`` works too) – re-execute notebooks in
  place and store their outputs, always under the edition's settings (the committed outputs are
  the published book);
* ``chapter CH`` (``make chapter CH=02``) – re-execute one notebook in place, then run its
  strict nbval; ``CH`` is a prefix of the file name (``02`` → ``book/02_leerlingen.ipynb``);
* ``vary CH SETTINGS`` (``make vary CH=05 SET="alpha=0.01"``) – run one notebook under other
  analysis settings with papermill (its ``parameters`` cell holds ``settings = ""``) into
  ``_build/variants/<stem>-<label>.ipynb`` and a light, offline HTML page beside it – never over
  the committed notebook – and list what changed against the committed outputs;
* ``diff-outputs [CH…] [--rev REV]`` (``make diff-outputs``) – which numbers, table cells,
  verdicts and figure texts of the notebooks in the working tree differ from ``REV`` (see
  :mod:`lwtbook.outputs`);
* ``lab [ARG…]`` (``make lab``) – JupyterLab in this environment, with its kernel, on ``book/``;
* ``git-diff-driver`` (``make nbdime``) – nbdime's notebook diff for ``git diff``, set in this
  repository's own git configuration (never the user's global one).

The kernel's working folder is always the notebook's own folder, as on the site's build.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from lwtbook import settings as _settings

#: Where ``make vary`` writes its variants (inside ``_build/``, which git ignores).
VARIANTS = Path("_build") / "variants"
#: Strict nbval exactly as ``make test`` runs it.
NBVAL_ARGS = ("--nbval", "--nbval-current-env", "--nbval-sanitize-with", "nbval_sanitize.cfg")
#: The tag of the cell that holds a notebook's papermill parameters.
PARAMETERS_TAG = "parameters"
KERNEL = "python3"
#: The MIME types of an explorer's output and of the widget state a notebook stores.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: A widget model's id as ipywidgets writes it (a random UUID in hex).
MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
#: Namespace of the stable model ids (any fixed UUID would do).
WIDGET_NAMESPACE = uuid.UUID("5d1f3c2e-8b0a-4c61-9a57-0e6d2b8f4a13")


class NotebookNotFoundError(LookupError):
    """No notebook, or more than one, matches what was asked for."""


# --------------------------------------------------------------------------- finding notebooks


def project_root(start: Path | None = None) -> Path:
    """The clone this runs in: the nearest folder (from *start*, default the working folder,
    upwards) that holds ``_toc.yml`` and ``book/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "book").is_dir():
            return folder
    raise NotebookNotFoundError(f"{here} is not inside a clone of the book (no _toc.yml and "
                                "book/ above it): run this from the project's folder")


def notebooks(root: Path | None = None) -> list[Path]:
    """Every notebook of the book, in file-name order."""
    return sorted((root or project_root()).joinpath("book").glob("*.ipynb"))


def find(name: str, root: Path | None = None) -> Path:
    """The one notebook that *name* means: a path, a file stem (``herberekening``) or the start
    of one (``02`` → ``book/02_leerlingen.ipynb``). Raises :class:`NotebookNotFoundError`
    listing the candidates when none or several match."""
    root = root or project_root()
    given = Path(name)
    if given.suffix == ".ipynb" and (root / given).is_file():
        return (root / given).resolve()
    every = notebooks(root)
    stem = given.name.removesuffix(".ipynb")
    hits = [p for p in every if p.stem == stem] or [p for p in every if p.stem.startswith(stem)]
    if len(hits) == 1:
        return hits[0]
    names = ", ".join(p.stem for p in (hits or every))
    what = "several notebooks" if hits else "no notebook"
    raise NotebookNotFoundError(f"{name!r} matches {what} in {root / 'book'}; "
                                f"{'which one' if hits else 'choose one'}: {names}")


# --------------------------------------------------------------------------- running


@contextmanager
def kernel_settings(text: str | None) -> Iterator[None]:
    """Kernels started inside this block see ``$LWTBOOK_SETTINGS`` = *text* (``None``: not set,
    i.e. the edition's settings), whatever the calling shell had; restored afterwards."""
    before = os.environ.get(_settings.ENV)
    if text:
        os.environ[_settings.ENV] = text
    else:
        os.environ.pop(_settings.ENV, None)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(_settings.ENV, None)
        else:
            os.environ[_settings.ENV] = before


def execute(paths: Sequence[Path], timeout: int = 600, settings: str | None = None) -> None:
    """Re-execute notebooks in place (kernel cwd = the notebook's folder), keeping the widget
    state (the explorers need it on the static site) under stable model ids
    (:func:`stable_widget_ids`) and dropping per-cell timing metadata, so that diffs stay quiet.
    The kernel runs under the edition's settings unless *settings* (``"alpha=0.01"``) says
    otherwise: a ``$LWTBOOK_SETTINGS`` left in the shell never reaches the committed outputs."""
    import nbformat
    from nbclient import NotebookClient

    if os.environ.get(_settings.ENV, "").strip() and settings is None:
        print(f"note: ${_settings.ENV} is ignored here; in-place runs use the edition's settings "
              "(use `make vary` for other ones)", file=sys.stderr)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                                resources={"metadata": {"path": str(Path(path).parent)}},
                                store_widget_state=True)
        with kernel_settings(settings):
            client.execute()
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nb = nbformat.from_dict(stable_widget_ids(nb, Path(path).name))
        nbformat.write(nb, path)
        print(f"executed {path}")


def stable_widget_ids(nb: dict, name: str) -> dict:
    """*nb* with its widget models renamed to ids that depend only on *name* and the models'
    place in the notebook.

    ipywidgets gives every model a random id, so each re-execution rewrote hundreds of lines of
    widget state although no reader sees a difference. Models are numbered in a fixed order:
    each explorer output in cell order, then the models it refers to (``IPY_MODEL_<id>``) depth
    first, in the order they appear in its state; models no output reaches come last, ordered by
    their state. The new id is a UUID5 of *name* and that number.
    """
    state = (nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state"))
    if not state:
        return nb
    order: list[str] = []

    def visit(model: str) -> None:
        if model in state and model not in order:
            order.append(model)
            for ref in re.findall(r"IPY_MODEL_([0-9a-f]{32})",
                                  json.dumps(state[model], sort_keys=True)):
                visit(ref)

    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                visit(view.get("model_id", ""))
    unreached = sorted((m for m in state if m not in order),
                       key=lambda m: MODEL_ID.sub("", json.dumps(state[m], sort_keys=True)))
    for model in unreached:
        visit(model)
    new = {old: uuid.uuid5(WIDGET_NAMESPACE, f"{name}:{i}").hex for i, old in enumerate(order)}
    text = MODEL_ID.sub(lambda m: new.get(m.group(0), m.group(0)), json.dumps(nb))
    return json.loads(text)


def nbval(paths: Sequence[Path], root: Path | None = None) -> int:
    """Strict nbval of *paths* (as ``make test`` runs it); returns pytest's exit status."""
    root = root or project_root()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *NBVAL_ARGS,
               *(str(Path(p).resolve().relative_to(root)) for p in paths)]
    with kernel_settings(None):
        return subprocess.call(command, cwd=root)


def chapter(name: str, root: Path | None = None) -> int:
    """``make chapter``: re-execute one notebook in place, then check it with strict nbval."""
    root = root or project_root()
    path = find(name, root)
    execute([path])
    return nbval([path], root)


# --------------------------------------------------------------------------- variants


def parameters_cell(nb: dict) -> int | None:
    """The index of the cell tagged ``parameters`` (papermill's), or None."""
    for index, cell in enumerate(nb["cells"]):
        if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return index
    return None


def variant_settings(text: str) -> _settings.Settings:
    """The settings a variant runs under: the edition's, changed by *text* (checked here, so a
    typo fails before a kernel starts)."""
    return replace(_settings.defaults(), **_settings.parse(text))


def variant_paths(path: Path, text: str, out_dir: Path) -> tuple[Path, Path]:
    """``(<out_dir>/<stem>-<label>.ipynb, … .html)``; the label names only what differs from
    the edition's settings (``alpha=0.01``), ``defaults`` when nothing does."""
    label = variant_settings(text).label() or "defaults"
    base = f"{path.stem}-{label}"
    return out_dir / f"{base}.ipynb", out_dir / f"{base}.html"


def vary(name: str, text: str, root: Path | None = None,
         out_dir: Path | None = None, timeout: int = 600) -> tuple[Path, Path]:
    """``make vary``: run notebook *name* under the settings *text* with papermill into
    *out_dir* (default ``_build/variants``), write its HTML beside it, return both paths.

    The committed notebook is only read. Its ``parameters`` cell receives ``settings = text``
    and the next cell's ``bk.configure(settings)`` puts them in force for the whole run.
    """
    import nbformat
    import papermill

    root = root or project_root()
    path = find(name, root)
    chosen = variant_settings(text)
    if parameters_cell(nbformat.read(path, as_version=4)) is None:
        raise ValueError(f"{path.relative_to(root)} has no cell tagged {PARAMETERS_TAG!r} "
                         "(settings = \"\" followed by bk.configure(settings)), so it cannot be "
                         "run under other settings yet")
    out_dir = out_dir or root / VARIANTS
    out_dir.mkdir(parents=True, exist_ok=True)
    notebook, page = variant_paths(path, text, out_dir)
    with kernel_settings(None):  # the parameter alone decides: variant = edition + text
        papermill.execute_notebook(str(path), str(notebook), parameters={"settings": text},
                                   cwd=str(path.parent), kernel_name=KERNEL,
                                   progress_bar=False, request_save_on_cell_execute=False,
                                   execution_timeout=timeout)
    changes = ", ".join(f"{k} = {v}" for k, v in chosen.changed().items()) or "geen"
    to_html(notebook, page, title=f"{path.stem} – variant ({changes})",
            banner=f"Variant van {path.name}, uitgevoerd met andere instellingen: {changes}. "
                   "Dit is niet de gepubliceerde versie.")
    return notebook, page


#: Styles of the variant pages: readable, no fonts or scripts from anywhere.
_PAGE_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
.lwt-variant{background:#fff3cd;border:1px solid #b58900;padding:.5rem 1rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.2rem .4rem}
caption{font-weight:bold;text-align:left}img{max-width:100%}.jp-InputArea{display:none}
"""


def to_html(notebook: Path, page: Path, *, title: str, banner: str) -> Path:
    """A light HTML page of an executed notebook: its Markdown with the glued values filled
    in (see :func:`lwtbook.outputs.fill_markdown`) and its outputs, cells tagged
    ``remove-cell`` left out and no code shown – the page as the site would show it, but
    offline, with no scripts and without Sphinx."""
    import html

    import nbformat
    from nbconvert import HTMLExporter

    from lwtbook.outputs import explorer_html, fill_markdown

    nb = nbformat.read(notebook, as_version=4)
    nb.cells = [c for c in nb.cells
                if "remove-cell" not in c.get("metadata", {}).get("tags", [])]
    fill_markdown(nb)
    for cell in nb.cells:  # glued values are in the Markdown now, not shown on their own
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if "scrapbook" not in o.get("metadata", {})]
            for output in cell.outputs:  # an explorer: all its variants, without a kernel
                view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
                shown = view and explorer_html(nb, view.get("model_id", ""))
                if shown:
                    output.data = {"text/html": shown}
    nb.metadata.pop("widgets", None)  # drawn above; the page runs no widget scripts
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    page.write_text(
        f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_PAGE_CSS}</style></head><body>"
        f'<p class="lwt-variant" role="note">{html.escape(banner)}</p>\n{body}\n</body></html>\n',
        encoding="utf-8")
    return page


# --------------------------------------------------------------------------- JupyterLab, git


def lab_command(root: Path | None = None, args: Sequence[str] = ()) -> tuple[list[str], dict]:
    """The command and environment of ``make lab``: JupyterLab from this Python's environment on
    ``book/``, listening on 127.0.0.1 only. This environment's Jupyter folders come first, so
    the notebooks' ``python3`` kernel is this environment's Python (with lwtbook) and not one
    that a user's own Jupyter set-up may define."""
    root = root or project_root()
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")
    env.pop(_settings.ENV, None)
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root / 'book'}",
               "--ServerApp.ip=127.0.0.1"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root
        command.append("--ServerApp.allow_root=True")
    return [*command, *args], env


def lab(args: Sequence[str] = (), root: Path | None = None) -> int:
    """``make lab``: start JupyterLab (stop it with Ctrl-C, or File → Shut Down)."""
    command, env = lab_command(root, args)
    os.execve(command[0], command, env)  # JupyterLab takes over this process (and Ctrl-C)
    return 0  # pragma: no cover - execve does not return


def git_diff_driver(root: Path | None = None) -> list[tuple[str, str]]:
    """``make nbdime``: let ``git diff`` show notebooks through nbdime, in this repository only.

    What ``nbdime config-git --enable`` does without ``--global``, but the attribute goes to
    ``.git/info/attributes`` (not a new ``.gitattributes`` in the tree) and the driver is this
    clone's ``.venv/bin/git-nbdiffdriver``, so it works without activating the environment
    (git runs drivers from the top of the work tree). Returns the settings written.
    """
    root = root or project_root()
    driver = Path(sys.executable).parent / "git-nbdiffdriver"
    if not driver.is_file():
        raise FileNotFoundError(f"{driver} not found: install the lab extra (make venv)")
    command = f"'{driver}' diff"
    written = [("diff.jupyternotebook.command", command)]
    for key, value in written:
        subprocess.run(["git", "config", "--local", key, value], cwd=root, check=True)
    attributes = Path(subprocess.run(["git", "rev-parse", "--git-path", "info/attributes"],
                                     cwd=root, check=True, capture_output=True,
                                     text=True).stdout.strip())
    attributes = attributes if attributes.is_absolute() else root / attributes
    line = "*.ipynb diff=jupyternotebook"
    old = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line not in old.splitlines():
        attributes.parent.mkdir(parents=True, exist_ok=True)
        attributes.write_text(old + ("" if not old or old.endswith("\n") else "\n") + line + "\n",
                              encoding="utf-8")
    written.append((str(attributes), line))
    return written


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module's docstring)."""
    import argparse

    args = list(sys.argv[1:] if argv is None else argv)
    commands = ("execute", "chapter", "vary", "diff-outputs", "lab", "git-diff-driver")
    if args and args[0] not in commands and not args[0].startswith("-"):
        args.insert(0, "execute")  # `python -m lwtbook.notebooks book/*.ipynb`
    if args[:1] == ["lab"]:  # everything after `lab` goes to JupyterLab untouched
        return lab(args[1:])
    parser = argparse.ArgumentParser(prog="python -m lwtbook.notebooks",
                                     description="Run, vary and compare the book's notebooks.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("execute", help="re-execute notebooks in place")
    p.add_argument("paths", nargs="+", type=Path)
    p = sub.add_parser("chapter", help="re-execute one notebook in place and run its nbval")
    p.add_argument("name")
    p = sub.add_parser("vary", help="run one notebook under other settings into _build/variants")
    p.add_argument("name")
    p.add_argument("settings", help='e.g. "alpha=0.01; adjust=bonferroni"')
    p = sub.add_parser("diff-outputs", help="what the notebooks show that differs from git")
    p.add_argument("names", nargs="*")
    p.add_argument("--rev", default="HEAD")
    sub.add_parser("lab", help="JupyterLab on book/ (arguments go to JupyterLab)")
    sub.add_parser("git-diff-driver", help="nbdime's diff driver for this repository's git")
    ns = parser.parse_args(args)

    try:
        if ns.command == "execute":
            execute(ns.paths)
            return 0
        if ns.command == "chapter":
            return chapter(ns.name)
        if ns.command == "vary":
            return _vary_cli(ns.name, ns.settings)
        if ns.command == "diff-outputs":
            from lwtbook.outputs import diff_against_git

            root = project_root()
            paths = [find(n, root) for n in ns.names] or notebooks(root)
            print(diff_against_git(paths, ns.rev, root) or "no notebook output differs from "
                  f"{ns.rev}")
            return 0
        for key, value in git_diff_driver():
            print(f"{key}: {value}")
        return 0
    except (NotebookNotFoundError, ValueError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _vary_cli(name: str, text: str) -> int:
    """``vary`` on the command line: run it, then say where it went and what changed."""
    import nbformat

    from lwtbook.outputs import diff_notebooks

    root = project_root()
    notebook, page = vary(name, text, root)
    committed = find(name, root)
    print(f"variant: {notebook.relative_to(root)}\npage:    {page.relative_to(root)}")
    print(diff_notebooks(nbformat.read(committed, as_version=4),
                         nbformat.read(notebook, as_version=4),
                         f"{committed.relative_to(root)} → {notebook.name}")
          or "nothing the notebook shows changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
