"""`casework audits ...`: the plan audit framework the council sets (a new version from a JSON file;
audits already done keep the version they were done under) and the current one, to start from."""

from __future__ import annotations

import json

import click

from casework.cli import main
from casework.cli.staff import SYSTEM, _session
from casework.workflow.errors import InvalidInput
from casework.workflow.quality import audits


@main.group("audits")
def audits_group() -> None:
    """Plan quality audits: the framework's versions."""


@audits_group.command("framework-show")
def framework_show() -> None:
    """Print the current framework as JSON (edit it and load it with `framework-load`)."""
    with _session() as session:
        row = audits.current_framework(session)
        session.commit()
        click.echo(json.dumps(row.definition, indent=2))


@audits_group.command("framework-load")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def framework_load(file) -> None:
    """Load a new version of the framework from a JSON FILE (sections, criteria, grades, weights)."""
    try:
        definition = json.load(file)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"The file is not JSON: {exc}") from None
    with _session() as session:
        try:
            row = audits.add_framework(session, definition, SYSTEM)
        except InvalidInput as exc:
            raise click.ClickException("; ".join(exc.errors["framework"])) from None
        session.commit()
        click.echo(f"Framework version {row.version} loaded: new audits use it; earlier audits keep theirs.")
