"""Spot checks (双随机、一公开): the inspector pool's periods and conflicts, plans, draws
(each with its seed, input snapshot and hash) and their selections with results."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.clock import utcnow
from inspect_app.db import Base, UTCDateTime, sql_in
from inspect_app.names import LabelledEnum

PLAN_STATUSES = ("draft", "announced", "drawn", "published")
ALGORITHMS = ("dsr-1", "dsr-2")
RISK_CLASSES = ("A", "B", "C", "D")
# Why a draw was replaced: a fixed vocabulary, so that what is published names no person
# and no relationship (a free-text note stays with the officials and the auditor).
REDRAW_REASONS = {
    "inspector_unavailable": "抽中的检查人员无法履职",
    "institution_not_operating": "抽中的机构已停业或注销",
    "conflict_found": "发现应当回避的情形",
    "pool_error": "名录库数据有误",
}


class SpotCheckResult(LabelledEnum):
    """The published result of a drawn institution's check (抽查结果)."""

    NO_PROBLEM = ("no_problem", "未发现问题")
    RECTIFICATION_ORDERED = ("rectification_ordered", "发现问题已责令改正")
    PENDING_ACTION = ("pending_action", "待后续处理")
    UNREACHABLE = ("unreachable", "无法联系")
    REFUSED = ("refused", "不配合检查")


class InspectorUnavailability(Base):
    """A period (inclusive dates, Shanghai) in which an inspector is not drawn."""

    __tablename__ = "inspector_unavailability"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InspectorConflict(Base):
    """A declared conflict of interest (回避): the inspector is never sent there."""

    __tablename__ = "inspector_conflicts"
    __table_args__ = (UniqueConstraint("user_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SpotCheckPlan(Base):
    __tablename__ = "spot_check_plans"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'announced', 'drawn', 'published')", name="status"),
        CheckConstraint("period_start <= period_end", name="period"),
        CheckConstraint("team_size >= 2", name="team_size"),
        CheckConstraint(
            "class_ratios IS NOT NULL OR (sample_size IS NULL) <> (sample_ratio IS NULL)",
            name="sampling",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    checklists: Mapped[list] = mapped_column(JSON)
    sample_size: Mapped[int | None]
    sample_ratio: Mapped[float | None] = mapped_column(Float)
    team_size: Mapped[int]
    departments: Mapped[list] = mapped_column(JSON, default=list)
    risk_weighted: Mapped[bool] = mapped_column(default=False)
    # dsr-1 only: a seed given in advance. dsr-2 takes none (see random_sources).
    seed: Mapped[str | None] = mapped_column(String(128))
    algorithm: Mapped[str] = mapped_column(String(16), default="dsr-2")
    # dsr-2: the sampling ratio of each risk class, {"A": 0.05, ...}
    class_ratios: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # dsr-2: the future public random values named in advance, in the order they are
    # used (the draw, then each redraw): [{"label", "public_after"}]
    random_sources: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    # dsr-2: a server secret mixed into the seed; its SHA-256 is announced, the secret
    # itself revealed with the draw. Never shown before.
    secret: Mapped[str | None] = mapped_column(String(64))
    # The announcement: the frozen inputs, their hashes, the signed statement.
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    announcement: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    announcement_signature: Mapped[str | None] = mapped_column(String(128))
    inputs: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    draw_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    publish_due: Mapped[date] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draws: Mapped[list[SpotCheckDraw]] = relationship(
        back_populates="plan", order_by="SpotCheckDraw.number", lazy="selectin"
    )

    @property
    def current_draw(self) -> SpotCheckDraw | None:
        live = [d for d in self.draws if d.superseded_at is None]
        return live[-1] if live else None


class SpotCheckDraw(Base):
    """One draw of a plan: its seed, the snapshot of its inputs and their SHA-256, the
    algorithm version and what it drew. Never changed; a redraw adds another and marks
    this one superseded, with the reason."""

    __tablename__ = "spot_check_draws"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("spot_check_plans.id"), index=True)
    number: Mapped[int]
    seed: Mapped[str] = mapped_column(String(128))
    algorithm: Mapped[str] = mapped_column(String(16))
    inputs: Mapped[dict] = mapped_column(JSON)
    input_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[list] = mapped_column(JSON)
    # dsr-1: free text. dsr-2: a key of REDRAW_REASONS (the free text goes to ``note``).
    reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    # dsr-2: the number of the draw this one replaces, the named source used, the public
    # value entered for it, the server secret revealed, and the sample design stated
    # (class sizes, ratios, inclusion probabilities).
    replaces: Mapped[int | None]
    source: Mapped[str | None] = mapped_column(String(200))
    public_value: Mapped[str | None] = mapped_column(String(200))
    secret: Mapped[str | None] = mapped_column(String(64))
    design: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    plan: Mapped[SpotCheckPlan] = relationship(back_populates="draws")
    selections: Mapped[list[SpotCheckSelection]] = relationship(
        order_by="SpotCheckSelection.institution_id", lazy="selectin"
    )


class SpotCheckSelection(Base):
    """An institution drawn, its team, the inspection made for it and its result."""

    __tablename__ = "spot_check_selections"
    __table_args__ = (
        UniqueConstraint("draw_id", "institution_id"),
        CheckConstraint(f"result IS NULL OR {sql_in('result', SpotCheckResult)}", name="result"),
        Index("ix_spot_check_selections_inspection", "inspection_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("spot_check_draws.id"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    inspector_ids: Mapped[list] = mapped_column(JSON)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("inspections.id", ondelete="SET NULL")
    )
    result: Mapped[str | None] = mapped_column(String(32))
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
