"""Bearer-token authentication and role checks for views."""

from __future__ import annotations

from functools import wraps

from flask import g, request

from inspect_app.models import User
from inspect_app.services import auth as auth_service
from inspect_app.services.errors import Forbidden, Unauthorized


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized()
    return token.strip()


def current_user() -> User:
    return g.user


def login_required(*roles: str):
    """Require a live token; with ``roles``, require one of them (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = auth_service.user_for_token(bearer_token())
            if roles and user.role not in roles:
                raise Forbidden()
            g.user = user
            return view(*args, **kwargs)

        return wrapper

    return decorator
