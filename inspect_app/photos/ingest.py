"""Photo ingest: size limit, type from the bytes, SHA-256 as uploaded, derivatives, files first.

The same bytes again give the same photo; whoever uploads them may use it."""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspect_app.clock import local_zone, utcnow
from inspect_app.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from inspect_app.extensions import db
from inspect_app.jobs import queue
from inspect_app.photos import formats, images, policy
from inspect_app.photos.limits import Limits
from inspect_app.photos.models import Photo, PhotoUploader
from inspect_app.photos.renditions import Rendition, workers
from inspect_app.photos.storage_keys import storage_key
from inspect_app.principal import Principal
from inspect_app.storage import get_storage

log = logging.getLogger(__name__)


READ_CHUNK = 1024 * 1024
# How long an upload waits for room in the process's decode budget before answering 503.
DECODE_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class IngestResult:
    photo: Photo
    created: bool


def limits() -> Limits:
    config = current_app.config
    return Limits(
        max_pixels=int(config["PHOTO_MAX_PIXELS"]),
        max_metadata_bytes=int(config["PHOTO_MAX_METADATA_BYTES"]),
        display_px=int(config["PHOTO_DISPLAY_MAX_PX"]),
        thumb_px=int(config["PHOTO_THUMB_MAX_PX"]),
        decode_memory=int(config["PHOTO_DECODE_MEMORY_MB"]) * 1024 * 1024,
        inline_max_pixels=int(config["PHOTO_INLINE_MAX_PIXELS"]),
        decode_wait_seconds=DECODE_WAIT_SECONDS,
    )


def too_large_error() -> PayloadTooLarge:
    limit = int(current_app.config["PHOTO_MAX_BYTES"])
    message = (
        f"照片超过 {limit / 1048576:g} MB 上限 / "
        f"The photo is larger than the {limit / 1048576:g} MB limit"
    )
    return PayloadTooLarge(message, {"file": [message]})


def ingest(user: Principal, source: BinaryIO) -> IngestResult:
    """Make (or find) the photo for the bytes in ``source``, a seekable binary stream."""
    policy.require_uploader(user)
    size = source.seek(0, 2)
    if size > int(current_app.config["PHOTO_MAX_BYTES"]):
        raise too_large_error()
    if size == 0:
        raise InvalidInput(formats.EMPTY, {"file": [formats.EMPTY]})
    source.seek(0)
    digest = hashlib.sha256()
    while chunk := source.read(READ_CHUNK):
        digest.update(chunk)
    sha256 = digest.hexdigest()

    existing = _known(user, sha256)
    storage = get_storage()
    if existing is not None and storage.exists(storage_key(sha256, "original")):
        if not policy.may_see(user, existing.id):
            return _private_copy(user, existing)
        return IngestResult(_uploaded_again(user, existing), False)
    # New bytes, or a known photo whose files went missing: the whole pipeline (which then
    # stores the files again, the same bytes under the same names).

    source.seek(0)
    fmt = formats.detect_format(source.read(32))
    if fmt is None:
        raise UnsupportedMediaType(formats.UNSUPPORTED, {"file": [formats.UNSUPPORTED]})
    source.seek(0)
    processed = images.process(source, fmt, limits(), local_zone())
    renditions = (
        [("display", processed.display), ("thumbnail", processed.thumbnail)]
        if processed.display is not None and processed.thumbnail is not None
        else []  # made later by a worker (derivatives.make_one)
    )

    # Files first, the row after: a crash in between leaves only an unreferenced file.
    # The writes go at once (with S3, three requests in flight instead of in turn).
    source.seek(0)
    pool = workers()
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
            for variant, rendition in renditions
        ),
    ]
    for job in jobs:
        job.result()

    if existing is not None:
        log.warning("photo %s: stored files were missing and are written again", existing.id)
        if processed.display is not None and processed.thumbnail is not None:
            _set_derivatives(existing, processed.display, processed.thumbnail)
        else:
            existing.derivatives = "pending"
            ask_for_derivatives(existing.id)
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
        derivatives="pending",
        uploaded_by_id=user.id,
        uploaded_at=now,
        last_uploaded_at=now,
    )
    if processed.display is not None and processed.thumbnail is not None:
        _set_derivatives(photo, processed.display, processed.thumbnail)
    try:
        with db.session.begin_nested():
            db.session.add(photo)
            db.session.add(PhotoUploader(photo_id=photo.id, user_id=user.id, first_at=now))
            if photo.derivatives == "pending":
                ask_for_derivatives(photo.id)
    except IntegrityError:
        # The same bytes arrived twice at once: the other request made the photo. (The
        # rolled-back savepoint has already taken our copy out of the session.)
        existing = _known(user, sha256)
        if existing is None:
            raise
        return IngestResult(_uploaded_again(user, existing), False)
    return IngestResult(photo, True)


# The work item that makes a pending photo's derivatives (``derivatives.make_one``).
DERIVATIVES = "photo_derivatives"


def ask_for_derivatives(photo_id: uuid.UUID) -> None:
    """Queue a photo's derivatives, in the upload's transaction (again, if done before)."""
    queue.enqueue(DERIVATIVES, str(photo_id))
    queue.enqueue_again(DERIVATIVES, [str(photo_id)])


def _known(user: Principal, sha256: str) -> Photo | None:
    """The photo of these bytes this user may see (the first made), else any of them.

    The same bytes may have several records: one per uploader who could not see the
    others (``_private_copy``); they share the stored files."""
    records = db.session.scalars(
        select(Photo).where(Photo.sha256 == sha256).order_by(Photo.uploaded_at, Photo.id)
    ).all()
    for record in records:
        if policy.may_see(user, record.id):
            return record
    return records[0] if records else None


# What a private copy shares with the record whose files it uses.
SHARED_COLUMNS = (
    "sha256",
    "content_type",
    "format",
    "bytes",
    "width",
    "height",
    "orientation",
    "taken_at",
    "taken_at_exif",
    "gps_lat",
    "gps_lon",
    "device_make",
    "device_model",
    "derivatives",
    "display_width",
    "display_height",
    "display_bytes",
    "thumb_width",
    "thumb_height",
    "thumb_bytes",
)


def _private_copy(user: Principal, existing: Photo) -> IngestResult:
    """Bytes identical to a photo the uploader may not see (another institution's
    evidence): a new record of the uploader's own, sharing the stored files, so the
    answer (201, a new id, the uploader's own name and time) tells nothing of the other.
    (What the picture itself says, its location data included, is the uploader's: they
    hold the bytes.)"""
    now = utcnow()
    copy = Photo(
        id=uuid.uuid4(),
        uploaded_by_id=user.id,
        uploaded_at=now,
        last_uploaded_at=now,
        **{name: getattr(existing, name) for name in SHARED_COLUMNS},
    )
    try:
        with db.session.begin_nested():
            db.session.add(copy)
            db.session.add(PhotoUploader(photo_id=copy.id, user_id=user.id, first_at=now))
    except IntegrityError:
        # The same user sent the same bytes twice at once: the other request made it.
        mine = _known(user, existing.sha256)
        if mine is None or not policy.may_see(user, mine.id):
            raise
        return IngestResult(_uploaded_again(user, mine), False)
    return IngestResult(copy, True)


def derivative_values(display: Rendition, thumbnail: Rendition) -> dict:
    """The row's columns for derivatives just stored."""
    return {
        "derivatives": "ready",
        "display_width": display.width,
        "display_height": display.height,
        "display_bytes": len(display.data),
        "thumb_width": thumbnail.width,
        "thumb_height": thumbnail.height,
        "thumb_bytes": len(thumbnail.data),
    }


def _set_derivatives(photo: Photo, display: Rendition, thumb: Rendition) -> None:
    for name, value in derivative_values(display, thumb).items():
        setattr(photo, name, value)


def _uploaded_again(user: Principal, photo: Photo) -> Photo:
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
