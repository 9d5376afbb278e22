"""Typed domain errors; the HTTP layer maps each to one status code."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. ``message`` is for people (Chinese first); ``errors`` names fields.
    ``commit_anyway``: the unit of work keeps what was written although the request fails
    (a failed login, recorded for throttling); see ``inspect_app/unit_of_work.py``."""

    default_message = "请求无法处理 / The request cannot be processed"

    def __init__(
        self,
        message: str | None = None,
        errors: dict | None = None,
        *,
        commit_anyway: bool = False,
    ) -> None:
        self.message = message or self.default_message
        self.errors = errors
        self.commit_anyway = commit_anyway
        super().__init__(self.message)


class Unauthorized(DomainError):
    default_message = "请先登录或重新登录 / Authentication required"


class Forbidden(DomainError):
    default_message = "无权执行此操作 / You are not allowed to do this"


class NotFound(DomainError):
    default_message = "未找到 / Not found"


class Conflict(DomainError):
    default_message = "与当前状态冲突 / Conflicts with the current state"


class PreconditionFailed(DomainError):
    default_message = "记录已被他人修改，请刷新后重试 / Changed since you last read it"


class InvalidInput(DomainError):
    default_message = "输入有误 / Invalid input"


class PayloadTooLarge(DomainError):
    default_message = "上传内容过大 / The upload is too large"


class UnsupportedMediaType(DomainError):
    default_message = "不支持的文件类型 / Unsupported media type"


class ChecksumMismatch(DomainError):
    """tus checksum extension: the received chunk does not match ``Upload-Checksum``."""

    default_message = "数据校验失败，请重传 / Checksum mismatch, send the chunk again"


class ServiceBusy(DomainError):
    """Not now: try again after ``retry_after`` seconds (503)."""

    default_message = "服务繁忙，请稍后重试 / Busy: try again shortly"

    def __init__(self, retry_after: int, message: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class TooManyAttempts(DomainError):
    default_message = "登录失败次数过多，请稍后再试 / Too many failed logins, try again later"

    def __init__(self, retry_after: int, message: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class BodyBrokeOff(DomainError):
    """A request body ended before its Content-Length (the client went away): 400, and what
    arrived is kept (a resumable upload's offset), hence ``commit_anyway``."""

    default_message = "连接中断 / The body broke off"

    def __init__(self, message: str | None = None, errors: dict | None = None) -> None:
        super().__init__(message, errors, commit_anyway=True)
