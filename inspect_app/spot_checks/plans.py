"""Spot-check plans (抽查计划): created by the bureau, read by officials."""

from __future__ import annotations

import itertools
import secrets
from datetime import date, datetime
from typing import NotRequired, TypedDict

from flask import current_app
from sqlalchemy import Select, select, update

from inspect_app.checklists import versions as checklist_versions
from inspect_app.db import affected_rows
from inspect_app.errors import InvalidInput, NotFound
from inspect_app.extensions import db
from inspect_app.hazards.checkpoints import format_at
from inspect_app.principal import STAFF_DEPARTMENTS, Principal
from inspect_app.spot_checks import dsr2, policy
from inspect_app.spot_checks.dsr2 import SCALE
from inspect_app.spot_checks.models import RISK_CLASSES, SpotCheckPlan
from inspect_app.spot_checks.working_days import add_working_days


def publish_due(period_end: date) -> date:
    """``SPOT_CHECK_PUBLISH_WORKING_DAYS`` (20) working days after the period ends."""
    return add_working_days(period_end, int(current_app.config["SPOT_CHECK_PUBLISH_WORKING_DAYS"]))


class RandomSourceInput(TypedDict):
    """A public random value named in advance: its label and when it becomes public."""

    label: str
    public_after: datetime


class PlanInput(TypedDict):
    """A new spot-check plan, as ``PlanCreateSchema`` loads it. ``class_ratios`` or
    ``sample_ratio``; ``sample_size`` and ``seed`` are there only to be refused."""

    name: str
    period_start: date
    period_end: date
    checklists: list[str]
    class_ratios: NotRequired[dict[str, float] | None]
    sample_ratio: NotRequired[float | None]
    sample_size: NotRequired[object]
    team_size: int
    departments: list[str]
    random_sources: list[RandomSourceInput]
    server_secret: bool
    seed: NotRequired[str | None]


def validate(data: PlanInput) -> None:
    errors: dict[str, list[str]] = {}
    if data["period_start"] > data["period_end"]:
        errors["period_end"] = ["结束日期不能早于开始日期 / The period ends before it starts"]
    if data.get("seed") is not None:
        errors["seed"] = [
            "种子不能指定：抽取使用公告中事先指定的公共随机数 / No seed may be given: the draw"
            " uses the public random values named in the announcement"
        ]
    if data.get("sample_size") is not None:
        errors["sample_size"] = [
            "样本量由各风险等级的抽查比例得出 / The sample size follows from the class ratios"
        ]
    has_ratio = data.get("sample_ratio") is not None
    has_classes = data.get("class_ratios") is not None
    if has_ratio == has_classes:
        errors["class_ratios"] = [
            "须给出 class_ratios 或 sample_ratio 之一 / Give class_ratios or sample_ratio"
        ]
    else:
        errors.update(_ratio_errors(class_ratios(data)))
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
    sources = data.get("random_sources") or []
    if not sources:
        errors["random_sources"] = [
            "须事先指定至少一个将来公开的随机数 / Name at least one future public random value"
        ]
    elif any(a["public_after"] > b["public_after"] for a, b in itertools.pairwise(sources)):
        errors["random_sources"] = [
            "须按公开时间先后排列 / List the values in the order they become public"
        ]
    elif len({s["label"] for s in sources}) != len(sources):
        errors["random_sources"] = ["随机数来源重复 / A value is named twice"]
    if errors:
        raise InvalidInput(errors=errors)


def class_ratios(data: PlanInput) -> dict[str, float]:
    """The ratio of each risk class: as given, or the one ``sample_ratio`` for all."""
    given = data.get("class_ratios")
    if given is not None:
        return dict(given)
    return dict.fromkeys(RISK_CLASSES, float(data.get("sample_ratio") or 0))


def _ratio_errors(ratios: dict) -> dict[str, list[str]]:
    floor = float(current_app.config["SPOT_CHECK_CLASS_RATIO_FLOOR"])
    if sorted(ratios) != list(RISK_CLASSES):
        return {"class_ratios": ["须恰为 A、B、C、D 四级各一个比例 / One ratio for each of A–D"]}
    bad = [
        f"{key}: {value}"
        for key, value in sorted(ratios.items())
        if not floor - 1e-12 <= value <= 1 or abs(value * SCALE - round(value * SCALE)) > 1e-6
    ]
    if bad:
        return {
            "class_ratios": [
                f"每级比例须在 {floor:g} 与 1 之间，至多四位小数 / Each ratio lies between the"
                f" floor {floor:g} and 1, with at most four decimals: {', '.join(bad)}"
            ]
        }
    return {}


def create_plan(principal: Principal, data: PlanInput) -> SpotCheckPlan:
    policy.require_planner(principal)
    validate(data)
    plan = SpotCheckPlan(
        name=data["name"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        checklists=list(data["checklists"]),
        algorithm=dsr2.ALGORITHM,
        class_ratios=class_ratios(data),
        team_size=data["team_size"],
        departments=sorted(data.get("departments") or []),
        risk_weighted=False,
        random_sources=[
            {"label": s["label"], "public_after": format_at(s["public_after"])}
            for s in data["random_sources"]
        ],
        secret=secrets.token_hex(32) if data.get("server_secret", True) else None,
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


def lock_plan(principal: Principal, plan_id: int) -> SpotCheckPlan:
    """The claim every change of a plan, of its draws and of their selections begins with:
    a write to the plan's row, held until the transaction ends (PostgreSQL's row lock,
    SQLite's write lock), so that changes of one plan run one after another and each sees
    what the one before it committed. Returns the plan as it now stands."""
    policy.require_reader(principal)
    locked = affected_rows(
        db.session.execute(
            update(SpotCheckPlan)
            .where(SpotCheckPlan.id == plan_id)
            .values(status=SpotCheckPlan.status)
            .execution_options(synchronize_session=False)
        )
    )
    if locked != 1:
        raise NotFound("抽查计划不存在 / Spot-check plan not found")
    return db.session.execute(
        select(SpotCheckPlan)
        .where(SpotCheckPlan.id == plan_id)
        .execution_options(populate_existing=True)
    ).scalar_one()
