"""Logging in: credentials checked, failures counted and throttled, a token issued."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from inspect_app.accounts import usernames
from inspect_app.accounts.models import AuthToken, LoginFailure, User
from inspect_app.accounts.passwords import _DUMMY_HASH, _hasher, hash_password, password_matches
from inspect_app.accounts.tokens import IssuedToken, token_digest
from inspect_app.clock import utcnow
from inspect_app.errors import TooManyAttempts, Unauthorized
from inspect_app.extensions import db


@dataclass(frozen=True)
class LoginPolicy:
    token_ttl: timedelta
    max_failures: int  # per (username, address) before the pair backs off
    failure_window: timedelta
    max_failures_per_address: int = 100  # all usernames together, from one address
    backoff: timedelta = timedelta(seconds=60)  # doubled by every further failure


def _take_turn(username: str, address: str) -> None:
    """Serialise the attempts of one (username, address) pair, so that counting, checking
    and recording a failure are one step: 40 parallel guesses get exactly the limit.
    PostgreSQL: a transaction-scoped advisory lock on the pair. SQLite: a write takes the
    database's write lock until the request commits or rolls back."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"{username}\0{address}".encode()).digest()[:8], "big")
        db.session.execute(select(func.pg_advisory_xact_lock(key - 2**63)))
    else:
        db.session.execute(delete(LoginFailure).where(LoginFailure.id == -1))


def _refusal(username: str, address: str, now: datetime, policy: LoginPolicy) -> int | None:
    """Seconds to wait, when this attempt must be refused without looking at the password."""
    since = now - policy.failure_window
    by_pair, last = db.session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(
            LoginFailure.username == username,
            LoginFailure.address == address,
            LoginFailure.at >= since,
        )
    ).one()
    if by_pair >= policy.max_failures and last is not None:
        wait = policy.backoff * 2 ** (by_pair - policy.max_failures)
        until = min(last + wait, last + policy.failure_window)
        if until > now:
            return max(1, math.ceil((until - now).total_seconds()))
    by_address = db.session.scalar(
        select(func.count()).where(LoginFailure.address == address, LoginFailure.at >= since)
    )
    if (by_address or 0) >= policy.max_failures_per_address:
        return int(policy.failure_window.total_seconds())
    return None


def login(username: str, password: str, address: str, policy: LoginPolicy) -> IssuedToken:
    """Check the credentials and issue a token, or record the failure.

    Failures are counted per (username, address): past the limit that pair waits, longer
    after each further failure, while the same user at another address is not slowed.
    A much higher ceiling counts all failures from one address. Refused attempts are not
    recorded, so they never extend the wait.
    """
    username = usernames.normalise(username)
    now = utcnow()
    since = now - policy.failure_window
    _take_turn(username, address[:64])
    wait = _refusal(username, address[:64], now, policy)
    if wait is not None:
        raise TooManyAttempts(retry_after=wait)

    user = db.session.scalar(select(User).where(User.username == username))
    ok = password_matches(user.password_hash if user else _DUMMY_HASH, password)
    if not ok or user is None or not user.is_active:
        db.session.add(LoginFailure(username=username[:64], address=address[:64], at=now))
        # The failure is remembered although the request fails: that is the throttle.
        raise Unauthorized("用户名或密码错误 / Wrong username or password", commit_anyway=True)

    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.execute(
        delete(LoginFailure).where(
            LoginFailure.username == username, LoginFailure.address == address[:64]
        )
    )
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < since))
    token = secrets.token_urlsafe(32)
    expires_at = now + policy.token_ttl
    db.session.add(
        AuthToken(token_hash=token_digest(token), user_id=user.id, expires_at=expires_at)
    )
    db.session.flush()
    return IssuedToken(token=token, expires_at=expires_at, user=user)
