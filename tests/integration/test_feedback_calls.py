"""The monthly call sample (issue 16): reproducible from its recorded seed, leaving out who it should
(opted out, called in the 6 months before, no phone, a second event in the same family), each call
assigned to an officer other than the family's own; the manager's page and the officer's call list."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time
from sqlalchemy import select, update

from casework.models import CallListEntry, CallSample, Case, Contact, FeedbackResponse
from casework.workflow import call_sample
from casework.workflow.context import Actor
from casework.workflow.errors import Conflict
from tests.integration.pagekit import staff_client, token_in
from tests.integration.reporting import event, plus

SYSTEM = Actor("system")


def _family(api, n: int, *, phone: bool = True, shared_with: int | None = None) -> int:
    """A child whose final plan is issued on 2026-05-(n) (request 120 days before); returns the case."""
    issued = f"2026-05-{n:02d}"
    received = plus(issued, -120)
    contact = {"name": f"Parent {shared_with or n}", "email": f"parent{shared_with or n}@example.org"}
    if phone:
        contact["phone"] = f"07700 900{(shared_with or n):03d}"
    with freeze_time(received):
        child_id = api.post("/api/v1/children", json={"given_name": f"Child{n}", "family_name": "Caller",
                            "date_of_birth": "2016-04-02", "contacts": [contact]}).get_json()["id"]  # fmt: skip
        case_id = api.post("/api/v1/assessments", json={"child_id": child_id, "received_on": received,
                                                        "request_source": "parent"}).get_json()["id"]  # fmt: skip
    event(api, case_id, "decided_to_assess", plus(received, 30))
    event(api, case_id, "decided_to_issue", plus(received, 90))
    event(api, case_id, "draft_issued", plus(received, 100))
    event(api, case_id, "final_issued", issued)
    return case_id


def _world(api, services):
    cases = {n: _family(api, n) for n in range(1, 13)}
    cases[13] = _family(api, 13, phone=False)
    cases[14] = _family(api, 14, shared_with=1)  # the same family as child 1
    with services.session_factory() as s:
        opted = s.execute(select(Case.child_id).where(Case.id == cases[2])).scalar_one()
        s.execute(update(Contact).where(Contact.child_id == opted).values(surveys_opted_out_on=dt.date(2026, 5, 20)))
        s.commit()
    return cases


def test_the_sample_is_reproducible_and_leaves_out_who_it_should(api, services, staff):
    cases = _world(api, services)
    with freeze_time("2026-04-30"), services.session_factory() as s:  # child 3's family was called in April
        april = call_sample.draw(s.connection(), "2026-04", 5, actor=SYSTEM, today=dt.date(2026, 4, 30), seed=7)
        s.execute(CallListEntry.__table__.insert().values(
            sample_id=april, case_id=cases[3], event_id=1, child_id=_child(s, cases[3]), family_id=_family_id(s, cases[3])))  # fmt: skip
        s.commit()
    with services.session_factory() as s:
        sample_id = call_sample.draw(s.connection(), "2026-05", 6, actor=SYSTEM, today=dt.date(2026, 6, 1), seed=12345)
        s.commit()
        sample = s.get(CallSample, sample_id)
        assert (sample.seed, sample.size, sample.eligible) == (12345, 6, 10)  # 14 events, 4 left out
        assert sample.exclusions == {"opted_out": 1, "called_recently": 1, "no_phone": 1, "same_family": 1}
        entries = s.execute(select(CallListEntry).where(CallListEntry.sample_id == sample_id)
                            .order_by(CallListEntry.id)).scalars().all()  # fmt: skip
        assert len(entries) == 6
        drawn = [e.case_id for e in entries]
        assert not {cases[2], cases[3], cases[13], cases[14]} & set(drawn)
        assert all(e.caller_id is not None and e.caller_id != e.own_officer_id for e in entries)
        # the recorded seed draws the same families, in the same order, with the same callers
        again = call_sample.plan(s.connection(), "2026-05", 6, sample.seed)
        assert [(r.case_id, caller) for r, caller in again.chosen] == [(e.case_id, e.caller_id) for e in entries]
        other = call_sample.plan(s.connection(), "2026-05", 6, 999)
        assert [r.case_id for r, _ in other.chosen] != drawn  # another seed, another sample
        # once a month
        try:
            call_sample.draw(s.connection(), "2026-05", 6, actor=SYSTEM, today=dt.date(2026, 6, 1))
            raise AssertionError("drawn twice")
        except Conflict:
            s.rollback()


def _child(s, case_id):
    return s.execute(select(Case.child_id).where(Case.id == case_id)).scalar_one()


def _family_id(s, case_id):
    from casework.models import Child

    return s.get(Child, _child(s, case_id)).family_id


def test_the_manager_draws_the_sample_and_an_officer_records_a_call(api, app, services, staff, passwords):
    _world(api, services)
    with freeze_time("2026-06-01"):
        manager = staff_client(app, "manager@council.example")
        page = manager.get("/feedback/sample?month=2026-05")
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and "Families eligible" in text and "No phone number" in text
        bad = manager.post("/feedback/sample", data={"csrf_token": token_in(text), "month": "2026-05", "size": "0"})
        assert bad.status_code == 400 and "govuk-error-summary" in bad.get_data(as_text=True)
        r = manager.post("/feedback/sample", data={"csrf_token": token_in(text), "month": "2026-05", "size": "25"})
        assert r.status_code == 302
        text = manager.get("/feedback/sample?month=2026-05").get_data(as_text=True)
        assert "Seed (to draw the same sample again)" in text
    with services.session_factory() as s:
        entries = s.execute(select(CallListEntry)).scalars().all()
        assert len(entries) == 11  # fewer eligible than asked for: all of them
        mine = next(e for e in entries if e.caller_id == staff["officer2"]["id"])
        assert all(e.caller_id in (staff["officer"]["id"], staff["officer2"]["id"]) for e in entries)
    with freeze_time("2026-06-03"):
        officer2 = staff_client(app, "officer2@council.example")
        listing = officer2.get("/feedback/calls").get_data(as_text=True)
        assert f"/feedback/calls/{mine.id}" in listing
        assert all(f'/feedback/calls/{e.id}"' not in listing for e in entries if e.caller_id != mine.caller_id)
        officer = staff_client(app, "officer@council.example")
        assert officer.get(f"/feedback/calls/{mine.id}").status_code == 404  # another officer's call
        assert f'/feedback/calls/{mine.id}"' not in officer.get("/feedback/calls").get_data(as_text=True)
        form = officer2.get(f"/feedback/calls/{mine.id}").get_data(as_text=True)
        data = {"csrf_token": token_in(form), "outcome": "feedback_given", "informed": "4", "listened": "7",
                "went_well": "Quick replies"}  # fmt: skip
        bad = officer2.post(f"/feedback/calls/{mine.id}", data=data)
        assert bad.status_code == 400 and "Quick replies" in bad.get_data(as_text=True)
        r = officer2.post(f"/feedback/calls/{mine.id}", data={**data, "listened": "2"})
        assert r.status_code == 302
    with services.session_factory() as s:
        [resp] = s.execute(select(FeedbackResponse)).scalars().all()
        assert (resp.source, resp.call_id, resp.q_informed, resp.q_listened) == ("call", mine.id, 4, 2)
        assert s.get(CallListEntry, mine.id).outcome == "feedback_given"
    # an officer cannot draw the sample
    with freeze_time("2026-06-03"):
        assert officer2.get("/feedback/sample").status_code == 403


def test_the_dashboard_counts_surveys_answers_and_calls(api, app, services, staff, passwords):
    """Measure 11 from the same items: surveys sent and answered, agreement per statement (survey and
    call answers alike) with its interval, calls made and reached; on the measure's page."""
    import datetime as dt

    from casework.reports.read import read
    from casework.workflow import feedback

    cases = {n: _family(api, n) for n in range(1, 5)}
    with services.session_factory() as s:
        conn = s.connection()
        surveys = s.execute(select(feedback.surveys_t.c.id).order_by(feedback.surveys_t.c.id)).scalars().all()
        assert len(surveys) == 4
        for survey_id, informed in zip(surveys[:3], ("5", "4", "2"), strict=True):
            feedback.answer(conn, survey_id, {"informed": informed}, dt.date(2026, 5, 20))
        sample = call_sample.draw(conn, "2026-05", 2, actor=SYSTEM, today=dt.date(2026, 5, 28), seed=3)
        entries = s.execute(select(CallListEntry).where(CallListEntry.sample_id == sample)).scalars().all()
        call_sample.record_call(conn, entries[0].id, "feedback_given", {"informed": "4"},
                                actor=Actor("staff", entries[0].caller_id, "officer"), today=dt.date(2026, 5, 29))  # fmt: skip
        call_sample.record_call(conn, entries[1].id, "no_answer", {},
                                actor=Actor("staff", entries[1].caller_id, "officer"), today=dt.date(2026, 5, 29))  # fmt: skip
        s.commit()
        conn = s.connection()
        today = dt.date(2026, 6, 2)
        assert read(conn, "feedback_surveys", ["2026-05"], today)["2026-05"].figures == {
            "surveys_sent": 4, "surveys_returned": 3}  # fmt: skip
        answers = read(conn, "feedback_responses", ["2026-05"], today)["2026-05"].figures
        assert (answers["responses"], answers["informed_answered"], answers["informed_agree"]) == (4, 4, 3)
        assert answers["needs_answered"] == 0
        calls = read(conn, "feedback_calls", ["2026-05"], today)["2026-05"].figures
        assert (calls["calls_made"], calls["calls_reached"], calls["calls_feedback"]) == (2, 1, 1)
    assert cases
    with freeze_time("2026-06-02"):
        manager = staff_client(app, "manager@council.example")
        page = manager.get("/dashboard/measures/family_feedback?month=2026-05").get_data(as_text=True)
    assert "Kept informed about what was happening" in page
    assert "95% interval 30.1% to 95.4%" in page  # 3 of 4: the Wilson interval worked by hand
