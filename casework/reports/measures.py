"""The measures of reporting.md section 2, in its order: a registry. Each measure names the series
that hold its figures and the indicators a manager reads (a rate, a count or a mean, on a stated
basis), which carry the council's targets and red/amber/green. A measure whose data the product
does not record yet says so ("not yet recorded", never a zero) and names what will bring it: when
that feature lands, its series goes in `catalogue.py` and its indicators here, and every surface
(dashboard, exports, board report, API, nightly job) picks it up."""

from __future__ import annotations

from dataclasses import dataclass

INCLUDING, EXCLUDING = "including exceptions", "excluding exceptions"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    series: str
    numerator: str  # a figure of the series
    denominator: str | None = None  # None: the numerator is a count
    basis: str | None = None
    better: str = "higher"  # higher | lower | neither (no red/amber/green)
    unit: str = "percent"  # percent | count | weeks (mean: numerator days / denominator / 7)
    sen2: str = ""
    margin: bool = False  # a sample's rate: shown with its 95% interval (reports/margins.py) and by quarter

    def value(self, figures: dict[str, int]) -> float | None:
        num = figures.get(self.numerator, 0)
        if self.unit == "count":
            return float(num)
        den = figures.get(self.denominator or "", 0)
        if not den:
            return None
        if self.unit == "weeks":
            return round(num / den / 7, 1)
        return round(100.0 * num / den, 1)

    def exception_figures(self) -> tuple[str, str | None]:
        """(figure, failing): the items behind a red value, as `series.items_for` takes them. A rate
        lists what the denominator counts and the numerator does not (or, where lower is better,
        what the numerator counts); a count or a mean lists its items."""
        if self.unit == "percent" and self.better == "higher":
            return self.denominator or self.numerator, self.numerator
        if self.unit == "weeks":
            return self.denominator or self.numerator, None
        return self.numerator, None


@dataclass(frozen=True)
class Measure:
    number: int
    key: str
    title: str
    definition: str
    indicators: tuple[Indicator, ...] = ()
    series: tuple[str, ...] = ()
    awaiting: str | None = None  # not recorded yet: what brings the data
    partly: str | None = None  # recorded in part: what is missing


# reporting.md section 4's statements (workflow/feedback.py's STATEMENTS, whose wording families read)
FEEDBACK_STATEMENTS = (
    ("informed", "Kept informed about what was happening"), ("contact", "Knew who to contact"),
    ("listened", "Their views were listened to"), ("needs", "The plan describes the needs accurately"),
    ("difference", "The plan will make a difference"), ("time", "It took about as long as they were told"),
)  # fmt: skip


def _rate(key, label, series, num, den, basis=None, better="higher", sen2=""):
    return Indicator(key, label, series, num, den, basis, better, "percent", sen2)


def _count(key, label, series, num, better="lower"):
    return Indicator(key, label, series, num, None, None, better, "count")


MEASURES: tuple[Measure, ...] = (
    Measure(1, "timeliness", "Final plans issued within 20 weeks",
            "Final plans issued in the month on or before the request's clock start + 140 days, of all final plans "
            "issued in the month; both DfE bases; the shares issued in 20 to 52 weeks and after 52 weeks; the mean "
            "weeks from request to issue; and the share of plans with an exception recorded (a guard against "
            "over-flagging).",
            (_rate("plans_within_20_weeks", "Final plans issued within 20 weeks", "plans_issued",
                   "plans_issued_within_20_weeks", "plans_issued", INCLUDING, sen2="plans_issued_within_20_weeks"),
             _rate("plans_within_20_weeks_ex", "Final plans issued within 20 weeks", "plans_issued",
                   "plans_issued_within_20_weeks_ex", "plans_issued_ex", EXCLUDING,
                   sen2="plans_issued_within_20_weeks_ex"),
             _rate("plans_20_to_52_weeks", "Issued in 20 to 52 weeks", "plans_issued", "plans_issued_20_to_52_weeks",
                   "plans_issued", INCLUDING, "lower", "plans_issued_gt20weeks_ltYear"),
             _rate("plans_over_52_weeks", "Issued after 52 weeks", "plans_issued", "plans_issued_over_52_weeks",
                   "plans_issued", INCLUDING, "lower", "plans_issued_gt_1_year"),
             Indicator("mean_weeks_to_issue", "Mean weeks from request to final plan", "plans_issued", "days_to_issue",
                       "plans_issued", INCLUDING, "lower", "weeks", "avg_weeks_issue_plan"),
             Indicator("mean_weeks_to_issue_ex", "Mean weeks from request to final plan", "plans_issued",
                       "days_to_issue_ex", "plans_issued_ex", EXCLUDING, "lower", "weeks", "avg_weeks_issue_plan_exc"),
             _rate("plans_exception_share", "Plans with an exception recorded", "plans_issued", "plans_with_exception",
                   "plans_issued", None, "lower")),
            ("plans_issued",)),
    Measure(2, "backlog", "Open assessments past 20 weeks",
            "Open assessments whose 20 weeks have passed without a final plan, at the end of the month (today for "
            "this month), by how long: 20 to 30 weeks, 30 to 52 weeks, over 52 weeks.",
            (_count("open_past_20_weeks", "Open assessments past 20 weeks", "open_past_20_weeks", "open_past_20_weeks"),
             _count("open_past_20_weeks_ex", "Open past 20 weeks (excluding exceptions)", "open_past_20_weeks",
                    "open_past_20_weeks_ex"),
             _count("open_over_52_weeks", "Open over 52 weeks", "open_past_20_weeks", "open_over_52_weeks")),
            ("open_past_20_weeks",)),
    Measure(3, "decisions_to_assess", "Decisions whether to assess within 6 weeks",
            "Decisions whether to assess (to assess or not) made in the month on or before the clock start + 42 days, "
            "of all such decisions in the month.",
            (_rate("decisions_to_assess_6_weeks", "Decisions whether to assess within 6 weeks", "decisions_to_assess",
                   "decisions_to_assess_within_6_weeks", "decisions_to_assess", INCLUDING, sen2="request_outcome_six_weeks"),
             _rate("decisions_to_assess_6_weeks_ex", "Decisions whether to assess within 6 weeks",
                   "decisions_to_assess", "decisions_to_assess_within_6_weeks_ex", "decisions_to_assess_ex", EXCLUDING)),
            ("decisions_to_assess",)),
    Measure(4, "decisions_not_to_issue", "Decisions not to issue within 16 weeks",
            "Decisions not to issue a plan made in the month on or before the clock start + 112 days (reg 10), of all "
            "such decisions in the month.",
            (_rate("decisions_not_to_issue_16_weeks", "Decisions not to issue within 16 weeks", "decisions_not_to_issue",
                   "decisions_not_to_issue_within_16_weeks", "decisions_not_to_issue", INCLUDING,
                   sen2="outcome_decision_within_time"),
             _rate("decisions_not_to_issue_16_weeks_ex", "Decisions not to issue within 16 weeks",
                   "decisions_not_to_issue", "decisions_not_to_issue_within_16_weeks_ex", "decisions_not_to_issue_ex",
                   EXCLUDING)),
            ("decisions_not_to_issue",)),
    Measure(5, "advice", "Advice returned within 6 weeks",
            "Advice received in the month on or before its due date (6 weeks from the day the advice-giver received "
            "the request), of all advice received in the month; by advice type and by provider; the share that needed "
            "chasing and escalating; and advice overdue now.",
            (_rate("advice_within_6_weeks", "Advice returned within 6 weeks", "advice_received",
                   "received_within_6_weeks", "received", INCLUDING),
             _rate("advice_within_6_weeks_ex", "Advice returned within 6 weeks", "advice_received",
                   "received_within_6_weeks_ex", "received_ex", EXCLUDING),
             _rate("advice_chased_share", "Advice that needed chasing", "advice_received", "chased", "received",
                   better="lower"),
             _rate("advice_escalated_share", "Advice that was escalated", "advice_received", "escalated", "received",
                   better="lower"),
             _count("advice_overdue", "Advice overdue", "advice_overdue", "overdue")),
            ("advice_received", "advice_overdue")),
    Measure(6, "reviews", "Annual reviews on time",
            "Reviews due in the month whose meeting was held within the 12-month period; meetings held in the month "
            "in time; review decisions notified within 4 weeks of the meeting; amended plans issued within 8 weeks "
            "of the amendment notice (and 12 weeks of the meeting); reviews overdue now.",
            (_rate("reviews_held_in_time", "Reviews due this month held in time", "reviews_due",
                   "reviews_due_held_in_time", "reviews_due", sen2="review_completed"),
             _rate("meetings_held_in_time", "Review meetings held in time", "review_meetings", "meetings_held_in_time",
                   "meetings_held"),
             _rate("review_decisions_4_weeks", "Review decisions within 4 weeks", "review_decisions",
                   "decisions_within_4_weeks", "decisions", sen2="decision_4_weeks"),
             _rate("amended_plans_8_weeks", "Amended plans within 8 weeks of the notice", "amended_plans",
                   "amended_within_8_weeks", "amended_plans"),
             _rate("amended_plans_12_weeks", "Amended plans within 12 weeks of the meeting", "amended_plans",
                   "amended_within_12_weeks", "amended_plans"),
             _count("reviews_overdue", "Review meetings overdue", "reviews_overdue", "reviews_overdue")),
            ("reviews_due", "review_meetings", "review_decisions", "amended_plans", "reviews_overdue")),
    Measure(7, "phase_transfers", "Phase transfers",
            "Amended plans due for a phase transfer (by 15 February for a move between schools, 31 March for a move "
            "to post-16) whose statutory date falls in the month, and those issued by that date.",
            (_rate("phase_transfers_by_due", "Phase transfer plans issued by the statutory date", "phase_transfers",
                   "transfers_by_due", "transfers_due", sen2="final_26"),),
            ("phase_transfers",)),
    Measure(8, "caseload", "Caseload",
            "Open cases per officer against their capacity, per team, and cases with no officer, at the end of the "
            "month (today for this month).",
            (_count("open_cases", "Open cases", "caseload", "open_cases", "neither"),),
            ("caseload",)),
    Measure(9, "requests", "Requests",
            "Requests for an assessment received in the month, by source; of the decisions whether to assess made in "
            "the month, the share to assess; of the decisions whether to issue a plan, the share to issue.",
            (_count("requests", "Requests received", "requests", "requests", "neither"),
             _rate("requests_to_assessment", "Decisions that were to assess", "decisions_to_assess",
                   "decided_to_assess", "decisions_to_assess", better="neither"),
             _rate("assessments_to_plan", "Decisions that were to issue a plan", "issue_decisions", "decided_to_issue",
                   "issue_decisions", better="neither")),
            ("requests", "decisions_to_assess", "issue_decisions")),
    Measure(10, "disputes", "Disputes",
            "Mediation and appeals registered; Tribunal orders, and those complied with within their period.",
            awaiting="Mediation, appeals and Tribunal orders are not recorded yet: they come with the Tribunal-order "
            "kind of case."),
    Measure(11, "family_feedback", "Family feedback",
            "Surveys sent and returned; for each statement, the share of the families who answered it (by survey "
            "or call) who agreed or strongly agreed, with its margin of error (a 95% Wilson interval) by month and "
            "by quarter; and calls made to the monthly sample, and families reached (reporting.md section 4).",
            (_count("surveys_sent", "Surveys sent", "feedback_surveys", "surveys_sent", "neither"),
             _rate("surveys_returned", "Surveys answered", "feedback_surveys", "surveys_returned", "surveys_sent"),
             *(Indicator(f"agree_{key}", text, "feedback_responses", f"{key}_agree", f"{key}_answered", margin=True)
               for key, text in FEEDBACK_STATEMENTS),
             _count("calls_made", "Feedback calls made", "feedback_calls", "calls_made", "neither"),
             _rate("calls_reached", "Families reached by phone", "feedback_calls", "calls_reached", "calls_made")),
            ("feedback_surveys", "feedback_responses", "feedback_calls")),
    Measure(12, "child_voice", "The child's voice",
            "Decisions in the month by how the child's or young person's own views were recorded (in person, in "
            "writing, through an advocate, or not obtained and why): review decisions, and assessments' decisions "
            "whether to issue a plan (where no record counts against the share); and, at the review meetings held "
            "in the month, the actions agreed at the child's last review that were followed up (done, partly done "
            "or not done) and done.",
            (_rate("child_views_obtained", "Review decisions with the child's own views", "review_decisions",
                   "views_obtained", "decisions"),
             _rate("assessment_views_obtained", "Assessments with the child's own views", "issue_decisions",
                   "views_obtained", "issue_decisions"),
             _rate("assessment_views_missing", "Assessments: child's views not recorded",
                   "issue_decisions", "views_not_recorded", "issue_decisions", better="lower"),
             _rate("review_actions_followed_up", "Last review's actions followed up", "review_actions",
                   "actions_followed_up", "actions_due"),
             _rate("review_actions_done", "Last review's actions done", "review_actions", "actions_done",
                   "actions_due")),
            ("review_decisions", "issue_decisions", "review_actions")),
    Measure(13, "no_education_place", "Children with a plan and no education place",
            "Children and young people with an active plan whose placement is none, awaiting a place, NEET or not in "
            "education, how long each has been without one, and those out of education for more than 4 weeks.",
            awaiting="Placements are not recorded yet: they come with the placements feature."),
    Measure(14, "plan_quality", "Plan quality",
            "Plan audits completed in the month (the final grade, after moderation) and their grades, overall and by "
            "section; plans graded inadequate whose health or social care advice was late or missing; and, at annual "
            "review meetings in the month, the outcomes in the plan met or partly met.",
            (_count("audits_done", "Plan audits completed", "plan_audits", "audits_done", "neither"),
             _rate("plans_good_or_better", "Audited plans good or outstanding", "plan_audits", "good_or_better",
                   "audits_done"),
             _rate("plans_inadequate", "Audited plans inadequate", "plan_audits", "inadequate", "audits_done",
                   better="lower"),
             _rate("inadequate_advice_late_or_missing", "Inadequate plans with late or missing advice", "plan_audits",
                   "inadequate_advice_late_or_missing", "inadequate", better="neither"),
             _rate("sections_good_or_better", "Plan sections good or outstanding", "audit_sections",
                   "sections_good_or_better", "sections_graded"),
             _rate("outcomes_met_or_partly", "Outcomes met or partly met at review", "review_outcomes",
                   "outcomes_met_or_partly", "outcomes"),
             _rate("outcomes_met", "Outcomes met at review", "review_outcomes", "outcomes_met", "outcomes")),
            ("plan_audits", "audit_sections", "review_outcomes"),
            partly="Grades by setting type wait for placements to be recorded (the placements feature)."),
)  # fmt: skip

BY_KEY = {m.key: m for m in MEASURES}
INDICATORS = {i.key: i for m in MEASURES for i in m.indicators}
LIVE = tuple(m for m in MEASURES if m.awaiting is None)


def measure_of(indicator_key: str) -> Measure:
    return next(m for m in MEASURES if any(i.key == indicator_key for i in m.indicators))
