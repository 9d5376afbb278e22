"""Authentication, and nothing more: a bearer token becomes the principal, before any body
is validated. What the principal may do is decided by the domain packages' policies."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request
from flask.sessions import SessionInterface

from inspect_app.accounts import tokens
from inspect_app.errors import Forbidden, Unauthorized
from inspect_app.principal import Principal

# The operations anyone may call: logging in, the health check, tus discovery, and the
# signed audit checkpoints with their public key (for outsiders to verify), and the
# published spot checks (一公开).
PUBLIC_ENDPOINTS = frozenset(
    {
        "auth.login",
        "health.healthz",
        "uploads.discover_uploads",
        "hazards.audit_key",
        "hazards.audit_checkpoints",
        "public.list_public",
        "public.get_public",
        "public.get_announcement",
        "public.get_results_csv",
    }
)


# What a token may do while its user must change a password the bureau reset.
WHILE_PASSWORD_CHANGE_REQUIRED = frozenset({"auth.change_password", "auth.logout", "auth.get_me"})


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized()
    return token.strip()


def authenticate() -> None:
    """``before_request`` of every API blueprint: 401 unless a live token is presented."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    principal = tokens.principal_for_token(bearer_token())
    if (
        principal.password_change_required
        and request.endpoint not in WHILE_PASSWORD_CHANGE_REQUIRED
    ):
        raise Forbidden(
            "请先修改密码（POST /api/v1/me/password） / "
            "Change your password first (POST /api/v1/me/password)"
        )
    g.principal = principal


def current_user() -> Principal:
    return g.principal


class NoCookieSessions(SessionInterface):
    """Bearer tokens, never cookies: no request opens Flask's signed-cookie session (which
    would build a signing serializer for every request) and no answer sets one; ``session``
    is Flask's null session, which refuses writes."""

    def open_session(self, app: Flask, request: Any) -> None:
        return None

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        return None
