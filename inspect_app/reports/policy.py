"""Who may have figures, reports and exports: the clearance board is for inspectors and the
bureau, monthly reports are the bureau's; the ledger export is scoped like the hazard list
(a manager gets only its own institution's hazards)."""

from __future__ import annotations

from inspect_app.errors import Forbidden
from inspect_app.principal import Principal


def require_figures_reader(principal: Principal) -> None:
    """The clearance board is for inspectors and the bureau."""
    if not principal.is_official:
        raise Forbidden()


def require_reporter(principal: Principal) -> None:
    """Monthly reports (district or street) are made and read by the bureau."""
    if not principal.is_bureau:
        raise Forbidden("只有区民政局可以查看月度报告 / Only the bureau has monthly reports")
