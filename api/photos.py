"""Photo evidence: upload, the display copy, thumbnail and original, and the record."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, request
from werkzeug.wsgi import wrap_file

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.schemas.photos import BINARY, PhotoDetailSchema, PhotoSchema, PhotoUploadSchema
from inspect_app.errors import NotFound
from inspect_app.photos import access as photo_access
from inspect_app.photos import formats, ingest
from inspect_app.storage import ObjectMissing

blp = Blueprint("photos", __name__, description="证据照片 / Photo evidence")

ID = "<uuid:photo_id>"
# Immutable objects: a photo's bytes never change under its URL.
CACHE_CONTROL = "private, max-age=31536000, immutable"
# Room for the multipart boundaries and part headers around the file itself.
MULTIPART_OVERHEAD = 64 * 1024
ORIGINAL_TYPES = sorted(set(formats.CONTENT_TYPES.values()))
ERROR_REF = {"$ref": "#/components/schemas/Error"}


def photo_body_limit(view: Callable[..., ViewResult]) -> Callable[..., ViewResult]:
    """Raise this request's body limit from the JSON default to the photo limit; the
    multipart parser then streams the file to a temporary file, never all into memory."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ViewResult:
        limit = int(current_app.config["PHOTO_MAX_BYTES"]) + MULTIPART_OVERHEAD
        request.max_content_length = limit
        if request.content_length is not None and request.content_length > limit:
            raise ingest.too_large_error()
        return view(*args, **kwargs)

    return wrapper


def _errors(*codes: int) -> Callable[[Callable[..., ViewResult]], Callable[..., ViewResult]]:
    """Document the error answers of the upload."""
    descriptions = {
        413: "超过大小上限 / Too large",
        415: "不是可接受的图片类型 / Not an accepted image type",
        503: "解码预算已满，按 Retry-After 重试 / Decode budget full: retry after Retry-After",
    }

    def decorator(view: Callable[..., ViewResult]) -> Callable[..., ViewResult]:
        for code in codes:
            view = blp.alt_response(code, schema="Error", description=descriptions[code])(view)
        return view

    return decorator


@blp.route("/photos", methods=["POST"])
@photo_body_limit
@blp.arguments(PhotoUploadSchema, location="files")
@blp.response(201, PhotoSchema)
@blp.alt_response(200, schema=PhotoSchema, description="同样的字节已上传过 / Same bytes again")
@_errors(413, 415, 503)
def upload_photo(files: dict[str, Any]) -> ViewResult:
    """上传证据照片 / Upload a photo (multipart field ``file``).

    类型由文件内容判定 / The type comes from the bytes: JPEG, PNG, WebP or HEIC (else 415).
    Damaged, truncated, too many pixels or too much memory to decode: 422. Over the size
    limit: 413. Large PNG, WebP and HEIC pictures are checked (structure, checksums) but
    decoded by a background job: the answer says ``derivatives: pending`` and the display
    copy and thumbnail answer 503 with ``Retry-After`` until they are made.
    """
    result = ingest.ingest(current_user(), files["file"].stream)
    return result.photo, (201 if result.created else 200)


def _image_doc(
    content_types: list[str], description: str
) -> Callable[[Callable[..., ViewResult]], Callable[..., ViewResult]]:
    return blp.doc(
        responses={
            "200": {
                "description": description,
                "content": {ct: {"schema": BINARY} for ct in content_types},
                "headers": {
                    "ETag": {"schema": {"type": "string"}},
                    "Cache-Control": {"schema": {"type": "string"}},
                },
            },
            "304": {"description": "未修改 / Not modified"},
            **(
                {}
                if content_types == ORIGINAL_TYPES
                else {
                    "422": {
                        "description": "图片损坏，无法生成 / Damaged: cannot be made",
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                    "503": {
                        "description": "正在生成，按 Retry-After 重试 / Being made: retry "
                        "after Retry-After seconds",
                        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                }
            ),
        }
    )


def _serve(photo_id: uuid.UUID, variant: str) -> Response:
    photo = photo_access.get_variant(current_user(), photo_id, variant)
    content_type, size, etag = photo_access.variant_info(photo, variant)
    headers = {"Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff"}
    if request.if_none_match.contains(etag):
        response = Response(status=304, headers=headers)
        response.set_etag(etag)
        return response
    try:
        stream = photo_access.open_variant(photo, variant)
    except ObjectMissing:
        raise NotFound("照片文件缺失，请联系管理员 / The photo's file is missing") from None
    extension = formats.EXTENSIONS.get(photo.format, "bin") if variant == "original" else "jpg"
    headers["Content-Disposition"] = f'inline; filename="{photo.id}.{extension}"'
    if variant == "original":  # up to the upload limit: stream it
        body = wrap_file(request.environ, stream, buffer_size=256 * 1024)
    else:  # derivatives are small
        with stream:
            body = [stream.read()]
    response = Response(body, mimetype=content_type, headers=headers, direct_passthrough=True)
    response.content_length = size
    response.set_etag(etag)
    return response


@blp.route(f"/photos/{ID}", methods=["GET"])
@_image_doc(["image/jpeg"], "展示图：已转正，无元数据 / Display copy: upright, no metadata")
def get_photo(photo_id: uuid.UUID) -> ViewResult:
    """照片展示图（≤2048 像素，已去除 EXIF/GPS）/ The display copy, metadata removed."""
    return _serve(photo_id, "display")


@blp.route(f"/photos/{ID}/thumbnail", methods=["GET"])
@_image_doc(["image/jpeg"], "缩略图 / Thumbnail, at most 400 px")
def get_thumbnail(photo_id: uuid.UUID) -> ViewResult:
    """缩略图（≤400 像素）/ The thumbnail."""
    return _serve(photo_id, "thumbnail")


@blp.route(f"/photos/{ID}/original", methods=["GET"])
@_image_doc(ORIGINAL_TYPES, "原始字节 / The bytes exactly as uploaded")
@blp.alt_response(403, schema="Error", description="仅限检查人员和民政局 / Inspectors, bureau")
def get_original(photo_id: uuid.UUID) -> ViewResult:
    """原图，字节与上传时完全一致（检查人员、民政局）/ The original bytes (inspector, bureau)."""
    return _serve(photo_id, "original")


class _Detail:
    """A photo seen through ``details_for``: its uses and flags; location only for holders."""

    def __init__(self, details: dict):
        self._photo = details["photo"]
        self.attachments = details["attachments"]
        self.flags = details["flags"]
        if not details["show_location"]:
            self.gps = self.device_make = self.device_model = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._photo, name)


@blp.route(f"/photos/{ID}/info", methods=["GET"])
@blp.response(200, PhotoDetailSchema)
def get_photo_info(photo_id: uuid.UUID) -> ViewResult:
    """照片的证据记录、使用位置与来源提示 / The record, where it is used, provenance flags."""
    user = current_user()
    return _Detail(photo_access.details_for(user, photo_access.get_visible(user, photo_id)))
