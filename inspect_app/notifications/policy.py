"""Who is told about what, and whose notifications one may read (only one's own)."""

from __future__ import annotations

from sqlalchemy import Select, select

from inspect_app.accounts.models import User
from inspect_app.notifications.models import Notification
from inspect_app.principal import Principal, Role


def scope(principal: Principal, query: Select) -> Select:
    return query.where(Notification.user_id == principal.id)


def hazard_recipients(institution_id: int) -> Select:
    """The institution's active managers and every active bureau officer."""
    return select(User.id).where(
        User.is_active.is_(True),
        ((User.role == Role.MANAGER) & (User.institution_id == institution_id))
        | (User.role == Role.BUREAU),
    )


def manager_recipients(institution_id: int) -> Select:
    """The institution's active managers."""
    return select(User.id).where(
        User.is_active.is_(True), User.role == Role.MANAGER, User.institution_id == institution_id
    )


def department_recipients(department: str) -> Select:
    """The active inspectors of one department (a hazard referred to it, 移送)."""
    return select(User.id).where(
        User.is_active.is_(True), User.role == Role.INSPECTOR, User.department == department
    )


def role_recipients(role: Role) -> Select:
    """Every active user of a role."""
    return select(User.id).where(User.is_active.is_(True), User.role == role).order_by(User.id)
