"""Host the jobs in APScheduler 3, in a process of its own (``flask scheduler run``).

Not inside web workers: each gunicorn worker would run every job once more. The process
runs at a lower CPU priority than the web (``SCHEDULER_NICE``): a job that decodes a 200 MP
PNG then takes only the CPU the web workers leave idle, instead of a core of their own.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from inspect_app.jobs.lock import JobBusy, run_job
from inspect_app.jobs.registry import JOBS

log = logging.getLogger(__name__)


NICE_RANGE = range(0, 20)


def lower_priority(nice: int) -> int:
    """Raise this process's nice value to ``nice`` (0-19) unless it is already that high;
    returns the value in force. Never raises priority (that needs privileges), so a
    scheduler started under ``nice -n 15`` or systemd's ``Nice=15`` stays at 15.

    Call it before any thread starts: on Linux the nice value belongs to each thread (and
    a new thread takes its creator's), so the call covers the main thread and every thread
    started after it - APScheduler's job threads and the photo workers among them."""
    if nice not in NICE_RANGE:
        raise ValueError(f"SCHEDULER_NICE must be 0-19, not {nice}")
    if not hasattr(os, "setpriority"):  # not a POSIX system: run at the normal priority
        log.warning("cannot lower the scheduler's CPU priority on this system")
        return 0
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if current < nice:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    return os.getpriority(os.PRIO_PROCESS, 0)


def _runner(app: Flask, name: str) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            try:
                result = run_job(name)
                log.info("job %s done: %s", name, result)
            except JobBusy:
                log.info("job %s skipped: running elsewhere", name)

    return run


def build_scheduler(app: Flask) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=app.config["TZ_NAME"])
    for name, job in JOBS.items():
        scheduler.add_job(
            _runner(app, name),
            id=name,
            name=job.description or name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=600,
            **job.trigger,
        )
    return scheduler
