from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, request

from api.auth import bearer_token, current_user
from api.blueprint import Blueprint, ViewResult
from api.schemas.auth import LoginSchema, TokenSchema
from api.schemas.users import PasswordChangeSchema, UserSchema
from inspect_app.accounts import changes, tokens
from inspect_app.accounts import login as login_service

blp = Blueprint("auth", __name__, description="登录与身份 / Authentication")


def _policy() -> login_service.LoginPolicy:
    config = current_app.config
    return login_service.LoginPolicy(
        token_ttl=timedelta(hours=config["TOKEN_TTL_HOURS"]),
        max_failures=config["LOGIN_MAX_FAILURES"],
        failure_window=timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
        max_failures_per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        backoff=timedelta(seconds=config["LOGIN_BACKOFF_SECONDS"]),
    )


@blp.route("/auth/login", methods=["POST"])
@blp.arguments(LoginSchema)
@blp.response(200, TokenSchema)
@blp.alt_response(401, response="UNAUTHORIZED")
@blp.alt_response(429, response="TOO_MANY_REQUESTS")
@blp.doc(security=[])
def login(credentials: dict[str, Any]) -> ViewResult:
    """登录，获取令牌 / Log in and get a bearer token."""
    issued = login_service.login(
        credentials["username"], credentials["password"], request.remote_addr or "-", _policy()
    )
    return {"token": issued.token, "expires_at": issued.expires_at, "user": issued.user}


@blp.route("/auth/logout", methods=["POST"])
@blp.response(204)
def logout() -> ViewResult:
    """注销：令牌立即失效 / Log out: the token stops working."""
    tokens.revoke_token(bearer_token())


@blp.route("/me", methods=["GET"])
@blp.response(200, UserSchema)
def get_me() -> ViewResult:
    """当前用户 / The current user."""
    return current_user()


@blp.route("/me/password", methods=["POST"])
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@blp.alt_response(422, schema="Error", description="原密码不正确或新密码不合规则")
def change_password(data: dict[str, Any]) -> ViewResult:
    """修改本人密码 / Change your own password (the old one required).

    Every other session of yours ends; this token stays. A change the bureau required
    (after a reset) is done."""
    changes.change_own_password(
        current_user(), data["old_password"], data["new_password"], bearer_token()
    )
