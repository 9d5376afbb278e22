"""The event chain (全过程记录): each event carries SHA-256 of the previous hash and itself.

Every change is one appended event and one conditional UPDATE of the hazard row
(``WHERE event_count = seen``): of two people acting at once exactly one wins.

The hazard's facts (``FACTS``) are part of the chain: the first event (``found``) carries
them all in ``data["facts"]``, and every later change of a fact is an event carrying the
new values the same way (``change_facts``), so the facts on the hazard row can always be
checked against the facts as of its events (``audit.verify_chains``)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime

from sqlalchemy import update

from inspect_app.clock import utcnow
from inspect_app.db import affected_rows
from inspect_app.errors import Conflict
from inspect_app.extensions import db
from inspect_app.hazards.models import Hazard, HazardEvent
from inspect_app.principal import Principal

GENESIS_HASH = "0" * 64

# What was found, where and by whom, and by when it must be put right: none of these
# changes without an event saying so.
FACTS = (
    "institution_id",
    "street",
    "inspection_id",
    "checklist_key",
    "checklist_version",
    "item_code",
    "category",
    "severity",
    "severity_confirmed",
    "title",
    "found_at",
    "due_at",
    "due_days",
    "found_by_id",
    "department",
    "fixed_on_site",
)
# Facts added after the first hazards were recorded: a ``found`` event that predates
# them is read as having recorded these values.
FACT_DEFAULTS = {
    "severity_confirmed": True,
    "due_days": None,
    "department": None,
    "fixed_on_site": False,
}


def fact_value(value: object) -> object:
    """A fact as it is hashed: datetimes in UTC to the microsecond, ids as strings."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def facts_of(hazard: object) -> dict:
    """The facts of a hazard (or of a row selecting the same columns), as hashed."""
    return {name: fact_value(getattr(hazard, name)) for name in FACTS}


def event_payload(event: HazardEvent) -> dict:
    """What an event's hash covers: every field a person could dispute."""
    return {
        "hazard_id": str(event.hazard_id),
        "seq": event.seq,
        "type": event.type,
        "actor_id": event.actor_id,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "note": event.note,
        "photo_ids": [str(p) for p in (event.photo_ids or [])],
        "data": event.data or {},
    }


def chain_hash(previous_hash: str, event: HazardEvent) -> str:
    canonical = json.dumps(
        event_payload(event), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256((previous_hash + canonical).encode()).hexdigest()


def append_event(
    hazard: Hazard,
    type_: str,
    actor: Principal | None,
    *,
    note: str | None = None,
    photo_ids: list | None = None,
    data: dict | None = None,
    changes: dict | None = None,
    expected_status: str | None = None,
) -> HazardEvent:
    """Append one event and apply ``changes`` to the hazard in one conditional UPDATE.

    The UPDATE is the claim: it matches only if nobody appended since we read the
    hazard (and, for transitions, only if the status is still the one we saw).
    """
    seq = hazard.event_count + 1
    event = HazardEvent(
        hazard_id=hazard.id,
        seq=seq,
        type=type_,
        actor_id=actor.user_id if actor else None,
        at=utcnow(),
        note=note,
        photo_ids=[str(p) for p in (photo_ids or [])],
        data=data or {},
    )
    event.hash = chain_hash(hazard.events_head or GENESIS_HASH, event)
    values = {"events_head": event.hash, "event_count": seq, **(changes or {})}
    if "status" in values:
        values["row_version"] = Hazard.row_version + 1
    claim = update(Hazard).where(Hazard.id == hazard.id, Hazard.event_count == seq - 1)
    if expected_status is not None:
        claim = claim.where(Hazard.status == expected_status)
    result = db.session.execute(claim.values(**values).execution_options(synchronize_session=False))
    if affected_rows(result) != 1:
        raise Conflict("隐患已被他人处理，请刷新后重试 / Someone else changed this hazard; reload")
    db.session.add(event)
    db.session.flush()
    db.session.expire(hazard, [*values, "events"])
    return event


def change_facts(
    hazard: Hazard,
    type_: str,
    actor: Principal | None,
    changes: dict,
    *,
    note: str | None = None,
    data: dict | None = None,
    also: dict | None = None,
    expected_status: str | None = None,
) -> HazardEvent | None:
    """Change facts of a hazard (severity, deadline, street...) as one event carrying the
    new values in ``data["facts"]``; nothing is written when nothing changes. ``also``:
    columns that are not facts, changed in the same UPDATE (an overdue marker reset)."""
    unknown = set(changes) - set(FACTS)
    if unknown:
        raise ValueError(f"not facts of a hazard: {sorted(unknown)}")
    changed = {name: value for name, value in changes.items() if getattr(hazard, name) != value}
    if not changed:
        return None
    facts = {name: fact_value(value) for name, value in changed.items()}
    return append_event(
        hazard,
        type_,
        actor,
        note=note,
        data={**(data or {}), "facts": facts},
        changes={**changed, **(also or {})},
        expected_status=expected_status,
    )
