"""Scheduled spot-check work: drawing plans whose ``draw_at`` has come, flagging plans
whose publication is late."""

from __future__ import annotations

import logging
from datetime import datetime

from inspect_app.errors import DomainError
from inspect_app.extensions import db
from inspect_app.jobs import Job
from inspect_app.principal import SYSTEM
from inspect_app.spot_checks import draw_records, publication

log = logging.getLogger(__name__)


def draw_due_plans(now: datetime) -> dict:
    """Draw every draft plan whose ``draw_at`` has passed; one that cannot be drawn (the
    pools fall short) stays a draft, is logged and is tried again next time."""
    drawn, failed = [], []
    for plan_id in draw_records.due_for_drawing(now):
        try:
            with db.session.begin_nested():
                draw_records.draw_plan(SYSTEM, plan_id, now=now)
            drawn.append(plan_id)
        except DomainError as error:
            log.warning("spot-check plan %s not drawn: %s %s", plan_id, error.message, error.errors)
            failed.append(plan_id)
    return {"drawn": drawn, "failed": failed}


def flag_late_publications(now: datetime) -> int:
    return publication.flag_late(now)


JOBS = {
    "draw_spot_checks": Job(
        draw_due_plans,
        {"trigger": "interval", "minutes": 5},
        "到点抽取双随机计划 / Draw spot-check plans whose time has come",
    ),
    "flag_late_publications": Job(
        flag_late_publications,
        {"trigger": "cron", "hour": 0, "minute": 20},
        "标记逾期未公开的抽查结果 / Flag spot checks published late",
    ),
}
