"""Typed SQLAlchemy 2 models, one module per aggregate."""

from casework.models.advice import AdviceDocument, AdviceRequest, Provider
from casework.models.audit import AuditEvent
from casework.models.cases import Case, CaseException, CaseNote, Deadline, Event
from casework.models.closures import Closure, EducationSetting
from casework.models.feedback import CallListEntry, CallSample, FeedbackResponse, ReviewAction, Survey
from casework.models.letters import Letter
from casework.models.notifications import OutboxMessage
from casework.models.people import (
    Child,
    Contact,
    Family,
    FamilyContribution,
    FamilyLink,
    Placement,
    PortalCode,
    PortalToken,
    RateLimit,
    SenNeed,
)
from casework.models.plans import Plan, PlanSetting
from casework.models.quality import (
    AuditAction,
    AuditFramework,
    AuditReview,
    AuditSample,
    AuditSectionGrade,
    PlanAudit,
    PlanDocument,
    PlanOutcome,
)
from casework.models.reports import ReportDocument, ReportFact, ReportMonth, ReportTarget
from casework.models.staff import ApiToken, Staff, UserSession

__all__ = [
    "AdviceDocument",
    "ApiToken",
    "AdviceRequest",
    "AuditAction",
    "AuditEvent",
    "AuditFramework",
    "AuditReview",
    "AuditSample",
    "AuditSectionGrade",
    "CallListEntry",
    "CallSample",
    "Case",
    "CaseException",
    "CaseNote",
    "Child",
    "Closure",
    "Contact",
    "Deadline",
    "EducationSetting",
    "Event",
    "Family",
    "FamilyContribution",
    "FamilyLink",
    "FeedbackResponse",
    "Letter",
    "PortalCode",
    "PortalToken",
    "RateLimit",
    "SenNeed",
    "OutboxMessage",
    "Placement",
    "Plan",
    "PlanSetting",
    "PlanAudit",
    "PlanDocument",
    "PlanOutcome",
    "Provider",
    "ReportDocument",
    "ReportFact",
    "ReportMonth",
    "ReportTarget",
    "Staff",
    "ReviewAction",
    "Survey",
    "UserSession",
]
