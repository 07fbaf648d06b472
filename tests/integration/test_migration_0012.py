"""Revision 0012 gives cases that gathered advice before it the advice summary the reg 6(1) guard reads
(on SQLite and PostgreSQL); on an empty database it downgrades and upgrades again."""

from __future__ import annotations

import json
import tempfile

import pytest
from sqlalchemy import text

from casework.cli import upgrade
from casework.db import make_engine
from tests.conftest import PG_URL, _fresh_postgres


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_advice_facts_are_worked_out_from_the_advice_requests(database):
    drop = None
    if database == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/m.sqlite3"
    elif not PG_URL:
        pytest.skip("CASEWORK_TEST_POSTGRES_URL is not set")
    else:
        url, drop = _fresh_postgres(PG_URL)
    try:
        upgrade(url, "0009")
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO families (id, created_at) VALUES (1, CURRENT_TIMESTAMP)"))
            conn.execute(
                text(
                    "INSERT INTO children (id, given_name, family_name, date_of_birth, family_id, created_at) "
                    "VALUES (1, 'Amira', 'Khan', '2016-04-02', 1, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO cases (id, kind, child_id, state, is_open, version, opened_on, facts, created_at, "
                    "updated_at) VALUES (1, 'assessment', 1, 'assessing', true, 3, '2026-01-05', :facts, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"facts": json.dumps({"received_on": "2026-01-05"})},
            )
            conn.execute(
                text(
                    "INSERT INTO providers (id, name, advice_type, email, statutory_basis, created_at) "
                    "VALUES (1, 'P', 'health', 'p@x.example', true, CURRENT_TIMESTAMP)"
                )
            )
            for i, (advice_type, basis, received) in enumerate(
                [
                    ("health", "statutory", None),
                    ("health", "statutory", "2026-03-01"),
                    ("education", "reused", None),
                    ("psychology", "target", None),
                ],
                1,  # fmt: skip
            ):
                conn.execute(
                    text(
                        "INSERT INTO advice_requests (id, case_id, advice_type, provider_id, requested_on, "
                        "provider_received_on, basis, received_on, created_at) VALUES (:i, 1, :t, 1, '2026-02-01', "
                        "'2026-02-01', :b, :r, CURRENT_TIMESTAMP)"
                    ),
                    {"i": i, "t": advice_type, "b": basis, "r": received},
                )
        engine.dispose()
        upgrade(url, "0012")
        engine = make_engine(url)
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT facts FROM cases WHERE id = 1")).scalar_one()
        engine.dispose()
        facts = json.loads(raw) if isinstance(raw, str) else raw
        assert facts == {
            "received_on": "2026-01-05",
            "advice": {"health": "received", "education": "reused", "psychology": "requested"},
        }
    finally:
        if drop:
            drop()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0012_downgrades_and_upgrades_again(database):
    from alembic import command

    from casework.cli import alembic_config

    drop = None
    if database == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/m.sqlite3"
    elif not PG_URL:
        pytest.skip("CASEWORK_TEST_POSTGRES_URL is not set")
    else:
        url, drop = _fresh_postgres(PG_URL)
    try:
        upgrade(url)
        command.downgrade(alembic_config(url), "0009")
        upgrade(url)
    finally:
        if drop:
            drop()
