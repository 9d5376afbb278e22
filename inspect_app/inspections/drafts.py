"""Inspection drafts: created with the phone's id, checklist versions pinned at creation."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NotRequired, TypedDict, cast

from sqlalchemy.exc import IntegrityError

from inspect_app.checklists import versions as checklist_versions
from inspect_app.clock import utcnow
from inspect_app.errors import Conflict, InvalidInput
from inspect_app.extensions import db
from inspect_app.inspections import features as inspection_features
from inspect_app.inspections import officers, policy, rechecks
from inspect_app.inspections.models import (
    Inspection,
    InspectionAssignee,
    InspectionChecklist,
    InspectionKind,
)
from inspect_app.institutions.models import Institution
from inspect_app.principal import Principal


def _pin_checklists(inspection: Inspection, keys: list[str]) -> None:
    """Pin the latest version of newly named checklists; keep pinned ones as they are."""
    if len(set(keys)) != len(keys):
        raise InvalidInput(errors={"checklists": ["检查表重复 / Duplicate checklist keys"]})
    pinned = {c.checklist_key: c for c in inspection.checklists}
    unknown = [key for key in keys if key not in pinned and not checklist_versions.latest_etag(key)]
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
            version = checklist_versions.get_latest(key)
            inspection.checklists.append(
                InspectionChecklist(
                    checklist_key=key, checklist_version_id=version.id, position=position
                )
            )


PERSON_PRESENT = ("present_person_name", "present_person_position")

# How far a phone's clock may run ahead: a start later than now by more is refused (422).
CLOCK_SKEW = timedelta(minutes=5)


def require_start_not_ahead(started_at: datetime, now: datetime, moment: tuple[str, str]) -> None:
    """422 when an inspection would start after ``now`` (beyond the clock skew); ``moment``
    names now in Chinese and English (当前时间 / now, 提交时间 / the submit)."""
    if started_at > now + CLOCK_SKEW:
        zh, en = moment
        minutes = int(CLOCK_SKEW.total_seconds() // 60)
        message = (
            f"开始时间不能晚于{zh}（允许 {minutes} 分钟时钟误差）/ "
            f"started_at cannot be later than {en} (beyond {minutes} minutes of clock skew)"
        )
        raise InvalidInput(message, {"started_at": [message]})


class DraftInput(TypedDict):
    """A draft as ``PUT /inspections/{id}`` gives it (``api/schemas/inspections.py``,
    ``InspectionWriteSchema``). Left out: unchanged, where the schema says so."""

    institution_id: int
    checklists: list[str]
    kind: str
    started_at: datetime
    location: NotRequired[dict[str, float | None] | None]  # lat, lon, accuracy_m
    features_confirmed: NotRequired[dict[str, bool] | None]  # None or {}: none confirmed
    signature_refused: NotRequired[bool]
    signature_note: NotRequired[str | None]
    assignee_ids: NotRequired[list[int]]
    present_person_name: NotRequired[str | None]
    present_person_position: NotRequired[str | None]
    rechecks: NotRequired[list[rechecks.RecheckInput] | None]  # a follow_up's only


def save_draft(
    user: Principal, inspection_id: uuid.UUID, data: DraftInput
) -> tuple[Inspection, bool]:
    """Create the draft with the phone's id, or update it. Returns (inspection, created)."""
    existing = db.session.get(Inspection, inspection_id)
    policy.require_recorder(user, existing.institution_id if existing else data["institution_id"])
    if db.session.get(Institution, data["institution_id"]) is None:
        raise InvalidInput(errors={"institution_id": ["机构不存在 / No such institution"]})
    if not data["checklists"] and data["kind"] != InspectionKind.FOLLOW_UP:
        # A re-inspection may re-check its hazards alone (``rechecks``).
        raise InvalidInput(errors={"checklists": ["至少选择一张检查表 / Name at least one"]})
    require_start_not_ahead(data["started_at"], utcnow(), ("当前时间", "now"))
    if "features_confirmed" in data:
        data = {
            **data,
            "features_confirmed": inspection_features.clean_confirmed(data["features_confirmed"]),
        }
    created = existing is None
    if existing is None:
        inspection = Inspection(
            id=inspection_id,
            institution_id=data["institution_id"],
            inspector_id=user.id,
            status="draft",
        )
        inspection.assignees.append(InspectionAssignee(user_id=user.id))
    else:
        inspection = existing
        if inspection.status == "submitted" and _same_draft(inspection, data):
            return inspection, False
        policy.require_editable(user, inspection)
        if inspection.institution_id != data["institution_id"]:
            raise Conflict("检查的机构不能更改 / An inspection cannot move to another institution")
        _keep_plan_terms(inspection, data)
    inspection.kind = data["kind"]
    inspection.started_at = data["started_at"]
    inspection.location = data.get("location")
    # Absent: the confirmed features stay as they are; null or {}: none confirmed.
    if "features_confirmed" in data:
        inspection.features_confirmed = data["features_confirmed"]
    inspection.signature_refused = bool(data.get("signature_refused", False))
    inspection.signature_note = data.get("signature_note")
    # Absent: unchanged; given (null: cleared), as typed, without the spaces around it.
    for field, value in _person_present(data).items():
        setattr(inspection, field, (value or "").strip() or None)
    # Absent: the team stays; given: the officers named, with the caller and the creator.
    if "assignee_ids" in data:
        officers.set_team(inspection, user, data["assignee_ids"])
    _pin_checklists(inspection, data["checklists"])
    rechecks.set_rechecks(user, inspection, data["kind"], data.get("rechecks"))
    if created:
        try:
            with db.session.begin_nested():
                db.session.add(inspection)
        except IntegrityError:
            # The same phone request raced itself: the other copy won; report that one.
            # (The rolled-back savepoint has already taken our copy out of the session.)
            return save_draft(user, inspection_id, data)
    db.session.flush()
    return inspection, created


def _person_present(data: DraftInput) -> dict[str, str | None]:
    """The person-present fields the draft gives (a field left out is not there)."""
    given: Mapping[str, object] = data
    return {field: cast(str | None, given[field]) for field in PERSON_PRESENT if field in given}


def _same_draft(inspection: Inspection, data: DraftInput) -> bool:
    """A replay of the draft that was submitted since: answer it as it stands."""
    return (
        inspection.institution_id == data["institution_id"]
        and [c.checklist_key for c in inspection.checklists] == data["checklists"]
        and inspection.kind == data["kind"]
        and (
            "features_confirmed" not in data
            or inspection.features_confirmed == data["features_confirmed"]
        )
        and (
            "assignee_ids" not in data
            or set(data["assignee_ids"]) | {inspection.inspector_id} <= set(inspection.assignee_ids)
        )
        and all(
            (value or "").strip() == (getattr(inspection, field) or "")
            for field, value in _person_present(data).items()
        )
    )


def _keep_plan_terms(inspection: Inspection, data: DraftInput) -> None:
    """A spot-check inspection belongs to its plan: its kind and checklists were set by the
    draw, and no team member changes them (nor turns another inspection into one)."""
    if "spot_check" not in (inspection.kind, data["kind"]):
        return
    errors = {}
    if data["kind"] != inspection.kind:
        errors["kind"] = ["抽查检查的类型由抽查计划确定 / A spot check's kind is the plan's"]
    if [c.checklist_key for c in inspection.checklists] != data["checklists"]:
        errors["checklists"] = [
            "抽查检查的检查表由抽查计划确定 / A spot check's checklists are the plan's"
        ]
    if errors:
        raise Conflict(
            "抽查检查的类型和检查表不能更改 / The plan fixes a spot check's terms", errors=errors
        )
