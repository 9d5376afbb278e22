"""Drawing a plan over the database (dsr-2): announce it (freeze the pools, hash them, sign
the statement), draw it with the public value named first once it is public, redraw it
with the next one, verify every draw; dsr-1 draws stay verifiable."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from inspect_app.accounts.models import User
from inspect_app.checklists import versions as checklist_versions
from inspect_app.clock import start_of_local_day, utcnow
from inspect_app.errors import Conflict, InvalidInput
from inspect_app.extensions import db
from inspect_app.inspections.models import (
    Answer,
    Inspection,
    InspectionAssignee,
    InspectionChecklist,
    InspectionKind,
)
from inspect_app.institutions.models import Institution
from inspect_app.photos.models import PhotoAttachment
from inspect_app.principal import Principal, Role
from inspect_app.spot_checks import announcements, draw, dsr2, policy
from inspect_app.spot_checks.models import (
    REDRAW_REASONS,
    InspectorConflict,
    InspectorUnavailability,
    SpotCheckDraw,
    SpotCheckPlan,
    SpotCheckSelection,
)
from inspect_app.spot_checks.plans import get_plan, lock_plan

FREE_SEED = (
    "种子不能指定：抽取使用公告中事先指定的公共随机数 / No seed may be given: the draw uses"
    " the public random values named in the announcement"
)


def previous_plan(plan: SpotCheckPlan) -> SpotCheckPlan | None:
    """The plan drawn before this one: the latest-ending drawn plan that starts earlier."""
    return db.session.scalar(
        select(SpotCheckPlan)
        .where(
            SpotCheckPlan.id != plan.id,
            SpotCheckPlan.status.in_(("drawn", "published")),
            SpotCheckPlan.period_start < plan.period_start,
        )
        .order_by(SpotCheckPlan.period_end.desc(), SpotCheckPlan.id.desc())
        .limit(1)
    )


def snapshot(plan: SpotCheckPlan) -> dict:
    """Both pools as they stand, as dsr-2 inputs in canonical order. Institutions carry
    only what the sample needs (id, street, risk class): no hazard flags."""
    institutions = [
        [row.id, row.street, row.risk_level]
        for row in db.session.execute(
            select(Institution.id, Institution.street, Institution.risk_level)
            .where(Institution.status == "operating")
            .order_by(Institution.id)
        )
    ]
    unavailable = (
        select(InspectorUnavailability.id)
        .where(
            InspectorUnavailability.user_id == User.id,
            InspectorUnavailability.starts_on <= plan.period_end,
            InspectorUnavailability.ends_on >= plan.period_start,
        )
        .exists()
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
    ratios = plan.class_ratios or {}
    try:
        return dsr2.normalise(
            {
                "sample": {
                    "class_ratios": {k: round(v * dsr2.SCALE) for k, v in ratios.items()},
                    "institutions": institutions,
                },
                "team": {
                    "team_size": plan.team_size,
                    "departments": list(plan.departments or []),
                    "inspectors": inspectors,
                    "conflicts": conflicts,
                    "previous": previous,
                },
            }
        )
    except dsr2.DrawError as error:
        raise InvalidInput(
            "名录库数据不完整，不能公告 / The pools cannot be frozen as they stand",
            errors={"pool": error.shortages[:50]},
        ) from None


# -- announcing ---------------------------------------------------------------------------


def announce(principal: Principal, plan_id: int, now: datetime | None = None) -> SpotCheckPlan:
    """Freeze the pools, hash them and sign the statement, before any seed exists. Once;
    announcing again answers the plan as it stands."""
    policy.require_planner(principal)
    plan = lock_plan(principal, plan_id)
    if plan.announced_at is not None:
        return plan
    if plan.algorithm != dsr2.ALGORITHM:
        raise Conflict("该计划按旧算法建立，请重新建立 / A dsr-1 plan: create it again")
    now = now or utcnow()
    late = [
        s["label"]
        for s in plan.random_sources or []
        if datetime.fromisoformat(s["public_after"]) <= now
    ]
    if late:
        raise Conflict(
            "指定的随机数须在公告之后才公开 / The values named must become public after the"
            " announcement",
            errors={"random_sources": late},
        )
    inputs = snapshot(plan)
    try:  # a pool that could never staff the plan is refused now, not at the draw
        dsr2.run_normalised("feasibility", inputs)
    except dsr2.DrawError as error:
        raise InvalidInput(
            "抽查人员库不足以完成抽取 / The pools cannot satisfy the plan",
            errors={"pool": error.shortages[:50]},
        ) from None
    plan.inputs = inputs
    plan.announced_at = now
    plan.status = "announced"
    statement = announcements.statement(plan, dsr2.hashes(inputs))
    plan.announcement = statement
    plan.announcement_signature = announcements.sign(statement)
    db.session.flush()
    return plan


# -- drawing ------------------------------------------------------------------------------


def clean_value(value: str | None) -> str:
    """The public value as entered, its runs of white space made one space."""
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InvalidInput(
            errors={"public_value": ["须填写公开的随机数 / Enter the public random value"]}
        )
    return cleaned


def _source(plan: SpotCheckPlan, number: int, now: datetime) -> dict:
    """The value named for draw ``number`` (1 for the draw, 2 for the first redraw...)."""
    sources = plan.random_sources or []
    if number > len(sources):
        raise Conflict(
            "公告中指定的随机数已用完 / No public value named in the announcement is left"
        )
    source = sources[number - 1]
    if datetime.fromisoformat(source["public_after"]) > now:
        raise Conflict(
            f"「{source['label']}」尚未公开 / Not public before {source['public_after']}",
            errors={"public_value": [source["label"]]},
        )
    return source


def draw_plan(
    principal: Principal,
    plan_id: int,
    public_value: str | None,
    now: datetime | None = None,
    seed: str | None = None,
) -> SpotCheckDraw:
    """Draw an announced plan with the value named first. The same value again answers
    the draw made; another value, 409."""
    policy.require_planner(principal)
    if seed is not None:
        raise InvalidInput(errors={"seed": [FREE_SEED]})
    value = clean_value(public_value)
    plan = lock_plan(principal, plan_id)
    first = plan.draws[0] if plan.draws else None
    if first is not None:
        if first.public_value == value:
            return first
        raise Conflict("抽查计划已抽取 / The plan has already been drawn")
    if plan.status != "announced":
        raise Conflict("抽查计划须先公告 / Announce the plan first")
    now = now or utcnow()
    source = _source(plan, 1, now)
    plan.status = "drawn"
    return _record(principal, plan, source, value, None, None, now)


def holding_work(selections: list[SpotCheckSelection]) -> list[str]:
    """The selections whose inspection holds work (answers, photos, or more than a draft),
    named, or whose result is recorded: a redraw never throws such work away."""
    ids = [s.inspection_id for s in selections if s.inspection_id]
    busy: set = set()
    if ids:
        busy |= set(
            db.session.scalars(
                select(Inspection.id).where(Inspection.id.in_(ids), Inspection.status != "draft")
            )
        )
        busy |= set(
            db.session.scalars(select(Answer.inspection_id).where(Answer.inspection_id.in_(ids)))
        )
        busy |= set(
            db.session.scalars(
                select(PhotoAttachment.inspection_id).where(PhotoAttachment.inspection_id.in_(ids))
            )
        )
    return [
        f"机构{s.institution_id}的检查{s.inspection_id}已有记录或结果"
        f" / Institution {s.institution_id}: inspection {s.inspection_id} holds work or a result"
        for s in selections
        if s.inspection_id in busy or s.result
    ]


def redraw_plan(
    principal: Principal,
    plan_id: int,
    replaces: int,
    reason: str,
    public_value: str | None,
    note: str | None = None,
    now: datetime | None = None,
    seed: str | None = None,
) -> SpotCheckDraw:
    """Replace draw ``replaces`` with a draw from the next value named in advance, for a
    reason from the fixed vocabulary. The request names the draw it replaces, so repeating
    it answers the redraw already made. The replaced draw stays on record, published in
    full with the plan; its inspections, untouched drafts, are withdrawn, and one holding
    answers or photos is never thrown away (409 naming them)."""
    policy.require_planner(principal)
    if seed is not None:
        raise InvalidInput(errors={"seed": [FREE_SEED]})
    if reason not in REDRAW_REASONS:
        raise InvalidInput(
            errors={"reason": [f"须为 {', '.join(REDRAW_REASONS)} 之一 / Unknown reason"]}
        )
    value = clean_value(public_value)
    plan = lock_plan(principal, plan_id)
    made = next((d for d in plan.draws if d.replaces == replaces), None)
    if made is not None:
        if made.public_value == value and made.reason == reason:
            return made
        raise Conflict(f"第{replaces}次抽取已被重抽 / Draw {replaces} has been replaced already")
    current = plan.current_draw
    if plan.status != "drawn" or current is None or plan.algorithm != dsr2.ALGORITHM:
        raise Conflict("只有已抽取未公开的计划可以重抽 / Only a drawn, unpublished plan")
    if current.number != replaces:
        raise Conflict(
            f"当前抽取是第{current.number}次 / The current draw is number {current.number}",
            errors={"replaces": [str(current.number)]},
        )
    now = now or utcnow()
    source = _source(plan, current.number + 1, now)
    busy = holding_work(current.selections)
    if busy:
        raise Conflict(
            "已有抽查开始或登记结果，不能重抽 / Checks have started: no redraw",
            errors={"inspections": busy[:50]},
        )
    inspection_ids = [s.inspection_id for s in current.selections if s.inspection_id]
    current.superseded_at = now
    for selection in current.selections:
        selection.inspection_id = None
    db.session.flush()
    for inspection in db.session.scalars(
        select(Inspection).where(Inspection.id.in_(inspection_ids))
    ):
        db.session.delete(inspection)
    db.session.flush()
    return _record(principal, plan, source, value, reason, note, now, replaces=replaces)


def _record(
    principal: Principal,
    plan: SpotCheckPlan,
    source: dict,
    value: str,
    reason: str | None,
    note: str | None,
    now: datetime,
    replaces: int | None = None,
) -> SpotCheckDraw:
    assert plan.inputs is not None  # announced
    seed = dsr2.seed_of(source["label"], value, plan.secret)
    try:
        outcome = dsr2.run(seed, plan.inputs)
    except dsr2.DrawError as error:
        raise InvalidInput(
            "抽查人员库不足以完成抽取 / The pools cannot satisfy the plan",
            errors={"pool": error.shortages[:50]},
        ) from None
    number = 1 + max((d.number for d in plan.draws), default=0)
    record = SpotCheckDraw(
        plan_id=plan.id,
        number=number,
        seed=seed,
        algorithm=dsr2.ALGORITHM,
        inputs=plan.inputs,
        input_hash=dsr2.hashes(plan.inputs)["input_hash"],
        result=[s.as_dict() for s in outcome.selections],
        design=outcome.design,
        reason=reason,
        note=(note or "").strip() or None,
        replaces=replaces,
        source=source["label"],
        public_value=value,
        secret=plan.secret,
        drawn_at=now,
        drawn_by_id=principal.user_id,
    )
    db.session.add(record)
    db.session.flush()
    versions = {key: checklist_versions.get_latest(key).id for key in plan.checklists}
    started = start_of_local_day(plan.period_start)
    due = start_of_local_day(plan.period_end + timedelta(days=1))
    for selection in outcome.selections:
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


# -- verifying ----------------------------------------------------------------------------


def verify_record(record: SpotCheckDraw, plan: SpotCheckPlan) -> dict:
    """Re-run one recorded draw with its algorithm; for dsr-2 also re-derive its seed from
    the named source, the value and the secret whose hash was announced, and check that
    it ran on the inputs the signed announcement froze."""
    recorded = [
        {"institution_id": s.institution_id, "inspector_ids": s.inspector_ids}
        for s in record.selections
    ]
    if record.algorithm == draw.ALGORITHM:
        outcome = draw.verify(record.seed, record.inputs, record.input_hash, recorded)
        again = draw.verify(record.seed, record.inputs, record.input_hash, record.result)
        outcome["ok"] = outcome["ok"] and again["ok"]
        return outcome
    outcome = dsr2.verify(record.seed, record.inputs, record.input_hash, recorded)
    again = dsr2.verify(record.seed, record.inputs, record.input_hash, record.result)
    announced = plan.announcement or {}
    seed_ok = record.seed == dsr2.seed_of(
        record.source or "", record.public_value or "", record.secret
    ) and announcements.secret_hash(record.secret) == announced.get("secret_sha256")
    sources = [s["label"] for s in announced.get("random_sources", [])]
    source_ok = len(sources) >= record.number and sources[record.number - 1] == record.source
    announced_ok = (
        announcements.signature_ok(announced, plan.announcement_signature or "")
        and announced.get("input_hash") == record.input_hash
    )
    outcome["hash_ok"] = outcome["hash_ok"] and announced_ok
    outcome["seed_ok"] = seed_ok and source_ok
    outcome["ok"] = outcome["ok"] and again["ok"] and announced_ok and outcome["seed_ok"]
    return outcome


def verify_plan(principal: Principal, plan_id: int) -> dict:
    """Re-run every draw of the plan (the discarded ones too) and compare."""
    policy.require_verifier(principal)
    plan = get_plan(principal, plan_id)
    if plan.current_draw is None:
        raise Conflict("抽查计划尚未抽取 / The plan has not been drawn")
    draws = [{"number": r.number, **verify_record(r, plan)} for r in plan.draws]
    return {
        "ok": all(d["ok"] for d in draws),
        "algorithm": plan.current_draw.algorithm,
        "input_hash": plan.current_draw.input_hash,
        "draws": draws,
    }


def audit_record(principal: Principal, plan_id: int) -> dict:
    """Everything about a plan's draws, for the bureau and the auditor: every draw (the
    discarded ones too) with its full inputs (declared conflicts and previous visits
    included), seed, value, secret, reason and note, every selection with its inspection
    and result, and the verification of each."""
    policy.require_full_record(principal)
    plan = get_plan(principal, plan_id)
    verified = {r.number: verify_record(r, plan) for r in plan.draws}
    return {
        "plan": plan,
        "announcement": plan.announcement,
        "announcement_signature": plan.announcement_signature,
        "inputs": plan.inputs,
        "draws": [
            {
                "number": r.number,
                "algorithm": r.algorithm,
                "replaces": r.replaces,
                "reason": r.reason,
                "note": r.note,
                "source": r.source,
                "public_value": r.public_value,
                "secret": r.secret,
                "seed": r.seed,
                "input_hash": r.input_hash,
                "inputs": r.inputs,
                "design": r.design,
                "drawn_at": r.drawn_at,
                "drawn_by_id": r.drawn_by_id,
                "superseded_at": r.superseded_at,
                "selections": [
                    {
                        "institution_id": s.institution_id,
                        "inspector_ids": s.inspector_ids,
                        "inspection_id": s.inspection_id,
                        "result": s.result,
                        "result_at": s.result_at,
                    }
                    for s in r.selections
                ],
                "verification": verified[r.number],
            }
            for r in plan.draws
        ],
    }
