"""The job lock: one row per scheduled job, claimed by the host that runs it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.db import Base, UTCDateTime


class JobLock(Base):
    """One row per job; a run claims it with a conditional UPDATE so only one host runs it."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    owner: Mapped[str | None] = mapped_column(String(100))
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_result: Mapped[str | None] = mapped_column(String(500))


class JobRun(Base):
    """One run of a job, kept with its outcome (``GET /jobs``)."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    owner: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(16), default="running")
    result: Mapped[str | None] = mapped_column(String(500))


class WorkItem(Base):
    """One piece of work a scheduled job or a request left for the workers (the claim
    table, ``jobs/queue.py``): a kind (its handler) and a key, unique together, so that
    asking twice for the same work queues it once.

    ``status``: ``queued`` (waiting for ``run_after``), ``running`` (claimed by ``owner``
    until ``leased_until``: a lease, taken again by anyone once it has expired), ``done``,
    or ``failed`` (given up after its last attempt)."""

    __tablename__ = "work_items"
    __table_args__ = (
        UniqueConstraint("kind", "key"),
        Index("ix_work_items_status_run_after", "status", "run_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after: Mapped[datetime] = mapped_column(UTCDateTime)
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    owner: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
