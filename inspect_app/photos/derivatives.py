"""The display copy and thumbnail of pictures too costly to decode in the upload request.

Large PNG, WebP and HEIC pictures (and large progressive JPEGs) have no cheap reduced
decode: the upload checks their structure, stores the original and leaves the row
``pending``; this job decodes them, one at a time and under the process's decode budget,
in the scheduler's process, so no web worker ever holds such a decode.

Safe to run twice: the files are named by the original's hash and come out the same, and a
row is only marked done by a conditional UPDATE on ``derivatives = 'pending'``. The job
never commits (the job runner does); it decodes first, reading only, and writes all its
rows at the end, so no write transaction stays open across a decode.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from datetime import datetime
from typing import BinaryIO, cast

from sqlalchemy import select, update

from inspect_app.db import affected_rows
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.photos import images, ingest
from inspect_app.photos.models import Photo
from inspect_app.photos.storage_keys import storage_key
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)

# One run works for about this long, then leaves the rest to the next run (every 10 s).
RUN_SECONDS = 30.0
BATCH = 100
SPOOL_BYTES = 32 * 1024 * 1024
# When GET finds a photo pending, it asks the client to come back after this long.
RETRY_AFTER_SECONDS = 10


def make_pending(now: datetime | None = None, run_seconds: float = RUN_SECONDS) -> dict:
    """Make the derivatives of pending photos, oldest first; returns what it did."""
    started = time.monotonic()
    rows = db.session.execute(
        select(Photo.id, Photo.sha256, Photo.format)
        .where(Photo.derivatives == "pending")
        .order_by(Photo.uploaded_at, Photo.id)
        .limit(BATCH)
    ).all()
    limits = ingest.limits()
    storage = get_storage()
    outcomes: list[tuple[uuid.UUID, dict]] = []
    for photo_id, sha256, fmt in rows:
        if outcomes and time.monotonic() - started > run_seconds:
            break
        try:
            with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:  # seekable, for Pillow
                stored = storage.open(storage_key(sha256, "original"))
                try:
                    shutil.copyfileobj(stored, spool)
                finally:
                    stored.close()
                spool.seek(0)
                display, thumbnail = images.make_derivatives(cast(BinaryIO, spool), fmt, limits)
        except ObjectMissing:
            log.error("photo %s: original missing, no derivatives made", photo_id)
            outcomes.append((photo_id, {"derivatives": "failed"}))
            continue
        except InvalidInput:
            log.warning("photo %s: damaged picture, no derivatives made", photo_id)
            outcomes.append((photo_id, {"derivatives": "failed"}))
            continue
        for variant, rendition in (("display", display), ("thumbnail", thumbnail)):
            storage.put_bytes(
                storage_key(sha256, variant), rendition.data, content_type=rendition.content_type
            )
        outcomes.append((photo_id, ingest.derivative_values(display, thumbnail)))
    made = failed = 0
    for photo_id, values in outcomes:
        changed = affected_rows(
            db.session.execute(
                update(Photo)
                .where(Photo.id == photo_id, Photo.derivatives == "pending")
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        )
        if changed and values["derivatives"] == "ready":
            made += 1
        elif changed:
            failed += 1
    db.session.flush()
    return {"made": made, "failed": failed, "left": len(rows) - len(outcomes)}
