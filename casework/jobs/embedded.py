"""Embedded mode (no REDIS_URL): the relay every minute, and the sweep and the reports' nightly
job once a day, on a thread of `casework serve`, calling the same functions the RQ jobs call."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from casework import clock
from casework.jobs import run_close_months, run_housekeeping, run_sweep
from casework.logs import log_error
from casework.services import Services

log = logging.getLogger(__name__)


class EmbeddedScheduler(threading.Thread):
    def __init__(self, services: Services, relay_every: float = 60.0):
        super().__init__(name="casework-scheduler", daemon=True)
        self.services = services
        self.relay_every = relay_every
        self.stopped = threading.Event()
        self.last_sweep: dt.date | None = None
        self.last_housekeeping: dt.datetime | None = None
        self.last_close: dt.date | None = None

    def run(self) -> None:  # pragma: no cover - timing loop; the functions it calls are tested
        while not self.stopped.is_set():
            try:
                today = clock.today()
                if self.last_sweep != today:
                    run_sweep(self.services, today)
                    self.last_sweep = today
                if self.last_close != today:
                    self.close_months(today)
                self.services.dispatch.relay()
                now = clock.now()
                if self.last_housekeeping is None or now - self.last_housekeeping >= dt.timedelta(hours=1):
                    run_housekeeping(self.services)
                    self.last_housekeeping = now
            except Exception as exc:
                log_error(log, "embedded scheduler pass failed; will try again", exc)
            self.stopped.wait(self.relay_every)

    def close_months(self, today: dt.date) -> None:
        """The reports' nightly job, once a day (a failure is logged and tried again next pass)."""
        run_close_months(self.services, today)
        self.last_close = today
