"""A message is checked against its template when it is written, and a message that cannot be
rendered fails for good at sending time (it never gets better by retrying)."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from casework import clock
from casework.models import OutboxMessage
from casework.notifications import outbox
from casework.notifications.messages import Message
from casework.notifications.templates import TemplateError

outbox_t = OutboxMessage.__table__


@pytest.fixture
def engine(tmp_path):
    from casework.cli import upgrade
    from casework.db import make_engine

    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _message(**values) -> Message:
    return Message(
        dedupe_key="event:1:contact:1",
        recipient="sara@example.org",
        recipient_kind="contact",
        channel="email",
        template="family_review_meeting_arranged.email",
        personalisation=values,
    )


def test_a_message_missing_a_value_is_refused_when_written(engine):
    """The review meeting email once asked for $review_decision_due_on, which no review has until the
    meeting is held: the message was written and failed for a day at sending time."""
    with pytest.raises(TemplateError, match=r"\$meeting_on"), engine.begin() as conn:
        outbox.add(conn, [_message(contact_name="Sara", child_name="Amira", officer_line="x", case_ref="EHC-1")])
    with engine.connect() as conn:
        assert conn.execute(select(outbox_t.c.id)).all() == []


def test_an_empty_value_counts_as_missing(engine):
    values = {
        "contact_name": "Sara",
        "child_name": "Amira",
        "officer_line": "x",
        "case_ref": "EHC-1",
        "meeting_on": " ",
    }
    with pytest.raises(TemplateError, match=r"\$meeting_on"), engine.begin() as conn:
        outbox.add(conn, [_message(**values)])


def test_a_message_that_cannot_be_rendered_fails_at_once_and_for_good(engine):
    with engine.begin() as conn:  # written before a template changed (or by hand): not checked
        outbox_id = conn.execute(
            insert(outbox_t)
            .values(
                dedupe_key="k",
                recipient="sara@example.org",
                recipient_kind="contact",
                channel="email",
                template="family_review_meeting_arranged.email",
                personalisation={"contact_name": "Sara"},
                status="pending",
                attempts=0,
                created_at=clock.now(),
            )
            .returning(outbox_t.c.id)
        ).scalar_one()
    sent = []
    assert outbox.deliver(engine, outbox_id, lambda row, s, b: sent.append(row)) == "failed"
    with engine.connect() as conn:
        row = conn.execute(select(outbox_t).where(outbox_t.c.id == outbox_id)).one()
    assert row.status == "failed" and row.attempts == 1 and row.next_attempt_at is None
    assert "TemplateError" in row.last_error and "$meeting_on" in row.last_error and "Sara" not in row.last_error
    assert sent == []
    assert outbox.pending_ids(engine.connect()) == []  # the relay never tries it again
