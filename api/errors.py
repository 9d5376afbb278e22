"""One error envelope for everything: domain errors, HTTP errors and integrity conflicts."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy.exc import IntegrityError
from werkzeug.http import HTTP_STATUS_CODES

from inspect_app import errors as domain
from inspect_app import unit_of_work

STATUS_OF = {
    domain.Unauthorized: 401,
    domain.Forbidden: 403,
    domain.NotFound: 404,
    domain.Conflict: 409,
    domain.PreconditionFailed: 412,
    domain.InvalidInput: 422,
    domain.PayloadTooLarge: 413,
    domain.UnsupportedMediaType: 415,
    domain.ChecksumMismatch: 460,  # tus checksum extension
    domain.TooManyAttempts: 429,
    domain.ServiceBusy: 503,
}

# Chinese first: the default message for HTTP errors raised outside our code.
DEFAULT_MESSAGES = {
    400: "请求格式有误 / Bad request",
    401: "请先登录 / Authentication required",
    403: "无权访问 / Forbidden",
    404: "未找到 / Not found",
    405: "不支持该请求方法 / Method not allowed",
    406: "无法提供所请求的格式 / Not acceptable",
    409: "与当前状态冲突 / Conflict",
    411: "缺少请求长度 / Length required",
    412: "前提条件不满足 / Precondition failed",
    413: "请求内容过大 / Request body too large",
    415: "不支持的内容类型 / Unsupported media type",
    422: "输入有误 / Invalid input",
    428: "缺少前提条件 / Precondition required",
    429: "请求过于频繁 / Too many requests",
    500: "服务器内部错误 / Internal server error",
    503: "服务繁忙，请稍后重试 / Service unavailable, try again shortly",
}


# Statuses outside the IANA registry that we answer with (tus checksum extension).
EXTRA_STATUS_NAMES = {460: "Checksum Mismatch"}


def envelope(
    code: int, message: str, errors: dict | None = None, status: str | None = None
) -> dict[str, Any]:
    payload = {
        "code": code,
        "status": status or HTTP_STATUS_CODES.get(code) or EXTRA_STATUS_NAMES.get(code, "Error"),
        "message": message,
    }
    if errors:
        payload["errors"] = errors
    return payload


def register(app: Flask) -> None:
    # No rollback here: the unit of work rolls back every 4xx answer, but for an error
    # marked commit_anyway, which it is told of here.
    def handle_domain_error(
        error: domain.DomainError,
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        unit_of_work.answered_with(error)
        code = STATUS_OF.get(type(error), 400)
        headers = {}
        if code == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="api"'
        if isinstance(error, domain.TooManyAttempts | domain.ServiceBusy):
            headers["Retry-After"] = str(error.retry_after)
        return envelope(code, error.message, error.errors), code, headers

    def handle_integrity_error(error: IntegrityError) -> tuple[dict[str, Any], int]:
        return envelope(409, "与已有记录冲突 / Conflicts with an existing record"), 409

    app.register_error_handler(domain.DomainError, handle_domain_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
