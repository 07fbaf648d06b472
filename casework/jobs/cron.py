"""The production schedule, for `rq cron casework.jobs.cron --url $REDIS_URL` (one process).
rq cron reads cron strings as UTC: 06:00 UTC is 06:00 or 07:00 in London."""

from rq.cron import register

from casework.jobs import QUEUE, close_months_job, housekeeping_job, relay_job, sweep_job

register(relay_job, queue_name=QUEUE, interval=60)  # undelivered or stuck messages, every minute
register(sweep_job, queue_name=QUEUE, cron="0 6 * * *")  # reviews to open, advice to chase: daily
register(housekeeping_job, queue_name=QUEUE, cron="17 * * * *")  # expired rate-limit rows: hourly
register(close_months_job, queue_name=QUEUE, cron="30 1 * * *")  # the dashboard's closed months: nightly
