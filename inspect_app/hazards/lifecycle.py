"""The hazard lifecycle: the table of actions, and taking one (or refusing, writing nothing).

Besides the institution's steps and the review (``perform``), the officials' decisions:
extending the deadline (整改延期), reclassifying (or confirming a proposed major hazard),
voiding one recorded in error, and referring one to another department (移送). Each is
one event; those that change a fact carry the new value (``chain.change_facts``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from inspect_app.checklists.models import Severity
from inspect_app.clock import utcnow
from inspect_app.errors import Conflict, Forbidden, InvalidInput, PreconditionFailed
from inspect_app.extensions import db
from inspect_app.hazards import evidence, policy
from inspect_app.hazards.chain import append_event, change_facts, fact_value
from inspect_app.hazards.listing import get_visible
from inspect_app.hazards.models import LIVE_STATUSES, EventType, Hazard, HazardEvent, HazardStatus
from inspect_app.notifications import inbox
from inspect_app.photos import attachments
from inspect_app.principal import Department, Principal, Role


@dataclass(frozen=True)
class Transition:
    """An action: the event it records, the states it may start from, where it leads
    (None: the status stays). Who may take it is ``policy.ACTORS``."""

    event: EventType
    sources: tuple[HazardStatus, ...]
    target: HazardStatus | None


TRANSITIONS: dict[str, Transition] = {
    "acknowledge": Transition(
        EventType.ACKNOWLEDGED, (HazardStatus.OPEN,), HazardStatus.RECTIFYING
    ),
    "rectify": Transition(
        EventType.RECTIFICATION_SUBMITTED,
        (HazardStatus.OPEN, HazardStatus.RECTIFYING),
        HazardStatus.PENDING_REVIEW,
    ),
    "approve": Transition(
        EventType.REVIEW_APPROVED, (HazardStatus.PENDING_REVIEW,), HazardStatus.CLEARED
    ),
    "reject": Transition(
        EventType.REVIEW_REJECTED, (HazardStatus.PENDING_REVIEW,), HazardStatus.RECTIFYING
    ),
    # The institution applies for more time while it still has the hazard to put right.
    "apply_extension": Transition(
        EventType.EXTENSION_REQUESTED, (HazardStatus.OPEN, HazardStatus.RECTIFYING), None
    ),
    # Officials' decisions, on live hazards only (a cleared or voided one is closed).
    "extend": Transition(EventType.DEADLINE_EXTENDED, LIVE_STATUSES, None),
    "reclassify": Transition(EventType.RECLASSIFIED, LIVE_STATUSES, None),
    "void": Transition(EventType.VOIDED, LIVE_STATUSES, HazardStatus.VOIDED),
    "refer": Transition(EventType.REFERRED, LIVE_STATUSES, None),
}

# The status each event leaves a hazard in (events not named leave it as it was; a
# ``found_again`` that sends a hazard back says so in ``data["status"]``). The audit
# holds every hazard row's status to its events with this.
STATUS_AFTER: dict[str, HazardStatus] = {
    EventType.FOUND: HazardStatus.OPEN,
    EventType.FIXED_ON_SITE: HazardStatus.CLEARED,
    **{t.event: t.target for t in TRANSITIONS.values() if t.target is not None},
}


def _is_replay(
    hazard: Hazard,
    actor: Principal,
    type_: str,
    note: str | None,
    photo_ids: list[str] | None,
    data: dict | None,
) -> bool:
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


def _require_allowed(
    user: Principal, hazard: Hazard, action: str, expected_version: int | None
) -> None:
    """The role (403), then the state (409), then the version the user saw (412)."""
    policy.require_may_take(user, action, hazard)
    if hazard.status not in TRANSITIONS[action].sources:
        raise Conflict(
            f"隐患当前状态为 {hazard.status}，不能执行此操作 / "
            f"Not allowed while the hazard is {hazard.status}"
        )
    if expected_version is not None and expected_version != hazard.row_version:
        raise PreconditionFailed()


def _is_fact_replay(
    hazard: Hazard, actor: Principal, type_: str, note: str | None, facts: dict
) -> bool:
    """A retried fact change: the last event is the same actor's same change."""
    if not hazard.events:
        return False
    last = hazard.events[-1]
    recorded = (last.data or {}).get("facts") or {}
    return (
        last.type == type_
        and last.actor_id == actor.id
        and (last.note or None) == (note or None)
        and all(recorded.get(name) == fact_value(value) for name, value in facts.items())
        and all(getattr(hazard, name) == value for name, value in facts.items())
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
    _require_allowed(user, hazard, action, expected_version)
    if action == "rectify" and not photo_ids:
        raise InvalidInput(errors={"photo_ids": ["整改需至少一张照片 / At least one photo"]})
    if action == "reject" and not (note or "").strip():
        raise InvalidInput(errors={"note": ["退回需说明理由 / A rejection needs a note"]})
    if action == "approve" and hazard.severity == Severity.MAJOR:
        require_on_site_recheck(hazard, (data or {}).get("inspection_id"))
    attachments.require_usable(user, photo_ids or [])  # before anything is written
    changes: dict = {"status": transition.target}
    if transition.target == HazardStatus.CLEARED:
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
    evidence.attach_photos(user, event, photo_ids or [])
    if action in DECISION_MESSAGES:
        said = DECISION_MESSAGES[action]
        reason = f"（{note}）" if note else ""
        inbox.notify_managers(
            hazard.institution_id,
            [
                (
                    hazard.id,
                    f"{said[0]}{reason}：{hazard.title} / "
                    f"{said[1]}: {hazard.title_en or hazard.title}",
                )
            ],
            transition.event,
        )
    return hazard


ON_SITE = (
    "重大事故隐患须经现场复查（两名执法人员的复查检查，附照片）确认已整改后方可销号 / A major "
    "hazard is cleared only on a re-inspection that found it rectified (a follow_up inspection "
    "by two officers, with photos), named by inspection_id"
)


def require_on_site_recheck(hazard: Hazard, inspection_id: str | None) -> None:
    """Majors close on site: the re-inspection named re-checked this hazard after its last
    rectification was submitted and found it rectified (its ``rechecked`` event), else 422."""
    submitted = max(
        (e.seq for e in hazard.events if e.type == EventType.RECTIFICATION_SUBMITTED), default=0
    )
    found = inspection_id is not None and any(
        e.type == EventType.RECHECKED
        and e.seq > submitted
        and (e.data or {}).get("inspection_id") == str(inspection_id)
        and (e.data or {}).get("result") == RECTIFIED
        for e in hazard.events
    )
    if not found:
        raise InvalidInput(ON_SITE, {"inspection_id": [ON_SITE]})


# The result of a re-inspection that found the hazard rectified (``inspections.models.
# RecheckResult``, the package above, says the same word).
RECTIFIED = "rectified"


def recheck(
    user: Principal,
    hazard: Hazard,
    *,
    inspection_id: uuid.UUID,
    result: str,
    note: str | None,
    photo_ids: list,
) -> None:
    """A re-inspection's (复查) finding on a live hazard: one ``rechecked`` event with its
    result and photos; the status stays (the review, naming the re-inspection, decides)."""
    if hazard.status not in LIVE_STATUSES:
        raise Conflict(
            f"隐患当前状态为 {hazard.status}，不能复查 / Not re-checkable while {hazard.status}"
        )
    event = append_event(
        hazard,
        EventType.RECHECKED,
        user,
        note=note,
        photo_ids=photo_ids,
        data={"inspection_id": str(inspection_id), "result": result},
        changes=BUMP,
        expected_status=hazard.status,
    )
    evidence.attach_photos(user, event, photo_ids)


# The reviewer's decisions on the institution's rectification, as its managers are told.
DECISION_MESSAGES = {
    "approve": ("整改复查通过，隐患已销号", "Rectification approved, hazard cleared"),
    "reject": ("整改复查不通过，请继续整改", "Rectification rejected, rectify again"),
}


BUMP = {"row_version": Hazard.row_version + 1}


def apply_for_extension(
    user: Principal,
    hazard_id: uuid.UUID,
    due_at: datetime,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Hazard:
    """申请延期: the institution asks for a later deadline, before the current one passes;
    one application at a time. The department that issued the notice decides
    (``decide_extension``). A retry of the same application answers the hazard."""
    hazard = get_visible(user, hazard_id)
    if hazard.extension_requested_at is not None and _is_replay(
        hazard, user, EventType.EXTENSION_REQUESTED, reason, [], {"due_at": fact_value(due_at)}
    ):
        return hazard
    _require_allowed(user, hazard, "apply_extension", expected_version)
    if hazard.extension_requested_at is not None:
        raise Conflict("已有待决定的延期申请 / An application for extension is already pending")
    if utcnow() >= hazard.due_at:
        raise Conflict("整改期限已过，不能再申请延期 / The deadline has passed: too late to apply")
    if due_at <= hazard.due_at:
        raise InvalidInput(
            errors={
                "due_at": ["申请的期限须晚于现有期限 / Must be later than the current deadline"]
            }
        )
    append_event(
        hazard,
        EventType.EXTENSION_REQUESTED,
        user,
        note=reason,
        data={"due_at": fact_value(due_at)},
        changes={"extension_requested_at": utcnow(), **BUMP},
        expected_status=hazard.status,
    )
    inbox.notify_department(
        hazard.department or Department.CIVIL_AFFAIRS,
        hazard.id,
        "extension_requested",
        f"机构申请延期：{hazard.title} / Extension applied for: {hazard.title_en or hazard.title}",
    )
    return hazard


def _pending_application(hazard: Hazard) -> tuple[int, datetime] | None:
    """The pending application's event seq and the deadline it asks for."""
    if hazard.extension_requested_at is None:
        return None
    for step in reversed(hazard.events):
        if step.type == EventType.EXTENSION_REQUESTED:
            return step.seq, datetime.fromisoformat(step.data["due_at"])
    return None


def _is_decision_replay(hazard: Hazard, user: Principal, decision: str, reason: str) -> bool:
    """The same official's same decision, already recorded and nothing pending since."""
    if hazard.extension_requested_at is not None or not hazard.events:
        return False
    last = hazard.events[-1]
    return (
        last.type in (EventType.DEADLINE_EXTENDED, EventType.EXTENSION_REFUSED)
        and last.actor_id == user.id
        and (last.data or {}).get("decision") == decision
        and (last.note or None) == (reason or None)
    )


def _record_extension_decision(
    hazard: Hazard,
    user: Principal,
    decision: str,
    reason: str,
    request_seq: int,
    new_due: datetime,
) -> HazardEvent:
    common = {"decision": decision, "request_seq": request_seq}
    also = {"extension_requested_at": None, **BUMP}
    if decision == "refuse":
        return append_event(
            hazard,
            EventType.EXTENSION_REFUSED,
            user,
            note=reason,
            data=common,
            changes=also,
            expected_status=hazard.status,
        )
    changed = change_facts(
        hazard,
        EventType.DEADLINE_EXTENDED,
        user,
        {"due_at": new_due},
        note=reason,
        data={**common, "previous_due_at": fact_value(hazard.due_at)},
        also={"overdue_recorded_at": None, "reminded_due_at": None, **also},
        expected_status=hazard.status,
    )
    assert changed is not None  # new_due is later than the deadline
    return changed


def decide_extension(
    user: Principal,
    hazard_id: uuid.UUID,
    decision: str,
    reason: str,
    *,
    due_at: datetime | None = None,
    expected_version: int | None = None,
) -> tuple[Hazard, int | None]:
    """同意/不同意延期: the issuing department (an inspector of it) or the bureau decides the
    pending application. Granted: the deadline becomes ``due_at`` (default: the one applied
    for; the original deadline is kept in ``original_due_at``) and the overdue marker and
    reminder are reset. Returns the hazard and the seq of the decision's event (None for a
    retry of a decision already recorded, which writes nothing)."""
    hazard = get_visible(user, hazard_id)
    if _is_decision_replay(hazard, user, decision, reason):
        return hazard, None
    _require_allowed(user, hazard, "extend", expected_version)
    pending = _pending_application(hazard)
    if pending is None:
        raise Conflict("没有待决定的延期申请 / No application for extension is pending")
    request_seq, requested = pending
    new_due = due_at or requested
    if decision == "grant" and new_due <= hazard.due_at:
        raise InvalidInput(
            errors={
                "due_at": ["延期后的期限须晚于现有期限 / Must be later than the current deadline"]
            }
        )
    try:
        with db.session.begin_nested():
            event = _record_extension_decision(hazard, user, decision, reason, request_seq, new_due)
    except Conflict:
        # Someone changed the hazard since it was read. When that was this very decision
        # sent twice at once (a phone's retry), the state asked for is there: answer it.
        db.session.expire(hazard)
        if _is_decision_replay(hazard, user, decision, reason):
            return hazard, None
        raise
    said = (
        ("同意延期", "Extension granted")
        if decision == "grant"
        else ("不同意延期，原整改期限不变", "Extension refused, the deadline stands")
    )
    inbox.notify_managers(
        hazard.institution_id,
        [
            (
                hazard.id,
                f"{said[0]}（{reason}）：{hazard.title} / "
                f"{said[1]}: {hazard.title_en or hazard.title}",
            )
        ],
        event.type,
    )
    return hazard, event.seq


def reclassify(
    user: Principal,
    hazard_id: uuid.UUID,
    severity: str,
    confirmed: bool | None,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Hazard:
    """Change the severity, or confirm a proposed major hazard (拟判重大 -> 重大). A general
    hazard is always confirmed; a major one is confirmed unless ``confirmed`` is false.
    The deadline stays: a new one is an extension of its own. Nothing changing (a retry
    among them) answers the hazard and writes nothing."""
    hazard = get_visible(user, hazard_id)
    _require_allowed(user, hazard, "reclassify", expected_version)
    if severity != Severity.MAJOR and confirmed is False:
        raise InvalidInput(
            errors={"confirmed": ["只有重大事故隐患可为拟判 / Only a major hazard can be proposed"]}
        )
    facts = {"severity": severity, "severity_confirmed": confirmed is not False}
    change_facts(
        hazard,
        EventType.RECLASSIFIED,
        user,
        facts,
        note=reason,
        also=BUMP,
        expected_status=hazard.status,
    )
    return hazard


def propose_void(
    user: Principal, hazard_id: uuid.UUID, reason: str, *, expected_version: int | None = None
) -> Hazard:
    """提请作废: one bureau officer proposes voiding a hazard recorded in error; another
    decides (``decide_void``). The hazard stays as it is meanwhile."""
    hazard = get_visible(user, hazard_id)
    if hazard.void_proposed_by_id == user.id and _is_replay(
        hazard, user, EventType.VOID_PROPOSED, reason, [], {}
    ):
        return hazard
    _require_allowed(user, hazard, "void", expected_version)
    if hazard.void_proposed_by_id is not None:
        raise Conflict("已有待决定的作废提请 / A void is already proposed")
    append_event(
        hazard,
        EventType.VOID_PROPOSED,
        user,
        note=reason,
        changes={"void_proposed_by_id": user.id, **BUMP},
        expected_status=hazard.status,
    )
    inbox.notify_role(
        Role.BUREAU,
        "void_proposed",
        f"提请作废隐患，待另一名工作人员决定：{hazard.title} / A void awaits a second officer",
    )
    return hazard


def decide_void(
    user: Principal,
    hazard_id: uuid.UUID,
    decision: str,
    note: str,
    *,
    expected_version: int | None = None,
) -> tuple[Hazard, int | None]:
    """A second bureau officer approves the proposed void (``voided``: kept for good,
    counted nowhere from then on; it frees the item for a new hazard) or declines it.
    Returns the hazard and the seq of the decision's event (None for a retry)."""
    hazard = get_visible(user, hazard_id)
    if hazard.void_proposed_by_id is None and hazard.events:
        last = hazard.events[-1]
        wanted = EventType.VOIDED if decision == "approve" else EventType.VOID_DECLINED
        if last.type == wanted and last.actor_id == user.id and (last.note or None) == note:
            return hazard, None
    _require_allowed(user, hazard, "void", expected_version)
    proposer = hazard.void_proposed_by_id
    if proposer is None:
        raise Conflict("没有待决定的作废提请 / No void is proposed")
    if proposer == user.id:
        raise Forbidden(
            "作废须由另一名区民政局工作人员批准 / A second bureau officer must decide the void"
        )
    data = {"proposed_by_id": proposer}
    if decision == "approve":
        event = append_event(
            hazard,
            EventType.VOIDED,
            user,
            note=note,
            data=data,
            changes={
                "status": HazardStatus.VOIDED,
                "voided_at": utcnow(),
                "void_proposed_by_id": None,
            },
            expected_status=hazard.status,
        )
        inbox.notify_managers(
            hazard.institution_id,
            [(hazard.id, f"隐患已撤销（{note}）：{hazard.title} / Hazard voided: {hazard.title}")],
            "voided",
        )
    else:
        event = append_event(
            hazard,
            EventType.VOID_DECLINED,
            user,
            note=note,
            data=data,
            changes={"void_proposed_by_id": None, **BUMP},
            expected_status=hazard.status,
        )
    return hazard, event.seq


def refer(
    user: Principal,
    hazard_id: uuid.UUID,
    department: str,
    note: str,
    *,
    expected_version: int | None = None,
) -> tuple[Hazard, int | None]:
    """移送: referred to another department, whose inspectors are told; the status stays,
    and so do the review rights (with the department that found it). Returns the hazard
    and the ``referred`` event's seq (None for a retry, which records nothing)."""
    hazard = get_visible(user, hazard_id)
    data = {"department": department}
    if _is_replay(hazard, user, EventType.REFERRED, note, [], data):
        return hazard, None
    _require_allowed(user, hazard, "refer", expected_version)
    if department not in list(Department) or department == hazard.department:
        raise InvalidInput(errors={"department": ["须移送至其他部门 / Must be another department"]})
    event = append_event(
        hazard,
        EventType.REFERRED,
        user,
        note=note,
        data=data,
        changes={"referred_to": department, **BUMP},
        expected_status=hazard.status,
    )
    inbox.notify_department(
        department,
        hazard.id,
        "referred",
        f"移送隐患：{hazard.title} / Hazard referred to you: {hazard.title_en or hazard.title}",
    )
    return hazard, event.seq
