"""Shared fixtures and the test tiers.

Tiers (pytest markers, registered in pyproject.toml; every test carries at least one):
``unit`` (logic, no data files beyond a few rows), ``data`` (the data package in ``data/``),
``notebooks`` (strict nbval of ``book/``, marked here), ``site`` (the built site in
``_build/html``), ``browser`` (Chromium), ``package`` (builds and installs the wheel),
``fuzz`` (property-based damage of a copy of the data, ``tests/test_fuzz.py``).
``make check`` runs the ``unit`` and ``data`` tiers; ``make test`` runs everything.

Hypothesis profiles (for the ``fuzz`` tier): ``ci`` is the default – derandomized (the same
examples on every run and machine), bounded, no example database written; ``dev`` draws fresh
random examples; ``long`` is for a thorough local run. Choose one with
``pytest -m fuzz --hypothesis-profile=long`` or ``HYPOTHESIS_PROFILE=long``.

``source`` marks the tests that need the report's text, which is not part of this repository
(DEVELOPERS.md). They find it in ``$LWTBOOK_SOURCE`` (default ``../shared/source`` beside the
clone) and skip, with one line saying so, where it is absent – unless
``LWTBOOK_REQUIRE_SOURCE=1`` (set by ``.ci/run`` where ``../shared/source`` exists), which makes
a missing text a failure, so that CI cannot pass with those tests skipped.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCE = Path(os.environ.get("LWTBOOK_SOURCE") or ROOT.parent / "shared" / "source")
REQUIRE_SOURCE = os.environ.get("LWTBOOK_REQUIRE_SOURCE", "") not in ("", "0")

#: The markers that say what a test needs; a test without one of them is a collection error.
TIERS = ("unit", "data", "notebooks", "site", "browser", "package", "source", "fuzz")
TEXT = "000_6025a03681490c92.txt"

# Hypothesis: a shared, loaded 2-core machine makes single examples slow now and then, so the
# deadline only catches a hang (an example that takes seconds), not a slow machine.
_FUZZ = dict(deadline=10_000, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.data_too_large])
settings.register_profile("ci", max_examples=40, derandomize=True, database=None,
                          print_blob=True, **_FUZZ)
settings.register_profile("dev", max_examples=150, **_FUZZ)
settings.register_profile("long", max_examples=2000, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
CATALOGUE = "TABLES.md"


def need_source(what: Path) -> None:
    """Skip the current test (or fail it, under LWTBOOK_REQUIRE_SOURCE=1) when *what* is missing.

    The one place where tests that need the report's text decide not to run.
    """
    if what.exists():
        return
    message = (f"needs the report's text: set LWTBOOK_SOURCE=<folder with the report's text> "
               f"(default ../shared/source beside the clone; {what} not found)")
    if REQUIRE_SOURCE:
        pytest.fail(f"LWTBOOK_REQUIRE_SOURCE is set but this test {message}", pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class ReportSource:
    """The report's text extraction, its table catalogue and the overlap tool beside them."""

    folder: Path

    @cached_property
    def lines(self) -> list[str]:
        """The text extraction, one string per line (line n is ``lines[n - 1]``)."""
        return (self.folder / TEXT).read_text(encoding="utf-8").splitlines()

    @cached_property
    def catalogue(self) -> str:
        """``TABLES.md``: every table and chart with its id, title and line range."""
        return (self.folder / CATALOGUE).read_text(encoding="utf-8")

    @property
    def overlap_tool(self) -> Path:
        """``tools/overlap-check`` beside the source folder (skips/fails when it is missing)."""
        tool = self.folder.parent / "tools" / "overlap-check"
        need_source(tool)
        return tool


@pytest.fixture(scope="session")
def report_source() -> ReportSource:
    """The report's text; a test that asks for it is marked ``source`` automatically."""
    for name in (TEXT, CATALOGUE):
        need_source(SOURCE / name)
    return ReportSource(SOURCE)


@pytest.fixture(scope="session")
def _pristine_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """One copy of data/ per test process, and the bytes of each of its files."""
    folder = tmp_path_factory.mktemp("package") / "data"
    shutil.copytree(DATA, folder)
    return folder, {p.relative_to(folder).as_posix(): p.read_bytes()
                    for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def data_copy(_pristine_copy: tuple[Path, dict[str, bytes]]) -> Iterator[Path]:
    """A copy of data/ that a test may damage (and may put things beside).

    One copy serves every test of the process: afterwards whatever the test added beside or
    inside it is removed and every file it changed is written back – a tenth of the time of a
    fresh copy, which adds up over a hundred tests. A restored file gets a modification time
    of its own (in the year 2000, never a time a test's own write can have), so that no cache
    keyed on the time and size of a file mistakes it for a damaged version.
    """
    folder, files = _pristine_copy
    yield folder
    for entry in folder.parent.iterdir():
        if entry != folder:
            _remove(entry)
    for here, dirs, names in os.walk(folder, topdown=False):
        for name in names + dirs:
            path = Path(here) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink() or (name in names and rel not in files) or \
                    (name in dirs and not any(f.startswith(rel + "/") for f in files)):
                _remove(path)
    for rel, data in files.items():
        path = folder / rel
        if path.is_symlink() or path.is_dir():
            _remove(path)
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            stamp = _Y2000_NS + next(_RESTORED)
            os.utime(path, ns=(stamp, stamp))


_Y2000_NS = 946_684_800 * 10**9
_RESTORED = itertools.count(1)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by the markers added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark nbval's notebook cells ``notebooks`` and every user of the text ``source``; refuse
    a test that carries no tier marker (it would silently fall out of ``make check``)."""
    untiered = set()
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        if "report_source" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.source)
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            untiered.add(item.path.name)
    if untiered:
        raise pytest.UsageError(
            f"tests without a tier marker in {', '.join(sorted(untiered))}: add e.g. "
            f"`pytestmark = pytest.mark.unit` (one of {', '.join(TIERS)}; see tests/conftest.py)")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked ``source`` by hand gets the same skip as a user of ``report_source``."""
    if item.get_closest_marker("source"):
        for name in (TEXT, CATALOGUE):
            need_source(SOURCE / name)


def pytest_report_header(config: pytest.Config) -> str:
    """One line in the header: where the report's text is, or that it is missing."""
    found = (SOURCE / TEXT).is_file() and (SOURCE / CATALOGUE).is_file()
    state = "found" if found else "NOT FOUND: tests marked `source` skip (set LWTBOOK_SOURCE)"
    required = ", required (LWTBOOK_REQUIRE_SOURCE)" if REQUIRE_SOURCE else ""
    return f"report's text: {SOURCE} – {state}{required}"
