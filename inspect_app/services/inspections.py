"""Inspections: offline-safe drafts, answer upserts and the submit that raises hazards."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.models import (
    Answer,
    Hazard,
    Inspection,
    InspectionAssignee,
    InspectionChecklist,
    Institution,
    User,
    utcnow,
)
from inspect_app.services import checklists as checklist_service
from inspect_app.services import evidence as evidence_service
from inspect_app.services import hazards as hazard_service
from inspect_app.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from inspect_app.services.upsert import upsert

NOT_FOUND = "检查记录不存在 / Inspection not found"


@dataclass(frozen=True)
class SaveResult:
    inspection: Inspection
    saved: int
    features: dict


@dataclass(frozen=True)
class SubmitResult:
    inspection: Inspection
    hazard_ids: list[str]


def _require_inspector(user: User) -> None:
    if user.role not in ("inspector", "bureau"):
        raise Forbidden("只有检查人员可以填写检查 / Only inspectors record inspections")


def _require_editable(user: User, inspection: Inspection) -> None:
    if inspection.status != "draft":
        raise Conflict("检查已提交，不能修改 / The inspection is submitted and cannot change")
    assigned = {a.user_id for a in inspection.assignees} | {inspection.inspector_id}
    if user.role != "bureau" and user.id not in assigned:
        raise Forbidden("这不是你的检查 / This inspection is not assigned to you")


def get_visible(user: User, inspection_id: uuid.UUID) -> Inspection:
    """Managers see only their own institution's submitted inspections."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFound(NOT_FOUND)
    if user.role == "manager" and (
        inspection.institution_id != user.institution_id or inspection.status != "submitted"
    ):
        raise NotFound(NOT_FOUND)
    return inspection


def visible_query(
    user: User,
    *,
    institution_id: int | None = None,
    status: str | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
):
    query = select(Inspection).order_by(Inspection.started_at.desc(), Inspection.id)
    if user.role == "manager":
        query = query.where(
            Inspection.institution_id == user.institution_id, Inspection.status == "submitted"
        )
    if institution_id is not None:
        query = query.where(Inspection.institution_id == institution_id)
    if status:
        query = query.where(Inspection.status == status)
    if date_from:
        query = query.where(Inspection.started_at >= date_from)
    if date_to:
        query = query.where(Inspection.started_at < date_to)
    return query


def _pin_checklists(inspection: Inspection, keys: list[str]) -> None:
    """Pin the latest version of newly named checklists; keep pinned ones as they are."""
    if len(set(keys)) != len(keys):
        raise InvalidInput(errors={"checklists": ["检查表重复 / Duplicate checklist keys"]})
    pinned = {c.checklist_key: c for c in inspection.checklists}
    unknown = [key for key in keys if key not in pinned and not checklist_service.latest_etag(key)]
    if unknown:
        raise InvalidInput(
            errors={"checklists": [f"未知检查表 / Unknown checklists: {', '.join(unknown)}"]}
        )
    for key in set(pinned) - set(keys):
        inspection.checklists.remove(pinned[key])
        for answer in [a for a in inspection.answers if a.checklist_key == key]:
            inspection.answers.remove(answer)
    for position, key in enumerate(keys):
        if key in pinned:
            pinned[key].position = position
        else:
            version = checklist_service.get_latest(key)
            inspection.checklists.append(
                InspectionChecklist(
                    checklist_key=key, checklist_version_id=version.id, position=position
                )
            )


def save_draft(user: User, inspection_id: uuid.UUID, data: dict) -> tuple[Inspection, bool]:
    """Create the draft with the phone's id, or update it. Returns (inspection, created)."""
    _require_inspector(user)
    if db.session.get(Institution, data["institution_id"]) is None:
        raise InvalidInput(errors={"institution_id": ["机构不存在 / No such institution"]})
    if not data["checklists"]:
        raise InvalidInput(errors={"checklists": ["至少选择一张检查表 / Name at least one"]})
    inspection = db.session.get(Inspection, inspection_id)
    created = inspection is None
    if created:
        inspection = Inspection(
            id=inspection_id,
            institution_id=data["institution_id"],
            inspector_id=user.id,
            status="draft",
        )
        inspection.assignees.append(InspectionAssignee(user_id=user.id))
    else:
        if inspection.status == "submitted" and _same_draft(inspection, data):
            return inspection, False
        _require_editable(user, inspection)
        if inspection.institution_id != data["institution_id"]:
            raise Conflict("检查的机构不能更改 / An inspection cannot move to another institution")
    inspection.kind = data["kind"]
    inspection.started_at = data["started_at"]
    inspection.location = data.get("location")
    _pin_checklists(inspection, data["checklists"])
    if created:
        try:
            with db.session.begin_nested():
                db.session.add(inspection)
        except IntegrityError:
            # The same phone request raced itself: the other copy won; report that one.
            db.session.expunge(inspection)
            return save_draft(user, inspection_id, data)
    db.session.flush()
    return inspection, created


def _same_draft(inspection: Inspection, data: dict) -> bool:
    """A replay of the draft that was submitted since: answer it as it stands."""
    return (
        inspection.institution_id == data["institution_id"]
        and [c.checklist_key for c in inspection.checklists] == data["checklists"]
        and inspection.kind == data["kind"]
    )


def _check_value(item: dict, result: str, value: object) -> str | None:
    answer_type = item["answer_type"]
    if value is None:
        return None
    if answer_type == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "应为数字 / value must be a number"
    if answer_type == "choice" and value not in {c["value"] for c in item["choices"]}:
        return "不是可选项之一 / value is not one of the choices"
    if answer_type == "text" and not isinstance(value, str):
        return "应为文字 / value must be text"
    if answer_type == "yes_no" and not isinstance(value, bool):
        return "应为是或否 / value must be true or false"
    return None


def save_answers(user: User, inspection_id: uuid.UUID, answers: list[dict]) -> SaveResult:
    """Upsert answers by (checklist, item code); the whole batch is checked before any write."""
    inspection = get_visible(user, inspection_id)
    _require_inspector(user)
    _require_editable(user, inspection)
    institution = db.session.get(Institution, inspection.institution_id)
    pinned = {c.checklist_key: c.checklist_version for c in inspection.checklists}
    errors: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for index, answer in enumerate(answers):
        where = f"{index}.{answer['checklist']}:{answer['item_code']}"
        version = pinned.get(answer["checklist"])
        if version is None:
            errors[where] = ["该检查未包含此检查表 / Checklist not part of this inspection"]
            continue
        item = checklist_service.items_by_code(version).get(answer["item_code"])
        if item is None:
            errors[where] = ["未知检查项 / Unknown item code"]
            continue
        if not checklist_service.applies(item, institution.features):
            errors[where] = ["该项不适用于本机构 / Item does not apply to this institution"]
            continue
        key = (answer["checklist"], answer["item_code"])
        if key in seen:
            errors[where] = ["同一项重复作答 / Item answered twice in one request"]
        seen.add(key)
        fault = _check_value(item, answer["result"], answer.get("value"))
        if fault:
            errors[where] = [fault]
    for index, fault in evidence_service.answer_photo_faults(user, answers).items():
        where = f"{index}.{answers[index]['checklist']}:{answers[index]['item_code']}"
        errors.setdefault(where, []).append(fault)
    if errors:
        raise InvalidInput("部分答案无效，未保存任何答案 / Invalid answers; nothing saved", errors)

    now = utcnow()
    rows = [
        {
            "inspection_id": inspection.id,
            "checklist_key": answer["checklist"],
            "item_code": answer["item_code"],
            "result": answer["result"],
            "value": answer.get("value"),
            "note": answer.get("note"),
            "photo_ids": [str(p) for p in answer.get("photo_ids") or []],
            "answered_by_id": user.id,
            "updated_at": now,
        }
        for answer in answers
    ]
    upsert(Answer, rows, ("inspection_id", "checklist_key", "item_code"))
    inspection.updated_at = now
    db.session.flush()
    evidence_service.attach_to_answers(user, inspection, answers)
    db.session.expire(inspection, ["answers"])
    return SaveResult(inspection, len(rows), institution.features)


def _answer_rows(inspection: Inspection):
    return db.session.execute(
        select(
            Answer.checklist_key, Answer.item_code, Answer.result, Answer.note, Answer.photo_ids
        ).where(Answer.inspection_id == inspection.id)
    ).all()


def missing_items(inspection: Inspection, features: dict, answered: set) -> list[str]:
    """``checklist:code`` of every applicable item not yet answered, in checklist order."""
    missing = []
    for pinned in inspection.checklists:
        for code, item in checklist_service.items_by_code(pinned.checklist_version).items():
            if (pinned.checklist_key, code) not in answered and checklist_service.applies(
                item, features
            ):
                missing.append(f"{pinned.checklist_key}:{code}")
    return missing


def progress(inspection: Inspection, features: dict) -> dict:
    """How far the inspector is: answered and applicable counts, what is still missing."""
    answered = {(row.checklist_key, row.item_code) for row in _answer_rows(inspection)}
    missing = missing_items(inspection, features, answered)
    return {"answered": len(answered), "missing": missing}


def submit(user: User, inspection_id: uuid.UUID) -> SubmitResult:
    """Submit once; a repeat returns the first answer and raises nothing new."""
    inspection = get_visible(user, inspection_id)
    _require_inspector(user)
    if inspection.status == "submitted":
        return SubmitResult(inspection, list(inspection.hazard_ids or []))
    _require_editable(user, inspection)
    institution = db.session.get(Institution, inspection.institution_id)
    rows = _answer_rows(inspection)
    missing = missing_items(
        inspection, institution.features, {(r.checklist_key, r.item_code) for r in rows}
    )
    if missing:
        raise InvalidInput(
            "还有检查项未作答 / Some applicable items are unanswered", {"missing": missing}
        )
    without_photos = evidence_service.failed_items_without_photos(inspection, rows)
    if without_photos:
        raise InvalidInput(
            "不合格项须附照片 / Failed items that require a photo have none",
            {"photo_required": without_photos},
        )
    claimed = db.session.execute(
        update(Inspection)
        .where(Inspection.id == inspection.id, Inspection.status == "draft")
        .values(status="submitted", submitted_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise Conflict("检查正在被同时提交，请重试 / Submitted concurrently, retry")
    failed = [r for r in rows if r.result == "fail"]
    hazard_ids = _raise_hazards(user, inspection, institution.street, failed)
    db.session.execute(
        update(Inspection)
        .where(Inspection.id == inspection.id)
        .values(hazard_ids=hazard_ids)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(inspection, ["status", "submitted_at", "hazard_ids"])
    return SubmitResult(inspection, hazard_ids)


def _raise_hazards(user: User, inspection: Inspection, street: str, failed_rows) -> list[str]:
    pinned = {c.checklist_key: c.checklist_version for c in inspection.checklists}
    findings = [
        hazard_service.Finding(
            checklist_key=row.checklist_key,
            checklist_version=pinned[row.checklist_key].version,
            category=pinned[row.checklist_key].category,
            item=checklist_service.items_by_code(pinned[row.checklist_key])[row.item_code],
            note=row.note,
            photo_ids=row.photo_ids or [],
        )
        for row in failed_rows
    ]
    return hazard_service.raise_for_findings(inspection, street, findings, user)


def tasks_for(user: User) -> dict:
    """Open inspections assigned to the user and hazards waiting on them."""
    inspections = []
    if user.role in ("inspector", "bureau"):
        inspections = list(
            db.session.scalars(
                select(Inspection)
                .join(InspectionAssignee, InspectionAssignee.inspection_id == Inspection.id)
                .where(InspectionAssignee.user_id == user.id, Inspection.status == "draft")
                .order_by(Inspection.started_at)
            )
        )
    hazards_query = select(Hazard).order_by(Hazard.due_at)
    if user.role == "manager":
        hazards_query = hazards_query.where(
            Hazard.institution_id == user.institution_id,
            Hazard.status.in_(("open", "rectifying")),
        )
    elif user.role == "bureau":
        hazards_query = hazards_query.where(Hazard.status == "pending_review")
    else:
        mine = select(InspectionAssignee.inspection_id).where(InspectionAssignee.user_id == user.id)
        hazards_query = hazards_query.where(
            Hazard.status == "pending_review",
            Hazard.severity == "general",
            (Hazard.inspection_id.in_(mine)) | (Hazard.found_by_id == user.id),
        )
    return {"inspections": inspections, "hazards": list(db.session.scalars(hazards_query))}
