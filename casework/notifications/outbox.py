"""The outbox: messages are written in the same transaction as the event that caused them,
then claimed and delivered one by one. A claim is a conditional update (pending -> sending), so two
workers never send the same row; a row left 'sending' by a crashed worker is re-queued by the relay
after a timeout; the unique dedupe key means the same message is never written twice."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from sqlalchemy import Integer, and_, bindparam, case, func, or_, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from casework import clock
from casework.models import OutboxMessage
from casework.notifications.errors import PermanentFailure
from casework.notifications.links import SEND_TIME_NAMES
from casework.notifications.messages import Message, render
from casework.notifications.templates import TEMPLATES, TemplateError

log = logging.getLogger(__name__)
outbox_t = OutboxMessage.__table__
STUCK_AFTER = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 8
# personalisation values that open something (the portal's one-time sign-in link and text code): removed from the
# row once it is done with (sent or failed for good), so the database never keeps a usable link
SECRET_VALUES = frozenset({"link", "code"})


# One statement for both databases (SQLite and PostgreSQL share this syntax). Written as text
# because SQLAlchemy 2.0 cannot cache its on_conflict_do_nothing() constructs, and compiling the
# statement anew for every message cost more than sending it.
_ADD_COLUMNS = (
    "case_id",
    "event_id",
    "dedupe_key",
    "recipient",
    "recipient_kind",
    "channel",
    "template",
    "personalisation",
    "status",
    "attempts",
    "created_at",
)
_ADD = (
    text(
        f"INSERT INTO outbox ({', '.join(_ADD_COLUMNS)}) VALUES ({', '.join(':' + c for c in _ADD_COLUMNS)}) "
        "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"
    )
    .bindparams(*(bindparam(c, type_=outbox_t.c[c].type) for c in _ADD_COLUMNS))
    .columns(id=Integer)
)


def add(conn: Connection, messages: Sequence[Message]) -> list[int]:
    """Write messages in the caller's transaction; one whose dedupe key already exists is
    skipped (INSERT ... ON CONFLICT DO NOTHING). Returns the ids of the rows written.

    Each message is checked against its template first: a placeholder without a value raises
    TemplateError, so whatever caused the message rolls back (a bug for the tests to find) rather
    than writing a message that can never be sent."""
    if not messages:
        return []
    for m in messages:
        if m.template.startswith("letter."):  # rendered and checked when written (workflow/letters.py)
            if "letter_id" not in m.personalisation:
                raise TemplateError(f"{m.template}: a letter's message carries its letter_id")
            continue
        TEMPLATES.check(m.template, m.personalisation, SEND_TIME_NAMES)
    now = clock.now()
    rows = [
        {
            "dedupe_key": m.dedupe_key,
            "recipient": m.recipient,
            "recipient_kind": m.recipient_kind,
            "channel": m.channel,
            "template": m.template,
            "personalisation": m.personalisation,
            "case_id": m.case_id,
            "event_id": m.event_id,
            "status": "pending",
            "attempts": 0,
            "created_at": now,
        }
        for m in messages
    ]
    return [i for row in rows for i in conn.execute(_ADD, row).scalars()]


BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
    dt.timedelta(hours=3),
    dt.timedelta(hours=6),
    dt.timedelta(hours=12),
)


def reference(prefix: str, outbox_id: int) -> str:
    """The reference a row's message carries: "<deployment prefix>-outbox-<id>" ("outbox-<id>"
    without a prefix, as rows sent before migration 0011 were)."""
    return f"{prefix}-outbox-{outbox_id}" if prefix else f"outbox-{outbox_id}"


def _ready(now: dt.datetime, stuck_after: dt.timedelta = STUCK_AFTER):
    """Rows to (re)send now: pending and past any backoff, or stuck in 'sending' (a worker that
    claimed the row died before finishing) for longer than `stuck_after`."""
    return or_(
        and_(
            outbox_t.c.status == "pending", or_(outbox_t.c.next_attempt_at.is_(None), outbox_t.c.next_attempt_at <= now)
        ),
        and_(outbox_t.c.status == "sending", outbox_t.c.claimed_at < now - stuck_after),
    )


def claim(conn: Connection, outbox_id: int, *, prefix: str = "", stuck_after: dt.timedelta = STUCK_AFTER) -> Any | None:
    """Take a row for sending (a conditional update); None if someone else has it, it is done,
    or it is waiting out a backoff. The first claim fixes the row's reference; taking a row back
    from a worker that never finished is counted (`reclaimed`)."""
    now = clock.now()
    moved = conn.execute(
        update(outbox_t)
        .where(outbox_t.c.id == outbox_id, _ready(now, stuck_after))
        .values(
            status="sending",
            claimed_at=now,
            attempts=outbox_t.c.attempts + 1,
            reclaimed=case((outbox_t.c.status == "sending", outbox_t.c.reclaimed + 1), else_=outbox_t.c.reclaimed),
            reference=func.coalesce(outbox_t.c.reference, reference(prefix, outbox_id)),
        )
    ).rowcount
    if moved != 1:
        return None
    return conn.execute(select(outbox_t).where(outbox_t.c.id == outbox_id)).one()


def deliver(
    engine: Any,
    outbox_id: int,
    send: Callable[[Any, str, str], Any],
    extra: Callable[[Any], dict[str, Any]] | None = None,
    *,
    prefix: str = "",
    stuck_after: dt.timedelta = STUCK_AFTER,
) -> str:
    """Claim, render, send and mark one row. Returns the row's status after this attempt.
    `extra(row)` adds values known only at sending time (the portal address, a fresh private link).
    `send` may return the provider's id for the message (GOV.UK Notify's notification id)."""
    with engine.begin() as conn:
        row = claim(conn, outbox_id, prefix=prefix, stuck_after=stuck_after)
    if row is None:
        return "skipped"
    # once the provider has the message, recording it must outlast a database restart: a row left
    # 'sending' is sent again after `stuck_after`, so keep trying for a good part of that
    finish = partial(_finish, engine, row, patience=min(stuck_after.total_seconds() / 4, FINISH_PATIENCE))
    try:
        if row.template.startswith("letter."):  # a letter renders itself, as a PDF (workflow/letters.py)
            subject, body = "", ""
        else:
            values = {**row.personalisation, **(extra(row) if extra else {})}
            subject, body = render(row.template, values)
        provider_id = send(row, subject, body)
    except PermanentFailure as exc:
        finish("failed", str(exc))
        log.warning("outbox %s failed permanently", outbox_id)
        return "failed"
    except TemplateError as exc:  # a message that cannot be rendered never will be: permanent
        finish("failed", f"TemplateError: {exc}")
        log.error("outbox %s cannot be rendered: %s", outbox_id, exc)
        return "failed"
    except Exception as exc:  # temporary: back to pending, retried after a backoff by the relay
        status = "failed" if row.attempts >= MAX_ATTEMPTS else "pending"
        wait = BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
        finish(
            status,
            f"{type(exc).__name__}: {exc}",
            next_attempt_at=clock.now() + wait if status == "pending" else None,
        )
        log.warning("outbox %s attempt %s failed (%s)", outbox_id, row.attempts, type(exc).__name__)
        if status == "pending":
            raise
        return status
    finish("sent", None, notify_id=provider_id if isinstance(provider_id, str) else None)
    return "sent"


FINISH_PATIENCE = 120.0  # seconds


def _finish(
    engine: Any,
    row: Any,
    status: str,
    error: str | None,
    next_attempt_at: dt.datetime | None = None,
    notify_id: str | None = None,
    patience: float = FINISH_PATIENCE,
) -> None:
    """Record how an attempt ended, if the row is still this attempt's (a row taken back by the
    relay belongs to the newer attempt). A database that is restarting or unreachable is waited
    for, up to `patience` seconds. Values that open something (SECRET_VALUES) leave a row that is
    done with."""
    values: dict[str, Any] = {
        "status": status,
        "last_error": error,
        "sent_at": clock.now() if status == "sent" else None,
        "next_attempt_at": next_attempt_at,
    }
    if notify_id:
        values["notify_id"] = notify_id
    if status != "pending" and SECRET_VALUES & set(row.personalisation or {}):
        values["personalisation"] = {k: v for k, v in row.personalisation.items() if k not in SECRET_VALUES}
    statement = (
        update(outbox_t)
        .where(outbox_t.c.id == row.id, outbox_t.c.status == "sending", outbox_t.c.attempts == row.attempts)
        .values(**values)
    )
    deadline, pause = time.monotonic() + patience, 0.25
    while True:
        try:
            with engine.begin() as conn:
                moved = conn.execute(statement).rowcount
            break
        except DBAPIError as exc:
            if not (exc.connection_invalidated or isinstance(exc, (OperationalError, InterfaceError))):
                raise
            if time.monotonic() + pause > deadline:
                log.error("outbox %s: could not record '%s' (database unreachable)", row.id, status)
                raise
            log.warning("outbox %s: database unreachable, recording '%s' again in %.2fs", row.id, status, pause)
            time.sleep(pause)
            pause = min(pause * 2, 5.0)
    if moved != 1:
        log.warning("outbox %s: attempt %s ended after the row was taken back by a newer attempt", row.id, row.attempts)


def pending_ids(conn: Connection, limit: int = 500, stuck_after: dt.timedelta = STUCK_AFTER) -> list[int]:
    """Rows to (re)deliver now: pending past their backoff, or stuck in 'sending'."""
    return list(
        conn.execute(
            select(outbox_t.c.id).where(_ready(clock.now(), stuck_after)).order_by(outbox_t.c.id).limit(limit)
        ).scalars()
    )
