"""Hazards (隐患): raising them, the lifecycle state machine and the hash-chained event log.

Every change is one appended event and one conditional UPDATE of the hazard row
(``WHERE event_count = seen``): of two people acting at once exactly one wins.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select, update

from inspect_app.extensions import db
from inspect_app.models import Hazard, HazardEvent, Inspection, Institution, User, utcnow
from inspect_app.services import evidence
from inspect_app.services.clock import deadline_after
from inspect_app.services.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
)

GENESIS_HASH = "0" * 64
NOT_FOUND = "隐患不存在 / Hazard not found"
LIVE_STATUSES = ("open", "rectifying", "pending_review")


# -- the state machine -------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """An action: the states it may start from, where it leads, who may take it."""

    event: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    major_roles: tuple[str, ...] | None = None  # stricter roles for major hazards


TRANSITIONS: dict[str, Transition] = {
    "acknowledge": Transition("acknowledged", ("open",), "rectifying", ("manager",)),
    "rectify": Transition(
        "rectification_submitted", ("open", "rectifying"), "pending_review", ("manager",)
    ),
    "approve": Transition(
        "review_approved", ("pending_review",), "cleared", ("inspector", "bureau"), ("bureau",)
    ),
    "reject": Transition(
        "review_rejected", ("pending_review",), "rectifying", ("inspector", "bureau"), ("bureau",)
    ),
}


def roles_for(action: str, severity: str) -> tuple[str, ...]:
    transition = TRANSITIONS[action]
    if severity == "major" and transition.major_roles is not None:
        return transition.major_roles
    return transition.roles


def due_days(severity: str) -> int:
    key = "HAZARD_DUE_DAYS_MAJOR" if severity == "major" else "HAZARD_DUE_DAYS_GENERAL"
    return int(current_app.config[key])


# -- the event chain ---------------------------------------------------------------


def event_payload(event: HazardEvent) -> dict:
    """What an event's hash covers: every field a person could dispute."""
    return {
        "hazard_id": str(event.hazard_id),
        "seq": event.seq,
        "type": event.type,
        "actor_id": event.actor_id,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "note": event.note,
        "photo_ids": [str(p) for p in (event.photo_ids or [])],
        "data": event.data or {},
    }


def chain_hash(previous_hash: str, event: HazardEvent) -> str:
    canonical = json.dumps(
        event_payload(event), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()


def append_event(
    hazard: Hazard,
    type_: str,
    actor: User | None,
    *,
    note: str | None = None,
    photo_ids: list | None = None,
    data: dict | None = None,
    changes: dict | None = None,
    expected_status: str | None = None,
) -> HazardEvent:
    """Append one event and apply ``changes`` to the hazard in one conditional UPDATE.

    The UPDATE is the claim: it matches only if nobody appended since we read the
    hazard (and, for transitions, only if the status is still the one we saw).
    """
    seq = hazard.event_count + 1
    event = HazardEvent(
        hazard_id=hazard.id,
        seq=seq,
        type=type_,
        actor_id=actor.id if actor else None,
        at=utcnow(),
        note=note,
        photo_ids=[str(p) for p in (photo_ids or [])],
        data=data or {},
    )
    event.hash = chain_hash(hazard.events_head or GENESIS_HASH, event)
    values = {"events_head": event.hash, "event_count": seq, **(changes or {})}
    if "status" in values:
        values["row_version"] = Hazard.row_version + 1
    claim = update(Hazard).where(Hazard.id == hazard.id, Hazard.event_count == seq - 1)
    if expected_status is not None:
        claim = claim.where(Hazard.status == expected_status)
    result = db.session.execute(claim.values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict("隐患已被他人处理，请刷新后重试 / Someone else changed this hazard; reload")
    db.session.add(event)
    db.session.flush()
    db.session.expire(hazard, [*values, "events"])
    return event


# -- raising hazards -----------------------------------------------------------------


def _new_hazard(actor: User, **fields) -> Hazard:
    found_at = utcnow()
    hazard = Hazard(
        status="open",
        found_at=found_at,
        due_at=deadline_after(found_at, due_days(fields["severity"])),
        found_by_id=actor.id,
        event_count=0,
        **fields,
    )
    db.session.add(hazard)
    db.session.flush()
    return hazard


@dataclass(frozen=True)
class Finding:
    """A failed checklist item, as submitted."""

    checklist_key: str
    checklist_version: int
    category: str
    item: dict
    note: str | None
    photo_ids: list


def raise_for_findings(
    inspection: Inspection, street: str, findings: list[Finding], actor: User
) -> list[str]:
    """One hazard per failed item, in bulk; a repeat of a live hazard becomes ``found_again``.

    New hazards are written with their first event already chained, so a submit costs a
    few statements however many items failed. The partial unique index on live hazards
    per item guards against a race with another submit for the same institution.
    """
    if not findings:
        return []
    live = {
        (hazard.checklist_key, hazard.item_code): hazard
        for hazard in db.session.scalars(
            select(Hazard).where(
                Hazard.institution_id == inspection.institution_id,
                Hazard.status != "cleared",
                Hazard.item_code.in_([f.item["code"] for f in findings]),
            )
        )
    }
    now = utcnow()
    hazard_ids: list[str] = []
    for finding in findings:
        details = {
            "inspection_id": str(inspection.id),
            "checklist_version": finding.checklist_version,
        }
        existing = live.get((finding.checklist_key, finding.item["code"]))
        if existing is not None:
            append_event(
                existing,
                "found_again",
                actor,
                note=finding.note,
                photo_ids=finding.photo_ids,
                data=details,
            )
            hazard_ids.append(str(existing.id))
            continue
        severity = finding.item["severity"]
        hazard = Hazard(
            id=uuid.uuid4(),
            institution_id=inspection.institution_id,
            street=street,
            inspection_id=inspection.id,
            checklist_key=finding.checklist_key,
            checklist_version=finding.checklist_version,
            item_code=finding.item["code"],
            category=finding.category,
            severity=severity,
            title=finding.item["prompt"]["zh"],
            title_en=finding.item["prompt"]["en"],
            description=finding.note,
            status="open",
            found_at=now,
            due_at=deadline_after(now, due_days(severity)),
            found_by_id=actor.id,
            row_version=1,
        )
        event = HazardEvent(
            hazard_id=hazard.id,
            seq=1,
            type="found",
            actor_id=actor.id,
            at=now,
            note=finding.note,
            photo_ids=[str(p) for p in finding.photo_ids],
            data=details,
        )
        event.hash = chain_hash(GENESIS_HASH, event)
        hazard.events_head, hazard.event_count = event.hash, 1
        db.session.add_all((hazard, event))
        hazard_ids.append(str(hazard.id))
    db.session.flush()
    return hazard_ids


def record_hazard(user: User, data: dict) -> tuple[Hazard, bool]:
    """A hazard found outside any checklist; the phone's id makes retries safe."""
    if user.role not in ("inspector", "bureau"):
        raise Forbidden("只有检查人员可以登记隐患 / Only inspectors record hazards")
    hazard_id = data.get("id") or uuid.uuid4()
    existing = db.session.get(Hazard, hazard_id)
    if existing is not None:
        if existing.found_by_id == user.id and existing.institution_id == data["institution_id"]:
            return existing, False
        raise Conflict("该隐患编号已被使用 / This hazard id is taken")
    institution = db.session.get(Institution, data["institution_id"])
    if institution is None:
        raise InvalidInput(errors={"institution_id": ["机构不存在 / No such institution"]})
    hazard = _new_hazard(
        user,
        id=hazard_id,
        institution_id=institution.id,
        street=institution.street,
        inspection_id=None,
        category=data["category"],
        severity=data["severity"],
        title=data["title"],
        title_en=data.get("title_en"),
        description=data.get("description"),
    )
    event = append_event(
        hazard,
        "found",
        user,
        note=data.get("description"),
        photo_ids=data.get("photo_ids"),
        data={"source": "outside_checklist"},
    )
    evidence.attach_to_hazard_event(user, event, data.get("photo_ids") or [])
    return hazard, True


# -- reading -------------------------------------------------------------------------


def get_visible(user: User, hazard_id: uuid.UUID) -> Hazard:
    """Managers see only their own institution's hazards; others do not exist for them."""
    hazard = db.session.get(Hazard, hazard_id)
    if hazard is None or (user.role == "manager" and hazard.institution_id != user.institution_id):
        raise NotFound(NOT_FOUND)
    return hazard


def move_street(institution_id: int, street: str) -> None:
    """An institution moved to another street: its hazards follow (see ``Hazard.street``)."""
    db.session.execute(
        update(Hazard)
        .where(Hazard.institution_id == institution_id)
        .values(street=street)
        .execution_options(synchronize_session=False)
    )


def list_query(
    user: User,
    *,
    institution_id: int | None = None,
    status: str | None = None,
    severity: str | None = None,
    category: str | None = None,
    street: str | None = None,
    overdue: bool | None = None,
    now: datetime | None = None,
):
    """Hazards the user may see, filtered, soonest deadline first."""
    query = select(Hazard).order_by(Hazard.due_at, Hazard.id)
    if user.role == "manager":
        query = query.where(Hazard.institution_id == user.institution_id)
    if institution_id is not None:
        query = query.where(Hazard.institution_id == institution_id)
    if status:
        query = query.where(Hazard.status == status)
    if severity:
        query = query.where(Hazard.severity == severity)
    if category:
        query = query.where(Hazard.category == category)
    if street:
        query = query.where(Hazard.street == street)
    if overdue is not None:
        now = now or utcnow()
        late = (Hazard.status != "cleared") & (Hazard.due_at < now)
        query = query.where(late if overdue else ~late)
    return query


# -- the lifecycle -------------------------------------------------------------------


def _is_replay(hazard: Hazard, actor: User, type_: str, note, photo_ids, data) -> bool:
    """The phone retried an action that already succeeded: answer it, write nothing."""
    if not hazard.events:
        return False
    last = hazard.events[-1]
    return (
        last.type == type_
        and last.actor_id == actor.id
        and (last.note or None) == (note or None)
        and [str(p) for p in last.photo_ids or []] == [str(p) for p in photo_ids or []]
        and (last.data or {}) == (data or {})
    )


def perform(
    user: User,
    hazard_id: uuid.UUID,
    action: str,
    *,
    note: str | None = None,
    photo_ids: list | None = None,
    data: dict | None = None,
    expected_version: int | None = None,
) -> Hazard:
    """Take one lifecycle action, as the state machine allows, or refuse and write nothing."""
    hazard = get_visible(user, hazard_id)
    transition = TRANSITIONS[action]
    if _is_replay(hazard, user, transition.event, note, photo_ids, data):
        return hazard
    if user.role not in roles_for(action, hazard.severity):
        raise Forbidden(
            "重大事故隐患只能由区民政局复查 / Only the bureau reviews major hazards"
            if hazard.severity == "major" and user.role == "inspector"
            else "你的角色不能执行此操作 / Your role cannot do this"
        )
    if hazard.status not in transition.sources:
        raise Conflict(
            f"隐患当前状态为 {hazard.status}，不能执行此操作 / "
            f"Not allowed while the hazard is {hazard.status}"
        )
    if expected_version is not None and expected_version != hazard.row_version:
        raise PreconditionFailed()
    if action == "rectify" and not photo_ids:
        raise InvalidInput(errors={"photo_ids": ["整改需至少一张照片 / At least one photo"]})
    if action == "reject" and not (note or "").strip():
        raise InvalidInput(errors={"note": ["退回需说明理由 / A rejection needs a note"]})
    changes: dict = {"status": transition.target}
    if transition.target == "cleared":
        changes["cleared_at"] = utcnow()
    event = append_event(
        hazard,
        transition.event,
        user,
        note=note,
        photo_ids=photo_ids,
        data=data,
        changes=changes,
        expected_status=hazard.status,
    )
    evidence.attach_to_hazard_event(user, event, photo_ids or [])
    return hazard
