"""Resumable uploads for weak networks: tus 1.0 (core, creation, checksum, expiration).

Existing tus clients for Android and iOS work unchanged: ``OPTIONS /uploads`` for
discovery, ``POST /uploads`` to create, ``HEAD`` for the offset, ``PATCH`` to append. The
final ``PATCH`` makes the photo as ``POST /photos`` does and names it in ``Photo-Id``.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import IO, NoReturn

from flask import Response, current_app, request, url_for
from flask_smorest import abort
from werkzeug.exceptions import ClientDisconnected
from werkzeug.http import http_date

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from inspect_app.errors import BodyBrokeOff, PreconditionFailed, UnsupportedMediaType
from inspect_app.photos import resumable

blp = Blueprint("uploads", __name__, description="可续传上传（tus 1.0）/ Resumable uploads (tus)")

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,checksum,expiration"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
ID = "<uuid:upload_id>"
MAX_METADATA_PAIRS = 20

_TUS_RESUMABLE = {
    "in": "header",
    "name": "Tus-Resumable",
    "required": True,
    "schema": {"type": "string", "enum": [TUS_VERSION]},
    "description": "tus 协议版本 / Protocol version; other versions: 412",
}


def _error_doc(description: str) -> dict:
    """An error answer in the one envelope (components/schemas/Error)."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _header_doc(*names: str) -> dict:
    return {name: {"schema": {"type": "string"}} for name in names}


@blp.after_request
def _tus_headers(response: Response) -> Response:
    response.headers["Tus-Resumable"] = TUS_VERSION
    if response.status_code == 412 or request.method == "OPTIONS":
        response.headers["Tus-Version"] = TUS_VERSION
    return response


def _bad_request(message: str, errors: dict | None = None) -> NoReturn:
    abort(400, message=message, errors=errors)
    raise AssertionError("abort() raises")  # for the type checker


def _require_tus_version() -> None:
    version = request.headers.get("Tus-Resumable")
    if version is None:
        _bad_request("缺少 Tus-Resumable 请求头 / Missing the Tus-Resumable header")
    if version.strip() != TUS_VERSION:
        raise PreconditionFailed(
            f"不支持的 tus 版本 / Unsupported tus version; this server speaks {TUS_VERSION}"
        )


def _int_header(name: str) -> int:
    raw = request.headers.get(name)
    if raw is None:
        _bad_request(f"缺少 {name} 请求头 / Missing the {name} header")
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 15:
        _bad_request(f"{name} 应为非负整数 / {name} must be a non-negative integer")
    return int(raw)


def _metadata(header: str | None) -> dict[str, str]:
    """``Upload-Metadata: key base64value,key2 base64value2`` (values may be absent)."""
    if not header:
        return {}
    result: dict[str, str] = {}
    for pair in header.split(","):
        parts = pair.strip().split(" ")
        key = parts[0]
        if not key or len(parts) > 2 or len(result) >= MAX_METADATA_PAIRS or len(key) > 64:
            _bad_request("Upload-Metadata 格式有误 / Malformed Upload-Metadata")
        value = ""
        if len(parts) == 2:
            try:
                value = base64.b64decode(parts[1], validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                _bad_request("Upload-Metadata 的值须为 Base64 / Metadata values must be Base64")
        result[key.replace("\x00", "")] = value.replace("\x00", "")[:500]
    return result


def _checksum(header: str | None) -> tuple[str, bytes] | None:
    """``Upload-Checksum: sha1 <base64 digest>`` -> (algorithm, digest)."""
    if header is None:
        return None
    algorithm, _, encoded = header.strip().partition(" ")
    if algorithm not in resumable.CHECKSUM_ALGORITHMS:
        _bad_request(
            "不支持的校验算法 / Unsupported checksum algorithm (supported: "
            f"{', '.join(resumable.CHECKSUM_ALGORITHMS)})"
        )
    try:
        digest = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error:
        digest = b""
    if len(digest) != resumable.CHECKSUM_ALGORITHMS[algorithm]().digest_size:
        _bad_request("Upload-Checksum 格式有误 / Malformed Upload-Checksum")
    return algorithm, digest


def _encode_metadata(meta: dict[str, str]) -> str:
    return ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}" if value else key
        for key, value in meta.items()
    )


@blp.route("/uploads", methods=["OPTIONS"])
@blp.doc(
    security=[],
    responses={
        "204": {
            "description": "服务能力 / What the server supports",
            "headers": _header_doc(
                "Tus-Version", "Tus-Extension", "Tus-Max-Size", "Tus-Checksum-Algorithm"
            ),
        }
    },
)
def discover_uploads() -> ViewResult:
    """tus 服务发现 / Discovery: version, extensions, size limit, checksum algorithms."""
    response = Response(status=204)
    response.headers["Tus-Extension"] = TUS_EXTENSIONS
    response.headers["Tus-Max-Size"] = str(current_app.config["PHOTO_MAX_BYTES"])
    response.headers["Tus-Checksum-Algorithm"] = ",".join(resumable.CHECKSUM_ALGORITHMS)
    return response


@blp.route("/uploads", methods=["POST"])
@blp.doc(
    parameters=[
        _TUS_RESUMABLE,
        {
            "in": "header",
            "name": "Upload-Length",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
            "description": "照片字节数 / Size of the photo in bytes; over the limit: 413",
        },
        {
            "in": "header",
            "name": "Upload-Metadata",
            "required": False,
            "schema": {"type": "string"},
            "description": "tus metadata: `key base64value` pairs separated by commas",
        },
    ],
    responses={
        "201": {
            "description": "已创建 / Created",
            "headers": _header_doc("Location", "Upload-Expires"),
        },
        "400": _error_doc("请求头有误 / Bad headers"),
        "412": _error_doc("tus 版本不支持 / Unsupported tus version"),
        "413": _error_doc("超过大小上限 / Too large"),
    },
)
def create_upload() -> ViewResult:
    """创建可续传上传 / Create a resumable upload."""
    _require_tus_version()
    if "Upload-Defer-Length" in request.headers:
        _bad_request("不支持延后长度 / Upload-Defer-Length is not supported")
    length = _int_header("Upload-Length")
    metadata = _metadata(request.headers.get("Upload-Metadata"))
    upload = resumable.create_upload(current_user(), length, metadata)
    response = Response(status=201)
    response.headers["Location"] = url_for("uploads.get_upload_offset", upload_id=upload.id)
    response.headers["Upload-Expires"] = http_date(upload.expires_at)
    return response


@blp.route(f"/uploads/{ID}", methods=["HEAD"])
@blp.doc(
    parameters=[_TUS_RESUMABLE],
    responses={
        "200": {
            "description": "已收到的字节数 / Bytes received so far; `Photo-Id` once finished",
            "headers": _header_doc("Upload-Offset", "Upload-Length", "Photo-Id"),
        },
        "404": {"description": "不存在或已过期 / Unknown or expired"},
        "412": {"description": "tus 版本不支持 / Unsupported tus version"},
    },
)
def get_upload_offset(upload_id: uuid.UUID) -> ViewResult:
    """查询续传位置 / The current offset of an upload."""
    upload = resumable.get_upload(current_user(), upload_id)
    _require_tus_version()
    response = Response(status=200)
    response.headers["Upload-Offset"] = str(resumable.current_offset(upload))
    response.headers["Upload-Length"] = str(upload.length)
    response.headers["Cache-Control"] = "no-store"
    if upload.meta:
        response.headers["Upload-Metadata"] = _encode_metadata(upload.meta)
    if upload.photo_id is not None:
        response.headers["Photo-Id"] = str(upload.photo_id)
    else:
        response.headers["Upload-Expires"] = http_date(upload.expires_at)
    return response


class _Body:
    """The request body; a dropped connection reads as its end."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self.disconnected = False

    def read(self, size: int) -> bytes:
        if self.disconnected:
            return b""
        try:
            return self._stream.read(size)
        except ClientDisconnected:
            self.disconnected = True
            return b""


@blp.route(f"/uploads/{ID}", methods=["PATCH"])
@blp.doc(
    parameters=[
        _TUS_RESUMABLE,
        {
            "in": "header",
            "name": "Upload-Offset",
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
            "description": "续传位置，须等于已收到的字节数 / Must equal the bytes received (409)",
        },
        {
            "in": "header",
            "name": "Upload-Checksum",
            "required": False,
            "schema": {"type": "string"},
            "description": "`sha1|md5|sha256 <base64 digest>` of this chunk; mismatch: 460",
        },
    ],
    requestBody={
        "required": True,
        "content": {OFFSET_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    },
    responses={
        "204": {
            "description": "已追加 / Appended; the last chunk also names the photo",
            "headers": _header_doc("Upload-Offset", "Photo-Id", "Upload-Expires"),
        },
        "400": {"description": "请求头有误或连接中断 / Bad headers, or the body broke off"},
        "404": {"description": "不存在或已过期 / Unknown or expired"},
        "409": {"description": "位置不符 / Upload-Offset does not match"},
        "412": {"description": "tus 版本不支持 / Unsupported tus version"},
        "413": {"description": "超出长度 / Past Upload-Length, or over the photo limit"},
        "415": {"description": "须为 application/offset+octet-stream，或照片类型不可接受"},
        "422": {"description": "照片损坏或像素过多 / Damaged photo, too many pixels"},
        "460": {"description": "校验和不符 / Checksum mismatch"},
        "503": {
            "description": "解码预算已满，字节保留；按 Retry-After 以空 PATCH 重试 / "
            "Decode budget full; the bytes are kept: send an empty PATCH after Retry-After",
            "headers": _header_doc("Retry-After"),
        },
    },
)
def append_upload_chunk(upload_id: uuid.UUID) -> ViewResult:
    """追加数据；最后一块生成照片 / Append bytes; the last chunk makes the photo."""
    user = current_user()
    resumable.get_upload(user, upload_id)
    _require_tus_version()
    if request.mimetype != OFFSET_CONTENT_TYPE:
        raise UnsupportedMediaType(
            f"Content-Type 须为 {OFFSET_CONTENT_TYPE} / Content-Type must be {OFFSET_CONTENT_TYPE}"
        )
    offset = _int_header("Upload-Offset")
    checksum = _checksum(request.headers.get("Upload-Checksum"))
    request.max_content_length = int(current_app.config["PHOTO_MAX_BYTES"])
    body = _Body(request.stream)
    result = resumable.append(
        user,
        upload_id,
        offset=offset,
        body=body,
        body_length=request.content_length,
        checksum=checksum,
    )
    if result.interrupted or body.disconnected:
        raise BodyBrokeOff(  # what arrived is kept: the offset commits although this is 400
            f"连接中断，已保存 {result.offset} 字节，请从此续传 / The body broke off; "
            f"resume at offset {result.offset}",
            {"offset": [str(result.offset)]},
        )
    response = Response(status=204)
    response.headers["Upload-Offset"] = str(result.offset)
    if result.photo_id is not None:
        response.headers["Photo-Id"] = str(result.photo_id)
    else:
        response.headers["Upload-Expires"] = http_date(result.upload.expires_at)
    return response
