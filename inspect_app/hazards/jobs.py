"""Scheduled hazard work: deadlines passing, and the daily clearance snapshot."""

from __future__ import annotations

from inspect_app.hazards import clearance, deadlines
from inspect_app.jobs import Job

JOBS = {
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
}
