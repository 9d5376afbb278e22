"""Checklist versions: immutable once written; a new file content makes a new version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.clock import utcnow
from inspect_app.db import Base, UTCDateTime
from inspect_app.names import LabelledEnum


class Category(LabelledEnum):
    """A checklist's area, and so the category of the hazards its items raise."""

    FIRE = ("fire", "消防")
    FOOD = ("food", "食品")
    GAS = ("gas", "燃气")
    SERVICE = ("service", "服务")
    FACILITIES = ("facilities", "设施设备")
    MANAGEMENT = ("management", "安全管理")


class Severity(LabelledEnum):
    """The severity of a failed item, and so of the hazard it raises (事故隐患分级)."""

    GENERAL = ("general", "一般事故隐患")
    MAJOR = ("major", "重大事故隐患")

    @property
    def short_label(self) -> str:
        """The label in a table's heading: 一般, 重大."""
        return self.label.removesuffix("事故隐患")


class ChecklistVersion(Base):
    __tablename__ = "checklist_versions"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int]
    category: Mapped[str] = mapped_column(String(16))
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    item_count: Mapped[int]
    # Large and needed only when the per-version item cache misses: loaded on access.
    content: Mapped[dict] = mapped_column(JSON, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
