#!/usr/bin/env python
"""Sweep time against the caseload: the same due items, a small and a large number of open cases.

    python benchmarks/sweep.py [--database-url postgresql://postgres@127.0.0.1/casework_sweep_bench]
        [--small 10000] [--large 1000000] [--due 1000] [--repeat 5] [--force]

design.md ("Deadlines are rows"): the sweep reads what fell due through indexes, so its cost
grows with what is due, not with the caseload. This benchmark checks it (target: the sweep over
the large caseload takes at most 1.5 x the time over the small one).

In one run:

1. (Re)creates the database named in the URL (drop/create through the maintenance database
   `postgres`; the name must contain "bench" unless --force) and runs the migrations
   (`casework.cli.upgrade`).
2. Seeds --small open assessments with COPY (psycopg 3; two worker processes; indexes stay on,
   foreign-key triggers are skipped when the user is a superuser: the ids are laid out and
   checked by the seeder), not through the engine: per case a
   family, a child with one email contact, the case (`assessing`, version 1, facts with
   received_on and decided_to_assess_on), its four deadline rows as `assessment.deadlines`
   computes them, its events (request received, decided to assess, advice requested, advice
   received), the family and advice-request outbox rows (already sent), and two advice requests
   that are not due (one received; one outstanding whose first reminder is weeks away). Also one
   officer and her manager, six providers (with escalation contacts), and one active plan per ten
   cases (for other children) whose review is months beyond the 12-week lead time.
   The first --due cases get one more advice request each that IS due on TODAY: due 20-29 days
   ago, never received, next_chase_on = its escalation day (the sweep last ran before it), so
   the sweep writes a chase, an escalation to the provider's escalation contact and one to the
   officer's manager for each: 3 x --due outbox rows. Then VACUUM ANALYZE.
3. Measures `sweep.run(session_factory, TODAY, dispatch=None)` (no delivery): one untimed
   warm-up, then --repeat timed runs (time.perf_counter). The sweep changes state, so before
   each run (untimed, in one transaction) the due items get their original next_chase_on back
   and the outbox rows the previous run wrote are deleted; then VACUUM of advice_requests and
   outbox and a CHECKPOINT, so every run starts from the same state and writes the same
   messages (checked: same count and same dedupe keys at both sizes).
4. Grows the SAME database to --large open cases with more not-due cases (the due items stay the
   same), VACUUM ANALYZE, and measures again.
5. Prints open cases, due items, median/min/max sweep seconds and messages per run for both
   sizes, the ratio large/small of the medians against the target, the SQL statements of one
   sweep (count and time inside the driver), and the EXPLAIN plans (at the large size) of the
   sweep's reads: plans due a review, the due-advice selection and the loading of the claimed rows.

Size: about 19 rows per open case, so 1,000,000 open cases are ~19M rows and ~5.5 GB. On the
2-core development machine the default run takes about 10 minutes (seeding ~8 minutes at ~40,000
rows/s); --large 300000 takes about 4 minutes. Wall times of single sweeps are noisy on a shared
2-core machine, so the table also gives min/max, the CPU seconds (client + server) per sweep and
the CPU seconds the rest of the machine used meanwhile (from /proc: PostgreSQL on this machine).

Business dates are fixed (TODAY and dates derived from it); the wall clock is read only for
timings. Exits non-zero only on errors, never because the target is missed.
"""

from __future__ import annotations

import os
import sys

# `python benchmarks/sweep.py` puts benchmarks/ first on sys.path, where transitions.py would
# shadow the `transitions` library the engine uses. Take it off and put the project root on.
_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1/casework_sweep_bench"
TARGET = 1.5

# Fixed business dates (a Monday). Nothing below reads the wall clock for a business date.
TODAY = dt.date(2026, 3, 16)
STAMP = dt.datetime(2026, 3, 13, 17, 0, tzinfo=dt.UTC)  # created_at & co. of seeded rows
PLANS_PER_CASES = 10  # one active plan (another child) per this many open cases
CHUNK = 20_000  # cases per COPY round

PROVIDERS = (  # name, advice type, email, escalation name, escalation email, statutory basis
    (
        "Northshire Educational Psychology Service",
        "psychology",
        "ep.service@example.org",
        "Principal EP",
        "principal.ep@example.org",
        False,
    ),
    (
        "Northshire Community Paediatrics",
        "health",
        "paediatrics@example.nhs.uk",
        "Designated Clinical Officer",
        "dco@example.nhs.uk",
        True,
    ),
    (
        "Northshire Children's Social Care",
        "social_care",
        "csc.advice@example.org",
        "Designated Social Care Officer",
        "dsco@example.org",
        False,
    ),
    (
        "Northshire Speech and Language Therapy",
        "health",
        "salt@example.nhs.uk",
        "Designated Clinical Officer",
        "dco@example.nhs.uk",
        True,
    ),
    (
        "Riverside Primary School",
        "education",
        "senco@riverside.example.sch.uk",
        "Headteacher",
        "head@riverside.example.sch.uk",
        False,
    ),
    (
        "Hillview Academy",
        "education",
        "senco@hillview.example.sch.uk",
        "Principal",
        "principal@hillview.example.sch.uk",
        False,
    ),
)

COLUMNS = {
    "families": ("id", "created_at"),
    "children": ("id", "given_name", "family_name", "date_of_birth", "postcode", "family_id", "created_at"),
    "contacts": ("id", "child_id", "name", "relationship", "email", "email_normalised", "preferred_channel"),
    "plans": (
        "id",
        "child_id",
        "issued_on",
        "named_setting",
        "review_period_start",
        "next_review_due",
        "status",
        "created_at",
    ),
    "cases": (
        "id",
        "kind",
        "child_id",
        "officer_id",
        "state",
        "is_open",
        "version",
        "opened_on",
        "request_source",
        "facts",
        "created_at",
        "updated_at",
    ),
    "events": (
        "id",
        "case_id",
        "type",
        "occurred_on",
        "recorded_at",
        "actor_kind",
        "actor_id",
        "from_state",
        "to_state",
        "details",
    ),
    "deadlines": (
        "id",
        "case_id",
        "key",
        "rule",
        "regulation",
        "kind",
        "start_on",
        "due_on",
        "practical_due_on",
        "met_on",
        "outcome",
        "exception_applies",
    ),
    "advice_requests": (
        "id",
        "case_id",
        "advice_type",
        "provider_id",
        "requested_on",
        "provider_received_on",
        "due_on",
        "practical_due_on",
        "basis",
        "received_on",
        "next_chase_on",
        "created_at",
    ),
    "outbox": (
        "id",
        "case_id",
        "event_id",
        "dedupe_key",
        "recipient",
        "recipient_kind",
        "channel",
        "template",
        "personalisation",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ),
}
TABLES = tuple(COLUMNS)  # in foreign-key order


# ---------------------------------------------------------------------------------------------
# database setup


from benchmarks.common import conninfo as _conninfo  # noqa: E402
from benchmarks.common import recreate_database


def vacuum(conninfo: str, tables: tuple[str, ...] = (), analyze: bool = True) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute(("VACUUM ANALYZE " if analyze else "VACUUM ") + ", ".join(tables))
        conn.execute("CHECKPOINT")


# ---------------------------------------------------------------------------------------------
# seeding: rows as the engine leaves them, written with COPY


@dataclass
class Fixed:
    officer_id: int
    manager_id: int
    providers: list[tuple[int, str, str, str, bool]]  # id, advice type, name, email, statutory basis


@dataclass
class DueItem:
    advice_id: int
    next_chase_on: dt.date  # the original value the reset restores


@dataclass
class Seeded:
    fixed: Fixed
    cases: int = 0  # open cases so far (global case index of the next one)
    due: list[DueItem] = field(default_factory=list)


def seed_fixed(conninfo: str) -> Fixed:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        manager_id = conn.execute(
            "INSERT INTO staff (email, name, role, team, capacity, available, created_at) "
            "VALUES ('maya.manager@example.org', 'Maya Manager', 'manager', 'North', 40, true, %s) RETURNING id",
            (STAMP,),
        ).fetchone()[0]
        officer_id = conn.execute(
            "INSERT INTO staff (email, name, role, team, capacity, available, manager_id, created_at) "
            "VALUES ('olive.officer@example.org', 'Olive Officer', 'officer', 'North', 1000000, true, %s, %s) "
            "RETURNING id",
            (manager_id, STAMP),
        ).fetchone()[0]
        providers = []
        for name, kind, email, esc_name, esc_email, statutory in PROVIDERS:
            pid = conn.execute(
                "INSERT INTO providers (name, advice_type, email, escalation_name, escalation_email, statutory_basis, "
                "created_at) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (name, kind, email, esc_name, esc_email, statutory, STAMP),
            ).fetchone()[0]
            providers.append((pid, kind, name, email, statutory))
    return Fixed(officer_id, manager_id, providers)


@functools.cache
def _long_date(d: dt.date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


@functools.cache
def _deadlines(received_on: dt.date, decided_on: dt.date) -> list[tuple]:
    """(key, rule, regulation, kind, start_on, due_on, practical_due_on, met_on, outcome, exception_applies)
    of an assessment in `assessing`, computed by the engine's own pure function."""
    from casework.workflow.kinds import assessment

    return [
        (s.key, s.rule, s.regulation, s.kind, s.start_on, s.due_on, s.practical_due_on, s.met_on, s.outcome, False)
        for s in assessment.deadlines({"received_on": received_on, "decided_to_assess_on": decided_on})
    ]


@functools.cache
def _advice_due(requested_on: dt.date):
    from casework.workflow import statutory as law

    return law.advice_due(requested_on)


def _rows_per_case(i: int, due: int) -> dict[str, int]:
    """How many rows of each table open case number i adds (what `_Chunk.case` writes)."""
    is_due, plan = int(i < due), int(i % PLANS_PER_CASES == PLANS_PER_CASES - 1)
    received, decided = _case_dates(i, due)
    return {
        "families": 1 + plan,
        "children": 1 + plan,
        "contacts": 1 + plan,
        "plans": plan,
        "cases": 1,
        "events": 5 + is_due,
        "deadlines": len(_deadlines(received, decided)),
        "advice_requests": 2 + is_due,
        "outbox": 4 + is_due,
    }


def _case_dates(i: int, due: int) -> tuple[dt.date, dt.date]:
    """(received, decided to assess) of open case number i: the due cases are older."""
    received = TODAY - dt.timedelta(days=(120 + i % 10) if i < due else (50 + i % 40))
    return received, received + dt.timedelta(days=28)


class Seeder:
    """Grows the database to n open cases, in chunks of CHUNK cases COPYed in by two worker
    processes (one generates rows while the other's COPY is in the database). Every chunk gets
    its id ranges up front, so the rows are the same whatever the order the chunks land in."""

    def __init__(self, conninfo: str, seeded: Seeded, due: int, workers: int = 2):
        self.conninfo = conninfo
        self.seeded = seeded
        self.due = due
        self.workers = workers

    def grow_to(self, n_cases: int) -> int:
        """Add open cases up to n_cases in all (and their plans). Returns rows written."""
        import multiprocessing as mp

        import psycopg

        with psycopg.connect(self.conninfo) as conn:
            next_id = {t: conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0] for t in TABLES}
        jobs = []
        for start in range(self.seeded.cases, n_cases, CHUNK):
            end = min(start + CHUNK, n_cases)
            jobs.append((self.conninfo, self.seeded.fixed, self.due, start, end, dict(next_id)))
            for i in range(start, end):
                for table, k in _rows_per_case(i, self.due).items():
                    next_id[table] += k
        rows_written = 0
        with mp.get_context("fork").Pool(self.workers) as pool:
            for rows, due_items in pool.imap(_seed_chunk, jobs):
                rows_written += rows
                self.seeded.due.extend(due_items)
        self.seeded.cases = max(self.seeded.cases, n_cases)
        with psycopg.connect(self.conninfo) as conn:
            for table in TABLES:  # the sequences carry on after the ids given here
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
        return rows_written


def _seed_chunk(job: tuple) -> tuple[int, list[DueItem]]:
    import psycopg

    conninfo, fixed, due, start, end, first_id = job
    chunk = _Chunk(fixed, due, first_id)
    for i in range(start, end):
        chunk.case(i)
        if i % PLANS_PER_CASES == PLANS_PER_CASES - 1:
            chunk.plan(i)
    expected = {t: first_id[t] + sum(_rows_per_case(i, due)[t] for i in range(start, end)) for t in TABLES}
    if chunk.next_id != expected:
        raise RuntimeError(f"chunk {start}-{end}: ids used {chunk.next_id}, laid out {expected}")
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        # The rows reference each other by the ids laid out above (checked), so the foreign-key
        # triggers are skipped while they are copied in (a third of the COPY time at 1M cases).
        # That needs a superuser; otherwise the checks run.
        try:
            cur.execute("SET session_replication_role = replica")
        except psycopg.errors.InsufficientPrivilege:
            conn.rollback()
        for table in TABLES:
            if chunk.rows[table]:
                with cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                    for row in chunk.rows[table]:
                        copy.write_row(row)
    return sum(map(len, chunk.rows.values())), chunk.due_items


class _Chunk:
    """The rows of some open cases (number i, 0-based over the whole run), as the engine leaves them."""

    def __init__(self, fixed: Fixed, due: int, first_id: dict[str, int]):
        self.fixed = fixed
        self.due = due
        self.next_id = dict(first_id)
        self.rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
        self.due_items: list[DueItem] = []

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def _child(self, i: int, tag: str) -> tuple[int, str, str, int, str, str]:
        rows = self.rows
        family_id = self._id("families")
        rows["families"].append((family_id, STAMP))
        child_id = self._id("children")
        given, family = f"{tag}{i}", f"Family{i}"
        rows["children"].append(
            (child_id, given, family, dt.date(2012, 1, 1) + dt.timedelta(days=i % 3000), "AB1 2CD", family_id, STAMP)
        )
        contact_id = self._id("contacts")
        name, email = f"Parent {tag}{i}", f"parent.{tag.lower()}{i}@example.org"
        rows["contacts"].append((contact_id, child_id, name, "parent", email, email, "email"))
        return child_id, given, family, contact_id, name, email

    def plan(self, i: int) -> None:
        """An active plan (of a child without an open case) whose review is far beyond the lead time."""
        from casework.workflow import statutory as law

        child_id = self._child(i, "Planchild")[0]
        issued = TODAY - dt.timedelta(days=200 - i % 150)
        self.rows["plans"].append(
            (
                self._id("plans"),
                child_id,
                issued,
                "Riverside Primary School",
                issued,
                law.review_meeting(issued).due_on,
                "active",
                STAMP,
            )
        )

    def case(self, i: int) -> None:
        from casework.workflow import chasing

        f, rows = self.fixed, self.rows
        child_id, given, family, contact_id, contact_name, email = self._child(i, "Child")
        received, decided = _case_dates(i, self.due)
        case_id = self._id("cases")
        facts = json.dumps({"received_on": received.isoformat(), "decided_to_assess_on": decided.isoformat()})
        rows["cases"].append(
            (
                case_id,
                "assessment",
                child_id,
                f.officer_id,
                "assessing",
                True,
                1,
                received,
                "parent",
                facts,
                STAMP,
                STAMP,
            )
        )
        deadlines = _deadlines(received, decided)
        for d in deadlines:
            rows["deadlines"].append((self._id("deadlines"), case_id, *d))
        actor = f.officer_id

        def event(kind: str, on: dt.date, src: str | None, dst: str, details: dict[str, Any]) -> int:
            event_id = self._id("events")
            rows["events"].append((event_id, case_id, kind, on, STAMP, "staff", actor, src, dst, json.dumps(details)))
            return event_id

        def outbox(key: str, recipient: str, kind: str, template: str, values: dict[str, Any], event_id: int) -> None:
            rows["outbox"].append(
                (
                    self._id("outbox"),
                    case_id,
                    event_id,
                    key,
                    recipient,
                    kind,
                    "email",
                    template,
                    json.dumps(values),
                    "sent",
                    1,
                    STAMP,
                    STAMP,
                )
            )

        base = {
            "child_name": given,
            "officer_name": "Olive Officer",
            "officer_email": "olive.officer@example.org",
            "case_ref": f"EHC-{case_id}",
            "contact_name": contact_name,
            **{f"{d[0]}_due_on": _long_date(d[5]) for d in deadlines},
        }
        e = event(
            "request_received",
            received,
            None,
            "request_received",
            {"request_source": "parent", "clock_starts_on": received.isoformat()},
        )
        outbox(
            f"event:{e}:contact:{contact_id}",
            email,
            "contact",
            "family_request_received.email",
            {**base, "happened_on": _long_date(received)},
            e,
        )
        e = event("decided_to_assess", decided, "request_received", "assessing", {})
        outbox(
            f"event:{e}:contact:{contact_id}",
            email,
            "contact",
            "family_decided_to_assess.email",
            {**base, "happened_on": _long_date(decided)},
            e,
        )

        def advice(requested: dt.date, n: int, received_on: dt.date | None, next_chase_on: dt.date | None) -> int:
            pid, kind, pname, pemail, statutory = f.providers[(i + n) % len(f.providers)]
            due = _advice_due(requested)
            e = event(
                "advice_requested",
                requested,
                "assessing",
                "assessing",
                {"advice_type": kind, "provider_id": pid, "due_on": due.due_on.isoformat(), "regulation": due.citation},
            )
            advice_id = self._id("advice_requests")
            rows["advice_requests"].append(
                (
                    advice_id,
                    case_id,
                    kind,
                    pid,
                    requested,
                    requested,
                    due.due_on,
                    due.practical_on,
                    "statutory" if statutory else "target",
                    received_on,
                    next_chase_on,
                    STAMP,
                )
            )
            outbox(
                f"advice:{advice_id}:request",
                pemail,
                "provider",
                "advice_request.email",
                {
                    "provider_name": pname,
                    "child_name": f"{given} {family}",
                    "advice_type": kind,
                    "due_on": _long_date(due.due_on),
                    "regulation": due.citation,
                    "question": "",
                    "advice_request_id": advice_id,
                    "case_ref": f"EHC-{case_id}",
                },
                e,
            )
            if received_on is not None:
                event("advice_received", received_on, "assessing", "assessing", {"advice_request_id": advice_id})
            return advice_id

        # not due: one received (chasing stopped), one outstanding whose next step is weeks away
        advice(decided, 0, decided + dt.timedelta(days=20), None)
        requested = TODAY - dt.timedelta(days=1 + i % 20)
        advice(requested, 1, None, chasing.next_step_on(_advice_due(requested).due_on, TODAY))
        if i < self.due:  # due 20-29 days ago; the sweep last ran before its escalation day
            requested = TODAY - dt.timedelta(days=62 + i % 10)
            orig = chasing.DEFAULT_POLICY.escalate_on(_advice_due(requested).due_on)
            assert orig <= TODAY
            self.due_items.append(DueItem(advice(requested, 2, None, orig), orig))


def count(conninfo: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        return conn.execute(sql).fetchone()[0]


# ---------------------------------------------------------------------------------------------
# measuring the sweep


@dataclass
class Measurement:
    open_cases: int
    due_items: int
    times: list[float]
    cpu: list[float]  # CPU seconds per run: this process plus its PostgreSQL backends (if readable)
    others: list[float]  # CPU seconds per run used by everything else on the machine (if readable)
    messages: int
    dedupe_keys: frozenset[str]
    statements: int = 0
    sql_seconds: float = 0.0
    warmup_seconds: float = 0.0
    plans: dict[str, list[str]] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None


def machine_busy() -> float | None:
    """CPU seconds the whole machine has been busy (all cores; idle and iowait excluded)."""
    try:
        with open("/proc/stat") as f:
            ticks = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / (os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100)


class BackendCPU:
    """CPU time of the PostgreSQL backends behind an engine's pooled connections, read from
    /proc (the server must run on this machine; otherwise `readable` is False). Less disturbed
    by other work on a shared machine than wall time is."""

    def __init__(self, eng: Any) -> None:
        from sqlalchemy import event

        self.pids: set[int] = set()
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        event.listen(eng, "connect", self._on_connect)

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            self.pids.add(cur.fetchone()[0])
        dbapi_connection.rollback()

    def seconds(self) -> float | None:
        total = 0
        for pid in self.pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                return None
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / self.tick


def reset(conninfo: str, due: list[DueItem], written: list[int]) -> None:
    """Put the due items back as they were before the sweep, and remove what it wrote."""
    import psycopg

    with psycopg.connect(conninfo) as conn:
        conn.execute(
            "UPDATE advice_requests a SET next_chase_on = x.d FROM unnest(%s::int[], %s::date[]) AS x(id, d) "
            "WHERE a.id = x.id",
            ([d.advice_id for d in due], [d.next_chase_on for d in due]),
        )
        if written:
            conn.execute("DELETE FROM outbox WHERE id = ANY(%s)", (written,))
    vacuum(conninfo, ("advice_requests", "outbox"), analyze=False)


class Capture:
    """Counts the sweep's statements and their time in the driver; keeps its three reads."""

    def __init__(self) -> None:
        self.statements = 0
        self.seconds = 0.0
        self.queries: dict[str, tuple[str, Any]] = {}
        self._t0 = 0.0

    def before(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        self._t0 = time.perf_counter()
        if "FROM plans" in statement and "review" not in self.queries:
            self.queries["review"] = (statement, parameters)
        elif "FROM advice_requests" in statement:
            if "SKIP LOCKED" in statement and "due" not in self.queries:
                self.queries["due"] = (statement, parameters)
            elif "JOIN cases" in statement and "load" not in self.queries:
                self.queries["load"] = (statement, parameters)

    def after(self, *args: Any) -> None:
        self.statements += 1
        self.seconds += time.perf_counter() - self._t0


def _abbreviate(line: str) -> str:
    """A plan line with its list of ids cut short."""

    def cut(m: Any) -> str:
        ids = m.group(1).split(",")
        return "'{" + ",".join(ids[:3]) + f",... {len(ids)} ids" + "}'"

    return re.sub(r"'\{([0-9,]+)\}'", cut, line)


def measure(url: str, conninfo: str, seeded: Seeded, repeat: int, explain: bool) -> Measurement:
    from sqlalchemy import event, text

    from casework.db import make_engine, make_session_factory
    from casework.workflow import sweep

    eng = make_engine(url)
    backends = BackendCPU(eng)
    factory = make_session_factory(eng)
    due = seeded.due
    open_cases = count(conninfo, "SELECT count(*) FROM cases WHERE is_open")
    due_now = count(
        conninfo, f"SELECT count(*) FROM advice_requests WHERE next_chase_on <= '{TODAY}' AND received_on IS NULL"
    )
    if due_now != len(due):
        raise RuntimeError(f"{due_now} advice requests are due, expected {len(due)}")
    try:
        # warm-up (untimed): connections, statement caches, buffers; counts the statements
        cap = Capture()
        event.listen(eng, "before_cursor_execute", cap.before)
        event.listen(eng, "after_cursor_execute", cap.after)
        t0 = time.perf_counter()
        report = sweep.run(factory, TODAY, dispatch=None)
        warmup = time.perf_counter() - t0
        event.remove(eng, "before_cursor_execute", cap.before)
        event.remove(eng, "after_cursor_execute", cap.after)
        written = list(report.outbox_ids)
        times: list[float] = []
        cpu: list[float] = []
        others: list[float] = []
        counts: set[int] = set()
        keys: frozenset[str] = frozenset()
        for _ in range(repeat):
            reset(conninfo, due, written)
            b0, c0, s0, t0 = machine_busy(), time.process_time(), backends.seconds(), time.perf_counter()
            report = sweep.run(factory, TODAY, dispatch=None)
            times.append(time.perf_counter() - t0)
            b1, c1, s1 = machine_busy(), time.process_time(), backends.seconds()
            if s0 is not None and s1 is not None:
                cpu.append(c1 - c0 + s1 - s0)
                if b0 is not None and b1 is not None:
                    others.append(max(b1 - b0 - cpu[-1], 0.0))
            written = list(report.outbox_ids)
            counts.add(len(written))
            if report.reviews_opened:
                raise RuntimeError(f"the sweep opened {len(report.reviews_opened)} reviews; none is due")
            if not keys:
                with eng.connect() as conn:
                    keys = frozenset(
                        conn.execute(
                            text("SELECT dedupe_key FROM outbox WHERE id = ANY(:ids)"), {"ids": written}
                        ).scalars()
                    )
        if len(counts) != 1 or not written:
            raise RuntimeError(f"the runs wrote different numbers of messages: {sorted(counts)}")
        m = Measurement(
            open_cases,
            len(due),
            times,
            cpu if len(cpu) == len(times) else [],
            others if len(others) == len(times) else [],
            len(written),
            keys,
            cap.statements,
            cap.seconds,
            warmup,
        )
        if explain:
            reset(conninfo, due, written)  # EXPLAIN on the state the sweep starts from
            written = []
            with eng.connect() as conn:
                for name, (statement, params) in cap.queries.items():
                    m.plans[name] = [_abbreviate(r[0]) for r in conn.exec_driver_sql("EXPLAIN " + statement, params)]
        reset(conninfo, due, written)
        return m
    finally:
        eng.dispose()


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get("SWEEP_BENCH_DATABASE_URL", DEFAULT_URL))
    p.add_argument("--small", type=int, default=10_000, help="open cases in the small run")
    p.add_argument(
        "--large", type=int, default=1_000_000, help="open cases in the large run (300000 for a run of about 4 minutes)"
    )
    p.add_argument("--due", type=int, default=1_000, help="advice requests due on TODAY (both runs)")
    p.add_argument("--repeat", type=int, default=5, help="timed sweeps per size (the median is reported)")
    p.add_argument("--force", action="store_true", help="allow a database name without 'bench'")
    args = p.parse_args(argv)
    if not (0 < args.due <= args.small < args.large) or args.repeat < 1:
        p.error("need 0 < --due <= --small < --large and --repeat >= 1")

    import logging

    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    url, conninfo = args.database_url, _conninfo(args.database_url)
    print(
        f"database {conninfo.rsplit('/', 1)[-1]}; TODAY {TODAY.isoformat()}; due items {args.due}; "
        f"{args.repeat} timed sweeps per size (after one untimed warm-up)",
        flush=True,
    )

    from casework.cli import upgrade

    recreate_database(url, args.force)
    upgrade(url)
    seeded = Seeded(seed_fixed(conninfo))
    seeder = Seeder(conninfo, seeded, args.due)
    results: list[Measurement] = []
    for size, explain in ((args.small, False), (args.large, True)):
        t0 = time.perf_counter()
        rows = seeder.grow_to(size)
        t1 = time.perf_counter()
        vacuum(conninfo)
        t2 = time.perf_counter()
        line = (
            f"seeded to {size:,} open cases: {rows:,} rows in {t1 - t0:.1f} s "
            f"({rows / max(t1 - t0, 1e-9):,.0f} rows/s), VACUUM ANALYZE {t2 - t1:.1f} s"
        )
        print(line, flush=True)
        load_before = os.getloadavg()[0]
        m = measure(url, conninfo, seeded, args.repeat, explain)
        results.append(m)
        print(
            f"  sweep at {m.open_cases:,} open cases: median {m.median:.3f} s "
            f"(runs: {', '.join(f'{t:.3f}' for t in m.times)}); 1-minute load average "
            f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after",
            flush=True,
        )
        if m.others:
            print(
                f"    CPU s per run: ours {', '.join(f'{c:.2f}' for c in m.cpu)}; "
                f"others {', '.join(f'{c:.2f}' for c in m.others)}",
                flush=True,
            )

    small, large = results
    with __import__("psycopg").connect(conninfo) as conn:
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
        advice_rows = conn.execute("SELECT count(*) FROM advice_requests").fetchone()[0]
    print()
    print(
        f"{'open cases':>12} {'due items':>10} {'median s':>9} {'min s':>8} {'max s':>8} {'messages':>9} "
        f"{'CPU s':>7} {'others s':>9} {'statements':>11} {'in driver s':>12}"
    )
    for m in results:
        cpu = f"{m.cpu_median:>7.3f}" if m.cpu_median is not None else f"{'n/a':>7}"
        others = f"{statistics.median(m.others):>9.3f}" if m.others else f"{'n/a':>9}"
        print(
            f"{m.open_cases:>12,} {m.due_items:>10,} {m.median:>9.3f} {min(m.times):>8.3f} {max(m.times):>8.3f} "
            f"{m.messages:>9,} {cpu} {others} {m.statements:>11,} {m.sql_seconds:>12.3f}"
        )
    ratio = large.median / small.median
    print(
        f"ratio large/small of the median sweep times: {ratio:.2f}  target <= {TARGET:.2f}: "
        f"{'MET' if ratio <= TARGET else 'MISSED'}"
    )
    extra = f"of the fastest runs {min(large.times) / min(small.times):.2f}"
    if small.cpu_median and large.cpu_median:
        extra += f", of the median CPU seconds {large.cpu_median / small.cpu_median:.2f}"
    print(f"  (ratio {extra})")
    same = small.dedupe_keys == large.dedupe_keys
    print(
        f"same messages at both sizes: {'yes' if same else 'NO'} ({small.messages:,} per run: "
        f"chase + provider escalation + manager escalation per due item)"
    )
    print(f"large database: {size}, {advice_rows:,} advice requests")
    print(
        f"CPU s: this process + its PostgreSQL backends per sweep (median); others s: CPU seconds the rest of "
        f"the machine ({os.cpu_count()} cores) used during a sweep (median), a sign of noise; statements and "
        f"driver time: of the warm-up sweep"
    )
    for name, title in (
        ("review", "plans due a review (sweep.plans_due_review)"),
        ("due", "due-advice selection (chasing.chase)"),
        ("load", "loading the claimed rows"),
    ):
        print(f"\nEXPLAIN at {large.open_cases:,} open cases, {title}:")
        for line in large.plans.get(name, ["(query not captured)"]):
            print("  " + line)
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
