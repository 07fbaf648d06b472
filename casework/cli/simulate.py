"""`casework simulate`: the capacity what-if from the command line (the manager's page runs the same
functions): calibrate on the history up to the start of this month, run the baseline and a scenario
side by side, print the monthly 20-week figures with their intervals; `--backtest` compares a
simulation calibrated months ago with what happened. A progress bar goes to stderr."""

from __future__ import annotations

import sys

import click

from casework.cli import main


def _table(outcomes) -> None:
    head = f"{'month':<8}" + "".join(f" | {o.scenario.name[:28]:<28}" for o in outcomes)
    click.echo(head)
    click.echo("-" * len(head))
    for m in outcomes[0].months:
        cells = []
        for o in outcomes:
            e, past = o.figures["within_20_weeks"][m], o.figures["open_past_20_weeks"][m]
            rate = "no plans" if e.mean is None else f"{e.mean:5.1f}% ({e.low:.0f}-{e.high:.0f})"
            cells.append(f" | {rate:<17} {past.mean:5.0f} late")
        click.echo(f"{m:<8}" + "".join(f"{c:<31}" for c in cells))
    for o in outcomes:
        click.echo(f"{o.scenario.name}: {o.year['within_20_weeks']}% within 20 weeks over the period "
                   f"({o.year['within_20_weeks_ex']}% excluding exceptions)")  # fmt: skip


@main.command("simulate")
@click.option("--months", default=12, show_default=True, type=click.IntRange(1, 24))
@click.option("--replications", default=200, show_default=True, type=click.IntRange(1, 2000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--officers-change", default=0, type=int, help="Officers added (negative: fewer) in the scenario.")
@click.option("--officers-from", default="", help="The day the change starts, YYYY-MM-DD (default: at once).")
@click.option("--provider", "provider_id", default="", help="Whose advice changes (a provider's id; default: all).")
@click.option("--advice-days", default=0, type=int, help="Days added to the advice delay (negative: quicker).")
@click.option("--arrivals-percent", default=100, type=int, help="Requests as a percentage of the fitted rate.")
@click.option("--within-6-weeks", default="", help="Share of decisions whether to assess within 6 weeks, %.")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 16), help="Forked processes.")
@click.option("--backtest", is_flag=True, help="Calibrate 6 months ago and compare with what happened.")
def simulate(months, replications, seed, officers_change, officers_from, provider_id, advice_days,
             arrivals_percent, within_6_weeks, processes, backtest) -> None:  # fmt: skip
    """Simulate the months ahead from the council's own history: as now and with a scenario."""
    from casework import clock
    from casework.reports import months as mo
    from casework.services import Services
    from casework.simulation import runs, scenarios

    services = Services.from_env()
    today = clock.today()
    try:
        with services.session_factory() as session:
            conn = session.connection()
            if backtest:
                with click.progressbar(length=replications, label="Backtest", file=sys.stderr) as bar:
                    b = runs.backtest(conn, today, replications=replications, seed=seed, progress=bar.update)
                click.echo(f"Calibrated on the history before {b.cut:%-d %B %Y}; the months after it:")
                for basis, label in (("within_20_weeks", "including"), ("within_20_weeks_ex", "excluding")):
                    click.echo(f"Within 20 weeks ({label} exceptions): mean absolute error {b.error[basis]} "
                               f"percentage points; actual inside the interval in {b.inside[basis]} of "
                               f"{b.compared[basis]} months")  # fmt: skip
                    for m in b.months:
                        e = b.simulated[basis][m]
                        click.echo(f"  {m}: actual {b.actual[basis][m]}%, simulated {e.mean}% ({e.low}-{e.high})")
                return
            start = mo.first_day(mo.of(today))
            cal = runs.calibrate(conn, start)
        form = {"name": "Scenario", "officers_change": str(officers_change), "officers_from": officers_from,
                "provider_id": provider_id, "advice_days": str(advice_days),
                "arrivals_percent": str(arrivals_percent), "within_6_weeks": within_6_weeks}  # fmt: skip
        end = mo.last_day(mo.shift(mo.of(start), months - 1))
        try:
            scenario = scenarios.parse(form, cal.providers, start, end)
        except scenarios.ScenarioError as exc:
            for field, message in exc.errors.items():
                click.echo(f"error: --{field.replace('_', '-')}: {message}", err=True)
            sys.exit(2)
        with click.progressbar(length=2 * replications, label="Simulating", file=sys.stderr) as bar:
            outcomes = runs.compare(
                cal, [scenarios.BASELINE, scenario], months, replications, seed, bar.update, processes
            )
        _table(outcomes)
    finally:
        services.engine.dispose()
