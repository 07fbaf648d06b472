"""The soak test's short form (benchmarks/soak.py runs the full one on demand): real RQ worker
processes, the relay, a recording SMTP server, PostgreSQL and Redis, while workers and work-horses
are killed with SIGKILL, Redis comes back empty and PostgreSQL restarts (a private cluster; on a
machine without the server binaries, every connection is dropped instead). Every message the
events wrote is delivered once by Message-ID, none is lost or stuck."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from benchmarks.soak import Settings, run
from tests.conftest import PG_URL, REDIS_URL, _missing


@pytest.mark.postgres
@pytest.mark.redis
def test_no_message_is_lost_or_doubled_under_kills_and_restarts():
    if not (PG_URL and REDIS_URL):
        _missing("CASEWORK_TEST_POSTGRES_URL and CASEWORK_TEST_REDIS_URL")
    private = bool(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    settings = Settings(
        events=200,
        kills=8,
        redis_restarts=1,
        postgres_restarts=1,
        connection_drops=1,
        stuck_seconds=12,
        relay_seconds=2,
        seed=int(time.time()),
        shared_postgres=None if private else PG_URL,
    )
    folder = Path(tempfile.mkdtemp(prefix="casework-soak-"))
    os.chmod(folder, 0o755)  # the private PostgreSQL runs as its own user
    try:
        report = run(settings, folder, say=lambda line: None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    summary = "\n".join([*report.lines(), *report.timeline, f"seed {settings.seed}"])
    print(summary)
    assert report.ok, summary
    assert report.events >= 200 and report.messages == report.events
    assert report.worker_kills + report.horse_kills == 8
    assert report.redis_restarts == 1 and report.postgres_restarts + report.connection_drops >= 2
    assert report.delivered_once + report.resent_same_message_id == report.messages
