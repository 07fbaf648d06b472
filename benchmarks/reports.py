#!/usr/bin/env python
"""The managers' dashboard, the board report and the nightly job at 1,000,000 cases in PostgreSQL.

    python benchmarks/reports.py [--database-url postgresql://postgres@127.0.0.1/casework_reports_bench]
        [--cases 1000000] [--officers 60] [--requests 60] [--reuse] [--force]

Targets (issue 12): the dashboard page answers in under 300 ms at the 95th percentile and the board
report in under 2 s, at 1,000,000 cases with several years of history; the nightly job's time is
reported.

1. (Re)creates the database (its name must contain "bench" unless --force), runs the migrations,
   drops the secondary indexes, seeds with COPY (psycopg 3) and builds the indexes again: rows as
   the engine leaves them, 60% assessments and 40% annual reviews spread over 1 Jan 2022 to TODAY
   (16 Mar 2027): requests decided in 3 to 10 weeks (a fifth not assessed), four advice requests
   each returned in about 6 weeks (some late, 0.3% never; chase and escalation outbox rows for the
   late ones), decisions to issue, drafts and final plans (5% with an exception on the final plan,
   3% withdrawn), reviews with their meeting, decision (the child's views) and amended plans, 3% of
   cases moved between officers (officer_changed events); with their deadline rows. Then VACUUM
   ANALYZE.
2. Runs the nightly job (`reports.facts.close_months`) twice: the first run stores every month
   since January 2022; the second (every night after) rechecks the last 24 closed months.
3. Serves the real app (werkzeug, threaded) and signs in the manager; warms up; times --requests
   GETs of the dashboard (a mix: the whole council 50%, a team 20%, an officer 20%, the advice
   measure 10%), then the board report (HTML) 5 times, the PDF of the month in progress once laid out and 3 times
   kept, the closed month's PDF (laid out by the nightly step) 3 times, and the providers' view 5 times. The month in progress is counted live from the records and kept until they change (the
   data version: the newest event, outbox row and advice request), so the mix reads it as a
   dashboard does between two writes; "dashboard, after a write" empties that cache before each of 5
   more requests (the month counted again at a million cases). Prints count, median, p95 and max
   per kind, and the load average (other work on the machine shows up in the timings).

Business dates are fixed and the data come from a seeded generator. Exits non-zero only on errors.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from benchmarks.common import conninfo as _conninfo  # noqa: E402
from benchmarks.common import recreate_database  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1/casework_reports_bench"
TODAY = dt.date(2027, 3, 16)
START = dt.date(2022, 1, 1)
STAMP = dt.datetime(2027, 3, 15, 17, 0, tzinfo=dt.UTC)
SEED = 20270316
PASSWORD = "reports-bench-password"
SECRET_KEY = "reports-bench-secret-key-only-for-this-throwaway-database-0123456789"
MANAGER = "maya.manager@example.org"
TEAMS = ("North", "Central", "South", "East", "West")
ADVICE = ("education", "health", "psychology", "social_care")
CHUNK = 20_000
COLUMNS = {
    "families": ("id", "created_at"),
    "children": ("id", "given_name", "family_name", "date_of_birth", "family_id", "created_at"),
    "cases": ("id", "kind", "child_id", "officer_id", "state", "is_open", "version", "opened_on", "closed_on",
              "request_source", "facts", "next_due_on", "next_due_key", "created_at", "updated_at"),
    "events": ("id", "case_id", "type", "occurred_on", "recorded_at", "actor_kind", "actor_id", "from_state",
               "to_state", "details"),
    "deadlines": ("id", "case_id", "key", "rule", "regulation", "kind", "start_on", "due_on", "practical_due_on",
                  "met_on", "outcome", "exception_applies"),
    "advice_requests": ("id", "case_id", "advice_type", "provider_id", "requested_on", "provider_received_on",
                        "due_on", "practical_due_on", "basis", "received_on", "chased", "escalated", "created_at"),
    "outbox": ("id", "case_id", "dedupe_key", "recipient", "recipient_kind", "channel", "template",
               "personalisation", "status", "attempts", "created_at", "sent_at"),
}  # fmt: skip
SOURCES = ("parent", "parent", "school", "school", "health", "social_care", "other")


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Generator:
    """Rows as the engine leaves them (the states, events and deadline rows of each case)."""

    def __init__(self, rng: random.Random, officers: list[int], providers: dict[str, list[int]]):
        self.rng, self.officers, self.providers = rng, officers, providers
        self.ids = dict.fromkeys(COLUMNS, 0)
        self.rows: dict[str, list[tuple]] = {t: [] for t in COLUMNS}

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def event(self, case_id: int, type_: str, on: dt.date, details: dict | None = None) -> None:
        self.rows["events"].append((self.next_id("events"), case_id, type_, on, STAMP, "staff", None, None, None,
                                    json.dumps(details or {})))  # fmt: skip

    def deadline(self, case_id: int, key: str, rule: str, start: dt.date, due: dt.date, met: dt.date | None,
                 applicable: bool = True, exception: bool = False) -> None:  # fmt: skip
        met = met if met is not None and met <= TODAY else None
        outcome = (
            "not_applicable" if not applicable else ("pending" if met is None else ("met" if met <= due else "missed"))
        )
        self.rows["deadlines"].append((self.next_id("deadlines"), case_id, key, rule, "SEND Regulations 2014", "duty",
                                       start, due, due, met, outcome, exception))  # fmt: skip

    def case(
        self, kind: str, opened: dt.date, state: str, closed: dt.date | None, source: str | None
    ) -> tuple[int, int]:
        child = self.next_id("children")
        self.rows["families"].append((child, STAMP))
        self.rows["children"].append((child, "Child", f"Family{child % 997}", dt.date(2012, 1, 1) + days(child % 3000),
                                      child, STAMP))  # fmt: skip
        case_id = self.next_id("cases")
        officer = self.rng.choice(self.officers)
        self.rows["cases"].append([case_id, kind, child, officer, state, closed is None, 3, opened, closed, source,
                                   "{}", None, None, STAMP, STAMP])  # fmt: skip
        if self.rng.random() < 0.03:  # moved between officers once
            moved_on = min(TODAY, opened + days(self.rng.randint(5, 200)))
            new = self.rng.choice(self.officers)
            self.event(case_id, "officer_changed", moved_on, {"from_officer_id": officer, "to_officer_id": new})
            self.rows["cases"][-1][3] = new
        return case_id, child

    def assessment(self, received: dt.date) -> None:
        r = self.rng
        decided = received + days(r.randint(20, 42) if r.random() < 0.8 else r.randint(43, 75))
        assessed = r.random() >= 0.2
        withdrawn = r.random() < 0.03
        exception = r.random() < 0.05
        timeline: list[tuple[str, dt.date]] = [("request_received", received)]
        advice: list[tuple[str, int, dt.date, dt.date | None]] = []
        to_issue = None
        if decided <= TODAY:
            timeline.append(("decided_to_assess" if assessed else "decided_not_to_assess", decided))
        if assessed and decided <= TODAY and not withdrawn:
            returns = []
            for kind in ADVICE:
                asked = decided + days(r.randint(0, 3))
                back = None if r.random() < 0.003 else asked + days(max(10, min(150, round(r.gauss(40, 14)))))
                advice.append((kind, r.choice(self.providers[kind]), asked, back))
                returns.append(back)
            if all(returns):
                decision = max(returns) + days(r.randint(3, 15))
                if r.random() < 0.1:
                    timeline.append(("decided_not_to_issue", decision))
                else:
                    to_issue = decision
                    draft = decision + days(r.randint(7, 20))
                    final = draft + days(r.randint(15, 30))
                    timeline += [("decided_to_issue", decision), ("draft_issued", draft), ("final_issued", final)]
        timeline = [(t, on) for t, on in timeline if on <= TODAY]
        last_type, last_on = timeline[-1]
        closing = {"decided_not_to_assess": "not_assessed", "decided_not_to_issue": "not_issued",
                   "final_issued": "plan_issued"}  # fmt: skip
        state = closing.get(last_type) or {"request_received": "request_received", "decided_to_assess": "assessing",
                                           "decided_to_issue": "drafting", "draft_issued": "draft_issued"}[last_type]  # fmt: skip
        closed = last_on if last_type in closing else None
        if withdrawn and decided <= TODAY and closed is None:
            state, closed = "withdrawn", min(TODAY, decided + days(20))
            timeline.append(("withdrawn", closed))
        case_id, _child = self.case("assessment", received, state, closed, r.choice(SOURCES))
        for t, on in timeline:
            self.event(case_id, t, on, {"clock_starts_on": received.isoformat()} if t == "request_received" else None)
        if exception:
            self.event(case_id, "exception_recorded", received + days(60),
                       {"reason": "absent_from_area", "deadline_keys": ["final_plan"], "note": "abroad"})  # fmt: skip
        done = dict(timeline)
        self.deadline(case_id, "decision_to_assess", "A1", received, received + days(42),
                      done.get("decided_to_assess") or done.get("decided_not_to_assess"))  # fmt: skip
        self.deadline(case_id, "decision_not_to_issue", "A3", received, received + days(112), done.get("decided_not_to_issue"),
                      applicable=not (to_issue and to_issue <= TODAY) and "decided_not_to_assess" not in done)  # fmt: skip
        self.deadline(case_id, "final_plan", "A7", received, received + days(140), done.get("final_issued"),
                      applicable=not ({"decided_not_to_assess", "decided_not_to_issue"} & set(done)) and state != "withdrawn",
                      exception=exception)  # fmt: skip
        for kind, provider, asked, back in advice:
            if asked > TODAY:
                continue
            advice_id = self.next_id("advice_requests")
            due = asked + days(42)
            back = back if back is not None and back <= TODAY else None
            late_by = ((back or TODAY) - due).days
            self.rows["advice_requests"].append((advice_id, case_id, kind, provider, asked, asked, due, due,
                                                 "statutory", back, late_by > 0, late_by > 14, STAMP))  # fmt: skip
            if back is not None:
                self.event(case_id, "advice_received", back, {"advice_request_id": advice_id})
            if late_by > 0:
                self.outbox(case_id, f"advice:{advice_id}:chase:1", "advice_chase.email", due + days(1))
            if late_by > 14:
                self.outbox(
                    case_id, f"advice:{advice_id}:escalation:provider", "advice_escalation.email", due + days(14)
                )

    def outbox(self, case_id: int, key: str, template: str, on: dt.date) -> None:
        at = dt.datetime(on.year, on.month, on.day, 6, 0, tzinfo=dt.UTC)
        self.rows["outbox"].append((self.next_id("outbox"), case_id, key, "provider@example.org", "provider", "email",
                                    template, "{}", "sent", 1, at, at))  # fmt: skip

    def review(self, due: dt.date) -> None:
        r = self.rng
        opened = due - days(84)
        if opened > TODAY:
            return
        meeting = max(opened + days(21), due - days(round(r.gauss(20, 25))))
        decision = meeting + days(r.randint(10, 40))
        amend = r.random() < 0.4
        issued = decision + days(r.randint(20, 70)) if amend else None
        steps = [("review_opened", opened), ("meeting_held", meeting),
                 ("amendments_proposed" if amend else "decided_to_maintain", decision)]  # fmt: skip
        if issued:
            steps.append(("amended_plan_issued", issued))
        steps = [(t, on) for t, on in steps if on <= TODAY and on >= opened]
        states = {"review_opened": "due", "meeting_held": "meeting_held", "amendments_proposed": "amending",
                  "decided_to_maintain": "maintained", "amended_plan_issued": "amended"}  # fmt: skip
        state = states[steps[-1][0]]
        closed = steps[-1][1] if state in ("maintained", "amended") else None
        case_id, _child = self.case("review", opened, state, closed, None)
        how = r.choice(("in_person", "in_person", "in_writing", "advocate", "not_obtained"))
        for t, on in steps:
            self.event(
                case_id,
                t,
                on,
                {"child_views": {"how": how}} if t in ("amendments_proposed", "decided_to_maintain") else None,
            )
        done = dict(steps)
        self.deadline(case_id, "review_meeting", "B1", due - days(364), due, done.get("meeting_held"))
        if "meeting_held" in done:
            self.deadline(
                case_id,
                "review_decision",
                "B6",
                meeting,
                meeting + days(28),
                done.get(steps[2][0]) if len(steps) > 2 else None,
            )
            if amend:
                self.deadline(
                    case_id, "amended_plan_overall", "B11", meeting, meeting + days(84), done.get("amended_plan_issued")
                )
        if "amendments_proposed" in done:
            self.deadline(case_id, "amended_plan", "B9", decision, decision + days(56), done.get("amended_plan_issued"))

    def take(self) -> dict[str, list[tuple]]:
        rows, self.rows = self.rows, {t: [] for t in COLUMNS}
        return rows


def seed(conninfo: str, n_cases: int, n_officers: int) -> dict[str, int]:
    import psycopg

    from casework.workflow.accounts import hash_password

    rng = random.Random(SEED)
    with psycopg.connect(conninfo) as conn:
        conn.execute("INSERT INTO staff (email, name, role, team, capacity, available, password_hash, created_at) "
                     "VALUES (%s, 'Maya Manager', 'manager', 'North', 40, true, %s, %s)",
                     (MANAGER, hash_password(PASSWORD), STAMP))  # fmt: skip
        officers = [conn.execute("INSERT INTO staff (email, name, role, team, capacity, available, created_at) VALUES "
                                 "(%s, %s, 'officer', %s, 40, true, %s) RETURNING id",
                                 (f"officer{i}@example.org", f"Officer {i}", TEAMS[i % len(TEAMS)], STAMP)).fetchone()[0]
                    for i in range(n_officers)]  # fmt: skip
        providers: dict[str, list[int]] = {}
        for kind in ADVICE:
            for n in range(8 if kind == "education" else 6):
                pid = conn.execute("INSERT INTO providers (name, advice_type, email, statutory_basis, created_at) "
                                   "VALUES (%s, %s, %s, true, %s) RETURNING id",
                                   (f"{kind.title()} provider {n + 1}", kind, f"{kind}{n}@example.org", STAMP)).fetchone()[0]  # fmt: skip
                providers.setdefault(kind, []).append(pid)
        conn.commit()
    gen = Generator(rng, officers, providers)
    span = (TODAY - START).days
    written = dict.fromkeys(COLUMNS, 0)
    with psycopg.connect(conninfo) as conn:
        for done in range(0, n_cases, CHUNK):
            for _ in range(min(CHUNK, n_cases - done)):
                if rng.random() < 0.6:
                    gen.assessment(START + days(rng.randint(0, span)))
                else:
                    gen.review(START + days(rng.randint(90, span + 90)))
            rows = gen.take()
            with conn.cursor() as cur:
                for table, cols in COLUMNS.items():
                    if rows[table]:
                        with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                            for row in rows[table]:
                                copy.write_row(row)
                        written[table] += len(rows[table])
            conn.commit()
            print(f"  {done + CHUNK:>9,} cases", end="\r", flush=True)
        for table in COLUMNS:
            if table != "families":
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.execute("SELECT setval(pg_get_serial_sequence('families', 'id'), (SELECT max(id) FROM families))")
        conn.commit()
    return written


def drop_indexes(conninfo: str) -> list[str]:
    """The secondary indexes (not constraints), dropped for the COPY and made again after it."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        ).fetchall()
        for name, _d in rows:
            conn.execute(f'DROP INDEX "{name}"')
    return [d for _n, d in rows]


def build_indexes(conninfo: str, definitions: list[str]) -> None:
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        for d in definitions:
            conn.execute(d)
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(q * len(ordered) + 0.5)) - 1))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default=os.environ.get("CASEWORK_BENCH_URL", DEFAULT_URL))
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--officers", type=int, default=60)
    p.add_argument("--requests", type=int, default=60)
    p.add_argument(
        "--reuse", action="store_true", help="use the database as it is (seeded before; its stored months are emptied)"
    )
    p.add_argument("--seed-only", action="store_true", help="seed the database and stop")
    p.add_argument("--force", action="store_true")
    args = p.parse_args(argv)
    os.environ["CASEWORK_TODAY"] = TODAY.isoformat()
    os.environ["SECRET_KEY"] = SECRET_KEY
    url, info = args.database_url, _conninfo(args.database_url)
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    if not args.reuse:
        from casework.cli import upgrade

        t0 = time.perf_counter()
        recreate_database(url, args.force)
        upgrade(url)
        definitions = drop_indexes(info)
        written = seed(info, args.cases, args.officers)
        t1 = time.perf_counter()
        build_indexes(info, definitions)
        t2 = time.perf_counter()
        print(f"seeded {args.cases:,} cases in {t1 - t0:.0f} s: " + ", ".join(f"{t} {n:,}" for t, n in written.items()))
        print(f"indexes and VACUUM ANALYZE in {t2 - t1:.0f} s")
        if args.seed_only:
            return 0
    else:
        import psycopg

        with psycopg.connect(info, autocommit=True) as conn:  # the nightly job's first run starts from nothing
            conn.execute("TRUNCATE report_facts, report_months")

    from sqlalchemy import text

    from casework.config import Config
    from casework.reports import board, facts, months
    from casework.services import Services

    config = Config(database_url=url, secret_key=SECRET_KEY, outbox_dir=Path(tempfile.mkdtemp()) / "outbox",
                    upload_dir=Path(tempfile.mkdtemp()) / "uploads", council_name="Northshire County Council")  # fmt: skip
    services = Services.build(config)
    first = facts.close_months(services.session_factory, TODAY)
    again = facts.close_months(services.session_factory, TODAY)
    print(f"nightly job, first run: {len(first.closed)} months stored in {first.seconds:.1f} s")
    print(f"nightly job, every night after (24 months rechecked): {again.seconds:.1f} s, "
          f"{len(again.closed)} closed, {len(again.restated)} restated")  # fmt: skip
    t0 = time.perf_counter()  # what the nightly job adds: the board report of the month it closed
    last = months.shift(months.of(TODAY), -1)
    with services.engine.begin() as conn:
        conn.execute(text("DELETE FROM report_documents"))
        board.stored_pdf(conn, board.render_html(conn, last, TODAY, council=config.council_name), last)
    print(f"nightly job, laying out the board report of {last}: {time.perf_counter() - t0:.1f} s")
    services.engine.dispose()
    return serve_and_time(url, config, args.requests)


def serve_and_time(url: str, config, n: int) -> int:
    import logging

    import requests
    from werkzeug.serving import make_server

    from casework.app import create_app
    from casework.reports import months

    app = create_app(config)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    s = requests.Session()
    token = re.search(r'name="csrf_token"\s+value="([^"]+)"', s.get(f"{base}/sign-in").text).group(1)
    assert s.post(f"{base}/sign-in", data={"csrf_token": token, "email": MANAGER, "password": PASSWORD},
                  allow_redirects=False).status_code == 302  # fmt: skip
    month = f"{TODAY:%Y-%m}"
    mix = ([("dashboard, whole council", f"/dashboard?month={month}")] * 10
           + [("dashboard, a team", f"/dashboard?month={month}&team=Central")] * 4
           + [("dashboard, an officer", f"/dashboard?month={month}&officer=5")] * 4
           + [("dashboard, advice measure", f"/dashboard/measures/advice?month={month}")] * 2)  # fmt: skip
    rng = random.Random(SEED)
    plan = [rng.choice(mix) for _ in range(n)]
    results: dict[str, list[float]] = {}

    def get(kind: str, path: str) -> None:
        t0 = time.perf_counter()
        r = s.get(base + path, timeout=600)
        elapsed = time.perf_counter() - t0
        if r.status_code != 200:
            raise SystemExit(f"{path} answered {r.status_code}")
        results.setdefault(kind, []).append(elapsed * 1000)

    for kind, path in mix[::3]:  # warm up, untimed
        s.get(base + path, timeout=600)
    for kind, path in plan:
        get(kind, path)
    from casework.reports.read import clear_live_cache

    for _ in range(5):  # as after a write: the month in progress is counted again from the records
        clear_live_cache()
        get("dashboard, after a write", f"/dashboard?month={month}")
    for _ in range(5):
        get("board report (HTML)", f"/dashboard/board?month={month}")
        get("providers' view", f"/dashboard/providers?month={month}&advice_type=health")
    get("board report (PDF, laid out)", f"/dashboard/board.pdf?month={month}")  # the month in progress
    for _ in range(3):
        get("board report (PDF, kept)", f"/dashboard/board.pdf?month={month}")
        get("board, closed month (PDF)", f"/dashboard/board.pdf?month={months.shift(month, -1)}")
    dashboard = [v for k, vs in results.items() if k.startswith("dashboard") and "after a write" not in k for v in vs]
    print(f"\n{'kind':<28} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in [*results.items(), ("dashboard, all", dashboard)]:
        print(f"{kind:<28} {len(values):>4} {statistics.median(values):>10.0f} {_pct(values, 0.95):>8.0f} "
              f"{max(values):>8.0f}")  # fmt: skip
    print(
        f"\ndashboard p95 {_pct(dashboard, 0.95):.0f} ms (target 300); board report (HTML) p95 "
        f"{_pct(results['board report (HTML)'], 0.95):.0f} ms (target 2000); load average after: {os.getloadavg()[0]:.1f}"
    )
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
