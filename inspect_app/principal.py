"""The principal: who is calling, detached from any session, with the role questions policy asks.

Below every part of the domain (every package's policy asks it), so it knows no model: a
principal is made from anything shaped like a user row (``accounts.models.User``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from inspect_app.names import LabelledEnum


class Role(LabelledEnum):
    INSPECTOR = ("inspector", "检查员")
    MANAGER = ("manager", "机构管理员")
    BUREAU = ("bureau", "区民政局")
    # Reads every spot-check plan, draw, redraw and result with its full inputs, and
    # verifies the draws; changes nothing (审计监督).
    AUDITOR = ("auditor", "审计员")
    # A street's civil affairs office (街镇): day-to-day checks of its street's homes, the
    # review of their general hazards, its street's monthly report; scoped to ``street``.
    STREET = ("street", "街镇")


class Department(LabelledEnum):
    """The departments of joint supervision (综合监管), and housing, to which a hazard may
    be referred (移送) but whose officers do not use the system."""

    CIVIL_AFFAIRS = ("civil_affairs", "民政")
    FIRE = ("fire", "消防")
    MARKET_REGULATION = ("market_regulation", "市场监管")
    HEALTH = ("health", "卫生健康")
    HOUSING = ("housing", "住房城乡建设")


# The departments whose officers are users (inspectors) and so join a spot check's pool.
STAFF_DEPARTMENTS: tuple[Department, ...] = tuple(d for d in Department if d != Department.HOUSING)


class UserLike(Protocol):
    """What a principal is made from: a user row (``accounts.models.User``)."""

    @property
    def id(self) -> int: ...
    @property
    def username(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def department(self) -> str | None: ...
    @property
    def institution_id(self) -> int | None: ...
    @property
    def password_change_required(self) -> bool: ...
    @property
    def street(self) -> str | None: ...


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
    # A street officer's street (``Role.STREET``): the one street it sees.
    street: str | None = None

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
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def is_street(self) -> bool:
        return self.role == Role.STREET

    @property
    def is_official(self) -> bool:
        """Inspectors and bureau officers: the people who inspect and review, district-wide.
        A street officer inspects and reviews too, but only in its street: each policy
        grants it what it may, scoped (``records``)."""
        return self.role in (Role.INSPECTOR, Role.BUREAU)

    @property
    def records(self) -> bool:
        """May record inspections and hazards: an official, or a street officer (in its
        street, which the policies check)."""
        return self.is_official or self.is_street

    @property
    def scoped_street(self) -> str | None:
        """The one street a street officer sees; None for everyone else."""
        return self.street if self.is_street else None

    @property
    def user_id(self) -> int | None:
        """The user row to record as who did something; None for the system principal."""
        return self.id or None

    @classmethod
    def of(cls, user: UserLike, token_expires_at: datetime | None = None) -> Principal:
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
            street=user.street,
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
