"""Who sees which photo and which variant of it, and what its record shows them."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import BinaryIO

from sqlalchemy import exists, or_, select

from inspect_app.accounts.models import User
from inspect_app.errors import Forbidden, NotFound
from inspect_app.extensions import db
from inspect_app.photos.models import Photo, PhotoAttachment, PhotoUploader
from inspect_app.photos.storage_keys import storage_key
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)


NOT_FOUND = "照片不存在 / Photo not found"


def _manager_may_use(user: User, photo_ids: Iterable[uuid.UUID]):
    """A manager may see and use photos they uploaded or that are attached to a record of
    their own institution."""
    ids = list(photo_ids)
    attached = exists().where(
        PhotoAttachment.photo_id == Photo.id,
        PhotoAttachment.institution_id == user.institution_id,
    )
    uploaded = exists().where(PhotoUploader.photo_id == Photo.id, PhotoUploader.user_id == user.id)
    return select(Photo.id).where(Photo.id.in_(ids), or_(attached, uploaded))


def photos_visible_to(user: User, photo: Photo) -> bool:
    """Inspectors and the bureau see every photo; a manager only its own institution's."""
    if user.role in ("inspector", "bureau"):
        return True
    if user.role != "manager" or user.institution_id is None:
        return False
    return db.session.scalar(_manager_may_use(user, [photo.id])) is not None


def get_visible(user: User, photo_id: uuid.UUID) -> Photo:
    photo = db.session.get(Photo, photo_id)
    if photo is None or not photos_visible_to(user, photo):
        raise NotFound(NOT_FOUND)
    return photo


def get_variant(user: User, photo_id: uuid.UUID, variant: str) -> Photo:
    """The photo, if the user may have this variant of it (originals: inspectors, bureau)."""
    photo = get_visible(user, photo_id)
    if variant == "original" and user.role not in ("inspector", "bureau"):
        raise Forbidden("原图仅限检查人员和民政局 / Originals are for inspectors and the bureau")
    return photo


def variant_info(photo: Photo, variant: str) -> tuple[str, int, str]:
    """(content type, size, ETag) of one variant."""
    if variant == "original":
        return photo.content_type, photo.bytes, f"{photo.sha256}"
    if variant == "display":
        return "image/jpeg", photo.display_bytes, f"{photo.sha256}.d"
    return "image/jpeg", photo.thumb_bytes, f"{photo.sha256}.t"


def open_variant(photo: Photo, variant: str) -> BinaryIO:
    try:
        return get_storage().open(storage_key(photo.sha256, variant))
    except ObjectMissing:
        log.error("photo %s: %s is missing from storage", photo.id, variant)
        raise


def details_for(user: User, photo: Photo) -> dict:
    """The evidence record with its attachments and provenance flags, as the user may see
    them: a manager sees only its own institution's uses of the photo."""
    query = select(PhotoAttachment).where(PhotoAttachment.photo_id == photo.id)
    if user.role == "manager":
        query = query.where(PhotoAttachment.institution_id == user.institution_id)
    attachments = list(db.session.scalars(query.order_by(PhotoAttachment.id)))
    flags: dict[str, dict] = {}
    for attachment in attachments:
        for flag in attachment.flags or []:
            flags.setdefault(flag["code"], flag)
    holder = user.role != "manager" or (
        db.session.scalar(
            select(PhotoUploader.id).where(
                PhotoUploader.photo_id == photo.id, PhotoUploader.user_id == user.id
            )
        )
        is not None
    )
    return {
        "photo": photo,
        "attachments": attachments,
        "flags": list(flags.values()),
        # Where and with what a photo was taken is for officials and whoever took it.
        "show_location": holder,
    }
