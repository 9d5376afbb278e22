"""一公开: results per selection, publishing a plan, the public view, late publications."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from inspect_app import sheets
from inspect_app.accounts.models import User
from inspect_app.checklists import versions as checklist_versions
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
    REDRAW_REASONS,
    SpotCheckDraw,
    SpotCheckPlan,
    SpotCheckResult,
    SpotCheckSelection,
)
from inspect_app.spot_checks.plans import lock_plan


def _selection(plan: SpotCheckPlan, institution_id: int) -> SpotCheckSelection:
    current = plan.current_draw
    if current is None:
        raise Conflict("抽查计划尚未抽取 / The plan has not been drawn")
    for selection in current.selections:
        if selection.institution_id == institution_id:
            return selection
    raise NotFound("该机构未被抽中 / The institution was not drawn in this plan")


# Results that need no submitted inspection: nobody could be inspected.
WITHOUT_INSPECTION = (SpotCheckResult.UNREACHABLE, SpotCheckResult.REFUSED)


def _submitted(inspection_ids: list) -> set:
    if not inspection_ids:
        return set()
    return set(
        db.session.scalars(
            select(Inspection.id).where(
                Inspection.id.in_(inspection_ids), Inspection.status == "submitted"
            )
        )
    )


def record_result(
    principal: Principal, plan_id: int, institution_id: int, result: str
) -> SpotCheckSelection:
    """Record (or correct) a selection's result until the plan is published. Recording the
    result it already has answers it as it stands, published or not."""
    policy.require_result_access(principal, institution_id)
    if result not in list(SpotCheckResult):
        raise InvalidInput(
            errors={"result": [f"须为 {', '.join(SpotCheckResult)} 之一 / Unknown result"]}
        )
    plan = lock_plan(principal, plan_id)
    selection = _selection(plan, institution_id)
    policy.require_result_recorder(principal, selection)
    if selection.result == result:
        return selection
    if plan.status == "published":
        raise Conflict("结果已公开，不能修改 / Results are published and cannot change")
    if result not in WITHOUT_INSPECTION and selection.inspection_id not in _submitted(
        [selection.inspection_id]
    ):
        raise Conflict(
            "须先提交该机构的抽查记录 / Submit the spot-check inspection before its result",
            errors={"inspection_id": [str(selection.inspection_id)]},
        )
    selection.result = result
    selection.result_at = utcnow()
    db.session.flush()
    return selection


def unfinished(plan: SpotCheckPlan) -> list[str]:
    """What keeps the plan's results from publication: the drawn institutions without a
    result recorded against a submitted inspection (unreachable and refused excepted)."""
    current = plan.current_draw
    if current is None:
        return ["抽查计划尚未抽取 / The plan has not been drawn"]
    submitted = _submitted([s.inspection_id for s in current.selections if s.inspection_id])
    missing = []
    for selection in current.selections:
        if selection.result in WITHOUT_INSPECTION:
            continue
        if selection.result is None or selection.inspection_id not in submitted:
            missing.append(
                f"机构{selection.institution_id}尚无基于已提交检查的结果"
                f" / Institution {selection.institution_id}: no result of a submitted inspection"
            )
    return missing


def publish(principal: Principal, plan_id: int, now: datetime | None = None) -> SpotCheckPlan:
    """Make the results public, once: after the period has ended, with every drawn
    institution's result recorded. Publishing again answers the plan as it stands."""
    policy.require_planner(principal)
    plan = lock_plan(principal, plan_id)
    if plan.status == "published":
        return plan
    if plan.status != "drawn":
        raise Conflict("抽查计划尚未抽取 / The plan has not been drawn")
    now = now or utcnow()
    errors = []
    if local_date(now) <= plan.period_end:
        errors.append(f"抽查期间至 {plan.period_end} 才结束 / The period ends {plan.period_end}")
    errors.extend(unfinished(plan))
    if errors:
        raise Conflict(
            "结果尚不能公开 / The results cannot be published yet",
            errors={"publish": errors[:50]},
        )
    plan.status = "published"
    plan.published_at = now
    db.session.flush()
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


ALGORITHM_DOCS = {"dsr-2": "/public/algorithms/dsr-2"}


def public_announcement(plan_id: int) -> dict:
    """An announced plan's signed statement and the sample inputs it froze, for anyone,
    from the moment of the announcement (before any seed exists)."""
    plan = policy.publicly_announced(db.session.get(SpotCheckPlan, plan_id))
    assert plan.inputs is not None
    return {
        "id": plan.id,
        "name": plan.name,
        "announcement": plan.announcement,
        "announcement_signature": plan.announcement_signature,
        "sample_inputs": plan.inputs["sample"],
    }


def checklist_names(keys: list[str]) -> list[str]:
    """The checklists' Chinese titles (their latest versions), in the plan's order."""
    names = []
    for key in keys:
        version = checklist_versions.latest_version(key)
        names.append(version.title_zh if version is not None else key)
    return names


def _teams(record: SpotCheckDraw, names: dict[int, str]) -> list[dict]:
    return [
        {
            "institution_id": s["institution_id"],
            "inspectors": [names.get(u, "") for u in s["inspector_ids"]],
        }
        for s in record.result
    ]


def public_draw(record: SpotCheckDraw, names: dict[int, str]) -> dict:
    """One draw as published (the discarded ones too): its seed and what made it, the
    institutions and the teams' display names, the reason from the fixed vocabulary."""
    return {
        "number": record.number,
        "replaces": record.replaces,
        "reason": record.reason if record.reason in REDRAW_REASONS else None,
        "reason_label": REDRAW_REASONS.get(record.reason or ""),
        "source": record.source,
        "public_value": record.public_value,
        "secret": record.secret,
        "seed": record.seed,
        "drawn_at": record.drawn_at,
        "superseded_at": record.superseded_at,
        "design": record.design,
        "institution_ids": sorted(s["institution_id"] for s in record.result),
        "teams": _teams(record, names),
    }


def public_plan(plan_id: int) -> dict:
    """What anyone may read of a published plan (``docs/spot-checks.md``, "The public
    view"): what verifying the institution sample needs — the signed announcement, the
    sample inputs (ids, streets, risk classes) and every draw with its seed — and the
    results. Nothing naming a relationship or a pending hazard: no conflict pairs, no
    hazard flags, no team inputs beyond their hash, redraw reasons from a fixed list;
    the inspectors by display name only; no residents' data, no photos."""
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
    user_ids = {u for d in plan.draws for s in d.result for u in s["inspector_ids"]}
    names = dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids))).all()
    )
    announced = plan.announcement or {}
    return {
        "id": plan.id,
        "name": plan.name,
        "issuer": announced.get("issuer") or current_app.config["ISSUING_AUTHORITY"],
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "checklists": plan.checklists,
        "checklist_names": checklist_names(plan.checklists),
        "team_size": plan.team_size,
        "departments": plan.departments,
        "class_ratios": plan.class_ratios,
        "publish_due": plan.publish_due,
        "published_at": plan.published_at,
        "algorithm": current.algorithm,
        "algorithm_doc": ALGORITHM_DOCS.get(current.algorithm),
        "announcement": plan.announcement,
        "announcement_signature": plan.announcement_signature,
        "sample_inputs": (current.inputs or {}).get("sample") if plan.announcement else None,
        "sample_hash": announced.get("sample_hash"),
        "team_hash": announced.get("team_hash"),
        "input_hash": current.input_hash,
        "seed": current.seed,
        "draws": [public_draw(d, names) for d in plan.draws],
        "selections": selections,
    }


# The published results as CSV (docs/spot-checks.md, "The results CSV"): one row per
# drawn institution of the current draw.
RESULT_COLUMNS = (
    "计划名称",
    "发布机关",
    "公示日期",
    "抽查期间",
    "机构名称",
    "统一社会信用代码",
    "街道",
    "检查事项",
    "检查日期",
    "检查结果",
    "发现重大隐患",
    "发现一般隐患",
    "已整改隐患",
)


def results_csv(plan_id: int) -> bytes:
    """A published plan's results with the institutions' names and credit codes, UTF-8
    with a BOM so that Excel opens it as such."""
    plan = public_plan(plan_id)
    outcomes = plan["selections"]
    codes = dict(
        db.session.execute(
            select(Institution.id, Institution.credit_code).where(
                Institution.id.in_([o["institution_id"] for o in outcomes])
            )
        ).all()
    )
    published = local_date(plan["published_at"]).isoformat()
    period = f"{plan['period_start']}至{plan['period_end']}"
    items = "、".join(plan["checklist_names"])
    rows: list[tuple] = [RESULT_COLUMNS]
    for outcome in outcomes:
        rows.append(
            (
                plan["name"],
                plan["issuer"],
                published,
                period,
                outcome["institution_name"],
                codes.get(outcome["institution_id"], ""),
                outcome["street"],
                items,
                outcome["inspected_on"] or "",
                outcome["result_label"] or "",
                outcome["hazards"][Severity.MAJOR],
                outcome["hazards"][Severity.GENERAL],
                outcome["cleared"],
            )
        )
    return sheets.csv_bytes(rows)


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
