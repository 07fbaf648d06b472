"""The journeys on the pages: each deadline's working and the required advice on the case page; a dispute
started from a decision and an order from the dispute through their forms; an exception with its facts;
the closures page (a setting, a closure, a CSV upload checked row by row); the portal's plain-English
working and required advice."""

from __future__ import annotations

import io
import re

from freezegun import freeze_time

from tests.integration.journeys import ev, ok
from tests.integration.test_pages import portal_sign_in, sign_in, token_in


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def date(prefix: str, iso: str) -> dict[str, str]:
    y, m, d = iso.split("-")
    return {f"{prefix}-day": str(int(d)), f"{prefix}-month": str(int(m)), f"{prefix}-year": y}


@freeze_time("2026-10-05")
def test_working_required_advice_dispute_and_order_through_the_pages(app, api, make_child, passwords, staff, services):
    client = app.test_client()
    sign_in(client, "officer@council.example")
    child = make_child()
    case = ok(api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-08-20"}), 201)
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    body = text_of(page)
    assert 'data-working="final_plan"' in page
    assert (
        "20 weeks after Thursday 20 August 2026 (the day it started is not counted) is Thursday 7 January 2027." in body
    )
    assert "What the family reads: The council must send you the final EHC plan by Thursday 7 January 2027" in body
    assert "Advice the law requires" in body and 'data-advice-type="psychology"' in page
    ok(ev(api, case["id"], "decided_not_to_assess", "2026-09-29", reason="Needs met.", notice_sent_on="2026-10-01"))

    # a dispute from the decision, through the case page's form
    page = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert "Record mediation or an appeal about a decision" in page
    decision = re.search(r'name="dispute-event_id".*?<option value="(\d+)"', page, re.S).group(1)
    r = client.post(f"/cases/{case['id']}/disputes", data={"csrf_token": token_in(page), "dispute-event_id": decision})
    assert r.status_code == 302
    dispute_url = r.headers["Location"]
    page = client.get(dispute_url).get_data(as_text=True)
    body = text_of(page)
    assert "Mediation and appeal" in body and f"Arose from: EHC needs assessment (case {case['id']})" in body
    assert "Appeal to reach the Tribunal" in body and "Tuesday 1 December 2026" in body
    assert "Record mediation or an appeal about a decision" not in client.get(f"/cases/{case['id']}").get_data(
        as_text=True
    )  # fmt: skip  (the decision has its dispute)
    dispute_id = int(dispute_url.rsplit("/", 1)[1])
    for type_, on in (("certificate_issued", "2026-10-02"), ("appeal_registered", "2026-10-05"),
                      ("tribunal_decided", "2026-10-05")):  # fmt: skip
        extra = {"tribunal_outcome": "upheld"} if type_ == "tribunal_decided" else {}
        ok(ev(api, dispute_id, type_, on, **extra))
    page = client.get(dispute_url).get_data(as_text=True)
    form = {"csrf_token": token_in(page), "order-basis": "order", "order-order_type": ""}
    r = client.post(f"{dispute_url}/orders", data={**form, **date("order-start_on", "2026-10-05")})
    assert r.status_code == 400 and 'href="#order-order_type"' in r.get_data(as_text=True)
    form["order-order_type"] = "assess"
    r = client.post(f"{dispute_url}/orders", data={**form, **date("order-start_on", "2026-10-05")})
    assert r.status_code == 302
    order_page = client.get(r.headers["Location"]).get_data(as_text=True)
    body = text_of(order_page)
    assert "Tribunal order" in body and "Tell the family the council will assess" in body
    assert "Monday 19 October 2026" in body and "Told the family the council will assess" in body

    # an absence too short for a Tribunal order: refused, shown by the button, the dates kept
    order_id = int(r.headers["Location"].rsplit("/", 1)[1])
    data = {"csrf_token": token_in(order_page), "exception-reason": "absent_from_area",
            "exception-deadline_keys": "tell_will_assess", "exception-note": "Away.",
            **date("exception-absent_from", "2026-10-06"), **date("exception-absent_until", "2026-10-18")}  # fmt: skip
    r = client.post(f"/cases/{order_id}/exception", data=data)
    assert r.status_code == 400 and "at least 2 weeks" in r.get_data(as_text=True)
    data.update(date("exception-absent_from", "2026-10-05"))  # 14 days: enough for an order (reg 44(3))
    r = client.post(f"/cases/{order_id}/exception", data=data)
    assert r.status_code == 302
    assert "An exception was recorded" in text_of(client.get(f"/cases/{order_id}").get_data(as_text=True))


@freeze_time("2026-03-02")
def test_the_closures_page(app, passwords, staff):
    client = app.test_client()
    sign_in(client, "officer@council.example")
    page = client.get("/closures").get_data(as_text=True)
    assert "School and setting closures" in page and "No schools or settings yet." in page
    csrf = token_in(page)
    r = client.post("/closures/settings", data={"csrf_token": csrf, "setting-name": "", "setting-kind": "school"})
    assert r.status_code == 400 and 'href="#setting-name"' in r.get_data(as_text=True)
    r = client.post("/closures/settings", data={"csrf_token": csrf, "setting-name": "St Mary's Primary School",
                                                 "setting-kind": "school"})  # fmt: skip
    assert r.status_code == 302
    page = client.get("/closures").get_data(as_text=True)
    setting = re.findall(r'<option value="(\d+)"', page)[0]
    r = client.post("/closures/closures", data={"csrf_token": csrf, "closure-setting_id": setting,
                                                 **date("closure-closed_from", "2026-07-23"),
                                                 **date("closure-reopens_on", "2026-07-23")})  # fmt: skip
    assert r.status_code == 400 and "after the first day closed" in r.get_data(as_text=True)
    r = client.post("/closures/closures", data={"csrf_token": csrf, "closure-setting_id": setting,
                                                 **date("closure-closed_from", "2026-07-23"),
                                                 **date("closure-reopens_on", "2026-09-03")})  # fmt: skip
    assert r.status_code == 302
    body = text_of(client.get("/closures").get_data(as_text=True))
    assert (
        "Thursday 23 July 2026" in body
        and "42 days" in body
        and "Thursday 16 July 2026 to Thursday 27 August 2026" in body
    )
    bad = b"setting,kind,closed_from,reopens_on\nOak Tree,nursery,2026-07-20,2026-08-17\n"
    r = client.post("/closures/import", data={"csrf_token": csrf, "closures-file": (io.BytesIO(bad), "c.csv")},
                    content_type="multipart/form-data")  # fmt: skip
    html = r.get_data(as_text=True)
    assert (
        r.status_code == 400
        and "row 2: kind &#39;nursery&#39; is not one of" in html
        and "nothing was imported" in html
    )
    good = b"setting,kind,closed_from,reopens_on\nOak Tree,early_years,2026-07-20,2026-08-17\n"
    r = client.post("/closures/import", data={"csrf_token": csrf, "closures-file": (io.BytesIO(good), "c.csv")},
                    content_type="multipart/form-data")  # fmt: skip
    assert r.status_code == 302
    assert "Imported 1 closures (0 already recorded) and 1 new settings." in client.get("/closures").get_data(
        as_text=True)  # fmt: skip


@freeze_time("2026-03-02")
def test_the_portal_shows_the_required_advice_and_how_its_dates_are_worked_out(app, api, make_child, services):
    child = make_child()
    case = ok(api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}), 201)
    ok(ev(api, case["id"], "decided_to_assess", "2026-02-16"))
    ok(api.post(f"/api/v1/cases/{case['id']}/advice-not-needed",
                json={"advice_type": "social_care", "reason": "Not known to social care."}), 201)  # fmt: skip
    client = app.test_client()
    portal_sign_in(client, services)
    page = client.get(f"/portal/children/{child['id']}").get_data(as_text=True)
    body = text_of(page)
    assert "Advice the law says the council must get" in body
    assert "Social care: Not needed (Not known to social care.)" in body and "Health: Not asked for yet" in body
    assert "data-portal-working" in page
    assert ("The council must send you the final EHC plan by Monday 25 May 2026: 20 weeks after it received your "
            "request on Monday 5 January 2026. Monday 25 May 2026 is a bank holiday (Spring Bank Holiday), so the "
            "last working day before it is Friday 22 May 2026.") in body  # fmt: skip
    assert "A7" not in body and "reg 13" not in body  # plain English, no rule IDs
