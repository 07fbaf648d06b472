"""Plan quality audits through the pages, on both databases: an auditor reaches only the audits
assigned to them (every id changed: not found), every other staff page and the API refuse them, the
form keeps what was typed after an error and derives the overall grade, the plan document is attached
on the case and opened by staff, the auditor and the family, and nobody else."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from casework.models import AuditReview, Plan, PlanAudit, PlanDocument
from casework.workflow.accounts import issue_token
from casework.workflow.context import Actor
from casework.workflow.quality import audits
from tests.integration import quality_kit as kit
from tests.integration.pagekit import PDF, parent_by_email, staff_client, token_in

ALL_GOOD = dict.fromkeys("ABCDEFGHIJK", "good")


def _sample(api, services, staff, count=3, moderation=0):
    kit.plans(api, services, staff, count=count)
    people = kit.auditors(services)
    with services.session_factory() as s, kit.today():
        audits.draw_sample(s, "2026-11", actor=kit.actor(staff), percent=100, moderation_percent=moderation)
        s.commit()
        rows = list(s.execute(select(AuditReview).order_by(AuditReview.id)).scalars())
    return people, rows


def test_an_auditor_reaches_only_their_audits(app, api, services, staff, passwords):
    people, rows = _sample(api, services, staff, count=4)
    mine = [r for r in rows if r.auditor_id == people["health"]]
    theirs = [r for r in rows if r.auditor_id != people["health"]]
    assert mine and theirs
    with kit.today():
        client = staff_client(app, "health@partner.example")
        home = client.get("/audits")
        assert home.status_code == 200
        listed = set(re.findall(r"/audits/reviews/(\d+)", home.get_data(as_text=True)))
        assert listed == {str(r.id) for r in mine}
        page = client.get(f"/audits/reviews/{mine[0].id}")
        assert page.status_code == 200 and "How the plan was made" in page.get_data(as_text=True)
        csrf = token_in(page.get_data(as_text=True))
        for review_id in [r.id for r in theirs] + [max(r.id for r in rows) + 1]:
            assert client.get(f"/audits/reviews/{review_id}").status_code == 404
            assert client.post(f"/audits/reviews/{review_id}", data={"csrf_token": csrf}).status_code == 404
        with services.session_factory() as s:  # a plan document of another child, through the auditor's own review
            other = s.get(PlanAudit, theirs[0].audit_id)
            plan = s.get(Plan, other.plan_id)
            doc = PlanDocument(plan_id=plan.id, case_id=plan.case_id, kind="final", filename="p.pdf",
                               content_type="application/pdf", size=1, sha256="0" * 64, stored_as="x/none.pdf")  # fmt: skip
            s.add(doc)
            s.commit()
            doc_id = doc.id
        assert client.get(f"/audits/reviews/{mine[0].id}/documents/{doc_id}").status_code == 404
        assert client.get(f"/audits/reviews/{theirs[0].id}/documents/{doc_id}").status_code == 404


def test_every_other_staff_page_and_the_api_refuse_an_auditor(app, api, services, staff, passwords):
    people, rows = _sample(api, services, staff, count=1)
    open_to_auditors = {"staff.audits", "staff.audit_form", "staff.audit_form_send", "staff.audit_plan_document"}
    with kit.today():
        client = staff_client(app, "health@partner.example")
        token = token_in(client.get("/sign-out").get_data(as_text=True))
        checked = 0
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("staff.") or rule.endpoint in open_to_auditors:
                continue
            url = re.sub(r"<any\(([a-z]+)[^>]*>", r"\1", rule.rule)  # a choice: its first value
            url = re.sub(r"<[^>]+>", "1", url)
            if "GET" in rule.methods:
                assert client.get(url).status_code == 403, url
            if "POST" in rule.methods:
                assert client.post(url, data={"csrf_token": token}).status_code == 403, url
            checked += 1
        assert checked > 30
        with services.session_factory() as s:
            bearer = issue_token(s, people["health"], actor=Actor("system"))
            s.commit()
        assert api.as_(bearer).get("/api/v1/queue").status_code == 403
        assert api.as_(bearer).get(f"/api/v1/cases/{1}").status_code == 403
        nav = client.get("/audits").get_data(as_text=True)
        assert "Your audits" in nav and 'href="/queue"' not in nav


def test_the_form_keeps_what_was_typed_and_derives_the_overall_grade(app, api, services, staff, passwords):
    people, rows = _sample(api, services, staff, count=1)
    review = rows[0]
    email = next(f"{a}@partner.example" for a, i in people.items() if i == review.auditor_id)
    with kit.today():
        client = staff_client(app, email)
        page = client.get(f"/audits/reviews/{review.id}").get_data(as_text=True)
        data = {"csrf_token": token_in(page), **{f"grade-{k}": v for k, v in ALL_GOOD.items()},
                "comment-E1": "Outcomes <b>measurable</b> & dated", "summary": "Clear plan."}  # fmt: skip
        del data["grade-F"]
        bad = client.post(f"/audits/reviews/{review.id}", data=data)
        html = bad.get_data(as_text=True)
        assert bad.status_code == 400 and "govuk-error-summary" in html and 'href="#grade-F"' in html
        assert "Outcomes &lt;b&gt;measurable&lt;/b&gt; &amp; dated" in html  # kept, escaped
        data["grade-F"] = "inadequate"  # limiting: (3x14 + 3)/17 = 2.65 is good, held at RI
        assert client.post(f"/audits/reviews/{review.id}", data=data).status_code == 302
        done = client.get(f"/audits/reviews/{review.id}").get_data(as_text=True)
        assert "Overall: Requires improvement" in done and "held at requires improvement" in done
    with services.session_factory() as s:
        row = s.execute(select(PlanAudit)).scalar_one()
        assert (row.status, row.grade) == ("completed", "requires_improvement")
    with kit.today():  # the officer whose plan it was sees the feedback
        officer = staff_client(app, "officer@council.example" if row.officer_id == staff["officer"]["id"]
                               else "officer2@council.example")  # fmt: skip
        assert "Clear plan." in officer.get("/audits").get_data(as_text=True)


def test_the_plan_document_is_attached_and_seen_by_staff_and_the_family(app, api, services, staff, passwords):
    kit.plans(api, services, staff, count=1)
    with services.session_factory() as s:
        plan = s.execute(select(Plan)).scalar_one()
    with kit.today():
        client = staff_client(app, "officer@council.example")
        page = client.get(f"/cases/{plan.case_id}").get_data(as_text=True)
        assert "Attach plan document" in page
        r = client.post(f"/cases/{plan.case_id}/plan-document", content_type="multipart/form-data",
                        data={"csrf_token": token_in(page), "plan-document": (io.BytesIO(PDF), "EHC plan.pdf")})  # fmt: skip
        assert r.status_code == 302
        with services.session_factory() as s:
            doc = s.execute(select(PlanDocument)).scalar_one()
        assert doc.kind == "final" and doc.plan_id == plan.id
        assert client.get(f"/plan-documents/{doc.id}").data == PDF
        assert client.get(f"/plan-documents/{doc.id + 1}").status_code == 404
        parent = parent_by_email(app, services, "parent100@example.org")
        child_page = parent.get(f"/portal/children/{plan.child_id}").get_data(as_text=True)
        assert f"/portal/plan-documents/{doc.id}" in child_page
        assert parent.get(f"/portal/plan-documents/{doc.id}").data == PDF
        assert parent.get(f"/portal/plan-documents/{doc.id + 1}").status_code == 404
    kit.plans(api, services, staff, count=1, first=200)  # another family's parent
    with kit.today():
        other = parent_by_email(app, services, "parent200@example.org")
        assert other.get(f"/portal/plan-documents/{doc.id}").status_code == 404


def test_the_demo_audits(app, api, services, staff, passwords):
    """The demo's audits: a health auditor with one to do, others done, one disagreement waiting."""
    import datetime as dt

    from casework import demo_quality
    from casework.models import Staff

    kit.plans(api, services, staff, count=6)
    with services.session_factory() as s, kit.today("2026-12-05"):
        manager = s.get(Staff, staff["manager"]["id"])
        lines = list(demo_quality.load(s, services.config, manager, dt.date(2026, 12, 5)))
        s.commit()
        health = s.execute(select(Staff).where(Staff.agency == "health")).scalar_one()
        mine = list(s.execute(select(AuditReview).where(AuditReview.auditor_id == health.id)).scalars())
        statuses = [a.status for a in s.execute(select(PlanAudit)).scalars()]
        docs = s.execute(select(PlanDocument)).scalars().all()
    assert any("asha.patel@nhs.example" in line for line in lines)
    assert any(r.submitted_on is None for r in mine)
    assert "completed" in statuses and statuses.count("disagreement") == 1
    assert docs
    password = next(line.split("password ")[-1] for line in lines if "asha.patel" in line)
    with kit.today("2026-12-05"):
        client = app.test_client()
        page = client.get("/sign-in").get_data(as_text=True)
        r = client.post("/sign-in", data={"csrf_token": token_in(page), "email": health.email, "password": password})
        assert r.status_code == 302 and r.headers["Location"].endswith("/audits")
        todo = next(r for r in mine if r.submitted_on is None)
        form = client.get(f"/audits/reviews/{todo.id}").get_data(as_text=True)
        assert "EHC plan.pdf" in form
        doc = re.search(r"/audits/reviews/\d+/documents/\d+", form).group(0)
        assert client.get(doc).data.startswith(b"%PDF-")
        manager = staff_client(app, "manager@council.example")
        home = manager.get("/audits?month=2026-11").get_data(as_text=True)
        assert "seed <code>demo-2026-11</code>" in home and "Disagreements to resolve" in home
        waiting = re.search(r'data-disagreements>.*?/audits/(\d+)"', home, re.S).group(1)
        audit_page = manager.get(f"/audits/{waiting}").get_data(as_text=True)
        assert "data-differ" in audit_page
        section = re.search(r'data-differ="(\w+)"', audit_page).group(1)
        bad = manager.post(f"/audits/{waiting}/resolve", data={"csrf_token": token_in(audit_page), "note": "Agreed"})
        assert bad.status_code == 400 and f'href="#final-{section}"' in bad.get_data(as_text=True)
        choice = re.search(rf'name="final-{section}" type="radio" value="(\w+)"', audit_page).group(1)
        ok = manager.post(f"/audits/{waiting}/resolve",
                          data={"csrf_token": token_in(audit_page), "note": "Agreed", f"final-{section}": choice})  # fmt: skip
        assert ok.status_code == 302
        assert "Resolved: Agreed" in manager.get(f"/audits/{waiting}").get_data(as_text=True)
        assert "kappa" in manager.get("/audits?month=2026-11").get_data(as_text=True)


def test_outcomes_at_review_through_the_page(app, api, services, staff, passwords):
    from tests.integration.reporting import plan_and_review

    review = plan_and_review(api, 400, "2025-11-20", "2026-11-12")
    with kit.today():
        client = staff_client(app, "officer@council.example")
        case_page = client.get(f"/cases/{review}").get_data(as_text=True)
        assert f"/cases/{review}/outcomes" in case_page
        page = client.get(f"/cases/{review}/outcomes").get_data(as_text=True)
        data = {"csrf_token": token_in(page), "rows": "3", "outcome-1-text": "Reads <i>aloud</i>",
                "outcome-1-status": "met", "outcome-2-text": "Makes a friend"}  # fmt: skip
        bad = client.post(f"/cases/{review}/outcomes", data=data)
        html = bad.get_data(as_text=True)
        assert (
            bad.status_code == 400 and 'href="#outcome-2-status"' in html and "Reads &lt;i&gt;aloud&lt;/i&gt;" in html
        )
        data["outcome-2-status"] = "partly_met"
        assert client.post(f"/cases/{review}/outcomes", data=data).status_code == 302
        shown = client.get(f"/cases/{review}").get_data(as_text=True)
        assert "Makes a friend: <strong>Partly met</strong>" in shown
        plan_case = api.get(f"/api/v1/cases/{review}").get_json()
        assert plan_case["kind"] == "review"
        assert client.get(f"/cases/{review - 1}/outcomes").status_code == 404  # the assessment: not a review
