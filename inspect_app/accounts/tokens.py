"""Bearer tokens: random, stored as SHA-256, expiring, revocable; the principal behind one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, or_, select, update

from inspect_app.accounts.models import AuthToken, User
from inspect_app.clock import utcnow
from inspect_app.db import affected_rows
from inspect_app.errors import Unauthorized
from inspect_app.extensions import db
from inspect_app.principal import Principal


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    user: User


_LIVE_TOKEN = (
    select(
        User.id,
        User.username,
        User.display_name,
        User.role,
        User.department,
        User.institution_id,
        AuthToken.expires_at,
        User.password_change_required,
        User.street,
    )
    .join(AuthToken, AuthToken.user_id == User.id)
    .where(
        AuthToken.token_hash == bindparam("digest"),
        AuthToken.revoked_at.is_(None),
        AuthToken.expires_at > bindparam("now"),
        User.is_active.is_(True),
    )
)


def principal_for_token(token: str) -> Principal:
    """The active user behind a live token; ``Unauthorized`` otherwise.

    Checked against the database on every request, never from a cache: a token that was
    logged out or expired, in any worker process, stops working at once (one indexed
    primary-key lookup, about as cheap as a request that touches the database at all).
    """
    # Core on the session's connection: no ORM machinery for a single-row lookup.
    row = (
        db.session.connection()
        .execute(_LIVE_TOKEN, {"digest": token_digest(token), "now": utcnow()})
        .first()
    )
    if row is None:
        raise Unauthorized("登录已失效，请重新登录 / Token invalid or expired")
    return Principal(*row)


def revoke_token(token: str) -> None:
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == token_digest(token), AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def end_sessions(user_id: int, keep_token: str | None = None) -> int:
    """Revoke every live token of a user (but ``keep_token``, the caller's own); how many.

    A deactivation ends them all, so reactivating the user brings none of them back."""
    query = update(AuthToken).where(
        AuthToken.user_id == user_id,
        AuthToken.revoked_at.is_(None),
        AuthToken.expires_at > utcnow(),
    )
    if keep_token is not None:
        query = query.where(AuthToken.token_hash != token_digest(keep_token))
    return affected_rows(db.session.execute(query.values(revoked_at=utcnow())))


def purge_expired_tokens(older_than: datetime) -> int:
    result = db.session.execute(
        delete(AuthToken).where(
            or_(AuthToken.expires_at < older_than, AuthToken.revoked_at < older_than)
        )
    )
    return affected_rows(result)
