"""Opening the journeys beyond an assessment and a review. Each opens a case of its kind through the
opener (`workflow/opening.py`); what is recorded on it afterwards goes through `POST /cases/{id}/events`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from casework.api import schemas
from casework.api.auth import actor, require_staff
from casework.api.cases import load_case
from casework.api.schemas import journeys as journey_schemas
from casework.queries import case_detail
from casework.request_scope import db_session, perform, services
from casework.workflow import opening
from casework.workflow.errors import NotFound
from casework.workflow.kinds import (
    commissioning_change,
    dispute,
    reassessment,
    transfer_in,
    transfer_out,
    tribunal_order,
)

blp = Blueprint(
    "journeys", __name__, description="Re-assessments, disputes, Tribunal orders and transfers between councils"
)
blp.before_request(require_staff)


def _open(kind: str, child_id: int, **inputs: Any) -> dict:
    result = perform(opening.open_case, kind, child_id, actor=actor(), settings=services().config.statutory, **inputs)
    session = db_session()
    return case_detail(session, load_case(session, result.case_id), settings=services().config.statutory)


@blp.route("/reassessments")
class Reassessments(MethodView):
    @blp.arguments(journey_schemas.ReassessmentIn)
    @blp.response(201, schemas.CaseOut)
    @blp.alt_response(409, description="no active plan, or a re-assessment already open")
    def post(self, data: dict):
        """Open a re-assessment of the child's active plan from the date the request was received (regs 24-27)"""
        return _open(
            reassessment.KIND.name,
            data["child_id"],
            received=data.get("received_at") or data["received_on"],
            requested_by=data["requested_by"],
            last_assessed_on=data.get("last_assessed_on"),
        )


@blp.route("/disputes")
class Disputes(MethodView):
    @blp.arguments(journey_schemas.DisputeIn)
    @blp.response(201, schemas.CaseOut)
    @blp.alt_response(409, description="no appealable decision, or the decision already has an open dispute")
    def post(self, data: dict):
        """Open a dispute (mediation and appeal, D rows) from an appealable decision"""
        origin = load_case(db_session(), data["case_id"])
        return _open(
            dispute.KIND.name, origin.child_id, case_id=origin.id, event_id=data.get("event_id"),
            opened_on=data.get("opened_on"),
        )  # fmt: skip


@blp.route("/tribunal-orders")
class TribunalOrders(MethodView):
    @blp.arguments(journey_schemas.TribunalOrderIn)
    @blp.response(201, schemas.CaseOut)
    @blp.alt_response(409, description="the order needs an active plan the child does not have")
    def post(self, data: dict):
        """Record a Tribunal order (reg 44), an unopposed appeal (reg 45) or a mediation agreement on an appealable
        issue (reg 42(2)); its requirements' clocks start (E rows, E10, D9)"""
        child_id = data.get("child_id")
        if data.get("dispute_id") is not None:
            origin = load_case(db_session(), data["dispute_id"])
            if child_id is not None and child_id != origin.child_id:
                raise NotFound(f"There is no dispute {origin.id} for child {child_id}.")
            child_id = origin.child_id
        inputs = {k: data.get(k) for k in ("dispute_id", "basis", "order_type", "made_on", "sent_on",
                                            "told_tribunal_on", "agreed_on")}  # fmt: skip
        return _open(tribunal_order.KIND.name, child_id, **inputs)


@blp.route("/transfers-in")
class TransfersIn(MethodView):
    @blp.arguments(journey_schemas.TransferInIn)
    @blp.response(201, schemas.CaseOut)
    @blp.alt_response(409, description="the child already has an active plan here")
    def post(self, data: dict):
        """Record a plan transferred in from another council (reg 15): the plan keeps its date (F3); F4 and F5 run"""
        inputs = {k: v for k, v in data.items() if k != "child_id"}
        return _open(transfer_in.KIND.name, data["child_id"], **inputs)


@blp.route("/transfers-out")
class TransfersOut(MethodView):
    @blp.arguments(journey_schemas.TransferOutIn)
    @blp.response(201, schemas.CaseOut)
    def post(self, data: dict):
        """Record a child moving to another council (reg 15): the plan is transferred (F1/F2); the move ends any
        request in progress here, marked exported (F6)"""
        inputs = {k: v for k, v in data.items() if k != "child_id"}
        return _open(transfer_out.KIND.name, data["child_id"], **inputs)


@blp.route("/commissioning-changes")
class CommissioningChanges(MethodView):
    @blp.arguments(journey_schemas.CommissioningChangeIn)
    @blp.response(201, schemas.CaseOut)
    @blp.alt_response(409, description="the child has no active plan")
    def post(self, data: dict):
        """Record a change of the plan's responsible commissioning body (reg 16, F7)"""
        inputs = {k: v for k, v in data.items() if k != "child_id"}
        return _open(commissioning_change.KIND.name, data["child_id"], **inputs)
