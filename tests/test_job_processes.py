"""Two real scheduler processes never run the same job at once: each claims the job's lock
row with a conditional UPDATE, and the loser is told the job is busy."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import func, select

from inspect_app import create_app
from inspect_app.extensions import db
from inspect_app.models import JobRun

# slow: two real scheduler processes.
pytestmark = pytest.mark.slow

WORKER = textwrap.dedent(
    """
    import sys, time
    from inspect_app import create_app
    from inspect_app.jobs import Job
    from inspect_app.jobs.lock import JobBusy, run_job
    from inspect_app.jobs.registry import JOBS

    url, start_at = sys.argv[1], float(sys.argv[2])
    JOBS["slow_probe"] = Job(lambda now: time.sleep(1.5) or "slept")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        while time.time() < start_at:
            time.sleep(0.005)
        try:
            run_job("slow_probe")
            print("ran")
        except JobBusy:
            print("busy")
    """
)


def test_two_processes_never_run_one_job_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    start_at = time.time() + 3
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        outputs.append(out.strip())
    assert sorted(outputs) == ["busy", "ran"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JobRun)) == 1
        db.engine.dispose()
