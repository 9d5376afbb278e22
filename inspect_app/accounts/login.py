"""Logging in: credentials checked, failures counted and throttled, a token issued."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from inspect_app.accounts import usernames
from inspect_app.accounts.models import AuthToken, LoginFailure, User
from inspect_app.accounts.passwords import _DUMMY_HASH, _hasher, _password_matches, hash_password
from inspect_app.accounts.tokens import IssuedToken, token_digest
from inspect_app.db import utcnow
from inspect_app.errors import TooManyAttempts, Unauthorized
from inspect_app.extensions import db


@dataclass(frozen=True)
class LoginPolicy:
    token_ttl: timedelta
    max_failures: int
    failure_window: timedelta


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
    username = usernames.normalise(username)
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
