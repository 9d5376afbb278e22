"""Eldercare institutions (养老机构): the unit every record is scoped to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Connection,
    ForeignKey,
    Index,
    String,
    event,
    insert,
    inspect,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from inspect_app.clock import utcnow
from inspect_app.db import Base, UTCDateTime

OWNERSHIPS = ("public", "private", "public_private")
# What an institution has, deciding which checklist items apply (applies_if):
# 自设食堂或厨房, 使用燃气, 使用液化石油气钢瓶, 内设医疗机构, 外送（订餐）供餐.
FEATURES = ("kitchen", "gas", "lpg", "medical", "meals_delivered")
# Only operating institutions are drawn for spot checks (双随机: 检查对象名录库).
INSTITUTION_STATUSES = ("operating", "suspended", "closed")
# Risk classes for differentiated sampling (差异化抽查): A lowest, D highest.
RISK_LEVELS = ("A", "B", "C", "D")


class Institution(Base):
    __tablename__ = "institutions"
    __table_args__ = (
        CheckConstraint("ownership IN ('public', 'private', 'public_private')", name="ownership"),
        CheckConstraint("beds >= 0", name="beds"),
        CheckConstraint("status IN ('operating', 'suspended', 'closed')", name="status"),
        CheckConstraint("risk_level IN ('A', 'B', 'C', 'D')", name="risk_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    street: Mapped[str] = mapped_column(String(50), index=True)
    address: Mapped[str] = mapped_column(String(300))
    beds: Mapped[int]
    ownership: Mapped[str] = mapped_column(String(16))
    features: Mapped[dict] = mapped_column(JSON, default=dict)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    status: Mapped[str] = mapped_column(String(16), default="operating", server_default="operating")
    risk_level: Mapped[str] = mapped_column(String(1), default="B", server_default="B")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def has_feature(self, name: str) -> bool:
        return bool((self.features or {}).get(name, False))


class InstitutionHistory(Base):
    """An institution's street and status from ``at`` on (a row per creation and per change
    of either), written by the ORM hooks below: past months' figures read them as they
    stood then, so a later move or closure never rewrites a finished month."""

    __tablename__ = "institution_history"
    __table_args__ = (Index("ix_institution_history_at", "institution_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    street: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(16))


def _record_history(connection: Connection, institution: Institution, at: datetime) -> None:
    connection.execute(
        insert(InstitutionHistory).values(
            institution_id=institution.id,
            at=at,
            street=institution.street,
            status=institution.status or "operating",
        )
    )


@event.listens_for(Institution, "after_insert")
def _history_on_insert(_mapper: Mapper, connection: Connection, target: Institution) -> None:
    _record_history(connection, target, target.created_at or utcnow())


@event.listens_for(Institution, "after_update")
def _history_on_update(_mapper: Mapper, connection: Connection, target: Institution) -> None:
    state = inspect(target)
    if state.attrs.street.history.has_changes() or state.attrs.status.history.has_changes():
        _record_history(connection, target, utcnow())
