"""Browser tests: Playwright (Python) driving Debian's Chromium (no browser download), against the
real app served on 127.0.0.1 with a fresh SQLite database; axe-core checks each page visited.
CI installs Chromium and the npm assets; locally the tests skip if Chromium is missing."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CASEWORK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _need(ok: bool, what: str) -> None:
    if not ok:
        if IN_CI:
            pytest.fail(f"{what} (CI must run the browser tests; see .ci/run)", pytrace=False)
        pytest.skip(what)


@pytest.fixture(scope="session")
def chromium_path():
    _need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    _need(AXE.exists(), "axe-core is not installed (npm ci)")
    from casework.web.assets import built

    _need(built(), "GOV.UK Frontend assets are not built (make install)")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, tmp: Path):
        from werkzeug.serving import make_server

        from casework.app import create_app
        from casework.cli import upgrade
        from casework.config import Config

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        database_url = f"sqlite:///{tmp / 'browser.sqlite3'}"
        upgrade(database_url)
        self.config = Config(
            database_url=database_url,
            outbox_dir=tmp / "outbox",
            upload_dir=tmp / "uploads",
            base_url=self.url,
            secret_key="browser-tests-secret-0123456789abcdef",
            testing=False,
        )
        self.app = create_app(self.config)
        self.services = self.app.extensions["casework"]
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.services.engine.dispose()

    def outbox_text(self, template_part: str, wait_for: int = 0) -> list[str]:
        """The delivered messages of a template; with `wait_for`, waits (up to 10 s) until there are
        that many (sign-in links and codes are sent just after the response)."""
        deadline = time.monotonic() + 10
        while True:
            found = [p.read_text() for p in sorted(self.config.outbox_dir.glob(f"*{template_part}*"))]
            if len(found) >= wait_for or time.monotonic() > deadline:
                return found
            time.sleep(0.05)


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path):
    os.environ["CASEWORK_TODAY"] = "2026-01-05"
    live = LiveServer(tmp_path_factory.mktemp("live"))
    _seed(live)
    yield live
    live.stop()
    os.environ.pop("CASEWORK_TODAY", None)


def _seed(live: LiveServer) -> None:
    from casework.models import Provider, Staff
    from casework.workflow.accounts import hash_password

    with live.services.session_factory() as s:
        s.add_all(
            [
                Staff(
                    email="priya@council.example",
                    name="Priya Shah",
                    role="officer",
                    password_hash=hash_password(PASSWORD),
                ),
                Staff(
                    email="helen@council.example",
                    name="Helen Ward",
                    role="manager",
                    password_hash=hash_password(PASSWORD),
                ),
                Provider(
                    name="Community Paediatrics",
                    advice_type="health",
                    email="paeds@nhs.example",
                    escalation_name="Designated Clinical Officer",
                    escalation_email="dco@nhs.example",
                    statutory_basis=True,
                ),
                Provider(
                    name="Educational Psychology Service",
                    advice_type="psychology",
                    email="ep@council.example",
                    statutory_basis=False,
                ),
                Provider(
                    name="St Mary's Primary School",
                    advice_type="education",
                    email="senco@stmarys.example",
                    statutory_basis=False,
                ),
                Provider(
                    name="Family views", advice_type="parent", email="send-team@council.example", statutory_basis=False
                ),
            ]  # fmt: skip
        )
        s.commit()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    # axe is injected as an inline script, which the pages' Content-Security-Policy rightly refuses;
    # test_journeys.py checks the policy itself in a context that keeps it
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    yield pg
    context.close()


def set_today(day: str) -> None:
    """Move the product's today (it reads CASEWORK_TODAY on every call)."""
    dt.date.fromisoformat(day)
    os.environ["CASEWORK_TODAY"] = day


ESCAPED = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?>|&[a-z]+;|&#\d+;")


def check_markup(page) -> None:
    """No markup shows as text: a tag or an entity among the words a person reads (issue 10, defect 1)."""
    text = page.locator("body").inner_text()
    found = [m.group(0) for m in ESCAPED.finditer(text)]
    assert found == [], f"{page.url}: markup shown as text: {found[:5]}"


def check_reflow(page) -> None:
    """Nothing scrolls sideways at the viewport's width (WCAG 1.4.10 Reflow)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url}: {width}px wide at {viewport}px"


def check_accessibility(page) -> None:
    """axe-core on the page as it stands: WCAG 2.0-2.2 A and AA rules; no violations allowed. And no
    markup shown as text, and nothing scrolling sideways."""
    check_markup(page)
    check_reflow(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})""")
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=2)}"
