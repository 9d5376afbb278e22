"""Passwords (argon2), bearer tokens (random, stored hashed, expiring) and login throttling."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, or_, select, update

from inspect_app.extensions import db
from inspect_app.models import AuthToken, LoginFailure, User, utcnow
from inspect_app.services.errors import TooManyAttempts, Unauthorized

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoginPolicy:
    token_ttl: timedelta
    max_failures: int
    failure_window: timedelta


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    user: User


def _recent_failures(username: str, address: str, since: datetime) -> tuple[int, int]:
    by_user = db.session.scalar(
        select(func.count()).where(LoginFailure.username == username, LoginFailure.at >= since)
    )
    by_address = db.session.scalar(
        select(func.count()).where(LoginFailure.address == address, LoginFailure.at >= since)
    )
    return by_user or 0, by_address or 0


def login(username: str, password: str, address: str, policy: LoginPolicy) -> IssuedToken:
    """Check the credentials and issue a token, or record the failure.

    Failures are counted per username and per client address within a window;
    past the limit every attempt is refused (429) until the window moves on,
    whether the password is right or not.
    """
    now = utcnow()
    since = now - policy.failure_window
    by_user, by_address = _recent_failures(username, address, since)
    if max(by_user, by_address) >= policy.max_failures:
        raise TooManyAttempts(retry_after=int(policy.failure_window.total_seconds()))

    user = db.session.scalar(select(User).where(User.username == username))
    ok = _password_matches(user.password_hash if user else _DUMMY_HASH, password)
    if not ok or user is None or not user.is_active:
        db.session.add(LoginFailure(username=username[:64], address=address[:64], at=now))
        raise Unauthorized("用户名或密码错误 / Wrong username or password")

    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < since))
    token = secrets.token_urlsafe(32)
    expires_at = now + policy.token_ttl
    db.session.add(
        AuthToken(token_hash=token_digest(token), user_id=user.id, expires_at=expires_at)
    )
    db.session.flush()
    return IssuedToken(token=token, expires_at=expires_at, user=user)


def user_for_token(token: str) -> User:
    """The active user behind a live token; ``Unauthorized`` otherwise."""
    now = utcnow()
    user = db.session.scalar(
        select(User)
        .join(AuthToken, AuthToken.user_id == User.id)
        .where(
            AuthToken.token_hash == token_digest(token),
            AuthToken.revoked_at.is_(None),
            AuthToken.expires_at > now,
            User.is_active.is_(True),
        )
    )
    if user is None:
        raise Unauthorized("登录已失效，请重新登录 / Token invalid or expired")
    return user


def revoke_token(token: str) -> None:
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == token_digest(token), AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all_tokens(user_id: int) -> None:
    """Used when a user is deactivated or their password changes."""
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def purge_expired_tokens(older_than: datetime) -> int:
    result = db.session.execute(
        delete(AuthToken).where(
            or_(AuthToken.expires_at < older_than, AuthToken.revoked_at < older_than)
        )
    )
    return result.rowcount or 0
