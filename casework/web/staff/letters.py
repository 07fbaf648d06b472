"""Letters: the print queue (print the day's letters as one PDF, then mark them posted, which dates
them), and a letter's kept copy. Every download is audited."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from casework.models import Case, Contact, Letter
from casework.notifications.letters import LETTERS, configured_wording_dirs
from casework.read.case_page import letter_status
from casework.request_scope import db_session, perform, services
from casework.web.auth import staff_required
from casework.web.forms import FormErrors, date_items, read_date
from casework.web.staff import bp, staff_actor
from casework.words import long_date
from casework.workflow import posting
from casework.workflow.audit import audit


def _queue_rows(session) -> list[dict]:
    letters = posting.to_print(session)
    cases = {c.id: c for c in session.execute(select(Case).where(Case.id.in_({x.case_id for x in letters}))).scalars()}
    return [{"letter": x, "case": cases[x.case_id], "title": LETTERS[x.kind].title} for x in letters]


@bp.route("/letters", methods=["GET", "POST"], endpoint="print_queue")
@staff_required
def print_queue():
    """Letters to print and post. Choose the date they will be posted: each is dated that day, and
    its appeal deadline is counted from it."""
    s = db_session()
    errors = FormErrors()
    if request.method == "POST":
        ids = [int(i) for i in request.form.getlist("letter") if i.isdigit()]
        posted_on = read_date(request.form, "posted_on", "the date the letters are posted", errors)
        if not ids:
            errors.add("letter", "Choose the letters")
        if not errors:
            config = services().config
            if request.form.get("action") == "download":
                chosen = [row for row in _queue_rows(s) if row["letter"].id in ids]
                pdf = posting.print_run([r["letter"] for r in chosen], posted_on, config.letterhead(),
                                        configured_wording_dirs())  # fmt: skip
                actor = staff_actor()
                for row in chosen:
                    audit(s.connection(), actor, "letter_printed", "child", row["case"].child_id,
                          letter_id=row["letter"].id)  # fmt: skip
                s.commit()
                name = f"letters-{posted_on.isoformat()}.pdf"
                return Response(pdf, mimetype="application/pdf",
                                headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
            _results, done = perform(posting.post, ids, posted_on, letterhead=config.letterhead(),
                           wording_dirs=configured_wording_dirs(), actor=staff_actor(), settings=config.statutory)  # fmt: skip
            flash(f"{len(done)} letter(s) marked as posted on {long_date(posted_on)}.", "success")
            return redirect(url_for("staff.print_queue"))
    return render_template(
        "print_queue.html", errors=errors.summary() or None, form_errors=errors, rows=_queue_rows(s),
        date_items=date_items, raw=request.form if request.method == "POST" else None,
    ), 400 if errors else 200  # fmt: skip


@bp.get("/letters/<id:letter_id>.pdf", endpoint="letter_pdf")
@staff_required
def letter_pdf(letter_id: int):
    """The letter's kept copy (produced when it left, or now for one still waiting)."""
    s = db_session()
    letter = s.get(Letter, letter_id)
    if letter is None:
        abort(404)
    case = s.get(Case, letter.case_id)
    audit(s.connection(), staff_actor(), "letter_downloaded", "child", case.child_id, letter_id=letter.id)
    s.commit()
    return pdf_response(letter)


def pdf_response(letter: Letter) -> Response:
    pdf = letter.pdf
    if pdf is None:  # still waiting to leave: a preview dated as it would be today
        from casework import clock

        pdf = posting.produce(letter, clock.today(), services().config.letterhead(), configured_wording_dirs())
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="letter-{letter.id}-{letter.kind}.pdf"'})  # fmt: skip


def case_letters(session, case_id: int) -> list[dict]:
    """The letters of a case, for the case page."""
    letters = posting.of_case(session, case_id)
    names = dict(session.execute(select(Contact.id, Contact.name).where(
        Contact.id.in_({x.contact_id for x in letters}))).all()) if letters else {}  # fmt: skip
    return [{"letter": x, "recipient": names.get(x.contact_id, ""), "title": LETTERS[x.kind].title,
             "status": letter_status(x)} for x in letters]  # fmt: skip
