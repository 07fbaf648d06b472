"""Engine, session factory and the declarative Base (plain SQLAlchemy 2, typed models)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")

# Expression indexes made by migrations only (not in the models): autogenerate must leave them be.
EXPRESSION_INDEXES = frozenset({"ix_children_given_name_lower", "ix_children_family_name_lower"})


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: skip the migration-only expression indexes."""
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


class TZDateTime(TypeDecorator):
    """Timezone-aware timestamps on both databases (SQLite stores them as UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONType, dt.datetime: TZDateTime}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    # errors and logs never carry the statement's values (a child's name, an email address)
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            from pathlib import Path

            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: it costs a round trip on every checkout (a third of an empty transaction).
    # Connections are recycled after 30 minutes, and a connection found dead mid-request is
    # invalidated by SQLAlchemy (that request fails once; the pool reconnects). Set
    # CASEWORK_DB_PRE_PING=1 where a firewall drops idle connections sooner.
    import os

    kwargs.setdefault("pool_pre_ping", os.environ.get("CASEWORK_DB_PRE_PING", "") in ("1", "true", "yes"))
    kwargs.setdefault("pool_recycle", 1800)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: views render what they just wrote without reloading it.
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
