"""The production install (defect 9): the wheel carries the built GOV.UK Frontend assets, the
templates and the migrations, builds without setuptools' "Package would be ignored" warnings, and
the `production` extra brings gunicorn. (The README's steps were also tried by hand: a fresh clone,
`npm ci`, the wheel, a new virtual environment, PostgreSQL and gunicorn; see the issue's notes.)"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    from casework.web.assets import built

    if not built():
        pytest.skip("the GOV.UK Frontend assets are not built (make install)")
    out = tmp_path_factory.mktemp("wheel")
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # setuptools' own scratch folder (gitignored): no stale files
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        cwd=out,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [path] = out.glob("casework-*.whl")
    return path, result.stdout + result.stderr


def test_the_wheel_carries_the_styles_the_templates_and_the_migrations(wheel):
    path, _ = wheel
    names = set(zipfile.ZipFile(path).namelist())
    for needed in (
        "casework/web/static/govuk/govuk-frontend.min.css",
        "casework/web/static/govuk/govuk-frontend.min.js",
        "casework/web/static/govuk/assets/images/favicon.ico",
        "casework/web/static/casework.css",
        "casework/web/templates/layout.html",
        "casework/notifications/templates/family_request_received.email.txt",
        "casework/notifications/letters/fonts/DejaVuSans.ttf",
        "casework/migrations/env.py",
        "casework/migrations/versions/0008_what_people_see.py",
        "casework/wsgi.py",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


def test_the_build_is_quiet(wheel):
    _, output = wheel
    assert "would be ignored" not in output and "is absent from the `packages` configuration" not in output


def test_the_production_extra_brings_gunicorn():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    assert "gunicorn" in cfg["options.extras_require"]["production"]
