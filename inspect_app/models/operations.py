"""Operational records: job locks for the scheduler and daily clearance snapshots."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.models.base import Base, UTCDateTime


class JobLock(Base):
    """One row per job; a run claims it with a conditional UPDATE so only one host runs it."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    owner: Mapped[str | None] = mapped_column(String(100))
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_result: Mapped[str | None] = mapped_column(String(500))


class ClearanceSnapshot(Base):
    """The clearance figures of one institution at the end of one local day."""

    __tablename__ = "clearance_snapshots"
    __table_args__ = (UniqueConstraint("day", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    open_major: Mapped[int]
    open_general: Mapped[int]
    overdue: Mapped[int]
    cleared_today: Mapped[int]
