"""The history's rows as the calibration reads them (plain data: `history` fills them from the
database, `calibration.fit` reads them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Advice:
    provider_id: int
    advice_type: str
    requested_on: dt.date
    due_on: dt.date | None
    received_on: dt.date | None  # None: not back by as_at (or returned unanswered)


@dataclass
class Assessment:
    case_id: int
    clock_start: dt.date
    events: dict[str, dt.date] = field(default_factory=dict)  # the first of each type before as_at
    exception: bool = False  # an exception recorded against the 20-week deadline before as_at
    advice: list[Advice] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return any(e in self.events for e in ("final_issued", "decided_not_to_assess", "decided_not_to_issue",
                                              "withdrawn", "exported"))  # fmt: skip


@dataclass
class Review:
    opened_on: dt.date
    closed_on: dt.date | None  # None: open on as_at


@dataclass
class History:
    as_at: dt.date
    assessments: list[Assessment]
    reviews: list[Review]
    providers: dict[int, tuple[str, str]]  # id -> (name, advice type)
    officers: int  # officers in post on as_at
    capacity: float  # their mean stated capacity (open cases)
    plans: int  # plans made (final plans issued) before as_at, a measure of the council's size
