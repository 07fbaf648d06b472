"""The RQ worker for casework: `rq worker casework -w casework.jobs.worker.Worker`.

RQ imports a job's function in the work-horse it forks for each job. A plain `rq worker` has never
imported casework, so every job paid for importing the product (about 0.6 s of CPU: SQLAlchemy,
the workflow, the channels, and the database driver SQLAlchemy loads when an engine is made),
which capped delivery at a few messages a second (the soak test, benchmarks/soak.py, found it).
This class is RQ's forking worker with all that imported once, before the first fork, so each
work-horse starts with it loaded. It opens no connection: each job makes and disposes of its own
database engine, so nothing is shared across the fork.
"""

from __future__ import annotations

import contextlib

from rq.worker import Worker as _ForkingWorker

import casework.jobs  # noqa: F401  (loaded once here, inherited by every work-horse)
from casework.config import Config
from casework.db import make_engine

__all__ = ["Worker"]


def _load_the_database_driver() -> None:
    """Make (and drop, unconnected) an engine for the configured database: SQLAlchemy imports the
    driver (psycopg: about 0.3 s) on the first engine a process makes."""
    with contextlib.suppress(Exception):  # a configuration error is the job's to report, with its context
        make_engine(Config.from_env().database_url).dispose()


_load_the_database_driver()


class Worker(_ForkingWorker):
    """RQ's forking worker, with casework's jobs already imported."""
