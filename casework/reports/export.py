"""Every figure as CSV, and an XLSX workbook (a sheet per measure, with the cases behind every
figure), for analysts to take further. Both are built from `read` and the series' items, like the
dashboard: a number in the workbook is the number on the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from casework.reports import measures as ms
from casework.reports import months as mo
from casework.reports.catalogue import SERIES
from casework.reports.overview import overview
from casework.reports.read import WHOLE_COUNCIL, Scope, read, rollup, teams
from casework.reports.series import Series
from casework.reports.views import drill, provider_names

CSV_HEADER = ("measure", "measure_title", "series", "figure", "label", "month", "dimension", "key", "name", "value",
              "restated_value", "restated_on", "source")  # fmt: skip


def _dimensions(series: Series, grain: dict, team_of: dict, names: dict, providers: dict) -> Iterator[tuple]:
    for dim in ("team", "officer", "extra"):
        if dim == "extra" and not series.extra:
            continue
        for key, figures in sorted(rollup(grain, dim, team_of).items(), key=lambda kv: str(kv[0])):
            if dim == "officer":
                name = names.get(key, "No officer")
            elif dim == "extra" and series.extra == "provider" and key:
                pid, _, kind = key.partition(":")
                name = f"{providers.get(int(pid), ('?', ''))[0]} ({kind})"
            else:
                name = str(key)
            yield dim if dim != "extra" else series.extra, "" if key is None else str(key), name, figures


def csv_rows(conn: Any, month: str, today: dt.date, scope: Scope = WHOLE_COUNCIL, n: int = 12) -> Iterator[list]:
    """Every figure of every series for the n months to `month`: the whole scope, then by team,
    officer and the series' split; and every indicator's value."""
    months = mo.trailing(month, n)
    team_of = teams(conn)
    from sqlalchemy import select

    from casework.models import Staff

    names = dict(conn.execute(select(Staff.id, Staff.name)).all())
    providers = provider_names(conn)
    yield list(CSV_HEADER)
    for measure in ms.MEASURES:
        for key in measure.series:
            series = SERIES[key]
            data = read(conn, series, months, today, scope, grain=True)
            for m in months:
                mf = data[m]
                for f in series.figures:
                    now = mf.now.get(f.name) if mf.restated else None
                    yield [measure.number, measure.title, key, f.name, f.label, m, "all", "", scope.describe(),
                           mf.figures[f.name], "" if now is None or now == mf.figures[f.name] else now,
                           mf.restated_on or "", mf.source]  # fmt: skip
                for dim, k, name, figures in _dimensions(series, mf.grain, team_of, names, providers):
                    for f in series.figures:
                        yield [measure.number, measure.title, key, f.name, f.label, m, dim, k, name,
                               figures.get(f.name, 0), "", "", mf.source]  # fmt: skip
    ov = overview(conn, month, today, scope, n=n)
    for r in ov.rows:
        for m in months:
            value = r.value(m)
            restated = r.restated_value(m) if m in r.restated else None
            yield [r.measure.number, r.measure.title, r.indicator.series, r.indicator.key,
                   f"{r.indicator.label} ({r.indicator.unit}{', ' + r.indicator.basis if r.indicator.basis else ''})",
                   m, "indicator", "", scope.describe(), "" if value is None else value,
                   "" if restated is None else restated, "", r.sources[m]]  # fmt: skip


def to_csv(conn: Any, month: str, today: dt.date, scope: Scope = WHOLE_COUNCIL) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv_rows(conn, month, today, scope):
        writer.writerow(row)
    return out.getvalue()


def _sheet_name(measure: ms.Measure) -> str:
    return f"{measure.number} {measure.title}".replace("/", " ")[:31]


def to_xlsx(conn: Any, month: str, today: dt.date, scope: Scope = WHOLE_COUNCIL, *, council: str = "") -> bytes:
    import xlsxwriter

    months = mo.trailing(month, 12)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    title = book.add_format({"bold": True, "font_size": 14})
    ov = overview(conn, month, today, scope)

    about = book.add_worksheet("About")
    about.set_column(0, 0, 110)
    lines = [
        f"{council or 'SEND service'}: SEND performance figures, {mo.label(months[0])} to {mo.label(month)}",
        f"For {scope.describe()}; produced on {today.isoformat()}.",
        "Each figure counts events in the month they happened. Timeliness is on both DfE bases: including and "
        "excluding exceptions (an exception removes the case from the count and the within-time count).",
        "A closed month reads as it did when it closed; 'restated' columns give a later correction.",
        "Each measure's sheet: its figures by month, then every case behind them (one row per thing counted, "
        "with the columns that decide each figure), so any figure can be checked and taken further.",
    ]
    for n, text in enumerate(lines):
        about.write(n, 0, text, title if n == 0 else None)
    for n, m in enumerate(ms.MEASURES, len(lines) + 1):
        status = f"Not yet recorded: {m.awaiting}" if m.awaiting else m.definition
        about.write(n, 0, f"{m.number}. {m.title}: {status}")

    score = book.add_worksheet("Scorecard")
    score.write_row(0, 0, ["Measure", "Indicator", "Basis", "Unit", *months, "Target", "Last year"], bold)
    for n, r in enumerate(ov.rows, 1):
        score.write_row(n, 0, [r.measure.number, r.indicator.label, r.indicator.basis or "", r.indicator.unit])
        for k, m in enumerate(months):
            value = r.value(m)
            if value is not None:
                score.write_number(n, 4 + k, value)
        if r.target and r.target.target is not None:
            score.write_number(n, 4 + len(months), r.target.target)
        if r.target and r.target.previous_year_actual is not None:
            score.write_number(n, 5 + len(months), r.target.previous_year_actual)

    for measure in ms.MEASURES:
        sheet = book.add_worksheet(_sheet_name(measure))
        sheet.write(0, 0, f"{measure.number}. {measure.title}", title)
        sheet.write(1, 0, measure.awaiting or measure.definition)
        row = 3
        for key in measure.series:
            series = SERIES[key]
            data = read(conn, series, months, today, scope)
            sheet.write_row(row, 0, [series.title, "source", *(f.label for f in series.figures)], bold)
            sheet.write_row(row + 1, 0, ["month", "", *series.names])
            row += 2
            for m in months:
                mf = data[m]
                sheet.write_row(row, 0, [m, mf.source, *(mf.figures[f] for f in series.names)])
                if mf.restated:
                    sheet.write_row(row + 1, 0, [f"{m} restated on {mf.restated_on}", "restated",
                                                 *(mf.now[f] for f in series.names)])  # fmt: skip
                    row += 1
                row += 1
            row += 1
        for key in measure.series:
            series = SERIES[key]
            columns = ["month", "case", "child", "officer", "team", *(c.label for c in series.columns)]
            sheet.write(row, 0, f"{series.title}: every case counted", bold)
            sheet.write_row(row + 1, 0, columns, bold)
            row += 2
            for m in months:
                items, _total = drill(conn, key, m, today, scope, limit=None)
                for item in items:
                    values = [m, f"EHC-{item['case_id']}", f"{item['given_name']} {item['family_name']}",
                              item["officer_name"] or "", item["team"] or ""]  # fmt: skip
                    sheet.write_row(row, 0, values)
                    for k, c in enumerate(series.columns, len(values)):
                        v = item[c.name]
                        if isinstance(v, dt.date):
                            sheet.write_datetime(row, k, dt.datetime(v.year, v.month, v.day), date)
                        elif v is not None:
                            sheet.write(row, k, v)
                    row += 1
            row += 1
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 4, 18)
    book.close()
    return buffer.getvalue()
