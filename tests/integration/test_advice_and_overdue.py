"""Officers read the advice advice-givers send (defect 5), and "overdue" means any overdue statutory duty
or advice (defect 6): the queue's filter and counts, the case page's banner, a stage past its date."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from casework.models import AdviceDocument, Case, OutboxMessage
from casework.notifications.links import advice_url
from tests.integration.pagekit import PDF, build_world, open_link, parent_by_email, staff_client, token_in, visible_text


@pytest.fixture
def world(api, make_child, make_provider, services, staff):
    return build_world(api, make_child, make_provider, services, staff)


@freeze_time("2026-03-20")
def test_the_case_page_shows_the_advice_its_documents_and_who_sent_it(app, services, world):
    client = staff_client(app, "officer@council.example")
    text = visible_text(client.get(f"/cases/{world['case']['id']}").get_data(as_text=True))
    assert "Education advice: St Mary's Primary" in text
    assert "Received Tuesday 10 February 2026, sent by Mrs Green, SENCo" in text
    assert "Amira needs quiet spaces & a visual timetable. She loves drawing." in text
    assert "Support plan.pdf" in text
    # the timeline says who and what
    assert "Education advice received from St Mary's Primary" in text
    assert "Health advice requested from Community Paediatrics" in text
    # a returned request, as the officer sees it
    assert "Social care advice request returned by St Mary's Primary" in text
    assert "The child is not known to them. No record of her. (Dan Reed)" in text
    with services.session_factory() as s:
        doc = s.execute(select(AdviceDocument)).scalar_one()
        told = s.execute(
            select(OutboxMessage).where(OutboxMessage.template == "advice_returned_officer.email")
        ).scalar_one()
    assert told.recipient == "officer@council.example" or told.recipient == "officer2@council.example"
    r = client.get(f"/advice-documents/{doc.id}")
    assert r.status_code == 200 and r.data == PDF and r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment") and "Support%20plan.pdf" in r.headers[
        "Content-Disposition"
    ].replace(" ", "%20")
    # staff only: signed out, or signed in as the family, it is not there
    assert app.test_client().get(f"/advice-documents/{doc.id}").status_code == 302
    parent = parent_by_email(app, services, "sara.khan@example.org")
    r = parent.get(f"/advice-documents/{doc.id}")
    assert r.status_code == 302 and r.headers["Location"].startswith("/sign-in")
    assert client.get("/advice-documents/99999").status_code == 404


@freeze_time("2026-03-20")
def test_overdue_includes_a_case_whose_only_overdue_item_is_advice(app, api, services, world, staff):
    with services.session_factory() as s:
        amira = s.get(Case, world["case"]["id"])
        # her next statutory duty is weeks away; only her health advice (due 2 March, escalated) is late
        assert amira.next_due_on > amira.next_advice_due_on and str(amira.next_advice_due_on) == "2026-03-02"
    client = staff_client(app, "manager@council.example")
    overdue = client.get("/queue?officer=all&overdue=1").get_data(as_text=True)
    shown = {int(r.split('"')[0]) for r in overdue.split('data-case-id="')[1:]}
    assert world["case"]["id"] in shown  # advice overdue: overdue
    assert world["lily_case"]["id"] in shown  # decision to assess overdue (16 February)
    assert world["review"]["id"] not in shown
    text = visible_text(client.get("/queue?officer=all").get_data(as_text=True))
    assert "2 overdue" in text and "1 with advice overdue" in text
    advice_only = visible_text(client.get("/queue?officer=all&focus=advice").get_data(as_text=True))
    assert "Amira Khan" in advice_only and "Lily Nowak" not in advice_only
    # the API's queue has the same filter
    holder = world["case"]["officer"]["id"]
    body = api.get(f"/api/v1/queue?focus=overdue&officer_id={holder}", headers=None)
    if body.status_code == 403:  # the case went to the other officer: ask as the manager
        body = api.as_(staff["manager"]["token"]).get(f"/api/v1/queue?focus=overdue&officer_id={holder}")
    assert world["case"]["id"] in {i["case"]["id"] for i in body.get_json()}
    # once the advice arrives, the case is no longer overdue
    link = advice_url("http://x", services.config.secret_key, world["advice"]["health"]).split("http://x", 1)[1]
    giver = app.test_client()
    url, page = open_link(giver, link)
    r = giver.post(url, data={"csrf_token": token_in(page), "submitted_by": "Dr Jones", "advice_text": "Fine."})
    assert r.status_code == 200
    with services.session_factory() as s:
        amira = s.get(Case, world["case"]["id"])
        assert amira.next_advice_due_on is None and amira.next_action_on == amira.next_due_on
    overdue = client.get("/queue?officer=all&overdue=1").get_data(as_text=True)
    assert f'data-case-id="{world["case"]["id"]}"' not in overdue


@freeze_time("2026-03-20")
def test_a_case_with_anything_overdue_has_an_important_banner_and_its_stage_reads_overdue(app, world):
    client = staff_client(app, "officer@council.example")
    amira = client.get(f"/cases/{world['case']['id']}").get_data(as_text=True)
    assert "data-overdue" in amira
    assert "Health advice from Community Paediatrics: due Monday 2 March 2026" in visible_text(amira)
    lily = client.get(f"/cases/{world['lily_case']['id']}").get_data(as_text=True)
    text = visible_text(lily)
    assert "Decide whether to assess: due Monday 16 February 2026" in text
    stage = (
        lily.split('id="stage-2-status"')[0].rsplit("govuk-task-list__item", 1)[1]
        + lily.split('id="stage-2-status"')[1][:200]
    )
    assert "Decision whether to assess" in stage and "Overdue" in stage and "In progress" not in stage
    assert "govuk-tag--red" in stage
    review = client.get(f"/cases/{world['review']['id']}").get_data(as_text=True)
    assert "data-overdue" not in review
