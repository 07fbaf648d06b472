"""What the SEN2 return needs, through the API (additive endpoints): `GET`/`PUT
/children/{id}/sen2` (sex, ethnicity, UPN, ULN, the reason there is neither, ranked needs; the
child's placements are read here), `GET`/`PUT /plans/{id}/sen2` (named settings, residential and
work-based codes, personal budget, organised arrangements, direct payments, cease reason, the LA a
transferred plan came from). One set of checks with the pages (`workflow.sen2_data`)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from casework.api.auth import actor, require_staff
from casework.api.schemas.sen2 import ChildSen2In, ChildSen2Out, PlanSen2In, PlanSen2Out
from casework.models import Child, Placement, Plan, PlanSetting, SenNeed
from casework.request_scope import db_session, perform
from casework.workflow import sen2_data

blp = Blueprint("sen2", __name__, description="What the SEN2 return needs about a child and a plan")
blp.before_request(require_staff)


def _child(child_id: int) -> dict[str, Any]:
    session = db_session()
    child = session.get(Child, child_id)
    if child is None:
        abort(404, message=f"There is no child {child_id}.")
    needs = session.execute(select(SenNeed).where(SenNeed.child_id == child_id).order_by(SenNeed.rank, SenNeed.id))
    placements = session.execute(
        select(Placement).where(Placement.child_id == child_id).order_by(Placement.rank, Placement.id)
    )
    return {
        "id": child.id, "sex": child.sex, "ethnicity": child.ethnicity, "upn": child.upn, "uln": child.uln,
        "upn_unknown": child.upn_unknown, "needs": list(needs.scalars()), "placements": list(placements.scalars()),
    }  # fmt: skip


def _plan(plan_id: int) -> dict[str, Any]:
    session = db_session()
    plan = session.get(Plan, plan_id)
    if plan is None:
        abort(404, message=f"There is no plan {plan_id}.")
    rows = session.execute(
        select(PlanSetting).where(PlanSetting.plan_id == plan_id).order_by(PlanSetting.rank, PlanSetting.id)
    )
    keys = ("plan_res", "plan_wbp", *sen2_data.PLAN_FLAGS, "cease_reason", "transfer_la")
    return {"id": plan.id, **{k: getattr(plan, k) for k in keys}, "settings": list(rows.scalars())}


@blp.route("/children/<id:child_id>/sen2")
class ChildSen2(MethodView):
    @blp.response(200, ChildSen2Out)
    def get(self, child_id: int):
        """The child's details for the SEN2 return, with their needs and placements"""
        return _child(child_id)

    @blp.arguments(ChildSen2In)
    @blp.response(200, ChildSen2Out)
    def put(self, data: dict, child_id: int):
        """Record the child's details for the SEN2 return (the needs replace the old ones)"""
        _child(child_id)
        perform(lambda s: sen2_data.update_child(s, child_id, data, actor=actor()) and None)
        return _child(child_id)


@blp.route("/plans/<id:plan_id>/sen2")
class PlanSen2(MethodView):
    @blp.response(200, PlanSen2Out)
    def get(self, plan_id: int):
        """The plan's details for the SEN2 return, with the settings it names"""
        return _plan(plan_id)

    @blp.arguments(PlanSen2In)
    @blp.response(200, PlanSen2Out)
    def put(self, data: dict, plan_id: int):
        """Record the plan's details for the SEN2 return (the named settings replace the old ones)"""
        _plan(plan_id)
        settings = data.pop("settings")
        perform(lambda s: sen2_data.update_plan(s, plan_id, data, settings, actor=actor()) and None)
        return _plan(plan_id)
