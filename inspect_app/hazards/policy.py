"""Who sees which hazard, and who may take which lifecycle action.

The state machine (``lifecycle.TRANSITIONS``) says where an action may lead; ``ACTORS``
says who may take it: managers rectify their own institution's hazards, the department
that found a general hazard reviews it, extends its deadline and refers it (a general
hazard civil affairs found is reviewed by its street's office too), and only the bureau
reviews major hazards (重大事故隐患), reclassifies and voids. A street officer sees only
its street's hazards.
"""

from __future__ import annotations

from sqlalchemy import Select

from inspect_app.checklists.models import Severity
from inspect_app.errors import Forbidden
from inspect_app.hazards.models import Hazard, HazardStatus
from inspect_app.principal import Department, Principal, Role

OFFICIALS = (Role.INSPECTOR, Role.BUREAU)

# An inspector of the department that found the hazard (``Hazard.department``; for a
# hazard recorded without one, any inspector).
FINDING_DEPARTMENT = "finding_department"

# A street officer (``Role.STREET``) of the hazard's street, for a hazard civil affairs found.
STREET_OFFICE = "street_office"

# action -> (who for a general hazard, who for a major one). The one who-may table: the
# roles, and ``FINDING_DEPARTMENT`` for the inspectors of the department that found it.
# Review stays with the department that found the hazard, or the bureau; major hazards
# are the bureau's.
ACTORS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "acknowledge": ((Role.MANAGER,), (Role.MANAGER,)),
    "rectify": ((Role.MANAGER,), (Role.MANAGER,)),
    "approve": ((Role.BUREAU, FINDING_DEPARTMENT, STREET_OFFICE), (Role.BUREAU,)),
    "reject": ((Role.BUREAU, FINDING_DEPARTMENT, STREET_OFFICE), (Role.BUREAU,)),
    "apply_extension": ((Role.MANAGER,), (Role.MANAGER,)),
    # Deciding an application for extension: the department that issued the notice.
    "extend": ((Role.BUREAU, FINDING_DEPARTMENT), (Role.BUREAU,)),
    "reclassify": ((Role.BUREAU,), (Role.BUREAU,)),
    "void": ((Role.BUREAU,), (Role.BUREAU,)),
    "refer": ((Role.BUREAU, FINDING_DEPARTMENT), (Role.BUREAU, FINDING_DEPARTMENT)),
}


def actors_for(action: str, severity: str) -> tuple[str, ...]:
    general, major = ACTORS[action]
    return major if severity == Severity.MAJOR else general


def roles_for(action: str, severity: str) -> tuple[Role, ...]:
    """The roles that may take ``action`` at all (an inspector perhaps only of the
    finding department)."""
    stand_ins = {FINDING_DEPARTMENT: Role.INSPECTOR, STREET_OFFICE: Role.STREET}
    return tuple(stand_ins.get(who) or Role(who) for who in actors_for(action, severity))


def of_finding_department(principal: Principal, hazard: Hazard) -> bool:
    return principal.is_inspector and (
        hazard.department is None or hazard.department == principal.department
    )


def of_street_office(principal: Principal, hazard: Hazard) -> bool:
    return (
        principal.is_street
        and hazard.street == principal.street
        and hazard.department in (None, Department.CIVIL_AFFAIRS)
    )


def may_take(principal: Principal, action: str, hazard: Hazard) -> bool:
    who = actors_for(action, hazard.severity)
    if principal.role in who:
        return True
    if STREET_OFFICE in who and of_street_office(principal, hazard):
        return True
    return FINDING_DEPARTMENT in who and of_finding_department(principal, hazard)


def require_may_take(principal: Principal, action: str, hazard: Hazard) -> None:
    if may_take(principal, action, hazard):
        return
    who = actors_for(action, hazard.severity)
    if principal.is_inspector and FINDING_DEPARTMENT in who:
        raise Forbidden(
            f"此隐患由发现部门（{hazard.department}）或区民政局处理 / "
            f"Only the department that found it ({hazard.department}) or the bureau may"
        )
    if (
        hazard.severity == Severity.MAJOR
        and principal.is_inspector
        and action in ("approve", "reject")
    ):
        raise Forbidden("重大事故隐患只能由区民政局复查 / Only the bureau reviews major hazards")
    raise Forbidden("你的角色不能执行此操作 / Your role cannot do this")


def scope(principal: Principal, query: Select) -> Select:
    """Managers see only their own institution's hazards, street officers their street's
    (the hazard's ``street``: a live one follows its institution); others do not exist
    for them."""
    if principal.is_manager:
        return query.where(Hazard.institution_id == principal.institution_id)
    if principal.is_street:
        return query.where(Hazard.street == principal.street)
    return query


def may_see(principal: Principal, hazard: Hazard) -> bool:
    if principal.is_manager:
        return hazard.institution_id == principal.institution_id
    if principal.is_street:
        return hazard.street == principal.street
    return True


def require_recorder(principal: Principal) -> None:
    if not principal.records:
        raise Forbidden("只有检查人员可以登记隐患 / Only inspectors record hazards")


def awaiting(principal: Principal, query: Select, visits: Select) -> Select:
    """Hazards waiting on the principal: a manager's to rectify; reviews for the bureau
    (all) and for an inspector (general hazards found by their department). ``visits``:
    the ids of the inspections the principal was assigned to (inspections' to say)."""
    if principal.is_manager:
        return query.where(
            Hazard.institution_id == principal.institution_id,
            Hazard.status.in_((HazardStatus.OPEN, HazardStatus.RECTIFYING)),
        )
    if principal.is_bureau:
        return query.where(Hazard.status == HazardStatus.PENDING_REVIEW)
    if principal.is_street:
        return query.where(
            Hazard.status == HazardStatus.PENDING_REVIEW,
            Hazard.severity == Severity.GENERAL,
            Hazard.street == principal.street,
            Hazard.department.is_(None) | (Hazard.department == Department.CIVIL_AFFAIRS),
        )
    # A general hazard is reviewed by the department that found it; one recorded without
    # a department, by the inspectors of its visit and its finder.
    return query.where(
        Hazard.status == HazardStatus.PENDING_REVIEW,
        Hazard.severity == Severity.GENERAL,
        (Hazard.department == principal.department)
        | (
            Hazard.department.is_(None)
            & ((Hazard.inspection_id.in_(visits)) | (Hazard.found_by_id == principal.id))
        ),
    )


def require_district_reader(principal: Principal) -> None:
    """District-wide lists (proposed majors past their confirmation limit): officials and
    the auditor, not a manager."""
    if principal.is_manager:
        raise Forbidden("机构管理员不可查看 / Not for managers")


def require_measure_taker(principal: Principal) -> None:
    """Supervision measures (挂牌督办, 约谈, 立案...) and voids are the bureau's."""
    if not principal.is_bureau:
        raise Forbidden("只有区民政局可以执行此操作 / Only the bureau may do this")


def require_auditor(principal: Principal) -> None:
    """Verifying the whole record is the bureau's job."""
    if not principal.is_bureau:
        raise Forbidden()
