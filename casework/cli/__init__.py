"""The `casework` command: database migrations, staff, demo data, serving."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casework.config import Config

# a wheel carries the migrations inside the package (setup.py); a checkout has them at its top
_PACKAGED = Path(__file__).resolve().parents[1] / "migrations"
MIGRATIONS = _PACKAGED if (_PACKAGED / "env.py").exists() else Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(database_url: str):
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


@click.group()
def main() -> None:
    """casework: statutory workflow for EHC needs assessments and annual reviews."""


@main.group()
def db() -> None:
    """Database migrations (Alembic)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Bring the database (DATABASE_URL) up to date."""
    config = Config.from_env()
    upgrade(config.database_url, revision)
    click.echo(f"database at revision {revision}")


@main.command("rebalance-siblings")
@click.option("--dry-run", is_flag=True, help="Print the plan without moving anything.")
@click.option("--team", default=None, help="Only families with a case held by an officer in this team.")
def rebalance_siblings(dry_run: bool, team: str | None) -> None:
    """Give every family whose open cases are split one officer (its single point of contact)."""
    import time

    from casework import clock
    from casework.services import Services
    from casework.workflow import allocation, reassign
    from casework.workflow import engine as eng

    config = Config.from_env()
    services = Services.build(config)
    started = time.perf_counter()
    try:
        with services.engine.connect() as conn:
            plan = allocation.plan_rebalance(conn, team)
        if not plan.moves:
            click.echo("Nothing to do: no family's open cases are split across officers.")
            return
        click.echo(f"{'family':>8}  {'to officer':<24} {'holds':>7}  {'moving':>6}  note")
        for m in plan.moves:
            click.echo(
                f"{m.family_id:>8}  {m.officer_name[:24]:<24} {m.held:>3}/{m.total:<3}  {len(m.case_ids):>6}  {m.note}"
            )
        click.echo(f"{len(plan.moves)} families split; {plan.cases_moving} cases to move.")
        if dry_run:
            click.echo("Dry run: nothing was changed.")
            return
        today = clock.today()
        moved = 0
        with click.progressbar(plan.moves, label="Moving families") as bar:
            for m in bar:
                session = services.session_factory()
                try:
                    results = reassign.reassign(
                        session,
                        m.case_ids,
                        m.officer_id,
                        actor=eng.Actor.system(),
                        reason=f"one officer per family: {m.officer_name} holds {m.held} of the "
                        f"family's {m.total} open cases",
                        today=today,
                    )
                    eng.commit(session, results, services.dispatch)
                    moved += len(results)
                except Exception as exc:
                    session.rollback()
                    click.echo(f"\nfamily {m.family_id}: not moved ({exc})", err=True)
                finally:
                    session.close()
        click.echo(f"Moved {moved} cases in {len(plan.moves)} families in {time.perf_counter() - started:.1f} s.")
    finally:
        services.engine.dispose()


@main.command("demo")
@click.option(
    "--reset/--no-reset",
    default=False,
    help="Start again with fresh demo data: delete the demo database, its messages and uploads first (SQLite only).",
)
@click.option("--year/--no-year", default=True, help="Also load a year of casework for the dashboard (about a minute).")
def demo(reset: bool, year: bool) -> None:
    """Load the demo: the walk-through's cases and a year of casework (idempotent: does nothing if it is already there)."""
    import shutil

    from casework.demo import load_demo

    config = Config.from_env()
    if reset:
        if not config.database_url.startswith("sqlite:///"):
            raise click.ClickException("--reset deletes the database: it works only on the demo's SQLite file.")
        Path(config.database_url[len("sqlite:///") :]).unlink(missing_ok=True)
        for folder in (config.outbox_dir, config.upload_dir):
            shutil.rmtree(folder, ignore_errors=True)
    upgrade(config.database_url)
    for line in load_demo(config, year=year):
        click.echo(line)


@main.command("sweep")
@click.option(
    "--today",
    "today_",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as of this date (default: today in Europe/London).",
)
def sweep(today_) -> None:
    """Run the sweep (open reviews falling due) synchronously; safe to run any number of times."""
    from casework import clock
    from casework.jobs import run_sweep
    from casework.services import Services

    services = Services.from_env()
    try:
        report = run_sweep(services, today_.date() if today_ else clock.today())
        for line in report.lines():
            click.echo(line)
    finally:
        services.engine.dispose()


@main.group()
def reports() -> None:
    """The managers' dashboard figures."""


@reports.command("close")
@click.option(
    "--today",
    "today_",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as of this date (default: today in Europe/London).",
)
def reports_close(today_) -> None:
    """Store every closed month's figures; restate corrected ones (the nightly job; safe to rerun)."""
    from casework import clock
    from casework.jobs import run_close_months
    from casework.services import Services

    services = Services.from_env()
    try:
        for line in run_close_months(services, today_.date() if today_ else clock.today()).lines():
            click.echo(line)
    finally:
        services.engine.dispose()


@main.command("letters")
def letters() -> None:
    """List the letters waiting to be printed and posted (the print queue; print them from the Letters page)."""
    from casework.channels import letters_dir, list_letters
    from casework.services import Services
    from casework.words import case_ref
    from casework.workflow import posting

    services = Services.from_env()
    try:
        with services.session_factory() as session:
            queue = posting.to_print(session)
            for letter in queue:
                click.echo(
                    f"letter {letter.id}: {letter.kind} for case {case_ref(letter.case_id)}, written {letter.created_on}"
                )
        older = list_letters(letters_dir(services.config))  # written as text before letters were rendered
        for path in older:
            click.echo(str(path))
        click.echo(f"{len(queue) + len(older)} letter(s) to print.")
    finally:
        services.engine.dispose()


@main.command("diagrams")
def diagrams() -> None:
    """Write the machines' Mermaid diagrams to docs/machines.md."""
    from casework.workflow.diagrams import write

    click.echo(f"wrote {write()}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the app (embedded mode; production uses gunicorn 'wsgi:app')."""
    from casework.app import create_app
    from casework.jobs.embedded import EmbeddedScheduler

    app = create_app()
    services = app.extensions["casework"]
    if not services.config.redis_url:  # embedded mode: relay and sweep in-process
        EmbeddedScheduler(services).start()
        click.echo("embedded mode: messages are delivered in-process; the sweep runs daily, the relay every minute")
    click.echo(f"casework on http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)")
    if services.config.demo:
        click.echo(f"demo: messages sent are shown at http://{host}:{port}/demo/outbox")
    app.run(host=host, port=port, threaded=True)


from casework.cli import closures, staff  # noqa: E402,F401  (the `casework staff` and `closures` commands)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
