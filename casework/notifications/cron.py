"""Deprecated alias, kept for one release (until 0.3): deployments that still run
`rq cron casework.notifications.cron` get the schedule of `casework.jobs.cron`."""

import casework.jobs.cron  # noqa: F401  (registers the schedule)
