"""Jobs: deliver(outbox_id), relay() and sweep(today). With REDIS_URL set they run on RQ workers
(`rq worker casework`) on a schedule kept by `rq cron casework.notifications.cron`; without it
(embedded mode) the same functions run in-process: delivery right after each commit, the relay
and the sweep on a timer thread in `casework serve`."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from casework.notifications import outbox
from casework.notifications.channels import channel_for
from casework.notifications.links import advice_url

log = logging.getLogger(__name__)
QUEUE = "casework"


def render_extra(config: Any):
    """Values filled in when a message is sent: the portal address and a fresh private link."""
    portal = f"{config.base_url.rstrip('/')}/portal"

    def extra(row: Any) -> dict[str, Any]:
        values = {"portal_url": portal}
        advice_id = (row.personalisation or {}).get("advice_request_id")
        if advice_id is not None and row.recipient_kind == "provider":
            values["advice_link"] = advice_url(config.base_url, config.secret_key, int(advice_id))
        return values

    return extra


class Dispatcher:
    """Hands new outbox rows to delivery after commit (a latency shortcut: the relay re-finds
    anything that was not delivered, so a crash or a lost job delays a message but never loses it)."""

    def __init__(self, config: Any, engine: Any, queue: Any | None = None):
        self.config = config
        self.engine = engine
        self.queue = queue
        self.send = channel_for(config)
        self.extra = render_extra(config)

    def __call__(self, outbox_ids: list[int]) -> None:
        for outbox_id in outbox_ids:
            if self.queue is not None:
                try:
                    # job ids may not contain ':'; one job per row at a time
                    self.queue.enqueue(
                        "casework.notifications.jobs.deliver_job",
                        outbox_id,
                        job_id=f"outbox-{outbox_id}",
                        result_ttl=3600,
                        failure_ttl=86400,
                    )
                    continue
                except Exception:  # Redis down: the relay will pick the row up later
                    log.warning("could not enqueue outbox %s; the relay will retry", outbox_id)
                    return
            try:
                outbox.deliver(self.engine, outbox_id, self.send, self.extra)
            except Exception:
                log.warning("outbox %s not delivered now; the relay will retry", outbox_id)

    def relay(self) -> int:
        """Re-enqueue (or, embedded, deliver) everything pending past its backoff or stuck."""
        with self.engine.connect() as conn:
            ids = outbox.pending_ids(conn)
        self(ids)
        return len(ids)


def _services():
    from casework import Services
    from casework.config import Config

    return Services.build(Config.from_env())


def deliver_job(outbox_id: int) -> str:
    """RQ job: deliver one outbox row. A temporary failure leaves the row pending with a backoff;
    the relay re-enqueues it when the backoff has passed (so retries survive a Redis flush)."""
    services = _services()
    try:
        return outbox.deliver(services.engine, outbox_id, services.dispatch.send, services.dispatch.extra)
    except Exception:
        return "retry later"
    finally:
        services.engine.dispose()


def relay_job() -> int:
    services = _services()
    try:
        return services.dispatch.relay()
    finally:
        services.engine.dispose()


def sweep_job(today: str | None = None) -> list[str]:
    from casework import clock
    from casework.workflow import sweep

    services = _services()
    try:
        day = dt.date.fromisoformat(today) if today else clock.today()
        report = sweep.run(
            services.session_factory,
            day,
            settings=services.config.statutory,
            lead_weeks=services.config.review_lead_weeks,
            dispatch=services.dispatch,
        )
        return report.lines()
    finally:
        services.engine.dispose()


class EmbeddedScheduler(threading.Thread):
    """Embedded mode: the relay every minute and the sweep once a day, in-process."""

    def __init__(self, services: Any, relay_every: float = 60.0):
        super().__init__(name="casework-scheduler", daemon=True)
        self.services = services
        self.relay_every = relay_every
        self.stopped = threading.Event()
        self.last_sweep: dt.date | None = None

    def run(self) -> None:  # pragma: no cover - timing loop; the functions it calls are tested
        from casework import clock
        from casework.workflow import sweep

        while not self.stopped.is_set():
            try:
                today = clock.today()
                if self.last_sweep != today:
                    sweep.run(
                        self.services.session_factory,
                        today,
                        settings=self.services.config.statutory,
                        lead_weeks=self.services.config.review_lead_weeks,
                        dispatch=self.services.dispatch,
                    )
                    self.last_sweep = today
                self.services.dispatch.relay()
            except Exception:
                log.exception("embedded scheduler pass failed; will try again")
            self.stopped.wait(self.relay_every)
