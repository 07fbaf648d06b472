"""No input produces a 500: hypothesis throws odd values at every write endpoint and every id."""

from __future__ import annotations

import string

from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import child_payload

odd_text = st.one_of(st.text(max_size=30), st.just("a\x00b"), st.just("x" * 5000), st.just(""))
odd_int = st.one_of(st.integers(), st.just(2**31), st.just(2**63), st.just(-1), st.just(0))
odd_date = st.one_of(
    st.dates().map(str),
    st.just("0001-01-01"),
    st.just("9999-12-31"),
    st.just("2026-02-30"),
    st.text(alphabet=string.digits + "-", max_size=12),
)
odd_value = st.one_of(
    odd_text,
    odd_int,
    odd_date,
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)

EVENT_KEYS = ["type", "occurred_on", "version", "reason", "note", "deadline_keys", "named_setting", "notice_sent_on"]
EVENT_TYPES = st.sampled_from(
    [
        "decided_to_assess",
        "decided_not_to_assess",
        "withdrawn",
        "exception_recorded",
        "final_issued",
        "no_representations",
        "decided_to_issue",
    ]
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _event_body():
    return st.fixed_dictionaries(
        {"type": st.one_of(EVENT_TYPES, odd_text), "occurred_on": odd_date},
        optional={k: st.one_of(odd_value, odd_date) for k in EVENT_KEYS[2:]},
    )


@freeze_time("2026-06-01")
def test_fuzzed_writes_never_500(api, make_child):
    child = make_child()
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()

    @FUZZ
    @given(body=_event_body())
    def events(body):
        r = api.post(f"/api/v1/cases/{case['id']}/events", json=body)
        assert r.status_code < 500, (body, r.get_json())

    @FUZZ
    @given(
        body=st.dictionaries(
            st.sampled_from(["child_id", "received_on", "received_at", "request_source"]),
            st.one_of(odd_value, odd_date),
            max_size=4,
        )
    )
    def assessments(body):
        r = api.post("/api/v1/assessments", json=body)
        assert r.status_code < 500, (body, r.get_json())

    @FUZZ
    @given(
        overrides=st.dictionaries(
            st.sampled_from(
                ["given_name", "family_name", "date_of_birth", "upn", "nhs_number", "postcode", "sibling_of"]
            ),
            st.one_of(odd_value, odd_date),
            max_size=4,
        ),
        contact=st.dictionaries(
            st.sampled_from(["name", "email", "phone", "address", "preferred_channel", "relationship"]),
            odd_value,
            max_size=5,
        ),
    )
    def children(overrides, contact):
        r = api.post("/api/v1/children", json=child_payload(**overrides, contacts=[contact]))
        assert r.status_code < 500, (overrides, contact, r.get_json())

    @FUZZ
    @given(
        body=st.dictionaries(
            st.sampled_from(
                ["advice_type", "provider_id", "requested_on", "provider_received_on", "question", "version"]
            ),
            st.one_of(odd_value, odd_date),
            max_size=6,
        )
    )
    def advice(body):
        r = api.post(f"/api/v1/cases/{case['id']}/advice-requests", json=body)
        assert r.status_code < 500, (body, r.get_json())

    events()
    assessments()
    children()
    advice()


def test_odd_ids_in_urls_are_404_not_500(api):
    for path in (
        "/api/v1/cases/99999999999999999999",
        "/api/v1/children/9223372036854775808",
        "/api/v1/cases/2147483648/advice-requests",
        "/api/v1/cases/-1",
        "/api/v1/cases/abc",
    ):
        assert api.get(path).status_code == 404, path
    r = api.post("/api/v1/advice-requests/99999999999999999999/received", json={"received_on": "2026-01-01"})
    assert r.status_code == 404
    for key, value in (("case_id", 2**40), ("officer_id", 2**40), ("child_id", -5)):
        assert api.get(f"/api/v1/cases?{key}={value}").status_code in (200, 422)


@freeze_time("2026-06-01")
def test_extreme_dates_are_422(api, make_child, make_provider):
    child = make_child()
    for received in ("0001-01-01", "2014-08-31", "9999-12-31"):
        r = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": received})
        assert r.status_code == 422 and "received_on" in r.get_json()["errors"]["json"], received
    case = api.post("/api/v1/assessments", json={"child_id": child["id"], "received_on": "2026-01-05"}).get_json()
    url = f"/api/v1/cases/{case['id']}/events"
    for sent in ("9999-12-31", "2026-01-01"):
        r = api.post(
            url,
            json={"type": "decided_not_to_assess", "occurred_on": "2026-02-01", "reason": "r", "notice_sent_on": sent},
        )
        assert r.status_code == 422 and "notice_sent_on" in r.get_json()["errors"]["json"], sent
    r = api.post(
        url,
        json={
            "type": "decided_not_to_assess",
            "occurred_on": "2026-02-01",
            "reason": "r",
            "notice_sent_on": "2026-02-03",
        },
    )
    assert r.status_code == 200
    # 3 Feb + 2 months = Fri 3 Apr 2026, Good Friday; Mon 6 Apr is Easter Monday -> Tue 7 Apr (HESC r.12)
    assert {d["key"]: d for d in r.get_json()["deadlines"]}["appeal"]["due_on"] == "2026-04-07"
    other = make_child(given_name="B", contacts=[{"name": "P", "email": "p@example.org"}])
    case = api.post("/api/v1/assessments", json={"child_id": other["id"], "received_on": "2026-01-05"}).get_json()
    api.post(f"/api/v1/cases/{case['id']}/events", json={"type": "decided_to_assess", "occurred_on": "2026-01-20"})
    provider = make_provider()
    r = api.post(
        f"/api/v1/cases/{case['id']}/advice-requests",
        json={
            "advice_type": "health",
            "provider_id": provider["id"],
            "requested_on": "2026-02-01",
            "provider_received_on": "9999-12-31",
        },
    )
    assert r.status_code == 422 and "provider_received_on" in r.get_json()["errors"]["json"]
