"""The audit page ("Controle van de cijfers"): every claim has its anchor, every link has a
target, every count comes from the data, and the notebook stays thin."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from lwtbook import claims as C
from lwtbook import register
from lwtbook.claims import present as cp

from .conftest import DATA, ROOT

pytestmark = pytest.mark.unit

BOOK = ROOT / "book"
NOTEBOOK = json.loads((BOOK / "controle.ipynb").read_text(encoding="utf-8"))
HTML = "".join("".join(o.get("data", {}).get("text/html", ""))
               for c in NOTEBOOK["cells"] if c["cell_type"] == "code"
               for o in c.get("outputs", []))
ROWS = C.read_claims(DATA / "claims.csv")


def labels_of(page: str) -> set[str]:
    """MyST labels ``(name)=`` in a chapter notebook."""
    nb = json.loads((BOOK / page.replace(".html", ".ipynb")).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return set(re.findall(r"^\(([\w-]+)\)=", text, re.M))


def test_every_claim_has_exactly_one_anchor_on_the_page():
    ids = re.findall(r'\sid="(uitspraak-[a-z0-9]+)"', HTML)
    assert Counter(ids) == Counter(C.anchor(r["claim_id"]) for r in ROWS)


def test_ids_on_the_page_are_unique():
    ids = re.findall(r'\sid="([^"]+)"', HTML)
    assert len(ids) == len(set(ids))


def test_links_point_at_labels_that_exist():
    targets = re.findall(r'href="([0-9a-z_]+\.html)#([\w-]+)"', HTML)
    assert targets
    found: dict[str, set[str]] = {}
    for page, anchor in set(targets):
        if page == "herberekening.html":
            continue  # the re-analysis's own page (its anchor: see present.REANALYSIS)
        if page not in found:
            found[page] = labels_of(page)
        assert anchor in found[page], (page, anchor)
    own = set(re.findall(r'\sid="([^"]+)"', HTML))
    for anchor in re.findall(r'href="#([\w-]+)"', HTML):
        assert anchor in own, anchor


def test_the_counts_come_from_the_data():
    counts = cp.counts()
    verdicts = Counter(r["verdict"] for r in ROWS)
    assert counts["cc_n"] == f"{len(ROWS)}"
    for code in C.VERDICTS:
        assert counts[f"cc_n_{code}"] == f"{verdicts[code]}"
    kinds = Counter(r["kind"] for r in ROWS)
    assert counts["cc_n_vgl"] == f"{kinds['comparison']}"
    assert counts["cc_n_register"] == f"{len(register.declared(DATA / 'anomalies.csv'))}"


def test_every_glued_name_the_text_uses_is_glued():
    used, glued = set(), set()
    for cell in NOTEBOOK["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            used |= set(re.findall(r"\{glue:text\}`([^`]+)`", text))
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                glued.add(name)
    assert used and used <= glued, used - glued


def test_the_notebook_is_thin():
    code = [("".join(c["source"])) for c in NOTEBOOK["cells"] if c["cell_type"] == "code"]
    assert sum(len(c.splitlines()) for c in code) <= 60
    for source in code:
        assert not re.search(r"^\s*(def|class) ", source, re.M)
        assert "lwtbook._" not in source and "import pandas" not in source
    markdown = "\n".join("".join(c["source"]) for c in NOTEBOOK["cells"]
                         if c["cell_type"] == "markdown")
    # counts and values in the prose are glued, not typed: digits only inside quotations,
    # glue and references, ids, headings, numbered list items and names of chapters and tables
    prose = re.sub(r"‘[^’]*’|\{[^}]*\}`[^`]*`|`[^`]*`|<[^>]*>|\([\w-]+\)=|^\d+\.|^#.*$|"
                   r"(?i:hoofdstuk|tabel|paragraaf|grafiek) (C\.)?\d[\d.]*", "", markdown,
                   flags=re.M)
    assert not re.findall(r"\b\d+\b", prose), re.findall(r".{20}\b\d+\b.{20}", prose)[:5]


def test_no_code_output_and_no_english_on_the_page():
    for cell in NOTEBOOK["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "stream"
            data = output.get("data", {})
            assert "text/html" in data or set(data) <= {
                "application/papermill.record/text/plain", "text/plain"}
    for word in ("fits", "roughly", "contradicted", "prose-only", "comparison", "derived"):
        assert f">{word}<" not in HTML


@pytest.mark.parametrize("finding", register.scan_folder(DATA).findings,
                         ids=lambda f: f"{f.tier}-{f.table_id}")
def test_every_finding_is_described_in_dutch(finding):
    text = cp.describe(finding)
    assert text and text != finding.evidence
    assert text in HTML.replace("&amp;", "&")
