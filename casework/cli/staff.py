"""`casework staff ...`: staff members, their passwords, API tokens and accounts. Every change is
audited (the actor is "system": whoever runs the command on the server)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from casework import clock
from casework.cli import main
from casework.config import Config
from casework.db import make_engine, make_session_factory
from casework.models import Staff
from casework.models.staff import AGENCIES, ROLES
from casework.workflow import accounts
from casework.workflow.audit import audit
from casework.workflow.context import Actor
from casework.workflow.errors import WorkflowError

SYSTEM = Actor("system")


@contextmanager
def _session() -> Iterator[Session]:
    engine = make_engine(Config.from_env().database_url)
    session = make_session_factory(engine)()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


def _member(session: Session, email: str) -> Staff:
    member = session.execute(select(Staff).where(Staff.email == email.strip().lower())).scalar_one_or_none()
    if member is None:
        raise click.ClickException(f"There is no staff member with email {email}.")
    return member


def _expiry(days: int | None) -> dt.datetime | None:
    return clock.now() + dt.timedelta(days=days) if days else None


@main.group()
def staff() -> None:
    """Staff, their passwords, API tokens and accounts."""


@staff.command("add")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(list(ROLES)), default="officer", show_default=True)
@click.option(
    "--agency", type=click.Choice(list(AGENCIES)), default=None, help="An auditor's agency (required for one)."
)
@click.option("--team", default=None)
@click.option("--capacity", type=click.IntRange(min=1), default=40, show_default=True)
@click.option("--token-days", type=click.IntRange(min=1, max=3650), default=None, help="The API token expires.")
def staff_add(
    email: str, name: str, role: str, agency: str | None, team: str | None, capacity: int, token_days: int | None
) -> None:
    """Add a staff member; prints their new API token as the last line (an auditor from a partner agency
    uses the audit pages only: no token; set their password with `casework staff password`)."""
    if (role == "auditor") != (agency is not None):
        raise click.ClickException("An auditor needs --agency, and only an auditor has one.")
    with _session() as session:
        if session.execute(select(Staff).where(Staff.email == email.strip().lower())).first():
            raise click.ClickException(f"There is already a staff member with email {email}.")
        member = Staff(email=email.strip().lower(), name=name.strip(), role=role, team=team, capacity=capacity,
                       agency=agency)  # fmt: skip
        session.add(member)
        session.flush()
        audit(session.connection(), SYSTEM, "staff_added", "staff", member.id, role=role, team=team)
        if role == "auditor":
            session.commit()
            click.echo(f"Added auditor {member.id} ({agency}): {member.name} <{member.email}>. Set a password next.")
            return
        token = accounts.issue_token(session, member.id, expires_at=_expiry(token_days), actor=SYSTEM)
        session.commit()
        click.echo(f"Added {role} {member.id}: {member.name} <{member.email}>. API token (shown once):")
        click.echo(token)


@staff.command("password")
@click.option("--email", required=True)
@click.password_option("--password", help="The new password (prompted for, hidden, if not given).")
def staff_password(email: str, password: str) -> None:
    """Set a password for the pages (argon2); every session signed in with the old one ends."""
    if len(password) < 12:
        raise click.ClickException("Use at least 12 characters.")
    with _session() as session:
        member = _member(session, email)
        accounts.set_password(session, member, password, actor=SYSTEM)
        session.commit()
        click.echo(f"Password set for {member.name}; their other sessions have ended.")


@staff.command("set")
@click.option("--email", required=True)
@click.option("--available/--unavailable", default=None, help="Mark the officer available or not for new cases.")
@click.option("--capacity", type=click.IntRange(min=1), default=None)
@click.option("--team", default=None)
def staff_set(email: str, available: bool | None, capacity: int | None, team: str | None) -> None:
    """Change a staff member's availability, capacity or team."""
    with _session() as session:
        member = _member(session, email)
        changes = {k: v for k, v in (("available", available), ("capacity", capacity), ("team", team)) if v is not None}
        for key, value in changes.items():
            setattr(member, key, value)
        audit(session.connection(), SYSTEM, "staff_updated", "staff", member.id, **changes)
        session.commit()
        click.echo(f"{member.name}: available={member.available} capacity={member.capacity} team={member.team}")


@staff.command("disable")
@click.option("--email", required=True)
@click.option("--reason", required=True, help="Why, for the audit trail (e.g. 'left the council').")
def staff_disable(email: str, reason: str) -> None:
    """Disable an account (a leaver): no sign-in, sessions ended, API tokens revoked."""
    with _session() as session:
        member = _member(session, email)
        try:
            accounts.disable(session, member, actor=SYSTEM, reason=reason)
        except WorkflowError as exc:
            raise click.ClickException(exc.message) from None
        session.commit()
        click.echo(f"{member.name}'s account is disabled; their sessions ended and their API tokens are revoked.")


@staff.command("enable")
@click.option("--email", required=True)
def staff_enable(email: str) -> None:
    """Enable a disabled account again (sign-in with a password; issue a new API token if needed)."""
    with _session() as session:
        member = _member(session, email)
        try:
            accounts.enable(session, member, actor=SYSTEM)
        except WorkflowError as exc:
            raise click.ClickException(exc.message) from None
        session.commit()
        click.echo(f"{member.name}'s account is enabled.")


@staff.command("tokens")
@click.option("--email", required=True)
def staff_tokens(email: str) -> None:
    """List a staff member's API tokens (never the tokens themselves)."""
    with _session() as session:
        member = _member(session, email)
        rows = accounts.tokens_of(session, member.id)
        if not rows:
            click.echo(f"{member.name} has no API tokens.")
        for t in rows:
            state = "revoked" if t.revoked_at else "expired" if t.expires_at and t.expires_at <= clock.now() else "live"
            click.echo(
                f"{t.id:>6}  {t.name[:30]:<30}  {state:<8} created {t.created_at:%Y-%m-%d}"
                f"  expires {t.expires_at:%Y-%m-%d}" if t.expires_at else
                f"{t.id:>6}  {t.name[:30]:<30}  {state:<8} created {t.created_at:%Y-%m-%d}  no expiry"
            )  # fmt: skip


@staff.command("token-add")
@click.option("--email", required=True)
@click.option("--name", default="API token", show_default=True, help="What it is for, e.g. 'BI extract'.")
@click.option("--days", type=click.IntRange(min=1, max=3650), default=None, help="Expires after this many days.")
def staff_token_add(email: str, name: str, days: int | None) -> None:
    """Issue another API token; prints it as the last line (shown once)."""
    with _session() as session:
        member = _member(session, email)
        if not member.is_active:
            raise click.ClickException(f"{member.name}'s account is disabled.")
        token = accounts.issue_token(session, member.id, name=name, expires_at=_expiry(days), actor=SYSTEM)
        session.commit()
        click.echo(f"New API token for {member.name} (shown once):")
        click.echo(token)


@staff.command("token-revoke")
@click.option("--email", required=True)
@click.option("--id", "token_id", type=int, required=True, help="The token's id (from `casework staff tokens`).")
def staff_token_revoke(email: str, token_id: int) -> None:
    """Revoke one API token."""
    with _session() as session:
        member = _member(session, email)
        try:
            accounts.revoke_token(session, token_id, actor=SYSTEM, staff_id=member.id)
        except WorkflowError as exc:
            raise click.ClickException(exc.message) from None
        session.commit()
        click.echo(f"API token {token_id} of {member.name} is revoked.")
