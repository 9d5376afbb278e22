"""The job lock: ``run_job`` claims a job's row with a conditional UPDATE, so two hosts
never run one job at once, runs it, and records the outcome.

Both ``flask jobs run NAME`` and the scheduler process call it. A job function never
commits: its work is one unit of work, committed (or rolled back) here, and what it queued
to run after the commit (file deletions) runs then.

A run that found nothing to do (its result is 0, empty, or a mapping of zeros) is not kept
as a run: the job's lock row still says when it last ran and what it answered, but
``GET /jobs`` lists only runs that did something or failed.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError

from inspect_app import metrics
from inspect_app.clock import utcnow
from inspect_app.db import affected_rows
from inspect_app.extensions import db
from inspect_app.jobs.models import JobLock, JobRun
from inspect_app.jobs.registry import JOBS

log = logging.getLogger(__name__)


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
    claimed = affected_rows(
        db.session.execute(
            update(JobLock)
            .where(
                JobLock.name == name,
                or_(JobLock.locked_until.is_(None), JobLock.locked_until < now),
            )
            .values(locked_until=now + ttl, owner=_owner(), last_started_at=now)
            .execution_options(synchronize_session=False)
        )
    )
    db.session.commit()
    return claimed == 1


def run_job(
    name: str, now: datetime | None = None, ttl: timedelta = timedelta(minutes=30)
) -> object:
    """Run one job now under its lock; returns the job's result. Every run is counted and
    timed (``inspect_job_runs``, ``inspect_job_duration_seconds``) and logged."""
    job = JOBS[name]
    now = now or utcnow()
    if not _claim(name, now, ttl):
        metrics.JOB_RUNS.labels(job=name, outcome="busy").inc()
        log.info("job busy", extra={"job": name, "outcome": "busy"})
        raise JobBusy(name)
    run = JobRun(name=name, owner=_owner(), started_at=now, outcome="running")
    db.session.add(run)
    db.session.commit()
    run_id = run.id
    started = time.perf_counter()
    try:
        result = job.func(now)
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        _release(name, "failed", run_id, "failed", repr(error))
        _record(name, run_id, "failed", started, repr(error))
        raise
    _release(name, str(result)[:500], run_id, "ok", str(result), keep=not found_nothing(result))
    _record(name, run_id, "ok", started, str(result))
    return result


def found_nothing(result: object) -> bool:
    """Whether a job's result says it had nothing to do: None, 0, empty, or a mapping
    whose every value says so."""
    if result is None or result == 0 or result == "":
        return True
    if isinstance(result, Mapping):
        return all(found_nothing(value) for value in result.values())
    if isinstance(result, list | tuple | set):
        return len(result) == 0
    return False


def _record(name: str, run_id: int, outcome: str, started: float, detail: str) -> None:
    seconds = time.perf_counter() - started
    metrics.JOB_RUNS.labels(job=name, outcome=outcome).inc()
    metrics.JOB_SECONDS.labels(job=name).observe(seconds)
    fields = {
        "job": name,
        "run_id": run_id,
        "outcome": outcome,
        "duration_ms": round(seconds * 1000, 1),
        "result": detail[:500],
    }
    log.log(logging.ERROR if outcome == "failed" else logging.INFO, "job run", extra=fields)


def _release(
    name: str, outcome: str, run_id: int, status: str, detail: str, *, keep: bool = True
) -> None:
    finished = utcnow()
    db.session.execute(
        update(JobLock)
        .where(JobLock.name == name)
        .values(locked_until=None, last_finished_at=finished, last_result=outcome)
    )
    if keep:
        db.session.execute(
            update(JobRun)
            .where(JobRun.id == run_id)
            .values(finished_at=finished, outcome=status, result=detail[:500])
        )
    else:
        db.session.execute(delete(JobRun).where(JobRun.id == run_id))
    db.session.commit()


def prune_runs(before: datetime) -> int:
    """Delete the runs started before ``before`` (the caller commits)."""
    return affected_rows(
        db.session.execute(
            delete(JobRun)
            .where(JobRun.started_at < before, JobRun.outcome != "running")
            .execution_options(synchronize_session=False)
        )
    )
