"""Scheduled jobs: the lock that keeps two hosts from running one job, and the scheduler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from inspect_app.extensions import db
from inspect_app.jobs.lock import JobBusy, run_job
from inspect_app.jobs.registry import JOBS
from inspect_app.jobs.scheduler import build_scheduler
from inspect_app.models import JobLock


def test_a_held_lock_keeps_a_second_run_out(app):
    assert run_job("purge_tokens") == 0
    lock = db.session.get(JobLock, "purge_tokens")
    assert lock.last_result == "0" and lock.locked_until is None
    # Another host is running it right now.
    db.session.execute(
        update(JobLock)
        .where(JobLock.name == "purge_tokens")
        .values(locked_until=datetime.now(UTC) + timedelta(minutes=5), owner="other-host:1")
    )
    db.session.commit()
    with pytest.raises(JobBusy):
        run_job("purge_tokens")


def test_a_lock_left_by_a_crashed_host_expires(app):
    db.session.add(
        JobLock(name="snapshot_clearance", locked_until=datetime.now(UTC) - timedelta(minutes=1))
    )
    db.session.commit()
    assert run_job("snapshot_clearance") == 0  # no institutions yet, but it ran


def test_a_failing_job_releases_its_lock(app, monkeypatch):
    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setitem(JOBS, "purge_tokens", JOBS["purge_tokens"].__class__(broken))
    with pytest.raises(RuntimeError):
        run_job("purge_tokens")
    lock = db.session.get(JobLock, "purge_tokens")
    assert lock.locked_until is None and lock.last_result == "failed"


def test_scheduler_hosts_every_job_in_the_configured_zone(app):
    scheduler = build_scheduler(app)
    assert {job.id for job in scheduler.get_jobs()} == set(JOBS)
    assert str(scheduler.timezone) == "Asia/Shanghai"


def test_jobs_list_command(runner):
    result = runner.invoke(args=["jobs", "list"])
    assert result.exit_code == 0
    for name in JOBS:
        assert name in result.output
