"""一公开: results per selection, publishing a plan, the public view, late publications."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from inspect_app.accounts.models import User
from inspect_app.checklists.models import Severity
from inspect_app.clock import local_date, utcnow
from inspect_app.db import affected_rows
from inspect_app.errors import Conflict, InvalidInput, NotFound
from inspect_app.extensions import db
from inspect_app.hazards.models import Hazard, HazardStatus
from inspect_app.inspections.models import Inspection
from inspect_app.institutions.models import Institution
from inspect_app.principal import Principal
from inspect_app.spot_checks import policy
from inspect_app.spot_checks.models import (
    SpotCheckPlan,
    SpotCheckResult,
    SpotCheckSelection,
)
from inspect_app.spot_checks.plans import get_plan


def _selection(plan: SpotCheckPlan, institution_id: int) -> SpotCheckSelection:
    current = plan.current_draw
    if current is None:
        raise Conflict("抽查计划尚未抽取 / The plan has not been drawn")
    for selection in current.selections:
        if selection.institution_id == institution_id:
            return selection
    raise NotFound("该机构未被抽中 / The institution was not drawn in this plan")


def record_result(
    principal: Principal, plan_id: int, institution_id: int, result: str
) -> SpotCheckSelection:
    """Record (or correct) a selection's result until the plan is published."""
    policy.require_result_access(principal, institution_id)
    plan = get_plan(principal, plan_id)
    selection = _selection(plan, institution_id)
    policy.require_result_recorder(principal, selection)
    if result not in list(SpotCheckResult):
        raise InvalidInput(
            errors={"result": [f"须为 {', '.join(SpotCheckResult)} 之一 / Unknown result"]}
        )
    if plan.status == "published":
        raise Conflict("结果已公开，不能修改 / Results are published and cannot change")
    selection.result = result
    selection.result_at = utcnow()
    db.session.flush()
    return selection


def publish(principal: Principal, plan_id: int) -> SpotCheckPlan:
    """Make the results public (once; publishing again answers the plan as it stands)."""
    policy.require_planner(principal)
    plan = get_plan(principal, plan_id)
    if plan.status == "published":
        return plan
    if plan.status != "drawn":
        raise Conflict("抽查计划尚未抽取 / The plan has not been drawn")
    won = affected_rows(
        db.session.execute(
            update(SpotCheckPlan)
            .where(SpotCheckPlan.id == plan.id, SpotCheckPlan.status == "drawn")
            .values(status="published", published_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    )
    if won != 1:
        raise Conflict("抽查计划状态已变化 / The plan changed meanwhile")
    db.session.expire(plan)
    return plan


def selection_outcomes(plan: SpotCheckPlan) -> list[dict]:
    """Per selection of the current draw: the institution, the team's display names, the
    result, when it was inspected and the hazards found (by severity) and cleared."""
    current = plan.current_draw
    if current is None:
        return []
    selections = current.selections
    institution_ids = [s.institution_id for s in selections]
    institutions = {
        i.id: i
        for i in db.session.scalars(select(Institution).where(Institution.id.in_(institution_ids)))
    }
    user_ids = {u for s in selections for u in s.inspector_ids}
    names = dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids))).all()
    )
    inspection_ids = [s.inspection_id for s in selections if s.inspection_id]
    submitted = dict(
        db.session.execute(
            select(Inspection.id, Inspection.submitted_at).where(
                Inspection.id.in_(inspection_ids), Inspection.status == "submitted"
            )
        ).all()
    )
    none_found: dict[str, int] = {Severity.MAJOR: 0, Severity.GENERAL: 0, HazardStatus.CLEARED: 0}
    counts: dict[object, dict[str, int]] = {}
    for inspection_id, severity, status, n in db.session.execute(
        select(Hazard.inspection_id, Hazard.severity, Hazard.status, func.count())
        .where(Hazard.inspection_id.in_(inspection_ids))
        .group_by(Hazard.inspection_id, Hazard.severity, Hazard.status)
    ):
        entry = counts.setdefault(inspection_id, dict(none_found))
        entry[severity] += n
        if status == HazardStatus.CLEARED:
            entry[HazardStatus.CLEARED] += n
    outcomes = []
    for selection in selections:
        institution = institutions[selection.institution_id]
        found = counts.get(selection.inspection_id, none_found)
        at = submitted.get(selection.inspection_id) if selection.inspection_id else None
        outcomes.append(
            {
                "institution_id": institution.id,
                "institution_name": institution.name,
                "street": institution.street,
                "inspectors": [names.get(u, "") for u in selection.inspector_ids],
                "inspector_ids": list(selection.inspector_ids),
                "inspection_id": selection.inspection_id,
                "result": selection.result,
                "result_label": (
                    SpotCheckResult(selection.result).label if selection.result else None
                ),
                "inspected_on": local_date(at) if at else None,
                "hazards": {s.value: found[s] for s in (Severity.MAJOR, Severity.GENERAL)},
                "cleared": found[HazardStatus.CLEARED],
            }
        )
    return outcomes


def public_page(page: int, page_size: int) -> tuple[list[SpotCheckPlan], int]:
    """One page of published plans, newest first, and how many there are."""
    published = SpotCheckPlan.status == "published"
    total = db.session.scalar(select(func.count()).where(published)) or 0
    items = db.session.scalars(
        select(SpotCheckPlan)
        .where(published)
        .order_by(SpotCheckPlan.published_at.desc(), SpotCheckPlan.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    return list(items), total


def public_plan(plan_id: int) -> dict:
    """What anyone may read of a published plan: no personal data beyond the inspectors'
    display names; no residents' data, no photos. The inputs are published (ids, streets,
    risk classes, departments, conflict pairs without reasons) so that anyone can re-run
    the draw and check its hash."""
    plan = policy.publicly_visible(db.session.get(SpotCheckPlan, plan_id))
    current = plan.current_draw
    assert current is not None  # a published plan was drawn
    selections = [
        {
            key: value
            for key, value in outcome.items()
            if key not in ("inspector_ids", "inspection_id")
        }
        for outcome in selection_outcomes(plan)
    ]
    return {
        "id": plan.id,
        "name": plan.name,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "checklists": plan.checklists,
        "sample_size": plan.sample_size,
        "sample_ratio": plan.sample_ratio,
        "team_size": plan.team_size,
        "departments": plan.departments,
        "risk_weighted": plan.risk_weighted,
        "publish_due": plan.publish_due,
        "published_at": plan.published_at,
        "seed": current.seed,
        "algorithm": current.algorithm,
        "input_hash": current.input_hash,
        "drawn_at": current.drawn_at,
        "redraws": [
            {"number": d.number, "reason": d.reason, "drawn_at": d.drawn_at}
            for d in plan.draws
            if d.number > 1
        ],
        "inputs": current.inputs,
        "draw": current.result,
        "selections": selections,
    }


def flag_late(now: datetime) -> int:
    """Flag drawn plans past their publication deadline (once each); returns how many."""
    today = local_date(now)
    return affected_rows(
        db.session.execute(
            update(SpotCheckPlan)
            .where(
                SpotCheckPlan.status == "drawn",
                SpotCheckPlan.publish_due < today,
                SpotCheckPlan.late_flagged_at.is_(None),
            )
            .values(late_flagged_at=now)
            .execution_options(synchronize_session=False)
        )
    )
