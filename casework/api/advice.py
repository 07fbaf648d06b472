from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import func, select

from casework import clock
from casework.api import offset, schemas
from casework.api.auth import actor, require_staff
from casework.api.cases import load_case
from casework.models import AdviceRequest, EducationSetting, Provider
from casework.queries import advice_list, case_detail
from casework.request_scope import db_session, perform, services
from casework.workflow import advice as advice_flow
from casework.workflow.advice_returns import return_advice
from casework.workflow.errors import InvalidInput

blp = Blueprint("advice", __name__, description="Advice-givers (reg 6) and advice requests (reg 8)")
blp.before_request(require_staff)


@blp.route("/providers")
class Providers(MethodView):
    @blp.arguments(schemas.ProviderIn)
    @blp.response(201, schemas.ProviderOut)
    def post(self, data: dict):
        """Add an advice-giver"""
        session = db_session()
        if data.get("statutory_basis") is None:
            data["statutory_basis"] = data["advice_type"] == "health"
        if data.get("setting_id") is not None and session.get(EducationSetting, data["setting_id"]) is None:
            raise InvalidInput({"setting_id": [f"There is no education setting {data['setting_id']}."]})
        provider = Provider(**data)
        session.add(provider)
        session.commit()
        return provider

    @blp.response(200, schemas.ProviderOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List advice-givers"""
        session = db_session()
        pagination_parameters.item_count = session.execute(select(func.count()).select_from(Provider)).scalar_one()
        return (
            session.execute(
                select(Provider)
                .order_by(Provider.name, Provider.id)
                .offset(offset(pagination_parameters))
                .limit(pagination_parameters.page_size)
            )
            .scalars()
            .all()
        )


@blp.route("/cases/<id:case_id>/advice-requests")
class CaseAdvice(MethodView):
    @blp.arguments(schemas.AdviceRequestIn)
    @blp.response(201, schemas.AdviceOut)
    def post(self, data: dict, case_id: int):
        """Ask an advice-giver for advice (only while assessing); it is due 6 weeks after they receive it"""
        session = db_session()
        load_case(session, case_id)
        _, advice_id = perform(
            advice_flow.request_advice,
            case_id,
            advice_type=data["advice_type"],
            provider_id=data["provider_id"],
            requested_on=data["requested_on"],
            provider_received_on=data.get("provider_received_on"),
            question=data.get("question"),
            actor=actor(),
            version=data.get("version"),
            settings=services().config.statutory,
        )
        return one_advice(session, advice_id)

    @blp.response(200, schemas.AdviceOut(many=True))
    def get(self, case_id: int):
        """The case's advice requests, with their chase history"""
        session = db_session()
        load_case(session, case_id)
        return advice_list(session, AdviceRequest.case_id == case_id, clock.today())


def one_advice(session, advice_id: int) -> dict:
    session.expire_all()
    found = advice_list(session, AdviceRequest.id == advice_id, clock.today())
    if not found:
        abort(404, message=f"There is no advice request {advice_id}.")
    return found[0]


@blp.route("/cases/<id:case_id>/advice-reuse")
class CaseAdviceReuse(MethodView):
    @blp.arguments(schemas.AdviceReuseIn)
    @blp.response(201, schemas.AdviceOut)
    def post(self, data: dict, case_id: int):
        """Record reuse of existing advice (reg 6(4): the adviser, the council and the family all agree it is
        sufficient); no 6-week clock runs"""
        session = db_session()
        load_case(session, case_id)
        _, advice_id = perform(advice_flow.reuse_advice, case_id, actor=actor(), **data)
        return one_advice(session, advice_id)


@blp.route("/cases/<id:case_id>/advice-not-needed")
class CaseAdviceNotNeeded(MethodView):
    @blp.arguments(schemas.AdviceNotNeededIn)
    @blp.response(201, schemas.CaseOut)
    @blp.alt_response(409, description="the case is not gathering advice (wrong state) or its version is stale")
    def post(self, data: dict, case_id: int):
        """Record that advice reg 6(1) requires is not needed for this assessment, and why (an audited event)"""
        session = db_session()
        load_case(session, case_id)
        perform(
            advice_flow.advice_not_needed,
            case_id,
            advice_type=data["advice_type"],
            reason=data["reason"],
            decided_on=data.get("decided_on"),
            actor=actor(),
            version=data.get("version"),
            settings=services().config.statutory,
        )
        return case_detail(session, load_case(session, case_id), settings=services().config.statutory)


@blp.route("/advice-requests/<id:advice_id>/exception")
class AdviceException(MethodView):
    @blp.arguments(schemas.AdviceExceptionIn)
    @blp.response(200, schemas.AdviceOut)
    def post(self, data: dict, advice_id: int):
        """Record a reg 8(2) exception on an advice request (pauses chasing; no date moves)"""
        details = {k: data[k] for k in ("absent_from", "absent_until", "appointment_on") if k in data}
        perform(
            advice_flow.record_exception,
            advice_id,
            reason=data["reason"],
            note=data["note"],
            actor=actor(),
            details=details,
        )
        return one_advice(db_session(), advice_id)


@blp.route("/advice-requests/<id:advice_id>/received")
class AdviceReceived(MethodView):
    @blp.arguments(schemas.AdviceReceivedIn)
    @blp.response(200, schemas.AdviceOut)
    def post(self, data: dict, advice_id: int):
        """Mark advice received on a date"""
        perform(
            advice_flow.advice_received,
            advice_id,
            data["received_on"],
            actor=actor(),
            settings=services().config.statutory,
        )
        return one_advice(db_session(), advice_id)


@blp.route("/advice-requests/<id:advice_id>/returned")
class AdviceReturned(MethodView):
    @blp.arguments(schemas.AdviceReturnedIn)
    @blp.response(200, schemas.AdviceOut)
    def post(self, data: dict, advice_id: int):
        """Record that the advice-giver cannot provide it (not_known: the child is not known to them;
        cannot_provide): chasing stops and the officer is told; the advice is still needed"""
        perform(
            return_advice,
            advice_id,
            reason=data["reason"],
            note=data.get("note") or "",
            returned_by=data["returned_by"],
            actor=actor(),
        )
        return one_advice(db_session(), advice_id)
