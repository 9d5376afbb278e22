"""Monthly reports (月度隐患报告) as made: one frozen PDF per month and scope, in the object
store, with its SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
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
