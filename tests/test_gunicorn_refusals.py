"""Requests gunicorn refuses before the app runs (oversized headers or request lines,
garbage) answer the API's JSON error, not gunicorn's HTML page: the repository's
``gunicorn.conf.py`` serves with ``api.gunicorn_worker.JSONErrorWorker``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspect_app import create_app
from inspect_app.extensions import db

# slow: a real gunicorn server.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    """gunicorn started as production starts it: ``-c gunicorn.conf.py wsgi:app``."""
    folder = tmp_path_factory.mktemp("gunicorn")
    url = f"sqlite:///{folder / 'app.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    port = _free_port()
    log = (folder / "gunicorn.log").open("wb")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "STORAGE_URL": str(folder / "storage"),
        "SECRET_KEY": "test-only",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "1"]
    process = subprocess.Popen(
        [*command, "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError as refused:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.close()
                raise RuntimeError((folder / "gunicorn.log").read_text()) from refused
            time.sleep(0.1)
    try:
        yield port
    finally:
        # gunicorn takes seconds to stop gracefully, longer on a busy machine: wait for
        # it, and kill it rather than leave it running when it does not stop in time.
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in header_lines)
    }
    return int(status_line.split()[1]), headers, body


def _get(path: str, *headers: str) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (_get("/api/v1/healthz", "X-Padding: " + "a" * 10_000), 431),
        (_get("/api/v1/healthz", *(f"X-H{i}: v" for i in range(150))), 431),
        (_get("/api/v1/me?q=" + "a" * 10_000), 414),
        (b"NOT A REQUEST\r\n\r\n", 400),
    ],
    ids=["10KB-header", "150-headers", "10KB-request-line", "garbage"],
)
def test_refusals_before_the_app_answer_json(gunicorn_server, request_bytes, status):
    answered, headers, body = _raw(gunicorn_server, request_bytes)
    assert answered == status
    assert headers["content-type"] == "application/json"
    error = json.loads(body)
    assert error["code"] == status
    assert " / " in error["message"] and error["status"]


def test_ordinary_requests_still_reach_the_app(gunicorn_server):
    answered, _, body = _raw(gunicorn_server, _get("/api/v1/healthz"))
    assert answered == 200 and json.loads(body)["status"] == "ok"
