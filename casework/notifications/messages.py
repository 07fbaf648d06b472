"""Event -> messages. Each message names a template in templates/ and carries what it needs.

Family updates say what happened, what happens next and by when (the statutory date), and who
their officer is. SMS carries no sensitive detail: only that there is news and where to look.
The dedupe key makes each message unique: a family is never told the same thing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from casework.notifications.templates import TEMPLATES


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


def _long_date(d: dt.date | str | None) -> str:
    if d is None:
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return f"{d:%A} {d.day} {d:%B %Y}"


def _address(contact: Any) -> tuple[str, str] | None:
    """(channel, address) for a contact's preferred channel, falling back to what we hold."""
    order = [contact.preferred_channel, "email", "sms", "letter"]
    for channel in order:
        if channel == "email" and contact.email:
            return "email", contact.email
        if channel == "sms" and contact.phone_e164:
            return "sms", contact.phone_e164
        if channel == "letter" and contact.address:
            return "letter", contact.address
    return None


def to_family(
    contacts: Sequence[Any],
    *,
    stem: str,
    dedupe_prefix: str,
    personalisation: Mapping[str, Any],
    case_id: int,
    event_id: int | None,
) -> list[Message]:
    """One message per contact, by their preferred channel (template `family_<stem>.email|sms`);
    letters use the email wording. The dedupe key ends with the contact's id."""
    out = []
    for contact in contacts:
        target = _address(contact)
        if target is None:
            continue
        channel, address = target
        out.append(
            Message(
                dedupe_key=f"{dedupe_prefix}:contact:{contact.id}",
                recipient=address,
                recipient_kind="contact",
                channel=channel,
                template=f"family_{stem}.{'sms' if channel == 'sms' else 'email'}",
                personalisation={**personalisation, "contact_name": contact.name},
                case_id=case_id,
                event_id=event_id,
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
    family is told about next (its kind says which, by the case's new state)."""
    by_key = {d["key"]: d for d in deadlines}
    nxt = by_key.get(next_deadline or "")
    base = {
        "child_name": child_name,
        "happened_on": _long_date(occurred_on),
        "officer_name": officer.name if officer else "your SEND case officer",
        "officer_email": officer.email if officer else "the SEND team",
        "next_due_on": _long_date(nxt["due_on"]) if nxt else "",
        "reason": str(details.get("reason") or ""),
        "meeting_on": _long_date(details.get("meeting_on")),
        "hearing_on": _long_date(details.get("hearing_on")),
        "case_ref": f"EHC-{case_id}",
    }
    # every deadline of the case as "<key>_due_on", e.g. $final_plan_due_on, $appeal_due_on
    base.update({f"{key}_due_on": _long_date(d["due_on"]) for key, d in by_key.items()})
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
            "officer_email": officer.email,
            "case_ref": f"EHC-{case_id}",
        },
        case_id=case_id,
        event_id=event_id,
    )


def advice_request(
    *,
    advice_id: int,
    case_id: int,
    event_id: int,
    provider: Any,
    child_name: str,
    child_family_name: str,
    advice_type: str,
    due: Any,
    question: str | None,
) -> Message:
    return Message(
        dedupe_key=f"advice:{advice_id}:request",
        recipient=provider.email,
        recipient_kind="provider",
        channel="email",
        template="advice_request.email",
        personalisation={
            "provider_name": provider.name,
            "child_name": f"{child_name} {child_family_name}",
            "advice_type": advice_type.replace("_", " "),
            "due_on": _long_date(due.due_on),
            "regulation": due.citation,
            "question": question or "",
            "advice_request_id": advice_id,
            "case_ref": f"EHC-{case_id}",
        },
        case_id=case_id,
        event_id=event_id,
    )


def render(template: str, personalisation: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) of a template filled in."""
    return TEMPLATES.render(template, personalisation)


def _advice_base(advice: Any, provider: Any, case_id: int, child: Any) -> dict[str, Any]:
    return {
        "provider_name": provider.name,
        "child_name": f"{child.given_name} {child.family_name}",
        "advice_type": advice.advice_type.replace("_", " "),
        "due_on": _long_date(advice.due_on),
        "requested_on": _long_date(advice.requested_on),
        "advice_request_id": advice.id,
        "case_ref": f"EHC-{case_id}",
    }


def advice_chase(
    *,
    advice: Any,
    provider: Any,
    case_id: int,
    child: Any,
    step: Any,
    today: dt.date,
    officer: Any | None,
    managers: Sequence[Any],
) -> list[Message]:
    """A reminder (before the due date), a chase (after it) or an escalation (long overdue)."""
    base = _advice_base(advice, provider, case_id, child)
    base.update(
        days_overdue=str(max((today - advice.due_on).days, 0)),
        officer_name=officer.name if officer else "the SEND team",
        officer_email=officer.email if officer else "",
    )
    prefix = f"advice:{advice.id}:"
    if step.kind in ("reminder", "chase"):
        return [
            Message(
                dedupe_key=prefix + step.key,
                recipient=provider.email,
                recipient_kind="provider",
                channel="email",
                template=f"advice_{step.kind}.email",
                personalisation={**base, "chase_number": str(step.number)},
                case_id=case_id,
            )
        ]
    out = []
    if provider.escalation_email:
        out.append(
            Message(
                dedupe_key=prefix + "escalation:provider",
                recipient=provider.escalation_email,
                recipient_kind="provider",
                channel="email",
                template="advice_escalation.email",
                personalisation={**base, "escalation_name": provider.escalation_name or "colleague"},
                case_id=case_id,
            )
        )
    for manager in managers:
        out.append(
            Message(
                dedupe_key=prefix + f"escalation:manager:{manager.id}",
                recipient=manager.email,
                recipient_kind="staff",
                channel="email",
                template="advice_escalation_manager.email",
                personalisation={
                    **base,
                    "manager_name": manager.name,
                    "escalated_to": provider.escalation_name or "no escalation contact",
                },
                case_id=case_id,
            )
        )
    return out


def advice_received(
    *,
    advice: Any,
    provider: Any,
    case_id: int,
    event_id: int,
    child: Any,
    officer: Any | None,
    contacts: Sequence[Any],
    received_on: dt.date,
) -> list[Message]:
    """The officer and the family are told that advice has arrived."""
    base = _advice_base(advice, provider, case_id, child)
    base.update(
        received_on=_long_date(received_on),
        child_given_name=child.given_name,
        on_time="on time" if received_on <= advice.due_on else "late",
    )
    out = []
    if officer is not None:
        out.append(
            Message(
                dedupe_key=f"advice:{advice.id}:received:officer",
                recipient=officer.email,
                recipient_kind="staff",
                channel="email",
                template="advice_received_officer.email",
                personalisation={**base, "officer_name": officer.name},
                case_id=case_id,
                event_id=event_id,
            )
        )
    out += to_family(
        contacts,
        stem="advice_received",
        dedupe_prefix=f"advice:{advice.id}:received",
        personalisation={**base, "officer_name": officer.name if officer else "your SEND case officer"},
        case_id=case_id,
        event_id=event_id,
    )
    return out
