"""Hazards (隐患) and their append-only, hash-chained event log (全过程记录)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.models.base import Base, UTCDateTime, utcnow

SEVERITIES = ("general", "major")
HAZARD_STATUSES = ("open", "rectifying", "pending_review", "cleared")

OPEN_CONDITION = "status <> 'cleared' AND item_code IS NOT NULL"


class Hazard(Base):
    __tablename__ = "hazards"
    __table_args__ = (
        CheckConstraint("severity IN ('general', 'major')", name="severity"),
        CheckConstraint(
            "status IN ('open', 'rectifying', 'pending_review', 'cleared')", name="status"
        ),
        # One live hazard per institution and checklist item: a repeat finding
        # becomes a `found_again` event on it, never a second hazard.
        Index(
            "uq_hazards_live_item",
            "institution_id",
            "checklist_key",
            "item_code",
            unique=True,
            sqlite_where=text(OPEN_CONDITION),
            postgresql_where=text(OPEN_CONDITION),
        ),
        Index("ix_hazards_institution_status", "institution_id", "status", "severity"),
        Index("ix_hazards_status_severity_due", "status", "severity", "due_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("inspections.id"), index=True
    )
    checklist_key: Mapped[str | None] = mapped_column(String(32))
    checklist_version: Mapped[int | None]
    item_code: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    found_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Bumped by every transition; an UPDATE ... WHERE row_version = seen is the claim.
    row_version: Mapped[int] = mapped_column(default=1)

    events: Mapped[list[HazardEvent]] = relationship(
        back_populates="hazard", order_by="HazardEvent.seq", lazy="select"
    )

    @property
    def overdue(self) -> bool:
        """Derived, never stored: not cleared and past its deadline."""
        return self.status != "cleared" and self.due_at < utcnow()


class HazardEvent(Base):
    """One step in a hazard's life; each carries SHA-256(previous hash + this event)."""

    __tablename__ = "hazard_events"
    __table_args__ = (UniqueConstraint("hazard_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hazard_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hazards.id"))
    seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    photo_ids: Mapped[list] = mapped_column(JSON, default=list)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    hash: Mapped[str] = mapped_column(String(64))

    hazard: Mapped[Hazard] = relationship(back_populates="events")
