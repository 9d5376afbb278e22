"""Upkeep: removing photos never attached, and re-hashing every original to prove it intact."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from flask import current_app
from sqlalchemy import delete, exists, func, select
from sqlalchemy.exc import IntegrityError

from inspect_app.clock import utcnow
from inspect_app.db import affected_rows, after_commit
from inspect_app.extensions import db
from inspect_app.photos.ingest import READ_CHUNK
from inspect_app.photos.models import Photo, PhotoAttachment, PhotoUploader
from inspect_app.photos.storage_keys import VARIANTS, storage_key
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)


def remove_unattached_photos(now: datetime | None = None, batch_size: int = 200) -> int:
    """Delete photos that were never attached and not uploaded again for
    ``UNATTACHED_PHOTO_MAX_AGE_HOURS``. The rows go in the caller's transaction; the files
    only after it commits (a crash in between leaves at worst unreferenced files). A photo
    attached meanwhile is kept: the attachment's foreign key refuses the delete."""
    now = now or utcnow()
    cutoff = now - timedelta(hours=int(current_app.config["UNATTACHED_PHOTO_MAX_AGE_HOURS"]))
    attached = exists().where(PhotoAttachment.photo_id == Photo.id)
    gone: list[str] = []
    last_id = None
    while True:
        query = select(Photo.id, Photo.sha256).where(Photo.last_uploaded_at < cutoff, ~attached)
        if last_id is not None:
            query = query.where(Photo.id > last_id)
        rows = db.session.execute(query.order_by(Photo.id).limit(batch_size)).all()
        if not rows:
            break
        last_id = rows[-1].id
        for photo_id, sha256 in rows:
            try:
                with db.session.begin_nested():
                    db.session.execute(
                        delete(PhotoUploader).where(PhotoUploader.photo_id == photo_id)
                    )
                    deleted = affected_rows(
                        db.session.execute(
                            delete(Photo)
                            .where(Photo.id == photo_id, Photo.last_uploaded_at < cutoff, ~attached)
                            .execution_options(synchronize_session=False)
                        )
                    )
            except IntegrityError:
                continue  # attached at this very moment
            if deleted:
                gone.append(sha256)
    if gone:
        after_commit(db.session, partial(_delete_files_unless_uploaded_again, gone))
        log.info("removing %d unattached photos uploaded before %s", len(gone), cutoff)
    return len(gone)


def _delete_files_unless_uploaded_again(sha256s: list[str]) -> None:
    """After the rows' deletion committed: drop their files, unless the same bytes were
    uploaded again since (then a new row points at them, and they stay)."""
    storage = get_storage()
    with db.engine.connect() as connection:
        for sha256 in sha256s:
            again = connection.scalar(select(Photo.id).where(Photo.sha256 == sha256))
            if again is None:
                for variant in VARIANTS:
                    storage.delete(storage_key(sha256, variant))


@dataclass(frozen=True)
class VerifyResult:
    photo_id: uuid.UUID
    sha256: str
    problem: str | None  # None, "missing", "altered", "missing display", "missing thumbnail"


def count_photos() -> int:
    return db.session.scalar(select(func.count()).select_from(Photo)) or 0


def verify_originals(batch_size: int = 500) -> Iterator[VerifyResult]:
    """Re-hash every stored original and look for its derivatives; yield one result per
    photo, in id order."""
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
            if digest.hexdigest() != sha256:
                yield VerifyResult(photo_id, sha256, "altered")
                continue
            lost = [
                variant
                for variant in ("display", "thumbnail")
                if not storage.exists(storage_key(sha256, variant))
            ]
            yield VerifyResult(photo_id, sha256, f"missing {lost[0]}" if lost else None)
