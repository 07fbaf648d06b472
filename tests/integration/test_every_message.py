"""Every message the product can write renders, for every contact's channel.

The walk is generic over the registry (`casework.workflow.kinds.KINDS`): for each kind it opens a
case from the kind's declared `opening_fields`, then follows every path through the kind's machine
(every sequence of state-changing steps from the initial state to a closed one), recording at each
state every step that may be recorded there, with values generated from each step's `Field`s. Advice
goes through the advice workflow (request, the sweep's reminders, chases and escalations, receipt,
return, reg 8(2) exception) wherever a kind allows it. A new kind of case is walked without a change
here. The family has three contacts: one by email, one by text message with a postal address and no
email (so also by letter), and one by letter.

Each message is checked when it is written (`outbox.add`); here each one is also rendered as it
would be sent, and read: no placeholder left, nothing empty, no internal code, no reference to a
message that was not sent, texts short."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import select

from casework.models import Child, Contact, Letter, OutboxMessage, Provider, Staff
from casework.notifications.letters import LETTERS, render_html
from casework.notifications.links import send_time_values
from casework.notifications.messages import render
from casework.notifications.templates import TEMPLATES
from casework.workflow import advice as advice_flow
from casework.workflow import chasing, engine, opening, plans
from casework.workflow.advice_returns import return_advice
from casework.workflow.engine import Actor
from casework.workflow.errors import Conflict, GuardRefused
from casework.workflow.families import initial_family, normalise_email
from casework.workflow.kinds import KINDS
from casework.workflow.letters import render_values
from tests.integration.pagekit import visible_text

TODAY = dt.date(2034, 6, 1)  # every date the walk records is before it
START = dt.date(2027, 1, 4)
JUMPS = (1, 8, 15, 29, 43, 64, 120, 200, 400)  # days on from the last step, until the machine allows it
ADVICE_STEPS = {"advice_requested", "advice_received", "advice_exception_recorded", "advice_reused", "advice_returned"}
OFFICER = Actor("staff", None, "officer")


def _variants(kind) -> list[dict[str, Any]]:
    """One opening per value of a required choice the kind opens from (a Tribunal order's type decides the
    state it opens in); otherwise one."""
    choices = [f for f in kind.opening_fields if f.required and f.kind == "choice"]
    return [{f.name: v} for f in choices for v, _words in f.choices] or [{}]


def _paths(kind, start: str) -> list[list[str]]:
    """Every sequence of state-changing triggers from the opening state to a closed state."""
    machine = kind.machine
    out: list[list[str]] = []

    def walk(state: str, path: list[str], seen: set[str]) -> None:
        if machine.is_closed(state):
            out.append(path)
            return
        moves = [s for s in machine.steps if s.dest is not None and s.dest != state and _from(s, state)]
        for step in moves:
            if step.dest not in seen:
                walk(step.dest, [*path, step.trigger], seen | {step.dest})

    walk(start, [], {start})
    return out


def _from(step, state: str) -> bool:
    return state == step.source if isinstance(step.source, str) else state in step.source


# a choice the law accepts wherever it is offered (a school closure also needs the closure's facts)
PREFERRED = {"reason": "exceptional_personal_circumstances"}


def _value(field, on: dt.date, kind, case_deadlines: list[str]) -> Any:
    if field.kind == "date":
        return on + dt.timedelta(days=21) if field.max_years_ahead else on
    if field.choices:
        values = [v for v, _ in field.choices]
        return PREFERRED[field.name] if PREFERRED.get(field.name) in values else values[0]
    if field.kind in ("text", "textarea"):
        return "The family asked us to: we have written to them about it." if field.required else None
    if field.kind == "number" and field.name.endswith("weeks"):
        return 8
    if field.kind == "number" and not field.required:
        return None  # an optional id: the kind's default
    if field.kind == "views":
        return {"how": "in_person", "given_by": "Sam, the child's key worker"}
    if field.kind == "confirm":
        return True
    if field.kind == "keys":
        return [k for k in kind.exception_rules if k in case_deadlines][:1]
    if field.kind == "phase_transfer":
        return {"transfer_on": dt.date(on.year + 1, 9, 1), "kind": "school"}
    if field.kind == "lines":  # the actions agreed at a review meeting
        return ["Speech and language sessions each week"] if field.required else None
    if field.kind == "followups":  # what happened to the last review's actions: none to follow up here
        return None
    raise AssertionError(f"no example value for a {field.kind!r} field: add one here")


def _values(fields, on: dt.date, kind, case_deadlines: list[str]) -> dict[str, Any]:
    out = {}
    for f in fields:
        v = _value(f, on, kind, case_deadlines)
        if v not in (None, [], ""):
            out[f.name] = v
    return out


class Walk:
    def __init__(self, services):
        self.services = services
        self.session = services.session_factory()
        self.recorded: dict[str, set[str]] = defaultdict(set)
        s = self.session
        self.officer = Staff(email="priya@council.example", name="Priya Shah", role="officer", phone="01905 765432")
        self.other = Staff(email="tom@council.example", name="Tom Okafor", role="officer")
        self.manager = Staff(email="helen@council.example", name="Helen Ward", role="manager")
        self.provider = Provider(
            name="Community Paediatrics",
            advice_type="health",
            email="paeds@nhs.example",
            escalation_name="Designated Clinical Officer",
            escalation_email="dco@nhs.example",
        )
        s.add_all([self.officer, self.other, self.manager, self.provider])
        s.flush()
        self.n = 0

    def child(self, with_plan: bool = True) -> Child:
        """A child with an active plan (unless not) and three contacts (email; text with an address; letter)."""
        self.n += 1
        email = f"parent{self.n}@example.org"
        s = self.session
        child = Child(
            given_name="Amira",
            family_name=f"Khan{self.n}",
            date_of_birth=dt.date(2019, 4, 2),
            family_id=initial_family(s, [normalise_email(email)], [None], None),
            contacts=[
                Contact(name="Sara Khan", email=email, email_normalised=email, preferred_channel="email"),
                Contact(
                    name="Omar Khan",
                    phone="07700 900123",
                    phone_e164="+447700900123",
                    address="12 Foregate Street\nWorcester",
                    postcode="WR1 2AB",
                    preferred_channel="sms",
                ),
                Contact(
                    name="Nadia Khan", address="3 High Street\nMalvern", postcode="WR14 1AA", preferred_channel="letter"
                ),
            ],
        )
        s.add(child)
        s.flush()
        if with_plan:
            plans.make_plan(s.connection(), child_id=child.id, case_id=None, issued_on=START, named_setting="St Mary's")
        return child

    def decided(self, child: Child) -> int:
        """A decision to dispute: an assessment the council decided not to carry out."""
        case = opening.open_case(self.session, "assessment", child.id, received=START - dt.timedelta(days=30),
                                 actor=OFFICER, officer_id=self.officer.id, today=TODAY)  # fmt: skip
        engine.record(self.session, case.case_id, "decided_not_to_assess", START, actor=OFFICER,
                      details={"reason": "Her needs are met by the school's SEN support."}, today=TODAY)  # fmt: skip
        return case.case_id

    def open(self, kind, child: Child, variant: dict[str, Any]) -> tuple[int, dt.date]:
        given = {f.name for f in kind.opening_fields if f.required and f.kind == "number"}
        ids = {"case_id": self.decided(child)} if "case_id" in given else {}
        assert given <= set(ids), f"{kind.name}: the walk does not know how to give {given - set(ids)}"
        inputs = {**_values([f for f in kind.opening_fields if f.name not in ids], START, kind, []), **ids, **variant}
        inputs["officer_id"] = self.officer.id
        try:
            with self.session.begin_nested():
                result = opening.open_case(self.session, kind.name, child.id, actor=OFFICER, today=TODAY, **inputs)
        except Conflict as exc:  # a kind that brings its own plan (a plan transferred in) needs a child without one
            assert "plan" in exc.message, exc.message
            result = opening.open_case(self.session, kind.name, self.child(with_plan=False).id, actor=OFFICER,
                                       today=TODAY, **inputs)  # fmt: skip
        self.recorded[kind.name].add(kind.opening_event)
        return result.case_id, START

    def deadlines(self, case_id: int) -> list[str]:
        from casework.models import Deadline

        rows = self.session.execute(
            select(Deadline.key).where(Deadline.case_id == case_id, Deadline.outcome == "pending")
        ).scalars()
        return list(rows)

    def record(self, kind, case_id: int, trigger: str, day: dt.date, given: dict | None = None) -> dt.date | None:
        """Record `trigger` (with `given` details over the generated ones), moving the date on until the
        machine and its guards allow it."""
        step = kind.machine.step[trigger]
        if any(f.kind == "keys" for f in step.fields) and not _values(
            step.fields, day, kind, self.deadlines(case_id)
        ).get("deadline_keys"):
            return None  # the kind allows no exception against what is pending now
        for jump in JUMPS:
            on = day + dt.timedelta(days=jump)
            details = {**_values(step.fields, on, kind, self.deadlines(case_id)), **(given or {})}
            try:
                with self.session.begin_nested():
                    engine.record(self.session, case_id, trigger, on, actor=OFFICER, details=details, today=TODAY)
            except GuardRefused:
                continue
            self.recorded[kind.name].add(trigger)
            return on
        raise AssertionError(f"{kind.name}: could not record {trigger} on case {case_id}")

    def missing_advice(self, kind, case_id: int, day: dt.date) -> list[str]:
        from casework.models import Case
        from casework.workflow.deadlines import facts_from_json

        case = self.session.get(Case, case_id)
        needed = kind.required_advice(facts_from_json(case.facts), case.child.date_of_birth, day) or []
        return [a["advice_type"] for a in needed if a["status"] == "missing"]

    def advice(self, kind, case_id: int, day: dt.date) -> dt.date:
        """Advice, wherever the kind allows it: four requests; chased, escalated, then one received,
        one returned, one excepted, one reused."""
        s = self.session
        ids = []
        for _ in range(3):
            _result, advice_id = advice_flow.request_advice(
                s, case_id, advice_type="health", provider_id=self.provider.id, requested_on=day, actor=OFFICER,
                today=TODAY,
            )  # fmt: skip
            ids.append(advice_id)
        due = advice_flow._load(s, ids[0]).due_on
        for on in (due - dt.timedelta(days=7), due + dt.timedelta(days=1), due + dt.timedelta(days=15)):
            chasing.chase(s, on)
        advice_flow.advice_received(s, ids[0], due + dt.timedelta(days=16), actor=OFFICER, today=TODAY)
        return_advice(
            s, ids[1], reason="not_known", note="No record of this child.", returned_by="Dr Jones", actor=OFFICER,
            today=due + dt.timedelta(days=16),
        )  # fmt: skip
        advice_flow.record_exception(
            s, ids[2], reason="missed_appointment", note="Missed the clinic.", actor=OFFICER,
            details={"appointment_on": day + dt.timedelta(days=3)}, today=due,
        )  # fmt: skip
        for advice_type in ("psychology", "social_care", "preparing_for_adulthood"):  # the rest reg 6(1) requires
            _result, other = advice_flow.request_advice(
                s, case_id, advice_type=advice_type, provider_id=self.provider.id, requested_on=day, actor=OFFICER,
                today=TODAY,
            )  # fmt: skip
            advice_flow.advice_received(s, other, day + dt.timedelta(days=20), actor=OFFICER, today=TODAY)
        advice_flow.reuse_advice(
            s, case_id, advice_type="education", provider_id=self.provider.id, description="Last year's report",
            adviser_agreed_on=day, council_agreed_on=day, family_agreed_on=day, actor=OFFICER, today=TODAY,
        )  # fmt: skip
        self.recorded[kind.name] |= ADVICE_STEPS
        return due + dt.timedelta(days=16)

    def engine_events(self, kind, case_id: int) -> None:
        """What the engine records on a case of any kind: a corrected date, a change of officer."""
        from casework.models import Case, Event
        from casework.workflow import corrections, reassign
        from casework.workflow.deadlines import facts_from_json

        case = self.session.get(Case, case_id)
        events = list(self.session.execute(select(Event).where(Event.case_id == case_id).order_by(Event.id)).scalars())
        fixable = corrections.correctable(kind, events, facts_from_json(case.facts))
        if fixable:
            first = fixable[0]
            later = [e.occurred_on for e in fixable[1:]]
            new = min([first.occurred_on + dt.timedelta(days=1), *later])
            if new != first.occurred_on:
                corrections.correct_date(self.session, case_id, first.id, new, reason="Typed wrong", actor=OFFICER,
                                         today=TODAY)  # fmt: skip
                self.recorded[kind.name].add("entry_corrected")
        if case.is_open:
            reassign.reassign(self.session, [case_id], self.other.id, actor=OFFICER, reason="Leave", today=TODAY)
            self.recorded[kind.name].add("officer_changed")

    def start(self, kind, variant: dict[str, Any]) -> str:
        """The state a case of this kind opens in, with these inputs."""
        from casework.models import Case

        case_id, _day = self.open(kind, self.child(), variant)
        return self.session.get(Case, case_id).state

    def path(self, kind, path: list[str], variant: dict[str, Any]) -> None:
        case_id, day = self.open(kind, self.child(), variant)
        self.engine_events(kind, case_id)
        from casework.models import Case

        state = self.session.get(Case, case_id).state
        for trigger in [*path, None]:
            # first everything that may be recorded here without moving the case on, unless that leaves
            # the path's next step impossible (a response sent, then "not opposed" is too late): then the
            # next step alone (another path records the rest)
            before, recorded = day, {k: set(v) for k, v in self.recorded.items()}
            savepoint = self.session.begin_nested()
            try:
                day = self.extras(kind, case_id, state, day)
                if trigger is not None:
                    day = self.record(kind, case_id, trigger, day)
                savepoint.commit()
            except AssertionError:
                savepoint.rollback()
                self.recorded = defaultdict(set, recorded)
                if trigger is None:
                    raise
                day = self.record(kind, case_id, trigger, before)
            if trigger is None:
                break
            state = kind.machine.step[trigger].dest

    def extras(self, kind, case_id: int, state: str, day: dt.date) -> dt.date:
        for extra in kind.allowed(state, "officer"):
            step = kind.machine.step[extra]
            if step.dest is not None and step.dest != state:
                continue
            if extra == "advice_requested":
                day = self.advice(kind, case_id, day)
            elif extra == "advice_not_needed":  # each required advice not yet sought (reg 6(1))
                for advice_type in self.missing_advice(kind, case_id, day):
                    day = self.record(kind, case_id, extra, day, {"advice_type": advice_type}) or day
            elif extra not in ADVICE_STEPS and step.form != "none":  # "none": written by what it belongs to
                day = self.record(kind, case_id, extra, day) or day
        return day


@pytest.fixture
def walked(services):
    walk = Walk(services)
    try:
        for kind in KINDS.values():
            for variant in _variants(kind):
                start = walk.start(kind, variant)
                paths = _paths(kind, start)
                assert paths, f"{kind.name}: no path from {start} to a closed state"
                for path in paths:
                    walk.path(kind, path, variant)
        walk.session.commit()
    finally:
        walk.session.close()
    return walk


def test_every_event_of_every_kind_is_walked(walked):
    for name, kind in KINDS.items():
        events = {s.trigger for s in kind.machine.steps} | {kind.opening_event, "officer_changed"}
        events |= {"entry_corrected"} if kind.correct_opening else set()
        unreachable = {
            s.trigger
            for s in kind.machine.steps
            if any(f.kind == "keys" for f in s.fields) and not kind.exception_rules
        }
        # written by what they belong to on another case (a dispute telling its decision's case), telling
        # the family nothing themselves
        unreachable |= {
            s.trigger
            for s in kind.machine.steps
            if s.form == "none" and s.trigger not in ADVICE_STEPS and s.dest is None and not s.tells_family
        }
        assert events - unreachable - walked.recorded[name] == set(), name


def test_every_message_renders_for_email_text_and_letter(walked, services):
    extra = send_time_values(services.config)
    with services.session_factory() as s:
        rows = s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        kept = {x.id: x for x in s.execute(select(Letter)).scalars()}
        texts = {}
        for row in rows:
            if row.template.startswith("letter."):  # a letter: rendered as the family will read it
                letter = kept[row.personalisation["letter_id"]]
                html = render_html(letter.kind, render_values(letter.kind, letter.values, letter.created_on,
                                                              services.config.letterhead()), language=letter.language)  # fmt: skip
                subject, body = LETTERS[letter.kind].title, visible_text(html)
            else:
                subject, body = render(row.template, {**row.personalisation, **extra(row)})
            texts[row.id] = (subject, body)
            whole = subject + "\n" + body
            assert "$" not in whole and "None" not in whole, (row.template, whole)
            words = re.sub(r"https?://\S+|\S+@\S+", "", whole)
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", words), (row.template, whole)  # no internal codes
            if row.channel == "sms":
                assert len(body) <= 459, (row.template, len(body))  # at most three text messages
                assert "email" not in body.lower(), (row.template, body)
            else:
                assert subject.strip(), row.template
        # a text that says a letter was posted has its letter, to the same contact, for the same news
        for row in rows:
            subject, body = texts[row.id]
            if row.channel == "sms" and "letter" in body:
                contact_id = int(row.dedupe_key.split(":contact:")[1].split(":")[0])
                assert any(x.contact_id == contact_id and x.event_id == row.event_id for x in kept.values()), (
                    row.dedupe_key
                )
            assert "the email or letter we have sent" not in body
        channels = defaultdict(set)
        lettered = {x.event_id for x in kept.values()}  # a letter says the news of its event
        for row in rows:
            if not row.template.startswith("letter."):
                channels[row.template.rsplit(".", 1)[0]].add(row.channel)
                if row.event_id in lettered and row.template.startswith("family_"):
                    channels[row.template.rsplit(".", 1)[0]].add("letter")
    family = {
        f"family_{stem}"
        for kind in KINDS.values()
        for stem in [kind.opening_update, *(s.tells_family for s in kind.machine.steps)]
        if stem
    } | {"family_advice_received", "family_officer_changed", "family_date_corrected"}
    for stem in family:
        assert channels[stem] == {"email", "sms", "letter"}, (stem, channels[stem])
    written = {t for t, _ in channels.items()}
    for name in TEMPLATES.names():
        base = name.rsplit(".", 1)[0]
        # the feedback survey is sent once a family in 6 months: tests/integration/test_feedback_survey.py
        # covers its wordings (parent, young person, paper)
        if (
            base.startswith(("advice_", "family_"))
            and base != "family_views_added_officer"
            and not (base.startswith("family_survey"))
        ):
            assert base in written, f"{name} was never written by the walk"
