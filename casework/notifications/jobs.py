"""Deprecated alias, kept for one release (until 0.3): RQ jobs enqueued before the upgrade name
`casework.notifications.jobs.deliver_job`. The jobs live in `casework.jobs`. This is the import
rules' one justified exception (docs/architecture.md)."""

from casework.jobs import deliver_job, relay_job, sweep_job

__all__ = ["deliver_job", "relay_job", "sweep_job"]
