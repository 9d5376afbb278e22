"""The job machinery's own upkeep: the record of runs (and the work queue's finished
items) kept ``JOB_RUN_KEEP_DAYS``, then pruned daily."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from inspect_app.jobs import Job, queue
from inspect_app.jobs.lock import prune_runs


def prune_job_runs(now: datetime) -> int:
    """Runs, and work items done or given up, older than ``JOB_RUN_KEEP_DAYS``; returns
    how many rows went."""
    before = now - timedelta(days=int(current_app.config["JOB_RUN_KEEP_DAYS"]))
    return prune_runs(before) + queue.prune(before)


JOBS = {
    "prune_job_runs": Job(
        prune_job_runs,
        {"trigger": "cron", "hour": 3, "minute": 50},
        "清理过期的任务运行记录 / Prune old job runs",
    ),
}
