"""The README's demo: loads through the engine, opens a review by the sweep, and reloads safely."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select


def test_demo_loads_and_reloads(tmp_path, monkeypatch):
    from casework import Services
    from casework.cli import upgrade
    from casework.config import Config
    from casework.demo import load_demo
    from casework.models import Case, OutboxMessage

    config = Config(database_url=f"sqlite:///{tmp_path / 'demo.sqlite3'}", outbox_dir=Path(tmp_path / "outbox"))
    upgrade(config.database_url)
    lines = list(load_demo(config))
    tokens = [line.split("Bearer ")[-1] for line in lines if "Bearer" in line and "curl" not in line]
    assert len(tokens) == 3
    again = list(load_demo(config))  # idempotent: new tokens, same caseload
    services = Services.build(config)
    with services.session_factory() as s:
        cases = s.execute(select(Case.kind, Case.state, Case.officer_id, Case.child_id).order_by(Case.id)).all()
        unsent = s.execute(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
    services.engine.dispose()
    assert len(cases) == 7 and ("review", "due") in [(c.kind, c.state) for c in cases]
    assert cases[0].officer_id == cases[1].officer_id  # Amira and her brother Yusuf share an officer
    assert unsent == [] and len(list((tmp_path / "outbox").glob("*.txt"))) >= 10
    assert again[0].startswith("Demo data loaded")
