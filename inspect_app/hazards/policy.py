"""Who sees which hazard, who may take which lifecycle action, and who reads the figures.

The state machine (``lifecycle.TRANSITIONS``) says where an action may lead; this table
says who may take it: managers rectify their own institution's hazards, inspectors
review general ones, and only the bureau reviews major hazards (重大事故隐患).
"""

from __future__ import annotations

from sqlalchemy import Select, select

from inspect_app.accounts.principal import Principal, Role
from inspect_app.errors import Forbidden
from inspect_app.hazards.models import Hazard
from inspect_app.inspections.models import InspectionAssignee

OFFICIALS = (Role.INSPECTOR, Role.BUREAU)

# action -> (roles for a general hazard, roles for a major one)
ACTORS: dict[str, tuple[tuple[Role, ...], tuple[Role, ...]]] = {
    "acknowledge": ((Role.MANAGER,), (Role.MANAGER,)),
    "rectify": ((Role.MANAGER,), (Role.MANAGER,)),
    "approve": (OFFICIALS, (Role.BUREAU,)),
    "reject": (OFFICIALS, (Role.BUREAU,)),
}


def roles_for(action: str, severity: str) -> tuple[Role, ...]:
    general, major = ACTORS[action]
    return major if severity == "major" else general


def require_may_take(principal: Principal, action: str, hazard: Hazard) -> None:
    if principal.role not in roles_for(action, hazard.severity):
        raise Forbidden(
            "重大事故隐患只能由区民政局复查 / Only the bureau reviews major hazards"
            if hazard.severity == "major" and principal.is_inspector
            else "你的角色不能执行此操作 / Your role cannot do this"
        )


def scope(principal: Principal, query: Select) -> Select:
    """Managers see only their own institution's hazards; others do not exist for them."""
    if principal.is_manager:
        return query.where(Hazard.institution_id == principal.institution_id)
    return query


def may_see(principal: Principal, hazard: Hazard) -> bool:
    return not principal.is_manager or hazard.institution_id == principal.institution_id


def require_recorder(principal: Principal) -> None:
    if not principal.is_official:
        raise Forbidden("只有检查人员可以登记隐患 / Only inspectors record hazards")


def awaiting(principal: Principal, query: Select) -> Select:
    """Hazards waiting on the principal: a manager's to rectify; reviews for the bureau
    (all) and for an inspector (general hazards of their own visits and findings)."""
    if principal.is_manager:
        return query.where(
            Hazard.institution_id == principal.institution_id,
            Hazard.status.in_(("open", "rectifying")),
        )
    if principal.is_bureau:
        return query.where(Hazard.status == "pending_review")
    mine = select(InspectionAssignee.inspection_id).where(
        InspectionAssignee.user_id == principal.id
    )
    return query.where(
        Hazard.status == "pending_review",
        Hazard.severity == "general",
        (Hazard.inspection_id.in_(mine)) | (Hazard.found_by_id == principal.id),
    )


def require_figures_reader(principal: Principal) -> None:
    """The clearance board is for inspectors and the bureau."""
    if not principal.is_official:
        raise Forbidden()


def require_auditor(principal: Principal) -> None:
    """Verifying the whole record is the bureau's job."""
    if not principal.is_bureau:
        raise Forbidden()
