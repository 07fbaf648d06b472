#!/usr/bin/env python
"""Transitions per second of the workflow engine against a raw-SQL floor (no HTTP).

    python benchmarks/transitions.py [--database-url postgresql://postgres@127.0.0.1/casework_bench]
        [--cases 2000] [--processes 4] [--seconds 60] [--warmup 100] [--block 50] [--profile] [-v]

In one run:

1. (Re)creates the database named in the URL (drop/create through the maintenance database
   `postgres`; the name must contain "bench" unless --force), runs the migrations
   (`casework.cli.upgrade`), bulk-inserts one officer and N children with one email contact each,
   and opens N assessments with `engine.open_assessment` (received RECEIVED_ON, so the cases,
   deadlines, facts, events and outbox rows are exactly what the engine leaves), then
   VACUUM ANALYZE + CHECKPOINT.
2. Splits the cases four ways, disjoint: engine and floor in 1 process, engine and floor in P
   processes (and a fifth share with --profile).
3. A transition is `engine.record(session, case_id, event, occurred_on, actor=staff, today=TODAY)`
   then `session.commit()`. Every case takes `decided_to_assess`, then (in a second pass)
   `decided_to_issue`; both notify the family, so each writes the case, an event, one deadline
   and one outbox row.
4. The floor is plain psycopg 3 (no SQLAlchemy, no `transitions`), one connection per process,
   sending the same statements in one transaction with the least Python in between. Its SQL text
   is the engine's; the engine's statements are captured from a live transition and compared
   (-v prints them).
5. Each process warms up (--warmup transitions per side), then engine and floor alternate in
   blocks of --block transitions; in P processes every block starts at a barrier and lasts from
   the first start to the last finish. So background load falls on both sides alike. A run stops
   after about --seconds even if cases remain.
6. Prints engine tx/s, floor tx/s and engine/floor for 1 and P processes against the target
   (engine >= 0.50 x floor), the 1-process latencies, and with --profile the top 25 functions
   (cumulative and own time) of a cProfile'd 1-process engine loop on extra cases.

Business dates are fixed (TODAY, RECEIVED_ON, PASSES), so runs are reproducible. Exits non-zero
only on errors, never because the target is missed.
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
import queue as queue_mod  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
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
    "SELECT cases.id, cases.kind, cases.state, cases.version, cases.opened_on, cases.facts, cases.is_open, "
    "cases.closed_on, cases.child_id, cases.officer_id, cases.plan_id, cases.next_advice_due_on, children.given_name, "
    "children.family_name, children.date_of_birth, staff.name AS officer_name, staff.email AS officer_email, "
    "staff.phone AS officer_phone \n"
    "FROM cases JOIN children ON children.id = cases.child_id LEFT OUTER JOIN staff ON staff.id = cases.officer_id \n"
    "WHERE cases.id = %(b_case_id)s::INTEGER"
)
SQL_UPDATE_CASE = (
    "UPDATE cases SET state=%(b_state)s::VARCHAR, is_open=%(b_is_open)s, version=%(b_new_version)s::INTEGER, "
    "closed_on=%(b_closed_on)s::DATE, facts=%(b_facts)s::JSONB, next_due_on=%(b_next_due_on)s::DATE, "
    "next_due_key=%(b_next_due_key)s::VARCHAR, next_action_on=%(b_next_action_on)s::DATE, "
    "updated_at=%(b_now)s::TIMESTAMP WITH TIME ZONE "
    "WHERE cases.id = %(b_case_id)s::INTEGER AND cases.version = %(b_version)s::INTEGER"
)
SQL_INSERT_EVENT = (
    "INSERT INTO events (case_id, type, occurred_on, recorded_at, actor_kind, actor_id, from_state, to_state, "
    "details) VALUES (%(case_id)s::INTEGER, %(type)s::VARCHAR, %(occurred_on)s::DATE, "
    "%(recorded_at)s::TIMESTAMP WITH TIME ZONE, %(actor_kind)s::VARCHAR, %(actor_id)s::INTEGER, "
    "%(from_state)s::VARCHAR, %(to_state)s::VARCHAR, %(details)s::JSONB) RETURNING events.id"
)
SQL_DEADLINES = (
    "SELECT deadlines.id, deadlines.key, deadlines.rule, deadlines.regulation, deadlines.due_on, "
    "deadlines.practical_due_on, deadlines.met_on, "
    "deadlines.outcome, deadlines.exception_applies, deadlines.start_on, deadlines.kind \n"
    "FROM deadlines \n"
    "WHERE deadlines.case_id = %(b_case_id)s::INTEGER"
)
SQL_UPDATE_DEADLINE = (
    "UPDATE deadlines SET rule=%(b_rule)s::VARCHAR, regulation=%(b_regulation)s::VARCHAR, "
    "kind=%(b_kind)s::VARCHAR, start_on=%(b_start_on)s::DATE, due_on=%(b_due_on)s::DATE, "
    "practical_due_on=%(b_practical_due_on)s::DATE, met_on=%(b_met_on)s::DATE, outcome=%(b_outcome)s::VARCHAR, "
    "exception_applies=%(b_exception_applies)s WHERE deadlines.id = %(b_id)s::INTEGER"
)
SQL_CONTACTS = (
    "SELECT contacts.id, contacts.name, contacts.email, contacts.phone_e164, contacts.address, contacts.postcode, "
    "contacts.preferred_channel, contacts.relationship, contacts.language \n"
    "FROM contacts \n"
    "WHERE contacts.child_id = %(b_child_id)s::INTEGER"
)
SQL_INSERT_OUTBOX = (
    "INSERT INTO outbox (case_id, event_id, dedupe_key, recipient, recipient_kind, channel, template, "
    "personalisation, status, attempts, created_at) VALUES (%(case_id)s::INTEGER, %(event_id)s::INTEGER, "
    "%(dedupe_key)s::VARCHAR, %(recipient)s::VARCHAR, %(recipient_kind)s::VARCHAR, %(channel)s::VARCHAR, "
    "%(template)s::VARCHAR, %(personalisation)s::JSONB, %(status)s::VARCHAR, %(attempts)s::INTEGER, "
    "%(created_at)s::TIMESTAMP WITH TIME ZONE) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"
)

# the cases' fixed schedule (received RECEIVED_ON): the next duty's due date after each event
NEXT_DUE: dict[str, dt.date] = {
    "decision_not_to_issue": RECEIVED_ON + dt.timedelta(weeks=16),  # A3, reg 10(1)
    "final_plan": RECEIVED_ON + dt.timedelta(weeks=20),  # A7, reg 13(2)
}

# the deadline the family is told about next, by the new state (as messages.NEXT_DEADLINE)
NEXT_DEADLINE = {"assessing": "final_plan", "drafting": "final_plan"}


def _norm(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


# ---------------------------------------------------------------------------------------------
# database setup and seeding


def _urls(url: str) -> tuple[str, str]:
    """(URL for casework.db.make_engine, libpq conninfo for psycopg)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "postgresql":
        raise SystemExit("error: the benchmark needs PostgreSQL (postgresql://...)")
    plain = u.set(drivername="postgresql").render_as_string(hide_password=False)
    return plain, plain


from benchmarks.common import recreate_database  # noqa: E402
from casework.workflow import opening


def seed_people(url: str, n: int) -> tuple[int, list[int]]:
    """One officer and n children, each in their own family with one email contact (bulk inserts:
    these rows are not the engine's). Returns (staff id, child ids)."""
    from sqlalchemy import insert

    from casework.clock import now
    from casework.db import make_engine
    from casework.models import Child, Contact, Family, Staff

    eng = make_engine(url)
    try:
        with eng.begin() as conn:
            staff_id = conn.execute(
                insert(Staff.__table__)
                .values(
                    email="olive.officer@example.org",
                    name="Olive Officer",
                    role="officer",
                    capacity=1_000_000,
                    available=True,
                    created_at=now(),
                )
                .returning(Staff.__table__.c.id)
            ).scalar_one()
            family_ids = list(
                conn.execute(
                    insert(Family.__table__).returning(Family.__table__.c.id, sort_by_parameter_order=True),
                    [{"created_at": now()} for _ in range(n)],
                ).scalars()
            )
            child_ids = list(
                conn.execute(
                    insert(Child.__table__).returning(Child.__table__.c.id, sort_by_parameter_order=True),
                    [
                        {
                            "given_name": f"Child{i}",
                            "family_name": f"Family{i}",
                            "date_of_birth": dt.date(2014, 1, 1) + dt.timedelta(days=i % 2000),
                            "family_id": fid,
                            "postcode": "AB1 2CD",
                            "created_at": now(),
                        }
                        for i, fid in enumerate(family_ids)
                    ],
                ).scalars()
            )
            conn.execute(
                insert(Contact.__table__),
                [
                    {
                        "child_id": cid,
                        "name": f"Parent {i}",
                        "email": f"parent{i}@example.org",
                        "email_normalised": f"parent{i}@example.org",
                        "preferred_channel": "email",
                    }
                    for i, cid in enumerate(child_ids)
                ],
            )
    finally:
        eng.dispose()
    return staff_id, child_ids


def seed_cases(url: str, staff_id: int, child_ids: list[int], batch: int = 500) -> int:
    """Open one assessment per child through the engine, as the app would (received RECEIVED_ON)."""
    from casework.db import make_engine, make_session_factory
    from casework.workflow import engine

    eng = make_engine(url)
    session = make_session_factory(eng)()
    actor = engine.Actor("staff", staff_id)
    try:
        for i, child_id in enumerate(child_ids, 1):
            opening.open_case(
                session, "assessment", child_id, received=RECEIVED_ON, actor=actor, officer_id=staff_id, today=TODAY
            )
            if i % batch == 0:
                session.commit()
        session.commit()
        # decided_to_issue needs the advice reg 6(1) requires: give every case the summary the advice
        # events leave (here: each recorded as not needed), so the second pass measures the transition
        with eng.begin() as conn:
            conn.exec_driver_sql("UPDATE cases SET facts = facts || %(advice)s::jsonb", {"advice": ADVICE_FACTS})
    finally:
        session.close()
        eng.dispose()
    return len(child_ids)


ADVICE_FACTS = (
    '{"advice_not_needed": {"parent": "bench", "education": "bench", "health": "bench", '
    '"psychology": "bench", "social_care": "bench"}}'
)


def case_ids(conninfo: str) -> list[int]:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY id")]


def tidy_database(conninfo: str) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")


# ---------------------------------------------------------------------------------------------
# the two ways of making a transition


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

    def one(
        self, case_id: int, event: str, occurred_on: dt.date, from_state: str, to_state: str, deadline_key: str
    ) -> None:
        Jsonb, x, cur = self.Jsonb, self._x, self.cur
        try:
            row = x(SQL_CASE, {"b_case_id": case_id}).fetchone()
            if row is None:
                raise RuntimeError(f"no case {case_id}")
            (
                _,
                _,
                state,
                version,
                opened_on,
                facts,
                is_open,
                closed_on,
                child_id,
                _,
                _,
                _,
                given_name,
                _,
                _,
                officer_name,
                officer_email,
                _,
            ) = row
            if state != from_state or not (opened_on <= occurred_on <= TODAY):
                raise RuntimeError(f"case {case_id}: cannot record {event} in state {state}")
            facts = dict(facts or {})
            facts[f"{event}_on"] = occurred_on.isoformat()
            now = dt.datetime.now(dt.UTC)
            # the next pending duty after this event: the engine computes it from the facts; the floor
            # takes the case's fixed schedule (decision_not_to_issue, then final_plan)
            next_key = "decision_not_to_issue" if event == "decided_to_assess" else "final_plan"
            x(
                SQL_UPDATE_CASE,
                {
                    "b_state": to_state,
                    "b_is_open": True,
                    "b_new_version": version + 1,
                    "b_closed_on": None,
                    "b_facts": Jsonb(facts),
                    "b_now": now,
                    "b_next_due_on": NEXT_DUE[next_key],
                    "b_next_due_key": next_key,
                    "b_next_action_on": NEXT_DUE[next_key],  # no advice awaited in the benchmark's cases
                    "b_case_id": case_id,
                    "b_version": version,
                },
            )
            if cur.rowcount != 1:
                raise RuntimeError(f"case {case_id} changed concurrently")
            event_id = x(
                SQL_INSERT_EVENT,
                {
                    "case_id": case_id,
                    "type": event,
                    "occurred_on": occurred_on,
                    "recorded_at": now,
                    "actor_kind": "staff",
                    "actor_id": self.staff_id,
                    "from_state": from_state,
                    "to_state": to_state,
                    "details": Jsonb({}),
                },
            ).fetchone()[0]
            deadlines = {r[1]: r for r in x(SQL_DEADLINES, {"b_case_id": case_id}).fetchall()}
            d_id, _, rule, regulation, due_on, practical_due_on, _, _, exception_applies, start_on, d_kind = deadlines[
                deadline_key
            ]
            if event == "decided_to_assess":
                met_on, outcome = occurred_on, ("met" if occurred_on <= due_on else "missed")
            else:  # decided_to_issue: the "decision not to issue" duty no longer applies
                met_on, outcome = None, "not_applicable"
            x(
                SQL_UPDATE_DEADLINE,
                {
                    "b_rule": rule,
                    "b_regulation": regulation,
                    "b_kind": d_kind,
                    "b_start_on": start_on,
                    "b_due_on": due_on,
                    "b_practical_due_on": practical_due_on,
                    "b_met_on": met_on,
                    "b_outcome": outcome,
                    "b_exception_applies": exception_applies,
                    "b_id": d_id,
                },
            )
            contacts = x(SQL_CONTACTS, {"b_child_id": child_id}).fetchall()
            nxt = deadlines.get(NEXT_DEADLINE.get(to_state, ""))
            base = {
                "child_name": given_name,
                "happened_on": _long_date(occurred_on),
                "officer_name": officer_name or "your SEND case officer",
                "officer_email": officer_email or "the SEND team",
                "next_due_on": _long_date(nxt[4]) if nxt else "",
                "reason": "",
                "meeting_on": "",
                "case_ref": f"EHC-{case_id}",
            }
            base.update({f"{k}_due_on": _long_date(d[4]) for k, d in deadlines.items()})
            for c in contacts:
                if not c[2]:
                    continue
                x(
                    SQL_INSERT_OUTBOX,
                    {
                        "case_id": case_id,
                        "event_id": event_id,
                        "dedupe_key": f"event:{event_id}:contact:{c[0]}",
                        "recipient": c[2],
                        "recipient_kind": "contact",
                        "channel": "email",
                        "template": f"family_{event}.email",
                        "personalisation": Jsonb({**base, "contact_name": c[1]}),
                        "status": "pending",
                        "attempts": 0,
                        "created_at": now,
                    },
                ).fetchone()
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    def close(self) -> None:
        self.conn.close()


def _long_date(d: dt.date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


# ---------------------------------------------------------------------------------------------
# one worker process: warm up both kinds, then alternate engine and floor in rounds of `block`
# transitions (all processes of a run start each block together at a barrier), so background
# load on the machine falls on both sides alike.


def _work(ids: list[int]) -> list[tuple[int, tuple]]:
    """Each case takes every pass in turn: all decided_to_assess first, then all decided_to_issue."""
    return [(cid, p) for p in PASSES for cid in ids]


def run_worker(
    url: str,
    conninfo: str,
    staff_id: int,
    jobs: dict[str, tuple[list[int], list[int]]],
    block: int,
    rounds: int,
    seconds: float,
    barrier: Any = None,
    stop: Any = None,
    leader: bool = True,
    capture: bool = False,
    latencies: bool = False,
    profile: bool = False,
) -> dict[str, Any]:
    """jobs: kind -> (warm-up case ids, measured case ids). Returns plain data, per kind: transitions,
    warm-up count, [(start, end, n)] per block, latencies, captured statements; and the profile."""
    runners: dict[str, Any] = {}
    out: dict[str, Any] = {"kinds": {}, "profile": ""}
    clock = time.perf_counter
    try:
        for kind in jobs:
            runners[kind] = _EngineRunner(url, staff_id) if kind == "engine" else _FloorRunner(conninfo, staff_id)
            out["kinds"][kind] = {"transitions": 0, "warmup": 0, "blocks": [], "latencies": [], "statements": {}}
        for kind, (warm_ids, _) in jobs.items():  # warm-up: caches, prepared statements, both events
            runner, res = runners[kind], out["kinds"][kind]
            for cid, (event, on, src, dst, dl) in _work(warm_ids):
                first = capture and event not in res["statements"]
                if first:
                    res["statements"][event] = []
                    runner.capture(res["statements"][event])
                runner.one(cid, event, on, src, dst, dl)
                if first:
                    runner.capture(None)
                res["warmup"] += 1
        work = {kind: _work(ids) for kind, (_, ids) in jobs.items()}
        prof = cProfile.Profile() if profile else None
        started = clock()
        for r in range(rounds):
            if barrier is not None:
                if leader and clock() - started > seconds:
                    stop.set()
                barrier.wait(timeout=300)
                if stop.is_set():
                    break
            elif clock() - started > seconds:
                break
            for kind, runner in runners.items():
                res = out["kinds"][kind]
                chunk = work[kind][r * block : (r + 1) * block]
                lat = res["latencies"]
                if barrier is not None:
                    barrier.wait(timeout=300)
                if prof is not None and kind == "engine":
                    prof.enable()
                t0 = t = clock()
                for cid, (event, on, src, dst, dl) in chunk:
                    runner.one(cid, event, on, src, dst, dl)
                    if latencies:
                        t2 = clock()
                        lat.append(t2 - t)
                        t = t2
                t1 = clock()
                if prof is not None:
                    prof.disable()
                res["blocks"].append((r, t0, t1, len(chunk)))
                res["transitions"] += len(chunk)
        if prof is not None:
            out["profile"] = _profile_text(prof)
    finally:
        for runner in runners.values():
            runner.close()
    return out


def _profile_text(prof: cProfile.Profile, top: int = 25) -> str:
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs()
    out.write(f"--- top {top} by cumulative time ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write(f"--- top {top} by own time (tottime) ---\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _child_main(queue: Any, func: Any, args: tuple, kwargs: dict) -> None:
    try:
        queue.put(("ok", func(*args, **kwargs)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which exits non-zero
        queue.put(("error", traceback.format_exc()))


def spawn_all(func: Any, calls: list[tuple[tuple, dict]], timeout: float, ctx: Any = None) -> list[Any]:
    """Run func(*args, **kwargs) for each call in its own spawned process; return the results in order
    of completion; raise if any failed. (Spawned, so engines and connections are made in the child.)"""
    ctx = ctx or mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_child_main, args=(queue, func, args, kwargs), daemon=True) for args, kwargs in calls]
    for p in procs:
        p.start()
    results, errors = [], []
    give_up = time.monotonic() + timeout
    try:
        while len(results) + len(errors) < len(procs):
            try:
                status, payload = queue.get(timeout=1.0)
            except queue_mod.Empty:
                if time.monotonic() > give_up:
                    raise RuntimeError(f"worker processes did not finish within {timeout:.0f}s") from None
                if all(p.exitcode is not None for p in procs) or any(
                    p.exitcode not in (None, 0) for p in procs
                ):  # all ended; give the queue a moment
                    try:
                        status, payload = queue.get(timeout=5.0)
                    except queue_mod.Empty:
                        raise RuntimeError(
                            f"a worker process died without reporting (exit codes {[p.exitcode for p in procs]})"
                        ) from None
                else:
                    continue
            (results if status == "ok" else errors).append(payload)
            if errors:
                break
    finally:
        for p in procs:
            p.join(timeout=30 if not errors else 1)
            if p.is_alive():
                p.terminate()  # only our own children
                p.join(timeout=5)
    if errors:
        raise RuntimeError("a worker process failed:\n" + "\n".join(errors))
    return results


# ---------------------------------------------------------------------------------------------
# runs


@dataclass
class Side:
    transitions: int = 0
    seconds: float = 0.0
    warmup: int = 0
    latencies: list[float] = field(default_factory=list)
    statements: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.transitions / self.seconds if self.seconds > 0 else 0.0


def _split(ids: list[int], parts: int) -> list[list[int]]:
    return [ids[i::parts] for i in range(parts)]


def run_mode(
    processes: int,
    url: str,
    conninfo: str,
    staff_id: int,
    ranges: dict[str, list[int]],
    warm_per_proc: int,
    block: int,
    seconds: float,
    capture: bool = False,
    profile: bool = False,
) -> tuple[dict[str, Side], str]:
    """ranges: kind -> case ids for that kind in this mode. Each process gets an equal slice of each."""
    per_proc = [
        {kind: (s[:warm_per_proc], s[warm_per_proc:]) for kind, s in zip(ranges, slices)}
        for slices in zip(*(_split(ids, processes) for ids in ranges.values()))
    ]
    rounds = max(-(-len(_work(m)) // block) for job in per_proc for _, m in job.values())
    if processes == 1:
        outs = [
            run_worker(
                url,
                conninfo,
                staff_id,
                per_proc[0],
                block,
                rounds,
                seconds,
                capture=capture,
                latencies=True,
                profile=profile,
            )
        ]
    else:
        ctx = mp.get_context("spawn")
        barrier, stop = ctx.Barrier(processes), ctx.Event()
        outs = spawn_all(
            run_worker,
            [
                (
                    (url, conninfo, staff_id, job, block, rounds, seconds),
                    {"barrier": barrier, "stop": stop, "leader": i == 0},
                )
                for i, job in enumerate(per_proc)
            ],
            timeout=seconds + 600,
            ctx=ctx,
        )
    sides: dict[str, Side] = {}
    for kind in ranges:
        side = sides[kind] = Side()
        spans: dict[int, list[tuple[float, float, int]]] = {}
        for o in outs:
            k = o["kinds"][kind]
            side.transitions += k["transitions"]
            side.warmup += k["warmup"]
            side.latencies += k["latencies"]
            side.statements = side.statements or k["statements"]
            for r, t0, t1, n in k["blocks"]:
                spans.setdefault(r, []).append((t0, t1, n))
        # a block's time is from the first process starting it to the last finishing it
        side.seconds = sum(max(t1 for _, t1, _ in b) - min(t0 for t0, _, _ in b) for b in spans.values())
    return sides, next((o["profile"] for o in outs if o["profile"]), "")


def verify(conninfo: str, expected: int) -> None:
    """The runs wrote one event and one outbox row per transition (the floor did the same work)."""
    import psycopg

    with psycopg.connect(conninfo) as conn:
        events = conn.execute(
            "SELECT count(*) FROM events WHERE type IN ('decided_to_assess', 'decided_to_issue')"
        ).fetchone()[0]
        outbox = conn.execute(
            "SELECT count(*) FROM outbox o JOIN events e ON e.id = o.event_id "
            "WHERE e.type IN ('decided_to_assess', 'decided_to_issue')"
        ).fetchone()[0]
        met = conn.execute(
            "SELECT count(*) FROM deadlines WHERE key = 'decision_to_assess' AND met_on IS NOT NULL"
        ).fetchone()[0]
        assessed = conn.execute("SELECT count(*) FROM events WHERE type = 'decided_to_assess'").fetchone()[0]
    if events != expected or outbox != expected or met != assessed:
        raise RuntimeError(
            f"expected {expected} events and outbox rows from the runs, found {events} events, "
            f"{outbox} outbox rows; {met} decision_to_assess deadlines met for {assessed} decisions"
        )


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


def _pre_ping(url: str) -> bool:
    from casework.db import make_engine

    eng = make_engine(url)
    try:
        return bool(getattr(eng.pool, "_pre_ping", False))
    finally:
        eng.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    ap.add_argument(
        "--cases",
        type=int,
        default=2000,
        help="cases seeded for the measured runs, split equally four ways (default 2000)",
    )
    ap.add_argument("--processes", type=int, default=4, help="processes for the parallel run (default 4)")
    ap.add_argument(
        "--seconds",
        type=float,
        default=60.0,
        help="stop a run (both sides) after about this long even if cases are left (default 60)",
    )
    ap.add_argument(
        "--warmup", type=int, default=100, help="warm-up transitions per process and side before timing (default 100)"
    )
    ap.add_argument(
        "--block",
        type=int,
        default=50,
        help="transitions per process in each alternating engine/floor block (default 50)",
    )
    ap.add_argument(
        "--profile",
        action="store_true",
        help="also cProfile a 1-process engine run on extra cases and print the top 25 functions",
    )
    ap.add_argument("--verbose", "-v", action="store_true", help="print the statements of one transition")
    ap.add_argument("--force", action="store_true", help="allow dropping a database whose name has no 'bench'")
    args = ap.parse_args(argv)
    P = args.processes
    if P < 1 or args.block < 1 or args.warmup < 0:
        ap.error("need --processes >= 1, --block >= 1, --warmup >= 0")
    url, conninfo = _urls(args.database_url)
    warm_cases = -(-args.warmup // len(PASSES))  # per process and side; each case takes both passes
    share = args.cases // 4
    if share < P * (warm_cases + 2):
        ap.error(f"--cases {args.cases} is too few for --warmup {args.warmup} with {P} processes")
    n_seed = share * 4 + (share if args.profile else 0)

    t_start = time.perf_counter()
    from casework.cli import upgrade

    recreate_database(args.database_url, args.force)
    upgrade(url)
    staff_id, child_ids = seed_people(url, n_seed)
    n_seeders = max(1, min(P, os.cpu_count() or 1))
    if n_seeders == 1:
        seed_cases(url, staff_id, child_ids)
    else:
        spawn_all(seed_cases, [((url, staff_id, part), {}) for part in _split(child_ids, n_seeders)], timeout=1800)
    ids = case_ids(conninfo)
    if len(ids) != n_seed:
        raise RuntimeError(f"seeded {len(ids)} cases, expected {n_seed}")
    tidy_database(conninfo)
    r = [ids[i * share : (i + 1) * share] for i in range(len(ids) // share)]
    print(
        f"{args.database_url}: migrated, seeded {n_seed} cases through the engine in "
        f"{time.perf_counter() - t_start:.1f}s (today fixed at {TODAY})."
    )
    print(
        f"Each side of each run: {share} cases x {len(PASSES)} events ({', '.join(p[0] for p in PASSES)}), "
        f"after {warm_cases * len(PASSES)} warm-up transitions per process; engine and floor alternate in "
        f"blocks of {args.block} per process."
    )

    one, _ = run_mode(
        1, url, conninfo, staff_id, {"engine": r[0], "floor": r[1]}, warm_cases, args.block, args.seconds, capture=True
    )
    many, _ = run_mode(
        P, url, conninfo, staff_id, {"engine": r[2], "floor": r[3]}, warm_cases, args.block, args.seconds
    )
    sides = [one["engine"], one["floor"], many["engine"], many["floor"]]
    prof_side, prof_text = None, ""
    if args.profile:
        prof, prof_text = run_mode(
            1, url, conninfo, staff_id, {"engine": r[4]}, warm_cases, args.block, args.seconds, profile=True
        )
        prof_side = prof["engine"]
        sides.append(prof_side)
    total = sum(s.transitions + s.warmup for s in sides)
    verify(conninfo, total)

    e1, f1, eP, fP = sides[:4]
    problems = compare_statements(e1.statements, f1.statements)
    if args.verbose:
        for event, stmts in e1.statements.items():
            print(
                f"\nStatements of one engine transition ({event}), besides BEGIN, COMMIT and the pool's pre-ping "
                f"(the floor sends the same text):"
            )
            for i, s in enumerate(stmts, 1):
                print(f"  {i:2}. {_norm(s)}")
    print()
    print(f"{'mode':<14}{'engine tx/s':>13}{'floor tx/s':>13}{'engine/floor':>14}   transitions (engine / floor)")
    for label, e, f in (("1 process", e1, f1), (f"{P} processes", eP, fP)):
        ratio = e.rate / f.rate if f.rate else 0.0
        print(
            f"{label:<14}{e.rate:>13.0f}{f.rate:>13.0f}{ratio:>14.2f}   {e.transitions} in {e.seconds:.2f}s / "
            f"{f.transitions} in {f.seconds:.2f}s"
        )
    r1 = e1.rate / f1.rate if f1.rate else 0.0
    rP = eP.rate / fP.rate if fP.rate else 0.0
    print(
        f"target: engine >= {TARGET:.2f} x floor -> 1 process: {'MET' if r1 >= TARGET else 'NOT MET'} ({r1:.2f}); "
        f"{P} processes: {'MET' if rP >= TARGET else 'NOT MET'} ({rP:.2f})"
    )
    for label, s in (("engine", e1), ("floor ", f1)):
        lat = sorted(s.latencies)
        if lat:
            p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
            print(
                f"{label} latency, 1 process: median {_ms(statistics.median(lat))}, p95 {_ms(p95)}, "
                f"max {_ms(lat[-1])} (n={len(lat)})"
            )
    n_stmts = sorted({len(s) for s in e1.statements.values()})
    print(
        f"statements per transition: engine {'/'.join(map(str, n_stmts))} + BEGIN + COMMIT"
        f"{' + the pool pre-ping (one more round trip per checkout)' if _pre_ping(url) else ''}; floor: "
        + ("the same statements + BEGIN + COMMIT" if not problems else "DIFFERENT (see below)")
    )
    for line in problems:
        print("  " + line)
    print(
        f"checked: {total} transitions wrote {total} events and outbox rows; "
        f"total time {time.perf_counter() - t_start:.1f}s"
    )
    if prof_side is not None:
        print(
            f"\n=== cProfile of the 1-process engine loop: {prof_side.transitions} transitions, "
            f"{prof_side.rate:.0f} tx/s under the profiler ==="
        )
        print(prof_text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
