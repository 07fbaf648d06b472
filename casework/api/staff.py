from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from casework.api import schemas
from casework.api.auth import actor, require_manager, require_staff
from casework.api.cases import load_case
from casework.models import Child, Staff
from casework.queries import case_summary, officer_dict
from casework.request_scope import db_session, perform, services
from casework.workflow import allocation, reassign, staffing
from casework.workflow.families import family_open_cases, link

blp = Blueprint("officers", __name__, description="Officers, caseloads, reassignment and families")
blp.before_request(require_staff)


@blp.route("/cases/<id:case_id>/officer")
class CaseOfficer(MethodView):
    @blp.arguments(schemas.ReassignIn)
    @blp.response(200, schemas.ReassignOut)
    def put(self, data: dict, case_id: int):
        """Move a case to another officer (managers); optionally the siblings' open cases too.
        The family is told who their officer now is."""
        require_manager()
        session = db_session()
        case = load_case(session, case_id)
        ids = [case_id]
        siblings = family_open_cases(session, case.child.family_id)
        if data["move_siblings"]:
            ids += [c.id for c in siblings if c.id != case_id]
        reason = data.get("reason") or "moved by a manager"
        results = perform(
            reassign.reassign, ids, data["officer_id"], actor=actor(), reason=reason, version=data.get("version")
        )
        session.expire_all()
        case = load_case(session, case_id)
        remaining = [c for c in family_open_cases(session, case.child.family_id) if c.officer_id != data["officer_id"]]
        return {
            "case": case_summary(case),
            "moved_case_ids": [r.case_id for r in results],
            "sibling_cases": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "state": c.state,
                    "child_id": c.child_id,
                    "officer": officer_dict(c.officer),
                }
                for c in remaining
            ],
        }


@blp.route("/children/<id:child_id>/links")
class ChildLinks(MethodView):
    @blp.arguments(schemas.LinkIn)
    @blp.response(200, schemas.ChildOut)
    def post(self, data: dict, child_id: int):
        """Link two children as siblings (or unlink two the automatic rule joined wrongly); audited"""
        from casework.queries import child_detail

        session = db_session()
        try:
            link(
                session,
                child_id,
                data["other_child_id"],
                actor=actor(),
                reason=data["reason"],
                unlink=data["kind"] == "unlink",
            )
            session.commit()
        except Exception:
            session.rollback()
            raise
        child = session.get(Child, child_id, populate_existing=True)
        return child_detail(session, child, services().config.statutory)


@blp.route("/officers")
class Officers(MethodView):
    @blp.response(200, schemas.CaseloadOut(many=True))
    def get(self):
        """Each officer's open cases against capacity (managers)"""
        require_manager()
        session = db_session()
        loads = allocation.caseloads(session.connection())
        staff = session.execute(select(Staff).order_by(Staff.team, Staff.name)).scalars()
        return [
            {
                "officer": officer_dict(s),
                "team": s.team,
                "role": s.role,
                "available": s.available,
                "open_cases": loads.get(s.id, 0),
                "capacity": s.capacity,
                "load": round(loads.get(s.id, 0) / s.capacity, 3) if s.capacity else None,
            }
            for s in staff
        ]


@blp.route("/staff/<id:staff_id>")
class StaffMember(MethodView):
    @blp.arguments(schemas.StaffUpdateIn)
    @blp.response(200, schemas.CaseloadOut)
    def patch(self, data: dict, staff_id: int):
        """Mark an officer available or unavailable, or change their capacity or team (managers)"""
        require_manager()
        session = db_session()
        if session.get(Staff, staff_id) is None:
            abort(404, message=f"There is no staff member {staff_id}.")
        try:
            member = staffing.update_staff(session, staff_id, dict(data), actor=actor())
            session.commit()
        except Exception:
            session.rollback()
            raise
        open_cases = allocation.caseloads(session.connection(), [staff_id]).get(staff_id, 0)
        return {
            "officer": officer_dict(member),
            "team": member.team,
            "role": member.role,
            "available": member.available,
            "open_cases": open_cases,
            "capacity": member.capacity,
            "load": round(open_cases / member.capacity, 3),
        }
