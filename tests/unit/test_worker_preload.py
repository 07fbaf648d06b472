"""`rq worker casework -w casework.jobs.worker.Worker`: the worker imports the jobs and the database
driver before it forks, so a work-horse does not import them again for every message (the soak
test measured about 0.6 s of CPU per job without it, and about 0.05 s with it)."""

from __future__ import annotations

import os
import subprocess
import sys


def _loaded_by_importing(module: str, **env: str) -> set[str]:
    code = f"import sys, {module}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, **env}
    )
    return set(out.stdout.split())


def test_the_worker_loads_the_jobs_and_the_database_driver_and_no_flask():
    loaded = _loaded_by_importing(
        "casework.jobs.worker", DATABASE_URL="postgresql://casework@127.0.0.1:1/none", SECRET_KEY="x" * 40
    )
    assert {"casework.jobs", "casework.notifications.outbox", "casework.channels.smtp", "psycopg"} <= loaded
    assert not {m for m in loaded if m == "flask" or m.startswith("flask.")}


def test_the_worker_class_is_rqs_forking_worker():
    from rq.worker import SimpleWorker, Worker

    from casework.jobs.worker import Worker as CaseworkWorker

    assert issubclass(CaseworkWorker, Worker) and not issubclass(CaseworkWorker, SimpleWorker)


def test_a_configuration_error_is_left_to_the_jobs_to_report():
    # SECRET_KEY unset with PostgreSQL: Config.from_env() refuses; importing the worker does not
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DATABASE_URL"] = "postgresql://casework@127.0.0.1:1/none"
    subprocess.run([sys.executable, "-c", "import casework.jobs.worker"], check=True, env=env)
