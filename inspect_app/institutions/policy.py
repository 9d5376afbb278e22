"""Who sees which institution, and who keeps the directory: the bureau."""

from __future__ import annotations

from sqlalchemy import Select, select

from inspect_app.errors import Forbidden
from inspect_app.extensions import db
from inspect_app.institutions.models import Institution
from inspect_app.principal import Principal


def scope(principal: Principal, query: Select) -> Select:
    """A manager sees only its own institution, a street officer its street's; everyone
    else sees the whole directory."""
    if principal.is_manager:
        return query.where(Institution.id == principal.institution_id)
    if principal.is_street:
        return query.where(Institution.street == principal.street)
    return query


def in_street(principal: Principal) -> Select | None:
    """The ids of the institutions of a street officer's street (None: not a street
    officer), for the packages above that scope by institution."""
    if not principal.is_street:
        return None
    return select(Institution.id).where(Institution.street == principal.street)


def may_see(principal: Principal, institution_id: int) -> bool:
    if principal.is_manager:
        return principal.institution_id == institution_id
    if principal.is_street:
        street = db.session.scalar(
            select(Institution.street).where(Institution.id == institution_id)
        )
        return street == principal.street
    return True


def require_registrar(principal: Principal) -> None:
    """Registering and changing institutions is the bureau's job."""
    if not principal.is_bureau:
        raise Forbidden()
