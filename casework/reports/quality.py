"""Plan quality (reporting.md measure 14, issue 18): audits completed, their grades, the grades by
section, plans graded inadequate by whether their health or social care advice was late or missing,
and the outcomes for the child at annual reviews.

- An audit counts in the month it was completed (`plan_audits.completed_on`: the day its grade became
  final, after moderation when it was moderated), for the officer who held the case that made the plan
  (`plan_audits.officer_id`, recorded when the audit was drawn), with the grade under the framework
  version the audit keeps.
- "Advice late or missing" is the audit's record of how the plan was made (`workflow/quality/made.py`):
  the health or the social care advice was received after its due date, or was not received by the
  day the final plan was issued (or never asked for and not recorded as not needed). Its "on time" is
  the same test as "advice returned within 6 weeks" (`advice.py`).
- A section grade counts with its audit; "not applicable" sections are not counted.
- An outcome counts in the month of the review meeting at which it was recorded (`reviewed_on`), for
  the officer holding the review then.
"""

from __future__ import annotations

from sqlalchemy import select

from casework.models import AuditSectionGrade, Case, PlanAudit, PlanOutcome
from casework.reports.series import Column, Figure, Series, Window, officer_for
from casework.reports.sql import flag, month_of

audits_t = PlanAudit.__table__
sections_t = AuditSectionGrade.__table__
outcomes_t = PlanOutcome.__table__
cases_t = Case.__table__
GOOD_OR_BETTER = ("outstanding", "good")
LATE_OR_MISSING = ("late", "missing")


def _audits(w: Window):
    a = audits_t
    advice_problem = a.c.health_advice.in_(LATE_OR_MISSING) | a.c.social_care_advice.in_(LATE_OR_MISSING)
    return (
        select(
            a.c.case_id,
            month_of(a.c.completed_on).label("month"),
            a.c.officer_id,
            a.c.id.label("audit_id"),
            a.c.team,
            a.c.grade,
            a.c.completed_on,
            a.c.health_advice,
            a.c.social_care_advice,
            flag(a.c.moderated).label("moderated"),
            flag(advice_problem).label("advice_late_or_missing"),
        ).where(
            a.c.status == "completed", a.c.completed_on >= w.start, a.c.completed_on < w.end, a.c.case_id.is_not(None)
        )  # fmt: skip
    )


def _is(grade):
    return lambda c: c.grade == grade


PLAN_AUDITS = Series(
    key="plan_audits",
    title="Plan audits completed",
    items=_audits,
    extra="grade",
    extra_label="Overall grade",
    figures=(
        Figure("audits_done", "Audits completed"),
        Figure("outstanding", "Outstanding", _is("outstanding")),
        Figure("good", "Good", _is("good")),
        Figure("requires_improvement", "Requires improvement", _is("requires_improvement")),
        Figure("inadequate", "Inadequate", _is("inadequate")),
        Figure("good_or_better", "Good or outstanding", lambda c: c.grade.in_(GOOD_OR_BETTER)),
        Figure("inadequate_advice_late_or_missing", "Inadequate, with health or social care advice late or missing",
               lambda c: (c.grade == "inadequate") & (c.advice_late_or_missing == 1)),
        Figure("inadequate_advice_on_time", "Inadequate, with health and social care advice on time or not needed",
               lambda c: (c.grade == "inadequate") & (c.advice_late_or_missing == 0)),
        Figure("moderated", "Moderated", lambda c: c.moderated == 1),
    ),
    columns=(
        Column("completed_on", "Completed", "date"),
        Column("grade", "Overall grade"),
        Column("health_advice", "Health advice"),
        Column("social_care_advice", "Social care advice"),
        Column("moderated", "Moderated", "flag"),
    ),
)  # fmt: skip


def _sections(w: Window):
    a, g = audits_t, sections_t
    return (
        select(
            a.c.case_id,
            month_of(a.c.completed_on).label("month"),
            a.c.officer_id,
            g.c.section,
            g.c.grade,
            a.c.completed_on,
        )
        .select_from(g.join(a, a.c.id == g.c.audit_id))
        .where(
            a.c.status == "completed",
            a.c.completed_on >= w.start,
            a.c.completed_on < w.end,
            a.c.case_id.is_not(None),
            g.c.grade != "not_applicable",
        )  # fmt: skip
    )


AUDIT_SECTIONS = Series(
    key="audit_sections",
    title="Plan sections audited",
    items=_sections,
    extra="section",
    extra_label="Section",
    figures=(
        Figure("sections_graded", "Sections graded"),
        Figure("sections_good_or_better", "Good or outstanding", lambda c: c.grade.in_(GOOD_OR_BETTER)),
        Figure("sections_inadequate", "Inadequate", lambda c: c.grade == "inadequate"),
    ),
    columns=(Column("section", "Section"), Column("grade", "Grade"), Column("completed_on", "Completed", "date")),
)


def _outcomes(w: Window):
    o = outcomes_t
    return (
        select(
            o.c.case_id,
            month_of(o.c.reviewed_on).label("month"),
            officer_for(w, o.c.case_id, o.c.reviewed_on, cases_t.c.officer_id).label("officer_id"),
            o.c.status,
            o.c.reviewed_on,
        )
        .select_from(o.join(cases_t, cases_t.c.id == o.c.case_id))
        .where(o.c.reviewed_on >= w.start, o.c.reviewed_on < w.end)
    )


REVIEW_OUTCOMES = Series(
    key="review_outcomes",
    title="Outcomes at annual reviews",
    items=_outcomes,
    figures=(
        Figure("outcomes", "Outcomes reviewed"),
        Figure("outcomes_met", "Met", lambda c: c.status == "met"),
        Figure("outcomes_partly_met", "Partly met", lambda c: c.status == "partly_met"),
        Figure("outcomes_met_or_partly", "Met or partly met", lambda c: c.status.in_(("met", "partly_met"))),
    ),
    columns=(Column("reviewed_on", "Review meeting", "date"), Column("status", "At the review")),
)

SERIES = (PLAN_AUDITS, AUDIT_SECTIONS, REVIEW_OUTCOMES)
