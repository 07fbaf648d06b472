"""Family feedback (reporting.md section 4): a short survey sent when a final plan is issued or an
annual review ends, written in the transaction of that event (`send_survey`, called by the engine),
by each family contact's channel; answered from a signed, single-purpose, expiring link without
signing in (`answer`), or declined for good (`opt_out`).

- **Who is asked.** The child's family contacts (parents, carers); for a young person (16 to 25) who
  is a contact themself, the young person, in their own words. Never a family that opted out (any
  contact of any child in the family), and never a family sent a survey in the 6 months before.
- **What is asked.** The statements of reporting.md (POET's typical statements) on a 5-point scale,
  "what went well" and "what could be better", and whether we may quote them (anonymously)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import exists, insert, select, update

from casework.models import Child, Contact, FeedbackResponse, Survey
from casework.notifications import messages as msgs
from casework.notifications import outbox
from casework.words import case_ref, long_date
from casework.workflow import letters
from casework.workflow.errors import Conflict, InvalidInput, NotFound
from casework.workflow.kinds import KINDS
from casework.workflow.portal_access import FAMILY_RELATIONSHIPS, YOUNG_PERSON_FROM

surveys_t = Survey.__table__
responses_t = FeedbackResponse.__table__
children_t = Child.__table__
contacts_t = Contact.__table__

# (key, the parent's statement, the young person's own words)
STATEMENTS: tuple[tuple[str, str, str], ...] = (
    ("informed", "I was kept informed about what was happening", "I was kept up to date about what was happening"),
    ("contact", "I knew who to contact", "I knew who to ask if I had a question"),
    ("listened", "My views were listened to", "People listened to what I had to say"),
    ("needs", "The plan describes my child's needs accurately", "My plan says what I need"),
    ("difference", "The plan will make a difference", "My plan will make things better for me"),
    ("time", "The process took about as long as I was told", "It took about as long as I was told it would"),
)
STATEMENT_KEYS = tuple(k for k, _, _ in STATEMENTS)
SCALE: tuple[tuple[int, str], ...] = (
    (5, "Strongly agree"), (4, "Agree"), (3, "Neither agree nor disagree"), (2, "Disagree"), (1, "Strongly disagree"),
)  # fmt: skip
AGREE_FROM = 4  # "agree" or "strongly agree" counts as satisfied
TEXT_LIMIT = 2000
SURVEY_OPEN_DAYS = 60  # the link's life (notifications/links.SURVEY_LINK_DAYS)
QUIET_MONTHS = 6  # nobody is surveyed (or called) twice within 6 months
# the events after which a family is asked: a final plan (any kind that makes one) and those a kind
# declares (`Kind.surveys`: the end of an annual review)
FINAL_PLAN_EVENTS = frozenset({"final_issued"})
WHAT = {"final_plan": "the EHC plan we issued", "review": "the annual review of the EHC plan"}


def trigger_for(kind: str, event_type: str) -> str | None:
    if event_type in FINAL_PLAN_EVENTS:
        return "final_plan"
    return KINDS[kind].surveys.get(event_type)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def family_children(family_id: int):
    return select(children_t.c.id).where(children_t.c.family_id == family_id)


def opted_out(conn: Any, family_id: int) -> bool:
    """Has anyone in the family asked not to be surveyed or called?"""
    return bool(conn.execute(select(exists().where(
        contacts_t.c.child_id.in_(family_children(family_id)), contacts_t.c.surveys_opted_out_on.is_not(None)))).scalar())  # fmt: skip


def surveyed_since(conn: Any, family_id: int, since: dt.date) -> bool:
    return bool(conn.execute(select(exists().where(
        surveys_t.c.child_id.in_(family_children(family_id)), surveys_t.c.sent_on > since))).scalar())  # fmt: skip


def young_person(date_of_birth: dt.date, on: dt.date) -> bool:
    age = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    return YOUNG_PERSON_FROM <= age <= 25


def send_survey(conn: Any, row: Any, event_type: str, event_id: int, occurred_on: dt.date, today: dt.date) -> list[int]:
    """The engine's hook: the survey this event sends (none if it sends none), in its transaction."""
    trigger = trigger_for(row.kind, event_type)
    if trigger is None:
        return []
    child = conn.execute(select(children_t.c.family_id, children_t.c.date_of_birth, children_t.c.given_name)
                         .where(children_t.c.id == row.child_id)).one()  # fmt: skip
    if opted_out(conn, child.family_id) or surveyed_since(conn, child.family_id, months_before(today, QUIET_MONTHS)):
        return []
    contacts = [c for c in conn.execute(select(contacts_t).where(contacts_t.c.child_id == row.child_id)).all()
                if c.relationship in FAMILY_RELATIONSHIPS]  # fmt: skip
    yp = young_person(child.date_of_birth, occurred_on) and any(c.relationship == "young_person" for c in contacts)
    contacts = [c for c in contacts if (c.relationship == "young_person") == yp]
    if not any(msgs.channels_for(c) for c in contacts):
        return []
    survey_id = conn.execute(insert(surveys_t).values(
        case_id=row.id, event_id=event_id, child_id=row.child_id, family_id=child.family_id, trigger=trigger,
        young_person=yp, sent_on=today, expires_on=today + dt.timedelta(days=SURVEY_OPEN_DAYS),
    ).returning(surveys_t.c.id)).scalar_one()  # fmt: skip
    values = {"child_name": child.given_name, "what": WHAT[trigger], "case_ref": case_ref(row.id),
              "survey_id": survey_id, "closes_on": long_date(today + dt.timedelta(days=SURVEY_OPEN_DAYS))}  # fmt: skip
    if yp:
        values["what"] = WHAT[trigger].replace("the EHC plan", "your EHC plan")
    stem = "survey_young_person" if yp else "survey"
    out = msgs.to_family(contacts, stem=stem, dedupe_prefix=f"survey:{survey_id}", personalisation=values,
                         case_id=row.id, event_id=event_id)  # fmt: skip
    for m in out:  # the paper version: the questions to fill in and post back, or answer by phone
        if m.channel == "letter":
            m.template = f"family_{stem}_paper.email"
    if any(m.channel == "letter" for m in out):
        officer = _Officer(row.officer_name or "The SEND team", row.officer_email or "our SEND team")
        case_values = letters.case_values(conn, row, occurred_on=occurred_on, facts={}, deadlines=[], details={},
                                          officer=officer)  # fmt: skip
        out = letters.for_event(conn, row, letter_kind=None, event_id=event_id, contacts=contacts, messages=out,
                                values=case_values, today=today)  # fmt: skip
    return outbox.add(conn, out)


class _Officer:
    def __init__(self, name: str, email: str):
        self.name, self.email = name, email


# --- answering ------------------------------------------------------------------------------------


def check_answers(form: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the answers, {field: problem}) from a form: each statement 1-5 or left out ("" or absent),
    the two texts up to 2,000 characters, the consent to quote. At least one thing must be answered."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for key in STATEMENT_KEYS:
        raw = str(form.get(key) or "").strip()
        if raw in ("", "skip"):
            values[f"q_{key}"] = None
        elif raw in {str(n) for n, _ in SCALE}:
            values[f"q_{key}"] = int(raw)
        else:
            problems[key] = "Choose one of the answers, or leave the question out."
    for key in ("went_well", "could_be_better"):
        text = str(form.get(key) or "").strip()
        if len(text) > TEXT_LIMIT:
            problems[key] = f"Write {TEXT_LIMIT:,} characters or fewer (you wrote {len(text):,})."
        values[key] = text or None
    values["may_quote"] = str(form.get("may_quote") or "") == "yes"
    if (
        not problems
        and all(values[f"q_{k}"] is None for k in STATEMENT_KEYS)
        and not (values["went_well"] or values["could_be_better"])
    ):
        problems[STATEMENT_KEYS[0]] = "Answer at least one question, or choose 'Stop sending me surveys' below."
    return values, problems


def survey_state(conn: Any, survey_id: int, today: dt.date, *, paper: bool = False) -> Any:
    """The survey, or NotFound / Conflict when it cannot be answered (already answered; its link
    expired: a paper copy posted back is typed in whenever it arrives)."""
    survey = conn.execute(select(surveys_t).where(surveys_t.c.id == survey_id)).one_or_none()
    if survey is None:
        raise NotFound("This survey no longer exists.")
    if survey.answered_on is not None:
        raise Conflict("Thank you: this survey has already been answered.")
    if today > survey.expires_on and not paper:
        raise Conflict("This survey has closed. Thank you for wanting to tell us what you think.")
    return survey


def answer(conn: Any, survey_id: int, form: Mapping[str, Any], today: dt.date, *, source: str = "survey") -> int:
    """Record the family's answers (InvalidInput naming each field; nothing written then): from the
    survey page (`survey`), or a paper copy posted back and typed in by staff (`paper`)."""
    survey = survey_state(conn, survey_id, today, paper=source == "paper")
    values, problems = check_answers(form)
    if problems:
        raise InvalidInput({k: [v] for k, v in problems.items()})
    done = conn.execute(update(surveys_t).where(surveys_t.c.id == survey_id, surveys_t.c.answered_on.is_(None))
                        .values(answered_on=today)).rowcount  # fmt: skip
    if done != 1:
        raise Conflict("Thank you: this survey has already been answered.")
    return conn.execute(insert(responses_t).values(
        source=source, survey_id=survey_id, case_id=survey.case_id, responded_on=today,
        young_person=survey.young_person, themes=[], **values,
    ).returning(responses_t.c.id)).scalar_one()  # fmt: skip


def opt_out(conn: Any, child_id: int, today: dt.date) -> int:
    """Stop surveys and feedback calls to the child's family: every contact of every child in it."""
    family_id = conn.execute(select(children_t.c.family_id).where(children_t.c.id == child_id)).scalar_one()
    return conn.execute(update(contacts_t).where(contacts_t.c.child_id.in_(family_children(family_id)),
                        contacts_t.c.surveys_opted_out_on.is_(None)).values(surveys_opted_out_on=today)).rowcount  # fmt: skip
