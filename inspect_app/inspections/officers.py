"""The officers on an inspection (检查人员) and the institution's person present.

An inspection that issues documents is carried out by at least two officers holding
enforcement certificates (执法证; 《行政处罚法》第四十二条 asks it of enforcement, and the
bureau asks it of every visit whose record is served). The team is the inspection's
assignees: its creator, the officers named in ``assignee_ids`` on ``PUT
/inspections/{id}``, and for a spot check the team its draw made. An officer counts
towards the two when the account is active, is an inspector or bureau officer, and
carries an enforcement certificate number.

Submit answers 422 until two certified officers are on the team and the institution's
person present (name and position) is given: the on-site record names them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from inspect_app.accounts.models import User
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, InspectionAssignee, InspectionKind
from inspect_app.principal import Principal, Role

REQUIRED_CERTIFIED = 2
OFFICIAL_ROLES = (Role.INSPECTOR, Role.BUREAU, Role.STREET)


@dataclass(frozen=True)
class Officer:
    id: int
    name: str
    department: str | None
    cert_no: str | None
    active: bool
    role: str

    @property
    def certified(self) -> bool:
        """May count towards the two: active, an official, with a certificate number."""
        return self.active and self.role in OFFICIAL_ROLES and bool(self.cert_no)


def set_team(inspection: Inspection, caller: Principal, assignee_ids: list[int]) -> None:
    """Make the team the officers named, with the caller and the creator always on it.
    A spot check keeps the team its draw made: officers may be added, not removed."""
    named = list(dict.fromkeys(assignee_ids))
    users = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(named)))}
        if named
        else {}
    )
    faults = [
        f"用户 {user_id} 不是在职的检查人员 / User {user_id} is not an active inspector "
        "or bureau officer"
        for user_id in named
        if user_id not in users
        or not users[user_id].is_active
        or users[user_id].role not in OFFICIAL_ROLES
    ]
    if faults:
        raise InvalidInput(errors={"assignee_ids": faults})
    current = {a.user_id for a in inspection.assignees}
    kept = {inspection.inspector_id, *([caller.id] if caller.user_id else [])}
    if inspection.kind == InspectionKind.SPOT_CHECK:
        kept |= current
    wanted = kept | set(named)
    for assignee in [a for a in inspection.assignees if a.user_id not in wanted]:
        inspection.assignees.remove(assignee)
    for user_id in sorted(wanted - current):
        inspection.assignees.append(InspectionAssignee(user_id=user_id))


def team_of(inspection: Inspection) -> list[Officer]:
    """The one who recorded it first, then the other assignees by id."""
    ids = [inspection.inspector_id] + [
        user_id for user_id in inspection.assignee_ids if user_id != inspection.inspector_id
    ]
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return [
        Officer(
            id=user.id,
            name=user.display_name,
            department=user.department,
            cert_no=user.enforcement_cert_no,
            active=user.is_active,
            role=user.role,
        )
        for user in (users.get(user_id) for user_id in ids)
        if user is not None
    ]


def require_people(inspection: Inspection) -> None:
    """422 unless two certified officers are on the team and the person present is named."""
    errors: dict[str, list[str]] = {}
    team = team_of(inspection)
    certified = [o for o in team if o.certified]
    if len(certified) < REQUIRED_CERTIFIED:
        without = [o.name for o in team if not o.certified]
        errors["assignee_ids"] = [
            f"须有至少 {REQUIRED_CERTIFIED} 名持执法证的检查人员，现有 {len(certified)} 名"
            + (f"（未持证或已停用：{'、'.join(without)}）" if without else "")
            + f" / At least {REQUIRED_CERTIFIED} officers holding enforcement certificates "
            f"are needed; there are {len(certified)}"
        ]
    required = {
        "present_person_name": "提交前须填写被检查单位在场人员的姓名 / Required before submit: "
        "the name of the institution's person present",
        "present_person_position": "提交前须填写在场人员的职务 / Required before submit: "
        "the position of the institution's person present",
    }
    for field, fault in required.items():
        if not (getattr(inspection, field) or "").strip():
            errors[field] = [fault]
    if not errors:
        return
    if "assignee_ids" in errors:
        message = (
            "检查须由两名以上持执法证的检查人员进行，请添加检查人员 / An inspection needs "
            "at least two officers holding enforcement certificates: add an officer"
        )
    else:
        message = (
            "请填写被检查单位在场人员的姓名和职务 / Give the name and position of the "
            "institution's person present"
        )
    raise InvalidInput(message, errors)
