"""Helpers the benchmarks share: PostgreSQL connection strings and a throw-away database."""

from __future__ import annotations


def conninfo(url: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "postgresql":
        raise SystemExit("error: the benchmark needs PostgreSQL (postgresql://...)")
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


def recreate_database(url: str, force: bool) -> None:
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    u = make_url(url).set(drivername="postgresql")
    name = u.database
    if not name or ("bench" not in name and not force):
        raise SystemExit(f"error: refusing to drop database {name!r} (its name has no 'bench'); pass --force")
    maintenance = u.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
