"""The principal: who is calling, detached from any session, with the role questions policy asks."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspect_app.accounts.models import User


class Role(enum.StrEnum):
    INSPECTOR = "inspector"
    MANAGER = "manager"
    BUREAU = "bureau"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user's identity and scope, detached from any session."""

    id: int
    username: str
    display_name: str
    role: str
    department: str | None
    institution_id: int | None
    token_expires_at: datetime
    # The bureau reset the password: until the user changes it, only that is allowed.
    password_change_required: bool = False

    @property
    def is_bureau(self) -> bool:
        return self.role == Role.BUREAU

    @property
    def is_inspector(self) -> bool:
        return self.role == Role.INSPECTOR

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_official(self) -> bool:
        """Inspectors and bureau officers: the people who inspect and review."""
        return self.role in (Role.INSPECTOR, Role.BUREAU)

    @property
    def user_id(self) -> int | None:
        """The user row to record as who did something; None for the system principal."""
        return self.id or None

    @classmethod
    def of(cls, user: User, token_expires_at: datetime | None = None) -> Principal:
        """The principal of a ``User`` row (for code that acts as a user outside a request)."""
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            department=user.department,
            institution_id=user.institution_id,
            token_expires_at=token_expires_at or datetime.max.replace(tzinfo=UTC),
            password_change_required=bool(user.password_change_required),
        )


# The operator at the shell (CLI commands) and the scheduler: bureau rights, no user row.
# Never recorded as an actor: its ``user_id`` is None.
SYSTEM = Principal(
    id=0,
    username="system",
    display_name="系统 / System",
    role=Role.BUREAU,
    department=None,
    institution_id=None,
    token_expires_at=datetime.max.replace(tzinfo=UTC),
)
