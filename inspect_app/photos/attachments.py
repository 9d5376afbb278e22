"""Attachments: where a photo is used on an institution's record; a photo once attached is kept.

Generic: which ids a user may use, and ``attach`` by ids to places of use (``Use``). The
packages that own the places say what they are: inspections its answers
(``inspections/evidence``), hazards their events (``hazards/evidence``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from inspect_app.clock import utcnow
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.institutions.models import Institution
from inspect_app.photos import policy
from inspect_app.photos.models import Photo, PhotoAttachment
from inspect_app.photos.provenance import provenance_flags
from inspect_app.principal import Principal


def as_uuids(photo_ids: Iterable) -> tuple[list[uuid.UUID], list[str]]:
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
    ids, bad = as_uuids(photo_ids)
    if not ids:
        return bad
    usable = set(db.session.scalars(policy.usable(user, ids)))
    return bad + [str(i) for i in dict.fromkeys(ids) if i not in usable]


def unknown_photos_message(unknown: list[str]) -> str:
    return f"照片不存在或无权使用 / Unknown photos: {', '.join(unknown)}"


def photos_by_ids(photo_ids: Iterable) -> list[Photo]:
    ids, _bad = as_uuids(photo_ids)
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(select(Photo).where(Photo.id.in_(ids)))}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def require_usable(user: Principal, photo_ids: Iterable) -> None:
    """Refuse (422, naming them) photo ids that do not exist or that the user may not use
    (a manager: only photos they uploaded or already on its own institution's records).
    Callers check before they write anything."""
    unknown = unknown_photo_ids(user, photo_ids)
    if unknown:
        message = unknown_photos_message(unknown)
        raise InvalidInput(message, {"photo_ids": [message]})


@dataclass(frozen=True)
class Use:
    """One place photos are used on an institution's record: an answer of an inspection,
    or an event of a hazard; ``photo_ids`` as given (UUIDs or their text)."""

    photo_ids: Sequence
    checklist_key: str | None
    item_code: str | None
    inspection_id: uuid.UUID | None = None
    answer_id: int | None = None
    hazard_id: uuid.UUID | None = None
    hazard_event_id: int | None = None


def attach(
    user: Principal, institution_id: int, reference_time: datetime | None, uses: Sequence[Use]
) -> list[Photo]:
    """Attach photos by id to their places of use on an institution's record, in one
    batch, each with its provenance flags against ``reference_time``. Ids of no photo are
    skipped (callers refuse them first: ``require_usable``); a photo already attached to
    the same answer or event is not attached twice. Attachments are never removed.
    Returns the photos named, attached now or before, in the order first named."""
    named = photos_by_ids(pid for use in uses for pid in use.photo_ids)
    if not named:
        return []
    photos = {photo.id: photo for photo in named}
    answer_ids = [use.answer_id for use in uses if use.answer_id is not None]
    event_ids = [use.hazard_event_id for use in uses if use.hazard_event_id is not None]
    existing: set[tuple] = set()
    for column, ids in (
        (PhotoAttachment.answer_id, answer_ids),
        (PhotoAttachment.hazard_event_id, event_ids),
    ):
        if ids:
            existing.update(
                db.session.execute(
                    select(
                        PhotoAttachment.photo_id,
                        PhotoAttachment.answer_id,
                        PhotoAttachment.hazard_event_id,
                    ).where(column.in_(ids))
                )
            )
    institution = db.session.get(Institution, institution_id)
    now = utcnow()
    for use in uses:
        for photo_id in dict.fromkeys(as_uuids(use.photo_ids)[0]):
            photo = photos.get(photo_id)
            place = (photo_id, use.answer_id, use.hazard_event_id)
            if photo is None or place in existing:
                continue
            existing.add(place)
            db.session.add(
                PhotoAttachment(
                    photo_id=photo_id,
                    institution_id=institution_id,
                    inspection_id=use.inspection_id,
                    answer_id=use.answer_id,
                    checklist_key=use.checklist_key,
                    item_code=use.item_code,
                    hazard_id=use.hazard_id,
                    hazard_event_id=use.hazard_event_id,
                    attached_by_id=user.id,
                    attached_at=now,
                    flags=provenance_flags(photo, reference_time, institution),
                )
            )
    db.session.flush()
    return named
