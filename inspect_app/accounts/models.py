"""Users, their login tokens and the record of failed logins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.clock import utcnow
from inspect_app.db import Base, UTCDateTime, sql_in
from inspect_app.principal import STAFF_DEPARTMENTS, Role


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(sql_in("role", Role), name="role"),
        CheckConstraint(
            f"department IS NULL OR {sql_in('department', STAFF_DEPARTMENTS)}", name="dept"
        ),
        CheckConstraint("role <> 'manager' OR institution_id IS NOT NULL", name="manager_inst"),
        CheckConstraint("role <> 'inspector' OR department IS NOT NULL", name="inspector_dept"),
        CheckConstraint("role <> 'street' OR street IS NOT NULL", name="street_street"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    department: Mapped[str | None] = mapped_column(String(32))
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="RESTRICT"), index=True
    )
    # A street officer's street (街镇, ``Role.STREET``); None for every other role.
    street: Mapped[str | None] = mapped_column(String(50))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Set when the bureau resets the password: until the user changes it, their token
    # may only change the password (``api/auth.py``).
    password_change_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    # 执法证号: only inspectors holding one enter the spot-check pool (执法检查人员名录库).
    enforcement_cert_no: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    institution = relationship("Institution", lazy="raise")


class AuthToken(Base):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no token."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginFailure(Base):
    """One failed login, kept for a short window to slow password guessing."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


ACCOUNT_EVENTS = ("password_changed", "password_reset", "deactivated", "reactivated")


class AccountEvent(Base):
    """What happened to an account and who did it (the audit of accounts): a password
    changed by its user or reset by the bureau, a deactivation, a reactivation."""

    __tablename__ = "account_events"
    __table_args__ = (CheckConstraint(sql_in("type", ACCOUNT_EVENTS), name="type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sessions_ended: Mapped[int] = mapped_column(default=0)
