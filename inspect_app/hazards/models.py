"""Hazards (隐患) and their append-only, hash-chained event log (全过程记录)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.checklists.models import Severity
from inspect_app.clock import utcnow
from inspect_app.db import Base, UTCDateTime, sql_in
from inspect_app.names import LabelledEnum


class HazardStatus(LabelledEnum):
    """Where a hazard is in its life (the transitions: ``lifecycle.TRANSITIONS``)."""

    OPEN = ("open", "待整改")
    RECTIFYING = ("rectifying", "整改中")
    PENDING_REVIEW = ("pending_review", "待复查")
    CLEARED = ("cleared", "已销号")
    VOIDED = ("voided", "已作废")


# Done with: cleared (销号), or voided (recorded in error: kept forever, counted nowhere).
CLOSED_STATUSES = (HazardStatus.CLEARED, HazardStatus.VOIDED)
# Open, rectifying or awaiting review: the officials' decisions apply only to these.
LIVE_STATUSES = tuple(s for s in HazardStatus if s not in CLOSED_STATUSES)
# The institution has done its part and waits for the reviewer: never overdue.
WAITING_STATUSES = (HazardStatus.PENDING_REVIEW,)


class EventType(LabelledEnum):
    """The kinds of step in a hazard's event log (全过程记录)."""

    FOUND = ("found", "发现")
    FOUND_AGAIN = ("found_again", "再次发现")
    FIXED_ON_SITE = ("fixed_on_site", "当场整改")
    ACKNOWLEDGED = ("acknowledged", "签收整改")
    RECTIFICATION_SUBMITTED = ("rectification_submitted", "提交整改")
    # A re-inspection (复查, a ``follow_up`` inspection) re-checked it on site: its result
    # and photos; the status stays (the review decides).
    RECHECKED = ("rechecked", "现场复查")
    REVIEW_APPROVED = ("review_approved", "复查通过")
    REVIEW_REJECTED = ("review_rejected", "复查不通过")
    DEADLINE_EXTENDED = ("deadline_extended", "整改延期")
    RECLASSIFIED = ("reclassified", "重新定级")
    VOIDED = ("voided", "作废")
    REFERRED = ("referred", "移送")
    STREET_CHANGED = ("street_changed", "变更街镇")
    OVERDUE = ("overdue", "逾期")
    # The institution applies for more time before the deadline; the department that
    # issued the notice (or the bureau) grants it (``deadline_extended``) or refuses it.
    EXTENSION_REQUESTED = ("extension_requested", "申请延期")
    EXTENSION_REFUSED = ("extension_refused", "不同意延期")
    # A void is proposed by one bureau officer and approved (``voided``) or declined by
    # another.
    VOID_PROPOSED = ("void_proposed", "提请作废")
    VOID_DECLINED = ("void_declined", "不同意作废")
    # One of the bureau's measures (``MeasureKind``) taken on account of this hazard.
    MEASURE_TAKEN = ("measure_taken", "采取监管措施")


class MeasureKind(LabelledEnum):
    """The bureau's supervision measures (监管措施), on a hazard or an institution."""

    SUPERVISED = ("supervised", "挂牌督办")
    INTERVIEWED = ("interviewed", "约谈")
    CASE_OPENED = ("case_opened", "立案")
    ADMISSIONS_STOPPED = ("admissions_stopped", "停止收住")
    SUSPENDED = ("suspended", "停业整顿")
    EQUIPMENT_STOPPED = ("equipment_stopped", "停止使用设施设备")
    RESIDENTS_MOVED = ("residents_moved", "转移安置老年人")
    OTHER_TEMPORARY = ("other_temporary", "其他临时管控措施")


LIVE_CONDITION = sql_in("status", CLOSED_STATUSES, negate=True)
OPEN_CONDITION = f"{LIVE_CONDITION} AND item_code IS NOT NULL"
# Index columns the clearance board reads (see reports/clearance.py).
LIVE_INSTITUTION_COLUMNS = (
    "institution_id",
    "severity",
    "severity_confirmed",
    "status",
    "due_at",
    "found_at",
)
CLEARED_AT_COLUMNS = (
    "cleared_at",
    "institution_id",
    "status",
    "due_at",
    "found_at",
    "severity",
    "severity_confirmed",
)


class Hazard(Base):
    __tablename__ = "hazards"
    __table_args__ = (
        CheckConstraint(sql_in("severity", Severity), name="severity"),
        CheckConstraint(sql_in("status", HazardStatus), name="status"),
        CheckConstraint("due_days IS NULL OR due_days >= 0", name="due_days"),
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
        # Covering indexes for the dashboard (GROUP BY institution over live hazards)
        # and for the filtered, deadline-ordered list.
        Index(
            "ix_hazards_live_institution",
            *LIVE_INSTITUTION_COLUMNS,  # covering: the board's counts never touch the table
            sqlite_where=text(LIVE_CONDITION),
            postgresql_where=text(LIVE_CONDITION),
        ),
        Index("ix_hazards_status_severity_due", "status", "severity", "due_at", "id"),
        Index("ix_hazards_street_list", "status", "severity", "street", "due_at", "id"),
        Index("ix_hazards_institution_due", "institution_id", "due_at"),
        # The unfiltered list in its order: the ledger export walks it in keyset pages.
        Index("ix_hazards_due_id", "due_at", "id"),
        # Covering for the board's flows: cleared in a period (on time or not), and the
        # hazards cleared since a past moment (open at that moment).
        Index("ix_hazards_cleared_at", *CLEARED_AT_COLUMNS),
        # The board's flows: found in a period, and how many of them fixed on site.
        Index("ix_hazards_found_at", "found_at", "status", "fixed_on_site"),
        # A street's monthly report: its hazards cleared since a moment, or not at all.
        Index("ix_hazards_street_cleared_at", "street", "cleared_at"),
        Index("ix_hazards_voided_at", "voided_at"),
        # 按期整改率: the hazards whose (original) deadline fell in a period.
        Index("ix_hazards_original_due_at", "original_due_at", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    # The institution's street when the hazard was found (a live hazard follows a move,
    # by an event; a closed one keeps it, so past reports never change). Also lets the
    # list filtered by street read one index range.
    street: Mapped[str] = mapped_column(String(50))
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("inspections.id"), index=True
    )
    checklist_key: Mapped[str | None] = mapped_column(String(32))
    checklist_version: Mapped[int | None]
    item_code: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(8))
    # False: a proposed major hazard (拟判重大) until the bureau confirms it; reported apart.
    severity_confirmed: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=text("true")
    )
    # Days given to rectify (0: at once), from the item, the choice or the inspector.
    due_days: Mapped[int | None]
    # The department of the inspector who found it: general hazards are reviewed there.
    department: Mapped[str | None] = mapped_column(String(32))
    # 当场整改: fixed during the visit, raised and cleared at once.
    fixed_on_site: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # The department it was last referred to (移送), if any; the status is unchanged.
    referred_to: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=HazardStatus.OPEN)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    found_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Bumped by every transition; an UPDATE ... WHERE row_version = seen is the claim.
    row_version: Mapped[int] = mapped_column(default=1)
    # The hash of the newest event and how many there are: deleting the last event
    # (which leaves the chain itself intact) is caught by comparing with these.
    events_head: Mapped[str | None] = mapped_column(String(64))
    event_count: Mapped[int] = mapped_column(default=0)
    overdue_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The deadline as the notice first set it: extensions change ``due_at``, never this.
    original_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The deadline a three-days-ahead reminder was sent for (an extension re-arms it).
    reminded_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An extension applied for and not yet decided: when it was applied for.
    extension_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A void proposed and not yet decided: the bureau officer who proposed it.
    void_proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    events: Mapped[list[HazardEvent]] = relationship(
        back_populates="hazard", order_by="HazardEvent.seq", lazy="select"
    )

    @property
    def photo_ids(self) -> list[str]:
        """Every photo attached along the way, in order of first appearance."""
        seen: dict[str, None] = {}
        for step in self.events:
            for photo_id in step.photo_ids or []:
                seen.setdefault(str(photo_id), None)
        return list(seen)

    @property
    def overdue(self) -> bool:
        """Derived, never stored: past its deadline and still the institution's to do
        (neither closed nor waiting for review)."""
        return self.status not in CLOSED_STATUSES + WAITING_STATUSES and self.due_at < utcnow()


class HazardEvent(Base):
    """One step in a hazard's life; each carries SHA-256(previous hash + this event)."""

    __tablename__ = "hazard_events"
    __table_args__ = (
        UniqueConstraint("hazard_id", "seq"),
        # The few events that rewrite a hazard's row (extensions, reclassifications, moves,
        # voids) since a moment: what a past month's figures replay (reports.history).
        Index("ix_hazard_events_type_at", "type", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hazard_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hazards.id"))
    seq: Mapped[int]
    type: Mapped[str] = mapped_column(String(32))
    # None for events the system records itself (a deadline passing).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    photo_ids: Mapped[list] = mapped_column(JSON, default=list)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    hash: Mapped[str] = mapped_column(String(64))

    hazard: Mapped[Hazard] = relationship(back_populates="events")


# The event log is append-only in the database itself, not just by convention. The
# migration installs the same triggers; these cover schemas built with create_all().
APPEND_ONLY_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS hazard_events_no_{verb.lower()}
    BEFORE {verb} ON hazard_events
    BEGIN SELECT RAISE(ABORT, 'hazard_events is append-only'); END"""
    for verb in ("UPDATE", "DELETE")
]
APPEND_ONLY_POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION hazard_events_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'hazard_events is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER hazard_events_append_only BEFORE UPDATE OR DELETE ON hazard_events
    FOR EACH ROW EXECUTE FUNCTION hazard_events_append_only()""",
]
for _statement in APPEND_ONLY_SQLITE:
    event.listen(
        HazardEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite")
    )
for _statement in APPEND_ONLY_POSTGRESQL:
    event.listen(
        HazardEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )


class Measure(Base):
    """A supervision measure (监管措施) the bureau took, on an institution and perhaps on
    account of one hazard (then also an event in that hazard's chain)."""

    __tablename__ = "measures"
    __table_args__ = (
        CheckConstraint(sql_in("kind", MeasureKind), name="kind"),
        Index("ix_measures_taken_at", "taken_at", "institution_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    hazard_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("hazards.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The street the institution was in when it was taken (a later move changes nothing).
    street: Mapped[str] = mapped_column(String(50))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class AuditCheckpoint(Base):
    """A signed statement of every hazard's chain head at one moment (see ``checkpoints``).

    ``seq``, ``at``, ``events``, ``root`` and ``previous`` are what the Ed25519 signature
    covers; ``heads`` holds the chain heads that are new since the previous checkpoint
    (``{hazard_id: [event_count, head]}``), from which ``root`` is recomputed."""

    __tablename__ = "audit_checkpoints"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    events: Mapped[int]
    root: Mapped[str] = mapped_column(String(64))
    previous: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(String(64))
    heads: Mapped[dict] = mapped_column(JSON, default=dict)
