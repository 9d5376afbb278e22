"""Resumable photo uploads (tus 1.0: core, creation, checksum, expiration).

An upload is a row (who, how long, until when) and a file of the bytes received so far:
the file's size *is* the offset, so bytes that reached the disk before a connection dropped
count, whatever happened to the request's transaction. When the last byte arrives the file
goes through the same pipeline as ``POST /photos`` and the upload records the photo.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app
from sqlalchemy import delete, select

from inspect_app.clock import utcnow
from inspect_app.db import after_commit
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
from inspect_app.storage import get_storage

log = logging.getLogger(__name__)

CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "md5": hashlib.md5, "sha256": hashlib.sha256}
NOT_FOUND = "上传不存在或已过期 / Upload not found or expired"
CHUNK = 64 * 1024


class Readable(Protocol):
    """A request body: ``read`` returns b"" at its end (or when the client went away)."""

    def read(self, size: int, /) -> bytes: ...


@dataclass(frozen=True)
class AppendResult:
    upload: Upload
    offset: int
    photo_id: uuid.UUID | None
    interrupted: bool = False


def upload_dir() -> Path:
    configured = current_app.config.get("UPLOAD_DIR")
    if configured:
        path = Path(configured)
    else:
        root = get_storage().local_root
        path = Path(root) / "partial" if root else Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _data_path(upload_id: uuid.UUID) -> Path:
    return upload_dir() / f"{upload_id}.part"


def _expiry(now: datetime) -> datetime:
    return now + timedelta(hours=int(current_app.config["UPLOAD_EXPIRY_HOURS"]))


def create_upload(user: Principal, length: int, metadata: dict[str, str]) -> Upload:
    """A new, empty upload of ``length`` bytes (the file first, then the row)."""
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
        created_at=now,
        expires_at=_expiry(now),
    )
    with open(_data_path(upload.id), "xb") as fresh:
        os.fsync(fresh.fileno())
    db.session.add(upload)
    db.session.flush()
    return upload


def get_upload(user: Principal, upload_id: uuid.UUID, now: datetime | None = None) -> Upload:
    """The user's own upload, while it lives (finished ones stay until they expire)."""
    upload = db.session.get(Upload, upload_id)
    now = now or utcnow()
    if upload is None or upload.user_id != user.id:
        raise NotFound(NOT_FOUND)
    if upload.photo_id is None and (upload.expires_at <= now or not _data_path(upload.id).exists()):
        raise NotFound(NOT_FOUND)
    return upload


def current_offset(upload: Upload) -> int:
    if upload.photo_id is not None or upload.completed_at is not None:
        return upload.length
    try:
        return _data_path(upload.id).stat().st_size
    except FileNotFoundError:
        raise NotFound(NOT_FOUND) from None


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
    path = _data_path(upload.id)
    try:
        handle = open(path, "r+b")  # noqa: SIM115 -- closed below, after the lock
    except FileNotFoundError:
        raise NotFound(NOT_FOUND) from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict(
                "另一个请求正在写入此上传 / Another request is writing to this upload"
            ) from None
        start = os.fstat(handle.fileno()).st_size
        if offset != start:
            raise Conflict(_offset_message(offset, start), {"offset": [start]})
        remaining = upload.length - start
        if body_length is not None and body_length > remaining:
            raise PayloadTooLarge(
                f"数据超出上传长度 / The body goes {body_length - remaining} bytes past "
                f"Upload-Length"
            )
        hasher = CHECKSUM_ALGORITHMS[checksum[0]]() if checksum else None
        handle.seek(start)
        received = 0
        while True:
            chunk = body.read(CHUNK)
            if not chunk:
                break
            if received + len(chunk) > remaining:
                handle.truncate(start)
                raise PayloadTooLarge("数据超出上传长度 / The body goes past Upload-Length")
            handle.write(chunk)
            received += len(chunk)
            if hasher:
                hasher.update(chunk)
        interrupted = body_length is not None and received < body_length
        if hasher and checksum and (interrupted or hasher.digest() != checksum[1]):
            handle.truncate(start)
            handle.flush()
            os.fsync(handle.fileno())
            if interrupted:
                return AppendResult(upload, start, None, interrupted=True)
            raise ChecksumMismatch()
        handle.flush()
        os.fsync(handle.fileno())
        new_offset = start + received
        upload.expires_at = _expiry(utcnow())
        if interrupted or new_offset < upload.length:
            return AppendResult(upload, new_offset, None, interrupted=interrupted)
        return _finish(user, upload, handle)


def _finish(user: Principal, upload: Upload, handle: BinaryIO) -> AppendResult:
    """The last byte arrived: the same pipeline as ``POST /photos``. A bad photo ends
    the upload (its bytes are dropped) with the same error; any other failure (storage
    down, decode budget full: 503) keeps them, and an empty PATCH at the full offset tries again."""
    path = _data_path(upload.id)
    try:
        result = ingest.ingest(user, handle)
    except ServiceBusy:
        raise  # the decode budget is full: the bytes stay, an empty PATCH tries again
    except DomainError:
        # The bytes are what they are: sending them again cannot help.
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise
    upload.photo_id = result.photo.id
    upload.completed_at = utcnow()
    db.session.flush()
    # The part file goes only once the upload is recorded as finished: until that
    # commits, a crash must leave the bytes where HEAD and a retried PATCH find them.
    after_commit(db.session, partial(path.unlink, missing_ok=True))
    return AppendResult(upload, upload.length, result.photo.id)


def _offset_message(given: int, actual: int) -> str:
    return (
        f"Upload-Offset 不符（服务器已有 {actual} 字节）/ "
        f"Upload-Offset {given} does not match the {actual} bytes received"
    )


def remove_stale_uploads(now: datetime | None = None) -> int:
    """Delete uploads past their expiry, and partial files that have no upload row (a crash
    between file and row). The rows go in the caller's transaction, the files after it
    commits."""
    now = now or utcnow()
    stale = list(db.session.scalars(select(Upload.id).where(Upload.expires_at < now)))
    if stale:
        db.session.execute(delete(Upload).where(Upload.id.in_(stale), Upload.expires_at < now))
    folder = upload_dir()
    doomed = [folder / f"{upload_id}.part" for upload_id in stale]
    # Orphans: a file older than the expiry period whose row is gone or never was.
    cutoff = (now - timedelta(hours=int(current_app.config["UPLOAD_EXPIRY_HOURS"]))).timestamp()
    orphans = 0
    for path in folder.glob("*.part"):
        try:
            upload_id = uuid.UUID(path.stem)
            if path.stat().st_mtime >= cutoff:
                continue
        except (ValueError, FileNotFoundError):
            continue
        if upload_id not in stale and db.session.get(Upload, upload_id) is None:
            doomed.append(path)
            orphans += 1
    if doomed:
        after_commit(db.session, partial(_unlink_all, doomed))
        log.info("removing %d stale uploads and %d orphaned partial files", len(stale), orphans)
    return len(stale) + orphans


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
