"""Families: children are siblings when they share a contact (email, case-insensitive; phone in
E.164) or were linked explicitly (`sibling_of`). Each child carries its family's id; joining two
families merges them."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from casework import clock
from casework.models import Child, Contact, Family
from casework.workflow.errors import InvalidInput

children_t = Child.__table__
contacts_t = Contact.__table__
families_t = Family.__table__


def normalise_email(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def family_for(session: Session, emails: Iterable[str], phones: Iterable[str], sibling_of: int | None) -> int:
    """The family a new child joins: the families it matches, merged into the oldest; or a new one."""
    session.flush()  # children added in this transaction count too
    conn = session.connection()
    emails, phones = [e for e in emails if e], [p for p in phones if p]
    found: set[int] = set()
    if sibling_of is not None:
        fam = conn.execute(select(children_t.c.family_id).where(children_t.c.id == sibling_of)).scalar_one_or_none()
        if fam is None:
            raise InvalidInput({"sibling_of": [f"There is no child {sibling_of}."]})
        found.add(fam)
    conditions = []
    if emails:
        conditions.append(contacts_t.c.email_normalised.in_(emails))
    if phones:
        conditions.append(contacts_t.c.phone_e164.in_(phones))
    if conditions:
        found.update(conn.execute(
            select(children_t.c.family_id).distinct()
            .join(contacts_t, contacts_t.c.child_id == children_t.c.id).where(or_(*conditions))).scalars())
    if not found:
        return conn.execute(insert(families_t).values(created_at=clock.now()).returning(families_t.c.id)).scalar_one()
    keep = min(found)
    others = sorted(found - {keep})
    if others:
        conn.execute(update(children_t).where(children_t.c.family_id.in_(others)).values(family_id=keep))
    return keep


def siblings(session: Session, child: Any) -> list[Child]:
    return list(session.execute(
        select(Child).where(Child.family_id == child.family_id, Child.id != child.id).order_by(Child.id)).scalars())
