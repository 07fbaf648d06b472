"""Words for people. The names of states, events, deadlines and stages come from each kind of case
(`workflow/kinds`); this module looks them up for the templates, and holds the few words no kind owns."""

from __future__ import annotations

from casework.words import ADVICE_LABELS, advice_label, case_ref  # noqa: F401  (the templates read them here)
from casework.workflow.kinds import KINDS

# events the engine records itself, whatever the kind
ENGINE_EVENTS = {"officer_changed": "Case officer changed", "entry_corrected": "Date corrected"}


def kind_title(kind: str) -> str:
    return KINDS[kind].title if kind in KINDS else kind.replace("_", " ").capitalize()


def state_name(kind: str, state: str) -> str:
    names = KINDS[kind].state_names if kind in KINDS else {}
    return names.get(state, state.replace("_", " ").capitalize())


def deadline_label(kind: str, key: str) -> str:
    labels = KINDS[kind].deadline_labels if kind in KINDS else {}
    return labels.get(key, key.replace("_", " ").capitalize())


def event_label(kind: str, event_type: str) -> str:
    if event_type in ENGINE_EVENTS:
        return ENGINE_EVENTS[event_type]
    return KINDS[kind].event_label(event_type) if kind in KINDS else event_type.replace("_", " ").capitalize()


CHANNEL_WORDS = {"email": "email", "sms": "text message", "letter": "letter"}


def undelivered_message(kind: str, item: dict) -> str:
    """'The family did not get the "Decided to assess" email' for a family message that did not
    arrive (notifications.receipts.family_undelivered)."""
    what = event_label(kind, item["event_type"]) if item.get("event_type") else None
    if what is None:
        what = item["template"].rpartition(".")[0].removeprefix("family_").replace("_", " ").capitalize()
    return f"The family did not get the “{what}” {CHANNEL_WORDS.get(item['channel'], 'message')}"


def state_choices() -> list[tuple[str, str]]:
    """(state, "Kind: state name") for every open and closed state of every kind (queue filters)."""
    return [(state, f"{k.plural}: {name}") for k in KINDS.values() for state, name in k.state_names.items()]


TEMPLATE_GLOBALS = {
    "case_ref": case_ref,
    "kind_title": kind_title,
    "state_name": state_name,
    "deadline_label": deadline_label,
    "event_label": event_label,
    "advice_label": advice_label,
    "undelivered_message": undelivered_message,
}
