"""The rules table (``RULES``: ID, title, citation) and the ``Due`` result type.

``RULES[ID]`` holds each rule's title and citation as data (used by audit
events, notifications and reports). Every deadline function returns a ``Due``
built by :func:`_due`, which adds the practical date (Decision 1) and keeps the
record of how the date was counted (section 2.3), for ``working.working_for``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .calendar import practical_date
from .periods import Count
from .words import STARTS

_REGS = "SEND Regulations 2014"
_CFA = "Children and Families Act 2014"
_HESC = "Tribunal Procedure (HESC) Rules 2008"
_COP = "SEND Code of Practice 2015"
_DEVON = "R (L) v Devon CC [2022] EWHC 493 (Admin)"
_SEND18 = "HMCTS SEND18 (time limits for complying with a SEND Tribunal decision)"


@dataclass(frozen=True)
class Rule:
    id: str  # "A1"
    title: str  # short plain English
    citation: str  # the legal source
    statutory: bool  # False for guidance/targets: never reported as breaches


def _rule(id: str, title: str, citation: str, statutory: bool = True) -> Rule:
    return Rule(id=id, title=title, citation=citation, statutory=statutory)


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        # ---- A: needs assessment (section 3)
        _rule("A1", "Decision whether to assess", f"{_REGS}, reg 5(1)"),
        _rule("A2", "Advice from a body asked to co-operate", f"{_REGS}, reg 8(1)"),
        _rule("A3", "Decision not to issue a plan", f"{_REGS}, reg 10(1)"),
        _rule("A4", "Last day for representations on the draft plan", f"{_REGS}, reg 13(1)(a); {_CFA}, s.38(2)(b)"),
        _rule(
            "A5",
            "Draft plan planning target (no statutory deadline)",
            "No statutory deadline; planning target (IPSEA)",
            statutory=False,
        ),
        _rule("A6", "School or institution replies to consultation", f"{_COP}, para 9.83", statutory=False),
        _rule("A7", "Final plan issued", f"{_REGS}, reg 13(2)"),
        _rule("A8", "Appeal and mediation notice with the final plan", f"{_REGS}, reg 14"),
        # ---- B: annual review, amendment and phase transfer (section 5)
        _rule("B1", "Annual review meeting held", f"{_CFA}, s.44(1)"),
        _rule("B3", "Notice of the review meeting", f"{_REGS}, reg 20(2)-(3) and reg 21(2)-(3)"),
        _rule("B4", "Advice circulated before the review meeting", f"{_REGS}, reg 20(4) and reg 21(4)"),
        _rule("B5", "Review meeting report sent", f"{_REGS}, reg 20(7)-(8) and reg 21(7)"),
        _rule("B6", "Review decision notified", f"{_REGS}, reg 20(10) and reg 21(8)"),
        _rule("B7", "Decision to amend includes the proposed amendments", _DEVON),
        _rule("B8", "Last day for representations on proposed amendments", f"{_REGS}, reg 22(2)(c)"),
        _rule("B9", "Amended final plan issued", f"{_REGS}, reg 22(3)"),
        _rule("B10", "Decision not to amend after representations", f"{_REGS}, reg 22(4)"),
        _rule("B11", "Amended final plan within 12 weeks of the review meeting", _DEVON),
        _rule("B12", "Phase transfer: amended plan (school phases)", f"{_REGS}, reg 18(1)(b)"),
        _rule("B13", "Phase transfer: amended plan (secondary to post-16)", f"{_REGS}, reg 18(1)(a)"),
        _rule("B14", "Post-16 transfer: amended plan 5 months before", f"{_REGS}, reg 18(2)"),
        _rule("B15", "List of reviews due sent to settings before term", f"{_COP}, para 9.172", statutory=False),
        _rule("B16", "Early years review reminder", f"{_COP}, para 9.178", statutory=False),
        _rule("B17", "Preparation for adulthood considered (from Year 9)", f"{_REGS}, reg 20(6) and reg 21(6)"),
        # ---- C: ceasing a plan (section 6)
        _rule("C6", "Earliest date a plan may cease", f"{_CFA}, s.45"),
        # ---- D: mediation and appeal (section 7)
        _rule("D1", "Appeal reaches the Tribunal (from the decision notice)", f"{_HESC}, r.20(1)(c)(i) and r.12"),
        _rule(
            "D2", "Appeal reaches the Tribunal (from the mediation certificate)", f"{_HESC}, r.20(1)(c)(ii) and r.12"
        ),
        _rule("D3", "Parent/YP contacts the mediation adviser", f"{_REGS}, reg 33"),
        _rule("D4", "Certificate when mediation is not wanted", f"{_REGS}, regs 33-34"),
        _rule("D5", "LA tells the ICB about health issues in mediation", f"{_REGS}, regs 35-36"),
        _rule("D6", "Mediation takes place", f"{_REGS}, regs 35-37"),
        _rule("D7", "Certificate when mediation cannot be arranged", f"{_REGS}, regs 35-37"),
        _rule("D8", "Certificate after mediation", f"{_REGS}, regs 35-37"),
        _rule("D9", "Mediation agreement on an appealable issue", f"{_REGS}, reg 42(2)"),
        _rule("D10", "Action agreed at mediation (non-appealable issue)", f"{_REGS}, reg 42(3)"),
        _rule("D11", "Commissioning body tells the LA about the agreement", f"{_REGS}, reg 42(4)"),
        _rule(
            "D13",
            "LA response to an appeal (prompt until the registration letter)",
            f"{_HESC}, r.12; Tribunal directions",
        ),
        # ---- E: Tribunal orders and unopposed appeals (section 8.1)
        _rule("E1", "Cease the plan after a dismissed appeal", f"{_REGS}, reg 44(2)(a)"),
        _rule("E2", "Order to assess: tell the parent/YP", f"{_REGS}, reg 44(2)(b)"),
        _rule("E2a", "Order to assess: decision not to issue a plan", f"{_REGS}, reg 44(2)(b)(i)"),
        _rule("E2b", "Order to assess: final plan", f"{_REGS}, reg 44(2)(b)(ii)"),
        _rule("E3", "Order to make a plan: draft plan", f"{_REGS}, reg 44(2)(c)(i)"),
        _rule("E3a", "Order to make a plan: final plan", f"{_REGS}, reg 44(2)(c)(ii)"),
        _rule("E4", "Order to amend needs or provision: amended plan", f"{_REGS}, reg 44(2); {_SEND18}"),
        _rule("E5", "Order changes the named school: amend section I", _SEND18),
        _rule("E6", "Order to continue to maintain the plan", _SEND18),
        _rule("E7", "Order to continue and amend: amended plan", _SEND18),
        _rule("E10", "Unopposed appeal", f"{_REGS}, reg 45(3)-(4) (as substituted by SI 2015/359)"),
        _rule(
            "E11",
            "Response to a Tribunal recommendation",
            "SEND (First-tier Tribunal Recommendations Power) Regulations 2017, reg 6",
        ),
        # ---- F: transfers (section 8.2)
        _rule("F1", "Transfer the plan on the day of the move", f"{_REGS}, reg 15(2)"),
        _rule("F2", "Transfer the plan within 15 working days of awareness", f"{_REGS}, reg 15(2)"),
        _rule("F4", "New LA informs the parent/YP", f"{_REGS}, reg 15(4)"),
        _rule("F5", "New LA reviews a transferred plan", f"{_REGS}, reg 15(5)"),
        _rule("F7", "Old commissioning body notifies the new one", f"{_REGS}, reg 16"),
        # ---- G: re-assessment and other clocks (section 8.3)
        _rule("G1", "Decision whether to re-assess", f"{_REGS}, regs 24-25"),
        _rule("G2", "Re-assessment may be refused within 6 months of the last assessment", f"{_REGS}, reg 24"),
        _rule("G3", "Final plan after re-assessment", f"{_REGS}, reg 27(2)"),
        _rule("G6", "First review of direct payments", "SEND (Personal Budgets) Regulations 2014, reg 11"),
        _rule("G7", "Detained person: decision whether to assess", "SEND (Detained Persons) Regulations 2015, reg 5"),
    )
}

# Phase transfer planning aids (spec section 5, "Phase transfer in practice").
# They are worked back from B12/B13/B14 and are not statutory deadlines.
_AID_KINDS = {
    "latest_review_meeting": ("meeting", "latest review meeting (due date - 12 weeks)"),
    "meeting_notice": ("notice", "notice of that meeting (meeting - 2 weeks)"),
    "amendment_notice": ("amendment", "amendment notice (meeting + 4 weeks)"),
}
for _row in ("B12", "B13", "B14"):
    for _suffix, _what in _AID_KINDS.values():
        RULES[f"{_row}-{_suffix}"] = _rule(
            f"{_row}-{_suffix}",
            f"Phase transfer planning aid: {_what}",
            f"Planning aid worked back from {_row} ({RULES[_row].citation}); not a statutory deadline",
            statutory=False,
        )
del _row, _suffix, _what


@dataclass(frozen=True)
class Due:
    """A computed deadline.

    ``due_on`` is the legal due date (latest lawful date) and never moves.
    ``practical_on`` is the last working day on or before it (Decision 1,
    section 2.3); it guides staff and is never used to judge compliance.

    The deadline functions also record, without changing equality, hashing or
    ``repr``: ``start_on`` (the date the clock started), ``start`` (what that
    date is: a key of ``words.STARTS``) and ``counted`` (the :class:`Count`
    the due date was taken from). ``working.working_for`` explains a ``Due``
    from these alone. For C6, an earliest date, ``practical_on`` is ``due_on``:
    an earliest date is never brought forward.
    """

    rule: str
    due_on: dt.date
    practical_on: dt.date
    start_on: dt.date | None = field(default=None, compare=False, repr=False)
    start: str | None = field(default=None, compare=False, repr=False)
    counted: Count | None = field(default=None, compare=False, repr=False)

    @property
    def citation(self) -> str:
        return RULES[self.rule].citation

    @property
    def title(self) -> str:
        return RULES[self.rule].title

    @property
    def statutory(self) -> bool:
        return RULES[self.rule].statutory


def _due(rule: str, counted: Count, start: str | None = None) -> Due:
    """Decision 1: keep the due date, and show the practical date next to it.

    The due date is ``counted.on``, so it is the date the explanation is made from. ``start`` names
    the start event (a key of ``words.STARTS``); for a LATER_OF or an adjusted count it defaults to
    the start event of the part the date came from.
    """
    origin = counted.origin()
    start = start or origin.what
    if start not in STARTS:
        raise KeyError(f"unknown start event {start!r} for {rule}")
    return Due(
        rule=rule,
        due_on=counted.on,
        practical_on=practical_date(counted.on),
        start_on=origin.start,
        start=start,
        counted=counted,
    )
