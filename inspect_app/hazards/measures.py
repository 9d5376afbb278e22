"""The bureau's supervision measures (监管措施: 挂牌督办, 约谈, 立案, 停止收住, 停业整顿 and
temporary controls), on a hazard or on an institution.

Each is a row of ``measures`` (what the monthly report counts); one taken on account of a
hazard is also a ``measure_taken`` event in that hazard's chain (its record), whatever the
hazard's state (a case may be opened on a hazard already cleared late). The institution's
managers are told."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select

from inspect_app.extensions import db
from inspect_app.hazards import policy
from inspect_app.hazards.chain import append_event
from inspect_app.hazards.listing import get_visible
from inspect_app.hazards.models import EventType, Measure, MeasureKind
from inspect_app.institutions.directory import get_visible_institution
from inspect_app.notifications import inbox
from inspect_app.principal import Principal


def _is_replay(
    user: Principal, institution_id: int, hazard_id: uuid.UUID | None, kind: str, note: str
) -> Measure | None:
    """A phone's retry: the newest measure on the same object is the same officer's same one."""
    last = db.session.scalar(
        select(Measure)
        .where(Measure.institution_id == institution_id, Measure.hazard_id == hazard_id)
        .order_by(Measure.id.desc())
        .limit(1)
    )
    if last and last.actor_id == user.id and last.kind == kind and last.note == note:
        return last
    return None


def on_hazard(user: Principal, hazard_id: uuid.UUID, kind: str, note: str) -> Measure:
    """A measure taken on account of one hazard: a row and an event in its chain."""
    hazard = get_visible(user, hazard_id)
    policy.require_measure_taker(user)
    replay = _is_replay(user, hazard.institution_id, hazard.id, kind, note)
    if replay is not None:
        return replay
    event = append_event(hazard, EventType.MEASURE_TAKEN, user, note=note, data={"kind": kind})
    measure = Measure(
        institution_id=hazard.institution_id,
        hazard_id=hazard.id,
        kind=kind,
        note=note,
        taken_at=event.at,
        street=hazard.street,
        actor_id=user.id,
    )
    db.session.add(measure)
    db.session.flush()
    label = MeasureKind(kind).label
    inbox.notify_managers(
        hazard.institution_id,
        [(hazard.id, f"区民政局对隐患采取{label}：{hazard.title} / Measure taken: {kind}")],
        "measure_taken",
    )
    return measure


def on_institution(user: Principal, institution_id: int, kind: str, note: str) -> Measure:
    """A measure on the institution as a whole (约谈 its head, 停止收住...)."""
    institution = get_visible_institution(user, institution_id)
    policy.require_measure_taker(user)
    replay = _is_replay(user, institution.id, None, kind, note)
    if replay is not None:
        return replay
    measure = Measure(
        institution_id=institution.id,
        hazard_id=None,
        kind=kind,
        note=note,
        street=institution.street,
        actor_id=user.id,
    )
    db.session.add(measure)
    db.session.flush()
    label = MeasureKind(kind).label
    inbox.notify_managers(
        institution.id,
        [(None, f"区民政局对本机构采取{label}：{note} / Measure taken on the institution: {kind}")],
        "measure_taken",
    )
    return measure


def of_institution(user: Principal, institution_id: int) -> Select:
    """The measures on an institution and its hazards, newest first (its manager sees them)."""
    institution = get_visible_institution(user, institution_id)
    return (
        select(Measure)
        .where(Measure.institution_id == institution.id)
        .order_by(Measure.taken_at.desc(), Measure.id.desc())
    )
