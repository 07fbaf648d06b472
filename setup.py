"""Packaging beyond setup.cfg: what production needs inside the wheel.

- The GOV.UK Frontend assets (CSS, JavaScript, images), built from npm's govuk-frontend by
  `python -m casework.web.assets` (not committed to git). A wheel is never built without them: if
  they are missing they are built from node_modules, and if npm's package is missing too the build
  stops and says to run `npm ci` (set CASEWORK_BUILD_WITHOUT_ASSETS=1 only for a wheel that will
  never serve pages, e.g. a worker's).
- The Alembic migrations (`migrations/`, at the top of the repository so that each branch adds its
  revision there), copied into the package so that `casework db upgrade` works from the wheel.
Editable installs (`pip install -e .`, `make install`) use the files where they are.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
STATIC = ROOT / "casework" / "web" / "static" / "govuk"


class BuildPy(build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False):
            _assets()
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "casework"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "migrations", target / "migrations", ignore=ignore, dirs_exist_ok=True)
        if STATIC.exists():
            shutil.copytree(STATIC, target / "web" / "static" / "govuk", ignore=ignore, dirs_exist_ok=True)


def _assets() -> None:
    if (STATIC / "govuk-frontend.min.css").exists():
        return
    if (ROOT / "node_modules" / "govuk-frontend").exists():
        sys.path.insert(0, str(ROOT / "casework" / "web"))
        try:
            import assets  # casework/web/assets.py: the standard library only

            assets.build(ROOT / "node_modules", STATIC)
        finally:
            sys.path.pop(0)
        return
    if os.environ.get("CASEWORK_BUILD_WITHOUT_ASSETS") == "1":
        return
    raise SystemExit(
        "The GOV.UK Frontend assets are not built, so the pages would have no styling. Run `npm ci` "
        "(it fetches govuk-frontend), then build again; or `python -m casework.web.assets` after `npm ci`."
    )


setup(cmdclass={"build_py": BuildPy})
