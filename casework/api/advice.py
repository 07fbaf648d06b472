from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import func, select

from casework import clock, db_session, services
from casework.api import schemas
from casework.api.auth import actor, require_staff
from casework.api.cases import load_case, write
from casework.models import AdviceRequest, Provider
from casework.queries import advice_dict
from casework.workflow import engine

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
        return session.execute(select(Provider).order_by(Provider.name, Provider.id)
                               .offset(pagination_parameters.first_item)
                               .limit(pagination_parameters.page_size)).scalars().all()


@blp.route("/cases/<id:case_id>/advice-requests")
class CaseAdvice(MethodView):
    @blp.arguments(schemas.AdviceRequestIn)
    @blp.response(201, schemas.AdviceOut)
    def post(self, data: dict, case_id: int):
        """Ask an advice-giver for advice (only while assessing); it is due 6 weeks after they receive it"""
        session = db_session()
        load_case(session, case_id)
        _, advice_id = write(engine.request_advice, case_id, advice_type=data["advice_type"],
                             provider_id=data["provider_id"], requested_on=data["requested_on"],
                             provider_received_on=data.get("provider_received_on"), question=data.get("question"),
                             actor=actor(), version=data.get("version"), settings=services().config.statutory)
        return advice_dict(session.get(AdviceRequest, advice_id), clock.today())

    @blp.response(200, schemas.AdviceOut(many=True))
    def get(self, case_id: int):
        """The case's advice requests"""
        session = db_session()
        load_case(session, case_id)
        today = clock.today()
        return [advice_dict(a, today) for a in session.execute(
            select(AdviceRequest).where(AdviceRequest.case_id == case_id).order_by(AdviceRequest.id)).scalars()]


@blp.route("/advice-requests/<id:advice_id>/received")
class AdviceReceived(MethodView):
    @blp.arguments(schemas.AdviceReceivedIn)
    @blp.response(200, schemas.AdviceOut)
    def post(self, data: dict, advice_id: int):
        """Mark advice received on a date"""
        write(engine.advice_received, advice_id, data["received_on"], actor=actor(),
              settings=services().config.statutory)
        session = db_session()
        advice = session.get(AdviceRequest, advice_id, populate_existing=True)
        return advice_dict(advice, clock.today())
