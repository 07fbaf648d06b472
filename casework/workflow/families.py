"""Families: children are siblings when they share a family contact (a parent, carer or the young
person: workflow/portal_access.py; email case-insensitive, phone in E.164; a professional's shared
details never join families) or an officer linked them explicitly; an officer can also unlink two children the
automatic rule joined wrongly. A family is a connected component of those edges, and each child
carries its family's id so that "the family's open cases" is one indexed lookup.

Every change (a new child, a link, an unlink) regroups only the families it touches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import phonenumbers
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from casework import clock
from casework.models import Case, Child, Contact, Family, FamilyLink
from casework.workflow.audit import audit
from casework.workflow.errors import Conflict, InvalidInput, NotFound
from casework.workflow.portal_access import FAMILY_RELATIONSHIPS

children_t = Child.__table__
contacts_t = Contact.__table__
families_t = Family.__table__
links_t = FamilyLink.__table__
cases_t = Case.__table__


def normalise_email(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def normalise_phone(value: str) -> str:
    """E.164, reading national numbers as UK: "07700 900123" -> "+447700900123". ValueError if it
    cannot be a phone number."""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError("Enter a phone number, like 07700 900123 or +44 7700 900123.") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError("Enter a phone number, like 07700 900123 or +44 7700 900123.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _new_family(conn: Any) -> int:
    return conn.execute(insert(families_t).values(created_at=clock.now()).returning(families_t.c.id)).scalar_one()


def matching_families(conn: Any, emails: Iterable[str | None], phones: Iterable[str | None]) -> set[int]:
    emails, phones = [e for e in emails if e], [p for p in phones if p]
    conditions = []
    if emails:
        conditions.append(contacts_t.c.email_normalised.in_(emails))
    if phones:
        conditions.append(contacts_t.c.phone_e164.in_(phones))
    if not conditions:
        return set()
    return set(
        conn.execute(
            select(children_t.c.family_id)
            .distinct()
            .join(contacts_t, contacts_t.c.child_id == children_t.c.id)
            .where(or_(*conditions), contacts_t.c.relationship.in_(FAMILY_RELATIONSHIPS))
        ).scalars()
    )


def regroup(conn: Any, family_ids: Iterable[int]) -> dict[int, int]:
    """Recompute the families among the children of `family_ids` from the edges (shared contacts,
    links, minus unlinks). Returns {child_id: family_id} for the children involved."""
    family_ids = sorted(set(family_ids))
    if not family_ids:
        return {}
    members = dict(
        conn.execute(
            select(children_t.c.id, children_t.c.family_id).where(children_t.c.family_id.in_(family_ids))
        ).all()
    )
    ids = list(members)
    by_contact: dict[tuple[str, str], list[int]] = defaultdict(list)
    for child_id, email, phone in conn.execute(
        select(contacts_t.c.child_id, contacts_t.c.email_normalised, contacts_t.c.phone_e164).where(
            contacts_t.c.child_id.in_(ids), contacts_t.c.relationship.in_(FAMILY_RELATIONSHIPS)
        )
    ):
        if email:
            by_contact[("email", email)].append(child_id)
        if phone:
            by_contact[("phone", phone)].append(child_id)
    edges = {tuple(sorted(p)) for group in by_contact.values() for p in combinations(sorted(set(group)), 2)}
    for a, b, kind in conn.execute(
        select(links_t.c.child_id, links_t.c.other_child_id, links_t.c.kind).where(links_t.c.child_id.in_(ids))
    ):
        if kind == "link":
            edges.add((a, b))
        else:
            edges.discard((a, b))
    parent = {i: i for i in ids}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    components: dict[int, list[int]] = defaultdict(list)
    for i in ids:
        components[find(i)].append(i)
    # the biggest component keeps the oldest family id; the others get a family each
    ordered = sorted(components.values(), key=lambda c: (-len(c), min(c)))
    spare = list(family_ids)
    result: dict[int, int] = {}
    for group in ordered:
        current = {members[c] for c in group}
        keep = min(f for f in current if f in spare) if any(f in spare for f in current) else None
        if keep is None:
            keep = _new_family(conn)
        else:
            spare.remove(keep)
        moved = [c for c in group if members[c] != keep]
        if moved:
            conn.execute(update(children_t).where(children_t.c.id.in_(moved)).values(family_id=keep))
        result.update(dict.fromkeys(group, keep))
    return result


def initial_family(
    session: Session, emails: Iterable[str | None], phones: Iterable[str | None], sibling_of: int | None
) -> int:
    """A family id for a child about to be added: one it matches, or a new one."""
    conn = session.connection()
    found = matching_families(conn, emails, phones)
    if sibling_of is not None:
        other = conn.execute(select(children_t.c.family_id).where(children_t.c.id == sibling_of)).scalar_one_or_none()
        if other is None:
            raise InvalidInput({"sibling_of": [f"There is no child {sibling_of}."]})
        found.add(other)
    return min(found) if found else _new_family(conn)


def place_new_child(session: Session, child: Child, sibling_of: int | None, actor: Any) -> int:
    """Put a just-added child in its family (shared contacts, or `sibling_of` as an explicit link)."""
    session.flush()  # the child and its contacts are visible to the queries below
    conn = session.connection()
    family = [c for c in child.contacts if c.relationship_to_child in FAMILY_RELATIONSHIPS]
    found = matching_families(conn, [c.email_normalised for c in family], [c.phone_e164 for c in family])
    if sibling_of is not None:
        other = conn.execute(select(children_t.c.family_id).where(children_t.c.id == sibling_of)).scalar_one_or_none()
        if other is None:
            raise InvalidInput({"sibling_of": [f"There is no child {sibling_of}."]})
        _set_link(conn, child.id, sibling_of, "link", "sibling_of given when the child was added", actor)
        found.add(other)
    found.add(child.family_id)
    family = regroup(conn, found)[child.id]
    session.expire(child, ["family_id"])
    audit(conn, actor, "child_added", "child", child.id, family_id=family, sibling_of=sibling_of)
    return family


def _set_link(conn: Any, a: int, b: int, kind: str, reason: str | None, actor: Any) -> None:
    lo, hi = sorted((a, b))
    conn.execute(delete(links_t).where(links_t.c.child_id == lo, links_t.c.other_child_id == hi))
    conn.execute(
        insert(links_t).values(
            child_id=lo,
            other_child_id=hi,
            kind=kind,
            reason=reason,
            staff_id=actor.id if actor.kind == "staff" else None,
            created_at=clock.now(),
        )
    )


def link(
    session: Session, child_id: int, other_id: int, *, actor: Any, reason: str | None, unlink: bool = False
) -> dict[int, int]:
    """An officer links (or unlinks) two children; both families are regrouped; audited."""
    if child_id == other_id:
        raise InvalidInput({"other_child_id": ["A child cannot be linked to themselves."]})
    conn = session.connection()
    rows = dict(
        conn.execute(
            select(children_t.c.id, children_t.c.family_id).where(children_t.c.id.in_((child_id, other_id)))
        ).all()
    )
    for cid, _field in ((child_id, "child_id"), (other_id, "other_child_id")):
        if cid not in rows:
            raise NotFound(f"There is no child {cid}.")
    if unlink and rows[child_id] != rows[other_id]:
        raise Conflict(f"Children {child_id} and {other_id} are not in the same family.")
    kind = "unlink" if unlink else "link"
    _set_link(conn, child_id, other_id, kind, reason, actor)
    result = regroup(conn, {rows[child_id], rows[other_id]})
    audit(
        conn,
        actor,
        f"family_{kind}",
        "child",
        child_id,
        other_child_id=other_id,
        reason=reason,
        families={str(k): v for k, v in result.items()},
    )
    if unlink and result[child_id] == result[other_id]:
        raise Conflict(
            f"Children {child_id} and {other_id} are still in one family through other children or "
            f"shared contacts; unlink those too, or change the shared contact."
        )
    return result


def siblings(session: Session, child: Any) -> list[Child]:
    return list(
        session.execute(
            select(Child).where(Child.family_id == child.family_id, Child.id != child.id).order_by(Child.id)
        ).scalars()
    )


def family_open_cases(session: Session, family_id: int, exclude_child: int | None = None) -> list[Case]:
    q = (
        select(Case)
        .join(Child, Child.id == Case.child_id)
        .where(Child.family_id == family_id, Case.is_open)
        .order_by(Case.id)
    )
    if exclude_child is not None:
        q = q.where(Case.child_id != exclude_child)
    return list(session.execute(q).scalars())
