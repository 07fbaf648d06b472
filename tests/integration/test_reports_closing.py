"""Closed months are kept: the nightly job stores each month's figures; a later correction to a
closed month shows as a restatement (old and new value) and never rewrites the month as closed; a
second run changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from casework.models import ReportFact, ReportMonth, Staff
from casework.reports import facts
from casework.reports import read as rd
from tests.integration.reporting import event, plus, request, to_final


def _march(services, today):
    with services.engine.connect() as conn:
        return rd.read(conn, "plans_issued", ["2027-03"], today)["2027-03"]


def _rows(services):
    with services.engine.connect() as conn:
        return conn.execute(
            select(ReportFact.month, ReportFact.measure, ReportFact.dimension, ReportFact.key, ReportFact.revision,
                   ReportFact.figures).order_by(ReportFact.id)
        ).all()  # fmt: skip


def test_a_closed_month_survives_a_correction_as_a_restatement(api, services):
    received = "2026-10-19"
    a = request(api, 1, received)
    to_final(api, a, received, "2027-03-08")  # day 140: within 20 weeks
    b = request(api, 2, received)
    to_final(api, b, received, "2027-03-15")  # day 147
    c = request(api, 3, received)
    event(api, c, "decided_to_assess", plus(received, 30))
    event(api, c, "decided_to_issue", plus(received, 90))
    event(api, c, "draft_issued", plus(received, 100))

    first = facts.close_months(services.session_factory, dt.date(2027, 4, 1))
    assert first.closed[0] == "2026-10" and first.closed[-1] == "2027-03"
    closed = _march(services, dt.date(2027, 4, 1))
    assert closed.source == "stored" and not closed.restated
    assert (closed.figures["plans_issued"], closed.figures["plans_issued_within_20_weeks"]) == (2, 1)

    # in April the officer records that c's final plan was in fact issued on 20 March (a late entry)
    event(api, c, "final_issued", "2027-03-20", today="2027-04-12")
    before_night = _march(services, dt.date(2027, 4, 12))
    assert before_night.figures == closed.figures and not before_night.restated  # the month as closed

    second = facts.close_months(services.session_factory, dt.date(2027, 4, 13))
    assert second.closed == [] and ("2027-03", "plans_issued", "council:") in second.restated
    march = _march(services, dt.date(2027, 4, 13))
    assert march.figures["plans_issued"] == 2  # the report for March still reads as it did
    assert march.restated and march.now["plans_issued"] == 3 and march.restated_on == dt.date(2027, 4, 13)
    assert march.now["plans_issued_within_20_weeks"] == 1

    rows = _rows(services)
    again = facts.close_months(services.session_factory, dt.date(2027, 4, 13))
    assert again.closed == [] and again.restated == []
    assert _rows(services) == rows  # a second run changes nothing

    # May closes in June; March's restatement stays as it was
    facts.close_months(services.session_factory, dt.date(2027, 6, 2))
    assert _march(services, dt.date(2027, 6, 2)).figures == closed.figures
    with services.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ReportMonth)).scalar() == 8  # Oct 2026 to May 2027


def test_the_month_in_progress_is_live_and_a_stored_month_is_read_from_the_facts(api, services):
    received = "2027-01-04"
    a = request(api, 1, received)
    to_final(api, a, received, "2027-05-24")
    facts.close_months(services.session_factory, dt.date(2027, 6, 1))
    with services.engine.connect() as conn:
        got = rd.read(conn, "plans_issued", ["2027-05", "2027-06"], dt.date(2027, 6, 1))
        # the stored row is what the page reads: change it and the page follows (nothing recomputes it)
        conn.execute(
            ReportFact.__table__.update()
            .where(ReportFact.measure == "plans_issued", ReportFact.dimension == "council")
            .where(ReportFact.month == dt.date(2027, 5, 1))
            .values(figures={**got["2027-05"].figures, "plans_issued": 7})
        )
        conn.commit()
        tampered = rd.read(conn, "plans_issued", ["2027-05"], dt.date(2027, 6, 1))["2027-05"]
    assert got["2027-05"].source == "stored" and got["2027-06"].source == "live"
    assert got["2027-05"].figures["plans_issued"] == 1
    assert tampered.figures["plans_issued"] == 7


def test_the_nightly_job_runs_from_rq_the_embedded_scheduler_and_the_cli(api, services, database_url, monkeypatch):
    from click.testing import CliRunner

    from casework.cli import main
    from casework.jobs import close_months_job
    from casework.jobs.embedded import EmbeddedScheduler

    received = "2027-01-04"
    a = request(api, 1, received)
    to_final(api, a, received, "2027-05-24")
    scheduler = EmbeddedScheduler(services)
    scheduler.close_months(dt.date(2027, 3, 1))  # embedded mode: January and February
    assert scheduler.last_close == dt.date(2027, 3, 1)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert "1 month(s) closed (2027-03 to 2027-03)" in close_months_job("2027-04-01")[0]  # the RQ job
    result = CliRunner().invoke(main, ["reports", "close", "--today", "2027-06-01"])
    assert result.exit_code == 0 and "2 month(s) closed (2027-04 to 2027-05)" in result.output
    with services.engine.connect() as conn:
        assert rd.read(conn, "plans_issued", ["2027-05"], dt.date(2027, 6, 1))["2027-05"].source == "stored"


def test_the_month_in_progress_shows_every_write_at_once(api, services):
    received = "2027-01-04"
    first, second = request(api, 1, received), request(api, 2, received)
    to_final(api, first, received, "2027-05-24")
    for type_, days in (("decided_to_assess", 30), ("decided_to_issue", 90), ("draft_issued", 100)):
        event(api, second, type_, plus(received, days))
    with services.engine.connect() as conn:
        assert rd.read(conn, "plans_issued", ["2027-05"], dt.date(2027, 5, 28))["2027-05"].figures["plans_issued"] == 1
    event(api, second, "final_issued", "2027-05-27")  # the live figures are kept until the records change
    with services.engine.connect() as conn:
        again = rd.read(conn, "plans_issued", ["2027-05"], dt.date(2027, 5, 28))["2027-05"]
    assert again.source == "live" and again.figures["plans_issued"] == 2


def test_stored_months_read_the_same_for_every_scope_and_split(api, services, staff, make_provider):
    from casework.reports.catalogue import SERIES
    from casework.reports.series import compute_months, split_key
    from tests.integration.reporting import advice

    paeds = make_provider()["id"]
    for n, final in ((1, "2027-03-08"), (2, "2027-03-29")):
        case = request(api, n, "2026-10-19", source="school" if n == 1 else "parent")
        to_final(api, case, "2026-10-19", final)
    other = request(api, 3, "2027-01-11")
    event(api, other, "decided_to_assess", "2027-01-25")
    advice(api, other, paeds, "2027-01-25", "2027-03-10")
    today = dt.date(2027, 4, 2)
    months = ["2027-01", "2027-02", "2027-03"]
    facts.close_months(services.session_factory, today)
    with services.engine.begin() as conn:
        conn.execute(Staff.__table__.update().where(Staff.id == staff["officer"]["id"]).values(team="North"))
    with services.engine.connect() as conn:
        for key, series in SERIES.items():
            live = compute_months(conn, series, months, today)
            for scope in (rd.scope_for(conn), rd.scope_for(conn, officer_id=staff["officer"]["id"]),
                          rd.scope_for(conn, team="North"), rd.scope_for(conn, officer_id=staff["officer2"]["id"])):  # fmt: skip
                for extra in (False, True):
                    got = rd.read(conn, key, months, today, scope, extra=extra)
                    for m in months:
                        mine = {k: v for k, v in live[m].items() if scope.holds(split_key(k)[0])}
                        want = {n: sum(v.get(n, 0) for v in mine.values()) for n in series.names}
                        assert got[m].source == "stored" and got[m].figures == want, (key, m, scope, extra)
                        if extra and series.extra:
                            assert _nonzero(rd.rollup(got[m].grain, "extra")) == _nonzero(rd.rollup(mine, "extra"))


def _nonzero(cells: dict) -> dict:
    return {k: v for k, v in cells.items() if any(v.values())}
