"""The hazard lifecycle: the table of actions, and taking one (or refusing, writing nothing)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from inspect_app.accounts.principal import Principal
from inspect_app.db import utcnow
from inspect_app.errors import Conflict, InvalidInput, PreconditionFailed
from inspect_app.hazards import policy
from inspect_app.hazards.chain import append_event
from inspect_app.hazards.listing import get_visible
from inspect_app.hazards.models import Hazard
from inspect_app.photos import attachments


@dataclass(frozen=True)
class Transition:
    """An action: the event it records, the states it may start from, where it leads.
    Who may take it is ``policy.ACTORS``."""

    event: str
    sources: tuple[str, ...]
    target: str


TRANSITIONS: dict[str, Transition] = {
    "acknowledge": Transition("acknowledged", ("open",), "rectifying"),
    "rectify": Transition("rectification_submitted", ("open", "rectifying"), "pending_review"),
    "approve": Transition("review_approved", ("pending_review",), "cleared"),
    "reject": Transition("review_rejected", ("pending_review",), "rectifying"),
}


def _is_replay(hazard: Hazard, actor: Principal, type_: str, note, photo_ids, data) -> bool:
    """The phone retried an action that already succeeded: answer it, write nothing."""
    if not hazard.events:
        return False
    last = hazard.events[-1]
    return (
        last.type == type_
        and last.actor_id == actor.id
        and (last.note or None) == (note or None)
        and [str(p) for p in last.photo_ids or []] == [str(p) for p in photo_ids or []]
        and (last.data or {}) == (data or {})
    )


def perform(
    user: Principal,
    hazard_id: uuid.UUID,
    action: str,
    *,
    note: str | None = None,
    photo_ids: list | None = None,
    data: dict | None = None,
    expected_version: int | None = None,
) -> Hazard:
    """Take one lifecycle action, as the state machine allows, or refuse and write nothing."""
    hazard = get_visible(user, hazard_id)
    transition = TRANSITIONS[action]
    if _is_replay(hazard, user, transition.event, note, photo_ids, data):
        return hazard
    policy.require_may_take(user, action, hazard)
    if hazard.status not in transition.sources:
        raise Conflict(
            f"隐患当前状态为 {hazard.status}，不能执行此操作 / "
            f"Not allowed while the hazard is {hazard.status}"
        )
    if expected_version is not None and expected_version != hazard.row_version:
        raise PreconditionFailed()
    if action == "rectify" and not photo_ids:
        raise InvalidInput(errors={"photo_ids": ["整改需至少一张照片 / At least one photo"]})
    if action == "reject" and not (note or "").strip():
        raise InvalidInput(errors={"note": ["退回需说明理由 / A rejection needs a note"]})
    attachments.require_usable(user, photo_ids or [])  # before anything is written
    changes: dict = {"status": transition.target}
    if transition.target == "cleared":
        changes["cleared_at"] = utcnow()
    event = append_event(
        hazard,
        transition.event,
        user,
        note=note,
        photo_ids=photo_ids,
        data=data,
        changes=changes,
        expected_status=hazard.status,
    )
    attachments.attach_to_hazard_event(user, event, photo_ids or [])
    return hazard
