"""Nothing outside the data package is read: the one resolver and every reader that uses it.

``lwtbook._package.resource_file`` (also ``lwtbook.data.resource_file``) turns a resource's
``path`` into a file only when it is relative, inside the package folder, without ``..``,
symbolic links out or URLs – unless ``trusted=True``. A path that breaks the rule is a
``DataError`` located at that path in ``datapackage.json``, raised before anything is opened.

The second half is the contract for the other readers of the package (the claims audit and
the re-analysis): each must find its file through ``resource_file``, so that it reads the file
the descriptor names and refuses a path that leaves the package. Readers not yet converted are
listed in PENDING; a pending test is a strict xfail, so it turns red – remove the name from
PENDING – the moment its reader complies.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import lwtbook
from lwtbook import DataError
from lwtbook._package import resource_file, table_resources

from .reads import opened, outside

pytestmark = pytest.mark.data

#: The resources that other modules read, by the reader each is read with. The reader is
#: called with no arguments while LWTBOOK_DATA points at a damaged copy of the data.
READERS: dict[str, str] = {
    "claims": "lwtbook.claims:read_claims",
    "reanalysis_spec": "lwtbook.reanalysis:load_spec",
    "reanalysis": "lwtbook.reanalysis.results:committed",
    "anomalies": "lwtbook:validate",
}
#: Every reader of a resource: READERS and the other modules that read one of them (a reader
#: written "module:function arg" is called with that one argument).
ALL_READERS: list[tuple[str, str]] = [*READERS.items(),
                                      ("anomalies", "lwtbook.register:declared"),
                                      ("anomalies", "lwtbook.methods:package_counts"),
                                      ("charts", "lwtbook.data:chart g2_1"),
                                      ("chart_labels", "lwtbook.data:chart g2_1")]
#: Readers that do not go through resource_file yet (none: every reader does). A name listed
#: here makes its tests strict xfails, which turn red as soon as the reader complies.
PENDING: set[str] = set()
#: What only the file outside the package holds.
SECRET = "geheim-root:x:0:0"


def set_path(folder: Path, name: str, path: str) -> int:
    """Point resource *name* at *path* (editing the line, as a person would); return the line
    of its ``"path"`` in the descriptor."""
    desc_file = folder / "datapackage.json"
    lines = desc_file.read_text(encoding="utf-8").splitlines()
    start = lines.index(f'      "name": "{name}",')
    at = next(i for i in range(start, len(lines)) if lines[i].startswith('      "path": '))
    lines[at] = f'      "path": {json.dumps(path, ensure_ascii=False)},'
    desc_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def secret_copy(data: Path, name: str, target: Path) -> Path:
    """A valid-looking copy of resource *name*'s file at *target*, with a secret in it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    text = resource_file(name, data).read_text(encoding="utf-8")
    header, _, rest = text.partition("\n")
    target.write_text(f"{header}\n{rest}{SECRET}\n", encoding="utf-8")
    return target


def refused_at_path(error: DataError, line: int) -> None:
    """The error is located at the resource's ``path`` in datapackage.json and shows nothing of
    the file outside."""
    assert [(Path(p.file).name, p.row, p.column) for p in error.problems][:1] == [
        ("datapackage.json", line, "path")], str(error)
    assert SECRET not in str(error)


# --- the resolver ------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(READERS))
def test_resource_file_finds_the_file_the_descriptor_names(data_copy, name):
    desc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    rel = next(r["path"] for r in desc["resources"] if r["name"] == name)
    assert resource_file(name, data_copy) == data_copy / rel
    assert lwtbook.data.resource_file is resource_file


OUT_OF_THE_PACKAGE = {
    "dot-dot": ("../outside/x.csv", "contains '..'"),
    "dot-dot inside": ("tables/../../outside/x.csv", "contains '..'"),
    "absolute": ("{outside}/x.csv", "is absolute"),
    "url": ("https://example.org/x.csv", "is a URL"),
    "file url": ("file://{outside}/x.csv", "is a URL"),
    "backslash": ("..\\outside\\x.csv", "backslash"),
    "drive": ("C:/outside/x.csv", "is absolute"),
    "nul": ("x.csv\x00", "NUL"),
    "empty": ("", "non-empty string"),
    "symlinked file": ("link.csv", "symbolic link"),
    "symlinked folder": ("linked/x.csv", "symbolic link"),
}


# every kind of path for one table; two kinds for each resource that other modules read
REFUSALS = [("t2_5", case) for case in OUT_OF_THE_PACKAGE] + [
    (name, case) for name in READERS for case in ("dot-dot", "symlinked folder")]


@pytest.mark.parametrize(("name", "case"), REFUSALS)
def test_a_path_out_of_the_package_is_refused_before_anything_is_read(data_copy, name, case):
    out = data_copy.parent / "outside"
    secret_copy(data_copy, name, out / "x.csv")
    (data_copy / "link.csv").symlink_to(out / "x.csv")
    (data_copy / "linked").symlink_to(out, target_is_directory=True)
    path, why = OUT_OF_THE_PACKAGE[case]
    line = set_path(data_copy, name, path.format(outside=out))
    with opened() as files, pytest.raises(DataError) as info:
        resource_file(name, data_copy)
    refused_at_path(info.value, line)
    assert why in info.value.problems[0].message
    assert not outside(files, data_copy)


def test_validation_reports_every_path_out_of_the_package_at_its_line(data_copy):
    """One kind of bad path for each of eleven tables at once: each reported where it stands,
    with its reason, and nothing outside opened or shown."""
    out = data_copy.parent / "outside"
    secret_copy(data_copy, "t2_5", out / "x.csv")
    (data_copy / "link.csv").symlink_to(out / "x.csv")
    (data_copy / "linked").symlink_to(out, target_is_directory=True)
    tables = list(table_resources(data_copy))
    expected = {}
    for table, (path, why) in zip(tables, OUT_OF_THE_PACKAGE.values(), strict=False):
        expected[set_path(data_copy, table, path.format(outside=out))] = why
    with opened() as files:
        problems = lwtbook.find_problems(data_copy)
    reported = {p.row: p.message for p in problems if p.column == "path"}
    for line, why in expected.items():
        assert why in reported.get(line, ""), (line, why, reported)
    assert SECRET not in "\n".join(map(str, problems))
    assert not outside(files, data_copy)


def test_a_table_path_out_of_the_package_is_refused_by_every_loader(data_copy):
    secret_copy(data_copy, "t2_5", data_copy.parent / "outside" / "t2_5.csv")
    line = set_path(data_copy, "t2_5", "../outside/t2_5.csv")
    for call in (lambda: lwtbook.load("t2_5", folder=data_copy),
                 lambda: lwtbook.as_printed("t2_5", folder=data_copy),
                 lambda: lwtbook.catalog(folder=data_copy),
                 lambda: lwtbook.cells.table("t2_5", folder=data_copy)):
        with opened() as files, pytest.raises(DataError) as info:
            call()
        refused_at_path(info.value, line)
        assert not outside(files, data_copy)


def test_the_issue_example_etc_passwd_is_neither_read_nor_shown(data_copy):
    line = set_path(data_copy, "t2_5", "../../../../../../../../etc/passwd")
    with opened() as files:
        problems = lwtbook.find_problems(data_copy)
        with pytest.raises(DataError) as info:
            lwtbook.load("t2_5", folder=data_copy)
    assert not outside(files, data_copy)
    shown = "\n".join(map(str, problems)) + str(info.value)
    assert "root:" not in shown
    refused_at_path(info.value, line)


def test_paths_that_stay_inside_are_read(data_copy):
    (data_copy / "tables" / "alias.csv").symlink_to(data_copy / "tables" / "t2_5.csv")
    for path in ("tables//t2_5.csv", "./tables/t2_5.csv", "tables/alias.csv"):
        set_path(data_copy, "t2_5", path)
        assert lwtbook.load("t2_5", folder=data_copy).equals(lwtbook.load("t2_5"))


def test_trusted_follows_paths_out_of_the_package_but_never_urls(data_copy):
    out = data_copy.parent / "outside"
    (out / "t2_5.csv").parent.mkdir()
    (out / "t2_5.csv").write_bytes((data_copy / "tables" / "t2_5.csv").read_bytes())
    for path in ("../outside/t2_5.csv", str(out / "t2_5.csv")):
        set_path(data_copy, "t2_5", path)
        assert resource_file("t2_5", data_copy, trusted=True).resolve() == out / "t2_5.csv"
        assert lwtbook.load("t2_5", folder=data_copy, trusted=True).equals(lwtbook.load("t2_5"))
        with pytest.raises(DataError):
            lwtbook.load("t2_5", folder=data_copy)
    line = set_path(data_copy, "t2_5", "https://example.org/t2_5.csv")
    with pytest.raises(DataError) as info:
        resource_file("t2_5", data_copy, trusted=True)
    refused_at_path(info.value, line)


def test_a_missing_file_names_the_table_the_path_tried_and_lwtbook_data(data_copy,
                                                                         monkeypatch):
    monkeypatch.setenv("LWTBOOK_DATA", str(data_copy))
    (data_copy / "tables" / "t2_5.csv").unlink()
    with pytest.raises(DataError) as info:
        lwtbook.load("t2_5")
    message = info.value.problems[0].message
    assert "'t2_5'" in message
    assert str(data_copy / "tables" / "t2_5.csv") in message
    assert f"LWTBOOK_DATA={data_copy}" in message


def test_an_unknown_resource_is_a_located_error(data_copy):
    with pytest.raises(DataError) as info:
        resource_file("no_such_resource", data_copy)
    (p,) = info.value.problems
    assert (Path(p.file).name, p.column) == ("datapackage.json", "resources")
    assert p.row is not None and "no_such_resource" in p.message


# --- the contract for the other readers ----------------------------------------------------

def reader(spec: str) -> Callable[[], Any]:
    target, _, arg = spec.partition(" ")
    module, _, function = target.partition(":")
    call = getattr(importlib.import_module(module), function)
    return (lambda: call(arg)) if arg else call


def pending(name: str, spec: str) -> Any:
    if name not in PENDING:
        return pytest.param(name, spec, id=f"{name}-{spec}")
    return pytest.param(name, spec, id=f"{name}-{spec}", marks=pytest.mark.xfail(
        strict=True, reason=f"{spec} does not read through "
                            "lwtbook._package.resource_file yet (remove it from PENDING)"))


@pytest.mark.parametrize(("name", "spec"), [pending(n, r) for n, r in ALL_READERS])
def test_reader_refuses_a_path_out_of_the_package(data_copy, monkeypatch, name, spec):
    secret_copy(data_copy, name, data_copy.parent / "outside" / "x.csv")
    line = set_path(data_copy, name, "../outside/x.csv")
    monkeypatch.setenv("LWTBOOK_DATA", str(data_copy))
    with opened() as files, pytest.raises(DataError) as info:
        reader(spec)()
    assert any(p.row == line and p.column == "path" for p in info.value.problems), info.value
    assert SECRET not in str(info.value)
    assert not outside(files, data_copy)


@pytest.mark.parametrize(("name", "spec"), [pending(n, r) for n, r in ALL_READERS])
def test_reader_reads_the_file_the_descriptor_names(data_copy, monkeypatch, name, spec):
    old = resource_file(name, data_copy)
    moved = data_copy / "moved" / old.name
    moved.parent.mkdir()
    os.replace(old, moved)
    set_path(data_copy, name, f"moved/{old.name}")
    monkeypatch.setenv("LWTBOOK_DATA", str(data_copy))
    with opened() as files:
        try:
            reader(spec)()
        except DataError:  # validate: a moved file may break nothing else
            pytest.fail(f"{spec} refused a package whose {name} file was moved")
    assert str(moved) in files


def test_read_rows_reads_any_resource_checked_against_its_schema(data_copy):
    from lwtbook.data import read_rows

    rows = read_rows("claims", folder=data_copy)
    assert rows and set(rows[0]) >= {"claim_id", "line", "value"}
    path = resource_file("claims", data_copy)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", ",,", 1)  # one cell too many
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_rows("claims", folder=data_copy)
    assert [(Path(p.file).name, p.row) for p in info.value.problems] == [("claims.csv", 2)]
    with pytest.raises(DataError):
        read_rows("claims", folder=data_copy, kind="report-table")


def test_a_writer_may_name_a_file_that_is_not_there_yet_but_still_inside(data_copy):
    resource_file("reanalysis", data_copy).unlink()
    assert resource_file("reanalysis", data_copy, must_exist=False) == \
        data_copy / "derived" / "reanalysis.csv"
    with pytest.raises(DataError):
        resource_file("reanalysis", data_copy)
    set_path(data_copy, "reanalysis", "../reanalysis.csv")
    with pytest.raises(DataError):
        resource_file("reanalysis", data_copy, must_exist=False)
