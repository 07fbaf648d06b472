"""What officers, managers, families and advice-givers still needed on their screens (issue 10)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from casework.config import Config
from casework.models import AuditEvent, Case, CaseNote, Deadline, Event, OutboxMessage, Staff
from casework.notifications.links import advice_url
from tests.integration.pagekit import build_world, open_link, parent_by_email, staff_client, token_in, visible_text


@pytest.fixture
def world(api, make_child, make_provider, services, staff):
    return build_world(api, make_child, make_provider, services, staff)


def _holder(world, staff) -> tuple[str, int]:
    officer = world["case"]["officer"]["id"]
    return ("officer@council.example" if officer == staff["officer"]["id"] else "officer2@council.example"), officer


@freeze_time("2026-03-20")
def test_the_case_page_shows_the_family_siblings_school_notes_and_the_plan_reviewed(app, services, world, staff):
    client = staff_client(app, "officer@council.example")
    case = world["case"]["id"]
    text = visible_text(client.get(f"/cases/{case}").get_data(as_text=True))
    assert "Sara Khan (parent)" in text and "sara.khan@example.org" in text and "07700900123" in text
    assert "Updates by Email" in text and "Case officer" in text and "01632 960101" in text
    assert "Sara rang: worried about school." in text and "Phone call, Monday 9 February 2026, noted by Officer" in text
    lily = visible_text(client.get(f"/cases/{world['lily_case']['id']}").get_data(as_text=True))
    assert "Flat 2 14 Mill Lane Northtown NT1 4AB" in lily and "Updates by Text message" in lily and "Polish" in lily
    review = client.get(f"/cases/{world['review']['id']}").get_data(as_text=True)
    assert "The plan being reviewed" in review and f'href="/cases/{world["review"]["id"] - 1}"' in review
    # school and UPN: changed, checked, audited
    url = f"/children/{world['amira']['id']}/details?case={case}"
    page = client.get(url).get_data(as_text=True)
    r = client.post(url, data={"csrf_token": token_in(page), "school": "St Mary's Primary", "upn": "123"})
    assert r.status_code == 400 and "A UPN is 13 characters" in r.get_data(as_text=True)
    r = client.post(url, data={"csrf_token": token_in(page), "school": "St Mary's Primary", "upn": "h801200001001"})
    assert r.status_code == 302 and r.headers["Location"] == f"/cases/{case}"
    text = visible_text(client.get(f"/cases/{case}").get_data(as_text=True))
    assert "School or setting St Mary's Primary" in text and "H801200001001" in text
    # a note: dated, by whom, audited
    r = client.post(
        f"/cases/{case}/notes",
        data={"csrf_token": token_in(page), "note-kind": "meeting", "note-text": "Met Sara at school.",
              "note-occurred_on-day": "19", "note-occurred_on-month": "3", "note-occurred_on-year": "2026"},
    )  # fmt: skip
    assert r.status_code == 302
    with services.session_factory() as s:
        note = s.execute(select(CaseNote).order_by(CaseNote.id.desc())).scalars().first()
        actions = {a.action for a in s.execute(select(AuditEvent)).scalars()}
    assert note.text == "Met Sara at school." and note.staff_id == staff["officer"]["id"]
    assert {"case_note_added", "child_changed"} <= actions
    printed = client.get(f"/cases/{case}/print").get_data(as_text=True)
    assert "Met Sara at school." in printed and "<form" not in printed.split("<main", 1)[1]


@freeze_time("2026-03-20")
def test_a_contact_is_added_and_changed_audited_and_families_regrouped(app, api, services, world, make_child):
    client = staff_client(app, "officer@council.example")
    url = f"/children/{world['ethan']['id']}/contacts/new?case={world['review']['id']}"
    page = client.get(url).get_data(as_text=True)
    r = client.post(url, data={"csrf_token": token_in(page), "name": "Sara Khan", "relationship": "carer",
                               "email": "sara.khan@example.org", "preferred_channel": "email"})  # fmt: skip
    assert r.status_code == 302
    ethan = api.get(f"/api/v1/children/{world['ethan']['id']}").get_json()
    assert world["amira"]["id"] in {s["id"] for s in ethan["siblings"]}  # Sara is Amira's mother too
    text = visible_text(client.get(f"/cases/{world['review']['id']}").get_data(as_text=True))
    assert "Brothers and sisters" in text and "Amira Khan" in text
    with services.session_factory() as s:
        audit = s.execute(select(AuditEvent).where(AuditEvent.action == "contact_added")).scalar_one()
    assert "sara" not in str(audit.details).lower()  # ids only in the audit log


@freeze_time("2026-03-20")
def test_a_manager_changes_the_officer_and_an_officer_cannot(app, services, world, staff):
    email, holder = _holder(world, staff)
    other = staff["officer2"]["id"] if holder == staff["officer"]["id"] else staff["officer"]["id"]
    case = world["case"]["id"]
    officer = staff_client(app, email)
    page = officer.get(f"/cases/{case}").get_data(as_text=True)
    assert "Change the case officer" not in page
    r = officer.post(f"/cases/{case}/officer", data={"csrf_token": token_in(page), "officer-officer_id": str(other)})
    assert r.status_code == 403 and "You cannot see this page" in r.get_data(as_text=True)
    manager = staff_client(app, "manager@council.example")
    page = manager.get(f"/cases/{case}").get_data(as_text=True)
    assert "Change the case officer" in page
    r = manager.post(f"/cases/{case}/officer", data={"csrf_token": token_in(page), "officer-officer_id": str(other)})
    assert r.status_code == 400 and "Say why the case is moving" in r.get_data(as_text=True)
    r = manager.post(
        f"/cases/{case}/officer",
        data={"csrf_token": token_in(page), "officer-officer_id": str(other), "officer-reason": "Rebalancing caseloads",
              "officer-siblings": "yes"},
    )  # fmt: skip
    assert r.status_code == 302
    with services.session_factory() as s:
        assert s.get(Case, case).officer_id == other
        told = s.execute(
            select(OutboxMessage).where(OutboxMessage.template == "family_officer_changed.email")
        ).scalar_one()
    assert told.recipient == "sara.khan@example.org"
    assert "Case officer changed to" in visible_text(manager.get(f"/cases/{case}").get_data(as_text=True))


@freeze_time("2026-03-20")
def test_a_mistaken_date_is_corrected_the_deadlines_follow_and_the_original_stays(app, services, world):
    case = world["lily_case"]["id"]
    client = staff_client(app, "officer@council.example")
    with services.session_factory() as s:
        opening = s.execute(select(Event).where(Event.case_id == case).order_by(Event.id)).scalars().first()
    page = client.get(f"/cases/{case}").get_data(as_text=True)
    assert "Correct a date recorded by mistake" in page
    r = client.post(
        f"/cases/{case}/corrections",
        data={"csrf_token": token_in(page), "correct-event_id": str(opening.id), "correct-reason": "Typed 5 for 12",
              "correct-occurred_on-day": "12", "correct-occurred_on-month": "1", "correct-occurred_on-year": "2026"},
    )  # fmt: skip
    assert r.status_code == 302, r.get_data(as_text=True)
    with services.session_factory() as s:
        due = {
            d.key: d.due_on.isoformat() for d in s.execute(select(Deadline).where(Deadline.case_id == case)).scalars()
        }
        events = s.execute(select(Event).where(Event.case_id == case).order_by(Event.id)).scalars().all()
        told = (
            s.execute(select(OutboxMessage).where(OutboxMessage.template.like("family_date_corrected%")))
            .scalars()
            .all()
        )
        row = s.get(Case, case)
    assert due["decision_to_assess"] == "2026-02-23" and due["final_plan"] == "2026-06-01"  # 6 and 20 weeks from 12 Jan
    assert events[0].occurred_on.isoformat() == "2026-01-05"  # the original stays as it was recorded
    assert events[-1].type == "entry_corrected" and events[-1].details["to_date"] == "2026-01-12"
    assert row.opened_on.isoformat() == "2026-01-12" and row.next_due_on.isoformat() == "2026-02-23"
    with services.session_factory() as s:
        by_post = s.execute(select(OutboxMessage).where(OutboxMessage.template == "letter.family_update",
                                                        OutboxMessage.event_id == events[-1].id)).scalars().all()  # fmt: skip
    assert {m.channel for m in told} == {"sms"} and len(by_post) == 1  # the family is told, by their channels
    text = visible_text(client.get(f"/cases/{case}").get_data(as_text=True))
    assert "Date corrected: Request received" in text and "Typed 5 for 12" in text
    # a date after the next step, or in the future, is refused with the reason
    r = client.post(
        f"/cases/{world['case']['id']}/corrections",
        data={"csrf_token": token_in(page), "correct-event_id": "1", "correct-reason": "x",
              "correct-occurred_on-day": "1", "correct-occurred_on-month": "3", "correct-occurred_on-year": "2026"},
    )  # fmt: skip
    assert r.status_code == 400 and "cannot be after the step recorded after it" in r.get_data(as_text=True)


@freeze_time("2026-03-20")
def test_managers_land_on_the_whole_teams_queue_and_edit_caseloads(app, services, world, staff):
    manager = staff_client(app, "manager@council.example")
    text = visible_text(manager.get("/queue").get_data(as_text=True))
    assert "Whole team's queue" in text and "Amira Khan" in text and "Lily Nowak" in text
    assert "Your queue" in visible_text(manager.get(f"/queue?officer={staff['manager']['id']}").get_data(as_text=True))
    url = f"/staff/{staff['officer']['id']}"
    page = manager.get(url).get_data(as_text=True)
    r = manager.post(url, data={"csrf_token": token_in(page), "capacity": "none", "available": "yes"})
    assert r.status_code == 400 and "whole number" in r.get_data(as_text=True)
    r = manager.post(url, data={"csrf_token": token_in(page), "capacity": "25", "available": "no", "team": "North",
                                "phone": "01632 960111"})  # fmt: skip
    assert r.status_code == 302
    with services.session_factory() as s:
        member = s.get(Staff, staff["officer"]["id"])
        audit = s.execute(select(AuditEvent).where(AuditEvent.action == "staff_updated")).scalar_one()
    assert (member.capacity, member.available, member.team, member.phone) == (25, False, "North", "01632 960111")
    assert audit.details == {"capacity": 25, "available": False, "team": "North", "phone": "changed"}
    assert "25" in visible_text(manager.get("/caseloads").get_data(as_text=True))
    officer = staff_client(app, "officer2@council.example")
    assert officer.get(url).status_code == 403


@freeze_time("2026-03-20")
def test_friendly_403_and_404_pages_keep_the_navigation(app, world):
    officer = staff_client(app, "officer@council.example")
    for path, status, heading in (
        ("/cases/999999", 404, "Page not found"),
        ("/caseloads", 403, "You cannot see this page"),
    ):
        r = officer.get(path)
        text = visible_text(r.get_data(as_text=True))
        assert r.status_code == status and heading in text
        assert "Sign out (Officer)" in text and "go to your queue" in text
    r = app.test_client().get("/no-such-page")
    assert r.status_code == 404 and "go to the start page" in visible_text(r.get_data(as_text=True))


def test_the_beta_banner_links_to_feedback_and_the_accessibility_statement_is_complete(tmp_path):
    from casework.app import create_app

    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}", "CASEWORK_COUNCIL_NAME": "Northshire County Council",
        "CASEWORK_COUNCIL_PHONE": "01632 960100", "CASEWORK_COUNCIL_EMAIL": "send@northshire.example",
        "CASEWORK_COUNCIL_ADDRESS": "County Hall|Northtown|NT1 1AA", "CASEWORK_ACCESSIBILITY_TESTED_ON": "2026-11-30",
    }  # fmt: skip
    app = create_app(Config.from_env(env))
    body = app.test_client().get("/accessibility").get_data(as_text=True)
    text = visible_text(body)
    for words in (
        "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard",
        "Non-accessible content", "last tested on Monday 30 November 2026", "Enforcement procedure",
        "Equality and Human Rights Commission", "Equality Advisory and Support Service", "call 01632 960100",
        "send@northshire.example", "County Hall, Northtown, NT1 1AA", "within 10 working days",
    ):  # fmt: skip
        assert words in text, words
    assert 'href="mailto:send@northshire.example?subject=Feedback' in body and "Give your feedback" in text
    app.extensions["casework"].engine.dispose()


@freeze_time("2026-03-20")
def test_the_parents_page_has_every_date_to_come_their_officers_phone_what_to_do_if_they_disagree(app, services, world):
    client = parent_by_email(app, services, "sara.khan@example.org")
    home = visible_text(client.get("/portal/").get_data(as_text=True))
    assert "Amira Khan" in home and "Next: The council gathers advice" in home and "By Monday 25 May 2026" in home
    text = visible_text(client.get(f"/portal/children/{world['amira']['id']}").get_data(as_text=True))
    assert "The law says by Monday 27 April 2026" in text  # no plan: 16 weeks
    assert "The law says by Monday 25 May 2026" in text  # the final plan: 20 weeks
    assert "Phone 01632 960101" in text
    for words in ("Mediation", "SEND Tribunal", "SENDIASS", "IPSEA"):
        assert words in text
    assert "Messages we have sent you" in text and "We will carry out an EHC needs assessment for Amira" in text


@freeze_time("2026-03-20")
def test_the_advice_givers_page_says_who_asked_how_late_it_is_and_takes_a_return(app, services, world, staff):
    link = advice_url("http://x", services.config.secret_key, world["advice"]["health"]).split("http://x", 1)[1]
    client = app.test_client()
    clean, page = open_link(client, link)
    text = visible_text(page)
    assert "This advice is 18 days late: it was due on Monday 2 March 2026" in text
    assert "Who asked" in text and "SEND case officer" in text and "01632 960101" in text
    url = clean + "/return"
    r = client.post(url, data={"csrf_token": token_in(page), "returned_by": ""})
    assert r.status_code == 400 and "Choose why you cannot provide this advice" in r.get_data(as_text=True)
    r = client.post(url, data={"csrf_token": token_in(page), "reason": "cannot_provide", "returned_by": "Dr Jones",
                               "note": "Ask the community team."})  # fmt: skip
    assert r.status_code == 200 and "Request returned" in r.get_data(as_text=True)
    assert client.get(link).status_code == 410  # the link dies
    officer = staff_client(app, _holder(world, staff)[0])
    text = visible_text(officer.get(f"/cases/{world['case']['id']}").get_data(as_text=True))
    assert "They cannot provide this advice. Ask the community team. (Dr Jones)" in text
    with services.session_factory() as s:
        assert s.get(Case, world["case"]["id"]).next_advice_due_on is None  # nothing overdue any more


@freeze_time("2026-03-20")
def test_a_new_request_for_a_family_reached_by_letter(app, services, world):
    from casework.models import Contact

    client = staff_client(app, "officer@council.example")
    page = client.get("/requests/new").get_data(as_text=True)
    r = client.post(
        "/requests/new",
        data={"csrf_token": token_in(page), "given_name": "Grace", "family_name": "Adeyemi", "school": "Hill Top",
              "date_of_birth-day": "12", "date_of_birth-month": "3", "date_of_birth-year": "2017",
              "contact_name": "Tolu Adeyemi", "address_1": "7 Church Street", "address_3": "Northtown",
              "postcode": "nt27cd", "preferred_channel": "letter", "language": "Yoruba",
              "received_on-day": "16", "received_on-month": "3", "received_on-year": "2026"},
    )  # fmt: skip
    assert r.status_code == 302, r.get_data(as_text=True)
    with services.session_factory() as s:
        contact = s.execute(select(Contact).where(Contact.name == "Tolu Adeyemi")).scalar_one()
        letter = s.execute(select(OutboxMessage).where(OutboxMessage.recipient.like("Tolu Adeyemi%"))).scalar_one()
    assert (contact.address, contact.postcode, contact.language) == ("7 Church Street\nNorthtown", "NT2 7CD", "Yoruba")
    assert letter.channel == "letter" and letter.recipient.endswith("NT2 7CD")
    assert "Hill Top" in visible_text(client.get(r.headers["Location"]).get_data(as_text=True))
