"""Annex A, List 1, for an area SEND inspection (Ofsted and CQC): every child or young person with
an EHC plan active on a date, one row each, with the columns the inspectors ask for. What the
product does not hold (phase of the establishment, suspensions, exclusions, absence, pupil premium,
social care and disability) is left blank.

Streamed: the plans active on the date are read in child order in batches, each batch's needs,
placements and named settings with one query each; the CSV is written row by row and the XLSX in
XlsxWriter's constant-memory mode (a temporary file, not the whole sheet in memory).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from casework.models import Child, Placement, PlanSetting, SenNeed
from casework.reports.sen2_build import BATCH, _grouped, active_on, plans_t
from casework.workflow.sen2 import codes

COLUMNS = (
    "Unique identifier", "UPN", "ULN", "Date of birth", "Gender", "Ethnicity",
    "Date EHC plan first issued", "Date EHC plan last updated", "Date EHC plan last reviewed",
    "Primary SEN need", "Main education establishment (URN)", "Main education establishment (phase)",
    "Subsidiary education establishment (URN)", "Elective home education",
    "Suspensions", "Exclusions", "Absence (%)", "Pupil premium", "Known to children's social care",
    "Social care team", "Disability",
)  # fmt: skip
children_t = Child.__table__


def _main_and_subsidiary(placements: list[Any], named: list[Any], on: dt.date) -> tuple[Any, Any]:
    current = [
        p for p in placements
        if (p.entry_date is None or p.entry_date <= on) and (p.leaving_date is None or p.leaving_date >= on)
    ]  # fmt: skip
    rows = current or named
    main = next((p for p in rows if p.rank == 1), rows[0] if rows else None)
    other = next((p for p in rows if p is not main), None)
    return main, other


def _where(row: Any) -> str:
    if row is None:
        return ""
    return row.urn or (f"UKPRN {row.ukprn}" if row.ukprn else codes.SEN_SETTING.labels.get(row.sen_setting or "", ""))


def rows(conn: Any, on: dt.date, batch: int = BATCH) -> Iterator[list[Any]]:
    """One row per child with a plan active on ``on``, in child id order."""
    first_issued = (
        select(plans_t.c.child_id, func.min(plans_t.c.issued_on).label("first")).group_by(plans_t.c.child_id).subquery()
    )
    last = 0
    while True:
        page = list(
            conn.execute(
                select(plans_t, children_t.c.upn, children_t.c.uln, children_t.c.date_of_birth, children_t.c.sex,
                       children_t.c.ethnicity, first_issued.c.first)
                .join(children_t, children_t.c.id == plans_t.c.child_id)
                .join(first_issued, first_issued.c.child_id == plans_t.c.child_id)
                .where(active_on(on), plans_t.c.child_id > last)
                .order_by(plans_t.c.child_id, plans_t.c.id.desc())
                .limit(batch)
            )
        )  # fmt: skip
        if not page:
            return
        ids = sorted({p.child_id for p in page})
        needs = _grouped(conn, SenNeed.__table__, "child_id", ids)
        placements = _grouped(conn, Placement.__table__, "child_id", ids)
        named = _grouped(conn, PlanSetting.__table__, "plan_id", [p.id for p in page])
        seen: set[int] = set()
        for plan in page:
            if plan.child_id in seen:  # one row per child: their newest active plan
                continue
            seen.add(plan.child_id)
            main, other = _main_and_subsidiary(placements.get(plan.child_id, []), named.get(plan.id, []), on)
            primary = next((n.sen_type for n in needs.get(plan.child_id, ()) if n.rank == 1), "")
            yield [
                plan.child_id, plan.upn or "", plan.uln or "", plan.date_of_birth, plan.sex or "",
                plan.ethnicity or "", plan.first, plan.amended_on or plan.issued_on,
                plan.last_review_meeting_on or "", primary, _where(main), "", _where(other),
                "Yes" if main is not None and main.sen_setting == "EHE" else "No",
                "", "", "", "", "", "", "",
            ]  # fmt: skip
        last = page[-1].child_id


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def write(conn: Any, on: dt.date, path: Path) -> int:
    """Write the list to ``path``: XLSX when it ends .xlsx, otherwise CSV. Returns the row count."""
    count = 0
    if path.suffix.lower() == ".xlsx":
        import xlsxwriter

        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
        sheet = book.add_worksheet("List 1")
        bold, dates = book.add_format({"bold": True}), book.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write_row(0, 0, COLUMNS, bold)
        for count, row in enumerate(rows(conn, on), start=1):
            for col, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(count, col, dt.datetime.combine(value, dt.time()), dates)
                else:
                    sheet.write(count, col, value)
        book.close()
        return count
    with open(path, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(COLUMNS)
        for row in rows(conn, on):
            w.writerow([_cell(v) for v in row])
            count += 1
    return count
