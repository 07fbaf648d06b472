"""A family's contacts: who the updates go to and how (email, text message or letter), with a postal
address (its lines and a UK postcode) and the language they prefer. One set of checks for the pages
and the API; adding or changing a contact is audited and regroups the families it touches (brothers
and sisters are found by shared email addresses and phone numbers)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.models import Child, Contact
from casework.words import has_control_characters, valid_email
from casework.workflow.errors import InvalidInput, NotFound
from casework.workflow.families import audit, matching_families, normalise_email, normalise_phone, regroup

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$", re.IGNORECASE)
CHANNELS = ("email", "sms", "letter")
RELATIONSHIPS = ("parent", "carer", "young_person", "social_worker", "other")
MAX_LINES, LINE_LENGTH = 5, 100


def normalise_postcode(value: str) -> str:
    """ "wr12ab" -> "WR1 2AB"; ValueError if it is not a UK postcode."""
    match = POSTCODE.match((value or "").replace(" ", "").strip())
    if not match:
        raise ValueError("Enter a UK postcode, like WR1 2AB")
    return f"{match.group(1)} {match.group(2)}".upper()


def split_address(text: str) -> tuple[list[str], str | None]:
    """An address typed as one text (lines, or one line with commas): its lines and, if the last one
    is a UK postcode, that postcode."""
    text = (text or "").strip()
    parts = text.splitlines() if "\n" in text or "\r" in text else text.split(",")
    lines = [" ".join(p.split()).strip(" ,") for p in parts]
    lines = [line for line in lines if line]
    if lines:
        try:
            return lines[:-1], normalise_postcode(lines[-1])
        except ValueError:
            pass
    return lines, None


def check(values: Mapping[str, Any]) -> dict[str, Any]:
    """The contact's columns from what was given, or InvalidInput naming each problem:
    name, relationship, email, phone, address_lines (list), postcode, preferred_channel, language."""
    errors: dict[str, list[str]] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        errors["name"] = ["Enter the name of the parent, carer or young person"]
    elif len(name) > 200:
        errors["name"] = ["Enter the name in 200 characters or fewer"]
    elif has_control_characters(name):
        errors["name"] = ["Enter the name on one line"]
    relationship = values.get("relationship") or "parent"
    if relationship not in RELATIONSHIPS:
        errors["relationship"] = [f"Choose one of: {', '.join(RELATIONSHIPS)}"]
    email = str(values.get("email") or "").strip()
    if email and not valid_email(email):
        errors["email"] = ["Enter an email address in the correct format, like name@example.com"]
    phone, e164 = str(values.get("phone") or "").strip(), None
    if len(phone) > 32:
        errors["phone"] = ["Enter a phone number, like 07700 900 982"]
    elif phone:
        try:
            e164 = normalise_phone(phone)
        except ValueError:
            errors["phone"] = ["Enter a phone number, like 07700 900 982"]
    lines = [" ".join(str(line).split()) for line in values.get("address_lines") or []]
    lines = [line for line in lines if line]
    postcode = str(values.get("postcode") or "").strip()[:20]
    if (
        len(lines) > MAX_LINES
        or any(len(line) > LINE_LENGTH or has_control_characters(line) for line in lines)
        or len("\n".join(lines)) > 500
    ):
        errors["address_lines"] = [f"Give at most {MAX_LINES} lines of up to {LINE_LENGTH} characters"]
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except ValueError as exc:
            errors["postcode"] = [str(exc)]
    if lines and not postcode:
        errors.setdefault("postcode", ["Enter the postcode: a letter cannot be posted without it"])
    if postcode and not lines:
        errors.setdefault("address_lines", ["Enter the first line of the address"])
    channel = values.get("preferred_channel") or "email"
    if channel not in CHANNELS:
        errors["preferred_channel"] = ["Choose email, text message or letter"]
    elif not (email or phone or (lines and postcode)):
        errors.setdefault("email", ["Enter an email address, a mobile phone number or a postal address"])
    elif channel == "email" and not email:
        errors.setdefault("email", ["Enter an email address to send emails"])
    elif channel == "sms" and not phone:
        errors.setdefault("phone", ["Enter a mobile phone number to send text messages"])
    elif channel == "letter" and not (lines and postcode):
        errors.setdefault("address_lines", ["Enter a postal address to send letters"])
    language = str(values.get("language") or "").strip()
    if len(language) > 50 or has_control_characters(language):
        errors["language"] = ["Enter the language on one line, in 50 characters or fewer"]
    if errors:
        raise InvalidInput(errors)
    return {
        "name": name,
        "relationship_to_child": relationship,
        "email": email or None,
        "email_normalised": normalise_email(email) if email else None,
        "phone": phone or None,
        "phone_e164": e164,
        "address": "\n".join(lines) or None,
        "postcode": postcode or None,
        "preferred_channel": channel,
        "language": language or None,
    }


def add_contact(session: Session, child_id: int, values: Mapping[str, Any], *, actor: Any) -> Contact:
    child = session.get(Child, child_id)
    if child is None:
        raise NotFound("There is no such child.")
    contact = Contact(child_id=child_id, **check(values))
    session.add(contact)
    session.flush()
    _regroup(session, child, [contact.email_normalised], [contact.phone_e164])
    audit(session.connection(), actor, "contact_added", "child", child_id, contact_id=contact.id)
    return contact


def update_contact(session: Session, contact_id: int, values: Mapping[str, Any], *, actor: Any) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("There is no such contact.")
    old = (contact.email_normalised, contact.phone_e164)
    clean = check(values)
    changed = sorted(k for k, v in clean.items() if getattr(contact, k) != v and k != "email_normalised")
    for key, value in clean.items():
        setattr(contact, key, value)
    session.flush()
    if (contact.email_normalised, contact.phone_e164) != old:
        _regroup(session, contact.child, [old[0], contact.email_normalised], [old[1], contact.phone_e164])
    # ids and the names of what changed only: no contact details in the audit log
    audit(
        session.connection(),
        actor,
        "contact_changed",
        "child",
        contact.child_id,
        contact_id=contact.id,
        changed=changed,
    )
    return contact


def _regroup(session: Session, child: Child, emails: list[str | None], phones: list[str | None]) -> None:
    conn = session.connection()
    families = matching_families(conn, emails, phones) | {child.family_id}
    regroup(conn, families)
    session.expire(child, ["family_id"])


def contacts_of(session: Session, child_id: int) -> list[Contact]:
    return list(session.execute(select(Contact).where(Contact.child_id == child_id).order_by(Contact.id)).scalars())
