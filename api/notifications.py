from __future__ import annotations

from typing import Any

from flask_smorest.pagination import PaginationParameters

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.pagination import PAGE_ARGS, page_of
from api.schemas.hazards import MarkedSchema, NotificationQuerySchema, NotificationSchema
from inspect_app.notifications import inbox

blp = Blueprint("notifications", __name__, description="通知 / Notifications")


@blp.route("/me/notifications", methods=["GET"])
@blp.arguments(NotificationQuerySchema, location="query")
@blp.response(200, NotificationSchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_notifications(
    query: dict[str, Any], pagination_parameters: PaginationParameters
) -> ViewResult:
    """我的通知，最新在前 / My notifications, newest first."""
    select_ = inbox.for_user(current_user(), unread_only=query.get("unread", False))
    return page_of(select_, pagination_parameters)


@blp.route("/me/notifications/<int(min=1, max=2147483647):notification_id>/read", methods=["POST"])
@blp.response(200, NotificationSchema)
def mark_notification_read(notification_id: int) -> ViewResult:
    """标为已读 / Mark one notification read."""
    return inbox.mark_read(current_user(), notification_id)


@blp.route("/me/notifications/read-all", methods=["POST"])
@blp.response(200, MarkedSchema)
def mark_all_notifications_read() -> ViewResult:
    """全部标为已读 / Mark all my notifications read."""
    return {"updated": inbox.mark_all_read(current_user())}
