"""Letters to families (issue 15): written with the decision, produced as PDF when they leave, kept,
and dated as the law needs; by post through the print queue, or by GOV.UK Notify's precompiled
letters. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from freezegun import freeze_time
from pypdf import PdfReader
from sqlalchemy import select

from casework.models import Letter, OutboxMessage
from casework.workflow import statutory as law
from tests.conftest import child_payload
from tests.fakes import FakeNotify
from tests.integration.test_pages import portal_sign_in, sign_in, token_in

ADDRESS = "Flat 2\n12 Station Road\nAnytown\nAT2 3BB"
BY_POST = {"name": "Anna Nowak", "relationship": "parent", "phone": "07700900456", "address": ADDRESS,
           "preferred_channel": "letter"}  # fmt: skip


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def event(api, case_id, type_, on, **extra):
    r = api.post(f"/api/v1/cases/{case_id}/events", json={"type": type_, "occurred_on": on, **extra})
    assert r.status_code == 200, r.get_json()
    return r.get_json()


@pytest.fixture
def fake_notify():
    with FakeNotify() as fake:
        yield fake


@pytest.fixture
def refused(api, make_child):
    """A family without email: a request received on 5 Jan 2027, refused on Mon 15 Feb 2027."""
    with freeze_time("2027-01-05"):
        child = make_child(given_name="Lily", family_name="Nowak", contacts=[BY_POST])
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2027-01-05"}).get_json()
    with freeze_time("2027-02-15 10:00"):
        case = event(api, case["id"], "decided_not_to_assess", "2027-02-15",
                     reason="Lily's school can meet her needs with the help it already gives.")  # fmt: skip
    return child, case


def test_a_decision_not_to_assess_is_a_letter_written_with_it_and_waiting_to_be_printed(refused, services, api):
    _child, case = refused
    with services.session_factory() as s:
        letters = s.execute(select(Letter).where(Letter.case_id == case["id"])).scalars().all()
        kinds = sorted(x.kind for x in letters)
        # the request's update (by post, as she asked) and the decision letter (the decision's update is
        # not sent twice: the decision letter says it all)
        assert kinds == ["decided_not_to_assess", "family_update"]
        decision = next(x for x in letters if x.kind == "decided_not_to_assess")
        assert decision.status == "to_print" and decision.pdf is not None  # delivered in-process: produced
        rows = s.execute(select(OutboxMessage).where(OutboxMessage.case_id == case["id"])).scalars().all()
        assert {r.template for r in rows} >= {"letter.decided_not_to_assess", "letter.family_update"}
        assert not any(r.template.startswith("family_") and r.channel == "letter" for r in rows)
    listed = api.get(f"/api/v1/cases/{case['id']}/letters").get_json()
    assert {x["kind"] for x in listed} == {"decided_not_to_assess", "family_update"}
    mine = next(x for x in listed if x["kind"] == "decided_not_to_assess")
    assert (
        mine["recipient"] == "Anna Nowak"
        and mine["sent_on"] is None
        and mine["pdf"] == f"/api/v1/letters/{mine['id']}.pdf"
    )
    r = api.get(mine["pdf"])
    assert r.status_code == 200 and r.mimetype == "application/pdf"


def test_posting_dates_the_letter_and_moves_the_appeal_window(refused, app, api, passwords, services):
    _child, case = refused
    before = {d["key"]: d for d in case["deadlines"]}["appeal"]
    assert before["due_on"] == law.appeal_deadline(dt.date(2027, 2, 15)).due_on.isoformat()  # D1 from the decision
    with freeze_time("2027-02-17 09:00"):
        client = app.test_client()
        sign_in(client, "officer@council.example")
        page = client.get("/letters").get_data(as_text=True)
        assert "Decision not to carry out an EHC needs assessment: Anna Nowak" in page
        ids = [x["id"] for x in api.get(f"/api/v1/cases/{case['id']}/letters").get_json()]
        form = {"csrf_token": token_in(page), "letter": [str(i) for i in ids],
                "posted_on-day": "17", "posted_on-month": "2", "posted_on-year": "2027"}  # fmt: skip
        r = client.post("/letters", data={**form, "action": "download"})
        assert r.status_code == 200 and r.mimetype == "application/pdf"
        text = pdf_text(r.get_data())
        assert "Wednesday 17 February 2027" in text  # dated the day they are posted
        assert "12 Station Road" in text and "AT2 3BB" in text
        appeal_by = law.appeal_deadline(dt.date(2027, 2, 17)).due_on
        assert f"{appeal_by:%A} {appeal_by.day} {appeal_by:%B %Y}" in text  # D1 from the letter
        r = client.post("/letters", data={**form, "action": "posted"})
        assert r.status_code == 302
        assert "There are no letters waiting to be printed" in client.get("/letters").get_data(as_text=True)
    after = api.get(f"/api/v1/cases/{case['id']}").get_json()
    appeal = {d["key"]: d for d in after["deadlines"]}["appeal"]
    assert appeal["due_on"] == appeal_by.isoformat() and appeal["due_on"] > before["due_on"]
    assert any(e["type"] == "decision_letter_sent" for e in after["events"])
    sent = api.get(f"/api/v1/cases/{case['id']}/letters").get_json()
    assert all(x["sent_on"] == "2027-02-17" for x in sent)
    with services.session_factory() as s:
        decision = s.execute(select(Letter).where(Letter.kind == "decided_not_to_assess")).scalar_one()
        assert decision.letter_date.isoformat() == "2027-02-17" and "17 February 2027" in pdf_text(decision.pdf)


def test_the_family_reads_its_letters_and_no_other_family_can(refused, app, api, make_child, services, passwords):
    with freeze_time("2027-02-17 09:00"):
        # a second family, with email and an address: its decision letter is posted too
        other = make_child(contacts=[{**child_payload()["contacts"][0], "address": "1 High Street\nAnytown\nAT1 1AA"}])
        case = api.post("/api/v1/assessments", json={"child_id": other["id"], "received_on": "2027-01-05"}).get_json()
        event(api, case["id"], "decided_not_to_assess", "2027-02-17", reason="Needs met at school.")
        client = app.test_client()
        sign_in(client, "officer@council.example")
        page = client.get("/letters").get_data(as_text=True)
        ids = [str(x.id) for x in services.session_factory().execute(select(Letter)).scalars()]
        client.post("/letters", data={"csrf_token": token_in(page), "letter": ids, "action": "posted",
                                      "posted_on-day": "17", "posted_on-month": "2", "posted_on-year": "2027"})  # fmt: skip
        parent = app.test_client()
        portal_sign_in(parent, services)  # Sara Khan
        child_page = parent.get(f"/portal/children/{other['id']}").get_data(as_text=True)
        assert "Letters we have sent you" in child_page
        with services.session_factory() as s:
            hers = s.execute(
                select(Letter).where(Letter.case_id == case["id"], Letter.kind == "decided_not_to_assess")
            ).scalar_one()
            theirs = s.execute(
                select(Letter).where(Letter.kind == "decided_not_to_assess", Letter.id != hers.id)
            ).scalar_one()
        r = parent.get(f"/portal/letters/{hers.id}.pdf")
        assert r.status_code == 200 and "1 High Street" in pdf_text(r.get_data())
        for letter_id in (theirs.id, theirs.id + 1000):
            assert parent.get(f"/portal/letters/{letter_id}.pdf").status_code == 404


def test_with_notify_a_precompiled_letter_goes_once_with_its_reference(database_url, tmp_path, fake_notify, staff):
    from casework.app import create_app
    from casework.config import Config
    from tests.conftest import Api

    config = Config(database_url=database_url, outbox_dir=tmp_path / "outbox", upload_dir=tmp_path / "up",
                    testing=True, notify_api_key=fake_notify.api_key, notify_base_url=fake_notify.url,
                    notify_email_template_id="0f3c6f5e-1b8a-4c53-9a11-3b8b3f0e0001",
                    notify_sms_template_id="0f3c6f5e-1b8a-4c53-9a11-3b8b3f0e0002", letters_by="notify",
                    council_name="Anytown Council")  # fmt: skip
    app = create_app(config)
    try:
        api = Api(app.test_client(), staff["officer"]["token"])
        with freeze_time("2027-02-15 10:00"):
            child = api.post("/api/v1/children", json=child_payload(contacts=[BY_POST])).get_json()
            case = api.post(
                "/api/v1/assessments", json={"child_id": child["id"], "received_on": "2027-01-05"}
            ).get_json()
            event(api, case["id"], "decided_not_to_assess", "2027-02-15", reason="Needs met at school.")
            letters = [r for r in fake_notify.sends if r.kind == "letter"]
            assert len(letters) == 2  # the request's update and the decision, each once
            services = app.extensions["casework"]
            with services.session_factory() as s:
                decision = s.execute(select(Letter).where(Letter.kind == "decided_not_to_assess")).scalar_one()
                row = s.get(OutboxMessage, decision.outbox_id)
            assert (
                decision.status == "sent" and decision.how == "notify" and decision.sent_on.isoformat() == "2027-02-15"
            )
            sent = next(
                n for n in fake_notify.notifications if n["reference"] and n["reference"].endswith(f"outbox-{row.id}")
            )
            assert sent["precompiled_pdf"].startswith(b"%PDF-") and "Anytown Council" in pdf_text(
                sent["precompiled_pdf"]
            )
            services.dispatch.relay()  # nothing pending: nothing sent again
            assert len([r for r in fake_notify.sends if r.kind == "letter"]) == 2
    finally:
        app.extensions["casework"].engine.dispose()


def test_every_decision_of_both_journeys_writes_a_letter_that_renders(api, make_child, services):
    """A family by post, walked through an assessment to a plan and a review that amends it: every
    statutory decision's letter is written (its every value present) and produced."""
    with freeze_time("2027-01-05"):
        child = make_child(given_name="Lily", family_name="Nowak", contacts=[BY_POST])
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2027-01-05"}).get_json()
    steps = [("2027-02-01", "decided_to_assess", {}), ("2027-04-01", "decided_to_issue", {}),
             ("2027-04-12", "draft_issued", {}), ("2027-04-30", "final_issued", {"named_setting": "Anytown Primary"})]  # fmt: skip
    for day, type_, extra in steps:
        with freeze_time(day):
            if type_ == "decided_to_issue":  # reg 6(1): the advice is settled first (not this test's subject)
                for advice_type in ("parent", "education", "health", "psychology", "social_care"):
                    r = api.post(
                        f"/api/v1/cases/{case['id']}/advice-not-needed",
                        json={"advice_type": advice_type, "reason": "Settled for the test"},
                    )
                    assert r.status_code in (200, 201), r.get_json()  # fmt: skip
            event(api, case["id"], type_, day, **extra)
    views = {
        "child_views": {"how": "in_person", "given_by": "Lily"},
        "parent_views": {"how": "in_writing", "given_by": "Anna"},
    }
    with freeze_time("2028-01-10"):
        review = api.post("/api/v1/reviews", json={"child_id": child["id"]}).get_json()
        event(api, review["id"], "meeting_arranged", "2028-01-10", meeting_on="2028-01-31")
    for day, type_, extra in [("2028-01-31", "meeting_held", {}),
                              ("2028-02-14", "amendments_proposed", {**views, "amendments_summary": "Section F: more help\\nSection I: Anytown Academy"}),
                              ("2028-03-14", "amended_plan_issued", {"named_setting": "Anytown Academy"})]:  # fmt: skip
        with freeze_time(day):
            event(api, review["id"], type_, day, **extra)
    with services.session_factory() as s:
        letters = s.execute(select(Letter).order_by(Letter.id)).scalars().all()
    kinds = [x.kind for x in letters]
    for expected in ("decided_to_assess", "draft_issued", "final_issued", "review_amendments_proposed",
                     "review_amended_plan_issued"):  # fmt: skip
        assert expected in kinds
    assert all(x.pdf and x.status == "to_print" for x in letters)
    notice = next(x for x in letters if x.kind == "review_amendments_proposed")
    assert "Anytown Academy" in pdf_text(notice.pdf)


def test_a_family_who_chose_texts_gets_each_update_as_a_letter_in_english_or_welsh(api, make_child, services):
    """A texted family with no email gets each update by text and by letter too (the text says so);
    the contact's language is what they said ("Polish", "Cymraeg"): letters come in English unless
    they prefer Welsh."""
    texted = {"name": "Marek Nowak", "relationship": "parent", "phone": "07700900457", "address": ADDRESS,
              "preferred_channel": "sms", "language": "Polish"}  # fmt: skip
    welsh = {**texted, "name": "Rhian Jones", "phone": "07700900458", "language": "Cymraeg"}
    with freeze_time("2027-01-05"):
        child = make_child(given_name="Kuba", family_name="Nowak", contacts=[texted, welsh])
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2027-01-05"})
        assert case.status_code == 201, case.get_json()
    with services.session_factory() as s:
        letters = s.execute(select(Letter).where(Letter.case_id == case.get_json()["id"])).scalars().all()
        assert sorted((x.kind, x.language) for x in letters) == [("family_update", "cy"), ("family_update", "en")]
        texts = s.execute(select(OutboxMessage).where(OutboxMessage.channel == "sms")).scalars().all()
        assert len(texts) == 2
        update = next(x for x in letters if x.language == "en")
        # the update's own words, without a second greeting or the officer's line the letter's frame gives
        paragraphs = update.values["paragraphs"]
        assert paragraphs and not any(p.startswith("Dear ") or "Please quote" in p for p in paragraphs)
        assert "We received the request" in paragraphs[0]


def test_a_decision_recorded_late_still_gets_its_letter_with_the_appeal_time_counted_from_the_letter(
    api, make_child, services
):
    """Recorded four months late, the reg 5(3) letter still goes: the appeal time runs from the
    letter's date (D1), so the family is never told a date already gone."""
    with freeze_time("2027-01-05"):
        child = make_child(given_name="Lily", family_name="Nowak", contacts=[BY_POST])
        case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2027-01-05"}).get_json()
    with freeze_time("2027-06-15 10:00"):
        event(api, case["id"], "decided_not_to_assess", "2027-02-15", reason="Her school can meet her needs.")
        with services.session_factory() as s:
            letter = s.execute(select(Letter).where(Letter.case_id == case["id"],
                                                    Letter.kind == "decided_not_to_assess")).scalar_one()  # fmt: skip
        text = pdf_text(api.get(f"/api/v1/letters/{letter.id}.pdf").data)
    appeal_by = law.appeal_deadline(dt.date(2027, 6, 15)).due_on  # from the letter; August does not count (r.12)
    assert appeal_by == dt.date(2027, 9, 1)
    assert "appeal must reach the Tribunal by Wednesday 1 September 2027." in text
