"""Who sees which inspection, and who may record or change one."""

from __future__ import annotations

from sqlalchemy import Select

from inspect_app.errors import Conflict, Forbidden, NotFound
from inspect_app.inspections.models import Inspection
from inspect_app.institutions import policy as institution_policy
from inspect_app.principal import Principal

NOT_FOUND = "检查记录不存在 / Inspection not found"


def scope(principal: Principal, query: Select) -> Select:
    """Managers see only their own institution's submitted inspections (not drafts); a
    street officer its street's institutions' inspections."""
    if principal.is_manager:
        return query.where(
            Inspection.institution_id == principal.institution_id,
            Inspection.status == "submitted",
        )
    street = institution_policy.in_street(principal)
    if street is not None:
        return query.where(Inspection.institution_id.in_(street))
    return query


def may_see(principal: Principal, inspection: Inspection) -> bool:
    if principal.is_manager:
        return (
            inspection.institution_id == principal.institution_id
            and inspection.status == "submitted"
        )
    return institution_policy.may_see(principal, inspection.institution_id)


def require_recorder(principal: Principal, institution_id: int | None = None) -> None:
    """Only inspectors, street officers (in their street) and the bureau record
    inspections. To a manager, another institution's inspection does not exist, nor to a
    street officer another street's: 404 rather than 403, so nothing leaks."""
    if principal.is_manager and institution_id not in (None, principal.institution_id):
        raise NotFound(NOT_FOUND)
    if (
        principal.is_street
        and institution_id is not None
        and not institution_policy.may_see(principal, institution_id)
    ):
        raise NotFound(NOT_FOUND)
    if not principal.records:
        raise Forbidden("只有检查人员可以填写检查 / Only inspectors record inspections")


def require_editable(principal: Principal, inspection: Inspection) -> None:
    """A draft changes only by its creator, its assignees or the bureau."""
    if inspection.status != "draft":
        raise Conflict("检查已提交，不能修改 / The inspection is submitted and cannot change")
    assigned = {a.user_id for a in inspection.assignees} | {inspection.inspector_id}
    if not principal.is_bureau and principal.id not in assigned:
        raise Forbidden("这不是你的检查 / This inspection is not assigned to you")


def has_assignments(principal: Principal) -> bool:
    """Inspections are assigned to inspectors, street and bureau officers, never to managers."""
    return principal.records


def require_documents(principal: Principal, inspection: Inspection) -> None:
    """An inspection's documents: whoever may see the inspection, once it is submitted.

    A manager never sees drafts (404, as for the inspection itself); to an inspector or
    the bureau a draft exists but has no documents yet: 409."""
    if not may_see(principal, inspection):
        raise NotFound(NOT_FOUND)
    if inspection.status != "submitted":
        raise Conflict(
            "检查尚未提交，还没有文书 / The inspection is not submitted: no documents yet"
        )
