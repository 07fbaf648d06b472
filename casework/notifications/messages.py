"""Event -> messages to families. Each message names a template in templates/ and carries every
value its template needs (checked when it is written: `outbox.add`).

Family updates say what happened, what happens next and by when (the statutory date), and who their
officer is. Each contact is written to by the channel they chose:
- email: the update by email;
- sms: a short text (no sensitive detail: that there is news, and where to read it). A contact with
  no email address but a postal address also gets the whole update as a letter, and the text says so;
- letter: the update as a letter (the email's wording: it never says "email").
No message refers to another message unless that one is written too.
The dedupe key makes each message unique: a family is never told the same thing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from casework.notifications.templates import TEMPLATES
from casework.words import case_ref, long_date

# the exceptions the law allows (statutory.md 9.1), as a family reads them
EXCEPTION_WORDS = {
    "school_closure": "the school or setting was closed for a long period",
    "exceptional_personal_circumstances": "there were exceptional personal circumstances",
    "absent_from_area": "the child or family was away from the area for at least 4 weeks",
    "missed_appointment": "an appointment was missed",
    "exceptional_circumstances": "there were exceptional circumstances",
}
LETTER_TOO = "We have also posted you a letter about it."
PORTAL_ONLY = "You can sign in with a code we text to this number."


@dataclass
class Message:
    dedupe_key: str
    recipient: str
    recipient_kind: str
    channel: str
    template: str
    personalisation: dict[str, Any] = field(default_factory=dict)
    case_id: int | None = None
    event_id: int | None = None
    contact_id: int | None = None  # a family message's contact (not stored: the letters need it)


def _has(value: Any) -> bool:
    return bool(value and str(value).strip())


def letter_recipient(contact: Any) -> str | None:
    """The letter's address block: the contact's name, the lines of their address and the postcode
    (None without a postcode: a letter cannot be posted)."""
    postcode = getattr(contact, "postcode", None)
    address = getattr(contact, "address", None)
    if not (_has(postcode) and _has(address)):
        return None
    lines = [line.strip() for line in str(address).splitlines() if line.strip()]
    return "\n".join([contact.name, *lines, postcode.strip()])


def channels_for(contact: Any) -> list[tuple[str, str]]:
    """[(channel, recipient)] for a contact: their preferred channel (or the first they can be
    reached by: email, sms, letter), and a letter as well for a texted contact with no email."""
    letter = letter_recipient(contact)
    reach = {"email": contact.email if _has(contact.email) else None, "sms": contact.phone_e164 or None}
    reach["letter"] = letter
    order = [contact.preferred_channel, "email", "sms", "letter"]
    first = next((c for c in order if reach.get(c)), None)
    if first is None:
        return []
    out = [(first, reach[first])]
    if first == "sms" and not reach["email"] and letter:
        out.append(("letter", letter))
    return out


def officer_line(officer: Any | None) -> str:
    """Who the family's case officer is and how to reach them, as a sentence."""
    if officer is None:
        return "We will tell you who your case officer is as soon as we have chosen them."
    phone = getattr(officer, "phone", None)
    how = f"email them at {officer.email}" + (f" or call them on {phone}" if _has(phone) else "")
    return f"Your case officer is {officer.name}. You can {how}."


def officer_contact(officer: Any | None) -> str:
    """An officer's name and how to reach them, for advice-givers: "Priya Shah (priya@..., 01905 ...)"."""
    if officer is None:
        return "the SEND team"
    phone = getattr(officer, "phone", None)
    return f"{officer.name} ({officer.email}" + (f", {phone})" if _has(phone) else ")")


def to_family(
    contacts: Sequence[Any],
    *,
    stem: str,
    dedupe_prefix: str,
    personalisation: Mapping[str, Any],
    case_id: int,
    event_id: int | None,
) -> list[Message]:
    """The update `family_<stem>` to each contact by their channels (`channels_for`): texts use
    `family_<stem>.sms`, emails and letters `family_<stem>.email`. The dedupe key ends with the
    contact's id (and `:letter` for the letter that goes with a text)."""
    out = []
    values = {k: v for k, v in personalisation.items() if v not in (None, "")}
    for contact in contacts:
        targets = channels_for(contact)
        letter_too = len(targets) > 1
        for channel, address in targets:
            extra = "" if (channel, address) == targets[0] else f":{channel}"
            own = {**values, "contact_name": contact.name}
            if channel == "sms":
                own["letter_note"] = LETTER_TOO if letter_too else PORTAL_ONLY
            out.append(
                Message(
                    dedupe_key=f"{dedupe_prefix}:contact:{contact.id}{extra}",
                    recipient=address,
                    recipient_kind="contact",
                    channel=channel,
                    template=f"family_{stem}.{'sms' if channel == 'sms' else 'email'}",
                    personalisation=own,
                    case_id=case_id,
                    event_id=event_id,
                    contact_id=contact.id,
                )
            )
    return out


def family_update(
    *,
    stem: str,
    next_deadline: str | None,
    case_id: int,
    event_id: int,
    occurred_on: dt.date,
    child_name: str,
    contacts: Sequence[Any],
    officer: Any | None,
    deadlines: Sequence[Mapping[str, Any]],
    details: Mapping[str, Any],
) -> list[Message]:
    """The update `family_<stem>` to each contact; `next_deadline` is the key of the deadline the
    family is told about next (its kind says which, by the case's new state). Only values that
    exist are carried: a template that needs one the event does not have fails when written."""
    by_key = {d["key"]: d for d in deadlines if d.get("outcome", "pending") != "not_applicable"}
    nxt = by_key.get(next_deadline or "")
    if nxt is None and next_deadline:  # a key this case does not have (an order of another type): the next due
        pending = [d for d in deadlines if d.get("outcome", "pending") == "pending" and d.get("due_on")]
        nxt = min(pending, key=lambda d: d["due_on"], default=None)
    reason = str(details.get("reason") or "").strip()
    base = {
        "child_name": child_name,
        "happened_on": long_date(occurred_on),
        "officer_name": officer.name if officer else "",
        "officer_line": officer_line(officer),
        "next_due_on": long_date(nxt["due_on"]) if nxt else "",
        "reason": EXCEPTION_WORDS.get(reason, reason),
        "meeting_on": long_date(details.get("meeting_on")),
        "hearing_on": long_date(details.get("hearing_on")),
        "corrected_from": long_date(details.get("from_date")),
        "corrected_to": long_date(details.get("to_date")),
        "corrected_what": str(details.get("what") or ""),
        "case_ref": case_ref(case_id),
    }
    # every deadline of the case as "<key>_due_on", e.g. $final_plan_due_on, $appeal_due_on
    base.update({f"{key}_due_on": long_date(d["due_on"]) for key, d in by_key.items()})
    return to_family(
        contacts, stem=stem, dedupe_prefix=f"event:{event_id}", personalisation=base, case_id=case_id, event_id=event_id
    )


def officer_changed(
    *, case_id: int, event_id: int, children: str, contacts: Sequence[Any], officer: Any
) -> list[Message]:
    """One message per contact per change: "your single point of contact is now X"."""
    return to_family(
        contacts,
        stem="officer_changed",
        dedupe_prefix=f"event:{event_id}",
        personalisation={
            "children": children,
            "officer_name": officer.name,
            "officer_line": officer_line(officer),
            "case_ref": case_ref(case_id),
        },
        case_id=case_id,
        event_id=event_id,
    )


def render(template: str, personalisation: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) of a template filled in."""
    return TEMPLATES.render(template, personalisation)
