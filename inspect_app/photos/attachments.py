"""Attachments: where a photo is used (answers, hazard events); a photo once attached is kept."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select

from inspect_app.accounts.principal import Principal
from inspect_app.checklists import versions as checklist_versions
from inspect_app.clock import utcnow
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards.models import Hazard, HazardEvent
from inspect_app.inspections.models import Answer, Inspection
from inspect_app.institutions.models import Institution
from inspect_app.photos import policy
from inspect_app.photos.models import Photo, PhotoAttachment
from inspect_app.photos.provenance import provenance_flags


def _as_uuids(photo_ids: Iterable) -> tuple[list[uuid.UUID], list[str]]:
    parsed, bad = [], []
    for value in photo_ids:
        try:
            parsed.append(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
        except ValueError:
            bad.append(str(value))
    return parsed, bad


def unknown_photo_ids(user: Principal, photo_ids: Iterable) -> list[str]:
    """The ids among ``photo_ids`` that the user may not attach: no such photo, or (for a
    manager) a photo they neither uploaded nor find on their own institution's records."""
    ids, bad = _as_uuids(photo_ids)
    if not ids:
        return bad
    usable = set(db.session.scalars(policy.usable(user, ids)))
    return bad + [str(i) for i in dict.fromkeys(ids) if i not in usable]


def unknown_photos_message(unknown: list[str]) -> str:
    return f"照片不存在或无权使用 / Unknown photos: {', '.join(unknown)}"


def _photos(photo_ids: Iterable) -> list[Photo]:
    ids, _bad = _as_uuids(photo_ids)
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(select(Photo).where(Photo.id.in_(ids)))}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def answer_photo_faults(user: Principal, answers: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """For each answer (by index) naming photos that do not exist or that the user may not
    use, the message that says which. One query for the whole batch."""
    wanted = [pid for answer in answers for pid in answer.get("photo_ids") or []]
    if not wanted:
        return {}
    unknown = set(unknown_photo_ids(user, wanted))
    faults = {}
    for index, answer in enumerate(answers):
        bad = [str(p) for p in answer.get("photo_ids") or [] if str(p) in unknown]
        if bad:
            faults[index] = unknown_photos_message(list(dict.fromkeys(bad)))
    return faults


def attach_to_answers(
    user: Principal, inspection: Inspection, answers: Sequence[Mapping[str, Any]]
) -> None:
    """Record that the saved answers' photos are used on this inspection (the ids were
    checked with ``answer_photo_faults``). Attachments are never removed: a photo once
    attached is kept, even if a later save of the draft leaves it out."""
    keys = {(a["checklist"], a["item_code"]) for a in answers if a.get("photo_ids")}
    if not keys:
        return
    rows = [
        row
        for row in db.session.execute(
            select(Answer.id, Answer.checklist_key, Answer.item_code, Answer.photo_ids).where(
                Answer.inspection_id == inspection.id,
                Answer.item_code.in_({code for _key, code in keys}),
            )
        )
        if (row.checklist_key, row.item_code) in keys
    ]
    photos = {p.id: p for p in _photos(pid for row in rows for pid in row.photo_ids or [])}
    existing = set(
        db.session.execute(
            select(PhotoAttachment.photo_id, PhotoAttachment.answer_id).where(
                PhotoAttachment.answer_id.in_([row.id for row in rows])
            )
        )
    )
    institution = db.session.get(Institution, inspection.institution_id)
    now = utcnow()
    for row in rows:
        ids, _bad = _as_uuids(row.photo_ids or [])
        for photo_id in dict.fromkeys(ids):
            photo = photos.get(photo_id)
            if photo is None or (photo_id, row.id) in existing:
                continue
            db.session.add(
                PhotoAttachment(
                    photo_id=photo_id,
                    institution_id=inspection.institution_id,
                    inspection_id=inspection.id,
                    answer_id=row.id,
                    checklist_key=row.checklist_key,
                    item_code=row.item_code,
                    attached_by_id=user.id,
                    attached_at=now,
                    flags=provenance_flags(photo, inspection.started_at, institution),
                )
            )
    db.session.flush()


def require_usable(user: Principal, photo_ids: Iterable) -> None:
    """Refuse (422, naming them) photo ids that do not exist or that the user may not use
    (a manager: only photos they uploaded or already on its own institution's records).
    Callers check before they write anything."""
    unknown = unknown_photo_ids(user, photo_ids)
    if unknown:
        message = unknown_photos_message(unknown)
        raise InvalidInput(message, {"photo_ids": [message]})


def attach_to_hazard_event(user: Principal, event: HazardEvent, photo_ids: Iterable) -> list[Photo]:
    """Attach photos to a hazard event (rectification, review, ...) and return them.

    Raises ``InvalidInput`` (422) naming the ids that do not exist or that the user may not
    use (a manager: only photos they uploaded or already on its own institution's records).
    Once attached, a photo is kept for good.
    """
    photo_ids = list(photo_ids or [])
    require_usable(user, photo_ids)
    photos = _photos(photo_ids)
    if not photos:
        return []
    if event.id is None:
        db.session.add(event)
        db.session.flush()
    hazard = event.hazard if event.hazard is not None else db.session.get(Hazard, event.hazard_id)
    institution = db.session.get(Institution, hazard.institution_id)
    attached = set(
        db.session.scalars(
            select(PhotoAttachment.photo_id).where(PhotoAttachment.hazard_event_id == event.id)
        )
    )
    reference_time = event.at or utcnow()
    for photo in photos:
        if photo.id in attached:
            continue
        db.session.add(
            PhotoAttachment(
                photo_id=photo.id,
                institution_id=hazard.institution_id,
                checklist_key=hazard.checklist_key,
                item_code=hazard.item_code,
                hazard_id=hazard.id,
                hazard_event_id=event.id,
                attached_by_id=user.id,
                attached_at=utcnow(),
                flags=provenance_flags(photo, reference_time, institution),
            )
        )
    db.session.flush()
    return photos


def failed_items_without_photos(inspection: Inspection, rows: Iterable[Any]) -> list[str]:
    """``checklist:code`` of every failed item that needs a photo and has no real one.
    ``rows`` are the inspection's answers (anything with checklist_key, item_code, result
    and photo_ids)."""
    pinned = {c.checklist_key: c.checklist_version for c in inspection.checklists}
    needing = []
    for row in rows:
        version = pinned.get(row.checklist_key)
        if row.result != "fail" or version is None:
            continue
        item = checklist_versions.items_by_code(version).get(row.item_code) or {}
        if item.get("photo_required_on_fail"):
            needing.append(row)
    if not needing:
        return []
    real = {p.id for p in _photos(pid for row in needing for pid in row.photo_ids or [])}
    return [
        f"{row.checklist_key}:{row.item_code}"
        for row in needing
        if not any(i in real for i in _as_uuids(row.photo_ids or [])[0])
    ]
