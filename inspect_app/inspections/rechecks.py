"""A re-inspection (复查): a ``follow_up`` inspection names the hazards it re-checks on site.

The draft (``PUT /inspections/{id}``, ``rechecks``) names live hazards of its institution,
each with what the officers found (``RecheckResult``), a note and photos; only a
``follow_up`` names any, and it names at least one. Submitting needs a photo per hazard
re-checked (and, as every visit, two certified officers: ``officers``), and records a
``rechecked`` event on each hazard with the result and the photos. A major hazard's
rectification is approved only on such a re-inspection that found it rectified
(``hazards.lifecycle.require_on_site_recheck``): majors close on site."""

from __future__ import annotations

import uuid
from typing import NotRequired, TypedDict

from sqlalchemy import select

from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards import lifecycle
from inspect_app.hazards import policy as hazard_policy
from inspect_app.hazards.models import LIVE_STATUSES, Hazard
from inspect_app.inspections.models import Inspection, InspectionKind, RecheckResult
from inspect_app.photos import attachments
from inspect_app.principal import Principal

NONE_NAMED = "复查须列出所复查的隐患 / A follow_up names the hazards it re-checks"


class RecheckInput(TypedDict):
    """One hazard re-checked, as the draft gives it (``RecheckSchema``)."""

    hazard_id: uuid.UUID
    result: str
    note: NotRequired[str | None]
    photo_ids: NotRequired[list[uuid.UUID]]


def set_rechecks(
    user: Principal, inspection: Inspection, kind: str, rechecks: list[RecheckInput] | None
) -> None:
    """Keep what the draft says it re-checks, or refuse it (422, nothing written)."""
    if kind != InspectionKind.FOLLOW_UP:
        if rechecks:
            raise InvalidInput(
                errors={"rechecks": ["只有复查可列复查隐患 / Only a follow_up re-checks hazards"]}
            )
        inspection.rechecks = None
        return
    if rechecks is None:
        if inspection.rechecks:
            return  # left out: unchanged
        rechecks = []
    if not rechecks:
        raise InvalidInput(errors={"rechecks": [NONE_NAMED]})
    ids = [r["hazard_id"] for r in rechecks]
    if len(set(ids)) != len(ids):
        raise InvalidInput(errors={"rechecks": ["隐患重复 / A hazard is named twice"]})
    hazards = {h.id: h for h in db.session.scalars(select(Hazard).where(Hazard.id.in_(ids)))}
    faults = [
        f"{hazard_id}: 不是本机构的在册隐患 / not a live hazard of this institution"
        for hazard_id in ids
        if (hazard := hazards.get(hazard_id)) is None
        or not hazard_policy.may_see(user, hazard)
        or hazard.institution_id != inspection.institution_id
        or hazard.status not in LIVE_STATUSES
    ]
    if faults:
        raise InvalidInput(errors={"rechecks": faults})
    photo_ids = [p for r in rechecks for p in r.get("photo_ids") or []]
    attachments.require_usable(user, photo_ids)
    inspection.rechecks = [
        {
            "hazard_id": str(r["hazard_id"]),
            "result": RecheckResult(r["result"]).value,
            "note": (r.get("note") or "").strip() or None,
            "photo_ids": [str(p) for p in r.get("photo_ids") or []],
        }
        for r in rechecks
    ]


def require_complete(inspection: Inspection) -> None:
    """Before submit: a photo for every hazard re-checked (422 naming them)."""
    if inspection.kind != InspectionKind.FOLLOW_UP:
        return
    if not inspection.rechecks:
        raise InvalidInput(errors={"rechecks": [NONE_NAMED]})
    without = [r["hazard_id"] for r in inspection.rechecks if not r.get("photo_ids")]
    if without:
        raise InvalidInput(
            "复查的每项隐患须附现场照片 / Every hazard re-checked needs a photo",
            {"rechecks": [f"{hazard_id}: 无照片 / no photo" for hazard_id in without]},
        )


def record(user: Principal, inspection: Inspection) -> None:
    """At submit (inside its transaction): a ``rechecked`` event on each hazard."""
    for item in inspection.rechecks or []:
        hazard = db.session.get_one(Hazard, uuid.UUID(item["hazard_id"]))
        lifecycle.recheck(
            user,
            hazard,
            inspection_id=inspection.id,
            result=item["result"],
            note=item.get("note"),
            photo_ids=item.get("photo_ids") or [],
        )
