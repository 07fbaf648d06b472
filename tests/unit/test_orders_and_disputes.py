"""The Tribunal order and dispute kinds' deadlines, without a database (statutory.md 7 and 8.1)."""

from __future__ import annotations

import datetime as dt

from casework.workflow.kinds import dispute, tribunal_order
from casework.workflow.statutory import DEFAULT_SETTINGS, Settings

D = dt.date


def keyed(specs):
    return {s.key: s for s in specs}


def test_the_order_clock_starts_when_it_was_made_or_sent_e9():
    facts = {"basis": "order", "order_type": "assess", "order_made_on": D(2027, 3, 22), "order_sent_on": D(2027, 3, 24)}
    made = keyed(tribunal_order.deadlines(facts, DEFAULT_SETTINGS))
    sent = keyed(tribunal_order.deadlines(facts, Settings(tribunal_order_clock_starts_on="sent")))
    assert made["tell_will_assess"].due_on == D(2027, 4, 5) and sent["tell_will_assess"].due_on == D(2027, 4, 7)
    assert sent["final_plan"].start_on == D(2027, 3, 24) and sent["final_plan"].rule == "E2b"
    # an order recorded without the date it was sent, before the setting changed, still has its clocks
    unsent = keyed(
        tribunal_order.deadlines({**facts, "order_sent_on": None}, Settings(tribunal_order_clock_starts_on="sent"))
    )
    assert unsent["tell_will_assess"].due_on == D(2027, 4, 5)


def test_each_order_type_has_its_clock():
    start = {"basis": "order", "order_made_on": D(2026, 6, 1)}
    cases = {
        "cease": {"cease": ("E1", D(2026, 6, 1))},
        "continue": {"continue": ("E6", D(2026, 6, 1))},
        "continue_and_amend": {"continue": ("E6", D(2026, 6, 1)), "amended_plan": ("E7", D(2026, 7, 6))},
        "named_school": {"amended_plan": ("E5", D(2026, 6, 15))},
        "named_school_and_content": {"amended_plan": ("E5", D(2026, 7, 6))},
        "amend": {"amended_plan": ("E4", D(2026, 7, 6))},
        "make_plan": {"draft_plan": ("E3", D(2026, 7, 6)), "final_plan": ("E3a", D(2026, 8, 17))},
    }
    for order_type, expected in cases.items():
        got = keyed(tribunal_order.deadlines({**start, "order_type": order_type}))
        assert {k: (got[k].rule, got[k].due_on) for k in expected} == expected, order_type


def test_a_mediation_agreement_on_an_appealable_issue_runs_as_an_order_d9():
    facts = {"basis": "agreement", "order_type": "amend", "agreed_on": D(2027, 1, 14)}
    amended = keyed(tribunal_order.deadlines(facts))["amended_plan"]
    assert (amended.rule, amended.due_on, amended.start_on) == ("D9", D(2027, 2, 18), D(2027, 1, 14))


def test_once_a_plan_is_to_be_issued_the_no_plan_decision_no_longer_applies():
    facts = {"basis": "order", "order_type": "reassess", "order_made_on": D(2026, 6, 1),
             "decided_to_assess_on": D(2026, 6, 5), "decided_to_issue_on": D(2026, 7, 1)}  # fmt: skip
    d = keyed(tribunal_order.deadlines(facts))
    assert d["no_plan_decision"].outcome == "not_applicable" and d["tell_will_assess"].outcome == "met"
    facts.pop("decided_to_issue_on")
    facts["decided_not_to_issue_on"] = D(2026, 8, 1)
    d = keyed(tribunal_order.deadlines(facts))
    assert d["no_plan_decision"].outcome == "met" and d["final_plan"].outcome == "not_applicable"
    assert d["appeal"].rule == "D1"


def test_the_appeal_may_be_extended_by_d2_only_while_a_certificate_is_possible():
    facts = {"notice_sent_on": D(2026, 10, 1)}
    assert keyed(dispute.deadlines(facts))["appeal"].notes == ()
    facts["adviser_contacted_on"] = D(2026, 10, 20)
    appeal = keyed(dispute.deadlines(facts))["appeal"]
    assert appeal.notes[0].startswith("May be extended by D2") and "D2" not in appeal.family_notes[0]
    facts["certificate_issued_on"] = D(2026, 11, 29)
    appeal = keyed(dispute.deadlines(facts))["appeal"]
    assert appeal.notes == () and (appeal.rule, appeal.due_on) == ("D2", D(2027, 1, 4))


def test_health_only_mediation_follows_the_setting_d6():
    facts = {"notice_sent_on": D(2026, 10, 1), "mediation_wanted_on": D(2026, 11, 2), "health_only": True}
    assert keyed(dispute.deadlines(facts))["mediation"].due_on == D(2026, 12, 2)
    working = keyed(dispute.deadlines(facts, Settings(health_mediation_day_type="working")))["mediation"]
    assert working.due_on == D(2026, 12, 14)  # 30 working days after Mon 2 Nov 2026


def test_every_order_type_has_its_words_and_a_state_to_open_in():
    assert set(tribunal_order.TYPE_WORDS) == set(tribunal_order.TYPES)
    for state, requirements in tribunal_order.TYPES.values():
        assert state in tribunal_order.MACHINE.open_states
        assert {key for key, _, _ in requirements} <= set(tribunal_order.KIND.deadline_labels)
