"""The RQ face: the entry points workers run (`rq worker casework`), enqueued by dotted path.

    deliver_job(outbox_id)   deliver one outbox row (enqueued after each commit)
    relay_job()              re-enqueue anything pending past its backoff or stuck (every minute)
    sweep_job(today)         open reviews falling due, chase advice (daily)
    housekeeping_job()       delete rate-limit rows whose window has passed (hourly)
    close_months_job(today)  store closed months' report figures; restate corrected ones (nightly)

The schedule is `casework/jobs/cron.py` (`rq cron casework.jobs.cron`); in embedded mode
`casework/jobs/embedded.py` runs the same functions on a thread. Importing this package loads no
Flask (a test checks it), so a worker starts quickly.
"""

from __future__ import annotations

import datetime as dt

from casework import clock
from casework.reports import board, facts, months
from casework.services import QUEUE, Services
from casework.workflow import housekeeping, sweep

__all__ = [
    "QUEUE",
    "close_months_job",
    "deliver_job",
    "housekeeping_job",
    "relay_job",
    "run_close_months",
    "run_housekeeping",
    "run_sweep",
    "sweep_job",
]


def deliver_job(outbox_id: int) -> str:
    """Deliver one outbox row. A temporary failure leaves the row pending with a backoff; the relay
    re-enqueues it when the backoff has passed (so retries survive a Redis flush)."""
    services = Services.from_env()
    try:
        return services.dispatch.deliver_now(outbox_id)
    except Exception:
        return "retry later"
    finally:
        services.engine.dispose()


def relay_job() -> int:
    services = Services.from_env()
    try:
        return services.dispatch.relay()
    finally:
        services.engine.dispose()


def run_sweep(services: Services, today: dt.date) -> sweep.SweepReport:
    """The daily sweep as of `today`, with this deployment's settings."""
    return sweep.run(
        services.session_factory,
        today,
        settings=services.config.statutory,
        lead_weeks=services.config.review_lead_weeks,
        dispatch=services.dispatch,
    )


def sweep_job(today: str | None = None) -> list[str]:
    services = Services.from_env()
    try:
        day = dt.date.fromisoformat(today) if today else clock.today()
        return run_sweep(services, day).lines()
    finally:
        services.engine.dispose()


def run_housekeeping(services: Services) -> dict[str, int]:
    """What the hourly housekeeping removed, by kind."""
    with services.engine.begin() as conn:
        return {"rate_limits": housekeeping.purge_rate_limits(conn, clock.now())}


def housekeeping_job() -> dict[str, int]:
    services = Services.from_env()
    try:
        return run_housekeeping(services)
    finally:
        services.engine.dispose()


def run_close_months(services: Services, today: dt.date) -> facts.CloseReport:
    """The nightly report job as of `today`: every month before today's is stored once; the recent
    closed months are recomputed and any change is stored as a restatement."""
    report = facts.close_months(services.session_factory, today)
    # the board report of the month just closed, laid out now so the board's download is instant
    last = months.shift(months.of(today), -1)
    with services.engine.begin() as conn:
        html = board.render_html(conn, last, today, council=services.config.council_name)
        board.stored_pdf(conn, html, last)
    return report


def close_months_job(today: str | None = None) -> list[str]:
    services = Services.from_env()
    try:
        day = dt.date.fromisoformat(today) if today else clock.today()
        return run_close_months(services, day).lines()
    finally:
        services.engine.dispose()
