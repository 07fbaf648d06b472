"""The monthly improvement-board report: every measure for a chosen month with its 12-month trend
(charts with the same figures in tables), targets, previous-year actuals, red/amber/green, the
exception list of every red indicator, restatements of closed months, and the measures not yet
recorded. Printable HTML and a tagged PDF (WeasyPrint, the shipped DejaVu Sans, nothing fetched).

Rendered here with its own Jinja environment (autoescaped), not by Flask, so the page, the PDF and
a script produce the same document from the same figures (`overview`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import delete, insert, select

from casework.clock import now
from casework.models import ReportDocument
from casework.reports import charts, measures
from casework.reports import months as mo
from casework.reports.exceptions import exception_list
from casework.reports.overview import IndicatorView, overview
from casework.reports.read import WHOLE_COUNCIL, Scope
from casework.reports.targets import RAG_TEXT
from casework.words import long_date

TEMPLATES = Path(__file__).resolve().parent / "templates"
BOARD_EXCEPTIONS = 25  # cases listed per red indicator (the workbook has them all)
KEEP_DAYS = 40  # rendered PDFs kept (report_documents)
documents_t = ReportDocument.__table__


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined)
    env.globals.update(fmt=charts.fmt, month_label=mo.label, rag_text=RAG_TEXT)
    env.filters["long_date"] = long_date  # the product's one date format
    return env


def _chart(view: IndicatorView, twin: IndicatorView | None, n: int) -> charts.Chart:
    i = view.indicator
    target = view.target.target if view.target else None
    if i.unit == "count":
        return charts.bar_chart(f"board-{n}", f"{i.label}, by month", view.months, [v for _m, v in view.trend],
                                i.label, "count", target)  # fmt: skip
    lines = [((i.basis or i.label).capitalize(), [v for _m, v in view.trend])]
    if twin is not None:
        lines.append((twin.indicator.basis.capitalize(), [v for _m, v in twin.trend]))
    return charts.line_chart(f"board-{n}", f"{i.label}, by month", view.months, lines, i.unit, target)


def board_data(conn: Any, month: str, today: dt.date, scope: Scope = WHOLE_COUNCIL, council: str = "") -> dict:
    ov = overview(conn, month, today, scope)
    sections = []
    n = 0
    for m in measures.MEASURES:
        rows = ov.for_measure(m.key)
        pairs, used = [], set()
        for r in rows:
            if r.indicator.key in used:
                continue
            twin = next((t for t in rows if t.indicator.key == r.indicator.key + "_ex"), None)
            used.update({r.indicator.key, *([twin.indicator.key] if twin else [])})
            n += 1
            pairs.append({"view": r, "twin": twin, "chart": _chart(r, twin, n)})
        sections.append({"measure": m, "pairs": pairs})
    red = []
    for view in ov.red:
        cases, total = exception_list(conn, view, month, today, scope, limit=BOARD_EXCEPTIONS)
        red.append({"view": view, "cases": cases, "total": total})
    restated = [
        {"view": r, "month": m, "old": r.value(m), "new": r.restated_value(m)}
        for r in ov.rows
        for m in ov.months
        if m in r.restated and r.restated_value(m) != r.value(m)
    ]
    return {"ov": ov, "month": month, "today": today, "council": council, "sections": sections, "red": red,
            "restated": restated, "scope": scope.describe()}  # fmt: skip


def render_html(conn: Any, month: str, today: dt.date, *, council: str = "", scope: Scope = WHOLE_COUNCIL) -> str:
    return _env().get_template("board.html").render(board_data(conn, month, today, scope, council))


def stored_pdf(conn: Any, html: str, month: str) -> bytes:
    """The PDF of this HTML: the one kept for the same HTML (by its SHA-256), or rendered now and
    kept. The same figures, wording and date give the same HTML, so the document a board member
    downloads is laid out once; documents older than `KEEP_DAYS` are dropped as new ones are kept.
    The caller commits."""
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    pdf = conn.execute(select(documents_t.c.pdf).where(documents_t.c.digest == digest)).scalar_one_or_none()
    if pdf is not None:
        return bytes(pdf)
    pdf = render_pdf(html)
    conn.execute(delete(documents_t).where(documents_t.c.created_at < now() - dt.timedelta(days=KEEP_DAYS)))
    if conn.execute(select(documents_t.c.digest).where(documents_t.c.digest == digest)).first() is None:
        conn.execute(insert(documents_t).values(digest=digest, month=month, pdf=pdf, created_at=now()))
    return pdf


def render_pdf(html: str) -> bytes:
    import weasyprint

    from casework.notifications import letters

    fonts = Path(letters.__file__).resolve().parent  # the shipped DejaVu Sans (fonts/)
    fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"})
    document = weasyprint.HTML(string=html, base_url=fonts.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")
