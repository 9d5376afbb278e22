"""Inspections (检查): a visit with the checklist versions it pinned and its answers."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.clock import utcnow
from inspect_app.db import Base, UTCDateTime, sql_in
from inspect_app.names import LabelledEnum


class InspectionKind(LabelledEnum):
    """Why the visit was made."""

    ROUTINE = ("routine", "日常检查")
    SPOT_CHECK = ("spot_check", "双随机抽查")
    FOLLOW_UP = ("follow_up", "复查")  # a re-inspection of hazards found before
    SPECIAL = ("special", "专项检查")


class RecheckResult(LabelledEnum):
    """What a re-inspection found of a hazard it re-checked."""

    RECTIFIED = ("rectified", "已整改")
    NOT_RECTIFIED = ("not_rectified", "未整改")


STATUSES = ("draft", "submitted")
RESULTS = ("pass", "fail", "na")


class DocumentKind(LabelledEnum):
    """The documents an inspection issues (执法文书), each with the mark of its numbers."""

    RECORD = ("record", "现场检查记录")  # always
    NOTICE = ("notice", "责令限期整改通知书")  # per issuing department, where hazards were found
    OPINION = ("opinion", "整改复查意见书")  # a re-inspection's (复查) findings
    REFERRAL = ("referral", "移送函")  # per department that issues nothing here
    CHANGE = ("change", "隐患等级变更通知书")  # a proposed major decided by the bureau


DOCUMENT_KINDS = tuple(DocumentKind)
# 发文字号's kind mark (after the issuer's prefix and the series mark): 沪松民养改〔2026〕1号.
KIND_MARKS = {
    DocumentKind.RECORD: "检",
    DocumentKind.NOTICE: "改",
    DocumentKind.OPINION: "复",
    DocumentKind.REFERRAL: "移",
    DocumentKind.CHANGE: "变",
}


class Inspection(Base):
    __tablename__ = "inspections"
    __table_args__ = (
        CheckConstraint(sql_in("kind", InspectionKind), name="kind"),
        CheckConstraint("status IN ('draft', 'submitted')", name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    location: Mapped[dict | None] = mapped_column(JSON)
    # What the inspector found on site ({feature: bool}, only those confirmed); None:
    # nothing confirmed, the directory's features stand. See ``inspections/features``.
    features_confirmed: Mapped[dict | None] = mapped_column(JSON)
    hazard_ids: Mapped[list | None] = mapped_column(JSON)
    # A re-inspection's (``follow_up``) hazards re-checked on site, each with its result,
    # note and photos: [{hazard_id, result, note, photo_ids}] (``inspections/rechecks``).
    rechecks: Mapped[list | None] = mapped_column(JSON)
    # When an assigned inspection (a spot check's) is due; None for the inspector's own.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The institution refused to sign the on-site record (被检查单位拒绝签字), and the
    # inspectors' note on it (witnesses, the reason given).
    signature_refused: Mapped[bool] = mapped_column(default=False, server_default=false())
    signature_note: Mapped[str | None] = mapped_column(Text)
    # The institution's person present at the visit (被检查单位在场人员), named on the
    # on-site record with their position; both are required to submit.
    present_person_name: Mapped[str | None] = mapped_column(String(100))
    present_person_position: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    checklists: Mapped[list[InspectionChecklist]] = relationship(
        back_populates="inspection",
        cascade="all, delete-orphan",
        order_by="InspectionChecklist.position",
        lazy="selectin",
    )
    answers: Mapped[list[Answer]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="Answer.id"
    )
    assignees: Mapped[list[InspectionAssignee]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="inspection", order_by="Document.kind", viewonly=True
    )

    @property
    def assignee_ids(self) -> list[int]:
        return sorted(a.user_id for a in self.assignees)


class InspectionChecklist(Base):
    """The checklist version an inspection was started with, pinned for good."""

    __tablename__ = "inspection_checklists"
    __table_args__ = (UniqueConstraint("inspection_id", "checklist_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE")
    )
    checklist_key: Mapped[str] = mapped_column(String(32))
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_versions.id"))
    position: Mapped[int] = mapped_column(default=0)

    inspection: Mapped[Inspection] = relationship(back_populates="checklists")
    checklist_version = relationship("ChecklistVersion", lazy="joined")

    @property
    def key(self) -> str:
        return self.checklist_key

    @property
    def version(self) -> int:
        return self.checklist_version.version


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("inspection_id", "checklist_key", "item_code"),
        CheckConstraint("result IN ('pass', 'fail', 'na')", name="result"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE")
    )
    checklist_key: Mapped[str] = mapped_column(String(32))
    item_code: Mapped[str] = mapped_column(String(16))
    result: Mapped[str] = mapped_column(String(8))
    value: Mapped[object | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    photo_ids: Mapped[list] = mapped_column(JSON, default=list)
    # A failed item the inspector had put right during the visit (当场整改).
    fixed_on_site: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # Days the inspector gave to rectify a failed item (None: the item's or the default).
    due_days: Mapped[int | None]
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    inspection: Mapped[Inspection] = relationship(back_populates="answers")


class InspectionAssignee(Base):
    """An officer on an inspection's team: its creator, the officers it named
    (``assignee_ids``) or a spot-check draw's team. See ``inspections/officers``."""

    __tablename__ = "inspection_assignees"
    __table_args__ = (UniqueConstraint("inspection_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Document(Base):
    """A document of a submitted inspection: its number (GB/T 9704, unique), given when it
    is issued; and once first fetched, the SHA-256, size and storage key of its PDF, whose
    stored bytes are served from then on."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("number", name="uq_documents_number"),
        UniqueConstraint("inspection_id", "kind", "issuer", "subject", name="uq_documents_one"),
        CheckConstraint(sql_in("kind", DocumentKind), name="kind"),
        CheckConstraint("serial >= 1", name="serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"))
    kind: Mapped[str] = mapped_column(String(16))
    # The department in whose name it is issued (发文机关): civil affairs but for a notice
    # of hazards another department's officers found, where that department issues here.
    issuer: Mapped[str] = mapped_column(String(32), server_default="civil_affairs")
    # What among the inspection's it concerns: the addressee department of a referral
    # letter, the hazard of a change notice; empty for the others.
    subject: Mapped[str] = mapped_column(String(64), server_default="")
    year: Mapped[int]
    serial: Mapped[int]
    number: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set once, when the PDF is first built (None until its first fetch).
    sha256: Mapped[str | None] = mapped_column(String(64))
    bytes: Mapped[int | None] = mapped_column(BigInteger)
    storage_key: Mapped[str | None] = mapped_column(String(200))
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    inspection: Mapped[Inspection] = relationship(back_populates="documents")


# A hazard's documents, issued by an official's decision on it (not by an inspection):
# the extension decision (延期决定书: 同意/不同意延期) and the correction notice (撤销/更正
# 通知书) a void is served with, the change notice (隐患等级变更通知书) and the referral letter
# (隐患移送函) a referral is sent with.
HAZARD_DOCUMENT_KINDS = ("extend", "correct", "change", "refer")


class HazardDocument(Base):
    """A document issued on one event of a hazard's chain: numbered when the decision is
    recorded (in the same transaction, from ``document_counters``), built on first fetch."""

    __tablename__ = "hazard_documents"
    __table_args__ = (
        UniqueConstraint("kind", "year", "serial"),
        UniqueConstraint("hazard_id", "event_seq"),
        CheckConstraint("kind IN ('extend', 'correct', 'change', 'refer')", name="kind"),
        CheckConstraint("serial >= 1", name="serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hazard_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hazards.id"), index=True)
    event_seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))
    year: Mapped[int]
    serial: Mapped[int]
    number: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sha256: Mapped[str | None] = mapped_column(String(64))
    bytes: Mapped[int | None] = mapped_column(BigInteger)
    storage_key: Mapped[str | None] = mapped_column(String(200))
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
