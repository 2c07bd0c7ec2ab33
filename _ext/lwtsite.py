"""Local Sphinx extension: publish the data package with the site.

After a successful HTML build it copies ``data/`` to ``<site>/data/`` (so every table's
caption can link its CSV) and writes the whole package as one zip,
``<site>/data/boeiend-en-bindend-data.zip``.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

ZIP_NAME = "boeiend-en-bindend-data.zip"


def _publish_data(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.confdir) / "data"
    target = Path(app.outdir) / "data"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    files = sorted(p for p in source.rglob("*") if p.is_file())
    with zipfile.ZipFile(target / ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(str(Path("boeiend-en-bindend") / path.relative_to(source)),
                                   date_time=(2005, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def setup(app):
    app.connect("build-finished", _publish_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
