"""Real servers for the tests that need them: a free port, waiting for a port to answer,
and a database of their own (a SQLite file, or a fresh schema on PostgreSQL)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.conftest import ON_POSTGRES, POSTGRES_URL

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError as refused:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nothing on port {port}:\n{log.read_text()[-4000:]}") from (
                    refused
                )
            time.sleep(0.2)


@contextmanager
def own_database(folder: Path):
    """A ``DATABASE_URL`` nobody else uses: a SQLite file, or on PostgreSQL (``DATABASE_URL``
    of the test run) a schema of its own, dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite:///{folder / 'serve.sqlite3'}"
        return
    schema = f"serve_{os.getpid()}_{secrets.token_hex(3)}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def wait_until_healthy(base: str, process: subprocess.Popen, log: Path, seconds: float = 180):
    """Workers load the app after the port opens (slowly on a busy machine): wait for the
    health check itself to answer 200."""
    import requests

    deadline = time.monotonic() + seconds
    while True:
        try:
            if requests.get(f"{base}/api/v1/healthz", timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{base} never healthy:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)


def stop_group(process: subprocess.Popen, seconds: float = 90) -> None:
    """SIGTERM to the process group (as systemd or Ctrl-C would), then wait until nothing
    of it is left; SIGKILL past ``seconds``. Raises if the group had to be killed."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + seconds
    while group_alive(process.pid):
        process.poll()  # reap the leader, or it stays a zombie of the group
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            raise RuntimeError("the server's processes did not stop on SIGTERM")
        time.sleep(0.2)
    process.wait(timeout=5)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True
