"""Scheduled spot-check work: flagging plans whose publication is late. (No job draws: a
dsr-2 draw waits for the public value named in its announcement, entered by the bureau.)"""

from __future__ import annotations

from datetime import datetime

from inspect_app.jobs import Job
from inspect_app.spot_checks import publication


def flag_late_publications(now: datetime) -> int:
    return publication.flag_late(now)


JOBS = {
    "flag_late_publications": Job(
        flag_late_publications,
        {"trigger": "cron", "hour": 0, "minute": 20},
        "标记逾期未公开的抽查结果 / Flag spot checks published late",
    ),
}
