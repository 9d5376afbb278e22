"""Files a crash left behind, found and removed.

Every write puts the file first and the row after, and every removal drops the row first
and the files after the commit, so a crash (a killed worker, a lost host) can leave files
but never a row without its file. What it can leave:

- temporary files of the folder store (``tmp/.put-*`` half written, ``tmp/.gone-*`` a
  removal cut short);
- parts of resumable uploads (``partial/<upload id>/…``) whose row is gone (never
  committed, or removed), expired or finished (the after-commit deletion never ran), or
  that their upload does not list (a crash between a part and its offset);
- stored originals and derivatives that no photo names (a crash between the files and the
  row of a new photo, or after a photo's removal committed).

Only files older than ``LEFTOVER_FILE_MAX_AGE_HOURS`` are touched, so nothing an upload
is writing right now qualifies; each is checked again (its row, over a fresh connection,
and its age) right before it goes. No row is changed here, so the files go at once.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Connection, select

from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.photos.models import Photo, Upload
from inspect_app.photos.resumable import PARTS
from inspect_app.photos.storage_keys import storage_key
from inspect_app.storage import StoredObject, get_storage

TEMP_PREFIXES = (".put-", ".gone-")
PHOTO_FOLDERS = {"originals/": "original", "display/": "display", "thumbs/": "thumbnail"}
SHA256 = re.compile(r"[0-9a-f]{64}")
BATCH = 500


def cutoff(now: datetime) -> datetime:
    return now - timedelta(hours=int(current_app.config["LEFTOVER_FILE_MAX_AGE_HOURS"]))


def temp_files(before: datetime) -> Iterator[StoredObject]:
    """The folder store's temporary files last written before ``before`` (none on S3)."""
    for item in get_storage().iter_objects("tmp/"):
        if item.key.rpartition("/")[2].startswith(TEMP_PREFIXES) and item.modified < before:
            yield item


def dead_parts(now: datetime, before: datetime) -> Iterator[StoredObject]:
    """Parts of resumable uploads last written before ``before`` that no live upload
    lists."""
    with db.engine.connect() as connection:
        for item in get_storage().iter_objects(PARTS):
            if item.modified < before and not _live_part(connection, item.key, now):
                yield item


def _live_part(connection: Connection, key: str, now: datetime) -> bool:
    """A part its upload lists, the upload unfinished and unexpired."""
    try:
        upload_id = uuid.UUID(key.removeprefix(PARTS).partition("/")[0])
    except ValueError:
        return False
    parts = connection.scalar(
        select(Upload.parts).where(
            Upload.id == upload_id,
            Upload.expires_at > now,
            Upload.completed_at.is_(None),
            Upload.photo_id.is_(None),
        )
    )
    return parts is not None and key in {listed for listed, _ in parts}


def _batches(items: Iterable[StoredObject]) -> Iterator[list[StoredObject]]:
    batch: list[StoredObject] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _photo_sha256(item: StoredObject) -> str | None:
    """The photo hash a stored key is named after, if it is one of a photo's keys."""
    for folder, variant in PHOTO_FOLDERS.items():
        if item.key.startswith(folder):
            sha256 = item.key.rpartition("/")[2].removesuffix(".jpg")
            if SHA256.fullmatch(sha256) and item.key == storage_key(sha256, variant):
                return sha256
    return None


def unreferenced_files(before: datetime) -> Iterator[StoredObject]:
    """Stored photo files last written before ``before`` that no photo row names; the
    listing streams, and rows are looked up a batch of keys at a time."""
    storage = get_storage()
    with db.engine.connect() as connection:
        for folder in PHOTO_FOLDERS:
            old = (item for item in storage.iter_objects(folder) if item.modified < before)
            for batch in _batches(old):
                named = {item.key: _photo_sha256(item) for item in batch}
                hashes = {sha for sha in named.values() if sha}
                known = set(
                    connection.scalars(select(Photo.sha256).where(Photo.sha256.in_(hashes)))
                )
                for item in batch:
                    sha256 = named[item.key]
                    if sha256 and sha256 not in known:
                        yield item


@dataclass
class Found:
    """How many of one kind, and a few of them by name."""

    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, name: str, keep: int) -> None:
        self.count += 1
        if len(self.examples) < keep:
            self.examples.append(name)


@dataclass
class LeftoverReport:
    older_than: datetime
    temp: Found
    parts: Found
    unreferenced: Found


def report(now: datetime | None = None, examples: int = 5) -> LeftoverReport:
    """What ``sweep_leftover_files`` would remove now: counts and a few names."""
    now = now or utcnow()
    before = cutoff(now)
    result = LeftoverReport(before, Found(), Found(), Found())
    for item in temp_files(before):
        result.temp.add(item.key, examples)
    for part in dead_parts(now, before):
        result.parts.add(part.key, examples)
    for item in unreferenced_files(before):
        result.unreferenced.add(item.key, examples)
    return result


def sweep_leftover_files(now: datetime | None = None) -> dict[str, int]:
    """Remove what a crash left behind (see the module); safe to run twice or at once on
    two hosts: each removal checks again and a file already gone is skipped."""
    now = now or utcnow()
    before = cutoff(now)
    storage = get_storage()
    removed = {"temp": 0, "parts": 0, "unreferenced": 0}
    for item in temp_files(before):
        removed["temp"] += storage.delete_if_older(item.key, before)
    with db.engine.connect() as connection:
        for part in dead_parts(now, before):
            # Again, right before: the part's upload as committed now.
            if not _live_part(connection, part.key, now):
                removed["parts"] += storage.delete_if_older(part.key, before)
            connection.rollback()
    with db.engine.connect() as connection:
        for item in unreferenced_files(before):
            sha256 = _photo_sha256(item)
            # Again, right before: a photo of these bytes may have been made meanwhile
            # (its files, rewritten first, are then newer than the cutoff, too).
            if connection.scalar(select(Photo.id).where(Photo.sha256 == sha256)) is None:
                removed["unreferenced"] += storage.delete_if_older(item.key, before)
            connection.rollback()  # the next check sees what committed since
    return removed
