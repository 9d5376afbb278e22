"""gunicorn's sync worker, answering the requests gunicorn itself refuses in JSON.

gunicorn rejects some requests before the app sees them (a header over
``limit_request_field_size``, a request line over ``limit_request_line``, a malformed
request) and answers them with an HTML page. Phones parse every error as JSON
(``{code, status, message}``), so this worker writes the same refusal in that shape.
Use it with ``gunicorn -c gunicorn.conf.py`` (the repository's ``gunicorn.conf.py``
names the sync or the threaded one, by ``WEB_THREADS``).
"""

from __future__ import annotations

import json
import socket
import time
from http import HTTPStatus
from typing import Any

from gunicorn import util
from gunicorn.http import errors
from gunicorn.workers.gthread import ThreadWorker
from gunicorn.workers.sync import SyncWorker

# What the client got wrong, most specific first: (exception, status, Chinese message).
REFUSALS: tuple[tuple[type[BaseException], HTTPStatus, str], ...] = (
    (errors.LimitRequestHeaders, HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "请求头过大"),
    (errors.LimitRequestLine, HTTPStatus.REQUEST_URI_TOO_LONG, "请求行过长"),
    (errors.UnsupportedTransferCoding, HTTPStatus.NOT_IMPLEMENTED, "不支持的传输编码"),
    (errors.ForbiddenProxyRequest, HTTPStatus.FORBIDDEN, "不允许的代理请求"),
    (errors.ParseException, HTTPStatus.BAD_REQUEST, "请求格式错误"),
)


def refusal_of(exc: BaseException) -> tuple[HTTPStatus, str]:
    """The status and Chinese message for a request gunicorn could not take."""
    for kind, status, message in REFUSALS:
        if isinstance(exc, kind):
            return status, message
    return HTTPStatus.INTERNAL_SERVER_ERROR, "服务器内部错误"


def json_error(status: HTTPStatus, message: str) -> bytes:
    """A complete HTTP/1.1 response carrying the API's JSON error body."""
    body = json.dumps(
        {
            "code": status.value,
            "status": status.phrase,
            "message": f"{message} / {status.phrase}",
        },
        ensure_ascii=False,
    ).encode()
    head = (
        f"HTTP/1.1 {status.value} {status.phrase}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class JSONRefusals:
    """Refusals before the app (and crashes outside it) answer JSON, never HTML."""

    log: Any

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        status, message = refusal_of(exc)
        if status is HTTPStatus.INTERNAL_SERVER_ERROR:
            self.log.exception("Error handling request")
        else:
            self.log.warning("Refused a request from %s: %s", (addr or ("",))[0], exc)
        try:
            util.write_nonblock(client, json_error(status, message))
            linger(client)
        except Exception:
            self.log.debug("Failed to send error message.")


class JSONErrorWorker(JSONRefusals, SyncWorker):
    """The sync worker (one request at a time per process): gunicorn.conf.py's default."""


class JSONErrorThreadWorker(JSONRefusals, ThreadWorker):
    """The threaded worker, for ``WEB_THREADS`` above 1 (gunicorn.conf.py)."""


def linger(client: socket.socket, seconds: float = 0.5, limit: int = 1 << 20) -> None:
    """Read what the client is still sending before the worker closes the socket.

    Closing with unread bytes makes the kernel send a reset, which can destroy the answer
    before the client reads it (a long request line leaves the rest of the request
    unread). Bounded in time and bytes, so a slow client cannot hold the worker."""
    client.shutdown(socket.SHUT_WR)
    deadline = time.monotonic() + seconds
    received = 0
    while received < limit and (left := deadline - time.monotonic()) > 0:
        client.settimeout(left)
        chunk = client.recv(65536)
        if not chunk:
            return
        received += len(chunk)
