"""Scheduled hazard work: deadlines passing, and the daily signed checkpoint of every event
chain."""

from __future__ import annotations

from inspect_app.hazards import checkpoints, deadlines
from inspect_app.jobs import Job

JOBS = {
    "record_overdue": Job(
        deadlines.record_overdue,
        {"trigger": "interval", "minutes": 10},
        "记录超期隐患并通知 / Record overdue hazards and notify",
    ),
    "remind_deadlines": Job(
        deadlines.remind_due_soon,
        {"trigger": "interval", "minutes": 60},
        "提前三天提醒整改期限 / Remind managers three days before a deadline",
    ),
    "checkpoint_audit": Job(
        checkpoints.checkpoint_job,
        {"trigger": "cron", "hour": 23, "minute": 55},
        "每日签署全过程记录检查点 / Daily signed checkpoint of every hazard's record",
    ),
}
