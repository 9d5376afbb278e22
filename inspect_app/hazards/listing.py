"""Reading hazards: one that a principal may see, the filtered list, street moves."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, select

from inspect_app.checklists.models import Severity
from inspect_app.clock import utcnow
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.hazards import policy
from inspect_app.hazards.chain import change_facts
from inspect_app.hazards.models import (
    CLOSED_STATUSES,
    LIVE_STATUSES,
    WAITING_STATUSES,
    EventType,
    Hazard,
)
from inspect_app.institutions.models import Institution
from inspect_app.principal import Principal

NOT_FOUND = "隐患不存在 / Hazard not found"


def get_visible(user: Principal, hazard_id: uuid.UUID) -> Hazard:
    """Managers see only their own institution's hazards; others do not exist for them."""
    hazard = db.session.get(Hazard, hazard_id)
    if hazard is None or not policy.may_see(user, hazard):
        raise NotFound(NOT_FOUND)
    return hazard


def move_street(actor: Principal, institution_id: int, street: str) -> int:
    """An institution moved to another street: its live hazards follow (see
    ``Hazard.street``), each with a ``street_changed`` event, since the street is one of a
    hazard's facts. Closed hazards keep the street they had, so past reports never change."""
    moved = 0
    hazards = db.session.scalars(
        select(Hazard).where(
            Hazard.institution_id == institution_id,
            Hazard.street != street,
            Hazard.status.in_(LIVE_STATUSES),
        )
    ).all()
    for hazard in hazards:
        if change_facts(hazard, EventType.STREET_CHANGED, actor, {"street": street}) is not None:
            moved += 1
    return moved


def follow_institution(institution: Institution, *, actor: Principal, street: str) -> int:
    """The receiver of ``institutions.signals.street_changed`` (connected in
    ``create_app``): the institution's live hazards move with it."""
    return move_street(actor, institution.id, street)


def list_query(
    user: Principal,
    *,
    institution_id: int | None = None,
    status: str | None = None,
    severity: str | None = None,
    category: str | None = None,
    street: str | None = None,
    overdue: bool | None = None,
    now: datetime | None = None,
) -> Select[Hazard]:
    """Hazards the user may see, filtered, soonest deadline first."""
    query = policy.scope(user, select(Hazard).order_by(Hazard.due_at, Hazard.id))
    if institution_id is not None:
        query = query.where(Hazard.institution_id == institution_id)
    if status:
        query = query.where(Hazard.status == status)
    if severity:
        query = query.where(Hazard.severity == severity)
    if category:
        query = query.where(Hazard.category == category)
    if street:
        query = query.where(Hazard.street == street)
    if overdue is not None:
        now = now or utcnow()
        late = Hazard.status.not_in(CLOSED_STATUSES + WAITING_STATUSES) & (Hazard.due_at < now)
        query = query.where(late if overdue else ~late)
    return query


def confirmation_overdue(user: Principal, now: datetime | None = None) -> list[Hazard]:
    """Proposed major hazards (拟判重大) still live and found longer ago than the bureau's
    confirmation time limit (``MAJOR_CONFIRMATION_DAYS``), oldest first."""
    policy.require_district_reader(user)
    limit = (now or utcnow()) - timedelta(days=int(current_app.config["MAJOR_CONFIRMATION_DAYS"]))
    return list(
        db.session.scalars(
            select(Hazard)
            .where(
                Hazard.status.in_(LIVE_STATUSES),
                Hazard.severity == Severity.MAJOR,
                Hazard.severity_confirmed.is_(False),
                Hazard.found_at < limit,
            )
            .order_by(Hazard.found_at, Hazard.id)
        )
    )
