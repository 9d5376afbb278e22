"""Passwords (argon2), bearer tokens (random, stored hashed, expiring) and login throttling."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cachetools import TTLCache
from sqlalchemy import bindparam, delete, func, or_, select, update

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


_LIVE_TOKEN = (
    select(
        User.id,
        User.username,
        User.display_name,
        User.role,
        User.department,
        User.institution_id,
        AuthToken.expires_at,
    )
    .join(AuthToken, AuthToken.user_id == User.id)
    .where(
        AuthToken.token_hash == bindparam("digest"),
        AuthToken.revoked_at.is_(None),
        AuthToken.expires_at > bindparam("now"),
        User.is_active.is_(True),
    )
)

# Reads may reuse a token check for a few seconds (AUTH_CACHE_SECONDS); writes never do.
# Logout and deactivation clear this process's entries at once; other worker processes
# notice within the cache lifetime, for reads only.
_recent: TTLCache | None = TTLCache(maxsize=20_000, ttl=10)
_recent_lock = threading.Lock()


def configure_token_cache(seconds: int) -> None:
    """Set how long reads may reuse a token check; 0 checks the database every time."""
    global _recent
    with _recent_lock:
        _recent = TTLCache(maxsize=20_000, ttl=seconds) if seconds > 0 else None


def principal_for_token(token: str, *, reuse_recent: bool = False) -> Principal:
    """The active user behind a live token; ``Unauthorized`` otherwise."""
    now = utcnow()
    digest = token_digest(token)
    if reuse_recent and _recent is not None:
        with _recent_lock:
            cached = _recent.get(digest)
        if cached is not None and cached.token_expires_at > now:
            return cached
    row = db.session.execute(_LIVE_TOKEN, {"digest": digest, "now": now}).first()
    if row is None:
        raise Unauthorized("登录已失效，请重新登录 / Token invalid or expired")
    principal = Principal(*row)
    if _recent is not None:
        with _recent_lock:
            _recent[digest] = principal
    return principal


def _forget(digests) -> None:
    if _recent is None:
        return
    with _recent_lock:
        for digest in digests:
            _recent.pop(digest, None)


def revoke_token(token: str) -> None:
    _forget([token_digest(token)])
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == token_digest(token), AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def purge_expired_tokens(older_than: datetime) -> int:
    result = db.session.execute(
        delete(AuthToken).where(
            or_(AuthToken.expires_at < older_than, AuthToken.revoked_at < older_than)
        )
    )
    return result.rowcount or 0
