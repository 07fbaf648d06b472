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

from casework.models import Child, Contact, OutboxMessage, Provider, Staff
from casework.notifications.links import send_time_values
from casework.notifications.messages import render
from casework.notifications.templates import TEMPLATES
from casework.workflow import advice as advice_flow
from casework.workflow import chasing, engine, opening, plans
from casework.workflow.advice_returns import return_advice
from casework.workflow.engine import Actor
from casework.workflow.errors import GuardRefused
from casework.workflow.families import initial_family, normalise_email
from casework.workflow.kinds import KINDS

TODAY = dt.date(2034, 6, 1)  # every date the walk records is before it
START = dt.date(2027, 1, 4)
JUMPS = (1, 8, 15, 29, 43, 64, 120, 200, 400)  # days on from the last step, until the machine allows it
ADVICE_STEPS = {"advice_requested", "advice_received", "advice_exception_recorded", "advice_reused", "advice_returned"}
OFFICER = Actor("staff", None, "officer")


def _paths(kind) -> list[list[str]]:
    """Every sequence of state-changing triggers from the initial state to a closed state."""
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

    walk(machine.initial, [], {machine.initial})
    return out


def _from(step, state: str) -> bool:
    return state == step.source if isinstance(step.source, str) else state in step.source


def _value(field, on: dt.date, kind, case_deadlines: list[str]) -> Any:
    if field.kind == "date":
        return on + dt.timedelta(days=21) if field.max_years_ahead else on
    if field.kind in ("text", "textarea"):
        if field.choices:
            return field.choices[0]
        return "The family asked us to: we have written to them about it." if field.required else None
    if field.kind == "views":
        return {"how": "in_person", "given_by": "Sam, the child's key worker"}
    if field.kind == "confirm":
        return True
    if field.kind == "keys":
        return [k for k in kind.exception_rules if k in case_deadlines][:1]
    if field.kind == "phase_transfer":
        return {"transfer_on": dt.date(on.year + 1, 9, 1), "kind": "school"}
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

    def child(self) -> Child:
        """A child with an active plan and three contacts (email; text with an address; letter)."""
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
        plans.make_plan(s.connection(), child_id=child.id, case_id=None, issued_on=START, named_setting="St Mary's")
        return child

    def open(self, kind, child: Child) -> tuple[int, dt.date]:
        inputs = _values(kind.opening_fields, START, kind, [])
        inputs["officer_id"] = self.officer.id
        result = opening.open_case(self.session, kind.name, child.id, actor=OFFICER, today=TODAY, **inputs)
        self.recorded[kind.name].add(kind.opening_event)
        return result.case_id, START

    def deadlines(self, case_id: int) -> list[str]:
        from casework.models import Deadline

        rows = self.session.execute(
            select(Deadline.key).where(Deadline.case_id == case_id, Deadline.outcome == "pending")
        ).scalars()
        return list(rows)

    def record(self, kind, case_id: int, trigger: str, day: dt.date) -> dt.date | None:
        """Record `trigger`, moving the date on until the machine and its guards allow it."""
        step = kind.machine.step[trigger]
        if any(f.kind == "keys" for f in step.fields) and not _values(
            step.fields, day, kind, self.deadlines(case_id)
        ).get("deadline_keys"):
            return None  # the kind allows no exception against what is pending now
        for jump in JUMPS:
            on = day + dt.timedelta(days=jump)
            details = _values(step.fields, on, kind, self.deadlines(case_id))
            try:
                with self.session.begin_nested():
                    engine.record(self.session, case_id, trigger, on, actor=OFFICER, details=details, today=TODAY)
            except GuardRefused:
                continue
            self.recorded[kind.name].add(trigger)
            return on
        raise AssertionError(f"{kind.name}: could not record {trigger} on case {case_id}")

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

    def path(self, kind, path: list[str]) -> None:
        case_id, day = self.open(kind, self.child())
        self.engine_events(kind, case_id)
        state = kind.machine.initial
        for trigger in [*path, None]:
            # first everything that may be recorded here without moving the case on
            for extra in kind.allowed(state, "officer"):
                step = kind.machine.step[extra]
                if step.dest is not None and step.dest != state:
                    continue
                if extra == "advice_requested":
                    day = self.advice(kind, case_id, day)
                elif extra not in ADVICE_STEPS:
                    day = self.record(kind, case_id, extra, day) or day
            if trigger is None:
                break
            day = self.record(kind, case_id, trigger, day)
            state = kind.machine.step[trigger].dest


@pytest.fixture
def walked(services):
    walk = Walk(services)
    try:
        for kind in KINDS.values():
            paths = _paths(kind)
            assert paths, f"{kind.name}: no path from {kind.machine.initial} to a closed state"
            for path in paths:
                walk.path(kind, path)
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
        assert events - unreachable - walked.recorded[name] == set(), name


def test_every_message_renders_for_email_text_and_letter(walked, services):
    extra = send_time_values(services.config)
    with services.session_factory() as s:
        rows = s.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        texts = {}
        for row in rows:
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
        by_key = {r.dedupe_key: r for r in rows}
        for row in rows:
            subject, body = texts[row.id]
            if row.channel == "sms" and "letter" in body:
                assert f"{row.dedupe_key}:letter" in by_key, row.dedupe_key
            assert "the email or letter we have sent" not in body
        channels = defaultdict(set)
        for row in rows:
            channels[row.template.rsplit(".", 1)[0]].add(row.channel)
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
        if base.startswith(("advice_", "family_")) and base != "family_views_added_officer":
            assert base in written, f"{name} was never written by the walk"
