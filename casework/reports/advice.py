"""Advice returned within 6 weeks (reporting.md measure 5): by advice type and by provider, with
the share that needed chasing and escalating, and advice overdue now by provider.

Advice counts in the month its `received_on` falls; it is within 6 weeks when `received_on` is on or
before its `due_on` (reg 8(1), from the day the advice-giver received the request). Reused advice
(reg 6(4)) has no clock and is not counted. The excluding-exceptions basis leaves out advice with a
reg 8(2) exception recorded. "Needed chasing" means the sweep wrote at least one chase to the
provider; "escalated" that it wrote an escalation (the request's `chased` and `escalated`, set by
the sweep with the outbox rows `advice:<id>:chase:<n>` and `advice:<id>:escalation:...`): what was
actually sent, not what a date suggests."""

from __future__ import annotations

from sqlalchemy import Date, String, cast, literal, select

from casework.models import AdviceRequest, Case, Provider
from casework.reports.series import Column, Figure, Series, Window, officer_for
from casework.reports.sql import days_between, flag, month_of

advice_t = AdviceRequest.__table__
cases_t = Case.__table__
providers_t = Provider.__table__


def provider_key(provider_id: int, advice_type: str) -> str:
    return f"{provider_id}:{advice_type}"


def split_provider_key(key: str) -> tuple[int, str]:
    pid, _, advice_type = key.partition(":")
    return int(pid), advice_type


def _common(w: Window, a, on):
    return (
        a.c.case_id,
        officer_for(w, a.c.case_id, on, cases_t.c.officer_id).label("officer_id"),
        (cast(a.c.provider_id, String()) + literal(":", String()) + a.c.advice_type).label("provider"),
        a.c.id.label("advice_id"),
        providers_t.c.name.label("provider_name"),
        a.c.advice_type,
        a.c.requested_on,
        a.c.due_on,
        flag(a.c.chased).label("chased"),
        flag(a.c.escalated).label("escalated"),
    )


def _from(a):
    return a.join(cases_t, cases_t.c.id == a.c.case_id).join(providers_t, providers_t.c.id == a.c.provider_id)


def _received(w: Window):
    a = advice_t
    return (
        select(
            *_common(w, a, a.c.received_on),
            month_of(a.c.received_on).label("month"),
            a.c.received_on,
            days_between(a.c.received_on, a.c.due_on).label("days_late"),
            flag(a.c.received_on <= a.c.due_on).label("within"),
            flag(a.c.exception_reason.is_not(None)).label("exception"),
        )
        .select_from(_from(a))
        .where(a.c.received_on >= w.start, a.c.received_on < w.end, a.c.due_on.is_not(None))
    )


COLUMNS = (
    Column("provider_name", "Provider"),
    Column("advice_type", "Advice"),
    Column("requested_on", "Requested", "date"),
    Column("due_on", "Due", "date"),
)

ADVICE_RECEIVED = Series(
    key="advice_received",
    title="Advice received",
    items=_received,
    extra="provider",
    extra_label="Provider and advice",
    figures=(
        Figure("received", "Advice received"),
        Figure("received_within_6_weeks", "Received within 6 weeks", lambda c: c.within == 1),
        Figure("received_ex", "Advice received (excluding exceptions)", lambda c: c.exception == 0),
        Figure(
            "received_within_6_weeks_ex",
            "Received within 6 weeks (excluding exceptions)",
            lambda c: (c.within == 1) & (c.exception == 0),
        ),
        Figure("chased", "Needed chasing", lambda c: c.chased == 1),
        Figure("escalated", "Escalated", lambda c: c.escalated == 1),
    ),
    columns=(
        *COLUMNS,
        Column("received_on", "Received", "date"),
        Column("days_late", "Days after due", "late"),
        Column("within", "Within 6 weeks", "flag"),
        Column("chased", "Chased", "flag"),
        Column("escalated", "Escalated", "flag"),
        Column("exception", "Exception recorded", "flag"),
    ),
)


def _overdue(w: Window):
    a = advice_t
    at = literal(w.as_at, Date())
    q = (
        select(
            *_common(w, a, at),
            literal(w.month).label("month"),
            days_between(at, a.c.due_on).label("days_overdue"),
        )
        .select_from(_from(a))
        .where(a.c.due_on < w.as_at, a.c.provider_received_on <= w.as_at, a.c.exception_reason.is_(None))
    )
    if w.as_at >= w.today:  # now: outstanding advice (a partial index by due date)
        return q.where(a.c.received_on.is_(None))
    return q.where((a.c.received_on.is_(None)) | (a.c.received_on > w.as_at))


ADVICE_OVERDUE = Series(
    key="advice_overdue",
    title="Advice overdue",
    stock=True,
    items=_overdue,
    extra="provider",
    extra_label="Provider and advice",
    figures=(
        Figure("overdue", "Advice overdue"),
        Figure("overdue_chased", "Overdue and chased", lambda c: c.chased == 1),
        Figure("overdue_escalated", "Overdue and escalated", lambda c: c.escalated == 1),
    ),
    columns=(
        *COLUMNS,
        Column("days_overdue", "Days overdue", "number"),
        Column("chased", "Chased", "flag"),
        Column("escalated", "Escalated", "flag"),
    ),
)

SERIES = (ADVICE_RECEIVED, ADVICE_OVERDUE)
