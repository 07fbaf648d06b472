"""Delivery receipts: what GOV.UK Notify says finally became of each message (its callback), kept on
the outbox row, and the family messages that did not arrive, for the case page and the queue.

Notify calls back once a notification reaches a final status: delivered, permanent-failure (the
address does not exist), temporary-failure (inbox full, phone off: Notify stopped trying) or
technical-failure (Notify's own problem); letters may also end validation-failed or
virus-scan-failed. A receipt finds its row by the reference the message carried (the deployment's
prefix keeps another deployment's receipts out). A receipt for a notification the row no longer
tracks (an earlier attempt that Notify lost, sent again since) or older than the one recorded
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Connection

from casework import clock
from casework.models import Case, Event, OutboxMessage

outbox_t = OutboxMessage.__table__
DELIVERED = "delivered"
NOT_DELIVERED = frozenset(
    {"permanent-failure", "temporary-failure", "technical-failure", "validation-failed", "virus-scan-failed"}
)


def record(conn: Connection, receipt: Mapping[str, Any]) -> str:
    """Record one receipt (`id`, `reference`, `status`, `completed_at`...) in the caller's
    transaction. Returns "recorded", "unknown" (no row has the reference), "superseded" (the row
    tracks another notification) or "older" (a later status is already recorded)."""
    reference = receipt.get("reference")
    if not reference:
        return "unknown"
    row = conn.execute(
        select(outbox_t.c.id, outbox_t.c.notify_id).where(outbox_t.c.reference == reference)
    ).one_or_none()
    if row is None:
        return "unknown"
    notify_id = str(receipt["id"])
    if row.notify_id and row.notify_id != notify_id:
        return "superseded"
    when: dt.datetime = receipt.get("completed_at") or receipt.get("sent_at") or clock.now()
    moved = conn.execute(
        update(outbox_t)
        .where(
            outbox_t.c.id == row.id,
            or_(outbox_t.c.notify_id.is_(None), outbox_t.c.notify_id == notify_id),
            or_(outbox_t.c.delivery_status_at.is_(None), outbox_t.c.delivery_status_at <= when),
        )
        .values(delivery_status=str(receipt["status"])[:30], delivery_status_at=when, notify_id=notify_id)
    ).rowcount
    return "recorded" if moved == 1 else "older"


def not_delivered():
    """The condition for a message that did not reach its recipient: it could not be sent (failed
    for good) or Notify reported that it was not delivered."""
    return or_(outbox_t.c.status == "failed", outbox_t.c.delivery_status.in_(sorted(NOT_DELIVERED)))


def is_undelivered(row: Any) -> bool:
    return row.status == "failed" or (row.delivery_status or "") in NOT_DELIVERED


def family_undelivered(conn: Connection, case_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """The family messages of these cases that did not arrive, by case, oldest first: what the
    case page and the queue show ("the family did not get the decision email")."""
    ids = sorted(set(case_ids))
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(
        select(
            outbox_t.c.id,
            outbox_t.c.case_id,
            outbox_t.c.event_id,
            outbox_t.c.template,
            outbox_t.c.channel,
            outbox_t.c.status,
            outbox_t.c.delivery_status,
            outbox_t.c.delivery_status_at,
            outbox_t.c.created_at,
            Event.__table__.c.type.label("event_type"),
        )
        .select_from(outbox_t.outerjoin(Event.__table__, Event.__table__.c.id == outbox_t.c.event_id))
        .where(outbox_t.c.case_id.in_(ids), outbox_t.c.recipient_kind == "contact", not_delivered())
        .order_by(outbox_t.c.id)
    ).all()
    for r in rows:
        out[r.case_id].append(
            {
                "id": r.id,
                "event_id": r.event_id,
                "event_type": r.event_type,
                "template": r.template,
                "message": message_name(r.template),
                "channel": r.channel,
                "status": r.status,
                "delivery_status": r.delivery_status,
                "delivery_status_at": r.delivery_status_at,
                "created_at": r.created_at,
            }
        )
    return out


def officer_undelivered(conn: Connection, officer_id: int) -> dict[int, list[dict[str, Any]]]:
    """The family messages that did not arrive on an officer's open cases, by case."""
    case_ids = conn.execute(
        select(outbox_t.c.case_id)
        .join(Case.__table__, Case.__table__.c.id == outbox_t.c.case_id)
        .where(Case.__table__.c.officer_id == officer_id, Case.__table__.c.is_open)
        .where(outbox_t.c.recipient_kind == "contact", not_delivered())
        .distinct()
    ).scalars()
    return {k: v for k, v in family_undelivered(conn, case_ids).items() if v}


def message_name(template: str) -> str:
    """The event a family message was about, from its template: "family_decided_to_assess.email" ->
    "decided_to_assess" (the pages turn it into the step's words)."""
    stem = template.rpartition(".")[0] or template
    return stem.removeprefix("family_")
