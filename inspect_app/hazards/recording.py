"""Recording hazards: from failed checklist items in bulk, or found outside any checklist."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NotRequired, TypedDict

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from inspect_app.clock import deadline_after, local_date, utcnow
from inspect_app.errors import Conflict, InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards import evidence, policy
from inspect_app.hazards.chain import (
    GENESIS_HASH,
    append_event,
    chain_hash,
    fact_value,
    facts_of,
)
from inspect_app.hazards.deadlines import due_days
from inspect_app.hazards.models import CLOSED_STATUSES, EventType, Hazard, HazardEvent, HazardStatus
from inspect_app.institutions import policy as institution_policy
from inspect_app.institutions.models import Institution
from inspect_app.notifications import inbox
from inspect_app.photos import attachments
from inspect_app.principal import Department, Principal


def new_hazard(
    actor: Principal,
    *,
    note: str | None,
    photo_ids: list,
    data: dict,
    **facts: Any,
) -> tuple[Hazard, HazardEvent]:
    """The one constructor of a hazard: its facts, its deadline and its first event
    (``found``), already chained, added to the session and not yet flushed (``built``
    says how)."""
    hazard, events = built(actor, note=note, photo_ids=photo_ids, data=data, **facts)
    db.session.add_all((hazard, *events))
    return hazard, events[0]


def built(
    actor: Principal,
    *,
    note: str | None,
    photo_ids: list,
    data: dict,
    **facts: Any,
) -> tuple[Hazard, list[HazardEvent]]:
    """A new hazard and its chained events, not yet in the session. The first event's
    ``data["facts"]`` holds the hazard's facts, so its hash covers them.

    ``due_days`` None: the configured default for the severity (the days used are stored).
    The department is the finder's (the bureau's own findings: civil affairs). A hazard
    ``fixed_on_site`` (当场整改) gets a second event at once, ``fixed_on_site``, that clears
    it as of its finding."""
    found_at = utcnow()
    # Column defaults apply only at flush; the first event hashes the facts before that.
    facts.setdefault("severity_confirmed", True)
    facts.setdefault("fixed_on_site", False)
    if facts.get("due_days") is None:
        facts["due_days"] = due_days(facts["severity"])
    facts.setdefault("department", actor.department or BUREAU_DEPARTMENT)
    hazard = Hazard(
        id=facts.pop("id", None) or uuid.uuid4(),
        status=HazardStatus.OPEN,
        found_at=found_at,
        due_at=deadline_after(found_at, facts["due_days"]),
        found_by_id=actor.id,
        row_version=1,
        **facts,
    )
    hazard.original_due_at = hazard.due_at
    event = HazardEvent(
        hazard_id=hazard.id,
        seq=1,
        type=EventType.FOUND,
        actor_id=actor.id,
        at=found_at,
        note=note,
        photo_ids=[str(p) for p in photo_ids],
        data={**data, "facts": facts_of(hazard)},
    )
    event.hash = chain_hash(GENESIS_HASH, event)
    hazard.events_head, hazard.event_count = event.hash, 1
    if not hazard.fixed_on_site:
        return hazard, [event]
    fixed = HazardEvent(
        hazard_id=hazard.id,
        seq=2,
        type=EventType.FIXED_ON_SITE,
        actor_id=actor.id,
        at=found_at,
        note="当场整改 / Fixed on site",
        photo_ids=[],
        data={},
    )
    fixed.hash = chain_hash(event.hash, fixed)
    hazard.status, hazard.cleared_at = HazardStatus.CLEARED, found_at
    hazard.events_head, hazard.event_count = fixed.hash, 2
    return hazard, [event, fixed]


# Who records a hazard for the bureau itself: the civil affairs department.
BUREAU_DEPARTMENT = Department.CIVIL_AFFAIRS


@dataclass(frozen=True)
class Finding:
    """A failed checklist item, as submitted: ``terms`` from the item or its failed choice
    (``terms.terms_of``), and what the inspector set on the answer."""

    checklist_key: str
    checklist_version: int
    category: str
    item: dict
    note: str | None
    photo_ids: list
    terms: dict
    due_days: int | None = None
    fixed_on_site: bool = False


@dataclass(frozen=True)
class FindingsPlan:
    """What a submit will record, decided before it writes: per failed item, the live
    hazard it repeats (``found_again``) or the id of the new hazard it raises."""

    steps: list[tuple[Finding, Hazard | None, uuid.UUID]]

    @property
    def hazard_ids(self) -> list[str]:
        return [str(repeated.id if repeated else new_id) for _, repeated, new_id in self.steps]

    def departments_to_order(self, actor: Principal) -> set[str]:
        """The departments whose findings this submit orders rectified (or refers): of
        every finding not fixed on site, the hazard's department (a new one's: the
        finder's)."""
        return {
            (repeated.department if repeated else actor.department) or BUREAU_DEPARTMENT
            for finding, repeated, _ in self.steps
            if not finding.fixed_on_site
        }


def plan_findings(institution_id: int, findings: list[Finding]) -> FindingsPlan:
    """Read which failed items repeat a live hazard of the institution; write nothing."""
    if not findings:
        return FindingsPlan([])
    live = {
        (hazard.checklist_key, hazard.item_code): hazard
        for hazard in db.session.scalars(
            select(Hazard).where(
                Hazard.institution_id == institution_id,
                Hazard.status.not_in(CLOSED_STATUSES),
                Hazard.item_code.in_([f.item["code"] for f in findings]),
            )
        )
    }
    return FindingsPlan(
        [(f, live.get((f.checklist_key, f.item["code"])), uuid.uuid4()) for f in findings]
    )


def record_findings(
    plan: FindingsPlan,
    *,
    inspection_id: uuid.UUID,
    institution_id: int,
    street: str,
    actor: Principal,
) -> None:
    """One hazard per failed item, in bulk; a repeat of a live hazard becomes ``found_again``.

    New hazards are written with their first event already chained, so a submit costs a
    few statements however many items failed. The partial unique index on live hazards
    per item guards against a race with another submit for the same institution.
    """
    told: list[Hazard] = []
    hazards: list[Hazard] = []
    events: list[HazardEvent] = []
    for finding, repeated, new_id in plan.steps:
        details = {
            "inspection_id": str(inspection_id),
            "checklist_version": finding.checklist_version,
        }
        if repeated is not None:
            _found_again(repeated, finding, details, actor)
            continue
        hazard, chain = built(
            actor,
            note=finding.note,
            photo_ids=finding.photo_ids,
            data=details,
            id=new_id,
            institution_id=institution_id,
            street=street,
            inspection_id=inspection_id,
            checklist_key=finding.checklist_key,
            checklist_version=finding.checklist_version,
            item_code=finding.item["code"],
            category=finding.category,
            severity=finding.terms["severity"],
            severity_confirmed=finding.terms["severity_confirmed"],
            due_days=finding.due_days
            if finding.due_days is not None
            else finding.terms["due_days"],
            fixed_on_site=finding.fixed_on_site,
            title=finding.item["prompt"]["zh"],
            title_en=finding.item["prompt"]["en"],
            description=finding.note,
        )
        hazards.append(hazard)
        events.extend(chain)
        if not hazard.fixed_on_site:
            told.append(hazard)
    if hazards:
        # Written as rows, hazards first and then their events, one executemany each:
        # nothing in the submit reads them back as objects, and the unit of work's
        # bookkeeping for a dozen new objects cost more than the writes (on SQLite it
        # inserted the events one by one, to read back ids nothing uses). The same rows,
        # the same chain hashes; the unique index on live hazards still refuses a race.
        db.session.execute(insert(Hazard), [_row(hazard) for hazard in hazards])
        db.session.execute(insert(HazardEvent), [_row(event) for event in events])
    tell_managers_found(institution_id, told)


def _row(built_object: Hazard | HazardEvent) -> dict:
    """The columns set on a built hazard or event (the others take their defaults)."""
    given = built_object.__dict__
    return {
        column.key: given[column.key]
        for column in type(built_object).__mapper__.column_attrs
        if column.key in given
    }


def tell_managers_found(institution_id: int, hazards: list[Hazard]) -> None:
    """The institution's managers hear of every new hazard to rectify (one fixed on site
    is already cleared: it is in the record, not in their inbox)."""
    inbox.notify_managers(
        institution_id,
        [
            (
                hazard.id,
                f"新隐患，请于 {local_date(hazard.due_at - timedelta(microseconds=1))} 前整改："
                f"{hazard.title} / New hazard to rectify: {hazard.title_en or hazard.title}",
            )
            for hazard in hazards
        ],
        "new_hazard",
    )


def _found_again(hazard: Hazard, finding: Finding, details: dict, actor: Principal) -> None:
    """A repeat of a live hazard. One awaiting review goes back to rectification in the
    same event: the institution's fix did not hold (unless the inspector fixed it on the
    spot this time)."""
    if finding.fixed_on_site:
        details = {**details, "fixed_on_site": True}
    if hazard.status != HazardStatus.PENDING_REVIEW or finding.fixed_on_site:
        changes: dict = {}
        if not finding.fixed_on_site and hazard.due_at < utcnow():
            # Overdue and found again: the visit says so and sets a new deadline (a fact;
            # lateness is still judged against ``original_due_at``).
            days = finding.due_days if finding.due_days is not None else finding.terms["due_days"]
            new_due = deadline_after(utcnow(), due_days(hazard.severity) if days is None else days)
            details = {
                **details,
                "overdue": True,
                "previous_due_at": fact_value(hazard.due_at),
                "facts": {"due_at": fact_value(new_due)},
            }
            changes = {
                "due_at": new_due,
                "overdue_recorded_at": None,
                "reminded_due_at": None,
                "row_version": Hazard.row_version + 1,
            }
        append_event(
            hazard,
            EventType.FOUND_AGAIN,
            actor,
            note=finding.note,
            photo_ids=finding.photo_ids,
            data=details,
            changes=changes or None,
        )
        return
    said = "再次发现，退回整改 / Found again while awaiting review: back to rectification"
    append_event(
        hazard,
        EventType.FOUND_AGAIN,
        actor,
        note=f"{said}\n{finding.note}" if finding.note else said,
        photo_ids=finding.photo_ids,
        data={**details, "status": HazardStatus.RECTIFYING},
        changes={"status": HazardStatus.RECTIFYING},
        expected_status=HazardStatus.PENDING_REVIEW,
    )


class NewHazardInput(TypedDict):
    """A hazard found outside any checklist, as ``POST /hazards`` gives it
    (``api/schemas/hazards.py``, ``HazardCreateSchema``)."""

    id: NotRequired[uuid.UUID]
    institution_id: int
    category: str
    severity: str
    title: str
    title_en: NotRequired[str | None]
    description: NotRequired[str | None]
    photo_ids: NotRequired[list[uuid.UUID]]


def record_hazard(user: Principal, data: NewHazardInput) -> tuple[Hazard, bool]:
    """A hazard found outside any checklist; the phone's id makes retries safe."""
    policy.require_recorder(user)
    hazard_id = data.get("id") or uuid.uuid4()
    existing = db.session.get(Hazard, hazard_id)
    if existing is not None:
        return _replayed(user, existing, data), False
    institution = db.session.get(Institution, data["institution_id"])
    if institution is None or not institution_policy.may_see(user, institution.id):
        raise InvalidInput(errors={"institution_id": ["机构不存在 / No such institution"]})
    photo_ids = data.get("photo_ids") or []
    attachments.require_usable(user, photo_ids)  # before anything is written
    savepoint = db.session.begin_nested()
    hazard, event = new_hazard(
        user,
        note=data.get("description"),
        photo_ids=photo_ids,
        data={"source": "outside_checklist"},
        id=hazard_id,
        institution_id=institution.id,
        street=institution.street,
        inspection_id=None,
        category=data["category"],
        severity=data["severity"],
        title=data["title"],
        title_en=data.get("title_en"),
        description=data.get("description"),
    )
    try:
        db.session.flush()
    except IntegrityError:
        # The phone's retry raced its first copy, which recorded the hazard.
        savepoint.rollback()
        winner = db.session.get_one(Hazard, hazard_id)
        return _replayed(user, winner, data), False
    savepoint.commit()
    evidence.attach_photos(user, event, photo_ids)
    tell_managers_found(institution.id, [hazard])
    return hazard, True


def _replayed(user: Principal, existing: Hazard, data: NewHazardInput) -> Hazard:
    """The same id again: the same finder at the same institution gets the hazard back."""
    if existing.found_by_id == user.id and existing.institution_id == data["institution_id"]:
        return existing
    raise Conflict("该隐患编号已被使用 / This hazard id is taken")
