"""The audit framework as data, and the overall grade it derives (pure: standard library only).

A framework is a JSON-able dict the council sets and versions (`audit_frameworks`): the plan's sections
A to K, each with its criteria (what to look for, and guidance on what good looks like), a weight and
whether it is *limiting*; the grading scale (each grade's score); and the thresholds that turn the
weighted mean score into the overall grade. An audit keeps the version it was done under, so a later
change to weights or criteria never moves a grade already given.

The overall grade (`overall`):
1. every section must be graded; a section marked `may_be_not_applicable` may be graded
   "not_applicable" (for example J, where no personal budget was asked for) and then counts nowhere;
2. the score is the weighted mean of the graded sections' scores, sum(weight x score) / sum(weight),
   kept as an exact fraction (no rounding at a boundary);
3. the grade is the best one whose threshold the score reaches (a threshold is inclusive);
4. a *limiting* section graded inadequate holds the overall grade at "requires improvement" at best
   (a plan whose outcomes or provision are inadequate is not a good plan, whatever else it does well).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

NOT_APPLICABLE = "not_applicable"

GRADES = (  # best first
    {"key": "outstanding", "label": "Outstanding", "score": 4},
    {"key": "good", "label": "Good", "score": 3},
    {"key": "requires_improvement", "label": "Requires improvement", "score": 2},
    {"key": "inadequate", "label": "Inadequate", "score": 1},
)


def _c(key: str, text: str, guidance: str) -> dict[str, str]:
    return {"key": key, "text": text, "guidance": guidance}


def _s(key, title, weight, criteria, limiting=False, may_be_not_applicable=False) -> dict[str, Any]:
    return {"key": key, "title": title, "weight": weight, "limiting": limiting,
            "may_be_not_applicable": may_be_not_applicable, "criteria": criteria}  # fmt: skip


DEFAULT: dict[str, Any] = {
    "name": "EHC plan quality framework",
    "grades": list(GRADES),
    # the lowest weighted mean score for each grade (the worst grade needs none)
    "thresholds": {"outstanding": "3.5", "good": "2.5", "requires_improvement": "1.5"},
    "themes": [
        "Child's voice", "Outcomes not SMART", "Provision not specified or quantified", "Health advice missing",
        "Social care advice missing", "Advice not reflected", "Preparing for adulthood", "Jargon",
    ],
    "sections": [
        _s("A", "A: Views, interests and aspirations", 2, [
            _c("A1", "The child's or young person's own views are in their own words",
               "Written in the first person where possible; how the views were gathered is stated."),
            _c("A2", "The parents' views, interests and aspirations are recorded",
               "Aspirations look to the future (education, work, independence, friends, health)."),
            _c("A3", "A one-page summary someone new could use",
               "What people like and admire, what is important to and for the child, how best to support them."),
        ]),
        _s("B", "B: Special educational needs", 2, [
            _c("B1", "Every need identified in the advice is described",
               "Each need is traced to the advice it came from; nothing in the advice is lost."),
            _c("B2", "Needs are specific and current",
               "Describes what the child finds hard now, with assessment results where they help; no diagnosis alone."),
        ], limiting=True),
        _s("C", "C: Health needs related to SEN", 1, [
            _c("C1", "Health needs from the health advice are described",
               "Each related health need is there, or the section says there are none (and the advice agrees)."),
        ], may_be_not_applicable=True),
        _s("D", "D: Social care needs", 1, [
            _c("D1", "Social care needs from the social care advice are described",
               "Including needs under the Children Act 1989 or care and support; or says there are none."),
        ], may_be_not_applicable=True),
        _s("E", "E: Outcomes", 3, [
            _c("E1", "Outcomes are SMART",
               "Specific, measurable, achievable, relevant and time-bound; a benefit or difference to the child."),
            _c("E2", "Outcomes follow from the needs and the aspirations",
               "Each need in B-D leads to an outcome; longer-term aspirations have steps towards them."),
            _c("E3", "Outcomes prepare for adulthood from Year 9",
               "Employment, independent living, community participation and health."),
        ], limiting=True),
        _s("F", "F: Special educational provision", 3, [
            _c("F1", "Provision is specified and quantified",
               "Who, what, how often, for how long, in what group size; no 'access to' or 'opportunities for'."),
            _c("F2", "Each need in B has provision",
               "Provision matches each need and leads towards the outcomes in E."),
        ], limiting=True),
        _s("G", "G: Health provision", 1, [
            _c("G1", "Health provision is specified for each health need",
               "Agreed with the health commissioner; who provides it and how often."),
        ], may_be_not_applicable=True),
        _s("H", "H1/H2: Social care provision", 1, [
            _c("H1", "Social care provision is specified for each social care need",
               "H1 provision under section 2 of the Chronically Sick and Disabled Persons Act; H2 other provision."),
        ], may_be_not_applicable=True),
        _s("I", "I: Placement", 1, [
            _c("I1", "The school or setting, or its type, is named",
               "Named after consulting the setting; matches the family's preference or says why not."),
        ]),
        _s("J", "J: Personal budget", 1, [
            _c("J1", "Any personal budget is set out",
               "The amount, what it pays for and how it is managed (direct payments arrangements)."),
        ], may_be_not_applicable=True),
        _s("K", "K: Advice and information", 1, [
            _c("K1", "All the advice and information is listed",
               "Every advice obtained under reg 6(1), with dates; appended to the plan."),
        ]),
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Overall:
    grade: str
    score: Fraction  # the weighted mean score
    limited: bool  # held down by an inadequate limiting section

    @property
    def score_text(self) -> str:
        return f"{float(self.score):.2f}"


class GradingError(ValueError):
    """A section not graded, or graded with a grade the framework does not have."""

    def __init__(self, section: str, message: str):
        super().__init__(message)
        self.section = section


def grade_keys(framework: dict[str, Any]) -> list[str]:
    return [g["key"] for g in framework["grades"]]


def grade_label(framework: dict[str, Any], key: str | None) -> str:
    if key == NOT_APPLICABLE:
        return "Not applicable"
    return next((g["label"] for g in framework["grades"] if g["key"] == key), "Not graded")


def criteria_keys(framework: dict[str, Any]) -> list[str]:
    return [c["key"] for s in framework["sections"] for c in s["criteria"]]


def overall(framework: dict[str, Any], grades: dict[str, str]) -> Overall:
    """The overall grade of the section grades `grades` ({section key: grade key}) under `framework`."""
    scores = {g["key"]: Fraction(g["score"]) for g in framework["grades"]}
    total = weight = Fraction(0)
    limited = False
    for section in framework["sections"]:
        key = section["key"]
        given = grades.get(key)
        if not given:
            raise GradingError(key, f"Choose a grade for section {section['title']}")
        if given == NOT_APPLICABLE:
            if not section.get("may_be_not_applicable"):
                raise GradingError(key, f"Section {section['title']} must be graded: it cannot be not applicable")
            continue
        if given not in scores:
            raise GradingError(key, f"Choose a grade for section {section['title']}")
        w = Fraction(str(section["weight"]))
        total += w * scores[given]
        weight += w
        limited = limited or (section.get("limiting", False) and given == framework["grades"][-1]["key"])
    if not weight:
        raise GradingError(framework["sections"][0]["key"], "Grade at least one section")
    score = total / weight
    keys = grade_keys(framework)
    thresholds = framework["thresholds"]
    grade = next((k for k in keys[:-1] if score >= Fraction(str(thresholds[k]))), keys[-1])
    cap = "requires_improvement" if "requires_improvement" in keys else keys[-2]
    if limited and keys.index(grade) < keys.index(cap):
        return Overall(cap, score, True)
    return Overall(grade, score, False)


def check(framework: dict[str, Any]) -> list[str]:
    """What is wrong with a framework a council wants to load (empty when it can be used)."""
    problems = []
    try:
        keys = grade_keys(framework)
        if len(keys) < 2 or len(set(keys)) != len(keys):
            problems.append("the grades must be at least two, each with its own key")
        for k in keys[:-1]:
            Fraction(str(framework["thresholds"][k]))
        if not framework["sections"]:
            problems.append("the framework needs at least one section")
        seen: set[str] = set()
        for s in framework["sections"]:
            if s["key"] in seen or not s["criteria"]:
                problems.append(f"section {s['key']} is repeated or has no criteria")
            seen.add(s["key"])
            if Fraction(str(s["weight"])) < 0:
                problems.append(f"section {s['key']} has a negative weight")
            if not s.get("title"):
                problems.append(f"section {s['key']} has no title")
        if len(set(criteria_keys(framework))) != len(criteria_keys(framework)):
            problems.append("each criterion needs its own key")
    except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        problems.append(f"the framework is incomplete ({type(exc).__name__}: {exc})")
    return problems
