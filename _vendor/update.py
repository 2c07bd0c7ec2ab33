"""Copy the self-hosted JavaScript from node_modules/ into _vendor/static/lwt-vendor/.

Run after `npm ci` (with dev dependencies) whenever package.json changes a version:

    npm ci && python3 _vendor/update.py

The copies are committed; `_ext/lwt_selfhost.py` adds `_vendor/static` to the site's static
files, so they are served from `_static/lwt-vendor/` and nothing is fetched from another host.
MANIFEST.json records the npm package, version and sha256 of every copied file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
OUT = Path(__file__).resolve().parent / "static" / "lwt-vendor"

#: (npm package, files or globs inside it, target folder below OUT)
COPIES = [
    ("requirejs", ["require.js"], "."),
    # The html-manager's AMD bundle and the Font Awesome 5 fonts its CSS points at
    # (woff2/woff only: every browser the site supports takes one of those).
    ("@jupyter-widgets/html-manager", ["dist/embed-amd.js", "dist/*.woff2", "dist/*.woff"],
     "html-manager"),
    # MathJax 3 (only loaded on a page that has math) and its CHTML fonts.
    ("mathjax", ["es5/tex-mml-chtml.js"], "mathjax"),
    ("mathjax", ["es5/output/chtml/fonts/woff-v2/*.woff"], "mathjax/output/chtml/fonts/woff-v2"),
]


def main() -> None:
    manifest: dict[str, dict] = {}
    for package, patterns, target in COPIES:
        pkg_dir = NODE / package
        meta = json.loads((pkg_dir / "package.json").read_text())
        version, licence = meta["version"], meta.get("license", "")
        dest = OUT / target
        dest.mkdir(parents=True, exist_ok=True)
        for pattern in patterns:
            matches = sorted(pkg_dir.glob(pattern))
            if not matches:
                raise SystemExit(f"{package}: nothing matches {pattern}")
            for src in matches:
                shutil.copyfile(src, dest / src.name)
                rel = (dest / src.name).relative_to(OUT).as_posix()
                manifest[rel] = {"package": package, "version": version, "license": licence,
                                 "source": src.relative_to(pkg_dir).as_posix(),
                                 "sha256": hashlib.sha256(src.read_bytes()).hexdigest()}
        lic = pkg_dir / "LICENSE"
        if lic.is_file():
            shutil.copyfile(lic, OUT / f"LICENSE.{package.replace('/', '_').lstrip('@')}.txt")
    (Path(__file__).resolve().parent / "MANIFEST.json").write_text(
        json.dumps(dict(sorted(manifest.items())), indent=2) + "\n")
    print(f"copied {len(manifest)} files into {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
