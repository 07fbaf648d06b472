"""Who may use the parent portal, and whose details make a family.

Only a child's parents and carers, and the young person themself from 16, use the portal (or any
contact an officer has given access explicitly: `contacts.portal_access`). A professional listed as
a contact (a social worker, say) never does, whatever email address they share with other families.
The same rule decides which contacts join children into one family: only family contacts' email
addresses and phone numbers do (workflow/families.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.models import Child, Contact

FAMILY_RELATIONSHIPS = ("parent", "carer", "young_person")
YOUNG_PERSON_FROM = 16  # a young person (16 to 25) uses the portal for themself


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def may_use_portal(contact: Any, child: Any, today: dt.date) -> bool:
    if contact.portal_access is not None:
        return bool(contact.portal_access)
    if contact.relationship_to_child in ("parent", "carer"):
        return True
    if contact.relationship_to_child == "young_person":
        return age_on(child.date_of_birth, today) >= YOUNG_PERSON_FROM
    return False


def portal_contacts(session: Session, identity: str, today: dt.date) -> list[tuple[Contact, Child]]:
    """The contacts (with their child) an identity may sign in as: `email:<normalised address>` or
    `phone:<E.164 number>`; only those the portal admits."""
    how, _, value = identity.partition(":")
    column = {"email": Contact.email_normalised, "phone": Contact.phone_e164}.get(how)
    if column is None or not value:
        return []
    rows = session.execute(
        select(Contact, Child).join(Child, Child.id == Contact.child_id).where(column == value)
        .order_by(Child.date_of_birth, Child.id, Contact.id)
    ).all()  # fmt: skip
    return [(contact, child) for contact, child in rows if may_use_portal(contact, child, today)]
