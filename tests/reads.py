"""Which files a piece of code opens: a Python audit hook, switched on by :func:`opened`.

Audit hooks cannot be removed once added, so one hook is added per process, on first use, and
it records only while a :func:`opened` block is running. It sees every ``open()`` (Python's
own, the csv module's and pandas' readers alike), which is how the tests check that nothing
outside the data package is read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_RECORDING: list[list[str]] = []
_INSTALLED = False


def _hook(event: str, args: tuple) -> None:
    if _RECORDING and event == "open" and isinstance(args[0], str | bytes | Path):
        name = args[0]
        _RECORDING[-1].append(name.decode(errors="replace") if isinstance(name, bytes)
                              else str(name))


@contextmanager
def opened() -> Iterator[list[str]]:
    """Collect the paths of the files opened inside the ``with`` block."""
    global _INSTALLED
    if not _INSTALLED:
        sys.addaudithook(_hook)
        _INSTALLED = True
    seen: list[str] = []
    _RECORDING.append(seen)
    try:
        yield seen
    finally:
        _RECORDING.pop()


def outside(paths: list[str], folder: Path) -> list[str]:
    """The *paths* that, with symlinks resolved, do not lie inside *folder*.

    Files of the Python installation, the virtual environment and lwtbook itself (an import
    during the block) do not count, nor the kernel's own counters under /proc and /sys (pandas'
    first CSV read asks the cgroup files how many CPUs it may use).
    """
    import lwtbook

    code = Path(lwtbook.__file__).resolve().parent
    allowed = [folder.resolve(), code, Path("/proc"), Path("/sys"),
               *{Path(p).resolve() for p in (sys.prefix, sys.base_prefix)}]
    return [name for name in paths
            if not any(Path(name).resolve().is_relative_to(a) for a in allowed)]
