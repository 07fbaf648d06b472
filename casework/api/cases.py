from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import func, select

from casework import clock
from casework.api import offset, schemas
from casework.api.auth import actor, require_staff
from casework.models import Case, Child, Plan
from casework.queries import case_detail, case_notifications, case_summary, plan_dict
from casework.request_scope import db_session, perform, services
from casework.words import case_ref
from casework.workflow import corrections, engine, opening, plan_actions, sen2_data
from casework.workflow.audit import audit
from casework.workflow.errors import InvalidInput
from casework.workflow.kinds import KINDS, assessment, review

blp = Blueprint("cases", __name__, description="Assessments and reviews, and recording what happened")
blp.before_request(require_staff)


def load_case(session, case_id: int) -> Case:
    case = session.get(Case, case_id, populate_existing=True)
    if case is None:
        abort(404, message=f"There is no case {case_ref(case_id)}.")
    return case


def plan_child(session, plan: Plan) -> Child:
    return session.get(Child, plan.child_id)


@blp.route("/assessments")
class Assessments(MethodView):
    @blp.arguments(schemas.AssessmentIn)
    @blp.response(201, schemas.CaseOut)
    def post(self, data: dict):
        """Open an EHC needs assessment from the date the request was received"""

        def open_request(session):
            result = opening.open_case(
                session,
                assessment.KIND.name,
                data["child_id"],
                received=data.get("received_at") or data["received_on"],
                actor=actor(),
                request_source=data["request_source"],
                settings=services().config.statutory,
            )
            sen2_data.set_rya(session, result.case_id, data.get("rya"))
            return result

        result = perform(open_request)
        session = db_session()
        return case_detail(session, load_case(session, result.case_id), settings=services().config.statutory)


@blp.route("/reviews")
class Reviews(MethodView):
    @blp.arguments(schemas.ReviewIn)
    @blp.response(201, schemas.CaseOut)
    def post(self, data: dict):
        """Open the annual review of the child's active plan (409 if none)"""
        result = perform(
            opening.open_case,
            review.KIND.name,
            data["child_id"],
            actor=actor(),
            opened_on=data.get("opened_on"),
            phase_transfer=data.get("phase_transfer"),
            settings=services().config.statutory,
        )
        session = db_session()
        return case_detail(session, load_case(session, result.case_id), settings=services().config.statutory)


@blp.route("/plans/<id:plan_id>/phase-transfer")
class PlanPhaseTransfer(MethodView):
    @blp.arguments(schemas.PhaseTransferIn)
    @blp.response(200, schemas.PlanOut)
    def put(self, data: dict, plan_id: int):
        """Record the plan's expected transfer between phases of education (reg 18)"""
        perform(plan_actions.record_phase_transfer, plan_id, data, actor=actor(), settings=services().config.statutory)
        session = db_session()
        plan = session.get(Plan, plan_id, populate_existing=True)
        return plan_dict(plan, plan_child(session, plan), services().config.statutory, clock.today())


@blp.route("/cases")
class Cases(MethodView):
    @blp.arguments(schemas.CaseQuery, location="query")
    @blp.response(200, schemas.CaseSummaryOut(many=True))
    @blp.paginate()
    def get(self, query: dict, pagination_parameters):
        """List cases (filter by child, officer, state, kind, open)"""
        session = db_session()
        where = []
        for name in ("child_id", "officer_id", "state", "kind"):
            if query.get(name) is not None:
                where.append(getattr(Case, name) == query[name])
        if query.get("open") is not None:
            where.append(Case.is_open == query["open"])
        pagination_parameters.item_count = session.execute(
            select(func.count()).select_from(Case).where(*where)
        ).scalar_one()
        cases = session.execute(
            select(Case)
            .where(*where)
            .order_by(Case.id)
            .offset(offset(pagination_parameters))
            .limit(pagination_parameters.page_size)
        ).scalars()
        return [case_summary(c) for c in cases]


@blp.route("/cases/<id:case_id>")
class CaseView(MethodView):
    @blp.response(200, schemas.CaseOut)
    def get(self, case_id: int):
        """A case with its deadlines, events, advice requests and exceptions (the read is audited)"""
        session = db_session()
        case = load_case(session, case_id)
        audit(session.connection(), actor(), "record_viewed", "child", case.child_id, case_id=case.id, via="API")
        session.commit()
        return case_detail(session, case, settings=services().config.statutory)


@blp.route("/cases/<id:case_id>/notifications")
class CaseNotifications(MethodView):
    @blp.response(200, schemas.NotificationOut(many=True))
    def get(self, case_id: int):
        """Every message the case caused: family updates, advice requests, reminders, chases, escalations"""
        session = db_session()
        load_case(session, case_id)
        return case_notifications(session, case_id)


@blp.route("/cases/<id:case_id>/events")
class CaseEvents(MethodView):
    @blp.arguments(schemas.EventIn)
    @blp.response(200, schemas.CaseOut)
    @blp.alt_response(409, description="wrong state, stale version or a statutory guard refused")
    def post(self, data: dict, case_id: int):
        """Record what happened (the machine checks it; deadlines are recomputed)"""
        details = {k: v for k, v in data.items() if k not in ("type", "occurred_on", "version")}
        step = KINDS[load_case(db_session(), case_id).kind].step(data["type"])
        if step is not None and step.form == "none":  # written with what it belongs to, by its own function
            raise InvalidInput({"type": [f"'{data['type']}' is recorded through its own endpoint or by another case."]})
        perform(
            engine.record,
            case_id,
            data["type"],
            data["occurred_on"],
            actor=actor(),
            details=details,
            version=data.get("version"),
            settings=services().config.statutory,
        )
        session = db_session()
        return case_detail(session, load_case(session, case_id), settings=services().config.statutory)


@blp.route("/cases/<id:case_id>/corrections")
class CaseCorrections(MethodView):
    @blp.arguments(schemas.CorrectionIn)
    @blp.response(200, schemas.CaseOut)
    @blp.alt_response(409, description="the date cannot be corrected, or a stale version")
    def post(self, data: dict, case_id: int):
        """Correct a date recorded by mistake: an `entry_corrected` event beside the original (which stays as
        it was), the deadlines recomputed from the right date, the family told"""
        perform(
            corrections.correct_date,
            case_id,
            data["event_id"],
            data["occurred_on"],
            reason=data["reason"],
            actor=actor(),
            version=data.get("version"),
            settings=services().config.statutory,
        )
        session = db_session()
        return case_detail(session, load_case(session, case_id), settings=services().config.statutory)
