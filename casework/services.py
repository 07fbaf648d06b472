"""The composition root: what a web request, a CLI command, a job or a benchmark needs (settings,
the database, delivery), built once per process from the configuration. Imports no Flask."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any

from casework import clock
from casework.channels import LetterPost, channel_for
from casework.config import Config
from casework.db import make_engine, make_session_factory
from casework.models import Letter
from casework.notifications import letters as letters_wording
from casework.notifications import outbox
from casework.notifications.links import send_time_values
from casework.workflow import posting
from casework.workflow.context import Actor

log = logging.getLogger(__name__)
QUEUE = "casework"
# RQ enqueues jobs by dotted path (job ids may not contain ':')
DELIVER_JOB = "casework.jobs.deliver_job"


class LetterDelivery:
    """How a letter leaves (channels.LetterPost), over the database: produce the PDF dated today and keep
    it on the letter; then either it waits in the print queue, or GOV.UK Notify takes it and it is sent
    (`CASEWORK_LETTERS_BY`)."""

    def __init__(self, config: Any, session_factory: Any):
        self.config = config
        self.session_factory = session_factory
        letters_wording.configure_wording_dirs([config.wording_dir] if config.wording_dir else [])

    def post(self, notify: Any | None) -> LetterPost:
        send = notify.send_precompiled_letter if (notify is not None and self.config.letters_by == "notify") else None
        return LetterPost(self.produce, self.done, send)

    def produce(self, row: Any) -> bytes:
        with self.session_factory() as session:
            letter = session.get(Letter, int(row.personalisation["letter_id"]))
            if letter.status == "sent" and letter.pdf:  # it went already (a retried job): the same copy
                return letter.pdf
            pdf = posting.produce(letter, clock.today(), self.config.letterhead(),
                                  letters_wording.configured_wording_dirs())  # fmt: skip
            letter.outbox_id = row.id
            session.commit()
            return pdf

    def done(self, row: Any, how: str) -> None:
        with self.session_factory() as session:
            letter = session.get(Letter, int(row.personalisation["letter_id"]))
            if letter.status == "sent":
                return
            if how == "print":
                letter.status = "to_print"
            else:
                posting.mark_sent(session, letter, clock.today(), "notify", actor=Actor.system(),
                                  settings=self.config.statutory)  # fmt: skip
            session.commit()


class Dispatcher:
    """Hands new outbox rows to delivery after commit (a latency shortcut: the relay re-finds
    anything that was not delivered, so a crash or a lost job delays a message but never loses it).
    With a queue (production) each row becomes an RQ job; without one (embedded mode) it is
    delivered in-process."""

    def __init__(self, config: Any, engine: Any, queue: Any | None = None):
        self.config = config
        self.engine = engine
        self.queue = queue
        self.extra = send_time_values(config)
        self.letters = LetterDelivery(config, make_session_factory(engine))
        self.send = channel_for(config, self.extra, self.letters.post)
        self.prefix = config.reference_prefix
        self.stuck_after = dt.timedelta(seconds=config.outbox_stuck_seconds)

    def __call__(self, outbox_ids: list[int]) -> None:
        for outbox_id in outbox_ids:
            if self.queue is not None:
                try:
                    # one job per row at a time
                    self.queue.enqueue(
                        DELIVER_JOB, outbox_id, job_id=f"outbox-{outbox_id}", result_ttl=3600, failure_ttl=86400
                    )
                    continue
                except Exception:  # Redis down: the relay will pick the row up later
                    log.warning("could not enqueue outbox %s; the relay will retry", outbox_id)
                    return
            try:
                self.deliver_now(outbox_id)
            except Exception:
                log.warning("outbox %s not delivered now; the relay will retry", outbox_id)

    def deliver_now(self, outbox_id: int) -> str:
        """Deliver one row in this process (what an RQ job does)."""
        return outbox.deliver(
            self.engine, outbox_id, self.send, self.extra, prefix=self.prefix, stuck_after=self.stuck_after
        )

    def relay(self) -> int:
        """Re-enqueue (or, embedded, deliver) everything pending past its backoff or stuck. A pending
        row whose job is still waiting in the queue is left to it (re-enqueuing would only add a
        job that finds the row taken), unless it has waited longer than the stuck timeout."""
        with self.engine.connect() as conn:
            ids = outbox.pending_ids(conn, stuck_after=self.stuck_after)
        if self.queue is not None and ids:
            ids = self._not_waiting(ids)
        self(ids)
        return len(ids)

    def _not_waiting(self, ids: list[int]) -> list[int]:
        from rq.job import Job, JobStatus

        try:
            jobs = Job.fetch_many([f"outbox-{i}" for i in ids], connection=self.queue.connection)
        except Exception:  # Redis down: enqueueing will fail too, and say so
            return ids
        since = clock.now() - self.stuck_after
        return [
            i
            for i, job in zip(ids, jobs, strict=True)
            if job is None
            or job.get_status(refresh=False) != JobStatus.QUEUED
            or job.enqueued_at is None
            or job.enqueued_at < since
        ]


class Later:
    """Work done off the request thread, once the answer is ready (the portal's sign-in link or code:
    looked for and sent without the person waiting for it, so the answer takes the same time whether
    or not we hold their address). Two threads per process; `wait` is for tests and shutdown."""

    def __init__(self, workers: int = 2):
        self.workers = workers
        self._pool: futures.ThreadPoolExecutor | None = None
        self._pending: set[futures.Future] = set()
        self._lock = threading.Lock()

    def __call__(self, task: Any) -> futures.Future:
        with self._lock:
            if self._pool is None:
                self._pool = futures.ThreadPoolExecutor(self.workers, thread_name_prefix="casework-later")
            future = self._pool.submit(task)
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: futures.Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def wait(self, timeout: float = 10.0) -> None:
        with self._lock:
            pending = list(self._pending)
        futures.wait(pending, timeout=timeout)


@dataclass
class Services:
    config: Config
    engine: Any
    session_factory: Any
    dispatch: Dispatcher
    later: Later = field(default_factory=lambda: Later())

    @classmethod
    def build(cls, config: Config) -> Services:
        engine = make_engine(config.database_url)
        queue = None
        if config.redis_url:
            from redis import Redis
            from rq import Queue

            queue = Queue(QUEUE, connection=Redis.from_url(config.redis_url))
        return cls(config, engine, make_session_factory(engine), Dispatcher(config, engine, queue))

    @classmethod
    def from_env(cls) -> Services:
        return cls.build(Config.from_env())
