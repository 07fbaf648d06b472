"""The outbox's own guarantees at the edges the soak test (benchmarks/soak.py) found or exercises:
a sent message is recorded even while the database restarts, an attempt that ended after its row
was taken back cannot overwrite the newer attempt, the reference is fixed once, a resend of an SMTP
message keeps its Message-ID, the relay does not flood the queue with rows whose job is waiting,
and a portal sign-in link does not stay in the database or reach the logs."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from freezegun import freeze_time
from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError

from casework.cli import upgrade
from casework.config import Config
from casework.db import make_engine
from casework.notifications import outbox
from casework.notifications.messages import Message
from casework.services import Dispatcher
from tests.conftest import PG_URL, REDIS_URL, _fresh_postgres, _missing
from tests.fakes import SMTPSink

LINK = "https://casework.example/portal/sign-in/0123456789-one-time-SECRET-token"


def _add(services, n: int = 1, **values) -> list[int]:
    values = values or {"contact_name": "Sara Khan", "link": LINK, "minutes": "30"}
    with services.engine.begin() as conn:
        return outbox.add(
            conn,
            [
                Message(
                    dedupe_key=f"test:{i}",
                    recipient="sara.khan@example.org",
                    recipient_kind="contact",
                    channel="email",
                    template="portal_sign_in.email",
                    personalisation=dict(values),
                )
                for i in range(n)
            ],
        )


def _row(services, outbox_id: int):
    with services.engine.connect() as conn:
        return conn.execute(select(outbox.outbox_t).where(outbox.outbox_t.c.id == outbox_id)).one()


class FlakyEngine:
    """The real engine, except that the next `failures` transactions fail the way a restarting
    database makes them fail."""

    def __init__(self, engine):
        self.engine = engine
        self.failures = 0

    def begin(self):
        if self.failures:
            self.failures -= 1
            raise OperationalError("UPDATE outbox", {}, ConnectionError("the database system is shutting down"))
        return self.engine.begin()


def test_a_sent_message_is_recorded_once_the_database_is_back(services, monkeypatch):
    """Before: the UPDATE to 'sent' failed, the row stayed 'sending' and was sent a second time
    after the stuck timeout (the soak's PostgreSQL restart showed it)."""
    monkeypatch.setattr(outbox.time, "sleep", lambda s: None)
    (outbox_id,) = _add(services)
    engine, sent = FlakyEngine(services.engine), []

    def send(row, subject, body):
        sent.append(row.id)
        engine.failures = 3  # the database goes away just after the provider took the message

    assert outbox.deliver(engine, outbox_id, send) == "sent"
    assert sent == [outbox_id] and _row(services, outbox_id).status == "sent"


def test_recording_gives_up_after_its_patience_and_the_row_waits_for_the_stuck_timeout(services, monkeypatch):
    monkeypatch.setattr(outbox.time, "sleep", lambda s: None)
    (outbox_id,) = _add(services)
    engine = FlakyEngine(services.engine)

    def send(row, subject, body):
        engine.failures = 10**6

    monotonic = iter(range(0, 10**6, 10))
    monkeypatch.setattr(outbox.time, "monotonic", lambda: next(monotonic))
    with pytest.raises(OperationalError):
        outbox.deliver(engine, outbox_id, send, stuck_after=dt.timedelta(minutes=10))
    assert _row(services, outbox_id).status == "sending"  # taken back by the relay after 10 minutes


@pytest.mark.postgres
def test_a_killed_database_connection_while_sending_does_not_cause_a_resend(tmp_path):
    """PostgreSQL only (pg_terminate_backend), on a database of its own."""
    if not PG_URL:
        _missing("CASEWORK_TEST_POSTGRES_URL")
    url, drop = _fresh_postgres(PG_URL)
    upgrade(url)
    worker = make_engine(url, connect_args={"application_name": "casework-outbox-test"})
    admin = make_engine(url)

    def send(row, subject, body):
        with admin.connect() as conn:  # every connection of the worker dies while it sends
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = 'casework-outbox-test'"
                )
            ).scalar_one()
        assert killed == 1

    try:
        (outbox_id,) = _add(SimpleNamespace(engine=admin))
        assert outbox.deliver(worker, outbox_id, send) == "sent"
        assert _row(SimpleNamespace(engine=admin), outbox_id).status == "sent"
    finally:
        worker.dispose()
        admin.dispose()
        drop()


def test_an_attempt_that_ends_after_its_row_was_taken_back_changes_nothing(services):
    (outbox_id,) = _add(services)
    with freeze_time("2026-01-05 10:00:00"), services.engine.begin() as conn:
        first = outbox.claim(conn, outbox_id)  # a worker claims it and stalls
    with freeze_time("2026-01-05 10:11:00"):  # past the stuck timeout: another worker sends it
        assert outbox.deliver(services.engine, outbox_id, lambda row, s, b: None) == "sent"
        outbox._finish(services.engine, first, "pending", "TemporaryFailure: late")  # the first wakes up
    row = _row(services, outbox_id)
    assert (row.status, row.attempts, row.reclaimed, row.last_error) == ("sent", 2, 1, None)


def test_the_reference_is_fixed_at_the_first_claim_and_old_references_are_kept(services):
    first, legacy = _add(services, 2)
    with services.engine.begin() as conn:  # attempted before migration 0011
        conn.execute(update(outbox.outbox_t).where(outbox.outbox_t.c.id == legacy).values(reference=f"outbox-{legacy}"))
    seen = []
    for outbox_id in (first, legacy):
        outbox.deliver(services.engine, outbox_id, lambda row, s, b: seen.append(row.reference), prefix="council_a")
    assert seen == [f"council_a-outbox-{first}", f"outbox-{legacy}"]


def test_the_reference_prefix_defaults_to_the_database_name():
    assert Config(database_url="postgresql://u@db.example:5432/casework_live").reference_prefix == "casework_live"
    assert Config(database_url="sqlite:////srv/instance/training.sqlite3").reference_prefix == "training"
    named = Config(database_url="postgresql://u@db/x", notify_reference_prefix="Worcs prod/2")
    assert named.reference_prefix == "Worcs_prod_2"
    env = {"DATABASE_URL": "sqlite:///x.db", "CASEWORK_DEPLOYMENT_ID": "worcs-training"}
    assert Config.from_env(env).reference_prefix == "worcs_training"


def test_an_smtp_resend_keeps_the_message_id(services, tmp_path):
    """SMTP has no look-up: a message the server took just before its worker died is sent again
    after the stuck timeout. It is the same message (same Message-ID), and the row counts it."""
    (outbox_id,) = _add(services)
    with SMTPSink() as sink:
        config = Config(
            database_url="sqlite://", smtp_url=sink.url(), outbox_dir=tmp_path, notify_reference_prefix="council_a"
        )
        dispatch = Dispatcher(config, services.engine)
        with freeze_time("2026-01-05 10:00:00"):
            with services.engine.begin() as conn:
                row = outbox.claim(conn, outbox_id, prefix="council_a")
            dispatch.send(row, "Sign in", "body")  # the server has it; the worker dies here
        with freeze_time("2026-01-05 10:11:00"):
            assert dispatch.relay() == 1
        ids = [m.message["Message-ID"] for m in sink.received]
    assert ids == [f"<council_a-outbox-{outbox_id}@council.example>"] * 2
    assert _row(services, outbox_id).reclaimed == 1


def test_the_portal_link_leaves_the_row_once_sent_and_is_never_logged(services, caplog):
    caplog.set_level(logging.DEBUG)
    sent_id, failed_id = _add(services, 2)
    assert services.dispatch.deliver_now(sent_id) == "sent"
    [message] = [p for p in services.config.outbox_dir.glob("*.txt") if f"{sent_id:08d}" in p.name]
    assert LINK in message.read_text()  # the family got it

    def refuse(row, subject, body):
        raise outbox.PermanentFailure("refused")

    assert outbox.deliver(services.engine, failed_id, refuse) == "failed"
    for outbox_id in (sent_id, failed_id):
        values = _row(services, outbox_id).personalisation
        assert "link" not in values and values["contact_name"] == "Sara Khan"
    assert "SECRET" not in caplog.text


def test_the_relay_leaves_rows_whose_job_is_waiting_to_that_job(services, tmp_path):
    if not REDIS_URL:
        _missing("CASEWORK_TEST_REDIS_URL")
    from redis import Redis
    from rq import Queue

    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    queue = Queue("casework", connection=redis)
    dispatch = Dispatcher(Config(database_url="sqlite://", outbox_dir=tmp_path), services.engine, queue)
    with freeze_time("2026-01-05 10:00:00"):
        ids = _add(services, 3)
        dispatch(ids[:2])  # after commit: two jobs wait in the queue; the third was never enqueued
        assert queue.count == 2
        assert dispatch.relay() == 1 and queue.count == 3
        redis.flushdb()  # Redis lost everything: the relay enqueues every row again
        assert dispatch.relay() == 3 and queue.count == 3
    with freeze_time("2026-01-05 10:11:00"):  # waiting longer than the stuck timeout: enqueued again
        assert dispatch.relay() == 3
    redis.flushdb()
