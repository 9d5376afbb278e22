"""Scheduled photo upkeep: unused uploads, expired partial uploads, files left by crashes."""

from __future__ import annotations

from inspect_app.jobs import Job
from inspect_app.photos import derivatives, leftovers, resumable, upkeep

JOBS = {
    "make_photo_derivatives": Job(
        derivatives.make_pending,
        {"trigger": "interval", "seconds": 10},
        "为待处理的大图排队生成展示图和缩略图 / "
        "Queue the display copies and thumbnails of pending large photos for the workers",
    ),
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
    "sweep_leftover_files": Job(
        leftovers.sweep_leftover_files,
        {"trigger": "cron", "hour": 3, "minute": 40},
        "清理崩溃遗留的临时文件和无主文件 / Remove temporary and unreferenced files",
    ),
}
