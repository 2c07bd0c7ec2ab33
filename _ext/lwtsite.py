"""Local Sphinx extension: publish the data package with the site.

After a successful HTML build it copies ``data/`` to ``<site>/data/`` (so every table's
caption can link its CSV) and writes the whole package as one zip,
``<site>/data/boeiend-en-bindend-data.zip``. Only the package's own files are published: a
symbolic link in ``data/`` (which could pull in a file from anywhere) is left out with a
warning, which ``-W`` makes a failed build.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

ZIP_NAME = "boeiend-en-bindend-data.zip"


def _package_files(source: Path) -> tuple[list[Path], list[Path]]:
    """The files of the data package in *source* that may be published, and those refused.

    The same rule as the data package's readers (``lwtbook._package.resource_file``): nothing
    from outside the package. A symbolic link (to a file or a folder) is refused, wherever it
    points, and nothing below a linked folder is looked at.
    """
    root = source.resolve()
    files: list[Path] = []
    refused: list[Path] = []
    for folder, dirs, names in os.walk(source):
        here = Path(folder)
        for name in list(dirs):
            if (here / name).is_symlink():
                refused.append(here / name)
                dirs.remove(name)
        for name in names:
            path = here / name
            if path.is_symlink() or not path.is_file() \
                    or not path.resolve().is_relative_to(root):
                refused.append(path)
            else:
                files.append(path)
    return sorted(files), sorted(refused)


def _publish_data(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    source = Path(app.confdir) / "data"
    target = Path(app.outdir) / "data"
    if target.exists():
        shutil.rmtree(target)
    files, refused = _package_files(source)
    for path in refused:
        logging.getLogger(__name__).warning(
            "data/%s is a symbolic link or not a regular file: not published (the data "
            "package holds its own files only)", path.relative_to(source).as_posix())
    for path in files:
        (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / path.relative_to(source))
    with zipfile.ZipFile(target / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(str(Path("boeiend-en-bindend") / path.relative_to(source)),
                                   date_time=(2005, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def setup(app):
    app.connect("build-finished", _publish_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
