"""Scheduled jobs: the lock that keeps two hosts from running one job, and the scheduler."""

from __future__ import annotations

import os
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import select, update

from inspect_app.config import from_environment
from inspect_app.extensions import db
from inspect_app.jobs import registry
from inspect_app.jobs import scheduler as scheduler_module
from inspect_app.jobs.lock import JobBusy, run_job
from inspect_app.jobs.registry import JOBS
from inspect_app.jobs.scheduler import build_scheduler, lower_priority
from inspect_app.models import JobLock, JobRun


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


# --- the scheduler's CPU priority --------------------------------------------------------
# On Linux the nice value belongs to each thread, so these run the code under test in a
# thread of their own: the test process itself keeps its priority (it could not raise it
# back). The scheduler relies on the same rule: threads take their creator's value.

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="per-thread nice values")


def _in_a_thread(fn):
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = fn()
        except BaseException as error:  # handed to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


@linux_only
def test_lower_priority_raises_the_nice_value_and_never_lowers_it():
    start = _nice()
    if start > 5:
        pytest.skip("the test process already runs niced")

    def lowered():
        first = lower_priority(start + 3)
        again = lower_priority(start + 1)  # already nicer than that: left alone
        return first, again, _nice()

    assert _in_a_thread(lowered) == (start + 3, start + 3, start + 3)
    assert _in_a_thread(lambda: (lower_priority(0), _nice())) == (start, start)
    assert _nice() == start  # only the thread that asked was lowered


@pytest.mark.parametrize("nice", [-1, 20])
def test_lower_priority_refuses_values_outside_0_to_19(nice):
    with pytest.raises(ValueError, match="SCHEDULER_NICE"):
        lower_priority(nice)


def test_scheduler_nice_defaults_to_10(tmp_path, monkeypatch):
    monkeypatch.delenv("SCHEDULER_NICE", raising=False)
    assert from_environment(tmp_path)["SCHEDULER_NICE"] == 10
    monkeypatch.setenv("SCHEDULER_NICE", "0")
    assert from_environment(tmp_path)["SCHEDULER_NICE"] == 0


@linux_only
def test_scheduler_runs_its_jobs_at_the_configured_nice_value(app, runner, monkeypatch):
    """``flask scheduler run`` lowers its priority before APScheduler starts a thread, so
    the job threads run niced (the real scheduler, with a probe job in place of the
    registry's, shut down from inside that job)."""
    if _nice() > 5:
        pytest.skip("the test process already runs niced")
    expected = _nice() + 7
    monkeypatch.setitem(app.config, "SCHEDULER_NICE", expected)
    seen: dict = {}

    def probe_scheduler(app):
        scheduler = BlockingScheduler()

        def probe():
            seen["job thread"] = _nice()
            scheduler.shutdown(wait=False)

        scheduler.add_job(
            probe,
            "interval",
            minutes=1,
            next_run_time=datetime.now(UTC),
            misfire_grace_time=None,  # however late a busy machine starts it
        )
        return scheduler

    monkeypatch.setattr(scheduler_module, "build_scheduler", probe_scheduler)
    result = _in_a_thread(lambda: runner.invoke(args=["scheduler", "run"]))
    assert result.exit_code == 0, result.output
    assert f"nice {expected}" in result.output
    assert seen == {"job thread": expected}


def test_scheduler_refuses_a_nice_value_out_of_range(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "SCHEDULER_NICE", 25)
    monkeypatch.setattr(scheduler_module, "build_scheduler", pytest.fail)
    result = runner.invoke(args=["scheduler", "run"])
    assert result.exit_code != 0
    assert "SCHEDULER_NICE must be 0-19" in result.output


def test_create_app_registers_every_package_jobs_and_refuses_one_name_twice(app):
    # The registry knows no package: create_app fills it from each package's jobs.py.
    assert {"purge_tokens", "record_overdue", "monthly_report"} <= set(JOBS)
    job = JOBS["purge_tokens"]
    with pytest.raises(ValueError, match="purge_tokens"):
        registry.register({"purge_tokens": job}, {"purge_tokens": job})


# --- a quiet record of runs (issue 26, point 4) -------------------------------------------


def _run_names() -> list[str]:
    return list(db.session.scalars(select(JobRun.name).order_by(JobRun.id)))


def test_a_run_that_found_nothing_to_do_is_not_listed(app, client, bureau_h):
    """Every 10 s a job that found nothing would add a "made 0" row: it is not a run."""
    assert run_job("purge_tokens") == 0
    assert run_job("make_photo_derivatives") == {"queued": 0}
    assert _run_names() == []
    listed = client.get("/api/v1/jobs", headers=bureau_h)
    assert listed.status_code == 200 and listed.json == []
    # The lock row still says when it last ran and with what result.
    lock = db.session.get(JobLock, "purge_tokens")
    assert lock.last_finished_at is not None and lock.last_result == "0"


def test_a_run_that_did_something_or_failed_is_listed(app, monkeypatch):
    monkeypatch.setitem(JOBS, "purge_tokens", JOBS["purge_tokens"].__class__(lambda now: 3))
    assert run_job("purge_tokens") == 3

    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setitem(JOBS, "purge_tokens", JOBS["purge_tokens"].__class__(broken))
    with pytest.raises(RuntimeError):
        run_job("purge_tokens")
    outcomes = list(db.session.scalars(select(JobRun.outcome).order_by(JobRun.id)))
    assert outcomes == ["ok", "failed"]


def test_old_job_runs_are_pruned(app, monkeypatch):
    monkeypatch.setitem(JOBS, "purge_tokens", JOBS["purge_tokens"].__class__(lambda now: 1))
    now = datetime.now(UTC)
    keep = app.config["JOB_RUN_KEEP_DAYS"]
    run_job("purge_tokens", now - timedelta(days=keep + 1))
    run_job("purge_tokens", now - timedelta(days=keep - 1))
    assert len(_run_names()) == 2
    assert run_job("prune_job_runs", now) == 1
    kept = list(db.session.scalars(select(JobRun.started_at).where(JobRun.name == "purge_tokens")))
    assert [started > now - timedelta(days=keep) for started in kept] == [True]
    assert _run_names() == ["purge_tokens", "prune_job_runs"]
