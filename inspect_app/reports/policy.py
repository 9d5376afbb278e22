"""Who may have figures, reports and exports: the clearance board is for inspectors and the
bureau, monthly reports are the bureau's; a street officer has both for its own street
only (another street's answer 404); the ledger export is scoped like the hazard list (a
manager gets only its own institution's hazards, a street officer its street's)."""

from __future__ import annotations

from inspect_app.errors import Forbidden, NotFound
from inspect_app.principal import Principal

OTHER_STREET = "无此街镇 / No such street"


def _street_of(principal: Principal, street: str | None) -> str | None:
    """The street a street officer's figures are of: its own (asked or not); another
    street does not exist for it."""
    if not principal.is_street:
        return street
    if street not in (None, principal.street):
        raise NotFound(OTHER_STREET)
    return principal.street


def require_figures_reader(principal: Principal, street: str | None = None) -> str | None:
    """The clearance board is for inspectors, street officers and the bureau; the street
    it is of (a street officer's own)."""
    if not principal.records:
        raise Forbidden()
    return _street_of(principal, street)


def require_reporter(principal: Principal, street: str | None = None) -> str | None:
    """Monthly reports (district or street) are made and read by the bureau, a street's by
    its street officers too; the street the report is of."""
    if not (principal.is_bureau or principal.is_street):
        raise Forbidden("只有区民政局可以查看月度报告 / Only the bureau has monthly reports")
    return _street_of(principal, street)
