"""Drawing a plan over the database: snapshot the pools, run ``draw``, record the draw and
create its inspections; redraw with a reason; verify a recorded draw."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, select, update

from inspect_app.accounts.models import User
from inspect_app.checklists import versions as checklist_versions
from inspect_app.checklists.models import Severity
from inspect_app.clock import start_of_local_day, utcnow
from inspect_app.db import affected_rows
from inspect_app.errors import Conflict, InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards.models import CLOSED_STATUSES, Hazard
from inspect_app.inspections.models import (
    Inspection,
    InspectionAssignee,
    InspectionChecklist,
    InspectionKind,
)
from inspect_app.institutions.models import Institution
from inspect_app.principal import Principal, Role
from inspect_app.spot_checks import draw, policy
from inspect_app.spot_checks.models import (
    InspectorConflict,
    InspectorUnavailability,
    SpotCheckDraw,
    SpotCheckPlan,
    SpotCheckSelection,
)
from inspect_app.spot_checks.plans import get_plan

# A hazard found this long before the draw counts as a recent failure (risk weighting).
RECENT_FAILURE = timedelta(days=365)


def previous_plan(plan: SpotCheckPlan) -> SpotCheckPlan | None:
    """The plan drawn before this one: the latest-ending drawn plan that starts earlier."""
    return db.session.scalar(
        select(SpotCheckPlan)
        .where(
            SpotCheckPlan.id != plan.id,
            SpotCheckPlan.status != "draft",
            SpotCheckPlan.period_start < plan.period_start,
        )
        .order_by(SpotCheckPlan.period_end.desc(), SpotCheckPlan.id.desc())
        .limit(1)
    )


def snapshot(plan: SpotCheckPlan, now: datetime) -> dict:
    """Both pools' inputs as they stand, in the canonical order ``draw`` hashes."""
    open_major = (
        exists()
        .where(Hazard.institution_id == Institution.id)
        .where(Hazard.severity == Severity.MAJOR, Hazard.status.not_in(CLOSED_STATUSES))
    )
    recent = exists().where(
        Hazard.institution_id == Institution.id, Hazard.found_at >= now - RECENT_FAILURE
    )
    institutions = [
        [row.id, row.street, row.risk_level, bool(row.open_major), bool(row.recent)]
        for row in db.session.execute(
            select(
                Institution.id,
                Institution.street,
                Institution.risk_level,
                open_major.label("open_major"),
                recent.label("recent"),
            )
            .where(Institution.status == "operating")
            .order_by(Institution.id)
        )
    ]
    unavailable = exists().where(
        InspectorUnavailability.user_id == User.id,
        InspectorUnavailability.starts_on <= plan.period_end,
        InspectorUnavailability.ends_on >= plan.period_start,
    )
    inspectors = [
        [row.id, row.department]
        for row in db.session.execute(
            select(User.id, User.department)
            .where(
                User.role == Role.INSPECTOR,
                User.is_active.is_(True),
                User.enforcement_cert_no.is_not(None),
                User.enforcement_cert_no != "",
                ~unavailable,
            )
            .order_by(User.id)
        )
    ]
    pool_inspectors = {row[0] for row in inspectors}
    pool_institutions = {row[0] for row in institutions}
    conflicts = [
        [u, i]
        for u, i in db.session.execute(
            select(InspectorConflict.user_id, InspectorConflict.institution_id)
        )
        if u in pool_inspectors and i in pool_institutions
    ]
    previous: list[list[int]] = []
    before = previous_plan(plan)
    if before is not None and before.current_draw is not None:
        previous = [
            [inspector, selection.institution_id]
            for selection in before.current_draw.selections
            for inspector in selection.inspector_ids
            if inspector in pool_inspectors and selection.institution_id in pool_institutions
        ]
    return draw.normalise(
        {
            "algorithm": draw.ALGORITHM,
            "sample_size": plan.sample_size,
            "sample_ratio": plan.sample_ratio,
            "team_size": plan.team_size,
            "departments": list(plan.departments or []),
            "risk_weighted": plan.risk_weighted,
            "institutions": institutions,
            "inspectors": inspectors,
            "conflicts": conflicts,
            "previous": previous,
        }
    )


def _claim(plan: SpotCheckPlan, observed: str, new: str) -> None:
    won = affected_rows(
        db.session.execute(
            update(SpotCheckPlan)
            .where(SpotCheckPlan.id == plan.id, SpotCheckPlan.status == observed)
            .values(status=new)
            .execution_options(synchronize_session=False)
        )
    )
    if won != 1:
        raise Conflict("抽查计划已抽取 / The plan has already been drawn")
    db.session.expire(plan, ["status"])


def draw_plan(
    principal: Principal, plan_id: int, seed: str | None = None, now: datetime | None = None
) -> SpotCheckDraw:
    """Draw a plan once (409 when it was drawn); its seed is the one given, the plan's,
    or 256 random bits."""
    policy.require_planner(principal)
    plan = get_plan(principal, plan_id)
    _claim(plan, "draft", "drawn")
    return _record(principal, plan, seed or plan.seed or secrets.token_hex(32), None, now)


def redraw_plan(
    principal: Principal,
    plan_id: int,
    reason: str,
    seed: str | None = None,
    now: datetime | None = None,
) -> SpotCheckDraw:
    """Draw again, for a recorded reason. The earlier draw stays on record (superseded);
    its inspections, still untouched drafts, are withdrawn."""
    policy.require_planner(principal)
    plan = get_plan(principal, plan_id)
    if not reason or not reason.strip():
        raise InvalidInput(errors={"reason": ["重新抽取须说明理由 / A redraw needs a reason"]})
    if plan.status != "drawn" or plan.current_draw is None:
        raise Conflict("只有已抽取未公开的计划可以重抽 / Only a drawn, unpublished plan")
    current = plan.current_draw
    inspection_ids = [s.inspection_id for s in current.selections if s.inspection_id]
    touched = db.session.scalar(
        select(Inspection.id)
        .where(Inspection.id.in_(inspection_ids), Inspection.status != "draft")
        .limit(1)
    )
    if touched is not None or any(s.result for s in current.selections):
        raise Conflict("已有抽查开始或登记结果，不能重抽 / Checks have started: no redraw")
    # The claim: of two redraws at once, one supersedes the draw and the other gets 409.
    won = affected_rows(
        db.session.execute(
            update(SpotCheckDraw)
            .where(SpotCheckDraw.id == current.id, SpotCheckDraw.superseded_at.is_(None))
            .values(superseded_at=now or utcnow())
            .execution_options(synchronize_session=False)
        )
    )
    if won != 1:
        raise Conflict("抽查计划正在重抽 / The plan is being redrawn")
    db.session.execute(
        update(SpotCheckSelection)
        .where(SpotCheckSelection.draw_id == current.id)
        .values(inspection_id=None)
        .execution_options(synchronize_session=False)
    )
    for inspection in db.session.scalars(
        select(Inspection).where(Inspection.id.in_(inspection_ids))
    ):
        db.session.delete(inspection)
    db.session.flush()
    db.session.expire(plan)
    return _record(principal, plan, seed or secrets.token_hex(32), reason.strip(), now)


def _record(
    principal: Principal,
    plan: SpotCheckPlan,
    seed: str,
    reason: str | None,
    now: datetime | None,
) -> SpotCheckDraw:
    now = now or utcnow()
    inputs = snapshot(plan, now)
    try:
        selections = draw.run(seed, inputs)
    except draw.DrawError as error:
        raise InvalidInput(
            "抽查人员库不足以完成抽取 / The pools cannot satisfy the plan",
            errors={"pool": error.shortages[:50]},
        ) from None
    if not selections:
        raise InvalidInput(
            "没有可抽取的在营机构 / No operating institution to draw",
            errors={"pool": ["没有在营机构 / No operating institutions"]},
        )
    number = 1 + max((d.number for d in plan.draws), default=0)
    record = SpotCheckDraw(
        plan_id=plan.id,
        number=number,
        seed=seed,
        algorithm=draw.ALGORITHM,
        inputs=inputs,
        input_hash=draw.input_hash(inputs),
        result=[s.as_dict() for s in selections],
        reason=reason,
        drawn_at=now,
        drawn_by_id=principal.user_id,
    )
    db.session.add(record)
    db.session.flush()
    versions = {key: checklist_versions.get_latest(key).id for key in plan.checklists}
    started = start_of_local_day(plan.period_start)
    due = start_of_local_day(plan.period_end + timedelta(days=1))
    for selection in selections:
        inspection = Inspection(
            id=uuid.uuid4(),
            institution_id=selection.institution_id,
            inspector_id=selection.inspector_ids[0],
            kind=InspectionKind.SPOT_CHECK,
            status="draft",
            started_at=started,
            due_at=due,
        )
        for position, key in enumerate(plan.checklists):
            inspection.checklists.append(
                InspectionChecklist(
                    checklist_key=key, checklist_version_id=versions[key], position=position
                )
            )
        for inspector in selection.inspector_ids:
            inspection.assignees.append(InspectionAssignee(user_id=inspector))
        db.session.add(inspection)
        db.session.add(
            SpotCheckSelection(
                draw_id=record.id,
                institution_id=selection.institution_id,
                inspector_ids=list(selection.inspector_ids),
                inspection_id=inspection.id,
            )
        )
    db.session.flush()
    db.session.expire(plan, ["draws"])
    db.session.expire(record, ["selections"])
    return record


def verify_plan(principal: Principal, plan_id: int) -> dict:
    """Re-run every draw of the plan from its recorded seed and inputs and compare."""
    policy.require_reader(principal)
    plan = get_plan(principal, plan_id)
    if plan.current_draw is None:
        raise Conflict("抽查计划尚未抽取 / The plan has not been drawn")
    draws = []
    for record in plan.draws:
        recorded = [
            {"institution_id": s.institution_id, "inspector_ids": s.inspector_ids}
            for s in record.selections
        ]
        outcome = draw.verify(record.seed, record.inputs, record.input_hash, recorded)
        # The rows must also agree with the draw's own record of what it drew.
        outcome["ok"] = (
            outcome["ok"]
            and draw.verify(record.seed, record.inputs, record.input_hash, record.result)["ok"]
        )
        draws.append({"number": record.number, **outcome})
    return {
        "ok": all(d["ok"] for d in draws),
        "algorithm": plan.current_draw.algorithm,
        "input_hash": plan.current_draw.input_hash,
        "draws": draws,
    }


def due_for_drawing(now: datetime) -> list[int]:
    return list(
        db.session.scalars(
            select(SpotCheckPlan.id)
            .where(
                and_(
                    SpotCheckPlan.status == "draft",
                    SpotCheckPlan.draw_at.is_not(None),
                    SpotCheckPlan.draw_at <= now,
                )
            )
            .order_by(SpotCheckPlan.draw_at, SpotCheckPlan.id)
        )
    )
