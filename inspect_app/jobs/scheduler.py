"""Host the jobs in APScheduler 3, in a process of its own (``flask scheduler run``).

Not inside web workers: each gunicorn worker would run every job once more.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from inspect_app.jobs.lock import JobBusy, run_job
from inspect_app.jobs.registry import JOBS

log = logging.getLogger(__name__)


def _runner(app: Flask, name: str):
    def run():
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
