from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]


def test_one_migration_head():
    from alembic.script import ScriptDirectory

    from casework.cli import alembic_config

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"migrations have {len(heads)} heads: {heads}"


def test_revisions_are_numbered():
    names = sorted(p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    assert names and all(n[:4].isdigit() for n in names)


def test_models_match_the_migrations(database_url):
    """The migrated database has exactly what the models declare (no forgotten revision)."""
    import warnings

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from casework.db import Base, include_object, make_engine

    engine = make_engine(database_url)
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": False, "include_object": include_object}),
            Base.metadata,
        )
    engine.dispose()
    assert diff == []


def test_staff_add_prints_a_working_token_last(database_url, app, monkeypatch):
    from casework.cli import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(
        main,
        [
            "staff",
            "add",
            "--email",
            "Jo@Council.example",
            "--name",
            "Jo Bloggs",
            "--role",
            "manager",
            "--team",
            "North",
            "--capacity",
            "30",
        ],
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    r = app.test_client().get("/api/v1/queue", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    again = CliRunner().invoke(main, ["staff", "add", "--email", "jo@council.example", "--name", "Jo"])
    assert again.exit_code != 0 and "already" in again.output


def test_casework_today_freezes_the_clock(monkeypatch):
    from casework import clock

    monkeypatch.setenv("CASEWORK_TODAY", "2026-01-05")
    assert clock.today() == dt.date(2026, 1, 5)
    assert clock.now().date() == dt.date(2026, 1, 5)
    monkeypatch.setenv("CASEWORK_TODAY", "2026-13-01")
    import pytest

    with pytest.raises(RuntimeError, match="YYYY-MM-DD"):
        clock.today()
