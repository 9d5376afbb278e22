"""Resumable photo uploads (tus 1.0: core, creation, checksum, expiration), continued by
any web process: nothing of an upload is on one machine.

An upload is a row (who, how long, until when, the offset, its parts) and its parts in the
object store, one object per PATCH (``partial/<upload id>/<start>-<random>``): S3 has no
append, and the bytes a PATCH received are stored whole before the row's offset moves. The
offset moves by a conditional UPDATE on the offset the PATCH started from, so of two PATCHes
at one offset (two machines) one wins and the other answers 409 and drops its part. Bytes
that arrived before a connection dropped count: the part is stored and the offset kept
although the request answers 400 (``BodyBrokeOff``, committed anyway). When the last byte
arrives the parts are read back in order into one temporary file that goes through the same
pipeline as ``POST /photos``; the parts go once the upload is recorded finished.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import BinaryIO, Protocol, cast

from flask import current_app
from sqlalchemy import delete, select, update

from inspect_app.clock import utcnow
from inspect_app.db import affected_rows, after_commit
from inspect_app.errors import (
    ChecksumMismatch,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    ServiceBusy,
)
from inspect_app.extensions import db
from inspect_app.photos import formats, ingest, policy
from inspect_app.photos.models import Upload
from inspect_app.principal import Principal
from inspect_app.storage import Storage, get_storage, iter_chunks

log = logging.getLogger(__name__)

CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "md5": hashlib.md5, "sha256": hashlib.sha256}
NOT_FOUND = "上传不存在或已过期 / Upload not found or expired"
CHUNK = 64 * 1024
PARTS = "partial/"
# A PATCH's body is held in memory up to this size, then in a temporary file.
SPOOL_BYTES = 4 * 1024 * 1024
OCTETS = "application/octet-stream"


class Readable(Protocol):
    """A request body: ``read`` returns b"" at its end (or when the client went away)."""

    def read(self, size: int, /) -> bytes: ...


@dataclass(frozen=True)
class AppendResult:
    upload: Upload
    offset: int
    photo_id: uuid.UUID | None
    interrupted: bool = False


def parts_prefix(upload_id: uuid.UUID) -> str:
    return f"{PARTS}{upload_id}/"


def _part_key(upload_id: uuid.UUID, start: int) -> str:
    return f"{parts_prefix(upload_id)}{start:012d}-{secrets.token_hex(6)}"


def _expiry(now: datetime) -> datetime:
    return now + timedelta(hours=int(current_app.config["UPLOAD_EXPIRY_HOURS"]))


def create_upload(user: Principal, length: int, metadata: dict[str, str]) -> Upload:
    """A new, empty upload of ``length`` bytes: a row, no part yet."""
    policy.require_uploader(user)
    if length > int(current_app.config["PHOTO_MAX_BYTES"]):
        raise ingest.too_large_error()
    if length < 1:
        raise InvalidInput(formats.EMPTY, {"file": [formats.EMPTY]})
    now = utcnow()
    upload = Upload(
        id=uuid.uuid4(),
        user_id=user.id,
        length=length,
        meta=metadata,
        offset=0,
        parts=[],
        created_at=now,
        expires_at=_expiry(now),
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def get_upload(user: Principal, upload_id: uuid.UUID, now: datetime | None = None) -> Upload:
    """The user's own upload, while it lives (finished ones stay until they expire)."""
    upload = db.session.get(Upload, upload_id)
    now = now or utcnow()
    if upload is None or upload.user_id != user.id:
        raise NotFound(NOT_FOUND)
    if upload.photo_id is None and upload.expires_at <= now:
        raise NotFound(NOT_FOUND)
    return upload


def current_offset(upload: Upload) -> int:
    if upload.photo_id is not None or upload.completed_at is not None:
        return upload.length
    return upload.offset


def append(
    user: Principal,
    upload_id: uuid.UUID,
    *,
    offset: int,
    body: Readable,
    body_length: int | None,
    checksum: tuple[str, bytes] | None,
) -> AppendResult:
    """Append a PATCH body at ``offset``; at the last byte, make the photo.

    ``body.read`` returns b"" at the end of the body, also when the client went away:
    then the bytes received so far are kept (unless a checksum was given: a chunk that
    cannot be checked is dropped whole) and ``interrupted`` is set.
    """
    upload = get_upload(user, upload_id)
    if upload.photo_id is not None or upload.completed_at is not None:
        if offset != upload.length or body_length:
            raise Conflict(_offset_message(offset, upload.length), {"offset": [upload.length]})
        return AppendResult(upload, upload.length, upload.photo_id)
    start = upload.offset
    if offset != start:
        raise Conflict(_offset_message(offset, start), {"offset": [start]})
    remaining = upload.length - start
    if body_length is not None and body_length > remaining:
        raise PayloadTooLarge(
            f"数据超出上传长度 / The body goes {body_length - remaining} bytes past Upload-Length"
        )
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
        hasher = CHECKSUM_ALGORITHMS[checksum[0]]() if checksum else None
        received = 0
        while True:
            chunk = body.read(CHUNK)
            if not chunk:
                break
            if received + len(chunk) > remaining:
                raise PayloadTooLarge("数据超出上传长度 / The body goes past Upload-Length")
            spool.write(chunk)
            received += len(chunk)
            if hasher:
                hasher.update(chunk)
        interrupted = body_length is not None and received < body_length
        if hasher and checksum and (interrupted or hasher.digest() != checksum[1]):
            if interrupted:
                return AppendResult(upload, start, None, interrupted=True)
            raise ChecksumMismatch()
        if received:
            spool.seek(0)
            _store_part(upload, start, cast(BinaryIO, spool), received)
    new_offset = start + received
    if interrupted or new_offset < upload.length:
        return AppendResult(upload, new_offset, None, interrupted=interrupted)
    return _finish(user, upload)


def _store_part(upload: Upload, start: int, source: BinaryIO, size: int) -> None:
    """The part first (whole, or not at all), then the offset, moved only from ``start``:
    the loser of two PATCHes at one offset answers 409 and drops its part."""
    storage = get_storage()
    key = _part_key(upload.id, start)
    storage.put(key, source, size=size, content_type=OCTETS)
    moved = affected_rows(
        db.session.execute(
            update(Upload)
            .where(Upload.id == upload.id, Upload.offset == start)
            .values(
                offset=start + size,
                parts=[*upload.parts, [key, size]],
                expires_at=_expiry(utcnow()),
            )
            .execution_options(synchronize_session=False)
        )
    )
    if not moved:
        storage.delete(key)
        raise Conflict("另一个请求正在写入此上传 / Another request is writing to this upload")
    db.session.refresh(upload)


def _assemble(storage: Storage, upload: Upload, out: BinaryIO) -> None:
    """The parts, in order, into ``out``."""
    written = 0
    for key, size in upload.parts:
        got = 0
        for chunk in iter_chunks(storage.open(key)):
            out.write(chunk)
            got += len(chunk)
        if got != size:
            raise RuntimeError(f"upload {upload.id}: part {key} holds {got} of {size} bytes")
        written += got
    if written != upload.length:
        raise RuntimeError(f"upload {upload.id}: parts hold {written} of {upload.length} bytes")
    out.seek(0)


def _finish(user: Principal, upload: Upload) -> AppendResult:
    """The last byte arrived: the same pipeline as ``POST /photos``. A bad photo ends
    the upload (its row and parts go) with the same error; the decode budget full (503)
    keeps them, and an empty PATCH at the full offset tries again."""
    storage = get_storage()
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as whole:
        _assemble(storage, upload, cast(BinaryIO, whole))
        try:
            result = ingest.ingest(user, cast(BinaryIO, whole))
        except ServiceBusy as busy:
            busy.commit_anyway = True  # the offset and the parts stay
            raise
        except DomainError as refused:
            # The bytes are what they are: sending them again cannot help.
            keys = [key for key, _ in upload.parts]
            db.session.execute(delete(Upload).where(Upload.id == upload.id))
            after_commit(db.session, partial(_delete_all, storage, keys))
            refused.commit_anyway = True
            raise
    upload.photo_id = result.photo.id
    upload.completed_at = utcnow()
    db.session.flush()
    # The parts go only once the upload is recorded as finished: until that commits, a
    # crash must leave the bytes where HEAD and a retried PATCH find them.
    after_commit(db.session, partial(_delete_all, storage, [key for key, _ in upload.parts]))
    return AppendResult(upload, upload.length, result.photo.id)


def _offset_message(given: int, actual: int) -> str:
    return (
        f"Upload-Offset 不符（服务器已有 {actual} 字节）/ "
        f"Upload-Offset {given} does not match the {actual} bytes received"
    )


def remove_stale_uploads(now: datetime | None = None) -> int:
    """Delete uploads past their expiry, and parts that no upload row names (a crash
    between a part and its offset, or a row gone) once older than the expiry period. The
    rows go in the caller's transaction, the parts after it commits."""
    now = now or utcnow()
    storage = get_storage()
    stale = list(db.session.execute(select(Upload.id, Upload.parts).where(Upload.expires_at < now)))
    if stale:
        db.session.execute(
            delete(Upload).where(Upload.id.in_([row.id for row in stale]), Upload.expires_at < now)
        )
    doomed = [key for row in stale for key, _ in row.parts]
    gone = {row.id for row in stale}
    cutoff = now - timedelta(hours=int(current_app.config["UPLOAD_EXPIRY_HOURS"]))
    orphans = 0
    for item in storage.iter_objects(PARTS):
        upload_id = _upload_of(item.key)
        if upload_id is None or upload_id in gone or item.modified >= cutoff:
            continue
        row = db.session.get(Upload, upload_id)
        if row is None or row.completed_at is not None or item.key not in dict(row.parts):
            doomed.append(item.key)
            orphans += 1
    if doomed:
        after_commit(db.session, partial(_delete_all, storage, doomed))
        log.info("removing %d stale uploads and %d orphaned parts", len(stale), orphans)
    return len(stale) + orphans


def _upload_of(key: str) -> uuid.UUID | None:
    """The upload a part's key names, if it is a part's key."""
    folder = key.removeprefix(PARTS).partition("/")[0]
    try:
        return uuid.UUID(folder)
    except ValueError:
        return None


def _delete_all(storage: Storage, keys: list[str]) -> None:
    for key in keys:
        storage.delete(key)
