from __future__ import annotations

from typing import Any

from flask_smorest.pagination import PaginationParameters

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.pagination import PAGE_ARGS, page_of
from api.schemas.users import (
    OfficerSchema,
    PasswordResetSchema,
    UserCreateSchema,
    UserPatchSchema,
    UserQuerySchema,
    UserSchema,
)
from inspect_app.accounts import changes
from inspect_app.accounts import users as user_service
from inspect_app.accounts.users import UserChanges

blp = Blueprint("users", __name__, description="用户 / Users (bureau)")


@blp.route("/users", methods=["POST"])
@blp.arguments(UserCreateSchema)
@blp.response(201, UserSchema)
@blp.answers(409)
def create_user(data: dict[str, Any]) -> ViewResult:
    """新建用户 / Create a user."""
    return user_service.create_user(current_user(), **data)


@blp.route("/users", methods=["GET"])
@blp.arguments(UserQuerySchema, location="query")
@blp.response(200, UserSchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_users(query: dict[str, Any], pagination_parameters: PaginationParameters) -> ViewResult:
    """用户列表 / List users."""
    return page_of(
        user_service.list_users(current_user(), query.get("role")), pagination_parameters
    )


@blp.route("/users/<int(min=1, max=2147483647):user_id>", methods=["PATCH"])
@blp.arguments(UserPatchSchema)
@blp.response(200, UserSchema)
@blp.answers(409)
def patch_user(changes: UserChanges, user_id: int) -> ViewResult:
    """修改用户（姓名、部门、执法证号、启用）/ Change a user (only the fields given).

    Deactivating ends every session of the user (reactivating brings none back); a
    bureau officer cannot deactivate themselves or the last active bureau account (409)."""
    return user_service.update_user(current_user(), user_id, changes)


@blp.route("/officers", methods=["GET"])
@blp.response(200, OfficerSchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_officers(pagination_parameters: PaginationParameters) -> ViewResult:
    """可同行检查的执法人员（检查员）/ Active inspectors, to name as an inspection's officers."""
    return page_of(user_service.list_officers(current_user()), pagination_parameters)


@blp.route("/users/<int(min=1, max=2147483647):user_id>/password", methods=["POST"])
@blp.arguments(PasswordResetSchema)
@blp.response(200, UserSchema)
def reset_password(data: dict[str, Any], user_id: int) -> ViewResult:
    """重置用户密码 / Reset a user's password (bureau).

    Every session of the user ends, and the user must change the password at the next
    login: until then their token may only change it."""
    return changes.reset_password(current_user(), user_id, data["new_password"])
