"""Housekeeping (issue 11): expired rate-limit rows are deleted hourly, no rate limit may use a
window longer than what the housekeeping keeps, and migration 0011 keeps what rows already sent
were sent with (their reference) and takes the portal sign-in links out of them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from casework import clock
from casework.cli import upgrade
from casework.db import make_engine
from casework.jobs import run_housekeeping
from casework.models import RateLimit
from casework.web import ratelimit
from casework.workflow.housekeeping import RATE_LIMIT_LONGEST_WINDOW
from tests.conftest import PG_URL, _fresh_postgres


def test_rate_limit_rows_past_the_longest_window_are_deleted(services):
    now = clock.now()
    with services.engine.begin() as conn:
        conn.execute(
            insert(RateLimit.__table__),
            [
                {
                    "key": "signin-ip:old",
                    "window_start": now - RATE_LIMIT_LONGEST_WINDOW - dt.timedelta(minutes=1),
                    "count": 9,
                },
                {"key": "signin-ip:new", "window_start": now - dt.timedelta(minutes=5), "count": 2},
            ],
        )
    assert run_housekeeping(services) == {"rate_limits": 1}
    with services.engine.connect() as conn:
        assert conn.execute(select(RateLimit.key)).scalars().all() == ["signin-ip:new"]
    assert run_housekeeping(services) == {"rate_limits": 0}


def test_no_rate_limit_may_outlast_the_housekeeping(services):
    with Session(services.engine) as session:
        with pytest.raises(ValueError, match="at most"):
            ratelimit.hit(session, "signin-ip:x", 5, RATE_LIMIT_LONGEST_WINDOW + dt.timedelta(seconds=1))
        assert ratelimit.hit(session, "signin-ip:x", 5, RATE_LIMIT_LONGEST_WINDOW)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_migration_0011_keeps_old_references_and_removes_sent_portal_links(dialect, tmp_path):
    if dialect == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'm.sqlite3'}", None
    else:
        if not PG_URL:
            pytest.skip("CASEWORK_TEST_POSTGRES_URL is not set")
        url, drop = _fresh_postgres(PG_URL)
    try:
        upgrade(url, "0007")
        engine = make_engine(url)
        link = {"contact_name": "Sara", "link": "https://x.example/portal/sign-in/SECRET", "minutes": "30"}
        rows = [  # (status, attempts): sent, waiting for a retry, never tried
            ("sent", 1, "portal_sign_in.email", link),
            ("pending", 2, "portal_sign_in.email", link),
            ("pending", 0, "family_request_received.email", {"contact_name": "Sara"}),
        ]
        with engine.begin() as conn:
            for n, (status, attempts, template, values) in enumerate(rows, start=1):
                conn.execute(
                    text(
                        "INSERT INTO outbox (id, dedupe_key, recipient, recipient_kind, channel, template, "
                        "personalisation, status, attempts, created_at) VALUES (:id, :key, 'sara@example.org', "
                        "'contact', 'email', :template, :values, :status, :attempts, :now)"
                    ),
                    {
                        "id": n,
                        "key": f"k{n}",
                        "template": template,
                        "values": json.dumps(values),
                        "status": status,
                        "attempts": attempts,
                        "now": dt.datetime.now(dt.UTC),
                    },
                )
        upgrade(url)
        with engine.connect() as conn:
            got = conn.execute(text("SELECT id, reference, personalisation, reclaimed FROM outbox ORDER BY id")).all()
        engine.dispose()
        values = [v if isinstance(v, dict) else json.loads(v) for _, _, v, _ in got]
        assert [r.reference for r in got] == ["outbox-1", "outbox-2", None]
        assert ["link" in v for v in values] == [False, True, False]  # the pending one still has to go
        assert values[0] == {"contact_name": "Sara", "minutes": "30"} and [r.reclaimed for r in got] == [0, 0, 0]
    finally:
        if drop:
            drop()
