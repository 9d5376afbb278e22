"""Photo evidence (证据照片): the original's hash and metadata, who holds it, where it is used.

The original bytes live in storage under their SHA-256; a row here is the evidence record.
``photo_attachments`` is the source of truth for where a photo is used (and so for who may
see it and for the clean-up): a photo with an attachment is kept for good.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.clock import utcnow
from inspect_app.db import Base, UTCDateTime

FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")


DERIVATIVE_STATES = ("ready", "pending", "failed")


class Photo(Base):
    __tablename__ = "photos"
    __table_args__ = (
        Index("ix_photos_derivatives_uploaded_at", "derivatives", "uploaded_at"),
        # The same bytes may have a record per uploader who could not see the others
        # (``ingest._private_copy``), sharing the stored files; one per uploader.
        UniqueConstraint("sha256", "uploaded_by_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # Of the bytes exactly as uploaded; also the storage key of the original.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(8))
    bytes: Mapped[int] = mapped_column(BigInteger)
    # Upright size (EXIF orientation applied), as people see the photo.
    width: Mapped[int]
    height: Mapped[int]
    orientation: Mapped[int] = mapped_column(default=1)
    # From EXIF, read before anything is stripped: capture time, position, device.
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    taken_at_exif: Mapped[str | None] = mapped_column(String(40))
    gps_lat: Mapped[float | None]
    gps_lon: Mapped[float | None]
    device_make: Mapped[str | None] = mapped_column(String(100))
    device_model: Mapped[str | None] = mapped_column(String(100))
    # The derivatives: a JPEG display copy and a thumbnail, both without metadata; made in
    # the upload ("ready") or later by the make_photo_derivatives job ("pending" until
    # then, "failed" if the picture turned out damaged). Sizes are null until made.
    derivatives: Mapped[str] = mapped_column(String(8), default="ready", server_default="ready")
    display_width: Mapped[int | None]
    display_height: Mapped[int | None]
    display_bytes: Mapped[int | None]
    thumb_width: Mapped[int | None]
    thumb_height: Mapped[int | None]
    thumb_bytes: Mapped[int | None]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped when the same bytes are uploaded again; the unattached clean-up counts from it.
    last_uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    @property
    def gps(self) -> dict | None:
        if self.gps_lat is None or self.gps_lon is None:
            return None
        return {"lat": self.gps_lat, "lon": self.gps_lon}


class PhotoUploader(Base):
    """Everyone who uploaded these bytes: the same bytes again dedupe to one photo, and
    whoever holds them may use it."""

    __tablename__ = "photo_uploaders"
    __table_args__ = (UniqueConstraint("photo_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    photo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("photos.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PhotoAttachment(Base):
    """A photo used on a record. ``institution_id`` is copied from the record so that a
    manager's access is one indexed lookup. Rows are never deleted."""

    __tablename__ = "photo_attachments"
    __table_args__ = (
        UniqueConstraint("photo_id", "answer_id"),
        UniqueConstraint("photo_id", "hazard_event_id"),
        Index("ix_photo_attachments_photo_institution", "photo_id", "institution_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No ON DELETE: a photo with an attachment cannot be deleted, by mistake or by a job.
    photo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("photos.id"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("inspections.id"), index=True
    )
    # A draft answer can go when its checklist is removed; the attachment stays.
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("answers.id", ondelete="SET NULL"), index=True
    )
    checklist_key: Mapped[str | None] = mapped_column(String(32))
    item_code: Mapped[str | None] = mapped_column(String(16))
    hazard_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("hazards.id"), index=True)
    hazard_event_id: Mapped[int | None]
    attached_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    attached_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Provenance flags computed when attached: [{"code": ..., "value": ...}].
    flags: Mapped[list] = mapped_column(JSON, default=list)


class Upload(Base):
    """A resumable (tus) upload in progress: ``offset`` bytes received, stored as
    ``parts`` (``[key, size]`` in order, objects in the object store, one per PATCH).
    ``photo_id`` is set when it is finished (``photos/resumable.py``)."""

    __tablename__ = "tus_uploads"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    length: Mapped[int] = mapped_column(BigInteger)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    offset: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    parts: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    photo_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("photos.id", ondelete="SET NULL"))
