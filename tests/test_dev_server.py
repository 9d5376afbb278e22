"""No orphan scheduler: when `make run`'s server script is killed outright (SIGKILL, the
OOM killer), the scheduler it started stops within seconds instead of running on in its
own process group against the database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLASK = Path(sys.executable).with_name("flask")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces; split after its ")".
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


def test_the_scheduler_stops_when_the_server_script_is_killed(tmp_path):
    env = {
        **os.environ,
        "FLASK": str(FLASK),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "INSTANCE_PATH": str(tmp_path),
        "STORAGE_URL": str(tmp_path / "photos"),
        "AUDIT_KEY_PATH": str(tmp_path / "audit.pem"),
    }
    output = tmp_path / "output"
    with output.open("wb") as sink:
        script = subprocess.Popen(
            [str(ROOT / "scripts" / "dev-server"), "127.0.0.1", str(_free_port())],
            cwd=ROOT,
            env={**env, "PYTHONUNBUFFERED": "1"},
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: nothing of the test's is touched
        )
    started: list[int] = []
    try:

        def all_started():
            children = _children(script.pid)
            scheduler = [p for p in children if "scheduler run" in _cmdline(p)]
            worker = [p for p in children if "worker run" in _cmdline(p)]
            server = [p for p in children if " run --host" in _cmdline(p)]
            if scheduler and worker and server:
                return scheduler[0], worker[0], server[0]
            return None

        started_three = _wait_for(all_started, 60)
        assert started_three, "the script started the server, the scheduler and a worker"
        scheduler, worker, server = started_three
        started = [scheduler, worker, server]
        # Past their start-up (the app imported, the parent watch in place): they say so.
        assert _wait_for(lambda: b"scheduler:" in output.read_bytes(), 60)
        assert _wait_for(lambda: b"worker:" in output.read_bytes(), 60)
        os.kill(script.pid, signal.SIGKILL)
        script.wait(timeout=5)
        assert _wait_for(lambda: not _alive(scheduler), 10), "the scheduler outlived its script"
        assert _wait_for(lambda: not _alive(worker), 10), "the worker outlived its script"
    finally:
        for pid in started:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if script.poll() is None:
            script.kill()
            script.wait()
