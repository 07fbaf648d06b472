"""Making the SEN2 return: the persons from the records (``sen2_build``), written as XML
(``sen2.writer``), checked person by person as they are written (``sen2.checks``), then validated
against the XSD; and its reconciliation with the dashboard's figures for the same period.

A return with Errors is still written; it is "not ready" until they are fixed (``Outcome.ready``).
The file is deterministic: the header's DateTime is the reference date at 00:00 unless a time is
given, so the same records give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree
from sqlalchemy import func, select

from casework.reports.read import read_many
from casework.reports.sen2 import checks, validate, writer
from casework.reports.sen2.records import Header, Person
from casework.reports.sen2_build import Period, active_at, persons, plans_t

SOFTWARE_CODE = "casework"
RELEASE = "0.2"
Progress = Callable[[int], None]


@dataclass
class Outcome:
    period: Period
    persons: int = 0
    findings: list[checks.Finding] = field(default_factory=list)
    schema_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level == checks.ERROR)

    @property
    def queries(self) -> int:
        return sum(1 for f in self.findings if f.level == checks.QUERY)

    @property
    def ready(self) -> bool:
        return self.errors == 0 and not self.schema_errors


def header(config: Any, p: Period, made_at: dt.datetime | None = None) -> Header:
    return Header(
        year=p.year, reference_date=p.reference_date, lea=config.la_code, software_code=SOFTWARE_CODE,
        release=RELEASE, serial_no=1, date_time=made_at or dt.datetime.combine(p.reference_date, dt.time()),
        dmo=config.dmo, dco=config.dco, dsco=config.dsco,
    )  # fmt: skip


def _checked(people: Iterable[Person], checker: checks.Checker, outcome: Outcome, progress: Progress | None):
    for person in people:
        outcome.findings.extend(checker.check(person))
        outcome.persons += 1
        if progress is not None and outcome.persons % 1000 == 0:
            progress(outcome.persons)
        yield person


def write(
    conn: Any, config: Any, year: int, out: IO[bytes], *, progress: Progress | None = None,
    made_at: dt.datetime | None = None,
) -> Outcome:  # fmt: skip
    """Write the return for collection ``year`` to ``out``, running the checks as it goes."""
    p = Period.of(year)
    outcome = Outcome(p)
    checker = checks.Checker(p.reference_date)
    writer.write_return(out, header(config, p, made_at), _checked(persons(conn, p), checker, outcome, progress))
    outcome.findings.extend(checker.finish())
    return outcome


def make(
    conn: Any, config: Any, year: int, path: Path, *, progress: Progress | None = None, check_schema: bool = True,
    made_at: dt.datetime | None = None,
) -> Outcome:  # fmt: skip
    """Write the return to ``path`` and validate it against the XSD."""
    with open(path, "wb") as out:
        outcome = write(conn, config, year, out, progress=progress, made_at=made_at)
    if check_schema:
        outcome.schema_errors = validate.validate(path)
    return outcome


# --- reconciliation -----------------------------------------------------------------------------

FIGURES = (
    ("plans_issued", "Final plans issued in the year"),
    ("plans_issued_within_20_weeks", "Issued within 20 weeks (including exceptions)"),
    ("plans_issued_ex", "Final plans issued (excluding exceptions)"),
    ("plans_issued_within_20_weeks_ex", "Issued within 20 weeks (excluding exceptions)"),
    ("decisions_not_to_assess", "Decisions not to assess"),
    ("decisions_not_to_issue", "Decisions not to issue a plan"),
    ("active_plans", "Plans active at the reference date"),
)
WEEKS_20 = 140  # the dashboard's "within 20 weeks": on or before the clock start + 140 days (api.md)


def _date(element: Any, tag: str) -> dt.date | None:
    text = element.findtext(tag)
    return dt.date.fromisoformat(text) if text else None


def from_file(source: str | Path | IO[bytes]) -> dict[str, int]:
    """The reconciliation's counts read from a generated file (streamed: one Requests module at a
    time). Activity is counted when its date is in the file's activity period."""
    counts = dict.fromkeys([key for key, _ in FIGURES], 0)
    year = None
    for _event, element in etree.iterparse(source, events=("end",), tag=("Year", "Requests", "Person")):
        if element.tag == "Year":
            year = int(element.text)
            continue
        if element.tag == "Person":  # its requests were counted: let it go
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
            continue
        p = Period.of(year)

        def within(day: dt.date | None, p: Period = p) -> bool:
            return day is not None and p.start <= day <= p.end

        received = _date(element, "ReceivedDate")
        if element.findtext("RequestOutcome") == "N" and within(_date(element, "RequestOutcomeDate")):
            counts["decisions_not_to_assess"] += 1
        assessment = element.find("Assessment")
        if assessment is not None:
            outcome, on = assessment.findtext("AssessmentOutcome"), _date(assessment, "AssessmentOutcomeDate")
            if outcome == "N" and within(on):
                counts["decisions_not_to_issue"] += 1
            if outcome == "Y" and within(on):
                in_time = received is not None and (on - received).days <= WEEKS_20
                excepted = assessment.findtext("Week20") == "1"
                counts["plans_issued"] += 1
                counts["plans_issued_within_20_weeks"] += in_time
                counts["plans_issued_ex"] += not excepted
                counts["plans_issued_within_20_weeks_ex"] += in_time and not excepted
        counts["active_plans"] += element.find("ActivePlans") is not None
    return counts


def from_dashboard(conn: Any, year: int, today: dt.date) -> dict[str, int]:
    """The same figures from the dashboard's own series (``reports.read``) for the activity period,
    as the records stand now (a closed month's restatement, if any), and the active plans at the
    reference date by the return's own definition (the dashboard has no such series)."""
    p = Period.of(year)
    read = read_many(conn, ["plans_issued", "decisions_to_assess", "decisions_not_to_issue"], p.months, today)

    def total(key: str, figure: str) -> int:
        return sum((m.now if m.now is not None else m.figures).get(figure, 0) for m in read[key].values())

    return {
        "plans_issued": total("plans_issued", "plans_issued"),
        "plans_issued_within_20_weeks": total("plans_issued", "plans_issued_within_20_weeks"),
        "plans_issued_ex": total("plans_issued", "plans_issued_ex"),
        "plans_issued_within_20_weeks_ex": total("plans_issued", "plans_issued_within_20_weeks_ex"),
        "decisions_not_to_assess": total("decisions_to_assess", "decisions_to_assess")
        - total("decisions_to_assess", "decided_to_assess"),
        "decisions_not_to_issue": total("decisions_not_to_issue", "decisions_not_to_issue"),
        "active_plans": conn.execute(select(func.count()).select_from(plans_t).where(active_at(p))).scalar_one(),
    }


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    in_return: int
    on_dashboard: int

    @property
    def agrees(self) -> bool:
        return self.in_return == self.on_dashboard


def reconcile(file_counts: dict[str, int], dashboard: dict[str, int]) -> list[Line]:
    return [Line(key, label, file_counts[key], dashboard[key]) for key, label in FIGURES]


def error_lines(outcome: Outcome) -> Iterator[str]:
    for error in outcome.schema_errors:
        yield f"schema: {error}"
