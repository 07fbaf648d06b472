"""A believable year of casework for a mid-sized council, for the managers' dashboard: 12 officers
in two teams, about 600 requests a year (850 in the 17 months whose plans can fall in the year),
about 400 final plans and several hundred annual reviews in the last 12 months, advice from a dozen
providers with their own delays, some exceptions, and an officer's cases moved while she is away.

Everything is recorded through the workflow (`opening.open_case`, `engine.record`,
`workflow.advice`, `reassign`, and the daily `sweep`, which opens the reviews and chases late
advice) on the day it happened, day by day, under a moving today (CASEWORK_TODAY), so every figure
has real cases and events behind it. Plans made before the year (whose reviews fall in it) were
walked through the assessment without advice requests, to keep the load under a minute. Seeded and
deterministic: the same `today` gives the same year. The year's messages are history: once loaded
they are marked sent on the day they were written rather than delivered to the outbox folder."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import os
import random
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select, update

from casework import demo_sen2
from casework.models import Case, Child, Contact, Deadline, OutboxMessage, Provider, Staff
from casework.workflow import advice as advice_flow
from casework.workflow import engine, opening, reassign, sweep, voice
from casework.workflow.errors import WorkflowError
from casework.workflow.families import initial_family, normalise_email, normalise_phone, place_new_child
from casework.workflow.kinds import needs

SEED = 2027
OFFICERS = [  # (name, team): with the walk-through's Priya Shah and Tom Okafor (North), 12 officers
    ("Aisha Begum", "North"), ("Daniel Hughes", "North"), ("Fiona McLeod", "North"), ("Gareth Lloyd", "North"),
    ("Hannah Osei", "South"), ("Imran Malik", "South"), ("Jess Turner", "South"), ("Kofi Mensah", "South"),
    ("Laura Pritchard", "South"), ("Marek Nowak", "South"),
]  # fmt: skip
MANAGER = ("Ruth Adebayo", "South")
# (name, advice type, mean days to return, spread, escalation contact) beside the walk-through's four
PROVIDERS = [
    ("Speech and Language Therapy, Worcester NHS Trust", "health", 38, 10, "Designated Clinical Officer"),
    ("Child and Adolescent Mental Health Service", "health", 64, 18, "Designated Clinical Officer"),
    ("Occupational Therapy, Worcester NHS Trust", "health", 46, 12, "Designated Clinical Officer"),
    ("Locum Educational Psychology Associates", "psychology", 35, 8, "Principal Educational Psychologist"),
    ("Children with Disabilities Team", "social_care", 44, 12, "Designated Social Care Officer"),
    ("Riverside High School", "education", 30, 9, "Head Teacher"),
    ("Oakfield Academy", "education", 36, 12, "Head Teacher"),
    ("Northfield Nursery", "education", 26, 7, "Manager"),
    ("Preparing for Adulthood Team", "preparing_for_adulthood", 40, 10, "Head of Service"),
    ("Family views (collected by the SEND team)", "parent", 0, 0, None),
]
DELAYS = {  # the walk-through's providers (demo.PROVIDERS): mean, spread
    "Community Paediatrics, Worcester NHS Trust": (56, 16),
    "Educational Psychology Service": (43, 11),
    "Children's Social Care": (34, 9),
    "St Mary's Primary School": (24, 6),
}
SOURCES = [("parent", 45), ("school", 38), ("health", 7), ("social_care", 6), ("young_person", 2), ("other", 2)]
FAMILY = ["Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hussain", "Iqbal", "Jones", "Kaur",
          "Lewis", "Morgan", "Novak", "Owen", "Patel", "Quinn", "Roberts", "Singh", "Taylor", "Walsh", "Young"]  # fmt: skip
GIVEN = ["Ava", "Ben", "Chloe", "Dylan", "Ella", "Finley", "Grace", "Harry", "Isla", "Jack", "Leo", "Maya", "Noah",
         "Olivia", "Ruby", "Sam", "Theo", "Zara", "Yusuf", "Mia", "Alfie", "Poppy"]  # fmt: skip
REQUESTS_PER_DAY = 640 / 261  # working days
DEMO_ACTIONS = ("Speech and language therapy weekly in class", "A quiet room at lunchtime", "Visit the next school",
                "Travel training before the summer", "A reading assessment by the educational psychologist",
                "Physiotherapy exercises built into PE", "A key worker to check in each morning")  # fmt: skip


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@contextmanager
def _today(day: dt.date):
    """The product's today (clock.today, clock.now) set to `day` while it is recorded."""
    before = os.environ.get("CASEWORK_TODAY")
    os.environ["CASEWORK_TODAY"] = day.isoformat()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("CASEWORK_TODAY", None)
        else:
            os.environ["CASEWORK_TODAY"] = before


class Year:
    def __init__(self, services: Any, today: dt.date, seed: int = SEED):
        self.services, self.today = services, today
        self.settings = services.config.statutory
        self.rng = random.Random(seed)
        self.voice = random.Random(seed + 19)  # the child's voice, apart: the year's events stay as they were
        self.heap: list = []
        self.seq = itertools.count()
        self.counts: Counter[str] = Counter()
        self.actor = engine.Actor.system()
        self.session: Any = None
        self.providers: dict[str, list[tuple[int, int, int]]] = {}
        self.children = itertools.count(1)

    # --- scheduling ------------------------------------------------------------------------------
    def at(self, day: dt.date, fn: Callable[..., None], *args: Any) -> None:
        day = _weekday(day)
        if day <= self.today:
            heapq.heappush(self.heap, (day, next(self.seq), fn, args))

    def days(self, mean: float, spread: float, low: int = 1) -> dt.timedelta:
        return dt.timedelta(days=max(low, round(self.rng.gauss(mean, spread))))

    def record(self, case_id: int, event: str, day: dt.date, **details: Any) -> bool:
        """Record an event; a refusal (a withdrawn case, say) is counted. The engine checks the step,
        the dates and the guards before it writes anything, so a refusal leaves nothing behind."""
        try:
            engine.record(self.session, case_id, event, day, actor=self.actor, details=details,
                          settings=self.settings, today=day)  # fmt: skip
            self.counts[event] += 1
            return True
        except WorkflowError:
            self.counts[f"refused {event}"] += 1
            return False

    # --- people ------------------------------------------------------------------------------------
    def setup(self, session: Any) -> None:
        existing = {s.name for s in session.execute(select(Staff)).scalars()}
        for name, team in [*OFFICERS, MANAGER]:
            if name not in existing:
                email = name.lower().replace(" ", ".") + "@council.example"
                role = "manager" if (name, team) == MANAGER else "officer"
                session.add(Staff(email=email, name=name, role=role, team=team))
        for name, kind, _mean, _spread, escalation in PROVIDERS:
            email = "".join(c for c in name.lower() if c.isalnum())[:30] + "@provider.example"
            session.add(Provider(name=name, advice_type=kind, email=email, escalation_name=escalation,
                                 escalation_email="escalation." + email, statutory_basis=kind == "health"))  # fmt: skip
        session.flush()
        delays = {**DELAYS, **{p[0]: (p[2], p[3]) for p in PROVIDERS}}
        for p in session.execute(select(Provider)).scalars():
            mean, spread = delays.get(p.name, (40, 10))
            self.providers.setdefault(p.advice_type, []).append((p.id, mean, spread))

    def new_child(self, born: dt.date) -> int:
        n = next(self.children)
        email = f"family.{n}@example.org"
        phone = f"0113 496 {n:04d}" if n < 1000 else None  # Ofcom's drama range: for the feedback calls
        e164 = normalise_phone(phone) if phone else None
        fam = initial_family(self.session, [normalise_email(email)], [e164], None)
        child = Child(given_name=self.rng.choice(GIVEN), family_name=self.rng.choice(FAMILY), date_of_birth=born,
                      family_id=fam, team=self.rng.choice(("North", "South")),
                      contacts=[Contact(name=f"Parent of child {n}", relationship_to_child="parent", email=email,
                                        email_normalised=normalise_email(email), phone=phone, phone_e164=e164,
                                        preferred_channel="email")])  # fmt: skip
        self.session.add(child)
        place_new_child(self.session, child, None, self.actor)
        self.session.flush()
        return child.id

    # --- an assessment ------------------------------------------------------------------------------
    def request(self, day: dt.date, established: bool = False) -> None:
        born = day - dt.timedelta(days=self.rng.randint(3 * 365, 16 * 365))
        source = self.rng.choices([s for s, _w in SOURCES], [w for _s, w in SOURCES])[0]
        child_id = self.new_child(born)
        with self.session.begin_nested():
            result = opening.open_case(self.session, "assessment", child_id, received=day, request_source=source,
                                       actor=self.actor, settings=self.settings, today=day)  # fmt: skip
        self.counts["requests"] += 1
        case = {"id": result.case_id, "received": day, "advice": {}, "exception": False, "established": established,
                "born": born}  # fmt: skip
        late = self.rng.random() < 0.16
        self.at(day + (self.days(55, 10, 43) if late else self.days(32, 6, 10)), self.decide, case, established)

    def decide(self, day: dt.date, case: dict, established: bool) -> None:
        if not established and self.rng.random() < 0.22:
            self.record(case["id"], "decided_not_to_assess", day,
                        reason="Their needs can be met from the school's own special educational needs support.")  # fmt: skip
            return
        if not self.record(case["id"], "decided_to_assess", day):
            return
        required = needs.required_types(case["born"], day)  # reg 6(1)
        # the family's views, sent with the request; a plan made before the year reused its earlier advice
        for kind in ("parent", *(required if established else ())):
            pid = self.providers[kind][0][0]
            with self.session.begin_nested():
                advice_flow.reuse_advice(self.session, case["id"], advice_type=kind, provider_id=pid,
                                         description="Sent with the request" if kind == "parent" else "Earlier advice",
                                         adviser_agreed_on=day, council_agreed_on=day, family_agreed_on=day,
                                         actor=self.actor, today=day)  # fmt: skip
        if established:
            self.at(day + self.days(50, 12, 20), self.to_issue, case)
            return
        if self.rng.random() < 0.03:
            self.at(day + self.days(30, 10), self.record_later, case["id"], "withdrawn",
                    {"reason": "The family moved out of the area."})  # fmt: skip
        if self.rng.random() < 0.05:
            self.at(day + self.days(20, 8), self.exception, case)
        case["asked"] = len(required) - 1
        for kind in (t for t in required if t != "parent"):
            pid, mean, spread = self.rng.choice(self.providers[kind])
            asked = day + dt.timedelta(days=self.rng.randint(0, 3))
            self.at(asked, self.ask, case, kind, pid, mean, spread)

    def record_later(self, day: dt.date, case_id: int, event: str, details: dict) -> None:
        self.record(case_id, event, day, **details)

    def exception(self, day: dt.date, case: dict) -> None:
        reason = self.rng.choice(("exceptional_personal_circumstances", "absent_from_area"))
        note = {"exceptional_personal_circumstances": "A bereavement in the family; appointments were put off.",
                "absent_from_area": "The family was abroad for five weeks caring for a relative."}[reason]  # fmt: skip
        if self.record(case["id"], "exception_recorded", day, reason=reason, deadline_keys=["final_plan"], note=note):
            case["exception"] = True

    def ask(self, day: dt.date, case: dict, kind: str, pid: int, mean: int, spread: int) -> None:
        try:
            with self.session.begin_nested():
                _r, advice_id = advice_flow.request_advice(self.session, case["id"], advice_type=kind, provider_id=pid,
                                                           requested_on=day, actor=self.actor, settings=self.settings,
                                                           today=day)  # fmt: skip
        except WorkflowError:
            self.counts["refused"] += 1
            return
        case["advice"][advice_id] = None
        if self.rng.random() < 0.025:  # lost in the system: never returned, chased and escalated
            return
        self.at(day + self.days(mean, spread, 8), self.receive, case, advice_id)

    def receive(self, day: dt.date, case: dict, advice_id: int) -> None:
        with self.session.begin_nested():
            advice_flow.advice_received(self.session, advice_id, day, actor=self.actor, today=day)
        self.counts["advice_received"] += 1
        case["advice"][advice_id] = day
        if all(case["advice"].values()) and len(case["advice"]) == case["asked"]:
            self.at(day + self.days(9, 4), self.to_issue, case)

    def to_issue(self, day: dt.date, case: dict) -> None:
        if self.rng.random() < 0.11 and not case.get("established"):
            self.record(case["id"], "decided_not_to_issue", day, reason="The school can meet their needs.",
                        **self.assessment_views())  # fmt: skip
            return
        if self.record(case["id"], "decided_to_issue", day, **self.assessment_views()):
            draft = _weekday(day + self.days(12, 5, 3))
            self.at(draft, self.record_later, case["id"], "draft_issued", {})
            self.at(draft + self.days(19, 4, 15), self.record_later, case["id"], "final_issued",
                    {"named_setting": self.rng.choice(("Riverside High School", "St Mary's Primary School",
                                                       "Oakfield Academy", "Brook Special School"))})  # fmt: skip

    # --- an annual review (opened by the sweep) ----------------------------------------------------
    def review(self, day: dt.date, case_id: int) -> None:
        born = self.session.execute(select(Child.date_of_birth).join(Case).where(Case.id == case_id)).scalar_one()
        due = self.session.execute(
            select(Deadline.due_on).where(Deadline.case_id == case_id, Deadline.key == "review_meeting")
        ).scalar_one()
        age = (day - born).days // 365
        if age in (10, 15) and self.rng.random() < 0.8:  # moving school next September (reg 18)
            kind = "school" if age == 10 else "post16"
            on = dt.date(day.year + (day.month >= 9), 9, 1)
            self.record(case_id, "phase_transfer_recorded", day, phase_transfer={"transfer_on": on, "kind": kind})
        meeting = due - self.days(20, 25, -40)
        sent = max(day + dt.timedelta(days=3), meeting - self.days(24, 6, 15))
        if sent >= meeting - dt.timedelta(days=14):
            meeting = sent + dt.timedelta(days=15)
        self.at(sent, self.record_later, case_id, "meeting_arranged", {"meeting_on": _weekday(meeting)})
        self.at(meeting, self.held, case_id, age)

    def assessment_views(self) -> dict:
        """How the child's views were gathered for the assessment (about one in ten not recorded)."""
        how = self.voice.choices(("in_person", "in_writing", "advocate", "not_obtained", None), (45, 25, 10, 10, 10))[0]
        if how is None:
            return {}
        if how == "not_obtained":
            return {"child_views": {"how": how, "reason": "Too unwell to take part at the time."}}
        return {"child_views": {"how": how, "given_by": "the child, with their key worker"}}

    def actions(self, case_id: int, day: dt.date) -> dict:
        """The meeting agrees two or three actions and says what happened to the last review's."""
        child_id = self.session.execute(select(Case.child_id).where(Case.id == case_id)).scalar_one()
        waiting = voice.open_actions(self.session.connection(), child_id, before=day)
        outcomes = [self.voice.choices(("done", "partly", "not_done", None), (55, 20, 15, 10))[0] for _ in waiting]
        followed = [{"action": a.position, "outcome": o} for a, o in zip(waiting, outcomes, strict=True) if o]
        agreed = self.voice.sample(DEMO_ACTIONS, self.voice.randint(2, 3))
        return {"actions_agreed": agreed, **({"actions_followed_up": followed} if followed else {})}

    def held(self, day: dt.date, case_id: int, age: int) -> None:
        if self.record(case_id, "meeting_held", day, **self.actions(case_id, day)):
            self.at(day + (self.days(36, 5, 29) if self.rng.random() < 0.3 else self.days(19, 5, 5)),
                    self.review_decision, case_id, age)  # fmt: skip

    def review_decision(self, day: dt.date, case_id: int, age: int) -> None:
        how = self.rng.choices(("in_person", "in_writing", "advocate", "not_obtained"), (50, 25, 12, 13))[0]
        views = {"how": how, "given_by": "the young person"} if how != "not_obtained" else {
            "how": how, "reason": "They did not want to take part this time."}  # fmt: skip
        common = {"child_views": views, "parent_views": {"how": "in_person", "given_by": "their parent"},
                  "preparing_for_adulthood_considered": True}  # fmt: skip
        facts = self.session.execute(select(Case.facts).where(Case.id == case_id)).scalar_one()
        amend = "phase_transfer_on" in facts or self.rng.random() < 0.4
        if amend and self.record(case_id, "amendments_proposed", day, **common):
            self.at(day + self.days(38, 14, 15), self.record_later, case_id, "amended_plan_issued", {})
        elif not amend:
            self.record(case_id, "decided_to_maintain", day, **common)

    # --- the run -----------------------------------------------------------------------------------
    def run(self, session_factory: Any) -> Counter[str]:
        start = first_day(self.today)
        flow_from = self.today - dt.timedelta(days=515)
        established = iter(sorted(start + dt.timedelta(days=self.rng.randint(0, 380)) for _ in range(360)))
        next_established = next(established, None)
        day = start
        while day <= self.today:
            with _today(day):
                self.session = session_factory()
                try:
                    while next_established is not None and next_established <= day:
                        self.request(_weekday(next_established), established=True)
                        next_established = next(established, None)
                    if day >= flow_from and day.weekday() < 5:
                        for _ in range(self._poisson(REQUESTS_PER_DAY)):
                            self.request(day)
                    while self.heap and self.heap[0][0] <= day:
                        _d, _n, fn, args = heapq.heappop(self.heap)
                        fn(day, *args)
                    self.session.commit()
                finally:
                    self.session.close()
                if day.weekday() in (0, 3):  # the sweep (Mondays and Thursdays: quicker to load than daily)
                    report = sweep.run(session_factory, day, settings=self.settings,
                                       lead_weeks=self.services.config.review_lead_weeks)  # fmt: skip
                    for case_id in report.reviews_opened:
                        self.at(day + self.days(5, 3), self.review, case_id)
                if day == self.today - dt.timedelta(days=120):
                    self.cover_for_leave(session_factory, day)
            day += dt.timedelta(days=1)
        return self.counts

    def cover_for_leave(self, session_factory: Any, day: dt.date) -> None:
        """Jess Turner goes on leave: a manager moves half her open cases to Kofi Mensah."""
        with session_factory() as session:
            jess, kofi = (session.execute(select(Staff.id).where(Staff.name == n)).scalar_one()
                          for n in ("Jess Turner", "Kofi Mensah"))  # fmt: skip
            ids = session.execute(
                select(Case.id).where(Case.officer_id == jess, Case.is_open).order_by(Case.id)
            ).scalars()
            moving = list(ids)[::2]
            if moving:
                reassign.reassign(
                    session, moving, kofi, actor=self.actor, reason="cover while Jess is on leave", today=day
                )
                session.commit()
                self.counts["officer_changed"] += len(moving)

    def _poisson(self, mean: float) -> int:
        n, p, limit = 0, 1.0, pow(2.718281828459045, -mean)
        while True:
            p *= self.rng.random()
            if p <= limit:
                return n
            n += 1


def first_day(today: dt.date) -> dt.date:
    """The day the recorded history starts: the plans whose first review falls in the year were
    requested up to 29 months before today."""
    return today - dt.timedelta(days=880)


def load_year(services: Any, today: dt.date, seed: int = SEED) -> Counter[str]:
    """Record the year through the workflow (once: nothing if the year's officers are there)."""
    with services.session_factory() as session:
        if session.execute(select(Staff).where(Staff.name == OFFICERS[0][0])).first() is not None:
            return Counter()
        year = Year(services, today, seed)
        year.setup(session)
        session.commit()
        outbox = OutboxMessage.__table__
        before = session.execute(select(func.coalesce(func.max(outbox.c.id), 0))).scalar_one()
    counts = year.run(services.session_factory)
    with services.session_factory() as session:  # the year's messages are history: sent on their day
        session.execute(
            update(outbox)
            .where(outbox.c.id > before, outbox.c.status == "pending")
            .values(status="sent", sent_at=outbox.c.created_at)
        )
        session.commit()
        demo_sen2.record_details(session, today, seed)  # what the SEN2 return and Annex A need
    return counts
