"""`casework sen2 --year 2027 --out FILE` (api.md "SEN2") and `casework annex-a --out FILE`."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from casework.cli import main


@main.command("sen2")
@click.option("--year", type=int, required=True, help="The collection year (activity in the calendar year before).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--no-schema", is_flag=True, help="Do not validate the file against the XSD (quicker at scale).")
def sen2(year: int, out: Path, no_schema: bool) -> None:
    """Write the SEN2 person-level return as XML, with the pre-submission checks. The last line gives
    the number of persons and the checks' counts; exit 0 even when checks fail, 1 only when the file
    could not be written."""
    from casework.reports import sen2_return
    from casework.services import Services

    if not 2023 <= year <= 2100:
        click.echo("The year is the collection year, for example 2027 (activity in 2026).", err=True)
        sys.exit(1)
    services = Services.from_env()
    started = time.perf_counter()

    def progress(count: int) -> None:
        click.echo(f"{count:,} persons written ({time.perf_counter() - started:.0f}s)", err=True)

    try:
        with services.engine.connect() as conn:
            outcome = sen2_return.make(conn, services.config, year, out, progress=progress,
                                       check_schema=not no_schema)  # fmt: skip
    except OSError as exc:
        click.echo(f"Could not write {out}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    finally:
        services.engine.dispose()
    p = outcome.period
    click.echo(f"SEN2 {year}: activity {p.start} to {p.end}, reference date {p.reference_date}; written to {out}")
    for line in sen2_return.error_lines(outcome):
        click.echo(line)
    for finding in outcome.findings:
        who = f"child {finding.key}" if finding.key is not None else "the return"
        click.echo(f"{finding.level}: {who}: {finding.element}: {finding.message}")
    state = "ready to send" if outcome.ready else "NOT READY: fix the errors and make it again"
    schema = "not checked" if no_schema else ("valid" if not outcome.schema_errors else "INVALID")
    click.echo(f"{state}; schema {schema}")
    click.echo(f"{outcome.persons} persons, {outcome.errors} errors, {outcome.queries} queries")


@main.command("annex-a")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="FILE.csv or FILE.xlsx")  # fmt: skip
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Plans active on this date (default: today)")  # fmt: skip
def annex_a(out: Path, on: dt.datetime | None) -> None:
    """Annex A List 1 for an area SEND inspection: one row per child with an active EHC plan."""
    from casework import clock
    from casework.reports import annex_a as annex
    from casework.services import Services

    services = Services.from_env()
    day = on.date() if on else clock.today()
    try:
        with services.engine.connect() as conn:
            count = annex.write(conn, day, out)
    except OSError as exc:
        click.echo(f"Could not write {out}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    finally:
        services.engine.dispose()
    click.echo(f"{count} children with a plan active on {day}: written to {out}")
