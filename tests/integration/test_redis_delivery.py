"""With REDIS_URL set, delivery runs on RQ workers; with Redis unreachable, recording still works
and the relay delivers later. Needs a real Redis (CASEWORK_TEST_REDIS_URL; CI sets it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from tests.conftest import REDIS_URL, Api, _missing, child_payload


@pytest.fixture
def redis_url():
    if not REDIS_URL:
        _missing("CASEWORK_TEST_REDIS_URL")
    from redis import Redis

    Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


def _app(database_url, outbox: Path, redis_url: str):
    from casework.app import create_app
    from casework.config import Config

    return create_app(Config(database_url=database_url, outbox_dir=outbox, redis_url=redis_url, testing=True))


def _statuses(app):
    from casework.models import OutboxMessage

    with app.extensions["casework"].session_factory() as s:
        return [r.status for r in s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars()]


def test_messages_are_delivered_by_an_rq_worker(database_url, app, staff, redis_url, tmp_path, monkeypatch):
    from redis import Redis
    from rq import Queue, SimpleWorker

    rq_app = _app(database_url, tmp_path, redis_url)
    api = Api(rq_app.test_client(), staff["officer"]["token"])
    with freeze_time("2026-01-05"):
        child = api.post("/api/v1/children", json=child_payload()).get_json()
        assert (
            api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).status_code
            == 201
        )
    assert _statuses(rq_app) == ["pending"]  # enqueued, not yet sent
    queue = Queue("casework", connection=Redis.from_url(redis_url))
    assert queue.count == 1
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CASEWORK_OUTBOX_DIR", str(tmp_path))
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert _statuses(rq_app) == ["sent"]
    assert len(list(tmp_path.glob("*.txt"))) == 1
    rq_app.extensions["casework"].engine.dispose()


def test_with_redis_down_recording_works_and_the_relay_delivers_later(database_url, app, staff, tmp_path):
    down = _app(database_url, tmp_path, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    api = Api(down.test_client(), staff["officer"]["token"])
    with freeze_time("2026-01-05"):
        child = api.post("/api/v1/children", json=child_payload()).get_json()
        r = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"})
        assert r.status_code == 201  # the event is recorded although the queue is unreachable
    assert _statuses(down) == ["pending"]
    # Redis "back": the relay (here in-process) sends what was left pending, once
    from casework.services import Dispatcher

    relay = Dispatcher(down.extensions["casework"].config, down.extensions["casework"].engine, None)
    assert relay.relay() == 1
    assert relay.relay() == 0
    assert _statuses(down) == ["sent"]
    down.extensions["casework"].engine.dispose()
