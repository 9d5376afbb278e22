"""Bearer-token authentication and role checks for views."""

from __future__ import annotations

from functools import wraps

from flask import g, request

from inspect_app.accounts import tokens
from inspect_app.accounts.principal import Principal
from inspect_app.errors import Forbidden, Unauthorized


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized()
    return token.strip()


def current_user() -> Principal:
    return g.user


def login_required(*roles: str):
    """Require a live token; with ``roles``, require one of them (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            # Reads may reuse a check made seconds ago; every write checks the database.
            reuse = request.method in ("GET", "HEAD")
            user = tokens.principal_for_token(bearer_token(), reuse_recent=reuse)
            if roles and user.role not in roles:
                raise Forbidden()
            g.user = user
            return view(*args, **kwargs)

        return wrapper

    return decorator
