""" "You said, we did" (issue 16): managers tag the quarter's answers with themes and record the
action taken; the quarter's report and its CSV give the themes with counts, the families' words
only where they agreed to be quoted, and the actions. Officers and parents cannot see either."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time
from sqlalchemy import insert, select

from casework.models import AuditEvent, FeedbackResponse
from tests.integration.pagekit import staff_client, token_in
from tests.integration.reporting import request

QUOTABLE = "Our officer rang back the same day."
PRIVATE = "The letters about our daughter Zainab were hard to follow."


def _answers(api, services) -> tuple[int, int]:
    case_id = request(api, 1, "2026-06-01")
    with services.session_factory() as s:
        ids = []
        for words, may_quote, on in ((QUOTABLE, True, dt.date(2026, 10, 5)), (PRIVATE, False, dt.date(2026, 11, 9))):
            ids.append(s.execute(insert(FeedbackResponse).values(
                source="survey", case_id=case_id, responded_on=on, q_informed=4, went_well=words if may_quote else None,
                could_be_better=None if may_quote else words, may_quote=may_quote, themes=[],
            ).returning(FeedbackResponse.id)).scalar_one())  # fmt: skip
        s.execute(insert(FeedbackResponse).values(source="survey", case_id=case_id, responded_on=dt.date(2026, 9, 30),
                                                  went_well="Last quarter's words", may_quote=True, themes=[]))  # fmt: skip
        s.commit()
    return ids[0], ids[1]


def test_tagged_answers_make_the_quarters_report_and_words_only_with_consent(api, app, services, staff, passwords):
    quotable, private = _answers(api, services)
    with freeze_time("2026-11-30"):
        manager = staff_client(app, "manager@council.example")
        page = manager.get("/feedback/answers").get_data(as_text=True)  # this quarter by default
        assert "October to December 2026" in page and PRIVATE in page  # the manager reads it to tag it
        assert "Last quarter's words" not in page
        token = token_in(page)
        bad = manager.post("/feedback/answers?month=2026-11", data={"csrf_token": token, "response_id": str(private),
                           "themes": "Not a theme", "action": "We rewrote the letters."})  # fmt: skip
        text = bad.get_data(as_text=True)
        assert bad.status_code == 400 and "govuk-error-summary" in text and f"#themes-{private}" in text
        assert "We rewrote the letters." in text  # what was typed is kept
        for rid, themes, action in ((private, ["Letters and paperwork", "Communication and keeping families informed"],
                                     "We rewrote the decision letters in plain English."),
                                    (quotable, ["Communication and keeping families informed"], "")):  # fmt: skip
            r = manager.post("/feedback/answers?month=2026-11", data={"csrf_token": token, "response_id": str(rid),
                             "themes": themes, "action": action})  # fmt: skip
            assert r.status_code == 302
        report = manager.get("/feedback/report").get_data(as_text=True)
        export = manager.get("/feedback/report.csv")
    assert "Communication and keeping families informed" in report and QUOTABLE in report
    assert PRIVATE not in report and "Zainab" not in report  # no quote without consent
    assert "We rewrote the decision letters in plain English." in report
    body = export.get_data(as_text=True)
    assert export.mimetype == "text/csv" and "theme,Communication and keeping families informed,2," in body
    assert "theme,Letters and paperwork,1," in body and QUOTABLE in body
    assert PRIVATE not in body and "Zainab" not in body and "Last quarter's words" not in body
    with services.session_factory() as s:
        row = s.get(FeedbackResponse, private)
        assert row.themes == ["Letters and paperwork", "Communication and keeping families informed"]
        assert row.action_by == staff["manager"]["id"] and row.action_on == dt.date(2026, 11, 30)
        assert s.execute(select(AuditEvent).where(AuditEvent.action == "feedback_tagged")).scalars().all()


def test_only_managers_tag_and_see_the_report(api, app, services, staff, passwords):
    _quotable, private = _answers(api, services)
    with freeze_time("2026-11-30"):
        officer = staff_client(app, "officer@council.example")
        for url in ("/feedback/answers", "/feedback/report", "/feedback/report.csv"):
            assert officer.get(url).status_code == 403
        page = officer.get("/closures").get_data(as_text=True)  # any page with a form: a valid token
        r = officer.post("/feedback/answers", data={"csrf_token": token_in(page), "response_id": str(private),
                         "themes": "Timeliness"})  # fmt: skip
        assert r.status_code == 403
        anonymous = app.test_client()
        for url in ("/feedback/answers", "/feedback/report", "/feedback/report.csv"):
            assert anonymous.get(url).status_code in (302, 401)
        manager = staff_client(app, "manager@council.example")
        page = manager.get("/feedback/answers").get_data(as_text=True)
        missing = manager.post("/feedback/answers", data={"csrf_token": token_in(page), "response_id": "999999",
                               "themes": "Timeliness"})  # fmt: skip
        assert missing.status_code == 404
    with services.session_factory() as s:
        assert s.get(FeedbackResponse, private).themes == []
