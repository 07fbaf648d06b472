"""How the product writes for people: one date format and one case reference, everywhere (pages,
messages, error messages, letters). Standard library only, so every layer may use it."""

from __future__ import annotations

import datetime as dt
import re


def long_date(d: dt.date | str | None) -> str:
    """ "Monday 5 January 2026" (empty for no date). Text is read as an ISO date."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    if isinstance(d, dt.datetime):
        d = d.date()
    return f"{d:%A} {d.day} {d:%B %Y}"


def case_ref(case_id: int | None) -> str:
    """The case reference families, officers and advice-givers quote: "EHC-7"."""
    return f"EHC-{case_id}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 day", "3 days"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def join_names(names: list[str]) -> str:
    """ "Amira", "Amira and Yusuf", "Amira, Yusuf and Ben"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


ADVICE_LABELS = {
    "parent": "Parent or young person",
    "education": "Education",
    "health": "Health",
    "psychology": "Educational psychology",
    "social_care": "Social care",
    "preparing_for_adulthood": "Preparing for adulthood",
    "other": "Other",
    "parent_requested": "Requested by the family",
}

CHANNEL_WORDS = {"email": "Email", "sms": "Text message", "letter": "Letter"}


def advice_label(advice_type: str) -> str:
    """ "Health", "Educational psychology": the kind of advice, as people read it."""
    return ADVICE_LABELS.get(advice_type, advice_type.replace("_", " ").capitalize())


_EMAIL = re.compile(
    r"^[^@\s,;<>()\[\]\\\"]+@[^@\s,;<>()\[\]\\\".]+(\.[^@\s,;<>()\[\]\\\".]+)*\.[^@\s,;<>()\[\]\\\".]{2,}$"
)


def valid_email(value: str) -> bool:
    """One plain email address (not a list, not a name with an address, no spaces or line breaks)."""
    return len(value) <= 254 and bool(_EMAIL.fullmatch(value))


def has_control_characters(value: str) -> bool:
    """Line breaks, tabs, NUL and other control characters: never right in a name or a single line."""
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value)
