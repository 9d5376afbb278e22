"""The principal: who is calling, detached from any session, with the role questions policy asks."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


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
