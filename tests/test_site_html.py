"""Valid HTML on every page of the built site (issue 18; `make book` first).

* The W3C's Nu HTML Checker (``vnu.jar`` from npm, pinned in package-lock.json; it needs a
  Java runtime: Debian's ``default-jre-headless``) reads every page in one run (one JVM,
  ~5 s) with ``--errors-only``: no page may have an error outside ``VNU_IGNORED``. A page of
  known mistakes goes through the same run, so a checker that checks nothing fails too.
* Ids and the references to them: every id occurs once on its page (counting the HTML that
  the explorers' widget state puts into the page when they are drawn); every internal link
  (``#…`` on the page or ``other.html#…``) and every ARIA/label reference by id points at
  exactly one element.

Java or the checker missing is a failure that says how to install them, not a skip.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT

SITE = Path(os.environ.get("LWTBOOK_SITE", ROOT / "_build" / "html")).resolve()
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: not pages: Sphinx's copies of the sources, the published data, the theme's template snippets
NOT_PAGES = {"_static", "_sources", "_images", "_downloads", "data", "reports"}
PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
               if not NOT_PAGES & set(p.relative_to(SITE).parts[:1]))

#: Nu checker errors we cannot fix from this repository: (regex on the message, regex on the
#: page, reason). Empty: every error found so far had a cause on our side (see _ext/).
VNU_IGNORED: list[tuple[str, str, str]] = []

#: A page with one mistake of each kind the site once had; the checker must report each.
CANARY = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>
<body><details><summary><p>Toon de code</p></summary><p>x</p></details>
<p id="twice">a</p><p id="twice">b</p>
<a href="https://doi.org/10.1002/(SICI)17:8<873::AID>3.0.CO;2-I">doi</a></body></html>
"""
CANARY_ERRORS = (r"Element .p. not allowed as child of element .summary.",
                 r"Duplicate ID .twice.", r"Illegal character in path segment")

#: attributes that name other elements of the page by id (space-separated lists)
ID_REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
                 "aria-activedescendant", "aria-details", "aria-errormessage", "for",
                 "headers", "list", "form")


def test_the_site_has_pages():
    assert len(PAGES) > 10, f"{SITE}: build the site first (make book)"


# ------------------------------------------------------------------------- the Nu checker

@pytest.fixture(scope="module")
def nu_errors(tmp_path_factory) -> dict[str, list[str]]:
    """The checker's errors by page (site-relative path; ``CANARY`` for the canary page)."""
    java = shutil.which("java")
    if not java:
        pytest.fail("no `java` on PATH: the Nu HTML Checker needs a Java runtime "
                    "(apt-get install -y default-jre-headless, as .ci/run does)", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"{VNU} not found: run `npm ci --omit=dev` (package-lock.json pins vnu-jar)",
                    pytrace=False)
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    files = [str(SITE / rel) for rel in PAGES] + [str(canary)]
    run = subprocess.run([java, "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json",
                          "--stdout", "--exit-zero-always", *files],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, f"the Nu checker failed to run: {run.stderr[-2000:]}"
    errors: dict[str, list[str]] = {}
    for message in json.loads(run.stdout)["messages"]:
        path = unquote(urlsplit(message.get("url", "")).path)
        page = "CANARY" if path == str(canary) else Path(path).relative_to(SITE).as_posix()
        where = f"line {message.get('lastLine', '?')}: " if "lastLine" in message else ""
        errors.setdefault(page, []).append(f"{where}{message['type']}: {message['message']}")
    return errors


def _not_ignored(page: str, errors: list[str]) -> list[str]:
    return [e for e in errors if not any(re.search(msg, e) and re.search(where, page)
                                         for msg, where, _ in VNU_IGNORED)]


def test_the_checker_finds_each_kind_of_mistake(nu_errors):
    found = nu_errors.get("CANARY", [])
    missing = [rx for rx in CANARY_ERRORS if not any(re.search(rx, e) for e in found)]
    assert not missing, f"the checker did not report {missing} on the canary page: {found}"


@pytest.mark.parametrize("page", PAGES)
def test_the_nu_checker_finds_no_error(nu_errors, page):
    bad = _not_ignored(page, nu_errors.get(page, []))
    assert not bad, f"{page}: {len(bad)} errors:\n" + "\n".join(bad[:20])


def test_every_ignored_error_still_occurs(nu_errors):
    """An ignore entry that no longer matches anything is removed, not kept 'just in case'."""
    stale = [(msg, where) for msg, where, _ in VNU_IGNORED
             if not any(re.search(where, page) and any(re.search(msg, e) for e in errs)
                        for page, errs in nu_errors.items())]
    assert not stale, f"ignore entries that match no error any more: {stale}"


# ------------------------------------------------------------------- ids and references

@cache
def _soup(rel: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")


def _widget_html(soup: BeautifulSoup) -> list[BeautifulSoup]:
    """The HTML the explorers' widgets put into the page once drawn (from the widget state)."""
    out = []
    for script in soup.find_all("script", type="application/vnd.jupyter.widget-state+json"):
        for model in json.loads(script.string or "{}").get("state", {}).values():
            value = (model.get("state") or {}).get("value")
            if isinstance(value, str) and "<" in value:
                out.append(BeautifulSoup(value, "html.parser"))
    return out


@cache
def _id_counts(rel: str) -> Counter:
    """How many elements carry each id (``<a name>`` counts as an id too) on page *rel*."""
    counts: Counter = Counter()
    for soup in (_soup(rel), *_widget_html(_soup(rel))):
        counts.update(t["id"] for t in soup.find_all(id=True))
        counts.update(t["name"] for t in soup.find_all("a", attrs={"name": True}))
    return counts


@pytest.mark.parametrize("page", PAGES)
def test_every_id_occurs_once(page):
    twice = {i: n for i, n in _id_counts(page).items() if n > 1}
    assert not twice, f"{page}: ids on more than one element: {twice}"


@pytest.mark.parametrize("page", PAGES)
def test_every_reference_by_id_names_one_element(page):
    counts = _id_counts(page)
    bad = []
    for soup in (_soup(page), *_widget_html(_soup(page))):
        for attr in ID_REFERENCES:
            for tag in soup.find_all(attrs={attr: True}):
                value = tag[attr]
                for ref in (value if isinstance(value, list) else value.split()):
                    if counts[ref] != 1:
                        bad.append(f'<{tag.name} {attr}="{ref}">: {counts[ref]} elements')
    assert not bad, f"{page}: {bad}"


@pytest.mark.parametrize("page", PAGES)
def test_every_internal_link_points_at_one_element(page):
    """``#…``, ``other.html`` and ``other.html#…``: the file exists, the anchor names one
    element of it. (Links to the site's data files only need the file.)"""
    base = f"http://site.invalid/{page}"
    broken = []
    for a in _soup(page).find_all("a", href=True):
        href = a["href"].strip()
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        url = urlsplit(urljoin(base, href))
        if url.netloc != "site.invalid":
            continue
        path = posixpath.normpath(unquote(url.path)).lstrip("/")
        target = SITE / path
        if not path or url.path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href} (no file {target.relative_to(SITE)})")
            continue
        fragment = unquote(url.fragment)
        if fragment and target.suffix == ".html":
            n = _id_counts(target.relative_to(SITE).as_posix())[fragment]
            if n != 1:
                broken.append(f"{href} ({n} elements with id {fragment!r})")
    assert not broken, f"{page}: links that do not point at one element: {broken}"


# ------------------------------------------------------------ the fixes at their source

def _valid():
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import lwt_valid
    finally:
        sys.path.pop(0)
    return lwt_valid


@pytest.mark.parametrize(("doi", "path"), [
    ("10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I",
     "10.1002/(SICI)1097-0258(19980430)17:8%3C873::AID-SIM779%3E3.0.CO;2-I"),
    ("10.1000/a#b?c d", "10.1000/a%23b%3Fc%20d"),   # would cut the path / is not allowed
    ("10.1000/already%3Cencoded%3E", "10.1000/already%3Cencoded%3E"),  # not encoded twice
    ("10.2307/2276774", "10.2307/2276774"),
])
def test_a_doi_link_is_encoded_per_rfc_3986(doi, path):
    assert _valid().encode_doi(doi) == path


def test_a_url_keeps_its_parts_and_loses_what_a_url_may_not_hold():
    encode = _valid().encode_url
    assert encode("https://example.org/a b/<x>?q=1&r=[2]#top") == \
        "https://example.org/a%20b/%3Cx%3E?q=1&r=[2]#top"


def test_every_bibliography_link_is_a_valid_url():
    """The rendered bibliography: every link holds only characters RFC 3986 allows."""
    allowed = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
    links = [a["href"] for a in _soup("book/bronnen.html").select("a.reference.external")]
    assert any("doi.org" in href for href in links), "no DOI link in the bibliography"
    bad = [href for href in links if not allowed.fullmatch(href)]
    assert not bad, f"links with characters a URL may not hold: {bad}"


@pytest.mark.parametrize("page", PAGES)
def test_hidden_cells_have_a_named_summary_with_both_prompts(page):
    """myst-nb's hide-input cells (our visitor, _ext/lwt_a11y.py): the summary shows and
    hides its two prompts (no aria-label that would hide them), phrasing content only."""
    for summary in _soup(page).select("details.hide > summary"):
        assert not summary.has_attr("aria-label"), f"{page}: {summary}"
        spans = [s.get("class") for s in summary.find_all(recursive=False)]
        assert spans == [["collapsed", "admonition-title"], ["expanded", "admonition-title"]] \
            and all(s.name == "span" for s in summary.find_all(recursive=False)), \
            f"{page}: {summary}"
