"""The letters' catalogue: for each kind, the regulation it satisfies, the items the regulation
requires it to carry (checked by the tests and, when a council adjusts the wording, by
`render_html`), and the values its template needs (`check_values`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple


class LetterError(Exception):
    """A letter cannot be written: unknown kind, missing or wrong values, broken or incomplete wording."""

    def __init__(self, kind: str, message: str, *, missing: Sequence[str] = (), passed: Sequence[str] = ()) -> None:
        super().__init__(f"{kind} letter: {message}")
        self.kind = kind
        self.missing = tuple(missing)
        self.passed = tuple(passed)  # the family's dates already gone on the letter's date (and nothing else wrong)


class RequiredItem(NamedTuple):
    """Something the law says the letter must tell the family.

    `phrase` is what the package's English wording says; `{name}` placeholders stand for values as the
    letter shows them (dates in long form, e.g. "Monday 4 January 2027")."""

    id: str
    regulation: str
    phrase: str


@dataclass(frozen=True)
class LetterSpec:
    kind: str
    title: str  # what staff screens call the letter; the letter's own heading is in its template
    regulation: str
    required_items: tuple[RequiredItem, ...]
    required_values: tuple[str, ...]  # dotted names: "council.phone"


# --- the values contract ---------------------------------------------------------------------------

COMMON_VALUES = (
    "council.name",
    "council.address_lines",
    "council.phone",
    "council.email",
    "council.website",
    "recipient.name",
    "recipient.address_lines",
    "child.given_name",
    "child.family_name",
    "child.date_of_birth",
    "case_ref",
    "letter_date",
    "decision_on",
    "officer.name",
    "officer.phone",
    "officer.email",
    "advice_services.sendiass_name",
    "advice_services.sendiass_phone",
    "advice_services.sendiass_website",
    "advice_services.ipsea_website",
)
APPEAL_VALUES = ("appeal_by", "mediation_contact_by", "mediation.name", "mediation.phone")

DATE_VALUES = frozenset(
    {
        "letter_date",
        "decision_on",
        "child.date_of_birth",
        "appeal_by",
        "mediation_contact_by",
        "final_plan_due",
        "representations_until",
        "earliest_final_on",
        "next_review_due",
        "meeting_on",
        "amended_plan_due",
        "earliest_cease_on",
        "ceased_on",
    }
)
LIST_VALUES = frozenset({"council.address_lines", "recipient.address_lines", "amendments_summary", "paragraphs"})
ADDRESS_LINES_MAX = 6  # with the name, 7 lines: what the envelope window holds (letter.css)
# the family's own deadlines: one before the letter is even sent would tell them they are already late
NOT_BEFORE_LETTER_DATE = ("appeal_by", "mediation_contact_by", "representations_until")


# --- what each letter must say ---------------------------------------------------------------------


def _appeal_items(regulation: str) -> tuple[RequiredItem, ...]:
    return (
        RequiredItem("appeal_right", f"{regulation}; CFA s.51", "You can appeal to the SEND Tribunal."),
        RequiredItem(
            "appeal_deadline",
            f"{regulation}; D1: HESC r.20(1)(c)(i), adjusted by r.12 (Decision 6)",
            "Your appeal must reach the Tribunal by {appeal_by}.",
        ),
        RequiredItem(
            "mediation",
            f"{regulation}; reg 32; D3: reg 33",
            "Contact the mediation adviser by {mediation_contact_by}.",
        ),
    )


def _disagreement_item(regulation: str) -> RequiredItem:
    return RequiredItem("disagreement_resolution", regulation, "You can also use our disagreement resolution service.")


def _advice_item(regulation: str) -> RequiredItem:
    return RequiredItem("advice_services", regulation, "{advice_services[sendiass_name]} gives free advice")


# Giving the reason for a decision is good practice that statutory.md does not ground in a regulation.
_REASON = "reasons (good practice; confirm the source)"


def _spec(
    kind: str,
    title: str,
    regulation: str,
    items: Iterable[RequiredItem],
    values: Iterable[str],
    *,
    leave_out: Iterable[str] = (),
) -> LetterSpec:
    common = tuple(name for name in COMMON_VALUES if name not in set(leave_out))
    return LetterSpec(kind, title, regulation, tuple(items), common + tuple(values))


_NOT_TO_ASSESS = "reg 5(3)"
_NOT_TO_ISSUE = "reg 10(3)"
_FINAL = "reg 14"
_MAINTAIN = "B6: reg 20(10), reg 21(8)"
_CEASE = "C4: reg 31(1)-(3)"
_AMENDED = "reg 22(3); CFA s.51(2)"

LETTERS: dict[str, LetterSpec] = {
    spec.kind: spec
    for spec in (
        _spec(
            "decided_not_to_assess",
            "Decision not to carry out an EHC needs assessment",
            "A1: reg 5(1)-(3)",
            (
                RequiredItem("decision", "reg 5(1)", "we decided not to carry out an EHC needs assessment"),
                RequiredItem("reason", _REASON, "{reason}"),
                *_appeal_items(_NOT_TO_ASSESS),
                _disagreement_item(_NOT_TO_ASSESS),
                _advice_item(_NOT_TO_ASSESS),
            ),
            ("reason", *APPEAL_VALUES),
        ),
        _spec(
            "decided_to_assess",
            "Decision to carry out an EHC needs assessment",
            "A1: reg 5(1)-(2)",
            (
                RequiredItem("decision", "reg 5(1)", "we decided to carry out an EHC needs assessment"),
                RequiredItem("next_steps", "reg 6", "We will now ask people who know"),
                RequiredItem("final_plan_due", "A7: reg 13(2)", "by {final_plan_due}"),
            ),
            ("final_plan_due",),
        ),
        _spec(
            "decided_not_to_issue",
            "Decision not to issue an EHC plan",
            "A3: reg 10(1)-(3)",
            (
                RequiredItem("decision", "reg 10(1)", "we decided not to issue an EHC plan"),
                RequiredItem("reason", _REASON, "{reason}"),
                *_appeal_items(_NOT_TO_ISSUE),
                _disagreement_item(_NOT_TO_ISSUE),
                _advice_item(_NOT_TO_ISSUE),
            ),
            ("reason", *APPEAL_VALUES),
        ),
        _spec(
            "draft_issued",
            "Draft EHC plan",
            "A4: reg 13(1)(a); CFA s.38(2)(b)",
            (
                RequiredItem("draft_enclosed", "A4: reg 13(1)(a)", "With this letter is a draft of"),
                RequiredItem(
                    "representations",
                    "A4: reg 13(1)(a), Decision 3",
                    "Please send us your comments by {representations_until}.",
                ),
                RequiredItem("request_school", "A4: CFA s.38(2)(b)", "ask us to name a particular school or college"),
                RequiredItem("meeting", "A4: CFA s.38(2)(b)", "ask to meet one of our officers"),
                RequiredItem(
                    "final_plan",
                    "A4 Decision 3; A7: reg 13(2)",
                    "We will send you the final plan by {final_plan_due}.",
                ),
            ),
            ("representations_until", "earliest_final_on", "final_plan_due"),
        ),
        _spec(
            "final_issued",
            "Final EHC plan",
            "A7: reg 13(2); A8: reg 14",
            (
                RequiredItem("plan_enclosed", "reg 13(2)", "With this letter is the final"),
                RequiredItem("named_setting", "reg 13(2)", "The plan says where"),
                RequiredItem("next_review", "B1: CFA s.44(1)", "by {next_review_due}"),
                *_appeal_items(_FINAL),
                RequiredItem(
                    "school_only_appeal",
                    "D12: CFA s.55",
                    "you do not need to contact a mediation adviser first",
                ),
            ),
            (*APPEAL_VALUES, "next_review_due"),  # named_setting if the plan names one (api.md: optional),
        ),
        _spec(
            "review_maintained",
            "Annual review: plan kept as it is",
            "B6: reg 20(10), reg 21(8)",
            (
                RequiredItem("decision", "B6", "we decided to keep the EHC plan as it is"),
                RequiredItem("next_review", "B1: CFA s.44(1)", "by {next_review_due}"),
                *_appeal_items(_MAINTAIN),
            ),
            (*APPEAL_VALUES, "meeting_on", "next_review_due"),
        ),
        _spec(
            "review_amendments_proposed",
            "Annual review: proposed changes to the plan (amendment notice)",
            "B7-B9: reg 22(2); R (L) v Devon CC [2022]",
            (
                RequiredItem("decision", "B6", "we decided to change the EHC plan"),
                RequiredItem("plan_enclosed", "reg 22(2)(a)", "a copy of the EHC plan as it is now"),
                RequiredItem("amendments_enclosed", "B7: reg 22(2)(b)", "a notice that sets out the changes"),
                RequiredItem("evidence_enclosed", "B7: reg 22(2)(b)", "the evidence for the changes"),
                RequiredItem("amendments", "B7", "{amendments_summary[0]}"),
                RequiredItem(
                    "representations",
                    "B8: reg 22(2)(c), Decision 3",
                    "Please send us your comments by {representations_until}.",
                ),
                RequiredItem("fifteen_days", "B8: reg 22(2)(c)", "at least 15 days"),
                RequiredItem("request_school", "B8: reg 22(2)(c)", "ask us to name a particular school or college"),
                RequiredItem("meeting", "B8: reg 22(2)(c)", "ask to meet one of our officers"),
                RequiredItem(
                    "school_information", "reg 22(2) (confirm the paragraph)", "lists the schools and colleges"
                ),
                RequiredItem(
                    "amended_plan_due",
                    "B9: reg 22(3)",
                    "We will send you the amended plan by {amended_plan_due}.",
                ),
            ),
            (
                "meeting_on",
                "amendments_summary",
                "representations_until",
                "earliest_final_on",
                "amended_plan_due",
            ),
        ),
        _spec(
            "review_decided_to_cease",
            "Decision to cease the EHC plan",
            "B6; C4: reg 31(1)-(3); C6",
            (
                RequiredItem("decision", "B6; C4: reg 31", "we decided to stop the EHC plan"),
                RequiredItem("reason", _REASON, "{reason}"),
                RequiredItem("plan_continues", "C6: CFA s.45", "until at least {earliest_cease_on}"),
                *_appeal_items(_CEASE),
                _disagreement_item(_CEASE),
            ),
            (*APPEAL_VALUES, "meeting_on", "reason", "earliest_cease_on"),
        ),
        _spec(
            "review_plan_ceased",
            "EHC plan ended",
            "C6: CFA s.45",
            (
                RequiredItem("decision", "C6", "The EHC plan ended on {ceased_on}."),
                RequiredItem("new_request", "CFA s.36(1)", "you can ask us for a new EHC needs assessment"),
            ),
            ("ceased_on",),
        ),
        _spec(
            "review_amended_plan_issued",
            "Amended EHC plan",
            "B9: reg 22(3); CFA s.51(2)",
            (
                RequiredItem("plan_enclosed", "reg 22(3)", "With this letter is the amended"),
                RequiredItem("named_setting", "reg 22(3)", "The plan says where"),
                RequiredItem("next_review", "B1: CFA s.44(1)", "by {next_review_due}"),
                *_appeal_items(_AMENDED),
                RequiredItem(
                    "school_only_appeal",
                    "D12: CFA s.55",
                    "you do not need to contact a mediation adviser first",
                ),
            ),
            (*APPEAL_VALUES, "next_review_due"),  # named_setting if the plan names one (api.md: optional),
        ),
        _spec(
            "officer_changed",
            "New case officer",
            "none (good practice: one point of contact)",
            (
                RequiredItem("decision", "-", "your case officer is {new_officer[name]}"),
                RequiredItem("dates_unchanged", "-", "All the dates we gave you still apply."),
            ),
            ("new_officer.name", "new_officer.phone", "new_officer.email"),
            leave_out=("officer.phone", "officer.email"),  # the letter names the old officer only
        ),
        _spec(
            "family_update",
            "An update by post",
            "none (the family asked for letters: the update they would otherwise get by email)",
            (RequiredItem("update", "-", "{paragraphs[0]}"),),
            ("subject", "paragraphs"),
            leave_out=("decision_on",),  # the update's own words give its dates
        ),
    )
}


# --- checking values -------------------------------------------------------------------------------

_MISSING = object()


def _lookup(values: Mapping[str, Any], dotted: str) -> Any:
    node: Any = values
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _is_blank(value: Any) -> bool:
    if value is _MISSING or value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def check_values(kind: str, values: Mapping[str, Any]) -> LetterSpec:
    """Raise LetterError unless `values` has everything `kind` needs, of the right type."""
    spec = LETTERS.get(kind)
    if spec is None:
        raise LetterError(kind, f"unknown kind (known: {', '.join(sorted(LETTERS))})")
    if not isinstance(values, Mapping):
        raise LetterError(kind, "values must be a mapping")
    missing = [name for name in spec.required_values if _is_blank(_lookup(values, name))]
    if missing:
        raise LetterError(kind, f"missing value(s): {', '.join(missing)}", missing=missing)
    problems = []
    for name in spec.required_values:
        value = _lookup(values, name)
        if name in DATE_VALUES and not is_date(value):
            problems.append(f"{name} must be a datetime.date, not {type(value).__name__}")
        elif name in LIST_VALUES and not (
            isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value)
        ):
            problems.append(f"{name} must be a list of non-blank strings")
    lines = values["recipient"]["address_lines"]
    if isinstance(lines, list | tuple) and len(lines) > ADDRESS_LINES_MAX:
        problems.append(
            f"recipient.address_lines has {len(lines)} lines: the envelope window holds {ADDRESS_LINES_MAX}"
        )
    if problems:
        raise LetterError(kind, "; ".join(problems))
    letter_date = values["letter_date"]
    passed = [name for name in NOT_BEFORE_LETTER_DATE
              if name in spec.required_values and is_date(values[name]) and values[name] < letter_date]  # fmt: skip
    if passed:
        raise LetterError(kind, "; ".join(f"{n} ({values[n]}) is before letter_date ({letter_date})" for n in passed),
                          passed=passed)  # fmt: skip
    return spec
