"""Who sees and may use which photo, and which parts of its record.

Inspectors and the bureau see every photo. A manager sees and may use the photos it
uploaded and those attached to a record of its own institution, a street officer those
it uploaded and those attached to a record of its street's institutions; to them, others
do not exist.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, exists, false, or_, select

from inspect_app.errors import Forbidden
from inspect_app.extensions import db
from inspect_app.institutions import policy as institution_policy
from inspect_app.photos.models import Photo, PhotoAttachment, PhotoUploader
from inspect_app.principal import Principal


def usable(principal: Principal, photo_ids: Iterable[uuid.UUID]) -> Select:
    """The ids among ``photo_ids`` of photos the principal may see and attach."""
    query = select(Photo.id).where(Photo.id.in_(list(photo_ids)))
    if principal.is_official:
        return query
    street = institution_policy.in_street(principal)
    where: ColumnElement[bool]
    if street is not None:
        where = PhotoAttachment.institution_id.in_(street)
    elif principal.is_manager and principal.institution_id is not None:
        where = PhotoAttachment.institution_id == principal.institution_id
    else:
        return query.where(false())
    attached = exists().where(PhotoAttachment.photo_id == Photo.id, where)
    uploaded = exists().where(
        PhotoUploader.photo_id == Photo.id, PhotoUploader.user_id == principal.id
    )
    return query.where(or_(attached, uploaded))


def may_see(principal: Principal, photo_id: uuid.UUID) -> bool:
    return principal.is_official or db.session.scalar(usable(principal, [photo_id])) is not None


def require_original(principal: Principal) -> None:
    """The original bytes (with their location data) are for inspectors, street officers
    and the bureau."""
    if not principal.records:
        raise Forbidden("原图仅限检查人员和民政局 / Originals are for inspectors and the bureau")


def attachment_scope(principal: Principal, query: Select) -> Select:
    """A manager sees only its own institution's uses of a photo, a street officer its
    street's."""
    if principal.is_manager:
        return query.where(PhotoAttachment.institution_id == principal.institution_id)
    street = institution_policy.in_street(principal)
    if street is not None:
        return query.where(PhotoAttachment.institution_id.in_(street))
    return query


def sees_location(principal: Principal, photo_id: uuid.UUID) -> bool:
    """Where and with what a photo was taken is for officials and whoever took it."""
    if not principal.is_manager:
        return True
    uploader = select(PhotoUploader.id).where(
        PhotoUploader.photo_id == photo_id, PhotoUploader.user_id == principal.id
    )
    return db.session.scalar(uploader) is not None


def require_uploader(principal: Principal) -> None:
    """Everyone who records uploads evidence; the auditor only reads."""
    if principal.is_auditor:
        raise Forbidden("审计员只读 / The auditor reads, and uploads nothing")
