"""The satisfaction rates' margins (issue 16): the Wilson 95% interval against values worked by hand,
and the measures' statements are the survey's."""

from __future__ import annotations

import pytest

from casework.reports.margins import margin_points, wilson
from casework.reports.measures import FEEDBACK_STATEMENTS, INDICATORS
from casework.workflow.feedback import STATEMENT_KEYS, check_answers, months_before


@pytest.mark.parametrize(
    ("agree", "answered", "expected"),
    [
        # worked by hand: p = x/n, z = 1.96, d = 1 + z^2/n, centre = (p + z^2/2n)/d,
        # half = z*sqrt(p(1-p)/n + z^2/4n^2)/d
        (18, 25, (52.4, 85.7)),  # p .72: centre .690697, half .166466
        (5, 10, (23.7, 76.3)),  # p .5: centre .5, half .263409
        (0, 10, (0.0, 27.8)),  # p 0: high = (z^2/n)/(1 + z^2/n) = .38416/1.38416
        (10, 10, (72.2, 100.0)),
        (54, 75, (61.0, 80.9)),  # a quarter at 72%: centre .709281, half .099690 (about 10 points)
    ],
)
def test_wilson_interval_matches_hand_worked_values(agree, answered, expected):
    assert wilson(agree, answered) == expected


def test_a_month_of_25_is_about_20_points_and_a_quarter_about_11():
    assert 16 <= margin_points(13, 25) <= 20  # p = .52: the widest
    assert 9 <= margin_points(39, 75) <= 11.5
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_the_dashboard_counts_the_statements_families_answer():
    assert tuple(k for k, _ in FEEDBACK_STATEMENTS) == STATEMENT_KEYS
    for key in STATEMENT_KEYS:
        indicator = INDICATORS[f"agree_{key}"]
        assert indicator.margin and indicator.unit == "percent"
        assert indicator.value({f"{key}_agree": 18, f"{key}_answered": 25}) == 72.0


def test_answers_are_checked_field_by_field():
    values, problems = check_answers({"informed": "5", "contact": "0", "went_well": "x" * 2001})
    assert set(problems) == {"contact", "went_well"}
    values, problems = check_answers({})
    assert problems == {"informed": "Answer at least one question, or choose 'Stop sending me surveys' below."}
    values, problems = check_answers({"needs": "2", "may_quote": "yes"})
    assert problems == {} and values["q_needs"] == 2 and values["q_informed"] is None and values["may_quote"]


def test_six_months_before():
    import datetime as dt

    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)
