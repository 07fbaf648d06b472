"""Letters (api.md "Letters"): a case's letters, and each letter as a PDF. Staff only; every
download is audited."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields
from sqlalchemy import select

from casework import clock
from casework.api.auth import actor, require_staff
from casework.api.cases import load_case
from casework.models import Case, Contact, Letter
from casework.notifications.letters import configured_wording_dirs
from casework.request_scope import db_session, services
from casework.workflow import posting
from casework.workflow.audit import audit

blp = Blueprint("letters", __name__, description="The letters sent to families, and their copies")
blp.before_request(require_staff)


class LetterOut(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "e.g. decided_not_to_assess; family_update for an update by post"})
    recipient = fields.String(metadata={"description": "the contact's name"})
    created_on = fields.Date()
    sent_on = fields.Date(allow_none=True, metadata={"description": "null until posted or sent through Notify"})
    status = fields.String(metadata={"description": "waiting | to_print | sent | cancelled"})
    letter_date = fields.Date(allow_none=True, metadata={"description": "the date printed on it"})
    pdf = fields.String(metadata={"description": "/api/v1/letters/{id}.pdf"})


@blp.route("/cases/<id:case_id>/letters")
class CaseLetters(MethodView):
    @blp.response(200, LetterOut(many=True))
    def get(self, case_id: int):
        """The case's letters: to whom, when written and sent, and where the PDF is"""
        session = db_session()
        load_case(session, case_id)
        letters = posting.of_case(session, case_id)
        names = dict(session.execute(select(Contact.id, Contact.name).where(
            Contact.id.in_({x.contact_id for x in letters}))).all()) if letters else {}  # fmt: skip
        return [
            {"id": x.id, "kind": x.kind, "recipient": names.get(x.contact_id, ""), "created_on": x.created_on,
             "sent_on": x.sent_on, "status": x.status, "letter_date": x.letter_date,
             "pdf": f"/api/v1/letters/{x.id}.pdf"}
            for x in letters
        ]  # fmt: skip


@blp.route("/letters/<id:letter_id>.pdf")
class LetterPdf(MethodView):
    @blp.response(200, content_type="application/pdf")
    def get(self, letter_id: int):
        """The letter as a PDF: the copy kept when it left, or a preview dated today while it waits"""
        session = db_session()
        letter = session.get(Letter, letter_id)
        if letter is None:
            abort(404, message=f"There is no letter {letter_id}.")
        child_id = session.get(Case, letter.case_id).child_id
        audit(session.connection(), actor(), "letter_downloaded", "child", child_id, letter_id=letter.id, via="API")
        session.commit()
        pdf = letter.pdf or posting.produce(letter, clock.today(), services().config.letterhead(),
                                            configured_wording_dirs())  # fmt: skip
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="letter-{letter.id}.pdf"'})  # fmt: skip
