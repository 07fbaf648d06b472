"""What an officer records for the SEN2 return and the inspection list, one set of checks for the
pages and the API: the child's sex, ethnicity, UPN (its check letter), ULN (its check digit) or the
reason there is neither, and ranked SEN needs; the places the child actually attends; the plan's
named settings, residential and work-based codes, personal budget, organised arrangements, direct
payments, cease reason and the LA a transferred plan came from. Every value is optional where the
law allows; a bad one is an ``InvalidInput`` naming its field, and nothing is written. Each write is
audited (ids and the names of what changed, never the values)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from casework.models import Case, Child, Placement, Plan, PlanSetting, SenNeed
from casework.workflow.errors import InvalidInput, NotFound
from casework.workflow.families import audit
from casework.workflow.sen2 import codes
from casework.workflow.sen2.identifiers import uln_problem, upn_problem

Errors = dict[str, list[str]]
SETTING_FIELDS = ("urn", "ukprn", "sen_setting", "sen_setting_other", "rank", "sen_unit", "resourced_provision")


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _code(errors: Errors, name: str, value: Any, codelist: codes.CodeList, what: str) -> str | None:
    value = _text(value).upper()
    if value and value not in codelist:
        errors[name] = [f"Choose {what} from the list"]
    return value or None


def check_upn(value: Any) -> tuple[str | None, str | None]:
    """(the UPN as stored, the problem in words or None)."""
    upn = str(value or "").replace(" ", "").upper()
    if not upn:
        return None, None
    if len(upn) != 13:
        return upn, "A UPN is 13 characters: the check letter, 11 digits, then a digit or letter"
    problem = upn_problem(upn)
    return upn, (f"The UPN is not valid: {problem}" if problem else None)


def check_uln(value: Any) -> tuple[str | None, str | None]:
    uln = str(value or "").replace(" ", "")
    if not uln:
        return None, None
    problem = uln_problem(uln)
    return uln, (f"The ULN is not valid: {problem}" if problem else None)


def check_child(values: Mapping[str, Any]) -> dict[str, Any]:
    """The child's SEN2 details from ``values`` (sex, ethnicity, upn, uln, upn_unknown, needs: SENtype
    codes, the primary need first), checked; raises InvalidInput naming each bad field."""
    errors: Errors = {}
    out: dict[str, Any] = {
        "sex": _code(errors, "sex", values.get("sex"), codes.SEX, "the child's sex"),
        "ethnicity": _code(errors, "ethnicity", values.get("ethnicity"), codes.ETHNICITY, "an ethnicity"),
        "upn_unknown": _code(errors, "upn_unknown", values.get("upn_unknown"), codes.UPN_UNKNOWN, "a reason"),
    }
    for name, check in (("upn", check_upn), ("uln", check_uln)):
        out[name], problem = check(values.get(name))
        if problem:
            errors[name] = [problem]
    if out["upn_unknown"] and (out["upn"] or out["uln"]):
        errors["upn_unknown"] = ["Leave the reason blank: a UPN or ULN is given"]
    needs = [_text(n).upper() for n in values.get("needs") or () if _text(n)]
    for index, need in enumerate(needs):
        if need not in codes.SEN_TYPE:
            errors.setdefault("needs", [f"Choose the {'primary' if index == 0 else 'secondary'} need from the list"])
    if len(set(needs)) != len(needs):
        errors.setdefault("needs", ["Give each need once"])
    if errors:
        raise InvalidInput(errors)
    out["needs"] = needs
    return out


def update_child(session: Session, child_id: int, values: Mapping[str, Any], *, actor: Any) -> Child:
    """Record the child's SEN2 details (every key of ``check_child``; the needs replace the old ones)."""
    child = session.get(Child, child_id)
    if child is None:
        raise NotFound("There is no such child.")
    checked = check_child(values)
    needs = checked.pop("needs")
    changed = [k for k, v in checked.items() if getattr(child, k) != v]
    for key, value in checked.items():
        setattr(child, key, value)
    old = session.execute(
        select(SenNeed.sen_type).where(SenNeed.child_id == child_id).order_by(SenNeed.rank, SenNeed.id)
    ).scalars()
    if list(old) != needs:
        changed.append("needs")
        session.execute(delete(SenNeed).where(SenNeed.child_id == child_id))
        session.add_all(SenNeed(child_id=child_id, sen_type=t, rank=1 if i == 0 else 2) for i, t in enumerate(needs))
    session.flush()
    if changed:
        audit(session.connection(), actor, "child_sen2_changed", "child", child_id, changed=changed)
    return child


def check_setting(values: Mapping[str, Any], *, prefix: str = "") -> dict[str, Any]:
    """A named setting or placement: exactly one of a URN (6 digits), a UKPRN (8 digits starting 1)
    or a SENSetting code; a description only with OTH; a rank from 1; the unit and resourced flags."""
    errors: Errors = {}
    urn = _text(values.get("urn"))
    ukprn = _text(values.get("ukprn"))
    setting = _code(errors, f"{prefix}sen_setting", values.get("sen_setting"), codes.SEN_SETTING, "a type of setting")
    other = _text(values.get("sen_setting_other"))
    if urn and not (urn.isdigit() and len(urn) == 6):
        errors[f"{prefix}urn"] = ["A URN is 6 digits, like 116523 (Get Information about Schools)"]
    if ukprn and not (ukprn.isdigit() and len(ukprn) == 8 and ukprn.startswith("1")):
        errors[f"{prefix}ukprn"] = ["A UKPRN is 8 digits starting with 1, like 10001234"]
    given = [x for x in (urn, ukprn, setting) if x]
    if len(given) != 1 and f"{prefix}urn" not in errors:
        errors[f"{prefix}urn"] = [
            "Give the setting's URN, or its UKPRN, or a type of setting when it has neither"
            if not given
            else "Give only one of the URN, the UKPRN and the type of setting"
        ]
    if other and setting != codes.SEN_SETTING_OTHER:
        errors[f"{prefix}sen_setting_other"] = ["Describe the setting only when its type is 'a type is named'"]
    elif len(other) > 100:
        errors[f"{prefix}sen_setting_other"] = ["Describe the setting in 100 characters or fewer"]
    rank = str(values.get("rank") or "1").strip()
    if not rank.isdigit() or not 1 <= int(rank) <= 9:
        errors[f"{prefix}rank"] = ["The rank is a whole number from 1 (the main one) to 9"]
    if errors:
        raise InvalidInput(errors)
    return {
        "urn": urn or None, "ukprn": ukprn or None, "sen_setting": setting, "sen_setting_other": other or None,
        "rank": int(rank), "sen_unit": bool(values.get("sen_unit")),
        "resourced_provision": bool(values.get("resourced_provision")),
    }  # fmt: skip


def add_placement(
    session: Session, child_id: int, values: Mapping[str, Any], *, entry_date: dt.date | None,
    leaving_date: dt.date | None, actor: Any,
) -> Placement:  # fmt: skip
    if session.get(Child, child_id) is None:
        raise NotFound("There is no such child.")
    checked = check_setting(values)
    if entry_date and leaving_date and leaving_date < entry_date:
        raise InvalidInput({"leaving_date": ["The leaving date must be on or after the entry date"]})
    placement = Placement(child_id=child_id, entry_date=entry_date, leaving_date=leaving_date, **checked)
    session.add(placement)
    session.flush()
    audit(session.connection(), actor, "placement_added", "child", child_id, placement_id=placement.id)
    return placement


def remove_placement(session: Session, child_id: int, placement_id: int, *, actor: Any) -> None:
    placement = session.get(Placement, placement_id)
    if placement is None or placement.child_id != child_id:
        raise NotFound("There is no such placement.")
    session.delete(placement)
    session.flush()
    audit(session.connection(), actor, "placement_removed", "child", child_id, placement_id=placement_id)


def set_rya(session: Session, case_id: int, rya: bool | None) -> None:
    """Whether the request was made while the young person was in relevant youth accommodation."""
    session.execute(update(Case.__table__).where(Case.__table__.c.id == case_id).values(rya=rya))


PLAN_FLAGS = ("personal_budget", "organised_arrangements", "direct_payments")


def check_plan(values: Mapping[str, Any], settings: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The plan's SEN2 details: plan_res, plan_wbp, the three flags (True, False or None: not known),
    cease_reason, transfer_la (3 digits), and its named settings (each as ``check_setting``; the
    errors of the n-th are named ``settings-<n>-<field>``)."""
    errors: Errors = {}
    out: dict[str, Any] = {
        "plan_res": _code(errors, "plan_res", values.get("plan_res"), codes.RESIDENTIAL, "how residential it is"),
        "plan_wbp": _code(errors, "plan_wbp", values.get("plan_wbp"), codes.WORK_BASED, "the work-based learning"),
        "cease_reason": _code(errors, "cease_reason", values.get("cease_reason"), codes.CEASE_REASON, "a reason"),
    }
    for flag in PLAN_FLAGS:
        value = values.get(flag)
        out[flag] = None if value in (None, "") else value in (True, "1", "yes", "true")
    la = _text(values.get("transfer_la"))
    if la and not (la.isdigit() and len(la) == 3):
        errors["transfer_la"] = ["An LA code is 3 digits, like 885"]
    out["transfer_la"] = la or None
    rows = []
    for n, row in enumerate(settings):
        try:
            rows.append(check_setting(row, prefix=f"settings-{n}-"))
        except InvalidInput as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors)
    out["settings"] = rows
    return out


def update_plan(
    session: Session, plan_id: int, values: Mapping[str, Any], settings: Sequence[Mapping[str, Any]], *, actor: Any
) -> Plan:
    """Record the plan's SEN2 details; its named settings are replaced by ``settings``."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("There is no such plan.")
    checked = check_plan(values, settings)
    rows = checked.pop("settings")
    ending = plan.status != "active" or plan.ceased_on is not None or plan.cease_decided_on is not None
    if checked["cease_reason"] and not ending:
        raise InvalidInput({"cease_reason": ["The plan is not ending: record the reason once it is decided to cease"]})
    changed = [k for k, v in checked.items() if getattr(plan, k) != v]
    for key, value in checked.items():
        setattr(plan, key, value)
    old = session.execute(select(PlanSetting).where(PlanSetting.plan_id == plan_id).order_by(PlanSetting.id)).scalars()
    if [{k: getattr(s, k) for k in SETTING_FIELDS} for s in old] != rows:
        changed.append("settings")
        session.execute(delete(PlanSetting).where(PlanSetting.plan_id == plan_id))
        session.add_all(PlanSetting(plan_id=plan_id, **row) for row in rows)
    session.flush()
    if changed:
        audit(
            session.connection(), actor, "plan_sen2_changed", "child", plan.child_id, plan_id=plan_id, changed=changed
        )
    return plan
