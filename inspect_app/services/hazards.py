"""Hazards: raising them from failed items and keeping their hash-chained event log."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC

from flask import current_app
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.models import Hazard, HazardEvent, Inspection, User, utcnow
from inspect_app.services.clock import deadline_after

GENESIS_HASH = "0" * 64


def due_days(severity: str) -> int:
    key = "HAZARD_DUE_DAYS_MAJOR" if severity == "major" else "HAZARD_DUE_DAYS_GENERAL"
    return int(current_app.config[key])


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
    actor: User,
    *,
    note: str | None = None,
    photo_ids: list | None = None,
    data: dict | None = None,
) -> HazardEvent:
    """Append one event to the hazard's chain (never update or delete an event)."""
    last = db.session.execute(
        select(HazardEvent.seq, HazardEvent.hash)
        .where(HazardEvent.hazard_id == hazard.id)
        .order_by(HazardEvent.seq.desc())
        .limit(1)
    ).first()
    event = HazardEvent(
        hazard_id=hazard.id,
        seq=(last.seq + 1) if last else 1,
        type=type_,
        actor_id=actor.id,
        at=utcnow(),
        note=note,
        photo_ids=[str(p) for p in (photo_ids or [])],
        data=data or {},
    )
    event.hash = chain_hash(last.hash if last else GENESIS_HASH, event)
    db.session.add(event)
    db.session.flush()
    return event


def live_hazard_for_item(institution_id: int, checklist_key: str, item_code: str):
    return db.session.scalar(
        select(Hazard).where(
            Hazard.institution_id == institution_id,
            Hazard.checklist_key == checklist_key,
            Hazard.item_code == item_code,
            Hazard.status != "cleared",
        )
    )


def raise_for_failed_item(
    inspection: Inspection,
    *,
    checklist_key: str,
    checklist_version: int,
    category: str,
    item: dict,
    note: str | None,
    photo_ids: list,
    actor: User,
) -> Hazard:
    """Open a hazard for a failed item, or note it again on the live one for that item."""
    existing = live_hazard_for_item(inspection.institution_id, checklist_key, item["code"])
    details = {"inspection_id": str(inspection.id), "checklist_version": checklist_version}
    if existing is not None:
        append_event(existing, "found_again", actor, note=note, photo_ids=photo_ids, data=details)
        return existing
    found_at = utcnow()
    hazard = Hazard(
        id=uuid.uuid4(),
        institution_id=inspection.institution_id,
        inspection_id=inspection.id,
        checklist_key=checklist_key,
        checklist_version=checklist_version,
        item_code=item["code"],
        category=category,
        severity=item["severity"],
        title=item["prompt"]["zh"],
        title_en=item["prompt"]["en"],
        description=note,
        status="open",
        found_at=found_at,
        due_at=deadline_after(found_at, due_days(item["severity"])),
        found_by_id=actor.id,
    )
    db.session.add(hazard)
    db.session.flush()
    append_event(hazard, "found", actor, note=note, photo_ids=photo_ids, data=details)
    return hazard
