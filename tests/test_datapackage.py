"""datapackage.json: complete provenance, and valid for the frictionless tool."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

pytestmark = pytest.mark.data

DESC = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r for r in DESC["resources"] if r.get("kind") == "report-table"]


def test_package_metadata():
    assert DESC["$schema"].endswith("/2.0/datapackage.json")
    assert DESC["name"] and DESC["title"] and DESC["description"]
    assert DESC["licenses"] and all(lic.get("name") or lic.get("path")
                                    for lic in DESC["licenses"])
    source = DESC["sources"][0]["title"]
    for needle in ("Boeiend en bindend", "ITS", "OCW", "2005", "Vrieze"):
        assert needle in source
    roles = {r for c in DESC["contributors"] for r in c["roles"]}
    assert {"creator", "dataCurator"} <= roles


@pytest.mark.parametrize("res", TABLES, ids=lambda r: r["name"])
def test_table_provenance_matches_the_catalogue(res, report_source):
    row = re.search(rf"^\| {res['name']} \| (.+?) \| (.+?) \| (\d+)(?:–(\d+))? \|$",
                    report_source.catalogue, flags=re.M)
    assert row, res["name"]
    lo, hi = int(row.group(3)), int(row.group(4) or row.group(3))
    assert res["source_lines"] == [lo, hi]
    assert row.group(2).startswith(res["section"]) or res["section"] in row.group(2)
    printed = row.group(1)
    if res["name"] in ("bijlage1", "bijlage1_t1"):  # the catalogue adds a remark in brackets
        printed = re.sub(r"\s*\([^()]*\)$", "", printed)
    assert res["title"] == printed
    assert res["schema"]["primaryKey"] == [f["name"] for f in res["schema"]["fields"]][:-2]
    assert [f["name"] for f in res["schema"]["fields"]][-2:] == ["value", "n"]


def test_percentage_tables_are_bounded_0_to_100():
    for res in TABLES:
        if res["unit"] == "%":
            value = next(f for f in res["schema"]["fields"] if f["name"] == "value")
            assert value["constraints"] == {"required": True, "minimum": 0, "maximum": 100}


def test_frictionless_validates_the_package(tmp_path):
    exe = Path(sys.executable).with_name("frictionless")
    assert exe.exists(), "the frictionless CLI is part of the test environment"
    out = subprocess.run([str(exe), "validate", "--json", str(DATA / "datapackage.json")],
                         capture_output=True, text=True)
    report = json.loads(out.stdout)
    errors = [e for task in report["tasks"] for e in task["errors"]] + report["errors"]
    assert report["valid"], json.dumps(errors[:10], indent=1)
