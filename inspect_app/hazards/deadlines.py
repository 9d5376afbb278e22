"""Deadlines: record, once per hazard, that it passed its due date, and tell people.

The telling is queued work (``OVERDUE_NOTICE``, keyed by the hazard and the moment its
lapse was recorded), asked for in the same transaction as the ``overdue`` event and done
by a queue worker: the notifications and the item's ``done`` commit together, so each
lapse is told once."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from inspect_app.checklists.models import Severity
from inspect_app.clock import local_date, utcnow
from inspect_app.db import affected_rows
from inspect_app.errors import Conflict
from inspect_app.extensions import db
from inspect_app.hazards.chain import append_event
from inspect_app.hazards.models import CLOSED_STATUSES, WAITING_STATUSES, EventType, Hazard
from inspect_app.jobs import queue
from inspect_app.notifications import inbox

OVERDUE_NOTICE = "overdue_notice"
DEADLINE_REMINDER = "deadline_reminder"


def record_overdue(now: datetime | None = None) -> int:
    """One ``overdue`` event per hazard past its deadline; safe to run twice or in parallel.

    Each hazard is claimed with ``UPDATE ... WHERE overdue_recorded_at IS NULL``; only
    the run whose UPDATE matched writes the event and the notifications.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(Hazard.id).where(
            Hazard.status.not_in(CLOSED_STATUSES + WAITING_STATUSES),
            Hazard.due_at < now,
            Hazard.overdue_recorded_at.is_(None),
        )
    ).all()
    recorded = 0
    for hazard_id in due:
        claimed = affected_rows(
            db.session.execute(
                update(Hazard)
                .where(Hazard.id == hazard_id, Hazard.overdue_recorded_at.is_(None))
                .values(overdue_recorded_at=now)
                .execution_options(synchronize_session=False)
            )
        )
        if claimed != 1:
            continue
        hazard = db.session.get_one(Hazard, hazard_id)
        db.session.refresh(hazard)
        try:
            with db.session.begin_nested():
                append_event(
                    hazard, EventType.OVERDUE, None, data={"due_at": hazard.due_at.isoformat()}
                )
        except Conflict:
            # Someone acted on the hazard at this very moment; the next run will catch it.
            db.session.execute(
                update(Hazard).where(Hazard.id == hazard_id).values(overdue_recorded_at=None)
            )
            continue
        queue.enqueue(OVERDUE_NOTICE, f"{hazard.id}@{now.isoformat()}", now)
        recorded += 1
    return recorded


def tell_overdue(key: str, now: datetime) -> int:
    """The work item: tell the institution's managers and the bureau that a hazard passed
    its deadline; returns how many were told."""
    hazard = db.session.get(Hazard, uuid.UUID(key.partition("@")[0]))
    if hazard is None:
        return 0
    return inbox.notify_hazard(
        hazard.institution_id,
        hazard.id,
        "overdue",
        f"隐患已超过整改期限：{hazard.title} / Hazard past its deadline: "
        f"{hazard.title_en or hazard.title}",
    )


REMINDER_AHEAD = timedelta(days=3)


def remind_due_soon(now: datetime | None = None) -> int:
    """Tell the institution's managers, once per deadline, that a hazard is due within three
    days (an extension sets a new deadline, reminded again). Safe to run twice or in
    parallel: each reminder is claimed with ``UPDATE ... WHERE reminded_due_at`` is not
    yet this deadline."""
    now = now or utcnow()
    not_yet = or_(Hazard.reminded_due_at.is_(None), Hazard.reminded_due_at != Hazard.due_at)
    due = db.session.execute(
        select(Hazard.id, Hazard.due_at).where(
            Hazard.status.not_in(CLOSED_STATUSES + WAITING_STATUSES),
            Hazard.due_at >= now,
            Hazard.due_at < now + REMINDER_AHEAD,
            not_yet,
        )
    ).all()
    told = 0
    for hazard_id, due_at in due:
        claimed = affected_rows(
            db.session.execute(
                update(Hazard)
                .where(Hazard.id == hazard_id, Hazard.due_at == due_at, not_yet)
                .values(reminded_due_at=due_at)
                .execution_options(synchronize_session=False)
            )
        )
        if claimed != 1:
            continue
        queue.enqueue(DEADLINE_REMINDER, f"{hazard_id}@{due_at.isoformat()}", now)
        told += 1
    return told


def tell_due_soon(key: str, now: datetime) -> int:
    """The work item: tell the institution's managers that a hazard's deadline is three
    days or less ahead; nothing if the deadline changed since (the new one is reminded of
    in its turn) or the hazard is gone. Returns how many were told."""
    hazard_id, _, due = key.partition("@")
    hazard = db.session.get(Hazard, uuid.UUID(hazard_id))
    due_at = datetime.fromisoformat(due)
    if hazard is None or hazard.due_at != due_at:
        return 0
    last_day = local_date(due_at - timedelta(microseconds=1))
    return inbox.notify_managers(
        hazard.institution_id,
        [
            (
                hazard.id,
                f"整改期限将至（{last_day.isoformat()}）：{hazard.title} / "
                f"Deadline in three days or less ({last_day.isoformat()}): "
                f"{hazard.title_en or hazard.title}",
            )
        ],
        "deadline_soon",
    )


def due_days(severity: str) -> int:
    key = "HAZARD_DUE_DAYS_MAJOR" if severity == Severity.MAJOR else "HAZARD_DUE_DAYS_GENERAL"
    return int(current_app.config[key])
