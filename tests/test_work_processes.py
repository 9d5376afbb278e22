"""Real worker processes share the queue on PostgreSQL (``FOR UPDATE SKIP LOCKED``): three
workers, 300 items, one worker SIGKILLed in the middle of an item; every item takes effect
exactly once, and the survivors stop cleanly on SIGTERM."""

from __future__ import annotations

import os
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
from inspect_app.models import JobRun, WorkItem
from tests.conftest import ON_POSTGRES
from tests.servers import own_database

# slow: real processes and a SIGKILL.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ON_POSTGRES, reason="several workers need PostgreSQL's row locks"),
]

ITEMS = 300
LEASE_SECONDS = 3

WORKER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from inspect_app import create_app
    from inspect_app.extensions import db
    from inspect_app.jobs import queue
    from inspect_app.jobs.worker import install_stop, work
    from inspect_app.models import JobRun

    url, busy, lease = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])

    def probe(key, now):
        # the effect, then a while inside the item (its transaction open) before the commit
        db.session.add(JobRun(name="probe", owner=str(os.getpid()), started_at=now,
                              outcome="ok", result=key))
        db.session.flush()
        busy.touch()
        time.sleep(0.01)
        busy.unlink()

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                      "WORK_LEASE_SECONDS": lease, "WORK_POLL_SECONDS": 0.1})
    queue.HANDLERS["probe"] = queue.Handler(probe)
    stop = install_stop()
    print("ready", flush=True)
    taken = work(app, stop.event)
    print(f"stopped after {taken}", flush=True)
    """
)


def test_three_workers_one_killed_every_item_once(tmp_path: Path):
    with own_database(tmp_path) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
        with app.app_context():
            db.create_all()
            queue.HANDLERS["probe"] = queue.Handler(lambda key, now: None)  # to enqueue
            try:
                queue.enqueue("probe", [f"item-{n:03}" for n in range(ITEMS)])
                db.session.commit()
            finally:
                del queue.HANDLERS["probe"]
            db.session.remove()

        workers = []
        for n in range(3):
            busy = tmp_path / f"busy-{n}"
            with (tmp_path / f"worker-{n}.log").open("w") as log:
                process = subprocess.Popen(
                    [sys.executable, "-c", WORKER, url, str(busy), str(LEASE_SECONDS)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            workers.append((process, busy))

        def done() -> int:
            with app.app_context():
                count = db.session.scalar(
                    select(func.count()).select_from(WorkItem).where(WorkItem.status == "done")
                )
                db.session.remove()
                return count or 0

        def logs() -> str:
            return "\n".join(p.read_text() for p in sorted(tmp_path.glob("worker-*.log")))

        try:
            deadline = time.monotonic() + 400  # a loaded shared machine is slow
            while done() < ITEMS // 3:
                assert time.monotonic() < deadline, logs()
                time.sleep(0.05)
            # SIGKILL the first worker while it is inside an item
            victim, busy = workers[0]
            while not busy.exists():
                assert victim.poll() is None and time.monotonic() < deadline, logs()
                time.sleep(0.001)
            victim.send_signal(signal.SIGKILL)
            victim.wait(10)
            while done() < ITEMS:
                assert time.monotonic() < deadline, logs()
                time.sleep(0.2)
            # the survivors stop cleanly on SIGTERM
            for survivor, _ in workers[1:]:
                survivor.send_signal(signal.SIGTERM)
            for survivor, _ in workers[1:]:
                assert survivor.wait(30) == 0, logs()
        finally:
            for process, _ in workers:
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait()

        with app.app_context():
            effects = dict(
                db.session.execute(
                    select(JobRun.result, func.count())
                    .where(JobRun.name == "probe")
                    .group_by(JobRun.result)
                ).all()
            )
            assert effects == {f"item-{n:03}": 1 for n in range(ITEMS)}
            items = db.session.execute(select(WorkItem.status, WorkItem.attempts)).all()
            assert {status for status, _ in items} == {"done"}
            # the item the victim held was taken again once its lease expired
            assert sum(1 for _, attempts in items if attempts == 2) == 1
            owners = set(db.session.scalars(select(JobRun.owner).where(JobRun.name == "probe")))
            assert len(owners) == 3  # all three took items
            db.session.remove()
            db.engine.dispose()
        assert "stopped after" in logs()
