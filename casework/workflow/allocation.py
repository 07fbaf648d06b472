"""Which officer gets a case. Siblings first: a family has one case officer.

choose_officer, used whenever a case opens (assessment or review):
1. the officer holding an open case of the child's family (if the family's cases are split, the
   one holding most of them, then the lower caseload relative to capacity);
2. otherwise the child's own officer from their latest case (e.g. the assessment that made the plan);
3. otherwise the available officer with the lowest caseload relative to capacity, in the child's
   team when the child has one and it has an available officer.
Unavailable officers are skipped; if the family's officer is unavailable the new officer takes the
whole family (`move_case_ids`). At most five queries, whatever the caseload.

plan_rebalance: one officer per family for families whose open cases are split (the officer who
holds most of the family's cases; ties by lower caseload; respecting capacity where possible and
saying where it cannot).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from casework.models import Case, Child, Staff
from casework.words import case_ref

cases_t = Case.__table__
children_t = Child.__table__
staff_t = Staff.__table__


@dataclass(frozen=True)
class Choice:
    officer_id: int
    reason: str
    move_case_ids: tuple[int, ...] = ()  # the family's open cases that move with it


def caseloads(conn: Any, officer_ids: list[int] | None = None) -> dict[int, int]:
    """Open cases per officer."""
    q = (
        select(cases_t.c.officer_id, func.count())
        .where(cases_t.c.is_open, cases_t.c.officer_id.is_not(None))
        .group_by(cases_t.c.officer_id)
    )
    if officer_ids is not None:
        q = q.where(cases_t.c.officer_id.in_(officer_ids))
    return dict(conn.execute(q).all())


def _load(open_cases: int, capacity: int) -> float:
    return open_cases / capacity if capacity else float("inf")


def least_loaded(conn: Any, team: str | None, exclude: set[int] = frozenset()) -> tuple[Any, int] | None:
    """(staff row, open cases) of the available officer with the lowest load, in the team if it has one."""
    counts = (
        select(cases_t.c.officer_id, func.count().label("n"))
        .where(cases_t.c.is_open)
        .group_by(cases_t.c.officer_id)
        .subquery()
    )
    n = func.coalesce(counts.c.n, 0)
    q = (
        select(staff_t.c.id, staff_t.c.name, staff_t.c.capacity, n.label("open_cases"))
        .outerjoin(counts, counts.c.officer_id == staff_t.c.id)
        .where(staff_t.c.available, staff_t.c.role == "officer")
        .order_by((n * 1.0 / func.nullif(staff_t.c.capacity, 0)).asc(), staff_t.c.id)
    )
    if exclude:
        q = q.where(staff_t.c.id.not_in(exclude))
    if team:
        row = conn.execute(q.where(staff_t.c.team == team).limit(1)).first()
        if row is not None:
            return row, row.open_cases
    row = conn.execute(q.limit(1)).first()
    return (row, row.open_cases) if row is not None else None


def choose_officer(conn: Any, child_id: int) -> Choice | None:
    child = conn.execute(select(children_t.c.family_id, children_t.c.team).where(children_t.c.id == child_id)).one()
    # the family's open cases, by officer: (officer, available, capacity, family cases, example case)
    holders = conn.execute(
        select(
            cases_t.c.officer_id,
            staff_t.c.available,
            staff_t.c.capacity,
            func.count().label("family_cases"),
            func.min(cases_t.c.id).label("example"),
        )
        .select_from(
            cases_t.join(children_t, children_t.c.id == cases_t.c.child_id).join(
                staff_t, staff_t.c.id == cases_t.c.officer_id
            )
        )
        .where(children_t.c.family_id == child.family_id, cases_t.c.is_open)
        .group_by(cases_t.c.officer_id, staff_t.c.available, staff_t.c.capacity)
    ).all()
    if holders:
        loads = caseloads(conn, [h.officer_id for h in holders])
        available = sorted(
            (h for h in holders if h.available),
            key=lambda h: (-h.family_cases, _load(loads.get(h.officer_id, 0), h.capacity), h.officer_id),
        )
        if available:
            best = available[0]
            total = sum(h.family_cases for h in holders)
            if len(holders) == 1:
                return Choice(
                    best.officer_id,
                    f"they are the family's officer (a brother's or sister's case, {case_ref(best.example)})",
                )
            return Choice(
                best.officer_id,
                f"they hold {best.family_cases} of the family's {total} open cases (for example {case_ref(best.example)})",
            )
        # the family's officer(s) are unavailable: a new officer takes the whole family
        family_cases = tuple(
            conn.execute(
                select(cases_t.c.id)
                .join(children_t, children_t.c.id == cases_t.c.child_id)
                .where(children_t.c.family_id == child.family_id, cases_t.c.is_open)
                .order_by(cases_t.c.id)
            ).scalars()
        )
        pick = least_loaded(conn, child.team)
        if pick is None:
            return None
        return Choice(
            pick[0].id,
            f"the family's officer is unavailable, so the whole family moves together to the officer with the "
            f"lowest caseload ({pick[1]} of {pick[0].capacity})",
            family_cases,
        )
    own = conn.execute(
        select(cases_t.c.officer_id, cases_t.c.id)
        .join(staff_t, staff_t.c.id == cases_t.c.officer_id)
        .where(cases_t.c.child_id == child_id, staff_t.c.available)
        .order_by(cases_t.c.id.desc())
        .limit(1)
    ).first()
    if own is not None:
        return Choice(own.officer_id, f"they were the child's officer on {case_ref(own.id)}")
    pick = least_loaded(conn, child.team)
    if pick is None:
        return None
    team = " in the child's team" if child.team else ""
    return Choice(pick[0].id, f"they had the lowest caseload{team} ({pick[1]} of {pick[0].capacity})")


# ---------------------------------------------------------------------------------------------
# rebalancing families whose open cases are split across officers


@dataclass
class FamilyMove:
    family_id: int
    officer_id: int
    officer_name: str
    case_ids: list[int]  # the cases that move to the officer
    held: int  # how many of the family's open cases the officer already holds
    total: int
    note: str = ""


@dataclass
class RebalancePlan:
    moves: list[FamilyMove] = field(default_factory=list)
    loads_after: dict[int, int] = field(default_factory=dict)

    @property
    def cases_moving(self) -> int:
        return sum(len(m.case_ids) for m in self.moves)


def plan_rebalance(conn: Any, team: str | None = None) -> RebalancePlan:
    """Plan one officer per split family. Reads: split families' open cases, staff, caseloads."""
    split = (
        select(children_t.c.family_id)
        .join(cases_t, cases_t.c.child_id == children_t.c.id)
        .where(cases_t.c.is_open, cases_t.c.officer_id.is_not(None))
        .group_by(children_t.c.family_id)
        .having(func.count(func.distinct(cases_t.c.officer_id)) > 1)
    )
    rows = conn.execute(
        select(children_t.c.family_id, children_t.c.team.label("child_team"), cases_t.c.id, cases_t.c.officer_id)
        .join(cases_t, cases_t.c.child_id == children_t.c.id)
        .where(cases_t.c.is_open, children_t.c.family_id.in_(split))
        .order_by(children_t.c.family_id, cases_t.c.id)
    ).all()
    staff = {
        s.id: s
        for s in conn.execute(
            select(
                staff_t.c.id, staff_t.c.name, staff_t.c.capacity, staff_t.c.available, staff_t.c.team, staff_t.c.role
            )
        )
    }
    loads = defaultdict(int, caseloads(conn))
    families: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        families[r.family_id].append(r)
    plan = RebalancePlan()
    for family_id, cases in families.items():
        if team is not None and not any(staff[c.officer_id].team == team for c in cases if c.officer_id in staff):
            continue
        held = defaultdict(int)
        for c in cases:
            held[c.officer_id] += 1
        total = len(cases)
        candidates = sorted(
            (o for o in held if o in staff and staff[o].available),
            key=lambda o: (-held[o], _load(loads[o], staff[o].capacity), o),
        )
        note = ""
        chosen = None
        for o in candidates:  # respect capacity where possible
            if loads[o] + (total - held[o]) <= staff[o].capacity:
                chosen = o
                break
        if chosen is None and candidates:
            chosen = candidates[0]
            note = (
                f"over capacity: {staff[chosen].name} would hold {loads[chosen] + total - held[chosen]} "
                f"open cases (capacity {staff[chosen].capacity})"
            )
        if chosen is None:  # nobody holding the family is available
            pool = sorted(
                (s for s in staff.values() if s.available and s.role == "officer"),
                key=lambda s: (_load(loads[s.id], s.capacity), s.id),
            )
            if not pool:
                note = "no available officer"
                continue
            chosen = pool[0].id
            note = "the family's officers are unavailable; moved to the lowest caseload"
        moving = [c.id for c in cases if c.officer_id != chosen]
        for c in cases:
            if c.officer_id != chosen:
                loads[c.officer_id] -= 1
        loads[chosen] += len(moving)
        plan.moves.append(FamilyMove(family_id, chosen, staff[chosen].name, moving, held.get(chosen, 0), total, note))
    plan.loads_after = dict(loads)
    return plan
