"""Spot-check plans (抽查计划): created by the bureau, read by officials."""

from __future__ import annotations

from datetime import date, datetime
from typing import NotRequired, TypedDict

from flask import current_app
from sqlalchemy import Select, select

from inspect_app.checklists import versions as checklist_versions
from inspect_app.errors import InvalidInput, NotFound
from inspect_app.extensions import db
from inspect_app.principal import STAFF_DEPARTMENTS, Principal
from inspect_app.spot_checks import policy
from inspect_app.spot_checks.models import SpotCheckPlan
from inspect_app.spot_checks.working_days import add_working_days


def publish_due(period_end: date) -> date:
    """``SPOT_CHECK_PUBLISH_WORKING_DAYS`` (20) working days after the period ends."""
    return add_working_days(period_end, int(current_app.config["SPOT_CHECK_PUBLISH_WORKING_DAYS"]))


class PlanInput(TypedDict):
    """A spot-check plan as ``POST /spot-checks`` gives it (``api/schemas/spot_checks.py``,
    ``PlanCreateSchema``): ``sample_size`` or ``sample_ratio``, not both."""

    name: str
    period_start: date
    period_end: date
    checklists: list[str]
    sample_size: NotRequired[int | None]
    sample_ratio: NotRequired[float | None]
    team_size: int
    departments: NotRequired[list[str]]
    risk_weighted: NotRequired[bool]
    seed: NotRequired[str | None]
    draw_at: NotRequired[datetime | None]


def validate(data: PlanInput) -> None:
    errors: dict[str, list[str]] = {}
    if data["period_start"] > data["period_end"]:
        errors["period_end"] = ["结束日期不能早于开始日期 / The period ends before it starts"]
    has_size = data.get("sample_size") is not None
    has_ratio = data.get("sample_ratio") is not None
    if has_size == has_ratio:
        errors["sample_size"] = [
            "须给出 sample_size 或 sample_ratio 之一 / Give sample_size or sample_ratio, not both"
        ]
    if data["team_size"] < 2:
        errors["team_size"] = ["每组至少2名执法人员 / A team needs at least 2 inspectors"]
    departments = data.get("departments") or []
    unknown = sorted(set(departments) - set(STAFF_DEPARTMENTS))
    if unknown:
        errors["departments"] = [f"未知部门 / Unknown departments: {', '.join(unknown)}"]
    elif len(set(departments)) != len(departments):
        errors["departments"] = ["部门重复 / Duplicate departments"]
    elif len(departments) > data["team_size"]:
        errors["departments"] = ["联合检查部门数多于每组人数 / More departments than team members"]
    checklists = data.get("checklists") or []
    if not checklists:
        errors["checklists"] = ["至少选择一张检查表 / Name at least one checklist"]
    elif len(set(checklists)) != len(checklists):
        errors["checklists"] = ["检查表重复 / Duplicate checklist keys"]
    else:
        missing = [key for key in checklists if not checklist_versions.latest_etag(key)]
        if missing:
            errors["checklists"] = [f"未知检查表 / Unknown checklists: {', '.join(missing)}"]
    if errors:
        raise InvalidInput(errors=errors)


def create_plan(principal: Principal, data: PlanInput) -> SpotCheckPlan:
    policy.require_planner(principal)
    validate(data)
    draw_at: datetime | None = data.get("draw_at")
    plan = SpotCheckPlan(
        name=data["name"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        checklists=list(data["checklists"]),
        sample_size=data.get("sample_size"),
        sample_ratio=data.get("sample_ratio"),
        team_size=data["team_size"],
        departments=sorted(data.get("departments") or []),
        risk_weighted=bool(data.get("risk_weighted", False)),
        seed=data.get("seed"),
        draw_at=draw_at,
        status="draft",
        publish_due=publish_due(data["period_end"]),
        created_by_id=principal.user_id,
    )
    db.session.add(plan)
    db.session.flush()
    return plan


def get_plan(principal: Principal, plan_id: int) -> SpotCheckPlan:
    policy.require_reader(principal)
    plan = db.session.get(SpotCheckPlan, plan_id)
    if plan is None:
        raise NotFound("抽查计划不存在 / Spot-check plan not found")
    return plan


def list_plans(principal: Principal, status: str | None = None) -> Select[SpotCheckPlan]:
    policy.require_reader(principal)
    query = select(SpotCheckPlan).order_by(SpotCheckPlan.id.desc())
    if status:
        query = query.where(SpotCheckPlan.status == status)
    return query
