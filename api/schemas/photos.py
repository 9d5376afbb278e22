from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from api.schemas.common import AwareDateTime, StrictSchema
from inspect_app.photos import provenance
from inspect_app.photos.models import DERIVATIVE_STATES

BINARY = {"type": "string", "format": "binary"}


class PhotoUploadSchema(StrictSchema):
    file = Upload(
        required=True,
        metadata={"description": "JPEG、PNG、WebP 或 HEIC，≤ 20 MB / JPEG, PNG, WebP or HEIC"},
    )


class GpsSchema(Schema):
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)


def _url(endpoint: str) -> Callable[[Any], str]:
    return lambda photo: url_for(endpoint, photo_id=photo.id)


class PhotoSchema(Schema):
    """The evidence record of one photo (``POST /photos``)."""

    id = fields.UUID(required=True)
    sha256 = fields.String(required=True, metadata={"description": "Of the bytes uploaded"})
    content_type = fields.String(required=True)
    format = fields.String(required=True)
    width = fields.Integer(required=True, metadata={"description": "Upright, as displayed"})
    height = fields.Integer(required=True)
    bytes = fields.Integer(required=True)
    taken_at = AwareDateTime(allow_none=True, metadata={"description": "EXIF capture time"})
    gps = fields.Nested(GpsSchema, allow_none=True)
    device_make = fields.String(allow_none=True)
    device_model = fields.String(allow_none=True)
    uploaded_by_id = fields.Integer(required=True)
    uploaded_at = AwareDateTime(required=True)
    derivatives = fields.String(
        required=True,
        validate=validate.OneOf(DERIVATIVE_STATES),
        metadata={
            "description": "展示图和缩略图：ready 已生成；pending 生成中（大图由后台任务生成）；"
            "failed 图片损坏无法生成 / Display copy and thumbnail: ready; pending (large "
            "PNG, WebP, HEIC are made by a background job, seconds later); failed (damaged)"
        },
    )
    url = fields.Function(_url("photos.get_photo"), required=True)
    thumbnail_url = fields.Function(_url("photos.get_thumbnail"), required=True)
    original_url = fields.Function(_url("photos.get_original"), required=True)


class FlagSchema(Schema):
    code = fields.String(required=True)
    value = fields.Float(allow_none=True)
    message = fields.Function(provenance.flag_message, required=True)


class AttachmentSchema(Schema):
    institution_id = fields.Integer(required=True)
    inspection_id = fields.UUID(allow_none=True)
    checklist = fields.String(attribute="checklist_key", allow_none=True)
    item_code = fields.String(allow_none=True)
    hazard_id = fields.UUID(allow_none=True)
    hazard_event_id = fields.Integer(allow_none=True)
    attached_by_id = fields.Integer(required=True)
    attached_at = AwareDateTime(required=True)
    flags = fields.List(fields.Nested(FlagSchema), required=True)


class PhotoDetailSchema(PhotoSchema):
    """The record with where the photo is used and what a reviewer should check."""

    taken_at_exif = fields.String(allow_none=True)
    orientation = fields.Integer(required=True)
    display_width = fields.Integer(required=True, allow_none=True)
    display_height = fields.Integer(required=True, allow_none=True)
    thumbnail_width = fields.Integer(attribute="thumb_width", required=True, allow_none=True)
    thumbnail_height = fields.Integer(attribute="thumb_height", required=True, allow_none=True)
    attachments = fields.List(fields.Nested(AttachmentSchema), required=True)
    flags = fields.List(fields.Nested(FlagSchema), required=True)
