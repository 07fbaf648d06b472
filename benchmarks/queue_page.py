#!/usr/bin/env python
"""Latency of the staff queue page (/queue) over HTTP with a large caseload in PostgreSQL.

    python benchmarks/queue_page.py [--database-url postgresql://postgres@127.0.0.1/casework_queue_bench]
        [--cases 100000] [--officer-cases 4000] [--officers 30] [--closed 10000]
        [--requests 300] [--warmup 40] [--clients 1] [--reuse] [--no-explain] [--profile N] [--force]

Target (the issue): the queue page answers in under 100 ms at the 95th percentile with 100,000
cases in PostgreSQL.

In one run:

1. (Re)creates the database named in the URL (drop/create through the maintenance database
   `postgres`; the name must contain "bench" unless --force) and runs the migrations
   (`casework.cli.upgrade`). With --reuse an already seeded database is used as it is.
2. Seeds with COPY (psycopg 3), not through the engine, rows as the engine leaves them:
   --cases open assessments, one per child; children in families (85% one child with an open
   case, 12% two, 3% three; siblings share a family name, the parent's contact details and their
   officer, as allocation does), each child with a UPN and one contact; the case in
   request_received / assessing / drafting / draft_issued with the facts for its events, its
   deadline rows from `assessment.deadlines` (4 per case, 5 once the draft is served),
   `next_due_on`/`next_due_key` from `engine.next_duty`, its events, and for cases past the
   decision to assess 3-5 advice requests (received or outstanding; outstanding ones past their
   due date are the page's "advice overdue"; `next_chase_on` as the chasing policy sets it).
   Next due dates run from 60 days overdue (15% of cases are overdue) to as far ahead as each
   state allows (request_received +42, assessing +98, drafting +70, draft_issued +56 days: a
   later one would need a request received in the future). About --closed earlier, closed
   assessments (not assessed or withdrawn) of the same children sit beside them.
   Staff: --officers officers in three teams (one of them part-time, capacity 40) and a manager;
   the measured officer ("Olive Officer") holds about --officer-cases of the open cases, the rest
   are spread over the others, 0.2% are unassigned. Capacities 40..4000 follow the loads.
   Six providers. Then VACUUM ANALYZE + CHECKPOINT.
3. Serves the real app (`casework.create_app`, CASEWORK_TODAY=TODAY, SECRET_KEY set) with
   werkzeug's threaded server (`make_server(..., threaded=True)`, a production-like thread per
   request, no reloader or debugger) on a free port of 127.0.0.1, in a background thread.
4. Signs in the officer and the manager with `requests.Session` (GET /sign-in, the csrf_token
   hidden input, POST), warms up (--warmup requests, untimed), then times --requests GETs, a fixed
   mix shuffled with a fixed seed (per --clients client threads; each its own sessions):
     own, page 1          /queue                           30%
     own, deep page       /queue?page=K  (K in the second half of the officer's pages)  10%
     own, overdue only    /queue?overdue=1                  15%
     own, name search     /queue?q=<a family name common in the officer's caseload>  10%
     own, UPN search      /queue?q=<a UPN of one of the officer's children>  5%
     own, one stage       /queue?state=assessing            10%
     manager, whole team  /queue?officer=all               10%
     manager, one officer /queue?officer=<the officer>      10%
   Each request is timed client-side (time.perf_counter, from sending to the whole body read);
   it must answer 200 with the queue table and 1-25 case rows. The server also records, per
   request, the time spent in the WSGI app, in `read.queue.queue` and in `render_template` (both
   wrapped in this process only) and the SQL statements it sent (count and time in the driver),
   from a SQLAlchemy `before/after_cursor_execute` listener.
5. Prints per kind and overall: count, median, p95 (nearest rank), max in ms, the server-side
   median and the SQL per request; whether the target is met (p95 < 100 ms over all requests and
   for the officer's own first page); then (unless --no-explain) EXPLAIN (ANALYZE, BUFFERS) of
   the statements one request of some kinds sent (captured by the listener, run again with their
   parameters): a line per statement, and the whole plan of the page's main SELECT. With
   --profile N, the top functions of a cProfile of the server side of N more first-page requests.
   The 1-minute load average before and after the timed run is printed: other work on the
   machine shows up in the latencies.

Business dates are fixed (TODAY and dates derived from it) and the data come from a seeded
random generator, so runs are reproducible; the wall clock is read only for timings. The client
and the server share one process (and the GIL) and the machine with PostgreSQL. Exits non-zero
only on errors (e.g. a request that fails), never because the target is missed. A default run
(100,000 cases) takes about 2-4 minutes on 2 cores, most of it seeding.
"""

from __future__ import annotations

import os
import sys

# `python benchmarks/queue_page.py` puts benchmarks/ first on sys.path, where transitions.py would
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
import logging  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any

DEFAULT_URL = "postgresql://postgres@127.0.0.1/casework_queue_bench"
TARGET_MS = 100.0

# Fixed business dates (a Monday). Nothing below reads the wall clock for a business date.
TODAY = dt.date(2026, 3, 16)
STAMP = dt.datetime(2026, 3, 13, 17, 0, tzinfo=dt.UTC)  # created_at & co. of seeded rows
SEED = 20260316
CHUNK = 10_000  # open cases per COPY round
PASSWORD = "queue-bench-password"  # a throwaway database's staff: not a secret
SECRET_KEY = "queue-bench-secret-key-only-for-this-throwaway-database-0123456789"
OFFICER_EMAIL = "olive.officer@example.org"
MANAGER_EMAIL = "maya.manager@example.org"
UNASSIGNED = 0.002  # share of families with no officer
TEAMS = ("North", "Central", "South")

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

GIVEN = (
    "Oliver",
    "Amelia",
    "George",
    "Isla",
    "Noah",
    "Ava",
    "Arthur",
    "Mia",
    "Muhammad",
    "Ivy",
    "Leo",
    "Lily",
    "Harry",
    "Olivia",
    "Oscar",
    "Freya",
    "Archie",
    "Florence",
    "Henry",
    "Willow",
    "Theodore",
    "Isabella",
    "Freddie",
    "Sophia",
    "Jack",
    "Grace",
    "Charlie",
    "Poppy",
    "Theo",
    "Evie",
    "Alfie",
    "Elsie",
    "Jacob",
    "Rosie",
    "Thomas",
    "Ella",
    "Finley",
    "Daisy",
    "Arlo",
    "Sienna",
    "Lucas",
    "Emily",
    "William",
    "Ruby",
    "Isaac",
    "Phoebe",
    "Tommy",
    "Maya",
    "Elijah",
    "Aisha",
    "Zain",
    "Hannah",
    "Joshua",
    "Layla",
    "Max",
    "Zara",
    "Ethan",
    "Chloe",
    "Reggie",
    "Maryam",
    "Kai",
    "Nia",
    "Tyler",
    "Jessica",
    "Callum",
    "Megan",
    "Dylan",
    "Holly",
    "Owen",
    "Niamh",
)
ADULT_GIVEN = (
    "Sarah",
    "Laura",
    "Emma",
    "Claire",
    "Rebecca",
    "Gemma",
    "Nicola",
    "Rachel",
    "Kelly",
    "Amy",
    "Lisa",
    "Hayley",
    "Samina",
    "Fatima",
    "Joanne",
    "Michelle",
    "David",
    "James",
    "Paul",
    "Mark",
    "Daniel",
    "Andrew",
    "Imran",
    "Craig",
)
FAMILY = (  # roughly by frequency in England and Wales
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "Graham",
    "Pearson",
    "Ahmed",
    "Fletcher",
    "Walsh",
    "Kaur",
    "Gibson",
    "Howard",
    "Andrews",
    "Stewart",
    "Elliott",
    "Reynolds",
    "Saunders",
    "Payne",
    "Fox",
    "Ford",
    "Pearce",
    "Day",
    "Brooks",
    "West",
    "Lawrence",
    "Cole",
    "Atkinson",
    "Bradley",
    "Spencer",
    "Gill",
    "Dawson",
    "Ball",
    "Burton",
    "O'Brien",
    "Watts",
    "Rose",
    "Booth",
    "Perry",
    "Ryan",
    "Grant",
    "Wells",
    "Armstrong",
    "Francis",
    "Rees",
    "Hayes",
    "Hart",
    "Hudson",
    "Newman",
    "Barrett",
    "Webster",
    "Hunter",
    "Gregory",
    "Carr",
    "Lowe",
    "Page",
    "Marsh",
    "Riley",
    "Dunn",
    "Woods",
    "Parsons",
    "Berry",
    "Stone",
    "Reid",
    "Holland",
    "Hawkins",
    "Harding",
    "Porter",
    "Robertson",
    "Newton",
    "Oliver",
    "Reed",
    "Kennedy",
    "Williamson",
    "Bird",
    "Gardner",
    "Shah",
    "Dean",
    "Lane",
    "Cooke",
    "Bates",
    "Henderson",
    "Parry",
    "Burgess",
    "Bishop",
    "Walton",
    "Burns",
    "Nicholson",
    "Shepherd",
    "Ross",
    "Cross",
    "Long",
    "Freeman",
    "Warren",
    "Nicholls",
    "Hamilton",
    "Byrne",
    "Sutton",
    "McDonald",
    "Yates",
    "Hodgson",
    "Robson",
    "Curtis",
    "Hopkins",
    "O'Connor",
    "Harper",
    "Coleman",
    "Watkins",
    "Moss",
    "McCarthy",
    "Chambers",
    "O'Neill",
    "Griffin",
    "Sharp",
    "Hardy",
    "Wheeler",
    "Potter",
    "Osborne",
    "Johnston",
    "Gordon",
    "Doyle",
    "Wallace",
    "George",
    "Jordan",
    "Hutchinson",
    "Rowe",
    "Burke",
    "May",
    "Pritchard",
    "Gilbert",
    "Willis",
    "Higgins",
    "Read",
    "Miles",
    "Stevenson",
    "Stephenson",
    "Hammond",
    "Arnold",
    "Buckley",
    "Walters",
    "Hewitt",
    "Barber",
    "Nelson",
    "Slater",
    "Austin",
    "Sullivan",
    "Whitehead",
    "Mann",
    "Frost",
    "Lambert",
    "Stephens",
    "Blake",
    "Akhtar",
    "Lynch",
    "Goodwin",
    "Barton",
    "Woodward",
    "Thomson",
    "Cunningham",
    "Quinn",
    "Barnett",
    "Baxter",
    "Bibi",
    "Clayton",
    "Nash",
    "Greenwood",
    "Jennings",
    "Holt",
    "Kemp",
    "Poole",
    "Gallagher",
    "Bond",
    "Stokes",
    "Tucker",
    "Davidson",
    "Fowler",
    "Heath",
    "Norman",
    "Middleton",
    "Lawson",
    "Banks",
    "French",
    "Stanley",
    "Jarvis",
    "Gibbs",
    "Ferguson",
    "Hayward",
    "Carroll",
    "Douglas",
    "Dickinson",
    "Todd",
    "Barlow",
    "Peters",
    "Lucas",
    "Knowles",
    "Hartley",
    "Miah",
    "Simmons",
    "Morton",
    "Alexander",
    "Field",
    "Morrison",
)
FAMILY_WEIGHTS = tuple(1.0 / (rank + 25) for rank in range(len(FAMILY)))  # Zipf-like: Smith ~1.7%

# open states: (weight, days from the request to the next duty, latest next due date allowed)
OPEN_STATES = {
    "request_received": (0.22, 42, 42),  # decision whether to assess, 6 weeks (A1)
    "assessing": (0.45, 112, 98),  # decision not to issue, 16 weeks (A3); decided to assess >= 14 days after
    "drafting": (0.18, 140, 70),  # final plan, 20 weeks (A7); decided to issue >= 70 days after
    "draft_issued": (0.15, 140, 56),  # final plan; draft served >= 84 days after
}
OVERDUE_SHARE = 0.15
ADVICE_TYPES_BY_PROVIDER = tuple(p[1] for p in PROVIDERS)

COLUMNS = {
    "families": ("id", "created_at"),
    "children": (
        "id",
        "given_name",
        "family_name",
        "date_of_birth",
        "upn",
        "postcode",
        "family_id",
        "team",
        "created_at",
    ),
    "contacts": (
        "id",
        "child_id",
        "name",
        "relationship",
        "email",
        "email_normalised",
        "phone",
        "phone_e164",
        "address",
        "preferred_channel",
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
        "closed_on",
        "request_source",
        "facts",
        "next_due_on",
        "next_due_key",
        "next_advice_due_on",
        "next_action_on",
        "created_at",
        "updated_at",
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
}
TABLES = tuple(COLUMNS)  # in foreign-key order

# the request mix: (kind, share, who asks)
KINDS = (
    ("own, page 1", 30, "officer"),
    ("own, deep page", 10, "officer"),
    ("own, overdue only", 15, "officer"),
    ("own, name search", 10, "officer"),
    ("own, UPN search", 5, "officer"),
    ("own, one stage", 10, "officer"),
    ("manager, whole team", 10, "manager"),
    ("manager, one officer", 10, "manager"),
)
FIRST_PAGE = "own, page 1"
EXPLAIN_KINDS = ("own, page 1", "own, deep page", "own, name search", "manager, whole team")


# ---------------------------------------------------------------------------------------------
# database setup


from benchmarks.common import conninfo as _conninfo  # noqa: E402
from benchmarks.common import recreate_database


def vacuum_analyze(conninfo: str) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")


# ---------------------------------------------------------------------------------------------
# seeding: rows as the engine leaves them, written with COPY


@dataclass
class Officer:
    id: int
    name: str
    team: str
    weight: float


@dataclass
class Fixed:
    manager_id: int
    officer_id: int  # the measured officer
    officers: list[Officer]
    providers: list[tuple[int, str, str, bool]]  # id, advice type, name, statutory basis


def seed_fixed(conninfo: str, n_officers: int, rng: random.Random) -> Fixed:
    """The manager, the officers (capacities set after the cases) and the providers."""
    import psycopg

    from casework.workflow.accounts import hash_password

    pw = hash_password(PASSWORD)
    officers: list[Officer] = []
    with psycopg.connect(conninfo) as conn:
        manager_id = conn.execute(
            "INSERT INTO staff (email, name, role, team, capacity, available, password_hash, created_at) "
            "VALUES (%s, 'Maya Manager', 'manager', 'North', 40, true, %s, %s) RETURNING id",
            (MANAGER_EMAIL, pw, STAMP),
        ).fetchone()[0]
        names = [("Olive", "Officer")] + [
            (g, f)
            for g, f in zip(rng.sample(ADULT_GIVEN + GIVEN, n_officers - 1), rng.sample(FAMILY[:150], n_officers - 1))
        ]
        for i, (given, family) in enumerate(names):
            email = OFFICER_EMAIL if i == 0 else f"{given.lower()}.{_slug(family)}@example.org"
            team = TEAMS[i % len(TEAMS)]
            oid = conn.execute(
                "INSERT INTO staff (email, name, role, team, capacity, available, manager_id, password_hash, "
                "created_at) VALUES (%s, %s, 'officer', %s, 40, true, %s, %s, %s) RETURNING id",
                (email, f"{given} {family}", team, manager_id, pw if i == 0 else None, STAMP),
            ).fetchone()[0]
            # one part-time officer with a small caseload; the others between 0.6 and 1.4 of the average
            weight = 0.0 if i == 0 else (0.012 if i == n_officers - 1 else rng.uniform(0.6, 1.4))
            officers.append(Officer(oid, f"{given} {family}", team, weight))
        providers = []
        for name, kind, email, esc_name, esc_email, statutory in PROVIDERS:
            pid = conn.execute(
                "INSERT INTO providers (name, advice_type, email, escalation_name, escalation_email, statutory_basis, "
                "created_at) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (name, kind, email, esc_name, esc_email, statutory, STAMP),
            ).fetchone()[0]
            providers.append((pid, kind, name, statutory))
    return Fixed(manager_id, officers[0].id, officers, providers)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


@functools.cache
def _specs(facts: tuple[tuple[str, dt.date], ...]) -> tuple[list[tuple], str | None, dt.date | None]:
    """(deadline rows without ids, next_due_key, next_due_on) by the engine's own pure functions."""
    from casework.workflow.engine import next_duty
    from casework.workflow.kinds import assessment

    specs = assessment.deadlines(dict(facts))
    nxt = next_duty(specs)
    rows = [
        (s.key, s.rule, s.regulation, s.kind, s.start_on, s.due_on, s.practical_due_on, s.met_on, s.outcome, False)
        for s in specs
    ]
    return rows, (nxt.key if nxt else None), (nxt.due_on if nxt else None)


@functools.cache
def _advice_due(requested_on: dt.date):
    from casework.workflow import statutory as law

    return law.advice_due(requested_on)


@functools.cache
def _next_chase(due_on: dt.date) -> dt.date:
    from casework.workflow import chasing

    return chasing.next_step_on(due_on, TODAY)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, 30, tzinfo=dt.UTC)


class Generator:
    """Families, children, contacts, cases, deadlines, events and advice requests, chunk by chunk.
    Ids are given here (the database is new), in foreign-key order."""

    def __init__(self, fixed: Fixed, rng: random.Random, n_cases: int, officer_cases: int, closed: int):
        self.fixed = fixed
        self.rng = rng
        self.n_cases = n_cases
        self.p_measured = min(1.0, officer_cases / n_cases)
        self.p_closed = min(1.0, closed / n_cases)
        others = [o for o in fixed.officers if o.id != fixed.officer_id]
        self.others = others
        self.other_cum = list(_cumulative([o.weight for o in others]))
        self.measured = next(o for o in fixed.officers if o.id == fixed.officer_id)
        self.next_id = dict.fromkeys(TABLES, 1)
        self.rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
        self.open_cases = 0
        self.closed_cases = 0

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def chunks(self, chunk: int) -> Iterator[dict[str, list[tuple]]]:
        flush_at = chunk
        while self.open_cases < self.n_cases:
            r = self.rng.random()
            size = 1 if r < 0.85 else (2 if r < 0.97 else 3)
            self.family(min(size, self.n_cases - self.open_cases))
            if self.open_cases >= flush_at:
                yield self.rows
                self.rows = {t: [] for t in TABLES}
                flush_at += chunk
        if any(self.rows.values()):
            yield self.rows

    def _officer(self) -> Officer | None:
        r = self.rng.random()
        if r < UNASSIGNED:
            return None
        if r < UNASSIGNED + self.p_measured:
            return self.measured
        return self.rng.choices(self.others, cum_weights=self.other_cum)[0]

    def family(self, size: int) -> None:
        rng, rows = self.rng, self.rows
        officer = self._officer()
        family_id = self._id("families")
        rows["families"].append((family_id, STAMP))
        surname = rng.choices(FAMILY, FAMILY_WEIGHTS)[0]
        parent = f"{rng.choice(ADULT_GIVEN)} {surname}"
        email = f"{_slug(parent.split()[0])}.{_slug(surname)}{family_id}@example.org"
        has_phone = rng.random() < 0.6
        phone = f"07700 {900000 + family_id % 100000:06d}"[:12] if has_phone else None
        e164 = f"+447700{900000 + family_id % 100000:06d}"[:13] if has_phone else None
        postcode = (
            f"NS{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
        for _ in range(size):
            child_id = self._id("children")
            upn = f"{'ABCDEFGHJKLMNPQRTUVWXYZ'[child_id % 23]}880{(child_id * 7919) % 10**9:09d}"
            dob = TODAY - dt.timedelta(days=rng.randint(3 * 365, 19 * 365))
            rows["children"].append(
                (
                    child_id,
                    rng.choice(GIVEN),
                    surname,
                    dob,
                    upn,
                    postcode,
                    family_id,
                    officer.team if officer else None,
                    STAMP,
                )
            )
            rows["contacts"].append(
                (self._id("contacts"), child_id, parent, "parent", email, email, phone, e164, None, "email")
            )
            if rng.random() < self.p_closed:
                self.closed_case(child_id, officer)
            self.open_case(child_id, officer)

    def _case(
        self,
        child_id: int,
        officer: Officer | None,
        state: str,
        facts: dict[str, dt.date],
        is_open: bool,
        closed_on: dt.date | None,
        events: list[tuple],
        advice: list[tuple],
    ) -> None:
        rows = self.rows
        deadline_rows, next_key, next_on = _specs(tuple(sorted(facts.items())))
        case_id = self._id("cases")
        actor = officer.id if officer else None
        n_events = len(events) + sum(1 + (a[7] is not None) for a in advice)
        # as the advice writes keep them: the earliest due date of advice still awaited, and the earlier
        # of that and the next duty (what "overdue" reads)
        awaited = [a[3] for a in advice if a[7] is None and a[3] is not None] if is_open else []
        advice_due = min(awaited) if awaited else None
        action_on = min(d for d in (next_on, advice_due) if d is not None) if (next_on or advice_due) else None
        rows["cases"].append(
            (
                case_id,
                "assessment",
                child_id,
                actor,
                state,
                is_open,
                n_events,
                facts["received_on"],
                closed_on,
                self.rng.choice(("parent", "parent", "school", "professional")),
                json.dumps({k: v.isoformat() for k, v in facts.items()}),
                next_on,
                next_key,
                advice_due,
                action_on,
                STAMP,
                STAMP,
            )
        )
        for d in deadline_rows:
            rows["deadlines"].append((self._id("deadlines"), case_id, *d))
        for kind, on, src, dst, details in events:
            rows["events"].append(
                (self._id("events"), case_id, kind, on, _at(on), "staff", actor, src, dst, json.dumps(details))
            )
        for provider_id, kind, requested, due_on, practical, basis, citation, received_on, next_chase in advice:
            advice_id = self._id("advice_requests")
            rows["advice_requests"].append(
                (
                    advice_id,
                    case_id,
                    kind,
                    provider_id,
                    requested,
                    requested,
                    due_on,
                    practical,
                    basis,
                    received_on,
                    next_chase,
                    _at(requested),
                )
            )
            rows["events"].append(
                (
                    self._id("events"),
                    case_id,
                    "advice_requested",
                    requested,
                    _at(requested),
                    "staff",
                    actor,
                    "assessing",
                    "assessing",
                    json.dumps(
                        {
                            "advice_type": kind,
                            "provider_id": provider_id,
                            "due_on": due_on.isoformat(),
                            "regulation": citation,
                        }
                    ),
                )
            )
            if received_on is not None:
                rows["events"].append(
                    (
                        self._id("events"),
                        case_id,
                        "advice_received",
                        received_on,
                        _at(received_on),
                        "staff",
                        actor,
                        "assessing",
                        "assessing",
                        json.dumps({"advice_request_id": advice_id}),
                    )
                )

    def open_case(self, child_id: int, officer: Officer | None) -> None:
        rng = self.rng
        state = rng.choices(tuple(OPEN_STATES), tuple(w for w, _, _ in OPEN_STATES.values()))[0]
        _, to_duty, latest = OPEN_STATES[state]
        offset = rng.randint(-60, -1) if rng.random() < OVERDUE_SHARE else rng.randint(0, latest)
        received = TODAY + dt.timedelta(days=offset - to_duty)
        facts = {"received_on": received}
        events = [
            (
                "request_received",
                received,
                None,
                "request_received",
                {"request_source": "parent", "clock_starts_on": received.isoformat()},
            )
        ]
        advice: list[tuple] = []
        decided_to_issue = None
        if state != "request_received":
            late = rng.random() < 0.05
            dta = min(received + dt.timedelta(days=rng.randint(43, 56) if late else rng.randint(14, 42)), TODAY)
            facts["decided_to_assess_on"] = dta
            events.append(("decided_to_assess", dta, "request_received", "assessing", {}))
            if state in ("drafting", "draft_issued"):
                latest_issue = TODAY - dt.timedelta(days=7) if state == "draft_issued" else TODAY
                decided_to_issue = min(received + dt.timedelta(days=rng.randint(70, 112)), latest_issue)
                decided_to_issue = max(decided_to_issue, dta + dt.timedelta(days=1))
                facts["decided_to_issue_on"] = decided_to_issue
                events.append(("decided_to_issue", decided_to_issue, "assessing", "drafting", {}))
            if state == "draft_issued":
                served = min(decided_to_issue + dt.timedelta(days=rng.randint(7, 28)), TODAY)
                facts["draft_issued_on"] = served
                events.append(("draft_issued", served, "drafting", "draft_issued", {}))
            advice = self._advice(dta, decided_to_issue)
        self._case(child_id, officer, state, facts, True, None, events, advice)
        self.open_cases += 1

    def _advice(self, decided_to_assess: dt.date, decided_to_issue: dt.date | None) -> list[tuple]:
        """3-5 advice requests soon after the decision to assess; received or still outstanding."""
        rng, out = self.rng, []
        for provider_id, kind, _name, statutory in rng.sample(self.fixed.providers, rng.randint(3, 5)):
            requested = min(decided_to_assess + dt.timedelta(days=rng.randint(0, 5)), TODAY)
            due = _advice_due(requested)
            if decided_to_issue is not None:  # a plan is being written: nearly all advice is in
                p_received, latest = 0.96, decided_to_issue
            elif due.due_on < TODAY:
                p_received, latest = 0.72, TODAY
            else:
                p_received, latest = 0.25, TODAY
            received_on = None
            if latest > requested and rng.random() < p_received:
                received_on = due.due_on + dt.timedelta(days=rng.randint(-25, 12))
                received_on = max(requested + dt.timedelta(days=1), min(received_on, latest))
            next_chase = None if received_on is not None else _next_chase(due.due_on)
            out.append(
                (
                    provider_id,
                    kind,
                    requested,
                    due.due_on,
                    due.practical_on,
                    "statutory" if statutory else "target",
                    _citation(due.rule),
                    received_on,
                    next_chase,
                )
            )
        return out

    def closed_case(self, child_id: int, officer: Officer | None) -> None:
        """An earlier request for the same child, long closed: not assessed, or withdrawn."""
        rng = self.rng
        received = TODAY - dt.timedelta(days=rng.randint(400, 1100))
        events = [
            (
                "request_received",
                received,
                None,
                "request_received",
                {"request_source": "parent", "clock_starts_on": received.isoformat()},
            )
        ]
        if rng.random() < 0.7:
            state, on = "not_assessed", received + dt.timedelta(days=rng.randint(20, 45))
            facts = {"received_on": received, "decided_not_to_assess_on": on}
            events.append(
                (
                    "decided_not_to_assess",
                    on,
                    "request_received",
                    "not_assessed",
                    {
                        "reason": "The evidence does not show the child may need special educational provision "
                        "through a plan."
                    },
                )
            )
        else:
            state, on = "withdrawn", received + dt.timedelta(days=rng.randint(5, 40))
            facts = {"received_on": received, "withdrawn_on": on}
            events.append(("withdrawn", on, "request_received", "withdrawn", {"reason": "The family withdrew it."}))
        self._case(child_id, officer, state, facts, False, on, events, [])
        self.closed_cases += 1


@functools.cache
def _citation(rule: str) -> str:
    from casework.workflow import statutory as law

    return law.RULES[rule].citation


def _cumulative(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


def seed(
    conninfo: str, fixed: Fixed, rng: random.Random, n_cases: int, officer_cases: int, closed: int
) -> dict[str, int]:
    """COPY the generated rows in, chunk by chunk (one transaction each); then set the sequences and
    the officers' capacities from their loads. Returns rows written per table."""
    import psycopg

    gen = Generator(fixed, rng, n_cases, officer_cases, closed)
    written = dict.fromkeys(TABLES, 0)
    with psycopg.connect(conninfo) as conn:
        for rows in gen.chunks(CHUNK):
            with conn.cursor() as cur:
                for table in TABLES:
                    if rows[table]:
                        with cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                            for row in rows[table]:
                                copy.write_row(row)
                        written[table] += len(rows[table])
            conn.commit()
        for table in TABLES:  # the sequences carry on after the ids given here
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        loads = dict(
            conn.execute(
                "SELECT officer_id, count(*) FROM cases WHERE is_open AND officer_id IS NOT NULL GROUP BY officer_id"
            ).fetchall()
        )
        for o in fixed.officers:
            load = loads.get(o.id, 0)
            capacity = (
                4000 if o.id == fixed.officer_id else max(40, min(4000, int(round(load * rng.uniform(0.85, 1.2), -1))))
            )
            conn.execute("UPDATE staff SET capacity = %s WHERE id = %s", (capacity, o.id))
        conn.commit()
    return written


# ---------------------------------------------------------------------------------------------
# what the run needs to know about the data


@dataclass
class Subject:
    officer_id: int
    manager_id: int
    open_cases: int
    officer_open: int
    officer_overdue: int
    officer_assessing: int
    surnames: list[str]  # the commonest family names in the officer's open cases
    upns: list[str]  # some UPNs of the officer's children
    table_rows: dict[str, int] = field(default_factory=dict)
    db_size: str = ""
    shared_buffers: str = ""


def read_subject(conninfo: str) -> Subject:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        row = conn.execute("SELECT id FROM staff WHERE email = %s", (OFFICER_EMAIL,)).fetchone()
        mgr = conn.execute("SELECT id FROM staff WHERE email = %s", (MANAGER_EMAIL,)).fetchone()
        if row is None or mgr is None:
            raise SystemExit("error: the database is not seeded by this benchmark (run without --reuse)")
        oid = row[0]
        one = lambda sql, *a: conn.execute(sql, a).fetchone()[0]  # noqa: E731
        s = Subject(
            officer_id=oid,
            manager_id=mgr[0],
            open_cases=one("SELECT count(*) FROM cases WHERE is_open"),
            officer_open=one("SELECT count(*) FROM cases WHERE is_open AND officer_id = %s", oid),
            officer_overdue=one(
                "SELECT count(*) FROM cases WHERE is_open AND officer_id = %s AND next_action_on < %s", oid, TODAY
            ),
            officer_assessing=one(
                "SELECT count(*) FROM cases WHERE is_open AND officer_id = %s AND state = 'assessing'", oid
            ),
            surnames=[
                r[0]
                for r in conn.execute(
                    "SELECT ch.family_name FROM cases c JOIN children ch ON ch.id = c.child_id "
                    "WHERE c.is_open AND c.officer_id = %s GROUP BY ch.family_name ORDER BY count(*) DESC, 1 LIMIT 3",
                    (oid,),
                )
            ],
            upns=[
                r[0]
                for r in conn.execute(
                    "SELECT ch.upn FROM cases c JOIN children ch ON ch.id = c.child_id "
                    "WHERE c.is_open AND c.officer_id = %s ORDER BY c.id LIMIT 20",
                    (oid,),
                )
            ],
        )
        for table in TABLES + ("staff", "providers"):
            s.table_rows[table] = one(f"SELECT count(*) FROM {table}")
        s.db_size = one("SELECT pg_size_pretty(pg_database_size(current_database()))")
        # sign-in attempts are rate limited per IP address; earlier runs' attempts do not count
        conn.execute("DELETE FROM rate_limits")
        s.shared_buffers = one("SHOW shared_buffers")
    return s


# ---------------------------------------------------------------------------------------------
# the server: the real app, werkzeug's threaded server, per-request timings and SQL


class Recorder:
    """Per request (by the client's X-Bench-Id header): time in the WSGI app and the SQL statements
    sent (count, time in the driver; the statements themselves for requests marked to capture)."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.lock = threading.Lock()
        self.server_s: dict[str, float] = {}
        self.sql_n: dict[str, int] = {}
        self.sql_s: dict[str, float] = {}
        self.captured: dict[str, list[tuple[str, Any]]] = {}
        self.parts: dict[str, dict[str, float]] = {}  # bench id -> {"queue": s, "render": s}
        self.profiles: list[Any] = []

    def wrap(self, wsgi_app):
        def app(environ, start_response):
            bench_id = environ.get("HTTP_X_BENCH_ID")
            self.local.bench_id = bench_id
            profiler = None
            if bench_id and bench_id.startswith("profile:"):
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            t0 = time.perf_counter()
            result = wsgi_app(environ, start_response)
            try:
                yield from result
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
                elapsed = time.perf_counter() - t0
                if profiler is not None:
                    profiler.disable()
                self.local.bench_id = None
                if bench_id:
                    with self.lock:
                        self.server_s[bench_id] = elapsed
                        if profiler is not None:
                            self.profiles.append(profiler)

        return app

    def timed(self, part: str, fn):
        """fn, recording its time per request under `part` (wrapped in this process only)."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                bench_id = getattr(self.local, "bench_id", None)
                if bench_id:
                    with self.lock:
                        parts = self.parts.setdefault(bench_id, {})
                        parts[part] = parts.get(part, 0.0) + time.perf_counter() - t0

        return wrapper

    def listen(self, engine) -> None:
        from sqlalchemy import event

        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn, cursor, statement, parameters, context, executemany):
            conn.info.setdefault("bench_t0", []).append(time.perf_counter())

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn, cursor, statement, parameters, context, executemany):
            elapsed = time.perf_counter() - conn.info["bench_t0"].pop()
            bench_id = getattr(self.local, "bench_id", None)
            if not bench_id:
                return
            with self.lock:
                self.sql_n[bench_id] = self.sql_n.get(bench_id, 0) + 1
                self.sql_s[bench_id] = self.sql_s.get(bench_id, 0.0) + elapsed
                if bench_id.startswith("capture:"):
                    self.captured.setdefault(bench_id[len("capture:") :], []).append((statement, parameters))


def start_server(url: str, recorder: Recorder, port: int, workdir: Path):
    """The real app on 127.0.0.1 with werkzeug's threaded server, in a background thread."""
    os.environ["CASEWORK_TODAY"] = TODAY.isoformat()
    os.environ["SECRET_KEY"] = SECRET_KEY
    from werkzeug.serving import make_server

    from casework.app import create_app
    from casework.config import Config

    config = Config(
        database_url=url,
        secret_key=SECRET_KEY,
        outbox_dir=workdir / "outbox",
        upload_dir=workdir / "uploads",
        council_name="Northshire County Council",
    )
    app = create_app(config)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log line per request
    recorder.listen(app.extensions["casework"].engine)
    # split the server's time: the queue query (casework.read.queue.queue, SQL and ORM) and rendering the
    # page (render_template); wrapped in this process only, the files are not changed
    from casework.web.staff import queue as queue_view

    queue_view.queue = recorder.timed("queue", queue_view.queue)
    queue_view.render_template = recorder.timed("render", queue_view.render_template)
    app.wsgi_app = recorder.wrap(app.wsgi_app)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="queue-page-server", daemon=True)
    thread.start()
    return server, thread, app


# ---------------------------------------------------------------------------------------------
# the client


def sign_in(base: str, email: str):
    import requests

    s = requests.Session()
    r = s.get(f"{base}/sign-in", timeout=60)
    r.raise_for_status()
    m = re.search(r'name="csrf_token"\s+value="([^"]+)"', r.text)
    if m is None:
        raise RuntimeError("no csrf_token on the sign-in page")
    r = s.post(
        f"{base}/sign-in",
        data={"csrf_token": m.group(1), "email": email, "password": PASSWORD},
        allow_redirects=False,
        timeout=60,
    )
    if r.status_code != 302:
        raise RuntimeError(f"signing in as {email} answered {r.status_code}, not a redirect")
    return s


@dataclass
class Result:
    kind: str
    url: str
    seconds: float
    bench_id: str
    rows: int
    total: int


TOTAL_RE = re.compile(r"(?:More than )?([\d,]+) cases? (?:open|shown), most urgent first")


def fetch(session, base: str, kind: str, path: str, bench_id: str) -> Result:
    t0 = time.perf_counter()
    r = session.get(base + path, headers={"X-Bench-Id": bench_id}, allow_redirects=False, timeout=60)
    body = r.text
    elapsed = time.perf_counter() - t0
    if r.status_code != 200:
        raise RuntimeError(f"{kind}: GET {path} answered {r.status_code}")
    rows = body.count('<tr class="govuk-table__row" data-case-id=')
    m = TOTAL_RE.search(body)
    if "data-queue" not in body or not 1 <= rows <= 25 or m is None:
        raise RuntimeError(f"{kind}: GET {path} has no queue table with 1-25 cases ({rows} rows)")
    return Result(kind, path, elapsed, bench_id, rows, int(m.group(1).replace(",", "")))


class Paths:
    """The URL of each kind of request; deep pages, names and UPNs vary from request to request."""

    def __init__(self, subject: Subject, rng: random.Random):
        self.s = subject
        self.rng = rng
        self.pages = max(1, -(-subject.officer_open // 25))

    def __call__(self, kind: str) -> str:
        from urllib.parse import quote

        s, rng = self.s, self.rng
        if kind == "own, page 1":
            return "/queue"
        if kind == "own, deep page":
            return f"/queue?page={rng.randint(max(2, self.pages // 2), max(2, self.pages))}"
        if kind == "own, overdue only":
            return "/queue?overdue=1"
        if kind == "own, name search":
            return f"/queue?q={quote(rng.choice(s.surnames))}"
        if kind == "own, UPN search":
            return f"/queue?q={rng.choice(s.upns)}"
        if kind == "own, one stage":
            return "/queue?state=assessing"
        if kind == "manager, whole team":
            return "/queue?officer=all"
        if kind == "manager, one officer":
            return f"/queue?officer={s.officer_id}"
        raise ValueError(kind)


def plan_requests(n: int, rng: random.Random) -> list[str]:
    """n kinds in the fixed mix (largest remainder), shuffled."""
    total = sum(share for _, share, _ in KINDS)
    exact = [(kind, n * share / total) for kind, share, _ in KINDS]
    counts = {kind: int(x) for kind, x in exact}
    for kind, x in sorted(exact, key=lambda kx: kx[1] - int(kx[1]), reverse=True)[: n - sum(counts.values())]:
        counts[kind] += 1
    out = [kind for kind, c in counts.items() for _ in range(c)]
    rng.shuffle(out)
    return out


def run_client(base: str, kinds: list[str], paths: Paths, prefix: str, out: list[Result], errors: list[str]) -> None:
    try:
        sessions = {"officer": sign_in(base, OFFICER_EMAIL), "manager": sign_in(base, MANAGER_EMAIL)}
        who = {kind: w for kind, _, w in KINDS}
        for i, kind in enumerate(kinds):
            out.append(fetch(sessions[who[kind]], base, kind, paths(kind), f"{prefix}{i}"))
    except Exception as exc:  # noqa: BLE001 - reported, and the run exits non-zero
        errors.append(f"{type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------------------------
# EXPLAIN


def _norm(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


def _describe(sql: str) -> str:
    s = _norm(sql)
    m = re.search(r"\bFROM (\w+)", s)
    table = m.group(1) if m else "?"
    what = "count" if re.match(r"SELECT count\(\*\)", s, re.I) else "select"
    extra = []
    if " LIMIT " in s:
        extra.append("page")
    if " GROUP BY " in s:
        extra.append("group by")
    return f"{what} {table}" + (f" ({', '.join(extra)})" if extra else "")


def explain(conninfo: str, captured: list[tuple[str, Any]]) -> list[tuple[str, str, list[str]]]:
    """(description, SQL, EXPLAIN (ANALYZE, BUFFERS) lines) for each captured statement."""
    import psycopg

    out = []
    with psycopg.connect(conninfo) as conn:
        cur = psycopg.ClientCursor(conn)
        for sql, params in captured:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params or None)
            out.append((_describe(sql), sql, [r[0] for r in cur.fetchall()]))
        conn.rollback()
    return out


def _main_select(plans: list[tuple[str, str, list[str]]]) -> tuple[str, str, list[str]] | None:
    return next((p for p in plans if p[0].startswith("select cases (page")), None)


NULLS_KEY = re.compile(r"ORDER BY\s+cases\.next_due_on IS NULL,\s*")


def _exec_ms(lines: list[str]) -> float:
    for line in lines:
        m = re.match(r"\s*Execution Time: ([\d.]+) ms", line)
        if m:
            return float(m.group(1))
    return float("nan")


# ---------------------------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    ap.add_argument("--cases", type=int, default=100_000, help="open cases to seed (default 100000)")
    ap.add_argument(
        "--officer-cases",
        type=int,
        default=4000,
        help="about how many of them the measured officer holds (default 4000)",
    )
    ap.add_argument("--officers", type=int, default=30, help="officers, the measured one included (default 30)")
    ap.add_argument(
        "--closed",
        type=int,
        default=10_000,
        help="about how many earlier, closed assessments of the same children (default 10000)",
    )
    ap.add_argument("--requests", type=int, default=300, help="timed requests (default 300)")
    ap.add_argument("--warmup", type=int, default=40, help="untimed requests first (default 40)")
    ap.add_argument(
        "--clients", type=int, default=1, help="client threads sending the requests at once (default 1: one at a time)"
    )
    ap.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also cProfile the server side of N more requests of the officer's first page and print the top functions",
    )
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0: a free one)")
    ap.add_argument("--reuse", action="store_true", help="use the database as a previous run left it (no seeding)")
    ap.add_argument("--no-explain", dest="explain", action="store_false", help="skip the EXPLAIN plans")
    ap.add_argument("--force", action="store_true", help="allow dropping a database whose name has no 'bench'")
    args = ap.parse_args(argv)
    if (
        args.cases < 100
        or not 2 <= args.officers <= 90
        or not 0 < args.officer_cases <= args.cases
        or args.requests < 1
        or args.warmup < 0
        or args.clients < 1
        or args.closed < 0
    ):
        ap.error(
            "need --cases >= 100, 2 <= --officers <= 90, 0 < --officer-cases <= --cases, --requests >= 1, "
            "--warmup >= 0, --clients >= 1, --closed >= 0"
        )
    url = _conninfo(args.database_url)
    t_start = time.perf_counter()

    if not args.reuse:
        from casework.cli import upgrade

        recreate_database(args.database_url, args.force)
        upgrade(url)
        t_migrated = time.perf_counter()
        rng = random.Random(SEED)
        fixed = seed_fixed(url, args.officers, rng)
        written = seed(url, fixed, rng, args.cases, args.officer_cases, args.closed)
        t_seeded = time.perf_counter()
        vacuum_analyze(url)
        t_vacuumed = time.perf_counter()
        print(
            f"{args.database_url}: migrated in {t_migrated - t_start:.1f}s; seeded {sum(written.values()):,} rows "
            f"with COPY in {t_seeded - t_migrated:.1f}s; VACUUM ANALYZE + CHECKPOINT in "
            f"{t_vacuumed - t_seeded:.1f}s (today fixed at {TODAY})."
        )
    subject = read_subject(url)
    s = subject
    print(
        f"Open cases: {s.open_cases:,}; rows: "
        + ", ".join(f"{t} {n:,}" for t, n in s.table_rows.items())
        + f"; database {s.db_size}, shared_buffers {s.shared_buffers}."
    )
    print(
        f"Measured officer (id {s.officer_id}): {s.officer_open:,} open cases ({-(-s.officer_open // 25)} pages), "
        f"{s.officer_overdue:,} overdue, {s.officer_assessing:,} assessing; name searches for "
        f"{', '.join(s.surnames)}."
    )

    recorder = Recorder()
    with tempfile.TemporaryDirectory(prefix="queue-bench-") as tmp:
        server, thread, _app = start_server(url, recorder, args.port, Path(tmp))
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            rng = random.Random(SEED + 1)
            paths = Paths(subject, rng)
            errors: list[str] = []
            warm: list[Result] = []
            warm_kinds = [KINDS[i % len(KINDS)][0] for i in range(args.warmup)]
            run_client(base, warm_kinds, paths, "warmup:", warm, errors)
            if errors:
                raise RuntimeError(f"warm-up failed: {errors[0]}")
            kinds = plan_requests(args.requests, rng)
            per_client = [kinds[i :: args.clients] for i in range(args.clients)]
            outs: list[list[Result]] = [[] for _ in per_client]
            load_before = os.getloadavg()[0]
            t_run = time.perf_counter()
            threads = [
                threading.Thread(target=run_client, args=(base, part, paths, f"run{c}:", outs[c], errors))
                for c, part in enumerate(per_client)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            run_s = time.perf_counter() - t_run
            load_after = os.getloadavg()[0]
            results = [r for o in outs for r in o]
            plans: dict[str, list[tuple[str, str, list[str]]]] = {}
            first_plan_alt: list[str] = []
            if args.explain and not errors:
                sessions = {"officer": sign_in(base, OFFICER_EMAIL), "manager": sign_in(base, MANAGER_EMAIL)}
                who = {kind: w for kind, _, w in KINDS}
                for kind in EXPLAIN_KINDS:
                    path = Paths(subject, random.Random(SEED + 2))(kind)
                    fetch(sessions[who[kind]], base, kind, path, f"capture:{kind}")
                    plans[kind] = explain(url, recorder.captured.get(kind, []))
                main_first = _main_select(plans.get(FIRST_PAGE, []))
                if main_first is not None and NULLS_KEY.search(main_first[1]):
                    params = next(p for q, p in recorder.captured[FIRST_PAGE] if q == main_first[1])
                    first_plan_alt = explain(url, [(NULLS_KEY.sub("ORDER BY ", main_first[1]), params)])[0][2]
            if args.profile and not errors:
                session = sign_in(base, OFFICER_EMAIL)
                for i in range(args.profile):
                    fetch(session, base, FIRST_PAGE, "/queue", f"profile:{i}")
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
            _app.extensions["casework"].engine.dispose()

    if errors:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        return 1

    # --- the numbers -------------------------------------------------------------------------
    print()
    print(
        f"{args.requests} timed requests after {args.warmup} warm-up, {args.clients} client"
        f"{'s' if args.clients > 1 else ''} at once, in {run_s:.1f}s; werkzeug threaded server on {base}."
    )
    print(
        "Client-side wall time per request (ms): median, p95, max; then medians of the server's side: time in "
        "the WSGI app, in read.queue.queue() (SQL + ORM) and in render_template, and the SQL statements sent and "
        "their time in the driver."
    )
    print(
        f"Load average (1 min) before / after the timed run: {load_before:.2f} / {load_after:.2f} "
        f"on {os.cpu_count()} cores."
    )
    header = (
        f"{'kind':<22}{'n':>5}{'median':>9}{'p95':>9}{'max':>9}{'server':>9}{'queue()':>9}{'render':>8}"
        f"{'SQL n':>6}{'SQL ms':>8}   shown / total"
    )
    print(header)
    print("-" * len(header))
    by_kind: dict[str, list[Result]] = {}
    for r in results:
        by_kind.setdefault(r.kind, []).append(r)

    def row(label: str, rs: list[Result], extra: str = "") -> None:
        ms = [r.seconds * 1000 for r in rs]
        server = [recorder.server_s.get(r.bench_id, float("nan")) * 1000 for r in rs]
        sql_n = [recorder.sql_n.get(r.bench_id, 0) for r in rs]
        sql_ms = [recorder.sql_s.get(r.bench_id, 0.0) * 1000 for r in rs]
        q_ms = [recorder.parts.get(r.bench_id, {}).get("queue", 0.0) * 1000 for r in rs]
        render_ms = [recorder.parts.get(r.bench_id, {}).get("render", 0.0) * 1000 for r in rs]
        print(
            f"{label:<22}{len(rs):>5}{statistics.median(ms):>9.1f}{_pct(ms, 0.95):>9.1f}{max(ms):>9.1f}"
            f"{statistics.median(server):>9.1f}{statistics.median(q_ms):>9.1f}{statistics.median(render_ms):>8.1f}"
            f"{statistics.median(sql_n):>6.0f}{statistics.median(sql_ms):>8.1f}   {extra}"
        )

    for kind, _, _ in KINDS:
        rs = by_kind.get(kind, [])
        if rs:
            totals = sorted({r.total for r in rs})
            total_text = f"{totals[0]:,}" if len(totals) == 1 else f"{totals[0]:,}..{totals[-1]:,}"
            row(kind, rs, f"{min(r.rows for r in rs)}-{max(r.rows for r in rs)} / {total_text}")
    print("-" * len(header))
    row("all requests", results)
    overall = _pct([r.seconds * 1000 for r in results], 0.95)
    first = by_kind.get(FIRST_PAGE, [])
    first_p95 = _pct([r.seconds * 1000 for r in first], 0.95) if first else float("nan")
    ok = lambda v: "MET" if v < TARGET_MS else "NOT MET"  # noqa: E731
    print(
        f"target: p95 < {TARGET_MS:.0f} ms with {s.open_cases:,} open cases -> all requests: {ok(overall)} "
        f"({overall:.1f} ms); the officer's own first page: {ok(first_p95)} ({first_p95:.1f} ms)"
    )
    slow = [
        kind
        for kind, _, _ in KINDS
        if by_kind.get(kind) and _pct([r.seconds * 1000 for r in by_kind[kind]], 0.95) >= TARGET_MS
    ]
    if slow:
        print(f"kinds with p95 >= {TARGET_MS:.0f} ms: {', '.join(slow)}")

    for kind, kind_plans in plans.items():
        print()
        print(f"=== EXPLAIN (ANALYZE, BUFFERS) of the statements of one '{kind}' request ===")
        for i, (what, _sql, lines) in enumerate(kind_plans, 1):
            print(f"  {i}. {what:<34}{_exec_ms(lines):8.2f} ms   {lines[0].strip()[:100]}")
        main_plan = _main_select(kind_plans)
        if main_plan is not None:
            sql = _norm(main_plan[1])
            print(
                f"  the page's main SELECT (columns of cases, children, staff elided): SELECT ... "
                f"{sql[sql.index(' FROM ') :]}"
            )
            for line in main_plan[2]:
                print("    " + line)
    if first_plan_alt:
        print()
        print(
            "=== For comparison only (NOT what the app sends): the officer's first-page SELECT without its leading "
            "sort key `next_due_on IS NULL` (PostgreSQL sorts NULLs last in ascending order anyway) ==="
        )
        for line in first_plan_alt:
            print("    " + line)
    if recorder.profiles:
        import io
        import pstats

        buf = io.StringIO()
        stats = pstats.Stats(*recorder.profiles, stream=buf)
        stats.sort_stats("cumulative").print_stats(30)
        print(
            f"\n=== cProfile of the server side of {len(recorder.profiles)} requests of the officer's first page "
            f"(cumulative) ==="
        )
        print(buf.getvalue())
    print(f"\ntotal time {time.perf_counter() - t_start:.1f}s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
