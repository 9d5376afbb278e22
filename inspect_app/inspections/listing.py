"""Reading inspections: one that a principal may see, and the filtered list."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.inspections import policy
from inspect_app.inspections.models import Inspection
from inspect_app.principal import Principal

NOT_FOUND = policy.NOT_FOUND


# Recording needs the pinned checklists (with their versions) and the team: joined to the
# inspection's row, one statement instead of three (a handful of checklists times a
# handful of officers: a few rows). About 0.1 ms less on SQLite, 0.4 ms on PostgreSQL.
_FOR_RECORDING = (joinedload(Inspection.checklists), joinedload(Inspection.assignees))


def get_for_recording(user: Principal, inspection_id: uuid.UUID) -> Inspection:
    """An inspection the user may record on: only inspectors and the bureau (403), and to
    a manager another institution's inspection does not exist (404)."""
    inspection = db.session.get(Inspection, inspection_id, options=_FOR_RECORDING)
    policy.require_recorder(user, inspection.institution_id if inspection else None)
    if inspection is None or not policy.may_see(user, inspection):
        raise NotFound(NOT_FOUND)
    return inspection


def get_visible(user: Principal, inspection_id: uuid.UUID) -> Inspection:
    """Managers see only their own institution's submitted inspections."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or not policy.may_see(user, inspection):
        raise NotFound(NOT_FOUND)
    return inspection


def visible_query(
    user: Principal,
    *,
    institution_id: int | None = None,
    status: str | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
) -> Select[Inspection]:
    query = policy.scope(
        user, select(Inspection).order_by(Inspection.started_at.desc(), Inspection.id)
    )
    if institution_id is not None:
        query = query.where(Inspection.institution_id == institution_id)
    if status:
        query = query.where(Inspection.status == status)
    if date_from:
        query = query.where(Inspection.started_at >= date_from)
    if date_to:
        query = query.where(Inspection.started_at < date_to)
    return query
