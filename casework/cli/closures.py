"""`casework closures ...`: schools' and settings' closure calendars (statutory.md 9.3), imported from CSV.
Changes are audited (the actor is "system": whoever runs the command on the server)."""

from __future__ import annotations

import click
from sqlalchemy import select

from casework.cli import main
from casework.cli.staff import SYSTEM, _session
from casework.models import EducationSetting
from casework.workflow import closures as calendar


@main.group()
def closures() -> None:
    """Closure calendars of schools, post-16 institutions and early years settings."""


@closures.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def import_file(file) -> None:
    """Import closures from a CSV FILE: setting,kind,closed_from,reopens_on[,urn,note] (kind: school,
    post16 or early_years; dates YYYY-MM-DD or DD/MM/YYYY). Every row is checked first: with any error,
    each is printed with its row number and nothing is imported (exit status 1)."""
    with _session() as session:
        result = calendar.import_csv(session, file.read(), actor=SYSTEM)
        if result.errors:
            session.rollback()
            for error in result.errors:
                click.echo(error, err=True)
            raise SystemExit(1)
        session.commit()
    click.echo(
        f"Imported {result.closures_added} closures ({result.already_recorded} already recorded) and "
        f"{result.settings_added} new settings."
    )


@closures.command("list")
def list_closures() -> None:
    """Each setting with its closures, whether each qualifies (4 weeks or more) and its window."""
    with _session() as session:
        for setting in session.execute(select(EducationSetting).order_by(EducationSetting.name)).scalars():
            click.echo(f"{setting.name} ({setting.kind}, id {setting.id})")
            for closure in setting.closures:
                c = calendar.describe(closure)
                window = f"window {c['window_from']} to {c['window_to']}" if c["qualifies"] else "does not qualify"
                click.echo(f"  {c['closed_from']} to {c['reopens_on']} (back): {c['days']} days, {window}")
