"""Delivery under faults, on PostgreSQL + Redis (and SQLite): a worker killed between claiming and
sending, Redis stopped while events are recorded, and GOV.UK Notify errors (400 not retried, 500
retried). Nothing is lost and nothing is sent twice."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from casework.models import OutboxMessage
from casework.notifications import outbox
from tests.conftest import REDIS_URL, Api, _missing, child_payload
from tests.fakes.notify_server import API_KEY, FakeNotify

EMAIL_TEMPLATE = "9d7a1a3e-6c5e-4a3b-9c54-2b3f6f1c0a11"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own, so the test can stop and start it."""

    def __init__(self):
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            _missing("redis-server")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def private_redis():
    if not REDIS_URL:  # the same requirement as the other Redis tests (CI sets it)
        _missing("CASEWORK_TEST_REDIS_URL")
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


def _app(database_url: str, tmp: Path, **overrides):
    from casework.app import create_app
    from casework.config import Config

    config = Config(database_url=database_url, outbox_dir=tmp / "outbox", upload_dir=tmp / "uploads", testing=True)
    for k, v in overrides.items():
        setattr(config, k, v)
    return create_app(config)


def _rows(app):
    with app.extensions["casework"].session_factory() as s:
        return s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()


def _work(redis_url: str, monkeypatch, database_url: str, tmp: Path, **env) -> None:
    """Run an RQ worker until the queue is empty (the jobs build their config from the environment)."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CASEWORK_OUTBOX_DIR", str(tmp / "outbox"))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    queue = Queue("casework", connection=Redis.from_url(redis_url))
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_worker_killed_between_claim_and_send_is_delivered_after_the_relay(
    database_url, app, staff, private_redis, tmp_path, monkeypatch
):
    rq_app = _app(database_url, tmp_path, redis_url=private_redis.url)
    api = Api(rq_app.test_client(), staff["officer"]["token"])
    with freeze_time("2026-01-05 10:00:00"):
        child = api.post("/api/v1/children", json=child_payload()).get_json()
        assert (
            api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).status_code
            == 201
        )
        (row,) = _rows(rq_app)
        # a worker claims the row and dies before sending: the row is left 'sending'
        with rq_app.extensions["casework"].engine.begin() as conn:
            assert outbox.claim(conn, row.id) is not None
        from redis import Redis

        Redis.from_url(private_redis.url).flushdb()  # its job is gone with it
        assert _rows(rq_app)[0].status == "sending"
        assert rq_app.extensions["casework"].dispatch.relay() == 0  # not yet: it may still be sending
    with freeze_time("2026-01-05 10:11:00"):  # past the 10-minute claim timeout
        assert rq_app.extensions["casework"].dispatch.relay() == 1
        _work(private_redis.url, monkeypatch, database_url, tmp_path)
        (row,) = _rows(rq_app)
        assert row.status == "sent" and row.attempts == 2
        assert len(list((tmp_path / "outbox").glob("*.txt"))) == 1
        assert rq_app.extensions["casework"].dispatch.relay() == 0
    rq_app.extensions["casework"].engine.dispose()


def test_with_redis_stopped_events_are_recorded_and_sent_once_it_is_back(
    database_url, app, staff, private_redis, tmp_path, monkeypatch
):
    rq_app = _app(database_url, tmp_path, redis_url=private_redis.url)
    api = Api(rq_app.test_client(), staff["officer"]["token"])
    with freeze_time("2026-01-05 10:00:00"):
        child = api.post("/api/v1/children", json=child_payload()).get_json()
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    private_redis.stop()
    with freeze_time("2026-02-10 10:00:00"):
        r = api.post(
            f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-02-10"}
        )
        assert r.status_code == 200  # recording does not depend on Redis
        assert [x.status for x in _rows(rq_app)] == ["pending", "pending"]
    private_redis.start()  # back, empty: the first job was lost with the old server
    with freeze_time("2026-02-10 10:01:00"):
        assert rq_app.extensions["casework"].dispatch.relay() == 2
        _work(private_redis.url, monkeypatch, database_url, tmp_path)
        assert [x.status for x in _rows(rq_app)] == ["sent", "sent"]
        rq_app.extensions["casework"].dispatch.relay()
        _work(private_redis.url, monkeypatch, database_url, tmp_path)
        assert len(list((tmp_path / "outbox").glob("*.txt"))) == 2  # each once
    rq_app.extensions["casework"].engine.dispose()


@pytest.mark.parametrize("status, retried", [(400, False), (500, True)])
def test_notify_400_is_not_retried_and_500_is(
    database_url, app, staff, private_redis, tmp_path, monkeypatch, status, retried
):
    with FakeNotify() as notify:
        settings = {
            "NOTIFY_API_KEY": API_KEY,
            "NOTIFY_BASE_URL": notify.url,
            "NOTIFY_EMAIL_TEMPLATE_ID": EMAIL_TEMPLATE,
        }
        rq_app = _app(
            database_url,
            tmp_path,
            redis_url=private_redis.url,
            notify_api_key=API_KEY,
            notify_base_url=notify.url,
            notify_email_template_id=EMAIL_TEMPLATE,
        )
        api = Api(rq_app.test_client(), staff["officer"]["token"])
        notify.fail(status, "Bad request" if status == 400 else "Internal server error")
        with freeze_time("2026-01-05 10:00:00"):
            child = api.post("/api/v1/children", json=child_payload()).get_json()
            assert (
                api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).status_code
                == 201
            )
            _work(private_redis.url, monkeypatch, database_url, tmp_path, **settings)
            (row,) = _rows(rq_app)
            assert row.status == ("pending" if retried else "failed")
            assert str(status) in row.last_error and "sara.khan" not in row.last_error
            assert len(notify.sends) == 1
        with freeze_time("2026-01-05 10:02:00"):  # past the first backoff (1 minute)
            rq_app.extensions["casework"].dispatch.relay()
            _work(private_redis.url, monkeypatch, database_url, tmp_path, **settings)
            (row,) = _rows(rq_app)
            assert len(notify.sends) == (2 if retried else 1)
            assert row.status == ("sent" if retried else "failed")
            if retried:
                assert notify.lookups  # looked up by reference before sending again
                # the reference carries the deployment's prefix (by default the database's name)
                prefix = rq_app.extensions["casework"].config.reference_prefix
                assert prefix in ("test", database_url.rpartition("/")[2])
                assert notify.sends[-1].json["reference"] == row.reference == f"{prefix}-outbox-{row.id}"
                assert notify.lookups[-1].query["reference"] == row.reference
        # a failed message is shown with the case's notifications
        notes = api.get(f"/api/v1/cases/{row.case_id}/notifications").get_json()
        assert notes[0]["status"] == row.status and notes[0]["attempts"] == row.attempts
        rq_app.extensions["casework"].engine.dispose()
