"""The README's demo: loads through the engine, opens a review by the sweep, and reloads safely."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select


def test_demo_loads_and_reloads(tmp_path, monkeypatch):
    from casework.cli import upgrade
    from casework.config import Config
    from casework.demo import load_demo
    from casework.models import Case, OutboxMessage
    from casework.services import Services

    config = Config(database_url=f"sqlite:///{tmp_path / 'demo.sqlite3'}", outbox_dir=Path(tmp_path / "outbox"))
    upgrade(config.database_url)
    lines = list(load_demo(config, year=False))
    passwords = [line.split("password ")[-1] for line in lines if " password " in line]
    assert len(passwords) == 7 and all(p.startswith("demo-") for p in passwords)  # 3 staff, 4 auditors
    again = list(load_demo(config, year=False))  # idempotent: new tokens, same caseload
    services = Services.build(config)
    with services.session_factory() as s:
        cases = s.execute(select(Case.kind, Case.state, Case.officer_id, Case.child_id).order_by(Case.id)).all()
        unsent = s.execute(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
    services.engine.dispose()
    assert len(cases) == 8 and ("review", "due") in [(c.kind, c.state) for c in cases]
    assert ("dispute", "mediation") in [(c.kind, c.state) for c in cases]  # Grace's mother contacted the adviser
    assert cases[0].officer_id == cases[1].officer_id  # Amira and her brother Yusuf share an officer
    assert unsent == [] and len(list((tmp_path / "outbox").glob("*.txt"))) >= 10
    assert again[0].startswith("Demo data loaded")


def test_outbox_page_only_in_demo_mode(app, tmp_path):
    from casework.app import create_app
    from casework.config import Config

    assert app.test_client().get("/demo/outbox").status_code == 404
    config = Config(database_url=app.extensions["casework"].config.database_url, outbox_dir=tmp_path, demo=True)
    (tmp_path / "00000001-email-family_request_received-email.txt").write_text(
        "To: sara@example.org\nChannel: email\nSubject: We have the request\n\nHello"
    )
    demo = create_app(config)
    page = demo.test_client().get("/demo/outbox")
    assert page.status_code == 200 and "Email to sara@example.org: We have the request" in page.get_data(as_text=True)
    demo.extensions["casework"].engine.dispose()


def test_production_refuses_the_development_secret():
    import pytest

    from casework.config import Config

    with pytest.raises(ValueError, match="SECRET_KEY"):
        Config.from_env({"DATABASE_URL": "postgresql://db/casework"})
    assert Config.from_env({"DATABASE_URL": "postgresql://db/casework", "SECRET_KEY": "x" * 40}).secret_key == "x" * 40
