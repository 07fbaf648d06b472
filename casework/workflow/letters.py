"""Letters to families: written in the transaction of the decision that causes them, produced as PDF
when they leave, kept, and dated as the law needs.

- **Which letters.** A statutory decision (a step with `letter=...`) is sent as a letter to every
  family contact with a postal address (parents, carers, the young person). A contact who asked for
  letters (`preferred_channel = "letter"`) gets every other family update as a letter too, in the
  update's own words (`family_update`); one who gets the decision letter does not also get the update.
- **Checked when written.** Each letter's values are checked and its HTML rendered in the same
  transaction as the decision (with the council's letterhead), so a letter that cannot be written is
  an error then, not a lost letter later.
- **Its date.** A letter is dated the day it leaves: the day GOV.UK Notify takes it, or the day it is
  posted from the print queue. The appeal deadline, the mediation date and the earliest date a plan
  may cease are counted from that date (D1, D3, C6), and when it is later than the decision, the
  case records it (`decision_letter_sent`), which moves the case's appeal window.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select

from casework import clock
from casework.models import Letter, Plan
from casework.notifications import letters as wording
from casework.notifications.addresses import address_lines
from casework.notifications.links import SEND_TIME_NAMES
from casework.notifications.messages import Message, render
from casework.words import case_ref
from casework.workflow import statutory as law
from casework.workflow.errors import InvalidInput
from casework.workflow.portal_access import FAMILY_RELATIONSHIPS

letters_t = Letter.__table__
plans_t = Plan.__table__
LETTER_EVENT = "decision_letter_sent"
# letters whose date starts the family's time to appeal (D1), to contact a mediation adviser (D3)
APPEAL_LETTERS = frozenset({"decided_not_to_assess", "decided_not_to_issue", "final_issued", "review_maintained",
                            "review_decided_to_cease", "review_amended_plan_issued"})  # fmt: skip


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _due(deadlines: Sequence[Mapping[str, Any]], key: str) -> str | None:
    found = next((d for d in deadlines if d["key"] == key), None)
    return _iso(found["due_on"]) if found else None


def recipient(contact: Any) -> dict[str, Any]:
    """The name and address a letter is sent to: the address's lines, then the postcode."""
    lines = address_lines(contact.address or "")[:5]
    postcode = (getattr(contact, "postcode", None) or "").strip()
    if postcode and (not lines or lines[-1].replace(" ", "").upper() != postcode.replace(" ", "").upper()):
        lines.append(postcode)
    return {"name": contact.name, "address_lines": lines}


def gets_letters(contact: Any) -> bool:
    """A family contact with a postal address."""
    return bool((contact.address or "").strip()) and getattr(contact, "relationship", "parent") in FAMILY_RELATIONSHIPS


def case_values(
    conn: Any,
    case: Any,
    *,
    occurred_on: dt.date,
    facts: Mapping[str, Any],
    deadlines: Sequence[Mapping[str, Any]],
    details: Mapping[str, Any],
    officer: Any | None,
) -> dict[str, Any]:
    """What any letter about this event can say (JSON-able), whichever letter it is: the catalogue's
    `check_values` then asks each letter for just what it needs."""
    plan = None
    if getattr(case, "plan_id", None) is not None:
        plan = conn.execute(select(plans_t.c.next_review_due, plans_t.c.named_setting).where(
            plans_t.c.id == case.plan_id)).one_or_none()  # fmt: skip
    served = facts.get("draft_issued_on") or facts.get("amendments_proposed_on")
    summary = [line.strip() for line in str(details.get("amendments_summary") or "").splitlines() if line.strip()]
    values: dict[str, Any] = {
        "child": {"given_name": case.given_name, "family_name": case.family_name,
                  "date_of_birth": _iso(case.date_of_birth)},
        "case_ref": case_ref(case.id),
        "decision_on": _iso(occurred_on),
        "officer": {"name": officer.name if officer else "The SEND team",
                    "email": officer.email if officer else "our SEND team",
                    "phone": getattr(officer, "phone", None) or None},
        "reason": str(details.get("reason") or "") or None,
        "named_setting": details.get("named_setting") or (plan.named_setting if plan else None),
        "meeting_on": _iso(facts.get("meeting_held_on")),
        "final_plan_due": _due(deadlines, "final_plan"),
        "representations_until": _due(deadlines, "representations"),
        "amended_plan_due": _due(deadlines, "amended_plan"),
        "earliest_final_on": _iso(law.earliest_final_plan(served)) if served else None,
        "amendments_summary": summary or None,
        "ceased_on": _iso(occurred_on),
    }  # fmt: skip
    if plan is not None:
        values["next_review_due"] = _iso(plan.next_review_due)
    elif facts.get("final_issued_on"):
        values["next_review_due"] = _iso(law.review_meeting(facts["final_issued_on"]).due_on)
    return {k: v for k, v in values.items() if v is not None}


def render_values(kind: str, stored: Mapping[str, Any], letter_date: dt.date, letterhead: Mapping[str, Any]) -> dict:
    """The values a letter is rendered from: what was stored, the letterhead, and the dates counted
    from the letter's own date (D1 and D3 from the date it is sent; C6 the day after D1)."""
    values: dict[str, Any] = {
        **copy.deepcopy(dict(letterhead)),
        **copy.deepcopy(dict(stored)),
        "letter_date": letter_date,
    }
    for holder, name in (
        ("council", "website"),
        ("advice_services", "sendiass_website"),
        ("advice_services", "ipsea_website"),
    ):  # on paper, a web address without "https://"
        if isinstance(values.get(holder), dict) and isinstance(values[holder].get(name), str):
            values[holder][name] = re.sub(r"^https?://", "", values[holder][name].strip())
    for who in ("officer", "new_officer"):  # staff are reached through the council's SEND line
        if isinstance(values.get(who), dict) and not values[who].get("phone"):
            values[who] = {**values[who], "phone": letterhead["council"]["phone"]}
    for name in wording.catalogue.DATE_VALUES:
        top, _, inner = name.partition(".")
        holder = values.get(top) if inner else values
        key = inner or top
        if isinstance(holder, dict) and isinstance(holder.get(key), str):
            holder[key] = dt.date.fromisoformat(holder[key])
    if kind in APPEAL_LETTERS or kind == "review_decided_to_cease":
        values["appeal_by"] = law.appeal_deadline(letter_date).due_on
        values["mediation_contact_by"] = law.mediation_contact(letter_date).due_on
        values["earliest_cease_on"] = law.earliest_cease_date(letter_date)
    return values


# The write-time check renders each letter with the council's wording and this stand-in letterhead
# (the real one comes from the settings when the letter is produced, and is checked at start-up).
CHECK_LETTERHEAD: dict[str, Any] = {
    "council": {"name": "Council", "address_lines": ["SEND Team"], "phone": "0", "email": "send@council.invalid",
                "website": "council.invalid"},
    "advice_services": {"sendiass_name": "SENDIASS", "sendiass_phone": "0", "sendiass_website": "sendiass.invalid",
                        "ipsea_website": "ipsea.invalid"},
    "mediation": {"name": "Mediation", "phone": "0"},
}  # fmt: skip


def _letter(conn: Any, case_id: int, event_id: int | None, contact: Any, kind: str, values: dict[str, Any],
            today: dt.date, language: str) -> Message:  # fmt: skip
    """Check the letter renders, keep it, and return the outbox message that sends it."""
    wording.render_html(kind, render_values(kind, values, today, CHECK_LETTERHEAD), language=language,
                        wording_dirs=wording.configured_wording_dirs())  # fmt: skip
    letter_id = conn.execute(
        insert(letters_t).values(
            case_id=case_id, event_id=event_id, contact_id=contact.id, kind=kind, language=language,
            large_print=False, values=values, created_on=today, created_at=clock.now(), status="waiting",
        ).returning(letters_t.c.id)
    ).scalar_one()  # fmt: skip
    return Message(
        dedupe_key=f"letter:{letter_id}", recipient="\n".join([values["recipient"]["name"], *values["recipient"]["address_lines"]]),
        recipient_kind="contact", channel="letter", template=f"letter.{kind}",
        personalisation={"letter_id": letter_id, "kind": kind, "contact_name": contact.name}, case_id=case_id, event_id=event_id,
    )  # fmt: skip


# what the letter's own frame says (the greeting, who to contact, the team's line and the portal): the
# update's paragraphs that carry these are left out rather than said twice
_FRAME_NAMES = ("officer_line", "team_line", "portal_url", "letter_note")


def update_words(message: Message) -> dict[str, Any]:
    """An email update as a letter's subject and paragraphs: its own words, without the greeting and
    the paragraphs the letter's frame already gives (the officer's and the team's details)."""
    mark = "\u2063"  # an invisible separator no template uses
    names = {**dict.fromkeys(SEND_TIME_NAMES, mark), **dict.fromkeys(_FRAME_NAMES, mark)}
    subject, body = render(message.template, {**message.personalisation, **names})
    paragraphs = [p.strip() for p in body.split("\n\n")]
    kept = [p for p in paragraphs if p and mark not in p and not p.startswith("Dear ")]
    return {"subject": subject.replace(mark, "").strip(), "paragraphs": kept}


# the contact's language is free text ("Polish", "Welsh"); letters come in the council's languages
_LANGUAGE_NAMES = {"english": "en", "en": "en", "welsh": "cy", "cymraeg": "cy", "cy": "cy"}


def letter_language(contact: Any) -> str:
    """The language of the contact's letters: Welsh for a contact who prefers Welsh (the council's
    Welsh wording where it has it), English otherwise; the letter offers it in other languages."""
    preferred = str(getattr(contact, "language", None) or "").strip().lower()
    return _LANGUAGE_NAMES.get(preferred, "en")


# what the officer types that a letter states (the step's fields, by the same names)
_TYPED = frozenset({"reason", "named_setting", "amendments_summary"})


def _as_input(error: Exception) -> Exception:
    """A decision letter that lacks what the officer should have typed is the officer's error (a 422
    naming the field), not a failure; anything else is a bug and stays one."""
    typed = [name for name in getattr(error, "missing", ()) if name in _TYPED]
    if typed and len(typed) == len(error.missing):
        return InvalidInput({name: ["The letter to the family states this: enter it."] for name in typed})
    return error


def for_event(
    conn: Any,
    case: Any,
    *,
    letter_kind: str | None,
    event_id: int | None,
    contacts: Sequence[Any],
    messages: Sequence[Message],
    values: Mapping[str, Any],
    today: dt.date,
    update_kind: str = "family_update",
) -> list[Message]:
    """The event's messages with its letters: the statutory letter to every family contact with an
    address, and updates by letter for those who asked for letters (each replacing the update the
    outbox would otherwise have sent as text to the letters folder)."""
    out: list[Message] = []
    lettered: set[int] = set()
    by_id = {c.id: c for c in contacts}
    if letter_kind:
        for contact in contacts:
            if gets_letters(contact):
                kept = {**values, "recipient": recipient(contact)}
                try:
                    out.append(_letter(conn, case.id, event_id, contact, letter_kind, kept, today,
                                       letter_language(contact)))  # fmt: skip
                except wording.LetterError as error:
                    if not error.passed:
                        raise _as_input(error) from error
                    continue  # recorded after the family's dates had passed: they get the update instead
                lettered.add(contact.id)
    for message in messages:
        if message.channel != "letter":
            out.append(message)
            continue
        contact = by_id.get(message.contact_id)
        if contact is None or contact.id in lettered:
            continue  # the decision letter says it all
        kept = {**values, "recipient": recipient(contact)}
        if update_kind == "family_update":  # the update's own words; the letter gives the council's details
            kept.update(update_words(message))
        out.append(_letter(conn, case.id, event_id, contact, update_kind, kept, today,
                           letter_language(contact)))  # fmt: skip
    return out


def with_letters(conn: Any, case: Any, step: Any, messages: Sequence[Message], *, contacts: Sequence[Any],
                 event_id: int, occurred_on: dt.date, facts: Mapping[str, Any], deadlines: Sequence[Mapping[str, Any]],
                 details: Mapping[str, Any], officer: Any | None, today: dt.date) -> list[Message]:  # fmt: skip
    """The engine's hook: an event's messages, with the letters its step and its contacts call for."""
    letter_kind = step.letter if step is not None else None
    if not letter_kind and not any(m.channel == "letter" for m in messages):
        return list(messages)
    values = case_values(conn, case, occurred_on=occurred_on, facts=facts, deadlines=deadlines, details=details,
                         officer=officer)  # fmt: skip
    return for_event(conn, case, letter_kind=letter_kind, event_id=event_id, contacts=contacts, messages=messages,
                     values=values, today=today)  # fmt: skip


def updates_by_post(conn: Any, *, case_id: int, event_id: int | None, child: Any, officer: Any | None,
                    contacts: Sequence[Any], messages: Sequence[Message], occurred_on: dt.date) -> list[Message]:  # fmt: skip
    """An update that is not an event of the case's machine (advice received, a date corrected) by post
    to those who asked for letters, in its own words, as `with_letters` does for the machine's events."""
    if not any(m.channel == "letter" for m in messages):
        return list(messages)
    case = SimpleNamespace(id=case_id, plan_id=None, given_name=child.given_name, family_name=child.family_name,
                           date_of_birth=child.date_of_birth)  # fmt: skip
    values = case_values(conn, case, occurred_on=occurred_on, facts={}, deadlines=(), details={}, officer=officer)
    return for_event(conn, case, letter_kind=None, event_id=event_id, contacts=contacts, messages=messages,
                     values=values, today=clock.today())  # fmt: skip
