"""No input to the reports produces a 500: odd months, teams, officers, figures and targets, on the
API and on the pages."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from casework.models import Staff
from casework.workflow.accounts import hash_password
from tests.integration.test_pages import PASSWORD, sign_in, token_in

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
odd = st.one_of(
    st.text(max_size=20),
    st.just("a\x00b"),
    st.just("2027-00"),
    st.just("9999-12"),
    st.just("2027-1"),
    st.sampled_from(["2027-03", "plans_issued", "plans_issued_within_20_weeks", "1", "-1", "99999999999"]),
)
query = st.dictionaries(
    st.sampled_from(["from", "to", "team", "officer_id", "officer", "month", "series", "figure", "failing", "extra",
                     "first", "period", "advice_type"]),
    odd,
    max_size=5,
)  # fmt: skip
number = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=8))


@pytest.fixture
def manager_client(api, services, staff):
    with services.session_factory() as s:
        for member in s.execute(select(Staff)).scalars():
            member.password_hash = hash_password(PASSWORD)
        s.commit()
    return api.client.application.test_client()


@freeze_time("2027-06-01")
def test_odd_report_queries_never_500(api, staff, manager_client):
    manager = api.as_(staff["manager"]["token"])
    sign_in(manager_client, "manager@council.example")

    @FUZZ
    @given(q=query, path=st.sampled_from(["timeliness", "advice", "reviews", "cases", "measures/timeliness"]))
    def api_queries(q, path):
        r = manager.get(f"/api/v1/reports/{path}?{urlencode(q)}")
        assert r.status_code in (200, 404, 422), (path, q, r.status_code)

    @FUZZ
    @given(q=query, path=st.sampled_from(["/dashboard", "/dashboard/cases", "/dashboard/providers",
                                          "/dashboard/measures/advice", "/dashboard/exceptions/advice_overdue",
                                          "/dashboard/board", "/dashboard/export.csv"]))  # fmt: skip
    def pages(q, path):
        r = manager_client.get(f"{path}?{urlencode(q)}")
        assert r.status_code in (200, 400, 403, 404), (path, q, r.status_code)

    @FUZZ
    @given(target=number, pya=number, margin=number)
    def targets(target, pya, margin):
        body = {"target": target, "previous_year_actual": pya, "amber_margin": margin}
        r = manager.put("/api/v1/reports/targets/plans_within_20_weeks", json=body)
        assert r.status_code in (200, 422), (body, r.status_code, r.get_json())

    api_queries()
    pages()
    targets()
    form = manager_client.get("/dashboard/targets").get_data(as_text=True)
    r = manager_client.post("/dashboard/targets", data={"csrf_token": token_in(form), "target-advice_overdue": "1e999"})
    assert r.status_code == 400
