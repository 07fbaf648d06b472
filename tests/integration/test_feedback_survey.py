"""Family feedback surveys (issue 16): sent in the transaction of a final plan or the end of a review,
by the family's channel; never to a family that opted out, nobody twice within 6 months; the link
opens one survey only, expires, and reveals nothing else."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from freezegun import freeze_time
from sqlalchemy import select

from casework.models import AuditEvent, Contact, FeedbackResponse, Letter, OutboxMessage, Survey
from casework.notifications.links import survey_url
from tests.integration.pagekit import staff_client
from tests.integration.reporting import VIEWS, event, plan_and_review, request, to_final
from tests.integration.test_pages import token_in


def _surveys(services):
    with services.session_factory() as s:
        return s.execute(select(Survey).order_by(Survey.id)).scalars().all()


def _survey_messages(services):
    with services.session_factory() as s:
        rows = s.execute(select(OutboxMessage).where(OutboxMessage.template.like("%survey%"))).scalars().all()
        return [(r.template, r.channel, r.recipient, dict(r.personalisation)) for r in rows]


def _link(services, survey_id):
    config = services.config
    return survey_url("http://localhost", config.secret_key, survey_id)


def _open(client, url):
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


ANSWERS = {"informed": "5", "contact": "4", "listened": "2", "needs": "", "difference": "3", "time": "1",
           "went_well": "The officer rang back the same day.", "could_be_better": "Letters were confusing.",
           "may_quote": "yes"}  # fmt: skip


def test_a_final_plan_sends_one_survey_and_the_family_answers_it(api, services, app):
    case_id = request(api, 1, "2026-01-05")
    to_final(api, case_id, "2026-01-05", "2026-05-01")
    [survey] = _surveys(services)
    assert (survey.case_id, survey.trigger, survey.sent_on.isoformat()) == (case_id, "final_plan", "2026-05-01")
    [(template, channel, recipient, values)] = _survey_messages(services)
    assert (template, channel, recipient) == ("family_survey.email", "email", "parent1@example.org")
    assert values["survey_id"] == survey.id
    client = app.test_client()
    with freeze_time("2026-05-03"):
        r = _open(client, _link(services, survey.id))
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/survey/{survey.id}")  # a clean address
        page = client.get(f"/survey/{survey.id}").get_data(as_text=True)
        assert "I was kept informed about what was happening" in page
        assert "Child1" not in page and "Tester" not in page and "EHC-" not in page  # nothing about who
        bad = client.post(f"/survey/{survey.id}", data={**ANSWERS, "informed": "9", "csrf_token": _csrf(page)})
        assert bad.status_code == 400 and "govuk-error-summary" in bad.get_data(as_text=True)
        assert "The officer rang back the same day." in bad.get_data(as_text=True)  # what was typed is kept
        r = client.post(f"/survey/{survey.id}", data={**ANSWERS, "csrf_token": _csrf(page)})
        assert r.status_code == 200 and "Thank you" in r.get_data(as_text=True)
        again = client.get(f"/survey/{survey.id}")
        assert again.status_code == 410
    with services.session_factory() as s:
        [resp] = s.execute(select(FeedbackResponse)).scalars().all()
        assert (resp.q_informed, resp.q_contact, resp.q_listened, resp.q_needs, resp.q_time) == (5, 4, 2, None, 1)
        assert resp.may_quote and resp.source == "survey" and resp.case_id == case_id


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_link_opens_one_survey_only_expires_and_reveals_nothing_else(api, services, app):
    first = request(api, 1, "2026-01-05")
    to_final(api, first, "2026-01-05", "2026-05-01")
    second = request(api, 2, "2026-01-06")
    to_final(api, second, "2026-01-06", "2026-05-02")
    one, two = _surveys(services)
    client = app.test_client()
    with freeze_time("2026-05-03"):
        token = parse_qs(urlsplit(_link(services, one.id)).query)["token"][0]
        # the first survey's token, tried on every other id: never opens anything
        for other in (two.id, one.id + 100, 0):
            r = client.get(f"/survey/{other}?token={token}")
            assert r.status_code in (403, 404), other
            assert "Child" not in r.get_data(as_text=True)
        assert client.get(f"/survey/{two.id}").status_code == 403  # no token in the session for it
        # an advice link's token is not a survey token (another salt), even for the same number
        from casework.notifications.links import advice_token

        r = client.get(f"/survey/{one.id}?token={advice_token(services.config.secret_key, one.id)}")
        assert r.status_code == 403
        assert client.get(f"/survey/{one.id}?token={token}").status_code == 302
        page = client.get(f"/survey/{one.id}").get_data(as_text=True)
        # posting to the second survey with the first one's session is refused
        assert client.post(f"/survey/{two.id}", data={**ANSWERS, "csrf_token": _csrf(page)}).status_code == 403
        assert client.post(f"/survey/{two.id}/stop", data={"csrf_token": _csrf(page)}).status_code == 403
    with freeze_time("2026-07-15"):  # 60 days on: the link has expired
        fresh = app.test_client()
        assert fresh.get(f"/survey/{one.id}?token={token}").status_code == 403
    with services.session_factory() as s:
        assert s.execute(select(FeedbackResponse)).first() is None
        assert all(c.surveys_opted_out_on is None for c in s.execute(select(Contact)).scalars())


def test_an_opted_out_family_is_never_sent_one_and_nobody_twice_in_6_months(api, services, app):
    case_id = request(api, 1, "2025-10-01")
    to_final(api, case_id, "2025-10-01", "2026-02-02")
    [survey] = _surveys(services)
    client = app.test_client()
    with freeze_time("2026-02-03"):
        _open(client, _link(services, survey.id))
        page = client.get(f"/survey/{survey.id}").get_data(as_text=True)
        r = client.post(f"/survey/{survey.id}/stop", data={"csrf_token": _csrf(page)})
        assert r.status_code == 200 and "We will not ask you for feedback again" in r.get_data(as_text=True)
    # the family's review ends later: no survey (opted out)
    review = plan_review_of(api, case_id, "2027-01-20")
    event(api, review, "decided_to_maintain", "2027-01-25", **VIEWS)
    assert len(_surveys(services)) == 1
    # another family: a plan, then a review ending within 6 months of it: one survey only
    other = request(api, 2, "2025-10-01")
    to_final(api, other, "2025-10-01", "2026-02-02")
    assert len(_surveys(services)) == 2
    r2 = plan_and_review(api, 3, "2026-03-02", "2026-06-01")
    assert len(_surveys(services)) == 3
    event(api, r2, "decided_to_maintain", "2026-06-10", **VIEWS)  # 3 months after its final plan's survey
    assert len(_surveys(services)) == 3
    assert len(_survey_messages(services)) == 3  # one message per survey: none after the opt-out


def plan_review_of(api, case_id: int, meeting: str) -> int:
    from tests.integration.reporting import plus

    child_id = api.get(f"/api/v1/cases/{case_id}").get_json()["child"]["id"]
    with freeze_time(plus(meeting, -28)):
        r = api.post("/api/v1/reviews", json={"child_id": child_id})
    assert r.status_code == 201, r.get_json()
    review = r.get_json()["id"]
    event(api, review, "meeting_arranged", plus(meeting, -21), meeting_on=meeting)
    event(api, review, "meeting_held", meeting)
    return review


def test_a_texted_family_without_email_gets_a_text_and_a_paper_survey_typed_in_when_it_comes_back(
    api, services, app, passwords
):
    from tests.integration.reporting import plus

    body = {"given_name": "Sam", "family_name": "Post", "date_of_birth": "2015-01-01",
            "contacts": [{"name": "Jo Post", "phone": "07700900555", "preferred_channel": "sms",
                          "address": "1 High Street\nWorcester", "postcode": "WR1 1AA"}]}  # fmt: skip
    with freeze_time("2026-01-05"):
        child_id = api.post("/api/v1/children", json=body).get_json()["id"]
        case_id = api.post("/api/v1/assessments", json={"child_id": child_id, "received_on": "2026-01-05",
                                                        "request_source": "parent"}).get_json()["id"]  # fmt: skip
    for type_, day in (("decided_to_assess", 30), ("decided_to_issue", 90), ("draft_issued", 100)):
        event(api, case_id, type_, plus("2026-01-05", day))
    event(api, case_id, "final_issued", plus("2026-01-05", 120), named_setting="Oak Primary School")
    sent = _survey_messages(services)
    assert [(t, c) for t, c, _, _ in sent] == [("family_survey.sms", "sms")]
    with services.session_factory() as s:
        papers = [x for x in s.execute(select(Letter)).scalars() if x.kind == "family_update"]
        [paper] = [x for x in papers if x.values["subject"].startswith("Tell us how it went")]
        text = " ".join(paper.values["paragraphs"])
        assert "I knew who to contact" in text and "post this letter back" in text
    # the family posts it back after the link's 60 days: an officer types it in from the case page
    (survey,) = _surveys(services)
    with freeze_time("2026-08-03"):
        client = staff_client(app, "officer@council.example")
        page = client.get(f"/cases/{case_id}").get_data(as_text=True)
        assert f"/feedback/surveys/{survey.id}/paper" in page
        url = f"/feedback/surveys/{survey.id}/paper"
        form = client.get(url).get_data(as_text=True)
        assert "A paper survey posted back" in form and "Stop sending me surveys" not in form
        bad = client.post(url, data={"csrf_token": token_in(form), "informed": "9", "went_well": "Kind staff."})
        assert bad.status_code == 400 and "Kind staff." in bad.get_data(as_text=True)  # kept, with the error
        r = client.post(url, data={"csrf_token": token_in(form), **ANSWERS})
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/cases/{case_id}")
        assert client.get(url).status_code == 302  # answered once
    with services.session_factory() as s:
        (answer,) = s.execute(select(FeedbackResponse)).scalars().all()
        assert (answer.source, answer.q_informed, answer.went_well) == (
            "paper",
            5,
            "The officer rang back the same day.",
        )
        assert s.get(Survey, survey.id).answered_on.isoformat() == "2026-08-03"
        entered = s.execute(select(AuditEvent).where(AuditEvent.action == "paper_survey_entered")).scalars().all()
        assert len(entered) == 1
    assert staff_client(app, "officer@council.example").get("/feedback/surveys/99999/paper").status_code == 404


def test_a_young_person_is_asked_in_their_own_words(api, services, app):
    from tests.integration.reporting import plus

    body = {"given_name": "Kai", "family_name": "Young", "date_of_birth": "2009-03-01",
            "contacts": [{"name": "Kai Young", "relationship": "young_person", "email": "kai@example.org"},
                         {"name": "Lee Young", "relationship": "parent", "email": "lee@example.org"}]}  # fmt: skip
    with freeze_time("2026-01-05"):
        child_id = api.post("/api/v1/children", json=body).get_json()["id"]
        case_id = api.post("/api/v1/assessments", json={"child_id": child_id, "received_on": "2026-01-05",
                                                        "request_source": "young_person"}).get_json()["id"]  # fmt: skip
    event(api, case_id, "decided_to_assess", plus("2026-01-05", 30))
    with freeze_time(plus("2026-01-05", 40)):
        r = api.post(
            f"/api/v1/cases/{case_id}/advice-not-needed",
            json={
                "advice_type": "preparing_for_adulthood",
                "reason": "Not about advice",
                "decided_on": plus("2026-01-05", 40),
            },
        )
        assert r.status_code in (200, 201), r.get_json()
    event(api, case_id, "decided_to_issue", plus("2026-01-05", 90))
    event(api, case_id, "draft_issued", plus("2026-01-05", 100))
    event(api, case_id, "final_issued", plus("2026-01-05", 120))
    [(template, _channel, recipient, _values)] = _survey_messages(services)
    assert (template, recipient) == ("family_survey_young_person.email", "kai@example.org")
    [survey] = _surveys(services)
    client = app.test_client()
    with freeze_time(plus("2026-01-05", 121)):
        _open(client, _link(services, survey.id))
        page = client.get(f"/survey/{survey.id}").get_data(as_text=True)
    assert "My plan says what I need" in page and "your child" not in page
