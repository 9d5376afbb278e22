"""Scheduled photo upkeep: unused uploads and expired partial uploads."""

from __future__ import annotations

from inspect_app.jobs import Job
from inspect_app.photos import resumable, upkeep

JOBS = {
    "remove_unattached_photos": Job(
        upkeep.remove_unattached_photos,
        {"trigger": "cron", "hour": 3, "minute": 10},
        "删除从未使用的上传照片 / Remove photos never attached",
    ),
    "remove_stale_uploads": Job(
        resumable.remove_stale_uploads,
        {"trigger": "interval", "hours": 1},
        "清理过期的断点续传 / Remove expired partial uploads",
    ),
}
