"""The soak test's schedule for `rq cron benchmarks.soak_cron`: the production relay job
(`casework.jobs.relay_job`), every SOAK_RELAY_SECONDS (default 5) instead of every minute, so a run
need not last many minutes to see the relay at work."""

import os

from rq.cron import register

from casework.jobs import QUEUE, relay_job

register(relay_job, queue_name=QUEUE, interval=int(os.environ.get("SOAK_RELAY_SECONDS", "5")))
