"""Photo evidence (证据照片): ingest, access, attachment, provenance, clean-up, verification.

Ingest: size limit, type from the bytes, SHA-256 of the bytes as uploaded, EXIF read into
the record, a display copy and a thumbnail without metadata, files stored before the row.
The same bytes again give the same photo. Attachment rows (``photo_attachments``) decide
who may see a photo and keep it for good; unattached uploads are cleaned up after a while.
"""

from __future__ import annotations

import hashlib
import logging
import math
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import BinaryIO

from flask import current_app
from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.models import (
    Answer,
    Hazard,
    HazardEvent,
    Inspection,
    Institution,
    Photo,
    PhotoAttachment,
    PhotoUploader,
    User,
    utcnow,
)
from inspect_app.services import checklists as checklist_service
from inspect_app.services import images
from inspect_app.services.clock import local_zone
from inspect_app.services.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)

NOT_FOUND = "照片不存在 / Photo not found"
READ_CHUNK = 1024 * 1024
VARIANTS = ("display", "thumbnail", "original")


@dataclass(frozen=True)
class IngestResult:
    photo: Photo
    created: bool


# --- storage keys ------------------------------------------------------------------------


def storage_key(sha256: str, variant: str) -> str:
    """Content-addressed: the original under its own hash, derivatives beside it."""
    folder = {"original": "originals", "display": "display", "thumbnail": "thumbs"}[variant]
    suffix = "" if variant == "original" else ".jpg"
    return f"{folder}/{sha256[:2]}/{sha256[2:4]}/{sha256}{suffix}"


def _limits() -> images.Limits:
    config = current_app.config
    return images.Limits(
        max_pixels=int(config["PHOTO_MAX_PIXELS"]),
        max_metadata_bytes=int(config["PHOTO_MAX_METADATA_BYTES"]),
        display_px=int(config["PHOTO_DISPLAY_MAX_PX"]),
        thumb_px=int(config["PHOTO_THUMB_MAX_PX"]),
    )


def too_large_error() -> PayloadTooLarge:
    limit = int(current_app.config["PHOTO_MAX_BYTES"])
    message = (
        f"照片超过 {limit / 1048576:g} MB 上限 / "
        f"The photo is larger than the {limit / 1048576:g} MB limit"
    )
    return PayloadTooLarge(message, {"file": [message]})


# --- ingest ------------------------------------------------------------------------------


def ingest(user: User, source: BinaryIO) -> IngestResult:
    """Make (or find) the photo for the bytes in ``source``, a seekable binary stream."""
    size = source.seek(0, 2)
    if size > int(current_app.config["PHOTO_MAX_BYTES"]):
        raise too_large_error()
    if size == 0:
        raise InvalidInput(images.EMPTY, {"file": [images.EMPTY]})
    source.seek(0)
    digest = hashlib.sha256()
    while chunk := source.read(READ_CHUNK):
        digest.update(chunk)
    sha256 = digest.hexdigest()

    existing = db.session.scalar(select(Photo).where(Photo.sha256 == sha256))
    storage = get_storage()
    if existing is not None and storage.exists(storage_key(sha256, "original")):
        return IngestResult(_uploaded_again(user, existing), False)
    # New bytes, or a known photo whose files went missing: the whole pipeline (which then
    # stores the files again, the same bytes under the same names).

    source.seek(0)
    fmt = images.detect_format(source.read(32))
    if fmt is None:
        raise UnsupportedMediaType(images.UNSUPPORTED, {"file": [images.UNSUPPORTED]})
    source.seek(0)
    processed = images.process(source, fmt, _limits(), local_zone())

    # Files first, the row after: a crash in between leaves only an unreferenced file.
    # The three writes go at once (with S3, three requests in flight instead of in turn).
    source.seek(0)
    pool = images.workers()
    jobs = [
        pool.submit(
            storage.put,
            storage_key(sha256, "original"),
            source,
            size=size,
            content_type=processed.content_type,
        ),
        *(
            pool.submit(
                storage.put_bytes,
                storage_key(sha256, variant),
                rendition.data,
                content_type=rendition.content_type,
            )
            for variant, rendition in (
                ("display", processed.display),
                ("thumbnail", processed.thumbnail),
            )
        ),
    ]
    for job in jobs:
        job.result()

    if existing is not None:
        log.warning("photo %s: stored files were missing and are written again", existing.id)
        return IngestResult(_uploaded_again(user, existing), False)

    now = utcnow()
    meta = processed.metadata
    photo = Photo(
        id=uuid.uuid4(),
        sha256=sha256,
        content_type=processed.content_type,
        format=processed.format,
        bytes=size,
        width=processed.width,
        height=processed.height,
        orientation=meta.orientation,
        taken_at=meta.taken_at,
        taken_at_exif=meta.taken_at_exif,
        gps_lat=meta.gps_lat,
        gps_lon=meta.gps_lon,
        device_make=meta.make,
        device_model=meta.model,
        display_width=processed.display.width,
        display_height=processed.display.height,
        display_bytes=len(processed.display.data),
        thumb_width=processed.thumbnail.width,
        thumb_height=processed.thumbnail.height,
        thumb_bytes=len(processed.thumbnail.data),
        uploaded_by_id=user.id,
        uploaded_at=now,
        last_uploaded_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(photo)
            db.session.add(PhotoUploader(photo_id=photo.id, user_id=user.id, first_at=now))
    except IntegrityError:
        # The same bytes arrived twice at once: the other request made the photo.
        db.session.expunge(photo)
        existing = db.session.scalar(select(Photo).where(Photo.sha256 == sha256))
        if existing is None:
            raise
        return IngestResult(_uploaded_again(user, existing), False)
    return IngestResult(photo, True)


def _uploaded_again(user: User, photo: Photo) -> Photo:
    """Whoever holds the bytes may use the photo; and it is fresh again for the clean-up."""
    photo.last_uploaded_at = utcnow()
    known = db.session.scalar(
        select(PhotoUploader.id).where(
            PhotoUploader.photo_id == photo.id, PhotoUploader.user_id == user.id
        )
    )
    if known is None:
        try:
            with db.session.begin_nested():
                db.session.add(PhotoUploader(photo_id=photo.id, user_id=user.id))
        except IntegrityError:
            pass  # the same user, twice at once
    db.session.flush()
    return photo


# --- access ------------------------------------------------------------------------------


def _manager_may_use(user: User, photo_ids: Iterable[uuid.UUID]):
    """A manager may see and use photos they uploaded or that are attached to a record of
    their own institution."""
    ids = list(photo_ids)
    attached = exists().where(
        PhotoAttachment.photo_id == Photo.id,
        PhotoAttachment.institution_id == user.institution_id,
    )
    uploaded = exists().where(PhotoUploader.photo_id == Photo.id, PhotoUploader.user_id == user.id)
    return select(Photo.id).where(Photo.id.in_(ids), or_(attached, uploaded))


def photos_visible_to(user: User, photo: Photo) -> bool:
    """Inspectors and the bureau see every photo; a manager only its own institution's."""
    if user.role in ("inspector", "bureau"):
        return True
    if user.role != "manager" or user.institution_id is None:
        return False
    return db.session.scalar(_manager_may_use(user, [photo.id])) is not None


def get_visible(user: User, photo_id: uuid.UUID) -> Photo:
    photo = db.session.get(Photo, photo_id)
    if photo is None or not photos_visible_to(user, photo):
        raise NotFound(NOT_FOUND)
    return photo


def get_variant(user: User, photo_id: uuid.UUID, variant: str) -> Photo:
    """The photo, if the user may have this variant of it (originals: inspectors, bureau)."""
    photo = get_visible(user, photo_id)
    if variant == "original" and user.role not in ("inspector", "bureau"):
        raise Forbidden("原图仅限检查人员和民政局 / Originals are for inspectors and the bureau")
    return photo


def variant_info(photo: Photo, variant: str) -> tuple[str, int, str]:
    """(content type, size, ETag) of one variant."""
    if variant == "original":
        return photo.content_type, photo.bytes, f"{photo.sha256}"
    if variant == "display":
        return "image/jpeg", photo.display_bytes, f"{photo.sha256}.d"
    return "image/jpeg", photo.thumb_bytes, f"{photo.sha256}.t"


def open_variant(photo: Photo, variant: str) -> BinaryIO:
    try:
        return get_storage().open(storage_key(photo.sha256, variant))
    except ObjectMissing:
        log.error("photo %s: %s is missing from storage", photo.id, variant)
        raise


def details_for(user: User, photo: Photo) -> dict:
    """The evidence record with its attachments and provenance flags, as the user may see
    them: a manager sees only its own institution's uses of the photo."""
    query = select(PhotoAttachment).where(PhotoAttachment.photo_id == photo.id)
    if user.role == "manager":
        query = query.where(PhotoAttachment.institution_id == user.institution_id)
    attachments = list(db.session.scalars(query.order_by(PhotoAttachment.id)))
    flags: dict[str, dict] = {}
    for attachment in attachments:
        for flag in attachment.flags or []:
            flags.setdefault(flag["code"], flag)
    holder = user.role != "manager" or (
        db.session.scalar(
            select(PhotoUploader.id).where(
                PhotoUploader.photo_id == photo.id, PhotoUploader.user_id == user.id
            )
        )
        is not None
    )
    return {
        "photo": photo,
        "attachments": attachments,
        "flags": list(flags.values()),
        # Where and with what a photo was taken is for officials and whoever took it.
        "show_location": holder,
    }


# --- attachment --------------------------------------------------------------------------


def _as_uuids(photo_ids: Iterable) -> tuple[list[uuid.UUID], list[str]]:
    parsed, bad = [], []
    for value in photo_ids:
        try:
            parsed.append(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
        except ValueError:
            bad.append(str(value))
    return parsed, bad


def unknown_photo_ids(user: User, photo_ids: Iterable) -> list[str]:
    """The ids among ``photo_ids`` that the user may not attach: no such photo, or (for a
    manager) a photo they neither uploaded nor find on their own institution's records."""
    ids, bad = _as_uuids(photo_ids)
    if not ids:
        return bad
    if user.role in ("inspector", "bureau"):
        query = select(Photo.id).where(Photo.id.in_(ids))
    elif user.role == "manager" and user.institution_id is not None:
        query = _manager_may_use(user, ids)
    else:
        return bad + [str(i) for i in ids]
    usable = set(db.session.scalars(query))
    return bad + [str(i) for i in dict.fromkeys(ids) if i not in usable]


def unknown_photos_message(unknown: list[str]) -> str:
    return f"照片不存在或无权使用 / Unknown photos: {', '.join(unknown)}"


def _photos(photo_ids: Iterable) -> list[Photo]:
    ids, _bad = _as_uuids(photo_ids)
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(select(Photo).where(Photo.id.in_(ids)))}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def answer_photo_faults(user: User, answers: list[dict]) -> dict[int, str]:
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


def attach_to_answers(user: User, inspection: Inspection, answers: list[dict]) -> None:
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


def attach_to_hazard_event(user: User, event: HazardEvent, photo_ids: Iterable) -> list[Photo]:
    """Attach photos to a hazard event (rectification, review, ...) and return them.

    Raises ``InvalidInput`` (422) naming the ids that do not exist or that the user may not
    use (a manager: only photos they uploaded or already on its own institution's records).
    Once attached, a photo is kept for good.
    """
    photo_ids = list(photo_ids or [])
    unknown = unknown_photo_ids(user, photo_ids)
    if unknown:
        raise InvalidInput(
            unknown_photos_message(unknown), {"photo_ids": [unknown_photos_message(unknown)]}
        )
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


def failed_items_without_photos(inspection: Inspection, rows) -> list[str]:
    """``checklist:code`` of every failed item that needs a photo and has no real one.
    ``rows`` are the inspection's answers (anything with checklist_key, item_code, result
    and photo_ids)."""
    pinned = {c.checklist_key: c.checklist_version for c in inspection.checklists}
    needing = []
    for row in rows:
        version = pinned.get(row.checklist_key)
        if row.result != "fail" or version is None:
            continue
        item = checklist_service.items_by_code(version).get(row.item_code) or {}
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


# --- provenance --------------------------------------------------------------------------

FLAG_TEXT = {
    "no_capture_time": "照片没有拍摄时间 / The photo has no capture time",
    "capture_time_far": "拍摄时间与检查（或记录）时间相差 {value:g} 小时 / "
    "Taken {value:g} hours away from the inspection (or the record it is on)",
    "no_gps": "照片没有位置信息 / The photo has no GPS position",
    "far_from_institution": "拍摄地点距机构 {value:g} 米 / Taken {value:g} m from the institution",
}


def flag_message(flag: dict) -> str:
    return FLAG_TEXT[flag["code"]].format(value=flag.get("value") or 0)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))


def provenance_flags(
    photo: Photo, reference_time: datetime | None, institution: Institution | None
) -> list[dict]:
    """What a reviewer should look at twice. Flags inform; they never block anything."""
    config = current_app.config
    flags: list[dict] = []
    if photo.taken_at is None:
        flags.append({"code": "no_capture_time", "value": None})
    elif reference_time is not None:
        hours = abs((photo.taken_at - reference_time).total_seconds()) / 3600
        if hours > float(config["PHOTO_MAX_TIME_SKEW_HOURS"]):
            flags.append({"code": "capture_time_far", "value": round(hours, 1)})
    if photo.gps_lat is None or photo.gps_lon is None:
        flags.append({"code": "no_gps", "value": None})
    elif institution is not None and institution.lat is not None and institution.lon is not None:
        metres = distance_m(photo.gps_lat, photo.gps_lon, institution.lat, institution.lon)
        if metres > float(config["PHOTO_MAX_DISTANCE_M"]):
            flags.append({"code": "far_from_institution", "value": round(metres)})
    return flags


# --- clean-up and verification -----------------------------------------------------------


def remove_unattached_photos(now: datetime | None = None, batch_size: int = 200) -> int:
    """Delete photos that were never attached and not uploaded again for
    ``UNATTACHED_PHOTO_MAX_AGE_HOURS``. Commits its own work: the rows go first, in a
    committed transaction, then the files (a crash leaves at worst unreferenced files).
    A photo attached meanwhile is kept: the attachment's foreign key refuses the delete."""
    now = now or utcnow()
    cutoff = now - timedelta(hours=int(current_app.config["UNATTACHED_PHOTO_MAX_AGE_HOURS"]))
    attached = exists().where(PhotoAttachment.photo_id == Photo.id)
    removed = 0
    last_id = None
    while True:
        query = select(Photo.id, Photo.sha256).where(Photo.last_uploaded_at < cutoff, ~attached)
        if last_id is not None:
            query = query.where(Photo.id > last_id)
        rows = db.session.execute(query.order_by(Photo.id).limit(batch_size)).all()
        if not rows:
            break
        last_id = rows[-1].id
        gone = []
        for photo_id, sha256 in rows:
            try:
                with db.session.begin_nested():
                    db.session.execute(
                        delete(PhotoUploader).where(PhotoUploader.photo_id == photo_id)
                    )
                    deleted = db.session.execute(
                        delete(Photo)
                        .where(Photo.id == photo_id, Photo.last_uploaded_at < cutoff, ~attached)
                        .execution_options(synchronize_session=False)
                    ).rowcount
            except IntegrityError:
                continue  # attached at this very moment
            if deleted:
                gone.append(sha256)
        db.session.commit()
        db.session.expire_all()
        storage = get_storage()
        for sha256 in gone:
            # The same bytes may have been uploaded again since: then the files stay.
            if db.session.scalar(select(Photo.id).where(Photo.sha256 == sha256)) is None:
                for variant in VARIANTS:
                    storage.delete(storage_key(sha256, variant))
        removed += len(gone)
    if removed:
        log.info("removed %d unattached photos uploaded before %s", removed, cutoff)
    return removed


@dataclass(frozen=True)
class VerifyResult:
    photo_id: uuid.UUID
    sha256: str
    problem: str | None  # None, "missing" or "altered"


def count_photos() -> int:
    return db.session.scalar(select(func.count()).select_from(Photo)) or 0


def verify_originals(batch_size: int = 500) -> Iterator[VerifyResult]:
    """Re-hash every stored original; yield one result per photo, in id order."""
    storage = get_storage()
    last_id = None
    while True:
        query = select(Photo.id, Photo.sha256).order_by(Photo.id).limit(batch_size)
        if last_id is not None:
            query = query.where(Photo.id > last_id)
        rows = db.session.execute(query).all()
        if not rows:
            return
        last_id = rows[-1].id
        for photo_id, sha256 in rows:
            try:
                stream = storage.open(storage_key(sha256, "original"))
            except ObjectMissing:
                yield VerifyResult(photo_id, sha256, "missing")
                continue
            digest = hashlib.sha256()
            try:
                while chunk := stream.read(READ_CHUNK):
                    digest.update(chunk)
            finally:
                stream.close()
            yield VerifyResult(
                photo_id, sha256, None if digest.hexdigest() == sha256 else "altered"
            )
