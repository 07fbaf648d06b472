"""What the soak test (benchmarks/soak.py) runs and breaks: a private PostgreSQL cluster (initdb,
pg_ctl: a real restart) or a database on a shared server (connections dropped with
pg_terminate_backend), a private redis-server (restarted empty), the recording SMTP server (its own
process), and the RQ workers and `rq cron` relay as real processes under a small supervisor that
can SIGKILL a worker or its work-horse and starts replacements."""

from __future__ import annotations

import contextlib
import glob
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def _terminate_statement() -> str:
    return (
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temporary folder, so it can be restarted for real
    (`pg_ctl restart -m immediate`: like a crash, recovery on start)."""

    def __init__(self, folder: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self.bin = Path(found[-1]).parent
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/soak"

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(self.bin / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self._pg_ctl("start")
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE soak")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(
            self.bin / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-o", options, "-w", *extra, action
        )

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "immediate")

    def drop_connections(self) -> int:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(_terminate_statement()).fetchone()[0]

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("stop", "-m", "fast")


class SharedPostgres:
    """A throw-away database on a server others use: it cannot be restarted, only have every
    connection to our database dropped (pg_terminate_backend)."""

    def __init__(self, server_url: str):
        from sqlalchemy.engine import make_url

        self.name = f"casework_soak_{uuid.uuid4().hex[:8]}"
        base = make_url(server_url).set(drivername="postgresql")
        self.admin = base.set(database="postgres").render_as_string(hide_password=False)
        self.url = base.set(database=self.name).render_as_string(hide_password=False)

    def start(self) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')

    def restart(self) -> None:
        raise RuntimeError("a shared PostgreSQL server is not ours to restart")

    def drop_connections(self) -> int:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(_terminate_statement()).fetchone()[0]

    def stop(self) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class PrivateRedis:
    """A redis-server of our own without persistence: a restart comes back empty (every queued job
    is lost, as in a flush)."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()  # no goodbye: jobs in it are gone
            self.proc.wait(10)
            self.proc = None

    def restart(self, down_seconds: float = 1.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()


class Sink:
    """The recording SMTP server in its own process (`python -m benchmarks.soak sink`): one line per
    message it accepted (reference, Message-ID), written before it answers 250."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.log = folder / "smtp.tsv"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.soak", "sink", "--port", str(self.port), "--out", str(self.log)],
            cwd=ROOT,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)

    def transactions(self) -> list[tuple[str, str]]:
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        return [tuple(line.split("\t")[:2]) for line in lines if line.strip()]


def serve_sink(port: int, out: Path) -> None:
    """The sink process: record every accepted message, forever (until SIGTERM)."""
    from tests.fakes import SMTPSink

    handle = open(out, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open for the process's life

    def record(mail) -> None:
        msg = mail.message
        handle.write(f"{msg['X-Casework-Reference']}\t{msg['Message-ID']}\t{','.join(mail.rcpt_tos)}\n")
        handle.flush()
        mail.data = b""  # keep memory flat over a long run

    sink = SMTPSink(port_wanted=port, on_receive=record).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        time.sleep(1)
        sink.received.clear()


class Supervisor:
    """The RQ workers and the relay (`rq cron`), as real processes. A worker forks a work-horse per
    job; `kill()` SIGKILLs a random worker or its work-horse and starts a replacement; `check()`
    replaces any that died on its own (a supervisor such as systemd does that in production)."""

    def __init__(self, folder: Path, env: dict[str, str], workers: int, rng: random.Random):
        self.folder = folder
        self.env = env
        self.size = workers
        self.rng = rng
        self.workers: list[subprocess.Popen] = []
        self.relay: subprocess.Popen | None = None
        self.serial = 0
        self.killed_workers = 0
        self.killed_horses = 0
        self.died = 0  # exits nobody asked for (e.g. a worker losing Redis)

    def _spawn(self, *args: str) -> subprocess.Popen:
        self.serial += 1
        log = open(self.folder / f"proc-{self.serial}.log", "ab")  # noqa: SIM115 - the child owns it
        return subprocess.Popen([str(BIN / "rq"), *args], cwd=ROOT, env=self.env, stdout=log, stderr=log)

    def _worker(self) -> subprocess.Popen:
        url = self.env["REDIS_URL"]
        name = f"soak-{self.serial + 1}-{os.getpid()}"
        return self._spawn("worker", "casework", "-w", "casework.jobs.worker.Worker", "--url", url, "--name", name)

    def start(self) -> None:
        self.workers = [self._worker() for _ in range(self.size)]
        self.relay = self._spawn("cron", "benchmarks.soak_cron", "--url", self.env["REDIS_URL"], "-l", "warning")

    @staticmethod
    def _horse(worker: subprocess.Popen) -> int | None:
        try:
            children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        except OSError:
            return None
        return int(children[0]) if children else None

    def kill(self) -> str:
        index = self.rng.randrange(len(self.workers))
        worker = self.workers[index]
        horse = self._horse(worker)
        if horse is not None and self.rng.random() < 0.6:  # mostly mid-job: the interesting case
            os.kill(horse, signal.SIGKILL)
            self.killed_horses += 1
            return "horse"
        worker.kill()
        worker.wait()
        self.killed_workers += 1
        self.workers[index] = self._worker()
        return "worker"

    def check(self) -> None:
        for index, worker in enumerate(self.workers):
            if worker.poll() is not None:
                self.died += 1
                self.workers[index] = self._worker()
        if self.relay is not None and self.relay.poll() is not None:
            self.died += 1
            self.relay = self._spawn("cron", "benchmarks.soak_cron", "--url", self.env["REDIS_URL"], "-l", "warning")

    def stop(self) -> None:
        for proc in [*self.workers, self.relay]:
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
        # orphaned work-horses of workers killed with SIGKILL finish their job and exit on their own
        time.sleep(0.5)
