"""Build the pages' static assets from npm's govuk-frontend (run by `make install`):

    python -m casework.web.assets [node_modules]

Copies GOV.UK Frontend's compiled CSS, JavaScript and images into casework/web/static/govuk
(not committed). The GDS Transport typeface is for GOV.UK services only, so its @font-face rules
are removed and text falls back to Arial, as GOV.UK Frontend advises services outside GOV.UK."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static" / "govuk"
ROOT = HERE.parents[1]


def build(node_modules: Path = ROOT / "node_modules", target: Path = STATIC) -> Path:
    dist = Path(node_modules) / "govuk-frontend" / "dist" / "govuk"
    if not (dist / "govuk-frontend.min.css").exists():
        raise SystemExit(f"govuk-frontend is not installed in {node_modules}: run `npm ci` first")
    if target.exists():
        shutil.rmtree(target)
    (target / "assets").mkdir(parents=True)
    css = (dist / "govuk-frontend.min.css").read_text(encoding="utf-8")
    css = re.sub(r"@font-face\{[^}]*\}", "", css)
    css = css.replace("GDS Transport,", "").replace('"GDS Transport",', "")
    css = css.replace("url(/assets/", "url(/static/govuk/assets/")
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    (target / "govuk-frontend.min.css").write_text(css, encoding="utf-8")
    js = (dist / "govuk-frontend.min.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    (target / "govuk-frontend.min.js").write_text(js, encoding="utf-8")
    shutil.copytree(dist / "assets" / "images", target / "assets" / "images")
    return target


def built() -> bool:
    return (STATIC / "govuk-frontend.min.css").exists()


if __name__ == "__main__":  # pragma: no cover
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "node_modules")
    print(f"built {out}")
