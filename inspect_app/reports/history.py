"""The record as it stood at a past moment: what a finished month's figures are made of.

A hazard's facts (severity, proposed or confirmed, deadline, street) are its row's, unless
an event at or after the moment changed them (an extension decided, a reclassification, a
move) or voided it: then they are replayed from its chain up to the moment (the ``found``
event's facts, then each later event's ``data["facts"]``). Such hazards are few, so the
figures read every other hazard by grouped queries, leave these out
(``Hazard.id.not_in``) and count these from their facts as of the moment (``Then``).

An institution's street and status at a moment come from ``institution_history``: a later
move or closure never rewrites a finished month."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from inspect_app.db import core_rows
from inspect_app.extensions import db
from inspect_app.hazards.chain import FACT_DEFAULTS
from inspect_app.hazards.lifecycle import STATUS_AFTER
from inspect_app.hazards.models import EventType, Hazard, HazardEvent, HazardStatus
from inspect_app.institutions.models import Institution, InstitutionHistory

# Events after which a hazard's row no longer says what the record said before them.
REWRITING = (
    EventType.DEADLINE_EXTENDED,
    EventType.RECLASSIFIED,
    EventType.STREET_CHANGED,
    EventType.VOIDED,
)
SUBMITTED = (EventType.RECTIFICATION_SUBMITTED,)
REVIEWED = (EventType.REVIEW_APPROVED, EventType.REVIEW_REJECTED)


@dataclass
class Then:
    """A hazard as the record stood at the moment."""

    id: uuid.UUID
    institution_id: int
    street: str
    severity: str
    severity_confirmed: bool
    due_at: datetime
    original_due_at: datetime
    found_at: datetime
    cleared_at: datetime | None
    fixed_on_site: bool
    waiting: bool  # awaiting review at the moment
    status: str  # at the moment: open or rectifying (or pending review: ``waiting``)

    def open_at(self, moment: datetime) -> bool:
        return self.found_at < moment and (self.cleared_at is None or self.cleared_at >= moment)


def _parse(value: object) -> object:
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def rewritten_since(moment: datetime) -> dict[uuid.UUID, Then]:
    """The hazards found before ``moment`` whose row was rewritten at or after it, as they
    stood at ``moment`` (one voided after it is there, as it was: not voided)."""
    ids = select(HazardEvent.hazard_id).where(
        HazardEvent.at >= moment, HazardEvent.type.in_(REWRITING)
    )
    hazards = db.session.scalars(
        select(Hazard).where(Hazard.id.in_(ids), Hazard.found_at < moment)
    ).all()
    if not hazards:
        return {}
    events = db.session.execute(
        select(HazardEvent.hazard_id, HazardEvent.type, HazardEvent.data)
        .where(HazardEvent.hazard_id.in_([h.id for h in hazards]), HazardEvent.at < moment)
        .order_by(HazardEvent.hazard_id, HazardEvent.seq)
    ).all()
    facts: dict[uuid.UUID, dict] = {}
    waiting: dict[uuid.UUID, bool] = {}
    status: dict[uuid.UUID, str] = {}
    for hazard_id, type_, data in events:
        if type_ in STATUS_AFTER:
            status[hazard_id] = STATUS_AFTER[type_]
        recorded = (data or {}).get("facts") or {}
        if type_ == EventType.FOUND:
            facts[hazard_id] = {**FACT_DEFAULTS, **recorded}
        else:
            facts.setdefault(hazard_id, {}).update(recorded)
        if type_ in SUBMITTED or type_ in REVIEWED:
            waiting[hazard_id] = type_ in SUBMITTED
    result = {}
    for hazard in hazards:
        then = {name: _parse(value) for name, value in facts.get(hazard.id, {}).items()}
        due_at = then.get("due_at") or hazard.due_at
        result[hazard.id] = Then(
            id=hazard.id,
            institution_id=hazard.institution_id,
            street=str(then.get("street") or hazard.street),
            severity=str(then.get("severity") or hazard.severity),
            severity_confirmed=bool(then.get("severity_confirmed", hazard.severity_confirmed)),
            due_at=due_at,  # type: ignore[arg-type]
            original_due_at=hazard.original_due_at or due_at,  # type: ignore[arg-type]
            found_at=hazard.found_at,
            # Kept by a void: a hazard voided after being cleared was cleared then.
            cleared_at=hazard.cleared_at,
            fixed_on_site=hazard.fixed_on_site,
            waiting=waiting.get(hazard.id, False),
            status=HazardStatus.PENDING_REVIEW
            if waiting.get(hazard.id)
            else (
                HazardStatus.RECTIFYING
                if status.get(hazard.id, HazardStatus.OPEN) != HazardStatus.OPEN
                else HazardStatus.OPEN
            ),
        )
    return result


def institutions_at(moment: datetime) -> dict[int, tuple[str, str]]:
    """id -> (street, status) of every institution as the directory stood at ``moment``:
    its last history row before then; one first recorded later (registered after the
    fact, or loaded in bulk) as first recorded, the state nearest to the moment known."""
    return _institutions_at((moment,))[0]


def _institutions_at(moments: tuple[datetime, ...]) -> list[dict[int, tuple[str, str]]]:
    """``institutions_at`` for each of ``moments``, reading what they share once: each
    institution's first history row, and the institutions without any."""
    columns = (InstitutionHistory.institution_id, InstitutionHistory.street)
    first_ever = select(func.min(InstitutionHistory.id)).group_by(InstitutionHistory.institution_id)
    first = core_rows(
        db.session,
        select(*columns, InstitutionHistory.status).where(InstitutionHistory.id.in_(first_ever)),
    )
    # Institutions without any history row (written around the ORM): as they are.
    without_history = core_rows(
        db.session,
        select(Institution.id, Institution.street, Institution.status).where(
            ~select(InstitutionHistory.id)
            .where(InstitutionHistory.institution_id == Institution.id)
            .exists()
        ),
    )
    out = []
    for moment in moments:
        last_before = (
            select(func.max(InstitutionHistory.id))
            .where(InstitutionHistory.at < moment)
            .group_by(InstitutionHistory.institution_id)
        )
        found = {row[0]: (row[1], row[2]) for row in first}
        for row in core_rows(  # the row before the moment wins
            db.session,
            select(*columns, InstitutionHistory.status).where(
                InstitutionHistory.id.in_(last_before)
            ),
        ):
            found[row[0]] = (row[1], row[2])
        for row in without_history:
            found[row[0]] = (row[1], row[2])
        out.append(found)
    return out


def operating_during(since: datetime, until: datetime) -> dict[int, str]:
    """id -> street at ``until`` of the institutions in operation at some time in
    [since, until): operating at ``since`` or made operating within the period."""
    at_start, at_end = _institutions_at((since, until))
    operating = {i for i, (_, status) in at_start.items() if status == "operating"}
    operating |= set(
        db.session.scalars(
            select(InstitutionHistory.institution_id).where(
                and_(
                    InstitutionHistory.at >= since,
                    InstitutionHistory.at < until,
                    or_(InstitutionHistory.status == "operating"),
                )
            )
        )
    )
    return {i: at_end[i][0] for i in operating if i in at_end}
