"""Every series of figures the product keeps, by key (the stored facts' `measure` column)."""

from __future__ import annotations

from casework.reports import advice, assessments, caseload, feedback, quality, reviews, voice
from casework.reports.series import Series

SERIES: dict[str, Series] = {
    s.key: s
    for s in (
        *assessments.SERIES,
        *advice.SERIES,
        *reviews.SERIES,
        *caseload.SERIES,
        *feedback.SERIES,
        *voice.SERIES,
        *quality.SERIES,
    )
}


def get(key: str) -> Series:
    return SERIES[key]
