"""The demo's year of casework: loads through the workflow in about a minute, with the shape of a
mid-sized council's year, its closed months stored, and the walk-through's cases still there."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import func, select


def test_a_year_of_casework_through_the_engine(tmp_path):
    from casework import clock
    from casework.cli import upgrade
    from casework.config import Config
    from casework.demo import load_demo
    from casework.models import Case, Child, Event, Plan, Provider, ReportMonth, Staff
    from casework.reports import months as mo
    from casework.reports.read import read
    from casework.reports.views import advice_by_provider
    from casework.services import Services
    from casework.workflow.kinds import KINDS

    config = Config(database_url=f"sqlite:///{tmp_path / 'demo.sqlite3'}", outbox_dir=Path(tmp_path / "outbox"))
    upgrade(config.database_url)
    started = time.perf_counter()
    lines = list(load_demo(config))
    seconds = time.perf_counter() - started
    assert seconds < 150, f"the demo took {seconds:.0f} s"  # about a minute on a quiet machine
    assert any(line.startswith("A year of casework") for line in lines)
    today = clock.today()
    months = mo.trailing(mo.of(today), 12)
    services = Services.build(config)
    with services.session_factory() as s:
        conn = s.connection()
        officers = s.execute(select(Staff.team, func.count()).where(Staff.role == "officer").group_by(Staff.team)).all()
        assert sum(n for _t, n in officers) == 12 and {t for t, _n in officers} == {"North", "South"}
        assert (
            s.execute(select(func.count()).select_from(Provider)).scalar() == 15
        )  # the walk-through's 5 and the year's 10
        assert {"Amira", "Yusuf", "Oliver", "Lily", "Ethan", "Grace"} <= set(
            s.execute(select(Child.given_name)).scalars()
        )

        def year(series: str) -> dict[str, int]:
            total: dict[str, int] = {}
            for mf in read(conn, series, months, today).values():
                for k, v in mf.figures.items():
                    total[k] = total.get(k, 0) + v
            return total

        assert 550 <= year("requests")["requests"] <= 750
        plans = year("plans_issued")
        assert 330 <= plans["plans_issued"] <= 480
        assert 0.45 < plans["plans_issued_within_20_weeks"] / plans["plans_issued"] < 0.8
        assert 0 < plans["plans_with_exception"] < plans["plans_issued"] * 0.1
        assert year("review_meetings")["meetings_held"] >= 300
        advice = year("advice_received")
        assert advice["received"] >= 1200 and 0 < advice["chased"] < advice["received"]
        # recorded through the engine: every plan made by a final_issued event, every case opened by an event
        issued = s.execute(select(func.count()).select_from(Event).where(Event.type == "final_issued")).scalar()
        assert issued == s.execute(select(func.count()).select_from(Plan)).scalar()
        opened = s.execute(select(func.count(func.distinct(Event.case_id))).where(
            Event.type.in_([k.opening_event for k in KINDS.values()]))).scalar()  # fmt: skip
        assert opened == s.execute(select(func.count()).select_from(Case)).scalar()
        assert s.execute(select(func.count()).select_from(Event).where(Event.type == "officer_changed")).scalar() > 0
        # the closed months are stored, as the nightly job would have them
        closed = {mo.of(m) for m in s.execute(select(ReportMonth.month)).scalars()}
        assert set(months[:-1]) <= closed and months[-1] not in closed
        # a manager's question: the worst provider for health advice over the year
        health = [r for r in advice_by_provider(conn, months, today, advice_type="health") if r["received"]]
        worst = min(health, key=lambda r: r["received_within_6_weeks"] / r["received"])
        assert worst["provider"]["name"] == "Child and Adolescent Mental Health Service"
    services.engine.dispose()
