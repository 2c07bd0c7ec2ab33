"""Where the data package lives, how its descriptor is read, and where a resource's file is.

The data package (``datapackage.json`` and its CSVs) is found in the first of:

1. ``$LWTBOOK_DATA`` – a researcher's own copy, for example an unpacked download of the package;
2. ``lwtbook/_data`` – the copy of ``data/`` that the build puts into the wheel
   (``pyproject.toml`` maps the subpackage ``lwtbook._data`` to the repository's ``data/``);
3. ``data/`` beside the ``lwtbook`` folder – a clone or an editable install, where ``data/`` is
   the one source of truth and nothing is copied.

Nothing outside that folder is read. :func:`resource_file` is the one way from a resource's
``path`` to a file, used by validation, the loaders and every other reader of the package: the
path must be relative, use ``/``, stay inside the folder (no ``..``, no symbolic link that leads
out) and not be a URL – the rule of the Frictionless specification, which the ``frictionless``
library also enforces for packages it is not told to trust. ``trusted=True`` lifts the
inside-the-folder rule for a package whose author you trust (absolute paths, ``..`` and links
out are then followed); URLs are never fetched, as lwtbook reads local files only. A path that
breaks the rule is a :class:`~lwtbook.errors.DataError` located at its line in
``datapackage.json``; nothing of the file it names is read or shown.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from lwtbook.errors import DataError, Problem

DESCRIPTOR = "datapackage.json"
DATA_ENV = "LWTBOOK_DATA"
_HERE = Path(__file__).resolve().parent
#: Where an installed wheel and a clone keep the data, in the order they are tried.
INSTALLED = _HERE / "_data"
CLONE = _HERE.parent / "data"

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


class DataNotFoundError(DataError, FileNotFoundError):
    """No ``datapackage.json`` where the package looked; the message says where that was."""

    def __init__(self, message: str, descriptor: Path):
        super().__init__([Problem(str(descriptor), None, None, message)])
        self.message = message

    def __str__(self) -> str:
        return self.message


def data_dir() -> Path:
    """The folder that holds ``datapackage.json``: ``$LWTBOOK_DATA``, the wheel's copy or the
    clone's ``data/`` (see the module docstring); a clear error naming all three if none has it."""
    env = os.environ.get(DATA_ENV)
    if env:
        folder = Path(env)
        if (folder / DESCRIPTOR).is_file():
            return folder
        raise DataNotFoundError(
            f"{DATA_ENV}={env}: no {DESCRIPTOR} there; point {DATA_ENV} at the folder with it",
            folder / DESCRIPTOR)
    for folder in (INSTALLED, CLONE):
        if (folder / DESCRIPTOR).is_file():
            return folder
    raise DataNotFoundError(
        f"no data package found: {DATA_ENV} is not set, and neither {INSTALLED} (installed wheel) "
        f"nor {CLONE} (clone) holds {DESCRIPTOR}; set {DATA_ENV}=<folder with {DESCRIPTOR}>",
        CLONE / DESCRIPTOR)


def file_stamp(path: Path) -> tuple[int, int]:
    """What identifies a version of a file for the package's caches: modification time and
    size (used by every cache of a reading: descriptor, cells, claims, re-analysis)."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _read_descriptor(path: str, stamp: tuple[int, int]) -> dict[str, Any]:
    raw = Path(path).read_bytes()
    try:
        desc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"{DESCRIPTOR} is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save as UTF-8"
        raise DataError([Problem(path, line, None, message)]) from None
    except json.JSONDecodeError as exc:
        raise DataError([Problem(path, exc.lineno, None,
                                 f"{DESCRIPTOR} is not valid JSON: {exc.msg} at line "
                                 f"{exc.lineno}, column {exc.colno}")]) from None
    problems = _package_problems(desc, path)
    if problems:
        raise DataError(problems)
    return desc


def _package_problems(desc: Any, path: str) -> list[Problem]:
    """What every reader needs of the descriptor: an object whose ``resources`` is a list of
    objects, each with its own name."""
    if not isinstance(desc, dict):
        return [Problem(path, 1, None, f"{DESCRIPTOR} must be a JSON object, not "
                                       f"{type(desc).__name__}")]
    resources = desc.get("resources")
    if not isinstance(resources, list) or not resources:
        return [Problem(path, _line(path, "resources"), "resources",
                        f"{DESCRIPTOR} lists no resources")]
    problems = []
    seen: dict[str, int] = {}
    for i, res in enumerate(resources):
        if not isinstance(res, dict):
            problems.append(Problem(path, _line(path, "resources", i), "resources",
                                    f"resources[{i}] must be an object"))
            continue
        name = res.get("name")
        if not isinstance(name, str) or not name:
            problems.append(Problem(path, _line(path, "resources", i, "name"), "name",
                                    f"resources[{i}] needs a name (a non-empty string)"))
        elif name in seen:
            problems.append(Problem(path, _line(path, "resources", i, "name"), "name",
                                    f"resource name {name!r} is used twice (also resources"
                                    f"[{seen[name]}])"))
        else:
            seen[name] = i
    return problems


def descriptor(folder: Path | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of *folder* (cached until the file changes).

    :class:`DataError` (located) when it is not UTF-8 JSON or its resources are not a list of
    named objects. Do not modify the returned dict: it is shared.
    """
    path = (folder or data_dir()) / DESCRIPTOR
    return _read_descriptor(str(path), file_stamp(path))


def resources(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Resources of the package by name, in descriptor order."""
    return {res["name"]: res for res in descriptor(folder)["resources"]}


def table_resources(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Only the report's tables (resources under ``tables/``)."""
    return {
        name: res for name, res in resources(folder).items() if res.get("kind") == "report-table"
    }


# --- where in datapackage.json ------------------------------------------------------------

@lru_cache(maxsize=4)
def _key_lines(path: str, stamp: tuple[int, int]) -> dict[tuple, int]:
    """The line of every key and container in a JSON file, by its path of keys and indexes:
    ``("resources", 3, "path")`` -> 120. Valid JSON only (the error path reads it lazily)."""
    text = Path(path).read_text(encoding="utf-8")
    lines: dict[tuple, int] = {}
    stack: list[list[Any]] = []  # [bracket, current key or index, expecting a key]
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        token = match.group()
        if token in ("{", "["):
            lines.setdefault(tuple(s[1] for s in stack), line)
            stack.append(["{", None, True] if token == "{" else ["[", 0, False])
        elif token in ("}", "]"):
            if stack:
                stack.pop()
        elif token == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
            elif stack:
                stack[-1][2] = True
        elif token == ":":
            if stack:
                stack[-1][2] = False
        elif stack and stack[-1][0] == "{" and stack[-1][2]:
            stack[-1][1] = json.loads(token)
            lines.setdefault(tuple(s[1] for s in stack), line)
    return lines


def _line(path: str | Path, *keys: str | int) -> int | None:
    """Line of *keys* (a path of keys and indexes) in a JSON file, or of its nearest enclosing
    key or container when it is absent; None when the file is not valid JSON."""
    try:
        lines = _key_lines(str(path), file_stamp(Path(path)))
    except (OSError, ValueError):
        return None
    for end in range(len(keys), -1, -1):
        if keys[:end] in lines:
            return lines[keys[:end]]
    return None


def locate(folder: Path, resource: str | None, keys: tuple[str | int, ...],
           message: str) -> Problem:
    """A problem in ``datapackage.json`` at *keys* (a path of keys and indexes) inside the
    resource named *resource*, or at the top level when *resource* is None. Its column is the
    innermost key named; its row the line of the deepest part of *keys* that exists."""
    path = folder / DESCRIPTOR
    prefix: tuple[str | int, ...] = ()
    if resource is not None:
        index = next((i for i, r in enumerate(descriptor(folder)["resources"])
                      if isinstance(r, dict) and r.get("name") == resource), None)
        prefix = ("resources",) if index is None else ("resources", index)
    column = next((k for k in reversed(keys) if isinstance(k, str)), None)
    return Problem(str(path), _line(path, *prefix, *keys), column, message)


# --- from a resource's path to its file -------------------------------------------------------

def path_problem(rel: Any, folder: Path, *, trusted: bool = False) -> str | None:
    """Why *rel* may not be read as a resource path of the package in *folder* (None: it may).

    Only the path is examined (and, for symbolic links, where it leads); no file is opened.
    """
    if not isinstance(rel, str) or not rel.strip():
        return "must be a relative file path (a non-empty string)"
    if "\x00" in rel:
        return "contains a NUL character"
    if _URL.match(rel):
        return "is a URL; lwtbook reads files in the data package only"
    if "\\" in rel:
        return "contains a backslash; separate folders with '/'"
    if trusted:
        return None
    if rel.startswith("/") or PureWindowsPath(rel).drive:
        return f"is absolute; a resource path is relative to the folder of {DESCRIPTOR}"
    if ".." in PurePosixPath(rel).parts:
        return "contains '..'; a resource path may not leave the data package"
    try:
        inside = (folder / rel).resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of symbolic links
        return "cannot be resolved (a loop of symbolic links?)"
    if not inside:
        return "leads out of the data package through a symbolic link"
    return None


def _shown(rel: Any) -> str:
    text = repr(rel)
    return text if len(text) <= 80 else text[:77] + "..."


def _tried(file: Path) -> str:
    env = os.environ.get(DATA_ENV)
    return f"tried {file}; {DATA_ENV}={env}" if env else f"tried {file}; {DATA_ENV} is not set"


def resolve(folder: Path, res: dict[str, Any], *, trusted: bool = False,
            must_exist: bool = True) -> Path:
    """The file of resource *res* of the package in *folder*, checked as :func:`resource_file`
    describes."""
    name, rel = res.get("name"), res.get("path")
    what = "table" if res.get("kind") == "report-table" else "resource"
    why = path_problem(rel, folder, trusted=trusted)
    if why is not None:
        raise DataError([locate(folder, name, ("path",), f"{what} {name!r}: path "
                                                         f"{_shown(rel)} {why}")])
    file = folder / rel
    if (must_exist and not file.is_file()) or file.is_dir():
        state = "is a folder, not a file" if file.is_dir() else "does not exist"
        raise DataError([locate(folder, name, ("path",),
                                f"{what} {name!r}: {rel!r} {state} ({_tried(file)})")])
    return file


def resource_file(name: str, folder: Path | None = None, *, trusted: bool = False,
                  must_exist: bool = True) -> Path:
    """The file of resource *name* (``"claims"``, ``"reanalysis_spec"``, ``"t2_5"``, …) of the
    data package in *folder* (default: :func:`data_dir`).

    The one way from a resource to its file, for every reader of the package: the resource's
    ``path`` must be relative, stay inside the folder (no ``..``, no symbolic link out), not be
    a URL, and name an existing file. Anything else raises :class:`DataError` located at the
    resource's ``path`` in ``datapackage.json`` – before anything is opened. ``trusted=True``
    also follows paths that leave the folder (see the module docstring); ``must_exist=False``
    is for a writer that creates the file. To read the rows checked against the resource's
    schema as well, use :func:`lwtbook.data.read_rows`.
    """
    folder = Path(folder) if folder is not None else data_dir()
    res = resources(folder).get(name)
    if res is None:
        raise DataError([locate(folder, None, ("resources",),
                                f"no resource named {name!r} in {DESCRIPTOR}")])
    return resolve(folder, res, trusted=trusted, must_exist=must_exist)


__all__ = ["DATA_ENV", "DESCRIPTOR", "DataNotFoundError", "data_dir", "descriptor",
           "locate", "path_problem", "resolve", "resource_file", "resources", "table_resources"]
