"""Scheduled jobs: plain service functions, each guarded by a lock row in the database.

``run_job`` is what both ``flask jobs run NAME`` and the scheduler process call: it
claims the job's lock with a conditional UPDATE, so two hosts never run it at once,
and commits the job's work as one transaction.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.models import JobLock, utcnow
from inspect_app.services import auth, clearance, deadlines, evidence, evidence_uploads


@dataclass(frozen=True)
class Job:
    func: Callable[[datetime], object]
    trigger: dict = field(default_factory=dict)  # APScheduler trigger arguments
    description: str = ""


def _purge_tokens(now: datetime) -> int:
    return auth.purge_expired_tokens(now - timedelta(days=7))


JOBS: dict[str, Job] = {
    "record_overdue": Job(
        deadlines.record_overdue,
        {"trigger": "interval", "minutes": 10},
        "记录超期隐患并通知 / Record overdue hazards and notify",
    ),
    "snapshot_clearance": Job(
        clearance.snapshot,
        {"trigger": "cron", "hour": 23, "minute": 50},
        "每日动态清零快照 / Daily clearance snapshot",
    ),
    "remove_unattached_photos": Job(
        evidence.remove_unattached_photos,
        {"trigger": "cron", "hour": 3, "minute": 10},
        "删除从未使用的上传照片 / Remove photos never attached",
    ),
    "remove_stale_uploads": Job(
        evidence_uploads.remove_stale_uploads,
        {"trigger": "interval", "hours": 1},
        "清理过期的断点续传 / Remove expired partial uploads",
    ),
    "purge_tokens": Job(
        _purge_tokens,
        {"trigger": "cron", "hour": 3, "minute": 30},
        "清理过期令牌 / Purge expired tokens",
    ),
}


class JobBusy(Exception):
    """Another process holds the job's lock."""


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim(name: str, now: datetime, ttl: timedelta) -> bool:
    if db.session.get(JobLock, name) is None:
        try:
            with db.session.begin_nested():
                db.session.add(JobLock(name=name))
        except IntegrityError:
            pass  # created by another host just now
    claimed = db.session.execute(
        update(JobLock)
        .where(
            JobLock.name == name, or_(JobLock.locked_until.is_(None), JobLock.locked_until < now)
        )
        .values(locked_until=now + ttl, owner=_owner(), last_started_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def run_job(name: str, now: datetime | None = None, ttl: timedelta = timedelta(minutes=30)):
    """Run one job now under its lock; returns the job's result."""
    job = JOBS[name]
    now = now or utcnow()
    if not _claim(name, now, ttl):
        raise JobBusy(name)
    try:
        result = job.func(now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        _release(name, "failed")
        raise
    _release(name, str(result)[:500])
    return result


def _release(name: str, outcome: str) -> None:
    db.session.execute(
        update(JobLock)
        .where(JobLock.name == name)
        .values(locked_until=None, last_finished_at=utcnow(), last_result=outcome)
    )
    db.session.commit()
