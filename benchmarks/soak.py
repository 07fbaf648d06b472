#!/usr/bin/env python
"""Delivery under faults: the outbox's promise ("a crash, a Redis flush or a database restart
delays a message but never loses or doubles it"), tested with real processes.

    python -m benchmarks.soak [--events 10000] [--kills 60] [--workers 4] [--redis-restarts 1]
        [--postgres-restarts 1] [--connection-drops 2] [--stuck-seconds 60] [--relay-seconds 5]
        [--shared-postgres postgresql://postgres@127.0.0.1:5432/postgres] [--seed N]

What runs: PostgreSQL (a private cluster made with initdb, so it can really be restarted; or with
--shared-postgres a throw-away database on that server, whose connections are dropped instead),
a private redis-server, 4 `rq worker casework` processes (forking a work-horse per job), the relay
(`rq cron benchmarks.soak_cron`: the production relay job every --relay-seconds) and a recording
SMTP server in its own process. The product is configured as in production (SMTP_URL, REDIS_URL).

What happens: --events events go through the JSON API (per child: the request is received, the
council decides to assess, an exception is recorded, the request is withdrawn; each tells the
family by email). Meanwhile, at random moments spread over the run, a worker or its work-horse
is killed with SIGKILL (--kills times; a replacement is started), Redis is killed and started
empty, PostgreSQL is restarted as after a crash (`pg_ctl restart -m immediate`) and every
connection to the database is dropped (pg_terminate_backend). Then it waits until nothing is
pending or sending.

What it checks: every event that tells the family has its outbox row (by dedupe key); every row
is `sent`; the SMTP server received every row's reference; no reference arrived with two
Message-IDs; and a reference received more than once belongs to a row taken back from a worker
that died after the server had the message (SMTP has no look-up: the resend carries the same
Message-ID, so a mailbox that drops repeated Message-IDs shows it once). Anything else is a
duplicate or a loss. Exit status 0 only when lost, duplicates, stuck and phantom are all 0.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.soak_services import PrivatePostgres, PrivateRedis, SharedPostgres, Sink, Supervisor, serve_sink

STEPS = (
    ("decided_to_assess", "2026-02-10", {}),
    (
        "exception_recorded",
        "2026-03-02",
        {"reason": "exceptional_personal_circumstances", "deadline_keys": ["final_plan"], "note": "Soak"},
    ),
    ("withdrawn", "2026-03-03", {"reason": "The family moved away."}),
)
EVENTS_PER_CHILD = 1 + len(STEPS)  # the request received, then STEPS


@dataclass
class Settings:
    events: int = 10_000
    workers: int = 4
    kills: int = 60
    redis_restarts: int = 1
    postgres_restarts: int = 1
    connection_drops: int = 2
    stuck_seconds: int = 60
    relay_seconds: int = 5
    shared_postgres: str | None = None
    seed: int = 0
    drain_seconds: float = 0.0  # 0: stuck timeout x 3 + 120 s


@dataclass
class Report:
    events: int = 0
    messages: int = 0
    worker_kills: int = 0
    horse_kills: int = 0
    redis_restarts: int = 0
    postgres_restarts: int = 0
    connection_drops: int = 0
    unexpected_exits: int = 0
    smtp_transactions: int = 0
    delivered_once: int = 0
    resent_same_message_id: int = 0
    reclaimed_rows: int = 0
    duplicates: int = 0
    lost: int = 0
    stuck: int = 0
    phantom: int = 0
    missing_rows: int = 0
    seconds: float = 0.0
    timeline: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.messages > 0 and not (
            self.duplicates or self.lost or self.stuck or self.phantom or self.missing_rows
        )

    def lines(self) -> list[str]:
        return [
            f"events {self.events}, messages {self.messages} (outbox rows), time {self.seconds:.0f} s",
            f"kills {self.worker_kills + self.horse_kills} (SIGKILL: {self.worker_kills} workers, "
            f"{self.horse_kills} work-horses); unexpected exits replaced {self.unexpected_exits}",
            f"restarts: redis {self.redis_restarts}, postgres {self.postgres_restarts}; "
            f"connection drops (pg_terminate_backend) {self.connection_drops}",
            f"delivered exactly once {self.delivered_once + self.resent_same_message_id} of {self.messages} by "
            f"Message-ID ({self.delivered_once} in one SMTP transaction, {self.resent_same_message_id} resent "
            f"with the same Message-ID after their worker died); SMTP transactions {self.smtp_transactions}",
            f"rows taken back from a dead worker {self.reclaimed_rows}",
            f"duplicates {self.duplicates}, lost {self.lost}, stuck {self.stuck}, phantom {self.phantom}, "
            f"events without their message {self.missing_rows}",
            "RESULT: " + ("OK" if self.ok else "FAILED"),
        ]


class Producer(threading.Thread):
    """Records events through the JSON API (Flask's test client), as officers would, retrying
    what failed while the database was away (a retry that finds it done gets 409)."""

    def __init__(self, app, token: str, children: int):
        super().__init__(name="soak-producer", daemon=True)
        self.client = app.test_client()
        self.headers = {"Authorization": f"Bearer {token}"}
        self.children = children
        self.done_children = 0
        self.errors = 0
        self.failure: BaseException | None = None

    def _call(self, method: str, path: str, body=None):
        for _ in range(600):
            response = self.client.open(path, method=method, json=body, headers=self.headers)
            if response.status_code < 500:
                return response
            self.errors += 1
            time.sleep(0.1)
        raise RuntimeError(f"{method} {path} kept failing ({response.status_code})")

    def run(self) -> None:
        try:
            for n in range(self.children):
                self._child(n)
                self.done_children += 1
        except BaseException as exc:  # reported by the harness
            self.failure = exc

    def _child(self, n: int) -> None:
        contact = {"name": f"Parent {n}", "relationship": "parent", "email": f"parent{n}@families.example"}
        child = {"given_name": f"Child{n}", "family_name": "Soak", "date_of_birth": "2016-04-02", "contacts": [contact]}
        r = self._call("POST", "/api/v1/children", child)
        assert r.status_code == 201, r.get_json()
        child_id = r.get_json()["id"]
        r = self._call("POST", "/api/v1/assessments", {"child_id": child_id, "received_on": "2026-01-05"})
        if r.status_code == 409:  # opened by the attempt whose answer was lost
            r = self._call("GET", f"/api/v1/cases?child_id={child_id}")
            case_id = r.get_json()[0]["id"]
        else:
            assert r.status_code == 201, r.get_json()
            case_id = r.get_json()["id"]
        for event, day, details in STEPS:
            r = self._call("POST", f"/api/v1/cases/{case_id}/events", {"type": event, "occurred_on": day, **details})
            assert r.status_code in (200, 409), r.get_json()


def _plan(settings: Settings, rng: random.Random) -> list[tuple[float, str]]:
    """(fraction of the events recorded, fault): kills at uniformly random points of the run."""
    faults = [(rng.uniform(0.02, 0.98), "kill") for _ in range(settings.kills)]
    faults += [(rng.uniform(0.3, 0.5), "redis") for _ in range(settings.redis_restarts)]
    faults += [(rng.uniform(0.55, 0.75), "postgres") for _ in range(settings.postgres_restarts)]
    faults += [(rng.uniform(0.1, 0.95), "drop") for _ in range(settings.connection_drops)]
    return sorted(faults)


def _staff(services) -> str:
    from casework.models import Staff
    from casework.workflow.accounts import issue_token
    from casework.workflow.context import Actor

    with services.session_factory() as s:
        member = Staff(email="officer@soak.example", name="Soak Officer", role="officer")
        s.add(member)
        s.flush()
        token = issue_token(s, member.id, actor=Actor("system"))
        s.commit()
    return token


def run(settings: Settings, folder: Path, say=print) -> Report:
    from casework.app import create_app
    from casework.cli import upgrade
    from casework.config import Config

    rng = random.Random(settings.seed)
    report = Report()
    postgres = SharedPostgres(settings.shared_postgres) if settings.shared_postgres else PrivatePostgres(folder / "pg")
    if settings.shared_postgres:  # not ours to restart: its connections are dropped instead
        settings.connection_drops += settings.postgres_restarts
        settings.postgres_restarts = 0
    redis, sink = PrivateRedis(folder / "redis"), Sink(folder)
    started = time.monotonic()
    postgres.start()
    supervisor = None
    try:
        redis.start()
        sink.start()
        upgrade(postgres.url)
        env = {
            **os.environ,
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "SMTP_URL": sink.url,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "soak-test-secret-not-for-production-0123456789",
            "CASEWORK_OUTBOX_DIR": str(folder / "outbox"),
            "CASEWORK_OUTBOX_STUCK_SECONDS": str(settings.stuck_seconds),
            "CASEWORK_NOTIFY_REFERENCE_PREFIX": "soak",
            "SOAK_RELAY_SECONDS": str(settings.relay_seconds),
            "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        }
        for name in ("NOTIFY_API_KEY", "CASEWORK_TODAY", "CASEWORK_DEPLOYMENT_ID"):
            env.pop(name, None)
        config = Config.from_env(env)
        app = create_app(config)
        logging.getLogger().setLevel(logging.CRITICAL)  # the faults make the app log every 500
        services = app.extensions["casework"]
        supervisor = Supervisor(folder, env, settings.workers, rng)
        supervisor.start()
        children = -(-settings.events // EVENTS_PER_CHILD)
        producer = Producer(app, _staff(services), children)
        producer.start()
        plan = _plan(settings, rng)

        def note(text: str) -> None:
            line = f"{time.monotonic() - started:7.1f}s {text}"
            report.timeline.append(line)
            if not text.startswith("kill"):
                say(line)

        while producer.is_alive() or plan:
            progress = producer.done_children / children
            while plan and (plan[0][0] <= progress or not producer.is_alive()):
                _, fault = plan.pop(0)
                if fault == "kill":
                    note(f"kill {supervisor.kill()}")
                elif fault == "redis":
                    redis.restart()
                    report.redis_restarts += 1
                    note("redis killed and started empty")
                elif fault == "postgres":
                    postgres.restart()
                    report.postgres_restarts += 1
                    note("postgresql restarted (immediate: as after a crash)")
                else:
                    report.connection_drops += 1
                    note(f"dropped {postgres.drop_connections()} database connections")
            supervisor.check()
            time.sleep(0.05)
        if producer.failure is not None:
            raise RuntimeError("the producer failed") from producer.failure
        note(f"all events recorded ({producer.errors} requests retried after a 5xx); draining")
        drain = settings.drain_seconds or settings.stuck_seconds * 3 + 120
        deadline = time.monotonic() + drain
        last_said = time.monotonic()
        while time.monotonic() < deadline and _open_rows(services) != 0:
            supervisor.check()
            time.sleep(1)
            if time.monotonic() - last_said > 15:
                last_said = time.monotonic()
                note(f"waiting for: {_waiting(services)}")
        report.seconds = time.monotonic() - started
        note(f"drained: {_open_rows(services)} rows not yet sent")
        supervisor.stop()
        report.worker_kills, report.horse_kills = supervisor.killed_workers, supervisor.killed_horses
        report.unexpected_exits = supervisor.died
        _verify(services, sink.transactions(), report)
        services.engine.dispose()
    finally:
        if supervisor is not None:
            supervisor.stop()
        sink.stop()
        redis.stop()
        postgres.stop()
    return report


def _open_rows(services) -> int:
    from sqlalchemy import func, select

    from casework.notifications.outbox import outbox_t

    try:
        with services.engine.connect() as conn:
            return conn.execute(select(func.count()).where(outbox_t.c.status != "sent")).scalar_one()
    except Exception:
        return -1


def _waiting(services) -> str:
    """What is not sent yet, by status and the start of its last error."""
    from sqlalchemy import select

    from casework.notifications.outbox import outbox_t

    try:
        with services.engine.connect() as conn:
            rows = conn.execute(
                select(outbox_t.c.status, outbox_t.c.last_error).where(outbox_t.c.status != "sent")
            ).all()
    except Exception as exc:
        return f"database unreachable ({type(exc).__name__})"
    return ", ".join(f"{n} {k}" for k, n in Counter(f"{r.status} ({(r.last_error or '')[:60]})" for r in rows).items())


def _verify(services, transactions: list[tuple[str, str]], report: Report) -> None:
    from sqlalchemy import select

    from casework.models import Contact, Event, OutboxMessage

    with services.session_factory() as s:
        rows = s.execute(select(OutboxMessage)).scalars().all()
        events = s.execute(select(Event.id, Event.type, Event.case_id)).all()
        contacts = s.execute(select(Contact.id)).scalars().all()
    report.events, report.messages = len(events), len(rows)
    report.smtp_transactions = len(transactions)
    keys = {r.dedupe_key for r in rows}
    # one contact per child: each event tells one family member (request received included)
    per_event = Counter(k.split(":")[1] for k in keys if k.startswith("event:"))
    report.missing_rows = sum(1 for e in events if per_event.get(str(e.id), 0) != 1) + (len(contacts) == 0)
    received: dict[str, list[str]] = defaultdict(list)
    for reference, message_id in transactions:
        received[reference].append(message_id)
    known = {r.reference for r in rows}
    report.phantom = sum(1 for ref in received if ref not in known)
    for r in rows:
        got = received.get(r.reference or "", [])
        report.reclaimed_rows += r.reclaimed > 0
        if r.status != "sent":
            report.stuck += 1
        if not got:
            report.lost += 1
        elif len(set(got)) > 1 or (len(got) > 1 and r.reclaimed == 0):
            report.duplicates += 1  # two different messages, or a resend nothing explains
        elif len(got) > 1:
            report.resent_same_message_id += 1
        else:
            report.delivered_once += 1


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["sink"]:
        parser = argparse.ArgumentParser(prog="soak sink")
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)
        args = parser.parse_args(argv[1:])
        serve_sink(args.port, args.out)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    defaults = Settings()
    for name, value in vars(defaults).items():
        kind = type(value) if value is not None else str
        parser.add_argument("--" + name.replace("_", "-"), type=kind, default=value)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (the processes' logs)")
    args = vars(parser.parse_args(argv))
    keep = args.pop("keep")
    settings = Settings(**args)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        os.chmod(keep, 0o755)
        report = run(settings, keep)
    else:
        with tempfile.TemporaryDirectory(prefix="casework-soak-") as tmp:
            os.chmod(tmp, 0o755)
            report = run(settings, Path(tmp))
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
