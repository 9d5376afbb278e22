"""Scheduled report work: the daily clearance snapshot at 23:50, and last month's district
report on the 1st at 02:00 (the scheduler's zone is ``TZ_NAME``, Shanghai)."""

from __future__ import annotations

from datetime import datetime

from inspect_app.jobs import Job, queue
from inspect_app.jobs.queue import Handler
from inspect_app.principal import SYSTEM
from inspect_app.reports import archive, snapshots

MONTHLY_REPORT = "monthly_report"


def queue_last_month_report(now: datetime) -> dict:
    """The scheduled job: queue last month's district report for a worker (once a month;
    asking again for a month queued before changes nothing)."""
    month = archive.last_finished_month(now)
    if archive.find(month, None) is not None:
        return {}
    queue.enqueue(MONTHLY_REPORT, month, now)
    return {"queued": month}


def make_report(month: str, now: datetime) -> str:
    """The work item: the district's report of ``month``, made unless it exists."""
    report, made = archive.make(SYSTEM, month, now=now)
    return f"{month} {report.sha256} {'made' if made else 'exists'}"


JOBS = {
    "snapshot_clearance": Job(
        snapshots.snapshot,
        {"trigger": "cron", "hour": 23, "minute": 50},
        "每日动态清零快照 / Daily clearance snapshot",
    ),
    "monthly_report": Job(
        queue_last_month_report,
        {"trigger": "cron", "day": 1, "hour": 2, "minute": 0},
        "生成上月隐患月度报告 / Queue last month's hazard report for a worker",
    ),
}

HANDLERS = {
    MONTHLY_REPORT: Handler(
        make_report,
        "生成月度隐患报告 / Make a month's district hazard report",
        lease_seconds=1800,  # a year of figures and a long PDF on a small machine
    ),
}
