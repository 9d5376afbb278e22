"""Who sees which photo and which variant of it, and what its record shows them."""

from __future__ import annotations

import logging
import uuid
from typing import BinaryIO

from sqlalchemy import select

from inspect_app.errors import InvalidInput, NotFound, ServiceBusy
from inspect_app.extensions import db
from inspect_app.photos import derivatives, policy
from inspect_app.photos.models import Photo, PhotoAttachment
from inspect_app.photos.storage_keys import storage_key
from inspect_app.principal import Principal
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)


NOT_FOUND = "照片不存在 / Photo not found"


def get_visible(user: Principal, photo_id: uuid.UUID) -> Photo:
    photo = db.session.get(Photo, photo_id)
    if photo is None or not policy.may_see(user, photo.id):
        raise NotFound(NOT_FOUND)
    return photo


NOT_READY = (
    "照片的展示图正在生成，请稍后再试 / "
    "The photo's display copy is still being made: try again shortly"
)
UNREADABLE = (
    "照片文件已损坏，无法生成展示图；原图仍保存 / "
    "The photo is damaged and cannot be shown; its original is kept"
)


def get_variant(user: Principal, photo_id: uuid.UUID, variant: str) -> Photo:
    """The photo, if the user may have this variant of it (originals: inspectors, bureau).
    A derivative not made yet answers 503 with Retry-After; one that could not be made
    (the picture turned out damaged), 422."""
    photo = get_visible(user, photo_id)
    if variant == "original":
        policy.require_original(user)
    elif photo.derivatives == "pending":
        raise ServiceBusy(derivatives.RETRY_AFTER_SECONDS, NOT_READY)
    elif photo.derivatives == "failed":
        raise InvalidInput(UNREADABLE, {"photo": [UNREADABLE]})
    return photo


def variant_info(photo: Photo, variant: str) -> tuple[str, int, str]:
    """(content type, size, ETag) of one variant."""
    if variant == "original":
        return photo.content_type, photo.bytes, f"{photo.sha256}"
    if variant == "display":
        return "image/jpeg", photo.display_bytes or 0, f"{photo.sha256}.d"
    return "image/jpeg", photo.thumb_bytes or 0, f"{photo.sha256}.t"


def open_variant(photo: Photo, variant: str) -> BinaryIO:
    try:
        return get_storage().open(storage_key(photo.sha256, variant))
    except ObjectMissing:
        log.error("photo %s: %s is missing from storage", photo.id, variant)
        raise


def details_for(user: Principal, photo: Photo) -> dict:
    """The evidence record with its attachments and provenance flags, as the user may see
    them: a manager sees only its own institution's uses of the photo."""
    query = policy.attachment_scope(
        user, select(PhotoAttachment).where(PhotoAttachment.photo_id == photo.id)
    )
    attachments = list(db.session.scalars(query.order_by(PhotoAttachment.id)))
    flags: dict[str, dict] = {}
    for attachment in attachments:
        for flag in attachment.flags or []:
            flags.setdefault(flag["code"], flag)
    return {
        "photo": photo,
        "attachments": attachments,
        "flags": list(flags.values()),
        "show_location": policy.sees_location(user, photo.id),
    }
