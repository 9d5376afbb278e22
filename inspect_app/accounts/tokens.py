"""Bearer tokens: random, stored as SHA-256, expiring, revocable; the principal behind one."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime

from cachetools import TTLCache
from sqlalchemy import bindparam, delete, or_, select, update

from inspect_app.accounts.models import AuthToken, User
from inspect_app.accounts.principal import Principal
from inspect_app.db import affected_rows, utcnow
from inspect_app.errors import Unauthorized
from inspect_app.extensions import db


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
    return affected_rows(result)
