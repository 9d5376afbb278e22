"""Who sees which institution, and who keeps the directory: the bureau."""

from __future__ import annotations

from sqlalchemy import Select

from inspect_app.errors import Forbidden
from inspect_app.institutions.models import Institution
from inspect_app.principal import Principal


def scope(principal: Principal, query: Select) -> Select:
    """A manager sees only its own institution; everyone else sees the whole directory."""
    if principal.is_manager:
        return query.where(Institution.id == principal.institution_id)
    return query


def may_see(principal: Principal, institution_id: int) -> bool:
    return not principal.is_manager or principal.institution_id == institution_id


def require_registrar(principal: Principal) -> None:
    """Registering and changing institutions is the bureau's job."""
    if not principal.is_bureau:
        raise Forbidden()
