"""The display copy and thumbnail of pictures too costly to decode in the upload request.

Large PNG, WebP and HEIC pictures (and large progressive JPEGs) have no cheap reduced
decode: the upload checks their structure, stores the original and leaves the row
``pending`` and queues the work (``photo_derivatives``, keyed by the photo's id, in the
upload's transaction); a worker process (``flask worker run``) decodes them, one at a time
each and under the process's decode budget, so no web worker ever holds such a decode.
The scheduled job ``make_photo_derivatives`` queues any pending photo not queued yet.

Safe to run twice: the files are named by the original's hash and come out the same, and a
row is only marked done by a conditional UPDATE on ``derivatives = 'pending'``, committed
with the work item's ``done``; the decode reads only, so no write transaction stays open
across it.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from datetime import datetime
from typing import BinaryIO, cast

from sqlalchemy import select, update

from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.jobs import queue
from inspect_app.jobs.models import WorkItem
from inspect_app.photos import images, ingest
from inspect_app.photos.models import Photo
from inspect_app.photos.storage_keys import storage_key
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)

KIND = ingest.DERIVATIVES
# Pending photos queued by one run of the scheduled job (it runs every 10 s).
BATCH = 1000
SPOOL_BYTES = 32 * 1024 * 1024
# When GET finds a photo pending, it asks the client to come back after this long.
RETRY_AFTER_SECONDS = 10


def make_pending(now: datetime | None = None) -> dict:
    """The scheduled job: queue the derivatives of every pending photo not queued yet (an
    upload queues its own; this catches what came before the queue or slipped by)."""
    pending = [
        str(photo_id)
        for photo_id in db.session.scalars(
            select(Photo.id)
            .where(Photo.derivatives == "pending")
            .order_by(Photo.uploaded_at, Photo.id)
            .limit(BATCH)
        )
    ]
    items = dict(
        db.session.execute(
            select(WorkItem.key, WorkItem.status).where(
                WorkItem.kind == KIND, WorkItem.key.in_(pending)
            )
        ).all()
    )
    missing = [key for key in pending if key not in items]
    # done or given up, yet pending again (its files went missing and came back)
    again = [key for key in pending if items.get(key) in ("done", "failed")]
    queue.enqueue(KIND, missing, now)
    queue.enqueue_again(KIND, again, now)
    return {"queued": len(missing) + len(again)}


def make_one(key: str, now: datetime) -> str:
    """The work item: one photo's display copy and thumbnail. Decodes first, reading only,
    then writes its row; a photo no longer pending (done by an earlier attempt, removed)
    is nothing to do."""
    photo = db.session.execute(
        select(Photo.id, Photo.sha256, Photo.format).where(
            Photo.id == uuid.UUID(key), Photo.derivatives == "pending"
        )
    ).first()
    if photo is None:
        return "not pending"
    storage = get_storage()
    try:
        with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:  # seekable, for Pillow
            stored = storage.open(storage_key(photo.sha256, "original"))
            try:
                shutil.copyfileobj(stored, spool)
            finally:
                stored.close()
            spool.seek(0)
            display, thumbnail = images.make_derivatives(
                cast(BinaryIO, spool), photo.format, ingest.limits()
            )
    except ObjectMissing:
        log.error("photo %s: original missing, no derivatives made", photo.id)
        values: dict = {"derivatives": "failed"}
    except InvalidInput:
        log.warning("photo %s: damaged picture, no derivatives made", photo.id)
        values = {"derivatives": "failed"}
    else:
        for variant, rendition in (("display", display), ("thumbnail", thumbnail)):
            storage.put_bytes(
                storage_key(photo.sha256, variant),
                rendition.data,
                content_type=rendition.content_type,
            )
        values = ingest.derivative_values(display, thumbnail)
    db.session.execute(
        update(Photo)
        .where(Photo.id == photo.id, Photo.derivatives == "pending")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return values["derivatives"]
