"""Messages about advice (reg 6, reg 8): the request to an advice-giver, reminders, chases and
escalations, and who is told when advice arrives or is returned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from casework.notifications.messages import Message, officer_contact, officer_line, to_family
from casework.words import case_ref, long_date, plural

DEFAULT_QUESTION = "Please tell us about the child's needs, the support they need and the outcomes it should achieve."
RETURN_WORDS = {
    "not_known": "the child is not known to them",
    "cannot_provide": "they cannot provide this advice",
}


def advice_words(advice_type: str) -> str:
    return advice_type.replace("_", " ")


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
    officer: Any | None = None,
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
            "advice_type": advice_words(advice_type),
            "due_on": long_date(due.due_on),
            "regulation": due.citation,
            "question": (question or "").strip() or DEFAULT_QUESTION,
            "advice_request_id": advice_id,
            "officer_contact": officer_contact(officer),
            "case_ref": case_ref(case_id),
        },
        case_id=case_id,
        event_id=event_id,
    )


def _advice_base(advice: Any, provider: Any, case_id: int, child: Any) -> dict[str, Any]:
    return {
        "provider_name": provider.name,
        "child_name": f"{child.given_name} {child.family_name}",
        "advice_type": advice_words(advice.advice_type),
        "due_on": long_date(advice.due_on),
        "requested_on": long_date(advice.requested_on),
        "advice_request_id": advice.id,
        "case_ref": case_ref(case_id),
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
        days_overdue=plural(max((today - advice.due_on).days, 0), "day"),
        officer_name=officer.name if officer else "the SEND team",
        officer_contact=officer_contact(officer),
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
        received_on=long_date(received_on),
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
        personalisation={**base, "officer_line": officer_line(officer)},
        case_id=case_id,
        event_id=event_id,
    )
    return out


def advice_returned(
    *,
    advice: Any,
    provider: Any,
    case_id: int,
    event_id: int,
    child: Any,
    officer: Any | None,
    managers: Sequence[Any],
    reason: str,
    note: str,
    returned_by: str,
) -> list[Message]:
    """The advice-giver says they cannot provide the advice: the officer (or, with none, the
    managers) must act, because the advice is still needed."""
    base = _advice_base(advice, provider, case_id, child)
    base.update(
        returned_because=RETURN_WORDS.get(reason, reason),
        returned_note=note.strip() or "They gave no further explanation.",
        returned_by=returned_by,
    )
    people = [officer] if officer is not None else list(managers)
    return [
        Message(
            dedupe_key=f"advice:{advice.id}:returned:{p.id}",
            recipient=p.email,
            recipient_kind="staff",
            channel="email",
            template="advice_returned_officer.email",
            personalisation={**base, "officer_name": p.name},
            case_id=case_id,
            event_id=event_id,
        )
        for p in people
    ]
