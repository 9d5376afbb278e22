"""Notifications: telling people about hazards, their inbox, marking them read."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select, update

from inspect_app.clock import utcnow
from inspect_app.db import affected_rows
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.notifications import policy
from inspect_app.notifications.models import Notification
from inspect_app.principal import Principal, Role


def _tell(recipients: Select, kind: str, message: str, hazard_id: uuid.UUID | None) -> int:
    """One notification per user id the query selects; returns how many were told."""
    user_ids = db.session.scalars(recipients).all()
    db.session.add_all(
        Notification(user_id=user_id, kind=kind, hazard_id=hazard_id, message=message)
        for user_id in user_ids
    )
    return len(user_ids)


def notify_hazard(institution_id: int, hazard_id: uuid.UUID, kind: str, message: str) -> int:
    """Tell the institution's managers and every bureau officer about a hazard."""
    return _tell(policy.hazard_recipients(institution_id), kind, message, hazard_id)


def notify_managers(
    institution_id: int, messages: list[tuple[uuid.UUID | None, str]], kind: str
) -> int:
    """Tell the institution's active managers, one notification per (hazard, message)."""
    if not messages:
        return 0
    user_ids = db.session.scalars(policy.manager_recipients(institution_id)).all()
    db.session.add_all(
        Notification(user_id=user_id, kind=kind, hazard_id=hazard_id, message=message)
        for hazard_id, message in messages
        for user_id in user_ids
    )
    return len(user_ids) * len(messages)


def notify_department(department: str, hazard_id: uuid.UUID, kind: str, message: str) -> int:
    """Tell every active inspector of ``department`` about a hazard."""
    return _tell(policy.department_recipients(department), kind, message, hazard_id)


def notify_role(role: Role, kind: str, message: str) -> int:
    """Tell every active user of a role (the bureau, say); returns how many were told."""
    return _tell(policy.role_recipients(role), kind, message, None)


def for_user(user: Principal, unread_only: bool = False) -> Select[Notification]:
    query = policy.scope(user, select(Notification))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.id.desc())


def mark_read(user: Principal, notification_id: int) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound("通知不存在 / Notification not found")
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def mark_all_read(user: Principal) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return affected_rows(result)
