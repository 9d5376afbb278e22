"""Scheduled report work: the daily clearance snapshot at 23:50, and last month's district
report on the 1st at 02:00 (the scheduler's zone is ``TZ_NAME``, Shanghai)."""

from __future__ import annotations

from datetime import datetime

from inspect_app.jobs import Job
from inspect_app.principal import SYSTEM
from inspect_app.reports import archive, snapshots


def make_last_month_report(now: datetime) -> dict:
    month = archive.last_finished_month(now)
    report, made = archive.make(SYSTEM, month, now=now)
    return {"month": month, "sha256": report.sha256, "made": made}


JOBS = {
    "snapshot_clearance": Job(
        snapshots.snapshot,
        {"trigger": "cron", "hour": 23, "minute": 50},
        "每日动态清零快照 / Daily clearance snapshot",
    ),
    "monthly_report": Job(
        make_last_month_report,
        {"trigger": "cron", "day": 1, "hour": 2, "minute": 0},
        "生成上月隐患月度报告 / Make last month's hazard report",
    ),
}
