"""Who may administer accounts: the bureau."""

from __future__ import annotations

from inspect_app.errors import Forbidden
from inspect_app.principal import Principal


def require_user_admin(principal: Principal) -> None:
    """Creating, changing and listing users is the bureau's job."""
    if not principal.is_bureau:
        raise Forbidden()


def require_officer_listing(principal: Principal) -> None:
    """Inspectors and street officers pick their fellow officers for a visit; the bureau
    sees them too."""
    if not principal.records:
        raise Forbidden()
