"""The wheel carries the data: built from the repository's files, installed into a folder of its
own and imported from somewhere else, lwtbook loads every table and its catalogue – with no
clone and no LWTBOOK_DATA in sight. And where no data can be found, the error says where it
looked and how to point it at a copy."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import lwtbook
from lwtbook import _package
from lwtbook._package import DataNotFoundError, table_resources

from .conftest import DATA, ROOT

#: What a build reads: the project's metadata, its readme and licence, the package and data/.
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "lwtbook", "data")

#: Run inside the installed wheel: where lwtbook and its data are, and a digest of every table.
PROBE = """
import hashlib, json, lwtbook
from lwtbook._package import data_dir, table_resources
tables = {}
for table_id in table_resources():
    df = lwtbook.load(table_id)
    tables[table_id] = [hashlib.sha256(df.to_csv().encode()).hexdigest(), df.attrs["title"]]
cat = lwtbook.catalog()
print(json.dumps({"module": lwtbook.__file__, "data": str(data_dir()), "tables": tables,
                  "catalog": cat["kind"].value_counts().to_dict()}))
"""


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    output = result.stdout[-2000:] + result.stderr[-2000:]
    assert result.returncode == 0, f"{' '.join(args)}\n{output}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built with pip from a copy of the build inputs (the clone stays untouched)."""
    work = tmp_path_factory.mktemp("wheel")
    (work / "src").mkdir()
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / "src" / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, work / "src" / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"),
          str(work / "src")])
    (built,) = (work / "dist").glob("lwtbook-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path) -> Path:
    """The wheel installed (without dependencies: the running environment has them) into a
    target folder beside it."""
    target = wheel.parent.parent / "site"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
          str(wheel)])
    return target


def _python_in(site: Path, code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("LWTBOOK_DATA", "PYTHONPATH")}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          env={**environ, "PYTHONPATH": str(site), **env})


@pytest.mark.package
def test_wheel_holds_every_file_of_data(wheel):
    with zipfile.ZipFile(wheel) as archive:
        packed = {name.removeprefix("lwtbook/_data/") for name in archive.namelist()
                  if name.startswith("lwtbook/_data/")}
    on_disk = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()}
    assert packed == on_disk


@pytest.mark.package
def test_installed_wheel_loads_all_58_tables_from_another_folder(installed, tmp_path):
    result = _python_in(installed, PROBE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    probe = json.loads(result.stdout)
    assert Path(probe["module"]).is_relative_to(installed), "imported the clone, not the wheel"
    assert Path(probe["data"]) == installed / "lwtbook" / "_data"
    assert probe["catalog"] == {"table": 58, "chart": 6}
    assert len(probe["tables"]) == 58
    for table_id in table_resources():  # the same tables as the clone reads, to the byte
        df = lwtbook.load(table_id)
        digest = hashlib.sha256(df.to_csv().encode()).hexdigest()
        assert probe["tables"][table_id] == [digest, df.attrs["title"]], table_id


@pytest.mark.package
def test_lwtbook_data_overrides_the_installed_copy(installed, tmp_path, data_copy):
    table = data_copy / "tables" / "t2_6.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",83,", ",84,", 1),
                     encoding="utf-8")
    code = "import lwtbook; print(84 in set(lwtbook.load('t2_6')['value']))"
    result = _python_in(installed, code, cwd=tmp_path, LWTBOOK_DATA=str(data_copy))
    assert result.stdout.strip() == "True", result.stderr[-2000:]


@pytest.mark.unit
def test_no_data_anywhere_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv("LWTBOOK_DATA", raising=False)
    monkeypatch.setattr(_package, "INSTALLED", tmp_path / "wheel" / "_data")
    monkeypatch.setattr(_package, "CLONE", tmp_path / "clone" / "data")
    with pytest.raises(DataNotFoundError) as info:
        lwtbook.load("t2_5")
    message = str(info.value)
    assert "LWTBOOK_DATA" in message
    assert str(tmp_path / "wheel" / "_data") in message
    assert str(tmp_path / "clone" / "data") in message
    assert isinstance(info.value, FileNotFoundError)  # what callers caught before


@pytest.mark.unit
def test_lwtbook_data_without_a_package_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("LWTBOOK_DATA", str(tmp_path))
    with pytest.raises(DataNotFoundError, match=r"LWTBOOK_DATA=.*no datapackage\.json"):
        lwtbook.catalog()


@pytest.mark.unit
def test_a_clone_reads_its_own_data_folder(monkeypatch):
    """In the repository (clone or editable install) data/ is read in place: nothing copied."""
    monkeypatch.delenv("LWTBOOK_DATA", raising=False)
    assert not _package.INSTALLED.exists()
    assert _package.data_dir() == DATA
