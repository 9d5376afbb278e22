"""Monthly reports (月度隐患报告) as made: one frozen PDF per month and scope, in the object
store, with its SHA-256; and the daily clearance snapshots their trend reads."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.clock import utcnow
from inspect_app.db import Base, UTCDateTime

DISTRICT = ""  # the ``street`` of a district-wide report (NULLs would not be unique)


class MonthlyReport(Base):
    __tablename__ = "monthly_reports"
    __table_args__ = (UniqueConstraint("month", "street"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))  # "YYYY-MM"
    street: Mapped[str] = mapped_column(String(50), default=DISTRICT)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    pages: Mapped[int]
    # Printed on the cover ("made on"): re-rendering with it gives the same bytes.
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def street_or_none(self) -> str | None:
        return self.street or None


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
    proposed_major: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    awaiting_review: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    cleared_today: Mapped[int]
