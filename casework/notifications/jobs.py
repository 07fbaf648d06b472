"""Jobs: deliver(outbox_id) and relay(). With REDIS_URL set they run on RQ workers; without it
(embedded mode) they run in-process right after the commit."""
from __future__ import annotations

import logging
from typing import Any

from casework.notifications import outbox
from casework.notifications.channels import channel_for

log = logging.getLogger(__name__)


class Dispatcher:
    """Hands new outbox rows to delivery after commit (a latency shortcut: the relay re-finds
    anything that was not delivered, so a crash or a lost job delays a message but never loses it)."""

    def __init__(self, config: Any, engine: Any, queue: Any | None = None):
        self.config = config
        self.engine = engine
        self.queue = queue
        self.send = channel_for(config)

    def __call__(self, outbox_ids: list[int]) -> None:
        for outbox_id in outbox_ids:
            if self.queue is not None:
                try:
                    self.queue.enqueue("casework.notifications.jobs.deliver_job", outbox_id,
                                       job_id=f"outbox-{outbox_id}")
                    continue
                except Exception:  # Redis down: the relay will pick the row up later
                    log.warning("could not enqueue outbox %s; the relay will retry", outbox_id)
                    return
            try:
                outbox.deliver(self.engine, outbox_id, self.send)
            except Exception:
                log.warning("outbox %s not delivered now; the relay will retry", outbox_id)

    def relay(self) -> int:
        with self.engine.connect() as conn:
            ids = outbox.pending_ids(conn)
        self(ids)
        return len(ids)


def deliver_job(outbox_id: int) -> str:  # pragma: no cover - exercised by the worker tests (issue 5)
    from casework.config import Config
    from casework.db import make_engine

    config = Config.from_env()
    engine = make_engine(config.database_url)
    try:
        return outbox.deliver(engine, outbox_id, channel_for(config))
    finally:
        engine.dispose()
