from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from casework.api import schemas
from casework.api.auth import actor, require_staff
from casework.models import Child, Contact
from casework.queries import child_detail
from casework.request_scope import db_session, services
from casework.workflow import contacts as contact_rules
from casework.workflow.audit import audit
from casework.workflow.errors import InvalidInput
from casework.workflow.families import initial_family, place_new_child
from casework.workflow.portal_access import FAMILY_RELATIONSHIPS

blp = Blueprint("children", __name__, description="Children, their contacts and families (siblings)")
blp.before_request(require_staff)


@blp.route("/children")
class Children(MethodView):
    @blp.arguments(schemas.ChildIn)
    @blp.response(201, schemas.ChildOut)
    def post(self, data: dict):
        """Add a child with their contacts; siblings are found by shared contact or `sibling_of`"""
        session = db_session()
        contacts = []
        problems: dict[int, dict[str, list[str]]] = {}
        for n, c in enumerate(data["contacts"]):
            lines, postcode = c.get("address_lines") or [], c.get("postcode")
            if c.get("address") and not lines:
                lines, found = contact_rules.split_address(c["address"])
                postcode = postcode or found
            try:
                values = contact_rules.check({**c, "address_lines": lines, "postcode": postcode})
            except InvalidInput as exc:
                problems[n] = exc.errors  # marshmallow's shape: contacts -> index -> field
                continue
            contacts.append(Contact(**values))
        if problems:
            raise InvalidInput({"contacts": problems})
        try:
            family = [c for c in contacts if c.relationship_to_child in FAMILY_RELATIONSHIPS]
            family_id = initial_family(
                session,
                [c.email_normalised for c in family],
                [c.phone_e164 for c in family],
                data.get("sibling_of"),
            )
            child = Child(
                given_name=data["given_name"].strip(),
                family_name=data["family_name"].strip(),
                date_of_birth=data["date_of_birth"],
                upn=(data.get("upn") or "").strip().upper() or None,
                nhs_number=(data.get("nhs_number") or "").replace(" ", "") or None,
                postcode=(data.get("postcode") or "").strip().upper() or None,
                family_id=family_id,
                team=data.get("team"),
                contacts=contacts,
            )
            session.add(child)
            place_new_child(session, child, data.get("sibling_of"), actor())
            body = child_detail(session, child, services().config.statutory)
            session.commit()
        except Exception:
            session.rollback()
            raise
        return body


@blp.route("/children/<id:child_id>")
class ChildView(MethodView):
    @blp.response(200, schemas.ChildOut)
    def get(self, child_id: int):
        """A child with contacts, siblings, cases and active plan (the read is audited)"""
        session = db_session()
        child = session.get(Child, child_id)
        if child is None:
            abort(404, message=f"There is no child {child_id}.")
        audit(session.connection(), actor(), "record_viewed", "child", child_id, via="API")
        session.commit()
        return child_detail(session, child, services().config.statutory)
