#!/usr/bin/env python
"""Transitions per second of the workflow engine against a raw-SQL floor (no HTTP).

    python benchmarks/transitions.py [--database-url postgresql://postgres@127.0.0.1/casework_bench]
                                     [--cases 2000] [--processes 4] [--seconds 30] [--warmup 100]
                                     [--profile] [--verbose]

What it does, in one run:

1. (Re)creates the database named in the URL (drop/create through the maintenance database
   `postgres`; the name must contain "bench" unless --force), runs the migrations
   (`casework.cli.upgrade`) and seeds one officer, N children with one email contact each and
   N assessment cases opened with `engine.open_assessment` (so cases, deadlines, facts, events and
   outbox rows are exactly what the engine leaves), then VACUUM ANALYZE + CHECKPOINT.
2. Splits the cases into four equal, disjoint ranges: engine x 1 process, floor x 1 process,
   engine x P processes, floor x P processes (plus one more range for --profile).
3. A transition is one `engine.record(session, case_id, event, occurred_on, actor=staff, today=TODAY)`
   followed by `session.commit()`. Each range is taken through two passes: every case
   `decided_to_assess`, then every case `decided_to_issue` (each notifies the family, so each
   writes an event, one deadline update and one outbox row). Every process first warms up on its
   own cases (`--warmup` transitions), waits at a barrier, then is timed. A run stops early after
   `--seconds`.
4. The floor is plain psycopg 3 on one connection per process: the same statements the engine
   issues for that event (the SQL text is the engine's, captured from a live transition and
   compared at run time), in one transaction, with the least Python in between.
5. Prints engine tx/s, floor tx/s and engine/floor for 1 and P processes against the target
   (engine >= 0.50 x floor), the engine's per-transition latency in 1 process, and with
   --profile the top functions of a cProfile'd 1-process engine loop.

Business dates are fixed (TODAY, RECEIVED_ON, ...), so runs are reproducible. Exits non-zero only
on errors, never because the target is missed.
"""
from __future__ import annotations

import os
import sys

# `python benchmarks/transitions.py` puts benchmarks/ first on sys.path, where this file would
# shadow the `transitions` library the engine uses. Take it off and put the project root on.
_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import multiprocessing as mp  # noqa: E402
import pstats  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1/casework_bench"
TARGET = 0.50

# Fixed business dates: nothing below reads the wall clock for a business date.
TODAY = dt.date(2026, 3, 2)
RECEIVED_ON = TODAY - dt.timedelta(days=200)
# (event, occurred_on, state before, state after, the deadline it changes)
PASSES = (
    ("decided_to_assess", RECEIVED_ON + dt.timedelta(days=35), "request_received", "assessing", "decision_to_assess"),
    ("decided_to_issue", RECEIVED_ON + dt.timedelta(days=100), "assessing", "drafting", "decision_not_to_issue"),
)

# ---------------------------------------------------------------------------------------------
# The floor's statements: the engine's SQL text for these events (SQLAlchemy's rendering for
# psycopg, casts included), checked against the engine's live statements at run time.

SQL_CASE = (
    "SELECT cases.id, cases.kind, cases.state, cases.version, cases.opened_on, cases.facts, "
    "cases.child_id, cases.officer_id, children.given_name, children.family_name \n"
    "FROM cases JOIN children ON children.id = cases.child_id \n"
    "WHERE cases.id = %(id_1)s::INTEGER")
SQL_UPDATE_CASE = (
    "UPDATE cases SET state=%(state)s::VARCHAR, is_open=%(is_open)s, version=%(version)s::INTEGER, "
    "closed_on=%(closed_on)s::DATE, facts=%(facts)s::JSONB, updated_at=%(updated_at)s::TIMESTAMP WITH TIME ZONE "
    "WHERE cases.id = %(id_1)s::INTEGER AND cases.version = %(version_1)s::INTEGER")
SQL_INSERT_EVENT = (
    "INSERT INTO events (case_id, type, occurred_on, recorded_at, actor_kind, actor_id, from_state, to_state, "
    "details) VALUES (%(case_id)s::INTEGER, %(type)s::VARCHAR, %(occurred_on)s::DATE, "
    "%(recorded_at)s::TIMESTAMP WITH TIME ZONE, %(actor_kind)s::VARCHAR, %(actor_id)s::INTEGER, "
    "%(from_state)s::VARCHAR, %(to_state)s::VARCHAR, %(details)s::JSONB) RETURNING events.id")
SQL_DEADLINES = (
    "SELECT deadlines.id, deadlines.key, deadlines.due_on, deadlines.practical_due_on, deadlines.met_on, "
    "deadlines.outcome, deadlines.exception_applies, deadlines.start_on, deadlines.kind \n"
    "FROM deadlines \n"
    "WHERE deadlines.case_id = %(case_id_1)s::INTEGER")
SQL_UPDATE_DEADLINE = (
    "UPDATE deadlines SET kind=%(kind)s::VARCHAR, start_on=%(start_on)s::DATE, due_on=%(due_on)s::DATE, "
    "practical_due_on=%(practical_due_on)s::DATE, met_on=%(met_on)s::DATE, outcome=%(outcome)s::VARCHAR, "
    "exception_applies=%(exception_applies)s WHERE deadlines.id = %(id_1)s::INTEGER")
SQL_CONTACTS = (
    "SELECT contacts.id, contacts.name, contacts.email, contacts.phone_e164, contacts.address, "
    "contacts.preferred_channel \n"
    "FROM contacts \n"
    "WHERE contacts.child_id = %(child_id_1)s::INTEGER")
SQL_OFFICER = (
    "SELECT staff.name, staff.email \n"
    "FROM staff \n"
    "WHERE staff.id = %(id_1)s::INTEGER")
SQL_DEDUPE = (
    "SELECT outbox.dedupe_key \n"
    "FROM outbox \n"
    "WHERE outbox.dedupe_key IN ({keys})")
SQL_INSERT_OUTBOX = (
    "INSERT INTO outbox (case_id, event_id, dedupe_key, recipient, recipient_kind, channel, template, "
    "personalisation, status, attempts, created_at) VALUES (%(case_id)s::INTEGER, %(event_id)s::INTEGER, "
    "%(dedupe_key)s::VARCHAR, %(recipient)s::VARCHAR, %(recipient_kind)s::VARCHAR, %(channel)s::VARCHAR, "
    "%(template)s::VARCHAR, %(personalisation)s::JSONB, %(status)s::VARCHAR, %(attempts)s::INTEGER, "
    "%(created_at)s::TIMESTAMP WITH TIME ZONE) RETURNING outbox.id")

# the deadline the family is told about next, by the new state (as messages.NEXT_DEADLINE)
NEXT_DEADLINE = {"assessing": "final_plan", "drafting": "final_plan"}


def _norm(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


# ---------------------------------------------------------------------------------------------
# database setup and seeding


def _urls(url: str) -> tuple[str, str, str]:
    """(SQLAlchemy URL for make_engine, libpq conninfo, database name)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "postgresql":
        raise SystemExit("error: the benchmark needs PostgreSQL (postgresql://...)")
    plain = u.set(drivername="postgresql")
    return plain.render_as_string(hide_password=False), plain.render_as_string(hide_password=False), u.database


def recreate_database(url: str, force: bool) -> None:
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    u = make_url(url).set(drivername="postgresql")
    name = u.database
    if not name or ("bench" not in name and not force):
        raise SystemExit(f"error: refusing to drop database {name!r} (its name has no 'bench'); pass --force")
    maintenance = u.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def seed(url: str, n_cases: int, batch: int = 500) -> tuple[int, list[int]]:
    """One officer, n children (one email contact each), n assessments opened by the engine.
    Returns (staff id, case ids in order)."""
    from sqlalchemy import insert, select

    from casework.clock import now
    from casework.db import make_engine, make_session_factory
    from casework.models import Case, Child, Contact, Family, Staff
    from casework.workflow import engine

    eng = make_engine(url)
    session = make_session_factory(eng)()
    try:
        conn = session.connection()
        staff_id = conn.execute(insert(Staff.__table__).values(
            email="olive.officer@example.org", name="Olive Officer", role="officer", capacity=1_000_000,
            available=True, created_at=now()).returning(Staff.__table__.c.id)).scalar_one()
        family_ids = list(conn.execute(
            insert(Family.__table__).returning(Family.__table__.c.id, sort_by_parameter_order=True),
            [{"created_at": now()} for _ in range(n_cases)]).scalars())
        child_ids = list(conn.execute(
            insert(Child.__table__).returning(Child.__table__.c.id, sort_by_parameter_order=True),
            [{"given_name": f"Child{i}", "family_name": f"Family{i}", "date_of_birth": dt.date(2014, 1, 1)
              + dt.timedelta(days=i % 2000), "family_id": fid, "postcode": "AB1 2CD", "created_at": now()}
             for i, fid in enumerate(family_ids)]).scalars())
        conn.execute(insert(Contact.__table__), [
            {"child_id": cid, "name": f"Parent {i}", "email": f"parent{i}@example.org",
             "email_normalised": f"parent{i}@example.org", "preferred_channel": "email"}
            for i, cid in enumerate(child_ids)])
        session.commit()
        actor = engine.Actor("staff", staff_id)
        for i, child_id in enumerate(child_ids, 1):
            engine.open_assessment(session, child_id, RECEIVED_ON, actor=actor, officer_id=staff_id, today=TODAY)
            if i % batch == 0:
                session.commit()
        session.commit()
        case_ids = list(session.execute(select(Case.__table__.c.id).order_by(Case.__table__.c.id)).scalars())
    finally:
        session.close()
        eng.dispose()
    if len(case_ids) != n_cases:
        raise RuntimeError(f"seeded {len(case_ids)} cases, expected {n_cases}")
    return staff_id, case_ids


def tidy_database(conninfo: str) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")


# ---------------------------------------------------------------------------------------------
# one worker: warm up, wait at the barrier, then run the passes over its cases


@dataclass
class WorkerResult:
    transitions: int = 0
    started: float = 0.0
    finished: float = 0.0
    warmup: int = 0
    latencies: list[float] = field(default_factory=list)
    statements: dict[str, list[str]] = field(default_factory=dict)
    profile: str = ""


class _EngineRunner:
    def __init__(self, url: str, staff_id: int):
        from casework.db import make_engine, make_session_factory
        from casework.workflow import engine

        self.engine_mod = engine
        self.eng = make_engine(url)
        self.session = make_session_factory(self.eng)()
        self.actor = engine.Actor("staff", staff_id)
        self._capture: list[str] | None = None

    def capture(self, into: list[str] | None) -> None:
        from sqlalchemy import event

        if into is not None and self._capture is None:
            event.listen(self.eng, "before_cursor_execute", self._on_execute)
        elif into is None and self._capture is not None:
            event.remove(self.eng, "before_cursor_execute", self._on_execute)
        self._capture = into

    def _on_execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self._capture is not None:
            self._capture.append(statement)

    def one(self, case_id: int, event: str, occurred_on: dt.date, *_: Any) -> None:
        try:
            self.engine_mod.record(self.session, case_id, event, occurred_on, actor=self.actor, today=TODAY)
            self.session.commit()
        except BaseException:
            self.session.rollback()
            raise

    def close(self) -> None:
        self.session.close()
        self.eng.dispose()


class _FloorRunner:
    """The same statements with plain psycopg 3: no SQLAlchemy, no machine, least Python."""

    def __init__(self, conninfo: str, staff_id: int):
        import psycopg
        from psycopg.types.json import Jsonb

        self.Jsonb = Jsonb
        self.conn = psycopg.connect(conninfo)
        self.cur = self.conn.cursor()
        self.staff_id = staff_id
        self._capture: list[str] | None = None

    def capture(self, into: list[str] | None) -> None:
        self._capture = into

    def _x(self, sql: str, params: dict[str, Any]) -> Any:
        if self._capture is not None:
            self._capture.append(sql)
        return self.cur.execute(sql, params)

    def one(self, case_id: int, event: str, occurred_on: dt.date, from_state: str, to_state: str,
            deadline_key: str) -> None:
        Jsonb, x, cur = self.Jsonb, self._x, self.cur
        try:
            row = x(SQL_CASE, {"id_1": case_id}).fetchone()
            if row is None:
                raise RuntimeError(f"no case {case_id}")
            _, kind, state, version, opened_on, facts, child_id, officer_id, given_name, _family = row
            if state != from_state or not (opened_on <= occurred_on <= TODAY):
                raise RuntimeError(f"case {case_id}: cannot record {event} in state {state}")
            facts = dict(facts or {})
            facts[f"{event}_on"] = occurred_on.isoformat()
            now = dt.datetime.now(dt.timezone.utc)
            x(SQL_UPDATE_CASE, {"state": to_state, "is_open": True, "version": version + 1, "closed_on": None,
                                "facts": Jsonb(facts), "updated_at": now, "id_1": case_id, "version_1": version})
            if cur.rowcount != 1:
                raise RuntimeError(f"case {case_id} changed concurrently")
            event_id = x(SQL_INSERT_EVENT, {
                "case_id": case_id, "type": event, "occurred_on": occurred_on, "recorded_at": now,
                "actor_kind": "staff", "actor_id": self.staff_id, "from_state": from_state, "to_state": to_state,
                "details": Jsonb({})}).fetchone()[0]
            deadlines = {r[1]: r for r in x(SQL_DEADLINES, {"case_id_1": case_id}).fetchall()}
            d_id, _, due_on, practical_due_on, _, _, exception_applies, start_on, d_kind = deadlines[deadline_key]
            if event == "decided_to_assess":
                met_on, outcome = occurred_on, ("met" if occurred_on <= due_on else "missed")
            else:  # decided_to_issue: the "decision not to issue" duty no longer applies
                met_on, outcome = None, "not_applicable"
            x(SQL_UPDATE_DEADLINE, {"kind": d_kind, "start_on": start_on, "due_on": due_on,
                                    "practical_due_on": practical_due_on, "met_on": met_on, "outcome": outcome,
                                    "exception_applies": exception_applies, "id_1": d_id})
            contacts = x(SQL_CONTACTS, {"child_id_1": child_id}).fetchall()
            officer = x(SQL_OFFICER, {"id_1": officer_id}).fetchone() if officer_id is not None else None
            if contacts:
                keys = [f"event:{event_id}:contact:{c[0]}" for c in contacts]
                placeholders = ", ".join(f"%(dedupe_key_1_{i})s::VARCHAR" for i in range(1, len(keys) + 1))
                seen = {r[0] for r in x(SQL_DEDUPE.format(keys=placeholders),
                                        {f"dedupe_key_1_{i}": k for i, k in enumerate(keys, 1)}).fetchall()}
                nxt = deadlines.get(NEXT_DEADLINE.get(to_state, ""))
                base = {
                    "child_name": given_name, "happened_on": _long_date(occurred_on),
                    "officer_name": officer[0] if officer else "your SEND case officer",
                    "officer_email": officer[1] if officer else "the SEND team",
                    "next_due_on": _long_date(nxt[2]) if nxt else "",
                    "final_plan_due_on": _long_date(deadlines["final_plan"][2]) if "final_plan" in deadlines else "",
                    "decision_due_on": _long_date(deadlines["decision_to_assess"][2]),
                    "representations_due_on": "", "appeal_due_on": "", "reason": "",
                    "case_ref": f"EHC-{case_id}",
                }
                for key, c in zip(keys, contacts):
                    if key in seen or not c[2]:
                        continue
                    x(SQL_INSERT_OUTBOX, {
                        "case_id": case_id, "event_id": event_id, "dedupe_key": key, "recipient": c[2],
                        "recipient_kind": "contact", "channel": "email", "template": f"family_{event}.email",
                        "personalisation": Jsonb({**base, "contact_name": c[1]}), "status": "pending",
                        "attempts": 0, "created_at": now}).fetchone()
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    def close(self) -> None:
        self.conn.close()


def _long_date(d: dt.date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def run_worker(kind: str, url: str, conninfo: str, staff_id: int, warm_ids: list[int], case_ids: list[int],
               seconds: float, barrier: Any = None, capture: bool = False, latencies: bool = False,
               profile: bool = False) -> WorkerResult:
    runner: Any = _EngineRunner(url, staff_id) if kind == "engine" else _FloorRunner(conninfo, staff_id)
    res = WorkerResult()
    try:
        # warm up: both passes over this worker's warm-up cases (caches, prepared statements)
        for event, on, src, dst, dl in PASSES:
            for i, cid in enumerate(warm_ids):
                if capture and i == 0:
                    res.statements[event] = []
                    runner.capture(res.statements[event])
                runner.one(cid, event, on, src, dst, dl)
                if capture and i == 0:
                    runner.capture(None)
                res.warmup += 1
        if barrier is not None:
            barrier.wait(timeout=120)
        prof = cProfile.Profile() if profile else None
        lat = res.latencies
        clock = time.perf_counter
        res.started = clock()
        deadline = res.started + seconds
        done: list[int] = case_ids
        if prof is not None:
            prof.enable()
        for event, on, src, dst, dl in PASSES:
            completed: list[int] = []
            for cid in done:
                t = clock()
                runner.one(cid, event, on, src, dst, dl)
                t2 = clock()
                if latencies:
                    lat.append(t2 - t)
                completed.append(cid)
                if t2 > deadline:
                    break
            res.transitions += len(completed)
            done = completed
            if clock() > deadline:
                break
        res.finished = clock()
        if prof is not None:
            prof.disable()
            res.profile = _profile_text(prof)
    finally:
        runner.close()
    return res


def _profile_text(prof: cProfile.Profile, top: int = 25) -> str:
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs()
    out.write(f"--- top {top} by cumulative time ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"--- top {top} by own (tottime) time ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _child_main(queue: Any, args: tuple, kwargs: dict) -> None:
    try:
        queue.put(("ok", asdict(run_worker(*args, **kwargs))))  # plain data across processes
    except BaseException:  # noqa: BLE001 - reported to the parent, which exits non-zero
        queue.put(("error", traceback.format_exc()))


# ---------------------------------------------------------------------------------------------
# runs


@dataclass
class RunResult:
    kind: str
    processes: int
    transitions: int
    seconds: float
    warmup: int
    latencies: list[float]
    statements: dict[str, list[str]]
    profile: str = ""

    @property
    def rate(self) -> float:
        return self.transitions / self.seconds if self.seconds > 0 else 0.0


def _split(ids: list[int], parts: int) -> list[list[int]]:
    return [ids[i::parts] for i in range(parts)]


def run_mode(kind: str, processes: int, url: str, conninfo: str, staff_id: int, ids: list[int], warm_per_proc: int,
             seconds: float, capture: bool = False, profile: bool = False) -> RunResult:
    slices = _split(ids, processes)
    jobs = [(s[:warm_per_proc], s[warm_per_proc:]) for s in slices]
    if processes == 1:
        warm, measure = jobs[0]
        r = run_worker(kind, url, conninfo, staff_id, warm, measure, seconds, capture=capture,
                       latencies=True, profile=profile)
        return RunResult(kind, 1, r.transitions, r.finished - r.started, r.warmup, r.latencies, r.statements,
                         r.profile)
    ctx = mp.get_context("spawn")  # engines and connections are made in the children
    barrier = ctx.Barrier(processes)
    queue = ctx.Queue()
    procs = [ctx.Process(target=_child_main, args=(queue, (kind, url, conninfo, staff_id, warm, measure, seconds),
                                                   {"barrier": barrier}), daemon=True)
             for warm, measure in jobs]
    for p in procs:
        p.start()
    results: list[WorkerResult] = []
    errors: list[str] = []
    for _ in procs:
        status, payload = queue.get(timeout=seconds + 300)
        if status == "ok":
            results.append(WorkerResult(**payload))
        else:
            errors.append(payload)
    for p in procs:
        p.join(timeout=30)
    if errors:
        raise RuntimeError(f"{kind} worker failed:\n" + "\n".join(errors))
    span = max(r.finished for r in results) - min(r.started for r in results)
    return RunResult(kind, processes, sum(r.transitions for r in results), span, sum(r.warmup for r in results),
                     [], {})


def verify(conninfo: str, expected: int) -> tuple[int, int]:
    """Events and outbox rows written by the measured and warm-up transitions."""
    import psycopg

    with psycopg.connect(conninfo) as conn:
        events = conn.execute("SELECT count(*) FROM events WHERE type IN ('decided_to_assess', 'decided_to_issue')"
                              ).fetchone()[0]
        outbox = conn.execute("SELECT count(*) FROM outbox o JOIN events e ON e.id = o.event_id "
                              "WHERE e.type IN ('decided_to_assess', 'decided_to_issue')").fetchone()[0]
    if events != expected or outbox != expected:
        raise RuntimeError(f"expected {expected} events and outbox rows from the runs, found {events} events "
                           f"and {outbox} outbox rows")
    return events, outbox


def compare_statements(engine_sql: dict[str, list[str]], floor_sql: dict[str, list[str]]) -> list[str]:
    problems = []
    for event, stmts in engine_sql.items():
        e = [_norm(s) for s in stmts]
        f = [_norm(s) for s in floor_sql.get(event, [])]
        if e != f:
            problems.append(f"{event}: the engine issued {len(e)} statements, the floor {len(f)}; they differ")
            for i in range(max(len(e), len(f))):
                a = e[i] if i < len(e) else "(none)"
                b = f[i] if i < len(f) else "(none)"
                if a != b:
                    problems.append(f"  #{i + 1} engine: {a[:160]}")
                    problems.append(f"  #{i + 1} floor : {b[:160]}")
    return problems


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    ap.add_argument("--cases", type=int, default=2000,
                    help="cases seeded for the four measured runs, split equally (default 2000)")
    ap.add_argument("--processes", type=int, default=4, help="processes for the parallel runs (default 4)")
    ap.add_argument("--seconds", type=float, default=30.0,
                    help="stop a measured run after this long even if it has cases left (default 30)")
    ap.add_argument("--warmup", type=int, default=100,
                    help="warm-up transitions per process before timing (default 100)")
    ap.add_argument("--profile", action="store_true",
                    help="also cProfile a 1-process engine run on extra cases and print the top functions")
    ap.add_argument("--verbose", "-v", action="store_true", help="print the statements of one transition")
    ap.add_argument("--force", action="store_true", help="allow a database name without 'bench'")
    args = ap.parse_args(argv)
    if args.processes < 1 or args.cases < 8 * args.processes:
        ap.error("need --processes >= 1 and --cases >= 8 x --processes")

    url, conninfo, _ = _urls(args.database_url)
    P = args.processes
    warm_cases = max(1, -(-args.warmup // len(PASSES)))  # cases per process; each takes both passes
    share = args.cases // 4
    if share - warm_cases * P < 4 * P:
        ap.error(f"--cases {args.cases} is too few for --warmup {args.warmup} with {P} processes")
    n_seed = share * (5 if args.profile else 4)

    t0 = time.perf_counter()
    from casework.cli import upgrade

    recreate_database(args.database_url, args.force)
    upgrade(url)
    staff_id, case_ids = seed(url, n_seed)
    tidy_database(conninfo)
    setup = time.perf_counter() - t0
    ranges = [case_ids[i * share:(i + 1) * share] for i in range(n_seed // share)]
    print(f"database {args.database_url}: migrated and seeded {n_seed} cases in {setup:.1f}s "
          f"(today fixed at {TODAY}); per run {share} cases x {len(PASSES)} events "
          f"({', '.join(p[0] for p in PASSES)}), warm-up {warm_cases * len(PASSES)} transitions per process")

    total = 0
    e1 = run_mode("engine", 1, url, conninfo, staff_id, ranges[0], warm_cases, args.seconds, capture=True)
    f1 = run_mode("floor", 1, url, conninfo, staff_id, ranges[1], warm_cases, args.seconds, capture=True)
    eP = run_mode("engine", P, url, conninfo, staff_id, ranges[2], warm_cases, args.seconds)
    fP = run_mode("floor", P, url, conninfo, staff_id, ranges[3], warm_cases, args.seconds)
    runs = [e1, f1, eP, fP]
    prof = None
    if args.profile:
        prof = run_mode("engine", 1, url, conninfo, staff_id, ranges[4], warm_cases, args.seconds, profile=True)
        runs.append(prof)
    total = sum(r.transitions + r.warmup for r in runs)
    verify(conninfo, total)

    problems = compare_statements(e1.statements, f1.statements)
    n_stmts = {ev: len(s) for ev, s in e1.statements.items()}
    if args.verbose:
        for event, stmts in e1.statements.items():
            print(f"\nstatements of one engine transition ({event}), besides BEGIN/COMMIT and the pool's pre-ping:")
            for i, s in enumerate(stmts, 1):
                print(f"  {i:2}. {_norm(s)}")
    print()
    print(f"{'mode':<14}{'engine tx/s':>13}{'floor tx/s':>13}{'engine/floor':>14}   transitions (engine / floor)")
    for label, e, f in (("1 process", e1, f1), (f"{P} processes", eP, fP)):
        ratio = e.rate / f.rate if f.rate else 0.0
        print(f"{label:<14}{e.rate:>13.0f}{f.rate:>13.0f}{ratio:>14.2f}   {e.transitions} in {e.seconds:.2f}s / "
              f"{f.transitions} in {f.seconds:.2f}s")
    r1, rP = e1.rate / f1.rate, eP.rate / fP.rate
    print(f"target: engine >= {TARGET:.2f} x floor -> 1 process: {'MET' if r1 >= TARGET else 'NOT MET'} ({r1:.2f}); "
          f"{P} processes: {'MET' if rP >= TARGET else 'NOT MET'} ({rP:.2f})")
    for label, r in (("engine", e1), ("floor ", f1)):
        lat = sorted(r.latencies)
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
        print(f"{label} latency, 1 process: median {_ms(statistics.median(lat))}, p95 {_ms(p95)}, "
              f"max {_ms(lat[-1])} (n={len(lat)})")
    print(f"statements per transition: engine {n_stmts} (+ BEGIN, COMMIT"
          f"{' and a pool pre-ping SELECT 1' if _pre_ping(url) else ''}); floor: "
          + ("the same" if not problems else "DIFFERENT (see below)"))
    for line in problems:
        print("  " + line)
    print(f"checked: {total} events and outbox rows written; total time {time.perf_counter() - t0:.1f}s")
    if prof is not None:
        print(f"\n=== cProfile of the 1-process engine loop: {prof.transitions} transitions, "
              f"{prof.rate:.0f} tx/s under the profiler ===")
        print(prof.profile)
    return 0


def _pre_ping(url: str) -> bool:
    from casework.db import make_engine

    eng = make_engine(url)
    try:
        return bool(getattr(eng.pool, "_pre_ping", False))
    finally:
        eng.dispose()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
