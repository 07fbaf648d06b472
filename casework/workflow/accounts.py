"""Staff accounts and signed-in sessions: API tokens (only their sha256 is stored; the token is
shown once; named, optionally expiring, revocable), passwords for the pages (argon2), sessions kept
on the server so they can be ended (sign-out, a password change, a disabled account, an absolute
lifetime), and disabling a leaver. Every change is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from casework import clock
from casework.models import ApiToken, Staff, UserSession
from casework.workflow.audit import audit
from casework.workflow.errors import Conflict, NotFound

_hasher = PasswordHasher()
# verified against when the email is unknown, so an unknown address takes as long as a known one
_DUMMY = _hasher.hash("not a real password: keeps timing equal for unknown emails")
tokens_t = ApiToken.__table__
sessions_t = UserSession.__table__
staff_t = Staff.__table__
SEEN_EVERY = dt.timedelta(minutes=1)  # how often a session's last_seen_at is written


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(token, its hash): give the token to the person once; store only the hash."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Does the password match? Takes the same time whether or not there is a hash to check."""
    try:
        return bool(_hasher.verify(password_hash or _DUMMY, password)) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


# --- API tokens ------------------------------------------------------------------------------------


def issue_token(
    session: Session, staff_id: int, *, name: str = "API token", expires_at: dt.datetime | None = None, actor: Any
) -> str:
    """A new API token for the staff member (returned once; only its hash is kept). Audited."""
    token, token_hash = new_token()
    conn = session.connection()
    token_id = conn.execute(
        insert(tokens_t)
        .values(
            staff_id=staff_id, token_hash=token_hash, name=name[:100], created_at=clock.now(), expires_at=expires_at
        )
        .returning(tokens_t.c.id)
    ).scalar_one()
    audit(conn, actor, "api_token_issued", "staff", staff_id, token_id=token_id,
          expires_at=expires_at.isoformat() if expires_at else None)  # fmt: skip
    return token


def staff_for_token(session: Session, token: str) -> Staff | None:
    """The active staff member a live token belongs to (not revoked, not expired, account not
    disabled); None otherwise. Records the day it was last used."""
    now = clock.now()
    row = session.execute(
        select(tokens_t.c.id, tokens_t.c.staff_id, tokens_t.c.expires_at, tokens_t.c.revoked_at, tokens_t.c.last_used_on)
        .where(tokens_t.c.token_hash == hash_token(token))
    ).one_or_none()  # fmt: skip
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        return None
    staff = session.get(Staff, row.staff_id)
    if staff is None or not staff.is_active:
        return None
    if row.last_used_on != now.date():
        session.execute(update(tokens_t).where(tokens_t.c.id == row.id).values(last_used_on=now.date()))
        session.commit()
    return staff


def tokens_of(session: Session, staff_id: int) -> list[ApiToken]:
    return list(session.execute(select(ApiToken).where(ApiToken.staff_id == staff_id).order_by(ApiToken.id)).scalars())


def revoke_token(session: Session, token_id: int, *, actor: Any, staff_id: int | None = None) -> ApiToken:
    """Revoke one token (of `staff_id`, when given). Audited."""
    token = session.get(ApiToken, token_id)
    if token is None or (staff_id is not None and token.staff_id != staff_id):
        raise NotFound(f"There is no API token {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        audit(session.connection(), actor, "api_token_revoked", "staff", token.staff_id, token_id=token_id)
    return token


# --- sessions ---------------------------------------------------------------------------------------


def start_session(
    session: Session, kind: str, *, lifetime: dt.timedelta, staff_id: int | None = None, subject: str | None = None
) -> str:
    """A new signed-in session; returns the token for the cookie (only its hash is stored)."""
    token, token_hash = new_token()
    now = clock.now()
    session.execute(
        insert(sessions_t).values(
            token_hash=token_hash, kind=kind, staff_id=staff_id, subject=subject, created_at=now,
            last_seen_at=now, expires_at=now + lifetime,
        )
    )  # fmt: skip
    return token


def live_session(session: Session, token: str | None, kind: str, *, idle: dt.timedelta) -> UserSession | None:
    """The session a cookie's token names, if it is of this kind and still live: not ended, within
    its absolute lifetime, and used within the idle limit. Ends it (and says why) when it is not."""
    if not token:
        return None
    row = session.execute(select(UserSession).where(UserSession.token_hash == hash_token(token))).scalar_one_or_none()
    if row is None or row.kind != kind or row.ended_at is not None:
        return None
    now = clock.now()
    why = "expired" if now >= row.expires_at else "idle" if now - row.last_seen_at > idle else None
    if why:
        row.ended_at, row.ended_why = now, why
        session.commit()
        return None
    if now - row.last_seen_at >= SEEN_EVERY:
        row.last_seen_at = now
        session.commit()
    return row


def end_session(session: Session, token: str | None, why: str = "signed_out") -> None:
    if token:
        session.execute(
            update(sessions_t)
            .where(sessions_t.c.token_hash == hash_token(token), sessions_t.c.ended_at.is_(None))
            .values(ended_at=clock.now(), ended_why=why)
        )


def end_staff_sessions(session: Session, staff_id: int, why: str) -> int:
    """End every open session of a staff member (a password change, a disabled account)."""
    return session.execute(
        update(sessions_t)
        .where(sessions_t.c.staff_id == staff_id, sessions_t.c.ended_at.is_(None))
        .values(ended_at=clock.now(), ended_why=why)
    ).rowcount


# --- the account ------------------------------------------------------------------------------------


def set_password(session: Session, staff: Staff, password: str, *, actor: Any) -> None:
    """A new password ends every session signed in with the old one. Audited."""
    staff.password_hash = hash_password(password)
    ended = end_staff_sessions(session, staff.id, "password_changed")
    audit(session.connection(), actor, "password_set", "staff", staff.id, sessions_ended=ended)


def disable(session: Session, staff: Staff, *, actor: Any, reason: str) -> None:
    """A leaver (or a compromised account): no sign-in, every session ended, every token revoked."""
    if staff.disabled_at is not None:
        raise Conflict(f"{staff.name}'s account is already disabled.")
    now = clock.now()
    staff.disabled_at = now
    staff.available = False
    ended = end_staff_sessions(session, staff.id, "account_disabled")
    revoked = session.execute(
        update(tokens_t).where(tokens_t.c.staff_id == staff.id, tokens_t.c.revoked_at.is_(None)).values(revoked_at=now)
    ).rowcount
    audit(session.connection(), actor, "staff_disabled", "staff", staff.id, reason=reason[:500],
          sessions_ended=ended, tokens_revoked=revoked)  # fmt: skip


def enable(session: Session, staff: Staff, *, actor: Any) -> None:
    if staff.disabled_at is None:
        raise Conflict(f"{staff.name}'s account is not disabled.")
    staff.disabled_at = None
    audit(session.connection(), actor, "staff_enabled", "staff", staff.id)
