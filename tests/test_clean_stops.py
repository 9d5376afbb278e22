"""Clean stops: SIGTERM (systemd's stop, scripts/serve) to a worker in the middle of an
item, or to the scheduler in the middle of a job, lets the work under way finish: the item
marked done once, the job's lock released and its run recorded."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspect_app import create_app
from inspect_app.extensions import db
from inspect_app.jobs import queue
from inspect_app.models import JobLock, JobRun, WorkItem

# slow: real processes stopped with signals.
pytestmark = pytest.mark.slow

PRELUDE = """
import sys, time
from pathlib import Path
from inspect_app import create_app
from inspect_app.extensions import db
from inspect_app.models import JobRun

url, busy = sys.argv[1], Path(sys.argv[2])

def slow(key, now):
    db.session.add(JobRun(name="probe", owner="probe", started_at=now, outcome="ok", result=key))
    db.session.flush()
    busy.touch()
    time.sleep(2)
    return "slept"

app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "WORK_POLL_SECONDS": 0.1})
"""

WORKER = PRELUDE + textwrap.dedent(
    """
    from inspect_app.jobs import queue
    from inspect_app.jobs.worker import install_stop, work
    queue.HANDLERS["probe"] = queue.Handler(slow)
    stop = install_stop()
    print("taken", work(app, stop.event), flush=True)
    """
)

SCHEDULER = PRELUDE + textwrap.dedent(
    """
    from inspect_app.jobs import Job
    from inspect_app.jobs.registry import JOBS
    JOBS.clear()
    JOBS["slow_probe"] = Job(lambda now: slow("job", now), {"trigger": "interval", "seconds": 1})
    result = app.test_cli_runner().invoke(args=["scheduler", "run"])
    print("exit", result.exit_code, result.output, flush=True)
    """
)


def _database(tmp_path: Path) -> tuple[str, object]:
    url = f"sqlite:///{tmp_path / 'stops.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        db.create_all()
    return url, app


def _run_until_busy(script: str, url: str, busy: Path, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", script, url, str(busy)],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    deadline = time.monotonic() + 120
    while not busy.exists():
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.02)
    return process


def test_a_worker_finishes_its_item_on_sigterm(tmp_path):
    url, app = _database(tmp_path)
    with app.app_context():
        queue.HANDLERS["probe"] = queue.Handler(lambda key, now: None)
        try:
            queue.enqueue("probe", ["one", "two"])
            db.session.commit()
        finally:
            del queue.HANDLERS["probe"]
    log = tmp_path / "worker.log"
    worker = _run_until_busy(WORKER, url, tmp_path / "busy", log)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(60) == 0, log.read_text()
    assert "taken 1" in log.read_text()  # the item in hand, and no other after the signal
    with app.app_context():
        statuses = dict(db.session.execute(select(WorkItem.key, WorkItem.status)).all())
        assert statuses == {"one": "done", "two": "queued"}
        effects = db.session.scalar(
            select(func.count()).select_from(JobRun).where(JobRun.name == "probe")
        )
        assert effects == 1
        db.engine.dispose()


def test_the_scheduler_finishes_its_job_and_releases_the_lock_on_sigterm(tmp_path):
    url, app = _database(tmp_path)
    log = tmp_path / "scheduler.log"
    scheduler = _run_until_busy(SCHEDULER, url, tmp_path / "busy", log)
    scheduler.send_signal(signal.SIGTERM)
    assert scheduler.wait(60) == 0, log.read_text()
    with app.app_context():
        lock = db.session.get(JobLock, "slow_probe")
        assert lock is not None and lock.locked_until is None and lock.last_result == "slept"
        (run,) = db.session.scalars(select(JobRun).where(JobRun.name == "slow_probe"))
        assert run.outcome == "ok" and run.finished_at is not None
        db.engine.dispose()
