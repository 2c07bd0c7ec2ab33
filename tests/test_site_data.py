"""The site's copy of the data package and its zip hold the package's own files only.

``_ext/lwtsite.py`` publishes ``data/`` with the site; a symbolic link inside it (to a file or
a folder anywhere on the machine) must not carry outside files into the download.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.unit


def lwtsite():
    spec = importlib.util.spec_from_file_location("lwtsite", ROOT / "_ext" / "lwtsite.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder whose data/ has two files, and links to a file and a folder outside."""
    data = tmp_path / "project" / "data"
    (data / "tables").mkdir(parents=True)
    (data / "datapackage.json").write_text("{}\n", encoding="utf-8")
    (data / "tables" / "t1.csv").write_text("a,value,n\nx,1,\n", encoding="utf-8")
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "passwd.csv").write_text("root:x:0:0\n", encoding="utf-8")
    (data / "tables" / "link.csv").symlink_to(secret / "passwd.csv")
    (data / "linked").symlink_to(secret, target_is_directory=True)
    return data.parent


def test_only_the_package_files_are_published(project):
    files, refused = lwtsite()._package_files(project / "data")
    data = project / "data"
    assert files == [data / "datapackage.json", data / "tables" / "t1.csv"]
    assert refused == [data / "linked", data / "tables" / "link.csv"]


def test_the_zip_and_the_copy_leave_links_out(project, tmp_path):
    out = tmp_path / "site"
    app = SimpleNamespace(confdir=str(project), outdir=str(out),
                          builder=SimpleNamespace(format="html"))
    lwtsite()._publish_data(app, None)
    with zipfile.ZipFile(out / "data" / "boeiend-en-bindend-data.zip") as archive:
        names = sorted(archive.namelist())
        content = b"".join(archive.read(n) for n in names)
    assert names == ["boeiend-en-bindend/datapackage.json", "boeiend-en-bindend/tables/t1.csv"]
    assert b"root:" not in content
    copied = sorted(p.relative_to(out / "data").as_posix() for p in (out / "data").rglob("*")
                    if p.is_file())
    assert copied == ["boeiend-en-bindend-data.zip", "datapackage.json", "tables/t1.csv"]
